//! Learning from complaints (SPEC section 6): service-improvement actions with an owner, a
//! due date and a completion date, and the homes count that turns the year's figures into
//! rates per 1,000 homes.
//!
//! Rules we chose where SPEC is silent:
//! - An action is *overdue* when it is not done and its due date has passed (due today is
//!   still on time). Done on or before the due date is *done on time*.
//! - An action belongs to a reporting year's report when it was open at any time in the
//!   year: added before the year ended, and not done before the year began.
//! - The homes count is a whole number from 1 to 10,000,000 (far above the largest landlord
//!   in England), typed with or without thousands separators.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::reports::ReportingYear;

pub mod lists;

/// Who may own an improvement action: the landlord's complaints staff and heads of service
/// (never a resident, panel member, board member or admin account).
pub fn may_own_action(role: crate::Role) -> bool {
    use crate::Role;
    matches!(
        role,
        Role::Officer | Role::Manager | Role::ComplaintsManager | Role::HeadOfService
    )
}

/// The number of homes a landlord owns in a reporting year: at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct HomesCount(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum HomesError {
    #[error("Enter the number of homes")]
    Missing,
    #[error("Enter the number of homes as a whole number, like 4200")]
    NotWhole,
    #[error("The number of homes must be 1 or more")]
    TooFew,
    #[error("The number of homes must be 10,000,000 or fewer")]
    TooMany,
}

impl HomesCount {
    pub const MAX: u32 = 10_000_000;

    pub fn new(homes: u32) -> Result<Self, HomesError> {
        match homes {
            0 => Err(HomesError::TooFew),
            h if h > Self::MAX => Err(HomesError::TooMany),
            h => Ok(Self(h)),
        }
    }

    /// `"4,200"` or `"4200"` as typed.
    pub fn parse(text: &str) -> Result<Self, HomesError> {
        let text: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != ' ')
            .collect();
        if text.is_empty() {
            return Err(HomesError::Missing);
        }
        let digits = text.strip_prefix('-').unwrap_or(&text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(HomesError::NotWhole);
        }
        if text.starts_with('-') {
            return Err(HomesError::TooFew);
        }
        match digits.parse::<u64>() {
            Ok(n) => Self::new(u32::try_from(n).unwrap_or(u32::MAX)),
            Err(_) => Err(HomesError::TooMany),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for HomesCount {
    type Error = HomesError;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<HomesCount> for u32 {
    fn from(value: HomesCount) -> Self {
        value.0
    }
}

/// What an improvement action says will change: 1 to [`ActionText::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActionText(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ActionTextError {
    #[error("Enter what will change")]
    Missing,
    #[error("Keep what will change to 500 characters or fewer")]
    TooLong,
}

impl ActionText {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(text: &str) -> Result<Self, ActionTextError> {
        let text = text.trim();
        if text.is_empty() {
            Err(ActionTextError::Missing)
        } else if text.chars().count() > Self::MAX_CHARS {
            Err(ActionTextError::TooLong)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ActionText {
    type Error = ActionTextError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ActionText> for String {
    fn from(value: ActionText) -> Self {
        value.0
    }
}

/// Where an improvement action stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionStatus {
    Open,
    Overdue,
    DoneOnTime,
    DoneLate,
}

impl ActionStatus {
    pub fn of(due: NaiveDate, completed: Option<NaiveDate>, today: NaiveDate) -> Self {
        match completed {
            Some(done) if done <= due => Self::DoneOnTime,
            Some(_) => Self::DoneLate,
            None if today > due => Self::Overdue,
            None => Self::Open,
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, Self::DoneOnTime | Self::DoneLate)
    }

    /// As a status tag says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Overdue => "Overdue",
            Self::DoneOnTime => "Done",
            Self::DoneLate => "Done late",
        }
    }
}

/// The dates that place an action in a year and judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDates {
    pub added: NaiveDate,
    pub due: NaiveDate,
    pub completed: Option<NaiveDate>,
}

impl ActionDates {
    /// Open at any time in the year (see the module's rules).
    pub fn in_year(&self, year: ReportingYear) -> bool {
        self.added < year.end() && self.completed.is_none_or(|done| done >= year.first_day())
    }
}

/// The improvement actions of a reporting year, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionTally {
    /// Open at some time in the year.
    pub in_year: u64,
    /// Added in the year.
    pub added: u64,
    /// Done in the year…
    pub done: u64,
    /// …of which on or before their due date.
    pub done_on_time: u64,
    /// Not done by the end of the year (or by `today`, if that is earlier).
    pub still_open: u64,
    /// …of which past their due date then.
    pub overdue: u64,
}

impl ActionTally {
    /// Counts `actions` for `year`, judged as at the year's last day or `today`, whichever
    /// is earlier.
    pub fn count(year: ReportingYear, today: NaiveDate, actions: &[ActionDates]) -> Self {
        let as_at = today.min(year.last_day());
        let mut tally = Self::default();
        for a in actions.iter().filter(|a| a.in_year(year)) {
            tally.in_year += 1;
            if year.contains(a.added) {
                tally.added += 1;
            }
            match a.completed.filter(|done| *done <= as_at) {
                Some(done) => {
                    if year.contains(done) {
                        tally.done += 1;
                        if done <= a.due {
                            tally.done_on_time += 1;
                        }
                    }
                }
                None => {
                    tally.still_open += 1;
                    if as_at > a.due {
                        tally.overdue += 1;
                    }
                }
            }
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn a_homes_count_is_a_whole_number_of_one_or_more() {
        assert_eq!(HomesCount::parse(" 4,200 ").map(HomesCount::get), Ok(4200));
        assert_eq!(HomesCount::parse("1").map(HomesCount::get), Ok(1));
        assert_eq!(HomesCount::parse(""), Err(HomesError::Missing));
        assert_eq!(HomesCount::parse("0"), Err(HomesError::TooFew));
        assert_eq!(HomesCount::parse("-5"), Err(HomesError::TooFew));
        assert_eq!(HomesCount::parse("12.5"), Err(HomesError::NotWhole));
        assert_eq!(HomesCount::parse("lots"), Err(HomesError::NotWhole));
        assert_eq!(HomesCount::parse("10000001"), Err(HomesError::TooMany));
        assert_eq!(
            HomesCount::parse("99999999999999999999999"),
            Err(HomesError::TooMany)
        );
    }

    #[test]
    fn an_action_is_overdue_only_after_its_due_day() {
        let due = d(2025, 6, 10);
        assert_eq!(ActionStatus::of(due, None, due), ActionStatus::Open);
        assert_eq!(
            ActionStatus::of(due, None, d(2025, 6, 11)),
            ActionStatus::Overdue
        );
        assert_eq!(
            ActionStatus::of(due, Some(due), d(2025, 7, 1)),
            ActionStatus::DoneOnTime
        );
        assert_eq!(
            ActionStatus::of(due, Some(d(2025, 6, 11)), d(2025, 7, 1)),
            ActionStatus::DoneLate
        );
    }

    #[test]
    fn the_year_counts_actions_open_at_any_time_in_it() {
        let year = ReportingYear::new(2025).expect("a year");
        let actions = [
            // Done last year: not this year's.
            ActionDates {
                added: d(2024, 5, 1),
                due: d(2024, 6, 1),
                completed: Some(d(2025, 3, 31)),
            },
            // Carried over, done on time in the year.
            ActionDates {
                added: d(2025, 1, 10),
                due: d(2025, 5, 1),
                completed: Some(d(2025, 4, 20)),
            },
            // Added in the year, done late.
            ActionDates {
                added: d(2025, 6, 1),
                due: d(2025, 7, 1),
                completed: Some(d(2025, 8, 1)),
            },
            // Added in the year, open and overdue.
            ActionDates {
                added: d(2025, 9, 1),
                due: d(2025, 10, 1),
                completed: None,
            },
            // Added in the year, open, not yet due.
            ActionDates {
                added: d(2025, 9, 1),
                due: d(2026, 5, 1),
                completed: None,
            },
            // Added after the year.
            ActionDates {
                added: d(2026, 4, 2),
                due: d(2026, 5, 1),
                completed: None,
            },
        ];
        let tally = ActionTally::count(year, d(2026, 6, 1), &actions);
        assert_eq!(
            tally,
            ActionTally {
                in_year: 4,
                added: 3,
                done: 2,
                done_on_time: 1,
                still_open: 2,
                overdue: 1,
            }
        );
    }

    #[test]
    fn an_action_needs_words_and_not_too_many() {
        assert_eq!(ActionText::parse("  "), Err(ActionTextError::Missing));
        assert_eq!(
            ActionText::parse(&"a".repeat(501)),
            Err(ActionTextError::TooLong)
        );
        assert_eq!(
            ActionText::parse(" Train staff ").map(|t| t.as_str().to_owned()),
            Ok("Train staff".to_owned())
        );
    }
}
