//! Who is warned about a deadline, and when (SPEC section 4: "warned before a deadline, the
//! handler first, then their manager, then the complaints manager").
//!
//! The points, our choice, counted in working days like the deadline itself:
//! - **the handler** once the step turns amber: no more than [`amber_threshold`] working
//!   days left, so day 3 of a 5-day step and day 8 of a 10-day one;
//! - **their manager** on the due day, when the step is still not done;
//! - **the complaints manager** once the due date has passed.
//!
//! Each later point includes the earlier ones, so a case first looked at when it is already
//! overdue warns all three at once. A warning is sent once per step, due date and person:
//! an extension that moves the date starts the points again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Progress, TimeLeft, amber_threshold};
use crate::calendar::Calendar;

/// Who a warning goes to, in the order they are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Escalation {
    Handler,
    Manager,
    ComplaintsManager,
}

impl Escalation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Handler => "handler",
            Self::Manager => "manager",
            Self::ComplaintsManager => "complaints_manager",
        }
    }
}

/// The people to warn on `today` about a step of `working_days` due on `due`: none while
/// the step is comfortably on track.
pub fn escalations(
    due: NaiveDate,
    working_days: u32,
    calendar: &Calendar,
    today: NaiveDate,
) -> Vec<Escalation> {
    let progress = Progress::towards(due, amber_threshold(working_days), calendar, today);
    match progress.time_left {
        TimeLeft::Overdue(_) => vec![
            Escalation::Handler,
            Escalation::Manager,
            Escalation::ComplaintsManager,
        ],
        TimeLeft::Remaining(0) => vec![Escalation::Handler, Escalation::Manager],
        TimeLeft::Remaining(n) if n <= amber_threshold(working_days) => vec![Escalation::Handler],
        TimeLeft::Remaining(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    fn cal() -> Calendar {
        Calendar::england_and_wales()
    }

    #[test]
    fn a_five_day_acknowledgement_warns_the_handler_on_day_3_then_the_manager_then_the_complaints_manager()
     {
        // Received Monday 2 March 2026 (day 0): acknowledge by Monday 9 March.
        let due = d(2026, 3, 9);
        let at = |day| escalations(due, 5, &cal(), day);
        assert_eq!(at(d(2026, 3, 3)), []); // day 1
        assert_eq!(at(d(2026, 3, 4)), []); // day 2
        assert_eq!(at(d(2026, 3, 5)), [Escalation::Handler]); // day 3 of 5
        assert_eq!(at(d(2026, 3, 6)), [Escalation::Handler]); // day 4
        assert_eq!(at(d(2026, 3, 7)), [Escalation::Handler]); // Saturday: 1 working day left
        assert_eq!(
            at(d(2026, 3, 9)),
            [Escalation::Handler, Escalation::Manager]
        );
        assert_eq!(
            at(d(2026, 3, 10)),
            [
                Escalation::Handler,
                Escalation::Manager,
                Escalation::ComplaintsManager
            ]
        );
    }

    #[test]
    fn a_ten_day_response_warns_the_handler_on_day_8() {
        // Acknowledged Monday 2 March 2026: respond by Monday 16 March.
        let due = d(2026, 3, 16);
        assert_eq!(escalations(due, 10, &cal(), d(2026, 3, 11)), []); // day 7
        assert_eq!(
            escalations(due, 10, &cal(), d(2026, 3, 12)), // day 8 of 10
            [Escalation::Handler]
        );
    }

    #[test]
    fn bank_holidays_do_not_count_towards_the_points() {
        // Received Friday 20 December 2024: acknowledge by Tuesday 31 December (25 and 26
        // are bank holidays). Monday 23 is day 1; Friday 27 is day 3.
        let due = d(2024, 12, 31);
        assert_eq!(escalations(due, 5, &cal(), d(2024, 12, 24)), []);
        assert_eq!(escalations(due, 5, &cal(), d(2024, 12, 26)), []);
        assert_eq!(
            escalations(due, 5, &cal(), d(2024, 12, 27)),
            [Escalation::Handler]
        );
    }
}
