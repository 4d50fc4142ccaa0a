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

#[tokio::test]
async fn an_administrator_changes_the_ombudsmans_details_in_one_place_and_every_page_gives_them() {
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

        // The published details, built in, until set.
        let (_, html) = get_page(&app, "/", None).await;
        let footer = &html[html.find("<footer").expect("a footer")..];
        assert!(footer.contains(r#"href="tel:+443001113000""#), "{backend}");
        assert!(
            footer.contains("info@housing-ombudsman.org.uk"),
            "{backend}"
        );

        let fields = [
            (
                "ombudsman_address",
                "Housing Ombudsman Service\nPO Box 999\nLiverpool\nL1 1AA",
            ),
            ("ombudsman_phone", "0300 123 4567"),
            ("ombudsman_email", "help@ombudsman.example"),
            ("ombudsman_website", "https://www.ombudsman.example/"),
        ];
        // Nobody but an administrator.
        let (status, _) = call_api(&app, &chris, "set_ombudsman", &fields).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get_page(&app, "/admin/ombudsman", Some(&chris)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        // Every problem at once, what was typed kept.
        let to = post_without_javascript(
            &app,
            "set_ombudsman",
            "/admin/ombudsman",
            &ada,
            &[
                ("ombudsman_address", ""),
                ("ombudsman_phone", "12345"),
                ("ombudsman_email", "help@ombudsman.example"),
                ("ombudsman_website", "javascript:alert(1)"),
            ],
        )
        .await;
        let (_, refused) = get_page(&app, &to, Some(&ada)).await;
        assert!(refused.contains("Enter the postal address"), "{backend}");
        assert!(
            refused.contains("Enter the website&#x27;s name")
                || refused.contains("Enter the website's name"),
            "{backend}"
        );
        assert!(
            refused.contains(r#"value="help@ombudsman.example""#),
            "{backend}"
        );
        let (status, body) =
            call_api(&app, &ada, "set_ombudsman", &[("ombudsman_phone", "x")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}: {body}");

        let to =
            post_without_javascript(&app, "set_ombudsman", "/admin/ombudsman", &ada, &fields).await;
        assert_eq!(to, "/admin/ombudsman?saved=1", "{backend}");
        let (_, page) = get_page(&app, &to, Some(&ada)).await;
        assert!(page.contains("Changed on"), "{backend}");
        assert!(page.contains("by Ada Admin"), "{backend}");
        assert!(
            page.contains(r#"value="www.ombudsman.example""#),
            "{backend}"
        );
        let (_, html) = get_page(&app, "/", None).await;
        let footer = &html[html.find("<footer").expect("a footer")..];
        assert!(footer.contains(r#"href="tel:+443001234567""#), "{backend}");
        assert!(footer.contains("help@ombudsman.example"), "{backend}");
        assert!(!footer.contains("0300 111 3000"), "{backend}");
        app.stop().await;
    }
}

/// Another app server saved new details: this one shows them in every footer once it has
/// read them again ([`app::state::refresh`], every 30 seconds in a server; a twentieth of a
/// second here). Until then the footer keeps the details it read.
#[tokio::test]
async fn details_another_server_saved_reach_this_one_when_it_reads_them_again() {
    storage::test_support::on_each_backend(|db, backend| async move {
        let contacts = app::state::SharedContacts::read(&db).await.expect("read");
        let calendar =
            app::state::SharedCalendar::new(storage::reference::calendar(&db).await.expect("read"));
        assert_eq!(
            contacts.current().landlord,
            domain::Landlord::demo(),
            "{backend}"
        );

        let ada = storage::accounts::create(
            &db,
            "ada@example.org",
            "Ada Admin",
            Role::Admin,
            PASSWORD,
            chrono::Utc::now(),
        )
        .await
        .expect("an account")
        .id;
        let mut riverside = domain::Landlord::demo();
        riverside.name = "Riverside Housing".into();
        storage::settings::set_landlord(&db, &riverside, ada, chrono::Utc::now())
            .await
            .expect("saved, as by another server");
        assert_eq!(
            contacts.current().landlord,
            domain::Landlord::demo(),
            "{backend}: kept until read again"
        );

        let refresh = tokio::spawn(app::state::refresh(
            db.clone(),
            calendar,
            contacts.clone(),
            std::time::Duration::from_millis(50),
        ));
        let mut waited = 0;
        while contacts.current().landlord != riverside {
            assert!(waited < 200, "{backend}: never read again");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            waited += 1;
        }
        refresh.abort();
    })
    .await;
}
