//! Letter wording through the real server: only an administrator changes it; a preview
//! without JavaScript shows the sample letter in the words typed and saves nothing; a save
//! that drops the next step's date is refused next to the field with the words kept; a
//! save makes a new version, listed with who saved it; a save from a page opened before
//! someone else's is refused; and Putright's own wording can be put back. On SQLite and,
//! when configured, PostgreSQL.

use crate::support;

use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

const LIST: &str = "/admin/letters";
const PAGE: &str = "/admin/letters/acknowledgement";

const NEXT: &str = "Our repairs lead will look into it.\n\nWe will reply by {respond_by}.";

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// The acknowledgement's form as the page posts it: every passage (Putright's words unless
/// `changed`), the version the page was opened at, and the button pressed.
fn form_fields(in_use: u32, intent: &str, changed: &[(&str, &str)]) -> Vec<(String, String)> {
    let kind = domain::letters::LetterKind::Acknowledgement;
    let mut fields = vec![
        ("kind".to_owned(), kind.as_str().to_owned()),
        ("in_use".to_owned(), in_use.to_string()),
        ("intent".to_owned(), intent.to_owned()),
    ];
    for passage in domain::letters::template::passages(kind) {
        let name = passage.part.as_str();
        let text = changed
            .iter()
            .find(|(field, _)| *field == name)
            .map_or(passage.default, |(_, text)| text);
        fields.push((name.to_owned(), text.to_owned()));
    }
    fields
}

#[tokio::test]
async fn an_administrator_previews_saves_and_puts_back_a_letters_wording() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let chris = session_for(&app, "chris.complaints@example.org", password).await;

        // Staff, the complaints manager included, neither see nor change it.
        for page in [LIST, PAGE] {
            let (status, _) = get_page(&app, page, Some(&chris)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {page}");
        }
        let (status, _) = call_api(
            &app,
            &chris,
            "save_letter_wording",
            &pairs(&form_fields(0, "save", &[("next", NEXT)])),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        // The list: every kind, Putright's own wording.
        let (status, html) = get_page(&app, LIST, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        for kind in domain::letters::LetterKind::ALL {
            assert!(
                main.contains(&format!("/admin/letters/{}", kind.as_str())),
                "{backend}: {kind:?}"
            );
        }
        assert!(
            main.contains("Putright&#x27;s own wording") || main.contains("Putright's own wording")
        );
        let (status, _) = get_page(&app, "/admin/letters/no_such_letter", Some(&ada)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        // The page shows our wording and a sample letter dated today.
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        let main = main_part(&html);
        assert!(
            main.contains("A manager from the service involved"),
            "{backend}"
        );
        assert!(
            main.contains(&domain::deadlines::long_date(today())),
            "{backend}: dated today"
        );
        assert!(main.contains("Alex Sample"), "{backend}");

        // Preview without JavaScript: the page again with the words typed, nothing saved.
        let back = post_without_javascript(
            &app,
            "save_letter_wording",
            PAGE,
            &ada,
            &pairs(&form_fields(0, "preview", &[("next", NEXT)])),
        )
        .await;
        assert!(
            back.starts_with(PAGE) && back.ends_with("#preview"),
            "{backend}: {back}"
        );
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        let (typed, preview) = main.split_once(r#"id="preview""#).expect("a preview");
        assert!(
            typed.contains("We will reply by {respond_by}."),
            "{backend}: the form keeps what was typed"
        );
        assert!(
            preview.contains("Our repairs lead will look into it."),
            "{backend}"
        );
        assert!(preview.contains("We will reply by "), "{backend}");
        assert!(
            !preview.contains("{respond_by}"),
            "{backend}: filled in: {preview}"
        );
        assert!(
            storage::letter_templates::newest(&db, domain::letters::LetterKind::Acknowledgement)
                .await
                .expect("read")
                .is_none(),
            "{backend}: nothing saved"
        );

        // Dropping the date is refused next to the field, with the words kept.
        let back = post_without_javascript(
            &app,
            "save_letter_wording",
            PAGE,
            &ada,
            &pairs(&form_fields(
                0,
                "save",
                &[
                    ("subject", "Your complaint, {refrence}"),
                    ("next", "We will reply soon."),
                ],
            )),
        )
        .await;
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(main.contains("must keep {respond_by}"), "{backend}: {main}");
        assert!(
            main.contains("{refrence} is not something this part can say"),
            "{backend}"
        );
        assert!(main.contains("We will reply soon."), "{backend}: kept");

        // Saved: version 1, in use, listed with who saved it.
        let back = post_without_javascript(
            &app,
            "save_letter_wording",
            PAGE,
            &ada,
            &pairs(&form_fields(0, "save", &[("next", NEXT)])),
        )
        .await;
        assert_eq!(back, format!("{PAGE}?saved=1"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(main.contains("Version 1 is saved."), "{backend}");
        assert!(main.contains("by Ada Admin"), "{backend}");
        assert!(
            main.contains("What happens next"),
            "{backend}: the part it changed"
        );
        let (_, html) = get_page(&app, LIST, Some(&ada)).await;
        assert!(
            main_part(&html).contains("Version 1, saved on"),
            "{backend}"
        );

        // A page opened before that save cannot overwrite it unseen.
        let (status, body) = call_api(
            &app,
            &ada,
            "save_letter_wording",
            &pairs(&form_fields(0, "save", &[("next", NEXT)])),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert!(
            body.contains("Someone else saved a new version"),
            "{backend}: {body}"
        );

        // Put back: version 2, Putright's own words again.
        let back = post_without_javascript(
            &app,
            "save_letter_wording",
            PAGE,
            &ada,
            &pairs(&form_fields(1, "restore", &[])),
        )
        .await;
        assert_eq!(back, format!("{PAGE}?saved=2"), "{backend}");
        let current =
            storage::letter_templates::current(&db, domain::letters::LetterKind::Acknowledgement)
                .await
                .expect("read");
        assert_eq!(current.version, 2);
        assert!(current.is_standard(), "{backend}");

        // Starting again from version 1's words.
        let (_, html) = get_page(&app, &format!("{PAGE}?from=1"), Some(&ada)).await;
        assert!(
            main_part(&html).contains("Our repairs lead will look into it."),
            "{backend}"
        );
        let (status, _) = get_page(&app, &format!("{PAGE}?from=9"), Some(&ada)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        app.stop().await;
    }
}

/// The administration pages are gathered on one page the bar links to, so an
/// administrator's bar is a few links, not sixteen; someone without any is refused it.
#[tokio::test]
async fn the_administration_page_gathers_the_pages_the_bar_no_longer_lists() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let chris = session_for(&app, "chris.complaints@example.org", password).await;
        let mo = session_for(&app, "mo.manager@example.org", password).await;

        let (status, html) = get_page(&app, "/admin", Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let (header, main) = html.split_once("<main").expect("a main part");
        assert!(
            header.contains(r#"href="/admin" aria-current="page""#),
            "{backend}"
        );
        for href in [
            "/admin/letters",
            "/admin/calendar",
            "/admin/staff",
            "/admin/retention",
        ] {
            assert!(
                !header.contains(&format!(r#"href="{href}""#)),
                "{backend}: {href} not in the bar"
            );
            assert!(
                main.contains(&format!(r#"href="{href}""#)),
                "{backend}: {href} on the page"
            );
        }
        // The complaints manager's own: the import and retention, not the letters.
        let (status, html) = get_page(&app, "/admin", Some(&chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains(r#"href="/admin/retention""#), "{backend}");
        assert!(!main.contains(r#"href="/admin/letters""#), "{backend}");
        // A manager has none.
        let (status, html) = get_page(&app, "/admin", Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        assert!(
            !html.contains(r#"href="/admin""#),
            "{backend}: not in a manager's bar"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_list_names_who_saved_each_kinds_wording() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        // The same administrator puts back Putright's own words on two kinds of letter.
        let kinds = &domain::letters::LetterKind::ALL[..2];
        for kind in kinds {
            let mut fields = vec![
                ("kind".to_owned(), kind.as_str().to_owned()),
                ("in_use".to_owned(), "0".to_owned()),
                ("intent".to_owned(), "restore".to_owned()),
            ];
            for passage in domain::letters::template::passages(*kind) {
                fields.push((passage.part.as_str().to_owned(), passage.default.to_owned()));
            }
            let (status, body) = call_api(&app, &ada, "save_letter_wording", &pairs(&fields)).await;
            assert!(status.is_success(), "{backend}: {kind:?}: {status} {body}");
        }
        let (_, html) = get_page(&app, LIST, Some(&ada)).await;
        let main = main_part(&html);
        assert_eq!(
            main.matches("by Ada Admin").count(),
            kinds.len(),
            "{backend}: each kind names who saved it: {main}"
        );
        app.stop().await;
    }
}
