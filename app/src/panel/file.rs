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
use domain::lifecycle::{Event, Outcome, Remedy, RemedyState, StageRecord};
use domain::redaction::{PersonalDetails, Redactor, Review};
use std::sync::Mutex;
use storage::attachments::Attachment;
use storage::cases::StoredCase;
use storage::redaction::ApprovedFile;

/// One piece of text that went into the file: where it is, the original, what the redactor
/// found in it, the flags chosen for redaction and the result.
#[derive(Debug, Clone)]
pub struct Piece {
    pub label: String,
    pub original: String,
    pub review: Review,
    pub redacted: String,
}

/// The redactor with the complaints manager's decisions on flagged words, keeping every
/// piece of text it redacts for the side-by-side preview.
pub struct Redacting {
    redactor: Redactor,
    /// Flagged words to redact wherever they appear on the case.
    redact: Vec<String>,
    pieces: Mutex<Vec<Piece>>,
}

impl Redacting {
    fn new(redactor: Redactor, decisions: &[storage::redaction::Decision]) -> Self {
        Self {
            redactor,
            redact: decisions
                .iter()
                .filter(|d| d.redact)
                .map(|d| d.words.clone())
                .collect(),
            pieces: Mutex::new(Vec::new()),
        }
    }

    /// `original` redacted, with the flags the manager chose to redact redacted too.
    pub fn text(&self, label: &str, original: &str) -> String {
        let review = self.redactor.review(original);
        let chosen: Vec<usize> = review
            .flags
            .iter()
            .enumerate()
            .filter(|(_, f)| self.redact.iter().any(|w| w == f.text.trim()))
            .map(|(i, _)| i)
            .collect();
        let redacted = review.apply(original, &chosen);
        if let Ok(mut pieces) = self.pieces.lock() {
            pieces.push(Piece {
                label: label.to_owned(),
                original: original.to_owned(),
                review,
                redacted: redacted.clone(),
            });
        }
        redacted
    }

    fn into_pieces(self) -> Vec<Piece> {
        self.pieces.into_inner().unwrap_or_default()
    }
}

/// A redacted file with everything that went into it.
pub struct Built {
    pub file: RedactedFile,
    pub pieces: Vec<Piece>,
    /// The shared files the panel gets (those with a copy made safe to share).
    pub shared: Vec<Attachment>,
    /// What an approval of this file would cover (see [`content_of`] and
    /// [`storage::redaction::fingerprint`]).
    pub content: String,
    pub files: Vec<ApprovedFile>,
    pub decisions: Vec<storage::redaction::Decision>,
}

impl Built {
    pub fn fingerprint(&self) -> String {
        storage::redaction::fingerprint(&self.content, &self.files)
    }
}

/// What an approval covers of a file: everything in it but who is reading.
pub fn content_of(file: &RedactedFile) -> Result<String, AppError> {
    let mut file = file.clone();
    file.staff_preview = false;
    file.may_give_view = false;
    file.own_view = None;
    serde_json::to_string(&file).map_err(|_| AppError::Internal)
}

/// The file as approved, read back.
pub fn approved_file(approval: &storage::redaction::Approval) -> Result<RedactedFile, AppError> {
    serde_json::from_str(&approval.content).map_err(|e| {
        tracing::error!(error = %e, approval = approval.id, "an approved review file could not be read");
        AppError::Internal
    })
}

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
fn remedy_words(remedy: &Remedy, r: &Redacting) -> String {
    match remedy {
        Remedy::Apology => "An apology".to_owned(),
        Remedy::Explanation => "An explanation".to_owned(),
        Remedy::Action {
            description, due, ..
        } => format!(
            "{} (by {})",
            r.text("A remedy", description),
            long_date(*due)
        ),
        Remedy::Compensation {
            amount,
            for_what: Some(what),
        } => format!(
            "Compensation of {amount} for {}",
            r.text("What compensation is for", what)
        ),
        Remedy::Compensation { amount, .. } => format!("Compensation of {amount}"),
        Remedy::RecordAmended => "Our records corrected".to_owned(),
        Remedy::DecisionReconsidered => "The decision reconsidered".to_owned(),
    }
}

fn remedy_state_words(state: &RemedyState, r: &Redacting) -> String {
    match state {
        RemedyState::Outstanding => "not done yet".to_owned(),
        RemedyState::Done { on } => format!("done on {}", long_date(*on)),
        RemedyState::CannotBeDelivered { on, reason } => format!(
            "cannot be delivered ({}): {}",
            long_date(*on),
            r.text("Why a remedy cannot be delivered", reason.as_str())
        ),
    }
}

/// Everything the redactor should know about the people on the case.
async fn personal_details(
    db: &storage::Db,
    stored: &StoredCase,
) -> Result<PersonalDetails, AppError> {
    let mut details = PersonalDetails::default();
    if let Some(customer) = &stored.customer {
        let d = &customer.details;
        details.names.push(d.name.clone());
        details.phone = d.phone.as_ref().map(|p| p.national().to_owned());
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
            && let Some(account) = storage::accounts::find(db, user_id).await?
        {
            details.names.push(account.display_name);
            details.other_emails.push(account.email);
        }
    }
    for representative in storage::representatives::for_case(db, stored.id).await? {
        details.representatives.push(representative.name);
        // Free text: an address, a phone number or an e-mail; the redactor tells which.
        details.address_lines.extend(representative.contact);
        if let Some(user_id) = representative.user_id
            && let Some(account) = storage::accounts::find(db, user_id).await?
        {
            details.representatives.push(account.display_name);
            details.other_emails.push(account.email);
        }
    }
    Ok(details)
}

fn response_line(title: &str, record: &StageRecord, r: &Redacting) -> Option<ResponseLine> {
    let response = record.response.as_ref()?;
    Some(ResponseLine {
        title: title.to_owned(),
        sent_on: record.responded.map(long_date),
        outcome: outcome_words(response.outcome()).to_owned(),
        points: response
            .points()
            .iter()
            .enumerate()
            .map(|(i, p)| PointLine {
                point: r.text(&format!("{title}, point {}: raised", i + 1), &p.point),
                finding: r.text(&format!("{title}, point {}: found", i + 1), &p.finding),
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

/// Events of the panel's own part: left out of the file, so that inviting a panel member
/// (or their turning the invitation down) does not change the file they were invited to.
fn panel_event(item: &TimelineItem) -> bool {
    matches!(
        item,
        TimelineItem::Transition {
            event: Event::InvolvedCustomerInvited { .. } | Event::InvolvedCustomerDeclined { .. },
            ..
        }
    )
}

/// Only a file shared with a copy made safe to share goes to the panel.
fn shared_with_panel(file: &Attachment) -> bool {
    file.shareable && file.shared_copy.is_some()
}

/// Whether any evidence goes to the panel with the case (so they are asked about it).
pub async fn evidence_shared(
    db: &storage::Db,
    case: storage::cases::CaseId,
) -> Result<bool, AppError> {
    Ok(storage::attachments::for_case(db, case)
        .await?
        .iter()
        .any(shared_with_panel))
}

/// The redacted file of a stored case.
pub async fn build(state: &AppState, stored: &StoredCase) -> Result<RedactedFile, AppError> {
    Ok(build_full(&state.db, &state.calendar.current(), stored)
        .await?
        .file)
}

/// The redacted file of a stored case as it stands, with the pieces of text it was made
/// of, the manager's decisions on flagged words, and what an approval of it would cover.
pub async fn build_full(
    db: &storage::Db,
    calendar: &domain::Calendar,
    stored: &StoredCase,
) -> Result<Built, AppError> {
    let details = personal_details(db, stored).await?;
    let decisions = storage::redaction::decisions(db, stored.id).await?;
    let attachments = storage::attachments::for_case(db, stored.id).await?;
    let entries = storage::cases::timeline(db, stored.id, true).await?;
    let redacting = Redacting::new(Redactor::for_details(&details), &decisions);
    let r = &redacting;
    let complaint = stored.case.as_complaint();
    let details = &stored.details;
    let what_happened = r.text("What went wrong", details.what_happened.as_str());
    let what_was_said = details
        .what_was_said
        .as_deref()
        .map(|t| r.text("What they were told before", t));
    let outcomes_sought = details
        .outcomes_sought
        .as_deref()
        .map(|t| r.text("What they want us to do", t));
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
    let (shared, unshared): (Vec<_>, Vec<_>) = attachments.into_iter().partition(shared_with_panel);
    // A file staff did not share is not named anywhere, the timeline included.
    let is_shared = |name: &str| {
        shared.iter().any(|a| a.file_name == name) && !unshared.iter().any(|a| a.file_name == name)
    };
    let timeline = entries
        .into_iter()
        .filter(|entry| !panel_event(&entry.item))
        .map(|entry| FileEvent {
            on: long_date(domain::london::to_london(entry.at).date()),
            text: match &entry.item {
                TimelineItem::AttachmentAdded { file_name } if !is_shared(file_name) => {
                    "A file was added (not shared for this review)".to_owned()
                }
                item => r.text("What has happened", &item.summary()),
            },
        })
        .collect();
    let shared_files = shared
        .iter()
        .map(|a| super::SharedFile {
            token: a.token.clone(),
            name: r.text("A shared file's name", &a.file_name),
        })
        .collect();
    let files = shared
        .iter()
        .filter_map(|a| {
            a.shared_copy.as_ref().map(|copy| ApprovedFile {
                token: a.token.clone(),
                sha256: copy.sha256.clone(),
            })
        })
        .collect();
    let file = RedactedFile {
        reference: stored.reference.to_string(),
        kind: stored.case.kind().label().to_owned(),
        status: status_words(&stored.case).to_owned(),
        received_on: long_date(domain::london::to_london(stored.received_at).date()),
        what_happened,
        what_was_said,
        outcomes_sought,
        responses,
        remedies,
        review_dates: review_dates(stored, calendar),
        timeline,
        shared_files,
        staff_preview: false,
        may_give_view: false,
        own_view: None,
    };
    Ok(Built {
        content: content_of(&file)?,
        file,
        pieces: redacting.into_pieces(),
        shared,
        files,
        decisions,
    })
}
