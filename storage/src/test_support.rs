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
        Self::made(backend, None).await
    }

    /// A new, uniquely named database: empty, or a copy of `template`.
    async fn made(backend: &str, template: Option<&Template>) -> Result<Self, StorageError> {
        match backend {
            "postgres" => {
                let admin_url = admin_url()?;
                let name = format!("putright_test_{}", uuid::Uuid::new_v4().simple());
                let url = match template {
                    Some(t) => {
                        crate::db::copy_postgres_database(&admin_url, &t.name, &name).await?
                    }
                    None => crate::db::create_postgres_database(&admin_url, &name).await?,
                };
                Ok(Self {
                    url,
                    label: "postgres",
                    postgres: Some((admin_url, name)),
                    _dir: None,
                })
            }
            _ => {
                let dir = TempDir::new();
                let file = dir.path.join("putright.db");
                if let Some(t) = template {
                    std::fs::copy(t.file(), &file)
                        .map_err(|e| StorageError::Corrupt(format!("copying a template: {e}")))?;
                }
                Ok(Self {
                    url: format!("sqlite://{}?mode=rwc", file.display()),
                    label: "sqlite",
                    postgres: None,
                    _dir: Some(dir),
                })
            }
        }
    }

    /// A fresh database with every migration run: a copy of one migrated once (see
    /// [`TestDatabase::create_filled`]), which is quicker than migrating each.
    pub async fn create_migrated(backend: &'static str) -> Result<Self, StorageError> {
        Self::create_filled(backend, "migrated", |_| async {}).await
    }

    /// A migrated database holding what `fill` puts into an empty one (`fill` must leave
    /// the connection open). The first test to ask
    /// for `key` (in this test binary, on this backend) fills a template once; every test
    /// then gets a copy of it: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on
    /// PostgreSQL. Test processes share the template through a lock file, so nextest's
    /// processes fill it once between them. `key` must name everything the filling
    /// depends on (the day it is dated around, for example); the test binary is part of
    /// the key by itself, so a rebuilt binary fills a new template.
    pub async fn create_filled<F, Fut>(
        backend: &'static str,
        key: &str,
        fill: F,
    ) -> Result<Self, StorageError>
    where
        F: FnOnce(Db) -> Fut,
        Fut: Future<Output = ()>,
    {
        let template = Template::named(backend, key);
        let lock = template.lock()?;
        if !template.ready().await? {
            // A fill that failed in this very run (nextest gives each run an id) fails
            // every test waiting for it at once, rather than each trying again in turn.
            let run = std::env::var("NEXTEST_RUN_ID").unwrap_or_default();
            let failed = template.file().with_extension("filling");
            if !run.is_empty() && std::fs::read_to_string(&failed).is_ok_and(|r| r == run) {
                return Err(StorageError::Corrupt(format!(
                    "filling the test database {key:?} failed in another test of this run: \
                     see the first failure"
                )));
            }
            let _ = std::fs::write(&failed, &run);
            template.forget_stale().await;
            let made = Self::create(backend).await?;
            let db = made.open().await?;
            fill(db.clone()).await;
            template.keep(made, db).await?;
            let _ = std::fs::remove_file(&failed);
        }
        drop(lock);
        TestDatabase::made(backend, Some(&template)).await
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
        let test_db = TestDatabase::create_migrated(backend)
            .await
            .expect("a test database");
        let db = test_db.connect().await.expect("connected");
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
    migration::Migrator::down(db.pool(), None).await?;
    Ok(())
}

/// Undoes the newest `n` migrations (tests of what a migration carries over).
pub async fn migrate_down(db: &Db, n: u32) -> Result<(), StorageError> {
    use migration::MigratorTrait;
    migration::Migrator::down(db.pool(), Some(n)).await?;
    Ok(())
}

/// Reads one row of every entity, proving the entities match the migrated schema.
pub async fn read_every_table(db: &Db) -> Result<(), StorageError> {
    crate::entities::read_every_table(db.conn()).await
}

/// The PostgreSQL server the tests may create databases on.
fn admin_url() -> Result<String, StorageError> {
    std::env::var(POSTGRES_VARIABLE).map_err(|_| {
        StorageError::Database(sea_orm::DbErr::Custom("no PostgreSQL configured".into()))
    })
}

/// A filled database kept for copying (see [`TestDatabase::create_filled`]): a file in the
/// temporary directory for SQLite, a database on the server for PostgreSQL. Both are named
/// `putright_tmpl_<hour>_<hash>`, where the hash covers the key, the backend, the server and
/// the test binary itself, and the hour (hours since 1970) lets a later run forget old ones.
struct Template {
    backend: &'static str,
    name: String,
    hour: u64,
}

/// The start of every template's name.
const TEMPLATE_PREFIX: &str = "putright_tmpl_";

/// Templates made this many hours before a new one is made are dropped then: each build of
/// a test binary makes its own, and a run takes minutes.
const TEMPLATE_HOURS_KEPT: u64 = 3;

impl Template {
    fn named(backend: &'static str, key: &str) -> Self {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (key, backend).hash(&mut hasher);
        if backend == "postgres" {
            std::env::var(POSTGRES_VARIABLE)
                .unwrap_or_default()
                .hash(&mut hasher);
        }
        // The test binary, as built: a rebuilt one may fill differently.
        if let Ok(exe) = std::env::current_exe() {
            exe.hash(&mut hasher);
            if let Ok(meta) = std::fs::metadata(&exe) {
                meta.len().hash(&mut hasher);
                meta.modified().ok().hash(&mut hasher);
            }
        }
        let hour = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 3_600);
        Self {
            backend,
            name: format!("{TEMPLATE_PREFIX}{hour}_{:016x}", hasher.finish()),
            hour,
        }
    }

    fn file(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("{}.db", self.name))
    }

    /// Waits for, then holds, the right to look at and make this template.
    fn lock(&self) -> Result<std::fs::File, StorageError> {
        let path = std::env::temp_dir().join(format!("{}.lock", self.name));
        let file = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StorageError::Corrupt(format!("{}: {e}", path.display())))?;
        file.lock()
            .map_err(|e| StorageError::Corrupt(format!("{}: {e}", path.display())))?;
        Ok(file)
    }

    async fn ready(&self) -> Result<bool, StorageError> {
        match self.backend {
            "postgres" => Ok(
                crate::db::postgres_databases_named(&admin_url()?, &self.name)
                    .await?
                    .contains(&self.name),
            ),
            _ => Ok(self.file().is_file()),
        }
    }

    /// Keeps the filled database `made` as this template.
    async fn keep(&self, made: TestDatabase, db: Db) -> Result<(), StorageError> {
        match self.backend {
            "postgres" => {
                db.close().await?;
                let (admin_url, name) = made.postgres.clone().ok_or(StorageError::NotFound)?;
                crate::db::rename_postgres_database(&admin_url, &name, &self.name).await
            }
            _ => {
                // A consistent copy in one file, then renamed into place: a template is
                // either whole or absent.
                let part = self.file().with_extension("part");
                let _ = std::fs::remove_file(&part);
                let path = part.to_string_lossy().replace('\'', "''");
                db.conn()
                    .execute_unprepared(&format!("VACUUM INTO '{path}'"))
                    .await?;
                db.close().await?;
                std::fs::rename(&part, self.file())
                    .map_err(|e| StorageError::Corrupt(format!("keeping a template: {e}")))?;
                made.drop_now().await
            }
        }
    }

    /// Drops templates made [`TEMPLATE_HOURS_KEPT`] hours ago or more, by any test binary:
    /// best effort, as another run may be using one.
    async fn forget_stale(&self) {
        let stale = |name: &str| {
            name.strip_prefix(TEMPLATE_PREFIX)
                .and_then(|rest| rest.split('_').next())
                .and_then(|hour| hour.parse::<u64>().ok())
                .is_some_and(|hour| hour + TEMPLATE_HOURS_KEPT <= self.hour)
        };
        if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
            for entry in entries.filter_map(Result::ok) {
                if stale(&entry.file_name().to_string_lossy()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        if self.backend == "postgres"
            && let Ok(admin_url) = admin_url()
        {
            let names = crate::db::postgres_databases_named(&admin_url, TEMPLATE_PREFIX)
                .await
                .unwrap_or_default();
            for name in names.iter().filter(|n| stale(n)) {
                let _ = crate::db::drop_postgres_database(&admin_url, name).await;
            }
        }
    }
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
