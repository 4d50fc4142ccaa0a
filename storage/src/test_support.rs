//! Fresh, empty databases for tests: a temporary SQLite file always, and a new PostgreSQL
//! database when `PUTRIGHT_TEST_DATABASE_URL` names a server to create it on.

use crate::{Db, StorageError};
use sea_orm::ConnectionTrait;
use std::future::Future;

/// The variable that turns the PostgreSQL runs of the tests on.
pub const POSTGRES_VARIABLE: &str = "PUTRIGHT_TEST_DATABASE_URL";

/// A database made for one test. SQLite files live in a temporary directory that goes
/// with it; PostgreSQL databases are named uniquely and dropped by [`TestDatabase::drop_now`]
/// (a crashed test leaves one behind, harmless and clearly named `putright_test_…`).
#[derive(Debug)]
pub struct TestDatabase {
    pub url: String,
    pub label: &'static str,
    postgres: Option<(String, String)>,
    _dir: Option<TempDir>,
}

/// Someone who may take the next step on a test complaint: the owner of the stage in
/// progress (the handler, then the reviewer), or a reviewer who took no part in Stage 1
/// before one is assigned.
pub fn acting_on(c: &domain::Complaint) -> domain::Actor {
    let id = c
        .stage_owner()
        .map_or("an independent reviewer", |id| id.as_str());
    domain::Actor::new(id, domain::Role::ComplaintsManager)
}

/// The backends the tests run on here: SQLite, and PostgreSQL when configured.
pub fn backends() -> Vec<&'static str> {
    let mut list = vec!["sqlite"];
    if std::env::var(POSTGRES_VARIABLE).is_ok_and(|v| !v.is_empty()) {
        list.push("postgres");
    }
    list
}

impl TestDatabase {
    pub async fn create(backend: &str) -> Result<Self, StorageError> {
        match backend {
            "postgres" => {
                let admin_url = std::env::var(POSTGRES_VARIABLE).map_err(|_| {
                    StorageError::Database(sea_orm::DbErr::Custom(
                        "no PostgreSQL configured".into(),
                    ))
                })?;
                let name = format!("putright_test_{}", uuid::Uuid::new_v4().simple());
                let url = crate::db::create_postgres_database(&admin_url, &name).await?;
                Ok(Self {
                    url,
                    label: "postgres",
                    postgres: Some((admin_url, name)),
                    _dir: None,
                })
            }
            _ => {
                let dir = TempDir::new();
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path.join("putright.db").display()
                );
                Ok(Self {
                    url,
                    label: "sqlite",
                    postgres: None,
                    _dir: Some(dir),
                })
            }
        }
    }

    /// Opens and migrates the database.
    pub async fn open(&self) -> Result<Db, StorageError> {
        let db = self.connect().await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Opens the database as it is, without migrating it.
    pub async fn connect(&self) -> Result<Db, StorageError> {
        Db::connect(&self.url).await
    }

    /// Drops a PostgreSQL test database (SQLite files go with the temporary directory).
    pub async fn drop_now(self) -> Result<(), StorageError> {
        if let Some((admin_url, name)) = &self.postgres {
            crate::db::drop_postgres_database(admin_url, name).await?;
        }
        Ok(())
    }
}

/// Runs `test` once on each configured backend, on a fresh migrated database that is
/// dropped afterwards. The backend's name is passed for assertion messages.
pub async fn on_each_backend<F, Fut>(test: F)
where
    F: Fn(Db, &'static str) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends() {
        let test_db = TestDatabase::create(backend)
            .await
            .expect("a test database");
        let db = test_db.open().await.expect("migrated");
        test(db.clone(), backend).await;
        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}

/// Runs a statement as written, bypassing the repositories: for tests that prove what the
/// database itself refuses. Returns the number of rows affected.
pub async fn execute_raw(db: &Db, sql: &str) -> Result<u64, StorageError> {
    Ok(db.conn().execute_unprepared(sql).await?.rows_affected())
}

/// Runs `during` inside a transaction that has first run `sql` (a write), then commits:
/// for tests of what waits on a writer.
pub async fn while_writing<F: Future>(
    db: &Db,
    sql: &str,
    during: F,
) -> Result<F::Output, StorageError> {
    use sea_orm::TransactionTrait;
    let txn = db.conn().begin().await?;
    txn.execute_unprepared(sql).await?;
    let output = during.await;
    txn.commit().await?;
    Ok(output)
}

/// Counts rows with a raw query (tests only).
pub async fn count_rows(db: &Db, sql: &str) -> Result<i64, StorageError> {
    let row = db
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            db.conn().get_database_backend(),
            sql.to_owned(),
        ))
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Undoes every migration, newest first (tests that prove each `down` works).
pub async fn migrate_down_all(db: &Db) -> Result<(), StorageError> {
    use migration::MigratorTrait;
    migration::Migrator::down(db.conn(), None).await?;
    Ok(())
}

/// Undoes the newest `n` migrations (tests of what a migration carries over).
pub async fn migrate_down(db: &Db, n: u32) -> Result<(), StorageError> {
    use migration::MigratorTrait;
    migration::Migrator::down(db.conn(), Some(n)).await?;
    Ok(())
}

/// Reads one row of every entity, proving the entities match the migrated schema.
pub async fn read_every_table(db: &Db) -> Result<(), StorageError> {
    crate::entities::read_every_table(db.conn()).await
}

/// A directory removed when dropped; small enough not to need a crate.
#[derive(Debug)]
struct TempDir {
    path: std::path::PathBuf,
}

impl TempDir {
    fn new() -> Self {
        let path =
            std::env::temp_dir().join(format!("putright-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("a temporary directory can be created");
        Self { path }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
