//! What server functions need from the server, handed to them through Leptos context.

use std::sync::Arc;

use domain::Calendar;
use storage::Db;

/// Shared, cheap-to-clone application state: given to axum as router state and to every
/// server function through `leptos_routes_with_context`.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    /// Bank holidays and our closure days: every deadline is counted on it.
    pub calendar: Arc<Calendar>,
    /// Where attachment bytes go (by default, under the data directory).
    pub blobs: Arc<dyn storage::blobs::BlobStore>,
    /// History imports started from the admin page, with their progress.
    pub imports: Arc<crate::import::jobs::ImportJobs>,
    /// A mail server is set up, so the outbox is being sent.
    pub mail_configured: bool,
    /// Where "now" and "today" come from.
    pub clock: crate::clock::Clock,
    /// The start of every link the service writes into an e-mail (`https://host`, no path):
    /// the `public_url` setting's origin, never a request's `Host`, which anyone can write.
    pub public_base: String,
}

/// The state of the running server, or an internal error if a server function is somehow
/// called outside a request.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        crate::error::AppError::Internal
    })
}
