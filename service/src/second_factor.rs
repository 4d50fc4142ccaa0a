//! The second factor of staff and administrators (`domain::Role::needs_second_factor`):
//! after the password, a code from an authenticator app, set up on the first sign-in;
//! then recovery codes, shown once, for a lost phone. The rules of codes are
//! `storage::accounts::second_factor`'s.
//!
//! Setting up the app and entering a code finish signing in: nobody is signed in yet, and
//! the pending session the password opened (good for a few minutes, and for nothing else)
//! is who asks. Wrong codes are limited per account before each is checked. The recovery
//! codes are the signed-in person's own, kept as they keep their password
//! (`Action::ChangeOwnPassword`, anyone signed in).

use domain::access::{Action, CaseRelation};
use storage::accounts::{Account, CodeError, DeviceToken, SessionToken, SetUp};

use crate::accounts::{Notice, notify};
use crate::{Caller, Context, ServiceError};

/// The authenticator app to set up for the account a pending session waits for: its key
/// (the same one on a reload, until it is confirmed) and the account's address, which the
/// app shows. `None` when the session is not pending (not signed in with a password just
/// now, or expired) or the account has an app set up already.
pub async fn set_up(
    ctx: Context<'_>,
    pending: &SessionToken,
) -> Result<Option<(SetUp, Account)>, ServiceError> {
    let Some(account) = storage::accounts::pending_account(ctx.db, pending, ctx.now).await? else {
        return Ok(None);
    };
    Ok(storage::accounts::set_up(ctx.db, pending, ctx.now)
        .await?
        .map(|set_up| (set_up, account)))
}

/// Which page's code finishes signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The first code from the app being set up, which confirms it.
    SetUp,
    /// A code from the app set up before, or a recovery code.
    Code,
}

/// Finishes signing in the pending session `pending` with `code` (a refusal comes back by
/// the code field): hands back the account and its new, full session, which replaces the
/// pending one. The browser (`device`, when it has a device token) is noted as having
/// passed, so it is not asked again for a while. Setting up an app tells its holder by
/// e-mail.
pub async fn complete(
    ctx: Context<'_>,
    pending: &SessionToken,
    step: Step,
    code: &str,
    device: Option<&DeviceToken>,
) -> Result<(Account, SessionToken), ServiceError> {
    let result = match step {
        Step::SetUp => storage::accounts::confirm_set_up(ctx.db, pending, code, ctx.now).await,
        Step::Code => storage::accounts::enter_code(ctx.db, pending, code, ctx.now).await,
    };
    let (account, session) = match result {
        Ok(done) => done,
        Err(CodeError::Storage(e)) => return Err(e.into()),
        Err(refusal) => {
            tracing::info!(%refusal, "second factor refused");
            return Err(ServiceError::invalid("code", refusal));
        }
    };
    if let Some(device) = device {
        storage::accounts::remember_second_factor(ctx.db, device, account.id, ctx.now).await?;
    }
    match step {
        Step::SetUp => {
            tracing::info!(user = account.id, "second factor set up");
            notify(ctx, &account, Notice::AppSetUp).await;
        }
        Step::Code => {
            tracing::info!(user = account.id, role = %account.role, "signed in with a second factor");
        }
    }
    Ok((account, session))
}

/// The caller's recovery codes as their page shows them.
#[derive(Clone, PartialEq, Eq)]
pub enum RecoveryCodes {
    /// New codes, to be shown this once.
    New(Vec<String>),
    /// How many unused codes are left.
    Left(u64),
    /// The account takes no second factor.
    NotNeeded,
}

/// Never the codes themselves.
impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecoveryCodes::New(codes) => write!(f, "New({} codes)", codes.len()),
            RecoveryCodes::Left(left) => f.debug_tuple("Left").field(left).finish(),
            RecoveryCodes::NotNeeded => f.write_str("NotNeeded"),
        }
    }
}

/// The caller's account, when it takes a second factor (`None` when it does not).
fn own(caller: &Caller) -> Result<Option<i32>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ChangeOwnPassword)?;
    let me = caller.account_id()?;
    Ok(caller.role().needs_second_factor().then_some(me))
}

/// The caller's recovery codes: new ones when their account has none (made now, to be
/// shown this once), else how many are left.
pub async fn recovery_codes(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<RecoveryCodes, ServiceError> {
    let Some(me) = own(caller)? else {
        return Ok(RecoveryCodes::NotNeeded);
    };
    if let Some(codes) = storage::accounts::make_recovery_codes(ctx.db, me, true, ctx.now).await? {
        tracing::info!(user = me, "recovery codes made");
        return Ok(RecoveryCodes::New(codes));
    }
    Ok(RecoveryCodes::Left(
        storage::accounts::recovery_codes_left(ctx.db, me)
            .await?
            .unwrap_or(0),
    ))
}

/// Voids the caller's recovery codes, so that their page makes new ones; they are told by
/// e-mail. Refused to an account that takes no second factor.
pub async fn void_recovery_codes(ctx: Context<'_>, caller: &Caller) -> Result<(), ServiceError> {
    let me = own(caller)?
        .ok_or_else(|| ServiceError::Forbidden("this account takes no second factor".to_owned()))?;
    storage::accounts::void_recovery_codes(ctx.db, me).await?;
    tracing::info!(user = me, "recovery codes voided for new ones");
    if let Some(account) = storage::accounts::find(ctx.db, me).await? {
        notify(ctx, &account, Notice::RecoveryCodesMade).await;
    }
    Ok(())
}
