//! The real server on port 0 with a fresh database, spoken to over HTTP as a browser would.
//! Every test runs on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use reqwest::{StatusCode, header, redirect::Policy};
use server::{Application, config::Settings};
use std::path::Path;
use storage::test_support::{TestDatabase, backends};

struct TestApp {
    base: String,
    client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    database: Option<TestDatabase>,
    _site: tempfile::TempDir,
}

impl TestApp {
    async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        (&mut self.server)
            .await
            .expect("server task")
            .expect("server ran cleanly");
        if let Some(db) = self.database.take() {
            db.drop_now().await.expect("test database dropped");
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates an account directly in the app's database.
    async fn add_account(&self, email: &str, name: &str, role: domain::Role, password: &str) {
        let url = &self.database.as_ref().expect("database").url;
        let db = storage::Db::connect(url).await.expect("connect");
        storage::accounts::create(&db, email, name, role, password, chrono::Utc::now())
            .await
            .expect("account created");
        db.close().await.expect("closed");
    }
}

/// Starts the application with a fresh database and a small fake browser bundle.
async fn spawn_app(backend: &str) -> TestApp {
    let database = TestDatabase::create(backend).await.expect("test database");
    let site = tempfile::tempdir().expect("site dir");
    write_fake_bundle(site.path());
    let settings = Settings {
        bind: "127.0.0.1:0".parse().expect("address"),
        data_dir: site.path().join("data"),
        database_url: Some(database.url.clone()),
        site_root: site.path().to_owned(),
        ..Settings::default()
    };
    let app = Application::build(settings).await.expect("the app starts");
    let base = format!("http://{}", app.local_addr());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client");
    TestApp {
        base,
        client,
        shutdown: Some(tx),
        server,
        database: Some(database),
        _site: site,
    }
}

fn write_fake_bundle(site: &Path) {
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg dir");
    std::fs::write(pkg.join("putright.css"), "body { margin: 0 }\n".repeat(200)).expect("css");
    std::fs::write(
        pkg.join("putright.js"),
        "export default function init() {}\n",
    )
    .expect("js");
    std::fs::write(pkg.join("putright_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
}

/// Posts the form as a browser without JavaScript does.
async fn submit_form(app: &TestApp, description: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/submit_case"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/"))
        .form(&[("description", description)])
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn the_health_check_says_the_database_answers() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let response = app
            .client
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["database"], "ok", "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_front_page_is_rendered_on_the_server_with_the_form() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let response = app.client.get(app.url("/")).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let html = response.text().await.expect("body");
        assert!(
            html.contains("<h1 class=\"heading-xl\">Tell us what went wrong</h1>"),
            "{backend}"
        );
        assert!(html.contains("action=\"/api/submit_case\""), "{backend}");
        assert!(html.contains("<html lang=\"en-GB\">"), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_case_sent_without_javascript_is_stored_and_read_back_through_its_tracking_link() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let response = submit_form(
            &app,
            "  The front door entry phone has not worked for a month.  ",
        )
        .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let location = response.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned();
        let token = location.strip_prefix("/track/").expect("a tracking link");
        assert_eq!(token.len(), 64, "{backend}");
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{backend}");

        let page = app
            .client
            .get(app.url(&location))
            .send()
            .await
            .expect("request");
        assert_eq!(page.status(), StatusCode::OK, "{backend}");
        let html = page.text().await.expect("body");
        assert!(html.contains("CX-"), "{backend}: the reference is shown");
        assert!(
            html.contains("The front door entry phone has not worked for a month."),
            "{backend}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_description_that_breaks_the_rule_is_refused_with_a_message_for_its_field() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for (input, message) in [
            ("", "Tell us what happened"),
            (
                "too short",
                "Tell us a little more: write at least 10 characters",
            ),
            (&"x".repeat(5001), "Keep it to 5000 characters or fewer"),
        ] {
            let response = app
                .client
                .post(app.url("/api/submit_case"))
                .form(&[("description", input)])
                .send()
                .await
                .expect("request");
            assert!(
                !response.status().is_success(),
                "{backend}: {input:?} was accepted"
            );
            let body: serde_json::Value = response.json().await.expect("json error");
            assert_eq!(body["Validation"]["field"], "description", "{backend}");
            let text = body["Validation"]["message"].as_str().expect("message");
            assert!(text.starts_with(message), "{backend}: {text}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_tracking_link_that_does_not_exist_answers_404_without_detail() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let page = app
            .client
            .get(app.url(&format!("/track/{}", "a".repeat(64))))
            .send()
            .await
            .expect("request");
        assert_eq!(page.status(), StatusCode::NOT_FOUND, "{backend}");
        let html = page.text().await.expect("body");
        assert!(html.contains("We cannot find that case"), "{backend}");
        let missing = app
            .client
            .get(app.url("/no/such/page"))
            .send()
            .await
            .expect("request");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_bundle_is_served_under_content_hashed_names_compressed_and_cached_for_a_year() {
    let app = spawn_app("sqlite").await;
    let html = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let css = html
        .split('"')
        .find(|s| s.starts_with("/pkg/putright.") && s.ends_with(".css"))
        .expect("a hashed stylesheet link")
        .to_owned();
    assert!(
        html.contains("init({ module_or_path: '/pkg/putright."),
        "the wasm is booted"
    );

    let response = app
        .client
        .get(app.url(&css))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    let compressed = response.bytes().await.expect("body");
    assert!(compressed.len() < "body { margin: 0 }\n".len() * 200 / 10);

    let plain = app.client.get(app.url(&css)).send().await.expect("request");
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(
        plain.text().await.expect("body"),
        "body { margin: 0 }\n".repeat(200)
    );

    let stale = app
        .client
        .get(app.url("/pkg/putright.0000000000000000.css"))
        .send()
        .await
        .expect("request");
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn pages_are_compressed_and_carry_protective_headers() {
    let app = spawn_app("sqlite").await;
    let response = app
        .client
        .get(app.url("/"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    assert_eq!(response.headers()[header::REFERRER_POLICY], "same-origin");
    assert_eq!(response.headers()[header::X_FRAME_OPTIONS], "DENY");
    app.stop().await;
}

/// A sign-in form post as a browser without JavaScript sends it; callers add what differs.
fn sign_in_request(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    app.client
        .post(app.url("/api/sign_in"))
        .header(header::ACCEPT, "text/html")
        .form(fields)
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    sign_in_request(
        app,
        &[("email", email), ("password", password), ("next", "/")],
    )
    .header(header::REFERER, app.url("/sign-in"))
    .send()
    .await
    .expect("request")
}

/// The officer most sign-in tests use.
async fn add_officer(app: &TestApp) {
    app.add_account(
        "sam@example.org",
        "Sam Officer",
        domain::Role::Officer,
        "correct horse battery",
    )
    .await;
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("putright_session="))
        .map(str::to_owned)
}

#[tokio::test]
async fn signing_in_sets_a_protected_session_cookie_and_the_header_names_the_person() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        add_officer(&app).await;

        let response = sign_in(&app, "Sam@Example.org", "correct horse battery").await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(response.headers()[header::LOCATION], "/", "{backend}");
        let cookie = session_cookie(&response).expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{backend}: {cookie}"
        );
        assert!(!cookie.contains("Secure"), "{backend}: plain HTTP in tests");
        let pair = cookie.split(';').next().expect("name=value").to_owned();

        let page = app
            .client
            .get(app.url("/"))
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("request");
        let html = page.text().await.expect("body");
        assert!(
            html.contains("Sam Officer"),
            "{backend}: the header names who is signed in"
        );

        let out = app
            .client
            .post(app.url("/api/sign_out"))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("request");
        assert_eq!(out.status(), StatusCode::FOUND, "{backend}");
        assert!(
            session_cookie(&out).expect("cleared").contains("Max-Age=0"),
            "{backend}"
        );
        let after = app
            .client
            .get(app.url("/"))
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("request");
        assert!(
            !after.text().await.expect("body").contains("Sam Officer"),
            "{backend}: the session is gone"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_an_https_proxy() {
    let app = spawn_app("sqlite").await;
    app.add_account(
        "ada@example.org",
        "Ada Admin",
        domain::Role::Admin,
        "admin passphrase",
    )
    .await;
    let response = sign_in_request(
        &app,
        &[
            ("email", "ada@example.org"),
            ("password", "admin passphrase"),
        ],
    )
    .header("x-forwarded-proto", "https")
    .send()
    .await
    .expect("request");
    assert!(
        session_cookie(&response)
            .expect("cookie")
            .contains("; Secure")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_saying_whether_the_account_exists() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        add_officer(&app).await;
        let mut messages = Vec::new();
        for (email, password) in [
            ("sam@example.org", "wrong"),
            ("nobody@example.org", "correct horse battery"),
        ] {
            let response = app
                .client
                .post(app.url("/api/sign_in"))
                .form(&[("email", email), ("password", password)])
                .send()
                .await
                .expect("request");
            assert!(session_cookie(&response).is_none(), "{backend}");
            let body: serde_json::Value = response.json().await.expect("json error");
            messages.push(
                body["Validation"]["message"]
                    .as_str()
                    .expect("message")
                    .to_owned(),
            );
        }
        assert_eq!(
            messages[0], "Enter a correct email address and password",
            "{backend}"
        );
        assert_eq!(messages[0], messages[1], "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn after_signing_in_only_a_path_on_this_site_is_followed() {
    let app = spawn_app("sqlite").await;
    add_officer(&app).await;
    let response = sign_in_request(
        &app,
        &[
            ("email", "sam@example.org"),
            ("password", "correct horse battery"),
            ("next", "//evil.example/steal"),
        ],
    )
    .send()
    .await
    .expect("request");
    assert_eq!(response.headers()[header::LOCATION], "/");
    app.stop().await;
}

impl TestApp {
    /// A connection to the app's own database, for arranging and checking.
    async fn db(&self) -> storage::Db {
        let url = &self.database.as_ref().expect("database").url;
        storage::Db::connect(url).await.expect("connect")
    }
}

/// Signs in and returns the cookie header to send with later requests.
async fn session_for(app: &TestApp, email: &str, password: &str) -> String {
    let response = sign_in(app, email, password).await;
    assert_eq!(response.status(), StatusCode::FOUND, "signed in as {email}");
    let cookie = session_cookie(&response).expect("a session cookie");
    cookie.split(';').next().expect("name=value").to_owned()
}

async fn get_page(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The `read_case` server function called directly, as the hydrated page does.
async fn read_case(app: &TestApp, reference: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = app
        .client
        .post(app.url("/api/read_case"))
        .form(&[("reference", reference)]);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The part of a page inside <main>, where the answer is (the header names the person).
fn main_part(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("the end of main");
    &html[start..end]
}

#[tokio::test]
async fn the_demo_data_holds_a_case_in_every_state_and_loads_only_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let db = app.db().await;
        let first = server::demo::load(&db, chrono::Utc::now())
            .await
            .expect("demo");
        assert_eq!(first.accounts, 8, "{backend}");
        assert!(first.cases >= 14, "{backend}: {first:?}");
        let again = server::demo::load(&db, chrono::Utc::now())
            .await
            .expect("demo again");
        assert_eq!(again, server::demo::Loaded::default(), "{backend}");
        let phases: Vec<String> = storage::cases::phase_counts(&db)
            .await
            .expect("counts")
            .into_iter()
            .map(|(phase, _)| phase)
            .collect();
        for phase in [
            "received",
            "not_accepted",
            "stage1",
            "stage1_responded",
            "stage2",
            "closed",
            "withdrawn",
            "service_request_open",
            "service_request_resolved",
            "compliment_passed_on",
        ] {
            assert!(
                phases.iter().any(|p| p == phase),
                "{backend}: no {phase} case in {phases:?}"
            );
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Rita sees her own cases; a case that is not hers answers exactly as a case that does not
/// exist, on the page and from the server function; staff see any case with its internal
/// notes; someone not signed in is asked to sign in, whatever the reference.
#[tokio::test]
async fn residents_see_only_their_own_cases_and_anything_else_answers_like_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let db = app.db().await;
        server::demo::load(&db, chrono::Utc::now())
            .await
            .expect("demo");
        let rita = storage::accounts::find_by_email(&db, "rita.resident@example.org")
            .await
            .expect("query")
            .expect("rita");
        let hers: Vec<String> = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.reference.to_string())
            .collect();
        assert!(hers.len() >= 5, "{backend}: {hers:?}");
        let not_accepted = storage::cases::list(
            &db,
            &storage::cases::CaseFilter {
                phase: Some("not_accepted".into()),
                ..Default::default()
            },
        )
        .await
        .expect("list");
        let someone_elses = not_accepted[0].reference.to_string();
        assert!(!hers.contains(&someone_elses));
        let missing = "CX-2099-999999";

        let cookie = session_for(
            &app,
            "rita.resident@example.org",
            server::demo::DEMO_PASSWORD,
        )
        .await;
        let (status, list) = get_page(&app, "/cases", Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for reference in &hers {
            assert!(
                list.contains(reference.as_str()),
                "{backend}: {reference} missing from the list"
            );
        }
        assert!(!list.contains(someone_elses.as_str()), "{backend}");

        let (status, page) = get_page(&app, &format!("/cases/{}", hers[0]), Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("What has happened"), "{backend}");

        let (status_other, other) =
            get_page(&app, &format!("/cases/{someone_elses}"), Some(&cookie)).await;
        let (status_missing, absent) =
            get_page(&app, &format!("/cases/{missing}"), Some(&cookie)).await;
        assert_eq!(status_other, StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(status_missing, StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(
            main_part(&other),
            main_part(&absent),
            "{backend}: the answers differ"
        );
        assert!(!other.contains("Norman"), "{backend}");

        let (status_other, other) = read_case(&app, &someone_elses, Some(&cookie)).await;
        let (status_missing, absent) = read_case(&app, missing, Some(&cookie)).await;
        assert_eq!(status_other, status_missing, "{backend}");
        assert_eq!(
            other, absent,
            "{backend}: the server function's answers differ"
        );

        // Not signed in: asked to sign in, for any reference at all.
        let (status_anon, anon) = get_page(&app, &format!("/cases/{}", hers[0]), None).await;
        let (status_anon_missing, anon_missing) =
            get_page(&app, &format!("/cases/{missing}"), None).await;
        assert_eq!(status_anon, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(status_anon_missing, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(main_part(&anon), main_part(&anon_missing), "{backend}");
        assert!(anon.contains("Sign in"), "{backend}");

        // Staff see any case, with who did what and internal notes.
        let staff = session_for(&app, "sam.officer@example.org", server::demo::DEMO_PASSWORD).await;
        let (status, page) = get_page(&app, &format!("/cases/{someone_elses}"), Some(&staff)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("Not accepted as a complaint"), "{backend}");
        assert!(page.contains("by Chris Complaints"), "{backend}");

        // A panel member may not open a case's full record, invited or not.
        let ian = session_for(&app, "ian.panel@example.org", server::demo::DEMO_PASSWORD).await;
        let (status, _) = read_case(&app, &someone_elses, Some(&ian)).await;
        assert_ne!(status, StatusCode::OK, "{backend}");
        let (status, _) = get_page(&app, &format!("/cases/{someone_elses}"), Some(&ian)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        db.close().await.expect("closed");
        app.stop().await;
    }
}
