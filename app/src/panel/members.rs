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

/// The tenant panel, by name.
#[server(endpoint = "panel_members")]
pub async fn panel_members() -> Result<Vec<PanelMemberLine>, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    Ok(service::people::panel_members(scope.ctx(), &caller)
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
    let caller = crate::auth::session::caller().await?;
    // The password is never sent back in an address.
    let typed = crate::refusal::Typed::new(&[("name", Some(&name)), ("email", Some(&email))]);
    let result = async {
        let scope = crate::state::scope()?;
        let member = service::people::add_panel_member(
            scope.ctx(),
            &caller,
            service::people::NewAccount {
                name: &name,
                email: &email,
                password: &password,
            },
        )
        .await?;
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
