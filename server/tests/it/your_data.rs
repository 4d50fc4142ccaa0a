//! A resident downloads their own data: their account, the contact details held for them
//! and every case of theirs as their pages show it, as a JSON file, and nothing of anyone
//! else's; staff and visitors are refused. On SQLite and, when configured, PostgreSQL.

use crate::support;

use reqwest::{StatusCode, header};
use storage::test_support::backends;
use support::*;

#[tokio::test]
async fn a_resident_downloads_their_own_data_and_nobody_else_s() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, rita, customer) = demo_rita(&db).await;
        let cookie = session_for(&app, "rita.resident@example.org", password).await;

        let (_, page) = get_page(&app, "/cases", Some(&cookie)).await;
        assert!(
            page.contains(r#"href="/api/your_data""#),
            "{backend}: linked from their cases"
        );

        let response = app
            .client
            .get(app.url("/api/your_data"))
            .header(header::COOKIE, &cookie)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        let disposition = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            disposition.starts_with("attachment"),
            "{backend}: {disposition}"
        );
        let data: app::your_data::PersonalData = response.json().await.expect("JSON");
        assert_eq!(data.account.email, rita.email, "{backend}");
        let details = storage::customers::find(&db, customer)
            .await
            .expect("her record");
        assert_eq!(
            data.contact_details.as_ref().map(|c| c.name.as_str()),
            Some(details.details.name.as_str()),
            "{backend}"
        );
        let hers: Vec<String> = storage::cases::for_resident(&db, rita.id)
            .await
            .expect("her cases")
            .into_iter()
            .map(|c| c.reference.to_string())
            .collect();
        assert!(!hers.is_empty(), "{backend}: the demo gives Rita cases");
        let downloaded: Vec<&str> = data.cases.iter().map(|c| c.reference.as_str()).collect();
        assert_eq!(downloaded.len(), hers.len(), "{backend}");
        for reference in &hers {
            assert!(
                downloaded.contains(&reference.as_str()),
                "{backend}: {reference}"
            );
        }
        // Nothing of anyone else's: no other case's reference appears anywhere in the file.
        let whole = serde_json::to_string(&data).expect("JSON");
        let others = storage::test_support::count_rows(
            &db,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE customer_id IS NULL OR customer_id <> {customer}"
            ),
        )
        .await
        .expect("count");
        assert!(others > 0, "{backend}: the demo has other people's cases");
        assert!(
            !whole.contains("Priya"),
            "{backend}: another customer's name"
        );

        for (who, cookie) in [
            (
                "staff",
                Some(session_for(&app, "sam.officer@example.org", password).await),
            ),
            ("nobody", None),
        ] {
            let mut request = app.client.get(app.url("/api/your_data"));
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let status = request.send().await.expect("request").status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {who}");
        }
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Pat Caller with a complaint about the lift: the case, its reference and Pat's record.
async fn pat_with_a_case(
    db: &storage::Db,
    calendar: &domain::Calendar,
) -> (storage::cases::CaseId, String, i32) {
    let (case, reference) = new_case_for(
        db,
        calendar,
        storage::cases::Opening::Complaint,
        domain::Channel::Phone,
        now(),
        pat_caller(),
        "The lift at my block is broken again",
    )
    .await;
    let customer = storage::cases::load(db, case, calendar)
        .await
        .expect("loaded")
        .customer
        .expect("Pat")
        .id;
    (case, reference, customer)
}

/// A subject access request answered by the complaints manager: one archive with a
/// summary, the data and the files, the person's own details kept and other people's
/// removed; nobody else may make it, and an unknown person is not found.
#[tokio::test]
async fn the_complaints_manager_downloads_everything_held_about_one_person() {
    use std::io::Read;
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let chris = session_for(&app, "chris.complaints@example.org", password).await;
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let calendar = domain::Calendar::england_and_wales();
        let (case, reference, customer) = pat_with_a_case(&db, &calendar).await;
        let staff = storage::cases::Who::system();
        storage::representatives::name(
            &db,
            case,
            &storage::representatives::NewRepresentative {
                user_id: None,
                name: "Sam Helper".into(),
                relationship: Some("Son".into()),
                contact: Some("07700 900999".into()),
            },
            &staff,
            now(),
        )
        .await
        .expect("named");
        storage::cases::append(
            &db,
            case,
            &staff,
            &domain::TimelineItem::Note {
                text: "Pat Caller (07700 900123, LS1 4AB) says Sam Helper and Mr Jones at LS2 9ZZ saw it."
                    .into(),
            },
            now(),
        )
        .await
        .expect("noted");
        let blobs = app.blobs().await;
        let key = storage::blobs::new_key();
        blobs
            .put(&key, Box::new(&b"photo of the lift"[..]), 1024)
            .await
            .expect("stored");
        storage::attachments::record(
            &db,
            case,
            &storage::attachments::NewAttachment {
                file_name: "lift photo.txt".into(),
                content_type: "text/plain".into(),
                size_bytes: 17,
                sha256: "0".repeat(64),
                storage_key: key,
            },
            &staff,
            now(),
        )
        .await
        .expect("attached");
        let page = format!("/staff/customers/{customer}/data");
        let zip = format!("{page}.zip");

        let (status, _) = get_page(&app, &page, Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get_page(&app, &zip, Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get_page(&app, &zip, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        // Refused before the address is read: the same answer for one that names nobody.
        let (status, _) = get_page(&app, "/staff/customers/not-a-number/data.zip", Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get_page(&app, "/staff/customers/99999/data.zip", Some(&chris)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");

        let (status, html) = get_page(&app, &page, Some(&chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            main_part(&html).contains("Everything we hold about Pat Caller"),
            "{backend}"
        );
        assert!(main_part(&html).contains(&format!("{zip}\"")), "{backend}");
        let (_, html) = get_page(&app, &format!("/staff/cases/{reference}"), Some(&chris)).await;
        assert!(
            html.contains("Everything we hold about Pat Caller"),
            "{backend}: linked"
        );

        let response = app
            .client
            .get(app.url(&zip))
            .header(header::COOKIE, &chris)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/zip",
            "{backend}"
        );
        let bytes = response.bytes().await.expect("body");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut read = |name: &str| {
            let mut text = String::new();
            archive
                .by_name(name)
                .unwrap_or_else(|_| panic!("{name} in the archive"))
                .read_to_string(&mut text)
                .expect("text");
            text
        };
        let summary = read("summary.html");
        for own in [
            "Pat Caller",
            "07700 900123",
            "LS1 4AB",
            "The lift at my block",
            &reference,
        ] {
            assert!(summary.contains(own), "{backend}: {own} kept");
        }
        for theirs in ["Sam Helper", "900999", "Jones", "LS2 9ZZ"] {
            assert!(
                !summary.contains(theirs),
                "{backend}: {theirs} removed: {summary}"
            );
        }
        let data: serde_json::Value = serde_json::from_str(&read("data.json")).expect("JSON");
        assert_eq!(data["person"]["name"], "Pat Caller", "{backend}");
        let file = data["cases"][0]["files"][0]["in_archive"]
            .as_str()
            .expect("a file")
            .to_owned();
        assert_eq!(
            file,
            format!("files/{reference}/1-lift_photo.txt"),
            "{backend}"
        );
        assert_eq!(read(&file), "photo of the lift", "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// A customer says their details are wrong: staff correct them, every problem shown at
/// once with what was typed kept, a correction that changes nothing refused, and each of
/// their cases records what changed and why, but not the old values.
#[tokio::test]
async fn staff_correct_a_customers_details_and_each_case_records_what_changed() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let sam = session_for(&app, "sam.officer@example.org", password).await;
        let ian = session_for(&app, "ian.panel@example.org", password).await;
        let calendar = domain::Calendar::england_and_wales();
        let (case, reference, customer) = pat_with_a_case(&db, &calendar).await;
        let page = format!("/staff/customers/{customer}/details");

        let (status, _) = get_page(&app, &page, Some(&ian)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = call_api(
            &app,
            &ian,
            "correct_details",
            &[("customer", &customer.to_string()), ("name", "Someone")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (_, html) = get_page(&app, &format!("/staff/cases/{reference}"), Some(&sam)).await;
        assert!(
            html.contains("Correct Pat Caller&#x27;s contact details")
                || html.contains("Correct Pat Caller's contact details"),
            "{backend}: linked"
        );
        let (status, html) = get_page(&app, &page, Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            input_with(
                main_part(&html),
                &[r#"name="postcode""#, r#"value="LS1 4AB""#]
            )
            .is_some(),
            "{backend}: starts from the details kept"
        );

        let id = customer.to_string();
        let unchanged = [
            ("customer", id.as_str()),
            ("name", "Pat Caller"),
            ("phone", "07700 900123"),
            ("postcode", "LS1 4AB"),
            ("correction_reason", "She rang"),
        ];
        let back = post_without_javascript(&app, "correct_details", &page, &sam, &unchanged).await;
        let (_, html) = get_page(&app, &back, Some(&sam)).await;
        assert!(
            main_part(&html).contains("Nothing has changed"),
            "{backend}"
        );

        let bad = [
            ("customer", id.as_str()),
            ("name", "Pat Caller"),
            ("phone", "07700 900123"),
            ("email", "pat at example"),
            ("preferred_contact", "email"),
            ("postcode", "LS2 7AA"),
            ("correction_reason", ""),
        ];
        let back = post_without_javascript(&app, "correct_details", &page, &sam, &bad).await;
        let (_, html) = get_page(&app, &back, Some(&sam)).await;
        let main = main_part(&html);
        assert!(
            main.contains("Say why the details are corrected"),
            "{backend}"
        );
        assert!(
            input_with(main, &[r#"name="email""#, r#"value="pat at example""#]).is_some(),
            "{backend}: kept"
        );

        let good = [
            ("customer", id.as_str()),
            ("name", "Pat Caller"),
            ("phone", "07700 900123"),
            ("email", "pat@example.org"),
            ("preferred_contact", "email"),
            ("address", "2 New Street, Leeds"),
            ("postcode", "ls2 7aa"),
            ("correction_reason", "She rang to say she has moved"),
        ];
        let back = post_without_javascript(&app, "correct_details", &page, &sam, &good).await;
        assert_eq!(back, format!("{page}?saved=1"), "{backend}");
        let stored = storage::cases::load(&db, case, &calendar)
            .await
            .expect("loaded");
        let details = stored.customer.expect("Pat").details;
        assert_eq!(details.postcode.as_deref(), Some("LS2 7AA"), "{backend}");
        assert_eq!(
            details.email.map(|e| e.as_str().to_owned()).as_deref(),
            Some("pat@example.org"),
            "{backend}"
        );
        let timeline = storage::cases::timeline(&db, case, true)
            .await
            .expect("timeline");
        let corrected = timeline
            .iter()
            .find(|e| matches!(e.item, domain::TimelineItem::DetailsCorrected { .. }))
            .expect("the customer sees the correction");
        assert_eq!(
            corrected.item.summary(),
            "Contact details corrected: email address, how they want to be contacted, address and postcode",
            "{backend}"
        );
        assert_eq!(
            corrected.item.detail().as_deref(),
            Some("She rang to say she has moved"),
            "{backend}"
        );
        assert!(
            !format!("{:?}", corrected.item).contains("LS1 4AB"),
            "{backend}: the old value is not kept"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}
