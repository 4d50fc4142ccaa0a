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
pub const ROLES: [domain::Role; 6] = [
    domain::Role::Officer,
    domain::Role::Manager,
    domain::Role::ComplaintsManager,
    domain::Role::HeadOfService,
    domain::Role::Admin,
    domain::Role::BoardMember,
];

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

#[cfg(feature = "ssr")]
async fn administrator() -> Result<storage::accounts::Account, AppError> {
    let account = crate::auth::session::require(domain::access::Action::ManageUsers).await?;
    Ok(account)
}

/// Every staff and board account, by name, with their managers.
#[server(endpoint = "staff_accounts")]
pub async fn staff_accounts() -> Result<StaffList, AppError> {
    administrator().await?;
    let state = crate::state::app_state()?;
    let all = storage::accounts::with_managers(&state.db, &ROLES).await?;
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

/// The manager a form names: blank for nobody.
#[cfg(feature = "ssr")]
fn manager_field(manager: Option<String>) -> Result<Option<i32>, AppError> {
    match manager.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| AppError::validation("manager", "Choose a manager from the list")),
    }
}

#[cfg(feature = "ssr")]
async fn set_manager_of(member: i32, manager: Option<i32>) -> Result<(), AppError> {
    use storage::accounts::TeamError;
    let state = crate::state::app_state()?;
    match storage::accounts::set_manager(&state.db, member, manager).await {
        Ok(()) => Ok(()),
        Err(TeamError::Storage(storage::StorageError::NotFound)) => Err(AppError::NotFound),
        Err(TeamError::Storage(other)) => Err(other.into()),
        Err(refusal) => Err(AppError::validation("manager", refusal)),
    }
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
    let admin = administrator().await?;
    // The password is never sent back in an address.
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("email", Some(&email)),
        ("role", role.as_deref()),
        ("manager", manager.as_deref()),
    ]);
    let result = async {
        use crate::error::CheckAll;
        use crate::panel::members::{check_new_account, create_account};
        let role = role
            .as_deref()
            .and_then(|r| ROLES.into_iter().find(|role| role.as_str() == r))
            .ok_or_else(|| AppError::validation("role", "Choose the person's role"));
        let checks = check_new_account(&name, "Enter the person's full name", &email, &password);
        let (name, email, role, manager, ()) = (
            checks.name,
            checks.email,
            role,
            manager_field(manager),
            checks.password,
        )
            .check_all()?;
        let account = create_account(&name, &email, &password, role).await?;
        set_manager_of(account.id, manager).await?;
        tracing::info!(user = admin.id, account = account.id, role = %role, "staff account added");
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
    let admin = administrator().await?;
    let manager = manager_field(manager)?;
    let state = crate::state::app_state()?;
    let person = storage::accounts::find(&state.db, member)
        .await?
        .filter(|a| ROLES.contains(&a.role))
        .ok_or(AppError::NotFound)?;
    set_manager_of(person.id, manager).await?;
    tracing::info!(user = admin.id, member, ?manager, "manager set");
    Ok(())
}
