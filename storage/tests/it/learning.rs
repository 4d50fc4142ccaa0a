//! Service-improvement actions and the homes count, on SQLite and (when configured)
//! PostgreSQL.

use chrono::{NaiveDate, TimeZone, Utc};
use domain::Role;
use domain::learning::{ActionStatus, ActionText};
use storage::learning::{ActionRefused, NewAction};
use storage::test_support::on_each_backend;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
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
        let added_at = Utc
            .with_ymd_and_hms(2025, 6, 2, 9, 0, 0)
            .single()
            .expect("a time");
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

        storage::learning::complete_action(&db, sooner, date(2025, 7, 3))
            .await
            .expect("done");
        // Marking it again keeps the first date.
        storage::learning::complete_action(&db, sooner, date(2025, 8, 1))
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
                storage::learning::complete_action(&db, 999_999, date(2025, 7, 3)).await,
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
