//! Keeping the customer informed (the Code's duty to update them while a case is open):
//! how often we agreed to, and each update given.

use domain::access::Action;

use crate::cases::Reached;
use crate::{Caller, Context, ServiceError};

/// Agrees how often we update the customer (the interval's code, as chosen); the next
/// update falls due one interval from today.
pub async fn agree(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    every: &str,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::KeepInformed)?;
    let every = domain::updates::interval(every)?;
    storage::cases::agree_updates(ctx.db, case.id(), every, &caller.who(), ctx.now).await?;
    Ok(())
}

/// Records an update given to the customer: how, and what they were told.
pub async fn record(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    how: &str,
    summary: &str,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::KeepInformed)?;
    let update = domain::updates::Update::record(how, summary)?;
    storage::cases::record_update(ctx.db, case.id(), &update, &caller.who(), ctx.now).await?;
    Ok(())
}
