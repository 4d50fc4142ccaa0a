//! Policy versions through the real server: only an administrator sees and adds them; a
//! version slower than the Complaint Handling Code is refused field by field with what was
//! typed kept; a version added takes effect for complaints received from its date, while a
//! complaint already open keeps its own. On SQLite and, when configured, PostgreSQL.

use crate::support;

use chrono::{Datelike, Days};
use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

const PAGE: &str = "/admin/policies";

fn form(
    id: &str,
    effective: chrono::NaiveDate,
    stage1_respond: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("id", id.to_owned()),
        ("effective_day", effective.day().to_string()),
        ("effective_month", effective.month().to_string()),
        ("effective_year", effective.year().to_string()),
        ("cut_off", "16:00".to_owned()),
        ("stage1_contact", "2".to_owned()),
        ("stage1_acknowledge", "3".to_owned()),
        ("stage1_respond", stage1_respond.to_owned()),
        ("stage1_extension", "10".to_owned()),
        ("stage2_contact", "3".to_owned()),
        ("stage2_acknowledge", "5".to_owned()),
        ("stage2_respond", "15".to_owned()),
        ("stage2_extension", "20".to_owned()),
        ("eligibility_months", "18".to_owned()),
        ("ombudsman_months", "12".to_owned()),
    ]
}

#[tokio::test]
async fn an_administrator_adds_a_policy_version_within_the_code_and_open_complaints_keep_theirs() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let chris = session_for(&app, "chris.complaints@example.org", password).await;

        let (status, _) = get_page(&app, PAGE, Some(&chris)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = call_api(&app, &chris, "add_policy_version", &[("id", "2031")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        let (status, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("Version 2024"), "{backend}");
        assert!(main.contains("In force"), "{backend}");
        assert!(main.contains("Superseded"), "{backend}");
        assert!(
            input_with(main, &[r#"name="stage2_respond""#, r#"value="20""#]).is_some(),
            "{backend}: prefilled from the latest version"
        );

        // Slower than the Code: refused, what was typed kept.
        let tomorrow = today().checked_add_days(Days::new(1)).expect("a date");
        let slow = form("2031", tomorrow, "12");
        let pairs: Vec<(&str, &str)> = slow.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back = post_without_javascript(&app, "add_policy_version", PAGE, &ada, &pairs).await;
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(
            main.contains("The Stage 1 response must be from 1 to 10 working days"),
            "{backend}: {main}"
        );
        assert!(
            input_with(main, &[r#"name="stage1_respond""#, r#"value="12""#]).is_some(),
            "{backend}: kept"
        );

        // A complaint open under 2024 before the new version.
        let (open_id, _) = new_case_for(
            &db,
            &domain::Calendar::england_and_wales(),
            storage::cases::Opening::Complaint,
            domain::Channel::Phone,
            now(),
            pat_caller(),
            "Before the change",
        )
        .await;

        let good = form("2031", today(), "8");
        let pairs: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back = post_without_javascript(&app, "add_policy_version", PAGE, &ada, &pairs).await;
        assert_eq!(back, format!("{PAGE}?added=2031"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(main.contains("Policy version 2031 is added."), "{backend}");
        assert!(
            main.contains(r#"Version 2031 <strong class="tag tag--green">In force"#),
            "{backend}: {main}"
        );
        // Never twice.
        let back = post_without_javascript(&app, "add_policy_version", PAGE, &ada, &pairs).await;
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        assert!(
            main_part(&html).contains("There is already a policy version 2031"),
            "{backend}"
        );

        let calendar = domain::Calendar::england_and_wales();
        let case = storage::cases::load(&db, open_id, &calendar)
            .await
            .expect("loaded");
        assert_eq!(
            case.case
                .as_complaint()
                .expect("a complaint")
                .policy()
                .id
                .to_string(),
            "2024",
            "{backend}: an open complaint keeps its version"
        );

        // A complaint made through the form now is received under 2031, figures and all.
        let response = crate::api::post_make(&app, &crate::api::complaint_fields(), None).await;
        let to = crate::api::location(&response);
        let response = app
            .client
            .post(app.url("/api/confirm_draft"))
            .header(reqwest::header::ACCEPT, "text/html")
            .header(reqwest::header::REFERER, app.url(&to))
            .form(&[("draft", crate::api::draft_of(&to))])
            .send()
            .await
            .expect("request");
        let track = crate::api::location(&response);
        let made = storage::cases::find_by_tracking_token(
            &db,
            track.trim_start_matches("/track/"),
            &calendar,
        )
        .await
        .expect("the case");
        let policy = *made.case.as_complaint().expect("a complaint").policy();
        assert_eq!(policy.id.to_string(), "2031", "{backend}");
        assert_eq!(policy.stage1.respond, 8, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
