//! Settings an administrator changes, on SQLite and (when configured) PostgreSQL.

use chrono::{TimeZone, Utc};
use domain::{Landlord, Role};
use storage::test_support::on_each_backend;

#[tokio::test]
async fn the_landlords_details_are_the_demo_ones_until_set_then_as_last_set() {
    on_each_backend(|db, backend| async move {
        assert_eq!(
            storage::settings::landlord_set(&db).await.expect("read"),
            None,
            "{backend}"
        );
        assert_eq!(
            storage::settings::landlord(&db).await.expect("read"),
            Landlord::demo(),
            "{backend}"
        );

        let ada = storage::accounts::create(
            &db,
            "ada@example.org",
            "Ada Admin",
            Role::Admin,
            "correct horse battery",
            Utc::now(),
        )
        .await
        .expect("an account")
        .id;
        let at = Utc
            .with_ymd_and_hms(2026, 4, 1, 9, 30, 0)
            .single()
            .expect("a time");
        let mut riverside = Landlord::demo();
        riverside.name = "Riverside Housing".into();
        riverside.address = vec!["2 Mill Lane".into(), "Bradford".into(), "BD1 1AA".into()];
        storage::settings::set_landlord(&db, &riverside, ada, at)
            .await
            .expect("set");
        let (read, changed) = storage::settings::landlord_set(&db)
            .await
            .expect("read")
            .expect("set");
        assert_eq!(read, riverside, "{backend}");
        assert_eq!((changed.by, changed.at), (Some(ada), at), "{backend}");

        // Set again: one row, the latest details.
        riverside.phone = "01274 960 000".into();
        storage::settings::set_landlord(&db, &riverside, ada, at)
            .await
            .expect("set again");
        assert_eq!(
            storage::settings::landlord(&db).await.expect("read"),
            riverside,
            "{backend}"
        );
        assert_eq!(
            storage::test_support::count_rows(&db, "SELECT COUNT(*) FROM settings")
                .await
                .expect("count"),
            1,
            "{backend}"
        );
    })
    .await;
}
