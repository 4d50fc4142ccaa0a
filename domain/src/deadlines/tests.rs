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
