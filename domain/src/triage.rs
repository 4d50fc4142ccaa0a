//! Triage by vulnerability and complexity (Complaint Handling Code 6.1): a customer's
//! circumstances that change how we handle their cases, and a case's priority.
//!
//! Rules we chose:
//! - **Vulnerability.** Recorded on the customer, not the case, so every case of theirs
//!   shows it: one or more circumstances, what we know (the reason for the flag, always
//!   written down), what we do differently (optional), who recorded it and when it is to
//!   be looked at again, within [`MAX_REVIEW_MONTHS`] months. It shows as due for review
//!   from its review date. Removing it needs a reason. Any member of staff who works cases
//!   records one (`Action::FlagVulnerability`): the person on the phone is often the one
//!   who learns of it. Only staff see it: it is never on the customer's view of the case,
//!   nor on the tenant panel's redacted file.
//! - **Safeguarding** is the risk flag: a risk of harm to the customer or to others. It is
//!   one of the circumstances and shows on the work queue as a risk, above the rest.
//! - **Priority.** A case is Standard, High or Urgent. Raising it needs a reason (what
//!   makes it more pressing: a risk to health or safety, a vulnerable customer, a repair
//!   that cannot wait); putting it back to Standard may say why. The priority never moves
//!   a deadline: the procedure's timescales are the same for every case, and priority
//!   only orders the work within them. Any member of staff who works cases sets it
//!   (`Action::SetPriority`); each change is on the case's timeline, for staff only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::form::{FieldError, FormErrors};

/// The longest a vulnerability flag may go without a review.
pub const MAX_REVIEW_MONTHS: u32 = 12;
/// The most a reason or a description may say.
pub const MAX_TEXT_CHARS: usize = 2000;

/// How pressing a case is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    Standard,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Standard, Priority::High, Priority::Urgent];

    /// The form's value.
    pub fn code(self) -> &'static str {
        match self {
            Priority::Standard => "standard",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::Standard => "Standard",
            Priority::High => "High",
            Priority::Urgent => "Urgent",
        }
    }

    /// What each means, beside its choice.
    pub fn hint(self) -> &'static str {
        match self {
            Priority::Standard => "Worked in deadline order",
            Priority::High => {
                "Comes before standard cases: a vulnerable customer, or a problem getting worse"
            }
            Priority::Urgent => {
                "Comes first: a risk to someone's health or safety, or a home without heating, water or security"
            }
        }
    }

    /// As stored: 0, 1, 2, so that the most pressing sorts last ascending, first descending.
    pub fn rank(self) -> i16 {
        self as i16
    }

    pub fn from_rank(rank: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.rank() == rank)
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code.trim())
    }
}

/// A priority as decided: the new priority and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityChange {
    pub priority: Priority,
    pub reason: Option<String>,
}

impl PriorityChange {
    /// Checks a change from `current`, every problem at once.
    pub fn decide(priority: &str, reason: &str, current: Priority) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let priority = Priority::parse(priority);
        let reason = crate::text::paragraphs(reason);
        match priority {
            None => problems.push(FieldError {
                field: "priority",
                message: "Choose the case's priority".to_owned(),
            }),
            Some(p) if p == current => problems.push(FieldError {
                field: "priority",
                message: format!("The case is already {}", p.label().to_lowercase()),
            }),
            Some(p) if p > Priority::Standard && reason.is_empty() => problems.push(FieldError {
                field: "priority_reason",
                message: "Say why the case is more pressing".to_owned(),
            }),
            _ => {}
        }
        if reason.chars().count() > MAX_TEXT_CHARS {
            problems.push(FieldError {
                field: "priority_reason",
                message: format!("Keep the reason to {MAX_TEXT_CHARS} characters or fewer"),
            });
        }
        match priority {
            Some(priority) if problems.is_empty() => Ok(Self {
                priority,
                reason: (!reason.is_empty()).then_some(reason),
            }),
            _ => Err(FormErrors(problems)),
        }
    }
}

/// A circumstance that makes a customer vulnerable, or puts someone at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Circumstance {
    /// A risk of harm to the customer or to others: the risk flag.
    Safeguarding,
    PhysicalHealth,
    MentalHealth,
    Age,
    Communication,
    DomesticAbuse,
    FinancialHardship,
    LifeEvent,
    Other,
}

impl Circumstance {
    /// The choices in the order the form lists them, as values with labels.
    pub const CHOICES: [(Circumstance, &'static str, &'static str); 9] = [
        (
            Circumstance::Safeguarding,
            "safeguarding",
            "Safeguarding: a risk of harm to them or to others",
        ),
        (
            Circumstance::PhysicalHealth,
            "physical_health",
            "Physical health or disability",
        ),
        (Circumstance::MentalHealth, "mental_health", "Mental health"),
        (Circumstance::Age, "age", "Age: very old or very young"),
        (
            Circumstance::Communication,
            "communication",
            "Communication: language, reading, hearing or sight",
        ),
        (
            Circumstance::DomesticAbuse,
            "domestic_abuse",
            "Domestic abuse",
        ),
        (
            Circumstance::FinancialHardship,
            "financial_hardship",
            "Financial hardship",
        ),
        (
            Circumstance::LifeEvent,
            "life_event",
            "A life event: bereavement, illness, loss of a job",
        ),
        (Circumstance::Other, "other", "Something else"),
    ];

    fn entry(self) -> &'static (Circumstance, &'static str, &'static str) {
        Self::CHOICES
            .iter()
            .find(|(c, _, _)| *c == self)
            .expect("every circumstance is a choice")
    }

    pub fn code(self) -> &'static str {
        self.entry().1
    }

    pub fn label(self) -> &'static str {
        self.entry().2
    }

    /// A few words, for a tag on the work queue.
    pub fn short(self) -> &'static str {
        match self {
            Circumstance::Safeguarding => "safeguarding",
            Circumstance::PhysicalHealth => "physical health",
            Circumstance::MentalHealth => "mental health",
            Circumstance::Age => "age",
            Circumstance::Communication => "communication",
            Circumstance::DomesticAbuse => "domestic abuse",
            Circumstance::FinancialHardship => "financial hardship",
            Circumstance::LifeEvent => "life event",
            Circumstance::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::CHOICES
            .iter()
            .find(|(_, c, _)| *c == code.trim())
            .map(|(c, _, _)| *c)
    }
}

/// Circumstances as stored: their codes, comma-separated, in the form's order.
pub fn circumstances_code(circumstances: &[Circumstance]) -> String {
    circumstances
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Circumstances read back from [`circumstances_code`]; `None` when one is unknown.
pub fn parse_circumstances(code: &str) -> Option<Vec<Circumstance>> {
    code.split(',')
        .filter(|c| !c.trim().is_empty())
        .map(Circumstance::parse)
        .collect()
}

/// A vulnerability flag as recorded: checked, ready to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vulnerability {
    /// At least one, in the form's order, each once.
    pub circumstances: Vec<Circumstance>,
    /// What we know: the reason for the flag.
    pub reason: String,
    /// What we do differently because of it.
    pub support: Option<String>,
    /// The day it was recorded (or last reviewed).
    pub recorded_on: NaiveDate,
    /// The day it is to be looked at again.
    pub review_on: NaiveDate,
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VulnerabilityInput {
    pub circumstances: Vec<String>,
    pub reason: String,
    pub support: String,
    /// `D/M/YYYY` or `YYYY-MM-DD`.
    pub review_on: String,
}

impl Vulnerability {
    /// Checks a flag recorded `today`, every problem at once.
    pub fn record(input: &VulnerabilityInput, today: NaiveDate) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let mut fail = |field: &'static str, message: String| {
            problems.push(FieldError { field, message });
        };
        let parsed: Option<Vec<Circumstance>> = input
            .circumstances
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| Circumstance::parse(c))
            .collect();
        let mut circumstances = parsed.unwrap_or_default();
        circumstances.sort();
        circumstances.dedup();
        if circumstances.is_empty() {
            fail(
                "circumstances",
                "Choose at least one circumstance".to_owned(),
            );
        }
        let reason = crate::text::paragraphs(&input.reason);
        if reason.is_empty() {
            fail(
                "reason",
                "Say what we know of their circumstances".to_owned(),
            );
        } else if reason.chars().count() > MAX_TEXT_CHARS {
            fail(
                "reason",
                format!("Keep this to {MAX_TEXT_CHARS} characters or fewer"),
            );
        }
        let support = crate::text::paragraphs(&input.support);
        if support.chars().count() > MAX_TEXT_CHARS {
            fail(
                "support",
                format!("Keep this to {MAX_TEXT_CHARS} characters or fewer"),
            );
        }
        let review_on = crate::restriction::review_date(&input.review_on, today, MAX_REVIEW_MONTHS)
            .map_err(|message| fail("review_on", message))
            .ok();
        match review_on {
            Some(review_on) if problems.is_empty() => Ok(Self {
                circumstances,
                reason,
                support: (!support.is_empty()).then_some(support),
                recorded_on: today,
                review_on,
            }),
            _ => Err(FormErrors(problems)),
        }
    }

    /// A safeguarding risk is among the circumstances.
    pub fn is_risk(&self) -> bool {
        self.circumstances.contains(&Circumstance::Safeguarding)
    }

    /// Whether it is time to look at it again.
    pub fn review_due(&self, today: NaiveDate) -> bool {
        today >= self.review_on
    }

    /// The circumstances in a few words each: "safeguarding, mental health".
    pub fn in_short(&self) -> String {
        self.circumstances
            .iter()
            .map(|c| c.short())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A review of a customer's reasonable adjustments (Code 6.1 and 3.x): what was agreed
/// with them, and when to look again (within [`MAX_REVIEW_MONTHS`] months). The first
/// review starts the reminders; each later one replaces it, and the history stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentsReview {
    /// What was agreed with the customer: which adjustments go on, which change.
    pub agreed: String,
    pub reviewed_on: NaiveDate,
    pub review_on: NaiveDate,
}

impl AdjustmentsReview {
    /// Checks a review made `today`.
    pub fn review(agreed: &str, review_on: &str, today: NaiveDate) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let agreed = crate::text::paragraphs(agreed);
        if agreed.is_empty() {
            problems.push(FieldError {
                field: "agreed",
                message: "Say what was agreed with the customer".to_owned(),
            });
        } else if agreed.chars().count() > MAX_TEXT_CHARS {
            problems.push(FieldError {
                field: "agreed",
                message: format!("Keep this to {MAX_TEXT_CHARS} characters or fewer"),
            });
        }
        let review_on = crate::restriction::review_date(review_on, today, MAX_REVIEW_MONTHS)
            .map_err(|message| {
                problems.push(FieldError {
                    field: "review_on",
                    message,
                })
            })
            .ok();
        match review_on {
            Some(review_on) if problems.is_empty() => Ok(Self {
                agreed,
                reviewed_on: today,
                review_on,
            }),
            _ => Err(FormErrors(problems)),
        }
    }

    /// Whether it is time to look at the adjustments again.
    pub fn review_due(&self, today: NaiveDate) -> bool {
        today >= self.review_on
    }
}

/// What was done for one of a customer's adjustments, checked: `adjustment` must be one
/// they asked for (`asked`, as stored), `done` says what we did.
pub fn adjustment_done(
    adjustment: &str,
    asked: &[String],
    done: &str,
) -> Result<(String, String), FormErrors> {
    let mut problems = Vec::new();
    let adjustment = adjustment.trim();
    if !asked.iter().any(|a| a == adjustment) {
        problems.push(FieldError {
            field: "adjustment",
            message: "Choose the adjustment it was for".to_owned(),
        });
    }
    let done = crate::text::paragraphs(done);
    if done.is_empty() {
        problems.push(FieldError {
            field: "done",
            message: "Say what we did".to_owned(),
        });
    } else if done.chars().count() > MAX_TEXT_CHARS {
        problems.push(FieldError {
            field: "done",
            message: format!("Keep this to {MAX_TEXT_CHARS} characters or fewer"),
        });
    }
    if problems.is_empty() {
        Ok((adjustment.to_owned(), done))
    } else {
        Err(FormErrors(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn input(circumstances: &[&str], reason: &str, review_on: &str) -> VulnerabilityInput {
        VulnerabilityInput {
            circumstances: circumstances.iter().map(|c| (*c).to_owned()).collect(),
            reason: reason.to_owned(),
            support: String::new(),
            review_on: review_on.to_owned(),
        }
    }

    #[test]
    fn a_flag_needs_a_circumstance_a_reason_and_a_review_within_a_year() {
        let today = day(2026, 12, 4);
        let ok = Vulnerability::record(
            &input(
                &["mental_health", "safeguarding", "mental_health"],
                "Told us on the phone she is in crisis care.",
                "4/6/2027",
            ),
            today,
        )
        .expect("right");
        assert_eq!(
            ok.circumstances,
            [Circumstance::Safeguarding, Circumstance::MentalHealth]
        );
        assert!(ok.is_risk());
        assert_eq!(ok.in_short(), "safeguarding, mental health");
        assert_eq!(ok.support, None);
        assert!(!ok.review_due(day(2027, 6, 3)));
        assert!(ok.review_due(day(2027, 6, 4)));

        let none = Vulnerability::record(&input(&[], "  ", ""), today).expect_err("empty");
        let fields: Vec<_> = none.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["circumstances", "reason", "review_on"]);

        let unknown = Vulnerability::record(&input(&["age", "rich"], "Why", "1/1/2027"), today)
            .expect_err("an unknown circumstance");
        assert_eq!(
            unknown.for_field("circumstances"),
            Some("Choose at least one circumstance")
        );

        let late = Vulnerability::record(&input(&["age"], "Why", "5/12/2027"), today)
            .expect_err("more than a year");
        assert_eq!(
            late.for_field("review_on"),
            Some("Review it within 12 months: by Saturday 4 December 2027 at the latest")
        );
        assert!(Vulnerability::record(&input(&["age"], "Why", "4/12/2027"), today).is_ok());
    }

    #[test]
    fn circumstances_read_back_from_what_is_stored() {
        let all: Vec<_> = Circumstance::CHOICES.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(parse_circumstances(&circumstances_code(&all)), Some(all));
        assert_eq!(parse_circumstances("age,unknown"), None);
        assert_eq!(parse_circumstances(""), Some(Vec::new()));
    }

    #[test]
    fn adjustments_are_reviewed_within_a_year_and_each_action_names_one_asked_for() {
        let today = day(2026, 12, 4);
        let review =
            AdjustmentsReview::review(" Large print goes on; calls after 2pm. ", "4/6/2027", today)
                .expect("right");
        assert_eq!(review.agreed, "Large print goes on; calls after 2pm.");
        assert_eq!(review.reviewed_on, today);
        assert!(review.review_due(day(2027, 6, 4)));
        let wrong = AdjustmentsReview::review("", "5/12/2027", today).expect_err("wrong");
        let fields: Vec<_> = wrong.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["agreed", "review_on"]);

        let asked = vec!["large_print".to_owned(), "other:Call after 2pm".to_owned()];
        assert_eq!(
            adjustment_done("large_print", &asked, " Sent the response in 16pt. ").expect("right"),
            (
                "large_print".to_owned(),
                "Sent the response in 16pt.".to_owned()
            )
        );
        let wrong = adjustment_done("interpreter", &asked, "").expect_err("wrong");
        assert_eq!(
            wrong.for_field("adjustment"),
            Some("Choose the adjustment it was for")
        );
        assert_eq!(wrong.for_field("done"), Some("Say what we did"));
    }

    #[test]
    fn raising_a_priority_needs_a_reason_and_a_change() {
        let raised = PriorityChange::decide(
            "urgent",
            " No heating, two small children. ",
            Priority::Standard,
        )
        .expect("right");
        assert_eq!(raised.priority, Priority::Urgent);
        assert_eq!(
            raised.reason.as_deref(),
            Some("No heating, two small children.")
        );

        let why = PriorityChange::decide("high", "", Priority::Standard).expect_err("no reason");
        assert_eq!(
            why.for_field("priority_reason"),
            Some("Say why the case is more pressing")
        );
        let same = PriorityChange::decide("high", "Why", Priority::High).expect_err("no change");
        assert_eq!(same.for_field("priority"), Some("The case is already high"));
        assert!(PriorityChange::decide("", "", Priority::High).is_err());

        let lowered = PriorityChange::decide("standard", "", Priority::Urgent).expect("lowered");
        assert_eq!(lowered.priority, Priority::Standard);
        assert_eq!(lowered.reason, None);

        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.code()), Some(p));
            assert_eq!(Priority::from_rank(p.rank()), Some(p));
        }
        assert!(Priority::Urgent > Priority::High && Priority::High > Priority::Standard);
    }
}
