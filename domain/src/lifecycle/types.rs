//! The values that transitions record: reasons, responses, remedies, people.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::money::Money;
use crate::role::Role;

/// An account's identity, opaque to the domain (storage decides what it is).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Someone acting: who they are and the role they act in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: UserId,
    pub role: Role,
}

impl Actor {
    pub fn new(id: impl Into<String>, role: Role) -> Self {
        Self {
            id: UserId::new(id),
            role,
        }
    }
}

/// A reason someone wrote down: required wherever the procedure says a decision must be
/// recorded (refusals, discretion, long extensions, early escalation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordedReason(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReasonError {
    #[error("Enter the reason: it is kept on the case record")]
    Empty,
    #[error("Keep the reason to {max} characters or fewer", max = RecordedReason::MAX_CHARS)]
    TooLong,
}

impl RecordedReason {
    pub const MAX_CHARS: usize = 2000;

    pub fn parse(input: &str) -> Result<Self, ReasonError> {
        let kept = crate::text::paragraphs(input);
        let text = kept.as_str();
        if text.is_empty() {
            Err(ReasonError::Empty)
        } else if text.chars().count() > Self::MAX_CHARS {
            Err(ReasonError::TooLong)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RecordedReason {
    type Error = ReasonError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RecordedReason> for String {
    fn from(value: RecordedReason) -> Self {
        value.0
    }
}

/// Why a complaint is not accepted (SPEC section 3). Each is explained to the customer in
/// writing with their right to go to the Ombudsman.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// Happened (or came to light) longer ago than the policy's window.
    OutOfTime,
    /// Another policy fits better (e.g. a neighbour dispute goes to the ASB policy).
    AnotherPolicyFitsBetter,
    /// Alleges crime, violence, intimidation, harassment or theft.
    AllegesCrime,
    /// The same or a very similar issue already had a complaint response.
    AlreadyHadResponse,
    /// A claim form and particulars of claim have been filed at court.
    LegalProceedings,
    /// Not the landlord's responsibility: redirect to the right organisation.
    OutsideOurResponsibility,
    /// Imported history: the previous system did not say why. Never offered to staff, so
    /// not in [`RefusalReason::ALL`] and not read by [`RefusalReason::parse`]; reports count
    /// it as "reason not recorded".
    NotRecorded,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 6] = [
        RefusalReason::OutOfTime,
        RefusalReason::AnotherPolicyFitsBetter,
        RefusalReason::AllegesCrime,
        RefusalReason::AlreadyHadResponse,
        RefusalReason::LegalProceedings,
        RefusalReason::OutsideOurResponsibility,
    ];

    /// The stored code, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OutOfTime => "out_of_time",
            Self::AnotherPolicyFitsBetter => "another_policy_fits_better",
            Self::AllegesCrime => "alleges_crime",
            Self::AlreadyHadResponse => "already_had_response",
            Self::LegalProceedings => "legal_proceedings",
            Self::OutsideOurResponsibility => "outside_our_responsibility",
            Self::NotRecorded => "not_recorded",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::OutOfTime => "It happened too long ago",
            Self::AnotherPolicyFitsBetter => "Another policy deals with it",
            Self::AllegesCrime => "It alleges a crime, violence or harassment",
            Self::AlreadyHadResponse => "We have already answered the same complaint",
            Self::LegalProceedings => "Legal proceedings have started",
            Self::OutsideOurResponsibility => "It is not our responsibility",
            Self::NotRecorded => "The reason was not recorded",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
}

/// One point the customer raised and what we found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointFinding {
    pub point: String,
    pub finding: String,
    pub outcome: Outcome,
}

/// What we do to put things right. Tracked after the response until done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Remedy {
    Apology,
    Explanation,
    Action {
        description: String,
        due: NaiveDate,
        owner: UserId,
    },
    /// A payment, or one part of it: several parts (time and trouble, distress, a
    /// refund) are several remedies, each with what it is for.
    Compensation {
        amount: Money,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        for_what: Option<String>,
    },
    RecordAmended,
    DecisionReconsidered,
}

/// Where a remedy stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RemedyState {
    Outstanding,
    Done {
        on: NaiveDate,
    },
    /// The customer is told, and reminded of the Ombudsman.
    CannotBeDelivered {
        on: NaiveDate,
        reason: RecordedReason,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedRemedy {
    pub remedy: Remedy,
    pub state: RemedyState,
}

/// A stage's written response.
///
/// The form that writes one takes at most [`StageResponse::MOST_POINTS`] points and
/// [`StageResponse::MOST_REMEDY_ROWS`] payments and as many actions: far more than any
/// response needs; a post with more is refused, not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ResponseParts")]
pub struct StageResponse {
    outcome: Outcome,
    points: Vec<PointFinding>,
    remedies: Vec<Remedy>,
    learning: Option<String>,
    /// The complaint as the landlord defined it, restated in the response (Code 5.12,
    /// 6.17). Responses recorded before it was asked for have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    definition: Option<String>,
}

#[derive(Deserialize)]
struct ResponseParts {
    outcome: Outcome,
    points: Vec<PointFinding>,
    remedies: Vec<Remedy>,
    learning: Option<String>,
    #[serde(default)]
    definition: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ResponseError {
    #[error("Add each point the customer raised and what you found")]
    NoPoints,
    #[error("Write what you found for every point the customer raised")]
    EmptyFinding,
    #[error("Add a remedy: an upheld complaint needs something to put it right")]
    UpheldWithoutRemedy,
    #[error("Write the complaint as we defined it: the response restates it")]
    NoDefinition,
}

impl StageResponse {
    pub const MOST_POINTS: usize = 40;
    pub const MOST_REMEDY_ROWS: usize = 20;

    /// A response answers every point; an upheld (or partly upheld) one offers a remedy,
    /// even if only an apology.
    pub fn new(
        outcome: Outcome,
        points: Vec<PointFinding>,
        remedies: Vec<Remedy>,
        learning: Option<String>,
    ) -> Result<Self, ResponseError> {
        if points.is_empty() {
            return Err(ResponseError::NoPoints);
        }
        if points
            .iter()
            .any(|p| p.point.trim().is_empty() || p.finding.trim().is_empty())
        {
            return Err(ResponseError::EmptyFinding);
        }
        if outcome != Outcome::NotUpheld && remedies.is_empty() {
            return Err(ResponseError::UpheldWithoutRemedy);
        }
        let learning = learning
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty());
        Ok(Self {
            outcome,
            points,
            remedies,
            learning,
            definition: None,
        })
    }

    /// The same response restating the complaint as defined; refused when blank.
    pub fn defining(mut self, definition: &str) -> Result<Self, ResponseError> {
        let definition = definition.trim();
        if definition.is_empty() {
            return Err(ResponseError::NoDefinition);
        }
        self.definition = Some(definition.to_owned());
        Ok(self)
    }

    /// The complaint as defined, restated.
    pub fn definition(&self) -> Option<&str> {
        self.definition.as_deref()
    }

    /// The compensation offered, all parts together.
    pub fn compensation(&self) -> Money {
        self.remedies
            .iter()
            .filter_map(|r| match r {
                Remedy::Compensation { amount, .. } => Some(*amount),
                _ => None,
            })
            .sum()
    }

    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    pub fn points(&self) -> &[PointFinding] {
        &self.points
    }

    pub fn remedies(&self) -> &[Remedy] {
        &self.remedies
    }

    pub fn learning(&self) -> Option<&str> {
        self.learning.as_deref()
    }
}

impl TryFrom<ResponseParts> for StageResponse {
    type Error = ResponseError;

    fn try_from(p: ResponseParts) -> Result<Self, Self::Error> {
        let response = Self::new(p.outcome, p.points, p.remedies, p.learning)?;
        match p.definition {
            Some(d) => response.defining(&d),
            None => Ok(response),
        }
    }
}

/// An extension: always with a reason and a new date, and a notice to the customer carrying
/// the Ombudsman's details (sent by the server on the `Extended` event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub on: NaiveDate,
    pub to: NaiveDate,
    pub reason: RecordedReason,
    /// The complaints manager who approved going past the policy's limit, if it did.
    pub approved_by: Option<UserId>,
}

/// The customer's agreement to leave the usual path (escalate straight to Stage 2, or end
/// the process early), with the reason recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAgreement {
    pub agreed_on: NaiveDate,
    pub reason: RecordedReason,
}

/// An involved customer's part in a review.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Involvement {
    #[default]
    NotInvited,
    Invited {
        member: UserId,
    },
    ViewRecorded {
        member: UserId,
        on: NaiveDate,
    },
}
