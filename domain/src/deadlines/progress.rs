//! How a deadline stands today: working days left or overdue, and a red/amber/green status.
//!
//! Thresholds (our choice, following SPEC section 4's "warn on day 3 of 5 and day 8 of 10"):
//! amber once no more than `min(2, n / 2)` working days remain of an `n`-day deadline, so a
//! 5-day step turns amber on day 3, a 10-day step on day 8, a 20-day step on day 18 and a
//! 3-day contact on day 2; red once the due date has passed. The due day itself is amber,
//! not red: it is still on time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Deadline;
use crate::calendar::Calendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeLeft {
    /// Working days after today up to and including the due date (0 on the due day).
    Remaining(u32),
    /// Working days after the due date up to and including today. It can be 0 on the
    /// weekend straight after a Friday deadline: late, but no working day lost yet.
    Overdue(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub time_left: TimeLeft,
    pub status: Rag,
}

/// Working days remaining at which an `n`-day deadline turns amber.
pub fn amber_threshold(n: u32) -> u32 {
    (n / 2).min(2)
}

impl Progress {
    pub(super) fn of(deadline: &Deadline, calendar: &Calendar, today: NaiveDate) -> Self {
        Self::towards(
            deadline.due,
            amber_threshold(deadline.working_days),
            calendar,
            today,
        )
    }

    /// How any due date (a promised remedy, say) stands on `today`: amber once no more
    /// than `amber_within` working days remain, red once it has passed.
    pub fn towards(
        due: NaiveDate,
        amber_within: u32,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Self {
        let days = calendar.working_days_between(today, due);
        let days = u32::try_from(days.unsigned_abs()).unwrap_or(u32::MAX);
        if today > due {
            Self {
                time_left: TimeLeft::Overdue(days),
                status: Rag::Red,
            }
        } else {
            let status = if days <= amber_within {
                Rag::Amber
            } else {
                Rag::Green
            };
            Self {
                time_left: TimeLeft::Remaining(days),
                status,
            }
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self.time_left, TimeLeft::Overdue(_))
    }
}

impl TimeLeft {
    /// In words for a screen: "3 working days left", "Due today", "1 working day overdue".
    pub fn words(&self) -> String {
        let days = |n: u32| {
            if n == 1 {
                "1 working day".to_owned()
            } else {
                format!("{n} working days")
            }
        };
        match *self {
            TimeLeft::Remaining(0) => "Due today".to_owned(),
            TimeLeft::Remaining(n) => format!("{} left", days(n)),
            TimeLeft::Overdue(0) => "Overdue".to_owned(),
            TimeLeft::Overdue(n) => format!("{} overdue", days(n)),
        }
    }
}

impl Rag {
    /// The status in words, so colour is never the only sign of it.
    pub fn label(self) -> &'static str {
        match self {
            Rag::Green => "On track",
            Rag::Amber => "Due soon",
            Rag::Red => "Overdue",
        }
    }

    /// `green`, `amber` or `red`: for a style.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn time_left_reads_as_a_person_would_say_it() {
        assert_eq!(TimeLeft::Remaining(0).words(), "Due today");
        assert_eq!(TimeLeft::Remaining(1).words(), "1 working day left");
        assert_eq!(TimeLeft::Remaining(4).words(), "4 working days left");
        assert_eq!(TimeLeft::Overdue(0).words(), "Overdue");
        assert_eq!(TimeLeft::Overdue(1).words(), "1 working day overdue");
        assert_eq!(TimeLeft::Overdue(3).words(), "3 working days overdue");
        assert_eq!(Rag::Red.label(), "Overdue");
        assert_eq!(Rag::Amber.as_str(), "amber");
    }
}
