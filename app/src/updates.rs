//! Keeping the customer informed (`domain::updates`), at
//! `/staff/cases/{reference}/updates`: how often we agreed to update them, when the next
//! update is due, and each update given. Staff who work cases (`Action::KeepInformed`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A case's updates as its pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatesView {
    pub reference: String,
    /// The interval agreed, as its label ("Every week").
    pub every: Option<String>,
    /// Its code, to start the form from.
    pub every_code: String,
    /// "Friday 11 December 2026".
    pub next: Option<String>,
    /// The next update is due now.
    pub due: bool,
    pub may_update: bool,
}

#[cfg(feature = "ssr")]
pub(crate) fn updates_of(
    stored: &storage::cases::StoredCase,
    today: chrono::NaiveDate,
    may_update: bool,
) -> UpdatesView {
    let (every, next) = stored.updates.unzip();
    UpdatesView {
        reference: stored.reference.to_string(),
        every: every.map(|e| e.label().to_owned()),
        every_code: every.map_or_else(String::new, |e| e.code().to_owned()),
        next: next.map(domain::deadlines::long_date),
        // Once the case is closed, nothing more is due.
        due: stored.case.status() == domain::lifecycle::Status::Open
            && domain::updates::update_due(next, today),
        may_update,
    }
}

/// The updates page's content.
#[server(endpoint = "updates_page")]
pub async fn updates_page(reference: String) -> Result<UpdatesView, AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::KeepInformed).await?;
    let scope = crate::state::scope()?;
    let case = service::steps::OnCase::read(scope.ctx(), &access.reached).await?;
    Ok(updates_of(&case.stored, crate::clock::today(), true))
}

/// Agrees how often we update the customer.
#[server(endpoint = "agree_updates")]
pub async fn agree_updates(
    reference: String,
    #[server(default)] every: String,
) -> Result<(), AppError> {
    let page = format!("/staff/cases/{reference}/updates");
    let typed = crate::refusal::Typed::new(&[("every", Some(&every))]);
    let result = async {
        let access =
            crate::cases::guard::case_access(&reference, domain::access::Action::KeepInformed)
                .await?;
        let scope = crate::state::scope()?;
        service::updates::agree(scope.ctx(), &access.caller, &access.reached, &every).await?;
        leptos_axum::redirect(&format!("{page}?saved=agreed"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(&page, <AgreeUpdates as server_fn::ServerFn>::PATH, &result);
    result
}

/// Records an update given to the customer.
#[server(endpoint = "record_update")]
pub async fn record_update(
    reference: String,
    #[server(default)] how: String,
    #[server(default)] summary: String,
) -> Result<(), AppError> {
    let page = format!("/staff/cases/{reference}/updates");
    let typed = crate::refusal::Typed::new(&[("how", Some(&how)), ("summary", Some(&summary))]);
    let result = async {
        let access =
            crate::cases::guard::case_access(&reference, domain::access::Action::KeepInformed)
                .await?;
        let scope = crate::state::scope()?;
        service::updates::record(scope.ctx(), &access.caller, &access.reached, &how, &summary)
            .await?;
        leptos_axum::redirect(&format!("/staff/cases/{reference}?saved=update"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(&page, <RecordUpdate as server_fn::ServerFn>::PATH, &result);
    result
}
