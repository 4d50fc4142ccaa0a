//! The time the service runs on.
//!
//! Every "now" and "today" on the server comes from the [`Clock`] in [`AppState`]: the real
//! time in production, or a clock set going from a chosen instant (the `test_now` setting)
//! so that the tests, the demo data and the browser can be run as if it were any day of the
//! year — a bank holiday, the night the clocks go forward, 29 February, the last day of a
//! reporting year.
//!
//! [`AppState`]: crate::state::AppState

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The real time, or the real time moved by a fixed amount. A moved clock still runs at the
/// real pace, so sessions expire, messages queue in order and timestamps stay distinct.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    ahead: TimeDelta,
}

impl Clock {
    /// The real time.
    pub const fn system() -> Self {
        Self {
            ahead: TimeDelta::zero(),
        }
    }

    /// A clock that reads `at` now and runs on from there.
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self {
            ahead: at - Utc::now(),
        }
    }

    /// The clock `test_now` asks for: the real time when it is unset.
    pub fn from_setting(test_now: Option<DateTime<Utc>>) -> Self {
        test_now.map_or_else(Self::system, Self::starting_at)
    }

    /// Whether this clock is the real time.
    pub fn is_system(&self) -> bool {
        self.ahead.is_zero()
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.ahead
    }

    /// Today's date in London, where every deadline is counted.
    pub fn today(&self) -> NaiveDate {
        domain::london::to_london(self.now()).date()
    }
}

/// The running server's clock, from the request's context. Outside a request (which the
/// server never does) it is the real time.
pub fn clock() -> Clock {
    leptos::prelude::use_context::<crate::state::AppState>()
        .map(|state| state.clock)
        .unwrap_or_default()
}

/// Now, by the running server's clock.
pub fn now() -> DateTime<Utc> {
    clock().now()
}

/// Today in London, by the running server's clock.
pub fn today() -> NaiveDate {
    clock().today()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_clock_reads_its_start_and_runs_on() {
        let at = DateTime::parse_from_rfc3339("2028-02-29T23:30:00Z")
            .expect("instant")
            .to_utc();
        let clock = Clock::starting_at(at);
        let read = clock.now();
        assert!(read >= at && read - at < TimeDelta::seconds(5), "{read}");
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2028, 2, 29).expect("date")
        );
        assert!(!clock.is_system());
        assert!(Clock::from_setting(None).is_system());
    }

    #[test]
    fn today_is_counted_in_london() {
        // 23:30 UTC on 31 March 2027 is already 1 April in London (BST began on 28 March).
        let at = DateTime::parse_from_rfc3339("2027-03-31T23:30:00Z")
            .expect("instant")
            .to_utc();
        assert_eq!(
            Clock::starting_at(at).today(),
            NaiveDate::from_ymd_opt(2027, 4, 1).expect("date")
        );
    }
}
