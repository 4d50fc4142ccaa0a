//! A business-continuity period, declared, joins the working-day calendar: the open
//! complaints are counted again with it (each moved deadline saying why), the residents
//! with open complaints are each sent the notice once, overlapping periods are refused,
//! and ending one early moves the calendar again.

use chrono::{DateTime, TimeZone, Utc};
use domain::calendar::{ContinuityEffect, ContinuityError, ContinuityPeriod};
use domain::form::{ContactMethod, CustomerType, EmailAddress};
use domain::{Calendar, Description};
use storage::cases::{self, CaseDetails, CaseId, NewCase, Opening, Who};
use storage::customers::CustomerDetails;
use storage::test_support::{count_rows, on_each_backend};

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("a valid time")
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

async fn complaint(db: &storage::Db, received_at: DateTime<Utc>, customer: Option<i32>) -> CaseId {
    let calendar = Calendar::england_and_wales();
    let details = CaseDetails::describing(Description::parse("The lift is broken").expect("text"));
    let new = NewCase {
        channel: domain::Channel::Phone,
        received_at,
        customer: customer.map(cases::CustomerChoice::Existing),
        case: NewCase::initial_state(Opening::Complaint, received_at, &details, &calendar),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    cases::create(db, new, &calendar).await.expect("created").id
}

fn period(from: chrono::NaiveDate, to: chrono::NaiveDate) -> ContinuityPeriod {
    ContinuityPeriod::new(
        from,
        to,
        "Cyber attack on our housing system",
        "Executive team",
        ContinuityEffect::ClockStopped,
    )
    .expect("a period")
}

#[tokio::test]
async fn a_declared_period_recounts_open_complaints_and_tells_each_resident_once() {
    on_each_backend(|db, backend| async move {
        let now = at(2026, 12, 2, 10);
        let before = Calendar::england_and_wales();
        let customer = storage::customers::create(
            &db,
            None,
            &CustomerDetails {
                name: "Cara Customer".into(),
                describes_you: CustomerType::Tenant,
                phone: None,
                email: Some(EmailAddress::parse("cara@example.org").expect("an address")),
                preferred_contact: Some(ContactMethod::Email),
                adjustments: Vec::new(),
                address: None,
                postcode: None,
            },
            now,
        )
        .await
        .expect("a customer")
        .id;
        // Received Wednesday 2 December 2026: contact due within days, in the period.
        let open = complaint(&db, now, Some(customer)).await;
        let anonymous = complaint(&db, now, None).await;
        let due_before = cases::load(&db, open, &before)
            .await
            .expect("loaded")
            .case
            .next_due(&before)
            .expect("a deadline");

        let stopped = period(day(2026, 12, 3), day(2026, 12, 11));
        let id = storage::continuity::declare(&db, &stopped, None, 1, now)
            .await
            .expect("stored")
            .expect("declared");
        // A second period that overlaps is refused; one after it is not.
        let overlapping = period(day(2026, 12, 11), day(2026, 12, 14));
        assert_eq!(
            storage::continuity::declare(&db, &overlapping, None, 1, now)
                .await
                .expect("stored"),
            Err(ContinuityError::Overlaps),
            "{backend}"
        );

        let after = storage::reference::calendar(&db).await.expect("calendar");
        assert_eq!(
            after.continuity(),
            std::slice::from_ref(&stopped),
            "{backend}"
        );
        assert_ne!(after.version(), before.version(), "{backend}");
        let done =
            storage::recount::recount(&db, &after, "we declared a business-continuity period", now)
                .await
                .expect("recounted");
        assert_eq!(done.counted, 2, "{backend}");
        let moved = done
            .moved
            .iter()
            .find(|m| m.from == Some(due_before))
            .expect("the customer's case moved");
        // Every weekday of the period (3, 4, 7 to 11 December: 7 days) is skipped.
        assert!(
            moved.to.expect("a date") > day(2026, 12, 11),
            "{backend}: past the period"
        );
        assert_eq!(
            before.working_days_between(day(2026, 12, 2), due_before),
            after.working_days_between(day(2026, 12, 2), moved.to.expect("a date")),
            "{backend}: the same number of working days, counted around the period"
        );

        let told = storage::continuity::tell_residents(&db, id, &after, now)
            .await
            .expect("told");
        assert_eq!(told, 1, "{backend}: only the complaint with a customer");
        let again = storage::continuity::tell_residents(&db, id, &after, now)
            .await
            .expect("told");
        assert_eq!(again, 0, "{backend}: never twice");
        let sent = storage::outbox::newest(&db, 10).await.expect("outbox");
        let notice = sent
            .iter()
            .find(|m| m.dedupe_key == format!("continuity:{id}:{}", open.0))
            .expect("the notice");
        assert_eq!(
            notice.to_email.as_deref(),
            Some("cara@example.org"),
            "{backend}"
        );
        assert!(
            notice.body.contains("Cyber attack on our housing system"),
            "{backend}"
        );
        assert!(
            notice.body.contains("Monday 14 December 2026"),
            "{backend}: back to normal"
        );
        assert!(
            sent.iter().all(|m| m.case_id != Some(anonymous)),
            "{backend}"
        );
        let stored = storage::continuity::all(&db).await.expect("read");
        assert_eq!(stored.len(), 1, "{backend}");
        assert_eq!(stored[0].residents_told, 1, "{backend}");

        storage::continuity::record_ombudsman_told(&db, id, day(2026, 12, 3))
            .await
            .expect("recorded");
        let ended = storage::continuity::end_early(&db, id, day(2026, 12, 4))
            .await
            .expect("stored")
            .expect("ended");
        assert_eq!(ended.to(), day(2026, 12, 4), "{backend}");
        let shorter = storage::reference::calendar(&db).await.expect("calendar");
        assert_ne!(shorter.version(), after.version(), "{backend}");
        assert!(shorter.is_working_day(day(2026, 12, 7)), "{backend}");
        let stored = storage::continuity::all(&db).await.expect("read");
        assert_eq!(
            stored[0].ombudsman_told_on,
            Some(day(2026, 12, 3)),
            "{backend}"
        );
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM continuity_periods")
                .await
                .expect("count"),
            1,
            "{backend}"
        );
        // Now the later period fits.
        assert!(
            storage::continuity::declare(&db, &overlapping, None, 1, now)
                .await
                .expect("stored")
                .is_ok(),
            "{backend}"
        );
    })
    .await;
}
