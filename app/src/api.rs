//! Server functions: the only way the browser reaches the server's data.
//!
//! Each one is a thin edge: find the application state, turn the input into domain types,
//! call one storage function, map the error. The rules live in `domain`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A case as its tracking page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub reference: String,
    /// The date it was received, written out for people ("22 November 2026").
    pub received_on: String,
    pub description: String,
}

/// Records what the customer told us and sends them to the case's private tracking page.
#[server(endpoint = "submit_case")]
pub async fn submit_case(description: String) -> Result<String, AppError> {
    let state = crate::state::app_state()?;
    let description = domain::Description::parse(&description)
        .map_err(|e| AppError::validation("description", e))?;
    let created = storage::cases::create(&state.db, &description, chrono::Utc::now()).await?;
    tracing::info!(reference = %created.reference, "case received");
    leptos_axum::redirect(&format!("/track/{}", created.tracking_token));
    Ok(created.reference.to_string())
}

/// Reads a case back through its private tracking token.
#[server(endpoint = "tracked_case")]
pub async fn tracked_case(token: String) -> Result<CaseSummary, AppError> {
    let state = crate::state::app_state()?;
    let record = storage::cases::find_by_tracking_token(&state.db, &token).await?;
    Ok(CaseSummary {
        reference: record.reference.to_string(),
        received_on: record.received_at.format("%-d %B %Y").to_string(),
        description: record.description.as_str().to_owned(),
    })
}
