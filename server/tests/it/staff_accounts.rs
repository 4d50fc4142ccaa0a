//! Staff accounts against the real server on port 0 with the demo data: only an
//! administrator lists and adds accounts and sets who manages whom; a manager must be able
//! to manage people, and nobody ends up managing themselves, directly or round a circle.
//! Every test runs on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is
//! set.

use crate::support;

use app::error::AppError;
use app::staff_accounts::StaffList;
use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

const PASSWORD: &str = server::demo::DEMO_PASSWORD;

async fn call(
    app: &TestApp,
    cookie: &str,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(header::COOKIE, cookie)
        .form(fields)
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

fn refused_field(body: &str) -> String {
    match serde_json::from_str::<AppError>(body).expect("an AppError") {
        AppError::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn accounts(app: &TestApp, cookie: &str) -> StaffList {
    let (status, body) = call(app, cookie, "staff_accounts", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("accounts")
}

#[tokio::test]
async fn an_administrator_sets_who_manages_whom_and_circles_are_refused() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        for email in [
            "chris.complaints@example.org",
            "sam.officer@example.org",
            "rita.resident@example.org",
        ] {
            let cookie = session_for(&app, email, PASSWORD).await;
            let (status, body) = call(&app, &cookie, "staff_accounts", &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert!(!body.contains("sam.officer"), "{backend}: {email}");
            let (status, _) = get_page(&app, "/admin/staff", Some(&cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
        }

        let list = accounts(&app, &ada).await;
        let id = |name: &str| {
            list.people
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name}"))
                .id
                .to_string()
        };
        let sam = list
            .people
            .iter()
            .find(|p| p.name == "Sam Officer")
            .expect("Sam");
        assert_eq!(sam.manager.as_deref(), Some("Mo Manager"), "{backend}");
        assert!(
            list.people
                .iter()
                .all(|p| p.name != "Rita Resident" && p.name != "Ian Panel")
        );
        let managers: Vec<&str> = list.managers.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            managers,
            ["Chris Complaints", "Hana Head", "Mo Manager"],
            "{backend}"
        );

        // Refused, each at the manager field, with nothing changed.
        for (member, manager) in [
            ("Mo Manager", "Sam Officer"),      // an officer manages nobody
            ("Mo Manager", "Mo Manager"),       // nor does anyone manage themselves
            ("Chris Complaints", "Mo Manager"), // Chris manages Mo: a circle
            ("Hana Head", "Mo Manager"),        // Mo reports to Chris, who reports to Hana
        ] {
            let (status, body) = call(
                &app,
                &ada,
                "set_manager",
                &[("member", &id(member)), ("manager", &id(manager))],
            )
            .await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{backend}: {member} {body}"
            );
            assert_eq!(refused_field(&body), "manager", "{backend}");
        }
        assert_eq!(
            accounts(&app, &ada).await,
            list,
            "{backend}: nothing changed"
        );

        // Sam moves to Chris; then to nobody.
        let (status, body) = call(
            &app,
            &ada,
            "set_manager",
            &[
                ("member", &id("Sam Officer")),
                ("manager", &id("Chris Complaints")),
            ],
        )
        .await;
        assert!(status.is_success(), "{backend}: {body}");
        let chris_team =
            storage::accounts::team_of(&db, id("Chris Complaints").parse().expect("id"))
                .await
                .expect("team");
        let names: Vec<&str> = chris_team.iter().map(|a| a.display_name.as_str()).collect();
        assert_eq!(names, ["Mo Manager", "Sam Officer"], "{backend}");
        let (status, _) = call(
            &app,
            &ada,
            "set_manager",
            &[("member", &id("Sam Officer")), ("manager", "")],
        )
        .await;
        assert!(status.is_success(), "{backend}");
        let sam = accounts(&app, &ada)
            .await
            .people
            .into_iter()
            .find(|p| p.name == "Sam Officer")
            .expect("Sam");
        assert_eq!(sam.manager, None, "{backend}");
        // A resident is not an account this page manages.
        let rita = storage::accounts::find_by_email(&db, "rita.resident@example.org")
            .await
            .expect("query")
            .expect("Rita")
            .id
            .to_string();
        let (status, _) = call(
            &app,
            &ada,
            "set_manager",
            &[("member", &rita), ("manager", &id("Mo Manager"))],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_administrator_adds_a_staff_account_that_can_sign_in() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let mo = accounts(&app, &ada)
            .await
            .people
            .into_iter()
            .find(|p| p.name == "Mo Manager")
            .expect("Mo")
            .id
            .to_string();
        let add = |name: &'static str,
                   email: &'static str,
                   role: &'static str,
                   password: &'static str| {
            vec![
                ("name", name),
                ("email", email),
                ("role", role),
                ("manager", ""),
                ("password", password),
            ]
        };
        for (fields, field) in [
            (
                add("", "pat@example.org", "officer", "three random words"),
                "name",
            ),
            (
                add(
                    "Pat Officer",
                    "not an address",
                    "officer",
                    "three random words",
                ),
                "email",
            ),
            (
                add("Pat Officer", "pat@example.org", "", "three random words"),
                "role",
            ),
            (
                add(
                    "Pat Officer",
                    "pat@example.org",
                    "resident",
                    "three random words",
                ),
                "role",
            ),
            (
                add("Pat Officer", "pat@example.org", "officer", "short"),
                "password",
            ),
            (
                add(
                    "Pat Officer",
                    "sam.officer@example.org",
                    "officer",
                    "three random words",
                ),
                "email",
            ),
        ] {
            let (status, body) = call(&app, &ada, "add_staff", &fields).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
            assert_eq!(refused_field(&body), field, "{backend}");
        }
        // Without JavaScript, a refused form comes back as typed, all but the password.
        let mut refused = add("Pat Officer", "pat@example.org", "officer", "short");
        refused[3] = ("manager", mo.as_str());
        let back = post_without_javascript(&app, "add_staff", "/admin/staff", &ada, &refused).await;
        assert!(back.starts_with("/admin/staff?"), "{backend}: {back}");
        assert!(
            !back.contains("short"),
            "{backend}: no password in the address"
        );
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        assert!(input_with(&html, &["name=\"name\"", "value=\"Pat Officer\""]).is_some());
        assert!(input_with(&html, &["name=\"email\"", "value=\"pat@example.org\""]).is_some());
        let officer = input_with(&html, &["name=\"role\"", "value=\"officer\""]).expect("role");
        assert!(officer.contains("checked"), "{backend}: {officer}");
        assert!(
            html.contains(&format!("<option value=\"{mo}\" selected")),
            "{backend}: the manager stays chosen"
        );
        assert!(html.contains("id=\"password-error\""), "{backend}");

        let mut fields = add(
            "Pat Officer",
            "pat.officer@example.org",
            "officer",
            "three random words",
        );
        fields[3] = ("manager", mo.as_str());
        let (status, body) = call(&app, &ada, "add_staff", &fields).await;
        assert!(status.is_success(), "{backend}: {body}");
        let pat = accounts(&app, &ada)
            .await
            .people
            .into_iter()
            .find(|p| p.name == "Pat Officer")
            .expect("Pat");
        assert_eq!(pat.role, "Officer", "{backend}");
        assert_eq!(pat.manager.as_deref(), Some("Mo Manager"), "{backend}");
        let pat_session = session_for(&app, "pat.officer@example.org", "three random words").await;
        let (status, _) = get_page(&app, "/staff", Some(&pat_session)).await;
        assert_eq!(status, StatusCode::OK, "{backend}: Pat has a work queue");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
