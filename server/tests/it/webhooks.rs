//! Webhooks against a real HTTP receiver on localhost: a case logged through the API and a
//! step that moves it on are each announced once, signed, through the outbox; a receiver
//! that fails is tried again later with the same delivery id; a disabled webhook is sent
//! nothing more. On SQLite, and on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use axum::http::HeaderMap;
use chrono::Duration;
use domain::Role;
use domain::access::clients::Scope;
use domain::webhooks::Event;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use storage::outbox::MessageState;
use storage::test_support::backends;
use support::*;

/// One request the receiver took.
#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: String,
}

/// A receiver on port 0 that answers 500 to the first `fail_first` requests, then 204.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Receiver {
    async fn start(fail_first: usize) -> Self {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let seen = got.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let seen = seen.clone();
                async move {
                    let mut list = seen.lock().expect("lock");
                    list.push(Received { headers, body });
                    if list.len() <= fail_first {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::NO_CONTENT
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Self {
            url,
            got,
            stop: Some(tx),
        }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn header_of<'a>(r: &'a Received, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Checks a delivery's signature as a receiver would.
fn signed_by(r: &Received, key: &str) -> bool {
    let signature = header_of(r, "putright-signature");
    let Some((t, v1)) = signature
        .split_once(',')
        .and_then(|(t, v)| Some((t.strip_prefix("t=")?, v.strip_prefix("v1=")?)))
    else {
        return false;
    };
    let Ok(t) = t.parse::<i64>() else {
        return false;
    };
    server::webhooks::sign(key, t, &r.body) == v1
}

#[tokio::test]
async fn a_logged_case_and_its_change_of_phase_reach_the_receiver_signed_and_once() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let receiver = Receiver::start(1).await;
        let (hook, key) = storage::webhooks::create(
            &db,
            &receiver.url,
            &[Event::CaseCreated, Event::PhaseChanged],
            1,
            now(),
        )
        .await
        .expect("webhook");
        let (_, token) = storage::api_clients::create(
            &db,
            &storage::api_clients::NewClient {
                name: "Housing system",
                role: Role::Officer,
                scopes: &[Scope::CreateCases],
                created_by: 1,
            },
            now(),
        )
        .await
        .expect("client");

        let response = app
            .client
            .post(app.url("/api/v1/cases"))
            .bearer_auth(token.expose())
            .json(&json!({
                "kind": "complaint",
                "channel": "letter",
                "customer": { "name": "Pat Caller", "phone": "07700 900123" },
                "what_happened": "The stairwell light has been out for a month."
            }))
            .send()
            .await
            .expect("request");
        let status = response.status();
        let logged: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "{backend}: {logged}");
        let reference = logged["reference"].as_str().expect("reference").to_owned();

        // The delivery was queued with the case. The receiver fails the first attempt: it is
        // tried again after the backoff, with the same delivery id.
        let http = server::webhooks::client();
        let first = server::webhooks::deliver_due(&db, &http, now())
            .await
            .expect("round");
        assert_eq!(first.retrying, 1, "{backend}: {first:?}");
        let early = server::webhooks::deliver_due(&db, &http, now())
            .await
            .expect("round");
        assert_eq!(early, server::mail::Delivery::default(), "{backend}");
        let later = now() + Duration::minutes(2);
        let second = server::webhooks::deliver_due(&db, &http, later)
            .await
            .expect("round");
        assert_eq!(second.sent, 1, "{backend}: {second:?}");

        let got = receiver.received();
        assert_eq!(got.len(), 2, "{backend}");
        assert_eq!(
            header_of(&got[0], "putright-delivery"),
            header_of(&got[1], "putright-delivery"),
            "{backend}"
        );
        assert_eq!(header_of(&got[1], "putright-event"), "case.created");
        assert_eq!(
            header_of(&got[1], header::CONTENT_TYPE.as_str()),
            "application/json"
        );
        assert!(signed_by(&got[1], key.expose()), "{backend}: {:?}", got[1]);
        assert!(!signed_by(&got[1], "not the key"), "{backend}");
        let event: Value = serde_json::from_str(&got[1].body).expect("json");
        assert_eq!(event["event"], "case.created", "{backend}");
        assert_eq!(event["case"]["reference"], reference.as_str(), "{backend}");
        assert_eq!(event["case"]["phase"], "received", "{backend}");

        // A step that moves the case on is announced; a note, which does not, is not.
        let chris = session_for(
            &app,
            "chris.complaints@example.org",
            server::demo::DEMO_PASSWORD,
        )
        .await;
        let mo = storage::accounts::find_by_email(&db, "mo.manager@example.org")
            .await
            .expect("query")
            .expect("Mo")
            .id
            .to_string();
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let id = storage::cases::find_id(&db, &reference.parse().expect("reference"))
            .await
            .expect("id");
        let (d, m, y) = today_parts();
        for (step, extra) in [
            ("accept", ("person", mo.as_str())),
            ("note", ("text", "Asked the caretaker to check the timer")),
        ] {
            let version = storage::cases::load(&db, id, &calendar)
                .await
                .expect("load")
                .version
                .to_string();
            let (status, body) = call_api(
                &app,
                &chris,
                "take_step",
                &[
                    ("reference", reference.as_str()),
                    ("version", version.as_str()),
                    ("step", step),
                    ("on_day", d.as_str()),
                    ("on_month", m.as_str()),
                    ("on_year", y.as_str()),
                    extra,
                ],
            )
            .await;
            assert!(
                status.is_success() || status.is_redirection(),
                "{backend}: {step}: {status} {body}"
            );
        }
        let third = server::webhooks::deliver_due(&db, &http, later)
            .await
            .expect("round");
        assert_eq!(third.sent, 1, "{backend}: {third:?}");
        let got = receiver.received();
        assert_eq!(got.len(), 3, "{backend}");
        let event: Value = serde_json::from_str(&got[2].body).expect("json");
        assert_eq!(event["event"], "case.phase_changed", "{backend}");
        assert_eq!(event["case"]["previous_phase"], "received", "{backend}");
        assert_eq!(event["case"]["phase"], "stage1", "{backend}");
        assert!(signed_by(&got[2], key.expose()), "{backend}");

        // Each delivery is on the webhook's list with how it went.
        let deliveries = storage::webhooks::deliveries(&db, hook.id, 10)
            .await
            .expect("deliveries");
        assert_eq!(deliveries.len(), 2, "{backend}");
        assert!(
            deliveries.iter().all(|d| d.state == MessageState::Sent),
            "{backend}: {deliveries:?}"
        );
        assert_eq!(deliveries[1].attempts, 2, "{backend}");

        // Disabled: nothing more is queued.
        assert!(
            storage::webhooks::disable(&db, hook.id, now())
                .await
                .expect("disabled")
        );
        let response = app
            .client
            .post(app.url("/api/v1/cases"))
            .bearer_auth(token.expose())
            .json(&json!({
                "kind": "compliment",
                "channel": "email",
                "customer": { "name": "Pat Caller", "phone": "07700 900123" },
                "what_happened": "Sam was kind and quick.",
                "compliment_about": "Sam"
            }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CREATED, "{backend}");
        let after = server::webhooks::deliver_due(&db, &http, later)
            .await
            .expect("round");
        assert_eq!(after, server::mail::Delivery::default(), "{backend}");
        assert_eq!(receiver.received().len(), 3, "{backend}");
        drop(receiver);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_receiver_that_refuses_for_good_is_given_up_and_the_reason_kept() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let db = app.db().await;
        // Nothing listens on this address's port once the listener is gone.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let dead = format!("http://{}/hook", listener.local_addr().expect("addr"));
        drop(listener);
        let (hook, _) = storage::webhooks::create(&db, &dead, &[Event::CaseCreated], 1, now())
            .await
            .expect("webhook");
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        new_case_for(
            &db,
            &calendar,
            storage::cases::Opening::Complaint,
            domain::Channel::Phone,
            now(),
            pat_caller(),
            "The front door does not lock.",
        )
        .await;
        let http = server::webhooks::client();
        let mut at = now();
        for _ in 0..storage::outbox::MAX_ATTEMPTS {
            server::webhooks::deliver_due(&db, &http, at)
                .await
                .expect("round");
            at += Duration::hours(5);
        }
        let deliveries = storage::webhooks::deliveries(&db, hook.id, 10)
            .await
            .expect("deliveries");
        assert_eq!(deliveries.len(), 1, "{backend}");
        assert_eq!(deliveries[0].state, MessageState::Failed, "{backend}");
        assert_eq!(
            deliveries[0].last_error.as_deref(),
            Some("the receiver could not be reached"),
            "{backend}"
        );
        app.stop().await;
    }
}
