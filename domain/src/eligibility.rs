//! Whether a matter is recent enough for the complaints procedure (SPEC section 3).
//!
//! The window is counted from the later of the date it happened and the date the customer
//! became aware of it, back from the receipt date, in calendar months: something that
//! happened exactly 12 months before receipt is still inside a 12-month window. Out of
//! window is not a refusal by itself: the form warns gently and staff may accept with
//! recorded discretion.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "window", rename_all = "snake_case")]
pub enum Eligibility {
    /// `months_ago` whole months before receipt (0 for anything under a month).
    InWindow {
        months_ago: u32,
    },
    OutOfWindow {
        months_ago: u32,
        window_months: u32,
    },
    /// No date given: nothing to judge yet.
    Unknown,
}

impl Eligibility {
    pub fn is_out_of_window(&self) -> bool {
        matches!(self, Self::OutOfWindow { .. })
    }

    /// A gentle note for the form, only when out of window.
    pub fn warning(&self) -> Option<String> {
        match self {
            Self::OutOfWindow {
                months_ago,
                window_months,
            } => Some(format!(
                "This was about {months_ago} months ago. We normally look into things from the \
                 last {window_months} months, but you can still send it: tell us why it was not \
                 raised sooner and we will consider it"
            )),
            _ => None,
        }
    }
}

/// Whole calendar months from `from` to `to` (0 if `to` is not after `from`).
pub fn whole_months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let months = if to.day() < from.day() && !is_month_end_match(from, to) {
        months - 1
    } else {
        months
    };
    u32::try_from(months).unwrap_or(0)
}

/// 31 January to 28 February is a whole month: the later month simply has no 31st.
fn is_month_end_match(from: NaiveDate, to: NaiveDate) -> bool {
    to.succ_opt().is_some_and(|next| next.month() != to.month()) && from.day() > to.day()
}

pub fn eligibility(
    occurred: Option<NaiveDate>,
    became_aware: Option<NaiveDate>,
    received: NaiveDate,
    window_months: u32,
) -> Eligibility {
    let Some(start) = occurred.into_iter().chain(became_aware).max() else {
        return Eligibility::Unknown;
    };
    let months_ago = whole_months_between(start, received);
    let earliest = received
        .checked_sub_months(Months::new(window_months))
        .unwrap_or(NaiveDate::MIN);
    if start >= earliest {
        Eligibility::InWindow { months_ago }
    } else {
        Eligibility::OutOfWindow {
            months_ago,
            window_months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_matter_exactly_twelve_months_old_is_still_in_the_window() {
        assert_eq!(
            eligibility(Some(d(2024, 6, 13)), None, d(2025, 6, 13), 12),
            Eligibility::InWindow { months_ago: 12 }
        );
        assert_eq!(
            eligibility(Some(d(2024, 6, 12)), None, d(2025, 6, 13), 12),
            Eligibility::OutOfWindow {
                months_ago: 12,
                window_months: 12
            }
        );
    }

    #[test]
    fn the_window_counts_from_when_the_customer_became_aware_if_that_is_later() {
        let old = Some(d(2023, 1, 10));
        assert!(eligibility(old, None, d(2025, 6, 13), 12).is_out_of_window());
        assert_eq!(
            eligibility(old, Some(d(2025, 2, 1)), d(2025, 6, 13), 12),
            Eligibility::InWindow { months_ago: 4 }
        );
        // An awareness date earlier than the event does not pull the start back.
        assert_eq!(
            eligibility(Some(d(2025, 5, 1)), Some(d(2020, 1, 1)), d(2025, 6, 13), 12),
            Eligibility::InWindow { months_ago: 1 }
        );
    }

    #[test]
    fn the_previous_policys_three_month_window_is_much_shorter() {
        let e = eligibility(Some(d(2025, 1, 1)), None, d(2025, 6, 13), 3);
        assert_eq!(
            e,
            Eligibility::OutOfWindow {
                months_ago: 5,
                window_months: 3
            }
        );
        let warning = e.warning().unwrap();
        assert!(warning.contains("about 5 months ago"), "{warning}");
        assert!(!warning.ends_with('.'));
    }

    #[test]
    fn no_dates_means_nothing_to_judge() {
        assert_eq!(
            eligibility(None, None, d(2025, 6, 13), 12),
            Eligibility::Unknown
        );
        assert_eq!(Eligibility::Unknown.warning(), None);
    }

    #[test]
    fn whole_months_handle_month_ends_and_short_spans() {
        assert_eq!(whole_months_between(d(2025, 1, 31), d(2025, 2, 28)), 1);
        assert_eq!(whole_months_between(d(2025, 1, 15), d(2025, 2, 14)), 0);
        assert_eq!(whole_months_between(d(2025, 1, 15), d(2025, 2, 15)), 1);
        assert_eq!(whole_months_between(d(2025, 3, 1), d(2025, 2, 1)), 0);
    }
}
