//! The root causes staff choose when they answer a complaint, kept by an administrator or the
//! complaints manager ([`domain::access::Action::ManageRootCauses`]) at
//! `/admin/root-causes`: added, renamed, retired and restored, by the rules in
//! [`domain::learning::lists`].

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role keeps the list of root causes.
pub fn may_manage(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageRootCauses)
}

/// One root cause on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCauseLine {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub in_use: bool,
    /// Cases whose response recorded it.
    pub cases: u64,
}

/// Every root cause, in use first.
#[server(endpoint = "root_causes")]
pub async fn root_causes() -> Result<Vec<RootCauseLine>, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    Ok(service::root_causes::list(scope.ctx(), &caller)
        .await?
        .into_iter()
        .map(|c| RootCauseLine {
            id: c.id,
            name: c.name,
            description: c.description,
            in_use: c.active,
            cases: c.cases,
        })
        .collect())
}

/// One root cause, for its change page.
#[server(endpoint = "root_cause", input = server_fn::codec::GetUrl)]
pub async fn root_cause(id: String) -> Result<RootCauseLine, AppError> {
    crate::auth::session::caller_who_may(domain::access::Action::ManageRootCauses).await?;
    let id = id.trim().parse::<i32>().map_err(|_| AppError::NotFound)?;
    root_causes()
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)
}

/// Adds a root cause (no `id`) or changes one's name and what belongs in it; every problem
/// at once, and a refused plain post goes back with what was typed.
#[server(endpoint = "save_root_cause")]
pub async fn save_root_cause(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageRootCauses).await?;
    let editing = match id.trim() {
        "" => None,
        text => Some(text.parse::<i32>().map_err(|_| AppError::NotFound)?),
    };
    let page = editing.map_or_else(
        || "/admin/root-causes".to_owned(),
        |id| format!("/admin/root-causes/{id}"),
    );
    let typed =
        crate::refusal::Typed::new(&[("name", Some(&name)), ("description", Some(&description))]);
    let result = async {
        let scope = crate::state::scope()?;
        let saved =
            service::root_causes::save(scope.ctx(), &caller, editing, &name, &description).await?;
        let done = if editing.is_some() {
            "changed"
        } else {
            "added"
        };
        leptos_axum::redirect(&format!("/admin/root-causes?{done}={saved}"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(&page, <SaveRootCause as server_fn::ServerFn>::PATH, &result);
    result
}

/// Retires a root cause (`in_use` "no") or restores it ("yes").
#[server(endpoint = "set_root_cause_in_use")]
pub async fn set_root_cause_in_use(id: i32, in_use: String) -> Result<(), AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageRootCauses).await?;
    let in_use = match in_use.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest),
    };
    let scope = crate::state::scope()?;
    let result = service::root_causes::set_in_use(scope.ctx(), &caller, id, in_use)
        .await
        .map_err(AppError::from)
        .map(|()| {
            let done = if in_use { "restored" } else { "retired" };
            leptos_axum::redirect(&format!("/admin/root-causes?{done}={id}"));
        });
    if let Err(error) = &result {
        crate::refusal::back_with_typed(
            "/admin/root-causes",
            <SetRootCauseInUse as server_fn::ServerFn>::PATH,
            &[],
            error,
        );
    }
    result
}
