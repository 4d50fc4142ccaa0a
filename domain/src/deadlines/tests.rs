use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

use super::ch02::{acknowledged_on_time, responded_on_time, response_limit};
use super::*;
use crate::calendar::ClosureDay;
use crate::policy::{POLICY_2020, POLICY_2024};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn receipt_at(y: i32, m: u32, day: u32, h: u32, min: u32) -> Receipt {
    let at = Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap();
    Receipt::new(at, NaiveTime::from_hms_opt(17, 0, 0).unwrap(), &cal())
}

#[test]
fn received_friday_20_december_2024_is_acknowledged_by_tuesday_31_december() {
    let deadlines = stage_deadlines(
        &cal(),
        &POLICY_2024,
        Stage::One,
        &receipt_at(2024, 12, 20, 10, 0),
        None,
    );
    let ack = deadlines.acknowledge.unwrap();
    assert_eq!(ack.due, d(2024, 12, 31));
    assert_eq!(
        ack.explanation,
        "5 working days after Friday 20 December 2024; 25 and 26 December are bank holidays"
    );
    assert_eq!(deadlines.contact.due, d(2024, 12, 27));
    assert_eq!(deadlines.calendar_version.as_str(), "ew-2027.1");
}

#[test]
fn acknowledged_on_31_december_2024_the_response_is_due_wednesday_15_january_2025() {
    let deadlines = stage_deadlines(
        &cal(),
        &POLICY_2024,
        Stage::One,
        &receipt_at(2024, 12, 20, 10, 0),
        Some(d(2024, 12, 31)),
    );
    assert_eq!(deadlines.respond.due, d(2025, 1, 15));
    assert_eq!(deadlines.respond.counted_from, CountedFrom::Acknowledgement);
    assert_eq!(
        deadlines.respond.explanation,
        "10 working days after the acknowledgement on Tuesday 31 December 2024; \
         1 January 2025 is a bank holiday"
    );
    let limit = deadlines.extension_limit.unwrap();
    assert_eq!(limit.due, d(2025, 1, 29));
}

#[test]
fn before_acknowledgement_the_response_is_projected_from_the_acknowledgement_deadline() {
    let receipt = receipt_at(2024, 12, 20, 10, 0);
    let projected = stage_deadlines(&cal(), &POLICY_2024, Stage::One, &receipt, None);
    assert_eq!(
        projected.respond.counted_from,
        CountedFrom::AcknowledgementDeadline
    );
    assert_eq!(projected.respond.due, d(2025, 1, 15));
    // An early acknowledgement brings the response deadline forward.
    let early = stage_deadlines(
        &cal(),
        &POLICY_2024,
        Stage::One,
        &receipt,
        Some(d(2024, 12, 23)),
    );
    assert_eq!(early.respond.due, d(2025, 1, 9));
}

#[test]
fn stage_2_gives_twenty_working_days_from_the_acknowledgement_and_twenty_more_at_most() {
    let deadlines = stage_deadlines(
        &cal(),
        &POLICY_2024,
        Stage::Two,
        &receipt_at(2025, 3, 3, 9, 0),
        Some(d(2025, 3, 6)),
    );
    assert_eq!(deadlines.contact.due, d(2025, 3, 6));
    assert_eq!(deadlines.acknowledge.unwrap().due, d(2025, 3, 10));
    assert_eq!(deadlines.respond.due, d(2025, 4, 3));
    // 20 working days after 3 April 2025 skips Good Friday and Easter Monday.
    assert_eq!(deadlines.extension_limit.unwrap().due, d(2025, 5, 6));
}

#[test]
fn the_previous_policy_counts_the_response_from_receipt_and_has_no_acknowledgement() {
    let deadlines = stage_deadlines(
        &cal(),
        &POLICY_2020,
        Stage::One,
        &receipt_at(2023, 6, 5, 9, 0),
        None,
    );
    assert_eq!(deadlines.contact.due, d(2023, 6, 6));
    assert_eq!(
        deadlines.contact.explanation,
        "1 working day after Monday 5 June 2023"
    );
    assert!(deadlines.acknowledge.is_none());
    assert_eq!(deadlines.respond.due, d(2023, 6, 19));
    assert!(deadlines.extension_limit.is_none());
    let stage2 = stage_deadlines(
        &cal(),
        &POLICY_2020,
        Stage::Two,
        &receipt_at(2023, 6, 5, 9, 0),
        None,
    );
    assert_eq!(stage2.respond.due, d(2023, 6, 26));
}

#[test]
fn a_receipt_at_the_weekend_is_explained_in_the_deadline() {
    let deadlines = stage_deadlines(
        &cal(),
        &POLICY_2024,
        Stage::One,
        &receipt_at(2024, 12, 21, 10, 0),
        None,
    );
    assert_eq!(
        deadlines.acknowledge.unwrap().explanation,
        "5 working days after Monday 23 December 2024 (received on Saturday 21 December 2024, \
         not a working day); 25 and 26 December and 1 January 2025 are bank holidays"
    );
}

#[test]
fn closure_days_are_named_and_projected_holidays_flagged() {
    let cal = cal().with_closures([
        ClosureDay::new(d(2024, 12, 27), "Office closed").unwrap(),
        ClosureDay::new(d(2024, 12, 30), "Office closed").unwrap(),
    ]);
    let receipt = Receipt::on_date(d(2024, 12, 20), &cal);
    let deadlines = stage_deadlines(&cal, &POLICY_2024, Stage::One, &receipt, None);
    let ack = deadlines.acknowledge.unwrap();
    assert_eq!(ack.due, d(2025, 1, 3));
    assert_eq!(
        ack.explanation,
        "5 working days after Friday 20 December 2024; 25 and 26 December and 1 January 2025 \
         are bank holidays; 27 and 30 December are closure days"
    );
    assert!(deadlines.calendar_version.as_str().contains("+closures:"));

    let far = Receipt::on_date(d(2030, 12, 20), &Calendar::default());
    let deadlines = stage_deadlines(&Calendar::default(), &POLICY_2024, Stage::One, &far, None);
    let ack = deadlines.acknowledge.unwrap();
    assert!(ack.projected);
    assert!(
        ack.explanation
            .contains("(projected: GOV.UK has not yet published that year)")
    );
}

#[test]
fn progress_is_green_then_amber_from_day_3_of_5_then_red_once_overdue() {
    let cal = cal();
    let ack = stage_deadlines(
        &cal,
        &POLICY_2024,
        Stage::One,
        &Receipt::on_date(d(2025, 6, 2), &cal),
        None,
    )
    .acknowledge
    .unwrap();
    assert_eq!(ack.due, d(2025, 6, 9));
    let at = |day| ack.progress(&cal, d(2025, 6, day));
    assert_eq!(at(3).time_left, TimeLeft::Remaining(4));
    assert_eq!(at(4).status, Rag::Green);
    assert_eq!(at(5).status, Rag::Amber);
    assert_eq!(at(5).time_left, TimeLeft::Remaining(2));
    assert_eq!(at(9).time_left, TimeLeft::Remaining(0));
    assert_eq!(at(9).status, Rag::Amber);
    assert_eq!(at(10).time_left, TimeLeft::Overdue(1));
    assert_eq!(at(10).status, Rag::Red);
    assert!(at(10).is_overdue());
    assert!(ack.met_by(d(2025, 6, 9)));
    assert!(!ack.met_by(d(2025, 6, 10)));
}

#[test]
fn a_ten_day_deadline_turns_amber_on_day_8() {
    assert_eq!(amber_threshold(10), 2);
    assert_eq!(amber_threshold(5), 2);
    assert_eq!(amber_threshold(3), 1);
    assert_eq!(amber_threshold(1), 0);
}

#[test]
fn ch02_on_time_uses_the_acknowledgement_or_day_0_plus_5_and_clamps_extensions() {
    let cal = cal();
    let day0 = d(2024, 12, 20);
    let limit = response_limit(&cal, Stage::One, day0, None, None);
    assert_eq!(limit.base, d(2024, 12, 31));
    assert_eq!(limit.due, d(2025, 1, 15));
    assert_eq!(limit.cap, d(2025, 1, 29));
    assert_eq!(limit.limit, limit.due);
    // An extension beyond the cap counts only up to the cap; one before due counts as due.
    let far = response_limit(&cal, Stage::One, day0, None, Some(d(2025, 3, 1)));
    assert_eq!(far.limit, d(2025, 1, 29));
    let short = response_limit(&cal, Stage::One, day0, None, Some(d(2025, 1, 2)));
    assert_eq!(short.limit, d(2025, 1, 15));
    assert!(responded_on_time(
        &cal,
        Stage::One,
        day0,
        None,
        Some(d(2025, 1, 22)),
        d(2025, 1, 22)
    ));
    assert!(!responded_on_time(
        &cal,
        Stage::One,
        day0,
        None,
        Some(d(2025, 1, 22)),
        d(2025, 1, 23)
    ));
    assert!(!responded_on_time(
        &cal,
        Stage::One,
        day0,
        None,
        None,
        d(2025, 1, 16)
    ));
    assert!(acknowledged_on_time(
        &cal,
        Stage::One,
        day0,
        d(2024, 12, 31)
    ));
    assert!(!acknowledged_on_time(&cal, Stage::One, day0, d(2025, 1, 2)));
}

#[test]
fn ch02_stage_2_allows_twenty_days_and_twenty_more() {
    let cal = cal();
    let limit = response_limit(&cal, Stage::Two, d(2025, 3, 3), Some(d(2025, 3, 6)), None);
    assert_eq!(limit.due, d(2025, 4, 3));
    assert_eq!(limit.cap, d(2025, 5, 6));
}

mod business_continuity {
    use super::*;
    use crate::calendar::{ContinuityEffect, ContinuityError, ContinuityPeriod};

    fn period(from: NaiveDate, to: NaiveDate, effect: ContinuityEffect) -> ContinuityPeriod {
        ContinuityPeriod::new(
            from,
            to,
            "Cyber attack on our housing system",
            "Executive team",
            effect,
        )
        .unwrap()
    }

    fn ack_due(calendar: &Calendar) -> Deadline {
        stage_deadlines(
            calendar,
            &POLICY_2024,
            Stage::One,
            &receipt_at(2026, 12, 2, 10, 0),
            None,
        )
        .acknowledge
        .unwrap()
    }

    #[test]
    fn a_stopped_clock_moves_a_deadline_on_by_the_weekdays_it_covered_and_says_why() {
        assert_eq!(ack_due(&cal()).due, d(2026, 12, 9));
        let stopped = cal().with_continuity([period(
            d(2026, 12, 7),
            d(2026, 12, 11),
            ContinuityEffect::ClockStopped,
        )]);
        let ack = ack_due(&stopped);
        assert_eq!(ack.due, d(2026, 12, 16));
        assert_eq!(
            ack.explanation,
            "5 working days after Wednesday 2 December 2026; the clock was stopped from \
             Monday 7 December 2026 to Friday 11 December 2026 (business continuity: Cyber \
             attack on our housing system)"
        );
        assert!(!stopped.is_working_day(d(2026, 12, 8)));
        assert!(matches!(
            stopped.non_working_reason(d(2026, 12, 8)),
            Some(NonWorkingDay::ClockStopped(_))
        ));
        // Counting and measuring agree across the period.
        let from = d(2026, 11, 20);
        for n in 0..40 {
            let due = stopped.add_working_days(from, n);
            assert_eq!(stopped.working_days_between(from, due), i64::from(n));
        }
    }

    #[test]
    fn an_extension_moves_only_the_deadlines_that_fall_in_the_period() {
        let extended = cal().with_continuity([period(
            d(2026, 12, 7),
            d(2026, 12, 18),
            ContinuityEffect::Extended { working_days: 5 },
        )]);
        let ack = ack_due(&extended);
        assert_eq!(ack.due, d(2026, 12, 16));
        assert!(ack.explanation.ends_with(
            "; Wednesday 9 December 2026 fell in the business-continuity period from Monday 7 \
             December 2026 to Friday 18 December 2026 (Cyber attack on our housing system), so \
             it moved on by 5 working days"
        ));
        // The response, counted from the moved acknowledgement deadline, falls after the
        // period and is not moved again.
        let all = stage_deadlines(
            &extended,
            &POLICY_2024,
            Stage::One,
            &receipt_at(2026, 12, 2, 10, 0),
            None,
        );
        assert_eq!(all.respond.due, d(2027, 1, 4));
        assert!(!all.respond.explanation.contains("business-continuity"));
        // A period after the deadline leaves it alone; the days themselves still count.
        let later = cal().with_continuity([period(
            d(2026, 12, 14),
            d(2026, 12, 18),
            ContinuityEffect::Extended { working_days: 5 },
        )]);
        assert_eq!(ack_due(&later).due, d(2026, 12, 9));
        assert!(later.is_working_day(d(2026, 12, 14)));
    }

    #[test]
    fn a_declared_period_moves_the_calendar_version_and_ending_it_early_moves_it_again() {
        let p = period(
            d(2026, 12, 7),
            d(2026, 12, 18),
            ContinuityEffect::ClockStopped,
        );
        let before = cal().version();
        let with = cal().with_continuity([p.clone()]).version();
        assert_ne!(before, with);
        assert!(with.as_str().contains("+continuity:"));
        let ended = p.ended_on(d(2026, 12, 10)).unwrap();
        assert_ne!(cal().with_continuity([ended.clone()]).version(), with);
        assert_eq!(ended.to(), d(2026, 12, 10));
        assert_eq!(
            p.ended_on(d(2026, 12, 19)),
            Err(ContinuityError::EndOutsidePeriod)
        );
    }

    #[test]
    fn a_period_is_refused_with_the_field_to_correct() {
        let new = |from, to, reason: &str, by: &str, effect| {
            ContinuityPeriod::new(from, to, reason, by, effect).map_err(|e| e.field())
        };
        let stop = ContinuityEffect::ClockStopped;
        assert_eq!(
            new(d(2026, 12, 7), d(2026, 12, 6), "x", "y", stop),
            Err("to")
        );
        // 1 January to 2 April 2026 is 92 days, counting both.
        assert_eq!(new(d(2026, 1, 1), d(2026, 4, 3), "x", "y", stop), Err("to"));
        assert!(new(d(2026, 1, 1), d(2026, 4, 2), "x", "y", stop).is_ok());
        assert_eq!(
            new(d(2026, 12, 7), d(2026, 12, 7), " \n ", "y", stop),
            Err("reason")
        );
        assert_eq!(
            new(d(2026, 12, 7), d(2026, 12, 7), "x", "", stop),
            Err("approved_by")
        );
        assert_eq!(
            new(
                d(2026, 12, 7),
                d(2026, 12, 7),
                "x",
                "y",
                ContinuityEffect::Extended { working_days: 21 }
            ),
            Err("extra_days")
        );
        assert_eq!(
            ContinuityPeriod::effect_from_form("", "").map_err(ContinuityError::field),
            Err("effect")
        );
        assert_eq!(
            ContinuityPeriod::effect_from_form("extended", "0").map_err(ContinuityError::field),
            Err("extra_days")
        );
        assert_eq!(
            ContinuityPeriod::effect_from_form("extended", " 10 "),
            Ok(ContinuityEffect::Extended { working_days: 10 })
        );
        let first = period(d(2026, 12, 7), d(2026, 12, 18), stop);
        let touching = period(d(2026, 12, 18), d(2026, 12, 24), stop);
        let after = period(d(2026, 12, 19), d(2026, 12, 24), stop);
        assert_eq!(
            touching.check_against([&first]),
            Err(ContinuityError::Overlaps)
        );
        assert_eq!(after.check_against([&first]), Ok(()));
    }

    #[test]
    fn a_stored_period_reads_back_and_a_tampered_one_is_refused() {
        let p = period(
            d(2026, 12, 7),
            d(2026, 12, 18),
            ContinuityEffect::Extended { working_days: 3 },
        );
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<ContinuityPeriod>(&json).unwrap(), p);
        let tampered = json.replace("\"working_days\":3", "\"working_days\":300");
        assert_ne!(tampered, json);
        assert!(serde_json::from_str::<ContinuityPeriod>(&tampered).is_err());
    }
}
