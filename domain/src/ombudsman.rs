//! The Housing Ombudsman's casework on a complaint: each referral, the stages of their
//! process, their determination and what they ordered or recommended.
//!
//! Rules we chose:
//! - **Several referrals.** A complaint may go to the Ombudsman again once they have
//!   decided on an earlier referral (a new complaint about the same events, or their review
//!   of a determination opened as a new case on their side). Each referral keeps its own
//!   reference, stages, findings and orders; while one is undecided the case is locked to
//!   ordinary steps.
//! - **Their reference** is required: it is how the Ombudsman's letters are matched to the
//!   case. Letters, digits, spaces, `/` and `-` only, at most [`MAX_REFERENCE_CHARS`].
//! - **Stages** follow the Ombudsman's process: referred, assessing (whether it is theirs to
//!   investigate), investigating, determined, and a review of their determination asked
//!   for. Assessing and investigating are recorded before the determination; a review after
//!   it. Recording the determination moves the referral to "determined".
//! - **Findings.** A determination has one finding for each element of the complaint they
//!   looked at: severe maladministration, maladministration, service failure, no
//!   maladministration, reasonable redress, or outside jurisdiction. Severity is the
//!   Ombudsman's own scale (severe maladministration is the severe kind); the reports count
//!   each finding.
//! - **Orders and recommendations** are made with a determination: what to do, by when
//!   (never before the determination), and the member of staff who owns it (anyone who
//!   works cases, or the head of service). The owner does the work; compliance is recorded
//!   by the complaints manager, who corresponds with the Ombudsman, once, with its date and
//!   the evidence sent to them (at least a sentence), and cannot be undone. An order or recommendation turns amber on its
//!   owner's work queue two working days before it is due and red once it is late, as a
//!   promised remedy does.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lifecycle::UserId;

/// The most the Ombudsman's reference may have.
pub const MAX_REFERENCE_CHARS: usize = 30;
/// The most a finding's element, an order's wording or the evidence of compliance may say.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The least the evidence of compliance may say.
pub const MIN_EVIDENCE_CHARS: usize = 10;
/// Working days before its date at which an order turns amber.
pub const AMBER_WITHIN: u32 = 2;
/// Who may own an order or recommendation.
pub const OWNER_ROLES: [crate::Role; 4] = [
    crate::Role::Officer,
    crate::Role::Manager,
    crate::Role::ComplaintsManager,
    crate::Role::HeadOfService,
];

/// Where a referral stands in the Ombudsman's process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TheirStage {
    #[default]
    Referred,
    Assessing,
    Investigating,
    Determined,
    ReviewRequested,
}

impl TheirStage {
    pub const ALL: [TheirStage; 5] = [
        TheirStage::Referred,
        TheirStage::Assessing,
        TheirStage::Investigating,
        TheirStage::Determined,
        TheirStage::ReviewRequested,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TheirStage::Referred => "referred",
            TheirStage::Assessing => "assessing",
            TheirStage::Investigating => "investigating",
            TheirStage::Determined => "determined",
            TheirStage::ReviewRequested => "review_requested",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            TheirStage::Referred => "Referred",
            TheirStage::Assessing => "Assessing whether to investigate",
            TheirStage::Investigating => "Investigating",
            TheirStage::Determined => "Determined",
            TheirStage::ReviewRequested => "Review of the determination asked for",
        }
    }

    /// The stages that may be recorded by hand as the next one, from `self`; the
    /// determination is its own step.
    pub fn next_choices(self) -> &'static [TheirStage] {
        match self {
            TheirStage::Referred => &[TheirStage::Assessing, TheirStage::Investigating],
            TheirStage::Assessing => &[TheirStage::Investigating],
            TheirStage::Investigating => &[],
            TheirStage::Determined => &[TheirStage::ReviewRequested],
            TheirStage::ReviewRequested => &[],
        }
    }
}

/// The Ombudsman's finding on one element of a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    SevereMaladministration,
    Maladministration,
    ServiceFailure,
    NoMaladministration,
    ReasonableRedress,
    OutsideJurisdiction,
}

impl Finding {
    pub const ALL: [Finding; 6] = [
        Finding::SevereMaladministration,
        Finding::Maladministration,
        Finding::ServiceFailure,
        Finding::NoMaladministration,
        Finding::ReasonableRedress,
        Finding::OutsideJurisdiction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Finding::SevereMaladministration => "severe_maladministration",
            Finding::Maladministration => "maladministration",
            Finding::ServiceFailure => "service_failure",
            Finding::NoMaladministration => "no_maladministration",
            Finding::ReasonableRedress => "reasonable_redress",
            Finding::OutsideJurisdiction => "outside_jurisdiction",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Finding::SevereMaladministration => "Severe maladministration",
            Finding::Maladministration => "Maladministration",
            Finding::ServiceFailure => "Service failure",
            Finding::NoMaladministration => "No maladministration",
            Finding::ReasonableRedress => "Reasonable redress",
            Finding::OutsideJurisdiction => "Outside jurisdiction",
        }
    }

    /// Whether the Ombudsman found us at fault (what the reports call an adverse finding).
    pub fn at_fault(self) -> bool {
        matches!(
            self,
            Finding::SevereMaladministration | Finding::Maladministration | Finding::ServiceFailure
        )
    }
}

/// A finding on one element of the complaint ("the handling of the leak", say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecord {
    pub finding: Finding,
    /// The element of the complaint it is about, if they named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
}

/// An order (which the landlord must comply with) or a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    Order,
    Recommendation,
}

impl OrderKind {
    pub const ALL: [OrderKind; 2] = [OrderKind::Order, OrderKind::Recommendation];

    pub fn code(self) -> &'static str {
        match self {
            OrderKind::Order => "order",
            OrderKind::Recommendation => "recommendation",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderKind::Order => "Order",
            OrderKind::Recommendation => "Recommendation",
        }
    }
}

/// What the Ombudsman ordered or recommended, by when and who owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub kind: OrderKind,
    pub what: String,
    pub due: NaiveDate,
    pub owner: UserId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complied: Option<Compliance>,
}

/// Compliance with an order: when, and the evidence sent to the Ombudsman.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compliance {
    pub on: NaiveDate,
    pub evidence: String,
}

impl Order {
    /// Whether it was (or, still outstanding on `today`, is) late.
    pub fn late(&self, today: NaiveDate) -> bool {
        match &self.complied {
            Some(c) => c.on > self.due,
            None => today > self.due,
        }
    }
}

/// One referral of the complaint to the Ombudsman. While `decided_on` is `None` the case
/// is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredReferral")]
pub struct OmbudsmanReferral {
    pub referred_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    /// Their reference (referrals recorded before it was asked for may have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub their_reference: Option<String>,
    pub stage: TheirStage,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<Order>,
}

/// A referral as stored: one saved before the stages were kept has none, and stands where
/// its decision left it.
#[derive(Deserialize)]
struct StoredReferral {
    referred_on: NaiveDate,
    decided_on: Option<NaiveDate>,
    #[serde(default)]
    their_reference: Option<String>,
    #[serde(default)]
    stage: Option<TheirStage>,
    #[serde(default)]
    findings: Vec<FindingRecord>,
    #[serde(default)]
    orders: Vec<Order>,
}

impl From<StoredReferral> for OmbudsmanReferral {
    fn from(r: StoredReferral) -> Self {
        let stage = r.stage.unwrap_or(if r.decided_on.is_some() {
            TheirStage::Determined
        } else {
            TheirStage::Referred
        });
        Self {
            referred_on: r.referred_on,
            decided_on: r.decided_on,
            their_reference: r.their_reference,
            stage,
            findings: r.findings,
            orders: r.orders,
        }
    }
}

impl OmbudsmanReferral {
    /// The day from which its later steps may be dated: the decision, else the referral.
    pub fn since(&self) -> NaiveDate {
        self.decided_on.unwrap_or(self.referred_on)
    }

    pub fn new(referred_on: NaiveDate, their_reference: TheirReference) -> Self {
        Self {
            referred_on,
            decided_on: None,
            their_reference: Some(their_reference.0),
            stage: TheirStage::Referred,
            findings: Vec::new(),
            orders: Vec::new(),
        }
    }
}

/// The Ombudsman's reference, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TheirReference(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OmbudsmanInputError {
    #[error("Enter the Ombudsman's reference, as it is on their letter")]
    ReferenceMissing,
    #[error(
        "The Ombudsman's reference can only have letters, numbers, spaces, / and -, and at most {MAX_REFERENCE_CHARS} of them"
    )]
    ReferenceInvalid,
    #[error("Say what the Ombudsman ordered or recommended")]
    WhatMissing,
    #[error("Write what was done and the evidence sent to the Ombudsman, in at least a sentence")]
    EvidenceTooShort,
    #[error("Keep it to {MAX_TEXT_CHARS} characters or fewer")]
    TooLong,
}

impl TheirReference {
    pub fn parse(text: &str) -> Result<Self, OmbudsmanInputError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(OmbudsmanInputError::ReferenceMissing);
        }
        let ok = text.chars().count() <= MAX_REFERENCE_CHARS
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '/' | '-'));
        if !ok {
            return Err(OmbudsmanInputError::ReferenceInvalid);
        }
        Ok(Self(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Text of at most [`MAX_TEXT_CHARS`], trimmed; `None` when blank.
pub fn optional_text(text: &str) -> Result<Option<String>, OmbudsmanInputError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(OmbudsmanInputError::TooLong);
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// What an order says: required, at most [`MAX_TEXT_CHARS`].
pub fn order_wording(text: &str) -> Result<String, OmbudsmanInputError> {
    optional_text(text)?.ok_or(OmbudsmanInputError::WhatMissing)
}

/// The evidence of compliance: at least [`MIN_EVIDENCE_CHARS`], at most [`MAX_TEXT_CHARS`].
pub fn evidence(text: &str) -> Result<String, OmbudsmanInputError> {
    match optional_text(text)? {
        Some(t) if t.chars().count() >= MIN_EVIDENCE_CHARS => Ok(t),
        _ => Err(OmbudsmanInputError::EvidenceTooShort),
    }
}

/// Names an order among a case's referrals: `"<referral>-<order>"`, both counted from 0,
/// as the pages post it.
pub fn order_key(referral: usize, order: usize) -> String {
    format!("{referral}-{order}")
}

pub fn parse_order_key(key: &str) -> Option<(usize, usize)> {
    let (r, o) = key.split_once('-')?;
    Some((r.parse().ok()?, o.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ombudsmans_reference_is_required_and_plain() {
        assert_eq!(
            TheirReference::parse("  "),
            Err(OmbudsmanInputError::ReferenceMissing)
        );
        assert_eq!(
            TheirReference::parse(" 202412345 ").unwrap().as_str(),
            "202412345"
        );
        assert!(TheirReference::parse("HOS/2025-0001").is_ok());
        assert_eq!(
            TheirReference::parse("<script>"),
            Err(OmbudsmanInputError::ReferenceInvalid)
        );
        assert_eq!(
            TheirReference::parse(&"9".repeat(MAX_REFERENCE_CHARS + 1)),
            Err(OmbudsmanInputError::ReferenceInvalid)
        );
    }

    #[test]
    fn stages_move_forward_and_a_review_comes_only_after_the_determination() {
        assert!(
            TheirStage::Referred
                .next_choices()
                .contains(&TheirStage::Investigating)
        );
        assert!(
            !TheirStage::Referred
                .next_choices()
                .contains(&TheirStage::ReviewRequested)
        );
        assert_eq!(TheirStage::Investigating.next_choices(), &[]);
        assert_eq!(
            TheirStage::Determined.next_choices(),
            &[TheirStage::ReviewRequested]
        );
        for s in TheirStage::ALL {
            assert_eq!(TheirStage::parse(s.code()), Some(s));
            assert!(!s.next_choices().contains(&TheirStage::Determined));
        }
    }

    #[test]
    fn findings_of_fault_are_maladministration_and_service_failure() {
        let at_fault: Vec<_> = Finding::ALL.into_iter().filter(|f| f.at_fault()).collect();
        assert_eq!(
            at_fault,
            [
                Finding::SevereMaladministration,
                Finding::Maladministration,
                Finding::ServiceFailure
            ]
        );
        for f in Finding::ALL {
            assert_eq!(Finding::parse(f.code()), Some(f));
        }
    }

    #[test]
    fn a_decided_referral_stored_before_stages_were_kept_reads_as_determined() {
        let old: OmbudsmanReferral =
            serde_json::from_str(r#"{"referred_on":"2025-02-11","decided_on":"2025-06-01"}"#)
                .unwrap();
        assert_eq!(old.stage, TheirStage::Determined);
        assert_eq!(old.their_reference, None);
        let open: OmbudsmanReferral =
            serde_json::from_str(r#"{"referred_on":"2025-02-11","decided_on":null}"#).unwrap();
        assert_eq!(open.stage, TheirStage::Referred);
        let again: OmbudsmanReferral =
            serde_json::from_str(&serde_json::to_string(&old).unwrap()).unwrap();
        assert_eq!(again, old);
    }

    #[test]
    fn evidence_needs_a_sentence_and_an_order_is_late_by_its_compliance_date() {
        assert_eq!(evidence("done"), Err(OmbudsmanInputError::EvidenceTooShort));
        assert!(evidence("Paid £300 on 3 March; receipt sent to the Ombudsman").is_ok());
        assert_eq!(order_wording(" "), Err(OmbudsmanInputError::WhatMissing));
        let d = |day| NaiveDate::from_ymd_opt(2025, 3, day).unwrap();
        let mut order = Order {
            kind: OrderKind::Order,
            what: "Pay £300".into(),
            due: d(10),
            owner: UserId::new("7"),
            complied: None,
        };
        assert!(!order.late(d(10)));
        assert!(order.late(d(11)));
        order.complied = Some(Compliance {
            on: d(9),
            evidence: "Paid by BACS".into(),
        });
        assert!(!order.late(d(20)), "complied in time stays on time");
        assert_eq!(parse_order_key(&order_key(1, 2)), Some((1, 2)));
        assert_eq!(parse_order_key("x-1"), None);
    }
}
