//! The online form's server side for the pages: reading a draft back into the form (with
//! its problems), and confirming a checked draft into a case.
//!
//! The form itself is posted to `POST /make` (see the server crate's `submit` module),
//! because it may carry a file; these server functions serve the pages around it.

use crate::error::AppError;
use domain::form::ComplaintFormInput;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the form page needs: the answers so far, their problems, the file already chosen,
/// and the notes computed from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FormState {
    /// The draft these answers are kept in, if any.
    pub draft: Option<String>,
    pub input: ComplaintFormInput,
    /// (field, message), in the order of the form.
    pub errors: Vec<(String, String)>,
    /// The evidence file kept with the draft: its name and size in words.
    pub evidence: Option<(String, String)>,
    /// "If we receive your complaint now…", computed on the server for the first render
    /// (the browser recomputes it with the same code).
    pub preview: Option<String>,
    pub window_warning: Option<String>,
    /// Today's London date, `YYYY-MM-DD`: the date fields may not be later.
    pub today: String,
    /// The landlord's closure days (`YYYY-MM-DD`, name), so the browser counts working
    /// days on the same calendar as the server.
    pub closures: Vec<(String, String)>,
}

/// A file size in words: "2.4 MB", "310 KB".
pub fn size_in_words(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The form's state: a fresh form of `kind`, or the draft `draft` if it is still there
/// (and is this person's).
#[server(endpoint = "load_form")]
pub async fn load_form(
    #[server(default)] draft: Option<String>,
    #[server(default)] kind: Option<String>,
) -> Result<FormState, AppError> {
    let state = crate::state::app_state()?;
    let now = chrono::Utc::now();
    let today = domain::london::to_london(now).date();
    let user_id = crate::auth::session::account().await?.map(|a| a.id);
    let loaded = match draft.as_deref() {
        Some(token) if !token.is_empty() => storage::drafts::load(&state.db, token, user_id, now)
            .await
            .ok()
            .map(|d| (token.to_owned(), d)),
        _ => None,
    };
    let (draft, input, errors, evidence) = match loaded {
        Some((token, d)) => (
            Some(token),
            d.input,
            d.errors,
            d.evidence.map(|e| (e.name, size_in_words(e.size))),
        ),
        None => {
            let kind = domain::form::FormKind::parse(kind.as_deref().unwrap_or_default())
                .unwrap_or(domain::form::FormKind::Complaint);
            let mut input = ComplaintFormInput {
                kind: kind.as_str().to_owned(),
                ..Default::default()
            };
            // A signed-in resident's details are filled in from their record.
            if let Some(id) = user_id
                && let Some(customer) = storage::customers::for_user(&state.db, id).await?
            {
                input.name = customer.details.name.clone();
                input.phone = customer.details.phone.national().to_owned();
                input.email = customer
                    .details
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned());
            }
            (None, input, Vec::new(), None)
        }
    };
    let is_complaint =
        domain::form::FormKind::parse(&input.kind) == Some(domain::form::FormKind::Complaint);
    Ok(FormState {
        preview: is_complaint.then(|| domain::deadlines::preview_sentence(&state.calendar, now)),
        window_warning: domain::form::window_warning(&input, today),
        today: today.format("%Y-%m-%d").to_string(),
        closures: state
            .calendar
            .closures()
            .map(|c| (c.date().format("%Y-%m-%d").to_string(), c.name().to_owned()))
            .collect(),
        draft,
        input,
        errors,
        evidence,
    })
}

/// Turns a checked draft into a case, then shows its reference and what happens next.
#[server(endpoint = "confirm_draft")]
pub async fn confirm_draft(draft: String) -> Result<(), AppError> {
    use storage::cases::{CaseDetails, CustomerChoice, NewCase, Opening, Who};
    use storage::customers::CustomerDetails;
    let state = crate::state::app_state()?;
    let now = chrono::Utc::now();
    let account = crate::auth::session::account().await?;
    let user_id = account.as_ref().map(|a| a.id);
    let saved = storage::drafts::load(&state.db, &draft, user_id, now).await?;
    let today = domain::london::to_london(now).date();
    let form = domain::ComplaintForm::parse(&saved.input, today).map_err(|errors| {
        let first = errors.0.first();
        AppError::validation(
            first.map_or("what_happened", |e| e.field),
            first.map_or_else(String::new, |e| e.message.clone()),
        )
    })?;
    let details = CaseDetails::from_form(&form);
    let opening = match form.kind {
        domain::form::FormKind::Complaint => Opening::Complaint,
        domain::form::FormKind::ServiceRequest => Opening::ServiceRequest,
        domain::form::FormKind::Compliment => Opening::Compliment,
    };
    let customer = match user_id {
        Some(id) => match storage::customers::for_user(&state.db, id).await? {
            Some(existing) => CustomerChoice::Existing(existing.id),
            None => CustomerChoice::New {
                user_id: Some(id),
                details: CustomerDetails::from_form(&form),
            },
        },
        None => CustomerChoice::New {
            user_id: None,
            details: CustomerDetails::from_form(&form),
        },
    };
    let recorded_by = match &account {
        Some(a) => Who::account(a.id, a.role, &a.display_name),
        None => Who::customer(&form.name),
    };
    let new = NewCase {
        channel: domain::Channel::OnlineForm,
        received_at: now,
        customer: Some(customer),
        case: NewCase::initial_state(opening, now, &details, &state.calendar),
        details,
        recorded_by: recorded_by.clone(),
        linked_case: None,
        legacy_reference: None,
    };
    let created = storage::cases::create(&state.db, new, &state.calendar).await?;
    if let Some(file) = &saved.evidence {
        storage::attachments::record(
            &state.db,
            created.id,
            &storage::attachments::NewAttachment {
                file_name: file.name.clone(),
                content_type: file.content_type.clone(),
                size_bytes: file.size,
                sha256: file.sha256.clone(),
                storage_key: file.key.clone(),
            },
            &recorded_by,
            now,
        )
        .await?;
    }
    storage::drafts::delete(&state.db, &draft).await?;
    tracing::info!(reference = %created.reference, "case received online");
    leptos_axum::redirect(&format!("/track/{}", created.tracking_token));
    Ok(())
}
