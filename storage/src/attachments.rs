//! Attachments' metadata: which case, the name the person gave it, its type and size, its
//! digest, where its bytes are (a [`crate::blobs`] key), and whether staff marked it
//! shareable with an involved customer, with the copy made safe for them. Adding one puts it on the case's timeline in the
//! same transaction.

use chrono::{DateTime, Utc};
use domain::TimelineItem;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};

use crate::cases::{CaseId, Who, append_in};
use crate::entities::attachments;
use crate::{Db, StorageError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i32,
    /// The file's address, `/files/{token}`: see [`new_token`].
    pub token: String,
    pub case_id: CaseId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    /// Staff marked it safe to show an involved customer.
    pub shareable: bool,
    pub uploaded_by: Option<i32>,
    pub uploaded_at: DateTime<Utc>,
    /// The copy an involved customer gets, made when it was shared.
    pub shared_copy: Option<SharedCopy>,
}

/// The copy of a shared file that an involved customer gets (see [`crate::cleaning`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedCopy {
    pub storage_key: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub cleaning: Cleaning,
}

/// What was done to a shared copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cleaning {
    /// Made safe: what was removed, in plain words.
    Cleaned(String),
    /// Its type cannot be cleaned: shared as it is, after a person confirmed they checked it.
    Unchecked,
}

impl Cleaning {
    fn code(&self) -> String {
        match self {
            Self::Cleaned(what) => format!("cleaned:{what}"),
            Self::Unchecked => "unchecked".to_owned(),
        }
    }

    fn of(code: &str) -> Self {
        code.strip_prefix("cleaned:")
            .map_or(Self::Unchecked, |what| Self::Cleaned(what.to_owned()))
    }
}

/// A file whose bytes are already in the blob store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub storage_key: String,
}

/// A new file address: 128 bits from the operating system's secure random source, as 32
/// lower-case hexadecimal digits. Row ids are never used in addresses: they count up, so
/// one would tell of the others.
pub fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `token` has the form [`new_token`] gives (so nothing else is looked up).
pub fn is_token(token: &str) -> bool {
    token.len() == 32
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Records an attachment and its timeline entry. The name is kept without control and
/// format characters ([`domain::evidence::clean_file_name`]), whoever calls.
pub async fn record(
    db: &Db,
    case_id: CaseId,
    new: &NewAttachment,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<Attachment, StorageError> {
    let txn = db.conn().begin().await?;
    let recorded = record_in(&txn, case_id, new, who, now).await?;
    txn.commit().await?;
    Ok(recorded)
}

/// [`record`] inside the caller's transaction.
pub(crate) async fn record_in(
    txn: &impl ConnectionTrait,
    case_id: CaseId,
    new: &NewAttachment,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<Attachment, StorageError> {
    let row = attachments::ActiveModel {
        case_id: Set(case_id.0),
        token: Set(new_token()),
        file_name: Set(domain::evidence::clean_file_name(&new.file_name)),
        content_type: Set(new.content_type.clone()),
        size_bytes: Set(i64::try_from(new.size_bytes).map_err(|_| StorageError::Conflict)?),
        sha256: Set(new.sha256.clone()),
        storage_key: Set(new.storage_key.clone()),
        shareable: Set(false),
        uploaded_by: Set(who.user_id),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crate::in_flight::landed_in(txn, &new.storage_key).await?;
    let item = TimelineItem::AttachmentAdded {
        file_name: row.file_name.clone(),
    };
    append_in(txn, case_id, who, &item, now).await?;
    Ok(to_attachment(row))
}

pub async fn for_case(db: &Db, case_id: CaseId) -> Result<Vec<Attachment>, StorageError> {
    Ok(attachments::Entity::find()
        .filter(attachments::Column::CaseId.eq(case_id.0))
        .order_by_asc(attachments::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_attachment)
        .collect())
}

pub async fn find(db: &Db, id: i32) -> Result<Attachment, StorageError> {
    attachments::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .map(to_attachment)
        .ok_or(StorageError::NotFound)
}

/// The file at `/files/{token}`; anything that is not a token is not found.
pub async fn find_by_token(db: &Db, token: &str) -> Result<Attachment, StorageError> {
    if !is_token(token) {
        return Err(StorageError::NotFound);
    }
    attachments::Entity::find()
        .filter(attachments::Column::Token.eq(token))
        .one(db.conn())
        .await?
        .map(to_attachment)
        .ok_or(StorageError::NotFound)
}

/// Shares the file with an involved customer, who gets `copy` (its bytes already in the
/// blob store), or (`None`) stops sharing it. A copy made for an earlier sharing is
/// forgotten here; the caller removes its bytes.
pub async fn set_shared(db: &Db, id: i32, copy: Option<&SharedCopy>) -> Result<(), StorageError> {
    let result = attachments::Entity::update_many()
        .col_expr(attachments::Column::Shareable, Expr::value(copy.is_some()))
        .col_expr(
            attachments::Column::SharedStorageKey,
            Expr::value(copy.map(|c| c.storage_key.clone())),
        )
        .col_expr(
            attachments::Column::SharedSha256,
            Expr::value(copy.map(|c| c.sha256.clone())),
        )
        .col_expr(
            attachments::Column::SharedSize,
            Expr::value(copy.map(|c| c.size_bytes)),
        )
        .col_expr(
            attachments::Column::SharedCleaning,
            Expr::value(copy.map(|c| c.cleaning.code())),
        )
        .filter(attachments::Column::Id.eq(id))
        .exec(db.conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    Ok(())
}

fn to_attachment(row: attachments::Model) -> Attachment {
    Attachment {
        id: row.id,
        token: row.token,
        case_id: CaseId(row.case_id),
        // Names stored before they were cleaned on the way in are cleaned on the way out.
        file_name: domain::evidence::clean_file_name(&row.file_name),
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        storage_key: row.storage_key,
        shareable: row.shareable,
        uploaded_by: row.uploaded_by,
        uploaded_at: row.uploaded_at,
        shared_copy: match (
            row.shared_storage_key,
            row.shared_sha256,
            row.shared_size,
            row.shared_cleaning,
        ) {
            (Some(storage_key), Some(sha256), Some(size_bytes), Some(cleaning)) => {
                Some(SharedCopy {
                    storage_key,
                    sha256,
                    size_bytes,
                    cleaning: Cleaning::of(&cleaning),
                })
            }
            _ => None,
        },
    }
}
