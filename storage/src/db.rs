use crate::StorageError;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, ExecResult, QueryResult, Statement, TransactionTrait,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a request waits for a free connection before it is refused as busy
/// ([`crate::StorageError::Busy`]). Short, so that an overloaded server says so within
/// moments instead of leaving people waiting; the server's admission control keeps
/// requests from queueing here in the first place.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Connections in one process's pool: SQLite has one writer whatever the pool, and more
/// readers than cores only contend; PostgreSQL's server does the work.
pub fn pool_size(url: &str) -> u32 {
    if url.starts_with("sqlite:") { 8 } else { 16 }
}

static POOL_TIMEOUTS: AtomicU64 = AtomicU64::new(0);

/// How many times, since the process started, a request found no free connection within
/// [`ACQUIRE_TIMEOUT`].
pub fn pool_timeouts() -> u64 {
    POOL_TIMEOUTS.load(Ordering::Relaxed)
}

pub(crate) fn note_pool_timeout() {
    let n = POOL_TIMEOUTS.fetch_add(1, Ordering::Relaxed) + 1;
    tracing::warn!(
        pool_timeouts = n,
        waited_ms = ACQUIRE_TIMEOUT.as_millis() as u64,
        "the database pool ran dry: a request was refused as busy"
    );
}

/// Makes a new, empty PostgreSQL database called `name` on the server `admin_url` reaches
/// (through any database there the account may connect to), and returns the new one's URL.
/// `name` must be a plain name: lower-case letters, digits and `_`.
pub async fn create_postgres_database(admin_url: &str, name: &str) -> Result<String, StorageError> {
    plain_name(name)?;
    on_server(admin_url, &format!("CREATE DATABASE {name}")).await?;
    Ok(with_database(admin_url, name))
}

/// Makes the PostgreSQL database `name` as a copy of `template` (which nobody may be
/// connected to) and returns the new one's URL. Both must be plain names.
pub async fn copy_postgres_database(
    admin_url: &str,
    template: &str,
    name: &str,
) -> Result<String, StorageError> {
    plain_name(template)?;
    plain_name(name)?;
    on_server(
        admin_url,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await?;
    Ok(with_database(admin_url, name))
}

/// Renames the PostgreSQL database `from` (which nobody may be connected to) to `to`.
pub async fn rename_postgres_database(
    admin_url: &str,
    from: &str,
    to: &str,
) -> Result<(), StorageError> {
    plain_name(from)?;
    plain_name(to)?;
    on_server(admin_url, &format!("ALTER DATABASE {from} RENAME TO {to}")).await
}

/// The names of the databases on the server `admin_url` reaches that start with `prefix`.
pub async fn postgres_databases_named(
    admin_url: &str,
    prefix: &str,
) -> Result<Vec<String>, StorageError> {
    use sea_orm::ConnectionTrait;
    let admin = Database::connect(admin_url).await?;
    let found = admin
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
            [prefix.into()],
        ))
        .await;
    admin.close().await?;
    found?
        .iter()
        .map(|row| Ok(row.try_get::<String>("", "datname")?))
        .collect()
}

/// Drops the PostgreSQL database `name` made by [`create_postgres_database`], ending any
/// connection still open to it.
pub async fn drop_postgres_database(admin_url: &str, name: &str) -> Result<(), StorageError> {
    plain_name(name)?;
    on_server(
        admin_url,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await
}

/// Runs one statement over a connection of its own to `url`, closed afterwards.
async fn on_server(url: &str, statement: &str) -> Result<(), StorageError> {
    use sea_orm::ConnectionTrait;
    let admin = Database::connect(url).await?;
    let done = admin.execute_unprepared(statement).await;
    admin.close().await?;
    done?;
    Ok(())
}

fn plain_name(name: &str) -> Result<(), StorageError> {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        Ok(())
    } else {
        Err(StorageError::Corrupt(format!(
            "{name:?} is not a plain database name"
        )))
    }
}

/// `postgres://user@host:5432/test?x=y` with the database name swapped for `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_end..]
        .find('/')
        .map_or(base.len(), |i| authority_end + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// sea-orm's name for the engine, for building statements.
    pub(crate) fn db_backend(self) -> DbBackend {
        match self {
            Backend::Sqlite => DbBackend::Sqlite,
            Backend::Postgres => DbBackend::Postgres,
        }
    }
}

/// How long a pooled connection may lie unused before it is tried again on acquire.
const IDLE_BEFORE_TEST: Duration = Duration::from_secs(30);

/// How much of an SQLite database each connection reads through memory mapping.
const MMAP_BYTES: u64 = 1 << 30;

/// Each SQLite connection's page cache, in KiB.
const CACHE_KIB: u32 = 16 * 1024;

/// A pool of connections, opened once at start-up and shared through application state;
/// or, from [`Db::reading`], one of them holding a snapshot for a page's reads.
#[derive(Debug, Clone)]
pub struct Db {
    pool: DatabaseConnection,
    conn: Conn,
}

/// What a [`Db`]'s queries run on: the pool (each query on whichever connection is free)
/// or one connection's read-only transaction.
#[derive(Debug, Clone)]
pub(crate) enum Conn {
    Pool(DatabaseConnection),
    Reading(Arc<DatabaseTransaction>),
}

/// What a write asked of a [`Db::reading`] answers: a mistake in the code, not the user's.
fn read_only() -> DbErr {
    DbErr::Custom("a write was asked of a read-only view of the database".to_owned())
}

/// `stmt`, if it only reads: a query may write too (`INSERT … RETURNING`), and a write
/// in a read-only view would be rolled back unseen with it.
fn a_read(stmt: Statement) -> Result<Statement, DbErr> {
    const RETURNING: &[u8] = b"RETURNING";
    let start = stmt.sql.trim_start();
    let reads = ["SELECT", "WITH"].iter().any(|word| {
        start
            .get(..word.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
    });
    let returning = stmt
        .sql
        .as_bytes()
        .windows(RETURNING.len())
        .any(|w| w.eq_ignore_ascii_case(RETURNING));
    if reads && !returning {
        Ok(stmt)
    } else {
        Err(read_only())
    }
}

impl Conn {
    /// A transaction for a use case's writes. Refused on a read-only view: its snapshot may
    /// already be older than the last write, and SQLite would refuse the write.
    ///
    /// On SQLite it takes the writer's lock as it begins (`BEGIN IMMEDIATE`), waiting its
    /// turn behind another writer for up to the busy timeout. Begun as a reader (SQLite's
    /// default), a transaction that reads first and then writes is refused at once with
    /// "database is locked" whenever another connection is writing at that moment: SQLite
    /// never waits on behalf of a transaction that holds a snapshot, since the other
    /// writer's commit would make that snapshot stale.
    pub(crate) async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        match self {
            Conn::Pool(pool) if pool.get_database_backend() == DbBackend::Sqlite => {
                pool.begin_with_options(sea_orm::TransactionOptions {
                    sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                    ..Default::default()
                })
                .await
            }
            Conn::Pool(pool) => pool.begin().await,
            Conn::Reading(_) => Err(read_only()),
        }
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Conn {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Conn::Pool(pool) => pool.get_database_backend(),
            Conn::Reading(txn) => txn.get_database_backend(),
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Conn::Pool(pool) => pool.execute_raw(stmt).await,
            Conn::Reading(_) => Err(read_only()),
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Conn::Pool(pool) => pool.execute_unprepared(sql).await,
            Conn::Reading(_) => Err(read_only()),
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Conn::Pool(pool) => pool.query_one_raw(stmt).await,
            Conn::Reading(txn) => txn.query_one_raw(a_read(stmt)?).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Conn::Pool(pool) => pool.query_all_raw(stmt).await,
            Conn::Reading(txn) => txn.query_all_raw(a_read(stmt)?).await,
        }
    }
}

impl Db {
    /// Opens a pool. SQLite runs in WAL mode with foreign keys on and a busy timeout, so
    /// readers never wait for the writer and concurrent writers queue rather than fail.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(pool_size(url))
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // A connection is tried before it is handed out only after a quiet spell, when
            // the server (or something between) may have dropped it: tried on every
            // acquire, each query cost another round trip (on SQLite, a hand-over to the
            // connection's own thread and back).
            .test_before_acquire_if_idle_for(IDLE_BEFORE_TEST)
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .create_if_missing(true)
                    // Pages read through memory mapping rather than copied in by a read
                    // each time, and a larger cache for each connection: at a large
                    // landlord's size, copying pages in was a fifth of a busy queue's time.
                    .pragma("mmap_size", MMAP_BYTES.to_string())
                    .pragma("cache_size", format!("-{CACHE_KIB}"))
            });
        let pool = Database::connect(options).await?;
        Ok(Self {
            conn: Conn::Pool(pool.clone()),
            pool,
        })
    }

    /// A view of this database for a page's reads: one connection and one snapshot,
    /// held until the last clone of it is dropped. A page that asks a dozen queries takes
    /// a connection from the pool once instead of a dozen times (each taking and giving
    /// back cost a round trip to the connection, and on SQLite two hand-overs between
    /// threads), and its counts and lines agree with each other. Writes are refused: use
    /// the pool's `Db` for them. Read it briefly: on SQLite a snapshot held open keeps the
    /// write-ahead log from being folded back into the database.
    pub async fn reading(&self) -> Result<Db, StorageError> {
        if let Conn::Reading(_) = self.conn {
            return Ok(self.clone());
        }
        let txn = match self.backend() {
            // A deferred transaction: its snapshot is taken at its first read.
            Backend::Sqlite => self.pool.begin().await?,
            // One snapshot for every statement, and writes refused by the server as well.
            Backend::Postgres => {
                self.pool
                    .begin_with_config(
                        Some(sea_orm::IsolationLevel::RepeatableRead),
                        Some(sea_orm::AccessMode::ReadOnly),
                    )
                    .await?
            }
        };
        Ok(Self {
            pool: self.pool.clone(),
            conn: Conn::Reading(Arc::new(txn)),
        })
    }

    /// Brings the schema up to date. Safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        Migrator::up(&self.pool, None).await?;
        Ok(())
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StorageError> {
        self.pool.ping().await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.pool.get_database_backend() {
            DbBackend::Postgres => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    pub(crate) fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The pool itself, for what only it does (a bulk copy, a transaction with options,
    /// migrations).
    pub(crate) fn pool(&self) -> &DatabaseConnection {
        &self.pool
    }

    pub async fn close(self) -> Result<(), StorageError> {
        drop(self.conn);
        self.pool.close().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{a_read, with_database};

    #[test]
    fn a_view_lets_through_only_statements_that_read() {
        let statement =
            |sql: &str| sea_orm::Statement::from_string(sea_orm::DbBackend::Sqlite, sql.to_owned());
        for (sql, reads) in [
            ("SELECT 1", true),
            ("  select * from users", true),
            ("WITH t AS (SELECT 1) SELECT * FROM t", true),
            ("SELECT returned_on FROM letters", true),
            ("DELETE FROM users", false),
            ("UPDATE users SET display_name = 'x' RETURNING id", false),
            (
                "WITH gone AS (DELETE FROM users returning id) SELECT * FROM gone",
                false,
            ),
            ("", false),
        ] {
            assert_eq!(a_read(statement(sql)).is_ok(), reads, "{sql}");
        }
    }

    #[test]
    fn the_database_name_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_database("postgres://root@127.0.0.1:5432/test", "x"),
            "postgres://root@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
