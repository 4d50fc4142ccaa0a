//! The working-day calendar through the real server: only an admin keeps it; a closure day
//! is checked first (every problem next to its field, what was typed kept, nothing saved)
//! and its effect on the open complaints shown; saved, it moves those deadlines at once,
//! each saying why on its timeline, and the change is recorded with what it did; removed,
//! they move back. GOV.UK's file is imported by a plain upload and a bad file is refused
//! with a message on the page.

use crate::support;

use app::error::AppError;
use chrono::{Datelike, NaiveDate};
use reqwest::{StatusCode, header};
use storage::test_support::{backends, count_rows};
use support::*;

const PAGE: &str = "/admin/calendar";
const OPEN: &str = "phase IN ('received', 'stage1', 'stage1_responded', 'stage2')";

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    let mut request = app
        .client
        .post(app.url(app::calendar::HOLIDAYS_UPLOAD_PATH))
        .multipart(form);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned()
}

fn date_query(date: NaiveDate) -> String {
    format!(
        "date_day={}&date_month={}&date_year={}",
        date.day(),
        date.month(),
        date.year()
    )
}

fn fields(change: &'static str, date: NaiveDate, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("change", change.to_owned()),
        ("date_day", date.day().to_string()),
        ("date_month", date.month().to_string()),
        ("date_year", date.year().to_string()),
        ("name", name.to_owned()),
    ]
}

fn as_refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

#[tokio::test]
async fn an_admin_adds_a_closure_day_seeing_its_effect_first_and_removes_it_again() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _rita, _customer) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let (status, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for text in [
            "Closure days",
            "Published by GOV.UK",
            "Add a closure day",
            "No changes yet.",
        ] {
            assert!(html.contains(text), "{backend}: {text}");
        }

        // The soonest deadline still to come of an open complaint: a closure day on it moves it.
        let today = today();
        let hers = storage::cases::for_resident(&db, _rita.id)
            .await
            .expect("her cases");
        let due = hers
            .iter()
            .filter_map(|c| c.next_due)
            .filter(|d| *d > today)
            .min()
            .expect("an open complaint due after today");
        let name = "Staff training day";

        // Nobody else keeps the calendar.
        for email in [
            "chris.complaints@example.org",
            "mo.manager@example.org",
            "rita.resident@example.org",
        ] {
            let cookie = session_for(&app, email, password).await;
            let (status, body) = call_api(
                &app,
                &cookie,
                "change_closure_day",
                &as_refs(&fields("add", due, name)),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert_eq!(
                serde_json::from_str::<AppError>(&body).expect("an AppError"),
                AppError::Forbidden
            );
            let (status, _) = get_page(&app, PAGE, Some(&cookie)).await;
            assert_ne!(status, StatusCode::OK, "{backend}: {email} read the page");
            let (status, check) = get_page(
                &app,
                &format!(
                    "/admin/calendar/closure-day?change=add&{}&name=x",
                    date_query(due)
                ),
                Some(&cookie),
            )
            .await;
            assert!(
                !check.contains("open complaints"),
                "{backend}: {email} saw the effect ({status})"
            );
        }

        // Checked with problems: every one next to its field, what was typed kept.
        let (_, refused) = get_page(
            &app,
            &format!(
                "/admin/calendar/closure-day?change=add&{}&name=",
                date_query(today)
            ),
            Some(&ada),
        )
        .await;
        assert!(
            refused.contains("A closure day must be after today"),
            "{backend}"
        );
        assert!(
            refused.contains("Enter a name for the closure day"),
            "{backend}"
        );
        assert!(
            refused.contains(&format!("value=\"{}\"", today.year())),
            "{backend}"
        );

        // Checked: the effect shown, nothing saved.
        let check = format!(
            "/admin/calendar/closure-day?change=add&{}&name=Staff+training+day",
            date_query(due)
        );
        let (status, shown) = get_page(&app, &check, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            shown.contains("will have their next deadline moved"),
            "{backend}"
        );
        assert!(
            shown.contains(&domain::deadlines::long_date(due)),
            "{backend}"
        );
        assert!(shown.contains("Add the closure day"), "{backend}");
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM closure_days")
                .await
                .expect("count"),
            0
        );

        // Saved: the deadlines move at once, each saying why, and the change is recorded.
        let due_there = format!("SELECT COUNT(*) FROM cases WHERE {OPEN} AND next_due = '{due}'");
        let on_the_day = count_rows(&db, &due_there).await.expect("count");
        assert!(on_the_day > 0, "{backend}");
        let to = post_without_javascript(
            &app,
            "change_closure_day",
            &check,
            &ada,
            &as_refs(&fields("add", due, name)),
        )
        .await;
        assert!(
            to.starts_with("/admin/calendar?changed=add&moved="),
            "{backend}: {to}"
        );
        let moved: i64 = to
            .rsplit('=')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("moved");
        assert!(
            moved >= on_the_day,
            "{backend}: {moved} moved, {on_the_day} were due that day"
        );
        // Only a date agreed with the customer by an extension stays on the closure day
        // (which case has one depends on the day the demo data is made).
        let calendar = domain::Calendar::england_and_wales();
        let still_due = storage::worklist::list(
            &db,
            &storage::worklist::WorklistFilter::default(),
            &calendar,
        )
        .await
        .expect("the open cases")
        .rows
        .into_iter()
        .filter(|row| row.next_due == Some(due))
        .collect::<Vec<_>>();
        for row in &still_due {
            let agreed = row
                .case
                .as_complaint()
                .is_some_and(|c| c.stage2().unwrap_or(c.stage1()).extended_to() == Some(due));
            assert!(
                agreed,
                "{backend}: {} is still due on the closure day",
                row.reference
            );
        }
        assert_eq!(
            count_rows(&db, &due_there).await.expect("count"),
            still_due.len() as i64,
            "{backend}"
        );
        assert_eq!(
            count_rows(
                &db,
                "SELECT COUNT(*) FROM timeline WHERE kind = 'deadline_recounted' AND details LIKE '%we added a closure day (Staff training day%'"
            )
            .await
            .expect("count"),
            moved,
            "{backend}"
        );
        let (_, listed) = get_page(&app, &to, Some(&ada)).await;
        assert!(listed.contains("The closure day is added."), "{backend}");
        assert!(
            listed.contains(&format!(
                "Closure day added: {}, {name}",
                domain::deadlines::long_date(due)
            )),
            "{backend}"
        );
        assert!(
            listed.contains("open complaints had their next deadline moved"),
            "{backend}"
        );

        // Saving the same again (a second tab) is refused next to the date, nothing changed.
        let again = post_without_javascript(
            &app,
            "change_closure_day",
            &check,
            &ada,
            &as_refs(&fields("add", due, name)),
        )
        .await;
        let (_, refused) = get_page(&app, &again, Some(&ada)).await;
        assert!(
            refused.contains("is already a closure day (Staff training day)"),
            "{backend}"
        );

        // Renamed: nothing moves.
        let renamed = post_without_javascript(
            &app,
            "change_closure_day",
            PAGE,
            &ada,
            &as_refs(&fields("rename", due, "Training and planning day")),
        )
        .await;
        assert_eq!(
            renamed, "/admin/calendar?changed=rename&moved=0",
            "{backend}"
        );

        // Removed: the deadlines move back.
        let (_, removing) = get_page(
            &app,
            &format!(
                "/admin/calendar/closure-day?change=remove&{}",
                date_query(due)
            ),
            Some(&ada),
        )
        .await;
        assert!(removing.contains("Remove the closure day"), "{backend}");
        assert!(removing.contains("Training and planning day"), "{backend}");
        let to = post_without_javascript(
            &app,
            "change_closure_day",
            PAGE,
            &ada,
            &as_refs(&fields("remove", due, "")),
        )
        .await;
        assert!(
            to.starts_with("/admin/calendar?changed=remove&moved="),
            "{backend}: {to}"
        );
        assert_eq!(
            count_rows(&db, &due_there).await.expect("count"),
            on_the_day,
            "{backend}"
        );
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM calendar_changes")
                .await
                .expect("count"),
            3
        );
        app.stop().await;
    }
}

/// GOV.UK's file for these years: the statutory days, and for 2031 alone one more.
fn feed(years: &[i32]) -> String {
    let rules = domain::Calendar::england_and_wales();
    let mut events: Vec<serde_json::Value> = years
        .iter()
        .flat_map(|&year| rules.bank_holidays_in(year))
        .map(|h| serde_json::json!({"title": h.name, "date": h.date.to_string(), "notes": "", "bunting": true}))
        .collect();
    if years == [2031] {
        events.push(serde_json::json!({"title": "A made-up celebration", "date": "2031-05-20"}));
    }
    serde_json::json!({"england-and-wales": {"division": "england-and-wales", "events": events}})
        .to_string()
}

#[tokio::test]
async fn an_admin_imports_govuks_file_and_a_bad_file_is_refused_on_the_page() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;

        // Not signed in: nothing there. Signed in but not an admin: refused.
        assert_eq!(
            upload(&app, None, "bank-holidays.json", feed(&[2031]).as_bytes())
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        let chris = session_for(&app, "chris.complaints@example.org", password).await;
        assert_eq!(
            upload(
                &app,
                Some(&chris),
                "bank-holidays.json",
                feed(&[2031]).as_bytes()
            )
            .await
            .status(),
            StatusCode::FORBIDDEN
        );

        for (bytes, message) in [
            (&b"<html>not the file</html>"[..], "The file is not GOV.UK"),
            (
                &br#"{"england-and-wales": {"division": "scotland", "events": []}}"#[..],
                "The file is for the division",
            ),
            (
                &br#"{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "X", "date": "2031-02-30"}]}}"#[..],
                "Bank holiday 1 has the date",
            ),
            (
                &br#"{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "X", "date": "2031-01-01"}]}}"#[..],
                "The file has only 1 bank holidays in 2031",
            ),
            (&b""[..], "Choose GOV.UK"),
        ] {
            let to = location(&upload(&app, Some(&ada), "bank-holidays.json", bytes).await);
            assert!(to.starts_with("/admin/calendar?holidays_error="), "{backend}: {to}");
            let (_, page) = get_page(&app, &to, Some(&ada)).await;
            assert!(page.contains(message), "{backend}: {message} in {to}");
            assert!(page.contains("There is a problem"), "{backend}");
        }
        // An address cannot put words of its own on the page.
        let (_, page) = get_page(
            &app,
            "/admin/calendar?holidays_error=division&detail=%3Cb%3EPay+here%3C%2Fb%3E",
            Some(&ada),
        )
        .await;
        assert!(!page.contains("Pay here"), "{backend}");
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM bank_holidays")
                .await
                .expect("count"),
            0
        );

        let to = location(
            &upload(
                &app,
                Some(&ada),
                "bank-holidays.json",
                feed(&[2031]).as_bytes(),
            )
            .await,
        );
        assert_eq!(to, "/admin/calendar?imported=2031&moved=0", "{backend}");
        let (_, page) = get_page(&app, &to, Some(&ada)).await;
        assert!(
            page.contains("bank holidays for 2031 are imported"),
            "{backend}"
        );
        assert!(
            page.contains("2018 to 2027, 2031"),
            "{backend}: the published years include the file's"
        );
        assert!(
            page.contains("2028 to 2030, and 2032 onwards"),
            "{backend}: the years between are still projected"
        );
        assert!(
            page.contains("imported from bank-holidays.json (9 days)"),
            "{backend}"
        );
        // Stored (the other servers read it within seconds); this one already counts with it,
        // as the published years above show.
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        assert!(
            !calendar.is_working_day(NaiveDate::from_ymd_opt(2031, 5, 20).expect("a date")),
            "{backend}"
        );

        // A later file for two years: the address carries them, the page names them, and a
        // made-up address cannot.
        let to = location(
            &upload(
                &app,
                Some(&ada),
                "bank-holidays.json",
                feed(&[2031, 2032]).as_bytes(),
            )
            .await,
        );
        assert_eq!(
            to, "/admin/calendar?imported=2031+to+2032&moved=0",
            "{backend}"
        );
        let (_, page) = get_page(&app, &to, Some(&ada)).await;
        assert!(
            page.contains("bank holidays for 2031 to 2032 are imported"),
            "{backend}"
        );
        assert!(page.contains("2018 to 2027, 2031 to 2032"), "{backend}");
        let (_, page) = get_page(
            &app,
            "/admin/calendar?imported=Pay+here&moved=0",
            Some(&ada),
        )
        .await;
        assert!(!page.contains("Pay here"), "{backend}");
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        assert!(
            calendar.is_working_day(NaiveDate::from_ymd_opt(2031, 5, 20).expect("a date")),
            "{backend}: the newer file for 2031 has no made-up day"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_closure_command_follows_the_pages_rules_and_records_the_change() {
    for backend in backends() {
        let test_db = storage::test_support::TestDatabase::create(backend)
            .await
            .expect("a database");
        let db = test_db.open().await.expect("migrated");
        let run = |date: String| {
            putright_command()
                .args(["calendar", "close", &date, "Staff training day"])
                .env("PUTRIGHT_DATABASE_URL", &test_db.url)
                .env_remove("PUTRIGHT_CONFIG")
                .output()
                .expect("putright runs")
        };
        let refused = run(today().to_string());
        assert!(!refused.status.success(), "{backend}");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("A closure day must be after today"),
            "{backend}"
        );
        let calendar = domain::Calendar::england_and_wales();
        let day = calendar.add_working_days(today(), 10);
        let done = run(day.to_string());
        assert!(
            done.status.success(),
            "{backend}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
        assert!(
            String::from_utf8_lossy(&done.stdout).contains("is now a closure day"),
            "{backend}"
        );
        let changes = storage::calendar::changes(&db, 5).await.expect("changes");
        assert_eq!(changes.len(), 1, "{backend}");
        assert_eq!(
            (changes[0].by, changes[0].counted),
            (None, Some(0)),
            "{backend}"
        );
    }
}
