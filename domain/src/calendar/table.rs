//! The bank holidays of England and Wales as GOV.UK published them.
//!
//! GOV.UK's data starts in 2018; the rules in [`super::rules`] are right for ordinary years,
//! but not for the days the government moved or added by proclamation, which only a table
//! can hold. When GOV.UK publishes a new year, add it here (and bump [`REVISION`] if an
//! already-published year changes) or import the JSON at run time.

use chrono::NaiveDate;

/// The first year GOV.UK's data covers.
pub(super) const FIRST_YEAR: i32 = 2018;
/// The last year in the table; later years are projected by the rules.
pub(super) const LAST_YEAR: i32 = 2027;
/// Bumped whenever the built-in table changes for a year it already covered, so that a
/// deadline stored with an older calendar version can be told apart.
pub(super) const REVISION: u32 = 1;

/// A date known at compile time; an impossible date fails the build, not a request.
const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("impossible date in the bank-holiday table"),
    }
}

pub(super) const NEW_YEAR: &str = "New Year’s Day";
pub(super) const GOOD_FRIDAY: &str = "Good Friday";
pub(super) const EASTER_MONDAY: &str = "Easter Monday";
pub(super) const EARLY_MAY: &str = "Early May bank holiday";
pub(super) const SPRING: &str = "Spring bank holiday";
pub(super) const SUMMER: &str = "Summer bank holiday";
pub(super) const CHRISTMAS: &str = "Christmas Day";
pub(super) const BOXING: &str = "Boxing Day";

/// Every England-and-Wales bank holiday from 2018 to 2027, substitute days included.
pub(super) const ENGLAND_AND_WALES: &[(NaiveDate, &str)] = &[
    (date(2018, 1, 1), NEW_YEAR),
    (date(2018, 3, 30), GOOD_FRIDAY),
    (date(2018, 4, 2), EASTER_MONDAY),
    (date(2018, 5, 7), EARLY_MAY),
    (date(2018, 5, 28), SPRING),
    (date(2018, 8, 27), SUMMER),
    (date(2018, 12, 25), CHRISTMAS),
    (date(2018, 12, 26), BOXING),
    (date(2019, 1, 1), NEW_YEAR),
    (date(2019, 4, 19), GOOD_FRIDAY),
    (date(2019, 4, 22), EASTER_MONDAY),
    (date(2019, 5, 6), EARLY_MAY),
    (date(2019, 5, 27), SPRING),
    (date(2019, 8, 26), SUMMER),
    (date(2019, 12, 25), CHRISTMAS),
    (date(2019, 12, 26), BOXING),
    (date(2020, 1, 1), NEW_YEAR),
    (date(2020, 4, 10), GOOD_FRIDAY),
    (date(2020, 4, 13), EASTER_MONDAY),
    (date(2020, 5, 8), "Early May bank holiday (VE day)"),
    (date(2020, 5, 25), SPRING),
    (date(2020, 8, 31), SUMMER),
    (date(2020, 12, 25), CHRISTMAS),
    (date(2020, 12, 28), "Boxing Day (substitute day)"),
    (date(2021, 1, 1), NEW_YEAR),
    (date(2021, 4, 2), GOOD_FRIDAY),
    (date(2021, 4, 5), EASTER_MONDAY),
    (date(2021, 5, 3), EARLY_MAY),
    (date(2021, 5, 31), SPRING),
    (date(2021, 8, 30), SUMMER),
    (date(2021, 12, 27), "Christmas Day (substitute day)"),
    (date(2021, 12, 28), "Boxing Day (substitute day)"),
    (date(2022, 1, 3), "New Year’s Day (substitute day)"),
    (date(2022, 4, 15), GOOD_FRIDAY),
    (date(2022, 4, 18), EASTER_MONDAY),
    (date(2022, 5, 2), EARLY_MAY),
    (date(2022, 6, 2), SPRING),
    (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
    (date(2022, 8, 29), SUMMER),
    (
        date(2022, 9, 19),
        "Bank Holiday for the State Funeral of Queen Elizabeth II",
    ),
    (date(2022, 12, 26), BOXING),
    (date(2022, 12, 27), "Christmas Day (substitute day)"),
    (date(2023, 1, 2), "New Year’s Day (substitute day)"),
    (date(2023, 4, 7), GOOD_FRIDAY),
    (date(2023, 4, 10), EASTER_MONDAY),
    (date(2023, 5, 1), EARLY_MAY),
    (
        date(2023, 5, 8),
        "Bank holiday for the coronation of King Charles III",
    ),
    (date(2023, 5, 29), SPRING),
    (date(2023, 8, 28), SUMMER),
    (date(2023, 12, 25), CHRISTMAS),
    (date(2023, 12, 26), BOXING),
    (date(2024, 1, 1), NEW_YEAR),
    (date(2024, 3, 29), GOOD_FRIDAY),
    (date(2024, 4, 1), EASTER_MONDAY),
    (date(2024, 5, 6), EARLY_MAY),
    (date(2024, 5, 27), SPRING),
    (date(2024, 8, 26), SUMMER),
    (date(2024, 12, 25), CHRISTMAS),
    (date(2024, 12, 26), BOXING),
    (date(2025, 1, 1), NEW_YEAR),
    (date(2025, 4, 18), GOOD_FRIDAY),
    (date(2025, 4, 21), EASTER_MONDAY),
    (date(2025, 5, 5), EARLY_MAY),
    (date(2025, 5, 26), SPRING),
    (date(2025, 8, 25), SUMMER),
    (date(2025, 12, 25), CHRISTMAS),
    (date(2025, 12, 26), BOXING),
    (date(2026, 1, 1), NEW_YEAR),
    (date(2026, 4, 3), GOOD_FRIDAY),
    (date(2026, 4, 6), EASTER_MONDAY),
    (date(2026, 5, 4), EARLY_MAY),
    (date(2026, 5, 25), SPRING),
    (date(2026, 8, 31), SUMMER),
    (date(2026, 12, 25), CHRISTMAS),
    (date(2026, 12, 28), "Boxing Day (substitute day)"),
    (date(2027, 1, 1), NEW_YEAR),
    (date(2027, 3, 26), GOOD_FRIDAY),
    (date(2027, 3, 29), EASTER_MONDAY),
    (date(2027, 5, 3), EARLY_MAY),
    (date(2027, 5, 31), SPRING),
    (date(2027, 8, 30), SUMMER),
    (date(2027, 12, 27), "Christmas Day (substitute day)"),
    (date(2027, 12, 28), "Boxing Day (substitute day)"),
];

/// Where the table departs from the statutory rules on purpose: days added or moved by
/// royal proclamation. Each entry is the day the table has and the rule day it replaced
/// (`None` for a day added on top of the usual eight). Only the tests read it: it is the
/// documented list of what the table-versus-rules test forgives.
#[cfg(test)]
pub(super) const DEPARTURES: &[(NaiveDate, Option<NaiveDate>)] = &[
    // 75th anniversary of VE day: the early May bank holiday moved from Monday 4 May.
    (date(2020, 5, 8), Some(date(2020, 5, 4))),
    // Platinum Jubilee: the spring bank holiday moved from Monday 30 May, and a day added.
    (date(2022, 6, 2), Some(date(2022, 5, 30))),
    (date(2022, 6, 3), None),
    // State funeral of Queen Elizabeth II.
    (date(2022, 9, 19), None),
    // Coronation of King Charles III.
    (date(2023, 5, 8), None),
];
