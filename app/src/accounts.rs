//! Shutting accounts off and setting passwords again: the pages of
//! `service::accounts`, whose use cases they call.
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
//!   otherwise use it (`service::accounts::RESET_MESSAGE_KEY`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The outbox's dedupe keys of messages carrying a reset link start with this.
#[cfg(feature = "ssr")]
pub use service::accounts::RESET_MESSAGE_KEY;

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

pub use domain::access::accounts::Control;

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
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let search = search.unwrap_or_default();
    Ok(service::accounts::list(scope.ctx(), &caller, &search)
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
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let held = service::accounts::read(scope.ctx(), &caller, id).await?;
    let account = held.status.account;
    Ok(AccountDetail {
        id,
        name: account.display_name,
        email: account.email,
        role: account.role.label().to_owned(),
        disabled_since: held
            .status
            .disabled_at
            .map(|at| format!("Disabled on {}", domain::deadlines::long_date_time(at))),
        sessions: held.sessions,
        is_self: held.is_self,
        second_factor: held.second_factor,
    })
}

/// Disables or enables an account, sends it a reset link, or ends all its sessions; then
/// shows the account's page again with what was done.
#[server(endpoint = "control_account")]
pub async fn control_account(id: i32, control: String) -> Result<(), AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageAccounts).await?;
    let control = Control::from_code(&control)
        .ok_or_else(|| AppError::validation("control", "Choose what to do from the page"))?;
    let scope = crate::state::scope()?;
    service::accounts::control(scope.ctx(), &caller, id, control).await?;
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
    let caller = crate::auth::session::caller().await?;
    let token = crate::auth::session::token().ok_or(AppError::Forbidden)?;
    let scope = crate::state::scope()?;
    service::accounts::change_password(
        scope.ctx(),
        &caller,
        &token,
        service::accounts::PasswordChange {
            current: &current_password,
            new: &new_password,
            confirm: &confirm_password,
        },
    )
    .await?;
    leptos_axum::redirect("/account/password?changed=1");
    Ok(())
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
    let scope = crate::state::scope()?;
    service::accounts::reset_link_asked(scope.ctx(), &email).await?;
    leptos_axum::redirect("/forgotten-password?sent=1");
    Ok(())
}

/// What a link to set a password can do (the page then shows its form).
#[server(endpoint = "reset_link_works")]
pub async fn reset_link_works(token: String) -> Result<LinkState, AppError> {
    use service::accounts::LinkUse;
    let scope = crate::state::scope()?;
    Ok(
        match service::accounts::link_use(scope.ctx(), &token).await? {
            LinkUse::Unusable => LinkState::Unusable,
            LinkUse::NewPassword => LinkState::NewPassword,
            LinkUse::FirstPassword => LinkState::FirstPassword,
        },
    )
}

/// Sets a password through a link, then goes to the sign-in page; the first password of a
/// new account opens it and signs the person in, on to their cases.
#[server(endpoint = "reset_password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use service::accounts::PasswordSet;
    let scope = crate::state::scope()?;
    match service::accounts::set_password_by_link(
        scope.ctx(),
        &token,
        &new_password,
        &confirm_password,
    )
    .await?
    {
        PasswordSet::Opened(account) => {
            crate::auth::session::open(&account).await?;
            leptos_axum::redirect("/cases?welcome=1");
        }
        PasswordSet::Changed(_) => leptos_axum::redirect("/sign-in?password=set"),
    }
    Ok(())
}
