//! The online form's post: `POST /make`, as `multipart/form-data` because it may carry the
//! evidence file. It works the same with and without JavaScript (the browser's script only
//! adds a progress bar): every answer is checked by the domain's rules, the file by its
//! size while it streams, its extension and its first bytes, and whatever was typed is kept
//! in a draft on the server. The answer is always a redirect: back to the form with the
//! problems (`/make?draft=…`), or on to "Check your answers" (`/make/check?draft=…`).
//!
//! Nobody can fill the server's disk through it:
//! - a post keeps at most one file: further file parts are skipped unread, never stored;
//! - without an account, posts are limited per client address and for everyone together
//!   (`app::state::IntakeLimits`, counted in `storage::throttle` so every app server
//!   shares the count); past a limit the answer is 429 with `Retry-After`, decided before
//!   the body is read, and nothing is kept;
//! - the files of unsent drafts may take up only so much space together: past it the form
//!   is kept without its file, with a message by the file field;
//! - drafts expire after a day and the sweep (`crate::sweep`) removes them and their files.

use std::collections::HashMap;

use app::state::AppState;
use app::state::{ClientAddr, INTAKE_WINDOW_MINUTES};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::evidence::{self, EvidenceError};
use domain::form::{ComplaintForm, ComplaintFormInput, FormKind, NextPage, Section, after_sending};
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

/// The caller of an admin page's upload: 404 for someone not signed in, 403 (logged as
/// `what` refused) for someone whose role `may` not, as for files on a case.
pub(crate) async fn uploader(
    state: &AppState,
    headers: &HeaderMap,
    may: fn(domain::Role) -> bool,
    what: &str,
) -> Result<storage::accounts::Account, Response> {
    let Some(account) = signed_in(state, headers).await else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    if !may(account.role) {
        tracing::info!(user = account.id, role = %account.role, "{what} refused");
        return Err(StatusCode::FORBIDDEN.into_response());
    }
    Ok(account)
}

/// The form's answers as the domain reads them, from the posted fields.
pub fn form_input(fields: &HashMap<String, Vec<String>>) -> ComplaintFormInput {
    ComplaintFormInput::from_fields(|name| fields.get(name).cloned().unwrap_or_default())
}

/// `POST /make`.
pub async fn post(
    State(state): State<AppState>,
    client: Option<axum::Extension<ClientAddr>>,
    query: axum::extract::Query<HashMap<String, String>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let account = signed_in(&state, &headers).await;
    if account.is_none() {
        let client = client.map_or_else(|| ClientAddr("unknown".to_owned()), |c| c.0);
        // A page of a form already started (its draft named in the address, so this is
        // known before the body is read) counts against the pages' allowance, not the
        // forms'.
        let continuing = match query.get("draft").filter(|t| is_token(t)) {
            Some(token) => drafts::load(&state.db, token, None, state.clock.now())
                .await
                .is_ok(),
            None => false,
        };
        match within_limits(&state, &client, continuing).await {
            Ok(None) => {}
            Ok(Some(refusal)) => {
                drain(multipart).await;
                return refusal;
            }
            Err(Internal) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    match receive(&state, account, query.get("draft").cloned(), multipart).await {
        Ok(location) => Redirect::to(&location).into_response(),
        Err(StatusCode::BAD_REQUEST) => crate::security::bad_request(),
        Err(status) => status.into_response(),
    }
}

/// The most of a refused post's body read (and thrown away) before answering.
const DRAINED_BYTES: usize = 2 * 1024 * 1024;

/// Reads and discards a refused post's body, up to [`DRAINED_BYTES`], before the refusal is
/// sent: a client still sending would otherwise meet a closed connection and show a
/// connection error instead of the page saying why and when to try again. A bigger body is
/// left unread (the refusal closes the connection).
async fn drain(mut multipart: Multipart) {
    let mut read = 0usize;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(chunk)) = field.chunk().await {
            read += chunk.len();
            if read > DRAINED_BYTES {
                return;
            }
        }
    }
}

/// How many posts a form may take, pages and corrections included: a form continued is
/// counted against this many times the limits on forms started.
pub const PAGES_PER_FORM: u32 = 10;

fn is_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Counts a post without an account against the client's limit and everyone's (a page of
/// a form already started in the pages' own count); past either, the refusal to send
/// (429, with when to try again).
async fn within_limits(
    state: &AppState,
    client: &ClientAddr,
    continuing: bool,
) -> Result<Option<Response>, Internal> {
    let window = storage::throttle::Window(chrono::Duration::minutes(INTAKE_WINDOW_MINUTES));
    let now = state.clock.now();
    let limits = state.intake;
    let count = |bucket: String| async move {
        storage::throttle::hit(&state.db, &bucket, window, now)
            .await
            .map_err(|e| {
                tracing::error!(error = ?e, "could not count a form post");
                Internal
            })
    };
    let (bucket, times) = if continuing {
        ("intake-pages", PAGES_PER_FORM)
    } else {
        ("intake", 1)
    };
    let mine = count(format!("{bucket}:{}", client.0)).await?;
    let everyone = count(format!("{bucket}:*")).await?;
    let text = if mine > limits.per_client.saturating_mul(times) {
        "We have had a lot of forms from your connection in the last few minutes, so we did not \
         keep this one."
    } else if everyone > limits.overall.saturating_mul(times) {
        "We are receiving a very large number of forms just now, so we did not keep this one."
    } else {
        return Ok(None);
    };
    tracing::warn!(client = %client.0, mine, everyone, "form post over the intake limit");
    let wait = window.seconds_left(now);
    let minutes = (wait + 59) / 60;
    let mut refusal = crate::security::plain_page(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many forms sent",
        &format!(
            "{text} Please wait {minutes} minute{}, then go back and send it again: your \
             browser still has what you typed. If it is urgent, phone us.",
            if minutes == 1 { "" } else { "s" }
        ),
    );
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        refusal.headers_mut().insert(header::RETRY_AFTER, value);
    }
    // The body may not have been read to its end: the connection is not reused.
    refusal
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    Ok(Some(refusal))
}

async fn receive(
    state: &AppState,
    account: Option<storage::accounts::Account>,
    query_draft: Option<String>,
    mut multipart: Multipart,
) -> Result<String, StatusCode> {
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
            // One file a post: a further file part is skipped unread.
            if file_name.is_empty() || new_file.is_some() {
                continue;
            }
            new_file = Some(if room_for_a_file(state, now).await? {
                store_file(state, file_name, field)
                    .await
                    .map_err(|Internal| StatusCode::INTERNAL_SERVER_ERROR)?
            } else {
                tracing::warn!("the files of unsent forms take up all the space allowed");
                Err(EvidenceError::NoRoomNow)
            });
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
    // The draft named in the address decides (the limits were counted by it); a body
    // naming another is not a post a page made.
    let body_draft = fields.get("draft").and_then(|v| v.first());
    if let (Some(body), Some(address)) = (body_draft, &query_draft)
        && body != address
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    let token = query_draft
        .as_ref()
        .or(body_draft)
        .filter(|t| is_token(t))
        .cloned();
    let previous = match &token {
        Some(t) => drafts::load(&state.db, t, user_id, now).await.ok(),
        None => None,
    };
    let token = match (&token, &previous) {
        (Some(t), Some(_)) => t.clone(),
        _ => drafts::new_token(),
    };

    // A page of the form carries its own answers, kept with the draft's others; a post
    // naming no page carries the whole form.
    let posted = form_input(&fields);
    let first = |name: &str| fields.get(name).and_then(|v| v.first()).map(String::as_str);
    let section = first("section").and_then(Section::parse);
    let from_check = first("then") == Some("check");
    let caller = account.as_ref().map(service::Caller::person);
    let staff = service::intake::logs_for_customers(caller.as_ref());
    let (input, answered) = match (section, &previous) {
        (None, _) => (posted, Vec::new()),
        (Some(section), Some(previous)) => {
            let mut input = previous.input.clone();
            input.take_section(section, &posted);
            let mut answered = previous.answered.clone();
            answered.push(section);
            (input, answered)
        }
        (Some(section), None) => {
            let calendar = state.calendar.current();
            let mut input = service::intake::fresh(
                state.context(&calendar, now),
                caller.as_ref(),
                Some(&posted.kind),
                posted.customer_id.as_deref(),
            )
            .await
            .map_err(|e| match e {
                // A customer record that is not there: not a form a page made.
                service::ServiceError::NotFound => StatusCode::BAD_REQUEST,
                e => {
                    tracing::error!(error = ?e, "could not start a draft");
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            })?;
            input.take_section(section, &posted);
            (input, vec![section])
        }
    };
    let Some(kind) = FormKind::parse(&input.kind) else {
        return Err(StatusCode::BAD_REQUEST);
    };
    let mut input = input;
    // Questions this form does not ask are not kept (a compliment's remedy, a resident's
    // channel), and only staff log a case for a customer on record.
    for page in Section::ALL.into_iter().filter(|s| !s.applies(kind, staff)) {
        input.take_section(page, &ComplaintFormInput::default());
    }
    if !staff {
        input.customer_id = None;
    }
    let answered = match section {
        None => Section::sequence(kind, staff),
        Some(_) => Section::sequence(kind, staff)
            .into_iter()
            .filter(|s| answered.contains(s))
            .collect(),
    };
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
    if staff && let Err(problems) = input.receiving(now) {
        errors.extend(
            problems
                .0
                .into_iter()
                .map(|e| (e.field.to_owned(), e.message)),
        );
    }
    // Only the problems of pages already sent are shown (a page not yet seen is not wrong).
    errors.retain(|(field, _)| Section::of_field(field).is_none_or(|s| answered.contains(&s)));
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
    let next = match section {
        None if errors.is_empty() => NextPage::Check,
        None => domain::form::unfinished(kind, staff, &answered, &errors)
            .map_or(NextPage::Check, NextPage::Section),
        Some(sent) => after_sending(kind, staff, sent, &answered, &errors, from_check),
    };
    let draft = Draft {
        user_id,
        input,
        errors,
        evidence,
        answered,
    };
    drafts::save(&state.db, &token, &draft, now)
        .await
        .map_err(|e: StorageError| {
            tracing::error!(error = ?e, "could not keep the draft");
            StatusCode::INTERNAL_SERVER_ERROR
        })?;
    Ok(match next {
        NextPage::Check => app::make::check_href(&token),
        // The whole form came back with a problem: the first page that has one.
        NextPage::Section(page) => app::make::page_href(&token, page, from_check),
    })
}

/// Whether one more file of the largest size fits in the space unsent drafts may use.
async fn room_for_a_file(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, StatusCode> {
    let used = drafts::file_bytes(&state.db, now).await.map_err(|e| {
        tracing::error!(error = ?e, "could not read the space drafts use");
        StatusCode::INTERNAL_SERVER_ERROR
    })?;
    Ok(used.saturating_add(evidence::MAX_BYTES) <= state.intake.draft_file_bytes)
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
    let reader = tokio_util::io::StreamReader::new(field.map_err(std::io::Error::other));
    store_read(state, file_name, Box::new(reader)).await
}

/// [`store_file`] from any reader: the integration API's file, sent in its JSON.
pub(crate) async fn store_read(
    state: &AppState,
    file_name: String,
    reader: storage::blobs::Reader<'_>,
) -> Result<Result<DraftEvidence, EvidenceError>, Internal> {
    let file_name = evidence::clean_file_name(&file_name).trim().to_owned();
    let key = new_key();
    // Noted first: if this server stops before the file is recorded where it belongs, the
    // sweep finds the bytes by the note and deletes them (`storage::in_flight`).
    if let Err(e) = storage::in_flight::note(&state.db, &key, state.clock.now()).await {
        tracing::error!(error = ?e, "could not note a file on its way in");
        return Err(Internal);
    }
    let stored = match state.blobs.put(&key, reader, evidence::MAX_BYTES).await {
        Ok(stored) => stored,
        Err(BlobError::TooLarge) => {
            return Ok(Err(refused(state, &key, EvidenceError::TooLarge).await));
        }
        // The connection broke mid-file: treat like a file we could not take.
        Err(BlobError::Io(e)) if e.kind() == std::io::ErrorKind::Other => {
            return Ok(Err(refused(state, &key, EvidenceError::TooLarge).await));
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
                discard(state, &key).await;
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
        Err(refusal) => Ok(Err(refused(state, &key, refusal).await)),
    }
}

/// A file refused as it arrived: whatever was stored of it is discarded.
async fn refused(state: &AppState, key: &str, refusal: EvidenceError) -> EvidenceError {
    discard(state, key).await;
    refusal
}

/// Deletes a file that arrived but will not be recorded (refused, or its case was not
/// saved), and its note. What cannot be deleted now the sweep deletes by its note.
pub(crate) async fn discard(state: &AppState, key: &str) {
    match state.blobs.delete(key).await {
        Ok(()) | Err(BlobError::NotFound) => {
            if let Err(e) = storage::in_flight::forget(&state.db, key).await {
                tracing::warn!(error = ?e, "could not forget a discarded file's note");
            }
        }
        Err(e) => tracing::warn!(error = ?e, "could not delete a discarded file; the sweep will"),
    }
}
