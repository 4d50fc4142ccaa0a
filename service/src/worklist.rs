//! The work queue: the open cases a member of staff works from, filtered, counted and a
//! page at a time (`storage::worklist` keeps the work proportional to what is shown).

use chrono::NaiveDate;
use domain::access::{Action, CaseRelation};
use storage::worklist::{QueueStage, Scope, StaffName, Tally, Worklist, WorklistFilter};

use crate::{Caller, Context, ServiceError};

/// One page of the queue, its counts and the choices its filters offer.
#[derive(Debug, Clone)]
pub struct Queue {
    pub list: Worklist,
    pub tally: Tally,
    pub by_stage: Vec<(QueueStage, u64)>,
    /// Everyone who has a case, to filter by handler.
    pub handlers: Vec<StaffName>,
    /// The root causes in use, by id and name, to filter by.
    pub categories: Vec<(i32, String)>,
    /// Whether anyone reports to the caller (their team's cases are then a choice).
    pub manages: bool,
}

/// The queue `filter` picks for the caller, counted for `today` and the week
/// (`week`: its Monday and Sunday). "Mine" and "My team" are always the caller's own,
/// whoever the filter names.
pub async fn queue(
    ctx: Context<'_>,
    caller: &Caller,
    mut filter: WorklistFilter,
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<Queue, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::UseWorkQueue)?;
    let me = caller.account_id()?;
    filter.scope = match filter.scope {
        Scope::Mine(_) => Scope::Mine(me),
        Scope::Team(_) => Scope::Team(me),
        other => other,
    };
    let storage::worklist::Page {
        list,
        tally,
        by_stage,
    } = storage::worklist::page(ctx.db, &filter, ctx.calendar, today, week).await?;
    let storage::worklist::Choices {
        handlers,
        categories,
        manages,
    } = storage::worklist::choices(ctx.db, me).await?;
    Ok(Queue {
        list,
        tally,
        by_stage,
        handlers,
        categories,
        manages,
    })
}
