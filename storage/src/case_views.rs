//! Who looked at a case's personal data (migration m0017): every view of a case by staff or
//! an involved customer, for the complaints manager to read. Views by one person of the
//! same thing within [`COALESCE_MINUTES`] minutes are kept as one, so a page that asks the
//! server several times, or a reload, is one line.

use chrono::{DateTime, Duration, Utc};
use domain::Role;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::cases::CaseId;
use crate::entities::case_views;
use crate::{Db, StorageError};

/// Views of the same thing by the same person within this many minutes are one.
pub const COALESCE_MINUTES: i64 = 10;

/// What was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewed {
    /// The staff case page: the whole record.
    CaseRecord,
    /// The redacted review file (an involved customer, or staff previewing it).
    RedactedReview,
    /// A file added to the case.
    File,
    /// A letter on the case.
    Letter,
}

impl Viewed {
    pub const ALL: [Viewed; 4] = [
        Viewed::CaseRecord,
        Viewed::RedactedReview,
        Viewed::File,
        Viewed::Letter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Viewed::CaseRecord => "case_record",
            Viewed::RedactedReview => "redacted_review",
            Viewed::File => "file",
            Viewed::Letter => "letter",
        }
    }

    /// In words, for the complaints manager's list.
    pub fn label(self) -> &'static str {
        match self {
            Viewed::CaseRecord => "The case record",
            Viewed::RedactedReview => "The redacted review",
            Viewed::File => "A file",
            Viewed::Letter => "A letter",
        }
    }
}

/// One view, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseView {
    pub at: DateTime<Utc>,
    pub user_id: i32,
    pub role: Option<Role>,
    pub what: Option<Viewed>,
}

/// Records that `user_id`, in `role`, opened `what` of the case at `now`, unless they
/// opened the same in the last [`COALESCE_MINUTES`] minutes.
pub async fn record(
    db: &Db,
    case_id: CaseId,
    user_id: i32,
    role: Role,
    what: Viewed,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    use case_views::Column;
    // One statement: the view is added unless one like it is in the window.
    let recent = Query::select()
        .expr(Expr::val(1))
        .from(case_views::Entity)
        .and_where(Column::CaseId.eq(case_id.0))
        .and_where(Column::UserId.eq(user_id))
        .and_where(Column::What.eq(what.as_str()))
        .and_where(Column::At.gt(now - Duration::minutes(COALESCE_MINUTES)))
        .to_owned();
    let view = Query::select()
        .exprs([
            Expr::val(case_id.0),
            Expr::val(user_id),
            Expr::val(role.as_str()),
            Expr::val(what.as_str()),
            Expr::val(now),
        ])
        .and_where(Expr::exists(recent).not())
        .to_owned();
    let insert = Query::insert()
        .into_table(case_views::Entity)
        .columns([
            Column::CaseId,
            Column::UserId,
            Column::Role,
            Column::What,
            Column::At,
        ])
        .select_from(view)
        .map_err(|e| StorageError::Database(sea_orm::DbErr::Custom(e.to_string())))?
        .to_owned();
    db.conn().execute(&insert).await?;
    Ok(())
}

/// The case's views, newest first, at most `limit`.
pub async fn for_case(db: &Db, case_id: CaseId, limit: u64) -> Result<Vec<CaseView>, StorageError> {
    Ok(case_views::Entity::find()
        .filter(case_views::Column::CaseId.eq(case_id.0))
        .order_by_desc(case_views::Column::At)
        .order_by_desc(case_views::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| CaseView {
            at: row.at,
            user_id: row.user_id,
            role: Role::ALL.into_iter().find(|r| r.as_str() == row.role),
            what: Viewed::ALL.into_iter().find(|w| w.as_str() == row.what),
        })
        .collect())
}
