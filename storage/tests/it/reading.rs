//! A page's read-only view of the database (`Db::reading`): one snapshot for all its
//! reads, and no writes through it, on SQLite and (when configured) PostgreSQL.

use chrono::Utc;
use domain::{Landlord, Role};
use storage::test_support::{TestDatabase, count_rows, execute_raw, on_each_backend};

#[tokio::test]
async fn a_pages_reads_share_one_snapshot_and_writes_through_it_are_refused() {
    on_each_backend(|db, backend| async move {
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
        let accounts = "SELECT COUNT(*) FROM users";

        let page = db.reading().await.expect("a reading view");
        assert_eq!(
            count_rows(&page, accounts).await.expect("read"),
            1,
            "{backend}"
        );

        // Someone else signs up meanwhile: the page goes on reading what it first read,
        // so its counts and its lines cannot disagree.
        storage::accounts::create(
            &db,
            "bo@example.org",
            "Bo Resident",
            Role::Resident,
            "correct horse battery",
            Utc::now(),
        )
        .await
        .expect("another account");
        assert_eq!(
            count_rows(&page, accounts).await.expect("read"),
            1,
            "{backend}"
        );
        assert_eq!(
            count_rows(&db, accounts).await.expect("read"),
            2,
            "{backend}"
        );
        // A view of the view is the same view.
        let again = page.reading().await.expect("the same view");
        assert_eq!(
            count_rows(&again, accounts).await.expect("read"),
            1,
            "{backend}"
        );

        // A write through the view is refused, by a repository or as raw SQL, and nothing
        // is written.
        let mut riverside = Landlord::demo();
        riverside.name = "Riverside Housing".into();
        assert!(
            storage::settings::set_landlord(&page, &riverside, ada, Utc::now())
                .await
                .is_err(),
            "{backend}"
        );
        assert!(
            execute_raw(&page, "DELETE FROM users").await.is_err(),
            "{backend}"
        );
        assert!(
            count_rows(&page, "UPDATE users SET display_name = 'x' RETURNING id")
                .await
                .is_err(),
            "{backend}"
        );
        drop((page, again));
        assert_eq!(
            count_rows(&db, accounts).await.expect("read"),
            2,
            "{backend}"
        );
        assert_eq!(
            storage::settings::landlord_set(&db).await.expect("read"),
            None,
            "{backend}"
        );
        assert_eq!(
            count_rows(&db, "SELECT COUNT(*) FROM users WHERE display_name = 'x'")
                .await
                .expect("read"),
            0,
            "{backend}"
        );
    })
    .await;
}

/// SQLite is compiled as `.cargo/config.toml` says (`LIBSQLITE3_FLAGS`): with the query
/// planner's stability guarantee, so that a cached statement with a bound `LIMIT` is not
/// compiled again every time it runs, and without memory management's shared lock.
#[tokio::test]
async fn sqlite_is_compiled_with_the_projects_options() {
    // SQLite's build alone: no PostgreSQL database is made for it.
    let test_db = TestDatabase::create("sqlite")
        .await
        .expect("a test database");
    let db = test_db.connect().await.expect("connected");
    let mut on = Vec::new();
    for option in [
        "ENABLE_QPSG",
        "DEFAULT_MEMSTATUS=0",
        "ENABLE_MEMORY_MANAGEMENT",
    ] {
        let sql = format!(
            "SELECT COUNT(*) FROM pragma_compile_options WHERE compile_options = '{option}'"
        );
        on.push(count_rows(&db, &sql).await.expect("compile options") == 1);
    }
    assert_eq!(
        on,
        [true, true, false],
        "the planner's stability guarantee and no memory statistics, without memory management"
    );
    db.close().await.expect("closed");
    test_db.drop_now().await.expect("dropped");
}
