//! Drafts of the online form, kept between posting it and confirming it (see migration
//! m0006). The token in the page's address is the only key; the table holds its SHA-256.

use chrono::{DateTime, Duration, Utc};
use domain::Calendar;
use domain::form::{ComplaintFormInput, Section};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, sea_query::OnConflict,
};
use sha2::{Digest, Sha256};

use crate::attachments::{self, NewAttachment};
use crate::cases::{self, CreatedCase, NewCase};
use crate::codes::{from_json, to_json};
use crate::entities::{drafts, sent_drafts};
use crate::outbox::NewMessage;
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
    /// The pages of the form sent so far: only their problems are shown.
    pub answered: Vec<Section>,
}

/// The answers as stored: the input, and the pages sent so far beside it.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredInput {
    #[serde(flatten)]
    input: ComplaintFormInput,
    #[serde(default, rename = "_answered")]
    answered: Vec<String>,
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
        input: Set(to_json(&StoredInput {
            input: draft.input.clone(),
            answered: draft.answered.iter().map(|s| s.code().to_owned()).collect(),
        })),
        errors: Set(to_json(&draft.errors)),
        evidence_key: Set(evidence.map(|e| e.key.clone())),
        evidence_name: Set(evidence.map(|e| e.name.clone())),
        evidence_size: Set(evidence.map(|e| e.size as i64)),
        evidence_sha256: Set(evidence.map(|e| e.sha256.clone())),
        evidence_type: Set(evidence.map(|e| e.content_type.clone())),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(DRAFT_HOURS)),
    };
    // The draft and its file's arrival, together.
    let txn = db.conn().begin().await?;
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
        .exec(&txn)
        .await?;
    if let Some(evidence) = evidence {
        crate::in_flight::landed_in(&txn, &evidence.key).await?;
    }
    txn.commit().await?;
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
    let stored: StoredInput = from_json(&row.input)?;
    Ok(Draft {
        user_id: row.user_id,
        input: stored.input,
        errors: from_json(&row.errors)?,
        evidence,
        answered: stored
            .answered
            .iter()
            .filter_map(|code| Section::parse(code))
            .collect(),
    })
}

/// Writes the message telling the sender their case arrived, from the case just made (its
/// reference and private link), or nothing.
pub type Receipt<'a> = &'a (dyn Fn(&CreatedCase) -> Option<NewMessage> + Send + Sync);

/// What a confirmed draft makes: the case, its first file when the draft carries one, and
/// the message telling the sender.
pub struct Making<'a> {
    pub case: NewCase,
    pub evidence: Option<&'a DraftEvidence>,
    pub tell: Receipt<'a>,
}

/// Turns the draft under `token` into the case and, when the draft carries one, the
/// case's first file, and the message `tell` writes, in one transaction.
///
/// The draft is claimed first, by a statement that removes it only while it is still there,
/// unexpired and `user_id`'s (or nobody's): so a case is stored with its file or not at
/// all, whatever stops the server, and a draft confirmed twice at once (a double tap, two
/// tabs) makes one case; the other confirmation finds nothing ([`StorageError::NotFound`]).
pub async fn confirm(
    db: &Db,
    token: &str,
    user_id: Option<i32>,
    making: Making<'_>,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<CreatedCase, StorageError> {
    let Making {
        case: new,
        evidence,
        tell,
    } = making;
    let txn = db.conn().begin().await?;
    let owner = match user_id {
        Some(id) => Condition::any()
            .add(drafts::Column::UserId.is_null())
            .add(drafts::Column::UserId.eq(id)),
        None => Condition::all().add(drafts::Column::UserId.is_null()),
    };
    let claimed = drafts::Entity::delete_many()
        .filter(drafts::Column::TokenHash.eq(hash(token)))
        .filter(drafts::Column::ExpiresAt.gt(now))
        .filter(owner)
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        return Err(StorageError::NotFound);
    }
    let who = new.recorded_by.clone();
    let created = cases::create_in(&txn, new, calendar, now).await?;
    // Remembered for a day, so going Back to the form finds the case it made.
    sent_drafts::Entity::insert(sent_drafts::ActiveModel {
        token_hash: Set(hash(token)),
        case_id: Set(created.id.0),
        user_id: Set(user_id),
        expires_at: Set(now + Duration::hours(DRAFT_HOURS)),
    })
    .exec_without_returning(&txn)
    .await?;
    if let Some(file) = evidence {
        let file = NewAttachment {
            file_name: file.name.clone(),
            content_type: file.content_type.clone(),
            size_bytes: file.size,
            sha256: file.sha256.clone(),
            storage_key: file.key.clone(),
        };
        attachments::record_in(&txn, created.id, &file, &who, now).await?;
    }
    if let Some(message) = tell(&created) {
        crate::outbox::enqueue_in(&txn, &message, now).await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// The case a draft under `token` became, if it was sent within the last
/// [`DRAFT_HOURS`] and by `user_id` (or by nobody signed in, when the draft was nobody's).
pub async fn sent(
    db: &Db,
    token: &str,
    user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Option<domain::CaseReference>, StorageError> {
    let Some(row) = sent_drafts::Entity::find_by_id(hash(token))
        .one(db.conn())
        .await?
        .filter(|row| row.expires_at > now)
        .filter(|row| row.user_id.is_none() || row.user_id == user_id)
    else {
        return Ok(None);
    };
    match crate::entities::cases::Entity::find_by_id(row.case_id)
        .one(db.conn())
        .await?
    {
        Some(case) => Ok(Some(cases::reference_of(&case)?)),
        None => Ok(None),
    }
}

/// What [`purge_expired`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    /// Expired drafts it found (at most the limit): fewer than the limit means no more.
    pub found: usize,
    /// Drafts it removed itself.
    pub removed: usize,
    /// The blob keys of the files of the drafts it removed, for the caller to delete.
    pub keys: Vec<String>,
}

/// Removes drafts that expired by `now`, at most `limit` of them.
///
/// Safe with several app servers sweeping at once, and with a person saving their draft
/// meanwhile: each draft is removed by a statement that still requires it to have expired
/// and to hold the same file, and only the sweep whose statement removed it gets its key.
/// A draft saved again in between stays, with its file.
pub async fn purge_expired(
    db: &Db,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Purged, StorageError> {
    use sea_orm::{QueryOrder, QuerySelect};
    let expired: Vec<(String, Option<String>)> = drafts::Entity::find()
        .select_only()
        .column(drafts::Column::TokenHash)
        .column(drafts::Column::EvidenceKey)
        .filter(drafts::Column::ExpiresAt.lte(now))
        .order_by_asc(drafts::Column::ExpiresAt)
        .limit(limit)
        .into_tuple()
        .all(db.conn())
        .await?;
    // Sent forms are remembered for as long as drafts are kept, and hold nothing but the
    // case's id.
    sent_drafts::Entity::delete_many()
        .filter(sent_drafts::Column::ExpiresAt.lte(now))
        .exec(db.conn())
        .await?;
    let mut purged = Purged {
        found: expired.len(),
        ..Purged::default()
    };
    for (token_hash, key) in expired {
        let mut delete = drafts::Entity::delete_many()
            .filter(drafts::Column::TokenHash.eq(&token_hash))
            .filter(drafts::Column::ExpiresAt.lte(now));
        delete = match &key {
            Some(key) => delete.filter(drafts::Column::EvidenceKey.eq(key)),
            None => delete.filter(drafts::Column::EvidenceKey.is_null()),
        };
        if delete.exec(db.conn()).await?.rows_affected == 1 {
            purged.removed += 1;
            purged.keys.extend(key);
        }
    }
    Ok(purged)
}

/// The bytes of files held by drafts that have not expired: what unconfirmed forms take
/// up, for the cap on it.
pub async fn file_bytes(db: &Db, now: DateTime<Utc>) -> Result<u64, StorageError> {
    use sea_orm::{
        QuerySelect,
        sea_query::{Alias, Expr, Func},
    };
    let total: Option<Option<i64>> = drafts::Entity::find()
        .select_only()
        .column_as(
            Expr::from(Func::cast_as(
                Func::sum(Expr::col(drafts::Column::EvidenceSize)),
                Alias::new("BIGINT"),
            )),
            "total",
        )
        .filter(drafts::Column::ExpiresAt.gt(now))
        .filter(drafts::Column::EvidenceSize.is_not_null())
        .into_tuple()
        .one(db.conn())
        .await?;
    Ok(total.flatten().unwrap_or(0).max(0) as u64)
}
