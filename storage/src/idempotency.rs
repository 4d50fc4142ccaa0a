//! Idempotency keys of the integration API (the `Idempotency-Key` header): a client that
//! sends a change again under the same key, because it never saw the answer, is given the
//! first answer back and the change is made once.
//!
//! A key is [`claim`]ed before the change runs (one row per client and key, so two copies
//! sent at once cannot both run), and the answer is kept by [`answer`] when it ends, or the
//! claim given up by [`release`] when nothing was changed and the request may simply be
//! sent again.
//!
//! Rules we chose:
//! - a key belongs to one client: another client's key of the same text is another key;
//! - a key is kept for [`KEEP_HOURS`] hours, then forgotten by the sweep (and a claim of a
//!   key older than that starts afresh);
//! - a key sent again with a different request (method, address, content type or body) is
//!   refused, never answered with the other request's answer.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, QuerySelect, Set};

use crate::entities::api_idempotency_keys;
use crate::{Db, StorageError};

/// How long a key is kept.
pub const KEEP_HOURS: i64 = 24;

/// A kept answer, as it is sent again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// What identifies a request under its key: SHA-256 (hex) of its method, address, content
/// type and body.
pub fn fingerprint(method: &str, path: &str, content_type: &str, body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes(), content_type.as_bytes()] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.update(body);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: run the request, then [`answer`] or [`release`].
    Fresh,
    /// The same request was answered: its answer.
    Answered(Answer),
    /// The same request is under way (or the server running it stopped midway: whether it
    /// changed anything is for the client to read).
    Running,
    /// The key was used for a different request.
    Mismatch,
}

/// Claims `key` for `client_id`'s request `fingerprint`.
pub async fn claim(
    db: &Db,
    client_id: i32,
    key: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Claim, StorageError> {
    // Twice at most: a key older than the time keys are kept is forgotten, then claimed.
    for _ in 0..2 {
        let row = api_idempotency_keys::ActiveModel {
            id: NotSet,
            client_id: Set(client_id),
            idempotency_key: Set(key.to_owned()),
            fingerprint: Set(fingerprint.to_owned()),
            status: Set(None),
            content_type: Set(None),
            location: Set(None),
            body: Set(None),
            created_at: Set(now),
            answered_at: Set(None),
        };
        match row.insert(db.conn()).await.map_err(StorageError::from) {
            Ok(_) => return Ok(Claim::Fresh),
            Err(StorageError::Conflict) => {}
            Err(other) => return Err(other),
        }
        let Some(held) = find(db, client_id, key).await? else {
            // Released in between: claim it again.
            continue;
        };
        if held.created_at < now - Duration::hours(KEEP_HOURS) {
            api_idempotency_keys::Entity::delete_by_id(held.id)
                .exec(db.conn())
                .await?;
            continue;
        }
        if held.fingerprint != fingerprint {
            return Ok(Claim::Mismatch);
        }
        return Ok(match (held.status, held.body) {
            (Some(status), Some(body)) => Claim::Answered(Answer {
                status: u16::try_from(status).unwrap_or(500),
                content_type: held.content_type,
                location: held.location,
                body,
            }),
            _ => Claim::Running,
        });
    }
    Ok(Claim::Running)
}

async fn find(
    db: &Db,
    client_id: i32,
    key: &str,
) -> Result<Option<api_idempotency_keys::Model>, StorageError> {
    Ok(api_idempotency_keys::Entity::find()
        .filter(api_idempotency_keys::Column::ClientId.eq(client_id))
        .filter(api_idempotency_keys::Column::IdempotencyKey.eq(key))
        .one(db.conn())
        .await?)
}

/// Keeps the answer to the request that claimed `key`.
pub async fn answer(
    db: &Db,
    client_id: i32,
    key: &str,
    answer: &Answer,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    api_idempotency_keys::Entity::update_many()
        .set(api_idempotency_keys::ActiveModel {
            status: Set(Some(i16::try_from(answer.status).unwrap_or(i16::MAX))),
            content_type: Set(answer.content_type.clone()),
            location: Set(answer.location.clone()),
            body: Set(Some(answer.body.clone())),
            answered_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(api_idempotency_keys::Column::ClientId.eq(client_id))
        .filter(api_idempotency_keys::Column::IdempotencyKey.eq(key))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Gives up the claim on `key`: the request changed nothing and may be sent again.
pub async fn release(db: &Db, client_id: i32, key: &str) -> Result<(), StorageError> {
    api_idempotency_keys::Entity::delete_many()
        .filter(api_idempotency_keys::Column::ClientId.eq(client_id))
        .filter(api_idempotency_keys::Column::IdempotencyKey.eq(key))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Forgets the keys claimed before `cutoff`, a thousand at a time along their index, and
/// says how many went.
pub async fn forget_before(db: &Db, cutoff: DateTime<Utc>) -> Result<u64, StorageError> {
    let mut forgotten = 0;
    loop {
        let ids: Vec<i32> = api_idempotency_keys::Entity::find()
            .select_only()
            .column(api_idempotency_keys::Column::Id)
            .filter(api_idempotency_keys::Column::CreatedAt.lt(cutoff))
            .limit(1000)
            .into_tuple()
            .all(db.conn())
            .await?;
        if ids.is_empty() {
            return Ok(forgotten);
        }
        forgotten += api_idempotency_keys::Entity::delete_many()
            .filter(api_idempotency_keys::Column::Id.is_in(ids))
            .exec(db.conn())
            .await?
            .rows_affected;
    }
}
