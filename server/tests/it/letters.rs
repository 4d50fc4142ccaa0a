//! Letters through the real server on port 0 with the demo data: the resident reads and
//! prints their own letters, nobody else's; staff read any. Letters are issued as the staff
//! actions issue them (the domain writes, storage keeps). Every test runs on SQLite, and
//! again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use domain::letters::LetterKind;
use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

/// The app with the demo data and one letter on Rita's complaint answered at Stage 1.
struct Demo {
    app: TestApp,
    db: storage::Db,
    reference: String,
    letter_id: i32,
    subject: String,
}

impl Demo {
    async fn start(backend: &'static str) -> Self {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let rita = storage::accounts::find_by_email(&db, "rita.resident@example.org")
            .await
            .expect("query")
            .expect("rita");
        let case = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("list")
            .into_iter()
            .find(|c| c.phase == "stage1_responded")
            .expect("Rita's complaint answered at Stage 1");
        // The Stage 1 response letter the demo's response sent, as a real one would.
        let letter = storage::letters::for_case(&db, case.id)
            .await
            .expect("letters")
            .into_iter()
            .find(|l| l.kind == LetterKind::Stage1Response)
            .expect("the demo's Stage 1 response letter");
        let (letter_id, subject) = (letter.id, letter.subject);
        app.add_account(
            "olu.other@example.org",
            "Olu Other",
            domain::Role::Resident,
            "another long password",
        )
        .await;
        Self {
            app,
            db,
            reference: case.reference.to_string(),
            letter_id,
            subject,
        }
    }

    async fn page_as(&self, email: Option<&str>, path: &str) -> (StatusCode, String) {
        let cookie = match email {
            Some(email) => {
                let password = if email == "olu.other@example.org" {
                    "another long password"
                } else {
                    server::demo::DEMO_PASSWORD
                };
                Some(session_for(&self.app, email, password).await)
            }
            None => None,
        };
        get_page(&self.app, path, cookie.as_deref()).await
    }

    async fn stop(self) {
        self.db.close().await.expect("closed");
        self.app.stop().await;
    }
}

#[tokio::test]
async fn a_resident_reads_their_letter_laid_out_for_printing_with_the_ombudsmans_details() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let path = format!("/letters/{}", demo.letter_id);
        let (status, html) = demo.page_as(Some("rita.resident@example.org"), &path).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains(&demo.subject), "{backend}: subject");
        for detail in [
            "Housing Ombudsman Service",
            "PO Box 152",
            "L33 7WQ",
            "0300 111 3000",
            "info@housing-ombudsman.org.uk",
            "www.housing-ombudsman.org.uk",
        ] {
            assert!(main.contains(detail), "{backend}: {detail}");
        }
        assert!(main.contains(&demo.reference), "{backend}: reference");
        assert!(main.contains("You do not need to give a reason"));
        assert!(
            main.contains("letter--large-print"),
            "{backend}: large print"
        );
        assert!(
            main.contains(&format!("href=\"/cases/{}\"", demo.reference)),
            "{backend}: a link back to the case"
        );
        // Without JavaScript there is no dead button, only how to print.
        assert!(main.contains("use your browser’s Print command"));
        demo.stop().await;
    }
}

#[tokio::test]
async fn someone_elses_letter_answers_exactly_like_a_letter_that_does_not_exist() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let theirs = format!("/letters/{}", demo.letter_id);
        let missing = format!("/letters/{}", demo.letter_id + 1000);
        let (status, other) = demo.page_as(Some("olu.other@example.org"), &theirs).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        let (status, none) = demo.page_as(Some("olu.other@example.org"), &missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(
            main_part(&other),
            main_part(&none),
            "{backend}: same answer"
        );
        assert!(!other.contains(&demo.subject));

        // An involved customer sees only a redacted review, never the customer's letters.
        let (status, panel) = demo.page_as(Some("ian.panel@example.org"), &theirs).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        assert!(!panel.contains(&demo.subject));

        // Not a number is not a letter either.
        let (status, _) = demo
            .page_as(Some("olu.other@example.org"), "/letters/first")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        demo.stop().await;
    }
}

#[tokio::test]
async fn signed_out_the_letter_page_asks_to_sign_in_and_reveals_nothing() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (status, html) = demo
            .page_as(None, &format!("/letters/{}", demo.letter_id))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        assert!(!html.contains(&demo.subject));
        let (status, missing) = demo.page_as(None, "/letters/99999").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(main_part(&html), main_part(&missing));
        demo.stop().await;
    }
}

#[tokio::test]
async fn staff_read_any_letter() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let path = format!("/letters/{}", demo.letter_id);
        for email in ["mo.manager@example.org", "chris.complaints@example.org"] {
            let (status, html) = demo.page_as(Some(email), &path).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {email}");
            let main = main_part(&html);
            assert!(main.contains(&demo.subject), "{backend}: {email}");
            assert!(
                main.contains(&format!("href=\"/staff/cases/{}\"", demo.reference)),
                "{backend}: back to staff's own case page"
            );
        }
        demo.stop().await;
    }
}

#[tokio::test]
async fn the_residents_case_page_lists_their_letters_and_only_they_can_list_them() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let case_page = format!("/cases/{}", demo.reference);
        let (status, html) = demo
            .page_as(Some("rita.resident@example.org"), &case_page)
            .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("Letters"), "{backend}");
        assert!(
            main.contains(&format!("href=\"/letters/{}\"", demo.letter_id)),
            "{backend}: a link to the letter"
        );
        assert!(main.contains(&demo.subject));

        // The server function behind the list, as the hydrated page calls it.
        let rita = session_for(
            &demo.app,
            "rita.resident@example.org",
            server::demo::DEMO_PASSWORD,
        )
        .await;
        let olu = session_for(&demo.app, "olu.other@example.org", "another long password").await;
        let call = |cookie: String| {
            demo.app
                .client
                .post(demo.app.url("/api/case_letters"))
                .header(header::COOKIE, cookie)
                .form(&[("reference", demo.reference.as_str())])
                .send()
        };
        let response = call(rita).await.expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let lines: serde_json::Value = response.json().await.expect("json");
        let listed = lines
            .as_array()
            .expect("a list")
            .iter()
            .find(|line| line["id"] == demo.letter_id)
            .expect("the letter listed");
        assert_eq!(listed["subject"], demo.subject.as_str(), "{backend}");
        let response = call(olu).await.expect("request");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        demo.stop().await;
    }
}
