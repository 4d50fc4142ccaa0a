use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

use super::*;
use crate::calendar::Calendar;
use crate::eligibility::Eligibility;
use crate::lifecycle::{
    Actor, Complaint, Event, Outcome, PointFinding, RecordedReason, Remedy, StageResponse, UserId,
};
use crate::money::Money;
use crate::receipt::Receipt;
use crate::role::Role;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).unwrap()
}

/// A Stage 1 complaint answered with a finding, an action, a payment for something and a
/// remedy that could not be delivered, every piece of text saying "Secret".
fn answered_complaint() -> Case {
    let calendar = Calendar::england_and_wales();
    let manager = Actor::new("manager-1", Role::Manager);
    let at = Utc.with_ymd_and_hms(2019, 3, 4, 10, 0, 0).unwrap();
    let receipt = Receipt::new(at, NaiveTime::from_hms_opt(17, 0, 0).unwrap(), &calendar);
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt);
    c.accept(
        &manager,
        d(2019, 3, 4),
        Eligibility::InWindow { months_ago: 1 },
        Some(reason("Secret discretion about Mrs Patel")),
    )
    .unwrap();
    c.acknowledge(&manager, d(2019, 3, 5)).unwrap();
    c.define("Secret definition: the damp in Flat 4");
    c.extend(
        &calendar,
        &manager,
        d(2019, 3, 8),
        d(2019, 3, 22),
        reason("Secret reason: Mrs Patel is in hospital"),
        None,
    )
    .unwrap();
    let response = StageResponse::new(
        Outcome::PartlyUpheld,
        vec![PointFinding {
            point: "Secret point about Flat 4".into(),
            finding: "Secret finding about Mrs Patel".into(),
            outcome: Outcome::PartlyUpheld,
        }],
        vec![
            Remedy::Apology,
            Remedy::Action {
                description: "Secret action at Flat 4".into(),
                due: d(2019, 4, 1),
                owner: UserId::new("manager-1"),
            },
            Remedy::Compensation {
                amount: Money::from_pence(12_500).unwrap(),
                for_what: Some("Secret: Mrs Patel's ruined carpet".into()),
            },
        ],
        Some("Secret learning from Flat 4".into()),
    )
    .unwrap()
    .defining("Secret definition: the damp in Flat 4")
    .unwrap();
    c.respond(&manager, d(2019, 3, 20), response).unwrap();
    c.remedy_cannot_be_delivered(1, d(2019, 3, 25), reason("Secret: Mrs Patel moved"))
        .unwrap();
    Case::Complaint(Box::new(c))
}

#[test]
fn erasing_a_case_replaces_every_piece_of_free_text_and_keeps_what_reports_count() {
    let case = answered_complaint();
    let erased = erase_case(&case).unwrap();
    let json = serde_json::to_string(&erased).unwrap();
    assert!(!json.contains("Secret"), "{json}");
    assert!(json.contains(ERASED));

    let (before, after) = (case.as_complaint().unwrap(), erased.as_complaint().unwrap());
    assert_eq!(after.phase(), before.phase());
    let (b, a) = (before.stage1(), after.stage1());
    assert_eq!(
        (
            a.arrived,
            a.day0,
            &a.owner,
            a.contacted,
            a.acknowledged,
            a.responded
        ),
        (
            b.arrived,
            b.day0,
            &b.owner,
            b.contacted,
            b.acknowledged,
            b.responded
        )
    );
    let dates = |s: &crate::lifecycle::StageRecord| {
        s.extensions
            .iter()
            .map(|e| (e.on, e.to))
            .collect::<Vec<_>>()
    };
    assert_eq!(dates(a), dates(b));
    assert_eq!(a.definition.as_deref(), Some(ERASED));
    let response = after.stage1().response.as_ref().unwrap();
    assert_eq!(response.outcome(), Outcome::PartlyUpheld);
    assert_eq!(response.compensation(), Money::from_pence(12_500).unwrap());
    assert_eq!(response.points()[0].point, ERASED);
    assert_eq!(after.remedies().len(), before.remedies().len());
    for (a, b) in after.remedies().iter().zip(before.remedies()) {
        assert_eq!(
            std::mem::discriminant(&a.remedy),
            std::mem::discriminant(&b.remedy)
        );
        assert_eq!(
            std::mem::discriminant(&a.state),
            std::mem::discriminant(&b.state)
        );
    }
    assert_eq!(after.policy(), before.policy());
}

#[test]
fn a_refusals_code_is_kept_and_its_explanation_erased() {
    let calendar = Calendar::england_and_wales();
    let at = Utc.with_ymd_and_hms(2019, 3, 4, 10, 0, 0).unwrap();
    let receipt = Receipt::new(at, NaiveTime::from_hms_opt(17, 0, 0).unwrap(), &calendar);
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt);
    c.not_accept(
        d(2019, 3, 5),
        RefusalReason::OutOfTime,
        reason("Secret: Mr Jones wrote in 2012"),
    )
    .unwrap();
    let erased = erase_case(&Case::Complaint(Box::new(c.clone()))).unwrap();
    let json = serde_json::to_string(&erased).unwrap();
    assert!(!json.contains("Secret"), "{json}");
    assert!(json.contains("out_of_time"), "{json}");
    assert_eq!(erased.as_complaint().unwrap().phase().clone(), {
        let mut phase = c.phase().clone();
        if let crate::lifecycle::Phase::NotAccepted { explanation, .. } = &mut phase {
            *explanation = RecordedReason::parse(ERASED).unwrap();
        }
        phase
    });
}

#[test]
fn erasing_a_timeline_entry_keeps_its_kind_and_dates() {
    let entries = [
        TimelineItem::Note {
            text: "Secret: spoke to Mrs Patel's son".into(),
        },
        TimelineItem::AttachmentAdded {
            file_name: "Secret-patel-bank-statement.pdf".into(),
        },
        TimelineItem::RepresentativeNamed {
            name: "Secret Sam Patel".into(),
        },
        TimelineItem::Transition {
            event: Event::Extended {
                stage: crate::policy::Stage::One,
                extension: crate::lifecycle::Extension {
                    on: d(2019, 3, 8),
                    to: d(2019, 3, 22),
                    reason: reason("Secret reason"),
                    approved_by: None,
                },
                beyond_limit: false,
            },
            note: Some("Secret note".into()),
        },
        TimelineItem::Received {
            channel: crate::channel::Channel::Phone,
        },
    ];
    for entry in entries {
        let erased = erase_entry(&entry).unwrap();
        let json = serde_json::to_string(&erased).unwrap();
        assert!(!json.contains("Secret"), "{json}");
        assert_eq!(
            std::mem::discriminant(&erased),
            std::mem::discriminant(&entry)
        );
    }
    let kept = TimelineItem::Received {
        channel: crate::channel::Channel::Phone,
    };
    assert_eq!(erase_entry(&kept).unwrap(), kept);
}

#[test]
fn the_schedule_is_whole_years_within_limits_and_never_shorter_than_the_ombudsman_window() {
    assert_eq!(
        RetentionSchedule::parse(" 6 ", 12),
        Ok(RetentionSchedule { years: 6 })
    );
    assert_eq!(
        RetentionSchedule::parse("six", 12),
        Err(ScheduleError::NotANumber)
    );
    assert_eq!(
        RetentionSchedule::parse("2.5", 12),
        Err(ScheduleError::NotANumber)
    );
    assert_eq!(
        RetentionSchedule::parse("0", 12),
        Err(ScheduleError::OutOfRange)
    );
    assert_eq!(
        RetentionSchedule::parse("16", 12),
        Err(ScheduleError::OutOfRange)
    );
    assert_eq!(
        RetentionSchedule::parse("1", 18),
        Err(ScheduleError::ShorterThanOmbudsmanWindow { months: 18 })
    );
    assert_eq!(RetentionSchedule::default().years, DEFAULT_YEARS);
}

#[test]
fn a_case_is_due_on_the_same_day_years_later_and_29_february_falls_back_a_day() {
    let six = RetentionSchedule { years: 6 };
    assert_eq!(six.erase_on(d(2019, 3, 20)), d(2025, 3, 20));
    assert_eq!(six.erase_on(d(2020, 2, 29)), d(2026, 2, 28));
    assert_eq!(six.ended_by(d(2025, 3, 20)), d(2019, 3, 20));
    // Ended the day after: not due yet.
    assert!(six.erase_on(d(2019, 3, 21)) > d(2025, 3, 20));
    let four = RetentionSchedule { years: 4 };
    assert_eq!(four.ended_by(d(2028, 2, 29)), d(2024, 2, 29));
}

#[test]
fn a_hold_needs_a_reason_of_reasonable_length() {
    assert_eq!(hold_reason("  "), Err(HoldError::NoReason));
    assert_eq!(
        hold_reason(&"x".repeat(HOLD_REASON_MAX_CHARS + 1)),
        Err(HoldError::TooLong)
    );
    assert_eq!(
        hold_reason(" Claim 24-123 at county court ").as_deref(),
        Ok("Claim 24-123 at county court")
    );
}
