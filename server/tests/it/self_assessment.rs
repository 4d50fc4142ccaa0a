//! The self-assessment against the Complaint Handling Code through the real server: the
//! records answer what they can; the complaints manager answers the rest (a "no" needs a
//! plan, refused answers keep what was typed); only the board member approves, and only
//! once every provision is answered; approval freezes the answers and publishes the
//! self-assessment with the annual report for anyone to read without signing in.

use crate::support;

use app::error::AppError;
use reqwest::StatusCode;
use storage::test_support::{backends, count_rows};
use support::*;

#[tokio::test]
async fn the_complaints_manager_answers_the_board_approves_and_anyone_reads_it_published() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let year = domain::reports::ReportingYear::containing(today());
        let y = year.year().to_string();
        let page = format!("/reports/self-assessment?year={y}");
        let chris = session_for(&app, "chris.complaints@example.org", password).await;
        let bea = session_for(&app, "bea.board@example.org", password).await;

        let (status, html) = get_page(&app, &page, Some(&chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains("Self-assessment against the Complaint Handling Code"),
            "{backend}"
        );
        assert!(html.contains("From our records"), "{backend}");
        assert!(
            html.contains("a different person from the Stage 1 handler"),
            "{backend}"
        );
        assert!(
            html.contains("/reports/self-assessment/answer?year="),
            "{backend}: Change links"
        );
        let (_, board_view) = get_page(&app, &page, Some(&bea)).await;
        assert!(
            !board_view.contains("/reports/self-assessment/answer?year="),
            "{backend}"
        );
        assert!(board_view.contains("Approve and publish"), "{backend}");
        let (status, _) = get_page(&app, "/self-assessment", None).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{backend}: nothing published yet"
        );

        // The complaints manager answers; the board member does not, and nobody else approves.
        let answer = |code: &'static str,
                      complies: &'static str,
                      evidence: &'static str,
                      commentary: &'static str| {
            [
                ("year", y.clone()),
                ("provision", code.to_owned()),
                ("complies", complies.to_owned()),
                ("evidence", evidence.to_owned()),
                ("commentary", commentary.to_owned()),
            ]
        };
        let as_pairs =
            |fields: &[(&'static str, String)]| -> Vec<(&'static str, String)> { fields.to_vec() };
        let fields = as_pairs(&answer("1.2", "yes", "Policy section 2.", ""));
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = call_api(&app, &bea, "answer_provision", &borrowed).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(
            serde_json::from_str::<AppError>(&body).expect("an AppError"),
            AppError::Forbidden
        );
        let approve = [
            ("year", y.as_str()),
            ("response", "The board accepts the self-assessment."),
        ];
        let (status, _) = call_api(&app, &chris, "approve_self_assessment", &approve).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        // A "no" without a plan is refused, with what was typed kept.
        let refused = as_pairs(&answer("3.4", "no", "Our website is being rebuilt.", ""));
        let refused: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let to = post_without_javascript(
            &app,
            "answer_provision",
            "/reports/self-assessment/answer",
            &chris,
            &refused,
        )
        .await;
        let (_, again) = get_page(&app, &to, Some(&chris)).await;
        assert!(
            again.contains("Say why we do not comply, what we will do and by when"),
            "{backend}"
        );
        assert!(again.contains("Our website is being rebuilt."), "{backend}");

        // Approval waits for every provision.
        let to =
            post_without_javascript(&app, "approve_self_assessment", &page, &bea, &approve).await;
        let (_, waiting) = get_page(&app, &to, Some(&bea)).await;
        assert!(
            waiting.contains("Every provision needs an answer before approval"),
            "{backend}"
        );

        let facts = storage::self_assessment::facts(
            &db,
            &domain::Calendar::england_and_wales(),
            year,
            today(),
        )
        .await
        .expect("facts");
        let open = domain::self_assessment::unanswered(|_| false, &facts);
        assert!(!open.is_empty(), "{backend}");
        for (i, p) in open.iter().enumerate() {
            let fields = if i == 0 {
                answer(
                    p.code,
                    "no",
                    "",
                    "We will add it to the policy by 1 June 2027.",
                )
            } else {
                answer(p.code, "yes", "Complaints policy, and staff guidance.", "")
            };
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let to = post_without_javascript(
                &app,
                "answer_provision",
                "/reports/self-assessment/answer",
                &chris,
                &fields,
            )
            .await;
            assert!(
                to.starts_with(&format!(
                    "/reports/self-assessment?year={y}&saved={}",
                    p.code
                )),
                "{backend}: {to}"
            );
        }
        let (_, answered) = get_page(&app, &page, Some(&chris)).await;
        assert!(
            answered.contains("We will add it to the policy by 1 June 2027."),
            "{backend}"
        );
        assert!(
            answered.contains("Answered by Chris Complaints"),
            "{backend}"
        );

        let response = "The board accepts the self-assessment and asks for a plan on each provision we do not meet.";
        let to = post_without_javascript(
            &app,
            "approve_self_assessment",
            &page,
            &bea,
            &[("year", y.as_str()), ("response", response)],
        )
        .await;
        assert_eq!(
            to,
            format!("/reports/self-assessment?year={y}&approved=1"),
            "{backend}"
        );
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM self_assessment_answers")
                .await
                .expect("count"),
            domain::self_assessment::PROVISIONS.len() as i64,
            "{backend}: every answer frozen"
        );

        // Frozen: no more answers, no second approval.
        let late = answer("1.2", "no", "", "Changed our mind.");
        let late: Vec<(&str, &str)> = late.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let to = post_without_javascript(
            &app,
            "answer_provision",
            "/reports/self-assessment/answer",
            &chris,
            &late,
        )
        .await;
        let (_, frozen) = get_page(&app, &to, Some(&chris)).await;
        assert!(
            frozen.contains("approved and published: its answers no longer change"),
            "{backend}"
        );

        // Published for anyone, with the annual report and the governing body's response.
        let (status, public) = get_page(&app, "/self-assessment", None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for text in [
            response,
            "Complaints annual report",
            "We will add it to the policy by 1 June 2027.",
            "a different person from the Stage 1 handler",
            "Approved by Bea Board",
        ] {
            assert!(public.contains(text), "{backend}: {text}");
        }
        assert!(
            !public.contains("Rita Resident"),
            "{backend}: no personal data"
        );
        app.stop().await;
    }
}
