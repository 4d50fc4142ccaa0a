//! The webhooks' admin pages through the real server, as an administrator's browser without
//! JavaScript uses them: a webhook registered on the form, its signing key shown once on the
//! page after the post (never in the redirect, never on the list), refused answers explained
//! next to their fields with nothing stored, the pages refused to everyone but an
//! administrator, deliveries' states shown in words, and a webhook disabled (twice over, to
//! no further effect) after a confirmation step. On SQLite and, when configured, PostgreSQL.

use crate::support;

use domain::webhooks::Event;
use reqwest::{StatusCode, header};
use storage::test_support::{backends, count_rows};
use support::*;

const PAGE: &str = "/admin/webhooks";
const PASSWORD: &str = server::demo::DEMO_PASSWORD;
const ADDRESS: &str = "https://housing.example.org/putright-events";

/// A full webhook's form: an address and both events.
fn housing_system() -> Vec<(&'static str, &'static str)> {
    vec![
        ("url", ADDRESS),
        ("events[]", "case.created"),
        ("events[]", "case.phase_changed"),
    ]
}

/// The signing key a page shows, if it shows one: `whsec_` and 64 hexadecimal digits.
fn key_on(html: &str) -> Option<String> {
    html.match_indices("whsec_").find_map(|(start, _)| {
        let secret: String = html[start + 6..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        (secret.len() == 64).then(|| format!("whsec_{secret}"))
    })
}

/// Registers a webhook through the form as `cookie`, follows the redirect to its page and
/// returns the webhook's id and the key that page showed.
async fn register(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> (i32, String) {
    let response = app
        .client
        .post(app.url("/api/create_webhook"))
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
    assert_eq!(status, StatusCode::FOUND, "{headers}\n{body}");
    assert!(
        !headers.contains("whsec_") && !body.contains("whsec_"),
        "no key in the redirect: {headers}"
    );
    let id: i32 = location
        .strip_prefix(&format!("{PAGE}/"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("to the webhook's page: {location}"));
    let (status, html) = get_page(app, &location, Some(cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let key = key_on(main_part(&html)).expect("the key, on the page after the post");
    (id, key)
}

#[tokio::test]
async fn an_administrator_registers_a_webhook_and_sees_its_key_once() {
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
        assert!(main.contains("There are no webhooks yet."), "{backend}");
        assert!(main.contains("Register a webhook"), "{backend}");
        for event in Event::ALL {
            assert!(main.contains(event.describe()), "{backend}: {event:?}");
        }

        let response = app
            .client
            .post(app.url("/api/create_webhook"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(PAGE))
            .header(header::COOKIE, &ada)
            .form(&housing_system())
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        // Nothing is queued for it before its key is shown.
        let calendar = domain::Calendar::england_and_wales();
        new_case_for(
            &db,
            &calendar,
            storage::cases::Opening::Complaint,
            domain::Channel::Email,
            now(),
            pat_caller(),
            "The stairwell light has been out for a month",
        )
        .await;
        let (_, html) = get_page(&app, &location, Some(&ada)).await;
        let main = main_part(&html);
        let key = key_on(main).expect("the key, on the page after the post");
        let id: i32 = location[PAGE.len() + 1..].parse().expect("id");
        assert!(
            main.contains("Copy this signing key now: it will not be shown again."),
            "{backend}"
        );
        assert!(main.contains("Putright-Signature: t="), "{backend}");
        assert!(main.contains("HMAC-SHA256"), "{backend}");
        assert!(main.contains(ADDRESS), "{backend}");
        assert!(main.contains("case.phase_changed"), "{backend}");
        assert!(
            storage::webhooks::deliveries(&db, id, 10)
                .await
                .expect("deliveries")
                .is_empty(),
            "{backend}: nothing was queued before the key was shown"
        );

        // Once: the page again does not show it.
        let (status, html) = get_page(&app, &location, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(!html.contains(&key), "{backend}: shown once");
        assert_eq!(key_on(&html), None, "{backend}");
        let main = main_part(&html);
        assert!(
            main.contains("Shown once, when it was registered"),
            "{backend}"
        );
        assert!(!main.contains("Copy this signing key now"), "{backend}");
        assert!(
            main.contains("Nothing has been sent to it yet."),
            "{backend}"
        );

        // Stored with the key the page showed, which signs its deliveries.
        let hooks = storage::webhooks::list(&db).await.expect("webhooks");
        assert_eq!(hooks.len(), 1, "{backend}");
        assert_eq!(hooks[0].id, id, "{backend}");
        assert_eq!(hooks[0].url, ADDRESS, "{backend}");
        assert_eq!(
            hooks[0].events,
            [Event::CaseCreated, Event::PhaseChanged],
            "{backend}"
        );
        assert!(hooks[0].key_issued, "{backend}");
        assert_eq!(
            count_rows(
                &db,
                &format!("SELECT COUNT(*) FROM webhooks WHERE secret = '{key}'")
            )
            .await
            .expect("counted"),
            1,
            "{backend}"
        );

        // The list names it, never with its key.
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert_eq!(key_on(&html), None, "{backend}: the list never shows a key");
        let main = main_part(&html);
        for shown in [
            ADDRESS,
            "case.created",
            "case.phase_changed",
            "Active",
            "None yet",
        ] {
            assert!(main.contains(shown), "{backend}: {shown} in {main}");
        }
        let (status, body) = call_api(&app, &ada, "webhooks", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(!body.contains("whsec_"), "{backend}");
        assert!(body.contains(ADDRESS), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A webhook another administrator registered waits for them: the key is theirs to see.
#[tokio::test]
async fn the_key_is_shown_only_to_the_administrator_who_registered_the_webhook() {
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
        let hook =
            storage::webhooks::create_pending(&db, ADDRESS, &[Event::CaseCreated], bea_id, now())
                .await
                .expect("made");
        assert!(!hook.key_issued, "{backend}");
        let page = format!("{PAGE}/{}", hook.id);

        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let (status, html) = get_page(&app, &page, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(key_on(&html).is_none(), "{backend}: not Ada's to see");
        assert!(
            main_part(&html).contains("shown once, to Bea Admin, who registered this webhook"),
            "{backend}"
        );

        let bea = session_for(&app, "bea.admin@example.org", PASSWORD).await;
        let (_, html) = get_page(&app, &page, Some(&bea)).await;
        let key = key_on(main_part(&html)).expect("shown to Bea");
        let (_, html) = get_page(&app, &page, Some(&bea)).await;
        assert!(key_on(&html).is_none(), "{backend}: once");
        assert!(
            storage::webhooks::find(&db, hook.id)
                .await
                .expect("found")
                .key_issued,
            "{backend}"
        );
        assert_eq!(
            count_rows(
                &db,
                &format!("SELECT COUNT(*) FROM webhooks WHERE secret = '{key}'")
            )
            .await
            .expect("counted"),
            1,
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn only_an_administrator_sees_registers_or_disables_webhooks() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let (id, _) = register(&app, &ada, &housing_system()).await;
        let hook_page = format!("{PAGE}/{id}");
        let id_text = id.to_string();

        for email in [
            "chris.complaints@example.org",
            "sam.officer@example.org",
            "rita.resident@example.org",
        ] {
            let cookie = session_for(&app, email, PASSWORD).await;
            for page in [PAGE, hook_page.as_str()] {
                let (status, html) = get_page(&app, page, Some(&cookie)).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email} {page}");
                assert!(!html.contains("housing.example.org"), "{backend}: {email}");
            }
            let (status, body) = call_api(&app, &cookie, "webhooks", &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            assert!(!body.contains("housing.example.org"), "{backend}: {email}");
            let (status, _) = call_api(&app, &cookie, "webhook", &[("id", id_text.as_str())]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (status, _) = call_api(&app, &cookie, "create_webhook", &housing_system()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (status, _) = call_api(
                &app,
                &cookie,
                "disable_webhook",
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
        for page in [PAGE, hook_page.as_str()] {
            let (status, _) = get_page(&app, page, None).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: not signed in");
        }

        // Nothing was registered or disabled by them.
        let hooks = storage::webhooks::list(&db).await.expect("webhooks");
        assert_eq!(hooks.len(), 1, "{backend}");
        assert_eq!(hooks[0].disabled_at, None, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_refused_webhook_is_explained_next_to_its_fields_and_nothing_is_stored() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;

        // No address and no event: both at once.
        let back =
            post_without_javascript(&app, "create_webhook", PAGE, &ada, &[("url", "  ")]).await;
        assert!(back.starts_with(PAGE), "{backend}: {back}");
        let (status, html) = get_page(&app, &back, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("There is a problem"), "{backend}");
        assert!(
            main.contains("Enter the address deliveries go to"),
            "{backend}"
        );
        assert!(
            main.contains("Choose at least one event to be told of"),
            "{backend}"
        );

        // Plain http to another machine, and an event posted by hand: what was typed kept.
        for (fields, message) in [
            (
                vec![("url", "http://example.org"), ("events[]", "case.created")],
                "Enter an address starting https:// (http:// only for this machine itself)",
            ),
            (
                vec![
                    ("url", "https://example.org/hook"),
                    ("events[]", "case.deleted"),
                ],
                "Choose events from the list",
            ),
        ] {
            let back = post_without_javascript(&app, "create_webhook", PAGE, &ada, &fields).await;
            let (_, html) = get_page(&app, &back, Some(&ada)).await;
            let main = main_part(&html);
            assert!(main.contains(message), "{backend}: {fields:?}: {main}");
            assert!(
                input_with(
                    main,
                    &[r#"name="url""#, &format!(r#"value="{}""#, fields[0].1)]
                )
                .is_some(),
                "{backend}: the address is kept"
            );
        }
        let back = post_without_javascript(
            &app,
            "create_webhook",
            PAGE,
            &ada,
            &[("url", "http://example.org"), ("events[]", "case.created")],
        )
        .await;
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        assert!(
            input_with(main_part(&html), &[r#"value="case.created""#, "checked"]).is_some(),
            "{backend}: the event chosen is kept"
        );

        // The same refusals to the page's script: every problem, each at its field.
        for (fields, refused) in [
            (vec![], vec!["url", "events"]),
            (
                vec![("url", "http://example.org"), ("events[]", "case.created")],
                vec!["url"],
            ),
            (
                vec![
                    ("url", "https://example.org/hook"),
                    ("events[]", "case.deleted"),
                ],
                vec!["events"],
            ),
            (vec![("url", "https://example.org/hook")], vec!["events"]),
        ] {
            let (status, body) = call_api(&app, &ada, "create_webhook", &fields).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {fields:?}");
            assert_eq!(refused_fields(&body), refused, "{backend}: {fields:?}");
        }
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM webhooks")
                .await
                .expect("counted"),
            0,
            "{backend}: nothing stored"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A receiver on port 0: `/ok` answers 204 and `/gone` 410.
async fn receiver() -> (String, tokio::sync::oneshot::Sender<()>) {
    let app = axum::Router::new()
        .route(
            "/ok",
            axum::routing::post(|| async { StatusCode::NO_CONTENT }),
        )
        .route("/gone", axum::routing::post(|| async { StatusCode::GONE }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    (base, tx)
}

#[tokio::test]
async fn deliveries_are_shown_in_words_and_disabling_is_confirmed_and_idempotent() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let ada = session_for(&app, "ada.admin@example.org", PASSWORD).await;
        let (base, stop) = receiver().await;
        // Nothing listens on port 1: the connection is refused, and tried again later.
        let mut hooks = Vec::new();
        for url in [
            format!("{base}/ok"),
            format!("{base}/gone"),
            "http://127.0.0.1:1/hook".to_owned(),
        ] {
            let (id, _) = register(
                &app,
                &ada,
                &[("url", url.as_str()), ("events[]", "case.created")],
            )
            .await;
            hooks.push(id);
        }
        let calendar = domain::Calendar::england_and_wales();
        // One instant for the case and for the time the page says it was queued: the
        // clock moves on while the test runs.
        let logged_at = now();
        new_case_for(
            &db,
            &calendar,
            storage::cases::Opening::Complaint,
            domain::Channel::Email,
            logged_at,
            pat_caller(),
            "The stairwell light has been out for a month",
        )
        .await;
        let (_, html) = get_page(&app, &format!("{PAGE}/{}", hooks[0]), Some(&ada)).await;
        let main = main_part(&html);
        assert!(main.contains("Waiting to be sent"), "{backend}: {main}");
        assert!(main.contains("Its one message"), "{backend}");

        let sent = server::webhooks::deliver_due(&db, &server::webhooks::client(), now())
            .await
            .expect("round");
        assert_eq!(sent.sent, 1, "{backend}: {sent:?}");
        let (ok, gone, refused) = (hooks[0], hooks[1], hooks[2]);
        let london = domain::london::to_london(logged_at);
        let queued = format!(
            "{} at {}",
            domain::deadlines::day_month_year(london.date()),
            london.format("%H:%M:%S")
        );
        for (id, state) in [
            (ok, "Delivered".to_owned()),
            (gone, "Given up: the receiver answered 410 Gone".to_owned()),
            (refused, "Waiting to be tried again at ".to_owned()),
        ] {
            let (status, html) = get_page(&app, &format!("{PAGE}/{id}"), Some(&ada)).await;
            assert_eq!(status, StatusCode::OK, "{backend}");
            let main = main_part(&html);
            assert!(main.contains(&state), "{backend}: {state} in {main}");
            assert!(main.contains(&queued), "{backend}: queued, in London");
            assert!(main.contains("case.created"), "{backend}");
            assert!(
                main.contains(r#"<td data-label="Attempts" class="table__numeric">1</td>"#),
                "{backend}: one attempt: {main}"
            );
        }
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        let main = main_part(&html);
        for state in ["Delivered", "Given up", "Waiting to be tried again at "] {
            assert!(main.contains(state), "{backend}: {state} on the list");
        }
        drop(stop);

        // The button leads to the confirmation, which says what will happen.
        let page = format!("{PAGE}/{ok}");
        let (_, html) = get_page(&app, &page, Some(&ada)).await;
        assert!(
            main_part(&html).contains("Disable this webhook"),
            "{backend}"
        );
        let (status, html) = get_page(&app, &format!("{page}?confirm=disable"), Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(
            main.contains("Are you sure you want to disable this webhook?"),
            "{backend}"
        );
        assert!(main.contains("warning-text"), "{backend}");
        assert!(main.contains("Yes, disable this webhook"), "{backend}");

        let id_text = ok.to_string();
        let back = post_without_javascript(
            &app,
            "disable_webhook",
            &format!("{page}?confirm=disable"),
            &ada,
            &[("id", id_text.as_str())],
        )
        .await;
        assert_eq!(back, format!("{page}?disabled=1"), "{backend}");
        let disabled_at = storage::webhooks::find(&db, ok)
            .await
            .expect("the webhook")
            .disabled_at
            .expect("disabled");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        let when = domain::deadlines::long_date_time(disabled_at);
        assert!(
            main.contains(&format!("This webhook was disabled on {when}.")),
            "{backend}: {main}"
        );
        assert!(!main.contains("Disable this webhook"), "{backend}");
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert!(main_part(&html).contains("Disabled"), "{backend}");

        // Again: nothing changes, and the page says when it was disabled.
        let again = post_without_javascript(
            &app,
            "disable_webhook",
            &page,
            &ada,
            &[("id", id_text.as_str())],
        )
        .await;
        assert_eq!(again, back, "{backend}");
        assert_eq!(
            storage::webhooks::find(&db, ok)
                .await
                .expect("the webhook")
                .disabled_at,
            Some(disabled_at),
            "{backend}: disabled once"
        );

        // No such webhook.
        let (status, _) = call_api(&app, &ada, "disable_webhook", &[("id", "999999")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        for missing in ["999999", "abc"] {
            let (status, _) = get_page(&app, &format!("{PAGE}/{missing}"), Some(&ada)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: {missing}");
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}
