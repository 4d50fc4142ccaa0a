//! Service-improvement actions and the homes count, on SQLite and (when configured)
//! PostgreSQL.

use chrono::{NaiveDate, TimeZone, Utc};
use domain::Role;
use domain::learning::{ActionStatus, ActionText};
use storage::learning::{ActionRefused, NewAction, Stamp};
use storage::test_support::on_each_backend;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// Noon in London on that day, by nobody in particular.
fn at(day: NaiveDate) -> Stamp {
    Stamp {
        by: None,
        at: day.and_hms_opt(11, 0, 0).expect("a time").and_utc(),
    }
}

async fn account(db: &storage::Db, email: &str, name: &str, role: Role) -> i32 {
    storage::accounts::create(db, email, name, role, "correct horse battery", Utc::now())
        .await
        .expect("an account")
        .id
}

#[tokio::test]
async fn an_action_is_added_listed_and_marked_done_once() {
    on_each_backend(|db, backend| async move {
        storage::learning::ensure_starting_categories(&db)
            .await
            .expect("categories");
        let categories = storage::learning::active(&db).await.expect("categories");
        let damp = categories
            .iter()
            .find(|c| c.name == "Damp and mould")
            .expect("damp")
            .id;
        let mo = account(&db, "mo@example.org", "Mo Manager", Role::Manager).await;
        let rita = account(&db, "rita@example.org", "Rita Resident", Role::Resident).await;
        let added_at = Stamp {
            by: Some(mo),
            at: Utc
                .with_ymd_and_hms(2025, 6, 2, 9, 0, 0)
                .single()
                .expect("a time"),
        };
        let new = |text: &str, owner_id: i32, due_on: NaiveDate| NewAction {
            category_id: damp,
            case_id: None,
            text: ActionText::parse(text).expect("text"),
            owner_id,
            due_on,
        };

        let later = storage::learning::add_action(
            &db,
            &new("Review the mould survey", mo, date(2025, 9, 1)),
            added_at,
        )
        .await
        .expect("stored")
        .expect("accepted");
        let sooner = storage::learning::add_action(
            &db,
            &new("Train the call centre", mo, date(2025, 7, 1)),
            added_at,
        )
        .await
        .expect("stored")
        .expect("accepted");

        // A resident cannot own an action, nor can an account or category that is not there.
        let refused =
            storage::learning::add_action(&db, &new("x", rita, date(2025, 7, 1)), added_at)
                .await
                .expect("checked");
        assert_eq!(refused, Err(ActionRefused::UnknownOwner), "{backend}");
        let refused =
            storage::learning::add_action(&db, &new("x", 999_999, date(2025, 7, 1)), added_at)
                .await
                .expect("checked");
        assert_eq!(refused, Err(ActionRefused::UnknownOwner), "{backend}");
        let mut unknown = new("x", mo, date(2025, 7, 1));
        unknown.category_id = 999_999;
        let refused = storage::learning::add_action(&db, &unknown, added_at)
            .await
            .expect("checked");
        assert_eq!(refused, Err(ActionRefused::UnknownCategory), "{backend}");

        // Open actions come first, soonest due first.
        let list = storage::learning::actions(&db).await.expect("a list");
        let ids: Vec<i32> = list.iter().map(|a| a.id).collect();
        assert_eq!(ids, [sooner, later], "{backend}");
        assert_eq!(
            list[0].owner_name.as_deref(),
            Some("Mo Manager"),
            "{backend}"
        );
        assert_eq!(
            list[0].category.as_deref(),
            Some("Damp and mould"),
            "{backend}"
        );
        assert_eq!(list[0].dates.added, date(2025, 6, 2), "{backend}");

        storage::learning::complete_action(&db, sooner, at(date(2025, 7, 3)))
            .await
            .expect("done");
        // Marking it again keeps the first date.
        storage::learning::complete_action(&db, sooner, at(date(2025, 8, 1)))
            .await
            .expect("still done");
        let list = storage::learning::actions(&db).await.expect("a list");
        assert_eq!(list[0].id, later, "{backend}: open ones first");
        let done = &list[1];
        assert_eq!(done.dates.completed, Some(date(2025, 7, 3)), "{backend}");
        assert_eq!(
            ActionStatus::of(done.dates.due, done.dates.completed, date(2025, 9, 1)),
            ActionStatus::DoneLate,
            "{backend}"
        );
        assert!(
            matches!(
                storage::learning::complete_action(&db, 999_999, at(date(2025, 7, 3))).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn homes_counts_are_set_changed_and_listed_newest_year_first() {
    on_each_backend(|db, backend| async move {
        use storage::reference::Homes;
        let homes = |rental, ownership| Homes { rental, ownership };
        storage::reference::set_homes(&db, 2024, homes(3900, None))
            .await
            .expect("set");
        storage::reference::set_homes(&db, 2025, homes(4000, None))
            .await
            .expect("set");
        storage::reference::set_homes(&db, 2025, homes(4100, Some(250)))
            .await
            .expect("changed");
        let all = storage::reference::homes_by_year(&db).await.expect("list");
        assert_eq!(
            all,
            [(2025, homes(4100, Some(250))), (2024, homes(3900, None))],
            "{backend}"
        );
        assert_eq!(
            storage::reference::homes(&db, 2025).await.expect("read"),
            Some(homes(4100, Some(250))),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn root_causes_are_added_renamed_retired_and_restored() {
    on_each_backend(|db, backend| async move {
        storage::learning::ensure_starting_categories(&db)
            .await
            .expect("categories");
        let noise = storage::learning::save_category(&db, None, " Noise  nuisance ", "")
            .await
            .expect("stored")
            .expect("added");
        let refused = storage::learning::save_category(&db, None, "damp AND mould", "")
            .await
            .expect("checked")
            .expect_err("a name in use");
        assert_eq!(
            refused.for_field("name"),
            Some("There is already a root cause called Damp and mould: choose another name"),
            "{backend}"
        );
        storage::learning::save_category(&db, Some(noise), "Noise", "Loud neighbours")
            .await
            .expect("stored")
            .expect("renamed");
        assert!(
            matches!(
                storage::learning::save_category(&db, Some(999_999), "Anything", "").await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}"
        );

        // Retired: no longer offered, still listed; its name cannot be used again.
        storage::learning::set_category_in_use(&db, noise, false)
            .await
            .expect("stored")
            .expect("retired");
        let offered = storage::learning::active(&db).await.expect("categories");
        assert!(!offered.iter().any(|c| c.id == noise), "{backend}");
        let all = storage::learning::categories(&db).await.expect("all");
        let row = all.iter().find(|c| c.id == noise).expect("listed");
        assert_eq!(
            (row.name.as_str(), row.description.as_deref(), row.active),
            ("Noise", Some("Loud neighbours"), false),
            "{backend}"
        );
        assert!(
            all.last().is_some_and(|c| !c.active),
            "{backend}: retired last"
        );
        let refused = storage::learning::save_category(&db, None, "noise", "")
            .await
            .expect("checked")
            .expect_err("a retired name");
        assert!(
            refused
                .for_field("name")
                .is_some_and(|m| m.contains("restore it")),
            "{backend}"
        );
        storage::learning::set_category_in_use(&db, noise, true)
            .await
            .expect("stored")
            .expect("restored");
        assert!(
            storage::learning::active(&db)
                .await
                .expect("categories")
                .iter()
                .any(|c| c.id == noise),
            "{backend}"
        );

        // The last one in use stays.
        let ids: Vec<i32> = storage::learning::active(&db)
            .await
            .expect("categories")
            .iter()
            .map(|c| c.id)
            .collect();
        let (last, rest) = ids.split_last().expect("some");
        for id in rest {
            storage::learning::set_category_in_use(&db, *id, false)
                .await
                .expect("stored")
                .expect("retired");
        }
        assert_eq!(
            storage::learning::set_category_in_use(&db, *last, false)
                .await
                .expect("checked"),
            Err(domain::learning::lists::CategoryError::LastInUse),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_action_is_changed_given_to_another_owner_and_reopened_with_its_history() {
    use domain::learning::lists::ActionEvent;
    use storage::learning::ActionChange;
    on_each_backend(|db, backend| async move {
        storage::learning::ensure_starting_categories(&db)
            .await
            .expect("categories");
        let categories = storage::learning::active(&db).await.expect("categories");
        let id_of = |name: &str| categories.iter().find(|c| c.name == name).expect(name).id;
        let mo = account(&db, "mo@example.org", "Mo Manager", Role::Manager).await;
        let olive = account(&db, "olive@example.org", "Olive Officer", Role::Officer).await;
        let rita = account(&db, "rita@example.org", "Rita Resident", Role::Resident).await;
        let id = storage::learning::add_action(
            &db,
            &NewAction {
                category_id: id_of("Damp and mould"),
                case_id: None,
                text: ActionText::parse("Survey every flat").expect("text"),
                owner_id: mo,
                due_on: date(2025, 9, 1),
            },
            Stamp {
                by: Some(mo),
                ..at(date(2025, 6, 2))
            },
        )
        .await
        .expect("stored")
        .expect("added");
        let change = |text: &str, category_id, owner_id, due_on| ActionChange {
            category_id,
            text: ActionText::parse(text).expect("text"),
            owner_id,
            due_on,
        };

        // Nothing changed: nothing recorded.
        storage::learning::change_action(
            &db,
            id,
            &change("Survey every flat", id_of("Damp and mould"), mo, date(2025, 9, 1)),
            at(date(2025, 6, 3)),
        )
        .await
        .expect("stored")
        .expect("accepted");
        // Given to Olive with a later date.
        storage::learning::change_action(
            &db,
            id,
            &change(
                "Survey every flat and house",
                id_of("Damp and mould"),
                olive,
                date(2025, 10, 1),
            ),
            Stamp {
                by: Some(mo),
                ..at(date(2025, 6, 4))
            },
        )
        .await
        .expect("stored")
        .expect("accepted");
        // Not to a resident, nor to a retired root cause it does not have.
        assert_eq!(
            storage::learning::change_action(
                &db,
                id,
                &change("x", id_of("Damp and mould"), rita, date(2025, 10, 1)),
                at(date(2025, 6, 5)),
            )
            .await
            .expect("checked"),
            Err(ActionRefused::UnknownOwner),
            "{backend}"
        );
        storage::learning::set_category_in_use(&db, id_of("Records"), false)
            .await
            .expect("stored")
            .expect("retired");
        assert_eq!(
            storage::learning::change_action(
                &db,
                id,
                &change("x", id_of("Records"), olive, date(2025, 10, 1)),
                at(date(2025, 6, 5)),
            )
            .await
            .expect("checked"),
            Err(ActionRefused::UnknownCategory),
            "{backend}"
        );
        // Its own root cause, retired since, may stay.
        storage::learning::set_category_in_use(&db, id_of("Damp and mould"), false)
            .await
            .expect("stored")
            .expect("retired");
        storage::learning::change_action(
            &db,
            id,
            &change(
                "Survey every home",
                id_of("Damp and mould"),
                olive,
                date(2025, 10, 1),
            ),
            at(date(2025, 6, 6)),
        )
        .await
        .expect("stored")
        .expect("its own retired root cause stays");

        storage::learning::complete_action(&db, id, at(date(2025, 9, 20)))
            .await
            .expect("done");
        storage::learning::reopen_action(&db, id, at(date(2025, 9, 22)))
            .await
            .expect("reopened");
        storage::learning::reopen_action(&db, id, at(date(2025, 9, 23)))
            .await
            .expect("already open: nothing");
        let (action, category) = storage::learning::action(&db, id).await.expect("the action");
        assert_eq!(action.dates.completed, None, "{backend}");
        assert_eq!(action.owner_name.as_deref(), Some("Olive Officer"), "{backend}");
        assert_eq!(action.text, "Survey every home", "{backend}");
        assert_eq!(category, Some(id_of("Damp and mould")), "{backend}");

        let history = storage::learning::action_history(&db, id)
            .await
            .expect("history");
        let events: Vec<ActionEvent> = history.iter().map(|h| h.event).collect();
        assert_eq!(
            events,
            [
                ActionEvent::Added,
                ActionEvent::Reassigned,
                ActionEvent::Changed,
                ActionEvent::Done,
                ActionEvent::Reopened
            ],
            "{backend}"
        );
        assert_eq!(history[0].by.as_deref(), Some("Mo Manager"), "{backend}");
        assert_eq!(
            history[1].detail.as_deref(),
            Some(
                "What will change: edited; Owner: Mo Manager to Olive Officer; Due: 1 September 2025 to 1 October 2025"
            ),
            "{backend}"
        );
        assert_eq!(history[3].by, None, "{backend}");
        assert!(
            matches!(
                storage::learning::action(&db, 999_999).await,
                Err(storage::StorageError::NotFound)
            ),
            "{backend}"
        );
    })
    .await;
}
