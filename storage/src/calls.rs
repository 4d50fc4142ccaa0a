//! Calls to make: when a letter goes to a customer who asked to be phoned instead of
//! written to (or chose the phone), a call to go through it waits on the stage owner's work
//! queue, written in the same transaction as the letter. Recording the call closes it and
//! notes it on the case's timeline, together.

use crate::cases::{CaseId, Who, append_in};
use crate::entities::{call_tasks, cases};
use crate::{Db, StorageError};
use chrono::{DateTime, Utc};
use domain::{CaseReference, TimelineItem};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};

/// Who a call waits with: the stage's owner (the handler or reviewer), else whoever took
/// the step; `None` (an integration's step on a case with no owner yet) waits with those
/// who make unowned calls ([`Whose::AlsoUnowned`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallFor {
    pub owner: Option<i32>,
}

/// A call still to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallDue {
    pub id: i32,
    pub case_id: CaseId,
    pub reference: CaseReference,
    /// The letter to go through.
    pub subject: String,
    pub since: DateTime<Utc>,
    /// It waits with nobody in particular.
    pub unowned: bool,
}

/// Whose calls a member of staff sees and makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// Their own.
    Own(i32),
    /// Their own and those that wait with nobody.
    AlsoUnowned(i32),
}

impl Whose {
    fn account(self) -> i32 {
        match self {
            Self::Own(id) | Self::AlsoUnowned(id) => id,
        }
    }

    fn condition(self) -> sea_orm::Condition {
        let own = call_tasks::Column::OwnerId.eq(self.account());
        match self {
            Self::Own(_) => sea_orm::Condition::all().add(own),
            Self::AlsoUnowned(_) => sea_orm::Condition::any()
                .add(own)
                .add(call_tasks::Column::OwnerId.is_null()),
        }
    }
}

/// Adds the call for the letter `letter_id`, inside the letter's transaction.
pub(crate) async fn add_in(
    conn: &impl ConnectionTrait,
    case_id: CaseId,
    letter_id: i32,
    subject: &str,
    call: CallFor,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    call_tasks::ActiveModel {
        id: NotSet,
        case_id: Set(case_id.0),
        letter_id: Set(letter_id),
        subject: Set(subject.to_owned()),
        owner_id: Set(call.owner),
        created_at: Set(now),
        done_at: Set(None),
        done_by: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The calls `whose` still has to make, oldest first (at most `limit`).
pub async fn due_for(db: &Db, whose: Whose, limit: u64) -> Result<Vec<CallDue>, StorageError> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(i32, i32, String, DateTime<Utc>, Option<i32>, i16, i32)> =
        call_tasks::Entity::find()
            .select_only()
            .column(call_tasks::Column::Id)
            .column(call_tasks::Column::CaseId)
            .column(call_tasks::Column::Subject)
            .column(call_tasks::Column::CreatedAt)
            .column(call_tasks::Column::OwnerId)
            .column_as(
                Expr::col((cases::Entity, cases::Column::ReferenceYear)),
                "reference_year",
            )
            .column_as(
                Expr::col((cases::Entity, cases::Column::ReferenceNumber)),
                "reference_number",
            )
            .join(
                sea_orm::JoinType::InnerJoin,
                call_tasks::Entity::belongs_to(cases::Entity)
                    .from(call_tasks::Column::CaseId)
                    .to(cases::Column::Id)
                    .into(),
            )
            .filter(whose.condition())
            .filter(call_tasks::Column::DoneAt.is_null())
            .order_by_asc(call_tasks::Column::CreatedAt)
            .order_by_asc(call_tasks::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(db.conn())
            .await?;
    rows.into_iter()
        .map(|(id, case_id, subject, since, owner, year, number)| {
            Ok(CallDue {
                id,
                case_id: CaseId(case_id),
                reference: crate::cases::case_reference(year, number)?,
                subject,
                since,
                unowned: owner.is_none(),
            })
        })
        .collect()
}

/// Records that `whose` made call `id`: closes it and notes it on the case, together.
/// [`StorageError::NotFound`] when it is not one of theirs or already made.
pub async fn made(
    db: &Db,
    id: i32,
    whose: Whose,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<CaseReference, StorageError> {
    let owner = whose.account();
    let txn = db.conn().begin().await?;
    let Some(task) = call_tasks::Entity::find_by_id(id)
        .filter(whose.condition())
        .filter(call_tasks::Column::DoneAt.is_null())
        .one(&txn)
        .await?
    else {
        return Err(StorageError::NotFound);
    };
    let close = Query::update()
        .table(call_tasks::Entity)
        .value(call_tasks::Column::DoneAt, Some(now))
        .value(call_tasks::Column::DoneBy, Some(owner))
        .and_where(call_tasks::Column::Id.eq(id))
        .and_where(call_tasks::Column::DoneAt.is_null())
        .to_owned();
    if txn.execute(&close).await?.rows_affected() == 0 {
        return Err(StorageError::NotFound);
    }
    let case_id = CaseId(task.case_id);
    let note = TimelineItem::Note {
        text: format!(
            "Phoned the customer and went through the letter “{}”.",
            task.subject
        ),
    };
    append_in(&txn, case_id, who, &note, now).await?;
    let case = cases::Entity::find_by_id(task.case_id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let reference = crate::cases::reference_of(&case)?;
    txn.commit().await?;
    Ok(reference)
}
