//! The real server on port 0 with a fresh database, spoken to over HTTP as a browser would.
//! Every test runs on SQLite, and again on PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

#[tokio::test]
async fn the_health_check_says_the_database_answers() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let response = app
            .client
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["database"], "ok", "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_front_page_offers_the_three_ways_in() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let response = app.client.get(app.url("/")).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let html = response.text().await.expect("body");
        for link in [
            "/make?kind=complaint",
            "/make?kind=service_request",
            "/make?kind=compliment",
        ] {
            assert!(
                html.contains(&format!("href=\"{link}\"")),
                "{backend}: {link}"
            );
        }
        assert!(html.contains("<html lang=\"en-GB\">"), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_form_is_rendered_on_the_server_for_each_kind_a_page_at_a_time() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (status, first) = get_page(&app, "/make?kind=complaint", None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(first.contains("action=\"/make\""), "{backend}");
        assert!(
            first.contains("enctype=\"multipart/form-data\""),
            "{backend}"
        );
        assert!(first.contains("page 1 of 6"), "{backend}");
        assert!(
            first.contains("name=\"section\" value=\"about\""),
            "{backend}"
        );
        // Each page asks only its own questions.
        for (page, asked, not_asked) in [
            ("about", ["describes_you", "name"], "phone"),
            ("contact", ["preferred_contact", "phone"], "name"),
            (
                "details",
                ["what_happened", "when_happened-day"],
                "outcomes_sought",
            ),
            (
                "remedy",
                ["outcomes_sought", "costs_amount"],
                "what_happened",
            ),
            ("file", ["evidence", "evidence"], "name"),
        ] {
            let (_, html) =
                get_page(&app, &format!("/make?kind=complaint&section={page}"), None).await;
            for field in asked {
                assert!(
                    html.contains(&format!("name=\"{field}\"")),
                    "{backend}: {page} {field}"
                );
            }
            assert!(
                !html.contains(&format!("name=\"{not_asked}\"")),
                "{backend}: {page} {not_asked}"
            );
        }
        let (_, file) = get_page(&app, "/make?kind=complaint&section=file", None).await;
        assert!(
            file.contains("If we receive your complaint now"),
            "{backend}: the preview"
        );
        assert!(
            file.contains("A photo, document, sound recording, video"),
            "{backend}"
        );
        let (_, compliment) = get_page(&app, "/make?kind=compliment&section=details", None).await;
        assert!(
            compliment.contains("name=\"compliment_about\""),
            "{backend}"
        );
        assert!(
            !compliment.contains("name=\"when_happened-day\""),
            "{backend}"
        );
        // A compliment asks nothing about putting it right: that page is not there.
        let (_, remedy) = get_page(&app, "/make?kind=compliment&section=remedy", None).await;
        assert!(
            remedy.contains("name=\"section\" value=\"about\""),
            "{backend}"
        );
        let (_, request) = get_page(&app, "/make?kind=service_request", None).await;
        assert!(request.contains("Ask us to do something"), "{backend}");
        app.stop().await;
    }
}

/// Posts one page of the form, `draft` continuing the answers, and returns where it went.
async fn post_page(
    app: &TestApp,
    draft: Option<&str>,
    section: &'static str,
    fields: &[(&'static str, &str)],
    cookie: Option<&str>,
) -> String {
    let mut form = reqwest::multipart::Form::new()
        .text("kind", "complaint")
        .text("section", section);
    if let Some(draft) = draft {
        form = form.text("draft", draft.to_owned());
    }
    for (name, value) in fields {
        form = form.text(*name, (*value).to_owned());
    }
    let mut request = app.client.post(app.url("/make")).multipart(form);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

/// Page by page: each page's answers are kept with the others, a page's problems are shown
/// only once it has been sent, a problem one page makes on another sends the person there,
/// and "Change" from the check comes back to it.
#[tokio::test]
async fn the_form_a_page_at_a_time_keeps_every_answer_and_goes_where_it_is_needed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let to = post_page(
            &app,
            None,
            "about",
            &[("describes_you", "tenant"), ("name", "Pip Pages")],
            None,
        )
        .await;
        assert!(to.starts_with("/make?draft="), "{backend}: {to}");
        assert!(to.ends_with("&section=adjustments"), "{backend}: {to}");
        let draft = draft_of(&to).split('&').next().expect("token").to_owned();
        let (_, adjustments) = get_page(&app, &to, None).await;
        assert!(
            !adjustments.contains("There is a problem"),
            "{backend}: a page not yet sent is not wrong"
        );
        assert!(adjustments.contains("page 2 of 6"), "{backend}");

        // Asking to be phoned instead of written to makes a phone number necessary.
        let to = post_page(
            &app,
            Some(&draft),
            "adjustments",
            &[("adjustments", "phone_not_letters")],
            None,
        )
        .await;
        assert!(to.ends_with("&section=contact"), "{backend}: {to}");
        let to = post_page(
            &app,
            Some(&draft),
            "contact",
            &[("email", "pip@example.org")],
            None,
        )
        .await;
        assert!(to.ends_with("&section=contact"), "{backend}: {to}");
        let (_, contact) = get_page(&app, &to, None).await;
        assert!(
            contact.contains("Enter a phone number so we can call you instead of writing"),
            "{backend}"
        );
        assert!(
            contact.contains("pip@example.org"),
            "{backend}: what was typed is kept"
        );
        let to = post_page(
            &app,
            Some(&draft),
            "contact",
            &[("email", "pip@example.org"), ("phone", "07700 900777")],
            None,
        )
        .await;
        assert!(to.ends_with("&section=details"), "{backend}: {to}");

        // Skipping ahead to the end sends the person back to what is still needed.
        let to = post_page(&app, Some(&draft), "file", &[], None).await;
        assert!(to.ends_with("&section=details"), "{backend}: {to}");
        let (_, check) = get_page(&app, &format!("/make/check?draft={draft}"), None).await;
        assert!(check.contains("Some answers are still needed"), "{backend}");
        assert!(check.contains("section=details"), "{backend}");

        let to = post_page(
            &app,
            Some(&draft),
            "details",
            &[("what_happened", "The gate lock is broken.")],
            None,
        )
        .await;
        assert!(to.ends_with("&section=remedy"), "{backend}: {to}");
        let to = post_page(
            &app,
            Some(&draft),
            "remedy",
            &[("outcomes_sought", "Mend it.")],
            None,
        )
        .await;
        assert!(to.ends_with("&section=file"), "{backend}: {to}");
        let to = post_page(&app, Some(&draft), "file", &[], None).await;
        assert_eq!(to, format!("/make/check?draft={draft}"), "{backend}");
        let (_, check) = get_page(&app, &to, None).await;
        for answer in [
            "Pip Pages",
            "07700 900777",
            "pip@example.org",
            "Phone calls instead of letters",
            "The gate lock is broken.",
            "Mend it.",
        ] {
            assert!(check.contains(answer), "{backend}: {answer}");
        }
        assert!(
            check.contains(&format!(
                "/make?draft={draft}&amp;section=about&amp;then=check#name"
            )),
            "{backend}: Change goes straight to the question"
        );

        // A change from the check comes back to it; one that makes a problem elsewhere
        // goes there first, still on its way back to the check.
        let to = post_page(
            &app,
            Some(&draft),
            "about",
            &[
                ("describes_you", "tenant"),
                ("name", "Pip Changed"),
                ("then", "check"),
            ],
            None,
        )
        .await;
        assert_eq!(to, format!("/make/check?draft={draft}"), "{backend}");
        let to = post_page(
            &app,
            Some(&draft),
            "contact",
            &[("email", "pip@example.org"), ("then", "check")],
            None,
        )
        .await;
        assert!(
            to.ends_with("&section=contact&then=check"),
            "{backend}: {to}"
        );
        app.stop().await;
    }
}

/// The answers of a complete complaint, as a browser posts them.
pub(crate) fn complaint_fields() -> Vec<(&'static str, String)> {
    vec![
        ("kind", "complaint".into()),
        ("describes_you", "tenant".into()),
        ("name", "Pat Example".into()),
        ("phone", "07700 900456".into()),
        ("email", "pat@example.org".into()),
        ("preferred_contact", "email".into()),
        ("adjustments", "large_print".into()),
        ("adjustments", "extra_time".into()),
        (
            "what_happened",
            "The front door entry phone has not worked for a month.".into(),
        ),
        ("when_happened-day", "2".into()),
        ("when_happened-month", "11".into()),
        ("when_happened-year", "2026".into()),
        ("reported_before", "yes".into()),
        (
            "what_was_said",
            "That an engineer would come within a week.".into(),
        ),
        ("outcomes_sought", "Fix it, and tell me when.".into()),
    ]
}

pub(crate) async fn post_make(
    app: &TestApp,
    fields: &[(&'static str, String)],
    file: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(*name, value.clone());
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "evidence",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    app.client
        .post(app.url("/make"))
        .multipart(form)
        .send()
        .await
        .expect("request")
}

/// The form's answers posted by someone signed in (`cookie`), without a file.
pub(crate) async fn post_make_signed_in(
    app: &TestApp,
    cookie: &str,
    fields: Vec<(&'static str, String)>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name, value);
    }
    app.client
        .post(app.url("/make"))
        .header(header::COOKIE, cookie)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

pub(crate) fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned()
}

pub(crate) fn draft_of(location: &str) -> String {
    location
        .split("draft=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("a draft token")
        .to_owned()
}

/// Without JavaScript: the form, then "Check your answers", then the case with its
/// reference, what happens next, and the file kept with it.
#[tokio::test]
async fn a_complaint_sent_without_javascript_goes_through_check_your_answers_to_a_case() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n".to_vec();
        let response = post_make(&app, &complaint_fields(), Some(("door.pdf", pdf.clone()))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let to = location(&response);
        assert!(to.starts_with("/make/check?draft="), "{backend}: {to}");

        let (status, check) = get_page(&app, &to, None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(check.contains("Check your answers"), "{backend}");
        assert!(check.contains("Pat Example"), "{backend}");
        assert!(check.contains("Large print, Extra time"), "{backend}");
        assert!(check.contains("Monday 2 November 2026"), "{backend}");
        assert!(check.contains("door.pdf"), "{backend}");

        let response = app
            .client
            .post(app.url("/api/confirm_draft"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(&to))
            .form(&[("draft", draft_of(&to))])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let track = location(&response);
        assert!(track.starts_with("/track/"), "{backend}: {track}");
        let (status, page) = get_page(&app, &track, None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("We have your complaint"), "{backend}");
        assert!(page.contains("CX-"), "{backend}");
        assert!(page.contains("We will contact you by"), "{backend}");

        let db = app.db().await;
        let token = track.trim_start_matches("/track/");
        let calendar = domain::Calendar::england_and_wales();
        let case = storage::cases::find_by_tracking_token(&db, token, &calendar)
            .await
            .expect("the case");
        let customer = case.customer.expect("a customer");
        assert_eq!(customer.details.name, "Pat Example", "{backend}");
        assert_eq!(customer.details.adjustments.len(), 2, "{backend}");
        assert_eq!(
            case.details.outcomes_sought.as_deref(),
            Some("Fix it, and tell me when.")
        );
        assert_eq!(case.channel, domain::Channel::OnlineForm);
        let files = storage::attachments::for_case(&db, case.id)
            .await
            .expect("files");
        assert_eq!(files.len(), 1, "{backend}");
        assert_eq!(files[0].file_name, "door.pdf");
        assert_eq!(files[0].size_bytes, pdf.len() as i64);
        // Pat gave an e-mail address: the reference and the private link are e-mailed, with
        // the link that works (the only other copy: it is kept hashed).
        let told: Vec<_> = storage::outbox::newest(&db, 100)
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.to_email.as_deref() == Some("pat@example.org"))
            .collect();
        assert_eq!(told.len(), 1, "{backend}: told once");
        assert_eq!(
            told[0].subject,
            format!("We have received your complaint: {}", case.reference),
            "{backend}"
        );
        assert!(
            told[0].body.contains("http://") && told[0].body.contains(&track),
            "{backend}: {}",
            told[0].body
        );
        assert!(told[0].body.contains("We will contact you"), "{backend}");
        // The draft is gone: confirming twice makes no second case.
        let again = app
            .client
            .post(app.url("/api/confirm_draft"))
            .form(&[("draft", draft_of(&to))])
            .send()
            .await
            .expect("request");
        assert!(!again.status().is_success(), "{backend}");
        // Going Back to "Check your answers", or to the form, says it arrived, with its
        // reference: never "start again".
        let reference = case.reference.to_string();
        for page in [to.clone(), to.replace("/make/check?", "/make?")] {
            let (status, html) = get_page(&app, &page, None).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {page}");
            let main = main_part(&html);
            assert!(
                main.contains("We have already received this"),
                "{backend}: {main}"
            );
            assert!(main.contains(&reference), "{backend}: {page}");
            assert!(!main.contains("start again"), "{backend}: {page}");
            assert!(
                !main.contains("Pat Example"),
                "{backend}: no answers shown again"
            );
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A double tap, or the same "Check your answers" open in several tabs: the draft
/// confirmed many times at once makes one case, with its one file.
#[tokio::test]
async fn a_draft_confirmed_many_times_at_once_makes_one_case_with_its_file() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n".to_vec();
        let response = post_make(&app, &complaint_fields(), Some(("door.pdf", pdf))).await;
        let to = location(&response);
        let draft = draft_of(&to);
        let confirm = || {
            app.client
                .post(app.url("/api/confirm_draft"))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, app.url(&to))
                .form(&[("draft", draft.as_str())])
                .send()
        };
        let answers = futures_util::future::join_all((0..6).map(|_| confirm())).await;
        let made = answers
            .iter()
            .filter(|r| {
                r.as_ref().is_ok_and(|r| {
                    r.status() == StatusCode::FOUND && location(r).starts_with("/track/")
                })
            })
            .count();
        assert_eq!(made, 1, "{backend}: one confirmation made the case");
        let db = app.db().await;
        let cases = storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM cases")
            .await
            .expect("counted");
        assert_eq!(cases, 1, "{backend}: one case");
        let files = storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM attachments")
            .await
            .expect("counted");
        assert_eq!(files, 1, "{backend}: with its file, once");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Bad answers and a refused file come back as messages next to their fields, with every
/// answer still filled in; fixing them moves on, keeping nothing that was refused.
#[tokio::test]
async fn bad_answers_and_a_refused_file_come_back_with_messages_and_nothing_typed_is_lost() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut fields = complaint_fields();
        fields.retain(|(name, _)| *name != "phone");
        fields.push(("phone", "12".into()));
        fields.retain(|(name, _)| *name != "what_happened");
        fields.push(("what_happened", "too short".into()));
        // A program dressed as a PDF.
        let program = [b"MZ\x90\x00\x03\x00\x00\x00".as_slice(), &[0u8; 200]].concat();
        let response = post_make(&app, &fields, Some(("letter.pdf", program))).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        // The whole form sent at once comes back at the first page with a problem; each
        // page shows its own, with what was typed.
        let to = location(&response);
        assert!(to.starts_with("/make?draft="), "{backend}: {to}");
        assert!(to.ends_with("&section=contact"), "{backend}: {to}");
        let draft = draft_of(&to);
        let page_of = |section: &'static str| {
            let (app, draft) = (&app, draft.clone());
            async move {
                let (status, page) =
                    get_page(app, &format!("/make?draft={draft}&section={section}"), None).await;
                assert_eq!(status, StatusCode::OK);
                page
            }
        };
        let page = page_of("contact").await;
        assert!(
            page.contains("There is a problem"),
            "{backend}: the error summary"
        );
        assert!(page.contains("href=\"#phone\""), "{backend}");
        assert!(
            page.contains("value=\"12\""),
            "{backend}: even a wrong answer is kept"
        );
        let page = page_of("details").await;
        assert!(page.contains("href=\"#what_happened\""), "{backend}");
        assert!(
            page.contains("That an engineer would come within a week."),
            "{backend}"
        );
        let page = page_of("file").await;
        assert!(page.contains("href=\"#evidence\""), "{backend}");
        assert!(
            page.contains("is a program and cannot be uploaded"),
            "{backend}"
        );
        let page = page_of("about").await;
        assert!(
            !page.contains("There is a problem"),
            "{backend}: no problem here"
        );
        assert!(
            page.contains("value=\"Pat Example\""),
            "{backend}: the name is kept"
        );

        // Fixed, in the same draft, with a real picture this time.
        let mut fixed = complaint_fields();
        fixed.push(("draft", draft_of(&to)));
        let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 300]].concat();
        let response = post_make(&app, &fixed, Some(("hall.png", png))).await;
        let next = location(&response);
        assert!(next.starts_with("/make/check?draft="), "{backend}: {next}");
        assert_eq!(draft_of(&next), draft_of(&to), "{backend}: the same draft");
        let (_, check) = get_page(&app, &next, None).await;
        assert!(check.contains("hall.png"), "{backend}");

        // A file over 32 MB is refused while it streams in.
        let big = vec![b'a'; 33 * 1024 * 1024];
        let response = post_make(&app, &complaint_fields(), Some(("notes.txt", big))).await;
        let to = location(&response);
        assert!(to.starts_with("/make?draft="), "{backend}: {to}");
        assert!(to.ends_with("&section=file"), "{backend}: {to}");
        let (_, page) = get_page(&app, &to, None).await;
        assert!(page.contains("must be smaller than 32 MB"), "{backend}");
        let (_, about) = get_page(
            &app,
            &format!("/make?draft={}&section=about", draft_of(&to)),
            None,
        )
        .await;
        assert!(about.contains("value=\"Pat Example\""), "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_tracking_link_that_does_not_exist_answers_404_without_detail() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let page = app
            .client
            .get(app.url(&format!("/track/{}", "a".repeat(64))))
            .send()
            .await
            .expect("request");
        assert_eq!(page.status(), StatusCode::NOT_FOUND, "{backend}");
        let html = page.text().await.expect("body");
        assert!(html.contains("We cannot find that case"), "{backend}");
        let missing = app
            .client
            .get(app.url("/no/such/page"))
            .send()
            .await
            .expect("request");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_bundle_is_served_under_content_hashed_names_compressed_and_cached_for_a_year() {
    let app = spawn_app("sqlite").await;
    let html = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let css = html
        .split('"')
        .find(|s| s.starts_with("/pkg/putright.") && s.ends_with(".css"))
        .expect("a hashed stylesheet link")
        .to_owned();
    // The boot script loads the glue and the wasm only for a page with islands, and never
    // asks for them before it knows (no preload of either).
    assert!(
        html.contains("import('/pkg/putright.") && html.contains("module_or_path: '/pkg/putright."),
        "the wasm is booted"
    );
    assert!(
        html.contains("document.querySelectorAll('leptos-island')"),
        "only where the page has an island"
    );
    assert!(
        !html.contains("rel=\"modulepreload\"") && !html.contains("application/wasm"),
        "nothing fetched ahead"
    );

    let response = app
        .client
        .get(app.url(&css))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    let compressed = response.bytes().await.expect("body");
    assert!(compressed.len() < "body { margin: 0 }\n".len() * 200 / 10);

    let plain = app.client.get(app.url(&css)).send().await.expect("request");
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(
        plain.text().await.expect("body"),
        "body { margin: 0 }\n".repeat(200)
    );

    let stale = app
        .client
        .get(app.url("/pkg/putright.0000000000000000.css"))
        .send()
        .await
        .expect("request");
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn pages_are_compressed_and_carry_protective_headers() {
    let app = spawn_app("sqlite").await;
    let response = app
        .client
        .get(app.url("/"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    assert_eq!(response.headers()[header::REFERRER_POLICY], "same-origin");
    assert_eq!(response.headers()[header::X_FRAME_OPTIONS], "DENY");
    app.stop().await;
}

/// The officer most sign-in tests use.
async fn add_officer(app: &TestApp) {
    app.add_account(
        "sam@example.org",
        "Sam Officer",
        domain::Role::Officer,
        "correct horse battery",
    )
    .await;
}

#[tokio::test]
async fn signing_in_sets_a_protected_session_cookie_and_the_header_names_the_person() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        add_officer(&app).await;

        // The password alone: a pending session, and the second factor next.
        let response = sign_in(&app, "Sam@Example.org", "correct horse battery").await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(
            response.headers()[header::LOCATION],
            "/sign-in/code?next=/",
            "{backend}"
        );
        let pending = set_cookie(&response, "putright_session").expect("a pending session");
        let (_, html) = get_page(&app, "/", Some(&pending)).await;
        assert!(
            !html.contains("Sam Officer"),
            "{backend}: nobody is signed in yet"
        );
        // With the code, the session itself.
        let response = sign_in_fully(
            &app,
            &[
                ("email", "Sam@Example.org"),
                ("password", "correct horse battery"),
                ("next", "/"),
            ],
        )
        .await;
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(response.headers()[header::LOCATION], "/", "{backend}");
        let cookie = session_cookie(&response).expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{backend}: {cookie}"
        );
        assert!(!cookie.contains("Secure"), "{backend}: plain HTTP in tests");
        let pair = cookie.split(';').next().expect("name=value").to_owned();

        let page = app
            .client
            .get(app.url("/"))
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("request");
        let html = page.text().await.expect("body");
        assert!(
            html.contains("Sam Officer"),
            "{backend}: the header names who is signed in"
        );

        let out = app
            .client
            .post(app.url("/api/sign_out"))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("request");
        assert_eq!(out.status(), StatusCode::FOUND, "{backend}");
        assert!(
            session_cookie(&out).expect("cleared").contains("Max-Age=0"),
            "{backend}"
        );
        let after = app
            .client
            .get(app.url("/"))
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("request");
        assert!(
            !after.text().await.expect("body").contains("Sam Officer"),
            "{backend}: the session is gone"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_an_https_proxy() {
    let app = spawn_app("sqlite").await;
    app.add_account(
        "ada@example.org",
        "Ada Admin",
        domain::Role::Admin,
        "admin passphrase",
    )
    .await;
    let response = sign_in_request(
        &app,
        &[
            ("email", "ada@example.org"),
            ("password", "admin passphrase"),
        ],
    )
    .header("x-forwarded-proto", "https")
    .send()
    .await
    .expect("request");
    assert!(
        session_cookie(&response)
            .expect("cookie")
            .contains("; Secure")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_saying_whether_the_account_exists() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        add_officer(&app).await;
        let mut messages = Vec::new();
        for (email, password) in [
            ("sam@example.org", "wrong"),
            ("nobody@example.org", "correct horse battery"),
        ] {
            let response = app
                .client
                .post(app.url("/api/sign_in"))
                .form(&[("email", email), ("password", password)])
                .send()
                .await
                .expect("request");
            assert!(session_cookie(&response).is_none(), "{backend}");
            let body: serde_json::Value = response.json().await.expect("json error");
            messages.push(
                body["Validation"]["message"]
                    .as_str()
                    .expect("message")
                    .to_owned(),
            );
        }
        assert_eq!(
            messages[0], "Enter a correct email address and password",
            "{backend}"
        );
        assert_eq!(messages[0], messages[1], "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn after_signing_in_only_a_path_on_this_site_is_followed() {
    let app = spawn_app("sqlite").await;
    add_officer(&app).await;
    let response = sign_in_fully(
        &app,
        &[
            ("email", "sam@example.org"),
            ("password", "correct horse battery"),
            ("next", "//evil.example/steal"),
        ],
    )
    .await;
    // Not followed, after the password nor after the code: the officer lands on their own
    // home page, the work queue.
    assert_eq!(response.headers()[header::LOCATION], "/staff");
    app.stop().await;
}

#[tokio::test]
async fn the_demo_data_holds_a_case_in_every_state_and_loads_only_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let db = app.db().await;
        let first = server::demo::load(&db, now()).await.expect("demo");
        assert_eq!(first.accounts, 8, "{backend}");
        assert!(first.cases >= 14, "{backend}: {first:?}");
        let again = server::demo::load(&db, now()).await.expect("demo again");
        assert_eq!(again, server::demo::Loaded::default(), "{backend}");
        let phases: Vec<String> = storage::cases::phase_counts(&db)
            .await
            .expect("counts")
            .into_iter()
            .map(|(phase, _)| phase)
            .collect();
        for phase in [
            "received",
            "not_accepted",
            "stage1",
            "stage1_responded",
            "stage2",
            "closed",
            "withdrawn",
            "service_request_open",
            "service_request_resolved",
            "compliment_passed_on",
        ] {
            assert!(
                phases.iter().any(|p| p == phase),
                "{backend}: no {phase} case in {phases:?}"
            );
        }
        // Each step that sends a letter sent it, as it would for real: the Stage 1
        // acknowledgements (6) and responses (4), the extension, the refusal, the Stage 2
        // acknowledgements (3) and outcomes (2).
        let count = |sql: &'static str| {
            let db = db.clone();
            async move {
                storage::test_support::count_rows(&db, sql)
                    .await
                    .expect("counted")
            }
        };
        assert_eq!(count("SELECT COUNT(*) FROM letters").await, 17, "{backend}");
        // Each dated the day its step was taken, not all at the moment of loading.
        assert!(
            count("SELECT COUNT(DISTINCT created_at) FROM letters").await >= 15,
            "{backend}"
        );
        // Rita asked for large print: all six of her letters are, and each went by e-mail too.
        assert_eq!(
            count("SELECT COUNT(*) FROM letters WHERE large_print").await,
            6,
            "{backend}"
        );
        assert!(
            count("SELECT COUNT(*) FROM outbox WHERE to_email = 'rita.resident@example.org'").await
                >= 6,
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Rita sees her own cases; a case that is not hers answers exactly as a case that does not
/// exist, on the page and from the server function; staff see any case with its internal
/// notes; someone not signed in is asked to sign in, whatever the reference.
#[tokio::test]
async fn residents_see_only_their_own_cases_and_anything_else_answers_like_nothing() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let rita = storage::accounts::find_by_email(&db, "rita.resident@example.org")
            .await
            .expect("query")
            .expect("rita");
        let hers: Vec<String> = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.reference.to_string())
            .collect();
        assert!(hers.len() >= 5, "{backend}: {hers:?}");
        let not_accepted = storage::cases::list(
            &db,
            &storage::cases::CaseFilter {
                phase: Some("not_accepted".into()),
                ..Default::default()
            },
        )
        .await
        .expect("list");
        let someone_elses = not_accepted[0].reference.to_string();
        assert!(!hers.contains(&someone_elses));
        let missing = "CX-2099-999999";

        let cookie = session_for(
            &app,
            "rita.resident@example.org",
            server::demo::DEMO_PASSWORD,
        )
        .await;
        let (status, list) = get_page(&app, "/cases", Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        for reference in &hers {
            assert!(
                list.contains(reference.as_str()),
                "{backend}: {reference} missing from the list"
            );
        }
        assert!(!list.contains(someone_elses.as_str()), "{backend}");

        let (status, page) = get_page(&app, &format!("/cases/{}", hers[0]), Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("What has happened"), "{backend}");

        let (status_other, other) =
            get_page(&app, &format!("/cases/{someone_elses}"), Some(&cookie)).await;
        let (status_missing, absent) =
            get_page(&app, &format!("/cases/{missing}"), Some(&cookie)).await;
        assert_eq!(status_other, StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(status_missing, StatusCode::NOT_FOUND, "{backend}");
        assert_eq!(
            main_part(&other),
            main_part(&absent),
            "{backend}: the answers differ"
        );
        assert!(!other.contains("Norman"), "{backend}");

        // The server functions behind the page, called directly, answer another's case as
        // they answer no case at all.
        for endpoint in ["read_case", "case_page", "case_files", "case_letters"] {
            let (status_other, other) =
                case_function(&app, endpoint, &someone_elses, Some(&cookie)).await;
            let (status_missing, absent) =
                case_function(&app, endpoint, missing, Some(&cookie)).await;
            assert_eq!(status_other, StatusCode::NOT_FOUND, "{backend}: {endpoint}");
            assert_eq!(status_other, status_missing, "{backend}: {endpoint}");
            assert_eq!(other, absent, "{backend}: {endpoint}'s answers differ");
        }
        let (status, own) = case_function(&app, "case_page", &hers[0], Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(own.contains(hers[0].as_str()), "{backend}");

        // Not signed in: asked to sign in, for any reference at all.
        let (status_anon, anon) = get_page(&app, &format!("/cases/{}", hers[0]), None).await;
        let (status_anon_missing, anon_missing) =
            get_page(&app, &format!("/cases/{missing}"), None).await;
        assert_eq!(status_anon, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(status_anon_missing, StatusCode::FORBIDDEN, "{backend}");
        assert_eq!(main_part(&anon), main_part(&anon_missing), "{backend}");
        assert!(anon.contains("Sign in"), "{backend}");

        // Staff see any case, with who did what and internal notes.
        let staff = session_for(&app, "sam.officer@example.org", server::demo::DEMO_PASSWORD).await;
        let (status, page) = get_page(&app, &format!("/cases/{someone_elses}"), Some(&staff)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("Not accepted as a complaint"), "{backend}");
        assert!(page.contains("by Chris Complaints"), "{backend}");

        // A panel member may not open a case's full record, invited or not.
        let ian = session_for(&app, "ian.panel@example.org", server::demo::DEMO_PASSWORD).await;
        for endpoint in ["read_case", "case_page"] {
            let (status, _) = case_function(&app, endpoint, &someone_elses, Some(&ian)).await;
            assert_ne!(status, StatusCode::OK, "{backend}: {endpoint}");
        }
        let (status, _) = get_page(&app, &format!("/cases/{someone_elses}"), Some(&ian)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Registering with no name and a broken address names both problems at once, and makes
/// no account.
#[tokio::test]
async fn registration_refuses_every_problem_at_once() {
    let app = spawn_app("sqlite").await;
    let response = app
        .client
        .post(app.url("/api/register"))
        .form(&[("name", " "), ("email", "pat@")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = response.text().await.expect("body");
    assert_eq!(refused_fields(&body), ["name", "email"], "{body}");
    assert!(reset_links(&app, "pat@").await.is_empty());
    app.stop().await;
}

/// One connection asking for many accounts is stopped after ten in an hour, with a message
/// by the address field; the accounts asked for before are unaffected.
#[tokio::test]
async fn registration_is_limited_per_connection() {
    let app = spawn_app("sqlite").await;
    for i in 0..=app::auth::REGISTRATIONS_PER_HOUR {
        let email = format!("person{i}@example.org");
        let response = app
            .client
            .post(app.url("/api/register"))
            .form(&[("name", "Someone"), ("email", email.as_str())])
            .send()
            .await
            .expect("request");
        if i < app::auth::REGISTRATIONS_PER_HOUR {
            assert!(
                response.status().is_redirection() || response.status().is_success(),
                "{i}"
            );
        } else {
            assert_eq!(response.status(), StatusCode::BAD_REQUEST);
            let body: serde_json::Value = response.json().await.expect("json");
            assert_eq!(body["Validation"]["field"], "email");
            let message = body["Validation"]["message"].as_str().unwrap_or_default();
            assert!(message.contains("a lot of requests"), "{message}");
        }
    }
    assert!(reset_links(&app, "person10@example.org").await.is_empty());
    assert_eq!(reset_links(&app, "person9@example.org").await.len(), 1);
    app.stop().await;
}

/// A resident creates an account: the link sent to the address opens it, where they choose
/// a password and are signed in; they make a complaint and find it among their cases. The
/// answer to registering never says whether an address has an account.
#[tokio::test]
async fn a_resident_registers_through_the_link_sent_makes_a_complaint_and_finds_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.add_account(
            "sam.officer@example.org",
            "Sam Officer",
            domain::Role::Officer,
            "a long enough password",
        )
        .await;
        let register = |name: &'static str, email: &'static str| {
            app.client
                .post(app.url("/api/register"))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, app.url("/register"))
                .form(&[("name", name), ("email", email)])
                .send()
        };
        for (name, email, field) in [
            ("", "pat@example.org", "name"),
            ("Pat", "not an address", "email"),
        ] {
            let response = app
                .client
                .post(app.url("/api/register"))
                .form(&[("name", name), ("email", email)])
                .send()
                .await
                .expect("request");
            assert_eq!(
                response.status(),
                StatusCode::BAD_REQUEST,
                "{backend}: {field}"
            );
            let body: serde_json::Value = response.json().await.expect("json");
            assert_eq!(body["Validation"]["field"], field, "{backend}");
        }

        // A new address, an address with an account, a member of staff's: the same answer.
        let mut answers = Vec::new();
        for (name, email) in [
            ("Pat Example", "pat@example.org"),
            ("Pat", "PAT@example.org"),
            ("Sam", "sam.officer@example.org"),
        ] {
            let response = register(name, email).await.expect("request");
            assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
            assert!(
                session_cookie(&response).is_none(),
                "{backend}: nobody is signed in"
            );
            answers.push(location(&response));
        }
        assert!(
            answers.iter().all(|a| a == "/register?sent=1"),
            "{backend}: {answers:?}"
        );
        assert!(
            subjects_for(&app, "sam.officer@example.org")
                .await
                .is_empty(),
            "{backend}: staff addresses are sent nothing"
        );
        // Until the link is used, the account does not open, whatever is guessed.
        let refused = sign_in(&app, "pat@example.org", "three random words").await;
        assert!(session_cookie(&refused).is_none(), "{backend}: no session");
        assert!(location(&refused).contains("/sign-in"), "{backend}");

        let links = reset_links(&app, "pat@example.org").await;
        assert_eq!(
            links.len(),
            1,
            "{backend}: the second ask came within the resend gap"
        );
        assert_eq!(
            subjects_for(&app, "pat@example.org").await,
            vec!["Finish creating your Putright account".to_owned()],
            "{backend}"
        );
        let path = links[0].trim_start_matches(&app.url(""));
        let (status, page) = get_page(&app, path, None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(page.contains("Finish creating your account"), "{backend}");
        let token = path.trim_start_matches("/reset-password/");
        let response = app
            .client
            .post(app.url("/api/reset_password"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(path))
            .form(&[
                ("token", token),
                ("new_password", "three random words"),
                ("confirm_password", "three random words"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        assert_eq!(
            response.headers()[header::LOCATION],
            "/cases?welcome=1",
            "{backend}"
        );
        let cookie = session_cookie(&response).expect("signed in");
        let cookie = cookie.split(';').next().expect("name=value").to_owned();
        let (_, welcome) = get_page(&app, "/cases?welcome=1", Some(&cookie)).await;
        assert!(welcome.contains("Your account is ready."), "{backend}");

        // Registering the address again tells its holder, by e-mail only.
        let db = app.db().await;
        storage::test_support::execute_raw(&db, "DELETE FROM password_resets")
            .await
            .expect("the resend gap passed");
        db.close().await.expect("closed");
        let again = register("Pat", "pat@example.org").await.expect("request");
        assert_eq!(location(&again), "/register?sent=1", "{backend}");
        assert_eq!(
            subjects_for(&app, "pat@example.org")
                .await
                .first()
                .map(String::as_str),
            Some("You already have a Putright account"),
            "{backend}"
        );

        // Signed in, the form remembers who they are and the case is theirs.
        let response = post_make_signed_in(&app, &cookie, complaint_fields()).await;
        let to = location(&response);
        let response = app
            .client
            .post(app.url("/api/confirm_draft"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(&to))
            .header(header::COOKIE, &cookie)
            .form(&[("draft", draft_of(&to))])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let (status, list) = get_page(&app, "/cases", Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            list.contains("The front door entry phone has not worked"),
            "{backend}"
        );
        // A draft a signed-in person leaves is theirs alone: the link shows nothing to
        // anyone else.
        let response = post_make_signed_in(&app, &cookie, complaint_fields()).await;
        let left = location(&response);
        let (_, own) = get_page(&app, &left, Some(&cookie)).await;
        assert!(own.contains("Pat Example"), "{backend}");
        let (_, other) = get_page(&app, &left, None).await;
        assert!(
            !other.contains("Pat Example"),
            "{backend}: another browser saw the draft"
        );
        assert!(
            other.contains("We no longer have your answers"),
            "{backend}"
        );

        // A new form, a page at a time: the details filled in from their record are kept
        // on the pages not yet sent.
        let (_, contact) =
            get_page(&app, "/make?kind=complaint&section=contact", Some(&cookie)).await;
        assert!(contact.contains("pat@example.org"), "{backend}: prefilled");
        let to = post_page(
            &app,
            None,
            "about",
            &[("describes_you", "tenant"), ("name", "Pat Example")],
            Some(&cookie),
        )
        .await;
        let draft = draft_of(&to).split('&').next().expect("token").to_owned();
        let (_, contact) = get_page(
            &app,
            &format!("/make?draft={draft}&section=contact"),
            Some(&cookie),
        )
        .await;
        assert!(
            contact.contains("pat@example.org"),
            "{backend}: kept in the draft"
        );
        app.stop().await;
    }
}
