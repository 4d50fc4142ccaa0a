//! Flags on customers (contact restrictions, vulnerability) on SQLite and (when configured) PostgreSQL.

use chrono::{NaiveDate, TimeZone, Utc};
use domain::form::CustomerType;
use domain::restriction::{Restriction, RestrictionInput, RestrictionKind};
use storage::customer_flags::{CustomerFlag, DecidedBy};
use storage::customers::CustomerDetails;
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

/// 10:00 on Friday 4 December 2026, when each story's flags are decided.
fn the_day() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
        .single()
        .expect("a time")
}

/// A tenant called `name`, recorded at `at`, with an address or none.
async fn customer(
    db: &storage::Db,
    name: &str,
    address: Option<&str>,
    at: chrono::DateTime<Utc>,
) -> i32 {
    let details = CustomerDetails {
        name: name.into(),
        describes_you: CustomerType::Tenant,
        phone: None,
        email: None,
        preferred_contact: None,
        adjustments: Vec::new(),
        address: address.map(Into::into),
        postcode: None,
    };
    storage::customers::create(db, None, &details, at)
        .await
        .expect("a customer")
        .id
}

#[tokio::test]
async fn a_customer_has_one_restriction_in_force_and_every_decision_is_kept() {
    on_each_backend(|db, backend| async move {
        let at = the_day();
        let today = at.date_naive();
        let customer = customer(&db, "Ray Restricted", Some("1 Mill Lane"), at).await;
        let mo = DecidedBy {
            user_id: 1,
            name: "Mo Manager".into(),
        };
        assert_eq!(
            storage::customer_flags::current::<Restriction>(&db, customer)
                .await
                .expect("read"),
            None,
            "{backend}"
        );
        assert!(
            matches!(
                storage::customer_flags::lift::<Restriction>(&db, customer, "Why", &mo, at).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}: nothing to lift"
        );

        let first = decided("single_point_of_contact", "4/3/2027", today);
        storage::customer_flags::decide(&db, customer, &first, &mo, at)
            .await
            .expect("decided");
        let now = storage::customer_flags::current::<Restriction>(&db, customer)
            .await
            .expect("read")
            .expect("in force");
        assert_eq!(now.flag, first, "{backend}");
        assert_eq!(now.decided_by, "Mo Manager", "{backend}");

        // Due for review from its review date, and not before.
        let review_on = first.review_on;
        let due = |day| {
            let db = db.clone();
            async move {
                storage::customer_flags::due::<Restriction>(&db, day, 10)
                    .await
                    .expect("due")
            }
        };
        assert!(
            due(review_on.pred_opt().expect("a day")).await.is_empty(),
            "{backend}"
        );
        assert_eq!(due(review_on).await.len(), 1, "{backend}");

        // Reviewed: the new decision is in force, the old one kept as reviewed.
        let later = at + chrono::Duration::days(90);
        let second = decided("written_only", "1/6/2027", later.date_naive());
        storage::customer_flags::decide(&db, customer, &second, &mo, later)
            .await
            .expect("reviewed");
        let now = storage::customer_flags::current::<Restriction>(&db, customer)
            .await
            .expect("read")
            .expect("in force");
        assert_eq!(now.flag.kind, RestrictionKind::WrittenOnly, "{backend}");
        let history = storage::customer_flags::history::<Restriction>(&db, customer)
            .await
            .expect("history");
        assert_eq!(history.len(), 2, "{backend}");
        let old = history[1].ended.as_ref().expect("ended");
        assert!(!old.lifted, "{backend}");
        assert_eq!(old.at, later, "{backend}");

        // Lifted: none in force, the reason kept.
        storage::customer_flags::lift::<Restriction>(
            &db,
            customer,
            "Calls have been civil since March.",
            &mo,
            later,
        )
        .await
        .expect("lifted");
        assert_eq!(
            storage::customer_flags::current::<Restriction>(&db, customer)
                .await
                .expect("read"),
            None,
            "{backend}"
        );
        let history = storage::customer_flags::history::<Restriction>(&db, customer)
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
            storage::customer_flags::decide(&db, customer + 1000, &first, &mo, at)
                .await
                .is_err(),
            "{backend}"
        );
    })
    .await;
}

/// A vulnerability flag lives beside a restriction without touching it: each kind has its
/// own one in force, its own reviews due and its own history.
#[tokio::test]
async fn a_vulnerability_flag_and_a_restriction_are_kept_apart() {
    use domain::triage::{Circumstance, Vulnerability, VulnerabilityInput};
    on_each_backend(|db, backend| async move {
        let at = the_day();
        let today = at.date_naive();
        let customer = customer(&db, "Vi Vulnerable", None, at).await;
        let sam = DecidedBy {
            user_id: 2,
            name: "Sam Officer".into(),
        };
        let flag = Vulnerability::record(
            &VulnerabilityInput {
                circumstances: vec!["communication".into(), "age".into()],
                reason: "Aged 91, hard of hearing.".into(),
                support: String::new(),
                review_on: "4/1/2027".into(),
            },
            today,
        )
        .expect("a flag");
        storage::customer_flags::decide(&db, customer, &flag, &sam, at)
            .await
            .expect("flagged");
        storage::customer_flags::decide(
            &db,
            customer,
            &decided("written_only", "4/3/2027", today),
            &sam,
            at,
        )
        .await
        .expect("restricted");
        let kept = storage::customer_flags::current::<Vulnerability>(&db, customer)
            .await
            .expect("read")
            .expect("in force");
        assert_eq!(
            kept.flag.circumstances,
            [Circumstance::Age, Circumstance::Communication],
            "{backend}"
        );
        assert_eq!(kept.flag.support, None);
        assert_eq!(kept.decided_by, "Sam Officer");
        // Both in force, read together as each is read alone.
        let both = storage::customer_flags::in_force_on(&db, customer)
            .await
            .expect("read");
        assert_eq!(
            both.of::<Vulnerability>().expect("a flag"),
            Some(kept.clone()),
            "{backend}"
        );
        assert_eq!(
            both.of::<Restriction>().expect("a restriction"),
            storage::customer_flags::current::<Restriction>(&db, customer)
                .await
                .expect("read"),
            "{backend}"
        );
        assert!(
            both.of::<Restriction>().expect("read").is_some(),
            "{backend}"
        );
        let found = storage::customer_flags::in_force_for::<Vulnerability>(&db, &[customer, 999])
            .await
            .expect("read");
        assert_eq!(found.len(), 1, "{backend}");

        // Due on 4 January for the flag, not for the restriction.
        let day = NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date");
        let due = storage::customer_flags::due::<Vulnerability>(&db, day, 10)
            .await
            .expect("due");
        assert_eq!(due.len(), 1, "{backend}");
        assert_eq!(due[0].1, "Vi Vulnerable");
        assert!(
            storage::customer_flags::due::<Restriction>(&db, day, 10)
                .await
                .expect("due")
                .is_empty(),
            "{backend}"
        );

        // Removing the flag leaves the restriction in force.
        storage::customer_flags::lift::<Vulnerability>(
            &db,
            customer,
            "Moved to sheltered housing.",
            &sam,
            at,
        )
        .await
        .expect("removed");
        assert!(
            storage::customer_flags::current::<Vulnerability>(&db, customer)
                .await
                .expect("read")
                .is_none()
        );
        assert!(
            storage::customer_flags::current::<Restriction>(&db, customer)
                .await
                .expect("read")
                .is_some(),
            "{backend}"
        );
        let history = storage::customer_flags::history::<Vulnerability>(&db, customer)
            .await
            .expect("history");
        assert_eq!(history.len(), 1);
        let ended = history[0].ended.as_ref().expect("ended");
        assert!(ended.lifted);
        assert_eq!(ended.reason.as_deref(), Some("Moved to sheltered housing."));
    })
    .await;
}

/// The work queue's reminders read every kind of flag due in one query: each kind keeps its
/// own limit and order (the longest overdue first), a kind not asked for is not read, and
/// each flag comes with its customer's name.
#[tokio::test]
async fn the_reviews_due_of_several_kinds_come_in_one_read_each_kind_within_its_limit() {
    use domain::triage::{Vulnerability, VulnerabilityInput};
    on_each_backend(|db, backend| async move {
        let at = the_day();
        let today = at.date_naive();
        let sam = DecidedBy {
            user_id: 2,
            name: "Sam Officer".into(),
        };
        let mut customers = Vec::new();
        for name in ["Ann First", "Bo Second", "Cy Third"] {
            customers.push(customer(&db, name, None, at).await);
        }
        // Restrictions due on 4, 5 and 6 January, the latest recorded first; one vulnerability
        // flag due on 10 January.
        for (customer, review_on) in customers.iter().zip(["6/1/2027", "5/1/2027", "4/1/2027"]) {
            storage::customer_flags::decide(
                &db,
                *customer,
                &decided("written_only", review_on, today),
                &sam,
                at,
            )
            .await
            .expect("restricted");
        }
        let flag = Vulnerability::record(
            &VulnerabilityInput {
                circumstances: vec!["communication".into()],
                reason: "Hard of hearing.".into(),
                support: String::new(),
                review_on: "10/1/2027".into(),
            },
            today,
        )
        .expect("a flag");
        storage::customer_flags::decide(&db, customers[1], &flag, &sam, at)
            .await
            .expect("flagged");

        let day = NaiveDate::from_ymd_opt(2027, 1, 10).expect("a date");
        let both = [Restriction::FLAG, Vulnerability::FLAG];
        let due = storage::customer_flags::due_of_kinds(&db, day, 2, &both)
            .await
            .expect("due");
        let restricted: Vec<String> = due
            .of::<Restriction>()
            .expect("restrictions")
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(
            restricted,
            ["Cy Third", "Bo Second"],
            "{backend}: the two longest overdue, the longest first"
        );
        let flagged = due.of::<Vulnerability>().expect("flags");
        assert_eq!(
            flagged.len(),
            1,
            "{backend}: its own limit, not the restrictions' left over"
        );
        assert_eq!(flagged[0].1, "Bo Second", "{backend}");
        assert_eq!(flagged[0].0.flag, flag, "{backend}");

        let only = storage::customer_flags::due_of_kinds(&db, day, 2, &[Vulnerability::FLAG])
            .await
            .expect("due");
        assert!(
            only.of::<Restriction>().expect("none").is_empty(),
            "{backend}: a kind not asked for is not read"
        );
        assert!(
            storage::customer_flags::due_of_kinds(&db, day, 2, &[])
                .await
                .expect("nothing asked")
                .of::<Vulnerability>()
                .expect("none")
                .is_empty(),
            "{backend}"
        );
        // Nothing is due the day before the first review date.
        let before = NaiveDate::from_ymd_opt(2027, 1, 3).expect("a date");
        let none = storage::customer_flags::due_of_kinds(&db, before, 2, &both)
            .await
            .expect("due");
        assert!(
            none.of::<Restriction>().expect("none").is_empty(),
            "{backend}"
        );
    })
    .await;
}
