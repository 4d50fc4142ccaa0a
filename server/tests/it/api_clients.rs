//! The integration API's clients through the real server, as an administrator's browser
//! without JavaScript uses the pages: a client made on the form, its token shown once on
//! the page after the post (never in the redirect, never on the list, only its SHA-256
//! kept), refused answers explained next to their fields with nothing stored, the page
//! refused to everyone but an administrator, and a token revoked (twice over, to no further
//! effect) after a confirmation step. On SQLite and, when configured, PostgreSQL.

use crate::support;

use reqwest::{StatusCode, header};
use storage::api_clients::TOKEN_PREFIX;
use storage::test_support::{backends, count_rows};
use support::*;

const PAGE: &str = "/admin/api-clients";
const PASSWORD: &str = server::demo::DEMO_PASSWORD;

/// A full client's form: a name, a role and two scopes.
fn housing_system() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Eastfield housing system"),
        ("role", "complaints_manager"),
        ("scopes[]", "cases:read"),
        ("scopes[]", "reports:read"),
    ]
}

/// The token a page shows, if it shows one: `putright_` and 64 hexadecimal digits.
fn token_on(html: &str) -> Option<String> {
    html.match_indices(TOKEN_PREFIX).find_map(|(start, _)| {
        let secret: String = html[start + TOKEN_PREFIX.len()..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        (secret.len() == 64).then(|| format!("{TOKEN_PREFIX}{secret}"))
    })
}

/// Posts the form as a browser without JavaScript does and answers the whole redirect: its
/// status, its headers and its body, as text.
async fn post_form(
    app: &TestApp,
    cookie: &str,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let response = app
        .client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url(PAGE))
        .header(header::COOKIE, cookie)
        .form(fields)
        .send()
        .await
        .expect("request");
    let status = response.status();
    let headers = format!("{:?}", response.headers());
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.expect("body");
    (status, location, format!("{headers}\n{body}"))
}

/// Makes a client through the form as `cookie`, follows the redirect to its page and
/// returns the client's id and the token that page showed.
async fn make_client(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> (i32, String) {
    let (status, location, answer) = post_form(app, cookie, "create_api_client", fields).await;
    assert_eq!(status, StatusCode::FOUND, "{answer}");
    assert_eq!(
        token_on(&answer),
        None,
        "no token in the redirect: {answer}"
    );
    let id: i32 = location
        .strip_prefix(&format!("{PAGE}/"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("to the client's page: {location}"));
    let (status, html) = get_page(app, &location, Some(cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let token = token_on(main_part(&html)).expect("the token, on the page after the post");
    (id, token)
}

#[tokio::test]
async fn an_administrator_makes_a_client_and_sees_its_token_once() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;

        let (_, html) = get_page(&app, "/admin", Some(&ada)).await;
        assert!(
            main_part(&html).contains(&format!(r#"href="{PAGE}""#)),
            "{backend}: on the administration page"
        );
        let (status, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("There are no API clients yet."), "{backend}");
        assert!(main.contains("Make a client"), "{backend}");
        for role in ["Officer", "Complaints manager", "Board member"] {
            assert!(main.contains(role), "{backend}: {role} offered");
        }
        assert!(
            input_with(main, &[r#"value="admin""#]).is_none(),
            "{backend}: no administrator's role offered"
        );
        assert!(
            input_with(main, &[r#"value="resident""#]).is_none(),
            "{backend}"
        );

        let (id, token) = make_client(&app, &ada, &housing_system()).await;
        let hint: String = token.chars().skip(token.len() - 4).collect();
        // Shown with the client's details and the warning, on the answer of the page the
        // post led to.
        let (status, html) = get_page(&app, &format!("{PAGE}/{id}"), Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            !html.contains(&token),
            "{backend}: the token is shown once, and not again"
        );
        let main = main_part(&html);
        assert!(main.contains(&format!("Ends …{hint}")), "{backend}: {main}");
        assert!(!main.contains("Copy this token now"), "{backend}");
        assert!(main.contains("Never"), "{backend}: not used yet");

        // Only its SHA-256 is kept, and it opens the client.
        let clients = storage::api_clients::list(&db).await.expect("clients");
        assert_eq!(clients.len(), 1, "{backend}");
        let client = &clients[0];
        assert_eq!(client.id, id, "{backend}");
        assert_eq!(client.name, "Eastfield housing system", "{backend}");
        assert_eq!(client.role, domain::Role::ComplaintsManager, "{backend}");
        assert_eq!(
            client.scopes,
            [
                domain::access::clients::Scope::ReadCases,
                domain::access::clients::Scope::Reports
            ],
            "{backend}"
        );
        assert_eq!(client.token_hint, hint, "{backend}");
        assert_eq!(
            count_rows(
                &db,
                &format!("SELECT COUNT(*) FROM api_clients WHERE token_hash = '{token}'")
            )
            .await
            .expect("counted"),
            0,
            "{backend}: the token itself is not stored"
        );
        let secret = &token[TOKEN_PREFIX.len()..];
        assert_eq!(
            count_rows(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM api_clients WHERE token_hash LIKE '%{secret}%' \
                 OR name LIKE '%{secret}%' OR scopes LIKE '%{secret}%'"
                )
            )
            .await
            .expect("counted"),
            0,
            "{backend}: nor any part of it"
        );
        assert_eq!(
            count_rows(
                &db,
                "SELECT COUNT(*) FROM api_clients WHERE LENGTH(token_hash) = 64"
            )
            .await
            .expect("counted"),
            1,
            "{backend}: a SHA-256, in hexadecimal"
        );
        let opened = storage::api_clients::authenticate(&db, &token, now())
            .await
            .expect("read")
            .expect("the token opens its client");
        assert_eq!(opened.id, id, "{backend}");
        assert!(
            storage::api_clients::authenticate(&db, &format!("{token}0"), now())
                .await
                .expect("read")
                .is_none(),
            "{backend}"
        );

        // The list names it, never with its token.
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert!(!html.contains(&token), "{backend}");
        assert_eq!(token_on(&html), None, "{backend}: nor any other");
        let main = main_part(&html);
        let hint_shown = format!("…{hint}");
        for shown in [
            "Eastfield housing system",
            "Complaints manager",
            "cases:read",
            "reports:read",
            hint_shown.as_str(),
            "Active",
        ] {
            assert!(main.contains(shown), "{backend}: {shown} in {main}");
        }
        let (status, body) = call_api(&app, &ada, "api_clients", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(!body.contains(&token), "{backend}");
        assert!(body.contains(&hint_shown), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A client another administrator made waits for them: the token is theirs to see, once.
#[tokio::test]
async fn the_token_is_shown_only_to_the_administrator_who_made_the_client() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        app.add_account(
            "bea.admin@example.org",
            "Bea Admin",
            domain::Role::Admin,
            PASSWORD,
        )
        .await;
        let bea_id = storage::accounts::find_by_email(&db, "bea.admin@example.org")
            .await
            .expect("query")
            .expect("Bea")
            .id;
        let client = storage::api_clients::create_pending(
            &db,
            &storage::api_clients::NewClient {
                name: "Reporting tool",
                role: domain::Role::BoardMember,
                scopes: &[domain::access::clients::Scope::Reports],
                created_by: bea_id,
            },
            now(),
        )
        .await
        .expect("made");
        assert!(!client.token_issued(), "{backend}");
        let page = format!("{PAGE}/{}", client.id);

        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let (status, html) = get_page(&app, &page, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(token_on(&html).is_none(), "{backend}: not Ada's to see");
        assert!(
            main_part(&html).contains("It is shown once, to Bea Admin, who made this client"),
            "{backend}"
        );
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert!(main_part(&html).contains("Not shown yet"), "{backend}");

        let bea = session_for(&app, "bea.admin@example.org", PASSWORD).await;
        let (_, html) = get_page(&app, &page, Some(&bea)).await;
        let main = main_part(&html);
        let token = token_on(main).expect("shown to Bea");
        assert!(
            main.contains("Copy this token now: it will not be shown again."),
            "{backend}"
        );
        assert!(main.contains("Reporting tool"), "{backend}");
        assert!(main.contains("reports:read"), "{backend}");
        let (_, html) = get_page(&app, &page, Some(&bea)).await;
        assert!(token_on(&html).is_none(), "{backend}: once");
        assert!(
            storage::api_clients::authenticate(&db, &token, now())
                .await
                .expect("read")
                .is_some(),
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn only_an_administrator_sees_makes_or_revokes_api_clients() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let (id, token) = make_client(&app, &ada, &housing_system()).await;
        let client_page = format!("{PAGE}/{id}");
        let id_text = id.to_string();

        for email in [
            "chris.complaints@example.org",
            "sam.officer@example.org",
            "rita.resident@example.org",
        ] {
            let cookie = session_for(&app, email, PASSWORD).await;
            for page in [PAGE, client_page.as_str()] {
                let (status, html) = get_page(&app, page, Some(&cookie)).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email} {page}");
                assert!(!html.contains("Eastfield"), "{backend}: {email}");
            }
            let (status, body) = call_api(&app, &cookie, "api_clients", &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert!(!body.contains("Eastfield"), "{backend}: {email}");
            let (status, _) = call_api(&app, &cookie, "create_api_client", &housing_system()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (status, _) = call_api(
                &app,
                &cookie,
                "revoke_api_client",
                &[("id", id_text.as_str())],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (_, html) = get_page(&app, "/admin", Some(&cookie)).await;
            assert!(
                !html.contains(&format!(r#"href="{PAGE}""#)),
                "{backend}: {email} is not shown the page"
            );
        }
        for page in [PAGE, client_page.as_str()] {
            let (status, _) = get_page(&app, page, None).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: not signed in");
        }

        // Nothing was made or revoked by them.
        let clients = storage::api_clients::list(&db).await.expect("clients");
        assert_eq!(clients.len(), 1, "{backend}");
        assert_eq!(clients[0].revoked_at, None, "{backend}");
        assert!(
            storage::api_clients::authenticate(&db, &token, now())
                .await
                .expect("read")
                .is_some(),
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_refused_api_client_is_explained_next_to_its_fields_and_nothing_is_stored() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let too_long = "x".repeat(81);

        // No name and no scope: both at once, the role kept.
        let back = post_without_javascript(
            &app,
            "create_api_client",
            PAGE,
            &ada,
            &[("name", "  "), ("role", "officer")],
        )
        .await;
        assert!(back.starts_with(PAGE), "{backend}: {back}");
        let (status, html) = get_page(&app, &back, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("There is a problem"), "{backend}");
        assert!(main.contains("Enter a name for the client"), "{backend}");
        assert!(
            main.contains("Choose at least one thing the client may do"),
            "{backend}"
        );
        assert!(
            input_with(main, &[r#"value="officer""#, "checked"]).is_some(),
            "{backend}: the role chosen is kept"
        );

        // Roles a client may not hold, posted by hand; what was typed kept.
        for (role, message) in [
            ("admin", "A client cannot act as administrator"),
            ("resident", "A client cannot act as resident"),
            (
                "involved_customer",
                "A client cannot act as involved customer",
            ),
            ("owner", "Choose the role the client acts with"),
        ] {
            let back = post_without_javascript(
                &app,
                "create_api_client",
                PAGE,
                &ada,
                &[
                    ("name", "Sneaky system"),
                    ("role", role),
                    ("scopes[]", "cases:read"),
                ],
            )
            .await;
            let (_, html) = get_page(&app, &back, Some(&ada)).await;
            let main = main_part(&html);
            assert!(main.contains(message), "{backend}: {role}: {main}");
            assert!(
                input_with(main, &[r#"name="name""#, r#"value="Sneaky system""#]).is_some(),
                "{backend}: the name is kept"
            );
            assert!(
                input_with(main, &[r#"value="cases:read""#, "checked"]).is_some(),
                "{backend}: the scope is kept"
            );
        }

        // The same refusals to the page's script: every problem, each at its field.
        for (fields, refused) in [
            (vec![], vec!["name", "role", "scopes"]),
            (
                vec![
                    ("name", too_long.as_str()),
                    ("role", "officer"),
                    ("scopes[]", "cases:read"),
                ],
                vec!["name"],
            ),
            (
                vec![
                    ("name", "Housing system"),
                    ("role", "admin"),
                    ("scopes[]", "cases:read"),
                ],
                vec!["role"],
            ),
            (
                vec![
                    ("name", "Housing system"),
                    ("role", "officer"),
                    ("scopes[]", "cases:delete"),
                ],
                vec!["scopes"],
            ),
        ] {
            let (status, body) = call_api(&app, &ada, "create_api_client", &fields).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {fields:?}");
            assert_eq!(refused_fields(&body), refused, "{backend}: {fields:?}");
        }
        assert!(
            storage::api_clients::list(&db)
                .await
                .expect("clients")
                .is_empty(),
            "{backend}: nothing stored"
        );
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM api_clients")
                .await
                .expect("counted"),
            0,
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_api_clients_calls_are_listed_and_revoking_its_token_is_confirmed_and_idempotent() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let (id, token) = make_client(&app, &ada, &housing_system()).await;
        let page = format!("{PAGE}/{id}");

        // Its calls, the newest first.
        let (status, html) = get_page(&app, &page, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            main_part(&html).contains("It has made no calls yet."),
            "{backend}"
        );
        let at = now();
        storage::api_clients::record_call(&db, id, "GET", "/api/v1/cases/CX-0001", 200, at)
            .await
            .expect("kept");
        storage::api_clients::record_call(
            &db,
            id,
            "POST",
            "/api/v1/cases",
            422,
            at + chrono::Duration::seconds(5),
        )
        .await
        .expect("kept");
        let (_, html) = get_page(&app, &page, Some(&ada)).await;
        let main = main_part(&html);
        let newer = main.find("/api/v1/cases<").expect("the newer call");
        let older = main.find("/api/v1/cases/CX-0001").expect("the older call");
        assert!(newer < older, "{backend}: the newest first");
        assert!(main.contains("Its 2 calls, the newest first"), "{backend}");
        assert!(main.contains(">422<"), "{backend}");
        let london = domain::london::to_london(at);
        assert!(
            main.contains(&format!(
                "{} at {}",
                domain::deadlines::day_month_year(london.date()),
                london.format("%H:%M:%S")
            )),
            "{backend}: the time in London"
        );

        // The button leads to the confirmation, which says what will happen.
        assert!(main.contains("Revoke this token"), "{backend}");
        let (status, html) = get_page(&app, &format!("{page}?confirm=revoke"), Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(
            main.contains("Are you sure you want to revoke this token?"),
            "{backend}"
        );
        assert!(
            main.contains("Anything using this token will stop working at once."),
            "{backend}"
        );
        assert!(main.contains("Yes, revoke this token"), "{backend}");

        let id_text = id.to_string();
        let back = post_without_javascript(
            &app,
            "revoke_api_client",
            &format!("{page}?confirm=revoke"),
            &ada,
            &[("id", id_text.as_str())],
        )
        .await;
        assert_eq!(back, format!("{page}?revoked=1"), "{backend}");
        let revoked_at = storage::api_clients::find(&db, id)
            .await
            .expect("the client")
            .revoked_at
            .expect("revoked");
        assert!(
            storage::api_clients::authenticate(&db, &token, now())
                .await
                .expect("read")
                .is_none(),
            "{backend}: the token no longer opens it"
        );
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        let when = domain::deadlines::long_date_time(revoked_at);
        assert!(
            main.contains(&format!("This token was revoked on {when}.")),
            "{backend}: {main}"
        );
        assert!(!main.contains("Revoke this token"), "{backend}");
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert!(main_part(&html).contains("Revoked"), "{backend}");

        // Again: nothing changes, and the page says when it was revoked.
        let again = post_without_javascript(
            &app,
            "revoke_api_client",
            &page,
            &ada,
            &[("id", id_text.as_str())],
        )
        .await;
        assert_eq!(again, back, "{backend}");
        assert_eq!(
            storage::api_clients::find(&db, id)
                .await
                .expect("the client")
                .revoked_at,
            Some(revoked_at),
            "{backend}: revoked once"
        );
        assert!(
            !storage::api_clients::revoke(&db, id, now())
                .await
                .expect("revoked"),
            "{backend}"
        );

        // No such client.
        let (status, _) = call_api(&app, &ada, "revoke_api_client", &[("id", "999999")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        for missing in ["999999", "abc"] {
            let (status, _) = get_page(&app, &format!("{PAGE}/{missing}"), Some(&ada)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: {missing}");
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// The integrations' use cases, called directly, refuse whoever may not keep them before
/// they read or change anything: the complaints manager, an officer, a resident and an
/// integration client (whatever its role and scopes) cannot list, open, make or end an API
/// client or a webhook, and opening one made by an administrator does not make its secret.
#[tokio::test]
async fn the_integrations_use_cases_refuse_whoever_may_not() {
    use service::integrations::{self as integrations, NewClientForm};
    use service::{Caller, ServiceError};
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let ctx = service_context(&db, &calendar);
        let ada = account_of(&db, "ada.admin@example.org").await;
        let pending = storage::api_clients::create_pending(
            &db,
            &storage::api_clients::NewClient {
                name: "Eastfield housing system",
                role: domain::Role::Officer,
                scopes: &[domain::access::clients::Scope::ReadCases],
                created_by: ada.id,
            },
            now(),
        )
        .await
        .expect("a client");
        let hook = storage::webhooks::create_pending(
            &db,
            "https://housing.example.org/putright-events",
            &[domain::webhooks::Event::CaseCreated],
            ada.id,
            now(),
        )
        .await
        .expect("a webhook");
        let (client, _) = storage::api_clients::create(
            &db,
            &storage::api_clients::NewClient {
                name: "Everything",
                role: domain::Role::ComplaintsManager,
                scopes: &domain::access::clients::Scope::ALL,
                created_by: ada.id,
            },
            now(),
        )
        .await
        .expect("a client");
        let clients_before = storage::api_clients::list(&db).await.expect("list").len();
        let hooks_before = storage::webhooks::list(&db).await.expect("list").len();
        let forbidden =
            |result: Result<(), ServiceError>| matches!(result, Err(ServiceError::Forbidden(_)));
        let scopes = ["cases:read".to_owned()];
        let events = ["case.created".to_owned()];
        let (client_id, hook_id) = (pending.id.to_string(), hook.id.to_string());
        let mut callers = Vec::new();
        for email in [
            "chris.complaints@example.org",
            "sam.officer@example.org",
            "rita.resident@example.org",
        ] {
            callers.push(Caller::person(&account_of(&db, email).await));
        }
        callers.push(Caller::client(&client));
        for caller in &callers {
            let who = format!("{backend} {caller}");
            let refusals = [
                integrations::clients(ctx, caller).await.map(drop),
                integrations::client(ctx, caller, &client_id, 10)
                    .await
                    .map(drop),
                integrations::make_client(
                    ctx,
                    caller,
                    NewClientForm {
                        name: "Theirs",
                        role: Some("officer"),
                        scopes: &scopes,
                    },
                )
                .await
                .map(drop),
                integrations::revoke_client(ctx, caller, pending.id)
                    .await
                    .map(drop),
                integrations::webhooks(ctx, caller).await.map(drop),
                integrations::webhook(ctx, caller, &hook_id, 10)
                    .await
                    .map(drop),
                integrations::register_webhook(
                    ctx,
                    caller,
                    "https://elsewhere.example.org/hook",
                    &events,
                )
                .await
                .map(drop),
                integrations::disable_webhook(ctx, caller, hook.id)
                    .await
                    .map(drop),
            ];
            for (n, refused) in refusals.into_iter().enumerate() {
                assert!(forbidden(refused), "{who}: use case {n}");
            }
        }

        // Nothing was made, ended or shown.
        let clients = storage::api_clients::list(&db).await.expect("list");
        assert_eq!(clients.len(), clients_before, "{backend}");
        let kept = storage::api_clients::find(&db, pending.id)
            .await
            .expect("the client");
        assert!(!kept.token_issued(), "{backend}: no token made");
        assert_eq!(kept.revoked_at, None, "{backend}");
        assert_eq!(
            storage::webhooks::list(&db).await.expect("list").len(),
            hooks_before,
            "{backend}"
        );
        let kept = storage::webhooks::find(&db, hook.id)
            .await
            .expect("the hook");
        assert!(!kept.key_issued, "{backend}: no key made");
        assert_eq!(kept.disabled_at, None, "{backend}");

        // The administrator who made them is shown each secret, once.
        let admin = Caller::person(&ada);
        let (opened, _) = integrations::client(ctx, &admin, &client_id, 10)
            .await
            .expect("the client");
        assert!(
            matches!(opened.secret, integrations::Secret::New(ref token) if token.starts_with(TOKEN_PREFIX)),
            "{backend}"
        );
        let (again, _) = integrations::client(ctx, &admin, &client_id, 10)
            .await
            .expect("the client");
        assert_eq!(again.secret, integrations::Secret::Made, "{backend}");
        let (opened, _) = integrations::webhook(ctx, &admin, &hook_id, 10)
            .await
            .expect("the hook");
        assert!(
            matches!(opened.secret, integrations::Secret::New(_)),
            "{backend}"
        );
        assert!(
            matches!(
                integrations::webhook(ctx, &admin, "no such hook", 10).await,
                Err(ServiceError::NotFound)
            ),
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}
