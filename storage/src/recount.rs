//! Counting open cases' deadlines again when the working-day calendar changes (a closure
//! day added or removed, a new bank-holiday list): SPEC section 4 keeps each stored deadline
//! with the calendar it was counted with.
//!
//! Only complaints still open are looked at, and only those counted with another calendar;
//! each is recounted in its own transaction (its next deadline, the calendar version, the
//! stage projection and, when the date moved, a timeline entry saying from when to when and
//! why). A case saved by someone else meanwhile is read again. Closed cases never change.

use crate::cases::{CaseId, Who, append_in, project, reference_of, state_of};
use crate::entities::cases;
use crate::{Db, StorageError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::lifecycle::Recount;
use domain::{Calendar, CaseReference};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};

/// The phases of a complaint whose deadlines still run.
pub(crate) const OPEN_COMPLAINT_PHASES: [&str; 4] =
    ["received", "stage1", "stage1_responded", "stage2"];

/// Cases read at a time.
const BATCH: u64 = 500;

/// One case whose next deadline moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub reference: CaseReference,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What a recount did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recounted {
    /// Open complaints counted with another calendar, now counted with this one.
    pub counted: usize,
    pub moved: Vec<Moved>,
}

/// What a change to the calendar would do, before it is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// Open complaints that would be counted again.
    pub counted: usize,
    /// How many of them would have their next deadline moved.
    pub moved: usize,
    /// The first of those (soonest deadline first), at most the number asked for.
    pub first: Vec<Moved>,
}

/// The open complaints counted with another calendar than `calendar`, `BATCH` at a time
/// after the id `after`.
fn counted_with_another(version: &str, after: i32) -> sea_orm::Select<cases::Entity> {
    cases::Entity::find()
        .filter(cases::Column::Id.gt(after))
        .filter(cases::Column::Phase.is_in(OPEN_COMPLAINT_PHASES))
        .filter(
            Condition::any()
                .add(cases::Column::CalendarVersion.is_null())
                .add(cases::Column::CalendarVersion.ne(version)),
        )
        .order_by_asc(cases::Column::Id)
        .limit(BATCH)
}

/// What [`recount`] would do with `calendar`, changing nothing: how many open complaints it
/// would count again, how many deadlines would move, and the `keep` soonest of those.
pub async fn preview(db: &Db, calendar: &Calendar, keep: usize) -> Result<Preview, StorageError> {
    let version = calendar.version().to_string();
    let mut preview = Preview::default();
    let mut moved = Vec::new();
    let mut after = 0;
    loop {
        let rows = counted_with_another(&version, after).all(db.conn()).await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.id;
        for row in rows {
            let case = state_of(&row, calendar)?;
            preview.counted += 1;
            if let Recount::Moved(_) = case.recount(row.next_due, calendar, "") {
                moved.push(Moved {
                    reference: reference_of(&row)?,
                    from: row.next_due,
                    to: case.next_due(calendar),
                });
            }
        }
    }
    preview.moved = moved.len();
    moved.sort_by_key(|m| (m.from.or(m.to), m.reference.to_string()));
    moved.truncate(keep);
    preview.first = moved;
    Ok(preview)
}

/// Counts again, with `calendar`, every open complaint counted with another calendar.
/// `why` says what changed, in words that finish "The next deadline moved … because …".
pub async fn recount(
    db: &Db,
    calendar: &Calendar,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Recounted, StorageError> {
    let version = calendar.version().to_string();
    let mut done = Recounted::default();
    let mut after = 0;
    loop {
        let ids: Vec<i32> = counted_with_another(&version, after)
            .select_only()
            .column(cases::Column::Id)
            .into_tuple()
            .all(db.conn())
            .await?;
        let Some(&last) = ids.last() else {
            break;
        };
        after = last;
        for id in ids {
            if let Some(moved) = recount_one(db, CaseId(id), calendar, &version, why, now).await? {
                done.moved.push(moved);
            }
            done.counted += 1;
        }
    }
    Ok(done)
}

/// Recounts one case, reading it again if someone saved it in between.
async fn recount_one(
    db: &Db,
    id: CaseId,
    calendar: &Calendar,
    version: &str,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Option<Moved>, StorageError> {
    loop {
        let txn = db.conn().begin().await?;
        let Some(row) = cases::Entity::find_by_id(id.0).one(&txn).await? else {
            return Ok(None);
        };
        let case = state_of(&row, calendar)?;
        let recount = case.recount(row.next_due, calendar, why);
        if recount == Recount::Closed {
            return Ok(None);
        }
        let update = Query::update()
            .table(cases::Entity)
            .values([
                (cases::Column::NextDue, case.next_due(calendar).into()),
                (
                    cases::Column::NextStep,
                    crate::cases::next_step(&case, calendar).into(),
                ),
                (cases::Column::CalendarVersion, Some(version).into()),
                (
                    cases::Column::Version,
                    Expr::col(cases::Column::Version).add(1),
                ),
            ])
            .and_where(cases::Column::Id.eq(id.0))
            .and_where(cases::Column::Version.eq(row.version))
            .to_owned();
        if txn.execute(&update).await?.rows_affected() == 0 {
            // Saved by someone else since it was read: read it again.
            txn.rollback().await?;
            continue;
        }
        project(&txn, id, &case, calendar).await?;
        let moved = match &recount {
            Recount::Moved(item) => {
                append_in(&txn, id, &Who::system(), item, now).await?;
                Some(Moved {
                    reference: reference_of(&row)?,
                    from: row.next_due,
                    to: case.next_due(calendar),
                })
            }
            _ => None,
        };
        txn.commit().await?;
        return Ok(moved);
    }
}
