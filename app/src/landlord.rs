//! The landlord's own details (name, postal address, phone, email): read by every page's
//! footer, the front page and the letters; set by an administrator
//! (`domain::access::Action::SetLandlordDetails`) at `/admin/landlord`.

use crate::error::AppError;
use domain::Landlord;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role sets the landlord's details (administrators).
pub fn may_set_landlord(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::SetLandlordDetails)
}

/// The details in use, for anyone: they are what the landlord publishes.
#[server(endpoint = "landlord_details")]
pub async fn landlord_details() -> Result<Landlord, AppError> {
    let state = crate::state::app_state()?;
    Ok(storage::settings::landlord(&state.db).await?)
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
    crate::auth::session::require(domain::access::Action::SetLandlordDetails).await?;
    let state = crate::state::app_state()?;
    Ok(match storage::settings::landlord_set(&state.db).await? {
        None => LandlordView {
            landlord: Landlord::demo(),
            changed: None,
        },
        Some((landlord, changed)) => {
            let by = match changed.by {
                Some(id) => storage::accounts::find(&state.db, id)
                    .await?
                    .map(|a| format!(" by {}", a.display_name)),
                None => None,
            };
            LandlordView {
                landlord,
                changed: Some(format!(
                    "Changed on {}{}",
                    domain::deadlines::long_date(domain::london::to_london(changed.at).date()),
                    by.unwrap_or_default()
                )),
            }
        }
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
    let account = crate::auth::session::require(domain::access::Action::SetLandlordDetails).await?;
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("address", Some(&address)),
        ("phone", Some(&phone)),
        ("email", Some(&email)),
    ]);
    let result = async {
        let landlord = Landlord::parse(&domain::landlord::LandlordInput {
            name,
            address,
            phone,
            email,
        })?;
        let state = crate::state::app_state()?;
        storage::settings::set_landlord(&state.db, &landlord, account.id, crate::clock::now())
            .await?;
        tracing::info!(user = account.id, "landlord's details set");
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
