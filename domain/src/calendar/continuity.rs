//! Business-continuity periods: the exceptional circumstances (a cyber incident, a flood at
//! the office, a pandemic) in which the Complaint Handling Code lets a landlord depart from
//! its timescales, provided it says why, tells the Ombudsman and the residents affected, and
//! says when it will comply again.
//!
//! The rules we chose, where SPEC section 4 and the Code leave them to the landlord:
//!
//! - A period has a first and a last day (both counted), a reason in plain words, who
//!   approved the revised timescales, and one of two effects:
//!   - **the clock stopped**: no weekday in the period counts as a working day, exactly as
//!     if each were a closure day, so every deadline that runs through it moves on by the
//!     working days it covered;
//!   - **timescales extended**: a deadline that falls on a day of the period moves on by a
//!     stated number of working days (at most [`ContinuityPeriod::MAX_EXTRA_WORKING_DAYS`]),
//!     once; a deadline before or after the period is untouched.
//! - A period lasts at most [`ContinuityPeriod::MAX_DAYS`] days: a longer departure from the
//!   timescales is a change of policy, not an exceptional circumstance, and the Ombudsman
//!   judges each exemption's reasonableness. A period can be ended early, never lengthened
//!   after it has ended, and two periods never overlap (a deadline would not know which
//!   rule to follow).
//! - Like closure days, periods are part of the working-day calendar, so the same date is
//!   shown in the browser and stored on the server, and a declared period moves the
//!   calendar's version: the open cases are counted again and each moved deadline says why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a business-continuity period does to the complaint clock.
// Externally tagged: an internally tagged enum would make the browser's module carry
// serde's buffering machinery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContinuityEffect {
    /// No day of the period counts towards a deadline.
    ClockStopped,
    /// A deadline falling in the period moves on by this many working days.
    Extended { working_days: u32 },
}

impl ContinuityEffect {
    /// The code stored and posted by forms: `stopped` or `extended`.
    pub fn code(self) -> &'static str {
        match self {
            ContinuityEffect::ClockStopped => "stopped",
            ContinuityEffect::Extended { .. } => "extended",
        }
    }

    /// What it does, in words that follow "During this period, ".
    pub fn describe(self) -> String {
        match self {
            ContinuityEffect::ClockStopped => {
                "the complaint clock is stopped: no day of the period counts towards a deadline"
                    .to_owned()
            }
            ContinuityEffect::Extended { working_days } => format!(
                "a deadline that falls in the period moves on by {working_days} working day{}",
                if working_days == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Why a period could not be declared, with the field it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ContinuityError {
    #[error("The last day must be the same as or after the first day")]
    EndsBeforeItStarts,
    #[error("A period can last at most {max} days: a longer change of timescales is a change of policy", max = ContinuityPeriod::MAX_DAYS)]
    TooLong,
    #[error(
        "Say why you cannot meet the timescales, for example Cyber attack on our housing system"
    )]
    MissingReason,
    #[error("Keep the reason to {max} characters or fewer", max = ContinuityPeriod::MAX_REASON_CHARS)]
    ReasonTooLong,
    #[error("Say who approved the revised timescales, for example Executive team")]
    MissingApprover,
    #[error("Keep who approved it to {max} characters or fewer", max = ContinuityPeriod::MAX_APPROVER_CHARS)]
    ApproverTooLong,
    #[error("Choose whether the clock stops or the timescales are extended")]
    MissingEffect,
    #[error("Enter the extra working days as a whole number from 1 to {max}", max = ContinuityPeriod::MAX_EXTRA_WORKING_DAYS)]
    ExtraDaysOutOfRange,
    #[error("This period overlaps one already declared: end that one first or choose other dates")]
    Overlaps,
    #[error("The period can only be ended on a day from its first day to its last")]
    EndOutsidePeriod,
}

impl ContinuityError {
    /// The form field the message belongs next to.
    pub fn field(self) -> &'static str {
        match self {
            ContinuityError::EndsBeforeItStarts
            | ContinuityError::TooLong
            | ContinuityError::Overlaps => "to",
            ContinuityError::MissingReason | ContinuityError::ReasonTooLong => "reason",
            ContinuityError::MissingApprover | ContinuityError::ApproverTooLong => "approved_by",
            ContinuityError::MissingEffect => "effect",
            ContinuityError::ExtraDaysOutOfRange => "extra_days",
            ContinuityError::EndOutsidePeriod => "ends_on",
        }
    }
}

/// A declared business-continuity period (see the module's rules).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ContinuityInput")]
pub struct ContinuityPeriod {
    from: NaiveDate,
    to: NaiveDate,
    reason: String,
    approved_by: String,
    effect: ContinuityEffect,
}

#[derive(Deserialize)]
struct ContinuityInput {
    from: NaiveDate,
    to: NaiveDate,
    reason: String,
    approved_by: String,
    effect: ContinuityEffect,
}

/// A stored or sent period that breaks the rules; one short message, so the browser's
/// module does not carry every form message to say it.
#[derive(Debug)]
pub struct InvalidPeriod;

impl std::fmt::Display for InvalidPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a valid business-continuity period")
    }
}

impl TryFrom<ContinuityInput> for ContinuityPeriod {
    type Error = InvalidPeriod;

    fn try_from(v: ContinuityInput) -> Result<Self, Self::Error> {
        Self::new(v.from, v.to, &v.reason, &v.approved_by, v.effect).map_err(|_| InvalidPeriod)
    }
}

fn bounded(
    text: &str,
    max: usize,
    missing: ContinuityError,
    long: ContinuityError,
) -> Result<String, ContinuityError> {
    let text = crate::text::one_line(text);
    if text.is_empty() {
        Err(missing)
    } else if text.chars().count() > max {
        Err(long)
    } else {
        Ok(text)
    }
}

impl ContinuityPeriod {
    pub const MAX_DAYS: i64 = 92;
    pub const MAX_EXTRA_WORKING_DAYS: u32 = 20;
    pub const MAX_REASON_CHARS: usize = 300;
    pub const MAX_APPROVER_CHARS: usize = 100;

    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        reason: &str,
        approved_by: &str,
        effect: ContinuityEffect,
    ) -> Result<Self, ContinuityError> {
        if to < from {
            return Err(ContinuityError::EndsBeforeItStarts);
        }
        if (to - from).num_days() + 1 > Self::MAX_DAYS {
            return Err(ContinuityError::TooLong);
        }
        if let ContinuityEffect::Extended { working_days } = effect
            && !(1..=Self::MAX_EXTRA_WORKING_DAYS).contains(&working_days)
        {
            return Err(ContinuityError::ExtraDaysOutOfRange);
        }
        let reason = bounded(
            reason,
            Self::MAX_REASON_CHARS,
            ContinuityError::MissingReason,
            ContinuityError::ReasonTooLong,
        )?;
        let approved_by = bounded(
            approved_by,
            Self::MAX_APPROVER_CHARS,
            ContinuityError::MissingApprover,
            ContinuityError::ApproverTooLong,
        )?;
        Ok(Self {
            from,
            to,
            reason,
            approved_by,
            effect,
        })
    }

    /// The effect from a form's fields: `stopped`, or `extended` with its working days.
    pub fn effect_from_form(
        code: &str,
        extra_days: &str,
    ) -> Result<ContinuityEffect, ContinuityError> {
        match code.trim() {
            "stopped" => Ok(ContinuityEffect::ClockStopped),
            "extended" => extra_days
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=Self::MAX_EXTRA_WORKING_DAYS).contains(n))
                .map(|working_days| ContinuityEffect::Extended { working_days })
                .ok_or(ContinuityError::ExtraDaysOutOfRange),
            _ => Err(ContinuityError::MissingEffect),
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day of the period (counted).
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn reason(&self) -> &str {
        &self.reason
    }

    pub fn approved_by(&self) -> &str {
        &self.approved_by
    }

    pub fn effect(&self) -> ContinuityEffect {
        self.effect
    }

    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    pub fn overlaps(&self, other: &ContinuityPeriod) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    /// The same period ended on `on` (a day of the period): the clock runs normally after.
    pub fn ended_on(&self, on: NaiveDate) -> Result<Self, ContinuityError> {
        if !self.covers(on) {
            return Err(ContinuityError::EndOutsidePeriod);
        }
        Ok(Self {
            to: on,
            ..self.clone()
        })
    }

    /// Refuses `self` if it overlaps any of `declared`.
    pub fn check_against<'a>(
        &self,
        declared: impl IntoIterator<Item = &'a ContinuityPeriod>,
    ) -> Result<(), ContinuityError> {
        if declared.into_iter().any(|p| p.overlaps(self)) {
            Err(ContinuityError::Overlaps)
        } else {
            Ok(())
        }
    }

    /// "from Monday 7 December 2026 to Friday 18 December 2026".
    pub fn dates_in_words(&self) -> String {
        use crate::deadlines::long_date;
        if self.from == self.to {
            format!("on {}", long_date(self.from))
        } else {
            format!("from {} to {}", long_date(self.from), long_date(self.to))
        }
    }

    /// One sentence for residents and reports: what happened, when, and what it does.
    pub fn notice(&self) -> String {
        format!(
            "Because of exceptional circumstances ({}), our complaint timescales are revised {}: {}.",
            self.reason,
            self.dates_in_words(),
            self.effect.describe()
        )
    }
}

/// How many days before today a period may be declared to have started: an incident is
/// declared as soon as it is known, and a later declaration must not rewrite deadlines
/// that were already missed.
pub const LATEST_BACKDATING_DAYS: i64 = 14;

/// The declaration form as typed (dates `D/M/YYYY` or `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContinuityForm {
    pub from: String,
    pub to: String,
    pub reason: String,
    pub approved_by: String,
    /// `stopped` or `extended`.
    pub effect: String,
    pub extra_days: String,
    /// Optional: when the Ombudsman was told.
    pub ombudsman_told_on: String,
}

fn typed_date(
    text: &str,
    field: &'static str,
    missing: &str,
    problems: &mut Vec<crate::form::FieldError>,
) -> Option<NaiveDate> {
    crate::form::required_date(text, missing)
        .map_err(|message| problems.push(crate::form::FieldError { field, message }))
        .ok()
}

impl ContinuityForm {
    /// The form's fields in the order they appear: problems are listed in it.
    pub const FIELDS: [&'static str; 7] = [
        "from",
        "to",
        "reason",
        "approved_by",
        "effect",
        "extra_days",
        "ombudsman_told_on",
    ];

    /// The period and the day the Ombudsman was told, or every problem with the form.
    pub fn parse(
        &self,
        today: NaiveDate,
    ) -> Result<(ContinuityPeriod, Option<NaiveDate>), crate::form::FormErrors> {
        use crate::form::{FieldError, FormErrors};
        let mut problems = Vec::new();
        let from = typed_date(
            &self.from,
            "from",
            "Enter the first day of the period",
            &mut problems,
        );
        let earliest = today - chrono::Days::new(LATEST_BACKDATING_DAYS as u64);
        if from.is_some_and(|f| f < earliest) {
            problems.push(FieldError {
                field: "from",
                message: format!(
                    "The period can start at most {LATEST_BACKDATING_DAYS} days ago: {} at the earliest",
                    crate::deadlines::long_date(earliest)
                ),
            });
        }
        let to = typed_date(
            &self.to,
            "to",
            "Enter the last day of the period",
            &mut problems,
        );
        let told = match self.ombudsman_told_on.trim() {
            "" => None,
            text => told_ombudsman_on(text, today)
                .map_err(|message| {
                    problems.push(FieldError {
                        field: "ombudsman_told_on",
                        message,
                    })
                })
                .ok(),
        };
        let effect = ContinuityPeriod::effect_from_form(&self.effect, &self.extra_days)
            .map_err(|e| {
                problems.push(FieldError {
                    field: e.field(),
                    message: e.to_string(),
                })
            })
            .ok();
        // The period's own rules, with placeholders where a field already failed, so every
        // problem is shown at once.
        let placeholder = NaiveDate::MIN;
        let checked = ContinuityPeriod::new(
            from.unwrap_or(placeholder),
            to.unwrap_or_else(|| from.unwrap_or(placeholder)),
            &self.reason,
            &self.approved_by,
            effect.unwrap_or(ContinuityEffect::ClockStopped),
        );
        let mut period = None;
        match checked {
            Ok(p) => period = Some(p),
            Err(first) => {
                // Report the text fields' problems too, not only the first found.
                let fields_failing: Vec<ContinuityError> = [
                    ContinuityPeriod::new(
                        placeholder,
                        placeholder,
                        &self.reason,
                        "x",
                        ContinuityEffect::ClockStopped,
                    )
                    .err(),
                    ContinuityPeriod::new(
                        placeholder,
                        placeholder,
                        "x",
                        &self.approved_by,
                        ContinuityEffect::ClockStopped,
                    )
                    .err(),
                    (from.is_some() && to.is_some())
                        .then_some(first)
                        .filter(|e| e.field() == "to"),
                ]
                .into_iter()
                .flatten()
                .collect();
                for e in fields_failing {
                    problems.push(FieldError {
                        field: e.field(),
                        message: e.to_string(),
                    });
                }
            }
        }
        problems.sort_by_key(|p| Self::FIELDS.iter().position(|f| *f == p.field));
        match period {
            Some(period) if problems.is_empty() => Ok((period, told)),
            _ => Err(FormErrors(problems)),
        }
    }
}

/// The day the Ombudsman was told of a period, as typed: a real day, today or earlier.
pub fn told_ombudsman_on(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match crate::form::required_date(text, "Enter the day the Ombudsman was told")? {
        day if day > today => {
            Err("The day the Ombudsman was told must be today or earlier".to_owned())
        }
        day => Ok(day),
    }
}

impl ContinuityPeriod {
    /// The period ended early on `on`, which may be no earlier than `today` (ending it in
    /// the past would rewrite deadlines already passed) nor after its last day.
    pub fn end_early(&self, on: NaiveDate, today: NaiveDate) -> Result<Self, ContinuityError> {
        if on < today {
            return Err(ContinuityError::EndOutsidePeriod);
        }
        self.ended_on(on)
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form() -> ContinuityForm {
        ContinuityForm {
            from: "7/12/2026".into(),
            to: "18/12/2026".into(),
            reason: "Cyber attack on our housing system".into(),
            approved_by: "Executive team".into(),
            effect: "extended".into(),
            extra_days: "5".into(),
            ombudsman_told_on: "".into(),
        }
    }

    #[test]
    fn a_complete_form_gives_the_period() {
        let (period, told) = form().parse(d(2026, 12, 4)).unwrap();
        assert_eq!(period.from(), d(2026, 12, 7));
        assert_eq!(
            period.effect(),
            ContinuityEffect::Extended { working_days: 5 }
        );
        assert_eq!(told, None);
    }

    #[test]
    fn every_problem_is_reported_next_to_its_field_at_once() {
        let bad = ContinuityForm {
            from: "1/11/2026".into(),
            to: "".into(),
            reason: " ".into(),
            approved_by: "".into(),
            effect: "extended".into(),
            extra_days: "none".into(),
            ombudsman_told_on: "5/12/2026".into(),
        };
        let errors = bad.parse(d(2026, 12, 4)).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "from",
                "to",
                "reason",
                "approved_by",
                "extra_days",
                "ombudsman_told_on"
            ]
        );
        let reversed = ContinuityForm {
            to: "6/12/2026".into(),
            ..form()
        };
        assert_eq!(
            reversed.parse(d(2026, 12, 4)).unwrap_err().for_field("to"),
            Some("The last day must be the same as or after the first day")
        );
    }

    #[test]
    fn a_period_is_ended_early_only_from_today_to_its_last_day() {
        let (period, _) = form().parse(d(2026, 12, 4)).unwrap();
        assert!(period.end_early(d(2026, 12, 9), d(2026, 12, 10)).is_err());
        assert_eq!(
            period
                .end_early(d(2026, 12, 10), d(2026, 12, 10))
                .unwrap()
                .to(),
            d(2026, 12, 10)
        );
        assert!(period.end_early(d(2026, 12, 19), d(2026, 12, 10)).is_err());
    }
}
