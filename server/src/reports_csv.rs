//! `GET /reports/{year}/{table}.csv`: one table of the reports page as a CSV download.
//!
//! The same use case as the page (`service::reports::year`): anyone not signed in, or
//! whose role may not see reports, gets 403; an unknown year or table 404. The table is
//! `Report::table` of that report, exactly what the page shows. Only counts: nothing personal, but still `no-store`, like every report.

use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::reports::ReportingYear;

use crate::submit::signed_in;

/// `GET /reports/{year}/{file}` where `file` is `{table}.csv`.
pub async fn download(
    State(state): State<AppState>,
    Path((year, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match csv(&state, &headers, &year, &file).await {
        Ok(response) => response,
        Err(status) => status.into_response(),
    }
}

async fn csv(
    state: &AppState,
    headers: &HeaderMap,
    year: &str,
    file: &str,
) -> Result<Response, StatusCode> {
    let account = signed_in(state, headers)
        .await
        .ok_or(StatusCode::FORBIDDEN)?;
    let caller = service::Caller::person(&account);
    // Refused before anything is read from the address or counted.
    if let Err(refused) = caller.may(
        &domain::access::CaseRelation::NONE,
        domain::access::Action::ViewReports,
    ) {
        tracing::info!(user = account.id, role = %account.role, error = ?refused, "report download refused");
        return Err(StatusCode::FORBIDDEN);
    }
    let year = ReportingYear::parse(year).map_err(|_| StatusCode::NOT_FOUND)?;
    let slug = file.strip_suffix(".csv").ok_or(StatusCode::NOT_FOUND)?;
    if !domain::reports::TABLE_SLUGS.contains(&slug) {
        return Err(StatusCode::NOT_FOUND);
    }
    let calendar = state.calendar.current();
    let counted =
        service::reports::year(state.context(&calendar, state.clock.now()), &caller, year);
    let report = counted.await.map_err(|e| match e {
        service::ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
        e => {
            tracing::error!(error = ?e, "could not count the report");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    })?;
    let table = report.table(slug).ok_or(StatusCode::NOT_FOUND)?;
    let name = format!("putright-{}-{slug}.csv", year.year());
    let mut response = table.to_csv().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
