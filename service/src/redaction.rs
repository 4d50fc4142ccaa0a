//! The redacted review file: built from the stored case, checked by the complaints manager
//! before a panel member sees it, and approved.
//!
//! The customer's personal fields are never copied into the file; every piece of text that
//! is copied (their own words, our findings, remedies, timeline lines, file names) goes
//! through one [`Redactor`] that knows the people on the case: the customer as recorded and
//! as their account names them, and everyone named to act for them, with the customer's
//! address, postcode, phone and email and each representative's contact details. The
//! redactor also removes titled names, emails, UK phone numbers, postcodes and street
//! addresses it was not told about. A file staff did not mark shareable is not named at
//! all, not even on the timeline.
//!
//! Rules:
//! - a panel member reads the file as last approved, never the case as it stands (see
//!   [`crate::panel::review_file`]): until the first approval there is nothing to read, and
//!   a later change (more information, a response, a file shared or stopped) reaches the
//!   panel only once approved again;
//! - a panel member can be invited only while the approval in force covers the file as it
//!   stands now ([`PanelFile`], asked by the invitation step);
//! - every flag needs a decision before approval;
//! - an approval is of what the page showed: it carries the fingerprint the page was built
//!   with, and a case that changed meanwhile is refused with a request to check again;
//! - the approval is recorded with who, when, and the fingerprint (SHA-256 of the redacted
//!   file and of each shared file's bytes), on the case's staff timeline.

use std::sync::Mutex;

use domain::TimelineItem;
use domain::access::Action;
use domain::deadlines::long_date;
use domain::lifecycle::{Event, Outcome, Remedy, RemedyState, StageRecord};
use domain::redaction::{FlagKind, PersonalDetails, Redactor, Review};
use domain::{Case, CaseReference};
use storage::attachments::{Attachment, Cleaning};
use storage::cases::StoredCase;
use storage::redaction::{Approval, ApprovedFile, Decision};

use crate::cases::Reached;
use crate::panel::{
    DateLine, FileEvent, PointLine, RedactedFile, ResponseLine, SharedFile, review_under_way,
};
use crate::steps::OnCase;
use crate::{Caller, Context, ServiceError};

/// One piece of text that went into the file: where it is, the original, what the redactor
/// found in it, the flags chosen for redaction and the result.
#[derive(Debug, Clone)]
struct Piece {
    label: String,
    original: String,
    review: Review,
    redacted: String,
}

/// The redactor with the complaints manager's decisions on flagged words, keeping every
/// piece of text it redacts for the side-by-side preview.
struct Redacting {
    redactor: Redactor,
    /// Flagged words to redact wherever they appear on the case.
    redact: Vec<String>,
    pieces: Mutex<Vec<Piece>>,
}

impl Redacting {
    fn new(redactor: Redactor, decisions: &[Decision]) -> Self {
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
    fn text(&self, label: &str, original: &str) -> String {
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
pub(crate) struct Built {
    pub(crate) file: RedactedFile,
    pieces: Vec<Piece>,
    /// The shared files the panel gets (those with a copy made safe to share).
    shared: Vec<Attachment>,
    /// What an approval of this file would cover (see [`content_of`] and
    /// [`storage::redaction::fingerprint`]).
    content: String,
    files: Vec<ApprovedFile>,
    decisions: Vec<Decision>,
}

impl Built {
    fn fingerprint(&self) -> String {
        storage::redaction::fingerprint(&self.content, &self.files)
    }
}

/// What an approval covers of a file: everything in it but who is reading.
fn content_of(file: &RedactedFile) -> Result<String, ServiceError> {
    let mut file = file.clone();
    file.staff_preview = false;
    file.may_give_view = false;
    file.own_view = None;
    serde_json::to_string(&file)
        .map_err(|e| ServiceError::Internal(format!("a review file could not be written: {e}")))
}

/// The file as approved, read back.
pub(crate) fn approved_file(approval: &Approval) -> Result<RedactedFile, ServiceError> {
    serde_json::from_str(&approval.content).map_err(|e| {
        tracing::error!(error = %e, approval = approval.id, "an approved review file could not be read");
        ServiceError::Internal(format!(
            "approval {} of a review file could not be read",
            approval.id
        ))
    })
}

/// Where the case is, in words for a reader who is neither the customer nor staff.
fn status_words(case: &Case) -> &'static str {
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
) -> Result<PersonalDetails, ServiceError> {
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

/// The redacted file of a stored case as it stands, with the pieces of text it was made
/// of, the manager's decisions on flagged words, and what an approval of it would cover.
/// The caller of this has asked the permission its use case needs.
pub(crate) async fn build(ctx: Context<'_>, stored: &StoredCase) -> Result<Built, ServiceError> {
    let db = ctx.db;
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
        .map(|a| SharedFile {
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
        review_dates: review_dates(stored, ctx.calendar),
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

/// The approval in force and whether it covers the file as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalStanding {
    NotApproved,
    /// Covers the file as it stands.
    Current(Approval),
    /// The case changed since: the panel still reads what was approved.
    Stale(Approval),
}

/// Whether `approval` (the one in force) covers the file as built.
pub(crate) fn standing(built: &Built, approval: Option<Approval>) -> ApprovalStanding {
    match approval {
        None => ApprovalStanding::NotApproved,
        Some(approval) if approval.fingerprint == built.fingerprint() => {
            ApprovalStanding::Current(approval)
        }
        Some(approval) => ApprovalStanding::Stale(approval),
    }
}

pub use domain::redaction::preview::{Mark, PreviewText, Segment};

/// A flagged word or words, once for the whole case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewFlag {
    pub words: String,
    /// What the redactor suspects it is.
    pub kind: FlagKind,
    pub decision: Option<bool>,
    /// How often it appears.
    pub times: usize,
}

/// A shared file as the panel will get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewFile {
    pub token: String,
    /// The name on the case (staff see it).
    pub name: String,
    /// The name as the panel reads it.
    pub redacted_name: String,
    /// What was done to the copy.
    pub cleaning: Cleaning,
}

/// The redacted review file side by side with the case, for the complaints manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub reference: CaseReference,
    /// Only while the complaint is at Stage 2 may it be approved.
    pub review_under_way: bool,
    pub texts: Vec<PreviewText>,
    pub flags: Vec<PreviewFlag>,
    pub files: Vec<PreviewFile>,
    /// Of the file as it stands now.
    pub fingerprint: String,
    pub approval: ApprovalStanding,
}

impl Preview {
    /// How many flags still wait for a decision.
    pub fn undecided(&self) -> usize {
        flags_undecided(&self.flags)
    }
}

fn flags_undecided(flags: &[PreviewFlag]) -> usize {
    flags.iter().filter(|f| f.decision.is_none()).count()
}

/// The original text in stretches: plain, redacted and flagged.
fn segments(piece: &Piece, decision: impl Fn(&str) -> Option<bool>) -> Vec<Segment> {
    let text = &piece.original;
    let mut marks: Vec<(usize, usize, Mark)> = piece
        .review
        .redactions
        .iter()
        .map(|f| {
            (
                f.start,
                f.end,
                Mark::Redacted(f.kind.placeholder().to_owned()),
            )
        })
        .chain(
            piece
                .review
                .flags
                .iter()
                .map(|f| (f.start, f.end, Mark::Flag(decision(f.text.trim())))),
        )
        .collect();
    marks.sort_by_key(|(start, _, _)| *start);
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, mark) in marks {
        if start < at || end <= start {
            continue;
        }
        if let Some(plain) = text.get(at..start).filter(|p| !p.is_empty()) {
            out.push(Segment {
                text: plain.to_owned(),
                mark: Mark::Plain,
            });
        }
        if let Some(found) = text.get(start..end) {
            out.push(Segment {
                text: found.to_owned(),
                mark,
            });
            at = end;
        }
    }
    if let Some(rest) = text.get(at..).filter(|p| !p.is_empty()) {
        out.push(Segment {
            text: rest.to_owned(),
            mark: Mark::Plain,
        });
    }
    out
}

/// Each flagged word or words once, in the order first found, with the decision on it.
fn flags_of(built: &Built) -> Vec<PreviewFlag> {
    let decision = |words: &str| {
        built
            .decisions
            .iter()
            .find(|d| d.words == words)
            .map(|d| d.redact)
    };
    let mut flags: Vec<PreviewFlag> = Vec::new();
    for piece in &built.pieces {
        for flag in &piece.review.flags {
            let words = flag.text.trim();
            match flags.iter_mut().find(|f| f.words == words) {
                Some(seen) => seen.times += 1,
                None => flags.push(PreviewFlag {
                    words: words.to_owned(),
                    kind: flag.kind,
                    decision: decision(words),
                    times: 1,
                }),
            }
        }
    }
    flags
}

fn preview_of(built: &Built, stored: &StoredCase, approval: Option<Approval>) -> Preview {
    let decision = |words: &str| {
        built
            .decisions
            .iter()
            .find(|d| d.words == words)
            .map(|d| d.redact)
    };
    let texts = built
        .pieces
        .iter()
        .map(|piece| PreviewText {
            label: piece.label.clone(),
            original: segments(piece, decision),
            redacted: piece.redacted.clone(),
            redactions: piece.review.redactions.len(),
            flags: piece.review.flags.len(),
        })
        .collect();
    let files = built
        .shared
        .iter()
        .zip(&built.file.shared_files)
        .filter_map(|(a, shared)| {
            let copy = a.shared_copy.as_ref()?;
            Some(PreviewFile {
                token: a.token.clone(),
                name: a.file_name.clone(),
                redacted_name: shared.name.clone(),
                cleaning: copy.cleaning.clone(),
            })
        })
        .collect();
    Preview {
        reference: stored.reference,
        review_under_way: review_under_way(&stored.case),
        texts,
        flags: flags_of(built),
        files,
        fingerprint: built.fingerprint(),
        approval: standing(built, approval),
    }
}

/// The redacted review file of a complaint side by side with the case, for whoever checks
/// and approves it: every piece of text that goes into it, original and redacted, each
/// redaction and each flagged word marked; each flagged word once with its decision; the
/// shared files as the panel gets them; and whether the approval in force covers the file
/// as it stands. A case that is not a complaint has no review file: not found.
pub async fn preview(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<Preview, ServiceError> {
    caller.may(case.relation(), Action::ApproveRedaction)?;
    let stored = OnCase::read(ctx, case).await?.stored;
    if stored.case.as_complaint().is_none() {
        return Err(ServiceError::NotFound);
    }
    let built = build(ctx, &stored).await?;
    let approval = storage::redaction::approval(ctx.db, case.id()).await?;
    Ok(preview_of(&built, &stored, approval))
}

/// Redacts (`decision` is `redact`) or keeps (`keep`) a flagged word or words wherever they
/// appear on the case, for whoever approves the file. Refused at `flags` for any other
/// decision, and for words that are blank or longer than 200 characters.
pub async fn decide_flag(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    words: &str,
    decision: &str,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::ApproveRedaction)?;
    let redact = match decision {
        "redact" => true,
        "keep" => false,
        _ => {
            return Err(ServiceError::invalid(
                "flags",
                "Choose whether to redact or keep the flagged words",
            ));
        }
    };
    let words = words.trim();
    if words.is_empty() || words.chars().count() > 200 {
        return Err(ServiceError::invalid(
            "flags",
            "Choose one of the flagged words",
        ));
    }
    storage::redaction::decide(ctx.db, case.id(), words, redact, caller.user_id(), ctx.now).await?;
    tracing::info!(by = %caller, case = case.id().0, redact, "flagged words decided");
    Ok(())
}

/// Approves the redacted review file as the page showed it (`fingerprint`), while the
/// complaint is at Stage 2, with every flagged word decided; a case that changed since the
/// page was built is refused with a request to check it again. Recorded with who, when
/// and the fingerprint. Answers the case's reference.
pub async fn approve(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    fingerprint: &str,
) -> Result<CaseReference, ServiceError> {
    caller.may(case.relation(), Action::ApproveRedaction)?;
    let stored = OnCase::read(ctx, case).await?.stored;
    if !review_under_way(&stored.case) {
        return Err(ServiceError::invalid(
            "approve",
            "The review file can be approved only while the complaint is at Stage 2",
        ));
    }
    let built = build(ctx, &stored).await?;
    let undecided = flags_undecided(&flags_of(&built));
    if undecided > 0 {
        return Err(ServiceError::invalid(
            "approve",
            format!(
                "Redact or keep each flagged word before approving: {undecided} still {} a decision",
                if undecided == 1 { "needs" } else { "need" }
            ),
        ));
    }
    if built.fingerprint() != fingerprint.trim() {
        return Err(ServiceError::invalid(
            "approve",
            "The case changed while you were checking the file: check it again below, then approve it",
        ));
    }
    let approved = storage::redaction::approve(
        ctx.db,
        case.id(),
        &caller.who(),
        &built.content,
        &built.files,
        ctx.now,
    )
    .await?;
    tracing::info!(by = %caller, reference = %stored.reference, fingerprint = %approved.fingerprint, "redacted review file approved");
    Ok(stored.reference)
}

/// Approves the redacted file of a case as it stands, flags kept as they are, for whoever
/// approves files: the demo data's, which stands for a file already checked.
pub async fn approve_as_it_stands(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<Approval, ServiceError> {
    caller.may(case.relation(), Action::ApproveRedaction)?;
    let stored = OnCase::read(ctx, case).await?.stored;
    let built = build(ctx, &stored).await?;
    Ok(storage::redaction::approve(
        ctx.db,
        case.id(),
        &caller.who(),
        &built.content,
        &built.files,
        ctx.now,
    )
    .await?)
}

/// Whether a panel member may be invited to the case now: the approval in force covers the
/// redacted file as it stands. The invitation step asks it ([`crate::steps::take`]).
pub struct PanelFile;

impl crate::steps::ReviewFile for PanelFile {
    async fn invitable(
        &self,
        ctx: Context<'_>,
        stored: &StoredCase,
    ) -> Result<Result<(), &'static str>, ServiceError> {
        let built = build(ctx, stored).await.map_err(|e| match e {
            // Only the case itself is "not found": a missing part of its file is our fault.
            ServiceError::NotFound => {
                ServiceError::Internal("a part of a case's review file is missing".to_owned())
            }
            other => other,
        })?;
        let approval = storage::redaction::approval(ctx.db, stored.id).await?;
        Ok(match standing(&built, approval) {
            ApprovalStanding::Current(_) => Ok(()),
            ApprovalStanding::NotApproved => {
                Err("Check and approve the redacted review file before inviting a panel member")
            }
            ApprovalStanding::Stale(_) => Err(
                "The case has changed since the redacted review file was approved: check and approve it again before inviting a panel member",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::ViewLine;

    /// An approval keeps the file's JSON and its fingerprint: the same file must write the
    /// same JSON as it always has, or every approval in force would turn stale.
    #[test]
    fn the_approved_content_keeps_its_form() {
        let file = RedactedFile {
            reference: "CX-2026-000001".into(),
            kind: "Complaint".into(),
            status: "Being reviewed (Stage 2)".into(),
            received_on: "1 June 2026".into(),
            what_happened: "Damp".into(),
            what_was_said: None,
            outcomes_sought: Some("Fix it".into()),
            responses: vec![ResponseLine {
                title: "Stage 1 response".into(),
                sent_on: Some("2 June 2026".into()),
                outcome: "Upheld".into(),
                points: vec![PointLine {
                    point: "p".into(),
                    finding: "f".into(),
                    outcome: "Upheld".into(),
                }],
                remedies: vec!["An apology".into()],
            }],
            remedies: vec![],
            review_dates: vec![DateLine {
                label: "Review asked for".into(),
                date: "3 June 2026".into(),
            }],
            timeline: vec![FileEvent {
                on: "1 June 2026".into(),
                text: "Received".into(),
            }],
            shared_files: vec![SharedFile {
                token: "t".into(),
                name: "photo.jpg".into(),
            }],
            staff_preview: true,
            may_give_view: true,
            own_view: Some(ViewLine {
                given_on: "4 June 2026".into(),
                answers: vec![],
                comments: None,
            }),
        };
        assert_eq!(
            content_of(&file).expect("written"),
            concat!(
                r#"{"reference":"CX-2026-000001","kind":"Complaint","status":"Being reviewed (Stage 2)","#,
                r#""received_on":"1 June 2026","what_happened":"Damp","what_was_said":null,"#,
                r#""outcomes_sought":"Fix it","responses":[{"title":"Stage 1 response","#,
                r#""sent_on":"2 June 2026","outcome":"Upheld","points":[{"point":"p","finding":"f","#,
                r#""outcome":"Upheld"}],"remedies":["An apology"]}],"remedies":[],"#,
                r#""review_dates":[{"label":"Review asked for","date":"3 June 2026"}],"#,
                r#""timeline":[{"on":"1 June 2026","text":"Received"}],"#,
                r#""shared_files":[{"token":"t","name":"photo.jpg"}],"staff_preview":false,"#,
                r#""may_give_view":false,"own_view":null}"#
            )
        );
    }
}
