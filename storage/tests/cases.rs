//! The case store, run on SQLite and (when configured) on PostgreSQL with the same code.

use chrono::{TimeZone, Utc};
use domain::Description;
use storage::{
    StorageError, cases,
    test_support::{TestDatabase, backends},
};

fn description(text: &str) -> Description {
    Description::parse(text).expect("a valid description")
}

#[tokio::test]
async fn a_recorded_case_is_found_again_by_its_tracking_token() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        let received = Utc
            .with_ymd_and_hms(2026, 6, 12, 9, 30, 0)
            .single()
            .expect("a valid time");
        let created = cases::create(
            &db,
            &description("The lift has been broken for a week."),
            received,
        )
        .await
        .expect("stored");
        assert_eq!(created.reference.to_string(), "CX-2026-000001", "{backend}");
        assert_eq!(created.tracking_token.len(), 64, "{backend}");

        let found = cases::find_by_tracking_token(&db, &created.tracking_token)
            .await
            .expect("found");
        assert_eq!(found.reference, created.reference, "{backend}");
        assert_eq!(found.received_at, received, "{backend}");
        assert_eq!(
            found.description.as_str(),
            "The lift has been broken for a week.",
            "{backend}"
        );

        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn an_unknown_tracking_token_is_not_found() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        let err = cases::find_by_tracking_token(&db, "no-such-token")
            .await
            .expect_err("missing");
        assert!(matches!(err, StorageError::NotFound), "{backend}: {err:?}");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test]
async fn references_number_up_within_a_year_and_start_again_in_the_next() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        let at = |y, m, d| {
            Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
                .single()
                .expect("a valid time")
        };
        let d = description("The gate is hanging off its hinges.");
        let refs = [
            cases::create(&db, &d, at(2026, 3, 1))
                .await
                .expect("stored")
                .reference
                .to_string(),
            cases::create(&db, &d, at(2026, 12, 31))
                .await
                .expect("stored")
                .reference
                .to_string(),
            cases::create(&db, &d, at(2027, 1, 1))
                .await
                .expect("stored")
                .reference
                .to_string(),
        ];
        assert_eq!(
            refs,
            ["CX-2026-000001", "CX-2026-000002", "CX-2027-000001"],
            "{backend}"
        );
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_cases_arriving_at_once_never_share_a_reference() {
    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("database");
        let db = test_db.open().await.expect("migrated");
        let received = Utc
            .with_ymd_and_hms(2026, 11, 2, 10, 0, 0)
            .single()
            .expect("a valid time");
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let d = description(&format!("Repair number {i} was not done."));
                    cases::create(&db, &d, received).await
                })
            })
            .collect();
        let mut numbers = Vec::new();
        for task in tasks {
            numbers.push(
                task.await
                    .expect("joined")
                    .expect("stored")
                    .reference
                    .number(),
            );
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=24).collect::<Vec<_>>(), "{backend}");
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}
