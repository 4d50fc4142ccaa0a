//! Files on an existing case: adding one (`POST /cases/{reference}/files`, as a browser
//! without JavaScript posts it), listing them on the case pages, and downloading one
//! (`GET /files/{id}`), against the real server on port 0 with the demo data. Every test
//! runs on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use reqwest::{StatusCode, header};
use storage::attachments::Attachment;
use storage::cases::{CaseFilter, CaseId};
use storage::test_support::backends;
use support::*;

/// A small but real PDF's first bytes, and something after them.
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// The app with the demo data and the people these tests need signed in.
struct Demo {
    app: TestApp,
    db: storage::Db,
    rita: String,
    sam: String,
    chris: String,
    ian: String,
    /// Rita's cases: her own, and those she acts for.
    rita_cases: Vec<CaseId>,
}

impl Demo {
    async fn start(backend: &'static str) -> Self {
        Self::start_with(backend, |_| {}).await
    }

    async fn start_with(
        backend: &'static str,
        change: impl FnOnce(&mut server::config::Settings),
    ) -> Self {
        let app = spawn_demo_app_with(backend, change).await;
        let db = app.db().await;
        let rita_account = storage::accounts::find_by_email(&db, "rita.resident@example.org")
            .await
            .expect("query")
            .expect("rita");
        let rita_cases = storage::cases::for_resident(&db, rita_account.id)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.id)
            .collect();
        let session = |email: &'static str| session_for(&app, email, server::demo::DEMO_PASSWORD);
        let rita = session("rita.resident@example.org").await;
        let sam = session("sam.officer@example.org").await;
        let ian = session("ian.panel@example.org").await;
        let chris = session("chris.complaints@example.org").await;
        Self {
            app,
            db,
            rita,
            sam,
            chris,
            ian,
            rita_cases,
        }
    }

    async fn stop(self) {
        self.db.close().await.expect("closed");
        self.app.stop().await;
    }

    /// A case at `phase`: one of Rita's own, or one of someone else's.
    async fn case_at(&self, phase: &str, ritas: bool) -> (CaseId, String) {
        let filter = CaseFilter {
            phase: Some(phase.into()),
            ..Default::default()
        };
        storage::cases::list(&self.db, &filter)
            .await
            .expect("list")
            .into_iter()
            .find(|c| self.rita_cases.contains(&c.id) == ritas)
            .map(|c| (c.id, c.reference.to_string()))
            .unwrap_or_else(|| panic!("no {phase} case (Rita's: {ritas})"))
    }

    /// Posts a file as the case page's form does, without JavaScript.
    async fn add_file(
        &self,
        cookie: Option<&str>,
        reference: &str,
        name: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new().part(
            "evidence",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
        let mut request = self
            .app
            .client
            .post(self.app.url(&format!("/cases/{reference}/files")))
            .multipart(form);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send().await.expect("request")
    }

    async fn download(&self, cookie: Option<&str>, token: &str) -> reqwest::Response {
        let mut request = self
            .app
            .client
            .get(self.app.url(&format!("/files/{token}")));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send().await.expect("request")
    }

    async fn files(&self, id: CaseId) -> Vec<Attachment> {
        storage::attachments::for_case(&self.db, id)
            .await
            .expect("attachments")
    }

    /// The one file added since `before` files were on the case.
    async fn added_file(&self, id: CaseId, before: usize) -> Attachment {
        let files = self.files(id).await;
        assert_eq!(files.len(), before + 1, "one file added: {files:?}");
        files.last().expect("a file").clone()
    }
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned()
}

/// Checks a download: the file's bytes, with the headers every file is sent with.
async fn expect_file(
    response: reqwest::Response,
    content_type: &str,
    disposition: &str,
    bytes: &[u8],
) {
    assert_eq!(response.status(), StatusCode::OK);
    let length = bytes.len().to_string();
    for (name, value) in [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_LENGTH, length.as_str()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "private, no-store"),
    ] {
        assert_eq!(response.headers()[&name], value, "{name}");
    }
    assert_eq!(&response.bytes().await.expect("body")[..], bytes);
}

#[tokio::test]
async fn rita_adds_a_pdf_to_her_case_and_downloads_it_back_byte_for_byte() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("stage1", true).await;
        let before = demo.files(id).await.len();

        let response = demo
            .add_file(Some(&demo.rita), &reference, "Damp survey.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(
            location(&response),
            format!("/cases/{reference}?file=added#files"),
            "{backend}"
        );
        let file = demo.added_file(id, before).await;
        assert_eq!(file.file_name, "Damp survey.pdf", "{backend}");
        assert_eq!(file.content_type, "application/pdf", "{backend}");

        let response = demo.download(Some(&demo.rita), &file.token).await;
        expect_file(
            response,
            "application/pdf",
            "inline; filename=\"Damp survey.pdf\"; filename*=UTF-8''Damp%20survey.pdf",
            PDF,
        )
        .await;

        // The case page lists it, added by "You", with the confirmation.
        let (status, html) = get_page(
            &demo.app,
            &format!("/cases/{reference}?file=added"),
            Some(&demo.rita),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("id=\"files\""), "{backend}");
        assert!(
            main.contains(&format!("href=\"/files/{}\"", file.token)),
            "{backend}"
        );
        assert!(main.contains("Damp survey.pdf"), "{backend}");
        assert!(main.contains("added by You on"), "{backend}");
        assert!(main.contains("Your file has been added."), "{backend}");
        assert!(main.contains("action=\"/cases/"), "{backend}: the form");
        demo.stop().await;
    }
}

#[tokio::test]
async fn an_html_file_is_only_ever_saved_never_shown() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("stage1", true).await;
        let before = demo.files(id).await.len();
        let page = b"<html><body><script>alert(1)</script></body></html>";
        let response = demo
            .add_file(Some(&demo.rita), &reference, "page.html", page)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let file = demo.added_file(id, before).await;

        let response = demo.download(Some(&demo.rita), &file.token).await;
        expect_file(
            response,
            "text/html",
            "attachment; filename=\"page.html\"; filename*=UTF-8''page.html",
            page,
        )
        .await;
        demo.stop().await;
    }
}

#[tokio::test]
async fn a_file_whose_content_does_not_match_its_name_is_refused_and_nothing_is_stored() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("stage1", true).await;
        let before = demo.files(id).await;
        let timeline = storage::cases::timeline(&demo.db, id, false)
            .await
            .expect("timeline")
            .len();

        let response = demo
            .add_file(
                Some(&demo.rita),
                &reference,
                "report.pdf",
                b"just some text",
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let back = location(&response);
        assert_eq!(
            back,
            format!("/cases/{reference}?file_error=mismatch_pdf#files"),
            "{backend}"
        );
        assert_eq!(demo.files(id).await, before, "{backend}");
        assert_eq!(
            storage::cases::timeline(&demo.db, id, false)
                .await
                .expect("timeline")
                .len(),
            timeline,
            "{backend}"
        );

        // The page says what is wrong next to the file input, and sums it up.
        let (status, html) = get_page(&demo.app, &back, Some(&demo.rita)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("There is a problem"), "{backend}");
        assert!(main.contains("href=\"#evidence\""), "{backend}");
        assert!(main.contains("id=\"evidence-error\""), "{backend}");
        assert!(
            main.contains("The selected file is not a real pdf file"),
            "{backend}"
        );

        // No file chosen at all.
        let response = demo.add_file(Some(&demo.rita), &reference, "", b"").await;
        assert_eq!(
            location(&response),
            format!("/cases/{reference}?file_error=no_file#files"),
            "{backend}"
        );
        let (_, html) = get_page(&demo.app, &location(&response), Some(&demo.rita)).await;
        assert!(
            main_part(&html).contains("Select a file to add"),
            "{backend}"
        );
        assert_eq!(demo.files(id).await, before, "{backend}");
        demo.stop().await;
    }
}

#[tokio::test]
async fn someone_elses_case_answers_not_found_for_adding_and_downloading() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("stage1", false).await;
        let before = demo.files(id).await.len();

        let response = demo
            .add_file(Some(&demo.rita), &reference, "mine.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(demo.files(id).await.len(), before, "{backend}");
        // A case that does not exist answers the same.
        let response = demo
            .add_file(Some(&demo.rita), "CX-1999-999999", "mine.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");

        // Staff add a file to that case; Rita cannot read it.
        let response = demo
            .add_file(Some(&demo.sam), &reference, "inspection.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let file = demo.added_file(id, before).await;
        let response = demo.download(Some(&demo.rita), &file.token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        let response = demo
            .download(Some(&demo.rita), "0123456789abcdef0123456789abcdef")
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        demo.stop().await;
    }
}

#[tokio::test]
async fn the_involved_customer_gets_only_a_file_shared_for_the_review_and_signed_out_nothing() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        // Ian is invited to give his view on the review of this case of Rita's.
        let (id, reference) = demo.case_at("stage2", true).await;
        let before = demo.files(id).await.len();
        let response = demo
            .add_file(Some(&demo.rita), &reference, "photo.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let file = demo.added_file(id, before).await;

        let response = demo.download(Some(&demo.ian), &file.token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        let response = demo.download(None, &file.token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");

        // Only whoever may invite a reviewer decides what the reviewer sees: an officer
        // may not; the complaints manager shares it, and Ian gets it under a name that
        // says nothing about whose it is; unshared again, it is gone.
        let share = |cookie: &str, share: &'static str| {
            demo.app
                .client
                .post(demo.app.url("/api/share_file"))
                .header(header::COOKIE, cookie.to_owned())
                .form(&[
                    ("reference", reference.as_str()),
                    ("file", &file.token),
                    ("share", share),
                    ("confirm", "yes"),
                ])
                .send()
        };
        let refused = share(&demo.sam, "true").await.expect("request");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{backend}");
        assert!(!demo.added_file(id, before).await.shareable, "{backend}");
        // This PDF cannot be read to clean it: shared only once someone confirms they
        // checked it.
        let unconfirmed = demo
            .app
            .client
            .post(demo.app.url("/api/share_file"))
            .header(header::COOKIE, &demo.chris)
            .form(&[
                ("reference", reference.as_str()),
                ("file", &file.token),
                ("share", "true"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(unconfirmed.status(), StatusCode::BAD_REQUEST, "{backend}");
        let body: serde_json::Value = unconfirmed.json().await.expect("json");
        assert_eq!(
            body["Validation"]["field"],
            format!("confirm-{}", file.token),
            "{backend}"
        );
        assert!(!demo.added_file(id, before).await.shareable, "{backend}");
        let shared = share(&demo.chris, "true").await.expect("request");
        assert!(shared.status().is_success(), "{backend}");
        // Invited but not yet accepted: not yet.
        let response = demo.download(Some(&demo.ian), &file.token).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{backend}: before accepting"
        );
        let accepted = demo
            .app
            .client
            .post(demo.app.url("/api/answer_invitation"))
            .header(header::COOKIE, &demo.ian)
            .form(&[("reference", reference.as_str()), ("answer", "accept")])
            .send()
            .await
            .expect("request");
        assert!(
            accepted.status().is_success() || accepted.status().is_redirection(),
            "{backend}: {}",
            accepted.status()
        );
        // Shared since the file was last approved: not until it is approved again.
        let response = demo.download(Some(&demo.ian), &file.token).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{backend}: before approval"
        );
        approve_review_file(&demo.app, &demo.chris, &reference).await;
        let disposition = format!(
            "inline; filename=\"shared-file-{0}.pdf\"; filename*=UTF-8''shared-file-{0}.pdf",
            &file.token[..8]
        );
        // Exactly the copy the complaints manager could open from the preview.
        let preview = demo
            .app
            .client
            .get(demo.app.url(&format!("/files/{}?copy=panel", file.token)))
            .header(header::COOKIE, &demo.chris)
            .send()
            .await
            .expect("request");
        assert_eq!(preview.status(), StatusCode::OK, "{backend}");
        let copy = preview.bytes().await.expect("bytes").to_vec();
        expect_file(
            demo.download(Some(&demo.ian), &file.token).await,
            "application/pdf",
            &disposition,
            &copy,
        )
        .await;
        let shared = demo
            .added_file(id, before)
            .await
            .shared_copy
            .expect("a copy");
        assert_eq!(shared.size_bytes, copy.len() as i64, "{backend}");
        assert_eq!(shared.cleaning, storage::attachments::Cleaning::Unchecked);
        assert_eq!(copy, PDF, "{backend}: as it is, confirmed");
        let unshared = share(&demo.chris, "false").await.expect("request");
        assert!(unshared.status().is_success(), "{backend}");
        let response = demo.download(Some(&demo.ian), &file.token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        // A file of another case is not this case's to share.
        let (other, other_reference) = demo.case_at("stage1", false).await;
        let other_file = demo
            .add_file(Some(&demo.sam), &other_reference, "other.pdf", PDF)
            .await;
        assert_eq!(other_file.status(), StatusCode::SEE_OTHER, "{backend}");
        let other_token = demo
            .files(other)
            .await
            .last()
            .expect("a file")
            .token
            .clone();
        let response = demo
            .app
            .client
            .post(demo.app.url("/api/share_file"))
            .header(header::COOKIE, &demo.chris)
            .form(&[
                ("reference", reference.as_str()),
                ("file", &other_token),
                ("share", "true"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");

        // Nor may he add one, and the list is not his to read.
        let response = demo
            .add_file(Some(&demo.ian), &reference, "view.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        let response = demo
            .app
            .client
            .post(demo.app.url("/api/case_files"))
            .header(header::COOKIE, &demo.ian)
            .form(&[("reference", reference.as_str())])
            .send()
            .await
            .expect("request");
        assert!(response.status().is_client_error(), "{backend}");
        assert!(
            !response.text().await.expect("body").contains("photo.pdf"),
            "{backend}"
        );
        // Signed out, adding answers the same as a case that does not exist.
        let response = demo.add_file(None, &reference, "anon.pdf", PDF).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(demo.files(id).await.len(), before + 1, "{backend}");

        // Shared again he has it; once the review is no longer running (Rita withdrew the
        // complaint), he has it no more.
        let shared = share(&demo.chris, "true").await.expect("request");
        assert!(shared.status().is_success(), "{backend}");
        let response = demo.download(Some(&demo.ian), &file.token).await;
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let calendar = storage::reference::calendar(&demo.db)
            .await
            .expect("calendar");
        let version = storage::cases::load(&demo.db, id, &calendar)
            .await
            .expect("case")
            .version
            .to_string();
        let withdrawn = demo
            .app
            .client
            .post(demo.app.url("/api/withdraw_case"))
            .header(header::COOKIE, &demo.rita)
            .form(&[
                ("reference", reference.as_str()),
                ("version", version.as_str()),
                ("reason", "Sorted out with the repairs team"),
            ])
            .send()
            .await
            .expect("request");
        assert!(
            withdrawn.status().is_success() || withdrawn.status().is_redirection(),
            "{backend}: {}",
            withdrawn.status()
        );
        let response = demo.download(Some(&demo.ian), &file.token).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{backend}: the review is over"
        );
        demo.stop().await;
    }
}

#[tokio::test]
async fn staff_add_an_investigation_file_and_see_it_listed_on_the_staff_page() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("stage1", true).await;
        let before = demo.files(id).await.len();
        let response = demo
            .add_file(
                Some(&demo.sam),
                &reference,
                "Inspection notes.txt",
                b"Mould in the bedroom.\n",
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(
            location(&response),
            format!("/staff/cases/{reference}?file=added#files"),
            "{backend}"
        );
        let file = demo.added_file(id, before).await;
        assert_eq!(file.content_type, "text/plain", "{backend}");

        let (status, html) = get_page(
            &demo.app,
            &format!("/staff/cases/{reference}"),
            Some(&demo.sam),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("Inspection notes.txt"), "{backend}");
        assert!(main.contains("added by Sam Officer on"), "{backend}");
        assert!(
            main.contains(&format!("href=\"/files/{}\"", file.token)),
            "{backend}"
        );

        // Rita sees it was us, not who.
        let (_, html) = get_page(&demo.app, &format!("/cases/{reference}"), Some(&demo.rita)).await;
        let main = main_part(&html);
        assert!(main.contains("Inspection notes.txt"), "{backend}");
        assert!(main.contains("added by Us on"), "{backend}");
        assert!(!main.contains("Sam Officer"), "{backend}");
        let response = demo.download(Some(&demo.rita), &file.token).await;
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        demo.stop().await;
    }
}

#[tokio::test]
async fn a_withdrawn_case_takes_no_more_files() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("withdrawn", false).await;
        let before = demo.files(id).await;
        let response = demo
            .add_file(Some(&demo.sam), &reference, "late.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let back = location(&response);
        assert_eq!(
            back,
            format!("/staff/cases/{reference}?file_error=withdrawn#files"),
            "{backend}"
        );
        assert_eq!(demo.files(id).await, before, "{backend}");

        // The page has no form, and says why the file was not added.
        let (status, html) = get_page(&demo.app, &back, Some(&demo.sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("This case has been withdrawn"), "{backend}");
        assert!(!main.contains("/files\""), "{backend}: no upload form");
        demo.stop().await;
    }
}

/// A file that is still arriving when its case is withdrawn is not added: the case is asked
/// again when the file is recorded, not only before it was read.
#[tokio::test]
async fn a_file_that_arrives_after_its_case_was_withdrawn_is_not_added() {
    for backend in backends() {
        let demo = Demo::start(backend).await;
        let (id, reference) = demo.case_at("stage1", true).await;
        let before = demo.files(id).await;
        let calendar = storage::reference::calendar(&demo.db)
            .await
            .expect("calendar");
        let ctx = service_context(&demo.db, &calendar);
        let rita =
            service::Caller::person(&account_of(&demo.db, "rita.resident@example.org").await);
        let adding = service::files::may_add(ctx, &rita, &reference)
            .await
            .expect("an open case takes files");
        assert!(adding.open(), "{backend}");

        // While the file is on its way, Rita withdraws the complaint.
        let version = storage::cases::load(&demo.db, id, &calendar)
            .await
            .expect("case")
            .version
            .to_string();
        let withdrawn = demo
            .app
            .client
            .post(demo.app.url("/api/withdraw_case"))
            .header(header::COOKIE, &demo.rita)
            .form(&[
                ("reference", reference.as_str()),
                ("version", version.as_str()),
                ("reason", "Sorted out with the repairs team"),
            ])
            .send()
            .await
            .expect("request");
        assert!(
            withdrawn.status().is_success() || withdrawn.status().is_redirection(),
            "{backend}: {}",
            withdrawn.status()
        );

        let new = storage::attachments::NewAttachment {
            file_name: "late.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            size_bytes: PDF.len() as u64,
            sha256: "0".repeat(64),
            storage_key: storage::attachments::new_token(),
        };
        let refused = service::files::add(ctx, &rita, &adding, &new).await;
        assert!(
            matches!(refused, Err(service::ServiceError::Invalid(_))),
            "{backend}: {refused:?}"
        );
        assert_eq!(demo.files(id).await, before, "{backend}");
        demo.stop().await;
    }
}

/// Moving to the database store: every file is copied and checked by its digest, a second
/// server keeping its files in the database serves Rita's file byte for byte, and running
/// the move again copies nothing.
#[tokio::test]
async fn files_moved_into_the_database_are_served_by_a_server_that_keeps_them_there() {
    for backend in backends() {
        // A server that kept its files in its directory (on PostgreSQL, as set).
        let demo = Demo::start_with(backend, |s| {
            s.file_store = Some(server::config::FileStore::Directory);
        })
        .await;
        let (id, reference) = demo.case_at("stage1", true).await;
        let before = demo.files(id).await.len();
        let response = demo
            .add_file(Some(&demo.rita), &reference, "Damp survey.pdf", PDF)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let file = demo.added_file(id, before).await;

        let directory =
            storage::blobs::DirectoryStore::new(demo.app.data_dir().join("attachments"));
        let database = storage::blobs::DatabaseStore::new(demo.db.clone());
        let moved = storage::move_files::move_files(&demo.db, &directory, &database)
            .await
            .expect("moved");
        assert!(moved.problems.is_empty(), "{backend}: {:?}", moved.problems);
        assert!(moved.copied >= 1, "{backend}");
        let again = storage::move_files::move_files(&demo.db, &directory, &database)
            .await
            .expect("moved");
        assert_eq!(again.copied, 0, "{backend}");
        assert_eq!(again.already, moved.copied, "{backend}");

        let url = demo.app.database.as_ref().expect("database").url.clone();
        // The command does the same, and refuses to copy the store in use onto itself.
        let command = |to: &str| {
            putright_command()
                .args(["move-files", "--to", to])
                .env("PUTRIGHT_FILE_STORE", "directory")
                .env("PUTRIGHT_DATABASE_URL", &url)
                .env("PUTRIGHT_DATA_DIR", demo.app.data_dir())
                .output()
                .expect("putright runs")
        };
        let out = command("database");
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{backend}: {said}");
        assert!(
            said.contains(&format!(
                "Copied 0 files, each checked by its SHA-256; {} were there already.",
                moved.copied
            )),
            "{backend}: {said}"
        );
        let out = command("directory");
        assert!(!out.status.success(), "{backend}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("already names the directory store"),
            "{backend}"
        );
        let second = spawn_app_with(backend, |s| {
            s.database_url = Some(url);
            s.file_store = Some(server::config::FileStore::Database);
        })
        .await;
        let response = second
            .client
            .get(second.url(&format!("/files/{}", file.token)))
            .header(header::COOKIE, &demo.rita)
            .send()
            .await
            .expect("request");
        expect_file(
            response,
            "application/pdf",
            "inline; filename=\"Damp survey.pdf\"; filename*=UTF-8''Damp%20survey.pdf",
            PDF,
        )
        .await;
        second.stop().await;
        demo.stop().await;
    }
}
