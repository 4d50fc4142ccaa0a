//! Involved customers (the tenant panel) against the real server on port 0, on SQLite and
//! again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set, with the demo data loaded:
//! every panel server function answers a case the member was not invited to exactly like a
//! missing one; the review file never carries the customer's name, address, phone, email or
//! postcode, nor a file staff did not share; invitations are accepted and declined; the view
//! is given, shown to staff, and ends the resident's right to decline; a resident who
//! declined cannot be sent to the panel; and the redacted file of every demo case is read
//! for anything identifying.

use crate::support;

use app::error::AppError;
use domain::lifecycle::Involvement;
use domain::{Channel, Event, TimelineItem};
use reqwest::{StatusCode, header};
use storage::cases::{CaseDetails, CaseFilter, CaseId, CustomerChoice, NewCase, Opening, Who};
use storage::invitations::InvitationState;
use storage::test_support::backends;
use support::*;

/// Every panel server function, with the fields it takes (`{r}` is the reference).
const PANEL_FUNCTIONS: [(&str, &[(&str, &str)]); 7] = [
    ("my_invitations", &[]),
    (
        "answer_invitation",
        &[("reference", "{r}"), ("answer", "accept")],
    ),
    ("review_file", &[("reference", "{r}")]),
    (
        "give_view",
        &[
            ("reference", "{r}"),
            ("thorough", "yes"),
            ("points_answered", "yes"),
            ("evidence_supports", "yes"),
            ("remedy_right", "yes"),
        ],
    ),
    ("involvement_for_staff", &[("reference", "{r}")]),
    ("panel_members", &[]),
    (
        "add_panel_member",
        &[
            ("name", "Pat Panel"),
            ("email", "pat.panel@example.org"),
            ("password", "three random words"),
        ],
    ),
];

/// A customer whose details are spread through their complaint's own words.
const JO: &str = "Jo Bloggs";
const JO_SECRETS: [&str; 9] = [
    "Bloggs",
    "07700 900123",
    "07700900123",
    "jo.bloggs@example.org",
    "LS1 4AB",
    "Mill Lane",
    "Sam Helper",
    "Helper",
    "secret-notes",
];

struct Panel {
    app: TestApp,
    db: storage::Db,
    calendar: domain::Calendar,
    ian: String,
    chris: String,
    rita: String,
    ada: String,
    ids: std::collections::HashMap<&'static str, i32>,
}

impl Panel {
    async fn start(backend: &'static str) -> Self {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let mut ids = std::collections::HashMap::new();
        for (key, email) in [
            ("ian", "ian.panel@example.org"),
            ("chris", "chris.complaints@example.org"),
            ("mo", "mo.manager@example.org"),
            ("rita", "rita.resident@example.org"),
        ] {
            let account = storage::accounts::find_by_email(&db, email)
                .await
                .expect("query")
                .expect("account");
            ids.insert(key, account.id);
        }
        let password = server::demo::DEMO_PASSWORD;
        Self {
            ian: session_for(&app, "ian.panel@example.org", password).await,
            chris: session_for(&app, "chris.complaints@example.org", password).await,
            rita: session_for(&app, "rita.resident@example.org", password).await,
            ada: session_for(&app, "ada.admin@example.org", password).await,
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

    /// Calls a server function as the hydrated page does.
    async fn call(
        &self,
        who: Option<&str>,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let mut request = self
            .app
            .client
            .post(self.app.url(&format!("/api/{endpoint}")))
            .form(fields);
        if let Some(cookie) = who {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// The demo case whose description contains `words`.
    async fn demo_case(&self, words: &str) -> (CaseId, String) {
        let all = storage::cases::list(&self.db, &CaseFilter::default())
            .await
            .expect("cases");
        let line = all
            .iter()
            .find(|c| c.summary.contains(words))
            .unwrap_or_else(|| panic!("a demo case about {words}"));
        (line.id, line.reference.to_string())
    }

    async fn load(&self, id: CaseId) -> storage::cases::StoredCase {
        storage::cases::load(&self.db, id, &self.calendar)
            .await
            .expect("load")
    }

    /// A staff step dated today, through `take_step`.
    async fn step(
        &self,
        who: &str,
        id: CaseId,
        reference: &str,
        step: &str,
        extra: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let version = self.load(id).await.version.to_string();
        let (d, m, y) = today_parts();
        let mut fields = vec![
            ("reference", reference),
            ("version", version.as_str()),
            ("step", step),
            ("on_day", d.as_str()),
            ("on_month", m.as_str()),
            ("on_year", y.as_str()),
        ];
        fields.extend_from_slice(extra);
        self.call(Some(who), "take_step", &fields).await
    }

    async fn ok_step(&self, id: CaseId, reference: &str, step: &str, extra: &[(&str, &str)]) {
        let (status, body) = self.step(&self.chris, id, reference, step, extra).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{step}: {status} {body}"
        );
    }

    /// A new complaint taken to Stage 2 by agreement, as the complaints manager would.
    async fn stage2_case(&self, customer: CustomerChoice, what: &str) -> (CaseId, String) {
        let now = now();
        let mut details =
            CaseDetails::describing(domain::Description::parse(what).expect("description"));
        details.outcomes_sought = Some(format!("Write to {JO} at 14 Mill Lane, LS1 4AB."));
        let new = NewCase {
            channel: Channel::Phone,
            received_at: now,
            customer: Some(customer),
            case: NewCase::initial_state(Opening::Complaint, now, &details, &self.calendar),
            details,
            recorded_by: Who::system(),
            linked_case: None,
            legacy_reference: None,
        };
        let created = storage::cases::create(&self.db, new, &self.calendar)
            .await
            .expect("case");
        let (id, reference) = (created.id, created.reference.to_string());
        let mo = self.ids["mo"].to_string();
        self.ok_step(id, &reference, "accept", &[("person", &mo)])
            .await;
        self.ok_step(
            id,
            &reference,
            "escalate-early",
            &[(
                "reason",
                "The customer agreed a review is the right next step",
            )],
        )
        .await;
        (id, reference)
    }

    /// Jo's case at Stage 2: her details in her own words, a representative, a shared and an
    /// unshared file.
    async fn jos_case(&self) -> (CaseId, String) {
        let jo = storage::customers::CustomerDetails {
            name: JO.into(),
            describes_you: domain::form::CustomerType::Tenant,
            phone: Some(domain::form::PhoneNumber::parse("07700 900123").expect("phone")),
            email: Some(domain::form::EmailAddress::parse("jo.bloggs@example.org").expect("email")),
            preferred_contact: None,
            adjustments: Vec::new(),
            address: Some("14 Mill Lane, Leeds".into()),
            postcode: Some("LS1 4AB".into()),
        };
        let (id, reference) = self
            .stage2_case(
                CustomerChoice::New {
                    user_id: None,
                    details: jo,
                },
                "I am Mrs Jo Bloggs of 14 Mill Lane, LS1 4AB. The damp in my bedroom is back. Ring me on 07700900123 or email jo.bloggs@example.org; my neighbour Sam Helper has seen it too.",
            )
            .await;
        storage::representatives::name(
            &self.db,
            id,
            &storage::representatives::NewRepresentative {
                user_id: None,
                name: "Sam Helper".into(),
                relationship: Some("Neighbour".into()),
                contact: Some("07700 900999".into()),
            },
            &Who::system(),
            now(),
        )
        .await
        .expect("representative");
        for (name, shared) in [
            ("Jo Bloggs damp photo.jpg", true),
            ("secret-notes.pdf", false),
        ] {
            let file = storage::attachments::record(
                &self.db,
                id,
                &storage::attachments::NewAttachment {
                    file_name: name.into(),
                    content_type: "image/jpeg".into(),
                    size_bytes: 10,
                    sha256: "0".repeat(64),
                    storage_key: format!("test/{name}"),
                },
                &Who::system(),
                now(),
            )
            .await
            .expect("attachment");
            let copy = storage::attachments::SharedCopy {
                storage_key: format!("test/copy-{name}"),
                sha256: "1".repeat(64),
                size_bytes: 10,
                cleaning: storage::attachments::Cleaning::Cleaned(
                    "Camera, date and location details removed".into(),
                ),
            };
            storage::attachments::set_shared(&self.db, file.id, shared.then_some(&copy))
                .await
                .expect("shareable");
        }
        (id, reference)
    }

    async fn invite_ian(&self, id: CaseId, reference: &str) {
        approve_review_file(&self.app, &self.chris, reference).await;
        let ian = self.ids["ian"].to_string();
        self.ok_step(id, reference, "invite", &[("person", &ian)])
            .await;
    }

    async fn invitation(&self, id: CaseId) -> Option<storage::panel::Invitation> {
        storage::panel::invitation(&self.db, id, self.ids["ian"])
            .await
            .expect("invitation")
    }

    async fn timeline(&self, id: CaseId) -> Vec<TimelineItem> {
        storage::cases::timeline(&self.db, id, false)
            .await
            .expect("timeline")
            .into_iter()
            .map(|e| e.item)
            .collect()
    }

    async fn involvement(&self, id: CaseId) -> Involvement {
        self.load(id)
            .await
            .case
            .as_complaint()
            .and_then(|c| c.stage2())
            .expect("a review")
            .involvement
            .clone()
    }
}

fn fields_for<'a>(fields: &'a [(&'a str, &'a str)], reference: &'a str) -> Vec<(&'a str, &'a str)> {
    fields
        .iter()
        .map(|(k, v)| (*k, if *v == "{r}" { reference } else { *v }))
        .collect()
}

fn validation(body: &str) -> (String, String) {
    match serde_json::from_str::<AppError>(body).expect("an AppError") {
        AppError::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Fails if any of `secrets` appears in `text`, or `word` appears as a whole word.
fn assert_hidden(text: &str, secrets: &[&str], words: &[&str], what: &str) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what}: {secret:?} is visible");
    }
    for word in words {
        let found = text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == *word);
        assert!(!found, "{what}: the word {word:?} is visible");
    }
}

fn openings(items: &[TimelineItem]) -> usize {
    items
        .iter()
        .filter(|i| **i == TimelineItem::RedactedFileOpened)
        .count()
}

#[tokio::test]
async fn every_panel_function_answers_a_case_the_member_was_not_invited_to_as_missing() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (_, invited) = t.demo_case("ground-floor flat").await;
        let (_, not_invited) = t.demo_case("the lift").await;
        let (_, stage1) = t.demo_case("black mould").await;
        for reference in [
            not_invited.as_str(),
            stage1.as_str(),
            "CX-2020-999999",
            "nonsense",
        ] {
            for (endpoint, fields) in PANEL_FUNCTIONS {
                if !fields.iter().any(|(_, v)| *v == "{r}") {
                    continue;
                }
                let (status, body) = t
                    .call(Some(&t.ian), endpoint, &fields_for(fields, reference))
                    .await;
                assert_eq!(
                    status,
                    StatusCode::NOT_FOUND,
                    "{backend}: {endpoint} on {reference}: {body}"
                );
            }
            let (status, html) =
                get_page(&t.app, &format!("/panel/{reference}"), Some(&t.ian)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: page {reference}");
            assert_hidden(
                &html,
                &["Sofia", "Rossi", "sofia.rossi"],
                &[],
                "missing page",
            );
        }

        // Their list holds the review they were invited to, and nothing else.
        let (status, body) = t.call(Some(&t.ian), "my_invitations", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");
        let lines: Vec<app::panel::InvitationLine> = serde_json::from_str(&body).expect("lines");
        let references: Vec<&str> = lines.iter().map(|l| l.reference.as_str()).collect();
        assert_eq!(references, [invited.as_str()], "{backend}");

        // On the review they were invited to, the staff view is still refused, and says nothing.
        let (status, body) = t
            .call(
                Some(&t.ian),
                "involvement_for_staff",
                &[("reference", &invited)],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {body}");
        assert_hidden(&body, &["Rita", "Resident", "BS1 4QA"], &[], "staff view");

        // The panel's accounts are for an admin or the complaints manager only.
        for who in [Some(t.ian.as_str()), Some(t.rita.as_str()), None] {
            for endpoint in ["panel_members", "add_panel_member"] {
                let fields = PANEL_FUNCTIONS
                    .iter()
                    .find(|(e, _)| *e == endpoint)
                    .expect("listed")
                    .1;
                let (status, _) = t.call(who, endpoint, fields).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {endpoint}");
            }
        }
        assert!(
            storage::accounts::find_by_email(&t.db, "pat.panel@example.org")
                .await
                .expect("query")
                .is_none(),
            "{backend}: nobody was added"
        );

        // Nobody else reaches the panel's functions on a case either.
        let (status, _) = t.call(Some(&t.rita), "my_invitations", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        for (endpoint, fields) in PANEL_FUNCTIONS
            .iter()
            .filter(|(e, _)| ["answer_invitation", "give_view"].contains(e))
        {
            let (status, _) = t
                .call(Some(&t.rita), endpoint, &fields_for(fields, &invited))
                .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{backend}: Rita's own case, {endpoint}"
            );
            let (status, _) = t.call(None, endpoint, &fields_for(fields, &invited)).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{backend}: signed out, {endpoint}"
            );
        }
        t.stop().await;
    }
}

#[tokio::test]
async fn the_review_file_shows_the_complaint_but_nothing_that_identifies_the_customer() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, reference) = t.jos_case().await;
        t.invite_ian(id, &reference).await;
        assert_eq!(
            t.invitation(id).await.expect("invited").state,
            InvitationState::Invited
        );

        // Not before accepting.
        let (status, body) = t
            .call(Some(&t.ian), "review_file", &[("reference", &reference)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert_hidden(&body, &JO_SECRETS, &["Jo"], "before accepting");
        let (_, body) = t.call(Some(&t.ian), "my_invitations", &[]).await;
        assert!(body.contains(&reference), "{backend}: listed");
        assert_hidden(&body, &JO_SECRETS, &["Jo"], "the list");
        let lines: Vec<app::panel::InvitationLine> = serde_json::from_str(&body).expect("the list");
        let needed_by = lines[0]
            .view_needed_by
            .clone()
            .expect("a date the view is needed by");

        // Ian is told by e-mail, once, with the same date and nothing about the customer.
        let told: Vec<_> = storage::outbox::newest(&t.db, 100)
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.to_user_id == Some(t.ids["ian"]) && m.subject.contains(&reference))
            .collect();
        assert_eq!(told.len(), 1, "{backend}: {told:?}");
        assert_eq!(told[0].to_email.as_deref(), Some("ian.panel@example.org"));
        assert!(told[0].subject.contains(&reference), "{backend}");
        assert!(
            told[0].body.contains(&needed_by),
            "{backend}: {}",
            told[0].body
        );
        assert_hidden(&told[0].body, &JO_SECRETS, &["Jo"], "the e-mail");

        let (status, body) = t
            .call(
                Some(&t.ian),
                "answer_invitation",
                &[("reference", &reference), ("answer", "accept")],
            )
            .await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        assert_eq!(
            t.invitation(id).await.expect("invited").state,
            InvitationState::Accepted
        );
        let (status, body) = t
            .call(
                Some(&t.ian),
                "answer_invitation",
                &[("reference", &reference), ("answer", "accept")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: accepted once");
        assert_eq!(validation(&body).0, "answer");

        let (status, json) = t
            .call(Some(&t.ian), "review_file", &[("reference", &reference)])
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {json}");
        assert_hidden(&json, &JO_SECRETS, &["Jo"], "the file as data");
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        assert!(
            file.what_happened
                .contains("The damp in my bedroom is back")
        );
        for placeholder in ["[name]", "[address]", "[postcode]", "[phone]", "[email]"] {
            assert!(
                json.contains(placeholder),
                "{backend}: {placeholder} in {}",
                file.what_happened
            );
        }
        let shared: Vec<&str> = file.shared_files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(shared, ["[name] damp photo.jpg"], "{backend}");
        assert!(file.may_give_view && !file.staff_preview, "{backend}");
        assert!(
            file.timeline
                .iter()
                .any(|e| e.text.contains("[name] was named as a representative")),
            "{backend}: {:?}",
            file.timeline
        );

        let (status, html) = get_page(&t.app, &format!("/panel/{reference}"), Some(&t.ian)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_hidden(&html, &JO_SECRETS, &["Jo"], "the file's page");
        assert!(
            html.contains("Your independent view"),
            "{backend}: the form"
        );
        assert!(html.contains("action=\"/api/give_view\""), "{backend}");
        // A file was shared with the panel, so the member is asked about the evidence.
        assert!(
            html.contains("Does the evidence support the resolution?"),
            "{backend}"
        );

        // Each opening is on the timeline, for staff only.
        assert_eq!(openings(&t.timeline(id).await), 2, "{backend}");
        let customer_view = storage::cases::timeline(&t.db, id, true)
            .await
            .expect("timeline");
        assert!(
            customer_view
                .iter()
                .all(|e| e.item != TimelineItem::RedactedFileOpened),
            "{backend}"
        );

        // Staff may check the file; that is not an opening.
        let (status, json) = t
            .call(Some(&t.chris), "review_file", &[("reference", &reference)])
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {json}");
        let preview: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        assert!(preview.staff_preview && !preview.may_give_view, "{backend}");
        assert_eq!(openings(&t.timeline(id).await), 2, "{backend}");
        t.stop().await;
    }
}

#[tokio::test]
async fn the_view_is_given_shown_to_staff_and_ends_the_residents_right_to_decline() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, reference) = t.demo_case("ground-floor flat").await;
        let accept = [("reference", reference.as_str()), ("answer", "accept")];
        let (status, _) = t.call(Some(&t.ian), "answer_invitation", &accept).await;
        assert!(status.is_redirection() || status.is_success(), "{backend}");
        let (status, html) = get_page(&t.app, &format!("/panel/{reference}"), Some(&t.ian)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_hidden(
            &html,
            &[
                "Resident",
                "07700 900001",
                "rita.resident",
                "BS1 4QA",
                "Harbour Court",
            ],
            &["Rita"],
            "Rita's review file",
        );

        // The domain's rules, each next to its question.
        let give = |fields: Vec<(&'static str, &'static str)>| {
            let mut all = vec![("reference", reference.as_str())];
            all.extend(fields);
            all
        };
        let (status, body) = t
            .call(
                Some(&t.ian),
                "give_view",
                &give(vec![("points_answered", "yes")]),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        // Every unanswered question at once, in the order the form asks them. No file was
        // shared with the panel on this case, so nothing is asked about the evidence.
        assert_eq!(
            refused_fields(&body),
            ["thorough", "remedy_right"],
            "{backend}"
        );
        let (_, html) = get_page(&t.app, &format!("/panel/{reference}"), Some(&t.ian)).await;
        assert!(
            !html.contains("Does the evidence support the resolution?"),
            "{backend}: not asked"
        );
        let fault = vec![
            ("thorough", "partly"),
            ("points_answered", "yes"),
            ("remedy_right", "no"),
        ];
        let (status, body) = t
            .call(Some(&t.ian), "give_view", &give(fault.clone()))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(validation(&body).0, "comments");
        assert_eq!(
            t.invitation(id).await.expect("there").state,
            InvitationState::Accepted
        );

        // Without JavaScript, the same refusal comes back to the file with every answer
        // still chosen.
        let page = format!("/panel/{reference}");
        let back =
            post_without_javascript(&t.app, "give_view", &page, &t.ian, &give(fault.clone())).await;
        assert!(back.starts_with(&format!("{page}?")), "{backend}: {back}");
        let (_, html) = get_page(&t.app, &back, Some(&t.ian)).await;
        for (name, value) in &fault {
            let tag = input_with(
                &html,
                &[&format!("name=\"{name}\""), &format!("value=\"{value}\"")],
            )
            .unwrap_or_else(|| panic!("{backend}: {name} {value}"));
            assert!(tag.contains("checked"), "{backend}: {name} keeps {value}");
        }
        assert!(
            html.contains("id=\"comments-error\""),
            "{backend}: the message is by the comments"
        );

        let comment = "The doctor's letter is mentioned but nobody says what it changed.";
        let mut complete = fault.clone();
        complete.push(("comments", comment));
        let (status, body) = t
            .call(Some(&t.ian), "give_view", &give(complete.clone()))
            .await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        assert_eq!(
            t.invitation(id).await.expect("there").state,
            InvitationState::ViewGiven
        );
        assert!(
            matches!(t.involvement(id).await, Involvement::ViewRecorded { .. }),
            "{backend}"
        );
        assert!(
            t.timeline(id).await.iter().any(|i| matches!(
                i,
                TimelineItem::Transition {
                    event: Event::InvolvedViewRecorded { .. },
                    ..
                }
            )),
            "{backend}"
        );
        let (status, body) = t.call(Some(&t.ian), "give_view", &give(complete)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: only once");
        assert_eq!(validation(&body).0, "action");

        // The reviewer sees it on the case page, with the openings.
        let (status, json) = t
            .call(
                Some(&t.chris),
                "involvement_for_staff",
                &[("reference", &reference)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {json}");
        let involvement: app::panel::StaffInvolvement = serde_json::from_str(&json).expect("data");
        let line = &involvement.invitations[0];
        assert_eq!(line.member, "Ian Panel");
        assert_eq!(line.status, "View given");
        // Once to read it, once to see what it asks, once more when the refused view came
        // back to it.
        assert!(
            line.openings.starts_with("Opened the file 3 times"),
            "{}",
            line.openings
        );
        let view = line.view.as_ref().expect("the view");
        assert_eq!(view.comments.as_deref(), Some(comment));
        assert_eq!(view.answers[1].1, "Yes");
        assert_eq!(view.answers[2].1, "Not asked: no evidence was shared");
        let (status, html) =
            get_page(&t.app, &format!("/staff/cases/{reference}"), Some(&t.chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("Their independent view"), "{backend}");
        assert!(main.contains("nobody says what it changed"), "{backend}");
        assert!(
            main.contains("An involved customer opened the redacted review file"),
            "{backend}"
        );

        // The resident can no longer decline.
        let (_, body) = read_case(&t.app, &reference, Some(&t.rita)).await;
        let case: app::cases::CaseView = serde_json::from_str(&body).expect("case");
        assert!(!case.may_decline_involvement, "{backend}");
        let version = t.load(id).await.version.to_string();
        let (status, body) = t
            .call(
                Some(&t.rita),
                "decline_involvement",
                &[("reference", &reference), ("version", &version)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            matches!(t.involvement(id).await, Involvement::ViewRecorded { .. }),
            "{backend}: the view stands"
        );

        // Their list says the view was given; the file no longer offers the form.
        let (_, body) = t.call(Some(&t.ian), "my_invitations", &[]).await;
        let lines: Vec<app::panel::InvitationLine> = serde_json::from_str(&body).expect("lines");
        assert_eq!(lines[0].state, "view_given", "{backend}");
        let (_, json) = t
            .call(Some(&t.ian), "review_file", &[("reference", &reference)])
            .await;
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("file");
        assert!(!file.may_give_view && file.own_view.is_some(), "{backend}");
        t.stop().await;
    }
}

#[tokio::test]
async fn a_member_who_declines_leaves_the_review_and_another_can_be_invited() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, reference) = t.demo_case("the lift").await;
        t.invite_ian(id, &reference).await;
        let decline = [("reference", reference.as_str()), ("answer", "decline")];
        let (status, body) = t.call(Some(&t.ian), "answer_invitation", &decline).await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        assert_eq!(
            t.invitation(id).await.expect("there").state,
            InvitationState::Declined
        );
        assert_eq!(
            t.involvement(id).await,
            Involvement::NotInvited,
            "{backend}"
        );
        let (status, _) = t
            .call(Some(&t.ian), "review_file", &[("reference", &reference)])
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: access gone");
        let (_, body) = t.call(Some(&t.ian), "my_invitations", &[]).await;
        assert!(!body.contains(&reference), "{backend}");

        // Ian said no: he is not offered again, and asking him anyway is refused at the
        // field with nothing saved.
        let (status, body) = t
            .call(
                Some(&t.chris),
                "step_form",
                &[("reference", &reference), ("step", "invite")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");
        let details: app::staff::StepDetails = serde_json::from_str(&body).expect("details");
        assert!(
            details
                .people
                .iter()
                .all(|p| p.value != t.ids["ian"].to_string()),
            "{backend}: Ian is still offered"
        );
        let before = t.load(id).await.version;
        let ian = t.ids["ian"].to_string();
        let (status, body) = t
            .step(&t.chris, id, &reference, "invite", &[("person", &ian)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        let (field, message) = validation(&body);
        assert_eq!(field, "person", "{backend}");
        assert!(message.contains("Ian Panel"), "{backend}: {message}");
        assert_eq!(t.load(id).await.version, before, "{backend}: nothing saved");

        // The admin adds a member; the refusals name their fields.
        let add =
            |name, email, password| vec![("name", name), ("email", email), ("password", password)];
        for (fields, field) in [
            (
                add("", "una.panel@example.org", "three random words"),
                "name",
            ),
            (
                add("Una Panel", "not an address", "three random words"),
                "email",
            ),
            (
                add("Una Panel", "una.panel@example.org", "short"),
                "password",
            ),
            (
                add("Una Panel", "ian.panel@example.org", "three random words"),
                "email",
            ),
        ] {
            let (status, body) = t.call(Some(&t.ada), "add_panel_member", &fields).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
            assert_eq!(validation(&body).0, field, "{backend}");
        }
        // Without JavaScript a refusal comes back as typed, all but the password.
        let page = "/staff/panel-members";
        let refused = add("Una Panel", "una.panel@example.org", "short");
        let back =
            post_without_javascript(&t.app, "add_panel_member", page, &t.ada, &refused).await;
        assert!(back.starts_with(&format!("{page}?")), "{backend}: {back}");
        assert!(
            !back.contains("short"),
            "{backend}: no password in the address"
        );
        let (_, html) = get_page(&t.app, &back, Some(&t.ada)).await;
        assert!(input_with(&html, &["name=\"name\"", "value=\"Una Panel\""]).is_some());
        assert!(
            input_with(
                &html,
                &["name=\"email\"", "value=\"una.panel@example.org\""]
            )
            .is_some()
        );
        assert!(html.contains("id=\"password-error\""), "{backend}");
        let fields = add("Una Panel", "una.panel@example.org", "three random words");
        let (status, body) = t.call(Some(&t.ada), "add_panel_member", &fields).await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        let (status, body) = t.call(Some(&t.chris), "panel_members", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let members: Vec<app::panel::members::PanelMemberLine> =
            serde_json::from_str(&body).expect("members");
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Ian Panel", "Una Panel"], "{backend}");
        let una = storage::accounts::find_by_email(&t.db, "una.panel@example.org")
            .await
            .expect("query")
            .expect("una");
        assert_eq!(una.role, domain::Role::InvolvedCustomer);

        let una_id = una.id.to_string();
        t.ok_step(id, &reference, "invite", &[("person", &una_id)])
            .await;
        assert!(
            matches!(t.involvement(id).await, Involvement::Invited { .. }),
            "{backend}"
        );
        t.stop().await;
    }
}

/// Two panel members may share a name: each invitation on the staff case page counts only
/// its own member's openings of the file, by their account, never by the name.
#[tokio::test]
async fn each_invitation_counts_its_own_member_s_openings_whatever_the_names() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, reference) = t.demo_case("the lift").await;
        approve_review_file(&t.app, &t.chris, &reference).await;
        let namesake = storage::accounts::create(
            &t.db,
            "ian.other@example.org",
            "Ian Panel",
            domain::Role::InvolvedCustomer,
            "three random words",
            now(),
        )
        .await
        .expect("a second member of the same name");
        let other = session_for(&t.app, "ian.other@example.org", "three random words").await;
        t.ok_step(
            id,
            &reference,
            "invite",
            &[("person", &namesake.id.to_string())],
        )
        .await;
        let decline = [("reference", reference.as_str()), ("answer", "decline")];
        let (status, body) = t.call(Some(&other), "answer_invitation", &decline).await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );

        t.ok_step(
            id,
            &reference,
            "invite",
            &[("person", &t.ids["ian"].to_string())],
        )
        .await;
        let accept = [("reference", reference.as_str()), ("answer", "accept")];
        let (status, body) = t.call(Some(&t.ian), "answer_invitation", &accept).await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        let (status, body) = t
            .call(Some(&t.ian), "review_file", &[("reference", &reference)])
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");

        let (status, json) = t
            .call(
                Some(&t.chris),
                "involvement_for_staff",
                &[("reference", &reference)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {json}");
        let involvement: app::panel::StaffInvolvement = serde_json::from_str(&json).expect("data");
        let lines: Vec<(&str, &str, &str)> = involvement
            .invitations
            .iter()
            .map(|l| (l.member.as_str(), l.status.as_str(), l.openings.as_str()))
            .collect();
        assert_eq!(lines.len(), 2, "{backend}: {lines:?}");
        let declined = lines
            .iter()
            .find(|l| l.1 == "Declined the invitation")
            .expect("the namesake's line");
        assert_eq!(declined.0, "Ian Panel", "{backend}");
        assert_eq!(
            declined.2, "Has not opened the file",
            "{backend}: {lines:?}"
        );
        let accepted = lines
            .iter()
            .find(|l| l.1 != "Declined the invitation")
            .expect("Ian's line");
        assert!(
            accepted.2.starts_with("Opened the file 1 time,"),
            "{backend}: {lines:?}"
        );
        t.stop().await;
    }
}

#[tokio::test]
async fn a_resident_who_declined_cannot_be_sent_to_the_panel() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let rita = storage::customers::for_user(&t.db, t.ids["rita"])
            .await
            .expect("query")
            .expect("Rita's customer record");
        let (id, reference) = t
            .stage2_case(
                CustomerChoice::Existing(rita.id),
                "The repairs team left the scaffolding up for a month after the work.",
            )
            .await;
        t.invite_ian(id, &reference).await;
        let accept = [("reference", reference.as_str()), ("answer", "accept")];
        let (status, _) = t.call(Some(&t.ian), "answer_invitation", &accept).await;
        assert!(status.is_redirection() || status.is_success(), "{backend}");

        // Rita says no while Ian is reading: his access ends at once.
        let version = t.load(id).await.version.to_string();
        let (status, body) = t
            .call(
                Some(&t.rita),
                "decline_involvement",
                &[("reference", &reference), ("version", &version)],
            )
            .await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        assert_eq!(
            t.invitation(id).await.expect("there").state,
            InvitationState::Withdrawn
        );
        for (endpoint, fields) in PANEL_FUNCTIONS {
            if !fields.iter().any(|(_, v)| *v == "{r}") || endpoint == "involvement_for_staff" {
                continue;
            }
            let (status, _) = t
                .call(Some(&t.ian), endpoint, &fields_for(fields, &reference))
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: {endpoint}");
        }

        // The Invite step is no longer offered, and refused if sent anyway.
        let (status, body) = t
            .call(
                Some(&t.chris),
                "step_form",
                &[("reference", &reference), ("step", "invite")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        let ian = t.ids["ian"].to_string();
        let (status, body) = t
            .step(&t.chris, id, &reference, "invite", &[("person", &ian)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        let (field, message) = validation(&body);
        assert_eq!(field, "person", "{backend}");
        assert!(message.contains("declined"), "{backend}: {message}");
        assert_eq!(
            t.involvement(id).await,
            Involvement::NotInvited,
            "{backend}"
        );
        let (_, json) = t
            .call(
                Some(&t.chris),
                "involvement_for_staff",
                &[("reference", &reference)],
            )
            .await;
        let involvement: app::panel::StaffInvolvement = serde_json::from_str(&json).expect("data");
        assert!(involvement.resident_declined, "{backend}");
        assert_eq!(involvement.invitations[0].status, "Withdrawn", "{backend}");
        t.stop().await;
    }
}

/// Reads the redacted file of every demo case, as staff check it, and looks for each demo
/// customer's name, address, postcode, phone and email. Run with `-- --nocapture` to read
/// the files.
#[tokio::test]
async fn no_demo_case_file_identifies_anyone() {
    let Some(backend) = backends().into_iter().next() else {
        return;
    };
    let t = Panel::start(backend).await;
    let all = storage::cases::list(&t.db, &CaseFilter::default())
        .await
        .expect("cases");
    assert!(all.len() >= 14, "the demo has its cases");
    for line in all {
        let stored = t.load(line.id).await;
        let reference = line.reference.to_string();
        let (status, json) = t
            .call(Some(&t.chris), "review_file", &[("reference", &reference)])
            .await;
        assert_eq!(status, StatusCode::OK, "{reference}: {json}");
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        println!("==== {reference} ({})\n{file:#?}\n", file.status);
        let customer = stored
            .customer
            .expect("every demo case has a customer")
            .details;
        let phone = customer
            .phone
            .expect("the demo customer gave a phone number")
            .national()
            .to_owned();
        let mut secrets = vec![
            phone.clone(),
            phone.replace(' ', ""),
            "Harbour Court".to_owned(),
        ];
        secrets.extend(customer.email.map(|e| e.as_str().to_owned()));
        secrets.extend(customer.postcode);
        secrets.extend(customer.address);
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let words: Vec<&str> = customer.name.split_whitespace().collect();
        assert_hidden(&json, &secrets, &words, &reference);
    }
    t.stop().await;
}

#[tokio::test]
async fn nothing_reaches_the_panel_before_approval_and_a_change_waits_for_the_next() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, reference) = t.jos_case().await;
        let r = reference.as_str();

        // Inviting is refused at the field until the file is approved; nothing is saved.
        let before = t.load(id).await.version;
        let ian = t.ids["ian"].to_string();
        let (status, body) = t.step(&t.chris, id, r, "invite", &[("person", &ian)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        let (field, message) = validation(&body);
        assert_eq!(field, "person");
        assert!(
            message.contains("approve the redacted review file"),
            "{message}"
        );
        assert_eq!(t.load(id).await.version, before, "{backend}: nothing saved");
        assert!(t.invitation(id).await.is_none());

        // An invitation from before files were approved: accepted, it still shows nothing.
        storage::invitations::invite(&t.db, id, t.ids["ian"], Some(t.ids["chris"]), None, now())
            .await
            .expect("invited");
        let (status, body) = t
            .call(
                Some(&t.ian),
                "answer_invitation",
                &[("reference", r), ("answer", "accept")],
            )
            .await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        let (status, body) = t
            .call(Some(&t.ian), "review_file", &[("reference", r)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(validation(&body).1.contains("being checked"), "{body}");
        assert_hidden(&body, &JO_SECRETS, &["Jo"], "before approval");
        assert!(
            !body.contains("damp in my bedroom"),
            "{backend}: nothing of the case"
        );
        let (status, html) = get_page(&t.app, &format!("/panel/{r}"), Some(&t.ian)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert!(html.contains("being checked"), "{backend}");
        assert!(!html.contains("damp in my bedroom"), "{backend}");
        let shared = storage::attachments::for_case(&t.db, id)
            .await
            .expect("files")
            .into_iter()
            .find(|a| a.shareable)
            .expect("a shared file");
        let response = t
            .app
            .client
            .get(t.app.url(&format!("/files/{}", shared.token)))
            .header(header::COOKIE, &t.ian)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");

        // Only the complaints manager checks and approves.
        for (who, endpoint) in [
            (&t.ian, "redaction_preview"),
            (&t.rita, "redaction_preview"),
            (&t.ada, "redaction_preview"),
            (&t.ian, "approve_redaction"),
        ] {
            let (status, body) = t
                .call(
                    Some(who),
                    endpoint,
                    &[("reference", r), ("fingerprint", "x")],
                )
                .await;
            assert!(
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                "{backend}: {endpoint} {status}"
            );
            assert_hidden(&body, &JO_SECRETS, &["Jo"], endpoint);
        }
        let (status, body) = t
            .call(Some(&t.chris), "redaction_preview", &[("reference", r)])
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");
        let check: app::redaction::ReviewFileCheck = serde_json::from_str(&body).expect("check");
        assert_eq!(check.approval, app::redaction::ApprovalState::NotApproved);
        let first = check
            .texts
            .iter()
            .find(|t| t.label == "What went wrong")
            .expect("the complaint");
        let original: String = first.original.iter().map(|s| s.text.as_str()).collect();
        assert!(
            original.contains("Mrs Jo Bloggs"),
            "{backend}: the original, side by side"
        );
        assert!(
            first.original.iter().any(|s| s.text.contains("Bloggs")
                && matches!(s.mark, app::redaction::Mark::Redacted(_))),
            "{backend}: the name marked as taken out"
        );
        assert_hidden(&first.redacted, &JO_SECRETS, &["Jo"], "the redacted side");
        // An approval of something other than what the page showed is refused.
        let (status, body) = t
            .call(
                Some(&t.chris),
                "approve_redaction",
                &[("reference", r), ("fingerprint", &"0".repeat(64))],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert_eq!(validation(&body).0, "approve");
        assert!(
            storage::redaction::approval(&t.db, id)
                .await
                .expect("read")
                .is_none()
        );

        let fingerprint = approve_review_file(&t.app, &t.chris, r).await;
        let approval = storage::redaction::approval(&t.db, id)
            .await
            .expect("read")
            .expect("approved");
        assert_eq!(approval.fingerprint, fingerprint);
        assert_eq!(approval.approved_by, Some(t.ids["chris"]));
        assert_eq!(
            approval.files.len(),
            1,
            "{backend}: the shared file with it"
        );
        assert!(
            t.timeline(id).await.iter().any(|i| matches!(i,
                TimelineItem::RedactedFileApproved { fingerprint: f, files: 1 } if *f == fingerprint)),
            "{backend}: on the timeline"
        );
        let (status, json) = t
            .call(Some(&t.ian), "review_file", &[("reference", r)])
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {json}");
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        assert!(
            file.what_happened
                .contains("The damp in my bedroom is back")
        );
        assert_eq!(file.shared_files.len(), 1);
        let lines = file.timeline.len();

        // A change to the case: the panel sees the file as approved, staff are told.
        storage::cases::append(
            &t.db,
            id,
            &Who::system(),
            &TimelineItem::InformationAdded {
                text: "Jo Bloggs rang again".into(),
            },
            now(),
        )
        .await
        .expect("added");
        let (_, json) = t
            .call(Some(&t.ian), "review_file", &[("reference", r)])
            .await;
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        assert_eq!(
            file.timeline.len(),
            lines,
            "{backend}: nothing new before approval"
        );
        let (_, body) = t
            .call(Some(&t.chris), "involvement_for_staff", &[("reference", r)])
            .await;
        let involvement: app::panel::StaffInvolvement = serde_json::from_str(&body).expect("json");
        assert!(
            involvement.approval.contains("changed since"),
            "{}",
            involvement.approval
        );
        let (_, body) = t
            .call(Some(&t.chris), "redaction_preview", &[("reference", r)])
            .await;
        let check: app::redaction::ReviewFileCheck = serde_json::from_str(&body).expect("check");
        assert!(
            matches!(check.approval, app::redaction::ApprovalState::Stale { .. }),
            "{backend}"
        );
        // Stopping sharing the file takes it from the panel at once.
        let (status, _) = t
            .call(
                Some(&t.chris),
                "share_file",
                &[
                    ("reference", r),
                    ("file", &shared.token),
                    ("share", "false"),
                ],
            )
            .await;
        assert!(status.is_success(), "{backend}");
        let (_, json) = t
            .call(Some(&t.ian), "review_file", &[("reference", r)])
            .await;
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        assert!(file.shared_files.is_empty(), "{backend}");

        let second = approve_review_file(&t.app, &t.chris, r).await;
        assert_ne!(second, fingerprint);
        let (_, json) = t
            .call(Some(&t.ian), "review_file", &[("reference", r)])
            .await;
        let file: app::panel::RedactedFile = serde_json::from_str(&json).expect("a file");
        assert_eq!(
            file.timeline.len(),
            lines + 1,
            "{backend}: the change, once approved"
        );
        assert_hidden(&json, &JO_SECRETS, &["Jo"], "after the change");
        t.stop().await;
    }
}

/// What a step would send is for staff to read before they take it: the customer and an
/// invited panel member asking for it get the same refusal as for anything else that is
/// not theirs, and nothing of the letter.
#[tokio::test]
async fn only_staff_may_preview_what_a_step_would_send() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (_, reference) = t.demo_case("ground-floor flat").await;
        let words = "We spoke on the phone about the damp survey today.";
        let today = domain::london::to_london(now()).date();
        let query = format!(
            "?code=call&on_day={}&on_month={}&on_year={}&text={}",
            today.format("%-d"),
            today.format("%-m"),
            today.format("%Y"),
            words.replace(' ', "+")
        );
        let fields = [
            ("reference", reference.as_str()),
            ("step", "contact"),
            ("query", query.as_str()),
        ];
        let (status, body) = t.call(Some(&t.chris), "preview_step", &fields).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");
        assert!(body.contains(words), "{backend}: staff read the preview");
        for (who, cookie) in [("the panel member", &t.ian), ("the customer", &t.rita)] {
            let (status, body) = t.call(Some(cookie), "preview_step", &fields).await;
            assert!(!status.is_success(), "{backend}: {who} got {status}");
            assert!(!body.contains(words), "{backend}: {who} read the preview");
            let refusal: AppError = serde_json::from_str(&body).expect("an AppError");
            assert!(
                matches!(refusal, AppError::Forbidden | AppError::NotFound),
                "{backend}: {who}: {refusal:?}"
            );
        }
        let (status, _) = t.call(None, "preview_step", &fields).await;
        assert!(!status.is_success(), "{backend}: signed out");
        t.stop().await;
    }
}

/// Fails unless `result` is the service's refusal of the caller (`Forbidden`).
fn refused<T: std::fmt::Debug>(what: &str, result: Result<T, service::ServiceError>) {
    assert!(
        matches!(result, Err(service::ServiceError::Forbidden(_))),
        "{what}: {result:?}"
    );
}

/// The panel's and the redacted file's use cases refuse whoever may not by themselves,
/// whatever case they are handed: with the review the caller reached for something they
/// may do, the customer cannot read the redacted file, the customer and staff cannot answer
/// the invitation or give a view, nor has anyone but a panel member reviews of their own; the invited
/// member cannot read the panel's part as staff do, nor check, decide on or approve the
/// file; and a manager who is not the complaints manager sees the case but does not check
/// or approve its file. Nothing changes.
#[tokio::test]
async fn the_panel_use_cases_refuse_whoever_may_not_by_themselves() {
    use domain::access::Action;
    use service::{panel, redaction};
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, invited) = t.demo_case("ground-floor flat").await;
        let mut callers = std::collections::HashMap::new();
        for key in ["ian", "chris", "mo", "rita"] {
            let account = storage::accounts::find(&t.db, t.ids[key])
                .await
                .expect("query")
                .expect("account");
            callers.insert(key, service::Caller::person(&account));
        }
        let ctx = service_context(&t.db, &t.calendar);
        let version = t.load(id).await.version;
        let timeline = t.timeline(id).await.len();
        let approval = storage::redaction::approval(&t.db, id)
            .await
            .expect("approval");
        let decisions = storage::redaction::decisions(&t.db, id)
            .await
            .expect("decisions");
        let answers = panel::ViewAnswers {
            thorough: Some("yes"),
            points_answered: Some("yes"),
            evidence_supports: Some("yes"),
            remedy_right: Some("yes"),
            comments: None,
        };

        for key in ["rita", "chris", "mo"] {
            let caller = &callers[key];
            refused(key, panel::my_reviews(ctx, caller).await);
            let case = service::cases::reach(ctx, caller, &invited, Action::ViewCase)
                .await
                .expect("the case");
            if key == "rita" {
                refused(key, panel::review_file(ctx, caller, &case).await);
            }
            refused(
                key,
                panel::answer_invitation(ctx, caller, &case, "decline").await,
            );
            refused(key, panel::give_view(ctx, caller, &case, answers).await);
        }

        let ian = &callers["ian"];
        let case = service::cases::reach(ctx, ian, &invited, Action::ViewRedactedCase)
            .await
            .expect("the review Ian was invited to");
        let read = service::steps::OnCase::read(ctx, &case)
            .await
            .expect("read");
        refused("ian", panel::on_case(ctx, ian, &read).await);
        refused("ian", redaction::preview(ctx, ian, &case).await);
        refused(
            "ian",
            redaction::decide_flag(ctx, ian, &case, "Rita", "keep").await,
        );
        refused("ian", redaction::approve(ctx, ian, &case, "").await);
        refused(
            "ian",
            redaction::approve_as_it_stands(ctx, ian, &case).await,
        );

        let mo = &callers["mo"];
        let case = service::cases::reach(ctx, mo, &invited, Action::ViewCaseRecord)
            .await
            .expect("the case");
        let read = service::steps::OnCase::read(ctx, &case)
            .await
            .expect("read");
        assert!(panel::on_case(ctx, mo, &read).await.is_ok(), "{backend}");
        refused("mo", redaction::preview(ctx, mo, &case).await);
        refused(
            "mo",
            redaction::decide_flag(ctx, mo, &case, "Rita", "keep").await,
        );
        refused("mo", redaction::approve(ctx, mo, &case, "").await);
        refused("mo", redaction::approve_as_it_stands(ctx, mo, &case).await);

        assert_eq!(t.load(id).await.version, version, "{backend}");
        assert_eq!(t.timeline(id).await.len(), timeline, "{backend}");
        assert_eq!(
            storage::redaction::approval(&t.db, id)
                .await
                .expect("approval"),
            approval,
            "{backend}"
        );
        assert_eq!(
            storage::redaction::decisions(&t.db, id)
                .await
                .expect("decisions"),
            decisions,
            "{backend}"
        );
        t.stop().await;
    }
}

/// The member is asked about the evidence only when the file they read shares some: a file
/// staff share after the approval is not on their form, and their view is taken without an
/// answer about it (it used to be refused for a question the form did not ask, so the
/// member could not give their view until the file was approved again).
#[tokio::test]
async fn a_file_shared_after_the_approval_is_not_asked_about_until_it_is_approved() {
    for backend in backends() {
        let t = Panel::start(backend).await;
        let (id, reference) = t.demo_case("ground-floor flat").await;
        let accept = [("reference", reference.as_str()), ("answer", "accept")];
        let (status, _) = t.call(Some(&t.ian), "answer_invitation", &accept).await;
        assert!(status.is_redirection() || status.is_success(), "{backend}");
        let file = storage::attachments::record(
            &t.db,
            id,
            &storage::attachments::NewAttachment {
                file_name: "assessment notes.pdf".into(),
                content_type: "application/pdf".into(),
                size_bytes: 10,
                sha256: "0".repeat(64),
                storage_key: "test/assessment".into(),
            },
            &Who::system(),
            now(),
        )
        .await
        .expect("attachment");
        let copy = storage::attachments::SharedCopy {
            storage_key: "test/copy-assessment".into(),
            sha256: "1".repeat(64),
            size_bytes: 10,
            cleaning: storage::attachments::Cleaning::Cleaned("Author removed".into()),
        };
        storage::attachments::set_shared(&t.db, file.id, Some(&copy))
            .await
            .expect("shared");

        let (status, html) = get_page(&t.app, &format!("/panel/{reference}"), Some(&t.ian)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            !html.contains("Does the evidence support the resolution?"),
            "{backend}: the approved file shares nothing"
        );
        let view = [
            ("reference", reference.as_str()),
            ("thorough", "yes"),
            ("points_answered", "yes"),
            ("remedy_right", "yes"),
        ];
        let (status, body) = t.call(Some(&t.ian), "give_view", &view).await;
        assert!(
            status.is_redirection() || status.is_success(),
            "{backend}: {body}"
        );
        assert_eq!(
            t.invitation(id).await.expect("there").state,
            InvitationState::ViewGiven,
            "{backend}"
        );
        t.stop().await;
    }
}
