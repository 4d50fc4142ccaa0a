//! Restrictions on how a customer contacts us, on SQLite and (when configured) PostgreSQL.

use chrono::{NaiveDate, TimeZone, Utc};
use domain::form::CustomerType;
use domain::restriction::{Restriction, RestrictionInput, RestrictionKind};
use storage::customers::CustomerDetails;
use storage::restrictions::DecidedBy;
use storage::test_support::on_each_backend;

fn decided(kind: &str, review_on: &str, today: NaiveDate) -> Restriction {
    Restriction::decide(
        &RestrictionInput {
            kind: kind.to_owned(),
            detail: "Through Mo Manager only".to_owned(),
            reason: "Shouted at the repairs team on three calls in November.".to_owned(),
            review_on: review_on.to_owned(),
        },
        today,
    )
    .expect("a restriction")
}

#[tokio::test]
async fn a_customer_has_one_restriction_in_force_and_every_decision_is_kept() {
    on_each_backend(|db, backend| async move {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
            .single()
            .expect("a time");
        let today = at.date_naive();
        let customer = storage::customers::create(
            &db,
            None,
            &CustomerDetails {
                name: "Ray Restricted".into(),
                describes_you: CustomerType::Tenant,
                phone: None,
                email: None,
                preferred_contact: None,
                adjustments: Vec::new(),
                address: Some("1 Mill Lane".into()),
                postcode: None,
            },
            at,
        )
        .await
        .expect("a customer")
        .id;
        let mo = DecidedBy {
            user_id: 1,
            name: "Mo Manager".into(),
        };
        assert_eq!(
            storage::restrictions::current(&db, customer)
                .await
                .expect("read"),
            None,
            "{backend}"
        );
        assert!(
            matches!(
                storage::restrictions::lift(&db, customer, "Why", &mo, at).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}: nothing to lift"
        );

        let first = decided("single_point_of_contact", "4/3/2027", today);
        storage::restrictions::decide(&db, customer, &first, &mo, at)
            .await
            .expect("decided");
        let now = storage::restrictions::current(&db, customer)
            .await
            .expect("read")
            .expect("in force");
        assert_eq!(now.restriction, first, "{backend}");
        assert_eq!(now.decided_by, "Mo Manager", "{backend}");

        // Due for review from its review date, and not before.
        let review_on = first.review_on;
        let due = |day| {
            let db = db.clone();
            async move { storage::restrictions::due(&db, day, 10).await.expect("due") }
        };
        assert!(
            due(review_on.pred_opt().expect("a day")).await.is_empty(),
            "{backend}"
        );
        assert_eq!(due(review_on).await.len(), 1, "{backend}");

        // Reviewed: the new decision is in force, the old one kept as reviewed.
        let later = at + chrono::Duration::days(90);
        let second = decided("written_only", "1/6/2027", later.date_naive());
        storage::restrictions::decide(&db, customer, &second, &mo, later)
            .await
            .expect("reviewed");
        let now = storage::restrictions::current(&db, customer)
            .await
            .expect("read")
            .expect("in force");
        assert_eq!(
            now.restriction.kind,
            RestrictionKind::WrittenOnly,
            "{backend}"
        );
        let history = storage::restrictions::history(&db, customer)
            .await
            .expect("history");
        assert_eq!(history.len(), 2, "{backend}");
        let old = history[1].ended.as_ref().expect("ended");
        assert!(!old.lifted, "{backend}");
        assert_eq!(old.at, later, "{backend}");

        // Lifted: none in force, the reason kept.
        storage::restrictions::lift(
            &db,
            customer,
            "Calls have been civil since March.",
            &mo,
            later,
        )
        .await
        .expect("lifted");
        assert_eq!(
            storage::restrictions::current(&db, customer)
                .await
                .expect("read"),
            None,
            "{backend}"
        );
        let history = storage::restrictions::history(&db, customer)
            .await
            .expect("history");
        let lifted = history[0].ended.as_ref().expect("ended");
        assert!(lifted.lifted, "{backend}");
        assert_eq!(
            lifted.reason.as_deref(),
            Some("Calls have been civil since March."),
            "{backend}"
        );

        assert!(
            due(NaiveDate::MAX).await.is_empty(),
            "{backend}: none in force"
        );

        // A customer who is not there cannot be restricted.
        assert!(
            storage::restrictions::decide(&db, customer + 1000, &first, &mo, at)
                .await
                .is_err(),
            "{backend}"
        );
    })
    .await;
}
