//! The integration API's idempotency keys, on SQLite and (when configured) PostgreSQL.

use chrono::{Duration, TimeZone, Utc};
use storage::idempotency::{Answer, Claim, KEEP_HOURS, answer, claim, forget_before, release};
use storage::test_support::on_each_backend;

fn answered(body: &str) -> Answer {
    Answer {
        status: 201,
        content_type: Some("application/json".to_owned()),
        location: Some("/api/v1/cases/2026-000001".to_owned()),
        body: body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn a_key_runs_its_request_once_then_gives_the_answer_back_until_it_is_forgotten() {
    on_each_backend(|db, backend| async move {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let claimed = |client: i32, key: &'static str, fingerprint: &'static str, at| {
            let db = db.clone();
            async move {
                claim(&db, client, key, fingerprint, at)
                    .await
                    .expect("claimed")
            }
        };
        assert_eq!(
            claimed(1, "k-1", "aaa", now).await,
            Claim::Fresh,
            "{backend}"
        );
        // A copy sent before the first is answered runs nothing.
        assert_eq!(
            claimed(1, "k-1", "aaa", now).await,
            Claim::Running,
            "{backend}"
        );
        // Another request under the same key is refused, even while the first runs.
        assert_eq!(
            claimed(1, "k-1", "bbb", now).await,
            Claim::Mismatch,
            "{backend}"
        );
        // Another client's key of the same text is theirs.
        assert_eq!(
            claimed(2, "k-1", "bbb", now).await,
            Claim::Fresh,
            "{backend}"
        );

        answer(&db, 1, "k-1", &answered(r#"{"one":1}"#), now)
            .await
            .expect("kept");
        assert_eq!(
            claimed(1, "k-1", "aaa", now + Duration::hours(1)).await,
            Claim::Answered(answered(r#"{"one":1}"#)),
            "{backend}"
        );
        assert_eq!(
            claimed(1, "k-1", "bbb", now + Duration::hours(1)).await,
            Claim::Mismatch,
            "{backend}: never another request's answer"
        );

        // Given up: the request may run again under its key.
        release(&db, 2, "k-1").await.expect("released");
        assert_eq!(
            claimed(2, "k-1", "bbb", now).await,
            Claim::Fresh,
            "{backend}"
        );

        // After the time keys are kept, the key starts afresh.
        let later = now + Duration::hours(KEEP_HOURS) + Duration::seconds(1);
        assert_eq!(
            claimed(1, "k-1", "ccc", later).await,
            Claim::Fresh,
            "{backend}"
        );
        assert_eq!(
            forget_before(&db, later).await.expect("swept"),
            1,
            "{backend}: client 2's, claimed a day before"
        );
        assert_eq!(
            forget_before(&db, later).await.expect("swept"),
            0,
            "{backend}"
        );
        assert_eq!(
            claimed(1, "k-1", "ccc", later).await,
            Claim::Running,
            "{backend}: the fresh claim was kept"
        );
    })
    .await;
}
