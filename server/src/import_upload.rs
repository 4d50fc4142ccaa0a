//! `POST /admin/import`: the admin page's upload (see `app::import`), outside Leptos because
//! it is a file, and a plain multipart post so it works without JavaScript.
//!
//! The file (field `file`) is streamed to a temporary file, never held in memory; then the
//! import runs as a background job and the browser is sent to `/admin/import?job=N` to
//! watch it. Someone not signed in gets 404, someone who may not import 403, as for files
//! on a case. A missing or empty file, or a post cut short, goes back to the page with the
//! reason in the address.

use std::path::PathBuf;

use app::import::{DRY_RUN_FIELD, FILE_FIELD, UploadRefusal};
use app::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::submit::signed_in;

/// The biggest file accepted: a million rows take about 110 MB.
pub const BODY_LIMIT: usize = 1024 * 1024 * 1024;

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    // The right to import, before a byte of the file is received.
    let Some(account) = signed_in(&state, &headers).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let importer = match service::history::Importer::for_caller(&service::Caller::person(&account))
    {
        Ok(importer) => importer,
        Err(err) => {
            tracing::info!(user = account.id, role = %account.role, error = ?err, "history import refused");
            return StatusCode::FORBIDDEN.into_response();
        }
    };
    let back = |refusal: UploadRefusal| {
        Redirect::to(&format!("/admin/import?error={}", refusal.code())).into_response()
    };
    let received = match receive(multipart).await {
        Ok(received) => received,
        Err(None) => return crate::security::bad_request(),
        Err(Some(refusal)) => return back(refusal),
    };
    let Upload {
        file: Some((name, path, size)),
        dry_run,
    } = received
    else {
        return back(UploadRefusal::NoFile);
    };
    if size == 0 {
        let _ = tokio::fs::remove_file(&path).await;
        return back(UploadRefusal::Empty);
    }
    let started = state
        .imports
        .start(
            &state.db,
            account.id,
            &name,
            dry_run,
            size,
            state.clock.now(),
        )
        .await;
    let (id, watcher) = match started {
        Ok(started) => started,
        Err(e) => {
            tracing::error!(error = ?e, "an import job could not be recorded");
            let _ = tokio::fs::remove_file(&path).await;
            return back(UploadRefusal::Failed);
        }
    };
    tracing::info!(
        user = account.id,
        job = id,
        size,
        dry_run,
        "history import started"
    );
    tokio::spawn(async move {
        let calendar = state.calendar.current();
        let ctx = state.context(&calendar, state.clock.now());
        let work = importer.import(ctx, &path, dry_run, watcher.clone());
        let ended = state
            .imports
            .run(&state.db, state.clock, id, watcher, work)
            .await;
        if let app::import::JobState::Finished { imported, .. } = ended {
            tracing::info!(job = id, imported, "history import finished");
        }
        let _ = tokio::fs::remove_file(&path).await;
    });
    Redirect::to(&format!("/admin/import?job={id}")).into_response()
}

struct Upload {
    /// The name the browser gave, where it was saved, and its size in bytes.
    file: Option<(String, PathBuf, u64)>,
    dry_run: bool,
}

/// Reads the whole post: the file to a temporary file, and the dry-run box. `Err(None)`
/// for a body that is not a readable multipart form.
async fn receive(mut multipart: Multipart) -> Result<Upload, Option<UploadRefusal>> {
    let mut upload = Upload {
        file: None,
        dry_run: false,
    };
    let result = async {
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => return Ok(()),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    tracing::info!(error = %e, "import upload over the limit");
                    return Err(Some(UploadRefusal::Failed));
                }
                Err(e) => {
                    tracing::info!(error = %e, "malformed import upload");
                    return Err(None);
                }
            };
            match field.name() {
                Some(name) if name == DRY_RUN_FIELD => {
                    upload.dry_run = field.text().await.is_ok_and(|v| v == "yes");
                }
                Some(name) if name == FILE_FIELD && upload.file.is_none() => {
                    let name = base_name(field.file_name().unwrap_or_default());
                    if name.is_empty() {
                        continue;
                    }
                    let path = std::env::temp_dir().join(format!(
                        "putright-import-{}.csv",
                        uuid::Uuid::new_v4().simple()
                    ));
                    // Recorded before writing, so a failure part-way still removes it.
                    upload.file = Some((name, path.clone(), 0));
                    let size = save(field, &path).await.map_err(Some)?;
                    if let Some(file) = &mut upload.file {
                        file.2 = size;
                    }
                }
                _ => {}
            }
        }
    }
    .await;
    match result {
        Ok(()) => Ok(upload),
        Err(refusal) => {
            if let Some((_, path, _)) = &upload.file {
                let _ = tokio::fs::remove_file(path).await;
            }
            Err(refusal)
        }
    }
}

async fn save(
    mut field: axum::extract::multipart::Field<'_>,
    path: &std::path::Path,
) -> Result<u64, UploadRefusal> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::warn!(error = %e, "could not save an import upload");
        UploadRefusal::Failed
    };
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(|e| failed(&e))?;
    let mut size = 0u64;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| failed(&e))?;
        size += chunk.len() as u64;
        file.write_all(&chunk).await.map_err(|e| failed(&e))?;
    }
    file.flush().await.map_err(|e| failed(&e))?;
    Ok(size)
}

/// The file's own name, without any folders an old browser sent with it.
pub(crate) fn base_name(sent: &str) -> String {
    sent.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}
