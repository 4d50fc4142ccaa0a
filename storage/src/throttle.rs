//! Shared counters for rate limits (migration m0015): how often a bucket (a client's
//! address and what it did, or everyone together) was hit within a fixed window of time.
//! Counting is one statement (insert, or add one, and read the new count back), so parallel
//! requests on any number of app servers each get their own count and none is lost.

use chrono::{DateTime, Duration, DurationRound, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};

use crate::entities::throttle_counts::{self, Column};
use crate::{Db, StorageError};

/// A fixed window: its length, and the start of the one `now` falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window(pub Duration);

impl Window {
    pub fn start(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.duration_trunc(self.0).unwrap_or(now)
    }

    /// Seconds until the window `now` falls in ends (at least one).
    pub fn seconds_left(self, now: DateTime<Utc>) -> i64 {
        std::cmp::max(((self.start(now) + self.0) - now).num_seconds(), 1)
    }
}

/// Counts one more hit on `bucket` in the window `now` falls in; answers the count with it.
pub async fn hit(
    db: &Db,
    bucket: &str,
    window: Window,
    now: DateTime<Utc>,
) -> Result<u32, StorageError> {
    let bucket: String = bucket.chars().take(120).collect();
    let statement = Query::insert()
        .into_table(throttle_counts::Entity)
        .columns([Column::Bucket, Column::WindowStart, Column::Hits])
        .values_panic([bucket.into(), window.start(now).into(), 1.into()])
        .on_conflict(
            OnConflict::columns([Column::Bucket, Column::WindowStart])
                .value(
                    Column::Hits,
                    Expr::col((throttle_counts::Entity, Column::Hits)).add(1),
                )
                .to_owned(),
        )
        .returning_col(Column::Hits)
        .to_owned();
    let row = db
        .conn()
        .query_one(&statement)
        .await?
        .ok_or_else(|| StorageError::Database(sea_orm::DbErr::RecordNotInserted))?;
    Ok(u32::try_from(row.try_get_by_index::<i32>(0)?).unwrap_or(0))
}

/// Takes back one hit on `bucket` in the window `now` falls in (an attempt that turned out
/// well, so the count keeps only the others). Never below zero.
pub async fn undo(
    db: &Db,
    bucket: &str,
    window: Window,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let bucket: String = bucket.chars().take(120).collect();
    throttle_counts::Entity::update_many()
        .col_expr(
            Column::Hits,
            Expr::col((throttle_counts::Entity, Column::Hits)).sub(1),
        )
        .filter(Column::Bucket.eq(bucket))
        .filter(Column::WindowStart.eq(window.start(now)))
        .filter(Column::Hits.gt(0))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// The hits on `bucket` so far in the window `now` falls in, without adding one.
pub async fn count(
    db: &Db,
    bucket: &str,
    window: Window,
    now: DateTime<Utc>,
) -> Result<u32, StorageError> {
    use sea_orm::QuerySelect;
    let bucket: String = bucket.chars().take(120).collect();
    let hits: Option<i32> = throttle_counts::Entity::find()
        .select_only()
        .column(Column::Hits)
        .filter(Column::Bucket.eq(bucket))
        .filter(Column::WindowStart.eq(window.start(now)))
        .into_tuple()
        .one(db.conn())
        .await?;
    Ok(hits.map_or(0, |h| u32::try_from(h).unwrap_or(0)))
}

/// Removes the counts of windows that started before `before`.
pub async fn purge(db: &Db, before: DateTime<Utc>) -> Result<u64, StorageError> {
    Ok(throttle_counts::Entity::delete_many()
        .filter(Column::WindowStart.lt(before))
        .exec(db.conn())
        .await?
        .rows_affected)
}
