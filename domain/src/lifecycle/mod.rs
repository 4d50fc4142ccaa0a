//! The life of a case as types (SPEC sections 2 and 3).
//!
//! A [`Case`] is a service request, a complaint or a compliment; each kind has only the
//! transitions that make sense for it, so asking a compliment for a Stage 2 review does not
//! compile. Within a kind, a transition that the procedure forbids at that moment returns a
//! [`TransitionError`] and leaves the case as it was; it never panics. Every successful
//! transition returns an [`Event`] for the append-only timeline; the server stores both.

mod complaint;
mod error;
mod other;
#[cfg(test)]
mod tests;
mod types;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use complaint::{ClosedHow, Complaint, OmbudsmanReferral, Phase, StageRecord};
pub use error::TransitionError;
pub use other::{ComplaintChoice, Compliment, ServiceRequest, ServiceRequestPhase};
pub use types::{
    Actor, CustomerAgreement, Extension, Involvement, Outcome, PointFinding, ReasonError,
    RecordedReason, RefusalReason, Remedy, RemedyState, ResponseError, StageResponse,
    TrackedRemedy, UserId,
};

use crate::policy::Stage;

/// The three kinds of case, each with its own life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Case {
    ServiceRequest(ServiceRequest),
    /// Boxed: a complaint carries far more than the other kinds.
    Complaint(Box<Complaint>),
    Compliment(Compliment),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    ServiceRequest,
    Complaint,
    Compliment,
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
    InvolvementDeclined,
    InvolvedCustomerInvited {
        member: UserId,
    },
    InvolvedViewRecorded {
        member: UserId,
        on: NaiveDate,
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
    ReferredToOmbudsman {
        on: NaiveDate,
    },
    OmbudsmanDecided {
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
