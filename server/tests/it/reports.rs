//! The reports page, its CSV downloads and `putright report tsm`, over demo data: staff and
//! the board member see counts and never a customer; residents are refused.

use crate::support;

use reqwest::{StatusCode, header};
use support::{get_page, main_part, session_for, spawn_demo_app};

const PASSWORD: &str = server::demo::DEMO_PASSWORD;
/// Customers in the demo data: none may appear on a reports page.
const CUSTOMERS: [&str; 10] = [
    "Rita Resident",
    "Norman Neighbour",
    "Tom Okafor",
    "Mary Evans",
    "Leon Carter",
    "Priya Patel",
    "Grace Wilson",
    "Alan Brooks",
    "Sofia Rossi",
    "Harbour Court",
];

fn current_year() -> i32 {
    let today = support::today();
    domain::reports::ReportingYear::containing(today).year()
}

async fn app_with_demo() -> support::TestApp {
    spawn_demo_app("sqlite").await
}

#[tokio::test]
async fn the_complaints_manager_sees_the_measures_and_every_table_for_the_year() {
    let app = app_with_demo().await;
    let cookie = session_for(&app, "chris.complaints@example.org", PASSWORD).await;
    let (status, html) = get_page(&app, "/reports", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_part(&html);
    assert!(
        main.contains("CH01: Stage 1 complaints per 1,000 homes"),
        "{main}"
    );
    assert!(
        main.contains("CH02: Stage 1 responses within the Code"),
        "{main}"
    );
    assert!(main.contains("A reporting year runs from 1 April to 31 March"));
    assert!(
        main.contains(r#"role="img""#),
        "charts are images with a text alternative"
    );
    assert!(main.contains(r#"<th scope="col""#) && main.contains(r#"<th scope="row""#));
    for slug in domain::reports::TABLE_SLUGS {
        assert!(
            main.contains(&format!("/reports/{}/{slug}.csv", current_year())),
            "a CSV link for {slug}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn the_board_member_reads_the_reports_without_any_customer_named() {
    let app = app_with_demo().await;
    let cookie = session_for(&app, "bea.board@example.org", PASSWORD).await;
    let year = current_year();
    let (status, html) = get_page(&app, &format!("/reports?year={year}"), Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_part(&html);
    assert!(main.contains("The regulator"), "{main}");
    for name in CUSTOMERS {
        assert!(!html.contains(name), "{name} appears on the board's page");
    }
    assert!(!main.contains("CX-"), "no case reference on the page");
    assert!(
        !main.contains("<button type=\"submit\" class=\"button\">"),
        "read only"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_resident_is_refused_the_page_and_the_downloads() {
    let app = app_with_demo().await;
    let cookie = session_for(&app, "rita.resident@example.org", PASSWORD).await;
    let (status, html) = get_page(&app, "/reports", Some(&cookie)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(main_part(&html).contains("You cannot see the reports"));
    let year = current_year();
    let (status, _) = get_page(&app, &format!("/reports/{year}/tsm.csv"), Some(&cookie)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get_page(&app, &format!("/reports/{year}/tsm.csv"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not signed in");
    app.stop().await;
}

#[tokio::test]
async fn a_bad_year_is_explained_and_answers_400() {
    let app = app_with_demo().await;
    let cookie = session_for(&app, "bea.board@example.org", PASSWORD).await;
    let (status, html) = get_page(&app, "/reports?year=20x5", Some(&cookie)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(main_part(&html).contains("four digits"));
    app.stop().await;
}

#[tokio::test]
async fn each_table_downloads_as_csv_matching_the_page() {
    let app = app_with_demo().await;
    let cookie = session_for(&app, "bea.board@example.org", PASSWORD).await;
    let year = current_year();
    let response = app
        .client
        .get(app.url(&format!("/reports/{year}/on-time.csv")))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .contains(&format!("putright-{year}-on-time.csv"))
    );
    let body = response.text().await.expect("body");
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("Step,On time,Taken in the year,Share on time")
    );
    assert!(body.contains("Stage 1: respond in full,"), "{body}");
    for name in CUSTOMERS {
        assert!(!body.contains(name));
    }
    let (status, _) = get_page(&app, &format!("/reports/{year}/nope.csv"), Some(&cookie)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn the_cli_prints_the_tsm_object_computed_like_the_page() {
    let test_db = storage::test_support::TestDatabase::create("sqlite")
        .await
        .expect("a database");
    let db = test_db.open().await.expect("migrated");
    server::demo::load(&db, support::now())
        .await
        .expect("demo data");
    let year = current_year();
    let calendar = storage::reference::calendar(&db).await.expect("calendar");
    let year_value = domain::reports::ReportingYear::new(year).expect("a year");
    // As the reports page counts it: the year in progress to today.
    let today = domain::london::to_london(support::now()).date();
    let as_of = year_value.last_day().min(today);
    let expected = storage::reports::report_as_of(&db, &calendar, year_value, Some(2000), as_of)
        .await
        .expect("report")
        .tsm;
    db.close().await.expect("closed");

    let output = support::putright_command()
        .args([
            "report",
            "tsm",
            "--year",
            &year.to_string(),
            "--homes",
            "2000",
        ])
        .env("PUTRIGHT_DATABASE_URL", &test_db.url)
        .output()
        .expect("putright runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
    let keys: Vec<&str> = json
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected_keys = vec![
        "year",
        "homes",
        "stage1_received",
        "stage2_received",
        "ch01_stage1_per_1000",
        "ch01_stage2_per_1000",
        "stage1_responded",
        "stage1_on_time",
        "ch02_stage1_percent",
        "stage2_responded",
        "stage2_on_time",
        "ch02_stage2_percent",
        "lcho_homes",
        "lcho_stage1_received",
        "lcho_stage2_received",
        "ch01_lcho_stage1_per_1000",
        "ch01_lcho_stage2_per_1000",
    ];
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    expected_keys.sort_unstable();
    assert_eq!(keys_sorted, expected_keys);
    assert_eq!(json["year"], year);
    assert_eq!(json["homes"], 2000);
    assert_eq!(json, serde_json::to_value(&expected).expect("json"));
    assert!(
        expected.stage1_received > 0,
        "the demo has Stage 1 complaints this year"
    );
    test_db.drop_now().await.expect("dropped");
}
