//! The retention schedule through the real server: an administrator or the complaints
//! manager sets the period (refused outside the rules, what was typed kept) and sees what
//! falls due; the complaints manager holds a case and lifts the hold, no one else can; the
//! sweep erases a case past its date with its file, and the staff case page says so. On
//! SQLite and, when configured, PostgreSQL.

use crate::support;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use domain::{Case, TimelineItem};
use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

const PAGE: &str = "/admin/retention";

/// A complaint by phone received in January 2015 and withdrawn on 2 February 2015, with
/// a file: well past six years.
async fn old_case(app: &TestApp, db: &storage::Db) -> (storage::cases::CaseId, String, String) {
    let calendar = domain::Calendar::england_and_wales();
    let received = Utc
        .with_ymd_and_hms(2015, 1, 12, 10, 0, 0)
        .single()
        .expect("a time");
    let (id, reference) = new_case_for(
        db,
        &calendar,
        storage::cases::Opening::Complaint,
        domain::Channel::Phone,
        received,
        pat_caller(),
        "Secret: the boiler in flat 9",
    )
    .await;
    let mut stored = storage::cases::load(db, id, &calendar)
        .await
        .expect("loaded");
    let Case::Complaint(c) = &mut stored.case else {
        panic!("a complaint")
    };
    let event = c
        .withdraw(NaiveDate::from_ymd_opt(2015, 2, 2).expect("a date"))
        .expect("withdrawn");
    storage::cases::save(
        db,
        id,
        stored.version,
        &stored.case,
        &[(
            storage::cases::Who::system(),
            TimelineItem::Transition { event, note: None },
        )],
        received,
        &calendar,
    )
    .await
    .expect("saved");
    let key = storage::blobs::new_key();
    let blobs = app.blobs().await;
    blobs
        .put(&key, Box::new(&b"a secret letter"[..]), 1024)
        .await
        .expect("stored");
    storage::attachments::record(
        db,
        id,
        &storage::attachments::NewAttachment {
            file_name: "secret-letter.txt".into(),
            content_type: "text/plain".into(),
            size_bytes: 15,
            sha256: "0".repeat(64),
            storage_key: key.clone(),
        },
        &storage::cases::Who::system(),
        received,
    )
    .await
    .expect("attached");
    (id, reference, key)
}

#[tokio::test]
async fn the_schedule_is_set_cases_are_held_and_the_sweep_erases_what_is_due() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let chris = session_for(&app, "chris.complaints@example.org", password).await;
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let (id, reference, key) = old_case(&app, &db).await;

        // Who may see the schedule.
        let (status, _) = get_page(&app, PAGE, Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = call_api(&app, &mo, "set_retention", &[("retention_years", "7")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, html) = get_page(&app, PAGE, Some(&chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("The default, 6 years, applies"), "{backend}");
        assert!(
            main.contains(&format!("{reference}<br")),
            "{backend}: listed as due: {main}"
        );
        assert!(main.contains("(due now)"), "{backend}");

        // Refused outside the rules, what was typed kept; then saved.
        let back = post_without_javascript(
            &app,
            "set_retention",
            PAGE,
            &ada,
            &[("retention_years", "20")],
        )
        .await;
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(
            main.contains("Enter a number of years from 1 to 15"),
            "{backend}: {main}"
        );
        assert!(
            input_with(main, &[r#"name="retention_years""#, r#"value="20""#]).is_some(),
            "{backend}: kept"
        );
        let back = post_without_javascript(
            &app,
            "set_retention",
            PAGE,
            &ada,
            &[("retention_years", "7")],
        )
        .await;
        assert_eq!(back, format!("{PAGE}?saved=1"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(main.contains("by Ada Admin"), "{backend}");
        assert!(
            input_with(main, &[r#"name="retention_years""#, r#"value="7""#]).is_some(),
            "{backend}"
        );

        // Only the complaints manager holds a case; the case page offers it to them alone.
        let case_page = format!("/staff/cases/{reference}");
        let (_, html) = get_page(&app, &case_page, Some(&chris)).await;
        assert!(html.contains("Retention and legal hold"), "{backend}");
        let (_, html) = get_page(&app, &case_page, Some(&mo)).await;
        assert!(!html.contains("Retention and legal hold"), "{backend}");
        let hold_page = format!("{case_page}/retention");
        let (status, _) = get_page(&app, &hold_page, Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = call_api(
            &app,
            &mo,
            "place_hold",
            &[("reference", &reference), ("hold_reason", "Mine")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let back = post_without_javascript(
            &app,
            "place_hold",
            &hold_page,
            &chris,
            &[("reference", &reference), ("hold_reason", "  ")],
        )
        .await;
        let (_, html) = get_page(&app, &back, Some(&chris)).await;
        assert!(
            main_part(&html).contains("Say why the case must be kept"),
            "{backend}"
        );
        let back = post_without_javascript(
            &app,
            "place_hold",
            &hold_page,
            &chris,
            &[
                ("reference", &reference),
                ("hold_reason", "Disrepair claim K24 at the county court"),
            ],
        )
        .await;
        assert_eq!(back, format!("{hold_page}?saved=held"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&chris)).await;
        let main = main_part(&html);
        assert!(
            main.contains("Under a legal hold: </strong>Disrepair claim K24"),
            "{backend}: {main}"
        );
        assert!(main.contains("by Chris"), "{backend}");

        // Held: the sweep keeps it, and the schedule page says why.
        let blobs = app.blobs().await;
        let swept = server::sweep::sweep_once(&db, &*blobs, now())
            .await
            .expect("swept");
        let (_, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert!(
            main_part(&html).contains("Legal hold: Disrepair claim K24"),
            "{backend}"
        );
        let still = storage::cases::load(&db, id, &domain::Calendar::england_and_wales())
            .await
            .expect("loaded");
        assert!(still.erased_at.is_none(), "{backend}: {swept:?}");

        // Lifted: the next sweep erases it with its file.
        let back = post_without_javascript(
            &app,
            "lift_hold",
            &hold_page,
            &chris,
            &[("reference", &reference)],
        )
        .await;
        assert_eq!(back, format!("{hold_page}?saved=lifted"), "{backend}");
        let swept = server::sweep::sweep_once(&db, &*blobs, now() + Duration::minutes(5))
            .await
            .expect("swept");
        assert!(swept.erased >= 1, "{backend}: {swept:?}");
        assert!(
            matches!(
                blobs.open(&key).await,
                Err(storage::blobs::BlobError::NotFound)
            ),
            "{backend}: the file is gone"
        );
        let (_, html) = get_page(&app, &case_page, Some(&chris)).await;
        let main = main_part(&html);
        assert!(
            main.contains("personal data was erased on"),
            "{backend}: {main}"
        );
        assert!(!main.contains("Secret"), "{backend}: {main}");
        assert!(!main.contains("secret-letter"), "{backend}");
        let (_, html) = get_page(&app, &hold_page, Some(&chris)).await;
        let main = main_part(&html);
        assert!(
            main.contains("Its personal data was erased on"),
            "{backend}"
        );
        assert!(
            !main.contains("Place a legal hold"),
            "{backend}: nothing left to hold"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}
