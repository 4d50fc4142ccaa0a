//! Plain-English reasons for a deadline, e.g. "5 working days after Friday 20 December
//! 2024; 25 and 26 December are bank holidays".
//!
//! Weekends go without saying; bank holidays and closure days are named because they are
//! what makes a date surprising.

use chrono::{Datelike, NaiveDate};

use crate::calendar::NonWorkingDay;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// "December". Written by hand rather than with chrono's `format`, whose pattern machinery
/// would add tens of kilobytes to the browser bundle.
pub fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or_default()
}

/// A date as "20 December 2024", written straight into whatever formats it.
struct DayMonthYear(NaiveDate);

impl std::fmt::Display for DayMonthYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let date = self.0;
        write!(
            f,
            "{} {} {}",
            date.day(),
            month_name(date.month()),
            date.year()
        )
    }
}

/// "20 December 2024".
pub fn day_month_year(date: NaiveDate) -> String {
    DayMonthYear(date).to_string()
}

/// "Friday 20 December 2024", the GOV.UK way of writing a date. One string, not one
/// around another: the work queue writes a few hundred of these a page.
pub fn long_date(date: NaiveDate) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    format!("{weekday} {}", DayMonthYear(date))
}

/// An instant as London reads it: "Saturday 5 December 2026 at 10:15".
pub fn long_date_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let london = crate::london::to_london(at);
    format!("{} at {}", long_date(london.date()), london.format("%H:%M"))
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "25 and 26 December and 1 January 2025": days grouped by month, the year written only
/// when it differs from the base date's.
fn list_days(days: &[NaiveDate], base_year: i32) -> String {
    let mut groups: Vec<((i32, u32), Vec<u32>)> = Vec::new();
    for day in days {
        let key = (day.year(), day.month());
        match groups.last_mut() {
            Some((k, list)) if *k == key => list.push(day.day()),
            _ => groups.push((key, vec![day.day()])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|((year, month), list)| {
            let numbers: Vec<String> = list.iter().map(u32::to_string).collect();
            let month_name = month_name(*month);
            if *year == base_year {
                format!("{} {month_name}", join(&numbers))
            } else {
                format!("{} {month_name} {year}", join(&numbers))
            }
        })
        .collect();
    join(&parts)
}

fn clause(days: &[NaiveDate], base_year: i32, one: &str, many: &str) -> Option<String> {
    match days.len() {
        0 => None,
        1 => Some(format!("{} is {one}", list_days(days, base_year))),
        _ => Some(format!("{} are {many}", list_days(days, base_year))),
    }
}

/// The explanation of a deadline counted `n` working days after `from`, described by
/// `from_words` (e.g. "Friday 20 December 2024" or "the acknowledgement on …").
pub(super) fn explain(
    n: u32,
    from: NaiveDate,
    from_words: &str,
    note: Option<&str>,
    skipped: &[NonWorkingDay],
) -> String {
    let unit = if n == 1 {
        "working day"
    } else {
        "working days"
    };
    let mut text = format!("{n} {unit} after {from_words}");
    if let Some(note) = note {
        text.push_str(&format!(" ({note})"));
    }
    let mut holidays = Vec::new();
    let mut projected = false;
    let mut closures = Vec::new();
    let mut stopped: Vec<&crate::calendar::ContinuityPeriod> = Vec::new();
    for day in skipped {
        match day {
            NonWorkingDay::BankHoliday(h) => {
                holidays.push(h.date);
                projected |= h.projected;
            }
            NonWorkingDay::Closure(c) => closures.push(c.date()),
            NonWorkingDay::ClockStopped(p) => {
                if !stopped.contains(&p) {
                    stopped.push(p);
                }
            }
            NonWorkingDay::Weekend(_) => {}
        }
    }
    if let Some(mut words) = clause(&holidays, from.year(), "a bank holiday", "bank holidays") {
        if projected {
            words.push_str(" (projected: GOV.UK has not yet published that year)");
        }
        text.push_str("; ");
        text.push_str(&words);
    }
    if let Some(words) = clause(&closures, from.year(), "a closure day", "closure days") {
        text.push_str("; ");
        text.push_str(&words);
    }
    for period in stopped {
        text.push_str(&format!(
            "; the clock was stopped {} (business continuity: {})",
            period.dates_in_words(),
            period.reason()
        ));
    }
    text
}

/// What a deadline moved by a business-continuity period's extension adds to its
/// explanation: counted to `counted`, then `extra` working days more.
pub(super) fn extension_clause(
    period: &crate::calendar::ContinuityPeriod,
    counted: NaiveDate,
    extra: u32,
) -> String {
    format!(
        "; {} fell in the business-continuity period {} ({}), so it moved on by {extra} working day{}",
        long_date(counted),
        period.dates_in_words(),
        period.reason(),
        if extra == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_long_date_has_the_weekday_and_no_leading_zero() {
        assert_eq!(long_date(d(2025, 1, 1)), "Wednesday 1 January 2025");
    }

    #[test]
    fn days_are_grouped_by_month_and_the_year_shown_only_when_it_changes() {
        assert_eq!(list_days(&[d(2024, 12, 25)], 2024), "25 December");
        assert_eq!(
            list_days(&[d(2024, 12, 25), d(2024, 12, 26), d(2025, 1, 1)], 2024),
            "25 and 26 December and 1 January 2025"
        );
        assert_eq!(
            list_days(&[d(2022, 6, 2), d(2022, 6, 3), d(2022, 6, 6)], 2022),
            "2, 3 and 6 June"
        );
    }
}

#[cfg(test)]
mod date_words_tests {
    use super::*;

    #[test]
    fn dates_are_written_out_as_chrono_would_write_them() {
        let mut d = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
        while d.year() < 2026 {
            assert_eq!(long_date(d), d.format("%A %-d %B %Y").to_string());
            d = d.succ_opt().expect("next day");
        }
    }
}
