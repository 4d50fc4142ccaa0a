//! Accounts once they are made: an administrator shuts one off and opens it again, sends it
//! a link to set a new password, signs it out everywhere or resets its second factor;
//! anyone signed in changes their own password; a resident who forgot theirs asks for a
//! link at their account's address and sets a new one through it.
//!
//! - **Disabling ends every session at once** (`storage::accounts::set_disabled`, one
//!   transaction), and deletes the account's unused links.
//! - **Nobody disables their own account**: an administrator would lock themselves out.
//! - **A link to set a password** works once, for an hour; the database keeps only its
//!   SHA-256. Its e-mail goes through the outbox, marked ([`RESET_MESSAGE_KEY`]) so that the
//!   outbox page never shows it: anyone reading the outbox could otherwise use it.
//! - **Staff do not reset their own password by e-mail**: an administrator sends them the
//!   link (or runs `putright user reset-password`), so a member of staff's mailbox alone
//!   never opens an account that can see every case. A link is sent to a resident who asks
//!   for one, and the answer is the same whether or not the address has an account.
//! - **The holder is told** by e-mail when how they sign in changes ([`Notice`]), with what
//!   to do if it was not them.

use chrono::{DateTime, Utc};
use domain::access::{Action, CaseRelation};
use domain::form::EmailAddress;
use storage::accounts::{
    Account, AccountStatus, ChangePasswordError, ResetError, ResetToken, SessionToken,
};
use storage::outbox::NewMessage;

use crate::{Caller, Context, ServiceError};

/// The outbox's dedupe keys of messages carrying a link to set a password start with this.
pub const RESET_MESSAGE_KEY: &str = "password-reset:";

/// The outbox's dedupe keys of notices about signing in start with this.
pub const NOTICE_KEY: &str = "security-notice:";

/// The longest search of the accounts' addresses (the longest address there can be).
pub const SEARCH_MAX_CHARS: usize = 254;

/// Something about how a person signs in that changed, which they are told of by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    PasswordChanged,
    AppSetUp,
    RecoveryCodesMade,
    SecondFactorReset,
}

impl Notice {
    pub fn code(self) -> &'static str {
        match self {
            Notice::PasswordChanged => "password",
            Notice::AppSetUp => "app",
            Notice::RecoveryCodesMade => "recovery-codes",
            Notice::SecondFactorReset => "second-factor-reset",
        }
    }

    /// The e-mail's subject, and what happened (completed by "on <date and time>").
    pub fn wording(self) -> (&'static str, &'static str) {
        match self {
            Notice::PasswordChanged => (
                "Your Putright password was changed",
                "The password of your Putright account was changed",
            ),
            Notice::AppSetUp => (
                "An authenticator app was set up for your Putright account",
                "An authenticator app was set up to give the codes you sign in to Putright with",
            ),
            Notice::RecoveryCodesMade => (
                "New recovery codes for your Putright account",
                "New recovery codes were made for your Putright account, and the old ones stopped working",
            ),
            Notice::SecondFactorReset => (
                "The second factor of your Putright account was reset",
                "An administrator reset the second factor of your Putright account: you set up an authenticator app again when you next sign in. This was done",
            ),
        }
    }
}

/// Why a link to set a password is sent: its e-mail's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// An administrator sent it.
    ResetByAdmin,
    /// The person asked on "Forgotten your password".
    ResetAsked,
    /// A new resident's account, opened by choosing a password.
    Confirm,
    /// Someone tried to register an address that has a resident's account already.
    AlreadyRegistered,
}

/// The e-mail carrying a link (`base` is the start of the service's addresses) to set a
/// password, worded for why it was sent.
pub fn link_message(
    base: &str,
    account: &Account,
    token: &ResetToken,
    kind: LinkKind,
    now: DateTime<Utc>,
) -> NewMessage {
    let hours = storage::accounts::RESET_HOURS;
    let (name, email) = (&account.display_name, &account.email);
    let link = format!("{base}/reset-password/{}", token.expose());
    let (subject, body) = match kind {
        LinkKind::ResetByAdmin | LinkKind::ResetAsked => {
            let who = if kind == LinkKind::ResetByAdmin {
                "An administrator has sent you a link"
            } else {
                "Someone (we hope you) asked for a link"
            };
            (
                "Set a new password for Putright",
                format!(
                    "Dear {name},\n\n{who} to set a new password for your Putright account ({email}).\n\n\
                     Open this link within {hours} hour to choose your new password:\n\n{link}\n\n\
                     The link works once. Setting a new password signs you out everywhere.\n\n\
                     If you did not ask for this, you can ignore this message: your password has not changed.\n"
                ),
            )
        }
        LinkKind::Confirm => (
            "Finish creating your Putright account",
            format!(
                "Dear {name},\n\nSomeone (we hope you) asked to create a Putright account with this address ({email}).\n\n\
                 Open this link within {hours} hour to choose your password and finish creating it:\n\n{link}\n\n\
                 The link works once. If you did not ask for this, ignore this message: no account opens without it.\n"
            ),
        ),
        LinkKind::AlreadyRegistered => (
            "You already have a Putright account",
            format!(
                "Dear {name},\n\nSomeone (we hope you) asked to create a Putright account with this address ({email}), \
                 but you already have one. Sign in at {base}/sign-in with your password.\n\n\
                 Forgotten it? Open this link within {hours} hour to choose a new one:\n\n{link}\n\n\
                 If you did not ask for this, you can ignore this message: nothing has changed.\n"
            ),
        ),
    };
    NewMessage {
        dedupe_key: format!(
            "{RESET_MESSAGE_KEY}{}:{}",
            account.id,
            now.timestamp_micros()
        ),
        case_id: None,
        to_user_id: Some(account.id),
        to_email: Some(account.email.clone()),
        to_name: Some(account.display_name.clone()),
        subject: subject.to_owned(),
        body,
    }
}

/// Tells the account's holder, by e-mail through the outbox, that something about how they
/// sign in changed, and what to do if it was not them. Sent after the change: a notice that
/// cannot be queued is logged, and the change stands.
pub(crate) async fn notify(ctx: Context<'_>, account: &Account, notice: Notice) {
    let (subject, what) = notice.wording();
    let if_not_you = if account.role.is_staff() {
        "tell an administrator at once: they can disable your account while it is put right"
    } else {
        "ask for a new password at once on the sign-in page (\"Forgotten your password?\")"
    };
    let message = NewMessage {
        dedupe_key: format!(
            "{NOTICE_KEY}{}:{}:{}",
            notice.code(),
            account.id,
            ctx.now.timestamp_micros()
        ),
        case_id: None,
        to_user_id: Some(account.id),
        to_email: Some(account.email.clone()),
        to_name: Some(account.display_name.clone()),
        subject: subject.to_owned(),
        body: format!(
            "Dear {},\n\n{what} on {}.\n\nIf this was you, there is nothing more to do. If it was not, {if_not_you}.\n",
            account.display_name,
            domain::deadlines::long_date_time(ctx.now),
        ),
    };
    if let Err(e) = storage::outbox::enqueue(ctx.db, &message, ctx.now).await {
        tracing::error!(error = ?e, user = account.id, "could not queue a security notice");
    }
}

/// Checks a new password and its confirmation, each refusal by its field.
fn check_new(password: &str, confirm: &str) -> Result<(), ServiceError> {
    domain::password::check_new_password(password)
        .map_err(|e| ServiceError::invalid("new_password", e))?;
    if password != confirm {
        return Err(ServiceError::invalid(
            "confirm_password",
            "The passwords do not match: type the same password twice",
        ));
    }
    Ok(())
}

/// May the caller shut accounts off and set them going again?
fn may_manage(caller: &Caller) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageAccounts)
}

/// Every account whose address contains `search` (every account when it is blank), staff
/// before residents, by name, with whether each is disabled.
pub async fn list(
    ctx: Context<'_>,
    caller: &Caller,
    search: &str,
) -> Result<Vec<AccountStatus>, ServiceError> {
    may_manage(caller)?;
    let search: String = search.chars().take(SEARCH_MAX_CHARS).collect();
    Ok(storage::accounts::list_with_status(ctx.db, &search).await?)
}

/// One account as an administrator sees it.
#[derive(Debug, Clone)]
pub struct Held {
    pub status: AccountStatus,
    /// Live sessions (signed in on this many browsers).
    pub sessions: u64,
    /// The caller is the account's holder.
    pub is_self: bool,
    /// For an account that takes a second factor: whether an authenticator app is set up.
    pub second_factor: Option<bool>,
}

/// One account, with its sessions and its second factor.
pub async fn read(ctx: Context<'_>, caller: &Caller, id: i32) -> Result<Held, ServiceError> {
    may_manage(caller)?;
    let status = storage::accounts::status(ctx.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let sessions = storage::accounts::session_count(ctx.db, id, ctx.now).await?;
    let second_factor = if status.account.role.needs_second_factor() {
        let step = storage::accounts::second_step(ctx.db, id).await?;
        Some(step == storage::accounts::SecondStep::EnterCode)
    } else {
        None
    };
    Ok(Held {
        status,
        sessions,
        is_self: caller.user_id() == Some(id),
        second_factor,
    })
}

pub use domain::access::accounts::Control;

/// Does `control` to account `id`. Nobody disables their own account, and no link is sent
/// to a disabled one.
pub async fn control(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
    control: Control,
) -> Result<(), ServiceError> {
    may_manage(caller)?;
    let target = storage::accounts::status(ctx.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    match control {
        Control::Disable if caller.user_id() == Some(id) => {
            return Err(ServiceError::invalid(
                "control",
                "You cannot disable your own account: ask another administrator",
            ));
        }
        Control::Disable | Control::Enable => {
            storage::accounts::set_disabled(ctx.db, id, control == Control::Disable, ctx.now)
                .await?;
        }
        Control::SendResetLink => {
            if target.disabled() {
                return Err(ServiceError::invalid(
                    "control",
                    "This account is disabled: enable it before sending a link",
                ));
            }
            let now = ctx.now;
            storage::accounts::issue_reset(ctx.db, id, now, false, |account, token| {
                Some(link_message(
                    ctx.public_base,
                    account,
                    token,
                    LinkKind::ResetByAdmin,
                    now,
                ))
            })
            .await?
            .ok_or(ServiceError::NotFound)?;
        }
        Control::EndSessions => {
            storage::accounts::end_all_sessions(ctx.db, id).await?;
        }
        Control::ResetSecondFactor => {
            storage::accounts::reset_second_factor(ctx.db, id).await?;
            notify(ctx, &target.account, Notice::SecondFactorReset).await;
        }
    }
    tracing::info!(
        by = %caller,
        account = id,
        control = control.code(),
        "account control"
    );
    Ok(())
}

/// A one-time link that sets a new password for account `id`, handed to the operator at
/// the server's command line to pass on (for when nobody can sign in, or mail does not
/// reach them): nothing is e-mailed. A disabled account gets none (`Invalid`).
pub async fn reset_link_at_terminal(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
) -> Result<(Account, ResetToken), ServiceError> {
    may_manage(caller)?;
    caller.at_the_terminal()?;
    let target = storage::accounts::status(ctx.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if target.disabled() {
        return Err(ServiceError::invalid(
            "control",
            "This account is disabled: enable it first",
        ));
    }
    let issued = storage::accounts::issue_reset(ctx.db, id, ctx.now, false, |_, _| None)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tracing::info!(by = %caller, account = id, "reset link printed");
    Ok(issued)
}

/// A change of one's own password, as typed.
#[derive(Debug, Clone, Copy)]
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirm: &'a str,
}

/// Changes the caller's own password, given their current one; every other session of
/// theirs ends, `session` (the one asking) stays. They are told by e-mail.
pub async fn change_password(
    ctx: Context<'_>,
    caller: &Caller,
    session: &SessionToken,
    change: PasswordChange<'_>,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ChangeOwnPassword)?;
    let me = caller.account_id()?;
    if change.current.is_empty() {
        return Err(ServiceError::invalid(
            "current_password",
            "Enter your current password",
        ));
    }
    check_new(change.new, change.confirm)?;
    match storage::accounts::change_password(ctx.db, me, session, change.current, change.new).await
    {
        Ok(()) => {}
        Err(e @ ChangePasswordError::WrongCurrent) => {
            return Err(ServiceError::invalid("current_password", e));
        }
        Err(ChangePasswordError::Storage(e)) => return Err(e.into()),
    }
    tracing::info!(user = me, "password changed");
    if let Some(account) = storage::accounts::find(ctx.db, me).await? {
        notify(ctx, &account, Notice::PasswordChanged).await;
    }
    Ok(())
}

/// Sends a link to set a new password to `email` when it is a resident's account's address:
/// anyone may ask, without signing in, and is answered the same whether or not it is (so
/// nobody learns who has an account). A link asked for again within a few minutes is not
/// sent (`storage::accounts::RESET_RESEND_MINUTES`), so nobody can fill a person's inbox.
pub async fn reset_link_asked(ctx: Context<'_>, email: &EmailAddress) -> Result<(), ServiceError> {
    if let Some(account) = storage::accounts::find_by_email(ctx.db, email.as_str())
        .await?
        .filter(|a| a.role == domain::Role::Resident)
    {
        let now = ctx.now;
        let issued = storage::accounts::issue_reset(ctx.db, account.id, now, true, |a, t| {
            Some(link_message(
                ctx.public_base,
                a,
                t,
                LinkKind::ResetAsked,
                now,
            ))
        })
        .await?;
        tracing::info!(
            account = account.id,
            issued = issued.is_some(),
            "reset link asked for"
        );
    }
    Ok(())
}

/// What a link to set a password can do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkUse {
    /// Expired, used, or never issued.
    Unusable,
    /// Set a new password for an account that has one.
    NewPassword,
    /// Choose the first password of a new resident's account, opening it.
    FirstPassword,
}

/// What the link whose secret is `token` (as in its address) can do: anyone holding a link
/// may ask.
pub async fn link_use(ctx: Context<'_>, token: &str) -> Result<LinkUse, ServiceError> {
    match ResetToken::from_link(token) {
        Some(token) => use_of(ctx, &token).await,
        None => Ok(LinkUse::Unusable),
    }
}

async fn use_of(ctx: Context<'_>, token: &ResetToken) -> Result<LinkUse, ServiceError> {
    let Some(account) = storage::accounts::reset_account(ctx.db, token, ctx.now).await? else {
        return Ok(LinkUse::Unusable);
    };
    let confirmed = storage::accounts::status(ctx.db, account.id)
        .await?
        .is_some_and(|s| s.confirmed_at.is_some());
    Ok(if confirmed {
        LinkUse::NewPassword
    } else {
        LinkUse::FirstPassword
    })
}

/// What setting a password through a link did.
#[derive(Debug, Clone)]
pub enum PasswordSet {
    /// The first password of a new resident's account: it is open, to be signed in to.
    Opened(Account),
    /// A new password: every session of the account ended, and its holder was told.
    Changed(Account),
}

/// Sets the password `new` (typed twice) through the link whose secret is `token` (as in
/// its address); the link then stops working. Anyone holding a link may; every reason a
/// link cannot be used is the same refusal, so a guesser learns nothing.
pub async fn set_password_by_link(
    ctx: Context<'_>,
    token: &str,
    new: &str,
    confirm: &str,
) -> Result<PasswordSet, ServiceError> {
    check_new(new, confirm)?;
    let unusable = || ServiceError::invalid("new_password", ResetError::Unusable);
    let token = ResetToken::from_link(token).ok_or_else(unusable)?;
    let first = use_of(ctx, &token).await? == LinkUse::FirstPassword;
    match storage::accounts::redeem_reset(ctx.db, &token, new, ctx.now).await {
        Ok(account) if first => {
            tracing::info!(user = account.id, "account confirmed and opened");
            Ok(PasswordSet::Opened(account))
        }
        Ok(account) => {
            tracing::info!(user = account.id, "password set through a link");
            notify(ctx, &account, Notice::PasswordChanged).await;
            Ok(PasswordSet::Changed(account))
        }
        Err(ResetError::Unusable) => Err(unusable()),
        Err(ResetError::Storage(e)) => Err(e.into()),
    }
}

/// Ends the session `session` names (signing out on this browser): holding it is enough.
pub async fn sign_out(ctx: Context<'_>, session: &SessionToken) -> Result<(), ServiceError> {
    Ok(storage::accounts::sign_out(ctx.db, session).await?)
}

/// Someone registering as a resident with their (checked) name and address: the address's
/// owner is sent a link to confirm it and set a password, or, when a confirmed resident
/// already has it, a link saying so (the page says the same either way, so it tells nobody
/// whether an address is registered). Nothing is sent for a staff address, nor for one
/// another request registered a moment ago (that one sends the link).
pub async fn register(
    ctx: Context<'_>,
    name: &str,
    email: &EmailAddress,
) -> Result<(), ServiceError> {
    let now = ctx.now;
    let account = match storage::accounts::find_by_email(ctx.db, email.as_str()).await? {
        Some(existing) => Some(existing),
        None => {
            match storage::accounts::create_unconfirmed_resident(ctx.db, email.as_str(), name, now)
                .await
            {
                Ok(created) => Some(created),
                Err(storage::StorageError::Conflict) => None,
                Err(other) => return Err(other.into()),
            }
        }
    };
    if let Some(account) = account.filter(|a| a.role == domain::Role::Resident) {
        let confirmed = storage::accounts::status(ctx.db, account.id)
            .await?
            .is_some_and(|s| s.confirmed_at.is_some());
        let kind = if confirmed {
            LinkKind::AlreadyRegistered
        } else {
            LinkKind::Confirm
        };
        let base = ctx.public_base;
        let issued = storage::accounts::issue_reset(ctx.db, account.id, now, true, |a, t| {
            Some(link_message(base, a, t, kind, now))
        })
        .await?;
        tracing::info!(
            user = account.id,
            ?kind,
            issued = issued.is_some(),
            "registration link"
        );
    }
    Ok(())
}
