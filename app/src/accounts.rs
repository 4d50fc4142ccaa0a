//! Shutting accounts off and setting passwords again.
//!
//! - **Administrators** (`domain::access::Action::ManageAccounts`) list every account with
//!   its status at `/admin/accounts`, and on `/admin/accounts/{id}` disable or enable it,
//!   send it a link to set a new password, or end all its sessions. Disabling ends every
//!   session at once (`storage::accounts::set_disabled`).
//! - **Administrators also reset a member of staff's second factor** (a lost phone): the
//!   next sign-in sets up an authenticator app again.
//! - **Anyone signed in** (`Action::ChangeOwnPassword`) changes their password at
//!   `/account/password` with their current one; their other sessions end.
//! - **A resident who forgot their password** asks at `/forgotten-password` and gets a
//!   one-time link, good for an hour, at their account's address, through the outbox. The
//!   page answers the same whether or not the address has an account.
//!
//! Rules we chose where the issue is silent:
//! - **Staff do not reset their own password by e-mail**: an administrator sends them the
//!   link (or runs `putright user reset-password`), so a member of staff's mailbox alone
//!   never opens an account that can see every case.
//! - **Nobody disables their own account** (an administrator would lock themselves out).
//! - **A link's e-mail is not shown on the outbox page**: anyone reading the outbox could
//!   otherwise use it ([`RESET_MESSAGE_KEY`]).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The outbox's dedupe keys of messages carrying a reset link start with this.
pub const RESET_MESSAGE_KEY: &str = "password-reset:";

/// Whether someone with this role disables accounts and sends reset links (the header shows
/// them the page).
pub fn may_manage(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageAccounts)
}

/// One account in the administrators' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLine {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: String,
    pub disabled: bool,
}

/// One account's page for administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: String,
    /// "Disabled on Monday 23 November 2026 at 12:00", or `None` while it works.
    pub disabled_since: Option<String>,
    /// Live sessions (signed in on this many browsers).
    pub sessions: u64,
    /// The administrator looking is this account's holder.
    pub is_self: bool,
    /// For accounts that take a second factor: whether an authenticator app is set up.
    pub second_factor: Option<bool>,
}

/// What an administrator does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    Disable,
    Enable,
    SendResetLink,
    EndSessions,
    ResetSecondFactor,
}

impl Control {
    pub const ALL: [Control; 5] = [
        Control::Disable,
        Control::Enable,
        Control::SendResetLink,
        Control::EndSessions,
        Control::ResetSecondFactor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Control::Disable => "disable",
            Control::Enable => "enable",
            Control::SendResetLink => "send_reset_link",
            Control::EndSessions => "end_sessions",
            Control::ResetSecondFactor => "reset_second_factor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What the page says once it is done.
    pub fn done(self) -> &'static str {
        match self {
            Control::Disable => "Account disabled. Every session it had has ended.",
            Control::Enable => "Account enabled. They can sign in again.",
            Control::SendResetLink => {
                "A link to set a new password has been sent to their address. It works once, for 1 hour."
            }
            Control::EndSessions => "Every session of this account has ended.",
            Control::ResetSecondFactor => {
                "Their second factor has been reset and every session of theirs has ended. They set up an authenticator app again when they next sign in."
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use storage::accounts::{self, Account, ResetToken};
    use storage::outbox::NewMessage;

    /// The signed-in administrator, or `Forbidden`.
    pub async fn administrator() -> Result<Account, AppError> {
        crate::auth::session::require(domain::access::Action::ManageAccounts).await
    }

    pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
        domain::deadlines::long_date_time(at)
    }

    /// The e-mail carrying a link to set a password, worded for why it was sent.
    pub fn link_message(
        base: &str,
        account: &Account,
        token: &ResetToken,
        kind: LinkKind,
        now: chrono::DateTime<chrono::Utc>,
    ) -> NewMessage {
        let hours = accounts::RESET_HOURS;
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

    /// Tells the account's holder, by e-mail through the outbox, that something about how
    /// they sign in changed, and what to do if it was not them. Sent after the change: a
    /// notice that cannot be queued is logged, and the change stands.
    pub async fn notify(account: &Account, notice: Notice) {
        let Ok(state) = crate::state::app_state() else {
            return;
        };
        let now = crate::clock::now();
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
                now.timestamp_micros()
            ),
            case_id: None,
            to_user_id: Some(account.id),
            to_email: Some(account.email.clone()),
            to_name: Some(account.display_name.clone()),
            subject: subject.to_owned(),
            body: format!(
                "Dear {},\n\n{what} on {}.\n\nIf this was you, there is nothing more to do. If it was not, {if_not_you}.\n",
                account.display_name,
                when(now),
            ),
        };
        if let Err(e) = storage::outbox::enqueue(&state.db, &message, now).await {
            tracing::error!(error = ?e, user = account.id, "could not queue a security notice");
        }
    }

    /// Checks a new password and its confirmation, with the message next to the field.
    pub fn check_new(password: &str, confirm: &str) -> Result<(), AppError> {
        domain::password::check_new_password(password)
            .map_err(|e| AppError::validation("new_password", e))?;
        if password != confirm {
            return Err(AppError::validation(
                "confirm_password",
                "The passwords do not match: type the same password twice",
            ));
        }
        Ok(())
    }
}

#[cfg(feature = "ssr")]
pub use service::{link_message, notify};

/// The outbox's dedupe keys of notices about signing in start with this.
pub const NOTICE_KEY: &str = "security-notice:";

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

/// What a link to set a password can do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    /// Expired, used, or never issued.
    Unusable,
    /// Set a new password for an account that has one.
    NewPassword,
    /// Choose the first password of a new account, opening it.
    FirstPassword,
}

/// Every account whose address contains `search` (all when blank), staff first.
#[server(endpoint = "list_accounts")]
pub async fn list_accounts(
    #[server(default)] search: Option<String>,
) -> Result<Vec<AccountLine>, AppError> {
    service::administrator().await?;
    let state = crate::state::app_state()?;
    let search = search.unwrap_or_default();
    let search: String = search.chars().take(254).collect();
    Ok(storage::accounts::list_with_status(&state.db, &search)
        .await?
        .into_iter()
        .map(|s| AccountLine {
            id: s.account.id,
            disabled: s.disabled(),
            name: s.account.display_name,
            email: s.account.email,
            role: s.account.role.label().to_owned(),
        })
        .collect())
}

/// One account, for its administration page.
#[server(endpoint = "read_account")]
pub async fn read_account(id: i32) -> Result<AccountDetail, AppError> {
    let admin = service::administrator().await?;
    let state = crate::state::app_state()?;
    let status = storage::accounts::status(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = storage::accounts::session_count(&state.db, id, crate::clock::now()).await?;
    let second_factor = if status.account.role.needs_second_factor() {
        let step = storage::accounts::second_step(&state.db, id).await?;
        Some(step == storage::accounts::SecondStep::EnterCode)
    } else {
        None
    };
    Ok(AccountDetail {
        id,
        name: status.account.display_name.clone(),
        email: status.account.email.clone(),
        role: status.account.role.label().to_owned(),
        disabled_since: status
            .disabled_at
            .map(|at| format!("Disabled on {}", service::when(at))),
        sessions,
        is_self: admin.id == id,
        second_factor,
    })
}

/// Disables or enables an account, sends it a reset link, or ends all its sessions; then
/// shows the account's page again with what was done.
#[server(endpoint = "control_account")]
pub async fn control_account(id: i32, control: String) -> Result<(), AppError> {
    let admin = service::administrator().await?;
    let control = Control::from_code(&control)
        .ok_or_else(|| AppError::validation("control", "Choose what to do from the page"))?;
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    let target = storage::accounts::status(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match control {
        Control::Disable if admin.id == id => {
            return Err(AppError::validation(
                "control",
                "You cannot disable your own account: ask another administrator",
            ));
        }
        Control::Disable | Control::Enable => {
            storage::accounts::set_disabled(&state.db, id, control == Control::Disable, now)
                .await?;
        }
        Control::SendResetLink => {
            if target.disabled() {
                return Err(AppError::validation(
                    "control",
                    "This account is disabled: enable it before sending a link",
                ));
            }
            let base = state.public_base.clone();
            storage::accounts::issue_reset(&state.db, id, now, false, |account, token| {
                Some(link_message(
                    &base,
                    account,
                    token,
                    LinkKind::ResetByAdmin,
                    now,
                ))
            })
            .await?
            .ok_or(AppError::NotFound)?;
        }
        Control::EndSessions => {
            storage::accounts::end_all_sessions(&state.db, id).await?;
        }
        Control::ResetSecondFactor => {
            storage::accounts::reset_second_factor(&state.db, id).await?;
            notify(&target.account, Notice::SecondFactorReset).await;
        }
    }
    tracing::info!(
        user = admin.id,
        account = id,
        control = control.code(),
        "account control"
    );
    leptos_axum::redirect(&format!("/admin/accounts/{id}?done={}", control.code()));
    Ok(())
}

/// Changes the signed-in person's password; their other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use storage::accounts::ChangePasswordError;
    let account = crate::auth::session::require(domain::access::Action::ChangeOwnPassword).await?;
    if current_password.is_empty() {
        return Err(AppError::validation(
            "current_password",
            "Enter your current password",
        ));
    }
    service::check_new(&new_password, &confirm_password)?;
    let token = crate::auth::session::token().ok_or(AppError::Forbidden)?;
    let state = crate::state::app_state()?;
    match storage::accounts::change_password(
        &state.db,
        account.id,
        &token,
        &current_password,
        &new_password,
    )
    .await
    {
        Ok(()) => {
            tracing::info!(user = account.id, "password changed");
            notify(&account, Notice::PasswordChanged).await;
            leptos_axum::redirect("/account/password?changed=1");
            Ok(())
        }
        Err(e @ ChangePasswordError::WrongCurrent) => {
            Err(AppError::validation("current_password", e))
        }
        Err(ChangePasswordError::Storage(e)) => Err(e.into()),
    }
}

/// Requests for a link from one connection in an hour.
pub const FORGOTTEN_PER_HOUR: u32 = 10;

/// Sends a link to set a new password to a resident's address, when it has an account; the
/// answer is the same either way.
#[server(endpoint = "forgotten_password")]
pub async fn forgotten_password(email: String) -> Result<(), AppError> {
    // Without JavaScript, a refused address comes back in the box to be corrected.
    let typed = crate::refusal::Typed::new(&[("email", Some(&email))]);
    let result = ask_for_reset_link(&email).await;
    typed.keep_on_refusal_at(
        "/forgotten-password",
        <ForgottenPassword as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

#[cfg(feature = "ssr")]
async fn ask_for_reset_link(email: &str) -> Result<(), AppError> {
    let email =
        domain::form::EmailAddress::parse(email).map_err(|e| AppError::validation("email", e))?;
    crate::auth::session::within_hourly_limit("forgotten", FORGOTTEN_PER_HOUR).await?;
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    if let Some(account) = storage::accounts::find_by_email(&state.db, email.as_str())
        .await?
        .filter(|a| a.role == domain::Role::Resident)
    {
        let base = state.public_base.clone();
        let issued = storage::accounts::issue_reset(&state.db, account.id, now, true, |a, t| {
            Some(link_message(&base, a, t, LinkKind::ResetAsked, now))
        })
        .await?;
        tracing::info!(
            account = account.id,
            issued = issued.is_some(),
            "reset link asked for"
        );
    }
    leptos_axum::redirect("/forgotten-password?sent=1");
    Ok(())
}

/// What a link to set a password can do (the page then shows its form).
#[server(endpoint = "reset_link_works")]
pub async fn reset_link_works(token: String) -> Result<LinkState, AppError> {
    let Some(token) = storage::accounts::ResetToken::from_link(&token) else {
        return Ok(LinkState::Unusable);
    };
    let state = crate::state::app_state()?;
    link_state(&state.db, &token).await
}

#[cfg(feature = "ssr")]
async fn link_state(
    db: &storage::Db,
    token: &storage::accounts::ResetToken,
) -> Result<LinkState, AppError> {
    let Some(account) = storage::accounts::reset_account(db, token, crate::clock::now()).await?
    else {
        return Ok(LinkState::Unusable);
    };
    let confirmed = storage::accounts::status(db, account.id)
        .await?
        .is_some_and(|s| s.confirmed_at.is_some());
    Ok(if confirmed {
        LinkState::NewPassword
    } else {
        LinkState::FirstPassword
    })
}

/// Sets a password through a link, then goes to the sign-in page; the first password of a
/// new account opens it and signs the person in, on to their cases.
#[server(endpoint = "reset_password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use storage::accounts::ResetError;
    service::check_new(&new_password, &confirm_password)?;
    let unusable = || AppError::validation("new_password", ResetError::Unusable);
    let token = storage::accounts::ResetToken::from_link(&token).ok_or_else(unusable)?;
    let state = crate::state::app_state()?;
    let first = link_state(&state.db, &token).await? == LinkState::FirstPassword;
    match storage::accounts::redeem_reset(&state.db, &token, &new_password, crate::clock::now())
        .await
    {
        Ok(account) if first => {
            tracing::info!(user = account.id, "account confirmed and opened");
            crate::auth::session::open(&account).await?;
            leptos_axum::redirect("/cases?welcome=1");
            Ok(())
        }
        Ok(account) => {
            tracing::info!(user = account.id, "password set through a link");
            notify(&account, Notice::PasswordChanged).await;
            leptos_axum::redirect("/sign-in?password=set");
            Ok(())
        }
        Err(ResetError::Unusable) => Err(unusable()),
        Err(ResetError::Storage(e)) => Err(e.into()),
    }
}
