//! Shutting accounts off and setting passwords again, against the real server on port 0 with
//! the demo data: an administrator disables an account and its open session stops at once;
//! a resident who forgot their password sets a new one through a one-time link sent through
//! the outbox; anyone changes their own password and their other sessions end; requests
//! from other sites are refused; and the same from the command line. Every test runs on
//! SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use app::error::AppError;
use reqwest::{StatusCode, header};
use storage::test_support::{TestDatabase, backends};
use support::*;

const PASSWORD: &str = server::demo::DEMO_PASSWORD;
const ADA: &str = "ada.admin@example.org";
const RITA: &str = "rita.resident@example.org";

async fn call(
    app: &TestApp,
    cookie: Option<&str>,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut request = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .form(fields);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

fn refusal(body: &str) -> (String, String) {
    match serde_json::from_str::<AppError>(body).expect("an AppError") {
        AppError::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Whether the cookie still names a signed-in person.
async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let (status, body) = call(app, Some(cookie), "current_viewer", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.trim() != "null"
}

async fn account_id(app: &TestApp, email: &str) -> String {
    let db = app.db().await;
    let id = storage::accounts::find_by_email(&db, email)
        .await
        .expect("read")
        .expect("an account")
        .id;
    db.close().await.expect("closed");
    id.to_string()
}

async fn demo_app(backend: &'static str) -> TestApp {
    spawn_demo_app(backend).await
}

#[tokio::test]
async fn an_administrator_disables_an_account_and_its_open_session_stops_at_once() {
    for backend in backends() {
        let app = demo_app(backend).await;
        let ada = session_for(&app, ADA, PASSWORD).await;
        let rita = session_for(&app, RITA, PASSWORD).await;
        let rita_id = account_id(&app, RITA).await;

        for email in ["chris.complaints@example.org", RITA] {
            let cookie = session_for(&app, email, PASSWORD).await;
            let (status, _) = call(&app, Some(&cookie), "list_accounts", &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (status, _) = call(
                &app,
                Some(&cookie),
                "control_account",
                &[("id", &rita_id), ("control", "disable")],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (status, _) = get_page(&app, "/admin/accounts", Some(&cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
        }
        assert!(
            signed_in(&app, &rita).await,
            "{backend}: nothing changed yet"
        );

        let (status, html) = get_page(&app, "/admin/accounts", Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Rita Resident"), "{backend}");
        let location = post_without_javascript(
            &app,
            "control_account",
            &format!("/admin/accounts/{rita_id}"),
            &ada,
            &[("id", &rita_id), ("control", "disable")],
        )
        .await;
        assert_eq!(
            location,
            format!("/admin/accounts/{rita_id}?done=disable"),
            "{backend}"
        );
        assert!(
            !signed_in(&app, &rita).await,
            "{backend}: her session ended"
        );
        let (status, html) = get_page(&app, &location, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Account disabled."), "{backend}");
        assert!(html.contains("Enable account"), "{backend}");

        // Refused with the words a wrong password gets: nothing says the account is off.
        let disabled = sign_in(&app, RITA, PASSWORD).await;
        let wrong = sign_in(&app, "sam.officer@example.org", "not the password").await;
        assert!(session_cookie(&disabled).is_none(), "{backend}");
        let unsealed = |r: &reqwest::Response| {
            let location = r.headers()[header::LOCATION].to_str().expect("ascii");
            location.split("&__sig=").next().expect("a path").to_owned()
        };
        assert!(unsealed(&disabled).contains("__err="), "{backend}");
        // Each goes back with the address typed (and never the password); the rest is the
        // same.
        assert!(
            unsealed(&disabled).contains("&email=rita.resident%40example.org"),
            "{backend}"
        );
        assert!(!unsealed(&disabled).contains(PASSWORD), "{backend}");
        let without_address = |r: &reqwest::Response| {
            unsealed(r)
                .split("&email=")
                .next()
                .expect("a path")
                .to_owned()
        };
        assert_eq!(
            without_address(&disabled),
            without_address(&wrong),
            "{backend}"
        );

        let (status, _) = call(
            &app,
            Some(&ada),
            "control_account",
            &[("id", &rita_id), ("control", "enable")],
        )
        .await;
        assert!(status.is_success() || status.is_redirection(), "{backend}");
        session_for(&app, RITA, PASSWORD).await;

        // An administrator cannot lock themselves out.
        let ada_id = account_id(&app, ADA).await;
        let (status, body) = call(
            &app,
            Some(&ada),
            "control_account",
            &[("id", &ada_id), ("control", "disable")],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(refusal(&body).1.contains("your own account"), "{backend}");
        assert!(signed_in(&app, &ada).await, "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_administrator_ends_every_session_and_sends_a_link_that_the_outbox_does_not_show() {
    for backend in backends() {
        let app = demo_app(backend).await;
        let ada = session_for(&app, ADA, PASSWORD).await;
        let sam = "sam.officer@example.org";
        let first = session_for(&app, sam, PASSWORD).await;
        let second = session_for(&app, sam, PASSWORD).await;
        let sam_id = account_id(&app, sam).await;
        let (status, html) = get_page(&app, &format!("/admin/accounts/{sam_id}"), Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Signed in on 2 devices"), "{backend}");

        call(
            &app,
            Some(&ada),
            "control_account",
            &[("id", &sam_id), ("control", "end_sessions")],
        )
        .await;
        assert!(!signed_in(&app, &first).await, "{backend}");
        assert!(!signed_in(&app, &second).await, "{backend}");

        call(
            &app,
            Some(&ada),
            "control_account",
            &[("id", &sam_id), ("control", "send_reset_link")],
        )
        .await;
        let links = reset_links(&app, sam).await;
        assert_eq!(links.len(), 1, "{backend}: {links:?}");
        assert!(
            links[0].starts_with(&app.url("/reset-password/")),
            "{backend}"
        );
        let token = links[0].rsplit('/').next().expect("a token");

        let (status, body) = call(&app, Some(&ada), "outbox_messages", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            body.contains("Set a new password for Putright"),
            "{backend}"
        );
        assert!(
            !body.contains(token),
            "{backend}: the outbox never shows the link"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_resident_who_forgot_their_password_sets_a_new_one_through_a_link_that_works_once() {
    for backend in backends() {
        let app = demo_app(backend).await;
        let open = session_for(&app, RITA, PASSWORD).await;

        let ask = |email: &'static str| {
            app.client
                .post(app.url("/api/forgotten_password"))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, app.url("/forgotten-password"))
                .form(&[("email", email)])
                .send()
        };
        let known = ask(RITA).await.expect("request");
        let unknown = ask("nobody.here@example.org").await.expect("request");
        let staff = ask("sam.officer@example.org").await.expect("request");
        for answer in [&known, &unknown, &staff] {
            assert_eq!(answer.status(), StatusCode::FOUND, "{backend}");
            assert_eq!(
                answer.headers()[header::LOCATION],
                "/forgotten-password?sent=1",
                "{backend}: the same answer whether or not there is an account"
            );
        }
        assert!(
            reset_links(&app, "sam.officer@example.org")
                .await
                .is_empty(),
            "{backend}: staff ask an administrator"
        );
        let (status, html) = get_page(&app, "/forgotten-password?sent=1", None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("If an account has this address"), "{backend}");

        // Asked again at once: no second e-mail.
        ask(RITA).await.expect("request");
        let links = reset_links(&app, RITA).await;
        assert_eq!(links.len(), 1, "{backend}: {links:?}");
        let path = links[0].trim_start_matches(&app.base).to_owned();
        let token = path.rsplit('/').next().expect("token").to_owned();

        let (status, html) = get_page(&app, &path, None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Set a new password"), "{backend}");

        let (status, body) = call(
            &app,
            None,
            "reset_password",
            &[
                ("token", &token),
                ("new_password", "Password2024!"),
                ("confirm_password", "Password2024!"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        let (field, message) = refusal(&body);
        assert_eq!(field, "new_password", "{backend}");
        assert!(message.contains("too common"), "{backend}: {message}");

        let new_password = "kettle orchard lantern";
        let response = app
            .client
            .post(app.url("/api/reset_password"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(&path))
            .form(&[
                ("token", token.as_str()),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(
            response.headers()[header::LOCATION],
            "/sign-in?password=set",
            "{backend}"
        );
        assert!(
            !signed_in(&app, &open).await,
            "{backend}: every session ended"
        );
        assert!(
            session_cookie(&sign_in(&app, RITA, PASSWORD).await).is_none(),
            "{backend}: the old password is gone"
        );
        session_for(&app, RITA, new_password).await;

        let (status, body) = call(
            &app,
            None,
            "reset_password",
            &[
                ("token", &token),
                ("new_password", "another fine phrase"),
                ("confirm_password", "another fine phrase"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(refusal(&body).1.contains("already been used"), "{backend}");
        let (status, html) = get_page(&app, &path, None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("This link no longer works"), "{backend}");
        for nonsense in ["/reset-password/..%2f..%2fetc", "/reset-password/zz"] {
            let (status, html) = get_page(&app, nonsense, None).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {nonsense}");
            assert!(html.contains("This link no longer works"), "{backend}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn changing_one_s_password_needs_the_current_one_and_signs_out_the_other_devices() {
    for backend in backends() {
        let app = demo_app(backend).await;
        let here = session_for(&app, RITA, PASSWORD).await;
        let elsewhere = session_for(&app, RITA, PASSWORD).await;
        let (status, html) = get_page(&app, "/account/password", Some(&here)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Your current password"), "{backend}");
        assert!(
            html.contains(r#"href="/account/password""#),
            "{backend}: the header links it"
        );

        let new_password = "harbour biscuit violin";
        for (current, new, confirm, field) in [
            ("wrong one", new_password, new_password, "current_password"),
            ("", new_password, new_password, "current_password"),
            (PASSWORD, "qwertyuiop123", "qwertyuiop123", "new_password"),
            (PASSWORD, "short", "short", "new_password"),
            (PASSWORD, new_password, "something else", "confirm_password"),
        ] {
            let (status, body) = call(
                &app,
                Some(&here),
                "change_password",
                &[
                    ("current_password", current),
                    ("new_password", new),
                    ("confirm_password", confirm),
                ],
            )
            .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {field}");
            assert_eq!(refusal(&body).0, field, "{backend}");
        }
        assert!(
            signed_in(&app, &elsewhere).await,
            "{backend}: nothing changed"
        );

        let location = post_without_javascript(
            &app,
            "change_password",
            "/account/password",
            &here,
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
        assert_eq!(location, "/account/password?changed=1", "{backend}");
        assert!(
            signed_in(&app, &here).await,
            "{backend}: this session stays"
        );
        assert!(
            !signed_in(&app, &elsewhere).await,
            "{backend}: the other ends"
        );
        assert_eq!(
            subjects_for(&app, RITA).await.first().map(String::as_str),
            Some("Your Putright password was changed"),
            "{backend}: she is told, in case it was not her"
        );
        session_for(&app, RITA, new_password).await;

        let (status, _) = call(
            &app,
            None,
            "change_password",
            &[
                ("current_password", new_password),
                ("new_password", "a fresh new phrase"),
                ("confirm_password", "a fresh new phrase"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: signed in only");
        app.stop().await;
    }
}

#[tokio::test]
async fn account_forms_posted_from_another_site_are_refused() {
    for backend in backends() {
        let app = demo_app(backend).await;
        let ada = session_for(&app, ADA, PASSWORD).await;
        let rita = session_for(&app, RITA, PASSWORD).await;
        let rita_id = account_id(&app, RITA).await;
        let cross_site = |endpoint: &str, cookie: &str, fields: &[(&str, &str)]| {
            app.client
                .post(app.url(&format!("/api/{endpoint}")))
                .header(header::COOKIE, cookie)
                .header("sec-fetch-site", "cross-site")
                .header(header::ORIGIN, "https://evil.example")
                .form(fields)
                .send()
        };
        let answer = cross_site(
            "control_account",
            &ada,
            &[("id", &rita_id), ("control", "disable")],
        )
        .await
        .expect("request");
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{backend}");
        let answer = cross_site(
            "change_password",
            &rita,
            &[
                ("current_password", PASSWORD),
                ("new_password", "chosen by evil"),
                ("confirm_password", "chosen by evil"),
            ],
        )
        .await
        .expect("request");
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{backend}");
        let answer = cross_site("forgotten_password", "", &[("email", RITA)])
            .await
            .expect("request");
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{backend}");

        assert!(signed_in(&app, &rita).await, "{backend}: not disabled");
        session_for(&app, RITA, PASSWORD).await;
        assert!(reset_links(&app, RITA).await.is_empty(), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_command_line_disables_enables_prints_a_one_time_link_and_resets_the_second_factor() {
    for backend in backends() {
        let database = TestDatabase::create(backend).await.expect("database");
        let db = database.open().await.expect("migrated");
        storage::accounts::create(
            &db,
            "ian@example.org",
            "Ian",
            domain::Role::Officer,
            "kettle orchard lantern",
            now(),
        )
        .await
        .expect("created");
        let data = tempfile::tempdir().expect("data dir");
        let putright = |args: &[&str]| {
            putright_command()
                .args(args)
                .env("PUTRIGHT_DATABASE_URL", &database.url)
                .env("PUTRIGHT_DATA_DIR", data.path())
                .env("PUTRIGHT_PUBLIC_URL", "https://complaints.example.org")
                .output()
                .expect("putright runs")
        };
        let out = putright(&["user", "disable", "IAN@example.org"]);
        assert!(out.status.success(), "{backend}: {out:?}");
        assert!(
            storage::accounts::sign_in(&db, "ian@example.org", "kettle orchard lantern", now())
                .await
                .is_err(),
            "{backend}"
        );
        let out = putright(&["user", "reset-password", "ian@example.org"]);
        assert!(
            !out.status.success(),
            "{backend}: no link for a disabled account"
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("disabled"),
            "{backend}: {out:?}"
        );
        let out = putright(&["user", "enable", "ian@example.org"]);
        assert!(out.status.success(), "{backend}: {out:?}");
        let out = putright(&["user", "reset-password", "ian@example.org"]);
        assert!(out.status.success(), "{backend}: {out:?}");
        let printed = String::from_utf8_lossy(&out.stdout);
        let link = printed
            .lines()
            .find(|l| l.starts_with("https://complaints.example.org/reset-password/"))
            .unwrap_or_else(|| panic!("{backend}: a link in {printed}"));
        let token =
            storage::accounts::ResetToken::from_link(link.rsplit('/').next().expect("a token"))
                .expect("a token");
        storage::accounts::redeem_reset(&db, &token, "harbour biscuit violin", now())
            .await
            .expect("the link works");
        let ian =
            storage::accounts::sign_in(&db, "ian@example.org", "harbour biscuit violin", now())
                .await
                .expect("signed in with the new password")
                .0;
        // A lost phone: the second factor is reset from the command line too.
        storage::accounts::enrol(&db, ian.id, server::demo::DEMO_TOTP_SECRET)
            .await
            .expect("enrolled");
        let out = putright(&["user", "reset-second-factor", "ian@example.org"]);
        assert!(out.status.success(), "{backend}: {out:?}");
        assert_eq!(
            storage::accounts::second_step(&db, ian.id)
                .await
                .expect("read"),
            storage::accounts::SecondStep::SetUp,
            "{backend}"
        );
        let out = putright(&["user", "disable", "nobody@example.org"]);
        assert!(!out.status.success(), "{backend}");
        db.close().await.expect("closed");
        database.drop_now().await.expect("dropped");
    }
}

/// `putright user add` and `putright api-client add` run the administrators' use cases as
/// the operator: what the pages refuse is refused, each problem named, and what is made
/// works (the account signs in with the password piped in; the client's token, printed
/// once, is the one stored).
#[tokio::test]
async fn the_command_line_adds_accounts_and_clients_by_the_pages_rules() {
    use std::io::Write;
    for backend in backends() {
        let database = TestDatabase::create(backend).await.expect("database");
        let data = tempfile::tempdir().expect("data dir");
        let putright = |args: &[&str], piped: &str| {
            let mut child = putright_command()
                .args(args)
                .env("PUTRIGHT_DATABASE_URL", &database.url)
                .env("PUTRIGHT_DATA_DIR", data.path())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("putright runs");
            child
                .stdin
                .take()
                .expect("its input")
                .write_all(piped.as_bytes())
                .expect("piped");
            child.wait_with_output().expect("it ends")
        };
        let said = |out: &std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();

        let add = [
            "user",
            "add",
            "--role",
            "officer",
            "--email",
            "ivy@example.org",
        ];
        let out = putright(&add, "kettle orchard lantern\n");
        assert!(out.status.success(), "{backend}: {}", said(&out));
        let db = database.open().await.expect("migrated");
        let ivy =
            storage::accounts::sign_in(&db, "ivy@example.org", "kettle orchard lantern", now())
                .await
                .expect("the password piped in signs in")
                .0;
        assert_eq!(ivy.role, domain::Role::Officer, "{backend}");
        assert_eq!(
            ivy.display_name, "ivy",
            "{backend}: the name is the address's first part"
        );

        let out = putright(&add, "harbour biscuit violin\n");
        assert!(!out.status.success(), "{backend}");
        assert!(
            said(&out).contains("There is already an account"),
            "{backend}: {}",
            said(&out)
        );
        let out = putright(
            &[
                "user",
                "add",
                "--role",
                "officer",
                "--email",
                "not-an-address",
            ],
            "password\n",
        );
        assert!(!out.status.success(), "{backend}");
        let refused = said(&out);
        assert!(
            refused.contains("email: ") && refused.contains("password: "),
            "{backend}: every problem at once: {refused}"
        );
        assert!(
            storage::accounts::find_by_email(&db, "not-an-address")
                .await
                .expect("read")
                .is_none(),
            "{backend}"
        );

        let client = |role: &str, scopes: &str| {
            putright(
                &[
                    "api-client",
                    "add",
                    "--name",
                    "Repairs system",
                    "--role",
                    role,
                    "--scope",
                    scopes,
                ],
                "",
            )
        };
        let out = client("admin", "cases:read");
        assert!(!out.status.success(), "{backend}");
        assert!(
            said(&out).contains("A client cannot act as administrator"),
            "{backend}: {}",
            said(&out)
        );
        let out = client("officer", "cases:read,everything");
        assert!(!out.status.success(), "{backend}");
        assert!(said(&out).contains("scopes: "), "{backend}: {}", said(&out));
        let out = client("officer", "cases:read,reports:read");
        assert!(out.status.success(), "{backend}: {}", said(&out));
        let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let found = storage::api_clients::authenticate(&db, &token, now())
            .await
            .expect("read")
            .expect("the printed token is the client's");
        assert_eq!(found.name, "Repairs system", "{backend}");
        assert_eq!(found.role, domain::Role::Officer, "{backend}");
        db.close().await.expect("closed");
        database.drop_now().await.expect("dropped");
    }
}

/// A new member of staff sets up an authenticator app at their first sign-in (the password
/// alone signs them in nowhere), sees their recovery codes once, and signs in with one when
/// their phone is lost; an administrator resets their second factor, which ends their
/// sessions and asks for a new app at the next sign-in.
#[tokio::test]
async fn staff_set_up_an_authenticator_app_keep_recovery_codes_and_an_administrator_resets_it() {
    for backend in backends() {
        let app = demo_app(backend).await;
        let ada = session_for(&app, ADA, PASSWORD).await;
        let db = app.db().await;
        let new = storage::accounts::create(
            &db,
            "nia.new@example.org",
            "Nia New",
            domain::Role::Officer,
            "kettle orchard lantern",
            now(),
        )
        .await
        .expect("created");
        db.close().await.expect("closed");

        let response = sign_in(&app, "nia.new@example.org", "kettle orchard lantern").await;
        assert_eq!(
            response.headers()[header::LOCATION],
            "/sign-in/set-up?next=/",
            "{backend}"
        );
        let pending = set_cookie(&response, "putright_session").expect("pending");
        let device = set_cookie(&response, "putright_device").expect("device");
        let cookies = format!("{pending}; {device}");
        assert!(!signed_in(&app, &pending).await, "{backend}: not yet");
        let (status, page) = get_page(&app, "/sign-in/set-up", Some(&cookies)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("Set up your authenticator app"), "{backend}");
        assert!(page.contains("<svg"), "{backend}: the QR code");
        let key: String = page
            .split("class=\"key\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("the key")
            .replace(' ', "");
        // Anyone else sees nothing to set up.
        let (_, other) = get_page(&app, "/sign-in/set-up", None).await;
        assert!(!other.contains(&key[..8]), "{backend}");

        let (status, body) = call(
            &app,
            Some(&cookies),
            "confirm_second_factor",
            &[("code", "000000")],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(refusal(&body).0, "code", "{backend}");
        let code = storage::accounts::code_at(&key, now()).expect("code");
        let response = app
            .client
            .post(app.url("/api/confirm_second_factor"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url("/sign-in/set-up"))
            .header(header::COOKIE, &cookies)
            .form(&[("code", code.as_str()), ("next", "/staff")])
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.headers()[header::LOCATION],
            "/account/recovery-codes?new=1&next=/staff",
            "{backend}"
        );
        let nia = set_cookie(&response, "putright_session").expect("the session");
        assert!(signed_in(&app, &nia).await, "{backend}");
        assert_eq!(
            subjects_for(&app, "nia.new@example.org").await,
            vec!["An authenticator app was set up for your Putright account".to_owned()],
            "{backend}"
        );
        assert!(
            !signed_in(&app, &pending).await,
            "{backend}: the pending one is gone"
        );

        let (_, page) = get_page(&app, "/account/recovery-codes?new=1", Some(&nia)).await;
        let codes: Vec<String> = page
            .split("<li><code>")
            .skip(1)
            .filter_map(|rest| rest.split('<').next())
            .map(str::to_owned)
            .collect();
        assert_eq!(codes.len(), 10, "{backend}");
        let (_, again) = get_page(&app, "/account/recovery-codes", Some(&nia)).await;
        assert!(!again.contains(&codes[0]), "{backend}: shown once");
        assert!(
            again.contains("You have 10 unused recovery codes."),
            "{backend}"
        );

        // The phone is lost: a recovery code, on another browser.
        let response = sign_in(&app, "nia.new@example.org", "kettle orchard lantern").await;
        assert_eq!(
            response.headers()[header::LOCATION],
            "/sign-in/code?next=/",
            "{backend}"
        );
        let other = set_cookie(&response, "putright_session").expect("pending");
        let (status, body) = call(
            &app,
            Some(&other),
            "enter_second_factor",
            &[("code", codes[0].as_str())],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");

        // The administrator resets it: Nia is signed out, and sets up an app again.
        let id = new.id.to_string();
        let (_, html) = get_page(&app, &format!("/admin/accounts/{id}"), Some(&ada)).await;
        assert!(html.contains("Authenticator app set up"), "{backend}");
        call(
            &app,
            Some(&ada),
            "control_account",
            &[("id", &id), ("control", "reset_second_factor")],
        )
        .await;
        assert!(!signed_in(&app, &nia).await, "{backend}");
        assert_eq!(
            subjects_for(&app, "nia.new@example.org")
                .await
                .first()
                .map(String::as_str),
            Some("The second factor of your Putright account was reset"),
            "{backend}"
        );
        let (_, html) = get_page(&app, &format!("/admin/accounts/{id}"), Some(&ada)).await;
        assert!(
            html.contains("Not set up: asked for at the next sign-in"),
            "{backend}"
        );
        let response = sign_in(&app, "nia.new@example.org", "kettle orchard lantern").await;
        assert_eq!(
            response.headers()[header::LOCATION],
            "/sign-in/set-up?next=/",
            "{backend}"
        );
        app.stop().await;
    }
}

/// The accounts' use cases refuse whoever may not, before they change anything: a member of
/// staff who is not an administrator, a resident and an integration client (whatever its
/// role and scopes) cannot list, read or control accounts, a client cannot change a password
/// or keep recovery codes, and an administrator cannot disable their own account.
#[tokio::test]
async fn the_accounts_use_cases_refuse_whoever_may_not() {
    use service::accounts::Control;
    use service::{Caller, ServiceError};
    for backend in backends() {
        let app = demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let ctx = service_context(&db, &calendar);
        let (ada, chris, rita) = (
            account_of(&db, ADA).await,
            account_of(&db, "chris.complaints@example.org").await,
            account_of(&db, RITA).await,
        );
        let (client, _) = storage::api_clients::create(
            &db,
            &storage::api_clients::NewClient {
                name: "Housing system",
                role: domain::Role::ComplaintsManager,
                scopes: &domain::access::clients::Scope::ALL,
                created_by: ada.id,
            },
            now(),
        )
        .await
        .expect("a client");
        let told_before = subjects_for(&app, ADA).await;
        let forbidden =
            |result: Result<(), ServiceError>| matches!(result, Err(ServiceError::Forbidden(_)));
        for caller in [
            Caller::person(&chris),
            Caller::person(&rita),
            Caller::client(&client),
        ] {
            let who = format!("{backend} {caller}");
            assert!(
                forbidden(service::accounts::list(ctx, &caller, "").await.map(drop)),
                "{who}"
            );
            assert!(
                forbidden(
                    service::accounts::read(ctx, &caller, rita.id)
                        .await
                        .map(drop)
                ),
                "{who}"
            );
            for control in [
                Control::Disable,
                Control::Enable,
                Control::SendResetLink,
                Control::EndSessions,
                Control::ResetSecondFactor,
            ] {
                assert!(
                    forbidden(service::accounts::control(ctx, &caller, ada.id, control).await),
                    "{who} {control:?}"
                );
            }
        }
        let client = Caller::client(&client);
        let change = service::accounts::PasswordChange {
            current: PASSWORD,
            new: "harbour biscuit violin",
            confirm: "harbour biscuit violin",
        };
        let session = storage::accounts::SessionToken::from_cookie("not a session");
        assert!(forbidden(
            service::accounts::change_password(ctx, &client, &session, change).await
        ));
        assert!(forbidden(
            service::second_factor::recovery_codes(ctx, &client)
                .await
                .map(drop)
        ));
        assert!(forbidden(
            service::second_factor::void_recovery_codes(ctx, &client).await
        ));
        // A resident's account takes no second factor: nothing to keep, nothing to void.
        let resident = Caller::person(&rita);
        assert_eq!(
            service::second_factor::recovery_codes(ctx, &resident)
                .await
                .expect("read"),
            service::second_factor::RecoveryCodes::NotNeeded,
            "{backend}"
        );
        assert!(forbidden(
            service::second_factor::void_recovery_codes(ctx, &resident).await
        ));
        // An administrator cannot lock themselves out.
        let refused =
            service::accounts::control(ctx, &Caller::person(&ada), ada.id, Control::Disable).await;
        assert!(
            matches!(&refused, Err(ServiceError::Invalid(problems)) if problems[0].field == "control"),
            "{backend}: {refused:?}"
        );

        // Nothing changed.
        for account in [&ada, &rita] {
            let status = storage::accounts::status(&db, account.id)
                .await
                .expect("read")
                .expect("the account");
            assert!(!status.disabled(), "{backend}");
        }
        assert!(reset_links(&app, ADA).await.is_empty(), "{backend}");
        assert_eq!(subjects_for(&app, ADA).await, told_before, "{backend}");
        assert!(
            session_for(&app, ADA, PASSWORD)
                .await
                .contains("putright_session="),
            "{backend}: Ada still signs in"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}
