//! Europe/London local time, by hand.
//!
//! Deadlines are counted in London dates, and the browser must agree with the server, so
//! the conversion lives here. A time-zone database (chrono-tz) would add hundreds of
//! kilobytes to the browser bundle for one zone whose rule has been stable for decades:
//! British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
//! last Sunday of October (the EU-harmonised rule in force since 1996). Dates before 1996
//! are converted with the same rule; they only matter for very old imported cases, and a
//! test proves agreement with the tz database for every hour from 1996 to 2040.

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta, Utc, Weekday};

use crate::calendar::last_weekday_of_month;

/// The changeover instant, 01:00 UTC on the last Sunday of `month`.
fn changeover(year: i32, month: u32) -> Option<NaiveDateTime> {
    let sunday = last_weekday_of_month(year, month, Weekday::Sun)?;
    Some(sunday.and_time(NaiveTime::from_hms_opt(1, 0, 0)?))
}

/// Whether British Summer Time is in force at this UTC instant.
pub fn is_summer_time(utc: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    let naive = utc.naive_utc();
    let year = naive.year();
    match (changeover(year, 3), changeover(year, 10)) {
        (Some(start), Some(end)) => start <= naive && naive < end,
        // Only at the far edges of chrono's range; GMT is the safe answer there.
        _ => false,
    }
}

/// London's offset from UTC at this instant: zero in winter, one hour in summer.
pub fn offset(utc: DateTime<Utc>) -> TimeDelta {
    if is_summer_time(utc) {
        TimeDelta::hours(1)
    } else {
        TimeDelta::zero()
    }
}

/// The wall-clock date and time in London at this instant.
pub fn to_london(utc: DateTime<Utc>) -> NaiveDateTime {
    let naive = utc.naive_utc();
    naive.checked_add_signed(offset(utc)).unwrap_or(naive)
}

/// The instant a London wall-clock time names. In the hour the clocks go back, which
/// happens twice, the earlier (summer-time) instant; in the hour they go forward, which
/// never happens, the instant an hour later on the clock.
pub fn from_london(local: NaiveDateTime) -> DateTime<Utc> {
    // Try summer time first (the earlier instant), then Greenwich time.
    let summer = (local - TimeDelta::hours(1)).and_utc();
    if to_london(summer) == local {
        return summer;
    }
    let winter = local.and_utc();
    if to_london(winter) == local {
        return winter;
    }
    // A time skipped when the clocks went forward.
    (local - TimeDelta::hours(1)).and_utc() + TimeDelta::hours(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn late_evening_utc_in_june_is_the_next_day_in_london() {
        let london = to_london(utc(2025, 6, 12, 23, 30));
        assert_eq!(london.date(), NaiveDate::from_ymd_opt(2025, 6, 13).unwrap());
        assert_eq!(london.time(), NaiveTime::from_hms_opt(0, 30, 0).unwrap());
    }

    #[test]
    fn late_evening_utc_in_december_is_the_same_day_in_london() {
        let london = to_london(utc(2024, 12, 20, 23, 30));
        assert_eq!(
            london.date(),
            NaiveDate::from_ymd_opt(2024, 12, 20).unwrap()
        );
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_in_the_morning_utc() {
        // 2025: last Sunday of March is the 30th, of October the 26th.
        assert!(!is_summer_time(utc(2025, 3, 30, 0, 59)));
        assert!(is_summer_time(utc(2025, 3, 30, 1, 0)));
        assert!(is_summer_time(utc(2025, 10, 26, 0, 59)));
        assert!(!is_summer_time(utc(2025, 10, 26, 1, 0)));
    }

    #[test]
    fn the_hand_written_rule_agrees_with_the_tz_database_every_hour_from_1996_to_2040() {
        use chrono::Offset;
        let tz = chrono_tz::Europe::London;
        let mut at = utc(1996, 1, 1, 0, 0);
        let end = utc(2041, 1, 1, 0, 0);
        while at < end {
            let expected = tz
                .offset_from_utc_datetime(&at.naive_utc())
                .fix()
                .local_minus_utc();
            assert_eq!(
                offset(at).num_seconds(),
                i64::from(expected),
                "offset at {at}"
            );
            at += TimeDelta::hours(1);
        }
    }
}

#[cfg(test)]
mod from_london_tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, TimeZone};

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn london_times_turn_back_into_the_instants_they_name() {
        // Summer: an hour ahead of UTC; winter: UTC.
        assert_eq!(
            from_london(local(2025, 6, 13, 0, 30)),
            Utc.with_ymd_and_hms(2025, 6, 12, 23, 30, 0).unwrap()
        );
        assert_eq!(
            from_london(local(2025, 12, 1, 9, 15)),
            Utc.with_ymd_and_hms(2025, 12, 1, 9, 15, 0).unwrap()
        );
        // Every minute of a year comes back to itself.
        let mut at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        while at.year() == 2025 {
            let london = to_london(at);
            assert_eq!(to_london(from_london(london)), london, "{at}");
            at += TimeDelta::minutes(37);
        }
    }
}
