//! The homes count (admins), the learning page (themes for everyone who reads reports,
//! improvement actions for managers) and the printable annual report, against the real
//! server: who may do what, the refusals people see, and the themes' figures for a small
//! fixture worked out by hand.

use crate::support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::eligibility::Eligibility;
use domain::lifecycle::{Outcome, PointFinding, StageResponse};
use domain::{Actor, Calendar, Case, Channel, Description, Event, Role, TimelineItem};
use domain::{Complaint, TransitionError};
use reqwest::{StatusCode, header};
use storage::cases::{self, CaseDetails, NewCase, Opening, Who};
use support::{TestApp, get_page, main_part, post_without_javascript, session_for, spawn_app};

const PASSWORD: &str = "correct horse battery staple";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn morning(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).expect("a time"))
}

async fn app_with_people() -> TestApp {
    let app = spawn_app("sqlite").await;
    for (email, name, role) in [
        ("ada@example.org", "Ada Admin", Role::Admin),
        ("mo@example.org", "Mo Manager", Role::Manager),
        ("sam@example.org", "Sam Officer", Role::Officer),
        ("bea@example.org", "Bea Board", Role::BoardMember),
        ("rita@example.org", "Rita Resident", Role::Resident),
    ] {
        app.add_account(email, name, role, PASSWORD).await;
    }
    app
}

/// A server function called as the browser's script calls it; the body is JSON.
async fn call(
    app: &TestApp,
    endpoint: &str,
    cookie: &str,
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

fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn an_admin_sets_the_homes_count_and_the_reports_use_it() {
    let app = app_with_people().await;
    let ada = session_for(&app, "ada@example.org", PASSWORD).await;
    let (status, html) = get_page(&app, "/reports?year=2025", Some(&ada)).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_part(&html);
    assert!(
        main.contains("No homes count is set for this year"),
        "{main}"
    );
    assert!(main.contains(r#"href="/admin/homes?year=2025""#), "{main}");

    let (status, html) = get_page(&app, "/admin/homes", Some(&ada)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(main_part(&html).contains("Number of homes"));

    let back = post_without_javascript(
        &app,
        "set_homes_count",
        "/admin/homes",
        &ada,
        &[("year", "2025"), ("homes", "4,000"), ("lcho_homes", "250")],
    )
    .await;
    assert_eq!(back, "/admin/homes?saved=2025&count=4000");
    let (_, html) = get_page(&app, "/admin/homes?saved=2025&count=4000", Some(&ada)).await;
    let main = main_part(&html);
    assert!(main.contains("Homes count saved for 2025/26"), "{main}");
    assert!(main.contains("4,000"), "{main}");

    let (_, html) = get_page(&app, "/reports?year=2025", Some(&ada)).await;
    let main = main_part(&html);
    assert!(
        main.contains("Homes this year: 4000 low-cost rental, 250 low-cost home ownership."),
        "{main}"
    );
    assert!(
        main.contains("CH01: Stage 1 complaints per 1,000 homes (low-cost home ownership)"),
        "{main}"
    );
    assert!(!main.contains("No homes count is set"), "{main}");

    // The home ownership count is optional, and checked like the other when given.
    let back = post_without_javascript(
        &app,
        "set_homes_count",
        "/admin/homes",
        &ada,
        &[("year", "2025"), ("homes", "4000"), ("lcho_homes", "0")],
    )
    .await;
    let (_, html) = get_page(&app, &back, Some(&ada)).await;
    let main = main_part(&html);
    assert!(
        main.contains("The number of homes must be 1 or more"),
        "{main}"
    );
    assert!(main.contains(r#"id="lcho_homes-error""#), "{main}");
    app.stop().await;
}

#[tokio::test]
async fn a_refused_homes_count_is_explained_next_to_the_field_and_keeps_what_was_typed() {
    let app = app_with_people().await;
    let ada = session_for(&app, "ada@example.org", PASSWORD).await;
    for (typed, message) in [
        ("0", "The number of homes must be 1 or more"),
        (
            "12.5",
            "Enter the number of homes as a whole number, like 4200",
        ),
        ("", "Enter the number of homes"),
    ] {
        // Without JavaScript: back to the form with the error and the answers.
        let back = post_without_javascript(
            &app,
            "set_homes_count",
            "/admin/homes",
            &ada,
            &[("year", "2024"), ("homes", typed)],
        )
        .await;
        assert!(back.starts_with("/admin/homes?"), "{back}");
        let (status, html) = get_page(&app, &back, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK);
        let main = main_part(&html);
        assert!(main.contains(message), "{typed:?}: {main}");
        assert!(main.contains(r#"id="homes-error""#), "{main}");
        assert!(
            main.contains(&format!(r#"value="{typed}""#)),
            "what was typed is kept: {main}"
        );
        assert!(
            main.contains(r#"<option value="2024" selected"#),
            "the year chosen is kept: {main}"
        );

        // With JavaScript: the same message, named for its field, and no redirect.
        let (status, body) = call(
            &app,
            "set_homes_count",
            &ada,
            &[("year", "2024"), ("homes", typed)],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains(r#""field":"homes""#), "{body}");
        assert!(body.contains(message), "{body}");
    }
    let (status, body) = call(
        &app,
        "set_homes_count",
        &ada,
        &[("year", "19x5"), ("homes", "100")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"year""#), "{body}");
    let db = app.db().await;
    assert_eq!(
        storage::reference::homes_by_year(&db).await.expect("read"),
        []
    );
    db.close().await.expect("closed");
    app.stop().await;
}

#[tokio::test]
async fn only_an_admin_may_see_or_set_the_homes_count() {
    let app = app_with_people().await;
    for email in ["mo@example.org", "bea@example.org", "rita@example.org"] {
        let cookie = session_for(&app, email, PASSWORD).await;
        let (status, html) = get_page(&app, "/admin/homes", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(
            main_part(&html).contains("Only an administrator"),
            "{email}"
        );
        let (status, body) = call(
            &app,
            "set_homes_count",
            &cookie,
            &[("year", "2025"), ("homes", "4000")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(body.contains("Forbidden"), "{email}: {body}");
    }
    let db = app.db().await;
    assert_eq!(
        storage::reference::homes(&db, 2025).await.expect("read"),
        None
    );
    db.close().await.expect("closed");
    app.stop().await;
}

#[tokio::test]
async fn an_admin_lands_on_the_homes_count_after_signing_in() {
    let app = app_with_people().await;
    let response = support::sign_in_fully(
        &app,
        &[("email", "ada@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/admin/homes");
    app.stop().await;
}

fn manager() -> Actor {
    Actor::new("mo", Role::Manager)
}

/// A complaint received on `received`, answered on `answered`, with these root causes.
async fn answered(
    db: &storage::Db,
    received: NaiveDate,
    answered: NaiveDate,
    causes: &[&str],
) -> cases::CaseId {
    let cal = Calendar::england_and_wales();
    let at = morning(received);
    let details = CaseDetails::describing(Description::parse("Fixture case").expect("text"));
    let new = NewCase {
        channel: Channel::Phone,
        received_at: at,
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, at, &details, &cal),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    let created = cases::create(db, new, &cal).await.expect("recorded");
    let mut case = cases::load(db, created.id, &cal)
        .await
        .expect("loaded")
        .case;
    let Case::Complaint(c) = &mut case else {
        panic!("a complaint")
    };
    let steps = |c: &mut Complaint| -> Vec<Result<Event, TransitionError>> {
        let response = StageResponse::new(
            Outcome::NotUpheld,
            vec![PointFinding {
                point: "The repair".into(),
                finding: "What we found".into(),
                outcome: Outcome::NotUpheld,
            }],
            Vec::new(),
            None,
        )
        .expect("a response");
        vec![
            c.accept(&manager(), received, Eligibility::Unknown, None),
            c.record_contact(received),
            c.acknowledge(&storage::test_support::acting_on(c), received),
            c.respond(&storage::test_support::acting_on(c), answered, response),
        ]
    };
    let entries: Vec<(Who, TimelineItem)> = steps(c)
        .into_iter()
        .map(|step| {
            (
                Who::system(),
                TimelineItem::Transition {
                    event: step.expect("the procedure allows it"),
                    note: None,
                },
            )
        })
        .collect();
    cases::save(db, created.id, 1, &case, &entries, at, &cal)
        .await
        .expect("saved");
    let categories = storage::learning::active(db).await.expect("categories");
    for cause in causes {
        let id = categories
            .iter()
            .find(|c| c.name == *cause)
            .expect("a category")
            .id;
        storage::learning::record(db, created.id, id)
            .await
            .expect("recorded");
    }
    created.id
}

/// Root causes in reporting year 2025, by the month of the complaint's latest response:
/// - answered Mon 16 June 2025 (June): repairs and communication;
/// - answered Mon 15 September 2025 (September): repairs;
/// - answered Mon 16 March 2026 (March): repairs;
/// - answered Tue 7 April 2026: the next year, so its damp and mould is not counted.
///
/// Repairs: June 1, September 1, March 1 = 3. Communication: June 1 = 1.
async fn themes_fixture(app: &TestApp) -> String {
    let db = app.db().await;
    answered(
        &db,
        date(2025, 6, 2),
        date(2025, 6, 16),
        &["Repairs and maintenance", "Communication"],
    )
    .await;
    answered(
        &db,
        date(2025, 9, 1),
        date(2025, 9, 15),
        &["Repairs and maintenance"],
    )
    .await;
    answered(
        &db,
        date(2026, 3, 2),
        date(2026, 3, 16),
        &["Repairs and maintenance"],
    )
    .await;
    let late = answered(&db, date(2026, 3, 2), date(2026, 4, 7), &["Damp and mould"]).await;
    let reference = cases::load(&db, late, &Calendar::england_and_wales())
        .await
        .expect("loaded")
        .reference
        .to_string();
    db.close().await.expect("closed");
    reference
}

#[tokio::test]
async fn the_themes_count_root_causes_by_the_month_each_complaint_was_answered() {
    let app = app_with_people().await;
    themes_fixture(&app).await;
    let bea = session_for(&app, "bea@example.org", PASSWORD).await;
    let response = app
        .client
        .get(app.url("/reports/2025/themes.csv"))
        .header(header::COOKIE, &bea)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.expect("body");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines,
        [
            "Root cause,Apr 2025,May 2025,Jun 2025,Jul 2025,Aug 2025,Sep 2025,Oct 2025,Nov 2025,Dec 2025,Jan 2026,Feb 2026,Mar 2026,Total",
            "Repairs and maintenance,0,0,1,0,0,1,0,0,0,0,0,1,3",
            "Communication,0,0,1,0,0,0,0,0,0,0,0,0,1",
        ]
    );

    // The learning page shows the same, as a chart and a table, to the board: counts only.
    let (status, html) = get_page(&app, "/learning?year=2025", Some(&bea)).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_part(&html);
    assert!(main.contains("Themes over time"), "{main}");
    assert!(main.contains(r#"role="img""#), "{main}");
    assert!(
        main.contains("Repairs and maintenance 3, Communication 1"),
        "the chart's text alternative: {main}"
    );
    assert!(main.contains("/reports/2025/themes.csv"), "{main}");
    assert!(!main.contains("Add an improvement action"), "{main}");
    assert!(!main.contains("CX-"), "no case reference: {main}");
    app.stop().await;
}

#[tokio::test]
async fn a_manager_adds_an_action_marks_it_done_and_the_board_sees_it_without_names() {
    let app = app_with_people().await;
    let late_case = themes_fixture(&app).await;
    let mo = session_for(&app, "mo@example.org", PASSWORD).await;
    let db = app.db().await;
    let categories = storage::learning::active(&db).await.expect("categories");
    let repairs = categories
        .iter()
        .find(|c| c.name == "Repairs and maintenance")
        .expect("repairs")
        .id
        .to_string();
    let owner = storage::accounts::find_by_email(&db, "sam@example.org")
        .await
        .expect("read")
        .expect("Sam")
        .id
        .to_string();
    let resident = storage::accounts::find_by_email(&db, "rita@example.org")
        .await
        .expect("read")
        .expect("Rita")
        .id
        .to_string();
    db.close().await.expect("closed");
    let due = support::now().date_naive() + chrono::Days::new(30);
    let (day, month, year) = (
        due.format("%-d").to_string(),
        due.format("%-m").to_string(),
        due.format("%Y").to_string(),
    );
    let fields = |category: &str, case: &str, text: &str, who: &str, d: &str| {
        vec![
            ("category", category.to_owned()),
            ("case_reference", case.to_owned()),
            ("description", text.to_owned()),
            ("owner", who.to_owned()),
            ("due_day", d.to_owned()),
            ("due_month", month.clone()),
            ("due_year", year.clone()),
        ]
    };
    let text = "Check every repair is signed off by the surveyor";

    // Refusals, each named for its field.
    for (form, field, message) in [
        (
            fields("", "", text, &owner, &day),
            "category",
            "Choose the root cause",
        ),
        (
            fields(&repairs, "CX-1999-000001", text, &owner, &day),
            "case_reference",
            "There is no case with this reference",
        ),
        (
            fields(&repairs, "not a reference", text, &owner, &day),
            "case_reference",
            "A reference looks like",
        ),
        (
            fields(&repairs, "", "   ", &owner, &day),
            "description",
            "Enter what will change",
        ),
        (
            fields(&repairs, "", text, &resident, &day),
            "owner",
            "Choose who owns this action from the list",
        ),
        (
            fields(&repairs, "", text, &owner, "45"),
            "due",
            "Enter a real date",
        ),
    ] {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = call(&app, "add_improvement_action", &mo, &pairs).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
        assert!(body.contains(&format!(r#""field":"{field}""#)), "{body}");
        assert!(body.contains(message), "{field}: {body}");
    }

    // Without JavaScript, a refusal goes back to the form with everything typed.
    let form = fields(&repairs, &late_case, "   ", &owner, &day);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let back =
        post_without_javascript(&app, "add_improvement_action", "/learning", &mo, &pairs).await;
    let (_, html) = get_page(&app, &back, Some(&mo)).await;
    let main = main_part(&html);
    assert!(main.contains("Enter what will change"), "{main}");
    assert!(main.contains(&format!(r#"value="{late_case}""#)), "{main}");
    assert!(
        main.contains(&format!(r#"<option value="{owner}" selected"#)),
        "{main}"
    );
    assert!(main.contains(&format!(r#"value="{day}""#)), "{main}");

    // Officers and the board may not add one.
    for email in ["sam@example.org", "bea@example.org"] {
        let cookie = session_for(&app, email, PASSWORD).await;
        let form = fields(&repairs, "", text, &owner, &day);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = call(&app, "add_improvement_action", &cookie, &pairs).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(body.contains("Forbidden"), "{email}: {body}");
    }

    // Added, linked to the case that prompted it.
    let form = fields(&repairs, &late_case.to_lowercase(), text, &owner, &day);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let back =
        post_without_javascript(&app, "add_improvement_action", "/learning", &mo, &pairs).await;
    assert!(back.starts_with("/learning?added="), "{back}");
    let (_, html) = get_page(&app, "/learning", Some(&mo)).await;
    let main = main_part(&html);
    assert!(main.contains(text), "{main}");
    assert!(main.contains("Sam Officer"), "{main}");
    assert!(main.contains(&late_case), "{main}");
    assert!(main.contains("1 open, of which 0 overdue."), "{main}");

    let db = app.db().await;
    let id = storage::learning::actions(&db).await.expect("list")[0]
        .id
        .to_string();
    db.close().await.expect("closed");
    let sam = session_for(&app, "sam@example.org", PASSWORD).await;
    let (status, _) = call(&app, "complete_improvement_action", &sam, &[("id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an officer may not");
    let (status, _) = call(&app, "complete_improvement_action", &mo, &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = get_page(&app, "/learning", Some(&mo)).await;
    assert!(main_part(&html).contains("0 open, of which 0 overdue."));

    // The annual report lists it for the board, with no owner, case or customer.
    let bea = session_for(&app, "bea@example.org", PASSWORD).await;
    let this_year = domain::reports::ReportingYear::containing(support::today()).year();
    let (status, html) = get_page(
        &app,
        &format!("/reports/annual?year={this_year}"),
        Some(&bea),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let main = main_part(&html);
    assert!(main.contains("Complaints annual report"), "{main}");
    assert!(main.contains(text), "{main}");
    assert!(main.contains("CH01"), "{main}");
    assert!(main.contains("Service-improvement actions"), "{main}");
    for hidden in ["Sam Officer", "Mo Manager", "CX-", "Rita Resident"] {
        assert!(!main.contains(hidden), "{hidden} on the board's report");
    }
    assert!(!main.contains("<form"), "read only");
    app.stop().await;
}

#[tokio::test]
async fn residents_are_refused_the_learning_page_and_the_annual_report() {
    let app = app_with_people().await;
    let rita = session_for(&app, "rita@example.org", PASSWORD).await;
    for page in ["/learning", "/reports/annual", "/reports/2025/themes.csv"] {
        let (status, _) = get_page(&app, page, Some(&rita)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        let (status, _) = get_page(&app, page, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page} not signed in");
    }
    let (status, html) = get_page(&app, "/reports/annual?year=20x5", Some(&rita)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    let bea = session_for(&app, "bea@example.org", PASSWORD).await;
    let (status, html) = get_page(&app, "/reports/annual?year=20x5", Some(&bea)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(main_part(&html).contains("four digits"));
    app.stop().await;
}
