//! Restricting how a customer contacts us, through the real server: a manager decides it
//! with its reason and review date, every member of staff sees it beside the customer on
//! their cases, the customer's complaint goes on as before, and only managers and the
//! complaints manager may decide or lift it.

use crate::support;

use app::error::AppError;
use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

#[tokio::test]
async fn a_manager_restricts_contact_staff_see_it_and_only_managers_may_decide() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, customer) = demo_rita(&db).await;
        let page = format!("/staff/customers/{customer}/restriction");
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let (status, html) = get_page(&app, &page, Some(&mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains("Restrict how we contact Rita Resident"),
            "{backend}"
        );

        // Refused: every problem at once, what was typed kept.
        let to = post_without_javascript(
            &app,
            "decide_restriction",
            &page,
            &mo,
            &[
                ("customer", &customer.to_string()),
                ("kind", "other"),
                ("reason", "Abusive voicemails on 2 and 3 December."),
                ("review_on_day", "1"),
                ("review_on_month", "1"),
                ("review_on_year", "2020"),
            ],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&mo)).await;
        assert!(refused.contains("Say what is restricted"), "{backend}");
        assert!(
            refused.contains("The review date must be after today"),
            "{backend}"
        );
        assert!(
            refused.contains("Abusive voicemails on 2 and 3 December."),
            "{backend}"
        );

        let review = domain::london::to_london(now()).date() + chrono::Days::new(90);
        let (day, month, year) = (
            review.format("%-d").to_string(),
            review.format("%-m").to_string(),
            review.format("%Y").to_string(),
        );
        let fields = [
            ("customer", customer.to_string()),
            ("kind", "written_only".to_owned()),
            (
                "reason",
                "Abusive voicemails on 2 and 3 December.".to_owned(),
            ),
            ("review_on_day", day),
            ("review_on_month", month),
            ("review_on_year", year),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();

        // Nobody else decides: an officer, the customer, a panel member, an administrator.
        for email in [
            "sam.officer@example.org",
            "rita.resident@example.org",
            "ian.panel@example.org",
            "ada.admin@example.org",
        ] {
            let cookie = session_for(&app, email, password).await;
            let (status, body) = call_api(&app, &cookie, "decide_restriction", &fields).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert_eq!(
                serde_json::from_str::<AppError>(&body).expect("an AppError"),
                AppError::Forbidden,
                "{backend}: {email}"
            );
            let (status, _) = get_page(&app, &page, Some(&cookie)).await;
            assert_ne!(status, StatusCode::OK, "{backend}: {email} read the page");
        }
        assert_eq!(
            storage::customer_flags::current::<domain::restriction::Restriction>(&db, customer)
                .await
                .expect("read"),
            None,
            "{backend}"
        );

        let to = post_without_javascript(&app, "decide_restriction", &page, &mo, &fields).await;
        assert_eq!(to, format!("{page}?saved=decided"), "{backend}");
        let kept =
            storage::customer_flags::current::<domain::restriction::Restriction>(&db, customer)
                .await
                .expect("read")
                .expect("in force");
        assert_eq!(kept.decided_by, "Mo Manager", "{backend}");
        assert_eq!(kept.flag.review_on, review, "{backend}");

        // Beside the customer on each of her cases, for every member of staff.
        let hers = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("her cases");
        let hers = hers.first().expect("a case of hers");
        let sam = session_for(&app, "sam.officer@example.org", password).await;
        let (_, case_page) = get_page(
            &app,
            &format!("/staff/cases/{}", hers.reference),
            Some(&sam),
        )
        .await;
        assert!(case_page.contains("Contact restricted"), "{backend}");
        assert!(
            case_page.contains("Contact in writing only: letters or email, no calls"),
            "{backend}"
        );
        assert!(
            !case_page.contains("Review or lift the contact restriction"),
            "{backend}: an officer does not decide"
        );
        let (_, case_page) =
            get_page(&app, &format!("/staff/cases/{}", hers.reference), Some(&mo)).await;
        assert!(
            case_page.contains("Review or lift the contact restriction"),
            "{backend}"
        );

        // Lifting needs a reason.
        let to = post_without_javascript(
            &app,
            "lift_restriction",
            &page,
            &mo,
            &[("customer", &customer.to_string())],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&mo)).await;
        assert!(
            refused.contains("Say why the restriction is lifted"),
            "{backend}"
        );
        // Lifting names the restriction the page showed: posted without it (as if none
        // were in force when the page was read), it is refused, nothing overwritten.
        let in_force =
            storage::customer_flags::current::<domain::restriction::Restriction>(&db, customer)
                .await
                .expect("read")
                .expect("in force");
        let customer_text = customer.to_string();
        let seen_text = in_force.id.to_string();
        let lift = |seen: &'static str| {
            [
                ("customer", customer_text.as_str()),
                ("seen", seen),
                ("lift_reason", "An apology and calm calls since."),
            ]
        };
        let to = post_without_javascript(&app, "lift_restriction", &page, &mo, &lift("")).await;
        let (_, refused) = get_page(&app, &to, Some(&mo)).await;
        assert!(
            refused.contains("Someone else changed this flag since you opened the page"),
            "{backend}"
        );
        let to = post_without_javascript(
            &app,
            "lift_restriction",
            &page,
            &mo,
            &[
                ("customer", customer_text.as_str()),
                ("seen", seen_text.as_str()),
                ("lift_reason", "An apology and calm calls since."),
            ],
        )
        .await;
        assert_eq!(to, format!("{page}?saved=lifted"), "{backend}");
        let (_, after) = get_page(&app, &page, Some(&mo)).await;
        assert!(after.contains("Earlier decisions"), "{backend}");
        assert!(
            after.contains("An apology and calm calls since."),
            "{backend}"
        );

        // One decided three months ago comes up for review today on the work queue of
        // those who decide, not of an officer.
        let today = domain::london::to_london(now()).date();
        let earlier = domain::restriction::Restriction {
            kind: domain::restriction::RestrictionKind::SetTimes,
            detail: Some("Tuesdays 10:00 to 12:00".into()),
            reason: "Repeated calls to the out-of-hours line.".into(),
            decided_on: today - chrono::Days::new(90),
            review_on: today,
        };
        let by = storage::customer_flags::DecidedBy {
            user_id: rita.id,
            name: "Mo Manager".into(),
        };
        storage::customer_flags::decide(&db, customer, &earlier, &by, now())
            .await
            .expect("decided");
        let (_, queue) = get_page(&app, "/staff", Some(&mo)).await;
        assert!(queue.contains("Flags on customers to review"), "{backend}");
        assert!(
            queue.contains("1 flag on a customer to review"),
            "{backend}"
        );
        assert!(
            queue.contains(&page),
            "{backend}: linked to the restriction"
        );
        let (_, queue) = get_page(&app, "/staff", Some(&sam)).await;
        assert!(!queue.contains("Flags on customers to review"), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
