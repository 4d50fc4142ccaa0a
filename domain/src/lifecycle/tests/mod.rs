//! Shared builders for the lifecycle tests, one file per part of the journey.

mod endings;
mod stage1;
mod stage2;

pub(super) use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

pub(super) use super::*;
pub(super) use crate::calendar::Calendar;
pub(super) use crate::eligibility::Eligibility;
pub(super) use crate::money::Money;
pub(super) use crate::policy::{PolicyId, Stage};
pub(super) use crate::receipt::Receipt;
pub(super) use crate::role::Role;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn cal() -> Calendar {
    Calendar::england_and_wales()
}

pub(super) fn receipt(y: i32, m: u32, day: u32) -> Receipt {
    let at = Utc.with_ymd_and_hms(y, m, day, 10, 0, 0).unwrap();
    Receipt::new(at, NaiveTime::from_hms_opt(17, 0, 0).unwrap(), &cal())
}

pub(super) fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).unwrap()
}

pub(super) fn manager() -> Actor {
    Actor::new("manager-1", Role::Manager)
}
pub(super) fn complaints_manager() -> Actor {
    Actor::new("cm-1", Role::ComplaintsManager)
}
pub(super) fn head() -> Actor {
    Actor::new("hos-1", Role::HeadOfService)
}
pub(super) fn panel() -> Actor {
    Actor::new("panel-1", Role::InvolvedCustomer)
}

/// Someone who may act on the stage in progress: the Stage 1 handler, or at Stage 2 the
/// reviewer (a complaints manager who took no part in Stage 1 before one is assigned).
pub(crate) fn staff_on(c: &Complaint) -> Actor {
    match (c.current_stage(), c.stage2().and_then(|r| r.owner.clone())) {
        (Some(Stage::Two), Some(reviewer)) => {
            Actor::new(reviewer.as_str(), Role::ComplaintsManager)
        }
        (Some(Stage::Two), None) => Actor::new("cm-2", Role::ComplaintsManager),
        _ => c
            .stage1()
            .owner
            .clone()
            .map_or_else(manager, |h| Actor::new(h.as_str(), Role::Manager)),
    }
}

pub(super) fn in_window() -> Eligibility {
    Eligibility::InWindow { months_ago: 1 }
}

pub(super) fn response(outcome: Outcome) -> StageResponse {
    StageResponse::new(
        outcome,
        vec![PointFinding {
            point: "Repair was late".into(),
            finding: "It was booked three weeks late".into(),
            outcome,
        }],
        vec![
            Remedy::Apology,
            Remedy::Compensation {
                amount: Money::from_pence(5000).unwrap(),
                for_what: None,
            },
        ],
        Some("Book repairs on the day they are reported".into()),
    )
    .unwrap()
}

/// Received Friday 20 December 2024, in Stage 1 with a manager.
pub(super) fn at_stage1() -> Complaint {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    c.accept(&manager(), d(2024, 12, 20), in_window(), None)
        .unwrap();
    c
}

pub(super) fn responded_at_stage1() -> Complaint {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    c.respond(
        &staff_on(&c),
        d(2025, 1, 10),
        response(Outcome::PartlyUpheld),
    )
    .unwrap();
    c
}

pub(super) fn at_stage2() -> Complaint {
    let mut c = responded_at_stage1();
    c.request_review(&receipt(2025, 1, 20)).unwrap();
    c
}

pub(super) fn ready_to_answer_stage2() -> Complaint {
    let mut c = at_stage2();
    c.assign_reviewer(&complaints_manager()).unwrap();
    c.acknowledge(&staff_on(&c), d(2025, 1, 22)).unwrap();
    c.propose_outcome(&staff_on(&c), response(Outcome::Upheld))
        .unwrap();
    c.sign_off(&head(), d(2025, 2, 10)).unwrap();
    c
}
