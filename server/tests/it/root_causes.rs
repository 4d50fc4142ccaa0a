//! The procedure's lists through the real server: root causes kept by an administrator or
//! the complaints manager (added, renamed, retired and restored; a refused name explained
//! next to its field with what was typed kept; the last one in use kept), and an
//! improvement action changed, given to another owner, marked done and reopened by a
//! manager, each step on its history. On SQLite and, when configured, PostgreSQL.

use crate::support;

use chrono::{Datelike, Days, NaiveDate};
use reqwest::StatusCode;
use storage::test_support::backends;
use support::*;

const PAGE: &str = "/admin/root-causes";

/// The query value of `key` in an address (`/x?added=5` gives `5`).
fn query_value(address: &str, key: &str) -> Option<String> {
    let (_, query) = address.split_once('?')?;
    query
        .split(['&', '#'])
        .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
        .map(str::to_owned)
}

#[tokio::test]
async fn root_causes_are_kept_by_an_admin_or_the_complaints_manager_and_only_those_in_use_are_offered()
 {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let ada = session_for(&app, "ada.admin@example.org", password).await;
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let chris = session_for(&app, "chris.complaints@example.org", password).await;

        // A manager may neither see nor change them.
        let (status, _) = get_page(&app, PAGE, Some(&mo)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = call_api(&app, &mo, "save_root_cause", &[("name", "Noise")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _) = get_page(&app, PAGE, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: not signed in");

        let (status, html) = get_page(&app, PAGE, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("Damp and mould"), "{backend}: {main}");
        assert!(main.contains("Add a root cause"), "{backend}");
        let (_, html) = get_page(&app, "/admin", Some(&ada)).await;
        assert!(
            main_part(&html).contains(r#"href="/admin/root-causes""#),
            "{backend}: on the admin's administration page"
        );

        // A name in use, in other capitals: refused next to the field, typed words kept.
        let back = post_without_javascript(
            &app,
            "save_root_cause",
            PAGE,
            &ada,
            &[
                ("id", ""),
                ("name", "damp AND mould"),
                ("description", "Wet walls"),
            ],
        )
        .await;
        assert!(back.starts_with(PAGE), "{backend}: {back}");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        let main = main_part(&html);
        assert!(
            main.contains("There is already a root cause called Damp and mould"),
            "{backend}: {main}"
        );
        assert!(main.contains("Wet walls"), "{backend}: kept");

        // Added, then renamed on its own page.
        let back = post_without_javascript(
            &app,
            "save_root_cause",
            PAGE,
            &ada,
            &[("id", ""), ("name", " Noise "), ("description", "")],
        )
        .await;
        let id = query_value(&back, "added").expect("added");
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        assert!(
            main_part(&html).contains("Noise is added. Staff can choose it now."),
            "{backend}"
        );
        let (status, html) = get_page(&app, &format!("{PAGE}/{id}"), Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(main_part(&html).contains("Rename Noise"), "{backend}");
        let (status, _) = get_page(&app, &format!("{PAGE}/999999"), Some(&ada)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        let back = post_without_javascript(
            &app,
            "save_root_cause",
            &format!("{PAGE}/{id}"),
            &ada,
            &[
                ("id", id.as_str()),
                ("name", "Noise nuisance"),
                ("description", "Loud neighbours"),
            ],
        )
        .await;
        assert_eq!(back, format!("{PAGE}?changed={id}"), "{backend}");

        // Offered to staff while in use; retired, no longer, but still listed.
        let offered = |html: &str| html.contains(&format!(r#"<option value="{id}""#));
        let (_, html) = get_page(&app, "/learning", Some(&chris)).await;
        assert!(offered(&html), "{backend}: offered on the learning page");
        assert!(
            html.contains("add, rename or retire a root cause"),
            "{backend}: the complaints manager is shown the way"
        );
        let back = post_without_javascript(
            &app,
            "set_root_cause_in_use",
            PAGE,
            &chris,
            &[("id", id.as_str()), ("in_use", "no")],
        )
        .await;
        assert_eq!(back, format!("{PAGE}?retired={id}"), "{backend}");
        let (_, html) = get_page(&app, "/learning", Some(&chris)).await;
        assert!(!offered(&html), "{backend}: retired, not offered");
        let (_, html) = get_page(&app, &back, Some(&chris)).await;
        let main = main_part(&html);
        assert!(main.contains("Noise nuisance is retired."), "{backend}");
        assert!(main.contains("Restore"), "{backend}");
        let back = post_without_javascript(
            &app,
            "set_root_cause_in_use",
            PAGE,
            &chris,
            &[("id", id.as_str()), ("in_use", "yes")],
        )
        .await;
        assert_eq!(back, format!("{PAGE}?restored={id}"), "{backend}");

        // The last one in use stays, with the reason on the page.
        let last = storage::learning::active(&db).await.expect("categories");
        for other in &last[1..] {
            storage::learning::set_category_in_use(&db, other.id, false)
                .await
                .expect("stored")
                .expect("retired");
        }
        let only = last[0].id.to_string();
        let back = post_without_javascript(
            &app,
            "set_root_cause_in_use",
            PAGE,
            &ada,
            &[("id", only.as_str()), ("in_use", "no")],
        )
        .await;
        let (_, html) = get_page(&app, &back, Some(&ada)).await;
        assert!(
            main_part(&html).contains("Keep at least one root cause in use"),
            "{backend}"
        );
        assert_eq!(
            storage::learning::active(&db)
                .await
                .expect("categories")
                .len(),
            1,
            "{backend}"
        );
        db.close().await.expect("closed");
        app.stop().await;
    }
}

fn due_fields(day: NaiveDate) -> [(&'static str, String); 3] {
    [
        ("due_day", day.day().to_string()),
        ("due_month", day.month().to_string()),
        ("due_year", day.year().to_string()),
    ]
}

#[tokio::test]
async fn a_manager_changes_an_action_gives_it_to_someone_else_and_reopens_it() {
    for backend in backends() {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        let (password, _, _) = demo_rita(&db).await;
        let mo = session_for(&app, "mo.manager@example.org", password).await;
        let sam_id = storage::accounts::find_by_email(&db, "sam.officer@example.org")
            .await
            .expect("query")
            .expect("sam")
            .id;
        let mo_id = storage::accounts::find_by_email(&db, "mo.manager@example.org")
            .await
            .expect("query")
            .expect("mo")
            .id;
        let damp = storage::learning::active(&db)
            .await
            .expect("categories")
            .into_iter()
            .find(|c| c.name == "Damp and mould")
            .expect("damp")
            .id;
        let due = today().checked_add_days(Days::new(30)).expect("a date");
        let id = storage::learning::add_action(
            &db,
            &storage::learning::NewAction {
                category_id: damp,
                case_id: None,
                text: domain::learning::ActionText::parse("Survey every flat").expect("text"),
                owner_id: mo_id,
                due_on: due,
            },
            storage::learning::Stamp {
                by: Some(mo_id),
                at: now(),
            },
        )
        .await
        .expect("stored")
        .expect("added")
        .to_string();
        let page = format!("/learning/actions/{id}");

        for email in [
            "sam.officer@example.org",
            "rita.resident@example.org",
            "ada.admin@example.org",
        ] {
            let cookie = session_for(&app, email, password).await;
            let (status, _) = get_page(&app, &page, Some(&cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
            let (status, _) = call_api(
                &app,
                &cookie,
                "reopen_improvement_action",
                &[("id", id.as_str())],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
        }
        let (status, html) = get_page(&app, &page, Some(&mo)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let main = main_part(&html);
        assert!(main.contains("Survey every flat"), "{backend}");
        assert!(main.contains("Change the action"), "{backend}");
        let (_, html) = get_page(&app, "/learning", Some(&mo)).await;
        assert!(
            html.contains(&format!(r#"href="{page}""#)),
            "{backend}: linked"
        );

        // A new due date in the past: refused, with what was typed kept.
        let yesterday = today().checked_sub_days(Days::new(1)).expect("a date");
        let sam = sam_id.to_string();
        let damp_id = damp.to_string();
        let mut form: Vec<(&str, String)> = vec![
            ("id", id.clone()),
            ("category", damp_id.clone()),
            ("description", "Survey every flat and house".to_owned()),
            ("owner", sam.clone()),
        ];
        form.extend(due_fields(yesterday));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back =
            post_without_javascript(&app, "change_improvement_action", &page, &mo, &pairs).await;
        assert!(back.starts_with(&page), "{backend}: {back}");
        let (_, html) = get_page(&app, &back, Some(&mo)).await;
        let main = main_part(&html);
        assert!(
            main.contains("The due date must be today or later"),
            "{backend}"
        );
        assert!(
            main.contains("Survey every flat and house"),
            "{backend}: kept"
        );

        // Given to Sam with a new date: saved, and the history says so.
        let later = due.checked_add_days(Days::new(14)).expect("a date");
        form.truncate(4);
        form.extend(due_fields(later));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back =
            post_without_javascript(&app, "change_improvement_action", &page, &mo, &pairs).await;
        assert_eq!(back, format!("{page}?changed=1"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&mo)).await;
        let main = main_part(&html);
        assert!(main.contains("The action is changed."), "{backend}");
        assert!(main.contains("Given to a new owner"), "{backend}");
        assert!(
            main.contains("Owner: Mo Manager to Sam Officer"),
            "{backend}: {main}"
        );

        // Done, then reopened, from its page.
        let back = post_without_javascript(
            &app,
            "complete_improvement_action",
            &page,
            &mo,
            &[("id", id.as_str()), ("from", "action")],
        )
        .await;
        assert_eq!(back, format!("{page}?done=1"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&mo)).await;
        assert!(main_part(&html).contains("Reopen the action"), "{backend}");
        let back = post_without_javascript(
            &app,
            "reopen_improvement_action",
            &page,
            &mo,
            &[("id", id.as_str())],
        )
        .await;
        assert_eq!(back, format!("{page}?reopened=1"), "{backend}");
        let (_, html) = get_page(&app, &back, Some(&mo)).await;
        let main = main_part(&html);
        assert!(main.contains("The action is open again."), "{backend}");
        assert!(main.contains("Reopened"), "{backend}");
        let (action, _) = storage::learning::action(&db, id.parse().expect("id"))
            .await
            .expect("the action");
        assert_eq!(action.dates.completed, None, "{backend}");
        assert_eq!(action.dates.due, later, "{backend}");

        // A due date that has passed may stay as it was while the words change.
        storage::test_support::execute_raw(
            &db,
            &format!(
                "UPDATE improvement_actions SET due_on = '{}' WHERE id = {id}",
                yesterday
            ),
        )
        .await
        .expect("moved back");
        form.truncate(4);
        form[2].1 = "Survey every home".to_owned();
        form.extend(due_fields(yesterday));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back =
            post_without_javascript(&app, "change_improvement_action", &page, &mo, &pairs).await;
        assert_eq!(back, format!("{page}?changed=1"), "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
