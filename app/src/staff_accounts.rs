//! Staff and board accounts (`/admin/staff`): who works here, in which role, and who
//! manages whom. Administrators only (`domain::access::Action::ManageUsers`).
//!
//! Rules we chose where SPEC is silent:
//! - **Who may manage people.** A manager, the complaints manager or a head of service; an
//!   officer, an administrator or a board member manages nobody.
//! - **Teams.** Someone's team is the people whose manager they are. The work queue's "My
//!   team" and the deadline warnings (handler, then their manager) follow it.
//! - **First passwords** follow the panel's rule: set by the administrator, 12 characters or
//!   more, given in person or by phone.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The roles an administrator gives here (residents register themselves; panel members are
/// added on the panel's page).
pub const ROLES: [domain::Role; 6] = domain::Role::STAFF_AND_BOARD;

/// Whether someone with this role manages accounts (the header shows them the page).
pub fn may_manage_accounts(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageUsers)
}

/// One account in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLine {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: String,
    pub manager_id: Option<i32>,
    pub manager: Option<String>,
}

/// A person who may be chosen as a manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerChoice {
    pub id: i32,
    pub name: String,
}

/// The page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffList {
    pub people: Vec<StaffLine>,
    pub managers: Vec<ManagerChoice>,
}

/// Every staff and board account, by name, with their managers.
#[server(endpoint = "staff_accounts")]
pub async fn staff_accounts() -> Result<StaffList, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let all = service::people::staff(scope.ctx(), &caller).await?;
    let name_of = |id: i32| {
        all.iter()
            .find(|(a, _)| a.id == id)
            .map(|(a, _)| a.display_name.clone())
    };
    let people = all
        .iter()
        .map(|(a, manager)| StaffLine {
            id: a.id,
            name: a.display_name.clone(),
            email: a.email.clone(),
            role: a.role.label().to_owned(),
            manager_id: *manager,
            manager: manager.and_then(name_of),
        })
        .collect();
    let managers = all
        .iter()
        .filter(|(a, _)| a.role.manages_people())
        .map(|(a, _)| ManagerChoice {
            id: a.id,
            name: a.display_name.clone(),
        })
        .collect();
    Ok(StaffList { people, managers })
}

/// Adds a staff or board account with a first password, and their manager if chosen.
#[server(endpoint = "add_staff")]
pub async fn add_staff(
    name: String,
    email: String,
    #[server(default)] role: Option<String>,
    #[server(default)] manager: Option<String>,
    password: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    // The password is never sent back in an address.
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("email", Some(&email)),
        ("role", role.as_deref()),
        ("manager", manager.as_deref()),
    ]);
    let result = async {
        let scope = crate::state::scope()?;
        let account = service::people::add_staff(
            scope.ctx(),
            &caller,
            service::people::NewAccount {
                name: &name,
                email: &email,
                password: &password,
            },
            role.as_deref().unwrap_or_default(),
            manager.as_deref().unwrap_or_default(),
        )
        .await?;
        leptos_axum::redirect(&format!("/admin/staff?added={}", account.id));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/staff",
        <AddStaff as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Sets, changes or clears someone's manager.
#[server(endpoint = "set_manager")]
pub async fn set_manager(
    member: i32,
    #[server(default)] manager: Option<String>,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::people::set_manager(
        scope.ctx(),
        &caller,
        member,
        manager.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(())
}
