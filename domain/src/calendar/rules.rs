//! The statutory bank holidays of England and Wales, computed for any year.
//!
//! Used for the years GOV.UK has not published (and for years before its data begins), so
//! a deadline years ahead is still a sensible date. The rules cannot know about days added
//! by proclamation; those only ever come from the published table.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::table::{
    BOXING, CHRISTMAS, EARLY_MAY, EASTER_MONDAY, GOOD_FRIDAY, NEW_YEAR, SPRING, SUMMER,
};

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).
///
/// Returns `None` only for years chrono cannot represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// A bank holiday as the rules give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryHoliday {
    pub date: NaiveDate,
    pub name: &'static str,
}

/// The eight statutory bank holidays of `year`, in date order, with substitute days in place
/// of a New Year's, Christmas or Boxing Day that falls at a weekend.
///
/// There are always exactly eight, so the answer is an array and looking a date up costs
/// no allocation. `None` only for years chrono cannot represent.
pub fn statutory_holidays(year: i32) -> Option<[StatutoryHoliday; 8]> {
    let easter = easter_sunday(year)?;
    let h = |date, name| StatutoryHoliday { date, name };

    let new_year = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let new_year = match new_year.weekday() {
        Weekday::Sat | Weekday::Sun => h(next_monday(new_year)?, NEW_YEAR_SUBSTITUTE),
        _ => h(new_year, NEW_YEAR),
    };

    let (christmas, boxing) = christmas_and_boxing(year)?;

    Some([
        new_year,
        h(easter.checked_sub_days(Days::new(2))?, GOOD_FRIDAY),
        h(easter.checked_add_days(Days::new(1))?, EASTER_MONDAY),
        h(first_monday(year, 5)?, EARLY_MAY),
        h(last_monday(year, 5)?, SPRING),
        h(last_monday(year, 8)?, SUMMER),
        christmas,
        boxing,
    ])
    .map(|mut days| {
        // Christmas on a Sunday puts Boxing Day (26th) before the Christmas substitute (27th).
        days.sort_by_key(|d| d.date);
        days
    })
}

const NEW_YEAR_SUBSTITUTE: &str = "New Year’s Day (substitute day)";
const CHRISTMAS_SUBSTITUTE: &str = "Christmas Day (substitute day)";
const BOXING_SUBSTITUTE: &str = "Boxing Day (substitute day)";

/// Christmas and Boxing Day, each on the day itself if a weekday, else on the first weekday
/// after 26 December not already taken: Saturday → 27th and 28th; Sunday → Boxing Day on the
/// 26th and Christmas on the 27th; Friday → Boxing Day on the 28th.
fn christmas_and_boxing(year: i32) -> Option<(StatutoryHoliday, StatutoryHoliday)> {
    let christmas = NaiveDate::from_ymd_opt(year, 12, 25)?;
    let boxing = NaiveDate::from_ymd_opt(year, 12, 26)?;
    let mut next_free = NaiveDate::from_ymd_opt(year, 12, 27)?;
    let mut take_substitute = || -> Option<NaiveDate> {
        while is_weekend(next_free) {
            next_free = next_free.succ_opt()?;
        }
        let day = next_free;
        next_free = next_free.succ_opt()?;
        Some(day)
    };
    let christmas = if is_weekend(christmas) {
        StatutoryHoliday {
            // On a Sunday, Boxing Day keeps Monday 26th and Christmas moves after it.
            date: take_substitute()?,
            name: CHRISTMAS_SUBSTITUTE,
        }
    } else {
        StatutoryHoliday {
            date: christmas,
            name: CHRISTMAS,
        }
    };
    let boxing = if is_weekend(boxing) {
        StatutoryHoliday {
            date: take_substitute()?,
            name: BOXING_SUBSTITUTE,
        }
    } else {
        StatutoryHoliday {
            date: boxing,
            name: BOXING,
        }
    };
    Some((christmas, boxing))
}

/// Whether the rules make `date` a bank holiday; no allocation.
pub(super) fn statutory_name(date: NaiveDate) -> Option<&'static str> {
    statutory_holidays(date.year())?
        .into_iter()
        .find(|h| h.date == date)
        .map(|h| h.name)
}

pub(super) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_monday(date: NaiveDate) -> Option<NaiveDate> {
    let ahead = 7 - u64::from(date.weekday().num_days_from_monday());
    date.checked_add_days(Days::new(ahead))
}

fn first_monday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    last_weekday_of_month(year, month, Weekday::Mon)
}

/// The last `weekday` of a month: also used for the summer-time changeover (last Sundays).
pub(crate) fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    let last = NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(Days::new(u64::from(back)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_sunday_matches_known_dates_across_centuries() {
        for (year, month, day) in [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2008, 3, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(d(year, month, day)), "{year}");
        }
    }

    #[test]
    fn a_christmas_on_saturday_moves_both_days_to_monday_and_tuesday() {
        let days = statutory_holidays(2027).unwrap();
        assert_eq!(days[6].date, d(2027, 12, 27));
        assert_eq!(days[6].name, CHRISTMAS_SUBSTITUTE);
        assert_eq!(days[7].date, d(2027, 12, 28));
        assert_eq!(days[7].name, BOXING_SUBSTITUTE);
    }

    #[test]
    fn a_christmas_on_sunday_keeps_boxing_day_and_moves_christmas_to_tuesday() {
        let days = statutory_holidays(2022).unwrap();
        assert_eq!((days[6].date, days[6].name), (d(2022, 12, 26), BOXING));
        assert_eq!(
            (days[7].date, days[7].name),
            (d(2022, 12, 27), CHRISTMAS_SUBSTITUTE)
        );
    }

    #[test]
    fn a_christmas_on_friday_moves_boxing_day_to_monday() {
        let days = statutory_holidays(2026).unwrap();
        assert_eq!(days[6].date, d(2026, 12, 25));
        assert_eq!(days[7].date, d(2026, 12, 28));
    }

    #[test]
    fn a_new_year_at_a_weekend_moves_to_the_monday() {
        assert_eq!(statutory_holidays(2022).unwrap()[0].date, d(2022, 1, 3));
        assert_eq!(statutory_holidays(2023).unwrap()[0].date, d(2023, 1, 2));
    }

    #[test]
    fn the_last_sunday_of_a_month_is_found_from_its_last_day() {
        assert_eq!(
            last_weekday_of_month(2024, 3, Weekday::Sun),
            Some(d(2024, 3, 31))
        );
        assert_eq!(
            last_weekday_of_month(2024, 10, Weekday::Sun),
            Some(d(2024, 10, 27))
        );
        assert_eq!(
            last_weekday_of_month(2024, 12, Weekday::Mon),
            Some(d(2024, 12, 30))
        );
    }
}
