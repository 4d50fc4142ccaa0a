//! `GET /staff/customers/{id}/data.zip`: everything Putright holds about one person, for
//! the complaints manager to answer a subject access request (UK GDPR article 15) within
//! the month the law allows.
//!
//! One ZIP archive:
//! - `summary.html`, to read and print: the person's contact details and account, their
//!   vulnerability and contact-restriction records, and each of their cases with what they
//!   told us, its whole timeline (staff notes included: they are about the person), every
//!   letter's text and the list of files;
//! - `data.json`, the same as data for another system;
//! - `files/{reference}/…`, each file on their cases as it was sent.
//!
//! Other people's details are removed from every piece of text by the redaction rules
//! (`domain::redaction::for_subject`): representatives, names the complaints manager marked
//! for removal on the case, and any e-mail address, phone number, postcode or person after
//! a title that is not the person's own. Staff names stay: they acted for the landlord.
//! Files are given as they are; the summary says so, for the complaints manager to check
//! before sending.
//!
//! Only the complaints manager (`domain::access::Action::ExportPersonalData`); anyone else
//! gets 403 and an unknown person 404. Each case's record notes the export as a view of it
//! (`storage::case_views`), and the log says who made it.

use std::io::{Cursor, Write};

use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::redaction::PersonalDetails;
use serde::Serialize;
use tokio::io::AsyncReadExt;

use crate::submit::signed_in;

/// `GET /staff/customers/{id}/data.zip`.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    match archive(&state, &headers, &id).await {
        Ok(response) => response,
        Err(status) => status.into_response(),
    }
}

#[derive(Debug, Serialize)]
struct Archive {
    about: String,
    made: String,
    person: Person,
    records: Vec<Record>,
    cases: Vec<CasePart>,
}

#[derive(Debug, Serialize)]
struct Person {
    name: String,
    describes_them: String,
    phone: Option<String>,
    email: Option<String>,
    preferred_contact: Option<String>,
    adjustments: Vec<String>,
    address: Option<String>,
    postcode: Option<String>,
    account: Option<AccountPart>,
}

#[derive(Debug, Serialize)]
struct AccountPart {
    name: String,
    email: String,
}

/// A vulnerability or contact-restriction record.
#[derive(Debug, Serialize)]
struct Record {
    what: &'static str,
    decided: String,
    by: String,
    ended: Option<String>,
    details: serde_json::Value,
}

#[derive(Debug, Serialize)]
struct CasePart {
    reference: String,
    kind: String,
    channel: String,
    received: String,
    status: String,
    what_happened: String,
    what_was_said: Option<String>,
    outcomes_sought: Option<String>,
    acting_for_them: Vec<String>,
    timeline: Vec<Line>,
    letters: Vec<LetterPart>,
    files: Vec<FilePart>,
}

#[derive(Debug, Serialize)]
struct Line {
    when: String,
    by: Option<String>,
    what: String,
    detail: Option<String>,
}

#[derive(Debug, Serialize)]
struct LetterPart {
    issued: String,
    subject: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct FilePart {
    name: String,
    in_archive: String,
    uploaded: String,
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    domain::deadlines::long_date_time(at)
}

fn internal(e: impl std::fmt::Debug) -> StatusCode {
    tracing::error!(error = ?e, "could not make a subject access archive");
    StatusCode::INTERNAL_SERVER_ERROR
}

/// A file name safe inside an archive: letters, digits, dot, dash and underscore.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned.chars().take(100).collect()
    }
}

async fn archive(state: &AppState, headers: &HeaderMap, id: &str) -> Result<Response, StatusCode> {
    let account = signed_in(state, headers)
        .await
        .ok_or(StatusCode::FORBIDDEN)?;
    let caller = service::Caller::person(&account);
    // Refused before the address is looked at, whatever it names.
    caller
        .may(
            &domain::access::CaseRelation::NONE,
            domain::access::Action::ExportPersonalData,
        )
        .map_err(|_| StatusCode::FORBIDDEN)?;
    let id: i32 = id.parse().map_err(|_| StatusCode::NOT_FOUND)?;
    let calendar = state.calendar.current();
    let held = service::details::held(state.context(&calendar, state.clock.now()), &caller, id)
        .await
        .map_err(|e| match e {
            service::ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
            service::ServiceError::NotFound => StatusCode::NOT_FOUND,
            other => internal(other),
        })?;
    let service::details::Held {
        customer,
        account: login,
        vulnerability,
        restriction,
        cases: held_cases,
    } = held;
    let d = &customer.details;

    // Whose details stay, and whose go.
    let mut subject = PersonalDetails {
        names: vec![d.name.clone()],
        address_lines: d.address.iter().cloned().collect(),
        postcode: d.postcode.clone(),
        phone: d.phone.as_ref().map(|p| p.to_string()),
        email: d.email.as_ref().map(|e| e.as_str().to_owned()),
        ..PersonalDetails::default()
    };
    if let Some(login) = &login {
        subject.names.push(login.display_name.clone());
    }
    let mut others = PersonalDetails::default();
    for case in &held_cases {
        for r in &case.representatives {
            others.representatives.push(r.name.clone());
            if let Some(contact) = &r.contact {
                if contact.contains('@') {
                    others.other_emails.push(contact.clone());
                } else {
                    others.other_phones.push(contact.clone());
                }
            }
        }
        others
            .other_names
            .extend(case.redacted_words.iter().cloned());
    }
    let redact = |text: &str| domain::redaction::for_subject(text, &subject, &others);

    let mut files: Vec<(String, String)> = Vec::new();
    let mut cases = Vec::new();
    for held_case in held_cases {
        let service::details::HeldCase {
            stored,
            representatives,
            timeline,
            letters,
            files: held_files,
            ..
        } = held_case;
        let reference = stored.reference.to_string();
        let timeline = timeline
            .into_iter()
            .map(|entry| Line {
                when: when(entry.at),
                by: entry.actor_name.as_deref().map(redact),
                what: redact(&entry.item.summary()),
                detail: entry.item.detail().as_deref().map(redact),
            })
            .collect();
        let letters = letters
            .into_iter()
            .map(|letter| LetterPart {
                issued: when(letter.created_at),
                text: redact(&letter.letter.plain_text()),
                subject: letter.subject,
            })
            .collect();
        let mut file_parts = Vec::new();
        for (n, file) in held_files.into_iter().enumerate() {
            let in_archive = format!("files/{reference}/{}-{}", n + 1, safe_name(&file.file_name));
            files.push((in_archive.clone(), file.storage_key.clone()));
            file_parts.push(FilePart {
                name: file.file_name,
                in_archive,
                uploaded: when(file.uploaded_at),
            });
        }
        let details = &stored.details;
        cases.push(CasePart {
            reference,
            kind: stored.case.kind().label().to_owned(),
            channel: stored.channel.label().to_owned(),
            received: when(stored.received_at),
            status: stored.case.plain_status().to_owned(),
            what_happened: redact(details.what_happened.as_str()),
            what_was_said: details.what_was_said.as_deref().map(redact),
            outcomes_sought: details.outcomes_sought.as_deref().map(redact),
            acting_for_them: representatives
                .iter()
                .map(|r| match &r.relationship {
                    Some(rel) => format!("Someone acting for them ({})", redact(rel)),
                    None => "Someone acting for them".to_owned(),
                })
                .collect(),
            timeline,
            letters,
            files: file_parts,
        });
    }

    let records = records(vulnerability, restriction)?;
    let now = domain::london::to_london(state.clock.now());
    let archive = Archive {
        about: "Everything Putright holds about this person: their contact details and account, their vulnerability and contact-restriction records, and each of their cases with its whole record, letters and files. Other people's details are removed from the text; the files are as they were sent, so read them before sending.".to_owned(),
        made: format!(
            "{} at {} by {}",
            domain::deadlines::long_date(now.date()),
            now.format("%H:%M"),
            account.display_name
        ),
        person: Person {
            name: d.name.clone(),
            describes_them: d.describes_you.label(),
            phone: d.phone.as_ref().map(|p| p.to_string()),
            email: d.email.as_ref().map(|e| e.as_str().to_owned()),
            preferred_contact: d.preferred_contact.map(|m| m.label().to_owned()),
            adjustments: d.adjustments.iter().map(|a| a.label()).collect(),
            address: d.address.clone(),
            postcode: d.postcode.clone(),
            account: login.map(|a| AccountPart {
                name: a.display_name,
                email: a.email,
            }),
        },
        records,
        cases,
    };

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("summary.html", options).map_err(internal)?;
    zip.write_all(summary_html(&archive).as_bytes())
        .map_err(internal)?;
    zip.start_file("data.json", options).map_err(internal)?;
    zip.write_all(&serde_json::to_vec_pretty(&archive).map_err(internal)?)
        .map_err(internal)?;
    for (name, key) in files {
        let mut bytes = Vec::new();
        match state.blobs.open(&key).await {
            Ok(mut reader) => {
                reader.read_to_end(&mut bytes).await.map_err(internal)?;
            }
            Err(e) => {
                tracing::warn!(error = ?e, "a file for a subject access archive is missing");
                continue;
            }
        }
        zip.start_file(name, options).map_err(internal)?;
        zip.write_all(&bytes).map_err(internal)?;
    }
    let bytes = zip.finish().map_err(internal)?.into_inner();

    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"putright-subject-access-{id}.zip\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// The person's vulnerability and contact-restriction records, past ones included.
/// The person's vulnerability and contact-restriction records, as the archive lists them.
fn records(
    vulnerability: Vec<storage::customer_flags::Kept<domain::triage::Vulnerability>>,
    restriction: Vec<storage::customer_flags::Kept<domain::restriction::Restriction>>,
) -> Result<Vec<Record>, StatusCode> {
    let mut out = Vec::new();
    for kept in vulnerability {
        out.push(Record {
            what: "Vulnerability or risk",
            decided: when(kept.decided_at),
            by: kept.decided_by.clone(),
            ended: kept.ended.as_ref().map(|e| when(e.at)),
            details: serde_json::to_value(&kept.flag).map_err(internal)?,
        });
    }
    for kept in restriction {
        out.push(Record {
            what: "Restriction on contact",
            decided: when(kept.decided_at),
            by: kept.decided_by.clone(),
            ended: kept.ended.as_ref().map(|e| when(e.at)),
            details: serde_json::to_value(&kept.flag).map_err(internal)?,
        });
    }
    Ok(out)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The archive as one page to read and print.
fn summary_html(a: &Archive) -> String {
    let mut h = String::new();
    let row = |h: &mut String, key: &str, value: &str| {
        h.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            escape(key),
            escape(value)
        ));
    };
    let p = &a.person;
    h.push_str("<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">");
    h.push_str(&format!(
        "<title>What we hold about {}</title>",
        escape(&p.name)
    ));
    h.push_str("<style>body{font-family:Arial,sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.4}th{text-align:left;vertical-align:top;padding-right:1em}td,th{border-bottom:1px solid #ccc;padding:.3em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}pre{white-space:pre-wrap;font-family:inherit;border-left:4px solid #ccc;padding-left:1em}</style></head><body>\n");
    h.push_str(&format!(
        "<h1>What we hold about {}</h1>\n<p>{}</p>\n<p>Made on {}.</p>\n",
        escape(&p.name),
        escape(&a.about),
        escape(&a.made)
    ));
    h.push_str("<h2>Contact details</h2>\n<table>\n");
    row(&mut h, "Name", &p.name);
    row(&mut h, "Describes them as", &p.describes_them);
    row(&mut h, "Phone", p.phone.as_deref().unwrap_or("None given"));
    row(&mut h, "Email", p.email.as_deref().unwrap_or("None given"));
    row(
        &mut h,
        "Preferred contact",
        p.preferred_contact.as_deref().unwrap_or("None given"),
    );
    row(
        &mut h,
        "Adjustments",
        &if p.adjustments.is_empty() {
            "None asked for".to_owned()
        } else {
            p.adjustments.join("; ")
        },
    );
    row(
        &mut h,
        "Address",
        p.address.as_deref().unwrap_or("None given"),
    );
    row(
        &mut h,
        "Postcode",
        p.postcode.as_deref().unwrap_or("None given"),
    );
    h.push_str("</table>\n");
    match &p.account {
        Some(account) => {
            h.push_str("<h2>Their account</h2>\n<table>\n");
            row(&mut h, "Name", &account.name);
            row(&mut h, "Email", &account.email);
            h.push_str("</table>\n");
        }
        None => h.push_str("<h2>Their account</h2>\n<p>They have no account.</p>\n"),
    }
    h.push_str("<h2>Vulnerability and contact restrictions</h2>\n");
    if a.records.is_empty() {
        h.push_str("<p>None recorded.</p>\n");
    }
    for r in &a.records {
        h.push_str(&format!("<h3>{}</h3>\n<table>\n", escape(r.what)));
        row(&mut h, "Decided", &format!("{} by {}", r.decided, r.by));
        row(&mut h, "Ended", r.ended.as_deref().unwrap_or("In force"));
        row(
            &mut h,
            "As recorded",
            &serde_json::to_string_pretty(&r.details).unwrap_or_default(),
        );
        h.push_str("</table>\n");
    }
    h.push_str(&format!("<h2>Their cases ({})</h2>\n", a.cases.len()));
    for c in &a.cases {
        h.push_str(&format!(
            "<h3>{} {}</h3>\n<table>\n",
            escape(&c.kind),
            escape(&c.reference)
        ));
        row(
            &mut h,
            "Received",
            &format!("{}, by {}", c.received, c.channel),
        );
        row(&mut h, "Where it is", &c.status);
        row(&mut h, "What happened", &c.what_happened);
        if let Some(said) = &c.what_was_said {
            row(&mut h, "What they were told before", said);
        }
        if let Some(sought) = &c.outcomes_sought {
            row(&mut h, "What they want us to do", sought);
        }
        for someone in &c.acting_for_them {
            row(&mut h, "Acting for them", someone);
        }
        h.push_str("</table>\n<h4>Timeline</h4>\n<table>\n");
        for line in &c.timeline {
            let mut what = line.what.clone();
            if let Some(detail) = &line.detail {
                what.push_str(": ");
                what.push_str(detail);
            }
            if let Some(by) = &line.by {
                what.push_str(&format!(" ({by})"));
            }
            row(&mut h, &line.when, &what);
        }
        h.push_str("</table>\n");
        for letter in &c.letters {
            h.push_str(&format!(
                "<h4>Letter: {} ({})</h4>\n<pre>{}</pre>\n",
                escape(&letter.subject),
                escape(&letter.issued),
                escape(&letter.text)
            ));
        }
        if !c.files.is_empty() {
            h.push_str("<h4>Files</h4>\n<ul>\n");
            for f in &c.files {
                h.push_str(&format!(
                    "<li>{} (added {}): <a href=\"{}\">{}</a></li>\n",
                    escape(&f.name),
                    escape(&f.uploaded),
                    escape(&f.in_archive),
                    escape(&f.in_archive)
                ));
            }
            h.push_str("</ul>\n");
        }
    }
    h.push_str("</body></html>\n");
    h
}
