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
    let scope = crate::state::scope()?;
    let ctx = scope.ctx();
    let now = scope.now;
    let today = domain::london::to_london(now).date();
    let caller = crate::auth::session::account()
        .await?
        .as_ref()
        .map(service::Caller::person);
    let caller = caller.as_ref();
    let staff = service::intake::logs_for_customers(caller);
    let loaded = match draft.as_deref() {
        Some(token) if !token.is_empty() => service::intake::draft(ctx, caller, token)
            .await?
            .map(|d| (token.to_owned(), d)),
        _ => None,
    };
    let sent = match (&loaded, draft.as_deref()) {
        (None, Some(token)) if !token.is_empty() => service::intake::draft_sent(ctx, caller, token)
            .await?
            .map(|reference| reference.to_string()),
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
            let input =
                service::intake::fresh(ctx, caller, kind.as_deref(), customer.as_deref()).await?;
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
    let policies = service::intake::policies(ctx).await?;
    let preview = match (is_complaint, staff) {
        (false, _) => None,
        (true, false) => Some(domain::deadlines::preview_sentence(
            &scope.calendar,
            &policies,
            now,
        )),
        (true, true) => input
            .receiving(now)
            .ok()
            .map(|r| domain::deadlines::received_sentence(&scope.calendar, &policies, r.at)),
    };
    let existing_customer =
        service::intake::customer_named(ctx, caller, input.customer_id.as_deref()).await?;
    Ok(FormState {
        section: section.code().to_owned(),
        unfinished: unfinished.map(|s| s.code().to_owned()),
        staff,
        sent,
        existing_customer,
        preview,
        window_warning: domain::form::window_warning(&input, today, &policies),
        today: today.format("%Y-%m-%d").to_string(),
        closures: scope
            .calendar
            .closures()
            .map(|c| (c.date().format("%Y-%m-%d").to_string(), c.name().to_owned()))
            .collect(),
        // Only near enough to touch the dates the form can preview: a case received up to
        // 13 months ago (the complaint window and more) whose deadlines run up to 45 days
        // ahead. A policy version an administrator added differs once it takes effect
        // before the end of that span.
        rules_differ: {
            let calendar = &scope.calendar;
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

/// Turns a checked draft into a case, then shows its reference and what happens next.
#[server(endpoint = "confirm_draft")]
pub async fn confirm_draft(draft: String) -> Result<(), AppError> {
    let scope = crate::state::scope()?;
    let caller = crate::auth::session::account()
        .await?
        .as_ref()
        .map(service::Caller::person);
    let sent = service::intake::send_draft(scope.ctx(), caller.as_ref(), &draft).await?;
    if sent.for_customer {
        leptos_axum::redirect(&format!("/staff/cases/{}", sent.reference));
    } else {
        leptos_axum::redirect(&format!("/track/{}", sent.tracking_token));
    }
    Ok(())
}
