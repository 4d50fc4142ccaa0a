//! Server functions: the only way the browser reaches the server's data.
//!
//! Each one is a thin edge: find the application state, turn the input into domain types,
//! authorise through `domain::access`, call storage, map the error. The rules live in
//! `domain`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A case as its private tracking page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub reference: String,
    /// The date it was received, written out for people ("22 November 2026").
    pub received_on: String,
    pub description: String,
    pub status: String,
}

/// Records what the customer told us and sends them to the case's private tracking page.
#[server(endpoint = "submit_case")]
pub async fn submit_case(description: String) -> Result<String, AppError> {
    use storage::cases::{CaseDetails, NewCase, Opening, Who};
    let state = crate::state::app_state()?;
    let description = domain::Description::parse(&description)
        .map_err(|e| AppError::validation("description", e))?;
    let received_at = chrono::Utc::now();
    let details = CaseDetails::describing(description);
    let new = NewCase {
        channel: domain::Channel::OnlineForm,
        received_at,
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, received_at, &details, &state.calendar),
        details,
        recorded_by: Who {
            role: Some(domain::Role::Resident),
            ..Who::system()
        },
        linked_case: None,
        legacy_reference: None,
    };
    let created = storage::cases::create(&state.db, new, &state.calendar).await?;
    tracing::info!(reference = %created.reference, "case received");
    leptos_axum::redirect(&format!("/track/{}", created.tracking_token));
    Ok(created.reference.to_string())
}

/// Reads a case back through its private tracking token.
#[server(endpoint = "tracked_case")]
pub async fn tracked_case(token: String) -> Result<CaseSummary, AppError> {
    let state = crate::state::app_state()?;
    let record = storage::cases::find_by_tracking_token(&state.db, &token, &state.calendar).await?;
    Ok(CaseSummary {
        reference: record.reference.to_string(),
        received_on: domain::deadlines::day_month_year(
            domain::london::to_london(record.received_at).date(),
        ),
        description: record.details.what_happened.as_str().to_owned(),
        status: record.case.plain_status().to_owned(),
    })
}
