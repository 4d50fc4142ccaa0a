//! Changing the landlord's closure days (an admin, `Action::ManageCalendar`).
//!
//! The rules, stated once:
//! - A closure day is **added** only for a date after today and at most
//!   [`MAX_YEARS_AHEAD`] years ahead, on a weekday that is not already a bank holiday or a
//!   closure day: cases received up to today were counted with today's calendar, and a
//!   deadline already passed must not move.
//! - A closure day is **removed** only while it is still to come, for the same reason.
//! - A closure day of any date may be **renamed**: its name moves no deadline.
//!
//! Adding or removing one changes the calendar's version, so every open complaint is
//! counted again; the admin sees that effect before saving ([`ClosureChangeChecked::apply`]
//! gives the calendar to count it with).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Calendar, ClosureDay, NonWorkingDay};
use crate::deadlines::long_date;
use crate::form::{FieldError, FormErrors};

/// How far ahead a closure day may be set.
pub const MAX_YEARS_AHEAD: i32 = 5;

/// What an admin does to a closure day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClosureChange {
    Add,
    Rename,
    Remove,
}

impl ClosureChange {
    pub const ALL: [Self; 3] = [Self::Add, Self::Rename, Self::Remove];

    /// Its name in forms and addresses.
    pub fn code(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Rename => "rename",
            Self::Remove => "remove",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    /// Whether the change moves deadlines (so open complaints are counted again).
    pub fn moves_deadlines(self) -> bool {
        !matches!(self, Self::Rename)
    }

    /// Whether the form asks for a name.
    pub fn asks_name(self) -> bool {
        !matches!(self, Self::Remove)
    }
}

/// The form as typed: the date `D/M/YYYY` or `YYYY-MM-DD`, and the name (not asked when
/// removing one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureForm {
    pub date: String,
    pub name: String,
}

/// A change that the rules allow on the calendar it was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureChangeChecked {
    pub change: ClosureChange,
    /// The day as it will be (for a removal: as it was).
    pub day: ClosureDay,
    /// The day as it was, when renaming or removing.
    pub previous: Option<ClosureDay>,
}

impl ClosureForm {
    /// The form's fields, in order.
    pub const FIELDS: [&'static str; 2] = ["date", "name"];

    /// The change, or every problem with the form, checked against the calendar in force.
    pub fn parse(
        &self,
        change: ClosureChange,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<ClosureChangeChecked, FormErrors> {
        let mut problems = Vec::new();
        let date = crate::form::required_date(&self.date, "Enter the date of the closure day")
            .map_err(|message| {
                problems.push(FieldError {
                    field: "date",
                    message,
                })
            })
            .ok();
        let existing = date.and_then(|d| calendar.closure_on(d)).cloned();
        if let Some(date) = date
            && let Err(message) = date_allowed(change, date, existing.as_ref(), calendar, today)
        {
            problems.push(FieldError {
                field: "date",
                message,
            });
        }
        let name = if change.asks_name() {
            self.name.as_str()
        } else {
            existing.as_ref().map_or("-", |d| d.name())
        };
        let day = ClosureDay::new(date.unwrap_or(NaiveDate::MIN), name)
            .map_err(|e| {
                problems.push(FieldError {
                    field: "name",
                    message: e.to_string(),
                })
            })
            .ok();
        if change == ClosureChange::Rename
            && let (Some(day), Some(before)) = (&day, &existing)
            && day.name() == before.name()
        {
            problems.push(FieldError {
                field: "name",
                message: "Enter a new name: this is the name it already has".to_owned(),
            });
        }
        match day {
            Some(day) if problems.is_empty() => Ok(ClosureChangeChecked {
                change,
                day,
                previous: existing,
            }),
            _ => Err(FormErrors(problems)),
        }
    }
}

/// Whether the date may be changed this way today, or the message for the date field.
fn date_allowed(
    change: ClosureChange,
    date: NaiveDate,
    existing: Option<&ClosureDay>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<(), String> {
    let words = long_date(date);
    match change {
        ClosureChange::Add => {
            if date <= today {
                return Err(format!(
                    "A closure day must be after today: open complaints were already counted with {words}"
                ));
            }
            if date.year() > today.year() + MAX_YEARS_AHEAD {
                return Err(format!(
                    "A closure day can be at most {MAX_YEARS_AHEAD} years ahead, in {} at the latest",
                    today.year() + MAX_YEARS_AHEAD
                ));
            }
            if let Some(day) = existing {
                return Err(format!(
                    "{words} is already a closure day ({}): rename it instead",
                    day.name()
                ));
            }
            match calendar.non_working_reason(date) {
                Some(NonWorkingDay::Weekend(_)) => Err(format!(
                    "{words} is a weekend day, which never counts already: choose a weekday"
                )),
                Some(NonWorkingDay::BankHoliday(holiday)) => Err(format!(
                    "{words} is already a bank holiday ({}): choose another day",
                    holiday.name
                )),
                _ => Ok(()),
            }
        }
        ClosureChange::Rename | ClosureChange::Remove => {
            if existing.is_none() {
                return Err(format!("There is no closure day on {words}"));
            }
            if change == ClosureChange::Remove && date <= today {
                return Err(format!(
                    "{words} has come: a closure day stays once it has passed, because complaints were counted with it"
                ));
            }
            Ok(())
        }
    }
}

impl ClosureChangeChecked {
    /// The calendar after the change.
    pub fn apply(&self, calendar: Calendar) -> Calendar {
        match self.change {
            ClosureChange::Add | ClosureChange::Rename => {
                calendar.with_closures([self.day.clone()])
            }
            ClosureChange::Remove => calendar.without_closure(self.day.date()),
        }
    }

    /// What changed, finishing "The next deadline moved … because …".
    pub fn why(&self) -> String {
        let date = long_date(self.day.date());
        match self.change {
            ClosureChange::Add => format!("we added a closure day ({}, {date})", self.day.name()),
            ClosureChange::Remove => {
                format!("we removed the closure day ({}, {date})", self.day.name())
            }
            ClosureChange::Rename => format!(
                "we renamed the closure day on {date} from {} to {}",
                self.previous.as_ref().map_or("", |d| d.name()),
                self.day.name()
            ),
        }
    }

    /// The change in a sentence, for the calendar's record of changes.
    pub fn summary(&self) -> String {
        let date = long_date(self.day.date());
        match self.change {
            ClosureChange::Add => format!("Closure day added: {date}, {}", self.day.name()),
            ClosureChange::Remove => format!("Closure day removed: {date}, {}", self.day.name()),
            ClosureChange::Rename => format!(
                "Closure day on {date} renamed from {} to {}",
                self.previous.as_ref().map_or("", |d| d.name()),
                self.day.name()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form(date: &str, name: &str) -> ClosureForm {
        ClosureForm {
            date: date.to_owned(),
            name: name.to_owned(),
        }
    }

    fn problems(result: Result<ClosureChangeChecked, FormErrors>) -> Vec<(&'static str, String)> {
        result
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 2);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn with_training_day() -> Calendar {
        Calendar::england_and_wales().with_closures([ClosureDay::new(
            d(2027, 1, 4),
            "Staff training day",
        )
        .unwrap()])
    }

    #[test]
    fn a_closure_day_is_added_on_a_future_weekday_that_still_counts() {
        let calendar = Calendar::england_and_wales();
        let checked = form("24/12/2026", " Christmas Eve closure ")
            .parse(ClosureChange::Add, &calendar, today())
            .unwrap();
        assert_eq!(checked.day.name(), "Christmas Eve closure");
        assert_eq!(checked.previous, None);
        let after = checked.apply(calendar.clone());
        assert!(!after.is_working_day(d(2026, 12, 24)));
        assert_ne!(after.version(), calendar.version());
        assert_eq!(
            checked.why(),
            "we added a closure day (Christmas Eve closure, Thursday 24 December 2026)"
        );
    }

    #[test]
    fn a_closure_day_cannot_be_today_past_a_weekend_a_bank_holiday_or_too_far_ahead() {
        let calendar = with_training_day();
        let refused = |date: &str| {
            problems(form(date, "Closed").parse(ClosureChange::Add, &calendar, today()))
        };
        assert!(
            refused("2/12/2026")[0]
                .1
                .starts_with("A closure day must be after today")
        );
        assert!(
            refused("1/12/2026")[0]
                .1
                .starts_with("A closure day must be after today")
        );
        assert!(refused("5/12/2026")[0].1.contains("is a weekend day"));
        assert!(
            refused("25/12/2026")[0]
                .1
                .contains("already a bank holiday (Christmas Day)")
        );
        assert!(
            refused("4/1/2027")[0]
                .1
                .contains("already a closure day (Staff training day)")
        );
        assert!(
            refused("4/1/2032")[0]
                .1
                .contains("at most 5 years ahead, in 2031")
        );
        assert!(
            form("7/1/2031", "Closed")
                .parse(ClosureChange::Add, &calendar, today())
                .is_ok()
        );
    }

    #[test]
    fn every_problem_is_reported_at_once_in_the_forms_order() {
        let calendar = Calendar::england_and_wales();
        let found = problems(form("31/2/2027", "").parse(ClosureChange::Add, &calendar, today()));
        assert_eq!(
            found,
            vec![
                (
                    "date",
                    "Enter a real date, for example 7 12 2026".to_owned()
                ),
                (
                    "name",
                    "Enter a name for the closure day, for example Office closed for Christmas"
                        .to_owned()
                ),
            ]
        );
        let long = "x".repeat(ClosureDay::MAX_NAME_CHARS + 1);
        let found = problems(form("", &long).parse(ClosureChange::Add, &calendar, today()));
        assert_eq!(
            found[0],
            ("date", "Enter the date of the closure day".to_owned())
        );
        assert_eq!(found[1].0, "name");
    }

    #[test]
    fn only_a_closure_day_still_to_come_is_removed() {
        let calendar = with_training_day();
        let checked = form("2027-01-04", "")
            .parse(ClosureChange::Remove, &calendar, today())
            .unwrap();
        assert_eq!(checked.day.name(), "Staff training day");
        let after = checked.apply(calendar.clone());
        assert!(after.is_working_day(d(2027, 1, 4)));
        assert_eq!(after.version(), Calendar::england_and_wales().version());
        // On the day itself it has come, and stays.
        let found =
            problems(form("4/1/2027", "").parse(ClosureChange::Remove, &calendar, d(2027, 1, 4)));
        assert!(
            found[0]
                .1
                .contains("a closure day stays once it has passed")
        );
        let found = problems(form("5/1/2027", "").parse(ClosureChange::Remove, &calendar, today()));
        assert_eq!(
            found,
            vec![(
                "date",
                "There is no closure day on Tuesday 5 January 2027".to_owned()
            )]
        );
    }

    #[test]
    fn any_closure_day_is_renamed_but_only_to_a_new_name_and_moves_nothing() {
        let calendar = with_training_day();
        // Even after it has passed.
        let later = d(2027, 3, 1);
        let checked = form("4/1/2027", "Training and planning day")
            .parse(ClosureChange::Rename, &calendar, later)
            .unwrap();
        assert!(!checked.change.moves_deadlines());
        assert_eq!(
            checked.apply(calendar.clone()).version(),
            calendar.version()
        );
        assert_eq!(
            checked.summary(),
            "Closure day on Monday 4 January 2027 renamed from Staff training day to Training and planning day"
        );
        let found = problems(form("4/1/2027", "Staff training day").parse(
            ClosureChange::Rename,
            &calendar,
            later,
        ));
        assert_eq!(found[0].0, "name");
    }

    #[test]
    fn changes_are_named_in_addresses_by_their_code() {
        for change in ClosureChange::ALL {
            assert_eq!(ClosureChange::parse(change.code()), Some(change));
        }
        assert_eq!(ClosureChange::parse("delete"), None);
    }
}
