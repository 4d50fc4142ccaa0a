//! The life of a case as types (SPEC sections 2 and 3).
//!
//! A [`Case`] is a service request, a complaint or a compliment; each kind has only the
//! transitions that make sense for it, so asking a compliment for a Stage 2 review does not
//! compile. Within a kind, a transition that the procedure forbids at that moment returns a
//! [`TransitionError`] and leaves the case as it was; it never panics. Every successful
//! transition returns an [`Event`] for the append-only timeline; the server stores both.

mod complaint;
pub mod customer;
mod error;
mod other;
pub mod steps;
#[cfg(test)]
pub(crate) mod tests;
mod types;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use complaint::{ClosedHow, Complaint, ImportedStage, OmbudsmanReferral, Phase, StageRecord};
pub use error::TransitionError;
pub use other::{ComplaintChoice, Compliment, ServiceRequest, ServiceRequestPhase};
pub use types::{
    Actor, CustomerAgreement, Extension, Involvement, Outcome, PointFinding, ReasonError,
    RecordedReason, RefusalReason, Remedy, RemedyState, ResponseError, StageResponse,
    TrackedRemedy, UserId,
};

use crate::calendar::Calendar;
use crate::deadlines::Deadline;
use crate::policy::Stage;
use crate::timeline::TimelineItem;

/// The three kinds of case, each with its own life.
///
/// Stored as one object whose `kind` says which (`{"kind":"complaint", …}`). Read by
/// [`Case::deserialize`] (below), not derived: see there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Case {
    ServiceRequest(ServiceRequest),
    /// Boxed: a complaint carries far more than the other kinds.
    Complaint(Box<Complaint>),
    Compliment(Compliment),
}

/// The derived reading of [`Case`], for an object whose `kind` is not its first key.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum AnyOrder {
    ServiceRequest(ServiceRequest),
    Complaint(Box<Complaint>),
    Compliment(Compliment),
}

impl From<AnyOrder> for Case {
    fn from(case: AnyOrder) -> Self {
        match case {
            AnyOrder::ServiceRequest(r) => Case::ServiceRequest(r),
            AnyOrder::Complaint(c) => Case::Complaint(c),
            AnyOrder::Compliment(c) => Case::Compliment(c),
        }
    }
}

/// A case is read in one pass when `kind` comes first, as [`Case`]'s `Serialize` always
/// writes it: the kind is read, then the rest of the object straight into that kind. The
/// derived reading of a tagged enum first copies the whole object aside to look for the
/// tag wherever it is, then reads the copy: every line of the work queue paid for reading
/// its case twice. An object with `kind` elsewhere is still read, the derived way.
impl<'de> Deserialize<'de> for Case {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(CaseVisitor)
    }
}

struct CaseVisitor;

impl<'de> serde::de::Visitor<'de> for CaseVisitor {
    type Value = Case;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a case: an object with its kind")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Case, A::Error> {
        use serde::de::{Error, value::MapAccessDeserializer};
        let Some(first) = map.next_key::<std::borrow::Cow<'de, str>>()? else {
            return Err(A::Error::missing_field("kind"));
        };
        if first == "kind" {
            let kind: CaseKind = map.next_value()?;
            let rest = MapAccessDeserializer::new(map);
            return Ok(match kind {
                CaseKind::ServiceRequest => Case::ServiceRequest(Deserialize::deserialize(rest)?),
                CaseKind::Complaint => Case::Complaint(Deserialize::deserialize(rest)?),
                CaseKind::Compliment => Case::Compliment(Deserialize::deserialize(rest)?),
            });
        }
        let mut object = serde_json::Map::new();
        object.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(key, value);
        }
        AnyOrder::deserialize(serde_json::Value::Object(object))
            .map(Case::from)
            .map_err(A::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    ServiceRequest,
    Complaint,
    Compliment,
}

/// What counting a case's deadline again with a new calendar did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recount {
    /// Closed, withdrawn or not accepted: its dates stay as they were.
    Closed,
    /// The next deadline falls on the same day.
    Unchanged,
    /// The next deadline moved: the entry for the case's timeline says from when to when
    /// and why.
    Moved(TimelineItem),
}

impl Case {
    pub fn kind(&self) -> CaseKind {
        match self {
            Case::ServiceRequest(_) => CaseKind::ServiceRequest,
            Case::Complaint(_) => CaseKind::Complaint,
            Case::Compliment(_) => CaseKind::Compliment,
        }
    }
}

/// What happened, for the timeline. The server adds who and when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Accepted {
        on: NaiveDate,
        handler: UserId,
        discretion: Option<RecordedReason>,
    },
    /// Send the not-accepted letter with the Ombudsman's details.
    NotAccepted {
        on: NaiveDate,
        reason: RefusalReason,
        explanation: RecordedReason,
    },
    ContactRecorded {
        stage: Stage,
        on: NaiveDate,
        first: bool,
    },
    Acknowledged {
        stage: Stage,
        on: NaiveDate,
    },
    /// Send the customer the revised date with the Ombudsman's details.
    Extended {
        stage: Stage,
        extension: Extension,
        beyond_limit: bool,
    },
    Responded {
        stage: Stage,
        on: NaiveDate,
        outcome: Outcome,
    },
    ReviewRequested {
        day0: NaiveDate,
    },
    ReviewRefused {
        on: NaiveDate,
        reason: RecordedReason,
    },
    ReviewerAssigned {
        reviewer: UserId,
    },
    /// Stage 1 passed from one handler to another (leave, workload, a conflict of
    /// interest), with the reason on the record.
    HandlerChanged {
        handler: UserId,
        reason: RecordedReason,
    },
    InvolvementDeclined,
    /// The resident changed their mind: an involved customer may be invited again.
    InvolvementDeclineTakenBack,
    InvolvedCustomerInvited {
        member: UserId,
    },
    InvolvedViewRecorded {
        member: UserId,
        on: NaiveDate,
    },
    /// The invited involved customer turned the invitation down; another may be invited.
    InvolvedCustomerDeclined {
        member: UserId,
    },
    /// The reviewer wrote the Stage 2 outcome for the head of service to sign off.
    OutcomeProposed {
        outcome: Outcome,
    },
    SignedOff {
        by: UserId,
        on: NaiveDate,
    },
    EscalatedEarly {
        agreement: CustomerAgreement,
        day0: NaiveDate,
    },
    ConcludedEarly {
        on: NaiveDate,
        agreement: CustomerAgreement,
    },
    Closed {
        on: NaiveDate,
    },
    Withdrawn {
        on: NaiveDate,
    },
    /// The customer took their withdrawal back: the case is where it was before.
    WithdrawalTakenBack {
        on: NaiveDate,
    },
    ReferredToOmbudsman {
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        their_reference: Option<String>,
    },
    OmbudsmanStageReached {
        on: NaiveDate,
        stage: crate::ombudsman::TheirStage,
    },
    OmbudsmanDecided {
        on: NaiveDate,
        /// Their finding (on the first element); none on referrals recorded before
        /// findings were.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        finding: Option<crate::ombudsman::Finding>,
    },
    OmbudsmanFindingAdded {
        finding: crate::ombudsman::Finding,
    },
    OmbudsmanOrderMade {
        kind: crate::ombudsman::OrderKind,
        due: NaiveDate,
    },
    OmbudsmanOrderComplied {
        referral: usize,
        index: usize,
        on: NaiveDate,
    },
    RemedyDone {
        index: usize,
        on: NaiveDate,
    },
    /// Tell the customer, and remind them of the Ombudsman.
    RemedyCannotBeDelivered {
        index: usize,
        on: NaiveDate,
        reason: RecordedReason,
    },
    ServiceRequestResolved {
        on: NaiveDate,
    },
    /// Open a complaint linked to this service request; the request carries on.
    LinkedComplaintRequested {
        on: NaiveDate,
    },
    /// A complaint was offered and the customer chose not to make one.
    ComplaintDeclined {
        on: NaiveDate,
    },
    ComplimentPassedOn {
        on: NaiveDate,
    },
}

/// Whether a case is still being worked on, in the terms of SPEC section 8's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Closed,
    NotAccepted,
    Withdrawn,
}

impl Case {
    /// A short stable name for where the case is, stored beside it for lists and filters.
    pub fn phase_code(&self) -> &'static str {
        match self {
            Case::ServiceRequest(sr) => match sr.phase() {
                ServiceRequestPhase::Open => "service_request_open",
                ServiceRequestPhase::Resolved { .. } => "service_request_resolved",
                ServiceRequestPhase::Withdrawn { .. } => "withdrawn",
            },
            Case::Compliment(c) => match c.passed_on() {
                None => "compliment_received",
                Some(_) => "compliment_passed_on",
            },
            Case::Complaint(c) => match c.phase() {
                Phase::Received => "received",
                Phase::NotAccepted { .. } => "not_accepted",
                Phase::Stage1 => "stage1",
                Phase::Stage1Responded => "stage1_responded",
                Phase::Stage2 => "stage2",
                Phase::Closed { .. } => "closed",
                Phase::Withdrawn { .. } => "withdrawn",
            },
        }
    }

    pub fn status(&self) -> Status {
        match self {
            Case::ServiceRequest(sr) => match sr.phase() {
                ServiceRequestPhase::Open => Status::Open,
                ServiceRequestPhase::Resolved { .. } => Status::Closed,
                ServiceRequestPhase::Withdrawn { .. } => Status::Withdrawn,
            },
            Case::Compliment(c) => match c.passed_on() {
                None => Status::Open,
                Some(_) => Status::Closed,
            },
            Case::Complaint(c) => match c.phase() {
                Phase::NotAccepted { .. } => Status::NotAccepted,
                Phase::Withdrawn { .. } => Status::Withdrawn,
                Phase::Closed { .. } => Status::Closed,
                _ => Status::Open,
            },
        }
    }

    /// The complaint, if this case is one.
    pub fn as_complaint(&self) -> Option<&Complaint> {
        match self {
            Case::Complaint(c) => Some(c),
            _ => None,
        }
    }

    /// The Stage 1 handler of a complaint.
    pub fn handler(&self) -> Option<&UserId> {
        self.as_complaint()?.stage1().owner.as_ref()
    }

    /// The Stage 2 reviewer of a complaint.
    pub fn reviewer(&self) -> Option<&UserId> {
        self.as_complaint()?.stage2()?.owner.as_ref()
    }

    /// The next date we owe the customer something on the stage in progress: first
    /// contact, then the acknowledgement, then the response (an extension moves the last).
    /// `None` when nothing is running against the clock.
    pub fn next_due(&self, calendar: &Calendar) -> Option<NaiveDate> {
        self.next_deadline(calendar).map(|d| d.due)
    }

    /// The next deadline of the stage in progress, with why it falls where it does: first
    /// contact (a complaint waiting to be accepted is already on Stage 1's clock), then the
    /// acknowledgement, then the response. An extension moves the response's date and
    /// says so in the explanation.
    pub fn next_deadline(&self, calendar: &Calendar) -> Option<Deadline> {
        let (record, deadline) = self.as_complaint()?.next_step_deadline(calendar)?;
        Some(match deadline.step {
            crate::deadlines::Step::Respond => extended(record, deadline),
            _ => deadline,
        })
    }

    /// The response deadline of the stage in progress, moved by any extension, whichever
    /// step is next: what an extension moves. `None` when no complaint stage is running.
    pub fn response_deadline(&self, calendar: &Calendar) -> Option<Deadline> {
        let complaint = self.as_complaint()?;
        let deadlines = complaint.deadlines(calendar)?;
        let record = match deadlines.stage {
            Stage::One => complaint.stage1(),
            Stage::Two => complaint.stage2()?,
        };
        Some(extended(record, deadlines.respond))
    }
}

/// A stage's response deadline, moved to the last extension's date when that is later,
/// with the extension's date and reason as its explanation.
fn extended(record: &StageRecord, mut respond: Deadline) -> Deadline {
    if let Some(extension) = record.extensions.last()
        && extension.to > respond.due
    {
        respond.explanation = format!(
            "Extended on {} to {}: {}",
            crate::deadlines::long_date(extension.on),
            crate::deadlines::long_date(extension.to),
            extension.reason.as_str()
        );
        respond.due = extension.to;
    }
    respond
}

impl Case {
    /// Counts the next deadline again with a changed calendar (SPEC section 4: deadlines are
    /// kept with the calendar they were counted with). `stored` is the date kept from the
    /// last count. Only an open case is recounted: a closed case keeps the dates it was
    /// judged by. Returns the timeline entry when the date moves.
    pub fn recount(&self, stored: Option<NaiveDate>, calendar: &Calendar, why: &str) -> Recount {
        if self.status() != Status::Open {
            return Recount::Closed;
        }
        let now_due = self.next_due(calendar);
        if now_due == stored {
            return Recount::Unchanged;
        }
        Recount::Moved(TimelineItem::DeadlineRecounted {
            from: stored,
            to: now_due,
            why: why.to_owned(),
            calendar: calendar.version().to_string(),
        })
    }

    /// Where the case is, in plain words for the customer.
    pub fn plain_status(&self) -> &'static str {
        match self {
            Case::ServiceRequest(sr) => match sr.phase() {
                ServiceRequestPhase::Open => "Open: we are dealing with your request",
                ServiceRequestPhase::Resolved { .. } => "Resolved",
                ServiceRequestPhase::Withdrawn { .. } => "Withdrawn",
            },
            Case::Compliment(c) => match c.passed_on() {
                None => "Received: thank you",
                Some(_) => "Passed on to the person or team you named",
            },
            Case::Complaint(c) if c.is_locked() => "With the Housing Ombudsman",
            Case::Complaint(c) => match c.phase() {
                Phase::Received => "Received: we are checking it",
                Phase::NotAccepted { .. } => {
                    "Not taken forward as a complaint: we wrote to explain why"
                }
                Phase::Stage1 => "Being looked into (Stage 1)",
                Phase::Stage1Responded => "We have replied: you can ask for a review",
                Phase::Stage2 => "Being reviewed (Stage 2)",
                Phase::Closed {
                    how: ClosedHow::NoReviewRequested,
                    ..
                } => "Closed: you can still ask for a review",
                Phase::Closed { .. } => "Closed",
                Phase::Withdrawn { .. } => "Withdrawn",
            },
        }
    }
}

impl CaseKind {
    pub fn label(self) -> &'static str {
        match self {
            CaseKind::ServiceRequest => "Service request",
            CaseKind::Complaint => "Complaint",
            CaseKind::Compliment => "Compliment",
        }
    }
}
