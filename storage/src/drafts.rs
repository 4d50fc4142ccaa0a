//! Drafts of the online form, kept between posting it and confirming it (see migration
//! m0006). The token in the page's address is the only key; the table holds its SHA-256.

use chrono::{DateTime, Duration, Utc};
use domain::form::ComplaintFormInput;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::OnConflict};
use sha2::{Digest, Sha256};

use crate::codes::{from_json, to_json};
use crate::entities::drafts;
use crate::{Db, StorageError};

/// How long a draft is kept.
pub const DRAFT_HOURS: i64 = 24;

/// The evidence file a draft carries: its bytes are already in the blob store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftEvidence {
    pub key: String,
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub content_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// The account that made it, if signed in: only they may open it.
    pub user_id: Option<i32>,
    pub input: ComplaintFormInput,
    /// (field, message) for each problem found; empty when the form was right.
    pub errors: Vec<(String, String)>,
    pub evidence: Option<DraftEvidence>,
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new draft token: 244 random bits as 64 hex digits.
pub fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Saves (or replaces) the draft under `token`, for another [`DRAFT_HOURS`].
pub async fn save(
    db: &Db,
    token: &str,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let evidence = draft.evidence.as_ref();
    let row = drafts::ActiveModel {
        token_hash: Set(hash(token)),
        user_id: Set(draft.user_id),
        input: Set(to_json(&draft.input)),
        errors: Set(to_json(&draft.errors)),
        evidence_key: Set(evidence.map(|e| e.key.clone())),
        evidence_name: Set(evidence.map(|e| e.name.clone())),
        evidence_size: Set(evidence.map(|e| e.size as i64)),
        evidence_sha256: Set(evidence.map(|e| e.sha256.clone())),
        evidence_type: Set(evidence.map(|e| e.content_type.clone())),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(DRAFT_HOURS)),
    };
    drafts::Entity::insert(row)
        .on_conflict(
            OnConflict::column(drafts::Column::TokenHash)
                .update_columns([
                    drafts::Column::UserId,
                    drafts::Column::Input,
                    drafts::Column::Errors,
                    drafts::Column::EvidenceKey,
                    drafts::Column::EvidenceName,
                    drafts::Column::EvidenceSize,
                    drafts::Column::EvidenceSha256,
                    drafts::Column::EvidenceType,
                    drafts::Column::ExpiresAt,
                ])
                .to_owned(),
        )
        .exec(db.conn())
        .await?;
    Ok(())
}

/// The draft under `token`, if it exists, has not expired, and belongs to `user_id` (or
/// to nobody).
pub async fn load(
    db: &Db,
    token: &str,
    user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Draft, StorageError> {
    let row = drafts::Entity::find_by_id(hash(token))
        .one(db.conn())
        .await?
        .filter(|row| row.expires_at > now)
        .filter(|row| row.user_id.is_none() || row.user_id == user_id)
        .ok_or(StorageError::NotFound)?;
    let evidence = match (
        row.evidence_key,
        row.evidence_name,
        row.evidence_size,
        row.evidence_sha256,
        row.evidence_type,
    ) {
        (Some(key), Some(name), Some(size), Some(sha256), Some(content_type)) => {
            Some(DraftEvidence {
                key,
                name,
                size: size.max(0) as u64,
                sha256,
                content_type,
            })
        }
        _ => None,
    };
    Ok(Draft {
        user_id: row.user_id,
        input: from_json(&row.input)?,
        errors: from_json(&row.errors)?,
        evidence,
    })
}

/// Removes a draft (once it became a case).
pub async fn delete(db: &Db, token: &str) -> Result<(), StorageError> {
    drafts::Entity::delete_by_id(hash(token))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Removes expired drafts; returns the blob keys of their files for the caller to delete.
pub async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>, StorageError> {
    let expired = drafts::Entity::find()
        .filter(drafts::Column::ExpiresAt.lte(now))
        .all(db.conn())
        .await?;
    drafts::Entity::delete_many()
        .filter(drafts::Column::ExpiresAt.lte(now))
        .exec(db.conn())
        .await?;
    Ok(expired.into_iter().filter_map(|d| d.evidence_key).collect())
}
