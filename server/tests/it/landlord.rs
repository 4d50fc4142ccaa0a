//! The landlord's own details, against the real server: the demo landlord's until an
//! administrator sets them, then on the front page and in every page's footer; every
//! problem with the form refused at once, with what was typed kept; nobody else may set
//! them.

use crate::support;

use domain::Role;
use reqwest::StatusCode;
use storage::test_support::backends;
use support::{
    call_api, get_page, main_part, post_without_javascript, refused_fields, session_for, spawn_app,
};

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn an_administrator_sets_the_landlords_details_and_every_page_gives_them() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.add_account("ada@example.org", "Ada Admin", Role::Admin, PASSWORD)
            .await;
        app.add_account(
            "cm@example.org",
            "Chris Complaints",
            Role::ComplaintsManager,
            PASSWORD,
        )
        .await;
        let ada = session_for(&app, "ada@example.org", PASSWORD).await;
        let chris = session_for(&app, "cm@example.org", PASSWORD).await;

        // The demo landlord's details until set, on the front page and in the footer.
        let (status, html) = get_page(&app, "/", None).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(main_part(&html).contains("0113 496 0000"), "{backend}");
        let footer = &html[html.find("<footer").expect("a footer")..];
        assert!(
            footer.contains("Contact Northgate Homes about a complaint"),
            "{backend}"
        );
        assert!(footer.contains(r#"href="tel:+441134960000""#), "{backend}");

        // Nobody but an administrator: not even the complaints manager.
        let fields = [
            ("name", "Riverside Housing"),
            ("address", "Complaints team\n2 Mill Lane\nBradford\nBD1 1AA"),
            ("phone", "01274 960 000"),
            ("email", "complaints@riverside.example"),
        ];
        let (status, _) = call_api(&app, &chris, "set_landlord", &fields).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get_page(&app, "/admin/landlord", Some(&chris)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        // Every problem at once, each named for its field.
        let (status, body) = call_api(
            &app,
            &ada,
            "set_landlord",
            &[
                ("name", " "),
                ("address", "2 Mill Lane"),
                ("phone", "12345"),
                ("email", "nobody"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");
        assert_eq!(
            refused_fields(&body),
            ["name", "phone", "email"],
            "{backend}"
        );

        // Without JavaScript: back to the form, every message shown, what was typed kept.
        let back = post_without_javascript(
            &app,
            "set_landlord",
            "/admin/landlord",
            &ada,
            &[
                ("name", ""),
                ("address", "2 Mill Lane"),
                ("phone", "12345"),
                ("email", "nobody"),
            ],
        )
        .await;
        let (status, html) = get_page(&app, &back, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        for id in ["name-error", "phone-error", "email-error"] {
            assert!(main.contains(&format!(r#"id="{id}""#)), "{backend}: {id}");
        }
        assert!(
            main.contains(r#"value="12345""#),
            "{backend}: the phone typed is kept"
        );
        assert!(
            main.contains("2 Mill Lane"),
            "{backend}: the address typed is kept"
        );
        assert!(
            !main.contains(r#"value="Northgate Homes""#),
            "{backend}: the name left blank comes back blank"
        );

        // Saved: the settings page says so, and the front page and footer follow at once.
        let back =
            post_without_javascript(&app, "set_landlord", "/admin/landlord", &ada, &fields).await;
        assert_eq!(back, "/admin/landlord?saved=1", "{backend}");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(main.contains("details are saved."), "{backend}");
        assert!(main.contains("by Ada Admin"), "{backend}: {main}");
        let (_, html) = get_page(&app, "/", None).await;
        assert!(main_part(&html).contains("01274 960 000"), "{backend}");
        assert!(
            html.contains("Contact Riverside Housing about a complaint"),
            "{backend}"
        );
        assert!(html.contains("complaints@riverside.example"), "{backend}");
        let db = app.db().await;
        assert_eq!(
            storage::settings::landlord(&db).await.expect("read").name,
            "Riverside Housing",
            "{backend}"
        );
        app.stop().await;
    }
}
