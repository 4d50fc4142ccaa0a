//! The procedure's steps through the integration API: a housing-management system works a
//! complaint as staff would on its page, under the same rules, with the same letters.

use crate::integration_api::{a_phoned_complaint, client, get, post};
use crate::support;

use domain::Role;
use domain::access::clients::Scope;
use reqwest::StatusCode;
use serde_json::{Value, json};
use storage::api_clients::ApiToken;
use storage::test_support::backends;
use support::*;

async fn step(
    app: &TestApp,
    token: &ApiToken,
    reference: &str,
    step: &str,
    answers: &Value,
) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/cases/{reference}/steps/{step}")))
        .bearer_auth(token.expose())
        .json(answers)
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn logged(app: &TestApp, token: &ApiToken) -> String {
    let response = post(app, token, &a_phoned_complaint()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.expect("json");
    body["reference"].as_str().expect("a reference").to_owned()
}

fn pointers(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .map(|list| list.iter().filter_map(|e| e["pointer"].as_str()).collect())
        .unwrap_or_default()
}

/// Mo, a manager who may handle Stage 1, and a housing system that logs, reads and works
/// cases as the complaints manager.
async fn mo_and_a_housing_system(
    app: &TestApp,
) -> (storage::Db, storage::accounts::Account, ApiToken) {
    app.add_account(
        "mo.manager@example.org",
        "Mo Manager",
        Role::Manager,
        "a long enough password",
    )
    .await;
    let db = app.db().await;
    let mo = storage::accounts::find_by_email(&db, "mo.manager@example.org")
        .await
        .expect("query")
        .expect("Mo");
    let token = client(
        app,
        "Housing system",
        Role::ComplaintsManager,
        &[Scope::CreateCases, Scope::ReadCases, Scope::TakeSteps],
    )
    .await;
    (db, mo, token)
}

fn steps_of(case: &Value) -> Vec<&str> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

#[tokio::test]
async fn a_housing_system_accepts_and_acknowledges_a_complaint_and_the_customer_gets_the_letter() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (db, mo, token) = mo_and_a_housing_system(&app).await;
        let reference = logged(&app, &token).await;
        let (_, case) = get(&app, &token, &format!("/api/v1/cases/{reference}")).await;
        assert_eq!(case["phase"], "received", "{backend}");
        let offered = steps_of(&case);
        assert!(offered.contains(&"accept"), "{backend}: {offered:?}");
        assert!(!offered.contains(&"invite"), "{backend}: {offered:?}");
        let read_at = case["version"].as_i64().expect("a version");
        let today = today().to_string();

        // Accepted, with Mo as the handler: Stage 1 runs.
        let (status, taken) = step(
            &app,
            &token,
            &reference,
            "accept",
            &json!({ "version": read_at, "on": today, "person": mo.id }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {taken}");
        let case = &taken["case"];
        assert_eq!(case["phase"], "stage1", "{backend}");
        assert!(case["version"].as_i64() > Some(read_at), "{backend}");
        assert!(steps_of(case).contains(&"acknowledge"), "{backend}: {case}");
        let last = case["timeline"]
            .as_array()
            .and_then(|t| t.last())
            .expect("an entry");
        assert_eq!(last["by_name"], "Housing system (integration)", "{backend}");
        assert_eq!(taken["opened"], Value::Null, "{backend}");

        // The answers the page would refuse are refused, each at its field, and nothing is
        // written.
        let version = case["version"].as_i64().expect("a version");
        let (status, problem) = step(
            &app,
            &token,
            &reference,
            "acknowledge",
            &json!({ "version": version }),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {problem}"
        );
        assert_eq!(pointers(&problem), ["/on", "/text"], "{backend}: {problem}");
        let (status, problem) = step(
            &app,
            &token,
            &reference,
            "acknowledge",
            &json!({ "version": version, "on": "2999-01-01", "text": "x" }),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {problem}"
        );
        assert_eq!(pointers(&problem), ["/on"], "{backend}: {problem}");

        // Acknowledged: the customer's letter is written and kept with the step.
        let (status, taken) = step(
            &app,
            &token,
            &reference,
            "acknowledge",
            &json!({
                "version": version,
                "on": today,
                "text": "The boiler has failed again since October's repair.",
            }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {taken}");
        let id = storage::cases::find_id(&db, &reference.parse().expect("a reference"))
            .await
            .expect("the case");
        let letters = storage::letters::for_case(&db, id).await.expect("letters");
        assert_eq!(letters.len(), 1, "{backend}");
        assert_eq!(
            letters[0].kind,
            domain::letters::LetterKind::Acknowledgement,
            "{backend}"
        );
        let letter = storage::letters::find(&db, letters[0].id)
            .await
            .expect("the letter");
        assert!(
            letter.letter.signed_by.contains("complaints team"),
            "{backend}: a client's step is signed by the team, not the client"
        );

        // A step written against the case as it was before is refused: nothing is written.
        let (status, problem) = step(
            &app,
            &token,
            &reference,
            "contact",
            &json!({ "version": version, "on": today, "code": "call", "text": "Rang Pat" }),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend}: {problem}");
        // A step the procedure does not allow now is refused in the procedure's words.
        let now_at = taken["case"]["version"].as_i64().expect("a version");
        let (status, problem) = step(
            &app,
            &token,
            &reference,
            "accept",
            &json!({ "version": now_at, "on": today, "person": mo.id }),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {problem}"
        );
        assert!(
            !problem["errors"][0]["detail"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
        // There is no such step.
        let (status, _) = step(
            &app,
            &token,
            &reference,
            "shred",
            &json!({ "version": now_at }),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        let (_, case) = get(&app, &token, &format!("/api/v1/cases/{reference}")).await;
        assert_eq!(
            case["version"].as_i64(),
            Some(now_at),
            "{backend}: nothing more written"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_step_needs_its_scope_and_a_role_that_may_take_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let logger = client(
            &app,
            "Housing system",
            Role::Officer,
            &[Scope::CreateCases, Scope::ReadCases],
        )
        .await;
        let reference = logged(&app, &logger).await;
        let answers =
            json!({ "version": 0, "on": today().to_string(), "code": "other", "text": "Not ours" });

        // Without `cases:steps`, whatever the role.
        let (status, problem) = step(&app, &logger, &reference, "not-accept", &answers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {problem}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("cases:steps")
        );

        // With it, but as the board, which takes no steps.
        let board = client(
            &app,
            "Board pack",
            Role::BoardMember,
            &[Scope::ReadCases, Scope::TakeSteps],
        )
        .await;
        let (status, problem) = step(&app, &board, &reference, "not-accept", &answers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {problem}");

        // Nor may a client invite a panel member: that is for people only.
        let manager = client(
            &app,
            "Complaints system",
            Role::ComplaintsManager,
            &[Scope::ReadCases, Scope::TakeSteps],
        )
        .await;
        let (status, problem) = step(
            &app,
            &manager,
            &reference,
            "invite",
            &json!({ "version": 0, "person": 1 }),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {problem}");
        // And a case that is not there answers 404, whoever asks.
        let (status, _) = step(&app, &manager, "2026-999999", "not-accept", &answers).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_clients_calls_stay_on_its_trail_for_a_year_and_then_are_forgotten() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = client(&app, "Housing system", Role::Officer, &[Scope::ReadCases]).await;
        let (status, _) = get(&app, &token, "/api/v1/cases").await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        // A method an address does not take: without a token, refused at the gate like
        // any call; with one, 405 with the methods it takes, and on the trail.
        let wrong = |token: Option<&ApiToken>| {
            let request = app.client.delete(app.url("/api/v1/cases"));
            match token {
                Some(token) => request.bearer_auth(token.expose()),
                None => request,
            }
            .send()
        };
        let response = wrong(None).await.expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{backend}");
        let response = wrong(Some(&token)).await.expect("request");
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{backend}"
        );
        assert_eq!(
            response.headers()[reqwest::header::ALLOW],
            "GET,HEAD,POST",
            "{backend}"
        );
        let db = app.db().await;
        let id = storage::api_clients::list(&db).await.expect("clients")[0].id;
        // A call made thirteen months ago, beside today's.
        storage::api_clients::record_call(
            &db,
            id,
            "GET",
            "/api/v1/cases",
            200,
            now() - chrono::Duration::days(400),
        )
        .await
        .expect("kept");
        let calls = storage::api_clients::recent_calls(&db, id, 10)
            .await
            .expect("calls");
        assert_eq!(
            calls.len(),
            3,
            "{backend}: the wrong method is on the trail"
        );
        assert!(
            calls
                .iter()
                .any(|c| c.method == "DELETE" && c.status == 405),
            "{backend}"
        );

        let blobs = app.blobs().await;
        let swept = server::sweep::sweep_once(&db, &*blobs, now())
            .await
            .expect("swept");
        assert_eq!(swept.api_calls, 1, "{backend}");
        let kept = storage::api_clients::recent_calls(&db, id, 10)
            .await
            .expect("calls");
        assert_eq!(kept.len(), 2, "{backend}: today's calls stay");
        assert!(kept[0].at > now() - chrono::Duration::days(1), "{backend}");
        let again = server::sweep::sweep_once(&db, &*blobs, now())
            .await
            .expect("swept");
        assert_eq!(again.api_calls, 0, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_case_logged_with_its_evidence_keeps_the_file_and_a_file_the_form_would_refuse_keeps_nothing()
 {
    use base64::Engine;
    let encode = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = client(
            &app,
            "Housing system",
            Role::Officer,
            &[Scope::CreateCases, Scope::ReadCases],
        )
        .await;
        let kept_before = app.files_kept().await;
        let db = app.db().await;

        // A program dressed as a letter, and bytes that are not base64: refused at the
        // file, and neither a case nor a file is kept.
        let mut disguised = a_phoned_complaint();
        disguised["evidence"] = json!({
            "name": "letter.pdf",
            "content_base64": encode(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        });
        let response = post(&app, &token, &disguised).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );
        let problem: Value = response.json().await.expect("json");
        assert_eq!(pointers(&problem), ["/evidence"], "{backend}: {problem}");
        let mut garbled = a_phoned_complaint();
        garbled["evidence"] = json!({ "name": "letter.pdf", "content_base64": "not base64!" });
        let response = post(&app, &token, &garbled).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );
        let problem: Value = response.json().await.expect("json");
        assert_eq!(
            pointers(&problem),
            ["/evidence/content_base64"],
            "{backend}"
        );
        // Answers the rules refuse, with a good file: the file is not kept either.
        let mut unnamed = a_phoned_complaint();
        unnamed["what_happened"] = json!("");
        unnamed["evidence"] = json!({ "name": "letter.pdf", "content_base64": encode(PDF) });
        let response = post(&app, &token, &unnamed).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );
        assert_eq!(
            storage::cases::count(&db).await.expect("count"),
            0,
            "{backend}"
        );
        assert_eq!(
            app.files_kept().await,
            kept_before,
            "{backend}: nothing kept"
        );

        // A letter the customer sent: the case keeps it, named as sent, on its timeline.
        let mut with_letter = a_phoned_complaint();
        with_letter["evidence"] =
            json!({ "name": "Letter from the contractor.pdf", "content_base64": encode(PDF) });
        let response = post(&app, &token, &with_letter).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{backend}");
        let logged: Value = response.json().await.expect("json");
        let reference = logged["reference"].as_str().expect("a reference");
        let id = storage::cases::find_id(&db, &reference.parse().expect("a reference"))
            .await
            .expect("the case");
        let files = storage::attachments::for_case(&db, id)
            .await
            .expect("files");
        assert_eq!(files.len(), 1, "{backend}");
        assert_eq!(
            files[0].file_name, "Letter from the contractor.pdf",
            "{backend}"
        );
        assert_eq!(files[0].content_type, "application/pdf", "{backend}");
        assert_eq!(files[0].size_bytes, PDF.len() as i64, "{backend}");
        assert_eq!(app.files_kept().await, kept_before + 1, "{backend}");
        let (_, case) = get(&app, &token, &format!("/api/v1/cases/{reference}")).await;
        let timeline = case["timeline"].to_string();
        assert!(
            timeline.contains("Letter from the contractor.pdf"),
            "{backend}: {timeline}"
        );
        let in_flight = || async {
            storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM files_in_flight")
                .await
                .expect("counted")
        };
        assert_eq!(
            in_flight().await,
            0,
            "{backend}: each file recorded or discarded"
        );

        // A server that stopped after storing a file's bytes and before recording them:
        // the note it left lets the sweep delete the bytes a day later, and nothing else.
        let blobs = app.blobs().await;
        let key = storage::blobs::new_key();
        storage::in_flight::note(&db, &key, now())
            .await
            .expect("noted");
        blobs
            .put(&key, Box::new(PDF), 1024 * 1024)
            .await
            .expect("stored");
        assert_eq!(app.files_kept().await, kept_before + 2, "{backend}");
        let swept = server::sweep::sweep_once(&db, &*blobs, now() + chrono::Duration::hours(1))
            .await
            .expect("swept");
        assert_eq!(
            swept.files_left_behind, 0,
            "{backend}: maybe still arriving"
        );
        let later = now() + chrono::Duration::hours(storage::in_flight::KEEP_HOURS + 1);
        let swept = server::sweep::sweep_once(&db, &*blobs, later)
            .await
            .expect("swept");
        assert_eq!(swept.files_left_behind, 1, "{backend}");
        assert_eq!(app.files_kept().await, kept_before + 1, "{backend}");
        assert_eq!(in_flight().await, 0, "{backend}");
        assert!(
            blobs.open(&files[0].storage_key).await.is_ok(),
            "{backend}: the case's file stays"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

#[tokio::test]
async fn a_housing_system_writes_the_stage_1_response_and_its_refusals_point_at_the_rows() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (db, mo, token) = mo_and_a_housing_system(&app).await;
        let reference = logged(&app, &token).await;
        let today = today().to_string();
        let (_, case) = get(&app, &token, &format!("/api/v1/cases/{reference}")).await;
        let (status, taken) = step(
            &app,
            &token,
            &reference,
            "accept",
            &json!({ "version": case["version"], "on": today, "person": mo.id }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {taken}");
        let (status, taken) = step(
            &app,
            &token,
            &reference,
            "acknowledge",
            &json!({
                "version": taken["case"]["version"],
                "on": today,
                "text": "The boiler keeps failing after the October repair.",
            }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {taken}");
        let version = taken["case"]["version"].clone();
        let url = app.url(&format!("/api/v1/cases/{reference}/response"));
        let send = |body: Value| {
            app.client
                .post(&url)
                .bearer_auth(token.expose())
                .json(&body)
                .send()
        };

        // Every problem at once, each at its place in the body.
        let response = send(json!({
            "version": version,
            "on": today,
            "outcome": "upheld",
            "definition": "The boiler keeps failing after the October repair.",
            "points": [
                { "point": "The boiler failed again", "finding": "It did", "outcome": "upheld" },
                { "point": "Nobody called back" },
            ],
            "payments": [{ "amount": "lots", "for_what": "Time off work" }],
            "actions": [{ "text": "Replace the boiler", "owner": mo.id }],
        }))
        .await
        .expect("request");
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );
        let problem: Value = response.json().await.expect("json");
        assert_eq!(
            pointers(&problem),
            ["/points/1/finding", "/payments/0/amount", "/actions/0/due"],
            "{backend}: {problem}"
        );

        // Answered: the response is sent with its letter, and the case moves on.
        let response = send(json!({
            "version": version,
            "on": today,
            "outcome": "upheld",
            "definition": "The boiler keeps failing after the October repair.",
            "points": [
                { "point": "The boiler failed again", "finding": "It did, twice", "outcome": "upheld" },
            ],
            "apology": true,
            "payments": [{ "amount": "50.00", "for_what": "Time without heating" }],
            "actions": [{ "text": "Replace the boiler", "due": (support::today() + chrono::Duration::days(14)).to_string(), "owner": mo.id }],
            "learning": "Check repairs a week after they are done.",
        }))
        .await
        .expect("request");
        let status = response.status();
        let case: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::OK, "{backend}: {case}");
        assert_eq!(case["phase"], "stage1_responded", "{backend}: {case}");
        let id = storage::cases::find_id(&db, &reference.parse().expect("a reference"))
            .await
            .expect("the case");
        let letters = storage::letters::for_case(&db, id).await.expect("letters");
        assert!(
            letters
                .iter()
                .any(|l| l.kind == domain::letters::LetterKind::Stage1Response),
            "{backend}: {letters:?}"
        );
        // Sent once: the same answers again are written against an old version.
        let response = send(json!({ "version": version, "on": today }))
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CONFLICT, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn opening_a_complaint_from_a_service_request_needs_the_create_scope_and_words_the_complaint_takes()
 {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let full = client(
            &app,
            "Housing system",
            Role::Manager,
            &[Scope::CreateCases, Scope::ReadCases, Scope::TakeSteps],
        )
        .await;
        let mut request = a_phoned_complaint();
        request["kind"] = json!("service_request");
        let response = post(&app, &full, &request).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{backend}");
        let body: Value = response.json().await.expect("json");
        let reference = body["reference"].as_str().expect("a reference").to_owned();
        let (_, case) = get(&app, &full, &format!("/api/v1/cases/{reference}")).await;
        let version = case["version"].clone();
        let complain = |text: &str| {
            json!({
                "version": version,
                "on": today().to_string(),
                "code": "complain",
                "text": text,
            })
        };

        // Without `cases:create`, a client that works service requests may not open one.
        let worker = client(
            &app,
            "Repairs desk",
            Role::Manager,
            &[Scope::ReadCases, Scope::TakeSteps],
        )
        .await;
        let words = "The repair was not done and nobody came back to finish it.";
        let (status, problem) =
            step(&app, &worker, &reference, "dissatisfied", &complain(words)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {problem}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("cases:create")
        );

        // Words too short to open a complaint are refused before anything is saved.
        let (status, problem) =
            step(&app, &full, &reference, "dissatisfied", &complain("Leak")).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {problem}"
        );
        assert_eq!(pointers(&problem), ["/text"], "{backend}: {problem}");
        let (_, unchanged) = get(&app, &full, &format!("/api/v1/cases/{reference}")).await;
        assert_eq!(unchanged["version"], version, "{backend}: nothing saved");

        // With both, the complaint is opened and linked.
        let (status, taken) = step(&app, &full, &reference, "dissatisfied", &complain(words)).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {taken}");
        let opened = taken["opened"]["reference"]
            .as_str()
            .expect("a complaint opened");
        let (_, complaint) = get(&app, &full, &format!("/api/v1/cases/{opened}")).await;
        assert_eq!(complaint["kind"], "complaint", "{backend}");
        app.stop().await;
    }
}

/// A housing system refuses a complaint for a customer who asked to be phoned, before
/// anyone owns the case: the letter is kept and the call to go through it waits with the
/// complaints manager (who hands out new cases), not with nobody; a manager cannot make it.
#[tokio::test]
async fn a_call_for_a_letter_sent_before_anyone_owns_the_case_waits_with_the_complaints_manager() {
    const PASSWORD: &str = "a long enough password";
    async fn calls(app: &TestApp, cookie: &str, backend: &str) -> Vec<app::staff::CallToMake> {
        let response = app
            .client
            .post(app.url("/api/for_you"))
            .header(reqwest::header::COOKIE, cookie)
            .send()
            .await
            .expect("request");
        assert!(response.status().is_success(), "{backend}");
        response
            .json::<app::staff::Reminders>()
            .await
            .expect("what the queue reminds them of")
            .calls
    }
    async fn made(app: &TestApp, cookie: &str, id: i32) -> StatusCode {
        app.client
            .post(app.url("/api/call_made"))
            .header(reqwest::header::COOKIE, cookie)
            .form(&[("id", id.to_string())])
            .send()
            .await
            .expect("request")
            .status()
    }
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (db, _mo, token) = mo_and_a_housing_system(&app).await;
        app.add_account(
            "chris.cm@example.org",
            "Chris Complaints",
            Role::ComplaintsManager,
            PASSWORD,
        )
        .await;
        let chris = session_for(&app, "chris.cm@example.org", PASSWORD).await;
        let mo = session_for(&app, "mo.manager@example.org", PASSWORD).await;
        let reference = logged(&app, &token).await;
        let (_, case) = get(&app, &token, &format!("/api/v1/cases/{reference}")).await;
        let (status, taken) = step(
            &app,
            &token,
            &reference,
            "not-accept",
            &json!({
                "version": case["version"],
                "on": today().to_string(),
                "code": "outside_our_responsibility",
                "text": "This is about a neighbour's boiler, which is theirs to mend.",
            }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {taken}");
        let id = storage::cases::find_id(&db, &reference.parse().expect("a reference"))
            .await
            .expect("the case");
        assert_eq!(
            storage::letters::for_case(&db, id)
                .await
                .expect("letters")
                .len(),
            1,
            "{backend}: the letter is kept"
        );

        assert!(calls(&app, &mo, backend).await.is_empty(), "{backend}");
        let waiting = calls(&app, &chris, backend).await;
        assert_eq!(waiting.len(), 1, "{backend}: {waiting:?}");
        assert_eq!(waiting[0].reference, reference, "{backend}");
        assert!(waiting[0].unowned, "{backend}");
        assert_eq!(
            made(&app, &mo, waiting[0].id).await,
            StatusCode::NOT_FOUND,
            "{backend}: not Mo's to make"
        );
        assert!(
            made(&app, &chris, waiting[0].id).await.is_success(),
            "{backend}"
        );
        assert!(calls(&app, &chris, backend).await.is_empty(), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A housing system that never saw the answer sends the same change again under its
/// `Idempotency-Key`: the case is logged once and the contact noted once, each copy given
/// the first answer back; the key with another request is refused, and a bad key too.
#[tokio::test]
async fn a_change_sent_again_under_its_idempotency_key_is_made_once() {
    async fn send(
        app: &TestApp,
        token: &ApiToken,
        path: &str,
        key: &str,
        body: &Value,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let response = app
            .client
            .post(app.url(path))
            .bearer_auth(token.expose())
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("request");
        let (status, headers) = (response.status(), response.headers().clone());
        (
            status,
            headers,
            response.json().await.unwrap_or(Value::Null),
        )
    }
    async fn notes_of(db: &storage::Db) -> i64 {
        storage::test_support::count_rows(
            db,
            "SELECT COUNT(*) FROM timeline WHERE details LIKE '%Rang Pat about the boiler%'",
        )
        .await
        .expect("counted")
    }
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (db, _mo, token) = mo_and_a_housing_system(&app).await;
        let cases_held = || async {
            storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM cases")
                .await
                .expect("counted")
        };
        let mut request = a_phoned_complaint();
        request["kind"] = json!("service_request");

        let (status, headers, first) =
            send(&app, &token, "/api/v1/cases", "log-0001", &request).await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {first}");
        assert!(headers.get("idempotent-replayed").is_none(), "{backend}");
        let (status, headers, again) =
            send(&app, &token, "/api/v1/cases", "log-0001", &request).await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {again}");
        assert_eq!(again, first, "{backend}: the first answer, given back");
        assert_eq!(
            headers.get("idempotent-replayed").map(|v| v.as_bytes()),
            Some(&b"true"[..]),
            "{backend}"
        );
        assert_eq!(
            headers.get("location"),
            Some(&reqwest::header::HeaderValue::from_str(first["href"].as_str().unwrap()).unwrap()),
            "{backend}"
        );
        assert_eq!(cases_held().await, 1, "{backend}: logged once");

        // The same key with different answers is refused, and nothing is logged.
        request["what_happened"] = json!("The stairwell light is out on the second floor.");
        let (status, _, problem) = send(&app, &token, "/api/v1/cases", "log-0001", &request).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {problem}"
        );
        assert_eq!(cases_held().await, 1, "{backend}");
        // A refusal changes nothing and gives its key up: corrected, the request may be
        // sent again under the same key.
        let mut unnamed = a_phoned_complaint();
        unnamed["what_happened"] = json!("");
        let (status, _, problem) = send(&app, &token, "/api/v1/cases", "log-0002", &unnamed).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {problem}"
        );
        let (status, headers, corrected) = send(
            &app,
            &token,
            "/api/v1/cases",
            "log-0002",
            &a_phoned_complaint(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {corrected}");
        assert!(headers.get("idempotent-replayed").is_none(), "{backend}");
        assert_eq!(cases_held().await, 2, "{backend}");
        // A key that cannot name a request is refused before anything runs.
        let (status, _, problem) = send(&app, &token, "/api/v1/cases", "two words", &request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {problem}");
        assert_eq!(cases_held().await, 2, "{backend}");

        // A contact on a service request changes no version, so only its key keeps a copy
        // sent again from being noted twice.
        let reference = first["reference"].as_str().expect("a reference");
        let (_, case) = get(&app, &token, &format!("/api/v1/cases/{reference}")).await;
        let contact = json!({
            "version": case["version"],
            "on": today().to_string(),
            "code": "call",
            "text": "Rang Pat about the boiler",
        });
        let path = format!("/api/v1/cases/{reference}/steps/contact");
        let (status, _, first) = send(&app, &token, &path, "contact-1", &contact).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {first}");
        let (status, headers, again) = send(&app, &token, &path, "contact-1", &contact).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {again}");
        assert_eq!(again, first, "{backend}");
        assert!(headers.get("idempotent-replayed").is_some(), "{backend}");
        assert_eq!(notes_of(&db).await, 1, "{backend}: noted once");
        // Without a key, each copy is a change of its own.
        let (status, _) = step(&app, &token, reference, "contact", &contact).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(notes_of(&db).await, 2, "{backend}");

        // Another client's key of the same text is its own.
        let other = client(
            &app,
            "Repairs desk",
            Role::ComplaintsManager,
            &[Scope::CreateCases, Scope::ReadCases],
        )
        .await;
        let (status, headers, _) = send(
            &app,
            &other,
            "/api/v1/cases",
            "log-0001",
            &a_phoned_complaint(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}");
        assert!(headers.get("idempotent-replayed").is_none(), "{backend}");
        assert_eq!(cases_held().await, 3, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
