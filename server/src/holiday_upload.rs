//! `POST /admin/calendar/bank-holidays`: GOV.UK's bank-holidays file uploaded on the
//! calendar page (`app::calendar`), outside Leptos because it is a file, and a plain
//! multipart post so it works without JavaScript.
//!
//! The file is small (GOV.UK's is about 20 KB; more than
//! [`app::calendar::HOLIDAYS_MAX_BYTES`] is refused), read whole, checked by the domain
//! (`domain::calendar::ImportedHolidays`) and stored; then the calendar every server counts
//! with changes, the open complaints are counted again and the import is recorded with what
//! it did. Someone not signed in gets 404, someone who may not keep the calendar 403. A
//! refused file goes back to the page with the reason in the address.

use app::calendar::{HOLIDAYS_FILE_FIELD, HOLIDAYS_MAX_BYTES, HolidaysRefusal, may_manage};
use app::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::calendar::{GovUkFeed, ImportedHolidays};

use crate::submit::uploader;

/// The route's body limit. Above the file's own limit, so that a file a little too big is
/// read and refused with a message on the page rather than a bare "too large" answer.
pub const BODY_LIMIT: usize = 4 * HOLIDAYS_MAX_BYTES;

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let account = match uploader(&state, &headers, may_manage, "bank-holidays upload").await {
        Ok(account) => account,
        Err(refused) => return refused,
    };
    let back = |refusal: HolidaysRefusal| {
        Redirect::to(&format!("/admin/calendar?{}#holidays", refusal.query())).into_response()
    };
    let (name, bytes) = match receive(multipart).await {
        Ok(Some(file)) => file,
        Ok(None) => return back(HolidaysRefusal::NoFile),
        Err(None) => return crate::security::bad_request(),
        Err(Some(refusal)) => return back(refusal),
    };
    let Ok(feed) = serde_json::from_slice::<GovUkFeed>(&bytes) else {
        return back(HolidaysRefusal::NotJson);
    };
    let imported = match ImportedHolidays::from_feed(&feed) {
        Ok(imported) => imported,
        Err(e) => return back(HolidaysRefusal::File(e)),
    };
    let calendar = state.calendar.current();
    let saved = state
        .calendar
        .after_change(
            &state.db,
            service::calendar::import_bank_holidays(
                state.context(&calendar, state.clock.now()),
                &service::Caller::person(&account),
                &imported,
                &name,
            )
            .await,
        )
        .await;
    match saved {
        Ok(changed) => {
            let (years, moved) = (changed.change, changed.moved.len());
            Redirect::to(&format!(
                "/admin/calendar?imported={}&moved={moved}",
                years.replace(' ', "+")
            ))
            .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "could not import bank holidays");
            crate::security::plain_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service",
                "The bank holidays were not imported. Please try again in a few minutes.",
            )
        }
    }
}

/// The uploaded file's name and bytes; `Ok(None)` when none was chosen, `Err(None)` for a
/// body that is not a readable multipart form.
async fn receive(
    mut multipart: Multipart,
) -> Result<Option<(String, Vec<u8>)>, Option<HolidaysRefusal>> {
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(None),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Some(HolidaysRefusal::TooBig));
            }
            Err(e) => {
                tracing::info!(error = %e, "malformed bank-holidays upload");
                return Err(None);
            }
        };
        if field.name() != Some(HOLIDAYS_FILE_FIELD) {
            continue;
        }
        let name: String = crate::import_upload::base_name(field.file_name().unwrap_or_default())
            .chars()
            .take(100)
            .collect();
        if name.is_empty() {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > HOLIDAYS_MAX_BYTES {
                        return Err(Some(HolidaysRefusal::TooBig));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(Some(HolidaysRefusal::TooBig));
                }
                Err(e) => {
                    tracing::info!(error = %e, "bank-holidays upload cut short");
                    return Err(None);
                }
            }
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        return Ok(Some((name, bytes)));
    }
}
