//! When something counts as received: the receipt convention of SPEC section 4.
//!
//! The Code does not say how to count, so the product's convention is: take the
//! Europe/London date and time of the timestamp; if that is after the policy's cut-off
//! (17:00), or on a weekend, bank holiday or closure day, the next working day is day 0;
//! otherwise the London date itself is day 0. Exactly 17:00:00 is not after the cut-off.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, NonWorkingDay};
use crate::london;

/// Why day 0 is not the London date of the timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Day0Moved {
    AfterCutOff { cut_off: NaiveTime },
    NotAWorkingDay(NonWorkingDay),
}

/// A timestamp placed on the working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub at: DateTime<Utc>,
    /// London wall-clock time of `at`.
    pub london: NaiveDateTime,
    /// The date deadlines count from (never itself counted).
    pub day0: NaiveDate,
    pub moved: Option<Day0Moved>,
}

impl Receipt {
    pub fn new(at: DateTime<Utc>, cut_off: NaiveTime, calendar: &Calendar) -> Self {
        let london = london::to_london(at);
        let date = london.date();
        let moved = if let Some(reason) = calendar.non_working_reason(date) {
            Some(Day0Moved::NotAWorkingDay(reason))
        } else if london.time() > cut_off {
            Some(Day0Moved::AfterCutOff { cut_off })
        } else {
            None
        };
        let day0 = if moved.is_some() {
            calendar.next_working_day(date)
        } else {
            date
        };
        Self {
            at,
            london,
            day0,
            moved,
        }
    }

    /// A receipt known only by its date (imported history, a letter date-stamped on arrival):
    /// treated as arriving within working hours on that date.
    pub fn on_date(date: NaiveDate, calendar: &Calendar) -> Self {
        let london = date.and_time(NaiveTime::MIN);
        let moved = calendar
            .non_working_reason(date)
            .map(Day0Moved::NotAWorkingDay);
        let day0 = if moved.is_some() {
            calendar.next_working_day(date)
        } else {
            date
        };
        Self {
            at: london.and_utc() - london::offset(london.and_utc()),
            london,
            day0,
            moved,
        }
    }

    /// A few words on why day 0 is not the day it arrived, for deadline explanations;
    /// `None` when it is.
    pub fn note(&self) -> Option<String> {
        let arrived = crate::deadlines::long_date(self.london.date());
        self.moved.as_ref().map(|moved| match moved {
            Day0Moved::AfterCutOff { cut_off } => {
                format!(
                    "received after {:02}:{:02} on {arrived}",
                    cut_off.hour(),
                    cut_off.minute()
                )
            }
            Day0Moved::NotAWorkingDay(_) => {
                format!("received on {arrived}, not a working day")
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn receipt(y: i32, m: u32, day: u32, h: u32, min: u32) -> Receipt {
        let at = Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap();
        Receipt::new(
            at,
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            &Calendar::default(),
        )
    }

    #[test]
    fn a_complaint_sent_at_half_past_eleven_utc_on_12_june_2025_was_received_on_friday_13_june() {
        let r = receipt(2025, 6, 12, 23, 30);
        assert_eq!(r.london.date(), d(2025, 6, 13));
        assert_eq!(r.day0, d(2025, 6, 13));
        assert_eq!(r.moved, None);
    }

    #[test]
    fn a_receipt_in_working_hours_is_day_0_itself() {
        assert_eq!(receipt(2024, 12, 20, 10, 0).day0, d(2024, 12, 20));
    }

    #[test]
    fn a_receipt_after_five_london_time_counts_from_the_next_working_day() {
        // 16:30 UTC in June is 17:30 in London.
        let r = receipt(2025, 6, 12, 16, 30);
        assert_eq!(r.day0, d(2025, 6, 13));
        assert!(matches!(r.moved, Some(Day0Moved::AfterCutOff { .. })));
        // In winter London is UTC: 16:30 UTC is before the cut-off.
        assert_eq!(receipt(2024, 12, 20, 16, 30).day0, d(2024, 12, 20));
        // Friday evening counts from Monday.
        assert_eq!(receipt(2024, 12, 20, 17, 1).day0, d(2024, 12, 23));
    }

    #[test]
    fn a_receipt_at_exactly_five_is_not_after_the_cut_off() {
        assert_eq!(receipt(2024, 12, 20, 17, 0).day0, d(2024, 12, 20));
    }

    #[test]
    fn a_receipt_at_a_weekend_or_on_a_bank_holiday_counts_from_the_next_working_day() {
        assert_eq!(receipt(2024, 12, 21, 10, 0).day0, d(2024, 12, 23));
        assert_eq!(receipt(2024, 12, 25, 10, 0).day0, d(2024, 12, 27));
        let r = receipt(2024, 12, 24, 18, 0);
        assert_eq!(r.day0, d(2024, 12, 27));
        assert_eq!(
            r.note().unwrap(),
            "received after 17:00 on Tuesday 24 December 2024"
        );
    }

    #[test]
    fn a_receipt_known_only_by_its_date_is_treated_as_arriving_in_working_hours() {
        let cal = Calendar::default();
        assert_eq!(Receipt::on_date(d(2025, 6, 13), &cal).day0, d(2025, 6, 13));
        let sunday = Receipt::on_date(d(2025, 6, 15), &cal);
        assert_eq!(sunday.day0, d(2025, 6, 16));
        assert_eq!(london::to_london(sunday.at).date(), d(2025, 6, 15));
    }
}
