//! The redacted review file, built from the stored case.
//!
//! The customer's personal fields are never copied into it; every piece of text that is
//! copied (their own words, our findings, remedies, timeline lines, file names) goes through
//! one [`Redactor`] that knows the people on the case: the customer as recorded and as
//! their account names them, and everyone named to act for them, with the customer's
//! address, postcode, phone and email and each representative's contact details. The
//! redactor also removes titled names, emails, UK phone numbers, postcodes and street
//! addresses it was not told about. A file staff did not mark shareable is not named at
//! all, not even on the timeline.

use super::{DateLine, FileEvent, PointLine, RedactedFile, ResponseLine};
use crate::error::AppError;
use crate::state::AppState;
use domain::TimelineItem;
use domain::deadlines::long_date;
use domain::lifecycle::{Outcome, Remedy, RemedyState, StageRecord};
use domain::redaction::{PersonalDetails, Redactor};
use storage::cases::StoredCase;

/// Where the case is, in words for a reader who is neither the customer nor staff.
fn status_words(case: &domain::Case) -> &'static str {
    use domain::lifecycle::Phase;
    match case.as_complaint() {
        Some(c) if c.is_locked() => "With the Housing Ombudsman",
        Some(c) => match c.phase() {
            Phase::Received => "Waiting to be accepted as a complaint",
            Phase::NotAccepted { .. } => "Not accepted as a complaint",
            Phase::Stage1 => "Being looked into (Stage 1)",
            Phase::Stage1Responded => "Answered at Stage 1",
            Phase::Stage2 => "Being reviewed (Stage 2)",
            Phase::Closed { .. } => "Closed",
            Phase::Withdrawn { .. } => "Withdrawn by the customer",
        },
        None => case.plain_status(),
    }
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Upheld => "Upheld",
        Outcome::PartlyUpheld => "Partly upheld",
        Outcome::NotUpheld => "Not upheld",
    }
}

/// A remedy in words, without the member of staff who owns it.
fn remedy_words(remedy: &Remedy, r: &Redactor) -> String {
    match remedy {
        Remedy::Apology => "An apology".to_owned(),
        Remedy::Explanation => "An explanation".to_owned(),
        Remedy::Action {
            description, due, ..
        } => format!("{} (by {})", r.redact(description), long_date(*due)),
        Remedy::Compensation {
            amount,
            for_what: Some(what),
        } => format!("Compensation of {amount} for {}", r.redact(what)),
        Remedy::Compensation { amount, .. } => format!("Compensation of {amount}"),
        Remedy::RecordAmended => "Our records corrected".to_owned(),
        Remedy::DecisionReconsidered => "The decision reconsidered".to_owned(),
    }
}

fn remedy_state_words(state: &RemedyState, r: &Redactor) -> String {
    match state {
        RemedyState::Outstanding => "not done yet".to_owned(),
        RemedyState::Done { on } => format!("done on {}", long_date(*on)),
        RemedyState::CannotBeDelivered { on, reason } => format!(
            "cannot be delivered ({}): {}",
            long_date(*on),
            r.redact(reason.as_str())
        ),
    }
}

/// Everything the redactor should know about the people on the case.
async fn personal_details(
    state: &AppState,
    stored: &StoredCase,
) -> Result<PersonalDetails, AppError> {
    let mut details = PersonalDetails::default();
    if let Some(customer) = &stored.customer {
        let d = &customer.details;
        details.names.push(d.name.clone());
        details.phone = Some(d.phone.national().to_owned());
        details.email = d.email.as_ref().map(|e| e.as_str().to_owned());
        details.postcode = d.postcode.clone();
        if let Some(address) = &d.address {
            details.address_lines.push(address.clone());
            details.address_lines.extend(
                address
                    .split([',', '\n'])
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned),
            );
        }
        if let Some(user_id) = customer.user_id
            && let Some(account) = storage::accounts::find(&state.db, user_id).await?
        {
            details.names.push(account.display_name);
            details.other_emails.push(account.email);
        }
    }
    for representative in storage::representatives::for_case(&state.db, stored.id).await? {
        details.representatives.push(representative.name);
        // Free text: an address, a phone number or an e-mail; the redactor tells which.
        details.address_lines.extend(representative.contact);
        if let Some(user_id) = representative.user_id
            && let Some(account) = storage::accounts::find(&state.db, user_id).await?
        {
            details.representatives.push(account.display_name);
            details.other_emails.push(account.email);
        }
    }
    Ok(details)
}

fn response_line(title: &str, record: &StageRecord, r: &Redactor) -> Option<ResponseLine> {
    let response = record.response.as_ref()?;
    Some(ResponseLine {
        title: title.to_owned(),
        sent_on: record.responded.map(long_date),
        outcome: outcome_words(response.outcome()).to_owned(),
        points: response
            .points()
            .iter()
            .map(|p| PointLine {
                point: r.redact(&p.point),
                finding: r.redact(&p.finding),
                outcome: outcome_words(p.outcome).to_owned(),
            })
            .collect(),
        remedies: response
            .remedies()
            .iter()
            .map(|remedy| remedy_words(remedy, r))
            .collect(),
    })
}

fn review_dates(stored: &StoredCase, calendar: &domain::Calendar) -> Vec<DateLine> {
    let Some(complaint) = stored.case.as_complaint() else {
        return Vec::new();
    };
    let Some(review) = complaint.stage2() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut add = |label: &str, date: Option<chrono::NaiveDate>| {
        if let Some(date) = date {
            lines.push(DateLine {
                label: label.to_owned(),
                date: long_date(date),
            });
        }
    };
    add(
        if review.escalated_early.is_some() {
            "Moved to a review, as agreed with the customer"
        } else {
            "Review asked for"
        },
        Some(review.arrived),
    );
    add("First contact with the customer", review.contacted);
    add("Acknowledged in writing", review.acknowledged);
    if review.responded.is_none() {
        let due = complaint
            .deadlines(calendar)
            .filter(|d| d.stage == domain::Stage::Two)
            .map(|d| {
                review
                    .extended_to()
                    .map_or(d.respond.due, |to| to.max(d.respond.due))
            });
        add("Response due by", due);
    }
    add("Extended to", review.extended_to());
    add("Response sent", review.responded);
    lines
}

/// The redacted file of a stored case.
pub async fn build(state: &AppState, stored: &StoredCase) -> Result<RedactedFile, AppError> {
    let redactor = Redactor::for_details(&personal_details(state, stored).await?);
    let r = &redactor;
    let complaint = stored.case.as_complaint();
    let mut responses = Vec::new();
    if let Some(c) = complaint {
        responses.extend(response_line("Stage 1 response", c.stage1(), r));
        if let Some(review) = c.stage2() {
            responses.extend(response_line("Stage 2 response", review, r));
        }
    }
    let remedies = complaint
        .map(|c| {
            c.remedies()
                .iter()
                .map(|t| {
                    format!(
                        "{}: {}",
                        remedy_words(&t.remedy, r),
                        remedy_state_words(&t.state, r)
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let (shared, unshared): (Vec<_>, Vec<_>) = storage::attachments::for_case(&state.db, stored.id)
        .await?
        .into_iter()
        .partition(|a| a.shareable);
    // A file staff did not share is not named anywhere, the timeline included.
    let is_shared = |name: &str| {
        shared.iter().any(|a| a.file_name == name) && !unshared.iter().any(|a| a.file_name == name)
    };
    let timeline = storage::cases::timeline(&state.db, stored.id, true)
        .await?
        .into_iter()
        .map(|entry| FileEvent {
            on: long_date(domain::london::to_london(entry.at).date()),
            text: match &entry.item {
                TimelineItem::AttachmentAdded { file_name } if !is_shared(file_name) => {
                    "A file was added (not shared for this review)".to_owned()
                }
                item => r.redact(&item.summary()),
            },
        })
        .collect();
    let shared_files = shared
        .iter()
        .map(|a| super::SharedFile {
            token: a.token.clone(),
            name: r.redact(&a.file_name),
        })
        .collect();
    let details = &stored.details;
    Ok(RedactedFile {
        reference: stored.reference.to_string(),
        kind: stored.case.kind().label().to_owned(),
        status: status_words(&stored.case).to_owned(),
        received_on: long_date(domain::london::to_london(stored.received_at).date()),
        what_happened: r.redact(details.what_happened.as_str()),
        what_was_said: details.what_was_said.as_deref().map(|t| r.redact(t)),
        outcomes_sought: details.outcomes_sought.as_deref().map(|t| r.redact(t)),
        responses,
        remedies,
        review_dates: review_dates(stored, &state.calendar),
        timeline,
        shared_files,
        staff_preview: false,
        may_give_view: false,
        own_view: None,
    })
}
