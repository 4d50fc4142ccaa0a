//! A member of staff's own work beside their cases: the remedies and the Ombudsman's
//! orders they own and have still to carry out, and the calls they have to make (a
//! customer asked to be phoned, so a letter is gone through with them).

use domain::access::{Action, CaseRelation};
use storage::calls::{CallDue, Whose};
use storage::ombudsman::OwedOrder;
use storage::remedies::OutstandingAction;

use crate::{Caller, Context, ServiceError};

/// The caller's account, for work that is a person's own.
fn own(caller: &Caller) -> Result<i32, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::UseWorkQueue)?;
    caller.account_id()
}

/// What the caller owns and has not yet done: the `listed` remedies due soonest and the
/// `listed` orders due soonest, each with how many there are in all.
#[derive(Debug, Clone)]
pub struct Owed {
    pub remedies: (Vec<OutstandingAction>, u64),
    pub orders: (Vec<OwedOrder>, u64),
}

/// The remedies and orders the caller owns and has not yet carried out.
pub async fn owed(ctx: Context<'_>, caller: &Caller, listed: u64) -> Result<Owed, ServiceError> {
    let me = own(caller)?;
    Ok(Owed {
        remedies: storage::remedies::soonest_for(ctx.db, me, listed).await?,
        orders: storage::ombudsman::soonest_for(ctx.db, me, listed).await?,
    })
}

/// The calls the caller sees and makes: their own, and those waiting with nobody when
/// their role makes them.
fn whose_calls(caller: &Caller, me: i32) -> Whose {
    if caller.permits(&CaseRelation::NONE, Action::MakeUnownedCalls) {
        Whose::AlsoUnowned(me)
    } else {
        Whose::Own(me)
    }
}

/// The calls the caller has still to make, oldest first (at most `listed`).
pub async fn calls(
    ctx: Context<'_>,
    caller: &Caller,
    listed: u64,
) -> Result<Vec<CallDue>, ServiceError> {
    let me = own(caller)?;
    Ok(storage::calls::due_for(ctx.db, whose_calls(caller, me), listed).await?)
}

/// Records that the caller made call `id`: it leaves their list and the case's timeline
/// says so. Someone else's call, or one already made, is not found.
pub async fn call_made(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
) -> Result<domain::CaseReference, ServiceError> {
    let me = own(caller)?;
    let reference =
        storage::calls::made(ctx.db, id, whose_calls(caller, me), &caller.who(), ctx.now).await?;
    tracing::info!(by = %caller, %reference, call = id, "call recorded");
    Ok(reference)
}
