//! Nobody can fill the server's disk through the online form: one file a post, limits on
//! posts without an account (per client and for everyone), a cap on the space unsent
//! drafts' files take, and the sweep that removes expired drafts with their files.

use crate::api::{complaint_fields, location, post_make, post_make_signed_in};
use crate::support;

use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

#[tokio::test]
async fn a_post_keeps_one_file_however_many_it_carries() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in complaint_fields() {
            form = form.text(name, value);
        }
        for n in 0..5 {
            form = form.part(
                "evidence",
                reqwest::multipart::Part::bytes(PDF.to_vec()).file_name(format!("letter-{n}.pdf")),
            );
        }
        let response = app
            .client
            .post(app.url("/make"))
            .multipart(form)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert!(
            location(&response).starts_with("/make/check?draft="),
            "{backend}"
        );
        assert_eq!(app.files_kept().await, 1, "{backend}: the first file only");
        app.stop().await;
    }
}

#[tokio::test]
async fn posts_without_an_account_past_the_clients_limit_are_refused_and_nothing_is_kept() {
    for backend in backends() {
        let app = spawn_app_with(backend, |s| s.intake_per_client = 3).await;
        for n in 1..=3 {
            let response =
                post_make(&app, &complaint_fields(), Some(("a.pdf", PDF.to_vec()))).await;
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{backend}: post {n}"
            );
        }
        let files = app.files_kept().await;
        let db = app.db().await;
        let drafts = storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM drafts")
            .await
            .expect("count");

        let refused = post_make(&app, &complaint_fields(), Some(("a.pdf", PDF.to_vec()))).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "{backend}");
        let wait: i64 = refused.headers()[header::RETRY_AFTER]
            .to_str()
            .expect("text")
            .parse()
            .expect("seconds");
        assert!((1..=600).contains(&wait), "{backend}: {wait}");
        let page = refused.text().await.expect("page");
        assert!(page.contains("Too many forms sent"), "{backend}");
        assert!(
            page.contains("your browser still has what you typed"),
            "{backend}"
        );
        assert_eq!(app.files_kept().await, files, "{backend}: no file kept");
        assert_eq!(
            storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM drafts")
                .await
                .expect("count"),
            drafts,
            "{backend}: no draft kept"
        );

        // A signed-in resident is not counted against the address.
        app.add_account(
            "rita@example.org",
            "Rita Example",
            domain::Role::Resident,
            "correct horse battery",
        )
        .await;
        let cookie = session_for(&app, "rita@example.org", "correct horse battery").await;
        let response = post_make_signed_in(&app, &cookie, complaint_fields()).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn everyone_together_has_a_limit_too() {
    for backend in backends() {
        let app = spawn_app_with(backend, |s| s.intake_overall = 2).await;
        for _ in 0..2 {
            let response = post_make(&app, &complaint_fields(), None).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        }
        let refused = post_make(&app, &complaint_fields(), None).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "{backend}");
        let page = refused.text().await.expect("page");
        assert!(page.contains("a very large number of forms"), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn past_the_space_for_drafts_files_the_form_is_kept_without_its_file() {
    for backend in backends() {
        let app = spawn_app_with(backend, |s| s.draft_files_mb = 0).await;
        let response = post_make(&app, &complaint_fields(), Some(("a.pdf", PDF.to_vec()))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let back = location(&response);
        assert!(back.starts_with("/make?draft="), "{backend}: {back}");
        assert_eq!(app.files_kept().await, 0, "{backend}");
        let (_, page) = get_page(&app, &back, None).await;
        assert!(
            page.contains("cannot be taken with the form just now"),
            "{backend}: the message is by the file field"
        );
        assert!(
            page.contains("Pat Example"),
            "{backend}: the answers are kept"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_sweep_removes_a_day_old_draft_and_its_file() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let response = post_make(&app, &complaint_fields(), Some(("a.pdf", PDF.to_vec()))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(app.files_kept().await, 1, "{backend}");
        let db = app.db().await;
        let blobs = app.blobs().await;

        // An hour on, nothing has expired.
        let swept = server::sweep::sweep_once(&db, &*blobs, now() + chrono::Duration::hours(1))
            .await
            .expect("swept");
        assert_eq!(swept.drafts, 0, "{backend}");
        assert_eq!(app.files_kept().await, 1, "{backend}");

        // A day and a bit later, the draft and its file are gone.
        let later = now() + chrono::Duration::hours(storage::drafts::DRAFT_HOURS + 1);
        let swept = server::sweep::sweep_once(&db, &*blobs, later)
            .await
            .expect("swept");
        assert_eq!(swept.drafts, 1, "{backend}");
        assert_eq!(app.files_kept().await, 0, "{backend}");
        assert_eq!(
            storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM drafts")
                .await
                .expect("count"),
            0,
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Posts one page of a form without an account, continuing `draft` (named in the address,
/// as the page's form does), and returns the status.
async fn post_page(app: &TestApp, draft: Option<&str>, section: &'static str) -> StatusCode {
    let form = reqwest::multipart::Form::new()
        .text("kind", "complaint")
        .text("section", section)
        .text("describes_you", "tenant")
        .text("name", "Pip Pages");
    let path = draft.map_or_else(|| "/make".to_owned(), |d| format!("/make?draft={d}"));
    app.client
        .post(app.url(&path))
        .multipart(form)
        .send()
        .await
        .expect("request")
        .status()
}

#[tokio::test]
async fn the_pages_of_a_form_started_are_counted_apart_from_new_forms() {
    for backend in backends() {
        let app = spawn_app_with(backend, |s| s.intake_per_client = 1).await;
        let first = app
            .client
            .post(app.url("/make"))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("kind", "complaint")
                    .text("section", "about"),
            )
            .send()
            .await
            .expect("request");
        assert_eq!(first.status(), StatusCode::SEE_OTHER, "{backend}");
        let to = location(&first);
        let draft = to
            .split("draft=")
            .nth(1)
            .and_then(|t| t.split('&').next())
            .expect("a draft")
            .to_owned();
        // Another new form is past the limit of one...
        assert_eq!(
            post_page(&app, None, "about").await,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend}"
        );
        // ...a draft that is not there is a new form...
        assert_eq!(
            post_page(&app, Some(&"0".repeat(64)), "about").await,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend}"
        );
        // ...but the form started goes on through its pages, ten times the limit.
        for n in 1..=server::submit::PAGES_PER_FORM {
            assert_eq!(
                post_page(&app, Some(&draft), "about").await,
                StatusCode::SEE_OTHER,
                "{backend}: page {n}"
            );
        }
        assert_eq!(
            post_page(&app, Some(&draft), "about").await,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend}: past ten times the limit"
        );
        app.stop().await;
    }
}

/// A post names its draft in the address (how the limits counted it): a body naming
/// another draft, or a kind of form there is not, is not a post a page made; a customer
/// record named by someone who is not staff is not kept.
#[tokio::test]
async fn a_post_must_be_one_a_page_made() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let first = post_make(&app, &complaint_fields(), None).await;
        let draft = crate::api::draft_of(&location(&first));
        let other = "f".repeat(64);
        let form = reqwest::multipart::Form::new()
            .text("kind", "complaint")
            .text("section", "about")
            .text("draft", other);
        let response = app
            .client
            .post(app.url(&format!("/make?draft={draft}")))
            .multipart(form)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{backend}");

        let mut odd = complaint_fields();
        odd.retain(|(name, _)| *name != "kind");
        odd.push(("kind", "petition".into()));
        let response = post_make(&app, &odd, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{backend}");

        let mut planted = complaint_fields();
        planted.push(("customer_id", "1".into()));
        let response = post_make(&app, &planted, None).await;
        let token = crate::api::draft_of(&location(&response));
        let db = app.db().await;
        let kept = storage::drafts::load(&db, &token, None, now())
            .await
            .expect("the draft");
        assert_eq!(kept.input.customer_id, None, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
