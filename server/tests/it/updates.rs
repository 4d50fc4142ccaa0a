//! Keeping the customer informed (Code 5.9, 6.6), through the real server: an officer
//! agrees weekly updates with the customer and records one; the customer sees it on their
//! own case; once the next is due, the case's line on the queue says so and its handler
//! is reminded, once.

use crate::support;

use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

#[tokio::test]
async fn staff_agree_updates_record_them_the_customer_sees_them_and_a_due_one_is_flagged() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, _) = demo_rita(&db).await;
        // An open complaint of hers.
        let calendar = domain::Calendar::england_and_wales();
        let open = storage::worklist::list(
            &db,
            &storage::worklist::WorklistFilter {
                kind: Some(domain::lifecycle::CaseKind::Complaint),
                search: Some("Rita Resident".into()),
                ..Default::default()
            },
            &calendar,
        )
        .await
        .expect("listed");
        let row = open.rows.first().expect("an open complaint of hers");
        let (reference, id) = (row.reference.to_string(), row.id);
        assert!(rita.id > 0);
        let page = format!("/staff/cases/{reference}/updates");
        let sam = session_for(&app, "sam.officer@example.org", password).await;
        let (status, html) = get_page(&app, &page, Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("No regular updates agreed yet."), "{backend}");

        let to = post_without_javascript(
            &app,
            "agree_updates",
            &page,
            &sam,
            &[("reference", &reference), ("every", "monthly")],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        assert!(
            refused.contains("Choose how often we update them"),
            "{backend}"
        );
        let to = post_without_javascript(
            &app,
            "agree_updates",
            &page,
            &sam,
            &[("reference", &reference), ("every", "weekly")],
        )
        .await;
        assert_eq!(to, format!("{page}?saved=agreed"), "{backend}");
        let today = domain::london::to_london(now()).date();
        let stored = storage::cases::load(&db, id, &calendar)
            .await
            .expect("loaded");
        assert_eq!(
            stored.updates,
            Some((
                domain::updates::UpdateInterval::Weekly,
                today + chrono::Days::new(7)
            )),
            "{backend}"
        );

        // An update needs how and what; the customer sees what we told her.
        let to = post_without_javascript(
            &app,
            "record_update",
            &page,
            &sam,
            &[("reference", &reference)],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        assert!(refused.contains("Choose how we updated them"), "{backend}");
        assert!(refused.contains("Say what we told them"), "{backend}");
        let told = "The surveyor visits on Tuesday between 9 and 1.";
        let to = post_without_javascript(
            &app,
            "record_update",
            &page,
            &sam,
            &[
                ("reference", &reference),
                ("how", "phone"),
                ("summary", told),
            ],
        )
        .await;
        assert_eq!(
            to,
            format!("/staff/cases/{reference}?saved=update"),
            "{backend}"
        );
        let rita_session = session_for(&app, "rita.resident@example.org", password).await;
        let (_, own) = get_page(&app, &format!("/cases/{reference}"), Some(&rita_session)).await;
        assert!(
            own.contains("We updated the customer (by phone)"),
            "{backend}"
        );
        assert!(own.contains(told), "{backend}");
        // Nobody else records one for her case.
        let (status, _) = call_api(
            &app,
            &rita_session,
            "record_update",
            &[
                ("reference", reference.as_str()),
                ("how", "phone"),
                ("summary", "Anything"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        // Agreed eight days ago and not updated since: due, on the queue and as a reminder.
        let who = storage::cases::Who::system();
        storage::cases::agree_updates(
            &db,
            id,
            domain::updates::UpdateInterval::Weekly,
            &who,
            now() - chrono::Duration::days(8),
        )
        .await
        .expect("agreed");
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let (_, queue) = get_page(
            &app,
            &format!("/staff?scope=all&search={reference}"),
            Some(&mo),
        )
        .await;
        assert!(queue.contains("Update due"), "{backend}");
        let (_, case_page) = get_page(&app, &format!("/staff/cases/{reference}"), Some(&mo)).await;
        assert!(case_page.contains("Update due"), "{backend}");
        server::mail::scan(&db, &calendar, now())
            .await
            .expect("scan");
        server::mail::scan(&db, &calendar, now())
            .await
            .expect("scan");
        let reminders = storage::outbox::newest(&db, 500)
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.subject == format!("Update due: {reference}"))
            .count();
        assert_eq!(reminders, 1, "{backend}: once, to her handler");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
