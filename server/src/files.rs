//! Files on an existing case, outside Leptos because they are bytes, not pages.
//!
//! - `GET /files/{token}` streams one file back to someone who may see its case in full: the
//!   customer, a representative whose authority we confirmed, or staff
//!   (`domain::access::Action::ViewCase`). Involved customers, who only ever see a redacted
//!   case, get only a file staff shared for a review they were invited to, while their
//!   invitation is accepted (or answered) and the review is under way, under a neutral
//!   name, and then only the copy made safe to share (`storage::cleaning`) that the
//!   complaints manager approved with the redacted file (`service::redaction`); staff get that
//!   same copy with `?copy=panel`. Anyone else, a file that does not exist, or a browser that is not signed in all
//!   get the same 404. The token is 128 random bits (`storage::attachments::new_token`),
//!   so one file's address tells nothing of another's.
//! - `POST /cases/{reference}/files` adds one (`multipart/form-data`, field `evidence`),
//!   checked exactly as the online form checks its file (`crate::submit::store_file`). The
//!   answer is always a redirect back to the case page's files (see `app::files`), except
//!   for someone who may not see the case (404) or may see but not add to it (403).
//!
//! A file is shown in the browser only if its type allows it
//! (`domain::evidence::FileType::inline_allowed`); HTML, SVG, JAR and DMG, like every other
//! type, are only ever saved. Every answer says `nosniff`, so a browser never second-guesses
//! the type, and `no-store`, so no shared or local cache keeps a copy of someone's evidence.

use app::files::{FileRefusal, address_after};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::CaseReference;
use domain::evidence::{EvidenceError, FileType};
use storage::attachments::{Attachment, NewAttachment};
use storage::blobs::BlobError;
use storage::drafts::DraftEvidence;

use crate::submit::{Internal, signed_in, store_file};

/// `GET /files/{token}`.
pub async fn download(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let panel_copy = query.as_deref() == Some("copy=panel");
    match serve(&state, &headers, &token, panel_copy).await {
        Ok(response) => response,
        Err(status) => status.into_response(),
    }
}

async fn serve(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
    panel_copy: bool,
) -> Result<Response, StatusCode> {
    let account = signed_in(state, headers)
        .await
        .ok_or(StatusCode::NOT_FOUND)?;
    let calendar = state.calendar.current();
    let opened = service::files::open(
        state.context(&calendar, state.clock.now()),
        &service::Caller::person(&account),
        token,
        panel_copy,
    )
    .await
    .map_err(|e| match e {
        service::ServiceError::NotFound | service::ServiceError::Forbidden(_) => {
            StatusCode::NOT_FOUND
        }
        other => {
            tracing::error!(error = ?other, "could not open a file");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    })?;
    let (attachment, key, size) = (
        &opened.attachment,
        opened.storage_key.as_str(),
        opened.size_bytes,
    );
    let reader = match state.blobs.open(key).await {
        Ok(reader) => reader,
        Err(BlobError::NotFound) => {
            tracing::error!(attachment = attachment.id, "a file's bytes are missing");
            return Err(StatusCode::NOT_FOUND);
        }
        Err(e) => {
            tracing::error!(error = ?e, attachment = attachment.id, "could not read a file");
            return Err(StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(reader)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type(attachment));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    headers.insert(
        header::CONTENT_DISPOSITION,
        disposition(attachment, opened.own_name),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// The media type the file was stored with (one our own list gave it); anything a header
/// cannot carry is sent as plain bytes.
fn content_type(attachment: &Attachment) -> HeaderValue {
    HeaderValue::from_str(&attachment.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

/// `inline` only when the name's type may be shown in a browser and the file was stored
/// with that type's own media type; otherwise `attachment`, so the browser saves it. The
/// name goes twice (RFC 6266): percent-encoded UTF-8 in `filename*`, which browsers use,
/// and a plain ASCII stand-in in `filename` for any that do not.
///
/// A reader who sees only the redacted case gets "shared-file-" and the first eight
/// digits of the file's token, with the type's extension, instead of the name the customer
/// gave it.
fn disposition(attachment: &Attachment, in_full: bool) -> HeaderValue {
    let stand_in;
    let name = if in_full {
        &attachment.file_name
    } else {
        let extension = attachment
            .file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        stand_in = format!(
            "shared-file-{}.{extension}",
            attachment.token.get(..8).unwrap_or_default()
        );
        &stand_in
    };
    let inline = FileType::from_file_name(name)
        .is_some_and(|t| t.inline_allowed() && t.content_type() == attachment.content_type);
    let kind = if inline { "inline" } else { "attachment" };
    let value = format!(
        "{kind}; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_stand_in(name),
        percent_encoded(name)
    );
    // Both halves are printable ASCII by construction.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// The name with everything but printable ASCII, quotes, backslashes and percent signs
/// replaced, for the quoted `filename` parameter.
fn ascii_stand_in(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '"' | '\\' | '%' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect()
}

/// RFC 8187 `value-chars`: the characters it allows as they are, every other byte of the
/// UTF-8 as `%XX`.
fn percent_encoded(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'!'
            | b'#'
            | b'$'
            | b'&'
            | b'+'
            | b'-'
            | b'.'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~' => char::from(b).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `POST /cases/{reference}/files`.
pub async fn upload(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    match add(&state, &headers, &reference, multipart).await {
        Ok(location) => Redirect::to(&location).into_response(),
        Err(StatusCode::BAD_REQUEST) => crate::security::bad_request(),
        Err(status) => status.into_response(),
    }
}

/// Authorises, checks the case still takes files (`service::files::may_add`), then stores,
/// checks and records the file (`service::files::add`). Everything is decided before the
/// file is read, so a refused post stores nothing.
async fn add(
    state: &AppState,
    headers: &HeaderMap,
    reference: &str,
    multipart: Multipart,
) -> Result<String, StatusCode> {
    let account = signed_in(state, headers)
        .await
        .ok_or(StatusCode::NOT_FOUND)?;
    let reference: CaseReference = reference.parse().map_err(|_| StatusCode::NOT_FOUND)?;
    let reference = reference.to_string();
    let caller = service::Caller::person(&account);
    let calendar = state.calendar.current();
    let ctx = state.context(&calendar, state.clock.now());
    let adding = service::files::may_add(ctx, &caller, &reference)
        .await
        .map_err(refused)?;
    let back =
        |outcome: Result<(), &FileRefusal>| address_after(&reference, adding.staff_page(), outcome);
    if !adding.open() {
        return Ok(back(Err(&FileRefusal::Withdrawn)));
    }
    let file = match receive(state, multipart).await? {
        Ok(file) => file,
        Err(refusal) => return Ok(back(Err(&refusal))),
    };
    let new = NewAttachment {
        file_name: file.name,
        content_type: file.content_type,
        size_bytes: file.size,
        sha256: file.sha256,
        storage_key: file.key,
    };
    if let Err(e) = service::files::add(ctx, &caller, &adding, &new).await {
        crate::submit::discard(state, &new.storage_key).await;
        return match e {
            // The case stopped taking files while this one arrived.
            service::ServiceError::Invalid(_) => Ok(back(Err(&FileRefusal::Withdrawn))),
            other => Err(refused(other)),
        };
    }
    Ok(back(Ok(())))
}

/// A refusal of the service as this route answers it.
fn refused(error: service::ServiceError) -> StatusCode {
    match error {
        service::ServiceError::NotFound => StatusCode::NOT_FOUND,
        service::ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
        other => {
            tracing::error!(error = ?other, "could not add a file to a case");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// The first file in the post's `evidence` field, stored and checked; the rest of the post
/// is not read. A post cut short (over the size limit, or a connection that dropped) counts
/// as a file too large, as on the online form. Storage failing is the only error.
async fn receive(
    state: &AppState,
    mut multipart: Multipart,
) -> Result<Result<DraftEvidence, FileRefusal>, StatusCode> {
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(Err(FileRefusal::NoFile)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                tracing::info!(error = %e, "file post over the limit");
                return Ok(Err(FileRefusal::File(EvidenceError::TooLarge)));
            }
            Err(e) => {
                tracing::info!(error = %e, "malformed file post");
                return Err(StatusCode::BAD_REQUEST);
            }
        };
        if field.name() != Some(EvidenceError::FIELD) {
            continue;
        }
        let name = base_name(field.file_name().unwrap_or_default());
        if name.is_empty() {
            return Ok(Err(FileRefusal::NoFile));
        }
        return match store_file(state, name, field).await {
            Ok(checked) => Ok(checked.map_err(FileRefusal::File)),
            Err(Internal) => Err(StatusCode::INTERNAL_SERVER_ERROR),
        };
    }
}

/// The file's own name, without any folders an old browser sent with it.
fn base_name(sent: &str) -> String {
    sent.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(name: &str, content_type: &str) -> Attachment {
        Attachment {
            id: 1,
            token: "0123456789abcdef0123456789abcdef".to_owned(),
            case_id: storage::cases::CaseId(1),
            file_name: name.to_owned(),
            content_type: content_type.to_owned(),
            size_bytes: 10,
            sha256: String::new(),
            storage_key: String::new(),
            shareable: false,
            uploaded_by: None,
            uploaded_at: chrono::Utc::now(),
            shared_copy: None,
        }
    }

    fn disposition_of(name: &str, content_type: &str) -> String {
        disposition(&attachment(name, content_type), true)
            .to_str()
            .expect("ascii")
            .to_owned()
    }

    #[test]
    fn pictures_pdfs_and_text_open_in_the_browser() {
        assert_eq!(
            disposition_of("report.pdf", "application/pdf"),
            "inline; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        assert!(disposition_of("photo.JPG", "image/jpeg").starts_with("inline;"));
        assert!(disposition_of("notes.txt", "text/plain").starts_with("inline;"));
    }

    #[test]
    fn html_svg_jar_dmg_and_everything_else_are_always_saved() {
        for (name, content_type) in [
            ("page.html", "text/html"),
            ("drawing.svg", "image/svg+xml"),
            ("tool.jar", "application/java-archive"),
            ("disk.dmg", "application/x-apple-diskimage"),
            ("data.xml", "application/xml"),
            ("letter.docx", FileType::Docx.content_type()),
        ] {
            assert!(
                disposition_of(name, content_type).starts_with("attachment;"),
                "{name}"
            );
        }
    }

    #[test]
    fn a_file_stored_with_another_type_than_its_name_says_is_saved() {
        assert!(disposition_of("report.pdf", "text/html").starts_with("attachment;"));
        assert!(disposition_of("no-extension", "application/pdf").starts_with("attachment;"));
    }

    #[test]
    fn a_name_that_could_break_the_header_is_encoded() {
        let value = disposition_of("Rent \"arrears\"; 100% £5\r\n.pdf", "application/pdf");
        assert_eq!(
            value,
            "inline; filename=\"Rent _arrears_; 100_ _5__.pdf\"; \
             filename*=UTF-8''Rent%20%22arrears%22%3B%20100%25%20%C2%A35%0D%0A.pdf"
        );
        let welsh = disposition_of("Llythyr gan y cyngor – ŵyr.pdf", "application/pdf");
        assert!(
            welsh
                .contains("filename*=UTF-8''Llythyr%20gan%20y%20cyngor%20%E2%80%93%20%C5%B5yr.pdf")
        );
    }

    #[test]
    fn only_the_file_s_own_name_is_kept() {
        assert_eq!(base_name("C:\\Users\\rita\\photo.jpg"), "photo.jpg");
        assert_eq!(base_name("folder/photo.jpg"), "photo.jpg");
        assert_eq!(base_name(" photo.jpg "), "photo.jpg");
        assert_eq!(base_name(""), "");
    }
}
