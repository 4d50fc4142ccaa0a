//! The regulator's figures and the annual report, against a fixture whose answers were
//! worked out by hand (in the comments), on SQLite and (when configured) PostgreSQL.
//!
//! Every case is made as staff would make it: received, then taken through the procedure by
//! the domain's own transitions, and saved. Reporting year 2025 runs from 1 April 2025 to
//! 31 March 2026; the stock is 4,000 homes. No bank holiday falls in June, July, September,
//! October or November 2025, nor in March 2026 before Good Friday (3 April 2026).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::eligibility::Eligibility;
use domain::lifecycle::{
    Outcome, PointFinding, RecordedReason, RefusalReason, Remedy, StageResponse,
};
use domain::reports::{ReportingYear, Share};
use domain::{Actor, Calendar, Case, Channel, Description, Event, Money, Receipt, Role, Stage};
use domain::{TimelineItem, TransitionError};
use storage::Db;
use storage::cases::{self, CaseDetails, CaseId, NewCase, Opening, Who};
use storage::test_support::on_each_backend;

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// 10:00 in London on a date in summer time (09:00 UTC), or 09:00 in winter: before the
/// 17:00 cut-off either way, so a working day is its own day 0.
fn morning(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).expect("a time"))
}

fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).expect("a reason")
}

fn manager() -> Actor {
    Actor::new("mo", Role::Manager)
}

fn complaints_manager() -> Actor {
    Actor::new("chris", Role::ComplaintsManager)
}

fn response(outcome: Outcome, remedies: Vec<Remedy>) -> StageResponse {
    StageResponse::new(
        outcome,
        vec![PointFinding {
            point: "The repair".into(),
            finding: "What we found".into(),
            outcome,
        }],
        remedies,
        None,
    )
    .expect("a valid response")
}

fn pounds(text: &str) -> Money {
    Money::parse(text).expect("an amount")
}

/// A case received at `at` by `channel`, saved as received.
async fn open(db: &Db, opening: Opening, channel: Channel, at: DateTime<Utc>) -> (CaseId, Case) {
    let mut details = CaseDetails::describing(Description::parse("Fixture case").expect("text"));
    details.compliment_about = Some("The caretaker".into());
    let new = NewCase {
        channel,
        received_at: at,
        customer: None,
        case: NewCase::initial_state(opening, at, &details, &cal()),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    let created = cases::create(db, new, &cal()).await.expect("recorded");
    let stored = cases::load(db, created.id, &cal()).await.expect("loaded");
    (created.id, stored.case)
}

/// Runs `steps` on a complaint received at `at` and saves the result.
async fn complaint<F>(db: &Db, channel: Channel, at: DateTime<Utc>, steps: F) -> CaseId
where
    F: FnOnce(&mut domain::Complaint) -> Vec<Result<Event, TransitionError>>,
{
    let (id, mut case) = open(db, Opening::Complaint, channel, at).await;
    let Case::Complaint(c) = &mut case else {
        panic!("a complaint")
    };
    let entries: Vec<(Who, TimelineItem)> = steps(c)
        .into_iter()
        .map(|step| {
            let event = step.expect("the procedure allows the step");
            (
                Who::system(),
                TimelineItem::Transition { event, note: None },
            )
        })
        .collect();
    cases::save(db, id, 1, &case, &entries, at, &cal())
        .await
        .expect("saved");
    id
}

fn accept(c: &mut domain::Complaint, on: NaiveDate) -> Result<Event, TransitionError> {
    c.accept(&manager(), on, Eligibility::Unknown, None)
}

/// Stage 2 from a review requested on `day0` (10:00), with a reviewer and sign-off.
fn review(c: &mut domain::Complaint, day0: NaiveDate) -> Vec<Result<Event, TransitionError>> {
    vec![
        c.request_review(&Receipt::on_date(day0, &cal())),
        c.assign_reviewer(&complaints_manager()),
    ]
}

/// The reviewer writes the outcome for sign-off and the head of service signs it off on
/// `on` (the fixture keeps the sign-off's event).
fn sign_off(
    c: &mut domain::Complaint,
    on: NaiveDate,
    outcome: &StageResponse,
) -> Result<Event, TransitionError> {
    c.propose_outcome(&storage::test_support::acting_on(c), outcome.clone())?;
    c.sign_off(&Actor::new("hana", Role::HeadOfService), on)
}

/// The fixture. Returns the ids of the cases given root causes (A1, A2, H; I).
async fn fixture(db: &Db) -> (Vec<CaseId>, CaseId) {
    use Channel::*;
    let mut repairs = Vec::new();

    // A1–A12: Stage 1, day 0 Mon 2 June 2025. Contact due Thu 5 June (made Wed 4 June),
    // acknowledgement due Mon 9 June (sent Fri 6 June), response due 10 working days after
    // it, Fri 20 June, sent that day: all on time. A1–A3 upheld with an apology.
    for i in 1..=12 {
        let channel = if i <= 6 { OnlineForm } else { Phone };
        let id = complaint(db, channel, morning(date(2025, 6, 2)), |c| {
            let remedies = if i <= 3 {
                vec![Remedy::Apology]
            } else {
                Vec::new()
            };
            let outcome = if i <= 3 {
                Outcome::Upheld
            } else {
                Outcome::NotUpheld
            };
            vec![
                accept(c, date(2025, 6, 2)),
                c.record_contact(date(2025, 6, 4)),
                c.acknowledge(&storage::test_support::acting_on(c), date(2025, 6, 6)),
                c.respond(
                    &storage::test_support::acting_on(c),
                    date(2025, 6, 20),
                    response(outcome, remedies),
                ),
                c.close(date(2025, 6, 23)),
            ]
        })
        .await;
        if i <= 2 {
            repairs.push(id);
        }
    }

    // B: acknowledged late but answered on time. Day 0 Mon 2 June; contact Thu 5 June (the
    // deadline day: on time); acknowledgement due Mon 9 June, sent Wed 11 June (late);
    // response due 10 working days after the acknowledgement, Wed 25 June: sent then.
    complaint(db, Email, morning(date(2025, 6, 2)), |c| {
        vec![
            accept(c, date(2025, 6, 2)),
            c.record_contact(date(2025, 6, 5)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 6, 11)),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 6, 25),
                response(Outcome::NotUpheld, vec![]),
            ),
        ]
    })
    .await;

    // C: an extension within the limit. Day 0 Mon 1 Sept; contact Tue 2 Sept; acknowledged
    // Mon 8 Sept (due that day); response due Mon 22 Sept, the Code's cap 10 working days
    // later, Mon 6 Oct. Extended to Fri 3 Oct, answered Thu 2 Oct: on time.
    complaint(db, Letter, morning(date(2025, 9, 1)), |c| {
        vec![
            accept(c, date(2025, 9, 1)),
            c.record_contact(date(2025, 9, 2)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 9, 8)),
            c.extend(
                &cal(),
                &storage::test_support::acting_on(c),
                date(2025, 9, 19),
                date(2025, 10, 3),
                reason("Awaiting a survey"),
                None,
            ),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 10, 2),
                response(Outcome::NotUpheld, vec![]),
            ),
        ]
    })
    .await;

    // D: an extension beyond the limit. Day 0 Mon 1 Sept; contact Fri 5 Sept (due Thu 4
    // Sept: late); acknowledged Mon 8 Sept; due Mon 22 Sept, cap Mon 6 Oct. Extended (with
    // the complaints manager's approval) to Mon 20 Oct; answered Fri 17 Oct, after the cap:
    // late for CH02.
    complaint(db, Email, morning(date(2025, 9, 1)), |c| {
        vec![
            accept(c, date(2025, 9, 1)),
            c.record_contact(date(2025, 9, 5)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 9, 8)),
            c.extend(
                &cal(),
                &storage::test_support::acting_on(c),
                date(2025, 9, 19),
                date(2025, 10, 20),
                reason("A specialist report is needed"),
                Some(&complaints_manager()),
            ),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 10, 17),
                response(Outcome::NotUpheld, vec![]),
            ),
        ]
    })
    .await;

    // E: answered after the year end. Day 0 Mon 2 March 2026; contact Tue 3 March;
    // acknowledged Fri 6 March (due Mon 9 March); response due Fri 20 March, extended to
    // Wed 1 April 2026 and answered then: in 2026's figures, not 2025's. It still counts as
    // a Stage 1 complaint received in 2025.
    complaint(db, OnlineForm, morning(date(2026, 3, 2)), |c| {
        vec![
            accept(c, date(2026, 3, 2)),
            c.record_contact(date(2026, 3, 3)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2026, 3, 6)),
            c.extend(
                &cal(),
                &storage::test_support::acting_on(c),
                date(2026, 3, 19),
                date(2026, 4, 1),
                reason("Contractor's report"),
                None,
            ),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2026, 4, 1),
                response(Outcome::NotUpheld, vec![]),
            ),
        ]
    })
    .await;

    // F1, F2: not accepted (never Stage 1 complaints, so not in CH01).
    complaint(db, OnlineForm, morning(date(2025, 6, 2)), |c| {
        vec![c.not_accept(
            date(2025, 6, 3),
            RefusalReason::OutOfTime,
            reason("Two years ago"),
        )]
    })
    .await;
    complaint(db, SocialMedia, morning(date(2025, 9, 1)), |c| {
        vec![c.not_accept(
            date(2025, 9, 2),
            RefusalReason::AnotherPolicyFitsBetter,
            reason("Anti-social behaviour policy"),
        )]
    })
    .await;

    // G: withdrawn. Day 0 Mon 6 Oct; contact Tue 7 Oct (due Thu 9 Oct); withdrawn Fri 10 Oct.
    complaint(db, InPerson, morning(date(2025, 10, 6)), |c| {
        vec![
            accept(c, date(2025, 10, 6)),
            c.record_contact(date(2025, 10, 7)),
            c.withdraw(date(2025, 10, 10)),
        ]
    })
    .await;

    // H: a Stage 2 review, all on time. Stage 1 as A (£100 compensation, later paid).
    // Review requested Mon 30 June: contact due Thu 3 July (made Wed 2 July),
    // acknowledgement due Mon 7 July (sent then), outcome due 20 working days later, Mon 4
    // Aug; sent Fri 1 Aug with £250 compensation.
    let h = complaint(db, OnlineForm, morning(date(2025, 6, 2)), |c| {
        let mut steps = vec![
            accept(c, date(2025, 6, 2)),
            c.record_contact(date(2025, 6, 3)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 6, 6)),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 6, 20),
                response(
                    Outcome::Upheld,
                    vec![Remedy::Compensation {
                        amount: pounds("100.00"),
                        for_what: None,
                    }],
                ),
            ),
        ];
        steps.extend(review(c, date(2025, 6, 30)));
        let outcome = response(
            Outcome::Upheld,
            vec![Remedy::Compensation {
                amount: pounds("250.00"),
                for_what: None,
            }],
        );
        steps.extend([
            c.decline_involvement(),
            c.record_contact(date(2025, 7, 2)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 7, 7)),
            sign_off(c, date(2025, 7, 31), &outcome),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 8, 1),
                outcome.clone(),
            ),
            c.complete_remedy(0, date(2025, 8, 5)),
        ]);
        steps
    })
    .await;
    repairs.push(h);

    // I: a Stage 2 review answered late. Stage 1: day 0 Mon 1 Sept, contact Tue 2 Sept,
    // acknowledged Mon 8 Sept, answered Mon 22 Sept (due that day). Review requested Mon 6
    // Oct: contact Tue 7 Oct (on time); acknowledgement due Mon 13 Oct, sent Wed 15 Oct
    // (late); outcome due 20 working days later, Wed 12 Nov; sent Fri 14 Nov: late.
    let i = complaint(db, Phone, morning(date(2025, 9, 1)), |c| {
        let mut steps = vec![
            accept(c, date(2025, 9, 1)),
            c.record_contact(date(2025, 9, 2)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 9, 8)),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 9, 22),
                response(Outcome::NotUpheld, vec![]),
            ),
        ];
        steps.extend(review(c, date(2025, 10, 6)));
        let outcome = response(Outcome::PartlyUpheld, vec![Remedy::Explanation]);
        steps.extend([
            c.decline_involvement(),
            c.record_contact(date(2025, 10, 7)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 10, 15)),
            sign_off(c, date(2025, 11, 13), &outcome),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 11, 14),
                outcome.clone(),
            ),
        ]);
        steps
    })
    .await;

    // J: received in the previous year (day 0 Mon 24 March 2025), contacted Tue 25 March and
    // acknowledged Mon 31 March (both in 2024's year); response due Mon 14 April, sent Fri
    // 11 April 2025: in 2025's CH02, not in its CH01.
    complaint(db, Letter, morning(date(2025, 3, 24)), |c| {
        vec![
            accept(c, date(2025, 3, 24)),
            c.record_contact(date(2025, 3, 25)),
            c.acknowledge(&storage::test_support::acting_on(c), date(2025, 3, 31)),
            c.respond(
                &storage::test_support::acting_on(c),
                date(2025, 4, 11),
                response(Outcome::NotUpheld, vec![]),
            ),
        ]
    })
    .await;

    // L: waiting for triage, received Tue 10 March 2026: a Stage 1 complaint received.
    complaint(db, Staff, morning(date(2026, 3, 10)), |_| vec![]).await;

    // Other kinds: a service request (Tue 10 June, phone) and a compliment (Wed 15 Oct,
    // letter). Two at midnight's edge: 23:30 UTC on 31 March is 00:30 on 1 April in London
    // (summer time), so a compliment sent then in 2025 is April 2025's, and a service
    // request sent then in 2026 is outside the year.
    open(
        db,
        Opening::ServiceRequest,
        Phone,
        morning(date(2025, 6, 10)),
    )
    .await;
    open(db, Opening::Compliment, Letter, morning(date(2025, 10, 15))).await;
    let edge = |y| {
        Utc.with_ymd_and_hms(y, 3, 31, 23, 30, 0)
            .single()
            .expect("a time")
    };
    open(db, Opening::Compliment, Email, edge(2025)).await;
    open(db, Opening::ServiceRequest, Phone, edge(2026)).await;

    (repairs, i)
}

/// The fixture with its root causes recorded: A1, A2 and H repairs, I communication.
/// Returns the root causes in use.
async fn fixture_with_causes(db: &Db) -> Vec<storage::learning::Category> {
    let (repairs, communication) = fixture(db).await;
    storage::learning::ensure_starting_categories(db)
        .await
        .expect("categories");
    let categories = storage::learning::active(db).await.expect("categories");
    let id_of = |name: &str| categories.iter().find(|c| c.name == name).expect(name).id;
    for case in repairs {
        storage::learning::record(db, case, id_of("Repairs and maintenance"))
            .await
            .expect("recorded");
    }
    storage::learning::record(db, communication, id_of("Communication"))
        .await
        .expect("recorded");
    categories
}

#[tokio::test]
async fn the_figures_for_a_year_match_the_hand_worked_fixture() {
    on_each_backend(|db, backend| async move {
        let categories = fixture_with_causes(&db).await;
        let id_of = |name: &str| categories.iter().find(|c| c.name == name).expect(name).id;
        storage::reference::set_homes(
            &db,
            2025,
            storage::reference::Homes {
                rental: 4000,
                ownership: None,
            },
        )
        .await
        .expect("homes");

        let year = ReportingYear::new(2025).expect("a year");
        let report = storage::reports::report(&db, &cal(), year, None)
            .await
            .expect("a report");
        let tsm = &report.tsm;

        // CH01 Stage 1: day 0 in the year, not refused: A1–A12, B, C, D, E, G, H, I, L = 20
        // (F1, F2 refused; J's day 0 is in March 2025). 20 × 1000 ÷ 4000 = 5.0.
        assert_eq!(tsm.homes, Some(4000), "{backend}");
        assert_eq!(tsm.stage1_received, 20, "{backend}");
        assert_eq!(tsm.ch01_stage1_per_1000, Some(5.0), "{backend}");
        // CH01 Stage 2: H (30 June) and I (6 Oct) = 2; 2 × 1000 ÷ 4000 = 0.5.
        assert_eq!(tsm.stage2_received, 2, "{backend}");
        assert_eq!(tsm.ch01_stage2_per_1000, Some(0.5), "{backend}");
        // CH02 Stage 1: responses in the year: A1–A12, B, C, D, H, I, J = 18 (E's is in April
        // 2026). Late: D only (after the cap). 17 ÷ 18 = 94.44…% → 94.4.
        assert_eq!(
            (tsm.stage1_responded, tsm.stage1_on_time),
            (18, 17),
            "{backend}"
        );
        assert_eq!(tsm.ch02_stage1_percent, Some(94.4), "{backend}");
        // CH02 Stage 2: H on time, I late: 1 ÷ 2 = 50.0.
        assert_eq!(
            (tsm.stage2_responded, tsm.stage2_on_time),
            (2, 1),
            "{backend}"
        );
        assert_eq!(tsm.ch02_stage2_percent, Some(50.0), "{backend}");

        // Legs at Stage 1. Contacts made in the year: A×12, B, C, D, E, G, H, I = 19, D late.
        assert_eq!(
            report.stage1.contact,
            Share { count: 18, of: 19 },
            "{backend}"
        );
        // Acknowledgements sent in the year: A×12, B, C, D, E, H, I = 18, B late.
        assert_eq!(
            report.stage1.acknowledge,
            Share { count: 17, of: 18 },
            "{backend}"
        );
        assert_eq!(
            report.stage1.respond,
            Share { count: 17, of: 18 },
            "{backend}"
        );
        // Extended responses in the year: C (within the cap, on time) and D (beyond, late).
        assert_eq!(
            (
                report.stage1.extended,
                report.stage1.extended_within_cap,
                report.stage1.extended_on_time
            ),
            (2, 1, 1),
            "{backend}"
        );
        // Stage 2: contacts H, I on time; acknowledgements H on time, I late.
        assert_eq!(
            report.stage2.contact,
            Share { count: 2, of: 2 },
            "{backend}"
        );
        assert_eq!(
            report.stage2.acknowledge,
            Share { count: 1, of: 2 },
            "{backend}"
        );
        assert_eq!(report.stage2.extended, 0, "{backend}");
        // Escalation: 2 Stage 2 requests ÷ 18 Stage 1 responses = 11.1%.
        assert_eq!(report.escalation, Share { count: 2, of: 18 }, "{backend}");
        assert_eq!(report.escalation.percent(), Some(11.1), "{backend}");

        // Outcomes: every response issued in the year counted once, at its stage.
        for (stage, responded) in [(Stage::One, 18), (Stage::Two, 2)] {
            let (_, by_outcome) = report
                .outcomes
                .iter()
                .find(|(s, _)| *s == stage)
                .expect("a stage");
            assert_eq!(
                by_outcome.iter().sum::<u64>(),
                responded,
                "{backend}: {stage:?} {by_outcome:?}"
            );
        }
        // Service requests received in the year: the one of 10 June, still open on the
        // year's last day, 294 days after it arrived; the edge one is next year's.
        assert_eq!(report.service_requests.received, 1, "{backend}");
        assert_eq!(report.service_requests.open, 1, "{backend}");
        assert_eq!(
            report.service_requests.oldest_open_days,
            Some(294),
            "{backend}"
        );

        // Received in the year by kind and London month (April = 0): complaints June 15
        // (A×12, B, F1, H), Sept 4 (C, D, F2, I), Oct 1 (G), March 2 (E, L) = 22; a service
        // request in June; compliments in April (the edge) and October.
        let kind = |k| {
            report
                .by_kind
                .iter()
                .find(|(x, _)| *x == k)
                .expect("kind")
                .1
        };
        use domain::lifecycle::CaseKind;
        assert_eq!(
            kind(CaseKind::Complaint),
            [0, 0, 15, 0, 0, 4, 1, 0, 0, 0, 0, 2],
            "{backend}"
        );
        assert_eq!(
            kind(CaseKind::ServiceRequest),
            [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            "{backend}"
        );
        assert_eq!(
            kind(CaseKind::Compliment),
            [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
            "{backend}"
        );
        // By channel, whole year: online form 9 (A1–A6, E, F1, H), phone 8 (A7–A12, I, the
        // service request), email 3 (B, D, the edge compliment), letter 2 (C, the
        // compliment), social media 1 (F2), in person 1 (G), staff 1 (L) = 25.
        let channel = |c| -> u64 {
            report
                .by_channel
                .iter()
                .find(|(x, _)| *x == c)
                .expect("channel")
                .1
                .iter()
                .sum()
        };
        use Channel::*;
        assert_eq!(
            [
                OnlineForm,
                Phone,
                Email,
                Letter,
                SocialMedia,
                InPerson,
                Staff
            ]
            .map(channel),
            [9, 8, 3, 2, 1, 1, 1],
            "{backend}"
        );
        // Stages started by day 0: Stage 1 June 14 (A×12, B, H), Sept 3 (C, D, I), Oct 1
        // (G), March 2 (E, L); Stage 2 June 1 (H), Oct 1 (I).
        let stage = |s| {
            report
                .by_stage
                .iter()
                .find(|(x, _)| *x == s)
                .expect("stage")
                .1
        };
        assert_eq!(
            stage(Stage::One),
            [0, 0, 14, 0, 0, 3, 1, 0, 0, 0, 0, 2],
            "{backend}"
        );
        assert_eq!(
            stage(Stage::Two),
            [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
            "{backend}"
        );

        // Refusals by reason, and withdrawals.
        let mut refusals = report.refusals.clone();
        refusals.sort_by_key(|(r, _)| r.map(|r| r.as_str()));
        assert_eq!(
            refusals,
            vec![
                (Some(RefusalReason::AnotherPolicyFitsBetter), 1),
                (Some(RefusalReason::OutOfTime), 1)
            ],
            "{backend}"
        );
        assert_eq!(report.withdrawn, 1, "{backend}");

        // Remedies on complaints last answered in the year: apologies A1–A3 (outstanding);
        // H's £100 (paid) and £250 (outstanding) = £350 offered, £100 paid; I's explanation.
        let remedies = report.table("remedies").expect("remedies table");
        let row = |name: &str| {
            remedies
                .rows
                .iter()
                .find(|r| r.header == name)
                .expect(name)
                .cells
                .clone()
        };
        assert_eq!(row("Apology")[..4], ["3", "0", "3", "0"], "{backend}");
        assert_eq!(
            row("Compensation"),
            ["2", "1", "1", "0", "£350.00"],
            "{backend}"
        );
        assert_eq!(row("Explanation")[0], "1", "{backend}");
        assert_eq!(row("Compensation paid (done)")[4], "£100.00", "{backend}");
        // Root causes: repairs on A1, A2, H; communication on I.
        assert_eq!(
            report.root_causes,
            vec![
                ("Repairs and maintenance".to_owned(), 3),
                ("Communication".to_owned(), 1)
            ],
            "{backend}"
        );
        // Themes over time, by the month of each complaint's latest response: A1 and A2
        // answered 20 June (index 2), H's review 1 August (index 4), I's 14 November (7).
        let mut repairs_months = [0u64; 12];
        repairs_months[2] = 2;
        repairs_months[4] = 1;
        let mut communication_months = [0u64; 12];
        communication_months[7] = 1;
        assert_eq!(
            report.themes,
            vec![
                ("Repairs and maintenance".to_owned(), repairs_months),
                ("Communication".to_owned(), communication_months)
            ],
            "{backend}"
        );
        let themes = report.table("themes").expect("the themes table");
        assert_eq!(
            themes.rows[0].cells,
            [
                "0", "0", "2", "0", "1", "0", "0", "0", "0", "0", "0", "0", "3"
            ],
            "{backend}"
        );

        // Retiring a root cause keeps it in the year's figures; renaming one names it anew
        // there, with the same counts.
        storage::learning::set_category_in_use(&db, id_of("Communication"), false)
            .await
            .expect("stored")
            .expect("retired");
        storage::learning::save_category(
            &db,
            Some(id_of("Repairs and maintenance")),
            "Repairs",
            "A repair was late, missed, or not done well",
        )
        .await
        .expect("stored")
        .expect("renamed");
        let again = storage::reports::report(&db, &cal(), year, None)
            .await
            .expect("a report");
        assert_eq!(
            again.root_causes,
            vec![("Repairs".to_owned(), 3), ("Communication".to_owned(), 1)],
            "{backend}"
        );
        assert_eq!(
            again.themes,
            vec![
                ("Repairs".to_owned(), repairs_months),
                ("Communication".to_owned(), communication_months)
            ],
            "{backend}"
        );
        assert_eq!(again.tsm, report.tsm, "{backend}");

        // `--homes` overrides the stored count: 20 × 1000 ÷ 3000 = 6.666… → 6.7.
        let overridden = storage::reports::report(&db, &cal(), year, Some(3000))
            .await
            .expect("a report");
        assert_eq!(overridden.tsm.ch01_stage1_per_1000, Some(6.7), "{backend}");

        // The next year sees only E's response (1 April 2026, within its extension: on time).
        let next =
            storage::reports::report(&db, &cal(), ReportingYear::new(2026).expect("year"), None)
                .await
                .expect("a report");
        assert_eq!(
            (next.tsm.stage1_responded, next.tsm.stage1_on_time),
            (1, 1),
            "{backend}"
        );
        assert_eq!(next.tsm.homes, None, "{backend}");
        assert_eq!(next.tsm.ch01_stage1_per_1000, None, "{backend}");
        assert_eq!(next.tsm.ch02_stage2_percent, None, "{backend}");
    })
    .await;
}

/// The retention schedule erases every ended case's words and leaves each year's figures
/// exactly as they were: the regulator's measures, the root causes and themes, compensation
/// and the counts by channel and kind.
#[tokio::test]
async fn erasing_ended_cases_leaves_every_years_figures_unchanged() {
    on_each_backend(|db, backend| async move {
        fixture_with_causes(&db).await;
        let years: Vec<ReportingYear> = (2024..=2026)
            .map(|y| ReportingYear::new(y).expect("a year"))
            .collect();
        let mut before = Vec::new();
        for year in &years {
            before.push(
                storage::reports::report(&db, &cal(), *year, None)
                    .await
                    .expect("a report"),
            );
        }

        // Six years after the last of them ended, every ended case is due.
        let schedule = domain::retention::RetentionSchedule::default();
        let today = date(2033, 1, 1);
        let now = morning(today);
        let (erased, found) = storage::retention::erase_due(&db, schedule, today, now, 1000)
            .await
            .expect("erased");
        assert!(erased.cases > 10, "{backend}: {erased:?}");
        assert_eq!(erased.cases, found, "{backend}");
        let left = storage::test_support::count_rows(
            &db,
            "SELECT COUNT(*) FROM cases WHERE description = 'Fixture case' AND ended_on IS NOT NULL",
        )
        .await
        .expect("counted");
        assert_eq!(left, 0, "{backend}: no ended case keeps its words");
        let words = storage::test_support::count_rows(
            &db,
            "SELECT COUNT(*) FROM case_points p JOIN cases c ON c.id = p.case_id \
             WHERE p.point = 'The repair' AND c.ended_on IS NOT NULL",
        )
        .await
        .expect("counted");
        assert_eq!(words, 0, "{backend}: nor its findings");

        for (year, was) in years.iter().zip(&before) {
            let now = storage::reports::report(&db, &cal(), *year, None)
                .await
                .expect("a report");
            assert_eq!(&now, was, "{backend}: {year:?} changed");
        }

        // A second run, as another server would make it, finds nothing more.
        let (again, _) = storage::retention::erase_due(&db, schedule, today, now, 1000)
            .await
            .expect("erased");
        assert_eq!(again.cases, 0, "{backend}");
    })
    .await;
}

/// CH01 as the Regulator's technical requirements define it: complaints from tenants of
/// the landlord's homes, apart for low-cost rental and low-cost home ownership, each per
/// 1,000 homes of that tenure. Leaseholders, applicants and members of the public are left
/// out; someone acting for a customer (and a case with no customer) counts as rental.
#[tokio::test]
async fn ch01_counts_tenants_complaints_apart_by_tenure() {
    use domain::form::CustomerType;
    use storage::cases::CustomerChoice;
    use storage::customers::CustomerDetails;
    on_each_backend(|db, backend| async move {
        let day = date(2025, 6, 10);
        let kinds = [
            CustomerType::Tenant,
            CustomerType::Tenant,
            CustomerType::RepresentingACustomer,
            CustomerType::SharedOwner,
            CustomerType::LeaseholderOrSharedOwner,
            CustomerType::Leaseholder,
            CustomerType::Applicant,
            CustomerType::MemberOfPublic,
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            let at = morning(day);
            let mut details =
                CaseDetails::describing(Description::parse("Fixture case").expect("text"));
            details.compliment_about = None;
            let new = NewCase {
                channel: Channel::Phone,
                received_at: at,
                customer: Some(CustomerChoice::New {
                    user_id: None,
                    details: CustomerDetails {
                        name: format!("Customer {i}"),
                        describes_you: kind,
                        phone: None,
                        email: None,
                        preferred_contact: None,
                        adjustments: Vec::new(),
                        address: None,
                        postcode: None,
                    },
                }),
                case: NewCase::initial_state(Opening::Complaint, at, &details, &cal()),
                details,
                recorded_by: Who::system(),
                linked_case: None,
                legacy_reference: None,
            };
            let created = cases::create(&db, new, &cal()).await.expect("recorded");
            let mut stored = cases::load(&db, created.id, &cal()).await.expect("loaded");
            let Case::Complaint(c) = &mut stored.case else {
                panic!("a complaint")
            };
            accept(c, day).expect("accepted");
            cases::save(
                &db,
                created.id,
                stored.version,
                &stored.case,
                &[],
                at,
                &cal(),
            )
            .await
            .expect("saved");
        }
        storage::reference::set_homes(
            &db,
            2025,
            storage::reference::Homes {
                rental: 3000,
                ownership: Some(400),
            },
        )
        .await
        .expect("homes");
        let tsm = storage::reports::report(&db, &cal(), ReportingYear::new(2025).unwrap(), None)
            .await
            .expect("report")
            .tsm;
        // Rental: two tenants and someone acting for a customer = 3; × 1000 ÷ 3000 = 1.0.
        assert_eq!(tsm.stage1_received, 3, "{backend}");
        assert_eq!(tsm.ch01_stage1_per_1000, Some(1.0), "{backend}");
        // Home ownership: a shared owner and the older "leaseholder or shared owner" = 2;
        // × 1000 ÷ 400 = 5.0.
        assert_eq!(tsm.lcho_homes, Some(400), "{backend}");
        assert_eq!(tsm.lcho_stage1_received, 2, "{backend}");
        assert_eq!(tsm.ch01_lcho_stage1_per_1000, Some(5.0), "{backend}");
        assert_eq!(tsm.lcho_stage2_received, 0, "{backend}");
    })
    .await;
}
