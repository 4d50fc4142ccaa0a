//! The working-day calendar: Monday to Friday, less the bank holidays of England and Wales
//! and any closure days the landlord declares.
//!
//! Every deadline in the product is counted here, in the browser and on the server alike,
//! so the same date is shown before a form is sent and stored after. Bank holidays come
//! from GOV.UK's published table (built in, or imported by an admin); years the table does
//! not reach are computed by the statutory rules and flagged as *projected*, because
//! Parliament may yet add or move a day.
//!
//! Each calendar has a [`CalendarVersion`] that a stored deadline records, so that a later
//! change to the table or the closures can be traced to the deadlines it affects.

mod closures;
mod continuity;
mod govuk;
mod rules;
mod table;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A date written `YYYY-MM-DD` (the month and day may have one digit), as forms, files and
/// the database carry dates; `None` for anything else or a day that does not exist.
///
/// By hand rather than with chrono's format parser: it runs in the browser too, and the
/// parser's machinery would cost the browser's module more than the rule it applies.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some()
        || !digits(year, 4..=4)
        || !digits(month, 1..=2)
        || !digits(day, 1..=2)
    {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

pub use closures::{ClosureChange, ClosureChangeChecked, ClosureForm, MAX_YEARS_AHEAD};
pub use continuity::{
    ContinuityEffect, ContinuityError, ContinuityForm, ContinuityPeriod, LATEST_BACKDATING_DAYS,
    told_ombudsman_on,
};
pub use govuk::{GovUkDivision, GovUkEvent, GovUkFeed, ImportError, ImportedHolidays};
pub(crate) use rules::last_weekday_of_month;
pub use rules::{StatutoryHoliday, easter_sunday, statutory_holidays};

/// A bank holiday, from the published table or projected by the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: String,
    /// True when the date comes from the rules, for a year GOV.UK has not published.
    pub projected: bool,
}

/// A day the landlord's offices are shut (e.g. between Christmas and New Year), set by an
/// admin. It stops the clock exactly as a bank holiday does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "ClosureDayInput")]
pub struct ClosureDay {
    date: NaiveDate,
    name: String,
}

#[derive(Deserialize)]
struct ClosureDayInput {
    date: NaiveDate,
    name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ClosureError {
    #[error("Enter a name for the closure day, for example Office closed for Christmas")]
    MissingName,
    #[error("Keep the closure day’s name to {max} characters or fewer", max = ClosureDay::MAX_NAME_CHARS)]
    NameTooLong,
}

impl ClosureDay {
    pub const MAX_NAME_CHARS: usize = 100;

    pub fn new(date: NaiveDate, name: &str) -> Result<Self, ClosureError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ClosureError::MissingName);
        }
        if name.chars().count() > Self::MAX_NAME_CHARS {
            return Err(ClosureError::NameTooLong);
        }
        Ok(Self {
            date,
            name: name.to_owned(),
        })
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl TryFrom<ClosureDayInput> for ClosureDay {
    type Error = ClosureError;

    fn try_from(value: ClosureDayInput) -> Result<Self, Self::Error> {
        Self::new(value.date, &value.name)
    }
}

/// Why a date is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NonWorkingDay {
    Weekend(Weekday),
    BankHoliday(BankHoliday),
    Closure(ClosureDay),
    /// A weekday in a business-continuity period that stopped the complaint clock.
    ClockStopped(ContinuityPeriod),
}

/// Identifies the holidays and closures a deadline was computed with, e.g.
/// `ew-2027.1` (the built-in table to 2027, revision 1), `ew-2028.1+import:1a2b3c4d` after a
/// GOV.UK import, with `+closures:5e6f7a8b` when closure days are set. The hashes are of the
/// dates only: renaming a day does not move a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CalendarVersion(String);

impl CalendarVersion {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CalendarVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The England-and-Wales working-day calendar plus the landlord's closure days.
///
/// Counting convention (the product's, stated in the README): day 0 is excluded and the
/// Nth working day after it is the deadline. Dates before the published table (2018) use the
/// statutory rules too, without the proclaimed one-off days of those years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    published: BTreeMap<NaiveDate, Cow<'static, str>>,
    published_years: BTreeSet<i32>,
    import_fingerprint: Option<u32>,
    closures: BTreeMap<NaiveDate, ClosureDay>,
    /// Declared business-continuity periods, never overlapping, in the order given.
    continuity: Vec<ContinuityPeriod>,
}

/// Weekdays after `a` up to and including `b` (`a <= b`).
fn weekdays_after(a: NaiveDate, b: NaiveDate) -> i64 {
    let days = (b - a).num_days();
    let weeks = days / 7;
    let mut count = weeks * 5;
    let mut day = a + chrono::Days::new((weeks * 7) as u64);
    while day < b {
        let Some(next) = day.succ_opt() else {
            break;
        };
        day = next;
        if !rules::is_weekend(day) {
            count += 1;
        }
    }
    count
}

impl Default for Calendar {
    fn default() -> Self {
        Self::england_and_wales()
    }
}

impl Calendar {
    /// The built-in GOV.UK table, no closure days.
    pub fn england_and_wales() -> Self {
        Self {
            published: table::ENGLAND_AND_WALES
                .iter()
                .map(|&(date, name)| (date, Cow::Borrowed(name)))
                .collect(),
            published_years: (table::FIRST_YEAR..=table::LAST_YEAR).collect(),
            import_fingerprint: None,
            closures: BTreeMap::new(),
            continuity: Vec::new(),
        }
    }

    /// Adds closure days (a later day with the same date replaces an earlier one).
    #[must_use]
    pub fn with_closures(mut self, closures: impl IntoIterator<Item = ClosureDay>) -> Self {
        self.closures
            .extend(closures.into_iter().map(|c| (c.date, c)));
        self
    }

    /// The calendar without the closure day on `date`, if there was one.
    #[must_use]
    pub fn without_closure(mut self, date: NaiveDate) -> Self {
        self.closures.remove(&date);
        self
    }

    /// The closure day on `date`, if there is one.
    pub fn closure_on(&self, date: NaiveDate) -> Option<&ClosureDay> {
        self.closures.get(&date)
    }

    /// Whether the bank holidays from `from` to `to` are those built in (no import changed
    /// them): the browser counts with the built-in table only.
    pub fn bank_holidays_as_built_in(&self, from: NaiveDate, to: NaiveDate) -> bool {
        if self.import_fingerprint.is_none() {
            return true;
        }
        let built_in = Self::england_and_wales();
        let within = |days: Vec<BankHoliday>| -> Vec<(NaiveDate, String)> {
            days.into_iter()
                .filter(|h| h.date >= from && h.date <= to)
                .map(|h| (h.date, h.name))
                .collect()
        };
        (from.year()..=to.year()).all(|year| {
            within(self.bank_holidays_in(year)) == within(built_in.bank_holidays_in(year))
        })
    }

    /// Adds business-continuity periods. Periods are declared one at a time and refused
    /// when they overlap one already declared, so at most one covers any date; were two to
    /// overlap all the same, the earlier-starting one decides.
    #[must_use]
    pub fn with_continuity(mut self, periods: impl IntoIterator<Item = ContinuityPeriod>) -> Self {
        // Kept in the order given (storage reads them by first day): sorting here would
        // cost the browser's module a sort for a list that is almost always empty.
        self.continuity.extend(periods);
        self
    }

    /// The business-continuity periods, in the order given (by first day from storage).
    pub fn continuity(&self) -> &[ContinuityPeriod] {
        &self.continuity
    }

    /// The business-continuity period covering `date`, if any.
    pub fn continuity_on(&self, date: NaiveDate) -> Option<&ContinuityPeriod> {
        self.continuity.iter().find(|p| p.covers(date))
    }

    /// The period whose stopped clock makes `date` a non-working day.
    fn stopped_on(&self, date: NaiveDate) -> Option<&ContinuityPeriod> {
        self.continuity_on(date)
            .filter(|p| p.effect() == ContinuityEffect::ClockStopped)
    }

    /// A deadline counted to `due` moves on by this period's extra working days when the
    /// period extends the timescales and covers `due`.
    pub fn extension_for(&self, due: NaiveDate) -> Option<(&ContinuityPeriod, u32)> {
        self.continuity_on(due).and_then(|p| match p.effect() {
            ContinuityEffect::Extended { working_days } => Some((p, working_days)),
            ContinuityEffect::ClockStopped => None,
        })
    }

    /// Replaces the table for every year the import covers, and extends it to new years.
    #[must_use]
    pub fn with_imported(mut self, imported: &ImportedHolidays) -> Self {
        self.published
            .retain(|date, _| !imported.years.contains(&date.year()));
        self.published.extend(
            imported
                .days
                .iter()
                .map(|(&date, name)| (date, Cow::Owned(name.clone()))),
        );
        self.published_years.extend(imported.years.iter().copied());
        self.import_fingerprint = Some(imported.fingerprint);
        self
    }

    pub fn version(&self) -> CalendarVersion {
        let last = self
            .published_years
            .last()
            .copied()
            .unwrap_or(table::LAST_YEAR);
        let mut id = format!("ew-{last}.{}", table::REVISION);
        if let Some(hash) = self.import_fingerprint {
            id.push_str(&format!("+import:{hash:08x}"));
        }
        if !self.closures.is_empty() {
            let hash = fnv1a(self.closures.keys().map(|d| d.to_string()));
            id.push_str(&format!("+closures:{hash:08x}"));
        }
        if !self.continuity.is_empty() {
            let hash = fnv1a(self.continuity.iter().map(|p| {
                let extra = match p.effect() {
                    ContinuityEffect::ClockStopped => 0,
                    ContinuityEffect::Extended { working_days } => working_days,
                };
                format!("{}/{}/{}/{extra}", p.from(), p.to(), p.effect().code())
            }));
            id.push_str(&format!("+continuity:{hash:08x}"));
        }
        CalendarVersion(id)
    }

    /// The years whose bank holidays come from GOV.UK rather than the rules.
    pub fn published_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.published_years.iter().copied()
    }

    /// True when `date`'s year is beyond (or before) the published data, so its bank
    /// holidays are the rules' best guess.
    pub fn is_projected(&self, date: NaiveDate) -> bool {
        !self.published_years.contains(&date.year())
    }

    pub fn closures(&self) -> impl Iterator<Item = &ClosureDay> {
        self.closures.values()
    }

    /// The name of the bank holiday on `date`, borrowed: asking whether a day is one copies
    /// nothing (a deadline asks it of every day it is counted over).
    fn bank_holiday_name(&self, date: NaiveDate) -> Option<&str> {
        if self.published_years.contains(&date.year()) {
            self.published.get(&date).map(AsRef::as_ref)
        } else {
            rules::statutory_name(date)
        }
    }

    pub fn bank_holiday(&self, date: NaiveDate) -> Option<BankHoliday> {
        self.bank_holiday_name(date).map(|name| BankHoliday {
            date,
            name: name.to_owned(),
            projected: self.is_projected(date),
        })
    }

    /// Every bank holiday of a year, in date order.
    pub fn bank_holidays_in(&self, year: i32) -> Vec<BankHoliday> {
        let projected = !self.published_years.contains(&year);
        if projected {
            statutory_holidays(year)
                .into_iter()
                .flatten()
                .map(|h| BankHoliday {
                    date: h.date,
                    name: h.name.to_owned(),
                    projected,
                })
                .collect()
        } else {
            self.published
                .iter()
                .filter(|(date, _)| date.year() == year)
                .map(|(&date, name)| BankHoliday {
                    date,
                    name: name.to_string(),
                    projected,
                })
                .collect()
        }
    }

    /// Why `date` is not a working day, or `None` if it is one. A weekend closure or
    /// holiday is reported as the weekend: the weekend alone already stops the clock.
    pub fn non_working_reason(&self, date: NaiveDate) -> Option<NonWorkingDay> {
        if rules::is_weekend(date) {
            return Some(NonWorkingDay::Weekend(date.weekday()));
        }
        if let Some(holiday) = self.bank_holiday(date) {
            return Some(NonWorkingDay::BankHoliday(holiday));
        }
        if let Some(closure) = self.closures.get(&date) {
            return Some(NonWorkingDay::Closure(closure.clone()));
        }
        self.stopped_on(date)
            .map(|p| NonWorkingDay::ClockStopped(p.clone()))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !rules::is_weekend(date)
            && !self.closures.contains_key(&date)
            && self.bank_holiday_name(date).is_none()
            && self.stopped_on(date).is_none()
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        self.add_working_days(date, 1)
    }

    /// The `n`th working day after `date` (`date` itself is day 0 and is not counted, even
    /// when it is a working day). `n == 0` gives `date` back unchanged.
    ///
    /// Saturates at the last date chrono can represent rather than panicking.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `a` up to and including `b`: the number you would add to `a` to
    /// reach `b` when `b` is a working day. When `b` is before `a` the answer is the same
    /// count the other way, negated (so `between(a, b) == -between(b, a)`), which reads
    /// naturally as "overdue by".
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        // Counted, not walked: a case overdue for years is shown on every page that lists it.
        weekdays_after(a, b) - self.weekday_holidays_after(a, b)
    }

    /// How many weekdays after `a` up to and including `b` are bank holidays, closure days
    /// or days of a stopped clock (a day that is more than one counts once, as the first
    /// of those). Counted without gathering the days: the work queue asks this of every
    /// line it shows.
    fn weekday_holidays_after(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        use std::ops::Bound::{Excluded, Included};
        let weekday = |d: &NaiveDate| !rules::is_weekend(*d);
        // Bank holidays: one table a year (published, or the statutory rules), each date
        // once.
        let published = self
            .published
            .range((Excluded(a), Included(b)))
            .map(|(date, _)| date)
            .filter(|date| self.published_years.contains(&date.year()) && weekday(date))
            .count();
        let statutory: usize = (a.year()..=b.year())
            .filter(|year| !self.published_years.contains(year))
            .filter_map(statutory_holidays)
            .map(|days| {
                days.iter()
                    .filter(|h| h.date > a && h.date <= b && weekday(&h.date))
                    .count()
            })
            .sum();
        // Closure days that are not bank holidays too.
        let closed = self
            .closures
            .range((Excluded(a), Included(b)))
            .map(|(date, _)| date)
            .filter(|date| weekday(date) && self.bank_holiday_name(**date).is_none())
            .count();
        // Days of a stopped clock that are neither, counted under the period that stops
        // them (the one `stopped_on` finds), so that overlapping periods count a day once.
        let mut stopped = 0;
        for period in &self.continuity {
            if period.effect() != ContinuityEffect::ClockStopped {
                continue;
            }
            let first = period.from().max(a.succ_opt().unwrap_or(a));
            let last = period.to().min(b);
            stopped += first
                .iter_days()
                .take_while(|d| *d <= last)
                .filter(|d| {
                    weekday(d)
                        && self.bank_holiday_name(*d).is_none()
                        && !self.closures.contains_key(d)
                        && self.stopped_on(*d).is_some_and(|p| std::ptr::eq(p, period))
                })
                .count();
        }
        (published + statutory + closed + stopped) as i64
    }

    /// The bank holidays and closure days after `a` up to and including `b` — the days a
    /// deadline skipped that a reader would not assume (weekends go without saying).
    pub fn skipped_days(&self, a: NaiveDate, b: NaiveDate) -> Vec<NonWorkingDay> {
        a.iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter_map(|d| match self.non_working_reason(d) {
                Some(NonWorkingDay::Weekend(_)) | None => None,
                Some(reason) => Some(reason),
            })
            .collect()
    }
}

/// 32-bit FNV-1a over a sequence of strings: small, stable across platforms and releases
/// (unlike `std`'s hasher), which a stored version identifier needs.
pub(crate) fn fnv1a(parts: impl IntoIterator<Item = String>) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}
