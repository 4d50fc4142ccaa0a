//! A case's priority, set by staff who triage cases, with the reason it changed.

use domain::access::Action;
use domain::triage::{Priority, PriorityChange};

use crate::cases::Reached;
use crate::{Caller, Context, ServiceError};

/// The case as it stands, with its whole timeline (where each change of priority and its
/// reason is recorded), for whoever may set its priority.
pub async fn priority(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<
    (
        storage::cases::StoredCase,
        Vec<storage::cases::TimelineEntry>,
    ),
    ServiceError,
> {
    caller.may(case.relation(), Action::SetPriority)?;
    let stored = storage::cases::load(ctx.db, case.id(), ctx.calendar).await?;
    let entries = storage::cases::timeline(ctx.db, case.id(), false).await?;
    Ok((stored, entries))
}

/// Changes the case's priority from `from` (what the page showed: if it changed since,
/// nothing is written) to the priority typed, with the reason; every problem at once.
pub async fn set_priority(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    from: Priority,
    priority: &str,
    reason: &str,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::SetPriority)?;
    let change = PriorityChange::decide(priority, reason, from)?;
    storage::cases::set_priority(ctx.db, case.id(), from, &change, &caller.who(), ctx.now).await?;
    tracing::info!(by = %caller, case = case.id().0, "priority set");
    Ok(())
}
