//! Importing history (SPEC section 8) on SQLite and (when configured) PostgreSQL: a good file
//! counted by the regulator's figures, every kind of refusal with nothing written, dry runs,
//! importing twice, and columns in any order.
//!
//! The fixture's figures, worked out by hand (no bank holiday falls in June or July 2025):
//! - CH01 Stage 1: OLD-1, 2, 3, 4 and 8 (OLD-5 was not accepted) = 5; × 1000 ÷ 1000 = 5.0.
//! - CH01 Stage 2: OLD-4's review, day 0 Friday 20 June = 1.
//! - CH02 Stage 1: acknowledged Wednesday 4 June, so due 18 June, cap 2 July. OLD-1
//!   answered 16 June (on time), OLD-2 on 1 July (late), OLD-3 on 1 July extended to
//!   2 July (on time), OLD-4 on 16 June (on time): 3 of 4 = 75.0%.
//! - CH02 Stage 2: OLD-4 acknowledged Monday 23 June, due 20 working days later on
//!   21 July, answered 10 July: 1 of 1 = 100.0%.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::lifecycle::Phase;
use domain::reports::ReportingYear;
use domain::{Calendar, Channel, Description, PolicyId, TimelineItem};
use storage::Db;
use storage::cases::{self, CaseDetails, NewCase, Opening, Who};
use storage::import::{ImportError, ImportSummary, RowProblem, Unwatched, import_file};
use storage::test_support::{count_rows, on_each_backend};
use storage::worklist::{WorklistFilter, list};

const HEADER: &str = "reference,kind,channel,received_at,status,stage1_acknowledged,stage1_extended_to,stage1_responded,review_requested_at,stage2_acknowledged,stage2_extended_to,stage2_responded";

const GOOD_ROWS: &str = "\
OLD-1,complaint,email,2025-06-02T09:00:00Z,closed,2025-06-04,,2025-06-16,,,,
OLD-2,complaint,phone,2025-06-02T09:00:00Z,closed,2025-06-04,,2025-07-01,,,,
OLD-3,complaint,letter,2025-06-02T09:00:00Z,closed,2025-06-04,2025-07-02,2025-07-01,,,,
OLD-4,complaint,online_form,2025-06-02T09:00:00Z,closed,2025-06-04,,2025-06-16,2025-06-20T09:00:00Z,2025-06-23,,2025-07-10
OLD-5,complaint,email,2025-06-02T09:00:00Z,not_accepted,,,,,,,
OLD-6,service_request,phone,2025-06-03T09:00:00Z,closed,,,,,,,
OLD-7,compliment,email,2025-06-03T09:00:00Z,open,,,,,,,
OLD-8,complaint,social_media,2025-07-01T09:00:00Z,open,,,,,,,
";

fn now() -> DateTime<Utc> {
    "2026-01-15T12:00:00Z".parse().expect("a time")
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

/// A file in a temporary place, removed when dropped.
struct CsvFile(PathBuf);

impl CsvFile {
    fn new(text: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "putright-import-{}.csv",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::write(&path, text).expect("written");
        Self(path)
    }

    fn bytes(bytes: &[u8]) -> Self {
        let file = Self::new("");
        std::fs::write(&file.0, bytes).expect("written");
        file
    }
}

impl Drop for CsvFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

async fn import(db: &Db, file: &CsvFile, dry_run: bool) -> Result<ImportSummary, ImportError> {
    import_file(db, &cal(), &file.0, dry_run, now(), Arc::new(Unwatched)).await
}

async fn cases(db: &Db) -> i64 {
    count_rows(db, "SELECT COUNT(*) FROM cases")
        .await
        .expect("counted")
}

fn refused(result: Result<ImportSummary, ImportError>) -> (Vec<RowProblem>, u64) {
    match result {
        Err(ImportError::Refused {
            problems,
            rows_with_problems,
        }) => (problems, rows_with_problems),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The one case a search for `search` finds, checked to carry `reference` as its old
/// reference and to start its timeline by saying it was imported with it.
async fn the_imported_case(
    db: &Db,
    search: &str,
    reference: &str,
    backend: &str,
) -> cases::StoredCase {
    let found = list(
        db,
        &WorklistFilter {
            search: Some(search.into()),
            open_only: false,
            ..WorklistFilter::default()
        },
        &cal(),
    )
    .await
    .expect("searched");
    assert_eq!(found.rows.len(), 1, "{backend}");
    let stored = cases::load(db, found.rows[0].id, &cal())
        .await
        .expect("loaded");
    assert_eq!(
        stored.legacy_reference.as_deref(),
        Some(reference),
        "{backend}"
    );
    let timeline = cases::timeline(db, stored.id, false)
        .await
        .expect("a timeline");
    assert_eq!(
        timeline[0].item,
        TimelineItem::Imported {
            legacy_reference: reference.into()
        },
        "{backend}"
    );
    stored
}

#[tokio::test]
async fn a_good_file_is_imported_and_counted_by_the_regulators_figures() {
    on_each_backend(|db, backend| async move {
        let file = CsvFile::new(&format!("{HEADER}\n{GOOD_ROWS}"));
        let summary = import(&db, &file, false).await.expect("imported");
        assert_eq!(
            summary,
            ImportSummary {
                rows: 8,
                imported: 8,
                already_imported: 0,
                dry_run: false
            },
            "{backend}"
        );
        assert_eq!(cases(&db).await, 8, "{backend}");

        let report = storage::reports::report(
            &db,
            &cal(),
            ReportingYear::new(2025).expect("a year"),
            Some(1000),
        )
        .await
        .expect("a report");
        let tsm = &report.tsm;
        assert_eq!(tsm.stage1_received, 5, "{backend}");
        assert_eq!(tsm.stage2_received, 1, "{backend}");
        assert_eq!(tsm.ch01_stage1_per_1000, Some(5.0), "{backend}");
        assert_eq!(tsm.ch01_stage2_per_1000, Some(1.0), "{backend}");
        assert_eq!(
            (tsm.stage1_responded, tsm.stage1_on_time),
            (4, 3),
            "{backend}"
        );
        assert_eq!(tsm.ch02_stage1_percent, Some(75.0), "{backend}");
        assert_eq!(
            (tsm.stage2_responded, tsm.stage2_on_time),
            (1, 1),
            "{backend}"
        );
        assert_eq!(tsm.ch02_stage2_percent, Some(100.0), "{backend}");
        assert_eq!(
            report.refusals.iter().map(|(_, n)| n).sum::<u64>(),
            1,
            "{backend}"
        );

        // Each old reference is kept, searchable, and on the timeline as imported.
        let stored = the_imported_case(&db, "old-4", "OLD-4", backend).await;
        let complaint = stored.case.as_complaint().expect("a complaint");
        assert_eq!(complaint.policy().id, PolicyId::V2024, "{backend}");
        assert!(
            matches!(complaint.phase(), Phase::Closed { .. }),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    on_each_backend(|db, backend| async move {
        let file = CsvFile::new(&format!("{HEADER}\n{GOOD_ROWS}"));
        import(&db, &file, false).await.expect("imported");
        let again = import(&db, &file, false).await.expect("imported again");
        assert_eq!(
            (again.imported, again.already_imported),
            (0, 8),
            "{backend}"
        );
        assert_eq!(cases(&db).await, 8, "{backend}");
        // A longer file brings in only what is new.
        let longer = CsvFile::new(&format!(
            "{HEADER}\n{GOOD_ROWS}OLD-9,compliment,letter,2025-08-01T09:00:00Z,closed,,,,,,,\n"
        ));
        let more = import(&db, &longer, false).await.expect("imported");
        assert_eq!((more.imported, more.already_imported), (1, 8), "{backend}");
        assert_eq!(cases(&db).await, 9, "{backend}");
    })
    .await;
}

/// PostgreSQL takes imports through `COPY`, whose text format gives backslashes, tabs and
/// line ends meanings of their own: a reference full of characters like those comes back
/// exactly, is found by a search, and is recognised by the next import.
#[tokio::test]
async fn a_reference_with_backslashes_and_quotes_is_kept_exactly() {
    on_each_backend(|db, backend| async move {
        let reference = r#"OLD\N 7 "A" \t\"#;
        let file = CsvFile::new(&format!(
            "{HEADER}\n\"{}\",compliment,letter,2025-08-01T09:00:00Z,closed,,,,,,,\n",
            reference.replace('"', "\"\"")
        ));
        import(&db, &file, false).await.expect("imported");
        the_imported_case(&db, reference, reference, backend).await;
        let again = import(&db, &file, false).await.expect("imported again");
        assert_eq!(
            (again.imported, again.already_imported),
            (0, 1),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_dry_run_checks_the_file_and_writes_nothing() {
    on_each_backend(|db, backend| async move {
        let file = CsvFile::new(&format!("{HEADER}\n{GOOD_ROWS}"));
        let summary = import(&db, &file, true).await.expect("checked");
        assert_eq!(summary.rows, 8, "{backend}");
        assert!(summary.dry_run, "{backend}");
        assert_eq!(summary.imported, 0, "{backend}");
        assert_eq!(cases(&db).await, 0, "{backend}");
        let bad = CsvFile::new(&format!(
            "{HEADER}\nX,complaint,email,2025-02-30T09:00:00Z,open,,,,,,,\n"
        ));
        let (problems, _) = refused(import(&db, &bad, true).await);
        assert_eq!(problems.len(), 1, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn every_wrong_row_is_reported_with_its_line_column_and_reason_and_nothing_is_imported() {
    on_each_backend(|db, backend| async move {
        let mut text = format!("{HEADER}\n{GOOD_ROWS}");
        let bad_rows = [
            // line 10: a date that does not exist
            "B-1,complaint,email,2025-06-02T09:00:00Z,open,2025-02-30,,,,,,",
            // line 11: a response before the receipt
            "B-2,complaint,email,2025-06-02T09:00:00Z,closed,,,2025-05-01,,,,",
            // line 12: a Stage 2 date without a review request
            "B-3,complaint,email,2025-06-02T09:00:00Z,open,,,2025-06-10,,2025-06-12,,",
            // line 13: a reference already on line 2
            "OLD-1,compliment,email,2025-06-02T09:00:00Z,open,,,,,,,",
            // line 14: an unknown value
            "B-5,complaint,carrier_pigeon,2025-06-02T09:00:00Z,open,,,,,,,",
            // line 15: not RFC 3339
            "B-6,complaint,email,02/06/2025 10:00,open,,,,,,,",
            // line 16: too few values
            "B-7,complaint,email",
        ];
        for row in bad_rows {
            text.push_str(row);
            text.push('\n');
        }
        let file = CsvFile::new(&text);
        let (problems, rows) = refused(import(&db, &file, false).await);
        assert_eq!(rows, 7, "{backend}: {problems:#?}");
        let found: Vec<(u64, Option<&str>)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (10, Some("stage1_acknowledged")),
                (11, Some("stage1_responded")),
                (12, Some("stage2_acknowledged")),
                (13, Some("reference")),
                (14, Some("channel")),
                (15, Some("received_at")),
                (16, None),
            ],
            "{backend}"
        );
        assert_eq!(
            problems[0].reason,
            "“2025-02-30” is not a real date: February 2025 has 28 days"
        );
        assert_eq!(
            problems[1].reason,
            "The Stage 1 response (1 May 2025) is before the complaint was received (2 June 2025)"
        );
        assert!(problems[2].reason.contains("no review request"));
        assert_eq!(
            problems[3].reason,
            "The reference “OLD-1” is also on line 2: each must be unique"
        );
        assert!(
            problems[4]
                .reason
                .contains("“carrier_pigeon” is not a channel")
        );
        assert!(problems[5].reason.contains("RFC 3339"));
        assert!(problems[6].reason.contains("has 3 values"));
        assert_eq!(cases(&db).await, 0, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_line_that_is_not_utf8_is_refused_and_nothing_is_imported() {
    on_each_backend(|db, backend| async move {
        let mut bytes = format!("{HEADER}\n{GOOD_ROWS}").into_bytes();
        bytes.extend_from_slice(b"B-\xff,complaint,email,2025-06-02T09:00:00Z,open,,,,,,,\n");
        let file = CsvFile::bytes(&bytes);
        let (problems, _) = refused(import(&db, &file, false).await);
        assert_eq!(problems.len(), 1, "{backend}");
        assert_eq!(problems[0].line, 10, "{backend}");
        assert!(problems[0].reason.contains("UTF-8"), "{backend}");
        assert_eq!(cases(&db).await, 0, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn an_unknown_column_is_refused_by_name() {
    on_each_backend(|db, backend| async move {
        let file = CsvFile::new(&format!(
            "{HEADER},handler\n{}",
            GOOD_ROWS.replace('\n', ",Sam\n")
        ));
        let (problems, _) = refused(import(&db, &file, false).await);
        assert_eq!(problems.len(), 1, "{backend}");
        assert_eq!(problems[0].line, 1);
        assert_eq!(problems[0].column.as_deref(), Some("handler"));
        assert!(
            problems[0]
                .reason
                .starts_with("“handler” is not a column we know")
        );
        assert_eq!(cases(&db).await, 0, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn columns_may_come_in_any_order_and_optional_ones_may_be_left_out() {
    on_each_backend(|db, backend| async move {
        let file = CsvFile::new(
            "status,received_at,reference,stage1_responded,channel,kind\n\
             closed,2025-06-02T09:00:00Z,R-1,2025-06-16,email,complaint\n\
             open,2025-06-03T09:00:00Z,R-2,,phone,service_request\n",
        );
        let summary = import(&db, &file, false).await.expect("imported");
        assert_eq!(summary.imported, 2, "{backend}");
        let report =
            storage::reports::report(&db, &cal(), ReportingYear::new(2025).expect("a year"), None)
                .await
                .expect("a report");
        assert_eq!(report.tsm.stage1_received, 1, "{backend}");
        assert_eq!(report.tsm.stage1_responded, 1, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_file_longer_than_a_batch_is_imported_whole() {
    on_each_backend(|db, backend| async move {
        let mut text = format!("{HEADER}\n");
        for i in 0..1234 {
            text.push_str(&format!(
                "L-{i},complaint,email,2025-06-02T09:00:00Z,closed,2025-06-04,,2025-06-16,,,,\n"
            ));
        }
        let file = CsvFile::new(&text);
        let summary = import(&db, &file, false).await.expect("imported");
        assert_eq!(summary.imported, 1234, "{backend}");
        assert_eq!(cases(&db).await, 1234, "{backend}");
        let stages = count_rows(&db, "SELECT COUNT(*) FROM case_stages")
            .await
            .expect("counted");
        assert_eq!(stages, 1234, "{backend}");
    })
    .await;
}

/// A case recorded at a screen, received on `received_at`.
fn recorded(received_at: DateTime<Utc>) -> NewCase {
    let details =
        CaseDetails::describing(Description::parse("The boiler has failed again").expect("text"));
    NewCase {
        channel: Channel::Phone,
        received_at,
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, received_at, &details, &cal()),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    }
}

#[tokio::test]
async fn imported_cases_take_fresh_ids_and_references_between_cases_recorded_at_screens() {
    on_each_backend(|db, backend| async move {
        // The time OLD-1 to OLD-5 were received.
        let received: DateTime<Utc> = "2025-06-02T09:00:00Z".parse().expect("a time");
        let before = cases::create(&db, recorded(received), &cal())
            .await
            .expect("recorded");
        let file = CsvFile::new(&format!("{HEADER}\n{GOOD_ROWS}"));
        import(&db, &file, false).await.expect("imported");
        let after = cases::create(&db, recorded(received), &cal())
            .await
            .expect("recorded");

        let ids = count_rows(&db, "SELECT COUNT(DISTINCT id) FROM cases")
            .await
            .expect("counted");
        assert_eq!(ids, 10, "{backend}");
        let imported_above = count_rows(
            &db,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE legacy_reference IS NOT NULL AND id > {} AND id < {}",
                before.id.0, after.id.0
            ),
        )
        .await
        .expect("counted");
        assert_eq!(imported_above, 8, "{backend}: imported ids lie between the two");
        // One counter for the year 2025: the first case took 1, the import 2 to 9, the
        // last case 10, with no gaps.
        assert_eq!(before.reference.number(), 1, "{backend}");
        assert_eq!(after.reference.number(), 10, "{backend}");
        let numbers = count_rows(
            &db,
            "SELECT COUNT(DISTINCT reference_number) FROM cases WHERE reference_year = 2025 AND reference_number BETWEEN 1 AND 10",
        )
        .await
        .expect("counted");
        assert_eq!(numbers, 10, "{backend}");
        // The bulk loader stores times exactly as a case recorded at a screen has them
        // (on SQLite, the same text), so they compare and sort as one.
        let same_time = count_rows(
            &db,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE received_at = (SELECT received_at FROM cases WHERE id = {})",
                before.id.0
            ),
        )
        .await
        .expect("counted");
        assert_eq!(same_time, 7, "{backend}");
    })
    .await;
}

/// History comes without customers (the old system's people are not brought in), so an
/// imported case from the online form without one is whole; a case made here from the form
/// without its customer is not.
#[tokio::test]
async fn imported_history_is_whole_without_customers() {
    on_each_backend(|db, backend| async move {
        let file = CsvFile::new(&format!("{HEADER}\n{GOOD_ROWS}"));
        import(&db, &file, false).await.expect("imported");
        let findings = storage::integrity::check(&db).await.expect("checked");
        assert_eq!(findings.cases, 8, "{backend}");
        assert_eq!(findings.half_written(), 0, "{backend}: {findings:?}");

        storage::test_support::execute_raw(
            &db,
            "UPDATE cases SET legacy_reference = NULL WHERE legacy_reference = 'OLD-4'",
        )
        .await
        .expect("made to look made here");
        let findings = storage::integrity::check(&db).await.expect("checked");
        assert_eq!(findings.online_without_customer, 1, "{backend}");
    })
    .await;
}

/// On SQLite someone else may be writing when an import starts (the import job's own
/// heartbeat, every few seconds): the import waits for them, and never fails because of
/// them. Its transaction takes the writer before it reads anything; a transaction that read
/// first would find, at its first write, that a write was committed since it read, and fail
/// at once. Here another connection holds the writer as the import checks the file and
/// begins, and commits only once the import has had ample time to reach its first write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_starts_while_someone_writes_waits_for_them_and_goes_in() {
    let database = storage::test_support::TestDatabase::create_migrated("sqlite")
        .await
        .expect("a database");
    let db = database.connect().await.expect("the import's connection");
    let other = database.connect().await.expect("another connection");
    let file = CsvFile::new(&format!("{HEADER}\n{GOOD_ROWS}"));
    let mut importing = None;
    storage::test_support::while_writing(
        &other,
        "INSERT INTO files_in_flight (storage_key, created_at) VALUES ('held-meanwhile', '2026-01-15 12:00:00')",
        async {
            let db = db.clone();
            importing = Some(tokio::spawn(
                async move { import(&db, &file, false).await },
            ));
            tokio::time::sleep(std::time::Duration::from_millis(750)).await;
        },
    )
    .await
    .expect("the other write committed");
    let summary = importing
        .expect("started")
        .await
        .expect("the import ran")
        .expect("the import waited for the other writer, then went in");
    assert_eq!(summary.imported, 8);
    assert_eq!(cases(&db).await, 8);
    assert_eq!(
        count_rows(&db, "SELECT COUNT(*) FROM files_in_flight")
            .await
            .expect("counted"),
        1,
        "the other write is kept too"
    );
    db.close().await.expect("closed");
    other.close().await.expect("closed");
}
