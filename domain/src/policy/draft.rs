//! A new policy version as an administrator writes it: every figure checked against the
//! Housing Ombudsman's Complaint Handling Code, which a landlord's policy may be kinder than
//! but never slower than.
//!
//! Rules we chose where SPEC is silent, each within the Code:
//! - A version is named by the year it was adopted; no two versions share a name.
//! - It takes effect on a date that is today or later and after every version there is: a
//!   version in use is never edited, only superseded, and a complaint keeps the version in
//!   force on the day it was received.
//! - Contact within 1 to 5 working days at each stage; acknowledge within 1 to 5 (the Code:
//!   5); respond within 1 to 10 working days of the acknowledgement at Stage 1 and 1 to 20 at
//!   Stage 2 (the Code: 10 and 20); an extension of at most 10 and 20 working days without
//!   the complaints manager's approval (the Code's limits; 0 means every extension needs it).
//! - Complaints about something up to 12 to 60 months old are accepted (the Code: never
//!   refuse one within 12 months); the Ombudsman may be asked within 12 to 60 months of the
//!   final response (the Ombudsman's own scheme allows 12).
//! - The daily cut-off, after which a complaint counts from the next working day, is
//!   between 12:00 and 23:59, London time.

use chrono::{NaiveDate, NaiveTime};

use super::{Policy, PolicyId, PolicySet, ResponseFrom, StageTimescales};
use crate::form::{FieldError, FormErrors};

/// The form's answers, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyInput {
    pub id: String,
    /// Day, month and year.
    pub effective: (String, String, String),
    pub cut_off: String,
    pub stage1: StageInput,
    pub stage2: StageInput,
    pub eligibility_months: String,
    pub ombudsman_months: String,
}

/// One stage's figures, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageInput {
    pub contact: String,
    pub acknowledge: String,
    pub respond: String,
    pub extension: String,
}

/// The form's fields, in the order it asks them.
pub const FIELDS: [&str; 13] = [
    "id",
    "effective",
    "cut_off",
    "stage1_contact",
    "stage1_acknowledge",
    "stage1_respond",
    "stage1_extension",
    "stage2_contact",
    "stage2_acknowledge",
    "stage2_respond",
    "stage2_extension",
    "eligibility_months",
    "ombudsman_months",
];

/// The Code's longest timescales, in working days (or months), for each figure the form
/// asks: (field, least, most, what it is, in words for a message).
const LIMITS: [(&str, u32, u32, &str); 10] = [
    ("stage1_contact", 1, 5, "Stage 1 contact"),
    ("stage1_acknowledge", 1, 5, "Stage 1 acknowledgement"),
    ("stage1_respond", 1, 10, "Stage 1 response"),
    ("stage1_extension", 0, 10, "Stage 1 extension limit"),
    ("stage2_contact", 1, 5, "Stage 2 contact"),
    ("stage2_acknowledge", 1, 5, "Stage 2 acknowledgement"),
    ("stage2_respond", 1, 20, "Stage 2 response"),
    ("stage2_extension", 0, 20, "Stage 2 extension limit"),
    ("eligibility_months", 12, 60, "complaint window"),
    ("ombudsman_months", 12, 60, "time to go to the Ombudsman"),
];

fn whole_number(field: &'static str, text: &str) -> Result<u32, FieldError> {
    let (_, least, most, what) = LIMITS
        .iter()
        .copied()
        .find(|(f, ..)| *f == field)
        .unwrap_or((field, 0, u32::MAX, "figure"));
    let unit = if field.ends_with("months") {
        "months"
    } else {
        "working days"
    };
    let problem = |message: String| FieldError { field, message };
    let text = text.trim();
    if text.is_empty() {
        return Err(problem(format!("Enter the {what} in {unit}")));
    }
    let n: u32 = text
        .parse()
        .map_err(|_| problem(format!("Enter the {what} as a whole number of {unit}")))?;
    if n < least || n > most {
        let code = if field.ends_with("months") && least == 12 {
            format!(
                "from {least} to {most} {unit}: the Complaint Handling Code allows no less than {least}"
            )
        } else {
            format!(
                "from {least} to {most} {unit}: the Complaint Handling Code allows no more than {most}"
            )
        };
        return Err(problem(format!("The {what} must be {code}")));
    }
    Ok(n)
}

impl PolicyInput {
    /// The new version, or every problem at once (in the form's order). `versions` are the
    /// versions there are; `today` is London's date.
    pub fn parse(&self, versions: &PolicySet, today: NaiveDate) -> Result<Policy, FormErrors> {
        let mut problems: Vec<FieldError> = Vec::new();
        let id = match self.id.parse::<PolicyId>() {
            Ok(id) if versions.get(id).is_ok() => Err(format!(
                "There is already a policy version {id}: name this one by another year"
            )),
            Ok(id) => Ok(id),
            Err(_) => Err("Enter the version's name as a year, for example 2027".to_owned()),
        };
        let latest = versions.iter().map(|p| p.effective_from).max();
        let (d, m, y) = &self.effective;
        let [d, m, y] = [d, m, y].map(|s| s.trim());
        let effective = if d.is_empty() && m.is_empty() && y.is_empty() {
            Err("Enter the date it takes effect".to_owned())
        } else {
            match crate::form::parse_date(&format!("{d}/{m}/{y}")) {
                None => Err("Enter a real date, for example 1 4 2027".to_owned()),
                Some(date) if date < today => Err(
                    "The date it takes effect must be today or later: a version in use is never changed"
                        .to_owned(),
                ),
                Some(date) if latest.is_some_and(|l| date <= l) => Err(format!(
                    "The date it takes effect must be after {}, when the latest version took effect",
                    crate::deadlines::day_month_year(latest.unwrap_or(date))
                )),
                Some(date) => Ok(date),
            }
        };
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
        let cut_off = match NaiveTime::parse_from_str(self.cut_off.trim(), "%H:%M") {
            Ok(t) if t >= noon => Ok(t),
            Ok(_) => Err(
                "The cut-off must be 12:00 or later, so a morning's complaints count that day"
                    .to_owned(),
            ),
            Err(_) => Err("Enter the cut-off as a 24-hour time, for example 17:00".to_owned()),
        };
        let id = keep(&mut problems, "id", id);
        let effective = keep(&mut problems, "effective", effective);
        let cut_off = keep(&mut problems, "cut_off", cut_off);
        let mut figure = |field: &'static str, text: &str| match whole_number(field, text) {
            Ok(n) => n,
            Err(e) => {
                problems.push(e);
                0
            }
        };
        let mut stage = |input: &StageInput, fields: [&'static str; 4]| StageTimescales {
            contact: figure(fields[0], &input.contact),
            acknowledge: Some(figure(fields[1], &input.acknowledge)),
            respond: figure(fields[2], &input.respond),
            respond_from: ResponseFrom::Acknowledgement,
            extension_cap: Some(figure(fields[3], &input.extension)),
        };
        let stage1 = stage(
            &self.stage1,
            [
                "stage1_contact",
                "stage1_acknowledge",
                "stage1_respond",
                "stage1_extension",
            ],
        );
        let stage2 = stage(
            &self.stage2,
            [
                "stage2_contact",
                "stage2_acknowledge",
                "stage2_respond",
                "stage2_extension",
            ],
        );
        let eligibility_months = figure("eligibility_months", &self.eligibility_months);
        let ombudsman_referral_months = figure("ombudsman_months", &self.ombudsman_months);
        match (id, effective, cut_off) {
            (Some(id), Some(effective_from), Some(cut_off)) if problems.is_empty() => Ok(Policy {
                id,
                effective_from,
                cut_off,
                stage1,
                stage2,
                eligibility_months,
                ombudsman_referral_months,
            }),
            _ => Err(FormErrors(problems)),
        }
    }
}

/// The answer, or `None` with its problem added to the list.
fn keep<T>(
    problems: &mut Vec<FieldError>,
    field: &'static str,
    result: Result<T, String>,
) -> Option<T> {
    result
        .map_err(|message| problems.push(FieldError { field, message }))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    fn stage(respond: &str, extension: &str) -> StageInput {
        StageInput {
            contact: "2".into(),
            acknowledge: "3".into(),
            respond: respond.into(),
            extension: extension.into(),
        }
    }

    fn input() -> PolicyInput {
        PolicyInput {
            id: "2027".into(),
            effective: ("1".into(), "4".into(), "2027".into()),
            cut_off: "16:30".into(),
            stage1: stage("8", "10"),
            stage2: stage("15", "20"),
            eligibility_months: "18".into(),
            ombudsman_months: "12".into(),
        }
    }

    #[test]
    fn a_new_version_within_the_code_is_accepted_with_every_figure() {
        let policy = input()
            .parse(&PolicySet::built_in(), d(2026, 12, 5))
            .expect("within the Code");
        assert_eq!(policy.id.to_string(), "2027");
        assert_eq!(policy.effective_from, d(2027, 4, 1));
        assert_eq!(
            policy.cut_off,
            NaiveTime::from_hms_opt(16, 30, 0).expect("a time")
        );
        assert_eq!(
            (
                policy.stage1.contact,
                policy.stage1.acknowledge,
                policy.stage1.respond
            ),
            (2, Some(3), 8)
        );
        assert_eq!(policy.stage1.respond_from, ResponseFrom::Acknowledgement);
        assert_eq!(policy.stage2.extension_cap, Some(20));
        assert_eq!(
            (policy.eligibility_months, policy.ombudsman_referral_months),
            (18, 12)
        );
        // It joins the set after the versions before it.
        let mut all: Vec<Policy> = PolicySet::built_in().iter().copied().collect();
        all.push(policy);
        let set = PolicySet::new(all).expect("a set");
        assert_eq!(set.in_force(d(2027, 3, 31)).id, PolicyId::V2024);
        assert_eq!(set.in_force(d(2027, 4, 1)).id, policy.id);
    }

    #[test]
    fn figures_slower_than_the_code_or_a_version_that_would_change_the_past_are_refused() {
        let mut slow = input();
        slow.id = "2024".into();
        slow.effective = ("1".into(), "4".into(), "2024".into());
        slow.cut_off = "09:00".into();
        slow.stage1 = stage("11", "15");
        slow.stage2 = stage("twenty", "");
        slow.eligibility_months = "6".into();
        let errors = slow
            .parse(&PolicySet::built_in(), d(2026, 12, 5))
            .expect_err("refused");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "id",
                "effective",
                "cut_off",
                "stage1_respond",
                "stage1_extension",
                "stage2_respond",
                "stage2_extension",
                "eligibility_months"
            ]
        );
        assert_eq!(
            errors.for_field("stage1_respond"),
            Some(
                "The Stage 1 response must be from 1 to 10 working days: the Complaint Handling Code allows no more than 10"
            )
        );
        assert_eq!(
            errors.for_field("eligibility_months"),
            Some(
                "The complaint window must be from 12 to 60 months: the Complaint Handling Code allows no less than 12"
            )
        );
        // Today is allowed; a date before the latest version is not.
        let mut today = input();
        today.effective = ("5".into(), "12".into(), "2026".into());
        assert!(today.parse(&PolicySet::built_in(), d(2026, 12, 5)).is_ok());
        assert!(today.parse(&PolicySet::built_in(), d(2026, 12, 6)).is_err());
    }
}
