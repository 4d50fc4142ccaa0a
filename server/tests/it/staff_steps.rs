//! Staff taking a complaint through the whole procedure, step by step, as the staff pages
//! call the server functions: accepted, contacted, acknowledged, extended, answered, reviewed
//! with an involved customer and the head of service's sign-off, answered again, and
//! referred to the Ombudsman. And every refusal: the wrong role, the wrong state, the Stage 1
//! handler as reviewer, an extension past the limit without approval, a locked case, and a
//! case saved by someone else meanwhile. Against the real server on port 0; every test runs
//! on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;
use app::error::AppError;
use chrono::Datelike;
use domain::letters::LetterKind;
use domain::lifecycle::{Phase, ServiceRequestPhase};
use domain::{Case, Channel};

use reqwest::{StatusCode, header};
use storage::cases::{CaseId, Opening};
use storage::test_support::backends;
use support::*;

struct Team {
    app: TestApp,
    db: storage::Db,
    calendar: domain::Calendar,
    sam: String,
    mo: String,
    chris: String,
    hana: String,
    rita: String,
    ids: std::collections::HashMap<&'static str, i32>,
}

impl Team {
    async fn start(backend: &'static str) -> Self {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let session = |email: &'static str| {
            let app = &app;
            async move { session_for(app, email, server::demo::DEMO_PASSWORD).await }
        };
        let mut ids = std::collections::HashMap::new();
        for (key, email) in [
            ("mo", "mo.manager@example.org"),
            ("chris", "chris.complaints@example.org"),
            ("ian", "ian.panel@example.org"),
            ("sam", "sam.officer@example.org"),
        ] {
            let account = storage::accounts::find_by_email(&db, email)
                .await
                .expect("query")
                .expect("account");
            ids.insert(key, account.id);
        }
        Self {
            sam: session("sam.officer@example.org").await,
            mo: session("mo.manager@example.org").await,
            chris: session("chris.complaints@example.org").await,
            hana: session("hana.head@example.org").await,
            rita: session("rita.resident@example.org").await,
            app,
            db,
            calendar,
            ids,
        }
    }

    async fn stop(self) {
        self.db.close().await.expect("closed");
        self.app.stop().await;
    }

    /// A case received by phone a moment ago.
    async fn new_case(&self, opening: Opening) -> (CaseId, String) {
        let pat = storage::customers::CustomerDetails {
            adjustments: vec![domain::form::Adjustment::EasyRead],
            ..pat_caller()
        };
        new_case_for(
            &self.db,
            &self.calendar,
            opening,
            Channel::Phone,
            now(),
            pat,
            "The kitchen ceiling has leaked for three weeks",
        )
        .await
    }

    /// A complaint of Pat's, accepted for Mo and acknowledged: ready for his response.
    async fn ready_for_response(&self) -> (CaseId, String) {
        let (id, reference) = self.new_case(Opening::Complaint).await;
        let mo = self.id("mo");
        self.step(&self.chris, id, &reference, "accept", &[("person", &mo)])
            .await;
        self.step(
            &self.mo,
            id,
            &reference,
            "acknowledge",
            &[("text", "Missed repairs")],
        )
        .await;
        (id, reference)
    }

    async fn load(&self, id: CaseId) -> storage::cases::StoredCase {
        storage::cases::load(&self.db, id, &self.calendar)
            .await
            .expect("load")
    }

    async fn version(&self, id: CaseId) -> String {
        self.load(id).await.version.to_string()
    }

    /// Calls a server function as the hydrated page does.
    async fn call(
        &self,
        who: &str,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/{endpoint}")))
            .header(header::COOKIE, who)
            .form(fields)
            .send()
            .await
            .expect("request");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// Posts a form as a browser without JavaScript does, from `page`.
    async fn post_from_page<T: serde::Serialize + ?Sized>(
        &self,
        who: &str,
        endpoint: &str,
        page: &str,
        fields: &T,
    ) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(&format!("/api/{endpoint}")))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, self.app.url(page))
            .header(header::COOKIE, who)
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    /// Takes a step dated today, expecting it to work.
    async fn step(
        &self,
        who: &str,
        id: CaseId,
        reference: &str,
        step: &str,
        extra: &[(&str, &str)],
    ) {
        let (status, body) = self.try_step(who, id, reference, step, extra).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{step}: {status} {body}"
        );
    }

    async fn try_step(
        &self,
        who: &str,
        id: CaseId,
        reference: &str,
        step: &str,
        extra: &[(&str, &str)],
    ) -> (StatusCode, String) {
        self.try_step_on(who, id, reference, step, today(), extra)
            .await
    }

    /// Takes a step dated `on`.
    async fn try_step_on(
        &self,
        who: &str,
        id: CaseId,
        reference: &str,
        step: &str,
        on: chrono::NaiveDate,
        extra: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let version = self.version(id).await;
        let (d, m, y) = date_parts(on);
        let mut fields = vec![
            ("reference", reference),
            ("version", version.as_str()),
            ("step", step),
            ("on_day", d.as_str()),
            ("on_month", m.as_str()),
            ("on_year", y.as_str()),
        ];
        fields.extend_from_slice(extra);
        self.call(who, "take_step", &fields).await
    }

    async fn letters(&self, id: CaseId) -> Vec<LetterKind> {
        storage::letters::for_case(&self.db, id)
            .await
            .expect("letters")
            .into_iter()
            .map(|l| l.kind)
            .collect()
    }

    fn id(&self, who: &str) -> String {
        self.ids[who].to_string()
    }
}

fn date_parts(date: chrono::NaiveDate) -> (String, String, String) {
    (
        date.day().to_string(),
        date.month().to_string(),
        date.year().to_string(),
    )
}

fn phase(case: &Case) -> Phase {
    case.as_complaint().expect("a complaint").phase().clone()
}

fn validation(body: &str) -> (String, String) {
    match serde_json::from_str::<AppError>(body).expect("an AppError") {
        AppError::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_complaint_goes_from_a_phone_call_to_the_stage_2_outcome_and_the_ombudsman() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();

        // Triage: the complaints manager accepts it and gives it to Mo.
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        assert_eq!(phase(&t.load(id).await.case), Phase::Stage1, "{backend}");

        // Stage 1: contact, acknowledge (the letter says what we understood).
        t.step(
            &t.mo,
            id,
            r,
            "contact",
            &[("code", "call"), ("text", "Spoke to Pat about the leak")],
        )
        .await;
        t.step(
            &t.mo,
            id,
            r,
            "acknowledge",
            &[
                ("text", "The ceiling leak was reported and not repaired"),
                ("reason", "Repair it"),
            ],
        )
        .await;
        assert_eq!(
            t.letters(id).await,
            vec![LetterKind::Acknowledgement],
            "{backend}"
        );

        // An extension within the limit, with its letter.
        let due = t.load(id).await.case.next_due(&t.calendar).expect("due");
        let to = date_parts(t.calendar.add_working_days(due, 5));
        t.step(
            &t.mo,
            id,
            r,
            "extend",
            &[
                ("to_day", &to.0),
                ("to_month", &to.1),
                ("to_year", &to.2),
                ("reason", "Waiting for the roofer's report"),
            ],
        )
        .await;
        assert_eq!(
            t.letters(id).await.last(),
            Some(&LetterKind::Extension),
            "{backend}"
        );

        // The response, with a point, a remedy, a root cause and its letter.
        let repairs = storage::learning::active(&t.db)
            .await
            .expect("categories")
            .into_iter()
            .find(|c| c.name == "Repairs and maintenance")
            .expect("a starting category")
            .id;
        let version = t.version(id).await;
        let (d, m, y) = today_parts();
        let (status, body) = t
            .call(
                &t.mo,
                "respond_stage",
                &[
                    ("reference", r),
                    ("version", &version),
                    ("on_day", &d),
                    ("on_month", &m),
                    ("on_year", &y),
                    ("outcome", "upheld"),
                    ("definition", "The repair that was not done"),
                    ("points[0][point]", "The leak was not repaired"),
                    (
                        "points[0][finding]",
                        "The repair was booked but cancelled in error",
                    ),
                    ("points[0][outcome]", "upheld"),
                    ("apology", "yes"),
                    ("payments[0][amount]", "50.00"),
                    ("learning", "Cancelled repairs need a follow-up call"),
                    ("category", &repairs.to_string()),
                ],
            )
            .await;
        assert!(status.is_success(), "{backend}: {status} {body}");
        assert_eq!(
            storage::learning::for_case(&t.db, id)
                .await
                .expect("learning"),
            vec!["Repairs and maintenance".to_owned()],
            "{backend}"
        );
        let stored = t.load(id).await;
        assert_eq!(phase(&stored.case), Phase::Stage1Responded, "{backend}");
        assert_eq!(
            t.letters(id).await.last(),
            Some(&LetterKind::Stage1Response),
            "{backend}"
        );

        // The customer asks for a review by phone: staff record it.
        t.step(
            &t.sam,
            id,
            r,
            "record-review",
            &[("text", "Pat rang to ask")],
        )
        .await;
        assert_eq!(phase(&t.load(id).await.case), Phase::Stage2, "{backend}");

        // The Stage 1 handler cannot review it.
        let (status, body) = t
            .try_step(
                &t.chris,
                id,
                r,
                "assign-reviewer",
                &[("person", &t.id("mo"))],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "person", "{backend}");
        t.step(
            &t.chris,
            id,
            r,
            "assign-reviewer",
            &[("person", &t.id("chris"))],
        )
        .await;

        t.step(
            &t.chris,
            id,
            r,
            "contact",
            &[("code", "visit"), ("text", "Visited Pat")],
        )
        .await;
        t.step(
            &t.chris,
            id,
            r,
            "acknowledge",
            &[("text", "Pat wants the compensation reviewed")],
        )
        .await;
        assert_eq!(
            t.letters(id).await.last(),
            Some(&LetterKind::Stage2Acknowledgement),
            "{backend}"
        );
        approve_review_file(&t.app, &t.chris, r).await;
        t.step(&t.chris, id, r, "invite", &[("person", &t.id("ian"))])
            .await;
        let invited = storage::test_support::count_rows(
            &t.db,
            &format!(
                "SELECT COUNT(*) FROM invitations WHERE case_id = {} AND member_id = {} AND state = 'invited'",
                id.0, t.ids["ian"]
            ),
        )
        .await
        .expect("invitations");
        assert_eq!(invited, 1, "{backend}");

        // No outcome before the head of service signs off.
        let respond = |version: String| {
            let (d, m, y) = today_parts();
            vec![
                ("reference".to_owned(), reference.clone()),
                ("version".to_owned(), version),
                ("on_day".to_owned(), d),
                ("on_month".to_owned(), m),
                ("on_year".to_owned(), y),
                ("outcome".to_owned(), "partly_upheld".to_owned()),
                (
                    "definition".to_owned(),
                    "The compensation offered at Stage 1".to_owned(),
                ),
                (
                    "points[0][point]".to_owned(),
                    "The compensation was too low".to_owned(),
                ),
                (
                    "points[0][finding]".to_owned(),
                    "It did not cover the damaged carpet".to_owned(),
                ),
                ("points[0][outcome]".to_owned(), "partly_upheld".to_owned()),
                ("payments[0][amount]".to_owned(), "150".to_owned()),
            ]
        };
        let fields = respond(t.version(id).await);
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (status, body) = t.call(&t.chris, "respond_stage", &borrowed).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            validation(&body).1.contains("sign-off"),
            "{backend}: {body}"
        );

        // Nor a sign-off before the reviewer has written the outcome.
        let (status, body) = t.try_step(&t.hana, id, r, "sign-off", &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            validation(&body).1.contains("nothing to agree"),
            "{backend}: {body}"
        );
        // Chris reads the final letter it will become before asking for sign-off: nothing
        // is written for sign-off yet.
        let mut fields = respond(t.version(id).await);
        fields.push(("propose".to_owned(), "yes".to_owned()));
        let mut previewing = fields.clone();
        previewing.push(("preview".to_owned(), "yes".to_owned()));
        let page = format!("/staff/cases/{r}/propose-outcome");
        let response = t
            .post_from_page(&t.chris, "respond_stage", &page, &previewing)
            .await;
        let to = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            to.starts_with(&format!("{page}?")) && to.ends_with("#customer-preview"),
            "{backend}: {to}"
        );
        let (_, html) = get_page(&t.app, &to, Some(&t.chris)).await;
        assert!(
            html.contains("Your review: our final response")
                && html.contains("It did not cover the damaged carpet"),
            "{backend}"
        );
        assert!(
            t.load(id)
                .await
                .case
                .as_complaint()
                .and_then(|c| c.stage2())
                .is_some_and(|r| r.proposed.is_none()),
            "{backend}: nothing written for sign-off yet"
        );
        // Chris writes it for sign-off; Hana reads it, letter and all, and signs it off.
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (status, body) = t.call(&t.chris, "respond_stage", &borrowed).await;
        assert!(status.is_success(), "{backend}: {status} {body}");
        assert_eq!(phase(&t.load(id).await.case), Phase::Stage2, "{backend}");
        let (status, html) =
            get_page(&t.app, &format!("/staff/cases/{r}/sign-off"), Some(&t.hana)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for words in [
            "The outcome you are signing off",
            "Your review: our final response",
            "It did not cover the damaged carpet",
            "£150.00",
        ] {
            assert!(html.contains(words), "{backend}: {words}");
        }
        t.step(&t.hana, id, r, "sign-off", &[]).await;
        // Chris sends the outcome as it was agreed: only its date.
        let (status, html) =
            get_page(&t.app, &format!("/staff/cases/{r}/respond"), Some(&t.chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains("The outcome the head of service signed off")
                && html.contains("Send the signed-off outcome")
                && !html.contains("name=\"points[0][point]\""),
            "{backend}"
        );
        t.step(&t.chris, id, r, "respond", &[]).await;
        assert!(
            matches!(phase(&t.load(id).await.case), Phase::Closed { .. }),
            "{backend}"
        );
        assert_eq!(
            t.letters(id).await,
            vec![
                LetterKind::Acknowledgement,
                LetterKind::Extension,
                LetterKind::Stage1Response,
                LetterKind::Stage2Acknowledgement,
                LetterKind::Stage2Outcome,
            ],
            "{backend}"
        );
        // The customer asked for easy read: every letter opens with the letter in short
        // and is in large print.
        let large = storage::letters::for_case(&t.db, id)
            .await
            .expect("letters");
        assert!(large.iter().all(|l| l.large_print), "{backend}");
        for line in &large {
            let stored = storage::letters::find(&t.db, line.id)
                .await
                .expect("letter");
            assert!(stored.letter.easy_read(), "{backend}: {:?}", line.kind);
        }

        // Referred to the Ombudsman: the case is locked to ordinary steps.
        t.step(&t.chris, id, r, "refer-ombudsman", &[("text", "HOS-12345")])
            .await;
        let (status, body) = t
            .try_step(&t.mo, id, r, "remedy-done", &[("item", "0")])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            validation(&body).1.contains("Ombudsman"),
            "{backend}: {body}"
        );
        t.step(
            &t.chris,
            id,
            r,
            "ombudsman-decided",
            &[
                ("code", "no_maladministration"),
                ("text", "No maladministration"),
            ],
        )
        .await;
        t.step(&t.mo, id, r, "remedy-done", &[("item", "0")]).await;
        assert_eq!(
            t.letters(id).await.last(),
            Some(&LetterKind::RemedyDone),
            "{backend}: the customer is told it is done"
        );

        // The staff page shows the case with its letters.
        let (status, html) =
            get_page(&t.app, &format!("/staff/cases/{reference}"), Some(&t.mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Easy read"), "{backend}: adjustments shown");
        assert!(html.contains("/letters/"), "{backend}: letters listed");
        t.stop().await;
    }
}

#[tokio::test]
async fn steps_are_refused_to_the_wrong_role_in_the_wrong_state_and_on_a_stale_version() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();

        // Only the complaints manager triages; a resident may not even see the case.
        let (status, _) = t
            .try_step(&t.sam, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = t
            .try_step(&t.mo, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = t
            .try_step(&t.rita, id, r, "note", &[("text", "hello")])
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        let (status, _) =
            get_page(&t.app, &format!("/staff/cases/{reference}"), Some(&t.rita)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        // Not in this state: acknowledging a complaint nobody has accepted.
        let (status, body) = t
            .try_step(&t.chris, id, r, "acknowledge", &[("text", "x")])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "action", "{backend}");

        // A handler must be a manager.
        let (status, body) = t
            .try_step(&t.chris, id, r, "accept", &[("person", &t.id("sam"))])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "person", "{backend}");

        // Bad input is named by its field and nothing is saved.
        let before = t.version(id).await;
        let (status, body) = t
            .call(
                &t.chris,
                "take_step",
                &[
                    ("reference", r),
                    ("version", &before),
                    ("step", "accept"),
                    ("on_day", "31"),
                    ("on_month", "2"),
                    ("on_year", "2026"),
                    ("person", &t.id("mo")),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "on", "{backend}");
        assert_eq!(t.version(id).await, before, "{backend}");

        // Two tablets: the second save from the same version is refused, nothing written.
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        let (status, body) = t
            .call(
                &t.mo,
                "take_step",
                &[
                    ("reference", r),
                    ("version", &before),
                    ("step", "contact"),
                    ("on_day", &today_parts().0),
                    ("on_month", &today_parts().1),
                    ("on_year", &today_parts().2),
                    ("code", "call"),
                    ("text", "Rang Pat"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend}: {body}");
        assert_eq!(
            serde_json::from_str::<AppError>(&body).ok(),
            Some(AppError::Stale)
        );
        assert!(
            t.load(id)
                .await
                .case
                .as_complaint()
                .expect("complaint")
                .stage1()
                .contacted
                .is_none()
        );

        // An extension past the limit needs the complaints manager's approval.
        t.step(
            &t.mo,
            id,
            r,
            "contact",
            &[("code", "call"), ("text", "Rang Pat")],
        )
        .await;
        t.step(&t.mo, id, r, "acknowledge", &[("text", "The leak")])
            .await;
        let due = t.load(id).await.case.next_due(&t.calendar).expect("due");
        let far = date_parts(t.calendar.add_working_days(due, 15));
        let extend = [
            ("to_day", far.0.as_str()),
            ("to_month", far.1.as_str()),
            ("to_year", far.2.as_str()),
            ("reason", "A long investigation"),
        ];
        let (status, body) = t.try_step(&t.mo, id, r, "extend", &extend).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "to", "{backend}: {body}");
        let (status, body) = t
            .try_step(
                &t.mo,
                id,
                r,
                "extend",
                &[extend.as_slice(), &[("approve", "yes")]].concat(),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{backend}: a manager cannot approve"
        );
        assert_eq!(validation(&body).0, "approve", "{backend}: {body}");
        t.step(
            &t.chris,
            id,
            r,
            "extend",
            &[extend.as_slice(), &[("approve", "yes")]].concat(),
        )
        .await;
        t.stop().await;
    }
}

#[tokio::test]
async fn a_dissatisfied_service_request_opens_a_linked_complaint_and_carries_on() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::ServiceRequest).await;
        let r = reference.as_str();
        t.step(
            &t.sam,
            id,
            r,
            "contact",
            &[("code", "call"), ("text", "Booked a plumber")],
        )
        .await;
        t.step(
            &t.sam,
            id,
            r,
            "dissatisfied",
            &[
                ("code", "complain"),
                ("text", "The plumber did not come on the agreed day"),
            ],
        )
        .await;
        let linked = storage::cases::list(
            &t.db,
            &storage::cases::CaseFilter {
                phase: Some("received".into()),
                ..Default::default()
            },
        )
        .await
        .expect("list");
        let mut found = None;
        for item in linked {
            let stored = t.load(item.id).await;
            if stored.linked_case == Some(id) {
                found = Some(stored);
            }
        }
        let complaint = found.expect("a linked complaint");
        assert_eq!(
            complaint.customer.as_ref().map(|c| c.details.name.as_str()),
            Some("Pat Caller"),
            "{backend}"
        );
        // The request carries on, and is then resolved.
        t.step(
            &t.sam,
            id,
            r,
            "resolve",
            &[("text", "The plumber came on Friday")],
        )
        .await;
        let Case::ServiceRequest(request) = t.load(id).await.case else {
            panic!("a service request");
        };
        assert!(
            matches!(request.phase(), ServiceRequestPhase::Resolved { .. }),
            "{backend}"
        );
        t.stop().await;
    }
}

/// Staff log a complaint that came by phone an hour ago: the form asks how and when it
/// reached us, refuses a post without them (keeping the answers), and the case's deadlines
/// count from when it arrived, not from when it was typed in.
#[tokio::test]
async fn staff_log_a_phone_complaint_with_when_it_reached_us() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let arrived = now() - chrono::Duration::hours(1);
        let london = domain::london::to_london(arrived);
        let (d, m, y) = date_parts(london.date());
        let time = london.format("%H:%M").to_string();
        let mut fields: Vec<(&str, String)> = vec![
            ("kind", "complaint".into()),
            ("describes_you", "tenant".into()),
            ("name", "Morgan Phone".into()),
            ("phone", "07700 900456".into()),
            ("adjustments", "interpreter".into()),
            ("postcode", "ls2 7ab".into()),
            (
                "what_happened",
                "Nobody came to fix the lift in the block.".into(),
            ),
        ];
        let post = |fields: Vec<(&str, String)>| {
            let mut form = reqwest::multipart::Form::new();
            for (name, value) in fields {
                form = form.text(name.to_owned(), value);
            }
            t.app
                .client
                .post(t.app.url("/make"))
                .header(header::COOKIE, &t.sam)
                .multipart(form)
        };

        // Without how and when it reached us: back to the form, answers kept.
        let response = post(fields.clone()).send().await.expect("request");
        let to = response.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(to.starts_with("/make?draft="), "{backend}: {to}");
        let (_, page) = get_page(&t.app, &to, Some(&t.sam)).await;
        assert!(page.contains("Choose how the case reached us"), "{backend}");
        assert!(page.contains("Morgan Phone"), "{backend}");

        fields.extend([
            ("channel", "phone".into()),
            ("received_on-day", d),
            ("received_on-month", m),
            ("received_on-year", y),
            ("received_time", time),
        ]);
        let response = post(fields).send().await.expect("request");
        let to = response.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(to.starts_with("/make/check?draft="), "{backend}: {to}");
        let (_, check) = get_page(&t.app, &to, Some(&t.sam)).await;
        assert!(check.contains("How it reached us"), "{backend}");
        let draft = to.split("draft=").nth(1).expect("draft").to_owned();
        let response = t
            .post_from_page(&t.sam, "confirm_draft", &to, &[("draft", draft)])
            .await;
        let case_page = response.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(
            case_page.starts_with("/staff/cases/CX-"),
            "{backend}: {case_page}"
        );
        let reference: domain::CaseReference = case_page
            .trim_start_matches("/staff/cases/")
            .parse()
            .expect("reference");
        let id = storage::cases::find_id(&t.db, &reference)
            .await
            .expect("id");
        let stored = t.load(id).await;
        assert_eq!(stored.channel, Channel::Phone, "{backend}");
        assert_eq!(
            domain::london::to_london(stored.received_at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            london.format("%Y-%m-%d %H:%M").to_string(),
            "{backend}"
        );
        let customer = stored.customer.expect("customer");
        assert_eq!(customer.details.name, "Morgan Phone");
        assert_eq!(customer.details.postcode.as_deref(), Some("LS2 7AB"));
        assert_eq!(
            customer.user_id, None,
            "{backend}: not the staff member's own record"
        );
        let (status, page) = get_page(&t.app, &case_page, Some(&t.sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            page.contains("An interpreter"),
            "{backend}: adjustments shown"
        );
        t.stop().await;
    }
}

fn details() -> storage::cases::CaseDetails {
    storage::cases::CaseDetails::describing(
        domain::Description::parse("The lift has been broken for a week").expect("text"),
    )
}

#[tokio::test]
async fn staff_stop_a_tracking_link_that_went_astray() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let created = storage::cases::create(
            &t.db,
            storage::cases::NewCase {
                channel: Channel::OnlineForm,
                received_at: now(),
                customer: None,
                case: storage::cases::NewCase::initial_state(
                    Opening::Complaint,
                    now(),
                    &details(),
                    &t.calendar,
                ),
                details: details(),
                recorded_by: storage::cases::Who::system(),
                linked_case: None,
                legacy_reference: None,
            },
            &t.calendar,
        )
        .await
        .expect("created");
        let (id, reference, token) = (
            created.id,
            created.reference.to_string(),
            created.tracking_token,
        );
        let (status, _) = get_page(&t.app, &format!("/track/{token}"), None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        t.step(&t.sam, id, &reference, "revoke-tracking", &[]).await;
        let (status, _) = get_page(&t.app, &format!("/track/{token}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        // Once stopped, the step is no longer offered.
        let (status, _) = get_page(
            &t.app,
            &format!("/staff/cases/{reference}/revoke-tracking"),
            Some(&t.sam),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        t.stop().await;
    }
}

/// A tracking link opens its case while it is open and for 90 days after it ends, then
/// nothing.
#[tokio::test]
async fn a_tracking_link_stops_working_ninety_days_after_the_case_ended() {
    for backend in backends() {
        let t = Team::start(backend).await;
        for (days_ago, works) in [(10, true), (90, true), (91, false)] {
            let received = now() - chrono::Duration::days(200);
            let created = storage::cases::create(
                &t.db,
                storage::cases::NewCase {
                    channel: Channel::OnlineForm,
                    received_at: received,
                    customer: None,
                    case: storage::cases::NewCase::initial_state(
                        Opening::ServiceRequest,
                        received,
                        &details(),
                        &t.calendar,
                    ),
                    details: details(),
                    recorded_by: storage::cases::Who::system(),
                    linked_case: None,
                    legacy_reference: None,
                },
                &t.calendar,
            )
            .await
            .expect("created");
            let track = format!("/track/{}", created.tracking_token);
            let (status, _) = get_page(&t.app, &track, None).await;
            assert_eq!(status, StatusCode::OK, "{backend}: open");
            let stored = t.load(created.id).await;
            let mut case = stored.case.clone();
            let Case::ServiceRequest(request) = &mut case else {
                panic!("a service request");
            };
            request
                .resolve(today() - chrono::Duration::days(days_ago))
                .expect("resolved");
            storage::cases::save(
                &t.db,
                created.id,
                stored.version,
                &case,
                &[],
                now(),
                &t.calendar,
            )
            .await
            .expect("saved");
            let (status, page) = get_page(&t.app, &track, None).await;
            let expected = if works {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{backend}: ended {days_ago} days ago");
            assert_eq!(
                page.contains(&created.reference.to_string()),
                works,
                "{backend}: {days_ago}"
            );
        }
        t.stop().await;
    }
}

/// Every look at a case by staff is recorded, and only the complaints manager reads who
/// looked.
#[tokio::test]
async fn the_complaints_manager_reads_who_looked_at_a_case() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (_, reference) = t.new_case(Opening::Complaint).await;
        let page = format!("/staff/cases/{reference}");
        let (status, _) = get_page(&t.app, &page, Some(&t.mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let (_, mine) = get_page(&t.app, &page, Some(&t.sam)).await;
        assert!(
            !mine.contains("Who has looked at this case"),
            "{backend}: an officer is not offered it"
        );
        let views = format!("/staff/case-views/{reference}");
        let (status, html) = get_page(&t.app, &views, Some(&t.sam)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        assert!(!html.contains("Mo Manager"), "{backend}");

        let (_, case_page) = get_page(&t.app, &page, Some(&t.chris)).await;
        assert!(
            case_page.contains("Who has looked at this case"),
            "{backend}"
        );
        let (status, html) = get_page(&t.app, &views, Some(&t.chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for expected in [
            "Mo Manager",
            "Sam Officer",
            "The case record",
            "Manager",
            "Officer",
        ] {
            assert!(html.contains(expected), "{backend}: {expected}");
        }
        t.stop().await;
    }
}

/// An action promised in a response is on its owner's list until it is marked done.
#[tokio::test]
async fn a_promised_action_stays_on_its_owners_list_until_done() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        t.step(
            &t.mo,
            id,
            r,
            "contact",
            &[("code", "call"), ("text", "Rang Pat")],
        )
        .await;
        t.step(&t.mo, id, r, "acknowledge", &[("text", "The leak")])
            .await;
        let due = date_parts(t.calendar.add_working_days(today(), 10));
        let version = t.version(id).await;
        let (d, m, y) = today_parts();
        let (status, body) = t
            .call(
                &t.mo,
                "respond_stage",
                &[
                    ("reference", r),
                    ("version", &version),
                    ("on_day", &d),
                    ("on_month", &m),
                    ("on_year", &y),
                    ("outcome", "upheld"),
                    ("definition", "The repair that was not done"),
                    ("points[0][point]", "The leak"),
                    ("points[0][finding]", "Not repaired"),
                    ("points[0][outcome]", "upheld"),
                    ("actions[0][text]", "Replace the kitchen ceiling"),
                    ("actions[0][day]", &due.0),
                    ("actions[0][month]", &due.1),
                    ("actions[0][year]", &due.2),
                    ("actions[0][owner]", &t.id("sam")),
                ],
            )
            .await;
        assert!(status.is_success(), "{backend}: {body}");
        // Sam also owes the demo's kitchen tap: only this case's promise is counted.
        let on_this_case = || async {
            storage::remedies::outstanding_for(&t.db, t.ids["sam"])
                .await
                .expect("remedies")
                .into_iter()
                .filter(|o| o.case_id == id)
                .collect::<Vec<_>>()
        };
        let owed = on_this_case().await;
        assert_eq!(owed.len(), 1, "{backend}");
        assert_eq!(owed[0].description, "Replace the kitchen ceiling");
        let (status, body) = t.call(&t.sam, "for_you", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            body.contains("Replace the kitchen ceiling"),
            "{backend}: {body}"
        );
        let (status, _) = t.call(&t.rita, "for_you", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        t.step(&t.mo, id, r, "remedy-done", &[("item", "0")]).await;
        assert!(on_this_case().await.is_empty(), "{backend}");
        t.stop().await;
    }
}

/// Without JavaScript: the step's page carries the case's version, and posting it as a
/// plain form goes back to the case page.
#[tokio::test]
async fn a_step_works_as_a_plain_form_post() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::ServiceRequest).await;
        let version = t.version(id).await;
        let page = format!("/staff/cases/{reference}/contact");
        let (status, html) = get_page(&t.app, &page, Some(&t.sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains(&format!("name=\"version\" value=\"{version}\"")),
            "{backend}: the form names the version it read"
        );
        assert!(html.contains("name=\"on_day\""), "{backend}");
        let (d, m, y) = today_parts();
        let response = t
            .post_from_page(
                &t.sam,
                "take_step",
                &page,
                &[
                    ("reference", reference.as_str()),
                    ("version", &version),
                    ("step", "contact"),
                    ("on_day", &d),
                    ("on_month", &m),
                    ("on_year", &y),
                    ("code", "email"),
                    ("text", "Sent the customer the appointment"),
                ],
            )
            .await;
        assert!(response.status().is_redirection(), "{backend}");
        assert_eq!(
            response.headers()[header::LOCATION],
            format!("/staff/cases/{reference}").as_str(),
            "{backend}"
        );
        t.stop().await;
    }
}

/// Without JavaScript, a refused step goes back to its own page with the error next to the
/// field and every answer as it was typed: the date, the text and the choice.
#[tokio::test]
async fn a_refused_plain_form_post_keeps_everything_typed() {
    use chrono::Datelike;
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::ServiceRequest).await;
        let version = t.version(id).await;
        let page = format!("/staff/cases/{reference}/contact");
        let earlier = today() - chrono::Days::new(9);
        let (d, m, y) = (
            earlier.day().to_string(),
            earlier.month().to_string(),
            earlier.year().to_string(),
        );
        let summary = "Spoke to the tenant about the damp in the back bedroom";
        let post = |fields: Vec<(&'static str, String)>| {
            let mut all = vec![
                ("reference", reference.clone()),
                ("version", version.clone()),
                ("step", "contact".to_owned()),
                ("on_day", d.clone()),
                ("on_month", m.clone()),
                ("on_year", y.clone()),
            ];
            all.extend(fields);
            let t = &t;
            let page = page.clone();
            async move { t.post_from_page(&t.sam, "take_step", &page, &all).await }
        };

        // No way of contact chosen: refused at that field, the summary and date kept.
        let response = post(vec![("text", summary.to_owned())]).await;
        assert!(response.status().is_redirection(), "{backend}");
        let back = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(back.starts_with(&format!("{page}?")), "{backend}: {back}");
        let (status, html) = get_page(&t.app, &back, Some(&t.sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Choose how you were in touch"), "{backend}");
        assert!(html.contains(summary), "{backend}: the summary is kept");
        for (name, value) in [("on_day", &d), ("on_month", &m), ("on_year", &y)] {
            assert!(
                input_with(
                    &html,
                    &[&format!("name=\"{name}\""), &format!("value=\"{value}\"")]
                )
                .is_some(),
                "{backend}: {name} keeps {value}"
            );
        }
        assert!(
            input_with(&html, &["name=\"code\"", "checked"]).is_none(),
            "{backend}: nothing was chosen, so nothing is ticked"
        );

        // A way chosen but no summary: refused at the summary, the choice kept.
        let response = post(vec![("code", "visit".to_owned())]).await;
        let back = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        let (_, html) = get_page(&t.app, &back, Some(&t.sam)).await;
        assert!(
            html.contains("Write a short summary of what was said"),
            "{backend}"
        );
        let visit = input_with(&html, &["name=\"code\"", "value=\"visit\""]).expect("visit");
        assert!(visit.contains("checked"), "{backend}: {visit}");
        let call = input_with(&html, &["name=\"code\"", "value=\"call\""]).expect("call");
        assert!(!call.contains("checked"), "{backend}: {call}");

        // Nothing was saved by either post.
        assert_eq!(t.version(id).await, version, "{backend}");
        t.stop().await;
    }
}

/// A staff form refuses everything wrong with it at once: the script gets every field's
/// problem, and a plain post goes back to a page whose summary lists them all, each next
/// to its field, with nothing saved.
#[tokio::test]
async fn a_step_with_several_problems_is_refused_with_all_of_them_at_once() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::ServiceRequest).await;
        let version = t.version(id).await;

        // No date, no way of contact and no summary: three problems, one answer.
        let (status, body) = t
            .call(
                &t.sam,
                "take_step",
                &[
                    ("reference", reference.as_str()),
                    ("version", version.as_str()),
                    ("step", "contact"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert_eq!(
            refused_fields(&body),
            ["on", "code", "text"],
            "{backend}: {body}"
        );
        let refusal: AppError = serde_json::from_str(&body).expect("an AppError");

        // Without JavaScript: the page lists the three and marks each field.
        let page = format!("/staff/cases/{reference}/contact");
        let response = t
            .post_from_page(
                &t.sam,
                "take_step",
                &page,
                &[
                    ("reference", reference.as_str()),
                    ("version", version.as_str()),
                    ("step", "contact"),
                ],
            )
            .await;
        let back = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        let (_, html) = get_page(&t.app, &back, Some(&t.sam)).await;
        for (field, message) in refusal.problems() {
            assert!(
                html.contains(&format!("href=\"#{field}\"")),
                "{backend}: the summary links to {field}"
            );
            assert!(
                html.matches(message).count() >= 2,
                "{backend}: {message} in the summary and next to its field"
            );
        }
        assert_eq!(t.version(id).await, version, "{backend}: nothing saved");
        t.stop().await;
    }
}

/// A step's form says, before anything is saved, who will read what is written: the
/// customer (a contact's summary) or staff alone (a note).
#[tokio::test]
async fn a_step_says_who_will_read_what_is_written_before_it_is_saved() {
    let t = Team::start("sqlite").await;
    let (_, reference) = t.new_case(Opening::ServiceRequest).await;
    for (step, tag, not) in [
        ("contact", "The customer sees this", "Staff only"),
        ("note", "Staff only", "The customer sees this"),
    ] {
        let (status, html) = get_page(
            &t.app,
            &format!("/staff/cases/{reference}/{step}"),
            Some(&t.sam),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{step}");
        let main = main_part(&html);
        assert!(main.contains(tag), "{step}: {main}");
        assert!(!main.contains(not), "{step}");
    }
    // Accepting (and answering) a complaint is done with the customer's words in view.
    let (_, reference) = t.new_case(Opening::Complaint).await;
    let (_, html) = get_page(
        &t.app,
        &format!("/staff/cases/{reference}/accept"),
        Some(&t.chris),
    )
    .await;
    let main = main_part(&html);
    assert!(main.contains("What the customer told us"), "{main}");
    assert!(main.contains("The kitchen ceiling has leaked for three weeks"));
    t.stop().await;
}

/// Every letter says how to reach the landlord, with the details set when it was issued:
/// a letter issued before they changed keeps the old ones.
#[tokio::test]
async fn a_letter_gives_the_landlords_details_as_they_were_on_the_day() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        let mut riverside = domain::Landlord::demo();
        riverside.name = "Riverside Housing".into();
        riverside.phone = "01274 960 000".into();
        let admin = t.id("chris").parse().expect("an id");
        storage::settings::set_landlord(&t.db, &riverside, admin, chrono::Utc::now())
            .await
            .expect("set");
        t.step(&t.mo, id, r, "acknowledge", &[("text", "Missed repairs")])
            .await;
        storage::settings::set_landlord(
            &t.db,
            &domain::Landlord::demo(),
            admin,
            chrono::Utc::now(),
        )
        .await
        .expect("set back");

        let letters = storage::letters::for_case(&t.db, id)
            .await
            .expect("letters");
        let letter = storage::letters::find(&t.db, letters[0].id)
            .await
            .expect("the acknowledgement");
        assert_eq!(letter.letter.from.as_ref(), Some(&riverside), "{backend}");
        let text = letter.letter.plain_text();
        let contact = &text[text.find("How to contact us").expect("how to contact us")..];
        assert!(
            contact.contains("Phone: 01274 960 000"),
            "{backend}: {text}"
        );
        assert!(contact.contains(r), "{backend}: the reference to quote");

        // The letter page prints it, with the letterhead.
        let (status, html) =
            get_page(&t.app, &format!("/letters/{}", letters[0].id), Some(&t.mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("How to contact us"), "{backend}");
        assert!(html.contains(r#"class="letter__from""#), "{backend}");
        assert!(html.contains("Riverside Housing"), "{backend}");
        t.stop().await;
    }
}

#[tokio::test]
async fn the_complaints_manager_hands_stage_1_to_another_handler_with_a_reason() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        let before = t.load(id).await;
        let deadlines_before = before
            .case
            .as_complaint()
            .expect("complaint")
            .deadlines(&t.calendar)
            .expect("deadlines");

        // The step offers everyone who may handle it but the handler it has.
        let (status, body) = t
            .call(
                &t.chris,
                "step_form",
                &[("reference", r), ("step", "change-handler")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");
        let details: app::staff::StepDetails = serde_json::from_str(&body).expect("details");
        let offered: Vec<&str> = details.people.iter().map(|p| p.value.as_str()).collect();
        assert!(offered.contains(&t.id("chris").as_str()), "{backend}");
        assert!(!offered.contains(&t.id("mo").as_str()), "{backend}");
        assert!(!offered.contains(&t.id("sam").as_str()), "{backend}");

        // Refusals: the handler himself may not pass it on (only the complaints manager
        // decides), an officer may not take it, a reason is needed, and the same person
        // again is refused at the field. Nothing is saved.
        let (status, _) = t
            .try_step(
                &t.mo,
                id,
                r,
                "change-handler",
                &[("person", &t.id("chris")), ("reason", "Leave")],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        for (person, reason, field) in [
            (t.id("sam"), "Cover for leave", "person"),
            (t.id("chris"), "", "reason"),
            (t.id("mo"), "Cover for leave", "person"),
        ] {
            let (status, body) = t
                .try_step(
                    &t.chris,
                    id,
                    r,
                    "change-handler",
                    &[("person", &person), ("reason", reason)],
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
            assert_eq!(validation(&body).0, field, "{backend}: {body}");
        }
        assert_eq!(t.load(id).await.version, before.version, "{backend}");

        t.step(
            &t.chris,
            id,
            r,
            "change-handler",
            &[
                ("person", &t.id("chris")),
                ("reason", "Mo is on leave for three weeks"),
            ],
        )
        .await;
        let after = t.load(id).await;
        let complaint = after.case.as_complaint().expect("complaint");
        assert_eq!(
            complaint
                .stage1()
                .owner
                .as_ref()
                .map(|u| u.as_str().to_owned()),
            Some(t.id("chris")),
            "{backend}"
        );
        assert_eq!(
            complaint.deadlines(&t.calendar).expect("deadlines"),
            deadlines_before,
            "{backend}: the customer is owed the same dates"
        );
        // On the record for staff, not in the customer's timeline.
        let staff_view = storage::cases::timeline(&t.db, id, false)
            .await
            .expect("timeline");
        assert!(
            staff_view
                .iter()
                .any(|e| e.item.summary().contains("Mo is on leave for three weeks")),
            "{backend}"
        );
        let customer_view = storage::cases::timeline(&t.db, id, true)
            .await
            .expect("timeline");
        assert!(
            customer_view
                .iter()
                .all(|e| !e.item.summary().contains("on leave")),
            "{backend}"
        );
        t.stop().await;
    }
}

/// A customer who withdrew by phone and rings back within five working days is helped by
/// staff: the withdrawal is taken back through a step of its own, with how they asked, and
/// the case is where it was. Later than that, the step is not offered.
#[tokio::test]
async fn staff_take_back_a_withdrawal_the_customer_asks_to_undo() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.ready_for_response().await;
        let r = reference.as_str();
        t.step(&t.sam, id, r, "withdraw", &[("text", "Pat rang: sorted")])
            .await;
        assert!(
            matches!(phase(&t.load(id).await.case), Phase::Withdrawn { .. }),
            "{backend}"
        );
        let (status, html) = get_page(&t.app, &format!("/staff/cases/{r}"), Some(&t.sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains("Take back the withdrawal at the customer&#x27;s request")
                || html.contains("Take back the withdrawal at the customer's request"),
            "{backend}: the step is offered"
        );
        let (status, body) = t
            .try_step(
                &t.sam,
                id,
                r,
                "undo-withdrawal",
                &[("text", "Pat rang back: the leak is back")],
            )
            .await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{backend}: {status} {body}"
        );
        assert_eq!(phase(&t.load(id).await.case), Phase::Stage1, "{backend}");
        let seen = storage::cases::timeline(&t.db, id, true)
            .await
            .expect("timeline");
        assert!(
            seen.iter().any(|e| matches!(
                &e.item,
                domain::TimelineItem::Transition {
                    event: domain::Event::WithdrawalTakenBack { .. },
                    note: Some(note),
                } if note == "Pat rang back: the leak is back"
            )),
            "{backend}: the customer sees it, with how they asked"
        );
        // Nothing to take back now.
        let (status, _) = t.try_step(&t.sam, id, r, "undo-withdrawal", &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        t.stop().await;
    }
}

/// Acknowledges and answers Stage 1 of `id` as Mo, after Chris accepts it for him.
async fn answer_stage_1(t: &Team, id: CaseId, r: &str) {
    t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
        .await;
    t.step(
        &t.mo,
        id,
        r,
        "acknowledge",
        &[("text", "The ceiling leak was not repaired")],
    )
    .await;
    let version = t.version(id).await;
    let (d, m, y) = today_parts();
    let (status, body) = t
        .call(
            &t.mo,
            "respond_stage",
            &[
                ("reference", r),
                ("version", &version),
                ("on_day", &d),
                ("on_month", &m),
                ("on_year", &y),
                ("outcome", "not_upheld"),
                ("definition", "The repair that was not done"),
                ("points[0][point]", "The leak was not repaired"),
                (
                    "points[0][finding]",
                    "It was repaired on the day it was reported",
                ),
                ("points[0][outcome]", "not_upheld"),
            ],
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
}

#[tokio::test]
async fn closing_at_stage_1_leaves_the_review_open_and_only_a_refusal_with_a_letter_says_no() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();
        answer_stage_1(&t, id, r).await;

        // Mo closes it while no review has been asked for...
        t.step(&t.mo, id, r, "close", &[]).await;
        assert!(
            matches!(phase(&t.load(id).await.case), Phase::Closed { .. }),
            "{backend}"
        );
        // ...and the customer still may ask: the request opens it again at Stage 2.
        t.step(&t.sam, id, r, "record-review", &[("text", "Pat rang")])
            .await;
        assert_eq!(phase(&t.load(id).await.case), Phase::Stage2, "{backend}");

        // Mo handled Stage 1: no step on the review is his.
        let (status, body) = t
            .try_step(
                &t.mo,
                id,
                r,
                "acknowledge",
                &[("text", "Our understanding")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            validation(&body).1.contains("took part in Stage 1"),
            "{body}"
        );

        // Saying no is the refusal step: a reason, a letter with the Ombudsman, closed.
        let (status, body) = t.try_step(&t.chris, id, r, "refuse-review", &[]).await;
        assert_eq!(validation(&body).0, "reason", "{backend}: {status} {body}");
        t.step(
            &t.chris,
            id,
            r,
            "refuse-review",
            &[(
                "reason",
                "Pat's request is about a new repair, logged as a new complaint",
            )],
        )
        .await;
        let stored = t.load(id).await;
        assert!(
            matches!(
                phase(&stored.case),
                Phase::Closed {
                    how: domain::lifecycle::ClosedHow::ReviewRefused { .. },
                    ..
                }
            ),
            "{backend}"
        );
        assert_eq!(
            t.letters(id).await.last(),
            Some(&LetterKind::ReviewRefused),
            "{backend}"
        );
        let last = storage::letters::for_case(&t.db, id)
            .await
            .expect("letters")
            .pop()
            .expect("the refusal letter");
        let letter = storage::letters::find(&t.db, last.id)
            .await
            .expect("letter");
        let text = letter.letter.plain_text();
        assert!(text.contains("logged as a new complaint"), "{text}");
        assert!(text.contains("0300 111 3000"), "{text}");
        // A refused review stays refused.
        let (status, _) = t
            .try_step(
                &t.sam,
                id,
                r,
                "record-review",
                &[("text", "Pat rang again")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        t.stop().await;
    }
}

#[tokio::test]
async fn an_extension_is_refused_once_the_deadline_it_would_move_has_passed() {
    for backend in backends() {
        let t = Team::start(backend).await;
        // Received six weeks ago, accepted and acknowledged late: the response is overdue.
        let (id, reference) = new_case_for(
            &t.db,
            &t.calendar,
            Opening::Complaint,
            Channel::Phone,
            now() - chrono::Duration::days(42),
            pat_caller(),
            "The kitchen ceiling has leaked for three weeks",
        )
        .await;
        let r = reference.as_str();
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        let (status, body) = t
            .try_step_on(
                &t.mo,
                id,
                r,
                "acknowledge",
                today() - chrono::Days::new(40),
                &[("text", "The ceiling leak")],
            )
            .await;
        assert!(status.is_success(), "{backend}: {status} {body}");
        let to = date_parts(t.calendar.add_working_days(today(), 5));
        let (status, body) = t
            .try_step(
                &t.mo,
                id,
                r,
                "extend",
                &[
                    ("to_day", &to.0),
                    ("to_month", &to.1),
                    ("to_year", &to.2),
                    ("reason", "Waiting for the roofer"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            validation(&body)
                .1
                .contains("has to be agreed with the customer before the deadline passes"),
            "{body}"
        );
        assert!(
            t.letters(id)
                .await
                .iter()
                .all(|k| *k != LetterKind::Extension)
        );
        t.stop().await;
    }
}

/// The Extend page says which date it moves: the response deadline, even while the earlier
/// contact deadline is the next one due.
#[tokio::test]
async fn the_extend_page_shows_the_response_deadline_it_moves() {
    let t = Team::start("sqlite").await;
    let (id, reference) = new_case_for(
        &t.db,
        &t.calendar,
        Opening::Complaint,
        Channel::Phone,
        now(),
        pat_caller(),
        "The kitchen ceiling has leaked for three weeks",
    )
    .await;
    let r = reference.as_str();
    t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
        .await;
    let stored = storage::cases::load(&t.db, id, &t.calendar)
        .await
        .expect("loaded");
    let complaint = stored.case.as_complaint().expect("complaint");
    let deadlines = complaint.deadlines(&t.calendar).expect("deadlines");
    assert!(
        stored.case.next_due(&t.calendar) < Some(deadlines.respond.due),
        "contact comes first"
    );
    let (status, body) = t
        .call(&t.mo, "step_form", &[("reference", r), ("step", "extend")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let details: app::staff::StepDetails = serde_json::from_str(&body).expect("details");
    let hint = details.hint.expect("a hint");
    let due = domain::deadlines::long_date(deadlines.respond.due);
    assert!(
        hint.starts_with(&format!("The response is due by {due}.")),
        "{hint}"
    );
    // The deadline beside the form is that one too, not the contact deadline due first.
    let shown = details.deadline.expect("a deadline");
    assert_eq!(
        (shown.leg.as_str(), shown.due.as_str()),
        ("Respond in writing", due.as_str())
    );
    t.stop().await;
}

#[tokio::test]
async fn a_response_answers_every_point_and_its_letter_gives_every_payment_and_action() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.new_case(Opening::Complaint).await;
        let r = reference.as_str();
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        t.step(
            &t.mo,
            id,
            r,
            "acknowledge",
            &[("text", "The ceiling leaked and three repairs were missed")],
        )
        .await;
        // The form starts from the definition recorded with the acknowledgement.
        let (status, page) =
            get_page(&t.app, &format!("/staff/cases/{r}/respond"), Some(&t.mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            page.contains("The ceiling leaked and three repairs were missed"),
            "{backend}: the definition is not offered"
        );

        let due = |days| date_parts(t.calendar.add_working_days(today(), days));
        let (due1, due2) = (due(10), due(20));
        let version = t.version(id).await;
        let (d, m, y) = today_parts();
        let mut fields: Vec<(String, String)> = [
            ("reference", r),
            ("version", &version),
            ("on_day", &d),
            ("on_month", &m),
            ("on_year", &y),
            ("outcome", "partly_upheld"),
            (
                "definition",
                "The ceiling leaked and three repairs were missed",
            ),
            ("apology", "yes"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        for i in 0..5 {
            fields.push((format!("points[{i}][point]"), format!("Point {i} raised")));
            fields.push((format!("points[{i}][finding]"), format!("Finding {i} made")));
            fields.push((format!("points[{i}][outcome]"), "upheld".to_owned()));
        }
        for (i, (amount, what)) in [("40", "time and trouble"), ("110.50", "the damaged carpet")]
            .iter()
            .enumerate()
        {
            fields.push((format!("payments[{i}][amount]"), (*amount).to_owned()));
            fields.push((format!("payments[{i}][for_what]"), (*what).to_owned()));
        }
        for (i, (text, due, owner)) in [
            ("Replace the ceiling", &due1, "sam"),
            ("Inspect the roof", &due2, "mo"),
        ]
        .iter()
        .enumerate()
        {
            fields.push((format!("actions[{i}][text]"), (*text).to_owned()));
            fields.push((format!("actions[{i}][day]"), due.0.clone()));
            fields.push((format!("actions[{i}][month]"), due.1.clone()));
            fields.push((format!("actions[{i}][year]"), due.2.clone()));
            fields.push((format!("actions[{i}][owner]"), t.id(owner)));
        }
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();

        // A finding left out on the fourth point is refused next to that point.
        let mut missing = borrowed.clone();
        missing.retain(|(k, _)| *k != "points[3][finding]");
        let (status, body) = t.call(&t.mo, "respond_stage", &missing).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert_eq!(validation(&body).0, "finding-4", "{backend}");

        let (status, body) = t.call(&t.mo, "respond_stage", &borrowed).await;
        assert!(status.is_success(), "{backend}: {status} {body}");
        let stored = t.load(id).await;
        let response = stored
            .case
            .as_complaint()
            .and_then(|c| c.stage1().response.clone())
            .expect("a response");
        assert_eq!(response.points().len(), 5, "{backend}");
        // An apology, two payments and two actions.
        assert_eq!(response.remedies().len(), 5, "{backend}");
        assert_eq!(response.compensation().to_string(), "£150.50", "{backend}");

        let letters = storage::letters::for_case(&t.db, id)
            .await
            .expect("letters");
        let last = letters.last().expect("a letter");
        let letter = storage::letters::find(&t.db, last.id)
            .await
            .expect("letter");
        assert_eq!(letter.kind, LetterKind::Stage1Response, "{backend}");
        let text = letter.letter.plain_text();
        for expected in [
            "We understood your complaint to be this: The ceiling leaked and three repairs were missed.",
            "5. Point 4 raised.",
            "What we found: Finding 4 made.",
            "A payment to you of £40.00 for time and trouble.",
            "A payment to you of £110.50 for the damaged carpet.",
            "Together these payments come to £150.50.",
            "Replace the ceiling. We will do this by",
            "Inspect the roof. We will do this by",
        ] {
            assert!(
                text.contains(expected),
                "{backend}: {expected:?} missing from\n{text}"
            );
        }
        // Each action is on its owner's list.
        for who in ["sam", "mo"] {
            let owed = storage::remedies::outstanding_for(&t.db, t.ids[who])
                .await
                .expect("remedies");
            assert!(
                owed.iter().any(|o| o.case_id == id),
                "{backend}: {who} owns no action on the case"
            );
        }
        t.stop().await;
    }
}

#[tokio::test]
async fn without_javascript_another_row_comes_back_with_everything_typed_and_too_many_are_refused()
{
    let t = Team::start("sqlite").await;
    let (id, reference) = t.ready_for_response().await;
    let r = reference.as_str();
    let version = t.version(id).await;
    let page = format!("/staff/cases/{r}/respond");
    let response = t
        .post_from_page(
            &t.mo,
            "respond_stage",
            &page,
            &[
                ("reference", r),
                ("version", &version),
                ("definition", "Missed repairs"),
                ("points[0][point]", "The first point"),
                ("points[0][finding]", ""),
                ("add", "points"),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(location.starts_with(&page), "{location}");
    assert!(
        !location.contains("__err"),
        "adding a row is not an error: {location}"
    );
    assert!(location.contains("shown_points=2"), "{location}");
    // Nothing was saved.
    assert_eq!(t.version(id).await, version);
    // The page it goes back to shows both rows, the first as typed.
    let (status, html) = get_page(&t.app, &location, Some(&t.mo)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("The first point"), "typed text lost");
    assert!(html.contains(r#"name="points[1][point]""#), "no second row");
    assert!(!html.contains(r#"name="points[2][point]""#), "a third row");

    // More rows than any response needs are refused, not stored.
    let mut fields = vec![
        ("reference".to_owned(), r.to_owned()),
        ("version".to_owned(), version.clone()),
    ];
    for i in 0..41 {
        fields.push((format!("points[{i}][point]"), "p".to_owned()));
    }
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, body) = t.call(&t.mo, "respond_stage", &borrowed).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(validation(&body).0, "add-points");
    t.stop().await;
}

/// "Preview the letter" under the response form shows the Stage 1 response exactly as it
/// would go, below the answers as typed, and saves and sends nothing. Answers the response
/// would refuse are refused the same way, all at once, with no letter.
#[tokio::test]
async fn the_response_letter_is_previewed_before_anything_is_saved_or_sent() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let (id, reference) = t.ready_for_response().await;
        let r = reference.as_str();
        let before = t.load(id).await;
        let letters = t.letters(id).await;
        let version = before.version.to_string();
        let (d, m, y) = today_parts();
        let page = format!("/staff/cases/{r}/respond");
        let finding = "The roofer’s report of 3 March shows the leak & the ceiling were left";
        let mut fields = vec![
            ("reference", r),
            ("version", version.as_str()),
            ("on_day", d.as_str()),
            ("on_month", m.as_str()),
            ("on_year", y.as_str()),
            ("outcome", "upheld"),
            ("definition", "The leak that was not repaired"),
            ("points[0][point]", "The leak was not repaired"),
            ("points[0][finding]", finding),
            ("points[0][outcome]", "upheld"),
            ("apology", "on"),
            ("payments[0][amount]", "75"),
            ("payments[0][for_what]", "the time and trouble"),
            ("preview", "yes"),
        ];
        let response = t
            .post_from_page(&t.mo, "respond_stage", &page, &fields)
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let to = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            to.starts_with(&format!("{page}?"))
                && to.contains("preview=yes")
                && to.ends_with("#customer-preview")
                && !to.contains("__err"),
            "{backend}: {to}"
        );
        assert_eq!(t.load(id).await.version, before.version, "{backend}");
        assert_eq!(t.letters(id).await, letters, "{backend}: nothing issued");

        let (status, html) = get_page(&t.app, &to, Some(&t.mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let at = html
            .find("id=\"customer-preview\"")
            .unwrap_or_else(|| panic!("{backend}: no preview"));
        let letter = &html[at..];
        for words in [
            "Check what the customer will see",
            "On their case page",
            "Nothing has been saved or sent yet.",
            "Your complaint: our Stage 1 response",
            "Dear Pat Caller",
            "The roofer’s report of 3 March shows the leak &amp; the ceiling were left",
            "£75.00",
            "Housing Ombudsman",
        ] {
            assert!(letter.contains(words), "{backend}: {words}");
        }
        // The answers are still in the form, to change or send.
        assert!(
            html[..at].contains("The leak that was not repaired"),
            "{backend}"
        );

        // Sent as previewed: the same letter, now issued.
        fields.retain(|(name, _)| *name != "preview");
        let response = t
            .post_from_page(&t.mo, "respond_stage", &page, &fields)
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(
            t.letters(id).await.last(),
            Some(&LetterKind::Stage1Response),
            "{backend}"
        );

        // On a case still to be answered, answers with problems get no letter: the form
        // comes back with every problem.
        let (id, reference) = t.ready_for_response().await;
        let r = reference.as_str();
        let version = t.version(id).await;
        let page = format!("/staff/cases/{r}/respond");
        let response = t
            .post_from_page(
                &t.mo,
                "respond_stage",
                &page,
                &[
                    ("reference", r),
                    ("version", version.as_str()),
                    ("definition", "Missed repairs"),
                    ("preview", "yes"),
                ],
            )
            .await;
        let to = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            to.contains("__err") && !to.contains("preview=yes"),
            "{backend}: {to}"
        );
        let (_, html) = get_page(&t.app, &to, Some(&t.mo)).await;
        assert!(!html.contains("id=\"customer-preview\""), "{backend}");
        assert!(html.contains("There is a problem"), "{backend}");
        assert_eq!(t.version(id).await, version, "{backend}");

        // A contact: the customer gets no letter, but reads the summary on their page.
        let page = format!("/staff/cases/{r}/contact");
        let summary = "Rang Pat: the roofer comes on Friday <morning>";
        let response = t
            .post_from_page(
                &t.mo,
                "take_step",
                &page,
                &[
                    ("reference", r),
                    ("version", version.as_str()),
                    ("step", "contact"),
                    ("on_day", d.as_str()),
                    ("on_month", m.as_str()),
                    ("on_year", y.as_str()),
                    ("code", "call"),
                    ("text", summary),
                    ("preview", "yes"),
                ],
            )
            .await;
        let to = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(to.ends_with("#customer-preview"), "{backend}: {to}");
        let (_, html) = get_page(&t.app, &to, Some(&t.mo)).await;
        let at = html.find("id=\"customer-preview\"").expect("a preview");
        assert!(
            html[at..].contains("Rang Pat: the roofer comes on Friday &lt;morning&gt;"),
            "{backend}"
        );
        assert!(!html[at..].contains("The letter"), "{backend}: no letter");
        assert_eq!(t.version(id).await, version, "{backend}: nothing saved");
        // A note is for staff only: there is nothing to preview, and nothing is saved.
        let entries = storage::cases::timeline(&t.db, id, false)
            .await
            .expect("timeline")
            .len();
        let (status, body) = t
            .call(
                &t.mo,
                "take_step",
                &[
                    ("reference", r),
                    ("version", version.as_str()),
                    ("step", "note"),
                    ("text", "Roofer booked"),
                    ("preview", "yes"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert_eq!(
            storage::cases::timeline(&t.db, id, false)
                .await
                .expect("timeline")
                .len(),
            entries,
            "{backend}"
        );
        t.stop().await;
    }
}

#[tokio::test]
async fn a_customer_who_asked_to_be_phoned_gets_a_call_on_the_handlers_queue_for_each_letter() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let pat = storage::customers::CustomerDetails {
            adjustments: vec![domain::form::Adjustment::PhoneNotLetters],
            ..pat_caller()
        };
        let (id, reference) = new_case_for(
            &t.db,
            &t.calendar,
            Opening::Complaint,
            Channel::Phone,
            now(),
            pat,
            "Nobody has fixed the bathroom extractor fan",
        )
        .await;
        let r = reference.as_str();
        t.step(&t.chris, id, r, "accept", &[("person", &t.id("mo"))])
            .await;
        t.step(
            &t.mo,
            id,
            r,
            "acknowledge",
            &[("text", "The extractor fan")],
        )
        .await;
        // The letter is kept on the case all the same.
        assert_eq!(
            t.letters(id).await,
            vec![LetterKind::Acknowledgement],
            "{backend}"
        );
        let mine = my_calls(&t, &t.mo, backend).await;
        assert_eq!(mine.len(), 1, "{backend}: {mine:?}");
        assert_eq!(mine[0].reference, reference, "{backend}");
        assert!(
            mine[0].subject.contains("we have it"),
            "{backend}: {mine:?}"
        );
        assert!(
            my_calls(&t, &t.sam, backend).await.is_empty(),
            "{backend}: not Sam's call"
        );

        // Only the person it waits with records it, once.
        let task = mine[0].id.to_string();
        let (status, _) = t.call(&t.sam, "call_made", &[("id", &task)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        let (status, body) = t.call(&t.mo, "call_made", &[("id", &task)]).await;
        assert!(status.is_success(), "{backend}: {status} {body}");
        assert!(my_calls(&t, &t.mo, backend).await.is_empty(), "{backend}");
        let (status, _) = t.call(&t.mo, "call_made", &[("id", &task)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        let timeline = storage::cases::timeline(&t.db, id, false)
            .await
            .expect("timeline");
        assert!(
            timeline.iter().any(|e| matches!(
                &e.item,
                domain::TimelineItem::Note { text } if text.starts_with("Phoned the customer")
            )),
            "{backend}"
        );
        t.stop().await;
    }
}

/// The calls `who` has to make, as the work queue lists them below their cases (read with
/// the cases, and the same as `for_you` alone gives).
async fn my_calls(t: &Team, who: &str, backend: &str) -> Vec<app::staff::CallToMake> {
    let (status, body) = t.call(who, "for_you", &[]).await;
    assert!(status.is_success(), "{backend}: {status} {body}");
    let reminders = serde_json::from_str::<app::staff::Reminders>(&body)
        .expect("what the queue reminds them of");
    let (status, body) = t.call(who, "work_queue", &[]).await;
    assert!(status.is_success(), "{backend}: {status} {body}");
    let queue = serde_json::from_str::<app::worklist::QueueView>(&body).expect("their queue");
    assert_eq!(
        queue.reminders, reminders,
        "{backend}: the queue's reminders"
    );
    reminders.calls
}

/// The Ombudsman's casework: a referral with their reference and the stages of their
/// process, a determination with a finding on each element, an order with its owner and
/// due date that reaches the owner's work queue, compliance with its evidence, a second
/// referral once they have decided, and all of it in the year's report.
#[tokio::test]
async fn the_ombudsmans_casework_is_kept_referral_by_referral_with_orders_on_their_owners_queue() {
    for backend in backends() {
        let t = Team::start(backend).await;
        let year = domain::reports::ReportingYear::containing(today());
        let before = storage::reports::counts(&t.db, year, None)
            .await
            .expect("counts")
            .ombudsman;
        let (id, reference) = t.ready_for_response().await;
        let r = reference.as_str();

        // Their reference is required, and plain.
        for (typed, message) in [
            ("", "Enter the Ombudsman's reference"),
            ("<b>1</b>", "can only have letters, numbers"),
        ] {
            let (status, body) = t
                .try_step(&t.chris, id, r, "refer-ombudsman", &[("text", typed)])
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
            let (field, said) = validation(&body);
            assert_eq!(field, "text", "{backend}");
            assert!(said.contains(message), "{backend}: {said}");
        }
        t.step(&t.chris, id, r, "refer-ombudsman", &[("text", "202598765")])
            .await;
        // Only the complaints manager records the Ombudsman's casework.
        let (status, _) = t
            .try_step(
                &t.mo,
                id,
                r,
                "ombudsman-stage",
                &[("item", "investigating")],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        t.step(
            &t.chris,
            id,
            r,
            "ombudsman-stage",
            &[("item", "investigating")],
        )
        .await;
        // No orders before the determination.
        let (status, _) = t
            .try_step(&t.chris, id, r, "ombudsman-order", &[("code", "order")])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        let (status, body) = t
            .try_step(
                &t.chris,
                id,
                r,
                "ombudsman-decided",
                &[("reason", "Repairs")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "code", "{backend}: {body}");
        t.step(
            &t.chris,
            id,
            r,
            "ombudsman-decided",
            &[
                ("code", "maladministration"),
                ("reason", "The repair of the leak"),
                ("text", "They found we took too long to mend the roof."),
            ],
        )
        .await;
        t.step(
            &t.chris,
            id,
            r,
            "ombudsman-finding",
            &[
                ("code", "service_failure"),
                ("reason", "Complaint handling"),
            ],
        )
        .await;

        // The order: due in the future, owned by Mo.
        let due = t.calendar.add_working_days(today(), 10);
        let (d, m, y) = date_parts(due);
        let mo = t.id("mo");
        let order = [
            ("code", "order"),
            ("text", "Pay Pat £300 for the distress and inconvenience"),
            ("to_day", d.as_str()),
            ("to_month", m.as_str()),
            ("to_year", y.as_str()),
            ("person", mo.as_str()),
        ];
        let (status, body) = t
            .try_step(&t.chris, id, r, "ombudsman-order", &order[..2])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(
            body.contains("Enter the date it is due by"),
            "{backend}: {body}"
        );
        t.step(&t.chris, id, r, "ombudsman-order", &order).await;
        let (status, owed) = t.call(&t.mo, "for_you", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            owed.contains("Pay Pat £300") && owed.contains("\"orders_total\":1"),
            "{backend}: on the owner's queue: {owed}"
        );
        let (_, not_mine) = t.call(&t.sam, "for_you", &[]).await;
        assert!(not_mine.contains("\"orders_total\":0"), "{backend}");
        // Its owner is reminded on the day it is due, once.
        let noon = chrono::TimeZone::from_utc_datetime(
            &chrono::Utc,
            &due.and_hms_opt(12, 0, 0).expect("noon"),
        );
        for _ in 0..2 {
            server::mail::scan(&t.db, &t.calendar, noon)
                .await
                .expect("scan");
        }
        let mo_id = t.ids["mo"];
        let reminders: Vec<_> = storage::outbox::newest(&t.db, 10_000)
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.dedupe_key.starts_with("order:") && m.case_id == Some(id))
            .collect();
        assert_eq!(reminders.len(), 1, "{backend}: {reminders:?}");
        assert_eq!(reminders[0].to_user_id, Some(mo_id), "{backend}");
        assert!(
            reminders[0].subject.contains("an Ombudsman order on"),
            "{backend}: {}",
            reminders[0].subject
        );

        // Compliance needs its evidence, once.
        let (status, body) = t
            .try_step(
                &t.chris,
                id,
                r,
                "order-complied",
                &[("item", "0-0"), ("text", "Done")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "text", "{backend}");
        let evidence = "Paid £300 by bank transfer; the remittance sent to the Ombudsman";
        t.step(
            &t.chris,
            id,
            r,
            "order-complied",
            &[("item", "0-0"), ("text", evidence)],
        )
        .await;
        let (status, _) = t
            .try_step(
                &t.chris,
                id,
                r,
                "order-complied",
                &[("item", "0-0"), ("text", evidence)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: not twice");
        let (_, owed) = t.call(&t.mo, "for_you", &[]).await;
        assert!(owed.contains("\"orders_total\":0"), "{backend}: {owed}");

        // Referred again: both referrals are kept.
        t.step(&t.chris, id, r, "refer-ombudsman", &[("text", "202600001")])
            .await;
        let (status, html) =
            get_page(&t.app, &format!("/staff/cases/{reference}"), Some(&t.mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for shown in [
            "Referral 1 of 2",
            "202598765",
            "202600001",
            "Maladministration: The repair of the leak",
            "Service failure: Complaint handling",
            "Pay Pat £300",
            "Remittance sent to the Ombudsman",
        ] {
            assert!(
                html.to_lowercase().contains(&shown.to_lowercase()),
                "{backend}: {shown}"
            );
        }

        let after = storage::reports::counts(&t.db, year, None)
            .await
            .expect("counts")
            .ombudsman;
        assert_eq!(after.referred, before.referred + 2, "{backend}");
        assert_eq!(after.determined, before.determined + 1, "{backend}");
        let found = |facts: &domain::reports::OmbudsmanFacts, f| {
            facts
                .findings
                .iter()
                .find(|(g, _)| *g == f)
                .map_or(0, |(_, n)| *n)
        };
        use domain::ombudsman::Finding;
        assert_eq!(
            found(&after, Finding::Maladministration),
            found(&before, Finding::Maladministration) + 1,
            "{backend}"
        );
        assert_eq!(after.orders.len(), before.orders.len() + 1, "{backend}");
        let report = storage::reports::report(&t.db, &t.calendar, year, None)
            .await
            .expect("report");
        assert!(
            report.ombudsman.orders[0].1.complied_on_time >= 1,
            "{backend}"
        );
        t.stop().await;
    }
}

/// The wording an administrator saved is the wording of the next letter, and the letter
/// records its version; a letter issued before keeps the words it was sent with.
#[tokio::test]
async fn a_letter_is_written_in_the_wording_in_use_and_records_its_version() {
    use domain::letters::template::{LetterTemplate, Part};
    for backend in backends() {
        let t = Team::start(backend).await;
        let (first, first_ref) = t.new_case(Opening::Complaint).await;
        t.step(
            &t.chris,
            first,
            &first_ref,
            "accept",
            &[("person", &t.id("mo"))],
        )
        .await;
        t.step(
            &t.mo,
            first,
            &first_ref,
            "acknowledge",
            &[("text", "The leak")],
        )
        .await;

        let kind = LetterKind::Acknowledgement;
        let wording = LetterTemplate::parse(
            kind,
            &[
                (
                    Part::Subject,
                    "We have your complaint, {reference}".to_owned(),
                ),
                (
                    Part::Next,
                    "Our repairs lead will call you.\n\nOur answer will reach you by {respond_by}."
                        .to_owned(),
                ),
            ],
        )
        .expect("checked");
        let version = storage::letter_templates::save(&t.db, kind, &wording, t.ids["sam"], now())
            .await
            .expect("saved");

        let (second, second_ref) = t.new_case(Opening::Complaint).await;
        t.step(
            &t.chris,
            second,
            &second_ref,
            "accept",
            &[("person", &t.id("mo"))],
        )
        .await;
        t.step(
            &t.mo,
            second,
            &second_ref,
            "acknowledge",
            &[("text", "The leak")],
        )
        .await;

        let db = &t.db;
        let last_letter = |id| async move {
            storage::letters::whole_for_case(db, id)
                .await
                .expect("letters")
                .pop()
                .expect("a letter")
                .letter
        };
        let before = last_letter(first).await;
        let after = last_letter(second).await;
        assert_eq!(before.template_version, 0, "{backend}");
        assert!(
            before
                .plain_text()
                .contains("A manager from the service involved")
        );
        assert_eq!(after.template_version, version, "{backend}");
        assert_eq!(
            after.subject,
            format!("We have your complaint, {second_ref}")
        );
        let text = after.plain_text();
        assert!(
            text.contains("Our repairs lead will call you.\n\nOur answer will reach you by "),
            "{backend}: {text}"
        );
        assert!(
            !text.contains("A manager from the service involved"),
            "{backend}"
        );
        // The date is the case's own, as Putright's wording would have given it.
        // The date is the one Putright's own wording gave the case received the same day.
        let due = before
            .plain_text()
            .split("full written response by ")
            .nth(1)
            .and_then(|rest| rest.split('.').next())
            .expect("a date")
            .to_owned();
        assert!(
            text.contains(&format!("Our answer will reach you by {due}.")),
            "{backend}: {text}"
        );
        assert!(text.contains("Housing Ombudsman"), "{backend}");
        t.stop().await;
    }
}
