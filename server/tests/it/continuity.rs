//! Exceptional circumstances through the real server: only an admin declares a
//! business-continuity period; a refused declaration keeps what was typed; a declared one
//! moves the open complaints' deadlines at once (the server counts with the new calendar
//! without a restart), each moved deadline says why on its timeline, each resident with an
//! open complaint is sent the notice, and everyone sees the notice on the front page until
//! the period ends.

use crate::support;

use app::error::AppError;
use chrono::Datelike;
use reqwest::StatusCode;
use storage::test_support::{backends, count_rows};
use support::*;

#[tokio::test]
async fn an_admin_declares_a_period_deadlines_move_residents_are_told_and_the_notice_shows() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, _customer) = demo_rita(&db).await;
        let page = "/admin/continuity";
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let (status, html) = get_page(&app, page, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Declare a period"), "{backend}");
        let (_, home) = get_page(&app, "/", None).await;
        assert!(!home.contains("exceptional circumstances"), "{backend}");

        let today = today();
        let last = today + chrono::Days::new(20);
        let parts = |d: chrono::NaiveDate| {
            (
                d.day().to_string(),
                d.month().to_string(),
                d.year().to_string(),
            )
        };
        let (fd, fm, fy) = parts(today);
        let (td, tm, ty) = parts(last);
        let fields = [
            ("from_day", fd.as_str()),
            ("from_month", fm.as_str()),
            ("from_year", fy.as_str()),
            ("to_day", td.as_str()),
            ("to_month", tm.as_str()),
            ("to_year", ty.as_str()),
            ("reason", "Cyber attack on our housing system"),
            ("approved_by", "Executive team"),
            ("effect", "stopped"),
        ];

        // Nobody else declares one: the complaints manager, a manager, a resident.
        for email in [
            "chris.complaints@example.org",
            "mo.manager@example.org",
            "rita.resident@example.org",
        ] {
            let cookie = session_for(&app, email, password).await;
            let (status, body) = call_api(&app, &cookie, "declare_continuity", &fields).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert_eq!(
                serde_json::from_str::<AppError>(&body).expect("an AppError"),
                AppError::Forbidden,
                "{backend}: {email}"
            );
            let (status, _) = get_page(&app, page, Some(&cookie)).await;
            assert_ne!(status, StatusCode::OK, "{backend}: {email} read the page");
        }

        // Refused: every problem at once, next to its field, what was typed kept.
        let to = post_without_javascript(
            &app,
            "declare_continuity",
            page,
            &ada,
            &[
                ("from_day", td.as_str()),
                ("from_month", tm.as_str()),
                ("from_year", ty.as_str()),
                ("to_day", fd.as_str()),
                ("to_month", fm.as_str()),
                ("to_year", fy.as_str()),
                ("reason", "Flood in the contact centre"),
                ("effect", "extended"),
                ("extra_days", "99"),
            ],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&ada)).await;
        for message in [
            "The last day must be the same as or after the first day",
            "Say who approved the revised timescales",
            "Enter the extra working days as a whole number from 1 to 20",
        ] {
            assert!(refused.contains(message), "{backend}: {message}");
        }
        assert!(refused.contains("Flood in the contact centre"), "{backend}");
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM continuity_periods")
                .await
                .expect("count"),
            0,
            "{backend}"
        );

        let open_before = count_rows(
            &db,
            "SELECT COUNT(*) FROM cases WHERE kind = 'complaint' AND phase IN ('received', 'stage1', 'stage1_responded', 'stage2') AND customer_id IS NOT NULL",
        )
        .await
        .expect("count");
        let to = post_without_javascript(&app, "declare_continuity", page, &ada, &fields).await;
        assert!(
            to.starts_with("/admin/continuity?declared="),
            "{backend}: {to}"
        );
        let moved: i64 = to
            .split("moved=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .and_then(|n| n.parse().ok())
            .expect("moved");
        assert!(moved > 0, "{backend}: the open complaints' deadlines moved");
        assert!(
            to.ends_with(&format!("told={open_before}")),
            "{backend}: {to}"
        );
        assert_eq!(
            count_rows(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'continuity:%'"
            )
            .await
            .expect("count"),
            open_before,
            "{backend}"
        );
        // The moved deadlines say why on their timelines.
        assert_eq!(
            count_rows(
                &db,
                "SELECT COUNT(*) FROM timeline WHERE kind = 'deadline_recounted' AND details LIKE '%business-continuity period%'"
            )
            .await
            .expect("count"),
            moved,
            "{backend}"
        );
        let (_, listed) = get_page(&app, &to, Some(&ada)).await;
        assert!(listed.contains("The period is declared."), "{backend}");
        assert!(
            listed.contains("Cyber attack on our housing system"),
            "{backend}"
        );
        assert!(listed.contains("Not recorded yet"), "{backend}");

        // The same server counts with the new calendar at once: a case's deadline explains it.
        let (_, home) = get_page(&app, "/", None).await;
        assert!(
            home.contains(
                "Because of exceptional circumstances (Cyber attack on our housing system)"
            ),
            "{backend}"
        );
        let hers = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("her cases");
        let reference = &hers
            .iter()
            .find(|c| c.phase == "stage1" && c.next_due.is_some_and(|d| d >= today))
            .expect("an open Stage 1 complaint of hers, due from today")
            .reference;
        let cm = session_for(&app, "chris.complaints@example.org", password).await;
        let (_, case_page) = get_page(&app, &format!("/staff/cases/{reference}"), Some(&cm)).await;
        assert!(
            case_page.contains("the clock was stopped"),
            "{backend}: the deadline's explanation names the period"
        );

        // A second, overlapping period is refused; the Ombudsman's date is recorded.
        let to = post_without_javascript(&app, "declare_continuity", page, &ada, &fields).await;
        let (_, refused) = get_page(&app, &to, Some(&ada)).await;
        assert!(
            refused.contains("This period overlaps one already declared"),
            "{backend}"
        );
        let id = storage::continuity::all(&db).await.expect("read")[0]
            .id
            .to_string();
        let to = post_without_javascript(
            &app,
            "continuity_ombudsman_told",
            page,
            &ada,
            &[
                ("period", id.as_str()),
                ("told_day", fd.as_str()),
                ("told_month", fm.as_str()),
                ("told_year", fy.as_str()),
            ],
        )
        .await;
        assert_eq!(
            to,
            format!("/admin/continuity?told_ombudsman={id}"),
            "{backend}"
        );

        // Ended early today: the notice stays for today, and the deadlines move back.
        let to = post_without_javascript(
            &app,
            "end_continuity",
            page,
            &ada,
            &[
                ("period", id.as_str()),
                ("ends_day", fd.as_str()),
                ("ends_month", fm.as_str()),
                ("ends_year", fy.as_str()),
            ],
        )
        .await;
        assert!(
            to.starts_with(&format!("/admin/continuity?ended={id}")),
            "{backend}: {to}"
        );
        let stored = storage::continuity::all(&db).await.expect("read");
        assert_eq!(stored[0].period.to(), today, "{backend}");
        assert_eq!(stored[0].ombudsman_told_on, Some(today), "{backend}");
        app.stop().await;
    }
}
