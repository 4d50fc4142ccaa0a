//! The complaints manager checks the redacted review file before a panel member sees it
//! (`/staff/redaction/{reference}`): every piece of text that goes into it, original and
//! redacted side by side, with each redaction and each flagged word marked; a decision on
//! each flag (redact it everywhere on the case, or keep it); the shared files as the panel
//! will get them; and the approval. The use cases, and the rules an approval follows, are
//! `service::redaction`'s.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use domain::redaction::preview::{Mark, PreviewText, Segment};

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

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use domain::redaction::FlagKind;
    use service::redaction as svc;

    fn why(kind: FlagKind) -> &'static str {
        match kind {
            FlagKind::Name => "Possibly a person's name",
            FlagKind::Place => "Possibly a place that identifies someone",
            FlagKind::Identifier => "Possibly an identifying number",
        }
    }

    /// The approval in force, in words: who approved it and on what day.
    pub fn approval_state(standing: svc::ApprovalStanding) -> ApprovalState {
        let words = |approval: storage::redaction::Approval| {
            (
                approval.approved_by_name,
                domain::deadlines::long_date(
                    domain::london::to_london(approval.approved_at).date(),
                ),
                approval.fingerprint,
            )
        };
        match standing {
            svc::ApprovalStanding::NotApproved => ApprovalState::NotApproved,
            svc::ApprovalStanding::Current(approval) => {
                let (by, on, fingerprint) = words(approval);
                ApprovalState::Current {
                    by,
                    on,
                    fingerprint,
                }
            }
            svc::ApprovalStanding::Stale(approval) => {
                let (by, on, fingerprint) = words(approval);
                ApprovalState::Stale {
                    by,
                    on,
                    fingerprint,
                }
            }
        }
    }

    impl From<svc::Preview> for ReviewFileCheck {
        fn from(preview: svc::Preview) -> Self {
            Self {
                reference: preview.reference.to_string(),
                review_under_way: preview.review_under_way,
                texts: preview.texts,
                flags: preview
                    .flags
                    .into_iter()
                    .map(|flag| PreviewFlag {
                        words: flag.words,
                        why: why(flag.kind).to_owned(),
                        decision: flag.decision,
                        times: flag.times,
                    })
                    .collect(),
                files: preview
                    .files
                    .into_iter()
                    .map(|file| {
                        let (cleaning, unchecked) = match file.cleaning {
                            storage::attachments::Cleaning::Cleaned(what) => (what, false),
                            storage::attachments::Cleaning::Unchecked => (
                                "Cannot be checked: shared as it is, confirmed by a member of staff"
                                    .to_owned(),
                                true,
                            ),
                        };
                        PreviewFile {
                            token: file.token,
                            name: file.name,
                            redacted_name: file.redacted_name,
                            cleaning,
                            unchecked,
                        }
                    })
                    .collect(),
                fingerprint: preview.fingerprint,
                approval: approval_state(preview.approval),
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub(crate) use ssr::approval_state;

/// The preview of a case's redacted review file, for the complaints manager.
#[server(endpoint = "redaction_preview")]
pub async fn redaction_preview(reference: String) -> Result<ReviewFileCheck, AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::ApproveRedaction)
            .await?;
    let scope = crate::state::scope()?;
    Ok(
        service::redaction::preview(scope.ctx(), &access.caller, &access.reached)
            .await?
            .into(),
    )
}

/// Redacts (`decision=redact`) or keeps (`decision=keep`) a flagged word wherever it
/// appears on the case. Back to the preview.
#[server(endpoint = "decide_flag")]
pub async fn decide_flag(
    reference: String,
    words: String,
    decision: String,
) -> Result<(), AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::ApproveRedaction)
            .await?;
    let scope = crate::state::scope()?;
    service::redaction::decide_flag(
        scope.ctx(),
        &access.caller,
        &access.reached,
        &words,
        &decision,
    )
    .await?;
    leptos_axum::redirect(&format!("/staff/redaction/{}#flags", reference.trim()));
    Ok(())
}

/// Approves the redacted review file as the page showed it (`fingerprint`).
#[server(endpoint = "approve_redaction")]
pub async fn approve_redaction(reference: String, fingerprint: String) -> Result<(), AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::ApproveRedaction)
            .await?;
    let scope = crate::state::scope()?;
    let reference =
        service::redaction::approve(scope.ctx(), &access.caller, &access.reached, &fingerprint)
            .await?;
    leptos_axum::redirect(&format!("/staff/redaction/{reference}?approved=1"));
    Ok(())
}
