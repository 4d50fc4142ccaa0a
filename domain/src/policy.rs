//! The landlord's complaints policies as data: each version's timescales and windows, with
//! the date it took effect.
//!
//! A case keeps the policy in force on the day it was received, so a rule change never
//! moves an open case's deadlines. Code reads the figures; it never branches on a version.
//! The built-in versions are `2020` (the previous procedure) and `2024` (the current one,
//! aligned with the Housing Ombudsman's Complaint Handling Code); admins may add more as a
//! [`PolicySet`].

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub mod draft;

/// A policy version's name, the year it was adopted (`2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PolicyId(u16);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PolicyError {
    #[error("A policy version is a year, for example 2024")]
    MalformedId,
    #[error("There is no policy version {0}: choose one of the versions listed")]
    Unknown(PolicyId),
    #[error("Two policy versions take effect on {0}: give each its own date")]
    SameEffectiveDate(NaiveDate),
    #[error("Policy version {0} appears twice: give each version its own year")]
    DuplicateId(PolicyId),
    #[error("Add at least one policy version")]
    Empty,
}

impl PolicyId {
    pub const V2020: PolicyId = PolicyId(2020);
    pub const V2024: PolicyId = PolicyId(2024);

    pub fn new(year: u16) -> Result<Self, PolicyError> {
        if (1990..=9999).contains(&year) {
            Ok(Self(year))
        } else {
            Err(PolicyError::MalformedId)
        }
    }
}

impl fmt::Display for PolicyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for PolicyId {
    type Err = PolicyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PolicyError::MalformedId);
        }
        Self::new(s.parse().map_err(|_| PolicyError::MalformedId)?)
    }
}

impl TryFrom<String> for PolicyId {
    type Error = PolicyError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<PolicyId> for String {
    fn from(value: PolicyId) -> Self {
        value.to_string()
    }
}

/// The two stages of the complaints process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The complaint itself, answered by a manager.
    One,
    /// The review, led by the complaints manager.
    Two,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::One => "Stage 1",
            Stage::Two => "Stage 2",
        })
    }
}

/// What the response deadline is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseFrom {
    /// The written acknowledgement (the 2024 policy and the Code).
    Acknowledgement,
    /// Day 0 of the receipt (the 2020 policy, which had no acknowledgement step).
    Receipt,
}

/// The timescales of one stage, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTimescales {
    /// Speak to the customer, counted from day 0 of the receipt.
    pub contact: u32,
    /// Written acknowledgement, counted from day 0; `None` where the policy has no such step.
    pub acknowledge: Option<u32>,
    /// The written response or outcome.
    pub respond: u32,
    pub respond_from: ResponseFrom,
    /// How far an extension may go past the response deadline without a recorded genuine
    /// reason approved by the complaints manager. `None`: the policy sets no limit, so every
    /// extension needs that approval.
    pub extension_cap: Option<u32>,
}

/// One version of the complaints policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub id: PolicyId,
    /// The first receipt date the version applies to.
    pub effective_from: NaiveDate,
    /// Something received after this London time counts from the next working day.
    pub cut_off: NaiveTime,
    pub stage1: StageTimescales,
    pub stage2: StageTimescales,
    /// A complaint is accepted when the matter happened (or came to light) within this many
    /// months before it was received; staff may use recorded discretion beyond it.
    pub eligibility_months: u32,
    /// The customer may refer to the Housing Ombudsman within this many months of the end
    /// of the internal process.
    pub ombudsman_referral_months: u32,
}

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("impossible date in the policy table"),
    }
}

const FIVE_PM: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(t) => t,
    None => panic!("impossible time"),
};

/// The previous procedure: a feedback stage with contact by the end of the next working
/// day, Stage 1 in 10 and Stage 2 in 15 working days, a 3-month window and 6 months to go to
/// the Ombudsman. It had no acknowledgement step and set no extension limit. Its start date
/// is not recorded in the source; 1 January 2020 is our choice, and older receipts use it
/// too (see [`PolicySet::in_force`]).
pub const POLICY_2020: Policy = Policy {
    id: PolicyId::V2020,
    effective_from: date(2020, 1, 1),
    cut_off: FIVE_PM,
    stage1: StageTimescales {
        contact: 1,
        acknowledge: None,
        respond: 10,
        respond_from: ResponseFrom::Receipt,
        extension_cap: None,
    },
    stage2: StageTimescales {
        contact: 1,
        acknowledge: None,
        respond: 15,
        respond_from: ResponseFrom::Receipt,
        extension_cap: None,
    },
    eligibility_months: 3,
    ombudsman_referral_months: 6,
};

/// The current procedure, following the Complaint Handling Code, which became statutory on
/// 1 April 2024: that is the effective date we chose.
pub const POLICY_2024: Policy = Policy {
    id: PolicyId::V2024,
    effective_from: date(2024, 4, 1),
    cut_off: FIVE_PM,
    stage1: StageTimescales {
        contact: 3,
        acknowledge: Some(5),
        respond: 10,
        respond_from: ResponseFrom::Acknowledgement,
        extension_cap: Some(10),
    },
    stage2: StageTimescales {
        contact: 3,
        acknowledge: Some(5),
        respond: 20,
        respond_from: ResponseFrom::Acknowledgement,
        extension_cap: Some(20),
    },
    eligibility_months: 12,
    ombudsman_referral_months: 12,
};

impl Policy {
    pub fn stage(&self, stage: Stage) -> &StageTimescales {
        match stage {
            Stage::One => &self.stage1,
            Stage::Two => &self.stage2,
        }
    }
}

/// The built-in versions, oldest first.
pub const BUILT_IN: [Policy; 2] = [POLICY_2020, POLICY_2024];

/// The built-in policy in force on a receipt date.
pub fn policy_in_force(date: NaiveDate) -> &'static Policy {
    // Oldest first: the last one that has started wins; before all of them, the oldest.
    let mut chosen = &BUILT_IN[0];
    for policy in &BUILT_IN {
        if policy.effective_from <= date {
            chosen = policy;
        }
    }
    chosen
}

/// A built-in policy by its id.
pub fn policy(id: PolicyId) -> Result<&'static Policy, PolicyError> {
    BUILT_IN
        .iter()
        .find(|p| p.id == id)
        .ok_or(PolicyError::Unknown(id))
}

/// Policy versions an admin maintains: never empty, unique ids and effective dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Policy>", into = "Vec<Policy>")]
pub struct PolicySet(Vec<Policy>);

impl PolicySet {
    pub fn new(mut policies: Vec<Policy>) -> Result<Self, PolicyError> {
        if policies.is_empty() {
            return Err(PolicyError::Empty);
        }
        policies.sort_by_key(|p| p.effective_from);
        for pair in policies.windows(2) {
            if pair[0].effective_from == pair[1].effective_from {
                return Err(PolicyError::SameEffectiveDate(pair[0].effective_from));
            }
        }
        for (i, p) in policies.iter().enumerate() {
            if policies[..i].iter().any(|q| q.id == p.id) {
                return Err(PolicyError::DuplicateId(p.id));
            }
        }
        Ok(Self(policies))
    }

    pub fn built_in() -> Self {
        Self(BUILT_IN.to_vec())
    }

    /// The version in force on a receipt date. A date before every version takes the oldest:
    /// imported history has to be judged by something, and the oldest rule is the nearest.
    pub fn in_force(&self, date: NaiveDate) -> &Policy {
        self.0
            .iter()
            .rev()
            .find(|p| p.effective_from <= date)
            .unwrap_or(&self.0[0])
    }

    pub fn get(&self, id: PolicyId) -> Result<&Policy, PolicyError> {
        self.0
            .iter()
            .find(|p| p.id == id)
            .ok_or(PolicyError::Unknown(id))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Policy> {
        self.0.iter()
    }
}

/// A complaint's policy as stored: the whole version, or (cases stored before versions
/// could be added) its id alone, read from the built-in versions.
///
/// Read by what the stored value is (an object or a string) as it comes, rather than as an
/// untagged enum, which copies every case's policy aside before trying each form in turn:
/// the work queue reads a policy for every line it shows.
pub mod whole_or_built_in {
    use super::{Policy, PolicyId, policy};
    use serde::de::{self, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(value: &Policy, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    struct Stored;

    impl<'de> Visitor<'de> for Stored {
        type Value = Policy;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a policy version, or the year of a built-in one")
        }

        fn visit_str<E: de::Error>(self, id: &str) -> Result<Policy, E> {
            let id: PolicyId = id.parse().map_err(E::custom)?;
            policy(id).copied().map_err(E::custom)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Policy, A::Error> {
            Policy::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Policy, D::Error> {
        deserializer.deserialize_any(Stored)
    }
}

impl TryFrom<Vec<Policy>> for PolicySet {
    type Error = PolicyError;

    fn try_from(value: Vec<Policy>) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<PolicySet> for Vec<Policy> {
    fn from(value: PolicySet) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_current_policy_has_every_figure_of_spec_section_4() {
        let p = policy(PolicyId::V2024).unwrap();
        assert_eq!(
            (p.stage1.contact, p.stage1.acknowledge, p.stage1.respond),
            (3, Some(5), 10)
        );
        assert_eq!(p.stage1.respond_from, ResponseFrom::Acknowledgement);
        assert_eq!(p.stage1.extension_cap, Some(10));
        assert_eq!(
            (p.stage2.contact, p.stage2.acknowledge, p.stage2.respond),
            (3, Some(5), 20)
        );
        assert_eq!(p.stage2.extension_cap, Some(20));
        assert_eq!(
            (p.eligibility_months, p.ombudsman_referral_months),
            (12, 12)
        );
        assert_eq!(p.cut_off, NaiveTime::from_hms_opt(17, 0, 0).unwrap());
    }

    #[test]
    fn the_previous_policy_has_every_figure_of_spec_section_4() {
        let p = policy(PolicyId::V2020).unwrap();
        assert_eq!(p.stage1.contact, 1);
        assert_eq!(p.stage1.respond, 10);
        assert_eq!(p.stage2.respond, 15);
        assert_eq!(p.stage1.acknowledge, None);
        assert_eq!((p.eligibility_months, p.ombudsman_referral_months), (3, 6));
    }

    #[test]
    fn the_policy_in_force_is_the_latest_that_had_started_on_the_receipt_date() {
        assert_eq!(policy_in_force(d(2024, 3, 31)).id, PolicyId::V2020);
        assert_eq!(policy_in_force(d(2024, 4, 1)).id, PolicyId::V2024);
        assert_eq!(policy_in_force(d(2030, 1, 1)).id, PolicyId::V2024);
        assert_eq!(policy_in_force(d(2015, 1, 1)).id, PolicyId::V2020);
        let set = PolicySet::built_in();
        for date in [d(2015, 1, 1), d(2024, 3, 31), d(2024, 4, 1)] {
            assert_eq!(set.in_force(date), policy_in_force(date));
        }
    }

    #[test]
    fn a_policy_id_is_a_four_digit_year() {
        assert_eq!("2024".parse(), Ok(PolicyId::V2024));
        assert_eq!("24".parse::<PolicyId>(), Err(PolicyError::MalformedId));
        assert_eq!("abcd".parse::<PolicyId>(), Err(PolicyError::MalformedId));
        assert_eq!(
            policy("2019".parse().unwrap()),
            Err(PolicyError::Unknown(PolicyId(2019)))
        );
        assert_eq!(serde_json::to_string(&PolicyId::V2024).unwrap(), "\"2024\"");
    }

    #[test]
    fn a_policy_set_refuses_duplicates_and_emptiness() {
        assert_eq!(PolicySet::new(vec![]), Err(PolicyError::Empty));
        let mut twin = POLICY_2024;
        twin.id = PolicyId(2025);
        assert_eq!(
            PolicySet::new(vec![POLICY_2024, twin]),
            Err(PolicyError::SameEffectiveDate(d(2024, 4, 1)))
        );
        let mut copy = POLICY_2024;
        copy.effective_from = d(2026, 1, 1);
        assert_eq!(
            PolicySet::new(vec![POLICY_2024, copy]),
            Err(PolicyError::DuplicateId(PolicyId::V2024))
        );
    }

    #[test]
    fn a_complaint_stored_with_its_version_s_id_alone_reads_the_built_in_figures() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Stored {
            #[serde(with = "whole_or_built_in")]
            policy: Policy,
        }
        let old: Stored = serde_json::from_str(r#"{"policy":"2020"}"#).unwrap();
        assert_eq!(old.policy, POLICY_2020);
        let mut added = POLICY_2024;
        added.id = PolicyId(2027);
        added.stage1.respond = 8;
        let json = serde_json::to_string(&Stored { policy: added }).unwrap();
        assert_eq!(serde_json::from_str::<Stored>(&json).unwrap().policy, added);
        assert!(serde_json::from_str::<Stored>(r#"{"policy":"2027"}"#).is_err());
        // Neither a version nor a year: refused, whatever it is.
        for wrong in [
            r#"{"policy":2024}"#,
            r#"{"policy":"24"}"#,
            r#"{"policy":null}"#,
            r#"{"policy":["2024"]}"#,
            r#"{"policy":{"id":"2024"}}"#,
        ] {
            assert!(serde_json::from_str::<Stored>(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn policies_round_trip_through_json() {
        let set = PolicySet::built_in();
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(serde_json::from_str::<PolicySet>(&json).unwrap(), set);
        assert!(serde_json::from_str::<PolicySet>("[]").is_err());
    }
}
