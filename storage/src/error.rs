use sea_orm::{DbErr, SqlErr};
use thiserror::Error;

/// What can go wrong in storage, in terms the callers act on.
#[derive(Debug, Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// A unique rule was broken (a reference or token already taken).
    #[error("conflict")]
    Conflict,
    /// Someone else saved the case after it was read: show them the newer state.
    #[error("this case changed since you opened it")]
    Stale,
    /// A row the domain rules refuse (a bug or a hand-edited database): logged, not shown.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// No connection to the database came free in time ([`crate::db::ACQUIRE_TIMEOUT`]):
    /// the server is overloaded. Counted ([`crate::db::pool_timeouts`]) and logged when it
    /// happens; the asker is told to try again shortly.
    #[error("the database is busy")]
    Busy,
    /// Anything else: logged by the caller, never shown to a user.
    #[error("database error")]
    Database(#[source] DbErr),
}

impl From<DbErr> for StorageError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Conflict,
            _ => match err {
                DbErr::RecordNotFound(_) => Self::NotFound,
                DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout) => {
                    crate::db::note_pool_timeout();
                    Self::Busy
                }
                other => Self::Database(other),
            },
        }
    }
}

/// Errors of the few places that use sqlx directly (the PostgreSQL `COPY` load), classified
/// as sea-orm's are.
impl From<sea_orm::sqlx::Error> for StorageError {
    fn from(err: sea_orm::sqlx::Error) -> Self {
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(err))).into()
    }
}
