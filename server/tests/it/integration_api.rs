//! The integration API (`/api/v1`) as a housing-management system uses it: over HTTP to the
//! real server, with a token an administrator made, on SQLite and on PostgreSQL.

use crate::support;

use domain::Role;
use domain::access::clients::Scope;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use storage::api_clients::{ApiToken, NewClient};
use storage::test_support::backends;
use support::*;

/// Makes a client as the admin page does and hands back its token.
pub(crate) async fn client(app: &TestApp, name: &str, role: Role, scopes: &[Scope]) -> ApiToken {
    let (_, token) = storage::api_clients::create(
        &app.db().await,
        &NewClient {
            name,
            role,
            scopes,
            created_by: 1,
        },
        now(),
    )
    .await
    .expect("client made");
    token
}

pub(crate) fn a_phoned_complaint() -> Value {
    a_phoned_complaint_at(now() - chrono::Duration::hours(2))
}

/// A complaint that came by phone at `received_at`.
pub(crate) fn a_phoned_complaint_at(received_at: chrono::DateTime<chrono::Utc>) -> Value {
    json!({
        "kind": "complaint",
        "channel": "phone",
        "received_at": received_at.to_rfc3339(),
        "customer": {
            "name": "Pat Caller",
            "phone": "07700 900123",
            "email": "pat@example.com",
            "preferred_contact": "phone",
            "address": "4 Quay Street, Bristol",
            "postcode": "BS1 4DJ",
            "adjustments": ["large_print", "Call after 10am"]
        },
        "what_happened": "The boiler has failed three times since the repair in October.",
        "outcomes_sought": "A working boiler and an apology"
    })
}

pub(crate) async fn get(app: &TestApp, token: &ApiToken, path: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token.expose())
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn post(app: &TestApp, token: &ApiToken, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/cases"))
        .bearer_auth(token.expose())
        .json(body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_housing_system_logs_a_case_reads_it_back_and_finds_it_among_the_changes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = client(
            &app,
            "Housing system",
            Role::Officer,
            &[Scope::CreateCases, Scope::ReadCases],
        )
        .await;

        // Before anything changed, the list is empty and its cursor starts nowhere.
        let (status, first) = get(&app, &token, "/api/v1/cases").await;
        assert_eq!(status, StatusCode::OK, "{backend}: {first}");
        assert_eq!(first["cases"], json!([]), "{backend}");

        // One instant for what is sent and what is expected back.
        let said = now() - chrono::Duration::hours(2);
        let response = post(&app, &token, &a_phoned_complaint_at(said)).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{backend}");
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned)
            .expect("a Location");
        let logged: Value = response.json().await.expect("json");
        let reference = logged["reference"]
            .as_str()
            .expect("a reference")
            .to_owned();
        assert_eq!(location, format!("/api/v1/cases/{reference}"), "{backend}");

        let (status, case) = get(&app, &token, &location).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {case}");
        assert_eq!(case["reference"], reference.as_str(), "{backend}");
        assert_eq!(case["kind"], "complaint", "{backend}");
        assert_eq!(case["channel"], "phone", "{backend}");
        assert_eq!(case["phase"], "received", "{backend}");
        let received = chrono::DateTime::parse_from_rfc3339(
            case["received_at"].as_str().expect("received_at"),
        )
        .expect("a time");
        // Received when the caller said, to the minute of London's clock (the form's rules
        // keep minutes, and read an hour the clocks go back through as its first time).
        let minute = |at: chrono::DateTime<chrono::Utc>| {
            domain::london::to_london(at)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        };
        assert_eq!(
            minute(received.to_utc()),
            minute(said),
            "{backend}: {received} against {said}"
        );
        let timeline = case["timeline"].as_array().expect("a timeline");
        assert_eq!(
            timeline[0]["what"], "We received it by phone",
            "{backend}: {case}"
        );
        assert_eq!(
            timeline[0]["by_name"], "Housing system (integration)",
            "{backend}"
        );
        assert_eq!(timeline[0]["by_role"], "officer", "{backend}");

        // The customer is held as the call gave them, their own words kept for adjustments.
        let db = app.db().await;
        let id = storage::cases::find_id(&db, &reference.parse().expect("reference"))
            .await
            .expect("stored");
        let stored = storage::cases::load(&db, id, &domain::Calendar::england_and_wales())
            .await
            .expect("loaded");
        let customer = stored.customer.expect("a customer");
        assert_eq!(customer.details.name, "Pat Caller", "{backend}");
        assert_eq!(customer.details.adjustments.len(), 2, "{backend}");

        // A change shows in the list once it has settled (`service::cases::SETTLE_SECONDS`),
        // even though the case was received before: it was logged now.
        tokio::time::sleep(std::time::Duration::from_secs(
            service::cases::SETTLE_SECONDS as u64 + 1,
        ))
        .await;
        let (status, page) = get(&app, &token, "/api/v1/cases?limit=10").await;
        assert_eq!(status, StatusCode::OK, "{backend}: {page}");
        let listed: Vec<&str> = page["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .filter_map(|c| c["reference"].as_str())
            .collect();
        assert_eq!(listed, [reference.as_str()], "{backend}");
        let cursor = page["next_cursor"].as_str().expect("a cursor").to_owned();
        let (_, after) = get(&app, &token, &format!("/api/v1/cases?after={cursor}")).await;
        assert_eq!(after["cases"], json!([]), "{backend}");
        assert_eq!(after["next_cursor"], cursor.as_str(), "{backend}");

        // An existing customer by id: their details are the ones held.
        let again = json!({
            "kind": "service_request",
            "channel": "email",
            "customer": { "id": customer.id },
            "what_happened": "The light in the stairwell is out."
        });
        let response = post(&app, &token, &again).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{backend}");
        let cases = storage::customers::cases_of(&db, customer.id)
            .await
            .expect("their cases");
        assert_eq!(cases.len(), 2, "{backend}");

        // Every call is on the client's trail, with how it was answered.
        let clients = storage::api_clients::list(&db).await.expect("clients");
        let calls = storage::api_clients::recent_calls(&db, clients[0].id, 50)
            .await
            .expect("calls");
        assert_eq!(calls.len(), 6, "{backend}: {calls:?}");
        assert!(
            calls
                .iter()
                .any(|c| c.method == "POST" && c.path == "/api/v1/cases" && c.status == 201),
            "{backend}: {calls:?}"
        );
        assert!(clients[0].last_used_at.is_some(), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn each_call_needs_a_live_token_with_the_scope_it_uses() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let reader = client(&app, "Dashboard", Role::Officer, &[Scope::ReadCases]).await;

        // No token, a token we never gave, a cookie instead of a token: 401, as problems.
        let response = app
            .client
            .get(app.url("/api/v1/cases"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{backend}");
        assert_eq!(
            response.headers()[header::WWW_AUTHENTICATE],
            "Bearer realm=\"putright\"",
            "{backend}"
        );
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json",
            "{backend}"
        );
        let problem: Value = response.json().await.expect("json");
        assert_eq!(problem["status"], 401, "{backend}");
        assert_eq!(problem["type"], "about:blank", "{backend}");

        let response = app
            .client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(
                "putright_0000000000000000000000000000000000000000000000000000000000000000",
            )
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{backend}");

        let password = "a long and careful passphrase";
        app.add_account("cm@example.org", "Chris", Role::ComplaintsManager, password)
            .await;
        let cookie = session_for(&app, "cm@example.org", password).await;
        let response = app
            .client
            .get(app.url("/api/v1/cases"))
            .header(header::COOKIE, &cookie)
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{backend}: a session is not a token"
        );

        // A reader cannot log cases or read the figures.
        let response = post(&app, &reader, &a_phoned_complaint()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{backend}");
        let problem: Value = response.json().await.expect("json");
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("cases:create")),
            "{backend}: {problem}"
        );
        let (status, _) = get(&app, &reader, "/api/v1/reports/2025").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(
            storage::cases::count(&app.db().await).await.expect("count"),
            0,
            "{backend}"
        );

        // A board member's client with the reports scope reads the figures, and only those.
        let board = client(&app, "Board pack", Role::BoardMember, &Scope::ALL).await;
        let (status, figures) = get(&app, &board, "/api/v1/reports/2025").await;
        assert_eq!(status, StatusCode::OK, "{backend}: {figures}");
        assert_eq!(figures["year"], 2025, "{backend}");
        assert_eq!(figures["stage1_received"], 0, "{backend}");
        let (status, _) = get(&app, &board, "/api/v1/cases").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get(&app, &board, "/api/v1/reports/twenty").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");

        // A revoked token stops working at once.
        let db = app.db().await;
        let id = storage::api_clients::list(&db)
            .await
            .expect("clients")
            .into_iter()
            .find(|c| c.name == "Dashboard")
            .expect("the reader")
            .id;
        assert!(
            storage::api_clients::revoke(&db, id, now())
                .await
                .expect("revoked")
        );
        assert!(
            !storage::api_clients::revoke(&db, id, now())
                .await
                .expect("again")
        );
        let (status, _) = get(&app, &reader, "/api/v1/cases").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_input_gets_each_field_s_problem_and_nothing_is_stored() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = client(&app, "Housing system", Role::Officer, &[Scope::CreateCases]).await;

        let mut blank = a_phoned_complaint();
        blank["customer"]["name"] = json!("");
        blank["customer"]["phone"] = json!("not a number");
        blank["received_at"] = json!((now() + chrono::Duration::days(2)).to_rfc3339());
        let response = post(&app, &token, &blank).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );
        let problem: Value = response.json().await.expect("json");
        let pointers: Vec<&str> = problem["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["pointer"].as_str())
            .collect();
        for pointer in ["/customer/name", "/customer/phone", "/received_at"] {
            assert!(pointers.contains(&pointer), "{backend}: {problem}");
        }

        // Not JSON, JSON of another shape, not declared as JSON, a customer we do not hold.
        for (body, content_type, status) in [
            ("{", "application/json", StatusCode::BAD_REQUEST),
            (
                r#"{"kind":"complaint","channel":"phone","customer":{},"what_happened":"x","extra":1}"#,
                "application/json",
                StatusCode::BAD_REQUEST,
            ),
            (
                r#"{"kind":"grumble","channel":"phone","customer":{},"what_happened":"x"}"#,
                "application/json",
                StatusCode::BAD_REQUEST,
            ),
            (
                "kind=complaint",
                "application/x-www-form-urlencoded",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                r#"{"kind":"complaint","channel":"phone","customer":{"id":999999},"what_happened":"The roof leaks."}"#,
                "application/json",
                StatusCode::NOT_FOUND,
            ),
        ] {
            let response = app
                .client
                .post(app.url("/api/v1/cases"))
                .bearer_auth(token.expose())
                .header(header::CONTENT_TYPE, content_type)
                .body(body)
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), status, "{backend}: {body}");
            let problem: Value = response.json().await.expect("a problem");
            assert_eq!(problem["status"], status.as_u16(), "{backend}: {body}");
        }
        // A cursor we never gave, a limit out of range, an operation that is not there.
        let reader = client(&app, "Reader", Role::Officer, &[Scope::ReadCases]).await;
        for path in ["/api/v1/cases?after=yesterday", "/api/v1/cases?limit=0"] {
            let (status, _) = get(&app, &reader, path).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {path}");
        }
        let (status, problem) = get(&app, &reader, "/api/v1/tenancies").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(problem["status"], 404, "{backend}");
        // Looking for operations that are not there is on the client's trail, and needs a
        // token like any call.
        let db = app.db().await;
        let id = storage::api_clients::list(&db).await.expect("clients")[0].id;
        let trail = storage::api_clients::recent_calls(&db, id, 1)
            .await
            .expect("calls");
        assert_eq!(
            (trail[0].path.as_str(), trail[0].status),
            ("/api/v1/tenancies", 404),
            "{backend}"
        );
        db.close().await.expect("closed");
        let response = app
            .client
            .get(app.url("/api/v1/tenancies"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{backend}");
        let (status, _) = get(&app, &reader, "/api/v1/cases/2026-999999").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        assert_eq!(
            storage::cases::count(&app.db().await).await.expect("count"),
            0,
            "{backend}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_api_is_described_by_an_openapi_document_and_a_page_people_can_read() {
    let app = spawn_app("sqlite").await;
    let response = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, method) in [
        ("/api/v1/cases", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{reference}", "get"),
        ("/api/v1/reports/{year}", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let (status, html) = get_page(&app, "/api/v1/docs", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Log a case for a customer"), "{html}");
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(!html.contains("<script"));
    app.stop().await;
}

#[tokio::test]
async fn past_its_calls_a_minute_a_client_is_told_when_to_try_again() {
    let app = spawn_app_with("sqlite", |s| s.api_calls_per_minute = 3).await;
    let token = client(&app, "Busy dashboard", Role::Officer, &[Scope::ReadCases]).await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    // However the calls fall across a minute's boundary, at most three of them are allowed
    // in any one minute: the first three always are, and one of eight is refused.
    for _ in 0..8 {
        let response = app
            .client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(token.expose())
            .send()
            .await
            .expect("request");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u32>().ok());
            let problem: Value = response.json().await.expect("a problem");
            assert_eq!(problem["status"], 429);
            statuses.push(429);
        } else {
            statuses.push(response.status().as_u16());
        }
    }
    assert_eq!(statuses[..3], [200, 200, 200], "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(
        retry_after.is_some_and(|s| (1..=60).contains(&s)),
        "{retry_after:?}"
    );
    app.stop().await;
}
