//! Files on their way in. An uploaded file's key is [`note`]d before its bytes are stored,
//! and the note removed in the transaction that records the file where it belongs (a case's
//! attachment, a draft of the online form). A server that stops between storing the bytes
//! and recording them leaves the note behind: a day later the sweep finds it
//! ([`stale`]) and deletes the bytes, which the file store cannot list, then the note.
//!
//! A file refused as it arrives is deleted at once, and its note with it ([`forget`]).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::entities::files_in_flight;
use crate::{Db, StorageError};

/// How long a file may be on its way in before the sweep takes it for one left behind:
/// far longer than any request runs.
pub const KEEP_HOURS: i64 = 24;

/// Notes that the file `key` is about to be stored.
pub async fn note(db: &Db, key: &str, now: DateTime<Utc>) -> Result<(), StorageError> {
    files_in_flight::ActiveModel {
        storage_key: Set(key.to_owned()),
        created_at: Set(now),
    }
    .insert(db.conn())
    .await?;
    Ok(())
}

/// The file `key` is recorded where it belongs, in the transaction `conn`: no longer on its
/// way in.
pub(crate) async fn landed_in(conn: &impl ConnectionTrait, key: &str) -> Result<(), StorageError> {
    files_in_flight::Entity::delete_by_id(key.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

/// Forgets the note of `key`: the file was refused and deleted, or the sweep deleted it.
pub async fn forget(db: &Db, key: &str) -> Result<(), StorageError> {
    landed_in(db.conn(), key).await
}

/// The keys of at most `limit` files noted before `before` and never recorded, the oldest
/// first.
pub async fn stale(
    db: &Db,
    before: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<String>, StorageError> {
    Ok(files_in_flight::Entity::find()
        .select_only()
        .column(files_in_flight::Column::StorageKey)
        .filter(files_in_flight::Column::CreatedAt.lt(before))
        .order_by_asc(files_in_flight::Column::CreatedAt)
        .limit(limit)
        .into_tuple()
        .all(db.conn())
        .await?)
}
