//! The complaints manager checks the redacted review file before a panel member sees it
//! (`/staff/redaction/{reference}`): every piece of text that goes into it, original and
//! redacted side by side, with each redaction and each flagged word marked; a decision on
//! each flag (redact it everywhere on the case, or keep it); the shared files as the panel
//! will get them; and the approval.
//!
//! Rules:
//! - a panel member reads the file as last approved, never the case as it stands (see
//!   [`crate::panel::review_file`]): until the first approval there is nothing to read, and
//!   a later change (more information, a response, a file shared or stopped) reaches the
//!   panel only once approved again;
//! - a panel member can be invited only while the approval in force covers the file as it
//!   stands now (see the invitation step);
//! - every flag needs a decision before approval;
//! - an approval is of what the page showed: it carries the fingerprint the page was built
//!   with, and a case that changed meanwhile is refused with a request to check again;
//! - the approval is recorded with who, when, and the fingerprint (SHA-256 of the redacted
//!   file and of each shared file's bytes), on the case's staff timeline.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A stretch of original text, marked if something was found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Plain,
    /// Taken out, and what the reader sees instead.
    Redacted(String),
    /// Flagged: redacted (`Some(true)`), kept (`Some(false)`) or not yet decided.
    Flag(Option<bool>),
}

/// One piece of text that goes into the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewText {
    pub label: String,
    pub original: Vec<Segment>,
    pub redacted: String,
    pub redactions: usize,
    pub flags: usize,
}

/// A flagged word or words, once for the whole case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewFlag {
    pub words: String,
    /// "Possibly a name", …
    pub why: String,
    pub decision: Option<bool>,
    /// How often it appears.
    pub times: usize,
}

/// A shared file as the panel will get it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewFile {
    pub token: String,
    /// The name on the case (staff see it).
    pub name: String,
    /// The name as the panel reads it.
    pub redacted_name: String,
    /// What was done to the copy.
    pub cleaning: String,
    /// Its type could not be cleaned: shared as it is after a person confirmed it.
    pub unchecked: bool,
}

/// The approval in force and whether it covers the file as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalState {
    NotApproved,
    /// Covers the file as it stands.
    Current {
        by: String,
        on: String,
        fingerprint: String,
    },
    /// The case changed since: the panel still reads what was approved.
    Stale {
        by: String,
        on: String,
        fingerprint: String,
    },
}

/// The preview page's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFileCheck {
    pub reference: String,
    /// Only while the complaint is at Stage 2.
    pub review_under_way: bool,
    pub texts: Vec<PreviewText>,
    pub flags: Vec<PreviewFlag>,
    pub files: Vec<PreviewFile>,
    /// Of the file as it stands now.
    pub fingerprint: String,
    pub approval: ApprovalState,
}

impl ReviewFileCheck {
    pub fn undecided(&self) -> usize {
        self.flags.iter().filter(|f| f.decision.is_none()).count()
    }
}

/// The check the service asks before a panel member is invited.
#[cfg(feature = "ssr")]
pub use ssr::PanelFile;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::panel::file::{Built, Piece};
    use domain::redaction::FlagKind;

    fn why(kind: FlagKind) -> &'static str {
        match kind {
            FlagKind::Name => "Possibly a person's name",
            FlagKind::Place => "Possibly a place that identifies someone",
            FlagKind::Identifier => "Possibly an identifying number",
        }
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

    /// Whether the approval in force covers the file as it stands.
    pub fn approval_state(
        built: &Built,
        approval: Option<&storage::redaction::Approval>,
    ) -> ApprovalState {
        let Some(approval) = approval else {
            return ApprovalState::NotApproved;
        };
        let by = approval.approved_by_name.clone();
        let on =
            domain::deadlines::long_date(domain::london::to_london(approval.approved_at).date());
        let fingerprint = approval.fingerprint.clone();
        if approval.fingerprint == built.fingerprint() {
            ApprovalState::Current {
                by,
                on,
                fingerprint,
            }
        } else {
            ApprovalState::Stale {
                by,
                on,
                fingerprint,
            }
        }
    }

    pub fn preview(
        built: &Built,
        reference: String,
        review_under_way: bool,
        approval: Option<&storage::redaction::Approval>,
    ) -> ReviewFileCheck {
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
                        why: why(flag.kind).to_owned(),
                        decision: decision(words),
                        times: 1,
                    }),
                }
            }
        }
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
                let (cleaning, unchecked) = match &copy.cleaning {
                    storage::attachments::Cleaning::Cleaned(what) => (what.clone(), false),
                    storage::attachments::Cleaning::Unchecked => (
                        "Cannot be checked: shared as it is, confirmed by a member of staff"
                            .to_owned(),
                        true,
                    ),
                };
                Some(PreviewFile {
                    token: a.token.clone(),
                    name: a.file_name.clone(),
                    redacted_name: shared.name.clone(),
                    cleaning,
                    unchecked,
                })
            })
            .collect();
        ReviewFileCheck {
            reference,
            review_under_way,
            texts,
            flags,
            files,
            fingerprint: built.fingerprint(),
            approval: approval_state(built, approval),
        }
    }

    /// Whether a panel member may be invited to the case now: the approval in force covers
    /// the redacted file as it stands. The service asks it before a step invites anyone.
    pub struct PanelFile;

    impl service::steps::ReviewFile for PanelFile {
        async fn invitable(
            &self,
            ctx: service::Context<'_>,
            stored: &storage::cases::StoredCase,
        ) -> Result<Result<(), &'static str>, service::ServiceError> {
            let built = crate::panel::file::build_full(ctx.db, ctx.calendar, stored)
                .await
                .map_err(|e| match e {
                    // Only the case itself is "not found": a missing part of its file is
                    // our fault.
                    AppError::Busy => service::ServiceError::Busy,
                    other => service::ServiceError::Internal(format!("{other:?}")),
                })?;
            let approval = storage::redaction::approval(ctx.db, stored.id).await?;
            Ok(match approval_state(&built, approval.as_ref()) {
                ApprovalState::Current { .. } => Ok(()),
                ApprovalState::NotApproved => {
                    Err("Check and approve the redacted review file before inviting a panel member")
                }
                ApprovalState::Stale { .. } => Err(
                    "The case has changed since the redacted review file was approved: check and approve it again before inviting a panel member",
                ),
            })
        }
    }
}

/// Approves the redacted file of a case as it stands, flags kept as they are (for the demo
/// data, which stands for a file already checked).
#[cfg(feature = "ssr")]
pub async fn approve_as_it_stands(
    db: &storage::Db,
    calendar: &domain::Calendar,
    stored: &storage::cases::StoredCase,
    who: &storage::cases::Who,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<storage::redaction::Approval, AppError> {
    let built = crate::panel::file::build_full(db, calendar, stored).await?;
    Ok(storage::redaction::approve(db, stored.id, who, &built.content, &built.files, now).await?)
}

/// The preview of a case's redacted review file, for the complaints manager.
#[server(endpoint = "redaction_preview")]
pub async fn redaction_preview(reference: String) -> Result<ReviewFileCheck, AppError> {
    use domain::access::Action;
    let access = crate::cases::guard::case_access(&reference, Action::ApproveRedaction).await?;
    let state = crate::state::app_state()?;
    let stored = storage::cases::load(&state.db, access.id, &state.calendar.current()).await?;
    if stored.case.as_complaint().is_none() {
        return Err(AppError::NotFound);
    }
    let built =
        crate::panel::file::build_full(&state.db, &state.calendar.current(), &stored).await?;
    let approval = storage::redaction::approval(&state.db, access.id).await?;
    Ok(ssr::preview(
        &built,
        stored.reference.to_string(),
        crate::panel::rules::review_under_way(&stored.case),
        approval.as_ref(),
    ))
}

/// Redacts (`decision=redact`) or keeps (`decision=keep`) a flagged word wherever it
/// appears on the case. Back to the preview.
#[server(endpoint = "decide_flag")]
pub async fn decide_flag(
    reference: String,
    words: String,
    decision: String,
) -> Result<(), AppError> {
    use domain::access::Action;
    let access = crate::cases::guard::case_access(&reference, Action::ApproveRedaction).await?;
    let state = crate::state::app_state()?;
    let redact = match decision.as_str() {
        "redact" => true,
        "keep" => false,
        _ => {
            return Err(AppError::validation(
                "flags",
                "Choose whether to redact or keep the flagged words",
            ));
        }
    };
    let words = words.trim();
    if words.is_empty() || words.chars().count() > 200 {
        return Err(AppError::validation(
            "flags",
            "Choose one of the flagged words",
        ));
    }
    storage::redaction::decide(
        &state.db,
        access.id,
        words,
        redact,
        Some(access.account.id),
        crate::clock::now(),
    )
    .await?;
    tracing::info!(user = access.account.id, %reference, redact, "flagged words decided");
    leptos_axum::redirect(&format!("/staff/redaction/{}#flags", reference.trim()));
    Ok(())
}

/// Approves the redacted review file as the page showed it (`fingerprint`).
#[server(endpoint = "approve_redaction")]
pub async fn approve_redaction(reference: String, fingerprint: String) -> Result<(), AppError> {
    use domain::access::Action;
    let access = crate::cases::guard::case_access(&reference, Action::ApproveRedaction).await?;
    let state = crate::state::app_state()?;
    let stored = storage::cases::load(&state.db, access.id, &state.calendar.current()).await?;
    if !crate::panel::rules::review_under_way(&stored.case) {
        return Err(AppError::validation(
            "approve",
            "The review file can be approved only while the complaint is at Stage 2",
        ));
    }
    let built =
        crate::panel::file::build_full(&state.db, &state.calendar.current(), &stored).await?;
    let approval = storage::redaction::approval(&state.db, access.id).await?;
    let preview = ssr::preview(
        &built,
        stored.reference.to_string(),
        true,
        approval.as_ref(),
    );
    let undecided = preview.undecided();
    if undecided > 0 {
        return Err(AppError::validation(
            "approve",
            format!(
                "Redact or keep each flagged word before approving: {undecided} still {} a decision",
                if undecided == 1 { "needs" } else { "need" }
            ),
        ));
    }
    if built.fingerprint() != fingerprint.trim() {
        return Err(AppError::validation(
            "approve",
            "The case changed while you were checking the file: check it again below, then approve it",
        ));
    }
    let account = &access.account;
    let who = storage::cases::Who::account(account.id, account.role, &account.display_name);
    let approved = storage::redaction::approve(
        &state.db,
        access.id,
        &who,
        &built.content,
        &built.files,
        crate::clock::now(),
    )
    .await?;
    tracing::info!(user = account.id, %reference, fingerprint = %approved.fingerprint, "redacted review file approved");
    leptos_axum::redirect(&format!("/staff/redaction/{}?approved=1", stored.reference));
    Ok(())
}
