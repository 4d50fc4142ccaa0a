//! The online form's post: `POST /make`, as `multipart/form-data` because it may carry the
//! evidence file. It works the same with and without JavaScript (the browser's script only
//! adds a progress bar): every answer is checked by the domain's rules, the file by its
//! size while it streams, its extension and its first bytes, and whatever was typed is kept
//! in a draft on the server. The answer is always a redirect: back to the form with the
//! problems (`/make?draft=…`), or on to "Check your answers" (`/make/check?draft=…`).

use std::collections::HashMap;

use app::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::evidence::{self, EvidenceError};
use domain::form::{ComplaintForm, ComplaintFormInput};
use futures_util::TryStreamExt;
use storage::StorageError;
use storage::blobs::{BlobError, new_key};
use storage::drafts::{self, Draft, DraftEvidence};
use tokio::io::AsyncReadExt;

/// The most a form post may carry: the file's limit and room for the answers.
pub const BODY_LIMIT: usize = evidence::MAX_BYTES as usize + 1024 * 1024;

/// The account signed in on this request, from the session cookie (shared with the files
/// of a case, `crate::files`).
pub(crate) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Option<storage::accounts::Account> {
    let token = app::auth::session::token_from_headers(headers)?;
    storage::accounts::session_account(&state.db, &token, state.clock.now())
        .await
        .ok()
        .flatten()
}

/// The form's answers as the domain reads them, from the posted fields.
pub fn form_input(fields: &HashMap<String, Vec<String>>) -> ComplaintFormInput {
    ComplaintFormInput::from_fields(|name| fields.get(name).cloned().unwrap_or_default())
}

/// `POST /make`.
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    match receive(&state, &headers, multipart).await {
        Ok(location) => Redirect::to(&location).into_response(),
        Err(StatusCode::BAD_REQUEST) => crate::security::bad_request(),
        Err(status) => status.into_response(),
    }
}

async fn receive(
    state: &AppState,
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> Result<String, StatusCode> {
    let account = signed_in(state, headers).await;
    let user_id = account.as_ref().map(|a| a.id);
    let now = state.clock.now();
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let mut new_file: Option<Result<DraftEvidence, EvidenceError>> = None;
    let mut stream_broke = false;

    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // A body over the limit: keep what arrived. Anything else is not a form post
            // a browser made.
            Err(e) => {
                tracing::info!(error = %e, "form post ended early");
                if e.status() != StatusCode::PAYLOAD_TOO_LARGE {
                    return Err(StatusCode::BAD_REQUEST);
                }
                stream_broke = true;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "evidence" {
            let file_name = field.file_name().unwrap_or_default().trim().to_owned();
            if file_name.is_empty() {
                continue;
            }
            new_file = Some(
                store_file(state, file_name, field)
                    .await
                    .map_err(|Internal| StatusCode::INTERNAL_SERVER_ERROR)?,
            );
            continue;
        }
        match field.text().await {
            Ok(value) => fields.entry(name).or_default().push(value),
            Err(_) => {
                stream_broke = true;
                break;
            }
        }
    }
    if stream_broke && new_file.is_none() {
        new_file = Some(Err(EvidenceError::TooLarge));
    }

    // The draft this post continues, if any (and if it is this person's).
    let token = fields
        .get("draft")
        .and_then(|v| v.first())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .cloned();
    let previous = match &token {
        Some(t) => drafts::load(&state.db, t, user_id, now).await.ok(),
        None => None,
    };
    let token = match (&token, &previous) {
        (Some(t), Some(_)) => t.clone(),
        _ => drafts::new_token(),
    };

    let input = form_input(&fields);
    let today = domain::london::to_london(now).date();
    let mut errors: Vec<(String, String)> = match ComplaintForm::parse(&input, today) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .0
            .into_iter()
            .map(|e| (e.field.to_owned(), e.message))
            .collect(),
    };
    // Staff logging a case also say how and when it reached us.
    if account.as_ref().is_some_and(app::make::logs_for_customers)
        && let Err(problems) = input.receiving(now)
    {
        errors.extend(
            problems
                .0
                .into_iter()
                .map(|e| (e.field.to_owned(), e.message)),
        );
    }
    let mut evidence = previous.and_then(|d| d.evidence);
    match new_file {
        Some(Ok(file)) => {
            if let Some(old) = evidence.replace(file) {
                let _ = state.blobs.delete(&old.key).await;
            }
        }
        Some(Err(refusal)) => {
            errors.push((EvidenceError::FIELD.to_owned(), refusal.to_string()));
        }
        None => {}
    }
    // "Remove the file" on the form.
    if fields.contains_key("remove_evidence")
        && let Some(old) = evidence.take()
    {
        let _ = state.blobs.delete(&old.key).await;
    }
    let clean = errors.is_empty();
    let draft = Draft {
        user_id,
        input,
        errors,
        evidence,
    };
    drafts::save(&state.db, &token, &draft, now)
        .await
        .map_err(|e: StorageError| {
            tracing::error!(error = ?e, "could not keep the draft");
            StatusCode::INTERNAL_SERVER_ERROR
        })?;
    Ok(if clean {
        format!("/make/check?draft={token}")
    } else {
        format!("/make?draft={token}")
    })
}

/// Reads the stored file whole (at most [`evidence::MAX_BYTES`]) and looks for macros.
async fn with_macros(state: &AppState, key: &str) -> Result<bool, Internal> {
    let mut bytes = Vec::new();
    state
        .blobs
        .open(key)
        .await
        .map_err(|_| Internal)?
        .take(evidence::MAX_BYTES)
        .read_to_end(&mut bytes)
        .await
        .map_err(|_| Internal)?;
    tokio::task::spawn_blocking(move || crate::macros::has_macros(&bytes))
        .await
        .map_err(|_| Internal)
}

/// Storage failed: the person sees a plain "something went wrong", the log the detail.
pub(crate) struct Internal;

/// Streams the file into the blob store (refusing it past the limit), then checks its
/// name, its first bytes and, for zips and compound files, whether it is an Office document
/// with macros; a refused file is removed again. The name is kept without control and
/// format characters ([`evidence::clean_file_name`]). Shared by the form's post and by
/// adding a file to an existing case (`crate::files`).
pub(crate) async fn store_file(
    state: &AppState,
    file_name: String,
    field: axum::extract::multipart::Field<'_>,
) -> Result<Result<DraftEvidence, EvidenceError>, Internal> {
    let file_name = evidence::clean_file_name(&file_name).trim().to_owned();
    let key = new_key();
    let reader = tokio_util::io::StreamReader::new(field.map_err(std::io::Error::other));
    let stored = match state
        .blobs
        .put(&key, Box::new(reader), evidence::MAX_BYTES)
        .await
    {
        Ok(stored) => stored,
        Err(BlobError::TooLarge) => return Ok(Err(EvidenceError::TooLarge)),
        // The connection broke mid-file: treat like a file we could not take.
        Err(BlobError::Io(e)) if e.kind() == std::io::ErrorKind::Other => {
            return Ok(Err(EvidenceError::TooLarge));
        }
        Err(e) => {
            tracing::error!(error = ?e, "could not store a file");
            return Err(Internal);
        }
    };
    let mut head = Vec::with_capacity(evidence::SNIFF_BYTES);
    let opened = state.blobs.open(&key).await.map_err(|_| Internal)?;
    opened
        .take(evidence::SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .await
        .map_err(|_| Internal)?;
    let mut checked = evidence::check(&file_name, stored.size, &head);
    if checked.is_ok() && crate::macros::may_hold_macros(&head) {
        checked = match with_macros(state, &key).await {
            Ok(false) => checked,
            Ok(true) => Err(EvidenceError::Macros),
            Err(Internal) => {
                let _ = state.blobs.delete(&key).await;
                return Err(Internal);
            }
        };
    }
    match checked {
        Ok(checked) => Ok(Ok(DraftEvidence {
            key,
            name: file_name,
            size: stored.size,
            sha256: stored.sha256,
            content_type: checked.file_type.content_type().to_owned(),
        })),
        Err(refusal) => {
            let _ = state.blobs.delete(&key).await;
            Ok(Err(refusal))
        }
    }
}
