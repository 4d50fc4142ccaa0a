//! A resident's actions on their case (ask for a review, withdraw, decline an involved
//! customer, name a representative, add information), posted as a browser without
//! JavaScript posts them, against the real server on port 0 with the demo data. Every test
//! runs on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;
use app::error::AppError;
use domain::lifecycle::{Phase, ServiceRequestPhase};
use domain::{Case, Event, TimelineItem};

use reqwest::{StatusCode, header};
use storage::cases::{CaseFilter, CaseId, CaseListItem, StoredCase, TimelineEntry};
use storage::test_support::backends;
use support::*;

// What these tests share.

/// The app with the demo data, Rita signed in, and her cases by phase.
struct Demo {
    app: TestApp,
    db: storage::Db,
    calendar: domain::Calendar,
    rita: String,
    rita_cases: Vec<CaseListItem>,
}

impl Demo {
    async fn start(backend: &'static str) -> Self {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let account = storage::accounts::find_by_email(&db, "rita.resident@example.org")
            .await
            .expect("query")
            .expect("rita");
        let rita_cases = storage::cases::for_resident(&db, account.id)
            .await
            .expect("list");
        let rita = session_for(
            &app,
            "rita.resident@example.org",
            server::demo::DEMO_PASSWORD,
        )
        .await;
        Self {
            app,
            db,
            calendar,
            rita,
            rita_cases,
        }
    }

    async fn stop(self) {
        self.db.close().await.expect("closed");
        self.app.stop().await;
    }

    /// Rita's case at `phase` (the demo gives her one of each of these).
    fn ritas(&self, phase: &str) -> (CaseId, String) {
        let case = self
            .rita_cases
            .iter()
            .find(|c| c.phase == phase)
            .unwrap_or_else(|| panic!("Rita has no {phase} case"));
        (case.id, case.reference.to_string())
    }

    /// Someone else's case: the "not accepted" one of another customer.
    async fn someone_elses(&self) -> (CaseId, String) {
        let cases = storage::cases::list(
            &self.db,
            &CaseFilter {
                phase: Some("not_accepted".into()),
                ..Default::default()
            },
        )
        .await
        .expect("list");
        let case = cases
            .iter()
            .find(|c| !self.rita_cases.iter().any(|own| own.id == c.id))
            .expect("a case of someone else's");
        (case.id, case.reference.to_string())
    }

    async fn load(&self, id: CaseId) -> StoredCase {
        storage::cases::load(&self.db, id, &self.calendar)
            .await
            .expect("load")
    }

    async fn timeline(&self, id: CaseId) -> Vec<TimelineEntry> {
        storage::cases::timeline(&self.db, id, false)
            .await
            .expect("timeline")
    }

    /// Posts a form to a server function as a browser without JavaScript does, from the
    /// case page.
    async fn post_form(
        &self,
        endpoint: &str,
        page: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(&format!("/api/{endpoint}")))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, self.app.url(page))
            .header(header::COOKIE, &self.rita)
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    /// Posts an action that names the case's current version, from `page`, as a browser
    /// without JavaScript does.
    async fn post_at_version(
        &self,
        endpoint: &str,
        page: &str,
        id: CaseId,
        reference: &str,
    ) -> reqwest::Response {
        let version = self.load(id).await.version.to_string();
        self.post_form(
            endpoint,
            page,
            &[("reference", reference), ("version", &version)],
        )
        .await
    }

    /// Calls a server function as the hydrated page does: the error comes back as JSON.
    async fn call(&self, endpoint: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/{endpoint}")))
            .header(header::COOKIE, &self.rita)
            .form(fields)
            .send()
            .await
            .expect("request");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned()
}

/// A redirect's address as a full URL: the framework sends a refused post back to the full
/// address it came from, and a refusal that keeps what was typed sends a path.
fn absolute(app: &TestApp, location: &str) -> String {
    if location.starts_with('/') {
        app.url(location)
    } else {
        location.to_owned()
    }
}

fn last_item(timeline: &[TimelineEntry]) -> &TimelineItem {
    &timeline.last().expect("a timeline entry").item
}

fn phase(case: &Case) -> Phase {
    case.as_complaint().expect("a complaint").phase().clone()
}

/// The validation error a server function answered with, as (field, message).
fn validation(body: &str) -> (String, String) {
    match serde_json::from_str::<AppError>(body).expect("an AppError") {
        AppError::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn each_action_works_for_the_resident_as_a_form_post_without_javascript() {
    for backend in backends() {
        let demo = Demo::start(backend).await;

        // Ask for a review of the complaint answered at Stage 1.
        let (id, reference) = demo.ritas("stage1_responded");
        let page = format!("/cases/{reference}");
        let response = demo
            .post_at_version("ask_for_review", &page, id, &reference)
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(location(&response), page, "{backend}");
        let stored = demo.load(id).await;
        assert_eq!(phase(&stored.case), Phase::Stage2, "{backend}");
        let timeline = demo.timeline(id).await;
        assert!(
            matches!(
                last_item(&timeline),
                TimelineItem::Transition {
                    event: Event::ReviewRequested { .. },
                    note: None
                }
            ),
            "{backend}: {timeline:?}"
        );
        assert_eq!(
            timeline.last().and_then(|e| e.actor_name.as_deref()),
            Some("Rita Resident"),
            "{backend}"
        );
        let (status, html) = demo_page(&demo, &page).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Being reviewed (Stage 2)"), "{backend}");

        // Withdraw the open service request, with a reason.
        let (id, reference) = demo.ritas("service_request_open");
        let version = demo.load(id).await.version.to_string();
        let reason = "A neighbour changed the bulb for us.";
        let response = demo
            .post_form(
                "withdraw_case",
                &format!("/cases/{reference}"),
                &[
                    ("reference", &reference),
                    ("version", &version),
                    ("reason", reason),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(location(&response), format!("/cases/{reference}"));
        let Case::ServiceRequest(request) = demo.load(id).await.case else {
            panic!("{backend}: a service request");
        };
        assert!(
            matches!(request.phase(), ServiceRequestPhase::Withdrawn { .. }),
            "{backend}"
        );
        assert!(
            matches!(
                last_item(&demo.timeline(id).await),
                TimelineItem::Transition { event: Event::Withdrawn { .. }, note: Some(n) } if n == reason
            ),
            "{backend}"
        );
        // The case page says so first, and offers to take it back.
        let page = format!("/cases/{reference}");
        let (_, html) = demo_page(&demo, &page).await;
        let html = main_part(&html);
        assert!(
            html.contains("You withdrew this request. Changed your mind?"),
            "{backend}"
        );
        assert!(
            html.contains("action=\"/api/take_back_withdrawal\""),
            "{backend}"
        );
        let response = demo
            .post_at_version("take_back_withdrawal", &page, id, &reference)
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(location(&response), page, "{backend}");
        let Case::ServiceRequest(request) = demo.load(id).await.case else {
            panic!("{backend}: a service request");
        };
        assert_eq!(request.phase(), &ServiceRequestPhase::Open, "{backend}");
        assert!(
            matches!(
                last_item(&demo.timeline(id).await),
                TimelineItem::Transition {
                    event: Event::WithdrawalTakenBack { .. },
                    note: None
                }
            ),
            "{backend}"
        );
        let (_, html) = demo_page(&demo, &page).await;
        assert!(
            !main_part(&html).contains("take_back_withdrawal"),
            "{backend}: nothing left to take back"
        );

        // Withdraw the complaint waiting for triage, leaving the reason blank.
        let (id, reference) = demo.ritas("received");
        let version = demo.load(id).await.version.to_string();
        let response = demo
            .post_form(
                "withdraw_case",
                &format!("/cases/{reference}"),
                &[
                    ("reference", &reference),
                    ("version", &version),
                    ("reason", "  "),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert!(
            matches!(phase(&demo.load(id).await.case), Phase::Withdrawn { .. }),
            "{backend}"
        );
        assert!(
            matches!(
                last_item(&demo.timeline(id).await),
                TimelineItem::Transition {
                    event: Event::Withdrawn { .. },
                    note: None
                }
            ),
            "{backend}"
        );

        // Name a representative on the Stage 1 complaint: waiting for staff to confirm.
        let (id, reference) = demo.ritas("stage1");
        let version_before = demo.load(id).await.version;
        let response = demo
            .post_form(
                "name_representative",
                &format!("/cases/{reference}"),
                &[
                    ("reference", reference.as_str()),
                    ("name", "  Dev Resident "),
                    ("relationship", "My brother"),
                    ("contact", "07700 900123"),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(location(&response), format!("/cases/{reference}"));
        let named = storage::representatives::for_case(&demo.db, id)
            .await
            .expect("representatives");
        assert_eq!(named.len(), 1, "{backend}");
        assert_eq!(named[0].name, "Dev Resident", "{backend}");
        assert_eq!(named[0].relationship.as_deref(), Some("My brother"));
        assert_eq!(named[0].contact.as_deref(), Some("07700 900123"));
        assert_eq!(
            named[0].authority,
            domain::access::Authority::AwaitingConfirmation,
            "{backend}"
        );
        assert_eq!(
            last_item(&demo.timeline(id).await),
            &TimelineItem::RepresentativeNamed {
                name: "Dev Resident".into()
            },
            "{backend}"
        );

        // Add information to the same case: on the timeline, the state untouched.
        let text = "The mould has spread to the wardrobe since the visit.";
        let response = demo
            .post_form(
                "add_information",
                &format!("/cases/{reference}"),
                &[("reference", reference.as_str()), ("text", text)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(location(&response), format!("/cases/{reference}"));
        assert_eq!(
            last_item(&demo.timeline(id).await),
            &TimelineItem::InformationAdded { text: text.into() },
            "{backend}"
        );
        assert_eq!(demo.load(id).await.version, version_before, "{backend}");
        let (_, html) = demo_page(&demo, &format!("/cases/{reference}")).await;
        assert!(html.contains(text), "{backend}: the information is shown");
        assert!(html.contains("Dev Resident (My brother)"), "{backend}");
        assert!(
            html.contains("Waiting for us to confirm they can act for you"),
            "{backend}"
        );

        demo.stop().await;
    }
}

async fn demo_page(demo: &Demo, path: &str) -> (StatusCode, String) {
    get_page(&demo.app, path, Some(&demo.rita)).await
}

#[tokio::test]
async fn declining_involvement_withdraws_the_panel_members_access() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let ian = storage::accounts::find_by_email(&demo.db, "ian.panel@example.org")
            .await
            .expect("query")
            .expect("ian");
        let (id, reference) = demo.ritas("stage2");
        let relation = storage::cases::relation(&demo.db, id, ian.id)
            .await
            .expect("relation");
        assert!(
            relation.is_invited_panel_member,
            "{backend}: Ian is invited"
        );
        let page = format!("/cases/{reference}");
        let (_, html) = demo_page(&demo, &page).await;
        assert!(
            html.contains(
                "An involved customer (a member of our tenant panel) is giving an independent view of your review"
            ),
            "{backend}"
        );
        // The case page links to a page that says what happens before the button.
        let confirm = format!("{page}/decline-involvement");
        assert!(html.contains(&format!("href=\"{confirm}\"")), "{backend}");
        assert!(
            !html.contains("action=\"/api/decline_involvement\""),
            "{backend}: not one tap away"
        );
        let (status, html) = demo_page(&demo, &confirm).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let html = main_part(&html);
        assert!(
            html.contains("stops seeing your complaint straight away"),
            "{backend}"
        );
        assert!(
            html.contains("action=\"/api/decline_involvement\""),
            "{backend}"
        );

        let response = demo
            .post_at_version("decline_involvement", &confirm, id, &reference)
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(location(&response), page, "{backend}");

        let relation = storage::cases::relation(&demo.db, id, ian.id)
            .await
            .expect("relation");
        assert!(!relation.is_invited_panel_member, "{backend}: access gone");
        let stored = demo.load(id).await;
        assert!(
            stored
                .case
                .as_complaint()
                .expect("a complaint")
                .involvement_declined(),
            "{backend}"
        );
        assert!(
            matches!(
                last_item(&demo.timeline(id).await),
                TimelineItem::Transition {
                    event: Event::InvolvementDeclined,
                    ..
                }
            ),
            "{backend}"
        );
        let (_, html) = demo_page(&demo, &page).await;
        assert!(
            !html.contains("is giving an independent view of your review"),
            "{backend}"
        );
        assert!(
            !html.contains(&format!("href=\"{confirm}\"")),
            "{backend}: no second refusal offered"
        );
        let (_, html) = demo_page(&demo, &confirm).await;
        assert!(
            !html.contains("action=\"/api/decline_involvement\""),
            "{backend}: nor on the page of its own"
        );
        assert!(
            html.contains("You cannot make this choice on this case now"),
            "{backend}"
        );
        // The same form sent again (a double tap, or a replay) records nothing more.
        let entries = demo.timeline(id).await.len();
        let again = demo
            .post_at_version("decline_involvement", &confirm, id, &reference)
            .await;
        assert_eq!(again.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(demo.timeline(id).await.len(), entries, "{backend}");

        // Rita changes her mind: an involved customer may be invited again.
        let (_, html) = demo_page(&demo, &page).await;
        assert!(
            html.contains("action=\"/api/take_back_decline\""),
            "{backend}"
        );
        let response = demo
            .post_at_version("take_back_decline", &page, id, &reference)
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let stored = demo.load(id).await;
        assert!(
            !stored
                .case
                .as_complaint()
                .expect("a complaint")
                .involvement_declined(),
            "{backend}"
        );
        assert!(
            matches!(
                last_item(&demo.timeline(id).await),
                TimelineItem::Transition {
                    event: Event::InvolvementDeclineTakenBack,
                    ..
                }
            ),
            "{backend}"
        );
        demo.stop().await;
    }
}

/// Staff record a customer's withdrawal or review request through the case's steps, with a
/// note and their name on the timeline. The customer's own pages and the server functions
/// behind them are refused to staff and change nothing, whatever their role.
#[tokio::test]
async fn staff_cannot_make_the_customers_own_choices_through_the_customers_pages() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        for email in ["chris.complaints@example.org", "mo.manager@example.org"] {
            let staff = session_for(&demo.app, email, server::demo::DEMO_PASSWORD).await;
            for phase in [
                "stage1",
                "stage2",
                "stage1_responded",
                "service_request_open",
            ] {
                let (id, reference) = demo.ritas(phase);
                let before = demo.load(id).await;
                let entries = demo.timeline(id).await.len();
                let version = before.version.to_string();
                for endpoint in [
                    "ask_for_review",
                    "withdraw_case",
                    "take_back_withdrawal",
                    "decline_involvement",
                    "take_back_decline",
                ] {
                    let response = demo
                        .app
                        .client
                        .post(demo.app.url(&format!("/api/{endpoint}")))
                        .header(header::COOKIE, &staff)
                        .form(&every_field(&reference, &version))
                        .send()
                        .await
                        .expect("request");
                    assert_eq!(
                        response.status(),
                        StatusCode::FORBIDDEN,
                        "{backend} {email} {phase} {endpoint}"
                    );
                    let body = response.text().await.expect("body");
                    assert_eq!(
                        serde_json::from_str::<AppError>(&body).expect("an AppError"),
                        AppError::Forbidden,
                        "{backend} {email} {endpoint}"
                    );
                }
                let after = demo.load(id).await;
                assert_eq!(after.version, before.version, "{backend} {email} {phase}");
                assert_eq!(demo.timeline(id).await.len(), entries, "{backend} {phase}");
                // Nor do the pages of their own offer the button.
                for confirm in ["withdraw", "decline-involvement"] {
                    let (_, html) = get_page(
                        &demo.app,
                        &format!("/cases/{reference}/{confirm}"),
                        Some(&staff),
                    )
                    .await;
                    assert!(
                        !html.contains("action=\"/api/withdraw_case\"")
                            && !html.contains("action=\"/api/decline_involvement\""),
                        "{backend} {email} {phase} {confirm}"
                    );
                }
            }
        }
        demo.stop().await;
    }
}

/// The customer's own choices are refused by the use cases themselves to anyone but the
/// customer: an integration client (whatever its role and scopes) and a member of staff
/// calling `service::customer` directly change nothing.
#[tokio::test]
async fn the_customers_own_choices_are_refused_by_the_service_to_clients_and_staff() {
    use domain::access::clients::Scope;
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let chris = storage::accounts::find_by_email(&demo.db, "chris.complaints@example.org")
            .await
            .expect("query")
            .expect("chris");
        let (client, _) = storage::api_clients::create(
            &demo.db,
            &storage::api_clients::NewClient {
                name: "Housing system",
                role: domain::Role::ComplaintsManager,
                scopes: &Scope::ALL,
                created_by: chris.id,
            },
            now(),
        )
        .await
        .expect("a client");
        let (id, _) = demo.ritas("stage1");
        let before = demo.load(id).await;
        let ctx = service_context(&demo.db, &demo.calendar);
        for caller in [
            service::Caller::client(&client),
            service::Caller::person(&chris),
        ] {
            let reference = before.reference.to_string();
            let case = || async {
                service::steps::OnCase::open(ctx, &caller, &reference)
                    .await
                    .expect("the case")
            };
            let version = before.version;
            let refusals = [
                service::customer::withdraw(ctx, &caller, case().await, version, None).await,
                service::customer::ask_for_review(ctx, &caller, case().await, version).await,
                service::customer::decline_involvement(ctx, &caller, case().await, version).await,
                service::customer::take_back_withdrawal(ctx, &caller, case().await, version).await,
            ];
            for refused in refusals {
                assert!(
                    matches!(refused, Err(service::ServiceError::Forbidden(_))),
                    "{backend} {}: {refused:?}",
                    caller.name()
                );
            }
        }
        assert_eq!(demo.load(id).await.version, before.version, "{backend}");
        demo.stop().await;
    }
}

/// A post that breaks a field's rule: (endpoint, fields, the field named, its message).
type Refusal<'a> = (
    &'static str,
    Vec<(&'static str, &'a str)>,
    &'static str,
    &'static str,
);

/// A valid value for every field any of the actions takes.
fn every_field<'a>(reference: &'a str, version: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("reference", reference),
        ("version", version),
        ("reason", "No longer needed"),
        ("name", "Someone"),
        ("text", "Some more information for the case."),
    ]
}

/// Every action on a case that is not Rita's answers exactly as on a reference that does
/// not exist, from the hydrated page and from a form posted without JavaScript, and
/// changes nothing.
#[tokio::test]
async fn actions_on_someone_elses_case_answer_like_a_case_that_does_not_exist() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, other) = demo.someone_elses().await;
        let before = demo.load(id).await;
        let timeline_before = demo.timeline(id).await.len();
        let version = before.version.to_string();
        let missing = "CX-2099-999999";
        for endpoint in [
            "ask_for_review",
            "withdraw_case",
            "take_back_withdrawal",
            "decline_involvement",
            "take_back_decline",
            "name_representative",
            "add_information",
        ] {
            let (status_other, body_other) =
                demo.call(endpoint, &every_field(&other, &version)).await;
            let (status_missing, body_missing) =
                demo.call(endpoint, &every_field(missing, &version)).await;
            assert_eq!(status_other, status_missing, "{backend} {endpoint}");
            assert_eq!(body_other, body_missing, "{backend} {endpoint}");
            assert_eq!(
                serde_json::from_str::<AppError>(&body_other).expect("an AppError"),
                AppError::NotFound,
                "{backend} {endpoint}"
            );

            // Posted from the same page without JavaScript: the same redirect.
            let from_other = demo
                .post_form(endpoint, "/cases", &every_field(&other, &version))
                .await;
            let from_missing = demo
                .post_form(endpoint, "/cases", &every_field(missing, &version))
                .await;
            assert_eq!(from_other.status(), StatusCode::FOUND, "{backend}");
            assert_eq!(from_other.status(), from_missing.status(), "{backend}");
            // The same address, but for the seal's expiry, which counts in seconds.
            let unsealed = |to: String| to.split("&__sig=").next().unwrap_or_default().to_owned();
            assert_eq!(
                unsealed(location(&from_other)),
                unsealed(location(&from_missing)),
                "{backend} {endpoint}"
            );
            assert_eq!(
                from_other.text().await.expect("body"),
                from_missing.text().await.expect("body"),
                "{backend} {endpoint}"
            );
        }
        let after = demo.load(id).await;
        assert_eq!(after.version, before.version, "{backend}");
        assert_eq!(after.case, before.case, "{backend}");
        assert_eq!(demo.timeline(id).await.len(), timeline_before, "{backend}");
        assert!(
            storage::representatives::for_case(&demo.db, id)
                .await
                .expect("representatives")
                .is_empty(),
            "{backend}"
        );
        demo.stop().await;
    }
}

/// Someone saved the case after Rita's page read it: her action is refused with the Stale
/// message, shown on the case page she is sent back to, and nothing changes.
#[tokio::test]
async fn a_stale_version_is_refused_with_the_stale_message_and_nothing_changes() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.ritas("stage1_responded");
        let page = format!("/cases/{reference}");
        let read = demo.load(id).await;
        let seen = read.version.to_string();
        // Staff record a note in the meantime: a save, so the version moves on.
        storage::cases::save(
            &demo.db,
            id,
            read.version,
            &read.case,
            &[(
                storage::cases::Who::system(),
                TimelineItem::Note {
                    text: "Checked the repairs log.".into(),
                },
            )],
            now(),
            &demo.calendar,
        )
        .await
        .expect("saved");
        let current = demo.load(id).await;
        let timeline = demo.timeline(id).await.len();

        for (endpoint, extra) in [
            ("ask_for_review", None),
            ("withdraw_case", Some(("reason", "Sorted now"))),
            ("decline_involvement", None),
        ] {
            let mut fields = vec![("reference", reference.as_str()), ("version", &seen)];
            fields.extend(extra);
            let (status, body) = demo.call(endpoint, &fields).await;
            assert_eq!(status, StatusCode::CONFLICT, "{backend} {endpoint}");
            assert_eq!(
                serde_json::from_str::<AppError>(&body).expect("an AppError"),
                AppError::Stale,
                "{backend} {endpoint}"
            );

            // Withdrawing and declining are confirmed on pages of their own.
            let from = match endpoint {
                "withdraw_case" => format!("{page}/withdraw"),
                "decline_involvement" => format!("{page}/decline-involvement"),
                _ => page.clone(),
            };
            let response = demo.post_form(endpoint, &from, &fields).await;
            assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
            let back = absolute(&demo.app, &location(&response));
            assert!(back.starts_with(&demo.app.url(&from)), "{backend}: {back}");
            assert!(back.contains("__err="), "{backend}: {back}");
            let html = demo
                .app
                .client
                .get(&back)
                .header(header::COOKIE, &demo.rita)
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body");
            assert!(
                main_part(&html).contains("This case changed since you opened it"),
                "{backend} {endpoint}: the message is on the page"
            );
            if let Some((_, reason)) = extra {
                assert!(
                    main_part(&html).contains(reason),
                    "{backend} {endpoint}: what was typed is kept"
                );
            }
        }
        let after = demo.load(id).await;
        assert_eq!(after.version, current.version, "{backend}");
        assert_eq!(after.case, current.case, "{backend}");
        assert_eq!(phase(&after.case), Phase::Stage1Responded, "{backend}");
        assert_eq!(demo.timeline(id).await.len(), timeline, "{backend}");
        demo.stop().await;
    }
}

#[tokio::test]
async fn asking_for_a_review_in_the_wrong_state_is_refused_with_a_message() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.ritas("stage1");
        let page = format!("/cases/{reference}");
        let before = demo.load(id).await;
        let version = before.version.to_string();
        let fields = [("reference", reference.as_str()), ("version", &version)];

        let (status, body) = demo.call("ask_for_review", &fields).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        let (field, message) = validation(&body);
        assert_eq!(field, "action", "{backend}");
        assert_eq!(
            message, "You cannot start a review while the case is at Stage 1",
            "{backend}"
        );

        let response = demo.post_form("ask_for_review", &page, &fields).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let back = location(&response);
        assert!(back.contains("__err="), "{backend}: {back}");
        let html = demo
            .app
            .client
            .get(&back)
            .header(header::COOKIE, &demo.rita)
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body");
        assert!(
            main_part(&html).contains("You cannot start a review while the case is at Stage 1"),
            "{backend}: the message is on the page"
        );

        let after = demo.load(id).await;
        assert_eq!(after.version, before.version, "{backend}");
        assert_eq!(phase(&after.case), Phase::Stage1, "{backend}");
        demo.stop().await;
    }
}

#[tokio::test]
async fn text_that_breaks_the_rules_is_refused_with_a_message_for_its_field() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.ritas("stage1");
        let page = format!("/cases/{reference}");
        let before = demo.load(id).await;
        let version = before.version.to_string();
        let timeline = demo.timeline(id).await.len();
        let long_200 = "x".repeat(201);
        let long_2000 = "x".repeat(2001);
        let long_5000 = "x".repeat(5001);
        let r = reference.as_str();
        let cases: Vec<Refusal> = vec![
            (
                "add_information",
                vec![("reference", r), ("text", "")],
                "text",
                "Enter the information you want to add",
            ),
            (
                "add_information",
                vec![("reference", r), ("text", "   \n  ")],
                "text",
                "Enter the information you want to add",
            ),
            (
                "add_information",
                vec![("reference", r), ("text", &long_5000)],
                "text",
                "Keep it to 5,000 characters or fewer",
            ),
            (
                "name_representative",
                vec![("reference", r), ("name", " ")],
                "name",
                "Enter the name of the person you want to act for you",
            ),
            (
                "name_representative",
                vec![("reference", r), ("name", &long_200)],
                "name",
                "Keep the name to 200 characters or fewer",
            ),
            (
                "name_representative",
                vec![
                    ("reference", r),
                    ("name", "Dev Resident"),
                    ("relationship", &long_200),
                ],
                "relationship",
                "Keep how you know them to 200 characters or fewer",
            ),
            (
                "name_representative",
                vec![
                    ("reference", r),
                    ("name", "Dev Resident"),
                    ("contact", &long_200),
                ],
                "contact",
                "Keep their contact details to 200 characters or fewer",
            ),
            (
                "withdraw_case",
                vec![
                    ("reference", r),
                    ("version", &version),
                    ("reason", &long_2000),
                ],
                "reason",
                "Keep your reason to 2,000 characters or fewer",
            ),
        ];
        for (endpoint, fields, expected_field, expected_message) in cases {
            let (status, body) = demo.call(endpoint, &fields).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend} {endpoint}");
            let (field, message) = validation(&body);
            assert_eq!(field, expected_field, "{backend} {endpoint}");
            assert!(
                message.starts_with(expected_message),
                "{backend} {endpoint}: {message}"
            );

            // Without JavaScript: back to the case page, the message next to its field and
            // everything typed still there.
            let response = demo.post_form(endpoint, &page, &fields).await;
            assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
            let back = absolute(&demo.app, &location(&response));
            let html = demo
                .app
                .client
                .get(&back)
                .header(header::COOKIE, &demo.rita)
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body");
            let html = main_part(&html);
            assert!(
                html.contains("There is a problem"),
                "{backend} {endpoint}: an error summary"
            );
            let error_id = match expected_field {
                "text" => "text-error".to_owned(),
                "reason" => "withdraw-reason-error".to_owned(),
                other => format!("representative-{other}-error"),
            };
            let at = html
                .find(&format!("id=\"{error_id}\""))
                .unwrap_or_else(|| panic!("{backend} {endpoint}: no message by the field"));
            assert!(
                html[at..].contains(expected_message),
                "{backend} {endpoint}: the message is by the field"
            );
            for (name, value) in &fields {
                if matches!(*name, "reference" | "version") || value.trim().is_empty() {
                    continue;
                }
                assert!(
                    html.contains(*value),
                    "{backend} {endpoint}: {name} is kept as it was typed"
                );
            }
        }
        // A pasted book is refused like any long answer, and taken back only as far as a
        // followable address allows: the first 6,000 characters.
        let book = "Damp in every room. ".repeat(15_000);
        let response = demo
            .post_form(
                "withdraw_case",
                &page,
                &[("reference", r), ("version", &version), ("reason", &book)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let back = location(&response);
        assert!(back.len() < 20_000, "{backend}: {} bytes", back.len());
        let (_, html) = demo_page(&demo, &back).await;
        assert!(
            html.contains(&book[..6_000]) && !html.contains(&book[..6_001]),
            "{backend}"
        );
        let after = demo.load(id).await;
        assert_eq!(after.version, before.version, "{backend}");
        assert_eq!(after.case, before.case, "{backend}");
        assert_eq!(demo.timeline(id).await.len(), timeline, "{backend}");
        assert!(
            storage::representatives::for_case(&demo.db, id)
                .await
                .expect("representatives")
                .is_empty(),
            "{backend}"
        );
        demo.stop().await;
    }
}

/// The case page offers only the actions that will work, and the Housing Ombudsman's
/// details once the complaint has been answered.
#[tokio::test]
async fn the_case_page_offers_only_what_will_work() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let form = |endpoint: &str| format!("action=\"/api/{endpoint}\"");
        let ombudsman = "0300 111 3000";

        let (_, answered) = demo.ritas("stage1_responded");
        let (_, html) = demo_page(&demo, &format!("/cases/{answered}")).await;
        let html = main_part(&html);
        assert!(html.contains("What you can do"), "{backend}");
        for endpoint in ["ask_for_review", "name_representative", "add_information"] {
            assert!(html.contains(&form(endpoint)), "{backend}: {endpoint}");
        }
        // Withdrawing and saying no to an involved customer are each a link to a page that
        // says what happens before its button.
        for (endpoint, confirm) in [
            ("withdraw_case", "withdraw"),
            ("decline_involvement", "decline-involvement"),
        ] {
            assert!(!html.contains(&form(endpoint)), "{backend}: {endpoint}");
            assert!(
                html.contains(&format!("href=\"/cases/{answered}/{confirm}\"")),
                "{backend}: {confirm}"
            );
        }
        // It leads with where the case stands, what happens next and our answer.
        let lead = html.find("What happens next").expect("what happens next");
        let answer = html.find("Our answer").expect("our answer");
        let actions = html.find("What you can do").expect("actions");
        let told = html.find("What you told us").expect("what you told us");
        assert!(
            lead < answer && answer < actions && actions < told,
            "{backend}"
        );
        assert!(
            html.contains("ask us to review it"),
            "{backend}: the next step in words"
        );
        assert!(html.contains(ombudsman), "{backend}");
        assert!(html.contains("PO Box 152"), "{backend}");
        assert!(html.contains("info@housing-ombudsman.org.uk"), "{backend}");
        assert!(html.contains("name=\"version\""), "{backend}");

        let (_, at_stage_1) = demo.ritas("stage1");
        let (_, html) = demo_page(&demo, &format!("/cases/{at_stage_1}")).await;
        let html = main_part(&html);
        assert!(!html.contains(&form("ask_for_review")), "{backend}");
        assert!(
            html.contains(&format!("href=\"/cases/{at_stage_1}/withdraw\"")),
            "{backend}"
        );
        assert!(!html.contains("Our answer"), "{backend}: not answered yet");
        assert!(!html.contains(ombudsman), "{backend}");

        let (_, compliment) = demo.ritas("compliment_passed_on");
        let (_, html) = demo_page(&demo, &format!("/cases/{compliment}")).await;
        let html = main_part(&html);
        assert!(!html.contains(&form("withdraw_case")), "{backend}");
        assert!(!html.contains(&form("name_representative")), "{backend}");
        assert!(!html.contains("decline-involvement"), "{backend}");
        // A compliment passed on has ended: no more information, but how to reach us.
        assert!(!html.contains(&form("add_information")), "{backend}");
        assert!(html.contains("Contact us"), "{backend}");
        assert!(
            html.contains("0113 496 0000"),
            "{backend}: the landlord's phone"
        );

        let (_, request) = demo.ritas("service_request_open");
        let (_, html) = demo_page(&demo, &format!("/cases/{request}")).await;
        let html = main_part(&html);
        assert!(html.contains("Withdraw my request"), "{backend}");
        assert!(!html.contains("decline-involvement"), "{backend}");
        let (_, html) = demo_page(&demo, &format!("/cases/{request}/withdraw")).await;
        let html = main_part(&html);
        assert!(html.contains("Yes, withdraw my request"), "{backend}");
        assert!(html.contains(&form("withdraw_case")), "{backend}");
        assert!(html.contains("you can change your mind"), "{backend}");
        // A page of its own for a case that cannot be withdrawn says so.
        let (_, html) = demo_page(&demo, &format!("/cases/{compliment}/withdraw")).await;
        assert!(
            main_part(&html).contains("You cannot withdraw this case"),
            "{backend}"
        );
        demo.stop().await;
    }
}
