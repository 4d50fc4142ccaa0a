//! One case's place in the retention schedule, and the legal hold that keeps it past its
//! date (SPEC section 12): read and changed by those who may hold cases.

use domain::access::Action;
use domain::retention::RetentionSchedule;
use storage::retention::Standing;

use crate::cases::Reached;
use crate::{Caller, Context, ServiceError};

/// Where the case stands, under the schedule in force, and who placed its hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStanding {
    pub schedule: RetentionSchedule,
    pub standing: Standing,
    /// The name of whoever placed the hold, when an account did.
    pub held_by: Option<String>,
}

/// The case's place in the schedule.
pub async fn standing(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<CaseStanding, ServiceError> {
    caller.may(case.relation(), Action::HoldCase)?;
    let schedule = storage::retention::schedule(ctx.db).await?;
    let standing = storage::retention::standing(ctx.db, case.id().0, schedule).await?;
    let held_by = match standing.held.as_ref().and_then(|hold| hold.by) {
        Some(id) => storage::accounts::find(ctx.db, id)
            .await?
            .map(|account| account.display_name),
        None => None,
    };
    Ok(CaseStanding {
        schedule,
        standing,
        held_by,
    })
}

/// Places a legal hold on the case with the reason as typed, or changes its reason; with a
/// timeline entry. A case already erased cannot be held: there is nothing left to keep.
pub async fn hold(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    reason: &str,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::HoldCase)?;
    let reason = domain::retention::hold_reason(reason)
        .map_err(|e| ServiceError::invalid("hold_reason", e))?;
    match storage::retention::hold(ctx.db, case.id().0, &reason, &caller.who(), ctx.now).await {
        Ok(()) => {}
        Err(storage::StorageError::NotFound) => {
            return Err(ServiceError::invalid(
                "hold_reason",
                "This case's personal data has already been erased: there is nothing left to hold",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(by = %caller, case = case.id().0, "legal hold placed");
    Ok(())
}

/// Lifts the case's legal hold, with a timeline entry (nothing happens if there is none).
pub async fn lift_hold(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::HoldCase)?;
    storage::retention::lift_hold(ctx.db, case.id().0, &caller.who(), ctx.now).await?;
    tracing::info!(by = %caller, case = case.id().0, "legal hold lifted");
    Ok(())
}
