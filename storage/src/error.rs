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
                other => Self::Database(other),
            },
        }
    }
}
