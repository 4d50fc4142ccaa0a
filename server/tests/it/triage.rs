//! Triage by vulnerability and priority (Code 6.1), through the real server: staff who
//! work cases record a customer's vulnerability or risk flag and set a case's priority;
//! every member of staff sees both beside the case and on the work queue, which filters
//! and orders by them; the customer's own view shows neither; nobody else may set them.

use crate::support;

use app::error::AppError;
use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

fn review_date(days: u64) -> (String, String, String) {
    let review = domain::london::to_london(now()).date() + chrono::Days::new(days);
    (
        review.format("%-d").to_string(),
        review.format("%-m").to_string(),
        review.format("%Y").to_string(),
    )
}

#[tokio::test]
async fn an_officer_flags_a_vulnerable_customer_and_staff_see_it_where_it_cannot_be_missed() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, customer) = demo_rita(&db).await;
        let page = format!("/staff/customers/{customer}/vulnerability");
        let sam = session_for(&app, "sam.officer@example.org", password).await;
        let (status, html) = get_page(&app, &page, Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains("Record what makes Rita Resident vulnerable"),
            "{backend}"
        );

        // Refused: every problem at once, what was typed kept.
        let to = post_without_javascript(
            &app,
            "record_vulnerability",
            &page,
            &sam,
            &[
                ("customer", &customer.to_string()),
                ("support", "Call her daughter first."),
            ],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        for message in [
            "Choose at least one circumstance",
            "Say what we know of their circumstances",
            "Enter the date it will be reviewed",
            "Call her daughter first.",
        ] {
            assert!(refused.contains(message), "{backend}: {message}");
        }

        let (day, month, year) = review_date(180);
        let customer_id = customer.to_string();
        let fields = [
            ("customer", customer_id.as_str()),
            ("circumstances[]", "mental_health"),
            ("circumstances[]", "safeguarding"),
            (
                "reason",
                "Told us on 3 December she has thoughts of self-harm.",
            ),
            ("support", "Call her daughter first."),
            ("review_on_day", day.as_str()),
            ("review_on_month", month.as_str()),
            ("review_on_year", year.as_str()),
        ];

        // Nobody but staff who work cases: the customer, a panel member, an administrator,
        // a board member.
        for email in [
            "rita.resident@example.org",
            "ian.panel@example.org",
            "ada.admin@example.org",
            "bea.board@example.org",
        ] {
            let cookie = session_for(&app, email, password).await;
            let (status, body) = call_api(&app, &cookie, "record_vulnerability", &fields).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert_eq!(
                serde_json::from_str::<AppError>(&body).expect("an AppError"),
                AppError::Forbidden,
                "{backend}: {email}"
            );
            let (status, _) = get_page(&app, &page, Some(&cookie)).await;
            assert_ne!(status, StatusCode::OK, "{backend}: {email} read the page");
        }

        let to = post_without_javascript(&app, "record_vulnerability", &page, &sam, &fields).await;
        assert_eq!(to, format!("{page}?saved=recorded"), "{backend}");
        let kept = storage::customer_flags::current::<domain::triage::Vulnerability>(&db, customer)
            .await
            .expect("read")
            .expect("in force");
        assert!(kept.flag.is_risk(), "{backend}");
        assert_eq!(kept.decided_by, "Sam Officer", "{backend}");

        // Beside the customer on her case, and on the queue, filtered.
        let hers = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("her cases");
        let hers = hers.first().expect("a case of hers");
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let (_, case_page) =
            get_page(&app, &format!("/staff/cases/{}", hers.reference), Some(&mo)).await;
        for shown in [
            "At risk",
            "Safeguarding: a risk of harm to them or to others",
            "Told us on 3 December she has thoughts of self-harm.",
            "Review or remove the vulnerability flag",
        ] {
            assert!(case_page.contains(shown), "{backend}: {shown}");
        }
        let (_, queue) = get_page(&app, "/staff?scope=all&flagged=vulnerable", Some(&mo)).await;
        assert!(
            queue.contains(&hers.reference.to_string()),
            "{backend}: her case on the filtered queue"
        );
        assert!(
            queue.contains("safeguarding, mental health"),
            "{backend}: the flag on its line"
        );

        // Never on the customer's own view of her case.
        let rita_session = session_for(&app, "rita.resident@example.org", password).await;
        let (_, own) = get_page(
            &app,
            &format!("/cases/{}", hers.reference),
            Some(&rita_session),
        )
        .await;
        assert!(!own.contains("self-harm"), "{backend}");
        assert!(!own.contains("Safeguarding"), "{backend}");

        // Removing needs a reason; the record stays in the history.
        let to = post_without_javascript(
            &app,
            "remove_vulnerability",
            &page,
            &sam,
            &[("customer", &customer.to_string())],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        assert!(
            refused.contains("Say why the flag no longer applies"),
            "{backend}"
        );
        let seen = storage::customer_flags::current::<domain::triage::Vulnerability>(&db, customer)
            .await
            .expect("read")
            .expect("in force")
            .id
            .to_string();
        let to = post_without_javascript(
            &app,
            "remove_vulnerability",
            &page,
            &sam,
            &[
                ("customer", &customer.to_string()),
                ("seen", &seen),
                (
                    "remove_reason",
                    "Her support worker says she is well again.",
                ),
            ],
        )
        .await;
        assert_eq!(to, format!("{page}?saved=removed"), "{backend}");
        let (_, after) = get_page(&app, &page, Some(&sam)).await;
        assert!(after.contains("Earlier records"), "{backend}");
        assert!(
            after.contains("Her support worker says she is well again."),
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn staff_set_a_cases_priority_with_a_reason_and_the_queue_puts_it_first() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, _) = demo_rita(&db).await;
        let hers = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("her cases");
        let reference = hers.first().expect("a case of hers").reference.to_string();
        let page = format!("/staff/cases/{reference}/priority");
        let sam = session_for(&app, "sam.officer@example.org", password).await;
        let (status, html) = get_page(&app, &page, Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("How pressing is this case?"), "{backend}");

        // Raising it needs a reason.
        let to = post_without_javascript(
            &app,
            "set_priority",
            &page,
            &sam,
            &[
                ("reference", &reference),
                ("from", "standard"),
                ("priority", "urgent"),
            ],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        assert!(
            refused.contains("Say why the case is more pressing"),
            "{backend}"
        );

        let fields = [
            ("reference", reference.as_str()),
            ("from", "standard"),
            ("priority", "urgent"),
            ("priority_reason", "No heating; a baby in the home."),
        ];
        for email in [
            "rita.resident@example.org",
            "ian.panel@example.org",
            "ada.admin@example.org",
        ] {
            let cookie = session_for(&app, email, password).await;
            let (status, _) = call_api(&app, &cookie, "set_priority", &fields).await;
            assert_ne!(status, StatusCode::OK, "{backend}: {email}");
            assert!(
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                "{backend}: {email}: {status}"
            );
        }
        let to = post_without_javascript(&app, "set_priority", &page, &sam, &fields).await;
        assert_eq!(
            to,
            format!("/staff/cases/{reference}?saved=priority"),
            "{backend}"
        );
        // Someone who still saw it as standard is told it changed.
        let (status, body) = call_api(&app, &sam, "set_priority", &fields).await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend}: {body}");

        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let (_, case_page) = get_page(&app, &format!("/staff/cases/{reference}"), Some(&mo)).await;
        assert!(case_page.contains("Urgent priority"), "{backend}");
        assert!(
            case_page.contains("No heating; a baby in the home."),
            "{backend}"
        );
        assert!(
            case_page.contains("Priority raised from standard to urgent"),
            "{backend}: on the timeline"
        );
        let (_, queue) = get_page(&app, "/staff?scope=all&priority=urgent", Some(&mo)).await;
        assert!(queue.contains(&reference), "{backend}");
        assert!(queue.contains("Urgent priority"), "{backend}");
        let (_, queue) = get_page(&app, "/staff?scope=all&order=priority", Some(&mo)).await;
        let first = queue.find("queue-card__link\"").expect("a line");
        let line: String = queue[first..].chars().take(120).collect();
        assert!(
            line.contains(&reference),
            "{backend}: the urgent case comes first: {line}"
        );
        let rita_session = session_for(&app, "rita.resident@example.org", password).await;
        let (_, own) = get_page(&app, &format!("/cases/{reference}"), Some(&rita_session)).await;
        assert!(!own.contains("a baby in the home"), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn staff_record_what_was_done_for_each_adjustment_and_review_them_with_a_reminder() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, customer) = demo_rita(&db).await;
        let page = format!("/staff/customers/{customer}/adjustments");
        let sam = session_for(&app, "sam.officer@example.org", password).await;
        let (status, html) = get_page(&app, &page, Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Large print"), "{backend}");
        assert!(html.contains("Not reviewed yet."), "{backend}");
        let id = customer.to_string();

        // Only an adjustment she asked for, and what we did.
        let to = post_without_javascript(
            &app,
            "record_adjustment_action",
            &page,
            &sam,
            &[("customer", &id), ("adjustment", "interpreter")],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        assert!(
            refused.contains("Choose the adjustment it was for"),
            "{backend}"
        );
        assert!(refused.contains("Say what we did"), "{backend}");
        let to = post_without_javascript(
            &app,
            "record_adjustment_action",
            &page,
            &sam,
            &[
                ("customer", &id),
                ("adjustment", "large_print"),
                ("done", "Sent the acknowledgement in 16 point type."),
            ],
        )
        .await;
        assert_eq!(to, format!("{page}?saved=action"), "{backend}");

        // Nobody but staff who work cases.
        for email in ["rita.resident@example.org", "bea.board@example.org"] {
            let cookie = session_for(&app, email, password).await;
            let (status, _) = call_api(
                &app,
                &cookie,
                "record_adjustment_action",
                &[
                    ("customer", id.as_str()),
                    ("adjustment", "large_print"),
                    ("done", "Anything"),
                ],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
        }

        // A review due today comes up on the work queue as a reminder.
        let today = domain::london::to_london(now()).date();
        let review = domain::triage::AdjustmentsReview {
            agreed: "Large print goes on; extra time for every reply.".into(),
            reviewed_on: today - chrono::Days::new(180),
            review_on: today,
        };
        let by = storage::customer_flags::DecidedBy {
            user_id: rita.id,
            name: "Sam Officer".into(),
        };
        storage::customer_flags::decide(&db, customer, &review, &by, now())
            .await
            .expect("reviewed");
        let (_, queue) = get_page(&app, "/staff", Some(&sam)).await;
        assert!(queue.contains("Flags on customers to review"), "{backend}");
        assert!(queue.contains(&page), "{backend}: linked to the page");

        // Reviewing again moves the date on, and the reminder goes. The review names the
        // one the page showed: a stale one is refused.
        let (day, month, year) = review_date(365);
        let seen =
            storage::customer_flags::current::<domain::triage::AdjustmentsReview>(&db, customer)
                .await
                .expect("read")
                .expect("reviewed")
                .id;
        let stale = (seen - 1).to_string();
        let current = seen.to_string();
        let review_form = |seen| {
            [
                ("customer", id.as_str()),
                ("seen", seen),
                ("agreed", "Large print and extra time go on."),
                ("review_on_day", day.as_str()),
                ("review_on_month", month.as_str()),
                ("review_on_year", year.as_str()),
            ]
        };
        let to = post_without_javascript(
            &app,
            "review_adjustments",
            &page,
            &sam,
            &review_form(stale.as_str()),
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&sam)).await;
        assert!(
            refused.contains("Someone else changed this flag since you opened the page"),
            "{backend}"
        );
        let to = post_without_javascript(
            &app,
            "review_adjustments",
            &page,
            &sam,
            &review_form(current.as_str()),
        )
        .await;
        assert_eq!(to, format!("{page}?saved=review"), "{backend}");
        let (_, after) = get_page(&app, &page, Some(&sam)).await;
        assert!(
            after.contains("Large print and extra time go on."),
            "{backend}"
        );
        assert!(
            after.contains("Sent the acknowledgement in 16 point type."),
            "{backend}"
        );
        let (_, queue) = get_page(&app, "/staff", Some(&sam)).await;
        assert!(!queue.contains(&page), "{backend}: no longer due");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
