//! The panel's accounts: who is on the tenant panel, and adding a member.
//!
//! Made by an admin or the complaints manager (`domain::access::Action::ManagePanel`).
//! Rule we chose: the person adding a member sets a first password by the same rule as any
//! new password (12 characters or more) and gives it to the member in person or by phone,
//! never by email. Putright cannot yet change a password once set (nobody can change their
//! own): when it can, the member should be asked to change this one at first sign-in.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One panel member, for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelMemberLine {
    pub name: String,
    pub email: String,
    pub open_invitations: u64,
    pub views_given: u64,
}

/// Whether someone in this role runs the panel (the header shows them the page).
pub fn may_manage_panel(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManagePanel)
}

#[cfg(feature = "ssr")]
async fn manager() -> Result<storage::accounts::Account, AppError> {
    let account = crate::auth::session::require(domain::access::Action::ManagePanel).await?;
    Ok(account)
}

/// The tenant panel, by name.
#[server(endpoint = "panel_members")]
pub async fn panel_members() -> Result<Vec<PanelMemberLine>, AppError> {
    manager().await?;
    let state = crate::state::app_state()?;
    Ok(storage::panel::members(&state.db)
        .await?
        .into_iter()
        .map(|m| PanelMemberLine {
            name: m.account.display_name,
            email: m.account.email,
            open_invitations: m.open_invitations,
            views_given: m.views_given,
        })
        .collect())
}

/// Adds a member to the tenant panel: an involved-customer account with a first password.
#[server(endpoint = "add_panel_member")]
pub async fn add_panel_member(
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let account = manager().await?;
    // The password is never sent back in an address.
    let typed = crate::refusal::Typed::new(&[("name", Some(&name)), ("email", Some(&email))]);
    let result = async {
        use crate::error::CheckAll;
        let checks = check_new_account(
            &name,
            "Enter the panel member's full name",
            &email,
            &password,
        );
        let (name, email, ()) = (checks.name, checks.email, checks.password).check_all()?;
        let member =
            create_account(&name, &email, &password, domain::Role::InvolvedCustomer).await?;
        tracing::info!(user = account.id, member = member.id, "panel member added");
        leptos_axum::redirect(&format!("/staff/panel-members?added={}", member.id));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/staff/panel-members",
        <AddPanelMember as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// The checks of a new account's name, address and first password, each refusal naming
/// its field (`name`, `email`, `password`), for the form to combine with its own fields in
/// its order.
#[cfg(feature = "ssr")]
pub(crate) struct NewAccountChecks {
    pub name: Result<String, AppError>,
    pub email: Result<domain::form::EmailAddress, AppError>,
    pub password: Result<(), AppError>,
}

#[cfg(feature = "ssr")]
pub(crate) fn check_new_account(
    name: &str,
    blank_name: &str,
    email: &str,
    password: &str,
) -> NewAccountChecks {
    let name = name.trim();
    NewAccountChecks {
        name: if name.is_empty() {
            Err(AppError::validation("name", blank_name))
        } else if name.chars().count() > domain::form::MAX_NAME_CHARS {
            Err(AppError::validation(
                "name",
                format!(
                    "Keep the name to {} characters or fewer",
                    domain::form::MAX_NAME_CHARS
                ),
            ))
        } else {
            Ok(name.to_owned())
        },
        email: domain::form::EmailAddress::parse(email)
            .map_err(|e| AppError::validation("email", e)),
        password: domain::password::check_new_password(password)
            .map_err(|e| AppError::validation("password", e)),
    }
}

/// Makes an account someone else will sign in to, once its fields were checked with
/// [`check_new_account`].
#[cfg(feature = "ssr")]
pub(crate) async fn create_account(
    name: &str,
    email: &domain::form::EmailAddress,
    password: &str,
    role: domain::Role,
) -> Result<storage::accounts::Account, AppError> {
    let state = crate::state::app_state()?;
    match storage::accounts::create(
        &state.db,
        email.as_str(),
        name,
        role,
        password,
        crate::clock::now(),
    )
    .await
    {
        Ok(account) => Ok(account),
        Err(storage::StorageError::Conflict) => Err(AppError::validation(
            "email",
            "There is already an account for this email address: use another address",
        )),
        Err(other) => Err(other.into()),
    }
}
