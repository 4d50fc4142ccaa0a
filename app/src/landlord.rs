//! The landlord's own details (name, postal address, phone, email) and the Housing
//! Ombudsman's: read by every page's footer, the front page, a resident's case and the
//! letters; set by an administrator (`domain::access::Action::SetLandlordDetails`) at
//! `/admin/landlord` and `/admin/ombudsman`.

use crate::error::AppError;
use domain::Landlord;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role sets the landlord's details (administrators).
pub fn may_set_landlord(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::SetLandlordDetails)
}

/// How residents reach the landlord and the Housing Ombudsman, as every page's footer and
/// the front page give them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    pub landlord: Landlord,
    pub ombudsman: domain::landlord::OmbudsmanContact,
}

/// The details in use, for anyone (they are what the landlord publishes), as this server
/// keeps them (`crate::state::SharedContacts`): no database read.
#[server(endpoint = "landlord_details")]
pub async fn landlord_details() -> Result<Contacts, AppError> {
    let state = crate::state::app_state()?;
    Ok(Contacts::clone(&state.contacts.current()))
}

/// After an administrator saved either's details: every page of this server shows them at
/// once (the others read them within [`crate::state::REFRESH_SECONDS`]).
#[cfg(feature = "ssr")]
async fn contacts_changed(scope: &crate::state::Scope) {
    if let Err(e) = scope.state.contacts.reload(&scope.state.db).await {
        tracing::error!(error = ?e, "reading the contact details again failed");
    }
}

/// "Changed on Monday 6 April 2026 by Ada Admin".
#[cfg(feature = "ssr")]
pub(crate) fn changed_words<T>(saved: &service::settings::Saved<T>) -> String {
    format!(
        "Changed on {}{}",
        domain::deadlines::long_date(domain::london::to_london(saved.at).date()),
        saved
            .by
            .as_ref()
            .map(|a| format!(" by {}", a.display_name))
            .unwrap_or_default()
    )
}

/// The Ombudsman's settings page: the details in use, and when and by whom they were set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanView {
    pub contact: domain::landlord::OmbudsmanContact,
    /// `None` while the published details built in are in use.
    pub changed: Option<String>,
}

#[server(endpoint = "ombudsman_settings")]
pub async fn ombudsman_settings() -> Result<OmbudsmanView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let saved = service::settings::ombudsman(scope.ctx(), &caller).await?;
    Ok(match saved {
        None => OmbudsmanView {
            contact: Default::default(),
            changed: None,
        },
        Some(saved) => OmbudsmanView {
            changed: Some(changed_words(&saved)),
            contact: saved.value,
        },
    })
}

/// Checks and saves the Ombudsman's details, every problem at once.
#[server(endpoint = "set_ombudsman")]
pub async fn set_ombudsman(
    ombudsman_address: String,
    ombudsman_phone: String,
    ombudsman_email: String,
    ombudsman_website: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let typed = crate::refusal::Typed::new(&[
        ("ombudsman_address", Some(&ombudsman_address)),
        ("ombudsman_phone", Some(&ombudsman_phone)),
        ("ombudsman_email", Some(&ombudsman_email)),
        ("ombudsman_website", Some(&ombudsman_website)),
    ]);
    let result = async {
        let scope = crate::state::scope()?;
        service::settings::set_ombudsman(
            scope.ctx(),
            &caller,
            &domain::landlord::OmbudsmanInput {
                address: ombudsman_address,
                phone: ombudsman_phone,
                email: ombudsman_email,
                website: ombudsman_website,
            },
        )
        .await?;
        contacts_changed(&scope).await;
        leptos_axum::redirect("/admin/ombudsman?saved=1");
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/ombudsman",
        <SetOmbudsman as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// The settings page: the details as set, when and by whom, or the demo landlord's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordView {
    pub landlord: Landlord,
    /// "Changed on Monday 6 April 2026 by Ada Admin", or `None` while the demo details
    /// are in use.
    pub changed: Option<String>,
}

#[server(endpoint = "landlord_settings")]
pub async fn landlord_settings() -> Result<LandlordView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let saved = service::settings::landlord(scope.ctx(), &caller).await?;
    Ok(match saved {
        None => LandlordView {
            landlord: Landlord::demo(),
            changed: None,
        },
        Some(saved) => LandlordView {
            changed: Some(changed_words(&saved)),
            landlord: saved.value,
        },
    })
}

/// Checks and saves the details, every problem at once; then shows the page again.
#[server(endpoint = "set_landlord")]
pub async fn set_landlord(
    name: String,
    address: String,
    phone: String,
    email: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("address", Some(&address)),
        ("phone", Some(&phone)),
        ("email", Some(&email)),
    ]);
    let result = async {
        let scope = crate::state::scope()?;
        service::settings::set_landlord(
            scope.ctx(),
            &caller,
            &domain::landlord::LandlordInput {
                name,
                address,
                phone,
                email,
            },
        )
        .await?;
        contacts_changed(&scope).await;
        leptos_axum::redirect("/admin/landlord?saved=1");
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/landlord",
        <SetLandlord as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
