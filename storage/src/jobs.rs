//! Long tasks as rows (migration `m0038_jobs`): the server running a job writes where it
//! has got to, with a heartbeat, and any server reads it. A job still marked running whose
//! heartbeat is older than [`ABANDONED_AFTER`] lost its server (a crash, a deploy): it is
//! shown as failed at once and marked so by the next sweep on any server. Its work was one
//! transaction, which the database rolled back when the connection went.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use serde::{Serialize, de::DeserializeOwned};

use crate::codes::{from_json, to_json};
use crate::entities::jobs;
use crate::{Db, StorageError};

/// How often a running job's server writes its progress and heartbeat.
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(1);

/// A running job silent this long lost its server.
pub fn abandoned_after() -> Duration {
    Duration::seconds(ABANDONED_AFTER_SECONDS)
}
pub const ABANDONED_AFTER_SECONDS: i64 = 30;

/// A new job's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub started_by: i32,
    pub file_name: &'a str,
    pub dry_run: bool,
    pub bytes_total: u64,
}

/// A job as stored, its state read back as `T`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job<T> {
    pub id: i32,
    pub started_by: i32,
    pub file_name: String,
    pub dry_run: bool,
    pub bytes_total: u64,
    pub state: T,
    pub running: bool,
    pub heartbeat_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl<T> Job<T> {
    /// Marked running, but its server has been silent too long.
    pub fn abandoned(&self, now: DateTime<Utc>) -> bool {
        self.running && now - self.heartbeat_at > abandoned_after()
    }
}

/// Records a job in `state`, running; returns its id.
pub async fn start<T: Serialize>(
    db: &Db,
    job: &NewJob<'_>,
    state: &T,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    let row = jobs::ActiveModel {
        id: NotSet,
        kind: Set(job.kind.to_owned()),
        started_by: Set(job.started_by),
        file_name: Set(job.file_name.to_owned()),
        dry_run: Set(job.dry_run),
        bytes_total: Set(i64::try_from(job.bytes_total).unwrap_or(i64::MAX)),
        state: Set(to_json(state)),
        running: Set(true),
        started_at: Set(now),
        heartbeat_at: Set(now),
        finished_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    Ok(row.id)
}

/// Writes where a running job has got to, and its heartbeat. A job already finished (or
/// marked abandoned) is left alone.
pub async fn progress<T: Serialize>(
    db: &Db,
    id: i32,
    state: &T,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    jobs::Entity::update_many()
        .col_expr(jobs::Column::State, Expr::value(to_json(state)))
        .col_expr(jobs::Column::HeartbeatAt, Expr::value(now))
        .filter(jobs::Column::Id.eq(id))
        .filter(jobs::Column::Running.eq(true))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Records how a job ended.
pub async fn finish<T: Serialize>(
    db: &Db,
    id: i32,
    state: &T,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    jobs::Entity::update_many()
        .col_expr(jobs::Column::State, Expr::value(to_json(state)))
        .col_expr(jobs::Column::Running, Expr::value(false))
        .col_expr(jobs::Column::HeartbeatAt, Expr::value(now))
        .col_expr(jobs::Column::FinishedAt, Expr::value(Some(now)))
        .filter(jobs::Column::Id.eq(id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Job `id` of `kind`, if `started_by` started it (anyone else is told it does not exist).
pub async fn find<T: DeserializeOwned>(
    db: &Db,
    kind: &str,
    id: i32,
    started_by: i32,
) -> Result<Option<Job<T>>, StorageError> {
    let Some(row) = jobs::Entity::find_by_id(id)
        .filter(jobs::Column::Kind.eq(kind))
        .filter(jobs::Column::StartedBy.eq(started_by))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Job {
        id: row.id,
        started_by: row.started_by,
        file_name: row.file_name,
        dry_run: row.dry_run,
        bytes_total: u64::try_from(row.bytes_total).unwrap_or_default(),
        state: from_json(&row.state)?,
        running: row.running,
        heartbeat_at: row.heartbeat_at,
        finished_at: row.finished_at,
    }))
}

/// Marks every running job whose server has been silent too long as ended in `failed`
/// (the caller's "failed" state); returns how many. Safe on several servers at once.
pub async fn fail_abandoned<T: Serialize>(
    db: &Db,
    failed: &T,
    now: DateTime<Utc>,
) -> Result<u64, StorageError> {
    let result = jobs::Entity::update_many()
        .col_expr(jobs::Column::State, Expr::value(to_json(failed)))
        .col_expr(jobs::Column::Running, Expr::value(false))
        .col_expr(jobs::Column::FinishedAt, Expr::value(Some(now)))
        .filter(jobs::Column::Running.eq(true))
        .filter(jobs::Column::HeartbeatAt.lt(now - abandoned_after()))
        .exec(db.conn())
        .await?;
    Ok(result.rows_affected)
}
