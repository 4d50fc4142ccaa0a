//! The queue's counts read from `queue_tally`, the counts the database keeps as cases change
//! (migration `m0022`): a few hundred rows, whatever the history.

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

use super::{QueueStage, Scope, Tally, WorklistFilter};
use crate::{Db, StorageError};

/// One phase's counts.
pub(super) struct PhaseTally {
    pub phase: String,
    pub tally: Tally,
}

fn col(name: &str) -> Expr {
    Expr::col(Alias::new(name))
}

/// The counts of the open cases `filter` picks, by phase, whatever its stage and due-date
/// choice; `today` and the week as [`super::tally`] takes them. Only for a filter
/// [`super::tallied`] accepts.
pub(super) async fn read(
    db: &Db,
    filter: &WorklistFilter,
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<Vec<PhaseTally>, StorageError> {
    let mut select = Query::select();
    select
        .from(Alias::new("queue_tally"))
        .expr_as(col("phase"), "phase")
        .group_by_col(Alias::new("phase"));
    super::query::tally_columns(
        &mut select,
        || col("n"),
        || col("next_due"),
        || col("next_step"),
        today,
        week,
    );
    if filter.scope == Scope::Unassigned {
        select.and_where(col("assigned").eq(false));
    }
    if let Some(kind) = filter.kind {
        select.and_where(col("kind").eq(crate::codes::to_code(&kind)));
    }
    let mut phases = Vec::new();
    for row in db.conn().query_all(&select).await? {
        phases.push(PhaseTally {
            phase: row.try_get("", "phase")?,
            tally: super::query::tally_of(&row)?,
        });
    }
    Ok(phases)
}

/// The counts of the phases `stage` picks (every phase without one).
pub(super) fn tally(phases: &[PhaseTally], stage: Option<QueueStage>) -> Tally {
    phases
        .iter()
        .filter(|p| stage.is_none_or(|s| s.phase() == p.phase))
        .fold(Tally::default(), |sum, p| Tally {
            total: sum.total + p.tally.total,
            overdue: sum.overdue + p.tally.overdue,
            due_today: sum.due_today + p.tally.due_today,
            due_this_week: sum.due_this_week + p.tally.due_this_week,
            to_contact: sum.to_contact + p.tally.to_contact,
            to_acknowledge: sum.to_acknowledge + p.tally.to_acknowledge,
            to_respond: sum.to_respond + p.tally.to_respond,
        })
}

/// How many cases wait at each queue stage, as [`super::stage_counts`] says it.
pub(super) fn stage_counts(phases: &[PhaseTally]) -> Vec<(QueueStage, u64)> {
    let mut counts: Vec<(QueueStage, u64)> = phases
        .iter()
        .filter(|p| p.tally.total > 0)
        .filter_map(|p| QueueStage::of_phase(&p.phase).map(|s| (s, p.tally.total)))
        .collect();
    counts.sort();
    counts
}
