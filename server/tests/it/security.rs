//! The rules of `SECURITY.md` (issue 21, items 4 to 6), against the real server on port 0:
//! requests from other sites refused, `next` after signing in, errors in an address,
//! the response headers, body limits, and files (names, macros, addresses).

use crate::support;

use reqwest::{StatusCode, header};
use storage::cases::CaseFilter;
use storage::test_support::backends;
use support::*;

const RITA: &str = "rita.resident@example.org";
const SAM: &str = "sam.officer@example.org";
const ADA: &str = "ada.admin@example.org";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

async fn demo_app(backend: &'static str) -> (TestApp, storage::Db) {
    let app = spawn_demo_app(backend).await;
    let db = app.db().await;
    (app, db)
}

fn sign_in_fields<'a>(email: &'a str, next: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("email", email),
        ("password", server::demo::DEMO_PASSWORD),
        ("next", next),
    ]
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().expect("ascii").to_owned())
        .unwrap_or_default()
}

/// Standard base64 with the URL-safe alphabet and padding, as Leptos writes `__err`.
fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_signs_no_one_in() {
    for backend in backends() {
        let (app, db) = demo_app(backend).await;
        let fields = sign_in_fields(RITA, "/cases");
        // Fetch metadata says another site sent it: refused, no session.
        for (name, value) in [
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            let response = sign_in_request(&app, &fields)
                .header(name, value)
                .header(header::ORIGIN, app.base.clone())
                .send()
                .await
                .expect("request");
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{backend}: {value}"
            );
            assert!(session_cookie(&response).is_none(), "{backend}: {value}");
            let body = response.text().await.expect("body");
            assert!(body.contains("another website"), "{backend}: {body}");
        }
        // No fetch metadata: the Origin must be this site's.
        for origin in ["http://evil.example", "null"] {
            let response = sign_in_request(&app, &fields)
                .header(header::ORIGIN, origin)
                .send()
                .await
                .expect("request");
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{backend}: {origin}"
            );
            assert!(session_cookie(&response).is_none(), "{backend}: {origin}");
        }
        // From this site's own page, and from a client that is not a browser: signed in.
        for headers in [
            vec![("sec-fetch-site", "same-origin".to_owned())],
            vec![("origin", app.base.clone())],
            vec![],
        ] {
            let mut request = sign_in_request(&app, &fields);
            for (name, value) in &headers {
                request = request.header(*name, value.clone());
            }
            let response = request.send().await.expect("request");
            assert_eq!(
                response.status(),
                StatusCode::FOUND,
                "{backend}: {headers:?}"
            );
            assert!(
                session_cookie(&response).is_some(),
                "{backend}: {headers:?}"
            );
        }

        // The same for signing out, another server function and the multipart posts.
        let rita = session_for(&app, RITA, server::demo::DEMO_PASSWORD).await;
        let response = app
            .client
            .post(app.url("/api/sign_out"))
            .header(header::COOKIE, &rita)
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = read_case(&app, "CX-2026-000001", Some(&rita)).await;
        assert_ne!(status, StatusCode::FORBIDDEN, "{backend}: still signed in");
        let reference = storage::cases::list(&db, &CaseFilter::default())
            .await
            .expect("cases")
            .first()
            .expect("a case")
            .reference
            .to_string();
        for path in [
            "/make".to_owned(),
            format!("/cases/{reference}/files"),
            "/admin/import".to_owned(),
            app::calendar::HOLIDAYS_UPLOAD_PATH.to_owned(),
        ] {
            let form = reqwest::multipart::Form::new().text("what_happened", "x");
            let response = app
                .client
                .post(app.url(&path))
                .header(header::COOKIE, &rita)
                .header(header::ORIGIN, "https://evil.example")
                .multipart(form)
                .send()
                .await
                .expect("request");
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{backend}: {path}"
            );
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn next_after_signing_in_is_a_path_on_this_site_or_the_home_page() {
    for backend in backends() {
        let (app, db) = demo_app(backend).await;
        for (email, home) in [(SAM, "/staff"), (RITA, "/")] {
            for next in [
                "//evil.example/x",
                "/\\evil.example",
                "/\t/evil.example",
                "/x\r\nSet-Cookie: planted=1",
                "/x\ny",
                "https://evil.example/",
                "javascript:alert(1)",
                "/caf\u{e9}",
                "/\u{202e}x",
            ] {
                let response = sign_in_fully(&app, &sign_in_fields(email, next)).await;
                assert_eq!(response.status(), StatusCode::FOUND, "{backend}: {next:?}");
                assert_eq!(location(&response), home, "{backend}: {email} {next:?}");
                assert!(
                    !response
                        .headers()
                        .get_all(header::SET_COOKIE)
                        .iter()
                        .any(|v| v.to_str().unwrap_or_default().contains("planted")),
                    "{backend}"
                );
            }
            let response = sign_in_fully(&app, &sign_in_fields(email, "/cases?x=1#a")).await;
            assert_eq!(location(&response), "/cases?x=1#a", "{backend}: {email}");
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_error_in_the_address_is_shown_only_when_this_server_wrote_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Someone else's words, made to look like our error.
        let forged = base64_url(
            br#"{"Validation":{"field":"email","message":"Your account is locked: call 0900 000 0000"}}"#,
        );
        let address = format!("/sign-in?__path=%2Fapi%2Fsign_in&__err={forged}&next=%2Fcases");
        let response = app
            .client
            .get(app.url(&address))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(location(&response), "/sign-in?next=%2Fcases", "{backend}");
        let (_, page) = get_page(&app, &address, None).await;
        assert!(
            !page.contains("0900"),
            "{backend}: the forged words are shown"
        );

        // Our own refusal of a post without JavaScript comes back and is shown.
        let response = sign_in_request(
            &app,
            &[
                ("email", "nobody@example.org"),
                ("password", ""),
                ("next", "/"),
            ],
        )
        .header(header::REFERER, app.url("/sign-in"))
        .send()
        .await
        .expect("request");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend}");
        let back = location(&response);
        assert!(
            back.contains("__err=") && back.contains("__sig="),
            "{backend}: {back}"
        );
        let path = back.trim_start_matches(&app.base).to_owned();
        let response = app
            .client
            .get(app.url(&path))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}: {path}");
        let page = response.text().await.expect("body");
        assert!(page.contains("Enter your password"), "{backend}");
        // Changed by a single character, it is not ours any more.
        let tampered = path.replacen("__err=", "__err=A", 1);
        let response = app
            .client
            .get(app.url(&tampered))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        app.stop().await;
    }
}

/// The nonce in a Content-Security-Policy.
fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce") + "'nonce-".len();
    policy[start..]
        .split('\'')
        .next()
        .expect("nonce")
        .to_owned()
}

#[tokio::test]
async fn every_page_has_a_strict_policy_and_its_scripts_carry_a_fresh_nonce() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut nonces = Vec::new();
        for path in ["/", "/sign-in", "/no-such-page"] {
            let response = app.client.get(app.url(path)).send().await.expect("request");
            let policy = response
                .headers()
                .get(header::CONTENT_SECURITY_POLICY)
                .unwrap_or_else(|| panic!("{backend}: no policy on {path}"))
                .to_str()
                .expect("ascii")
                .to_owned();
            for directive in [
                "default-src 'self'",
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'",
            ] {
                assert!(
                    policy.contains(directive),
                    "{backend}: {directive} in {policy}"
                );
            }
            assert!(!policy.contains("unsafe-inline"), "{backend}: {policy}");
            let nonce = nonce_of(&policy);
            assert!(nonce.len() >= 22, "{backend}: {nonce}");
            let page = response.text().await.expect("body");
            assert!(
                page.contains(&format!("<script type=\"module\" nonce=\"{nonce}\"")),
                "{backend}: the boot script carries the nonce on {path}"
            );
            // No script and no inline style without it.
            assert_eq!(
                page.matches("<script").count(),
                page.matches(&format!("nonce=\"{nonce}\"")).count(),
                "{backend}: {path}"
            );
            assert!(
                !page.contains(" style=\""),
                "{backend}: inline style on {path}"
            );
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 3, "{backend}: a new nonce each time");
        app.stop().await;
    }
}

#[tokio::test]
async fn pages_answers_and_files_are_not_kept_but_the_bundle_is() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let cache_control = |response: &reqwest::Response| {
            response
                .headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().expect("ascii").to_owned())
                .unwrap_or_default()
        };
        let response = app.client.get(app.url("/")).send().await.expect("page");
        assert_eq!(cache_control(&response), "no-store", "{backend}: page");
        let page = response.text().await.expect("body");
        let response = app
            .client
            .post(app.url("/api/current_viewer"))
            .send()
            .await
            .expect("server function");
        assert_eq!(cache_control(&response), "no-store", "{backend}: answer");
        let css = page
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .find(|href| href.starts_with("/pkg/") && href.ends_with(".css"))
            .expect("the stylesheet's address")
            .to_owned();
        let response = app.client.get(app.url(&css)).send().await.expect("css");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        assert!(
            cache_control(&response).contains("immutable"),
            "{backend}: {}",
            cache_control(&response)
        );
        // Plain HTTP, no proxy: no HSTS.
        assert!(
            response
                .headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none()
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_served_over_https() {
    for backend in backends() {
        let hsts = |response: &reqwest::Response| {
            response
                .headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .map(|v| v.to_str().expect("ascii").to_owned())
        };
        // Its public address is https.
        let app = spawn_app_with(backend, |s| {
            s.public_url = Some("https://complaints.example.org".into());
        })
        .await;
        let response = app.client.get(app.url("/")).send().await.expect("page");
        assert!(
            hsts(&response).is_some_and(|v| v.starts_with("max-age=31536000")),
            "{backend}"
        );
        app.stop().await;
        // Behind a proxy that says so; a client saying so itself is not believed.
        for (behind_proxy, expected) in [(true, true), (false, false)] {
            let app = spawn_app_with(backend, |s| s.behind_proxy = behind_proxy).await;
            let response = app
                .client
                .get(app.url("/"))
                .header("x-forwarded-proto", "https")
                .send()
                .await
                .expect("page");
            assert_eq!(
                hsts(&response).is_some(),
                expected,
                "{backend}: {behind_proxy}"
            );
            app.stop().await;
        }
    }
}

#[tokio::test]
async fn oversized_bodies_answer_413_and_malformed_ones_400() {
    for backend in backends() {
        let (app, db) = demo_app(backend).await;
        let (_, reference, rita) = ritas_case(&app, &db).await;
        let ada = session_for(&app, ADA, server::demo::DEMO_PASSWORD).await;
        // A server function: too long, then not a form it can read.
        // (Sent by hand: the server answers before reading the body and closes, which an
        // HTTP client still writing the body may take for a broken connection.)
        let big = format!("email={}&password=x", "a".repeat(3 * 1024 * 1024));
        let (status, _) = raw_request(
            &app,
            &format!(
                "POST /api/sign_in HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}",
                big.len()
            ),
            big.as_bytes(),
        )
        .await;
        assert_eq!(status, 413, "{backend}");
        for (content_type, body, status) in [
            (
                "application/x-www-form-urlencoded",
                "password=x",
                StatusCode::BAD_REQUEST,
            ),
            (
                "application/x-www-form-urlencoded",
                "email=%ZZ&&password",
                StatusCode::BAD_REQUEST,
            ),
            // Not a form at all: refused unread.
            (
                "application/json",
                "{not json",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
        ] {
            let response = app
                .client
                .post(app.url("/api/sign_in"))
                .header(header::CONTENT_TYPE, content_type)
                .body(body)
                .send()
                .await
                .expect("request");
            assert_eq!(
                response.status(),
                status,
                "{backend}: {content_type} {body}"
            );
        }

        // The multipart posts: a length over the route's limit is refused before reading.
        for (path, cookie, length) in [
            ("/make".to_owned(), &rita, 80_000_000u64),
            (format!("/cases/{reference}/files"), &rita, 80_000_000),
            ("/admin/import".to_owned(), &ada, 2_000_000_000),
            (
                app::calendar::HOLIDAYS_UPLOAD_PATH.to_owned(),
                &ada,
                80_000_000,
            ),
        ] {
            let head = format!(
                "POST {path} HTTP/1.1\r\nCookie: {cookie}\r\n\
                 Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {length}"
            );
            let (status, answer) = raw_request(&app, &head, b"--XyZ\r\n").await;
            assert_eq!(status, 413, "{backend}: {path}: {answer}");
            // Not a multipart body, and no boundary at all.
            let garbage = b"this is not a multipart body at all\r\n";
            let head = format!(
                "POST {path} HTTP/1.1\r\nCookie: {cookie}\r\n\
                 Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {}",
                garbage.len()
            );
            let (status, answer) = raw_request(&app, &head, garbage).await;
            assert_eq!(status, 400, "{backend}: {path}: {answer}");
            let head = format!(
                "POST {path} HTTP/1.1\r\nCookie: {cookie}\r\n\
                 Content-Type: multipart/form-data\r\nContent-Length: {}",
                garbage.len()
            );
            let (status, answer) = raw_request(&app, &head, garbage).await;
            assert_eq!(status, 400, "{backend}: {path}: {answer}");
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A zip of `(name, content)` entries, stored uncompressed, with its central directory.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in entries {
        let offset = u32::try_from(out.len()).expect("small");
        let size = u32::try_from(content.len()).expect("small");
        let name_len = u16::try_from(name.len()).expect("short");
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(content);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let at = u32::try_from(out.len()).expect("small");
    let size = u32::try_from(central.len()).expect("small");
    let count = u16::try_from(entries.len()).expect("few");
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const DOCX_TYPES: &[u8] = br#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const DOCM_TYPES: &[u8] = br#"<Types><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>"#;

/// A compound file (old Word) whose directory has a `Macros` storage.
fn doc_with_macros() -> Vec<u8> {
    let mut bytes = vec![0u8; 1024];
    bytes[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let name: Vec<u8> = "Macros"
        .encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes[640..640 + name.len()].copy_from_slice(&name);
    bytes[640 + 64] = u8::try_from(name.len()).expect("short");
    bytes[640 + 66] = 1;
    bytes
}

/// Rita's first own case, and her session.
async fn ritas_case(app: &TestApp, db: &storage::Db) -> (storage::cases::CaseId, String, String) {
    let account = storage::accounts::find_by_email(db, RITA)
        .await
        .expect("query")
        .expect("rita");
    let open = storage::cases::for_resident(db, account.id)
        .await
        .expect("cases");
    let calendar = storage::reference::calendar(db).await.expect("calendar");
    let mut found = None;
    for line in open {
        let stored = storage::cases::load(db, line.id, &calendar)
            .await
            .expect("case");
        if domain::lifecycle::customer::add_information(&stored.case) {
            found = Some((line.id, line.reference.to_string()));
            break;
        }
    }
    let (id, reference) = found.expect("a case of Rita's that takes files");
    let cookie = session_for(app, RITA, server::demo::DEMO_PASSWORD).await;
    (id, reference, cookie)
}

async fn add_file(
    app: &TestApp,
    cookie: &str,
    reference: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().percent_encode_noop().part(
        "evidence",
        reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    app.client
        .post(app.url(&format!("/cases/{reference}/files")))
        .header(header::COOKIE, cookie)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn file_names_lose_control_and_format_characters() {
    for backend in backends() {
        let (app, db) = demo_app(backend).await;
        let (id, reference, rita) = ritas_case(&app, &db).await;
        // Shown as "invoiceexe.pdf"… or worse, with the override.
        let response = add_file(
            &app,
            &rita,
            &reference,
            "invoice\u{202E}\u{200B}fdp.pdf",
            PDF,
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert!(location(&response).contains("file=added"), "{backend}");
        let files = storage::attachments::for_case(&db, id)
            .await
            .expect("files");
        let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
        assert!(names.contains(&"invoicefdp.pdf"), "{backend}: {names:?}");
        assert!(
            names.iter().all(|n| !n.contains('\u{202E}')),
            "{backend}: {names:?}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn office_files_with_macros_are_refused_whatever_their_name() {
    for backend in backends() {
        let (app, db) = demo_app(backend).await;
        let (id, reference, rita) = ritas_case(&app, &db).await;
        let before = storage::attachments::for_case(&db, id)
            .await
            .expect("files")
            .len();
        let docm = zip(&[
            ("[Content_Types].xml", DOCM_TYPES),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"project"),
        ]);
        // The project renamed: the content types still declare it.
        let hidden = zip(&[
            ("[Content_Types].xml", DOCM_TYPES),
            ("word/document.xml", b"<w:document/>"),
            ("word/data.bin", b"project"),
        ]);
        for (name, bytes) in [
            ("letter.docx", &docm),
            ("letter.zip", &docm),
            ("letter.docx", &hidden),
            ("old letter.doc", &doc_with_macros()),
        ] {
            let response = add_file(&app, &rita, &reference, name, bytes).await;
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{backend}: {name}"
            );
            let back = location(&response);
            assert!(
                back.contains("file_error=macros"),
                "{backend}: {name}: {back}"
            );
            let (_, page) = get_page(&app, &back, Some(&rita)).await;
            assert!(
                page.contains("The selected file contains macros"),
                "{backend}: {name}: the message next to the field"
            );
        }
        assert_eq!(
            storage::attachments::for_case(&db, id)
                .await
                .expect("files")
                .len(),
            before,
            "{backend}: nothing kept"
        );
        // The same document without macros is taken.
        let docx = zip(&[
            ("[Content_Types].xml", DOCX_TYPES),
            ("word/document.xml", b"<w:document/>"),
        ]);
        let response = add_file(&app, &rita, &reference, "letter.docx", &docx).await;
        assert!(location(&response).contains("file=added"), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_file_s_address_is_a_random_token_not_its_number() {
    for backend in backends() {
        let (app, db) = demo_app(backend).await;
        let (id, reference, rita) = ritas_case(&app, &db).await;
        for name in ["one.pdf", "two.pdf"] {
            let response = add_file(&app, &rita, &reference, name, PDF).await;
            assert!(location(&response).contains("file=added"), "{backend}");
        }
        let (_, page) = get_page(&app, &format!("/cases/{reference}"), Some(&rita)).await;
        let addresses: Vec<&str> = page
            .split("href=\"/files/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(addresses.len() >= 2, "{backend}: {addresses:?}");
        for address in &addresses {
            assert!(
                address.len() == 32 && address.bytes().all(|b| b.is_ascii_hexdigit()),
                "{backend}: /files/{address}"
            );
            let (status, _) = get_page(&app, &format!("/files/{address}"), Some(&rita)).await;
            assert_eq!(status, StatusCode::OK, "{backend}");
        }
        // The row numbers open nothing.
        for file in storage::attachments::for_case(&db, id)
            .await
            .expect("files")
        {
            let (status, _) = get_page(&app, &format!("/files/{}", file.id), Some(&rita)).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{backend}: /files/{}",
                file.id
            );
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A refused form post goes back to the page it came from, as its `Referer` says. A post
/// whose `Referer` names another site (which no browser sends with a post of this site's
/// own forms) is refused before the application sees it, so nothing, least of all the
/// sealed error, is handed there.
#[tokio::test]
async fn a_refused_post_is_sent_back_only_to_a_page_on_this_site() {
    let app = spawn_app("sqlite").await;
    for referer in ["https://evil.example/x", "//evil.example", "not an address"] {
        for endpoint in ["enter_second_factor", "sign_in"] {
            let response = app
                .client
                .post(app.url(&format!("/api/{endpoint}")))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, referer)
                .form(&[("code", "123456"), ("email", "x@example.org")])
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{referer}");
            assert!(
                response.headers().get(header::LOCATION).is_none(),
                "{referer}"
            );
        }
    }
    for (referer, expected, with_error) in [(app.url("/sign-in"), "http://", true)] {
        // A form that goes back where it came from (the framework's way).
        let response = app
            .client
            .post(app.url("/api/enter_second_factor"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, &referer)
            .form(&[("code", "123456")])
            .send()
            .await
            .expect("request");
        let to = location(&response);
        assert!(to.starts_with(expected), "{referer}: {to}");
        assert!(!to.contains("evil"), "{referer}: {to}");
        assert_eq!(to.contains("__err="), with_error, "{referer}: {to}");

        // A form that goes back with what was typed names its own page, whatever the
        // Referer says, and never carries the password.
        let response = app
            .client
            .post(app.url("/api/sign_in"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, &referer)
            .form(&[
                ("email", "x@example.org"),
                ("password", "wrong-password"),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("request");
        let to = location(&response);
        assert!(to.starts_with("/sign-in?"), "{referer}: {to}");
        assert!(
            to.contains("__err=") && to.contains("email=x%40example.org"),
            "{to}"
        );
        assert!(!to.contains("wrong-password"), "{to}");
    }
    app.stop().await;
}

/// A server function reads only a form: a body sent as `text/plain` (which a page on another
/// site may send without asking the browser's permission) is refused unread.
#[tokio::test]
async fn a_server_function_reads_only_a_form() {
    let app = spawn_app("sqlite").await;
    let response = app
        .client
        .post(app.url("/api/sign_in"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body("email=x%40example.org&password=wrong&next=/")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = sign_in_request(&app, &[("email", "x@example.org"), ("password", "wrong")])
        .send()
        .await
        .expect("request");
    assert_ne!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    app.stop().await;
}
