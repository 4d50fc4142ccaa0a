//! Restricting how a customer contacts us, after behaviour our staff should not have to
//! accept (Complaint Handling Code 5.14–5.15): what is restricted, why, who decided and
//! when it will be looked at again.
//!
//! A restriction changes how we talk with someone, never whether their complaint goes on:
//! nothing in the procedure's rules reads it ([`crate::lifecycle`] takes no restriction),
//! so every step, deadline and letter stays as it would be. Our rules: a reason is always
//! written down (it is what the customer is told and what a review looks at); a
//! restriction is reviewed within [`MAX_REVIEW_MONTHS`] months of being decided or last
//! reviewed, and shows as due for review from its review date; lifting one also needs a
//! reason. Only managers and the complaints manager decide (`Action::RestrictContact`).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::form::{FieldError, FormErrors};

/// The longest a restriction may go without a review.
pub const MAX_REVIEW_MONTHS: u32 = 6;
/// The most a reason or a description may say.
pub const MAX_TEXT_CHARS: usize = 2000;

/// What is restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionKind {
    /// All contact through one named member of staff.
    SinglePointOfContact,
    /// Contact in writing only (letters or email), no calls.
    WrittenOnly,
    /// Calls only at agreed times.
    SetTimes,
    /// Visits by two members of staff, never one alone.
    VisitsInPairs,
    /// Anything else, described.
    Other,
}

impl RestrictionKind {
    /// The choices, as the form's values with their labels.
    pub const CHOICES: [(&'static str, &'static str); 5] = [
        (
            "single_point_of_contact",
            "All contact through one named member of staff",
        ),
        (
            "written_only",
            "Contact in writing only: letters or email, no calls",
        ),
        ("set_times", "Calls only at agreed times"),
        (
            "visits_in_pairs",
            "Visits by two members of staff, never one alone",
        ),
        ("other", "Something else"),
    ];

    pub fn code(self) -> &'static str {
        Self::CHOICES[self as usize].0
    }

    pub fn label(self) -> &'static str {
        Self::CHOICES[self as usize].1
    }

    pub fn parse(code: &str) -> Option<Self> {
        use RestrictionKind as K;
        [
            K::SinglePointOfContact,
            K::WrittenOnly,
            K::SetTimes,
            K::VisitsInPairs,
            K::Other,
        ]
        .into_iter()
        .find(|k| k.code() == code.trim())
    }
}

/// A restriction as decided: checked, ready to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restriction {
    pub kind: RestrictionKind,
    /// What exactly: who the one contact is, which times, or what else (needed for
    /// "Something else").
    pub detail: Option<String>,
    /// Why: the behaviour and why this restriction is in proportion to it.
    pub reason: String,
    /// The day it was decided (or last reviewed).
    pub decided_on: NaiveDate,
    /// The day it is to be looked at again.
    pub review_on: NaiveDate,
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionInput {
    pub kind: String,
    pub detail: String,
    pub reason: String,
    /// `D/M/YYYY` or `YYYY-MM-DD`.
    pub review_on: String,
}

impl Restriction {
    /// Checks a restriction decided `today`, every problem at once.
    pub fn decide(input: &RestrictionInput, today: NaiveDate) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let mut fail = |field: &'static str, message: String| {
            problems.push(FieldError { field, message });
        };
        let kind = RestrictionKind::parse(&input.kind);
        if kind.is_none() {
            fail("kind", "Choose what is restricted".to_owned());
        }
        let detail = crate::text::paragraphs(&input.detail);
        if kind == Some(RestrictionKind::Other) && detail.is_empty() {
            fail("detail", "Say what is restricted".to_owned());
        } else if detail.chars().count() > MAX_TEXT_CHARS {
            fail(
                "detail",
                format!("Keep the description to {MAX_TEXT_CHARS} characters or fewer"),
            );
        }
        let reason = crate::text::paragraphs(&input.reason);
        if reason.is_empty() {
            fail(
                "reason",
                "Say why: the behaviour, and why this restriction is in proportion to it"
                    .to_owned(),
            );
        } else if reason.chars().count() > MAX_TEXT_CHARS {
            fail(
                "reason",
                format!("Keep the reason to {MAX_TEXT_CHARS} characters or fewer"),
            );
        }
        let review_on = review_date(&input.review_on, today, MAX_REVIEW_MONTHS)
            .map_err(|message| fail("review_on", message))
            .ok();
        match (kind, review_on) {
            (Some(kind), Some(review_on)) if problems.is_empty() => Ok(Self {
                kind,
                detail: (!detail.is_empty()).then_some(detail),
                reason,
                decided_on: today,
                review_on,
            }),
            _ => Err(FormErrors(problems)),
        }
    }

    /// Whether it is time to look at it again.
    pub fn review_due(&self, today: NaiveDate) -> bool {
        today >= self.review_on
    }
}

/// A review date as typed: after `today` and at most `max_months` later.
pub(crate) fn review_date(
    text: &str,
    today: NaiveDate,
    max_months: u32,
) -> Result<NaiveDate, String> {
    let latest = today + Months::new(max_months);
    match crate::form::parse_date(text.trim()) {
        None if text.trim().is_empty() => Err("Enter the date it will be reviewed".to_owned()),
        None => Err("Enter a real date, for example 27 3 2027".to_owned()),
        Some(date) if date <= today => Err("The review date must be after today".to_owned()),
        Some(date) if date > latest => Err(format!(
            "Review it within {max_months} months: by {} at the latest",
            crate::deadlines::long_date(latest)
        )),
        Some(date) => Ok(date),
    }
}

/// Why a restriction is lifted, checked.
pub fn lifting_reason(text: &str) -> Result<String, FormErrors> {
    ending_reason(text, "lift_reason", "Say why the restriction is lifted")
}

/// Why a flag on a customer (a restriction, a vulnerability) ends, checked: `field` is the
/// form's, `missing` what to say when there is none.
pub fn ending_reason(text: &str, field: &'static str, missing: &str) -> Result<String, FormErrors> {
    let reason = crate::text::paragraphs(text);
    let message = if reason.is_empty() {
        missing.to_owned()
    } else if reason.chars().count() > MAX_TEXT_CHARS {
        format!("Keep the reason to {MAX_TEXT_CHARS} characters or fewer")
    } else {
        return Ok(reason);
    };
    Err(FormErrors(vec![FieldError { field, message }]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn input(kind: &str, detail: &str, reason: &str, review_on: &str) -> RestrictionInput {
        RestrictionInput {
            kind: kind.to_owned(),
            detail: detail.to_owned(),
            reason: reason.to_owned(),
            review_on: review_on.to_owned(),
        }
    }

    #[test]
    fn a_restriction_needs_what_why_and_a_review_within_six_months() {
        let today = day(2026, 12, 4);
        let ok = Restriction::decide(
            &input(
                "written_only",
                "",
                "Abusive calls to the repairs line on 3 occasions.",
                "4/3/2027",
            ),
            today,
        )
        .expect("right");
        assert_eq!(ok.kind, RestrictionKind::WrittenOnly);
        assert_eq!(ok.detail, None);
        assert_eq!(ok.decided_on, today);
        assert_eq!(ok.review_on, day(2027, 3, 4));
        assert!(!ok.review_due(day(2027, 3, 3)));
        assert!(ok.review_due(day(2027, 3, 4)));

        let all = Restriction::decide(&input("", "", " ", ""), today).expect_err("wrong");
        let fields: Vec<_> = all.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "reason", "review_on"]);

        let other = Restriction::decide(&input("other", "", "Why", "1/1/2027"), today)
            .expect_err("other needs a description");
        assert_eq!(other.for_field("detail"), Some("Say what is restricted"));

        for (date, message) in [
            ("4/12/2026", "The review date must be after today"),
            (
                "5/6/2027",
                "Review it within 6 months: by Friday 4 June 2027 at the latest",
            ),
            ("31/2/2027", "Enter a real date, for example 27 3 2027"),
        ] {
            let refused =
                Restriction::decide(&input("set_times", "Tuesdays 10–12", "Why", date), today)
                    .expect_err(date);
            assert_eq!(refused.for_field("review_on"), Some(message), "{date}");
        }
        assert!(Restriction::decide(&input("set_times", "", "Why", "4/6/2027"), today).is_ok());
    }

    #[test]
    fn every_kind_reads_back_from_its_code_and_lifting_needs_a_reason() {
        for (code, _) in RestrictionKind::CHOICES {
            assert_eq!(
                RestrictionKind::parse(code).map(RestrictionKind::code),
                Some(code)
            );
        }
        assert_eq!(RestrictionKind::parse("anything"), None);
        assert!(lifting_reason("  ").is_err());
        assert_eq!(
            lifting_reason(" Calls have been civil since March. ")
                .as_deref()
                .ok(),
            Some("Calls have been civil since March.")
        );
    }
}
