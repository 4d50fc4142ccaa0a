//! What the timeline records, and which entries the customer sees.
//!
//! The timeline is append-only (the database refuses to change or delete an entry). Each
//! entry is one [`TimelineItem`]: a lifecycle [`Event`] with an optional note (for example
//! the summary of a call), or one of the record-keeping happenings around it. Who did it and
//! when are stored beside the item.
//!
//! Rule we chose for what residents see: every step of the procedure that concerns them
//! (contact, acknowledgement, extension, response, review, closure, remedies, the
//! Ombudsman), letters, the files and information they added, and their representative;
//! not internal notes, assignments, sign-off, or who approved or opened a redacted file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::deadlines::long_date;
use crate::lifecycle::{Event, Outcome};
use crate::policy::Stage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Received {
        channel: Channel,
    },
    /// Brought in from the landlord's previous system.
    Imported {
        legacy_reference: String,
    },
    Transition {
        event: Event,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// An investigation note: staff only.
    Note {
        text: String,
    },
    /// More information from the customer.
    InformationAdded {
        text: String,
    },
    AttachmentAdded {
        file_name: String,
    },
    LetterIssued {
        subject: String,
    },
    RepresentativeNamed {
        name: String,
    },
    RepresentativeConfirmed {
        name: String,
    },
    /// An involved customer opened the redacted review file.
    RedactedFileOpened,
    /// The complaints manager checked the redacted review file and approved it for the
    /// tenant panel: `fingerprint` is the SHA-256 of exactly what was approved (the
    /// redacted text and the shared files' bytes).
    RedactedFileApproved {
        fingerprint: String,
        /// How many files were shared with it.
        files: usize,
    },
    TrackingLinkRevoked,
    /// Staff changed how pressing the case is (`crate::triage`): staff only.
    PrioritySet {
        from: crate::triage::Priority,
        to: crate::triage::Priority,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// How often we update the customer, as agreed with them (`crate::updates`).
    UpdatesAgreed {
        every: crate::updates::UpdateInterval,
        next: NaiveDate,
    },
    /// An update given to the customer: what we told them and how. They see it.
    CustomerUpdated {
        how: crate::updates::UpdateHow,
        summary: String,
    },
    /// The customer's contact details were corrected (`crate::form::correction`): which
    /// ones, in words, and why. The old values are not kept. The customer sees it.
    DetailsCorrected {
        changed: Vec<String>,
        reason: String,
    },
    /// The complaints manager placed a legal hold: the retention schedule keeps the case
    /// until it is lifted (`crate::retention`). Staff only.
    LegalHoldPlaced {
        reason: String,
    },
    /// The legal hold was lifted. Staff only.
    LegalHoldLifted,
    /// The working-day calendar changed (a closure day, a new bank-holiday list) and the
    /// open case's next deadline was counted again with it.
    DeadlineRecounted {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        /// What changed in the calendar, in plain words.
        why: String,
        /// The calendar version the new date was counted with.
        calendar: String,
    },
}

fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::One => "Stage 1",
        Stage::Two => "Stage 2 (review)",
    }
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Upheld => "upheld",
        Outcome::PartlyUpheld => "partly upheld",
        Outcome::NotUpheld => "not upheld",
    }
}

impl TimelineItem {
    /// Whether the customer (and their confirmed representative) sees this entry.
    pub fn customer_visible(&self) -> bool {
        match self {
            TimelineItem::Note { .. }
            | TimelineItem::RedactedFileOpened
            | TimelineItem::RedactedFileApproved { .. }
            | TimelineItem::TrackingLinkRevoked
            | TimelineItem::PrioritySet { .. }
            | TimelineItem::LegalHoldPlaced { .. }
            | TimelineItem::LegalHoldLifted
            | TimelineItem::Imported { .. } => false,
            TimelineItem::Transition { event, .. } => !matches!(
                event,
                Event::ReviewerAssigned { .. }
                    | Event::HandlerChanged { .. }
                    | Event::SignedOff { .. }
                    | Event::OutcomeProposed { .. }
                    | Event::InvolvedViewRecorded { .. }
            ),
            _ => true,
        }
    }

    /// The words written with the entry, shown under its line: a step's note, an
    /// investigation note, the customer's information, what an update told them.
    pub fn detail(&self) -> Option<String> {
        match self {
            TimelineItem::Transition { note, .. } => note.clone(),
            TimelineItem::Note { text } | TimelineItem::InformationAdded { text } => {
                Some(text.clone())
            }
            TimelineItem::CustomerUpdated { summary, .. } => Some(summary.clone()),
            TimelineItem::DetailsCorrected { reason, .. } => Some(reason.clone()),
            _ => None,
        }
    }

    /// One line in plain words, for the case page.
    pub fn summary(&self) -> String {
        match self {
            TimelineItem::Received { channel } => match channel {
                Channel::OnlineForm => "We received it through the online form".to_owned(),
                Channel::Staff => "A member of staff recorded it for the customer".to_owned(),
                other => format!("We received it by {}", other.label().to_lowercase()),
            },
            TimelineItem::Imported { legacy_reference } => {
                format!("Imported from the previous system (reference {legacy_reference})")
            }
            TimelineItem::Transition { event, .. } => event_summary(event),
            TimelineItem::Note { .. } => "Investigation note".to_owned(),
            TimelineItem::InformationAdded { .. } => "More information was added".to_owned(),
            TimelineItem::AttachmentAdded { file_name } => format!("File added: {file_name}"),
            TimelineItem::LetterIssued { subject } => format!("Letter: {subject}"),
            TimelineItem::RepresentativeNamed { name } => {
                format!("{name} was named as a representative (waiting for us to confirm)")
            }
            TimelineItem::RepresentativeConfirmed { name } => {
                format!("We confirmed {name} can act for the customer")
            }
            TimelineItem::RedactedFileOpened => {
                "An involved customer opened the redacted review file".to_owned()
            }
            TimelineItem::RedactedFileApproved { fingerprint, files } => format!(
                "The redacted review file was checked and approved for the tenant panel, with {} (fingerprint {})",
                match files {
                    0 => "no files".to_owned(),
                    1 => "1 shared file".to_owned(),
                    n => format!("{n} shared files"),
                },
                fingerprint.get(..12).unwrap_or(fingerprint)
            ),
            TimelineItem::PrioritySet { from, to, reason } => {
                let moved = if to > from { "raised" } else { "lowered" };
                match reason {
                    Some(reason) => format!(
                        "Priority {moved} from {} to {}: {reason}",
                        from.label().to_lowercase(),
                        to.label().to_lowercase()
                    ),
                    None => format!(
                        "Priority {moved} from {} to {}",
                        from.label().to_lowercase(),
                        to.label().to_lowercase()
                    ),
                }
            }
            TimelineItem::UpdatesAgreed { every, next } => format!(
                "We agreed to update the customer {}: next by {}",
                every.label().to_lowercase(),
                long_date(*next)
            ),
            TimelineItem::CustomerUpdated { how, .. } => {
                format!("We updated the customer ({})", how.label().to_lowercase())
            }
            TimelineItem::TrackingLinkRevoked => {
                "The private tracking link was cancelled".to_owned()
            }
            TimelineItem::DetailsCorrected { changed, .. } => format!(
                "Contact details corrected: {}",
                crate::form::correction::in_words(changed)
            ),
            TimelineItem::LegalHoldPlaced { reason } => format!(
                "Legal hold placed: the case is kept past its retention date because {}",
                reason.trim().trim_end_matches('.')
            ),
            TimelineItem::LegalHoldLifted => {
                "Legal hold lifted: the retention schedule applies again".to_owned()
            }
            TimelineItem::DeadlineRecounted { from, to, why, .. } => {
                let date = |d: &Option<NaiveDate>| d.as_ref().map_or("none".to_owned(), on);
                format!(
                    "The next deadline moved from {} to {} because {}",
                    date(from),
                    date(to),
                    why.trim().trim_end_matches('.')
                )
            }
        }
    }
}

fn on(date: &NaiveDate) -> String {
    long_date(*date)
}

fn event_summary(event: &Event) -> String {
    match event {
        Event::Accepted { on: d, .. } => format!("Accepted as a complaint on {}", on(d)),
        Event::NotAccepted { on: d, .. } => {
            format!("Not accepted as a complaint on {} (we wrote to explain why)", on(d))
        }
        Event::ContactRecorded { stage, on: d, first } => {
            if *first {
                format!("{}: we contacted the customer on {}", stage_words(*stage), on(d))
            } else {
                format!("{}: further contact on {}", stage_words(*stage), on(d))
            }
        }
        Event::Acknowledged { stage, on: d } => {
            format!("{}: acknowledged in writing on {}", stage_words(*stage), on(d))
        }
        Event::Extended {
            stage, extension, ..
        } => format!(
            "{}: we need more time and will reply by {}. Reason: {}",
            stage_words(*stage),
            on(&extension.to),
            extension.reason.as_str()
        ),
        Event::Responded {
            stage,
            on: d,
            outcome,
        } => format!(
            "{}: we replied on {}: complaint {}",
            stage_words(*stage),
            on(d),
            outcome_words(*outcome)
        ),
        Event::ReviewRequested { day0 } => {
            format!("A review was asked for (counted from {})", on(day0))
        }
        Event::ReviewRefused { on: d, .. } => {
            format!("The review request was refused on {} (we wrote to explain why)", on(d))
        }
        Event::ReviewerAssigned { .. } => "A reviewer was assigned".to_owned(),
        Event::HandlerChanged { reason, .. } => {
            format!("Stage 1 passed to another handler: {}", reason.as_str())
        }
        Event::InvolvementDeclined => {
            "The customer chose not to have an involved customer take part".to_owned()
        }
        Event::InvolvementDeclineTakenBack => {
            "The customer changed their mind: an involved customer may take part".to_owned()
        }
        Event::InvolvedCustomerInvited { .. } => {
            "An involved customer (a member of the tenant panel) was invited to give an independent view".to_owned()
        }
        Event::InvolvedViewRecorded { on: d, .. } => {
            format!("The involved customer gave their view on {}", on(d))
        }
        Event::InvolvedCustomerDeclined { .. } => {
            "The involved customer invited could not take part".to_owned()
        }
        Event::SignedOff { on: d, .. } => format!("The review outcome was signed off on {}", on(d)),
        Event::OutcomeProposed { outcome } => format!(
            "The review outcome ({}) was written for the head of service to sign off",
            outcome_words(*outcome)
        ),
        Event::EscalatedEarly { .. } => {
            "Moved straight to a review, as agreed with the customer".to_owned()
        }
        Event::ConcludedEarly { on: d, .. } => {
            format!("Concluded early on {}, as agreed with the customer", on(d))
        }
        Event::Closed { on: d } => format!("Closed on {}", on(d)),
        Event::Withdrawn { on: d } => format!("Withdrawn on {}", on(d)),
        Event::WithdrawalTakenBack { on: d } => {
            format!("The withdrawal was taken back on {}: we carry on", on(d))
        }
        // Their reference stays off the timeline, which the tenant panel's file shows: the
        // Ombudsman publishes determinations by it. Staff see it with the referral.
        Event::ReferredToOmbudsman { on: d, .. } => {
            format!("Referred to the Housing Ombudsman on {}", on(d))
        }
        Event::OmbudsmanStageReached { on: d, stage } => format!(
            "The Housing Ombudsman's process: {} from {}",
            stage.label().to_lowercase(),
            on(d)
        ),
        Event::OmbudsmanDecided { on: d, finding } => match finding {
            Some(f) => format!(
                "The Housing Ombudsman decided on {}: {}",
                on(d),
                f.label().to_lowercase()
            ),
            None => format!("The Housing Ombudsman decided on {}", on(d)),
        },
        Event::OmbudsmanFindingAdded { finding } => format!(
            "The Housing Ombudsman also found {}",
            finding.label().to_lowercase()
        ),
        Event::OmbudsmanOrderMade { kind, due } => format!(
            "The Housing Ombudsman made {} for us to carry out by {}",
            match kind {
                crate::ombudsman::OrderKind::Order => "an order",
                crate::ombudsman::OrderKind::Recommendation => "a recommendation",
            },
            on(due)
        ),
        Event::OmbudsmanOrderComplied { on: d, .. } => format!(
            "On {} we did what the Housing Ombudsman asked, and sent them the evidence",
            on(d)
        ),
        Event::RemedyDone { on: d, .. } => format!("Something we promised was done on {}", on(d)),
        Event::RemedyCannotBeDelivered { on: d, .. } => format!(
            "On {} we found we cannot do something we promised (we wrote to explain)",
            on(d)
        ),
        Event::ServiceRequestResolved { on: d } => format!("Resolved on {}", on(d)),
        Event::LinkedComplaintRequested { on: d } => {
            format!("On {} the customer chose to make a complaint about it", on(d))
        }
        Event::ComplaintDeclined { on: d } => {
            format!("On {} we offered to take a complaint; the customer chose not to", on(d))
        }
        Event::ComplimentPassedOn { on: d } => format!("Passed on with thanks on {}", on(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::UserId;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
    }

    #[test]
    fn residents_do_not_see_internal_entries() {
        let hidden = [
            TimelineItem::Note {
                text: "checked the repairs log".into(),
            },
            TimelineItem::RedactedFileOpened,
            TimelineItem::RedactedFileApproved {
                fingerprint: "ab".repeat(32),
                files: 1,
            },
            TimelineItem::Transition {
                event: Event::ReviewerAssigned {
                    reviewer: UserId::new("7"),
                },
                note: None,
            },
            TimelineItem::Transition {
                event: Event::SignedOff {
                    by: UserId::new("8"),
                    on: date(),
                },
                note: None,
            },
        ];
        for item in hidden {
            assert!(!item.customer_visible(), "{item:?}");
        }
        let shown = TimelineItem::Transition {
            event: Event::Acknowledged {
                stage: Stage::One,
                on: date(),
            },
            note: None,
        };
        assert!(shown.customer_visible());
        assert_eq!(
            shown.summary(),
            "Stage 1: acknowledged in writing on Tuesday 31 December 2024"
        );
    }

    #[test]
    fn items_survive_a_round_trip_through_json() {
        let item = TimelineItem::Transition {
            event: Event::ContactRecorded {
                stage: Stage::Two,
                on: date(),
                first: true,
            },
            note: Some("Phoned; agreed a visit".into()),
        };
        let json = serde_json::to_string(&item).unwrap();
        assert_eq!(serde_json::from_str::<TimelineItem>(&json).unwrap(), item);
    }
}
