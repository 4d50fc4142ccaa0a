//! `putright seed-scale`: synthetic benchmark data, loaded in bulk and read back through the
//! ordinary repositories. Runs on SQLite, and again on PostgreSQL when
//! `PUTRIGHT_TEST_DATABASE_URL` is set.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::Calendar;
use domain::lifecycle::CaseKind;
use domain::{CaseReference, Stage};
use server::scale::{self, Generator, ScaleError, Staff};
use std::collections::BTreeMap;
use storage::cases::{self, CaseFilter, CustomerChoice};
use storage::test_support::{count_rows, on_each_backend};
use storage::worklist::{self, Due, QueueStage, Scope, WorklistFilter};

const CASES: usize = 2_000;

/// A fixed "now", so that every run makes the same cases.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 16, 14, 30, 0).unwrap()
}

#[tokio::test]
async fn seed_scale_loads_a_realistic_mix_that_reads_back_exactly_as_generated() {
    on_each_backend(|db, backend| async move {
        let report = scale::seed(&db, CASES, now()).await.expect("seeded");
        assert_eq!(report.cases, CASES);
        assert_eq!(report.staff, 300);
        assert_eq!(cases::count(&db).await.unwrap(), CASES as u64, "{backend}");
        assert_eq!(
            report.service_requests + report.complaints + report.compliments,
            CASES
        );
        let customers = count_rows(&db, "SELECT COUNT(*) FROM customers")
            .await
            .unwrap();
        assert_eq!(customers as usize, report.customers, "{backend}");
        let per_customer = CASES as f64 / customers as f64;
        assert!(
            (2.5..=3.5).contains(&per_customer),
            "{backend}: {per_customer} cases a customer"
        );

        // Mostly service requests.
        let list = cases::list(&db, &CaseFilter::default()).await.unwrap();
        let service_requests = list
            .iter()
            .filter(|c| c.kind == CaseKind::ServiceRequest)
            .count();
        assert_eq!(service_requests, report.service_requests, "{backend}");
        let share = service_requests as f64 / CASES as f64;
        assert!(
            (0.45..=0.65).contains(&share),
            "{backend}: {share} service requests"
        );

        // References: unique, and 1, 2, 3, … with no gap within each year.
        let mut by_year: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
        for item in &list {
            by_year
                .entry(item.reference.year())
                .or_default()
                .push(item.reference.number());
        }
        assert!(by_year.len() >= 10, "{backend}: ten years and a bit");
        for (year, numbers) in &mut by_year {
            numbers.sort_unstable();
            let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
            assert_eq!(*numbers, expected, "{backend}: references of {year}");
        }

        // Every ending the procedure allows, and live work at each stage.
        let phases: BTreeMap<String, i64> = cases::phase_counts(&db)
            .await
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(phases.values().sum::<i64>(), CASES as i64, "{backend}");
        for phase in [
            "service_request_resolved",
            "compliment_passed_on",
            "stage1",
            "closed",
            "not_accepted",
            "withdrawn",
        ] {
            assert!(
                phases.get(phase).copied().unwrap_or(0) > 0,
                "{backend}: no case at {phase}: {phases:?}"
            );
        }

        // About 15% of complaints reviewed at Stage 2.
        let stage2 = count_rows(&db, "SELECT COUNT(*) FROM case_stages WHERE stage = 2")
            .await
            .unwrap();
        assert_eq!(stage2 as usize, report.stage2, "{backend}");
        let share = report.stage2 as f64 / report.complaints as f64;
        assert!(
            (0.08..=0.25).contains(&share),
            "{backend}: {share} at Stage 2"
        );

        // Make the cases again and compare a sample (and every Stage 2 case) with what was
        // stored. Storage numbers each year's cases in the order they were made.
        let calendar = storage::reference::calendar(&db).await.unwrap();
        let staff = Staff::load(&db).await.unwrap();
        let generator = Generator::new(CASES, now(), calendar.clone(), staff);
        let mut numbers: BTreeMap<i32, u32> = BTreeMap::new();
        let (mut compared, mut compared_stage2) = (0, 0);
        for index in 0..CASES {
            let generated = generator.case(index).unwrap();
            let year = generated.new.received_at.year();
            let number = numbers.entry(year).or_default();
            *number += 1;
            let stage2 = generated.state.as_complaint().and_then(|c| c.stage2());
            if index % 17 != 0 && stage2.is_none() {
                continue;
            }
            let reference = CaseReference::new(year as u16, *number).unwrap();
            let id = cases::find_id(&db, &reference).await.unwrap();
            let stored = cases::load(&db, id, &calendar).await.unwrap();
            let what = format!("{backend}: case {index} ({reference})");
            assert_eq!(stored.case, generated.state, "{what}");
            assert_eq!(stored.details, generated.new.details, "{what}");
            assert_eq!(stored.channel, generated.new.channel, "{what}");
            assert_eq!(stored.received_at, generated.new.received_at, "{what}");
            assert_eq!(stored.version, 1, "{what}");
            let Some(CustomerChoice::New { details, .. }) = &generated.new.customer else {
                panic!("{what}: every scale case has a new customer");
            };
            assert_eq!(
                stored.customer.map(|c| c.details).as_ref(),
                Some(details),
                "{what}"
            );
            let timeline = cases::timeline(&db, id, false).await.unwrap();
            assert_eq!(timeline.len(), 1 + generated.timeline.len(), "{what}");
            for (entry, (at, who, item)) in timeline[1..].iter().zip(&generated.timeline) {
                assert_eq!((&entry.at, &entry.item), (at, item), "{what}");
                assert_eq!(entry.actor_name, who.name, "{what}");
            }
            assert!(
                timeline.windows(2).all(|w| w[0].at <= w[1].at),
                "{what}: the timeline runs forwards"
            );
            if let Some(review) = stage2 {
                let dates = cases::stage_dates(&db, id).await.unwrap();
                assert_eq!(dates.len(), 2, "{what}");
                assert_eq!(dates[1].stage, Stage::Two, "{what}");
                assert_eq!(dates[1].day0, review.day0, "{what}");
                assert_eq!(dates[1].responded_on, review.responded, "{what}");
                assert!(dates[1].owner_id.is_some(), "{what}: a reviewer");
                assert_ne!(
                    dates[1].owner_id, dates[0].owner_id,
                    "{what}: the reviewer did not handle Stage 1"
                );
                compared_stage2 += 1;
            }
            compared += 1;
        }
        assert!(compared > 200 && compared_stage2 > 50, "{backend}");

        // A second load is refused and adds nothing.
        let again = scale::seed(&db, 10, now()).await;
        assert!(
            matches!(again, Err(ScaleError::AlreadySeeded(_))),
            "{backend}: {again:?}"
        );
        assert_eq!(cases::count(&db).await.unwrap(), CASES as u64, "{backend}");
    })
    .await;
}

#[test]
fn the_seed_scale_command_reports_what_it_loaded_and_refuses_to_run_twice() {
    let dir = tempfile::tempdir().expect("a data directory");
    let run = || {
        crate::support::putright_command()
            .args(["seed-scale", "--cases", "40"])
            .current_dir(dir.path())
            .env("PUTRIGHT_DATA_DIR", dir.path())
            .env_remove("PUTRIGHT_DATABASE_URL")
            .env_remove("PUTRIGHT_CONFIG")
            .output()
            .expect("putright runs")
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(stdout.contains("Scale data: 40 cases"), "{stdout}");
    assert!(stdout.contains("300 staff"), "{stdout}");
    assert!(stdout.contains("cases a second"), "{stdout}");
    assert!(dir.path().join("putright.db").is_file());

    let second = run();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("already holds scale data"), "{stderr}");
}

/// What the work queue shows when every deadline is worked out live from each case's
/// state: the matching cases in order, and the counts beside them.
#[derive(Debug, PartialEq)]
struct Shown {
    ids: Vec<i32>,
    more: bool,
    total: u64,
    overdue: u64,
    due_today: u64,
    due_this_week: u64,
    steps: [u64; 3],
}

fn week_of(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (monday, monday + Duration::days(6))
}

/// Every matching case read whole and its deadline counted again with `calendar`.
async fn live(
    db: &storage::Db,
    filter: &WorklistFilter,
    calendar: &Calendar,
    today: NaiveDate,
) -> Shown {
    let every = worklist::list(
        db,
        &WorklistFilter {
            limit: None,
            due: None,
            ..filter.clone()
        },
        calendar,
    )
    .await
    .expect("listed");
    let (monday, sunday) = week_of(today);
    let mut rows: Vec<_> = every
        .rows
        .into_iter()
        .map(|row| (row.case.next_deadline(calendar), row))
        .collect();
    rows.sort_by_key(|(d, row)| {
        (
            d.is_none(),
            d.as_ref().map(|d| d.due),
            row.received_at,
            row.id.0,
        )
    });
    let due = |d: &Option<domain::deadlines::Deadline>, window: Due| {
        d.as_ref().is_some_and(|d| match window {
            Due::Before(day) => d.due < day,
            Due::On(day) => d.due == day,
            Due::Between(first, last) => (first..=last).contains(&d.due),
        })
    };
    let count = |window| rows.iter().filter(|(d, _)| due(d, window)).count() as u64;
    let step = |s| {
        rows.iter()
            .filter(|(d, _)| d.as_ref().is_some_and(|d| d.step == s))
            .count() as u64
    };
    let chosen: Vec<i32> = rows
        .iter()
        .filter(|(d, _)| filter.due.is_none_or(|window| due(d, window)))
        .map(|(_, row)| row.id.0)
        .collect();
    Shown {
        ids: chosen.iter().copied().take(SHOWN).collect(),
        more: chosen.len() > SHOWN,
        total: rows.len() as u64,
        overdue: count(Due::Before(today)),
        due_today: count(Due::On(today)),
        due_this_week: count(Due::Between(monday, sunday)),
        steps: [
            step(domain::deadlines::Step::Contact),
            step(domain::deadlines::Step::Acknowledge),
            step(domain::deadlines::Step::Respond),
        ],
    }
}

/// The same, as the queue reads it: the stored deadlines, the rows shown and the counts.
async fn stored(
    db: &storage::Db,
    filter: &WorklistFilter,
    calendar: &Calendar,
    today: NaiveDate,
) -> Shown {
    // As the work queue reads it: its lines and counts together.
    let worklist::Page {
        list,
        tally,
        by_stage,
    } = worklist::page(
        db,
        &WorklistFilter {
            limit: Some(SHOWN as u64),
            ..filter.clone()
        },
        calendar,
        today,
        week_of(today),
    )
    .await
    .expect("listed");
    assert_eq!(
        by_stage,
        worklist::live_stage_counts(db, filter)
            .await
            .expect("counted"),
        "{filter:?}"
    );
    Shown {
        ids: list.rows.iter().map(|r| r.id.0).collect(),
        more: list.more,
        total: tally.total,
        overdue: tally.overdue,
        due_today: tally.due_today,
        due_this_week: tally.due_this_week,
        steps: [tally.to_contact, tally.to_acknowledge, tally.to_respond],
    }
}

/// Lines shown: fewer than the queue's own, so that a few thousand cases give queues
/// longer than what is shown.
const SHOWN: usize = 10;

#[tokio::test]
async fn the_work_queue_read_from_stored_deadlines_shows_what_the_live_count_shows() {
    on_each_backend(|db, backend| async move {
        scale::seed(&db, CASES, now()).await.expect("seeded");
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let (busiest, open) = storage::bench::busiest_handler(&db)
            .await
            .expect("found")
            .expect("a handler with open cases");
        assert!(open > 0, "{backend}: {open} open cases");
        let mut scopes = vec![
            Scope::All,
            Scope::Unassigned,
            Scope::Mine(busiest),
            Scope::Team(busiest),
        ];
        // A reviewer's cases too, when a review is in progress: its reviewer owns it.
        let open = worklist::list(&db, &WorklistFilter::default(), &calendar)
            .await
            .expect("listed");
        if let Some(reviewer) = open
            .rows
            .iter()
            .filter(|r| r.stage() == Some(QueueStage::Stage2))
            .find_map(|r| r.reviewer.as_ref())
        {
            scopes.push(Scope::Mine(reviewer.id));
        }
        let surname = open
            .rows
            .iter()
            .find_map(|r| r.customer_name.as_deref()?.split_whitespace().last())
            .expect("a customer's name")
            .to_owned();

        let seeded = now().date_naive();
        // How many queues had cases, and how many more than are shown.
        let (mut compared, mut longer) = (0, 0);
        for today in [
            seeded - Duration::days(3),
            seeded,
            seeded + Duration::days(4),
            seeded + Duration::days(15),
        ] {
            let (monday, sunday) = week_of(today);
            for scope in &scopes {
                for due in [
                    None,
                    Some(Due::Before(today)),
                    Some(Due::On(today)),
                    Some(Due::Between(monday, sunday)),
                ] {
                    for (stage, kind, search) in [
                        (None, None, None),
                        (Some(QueueStage::Stage1), None, None),
                        (None, Some(CaseKind::Complaint), None),
                        (None, None, Some(surname.clone())),
                    ] {
                        let filter = WorklistFilter {
                            scope: *scope,
                            stage,
                            kind,
                            search,
                            due,
                            ..WorklistFilter::default()
                        };
                        let fast = stored(&db, &filter, &calendar, today).await;
                        let slow = live(&db, &filter, &calendar, today).await;
                        assert_eq!(fast, slow, "{backend}: {filter:?} on {today}");
                        assert_eq!(
                            worklist::stage_counts(&db, &filter).await.expect("counted"),
                            worklist::live_stage_counts(&db, &filter)
                                .await
                                .expect("counted"),
                            "{backend}: {filter:?}"
                        );
                        compared += usize::from(!slow.ids.is_empty());
                        longer += usize::from(slow.more);
                    }
                }
            }
        }
        assert!(
            compared > 50 && longer > 3,
            "{backend}: only {compared} queues had cases, {longer} more than are shown"
        );
        // The handler filter's choices come from the owners' counts the database keeps:
        // the loader's cases are counted as the cases themselves say.
        let (kept, live) = worklist::kept_and_live_case_owners(&db)
            .await
            .expect("counted");
        assert_eq!(kept, live, "{backend}");
        assert!(kept.len() > 10, "{backend}: {} owners", kept.len());
    })
    .await;
}

#[tokio::test]
async fn a_stage_2_extension_is_never_approved_by_someone_who_took_part_in_stage_1() {
    // Seeding a million cases on 3 December 2026 stopped at case 10,734: its Stage 2
    // extension drew as approver the complaints manager who had approved Stage 1's, and the
    // domain refused. The cases around it are made again here, without the database.
    let db = storage::test_support::TestDatabase::create("sqlite")
        .await
        .expect("a database");
    let conn = db.connect().await.expect("connected");
    conn.migrate().await.expect("migrated");
    scale::seed(&conn, 1, now()).await.expect("the staff");
    let calendar = storage::reference::calendar(&conn).await.unwrap();
    let staff = Staff::load(&conn).await.unwrap();
    let that_day = Utc.with_ymd_and_hms(2026, 12, 3, 13, 1, 33).unwrap();
    let generator = Generator::new(1_000_000, that_day, calendar, staff);
    for index in 10_600..10_900 {
        if let Err(e) = generator.case(index) {
            panic!("case {index}: {e}");
        }
    }
    conn.close().await.expect("closed");
    db.drop_now().await.expect("dropped");
}
