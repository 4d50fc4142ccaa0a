//! The HTTP status a page answers with when it could not show what was asked for.

use crate::error::AppError;

/// Sets the status of the server-rendered answer for `error` (a missing case answers 404,
/// a refused one 403). In the browser it does nothing: the page is already there.
pub fn answer_with(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(match error {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Validation { .. } => http::StatusCode::BAD_REQUEST,
            AppError::Stale => http::StatusCode::CONFLICT,
            _ => http::StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}
