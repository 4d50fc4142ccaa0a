//! The harness the server's tests share: the real application on port 0, on its own
//! runtime, with a fresh database and a small fake browser bundle, spoken to over HTTP as a
//! browser would.
#![allow(dead_code)] // Each test file uses part of it.

pub mod smtp;

use reqwest::{StatusCode, header, redirect::Policy};
use server::{Application, config::Settings};
use std::path::Path;
use std::sync::OnceLock;
use storage::test_support::TestDatabase;

/// The clock the tests and the application under test share: the real time, or the
/// instant `PUTRIGHT_TEST_NOW` names (RFC 3339), running on from there. `cargo xtask test`
/// runs the date-sensitive tests again under a set of such instants. Close to midnight in
/// London the real time is not used either (see [`test_start`]).
pub fn clock() -> app::clock::Clock {
    static CLOCK: OnceLock<app::clock::Clock> = OnceLock::new();
    *CLOCK.get_or_init(|| {
        test_start().map_or_else(app::clock::Clock::system, app::clock::Clock::starting_at)
    })
}

/// How long before midnight in London a test no longer runs on the real time. A test
/// reads "today" and then asks the server, which reads it again: across midnight the two
/// differ, and so would a deadline counted from each. No test takes this long.
const CLEAR_OF_MIDNIGHT: chrono::TimeDelta = chrono::TimeDelta::minutes(30);

/// The `putright` command the tests built, on the tests' clock: when that is not the real
/// time, the command's clock starts where the tests' clock is now (`PUTRIGHT_TEST_NOW`).
pub fn putright_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_putright"));
    match test_start() {
        Some(_) => command.env("PUTRIGHT_TEST_NOW", now().to_rfc3339()),
        None => command.env_remove("PUTRIGHT_TEST_NOW"),
    };
    command
}

/// The instant the tests' clock starts at: `PUTRIGHT_TEST_NOW`; otherwise none (the real
/// time) unless London's midnight is less than [`CLEAR_OF_MIDNIGHT`] away, when it is a
/// minute past that midnight, so that no test straddles a change of day (nor of the
/// reporting year, which turns at a midnight too).
/// Decided once a test process, so the clock and the demo's template agree.
pub fn test_start() -> Option<chrono::DateTime<chrono::Utc>> {
    static START: OnceLock<Option<chrono::DateTime<chrono::Utc>>> = OnceLock::new();
    *START.get_or_init(|| test_now_setting().or_else(|| clear_of_midnight(chrono::Utc::now())))
}

/// A minute past London's next midnight when `at` is less than [`CLEAR_OF_MIDNIGHT`]
/// before it; otherwise none.
fn clear_of_midnight(at: chrono::DateTime<chrono::Utc>) -> Option<chrono::DateTime<chrono::Utc>> {
    let tomorrow = domain::london::to_london(at).date().succ_opt()?;
    let midnight = domain::london::from_london(tomorrow.and_hms_opt(0, 0, 0)?);
    (midnight - at < CLEAR_OF_MIDNIGHT).then(|| midnight + chrono::TimeDelta::minutes(1))
}

#[test]
fn no_test_straddles_midnight_in_london() {
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("instant")
            .to_utc()
    };
    // Winter: London is on UTC.
    assert_eq!(clear_of_midnight(at("2027-01-04T23:29:00Z")), None);
    assert_eq!(
        clear_of_midnight(at("2027-01-04T23:31:00Z")),
        Some(at("2027-01-05T00:01:00Z"))
    );
    // Summer: London's midnight is 23:00 UTC; the reporting year turns at one.
    assert_eq!(
        clear_of_midnight(at("2027-03-31T22:45:00Z")),
        Some(at("2027-03-31T23:01:00Z"))
    );
    assert_eq!(clear_of_midnight(at("2027-03-31T23:00:00Z")), None);
    assert_eq!(clear_of_midnight(at("2027-06-01T12:00:00Z")), None);
}

/// Now, by the tests' clock.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    clock().now()
}

/// Today in London, by the tests' clock.
pub fn today() -> chrono::NaiveDate {
    clock().today()
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The server's own runtime, with the stack size the real binary gives its threads.
    runtime: Option<tokio::runtime::Runtime>,
    pub database: Option<TestDatabase>,
    _site: tempfile::TempDir,
    /// Each account's device cookie once it passed the second factor here: later sign-ins
    /// as that account send it, as a browser would, and are not asked again.
    devices: std::sync::Mutex<std::collections::HashMap<String, String>>,
    /// Where the server keeps files' bytes.
    file_store: server::config::FileStore,
}

impl TestApp {
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        (&mut self.server)
            .await
            .expect("server task")
            .expect("server ran cleanly");
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
        if let Some(db) = self.database.take() {
            db.drop_now().await.expect("test database dropped");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The server's data directory (its files are under `attachments`).
    pub fn data_dir(&self) -> std::path::PathBuf {
        self._site.path().join("data")
    }

    /// Where the server keeps files' bytes, as it opens it: its directory on SQLite, the
    /// database itself on PostgreSQL (see `Settings::file_store`).
    pub async fn blobs(&self) -> std::sync::Arc<dyn storage::blobs::BlobStore> {
        self.file_store.open(&self.data_dir(), &self.db().await)
    }

    /// How many files the server keeps, wherever it keeps them.
    pub async fn files_kept(&self) -> usize {
        fn count(dir: &Path) -> usize {
            std::fs::read_dir(dir).map_or(0, |entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| {
                        if e.file_type().is_ok_and(|t| t.is_dir()) {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
        }
        match self.file_store {
            server::config::FileStore::Directory => count(&self.data_dir().join("attachments")),
            server::config::FileStore::Database => {
                let db = self.db().await;
                let n = storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM file_blobs")
                    .await
                    .expect("counted");
                usize::try_from(n).expect("a count")
            }
        }
    }

    /// Creates an account directly in the app's database.
    pub async fn add_account(&self, email: &str, name: &str, role: domain::Role, password: &str) {
        let url = &self.database.as_ref().expect("database").url;
        let db = storage::Db::connect(url).await.expect("connect");
        let account = storage::accounts::create(&db, email, name, role, password, now())
            .await
            .expect("account created");
        // Staff have the demo accounts' authenticator key (see `session_for`).
        if role.needs_second_factor() {
            storage::accounts::enrol(&db, account.id, server::demo::DEMO_TOTP_SECRET)
                .await
                .expect("enrolled");
        }
        db.close().await.expect("closed");
    }
}

/// Starts the application with a fresh database and a small fake browser bundle.
pub async fn spawn_app(backend: &'static str) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// [`spawn_app`] with settings changed by `change`.
pub async fn spawn_app_with(backend: &'static str, change: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create_migrated(backend)
        .await
        .expect("test database");
    spawn_app_on(database, change).await
}

/// Starts the application on a database holding the demo data (`server::demo`), dated
/// around today by the tests' clock.
pub async fn spawn_demo_app(backend: &'static str) -> TestApp {
    spawn_demo_app_with(backend, |_| {}).await
}

/// [`spawn_demo_app`] with settings changed by `change`.
///
/// The demo is loaded once into a template for each day (or each `PUTRIGHT_TEST_NOW`) and
/// copied for every test that asks for it: loading it takes its sixty steps. Its "now" is
/// the clock's start under `PUTRIGHT_TEST_NOW`, or the moment the template was made, so it
/// never lies after anything a test then does.
pub async fn spawn_demo_app_with(
    backend: &'static str,
    change: impl FnOnce(&mut Settings),
) -> TestApp {
    let database = TestDatabase::create_filled(backend, &demo_key(), |db| async move {
        server::demo::load(&db, demo_now()).await.expect("demo");
    })
    .await
    .expect("test database with the demo");
    spawn_app_on(database, change).await
}

/// When the demo's template is dated: where the tests' clock started, or now.
fn demo_now() -> chrono::DateTime<chrono::Utc> {
    test_start().unwrap_or_else(chrono::Utc::now)
}

/// What the demo's template depends on: the instant the tests' clock started at, or today in
/// London and the hour (so that the demo's steps "today" are never long past).
fn demo_key() -> String {
    match test_start() {
        Some(at) => format!("demo at {}", at.to_rfc3339()),
        None => {
            let now = domain::london::to_london(chrono::Utc::now());
            format!("demo on {}", now.format("%Y-%m-%d %H"))
        }
    }
}

fn test_now_setting() -> Option<chrono::DateTime<chrono::Utc>> {
    std::env::var("PUTRIGHT_TEST_NOW")
        .ok()
        .filter(|at| !at.trim().is_empty())
        .map(|at| {
            chrono::DateTime::parse_from_rfc3339(at.trim())
                .expect("PUTRIGHT_TEST_NOW is an RFC 3339 instant, e.g. 2027-03-31T22:30:00Z")
                .to_utc()
        })
}

/// Starts the application on `database` with a small fake browser bundle.
async fn spawn_app_on(database: TestDatabase, change: impl FnOnce(&mut Settings)) -> TestApp {
    let site = tempfile::tempdir().expect("site dir");
    write_fake_bundle(site.path());
    let settings = Settings {
        bind: "127.0.0.1:0".parse().expect("address"),
        data_dir: site.path().join("data"),
        database_url: Some(database.url.clone()),
        site_root: site.path().to_owned(),
        // Tests that need the mail worker drive it themselves.
        background_work: false,
        test_now: (!clock().is_system()).then(now),
        ..Settings::default()
    };
    let mut settings = settings;
    change(&mut settings);
    let file_store = settings.file_store();
    let runtime = server::runtime().expect("a runtime");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
    let server = runtime.spawn(async move {
        let app = Application::build(settings).await.expect("the app starts");
        let _ = addr_tx.send(app.local_addr());
        app.run_until(async {
            let _ = rx.await;
        })
        .await
    });
    let base = format!("http://{}", addr_rx.await.expect("the app's address"));
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client");
    TestApp {
        base,
        client,
        shutdown: Some(tx),
        server,
        runtime: Some(runtime),
        database: Some(database),
        _site: site,
        devices: std::sync::Mutex::default(),
        file_store,
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

/// A sign-in form post as a browser without JavaScript sends it; callers add what differs.
pub fn sign_in_request(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    app.client
        .post(app.url("/api/sign_in"))
        .header(header::ACCEPT, "text/html")
        .form(fields)
}

pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    sign_in_request(
        app,
        &[("email", email), ("password", password), ("next", "/")],
    )
    .header(header::REFERER, app.url("/sign-in"))
    .send()
    .await
    .expect("request")
}

pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("putright_session="))
        .map(str::to_owned)
}

impl TestApp {
    /// A connection to the app's own database, for arranging and checking.
    pub async fn db(&self) -> storage::Db {
        let url = &self.database.as_ref().expect("database").url;
        storage::Db::connect(url).await.expect("connect")
    }
}

/// The `name=value` part of a cookie named `name` that a response sets.
pub use bench::cluster::set_cookie;

/// Signs in as a person does and returns the cookie header to send with later requests
/// (see [`sign_in_fully`]).
pub async fn session_for(app: &TestApp, email: &str, password: &str) -> String {
    let response = sign_in_fully(
        app,
        &[("email", email), ("password", password), ("next", "/")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND, "signed in as {email}");
    set_cookie(&response, "putright_session").expect("a session cookie")
}

/// Posts the sign-in form with `fields` as a browser without JavaScript does, then, for
/// staff, the second factor: a code from the demo accounts' authenticator key (every test
/// account of staff has it), or for an account without one, from the key its set-up page
/// shows, carrying on `next` as the page does. Answers the last redirect: to where the
/// person lands, with their session cookie. Later sign-ins as the same account send the
/// browser's device cookie and are not asked again.
pub async fn sign_in_fully(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let email = fields
        .iter()
        .find(|(name, _)| *name == "email")
        .map(|(_, value)| value.trim().to_lowercase())
        .unwrap_or_default();
    let known = app.devices.lock().expect("devices").get(&email).cloned();
    let mut request = sign_in_request(app, fields).header(header::REFERER, app.url("/sign-in"));
    if let Some(device) = &known {
        request = request.header(header::COOKIE, device);
    }
    let response = request.send().await.expect("request");
    let to = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if !(to.starts_with("/sign-in/code") || to.starts_with("/sign-in/set-up")) {
        return response;
    }
    let session = set_cookie(&response, "putright_session").expect("a pending session");
    let device = set_cookie(&response, "putright_device")
        .or(known)
        .expect("a device cookie");
    let cookies = format!("{session}; {device}");
    let next: String = reqwest::Url::parse(&app.url(&to))
        .expect("an address")
        .query_pairs()
        .find(|(name, _)| name == "next")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let (endpoint, key) = if to.starts_with("/sign-in/code") {
        (
            "enter_second_factor",
            server::demo::DEMO_TOTP_SECRET.to_owned(),
        )
    } else {
        let (_, page) = get_page(app, &to, Some(&cookies)).await;
        let key = page
            .split("class=\"key\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("the set-up page shows the key")
            .replace(' ', "");
        ("confirm_second_factor", key)
    };
    // The code the app shows now, else the next one (a code works once: this account may
    // have used the current one a moment ago); else wait for the next step.
    for attempt in 0..4 {
        if attempt == 2 {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
        let at = now() + chrono::Duration::seconds(30 * (attempt % 2));
        let code = storage::accounts::code_at(&key, at).expect("a code");
        let response = app
            .client
            .post(app.url(&format!("/api/{endpoint}")))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(&to))
            .header(header::COOKIE, &cookies)
            .form(&[("code", code.as_str()), ("next", next.as_str())])
            .send()
            .await
            .expect("request");
        let done = response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| !l.contains("/sign-in"));
        if done {
            app.devices.lock().expect("devices").insert(email, device);
            return response;
        }
    }
    panic!("the second factor of {email} was refused");
}

pub async fn get_page(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The `read_case` server function called directly.
pub async fn read_case(
    app: &TestApp,
    reference: &str,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    case_function(app, "read_case", reference, cookie).await
}

/// A server function that takes a case's reference (`read_case`, `case_page`, …) called
/// directly, as an attacker could.
pub async fn case_function(
    app: &TestApp,
    endpoint: &str,
    reference: &str,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let mut request = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .form(&[("reference", reference)]);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The part of a page inside <main>, where the answer is (the header names the person).
pub fn main_part(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("the end of main");
    &html[start..end]
}

/// Pat Caller, a tenant with a phone number and a postcode; callers add what differs.
pub fn pat_caller() -> storage::customers::CustomerDetails {
    storage::customers::CustomerDetails {
        name: "Pat Caller".into(),
        describes_you: domain::form::CustomerType::Tenant,
        phone: Some(domain::form::PhoneNumber::parse("07700 900123").expect("phone")),
        email: None,
        preferred_contact: None,
        adjustments: Vec::new(),
        address: None,
        postcode: Some("LS1 4AB".into()),
    }
}

/// A new case from `customer`, received by `channel` at `at`, about `what`, as the system
/// records it. Returns its id and reference.
pub async fn new_case_for(
    db: &storage::Db,
    calendar: &domain::Calendar,
    opening: storage::cases::Opening,
    channel: domain::Channel,
    at: chrono::DateTime<chrono::Utc>,
    customer: storage::customers::CustomerDetails,
    what: &str,
) -> (storage::cases::CaseId, String) {
    use storage::cases::{CaseDetails, CustomerChoice, NewCase, Who};
    let details = CaseDetails::describing(domain::Description::parse(what).expect("description"));
    let new = NewCase {
        channel,
        received_at: at,
        customer: Some(CustomerChoice::New {
            user_id: None,
            details: customer,
        }),
        case: NewCase::initial_state(opening, at, &details, calendar),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    let created = storage::cases::create(db, new, calendar)
        .await
        .expect("case");
    (created.id, created.reference.to_string())
}

/// Today's London date as a date input's day, month and year fields.
pub fn today_parts() -> (String, String, String) {
    use chrono::Datelike;
    let today = today();
    (
        today.day().to_string(),
        today.month().to_string(),
        today.year().to_string(),
    )
}

/// The `<input …>` tag on `html` whose attributes include every one of `attributes`.
pub fn input_with<'a>(html: &'a str, attributes: &[&str]) -> Option<&'a str> {
    html.split("<input")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .find(|tag| attributes.iter().all(|a| tag.contains(a)))
}

/// Posts a form to a server function as a browser without JavaScript does, from `page`,
/// and returns where the answer sends the browser.
pub async fn post_without_javascript(
    app: &TestApp,
    endpoint: &str,
    page: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> String {
    let response = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url(page))
        .header(header::COOKIE, cookie)
        .form(fields)
        .send()
        .await
        .expect("request");
    assert!(
        response.status().is_redirection(),
        "{endpoint}: {}",
        response.status()
    );
    response.headers()[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// Sends `head` (a request line and headers, without the blank line) and `body` over a
/// plain connection, and returns the answer's status and the raw answer as far as it came.
/// For requests a client library would not send as they are: a length the body does not
/// have, a malformed post.
pub async fn raw_request(app: &TestApp, head: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.expect("head");
    // The server may answer before the body is all there, and close.
    let _ = stream.write_all(body).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

/// The fields a refusal names, in the order it names them (every problem of a form at
/// once, or the one).
pub fn refused_fields(body: &str) -> Vec<String> {
    serde_json::from_str::<app::error::AppError>(body)
        .expect("an AppError")
        .problems()
        .into_iter()
        .map(|(field, _)| field.to_owned())
        .collect()
}

/// Calls a server function as the hydrated page does, as `cookie`.
pub async fn call_api(
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

/// The redacted review file's check, as the complaints manager (`cookie`) reads it.
pub async fn review_file_check(
    app: &TestApp,
    cookie: &str,
    reference: &str,
) -> app::redaction::ReviewFileCheck {
    let (status, body) = call_api(
        app,
        cookie,
        "redaction_preview",
        &[("reference", reference)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("a check")
}

/// The complaints manager (`cookie`) checks the redacted review file through the preview,
/// keeps every flagged word still waiting for a decision, and approves the file as shown.
/// Returns the approval's fingerprint.
pub async fn approve_review_file(app: &TestApp, cookie: &str, reference: &str) -> String {
    let check = review_file_check(app, cookie, reference).await;
    for flag in check.flags.iter().filter(|f| f.decision.is_none()) {
        let (status, body) = call_api(
            app,
            cookie,
            "decide_flag",
            &[
                ("reference", reference),
                ("words", &flag.words),
                ("decision", "keep"),
            ],
        )
        .await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
    }
    let check = review_file_check(app, cookie, reference).await;
    assert_eq!(check.undecided(), 0);
    let (status, body) = call_api(
        app,
        cookie,
        "approve_redaction",
        &[
            ("reference", reference),
            ("fingerprint", &check.fingerprint),
        ],
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    check.fingerprint
}

/// The links to set a password queued in the outbox for `email`, newest first.
pub async fn reset_links(app: &TestApp, email: &str) -> Vec<String> {
    let db = app.db().await;
    let messages = storage::outbox::newest(&db, 100).await.expect("outbox");
    db.close().await.expect("closed");
    messages
        .into_iter()
        .filter(|m| m.to_email.as_deref() == Some(email))
        .filter(|m| m.dedupe_key.starts_with(app::accounts::RESET_MESSAGE_KEY))
        .map(|m| {
            m.body
                .split_whitespace()
                .find(|word| word.starts_with("http") && word.contains("/reset-password/"))
                .expect("a link in the body")
                .to_owned()
        })
        .collect()
}

/// The subjects of the messages queued in the outbox for `email`, newest first.
pub async fn subjects_for(app: &TestApp, email: &str) -> Vec<String> {
    let db = app.db().await;
    let messages = storage::outbox::newest(&db, 100).await.expect("outbox");
    db.close().await.expect("closed");
    messages
        .into_iter()
        .filter(|m| m.to_email.as_deref() == Some(email))
        .map(|m| m.subject)
        .collect()
}

/// In the demo data ([`spawn_demo_app`]): its password, Rita Resident's account and her
/// customer record.
pub async fn demo_rita(db: &storage::Db) -> (&'static str, storage::accounts::Account, i32) {
    let rita = storage::accounts::find_by_email(db, "rita.resident@example.org")
        .await
        .expect("query")
        .expect("rita");
    let customer = storage::customers::for_user(db, rita.id)
        .await
        .expect("query")
        .expect("her record")
        .id;
    (server::demo::DEMO_PASSWORD, rita, customer)
}

/// A use case's context on `db`, at the tests' clock.
pub fn service_context<'a>(
    db: &'a storage::Db,
    calendar: &'a domain::Calendar,
) -> service::Context<'a> {
    service::Context {
        db,
        calendar,
        now: now(),
        public_base: "http://localhost",
    }
}

/// The account with this address (one of the demo's people, say).
pub async fn account_of(db: &storage::Db, email: &str) -> storage::accounts::Account {
    storage::accounts::find_by_email(db, email)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no account for {email}"))
}
