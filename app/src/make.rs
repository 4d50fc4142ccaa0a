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
    /// The server's calendar or policy versions differ from the browser's near today: the
    /// browser then leaves the deadline preview and the window warning the server wrote as
    /// they are (see `CheckFacts::rules_differ`).
    pub rules_differ: bool,
    /// A member of staff is logging a case for a customer: the form also asks how and when
    /// it reached us, and speaks of "the customer".
    pub staff: bool,
    /// Logging another case for a customer we know: their name.
    pub existing_customer: Option<String>,
    /// These answers were already sent and made this case (its reference): someone who
    /// went Back is told so, never asked to start again.
    pub sent: Option<String>,
    /// The page of the form shown ([`domain::form::Section`]'s code).
    pub section: String,
    /// The first page still needing the person (not sent yet, or with a problem); `None`
    /// when the answers are ready to check.
    pub unfinished: Option<String>,
}

/// The address of a page of the form continuing the draft `token`; `from_check` when the
/// person came to change an answer, so Continue goes back to the check.
pub fn page_href(token: &str, page: domain::form::Section, from_check: bool) -> String {
    format!(
        "/make?draft={token}&section={}{}",
        page.code(),
        if from_check { "&then=check" } else { "" }
    )
}

/// The address of "Check your answers" for the draft `token`.
pub fn check_href(token: &str) -> String {
    format!("/make/check?draft={token}")
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
    #[server(default)] customer: Option<String>,
    #[server(default)] section: Option<String>,
) -> Result<FormState, AppError> {
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    let today = domain::london::to_london(now).date();
    let account = crate::auth::session::account().await?;
    let staff = account.as_ref().is_some_and(logs_for_customers);
    let user_id = account.as_ref().map(|a| a.id);
    let loaded = match draft.as_deref() {
        Some(token) if !token.is_empty() => storage::drafts::load(&state.db, token, user_id, now)
            .await
            .ok()
            .map(|d| (token.to_owned(), d)),
        _ => None,
    };
    let sent = match (&loaded, draft.as_deref()) {
        (None, Some(token)) if !token.is_empty() => {
            storage::drafts::sent(&state.db, token, user_id, now)
                .await?
                .map(|reference| reference.to_string())
        }
        _ => None,
    };
    let (draft, input, errors, evidence, answered) = match loaded {
        Some((token, d)) => (
            Some(token),
            d.input,
            d.errors,
            d.evidence.map(|e| (e.name, size_in_words(e.size))),
            d.answered,
        ),
        None => {
            let input = fresh_input(
                &state,
                account.as_ref(),
                now,
                kind.as_deref(),
                customer.as_deref(),
            )
            .await?;
            (None, input, Vec::new(), None, Vec::new())
        }
    };
    let form_kind =
        domain::form::FormKind::parse(&input.kind).unwrap_or(domain::form::FormKind::Complaint);
    let unfinished = domain::form::unfinished(form_kind, staff, &answered, &errors);
    // The page asked for, if this form has it; else the first still needing the person.
    let section = section
        .as_deref()
        .and_then(domain::form::Section::parse)
        .filter(|s| s.applies(form_kind, staff))
        .or(unfinished)
        .or_else(|| {
            domain::form::Section::sequence(form_kind, staff)
                .first()
                .copied()
        })
        .unwrap_or(domain::form::Section::About);
    let is_complaint =
        domain::form::FormKind::parse(&input.kind) == Some(domain::form::FormKind::Complaint);
    let policies = storage::policies::set(&state.db).await?;
    let preview = match (is_complaint, staff) {
        (false, _) => None,
        (true, false) => Some(domain::deadlines::preview_sentence(
            &state.calendar.current(),
            &policies,
            now,
        )),
        (true, true) => input.receiving(now).ok().map(|r| {
            domain::deadlines::received_sentence(&state.calendar.current(), &policies, r.at)
        }),
    };
    let existing_customer = match input.customer_id.as_deref().map(str::parse::<i32>) {
        Some(Ok(id)) if staff => Some(storage::customers::find(&state.db, id).await?.details.name),
        _ => None,
    };
    Ok(FormState {
        section: section.code().to_owned(),
        unfinished: unfinished.map(|s| s.code().to_owned()),
        staff,
        sent,
        existing_customer,
        preview,
        window_warning: domain::form::window_warning(&input, today, &policies),
        today: today.format("%Y-%m-%d").to_string(),
        closures: state
            .calendar
            .current()
            .closures()
            .map(|c| (c.date().format("%Y-%m-%d").to_string(), c.name().to_owned()))
            .collect(),
        // Only near enough to touch the dates the form can preview: a case received up to
        // 13 months ago (the complaint window and more) whose deadlines run up to 45 days
        // ahead. A policy version an administrator added differs once it takes effect
        // before the end of that span.
        rules_differ: {
            let calendar = state.calendar.current();
            let (from, to) = (
                today - chrono::Days::new(400),
                today + chrono::Days::new(45),
            );
            policies
                .iter()
                .any(|p| !domain::policy::BUILT_IN.contains(p) && p.effective_from <= to)
                || calendar
                    .continuity()
                    .iter()
                    .any(|p| p.to() >= from && p.from() <= to)
                || !calendar.bank_holidays_as_built_in(from, to)
        },
        draft,
        input,
        errors,
        evidence,
    })
}

/// A new form's answers: blank but for what we know. Staff logging a case: it reached us
/// just now unless they say otherwise, and a known customer's details come from their
/// record. A signed-in resident: their details from their record. The first page sent
/// starts the draft from these, so answers prefilled on later pages are kept.
#[cfg(feature = "ssr")]
pub async fn fresh_input(
    state: &crate::state::AppState,
    account: Option<&storage::accounts::Account>,
    now: chrono::DateTime<chrono::Utc>,
    kind: Option<&str>,
    customer: Option<&str>,
) -> Result<ComplaintFormInput, AppError> {
    let kind = domain::form::FormKind::parse(kind.unwrap_or_default())
        .unwrap_or(domain::form::FormKind::Complaint);
    let mut input = ComplaintFormInput {
        kind: kind.as_str().to_owned(),
        ..Default::default()
    };
    let staff = account.is_some_and(logs_for_customers);
    let known = if staff {
        let london = domain::london::to_london(now);
        input.received_on = Some(london.date().format("%Y-%m-%d").to_string());
        input.received_time = Some(london.format("%H:%M").to_string());
        match customer
            .filter(|c| !c.trim().is_empty())
            .map(str::parse::<i32>)
        {
            Some(Ok(id)) => Some(storage::customers::find(&state.db, id).await?),
            Some(Err(_)) => return Err(AppError::NotFound),
            None => None,
        }
    } else {
        match account {
            Some(account) => storage::customers::for_user(&state.db, account.id).await?,
            None => None,
        }
    };
    if let Some(customer) = known {
        service::intake::fill_from(&mut input, &customer);
        if staff {
            input.customer_id = Some(customer.id.to_string());
        }
    }
    Ok(input)
}

/// Whether this account logs cases for customers (officers, managers, the complaints
/// manager). Anyone else who fills in the form does so as a customer, for themselves.
#[cfg(feature = "ssr")]
pub fn logs_for_customers(account: &storage::accounts::Account) -> bool {
    use domain::access::{Action, CaseRelation, permits};
    let actor = domain::Actor::new(account.id.to_string(), account.role);
    permits(&actor, &CaseRelation::NONE, Action::LogCaseForCustomer)
}

/// Turns a checked draft into a case, then shows its reference and what happens next.
#[server(endpoint = "confirm_draft")]
pub async fn confirm_draft(draft: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    let account = crate::auth::session::account().await?;
    let user_id = account.as_ref().map(|a| a.id);
    let saved = storage::drafts::load(&state.db, &draft, user_id, now).await?;
    let calendar = state.calendar.current();
    let caller = account.as_ref().map(service::Caller::person);
    let prepared =
        service::intake::prepare(state.context(&calendar, now), caller.as_ref(), &saved.input)
            .await?;
    let (channel, receipt) = (prepared.new.channel, prepared.receipt);
    let tell =
        move |created: &storage::cases::CreatedCase| receipt.as_ref().map(|r| r.message(created));
    // The case, its file, the message and the draft's removal are one transaction.
    let created = storage::drafts::confirm(
        &state.db,
        &draft,
        user_id,
        storage::drafts::Making {
            case: prepared.new,
            evidence: saved.evidence.as_ref(),
            tell: &tell,
        },
        &calendar,
        now,
    )
    .await?;
    if prepared.for_customer {
        tracing::info!(reference = %created.reference, %channel, "case logged by staff");
        leptos_axum::redirect(&format!("/staff/cases/{}", created.reference));
    } else {
        tracing::info!(reference = %created.reference, "case received online");
        leptos_axum::redirect(&format!("/track/{}", created.tracking_token));
    }
    Ok(())
}
