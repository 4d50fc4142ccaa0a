//! Keeping the customer informed (Complaint Handling Code 5.9 and 6.6): how often the
//! handler agreed to update them, when the next update is due, and each update given.
//!
//! Rules we chose:
//! - **The interval** is agreed with the customer: every week, every two weeks or every
//!   four weeks, counted in calendar days from the last update (or from the day it was
//!   agreed, before the first). Changing it counts from that day.
//! - **An update is due** from its date on, until one is recorded. It never moves a
//!   deadline: the procedure's timescales stand as they are.
//! - **Each update** says in a few words what we told them and how (by phone, e-mail,
//!   letter, in person or text). It is on the case's timeline and the customer sees it on
//!   their own view of the case: it is what they were told.
//! - Any member of staff who works cases agrees the interval and records updates
//!   (`Action::KeepInformed`).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::form::{FieldError, FormErrors};

/// The most an update's summary may say.
pub const MAX_SUMMARY_CHARS: usize = 2000;

/// How often the customer is to hear from us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateInterval {
    Weekly,
    Fortnightly,
    FourWeekly,
}

impl UpdateInterval {
    pub const ALL: [UpdateInterval; 3] = [
        UpdateInterval::Weekly,
        UpdateInterval::Fortnightly,
        UpdateInterval::FourWeekly,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UpdateInterval::Weekly => "weekly",
            UpdateInterval::Fortnightly => "fortnightly",
            UpdateInterval::FourWeekly => "four_weekly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UpdateInterval::Weekly => "Every week",
            UpdateInterval::Fortnightly => "Every two weeks",
            UpdateInterval::FourWeekly => "Every four weeks",
        }
    }

    pub fn days(self) -> u16 {
        match self {
            UpdateInterval::Weekly => 7,
            UpdateInterval::Fortnightly => 14,
            UpdateInterval::FourWeekly => 28,
        }
    }

    pub fn from_days(days: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.days() == days)
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.code() == code.trim())
    }

    /// The update after one given (or the interval agreed) on `from`.
    pub fn next_after(self, from: NaiveDate) -> NaiveDate {
        from.checked_add_days(Days::new(u64::from(self.days())))
            .unwrap_or(from)
    }
}

/// How an update was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateHow {
    Phone,
    Email,
    Letter,
    InPerson,
    Text,
}

impl UpdateHow {
    pub const ALL: [UpdateHow; 5] = [
        UpdateHow::Phone,
        UpdateHow::Email,
        UpdateHow::Letter,
        UpdateHow::InPerson,
        UpdateHow::Text,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UpdateHow::Phone => "phone",
            UpdateHow::Email => "email",
            UpdateHow::Letter => "letter",
            UpdateHow::InPerson => "in_person",
            UpdateHow::Text => "text",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UpdateHow::Phone => "By phone",
            UpdateHow::Email => "By e-mail",
            UpdateHow::Letter => "By letter",
            UpdateHow::InPerson => "In person",
            UpdateHow::Text => "By text message",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.code() == code.trim())
    }
}

/// An update given to the customer, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    pub how: UpdateHow,
    /// What we told them.
    pub summary: String,
}

impl Update {
    /// Checks an update as typed, every problem at once.
    pub fn record(how: &str, summary: &str) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let how = UpdateHow::parse(how);
        if how.is_none() {
            problems.push(FieldError {
                field: "how",
                message: "Choose how we updated them".to_owned(),
            });
        }
        let summary = crate::text::paragraphs(summary);
        if summary.is_empty() {
            problems.push(FieldError {
                field: "summary",
                message: "Say what we told them".to_owned(),
            });
        } else if summary.chars().count() > MAX_SUMMARY_CHARS {
            problems.push(FieldError {
                field: "summary",
                message: format!("Keep this to {MAX_SUMMARY_CHARS} characters or fewer"),
            });
        }
        match how {
            Some(how) if problems.is_empty() => Ok(Self { how, summary }),
            _ => Err(FormErrors(problems)),
        }
    }
}

/// The interval as chosen on the form, checked.
pub fn interval(code: &str) -> Result<UpdateInterval, FormErrors> {
    UpdateInterval::parse(code).ok_or_else(|| {
        FormErrors(vec![FieldError {
            field: "every",
            message: "Choose how often we update them".to_owned(),
        }])
    })
}

/// Whether an update due on `next` is due on `today`.
pub fn update_due(next: Option<NaiveDate>, today: NaiveDate) -> bool {
    next.is_some_and(|next| today >= next)
}

/// The message a customer gets when something we promised to put things right is late
/// (Code 6.6): what, by when, that we are sorry, and that we will write when it is done.
/// Returns the subject and the body.
pub fn late_remedy_message(
    reference: &str,
    customer_name: &str,
    promised: &str,
    due: NaiveDate,
) -> (String, String) {
    let promised = promised.trim().trim_end_matches('.');
    (
        format!("Your complaint {reference}: something we promised is late"),
        format!(
            "Dear {customer_name},\n\nWe promised to put things right after your complaint, reference {reference}, by doing this:\n\n{promised}.\n\nIt was due by {}, and it is not done yet. We are sorry. We are working on it and will write to you when it is done.\n\nIf you are unhappy about the delay, please contact us and quote your reference. You can also contact the Housing Ombudsman for free, independent advice.\n",
            crate::deadlines::long_date(due)
        ),
    )
}

/// The message to a customer with an open case when a business-continuity period is
/// declared (the Code: residents who may be affected are told, with when the landlord will
/// comply again): what happened, what it does to the timescales, and their case's next date
/// as now counted.
pub fn continuity_message(
    reference: &str,
    customer_name: &str,
    period: &crate::calendar::ContinuityPeriod,
    back_on: NaiveDate,
    next_due: Option<NaiveDate>,
) -> (String, String) {
    let next = next_due.map_or_else(String::new, |due| {
        format!(
            "For your case, the next date we are working to is now {}.\n\n",
            crate::deadlines::long_date(due)
        )
    });
    (
        format!("Your case {reference}: our complaint timescales are affected"),
        format!(
            "Dear {customer_name},\n\nWe are writing about your case, reference {reference}.\n\n{}\n\nWe expect to meet our usual timescales again from {}. {next}We are still dealing with your case, and you can still contact us about it. If you are unhappy with how we are handling your case, you can contact the Housing Ombudsman for free, independent advice.\n",
            period.notice(),
            crate::deadlines::long_date(back_on),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn the_next_update_counts_calendar_days_from_the_last() {
        assert_eq!(
            UpdateInterval::Weekly.next_after(day(2026, 12, 4)),
            day(2026, 12, 11)
        );
        assert_eq!(
            UpdateInterval::Fortnightly.next_after(day(2026, 12, 24)),
            day(2027, 1, 7),
            "bank holidays do not move it: the customer counts days"
        );
        assert!(!update_due(Some(day(2026, 12, 11)), day(2026, 12, 10)));
        assert!(update_due(Some(day(2026, 12, 11)), day(2026, 12, 11)));
        assert!(!update_due(None, day(2026, 12, 11)));
        for i in UpdateInterval::ALL {
            assert_eq!(UpdateInterval::parse(i.code()), Some(i));
            assert_eq!(UpdateInterval::from_days(i.days()), Some(i));
        }
    }

    #[test]
    fn a_late_remedy_is_owned_up_to_with_its_date() {
        let (subject, body) = late_remedy_message(
            "CX-2026-000001",
            "Rita Resident",
            "Replace the kitchen tap.",
            day(2026, 12, 9),
        );
        assert_eq!(
            subject,
            "Your complaint CX-2026-000001: something we promised is late"
        );
        assert!(body.contains("Replace the kitchen tap.\n"));
        assert!(body.contains("It was due by Wednesday 9 December 2026"));
        assert!(body.contains("Housing Ombudsman"));
    }

    #[test]
    fn an_update_says_how_and_what() {
        let ok = Update::record("phone", " Surveyor booked for Tuesday. ").expect("right");
        assert_eq!(ok.how, UpdateHow::Phone);
        assert_eq!(ok.summary, "Surveyor booked for Tuesday.");
        let wrong = Update::record("pigeon", "").expect_err("wrong");
        let fields: Vec<_> = wrong.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["how", "summary"]);
        assert!(interval("monthly").is_err());
        assert_eq!(interval("weekly").ok(), Some(UpdateInterval::Weekly));
    }
}
