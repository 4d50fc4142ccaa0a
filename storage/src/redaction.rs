//! The complaints manager's part in redaction: the decision on each flagged word of a case
//! (redact it or keep it), and each approval of the redacted review file.
//!
//! An approval keeps exactly what was approved: the redacted file (as the application
//! serialised it), the shared files with the SHA-256 of the copy the panel gets, and a
//! [`fingerprint`] of both. A panel member reads the newest approval, never the case as it
//! stands now: a later change shows up for the panel only once it has been approved too.
//! The approval and its timeline entry are saved in one transaction.

use chrono::{DateTime, Utc};
use domain::TimelineItem;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cases::{CaseId, Who, append_in};
use crate::entities::{redaction_approvals, redaction_decisions};
use crate::{Db, StorageError};

/// A shared file as approved: its address and the digest of the bytes the panel gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovedFile {
    pub token: String,
    pub sha256: String,
}

/// One approval of a case's redacted review file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub id: i32,
    pub case_id: CaseId,
    pub approved_by: Option<i32>,
    pub approved_by_name: String,
    pub approved_at: DateTime<Utc>,
    /// [`fingerprint`] of `content` and `files`.
    pub fingerprint: String,
    /// The redacted file as approved, in the application's own serialisation.
    pub content: String,
    pub files: Vec<ApprovedFile>,
}

/// A decision on a flagged word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The flagged words, as written.
    pub words: String,
    pub redact: bool,
    pub decided_by: Option<i32>,
    pub decided_at: DateTime<Utc>,
}

/// The SHA-256 (lower-case hex) of the redacted content and the shared files (in the
/// order given, each as its token and digest): two approvals of the same text and the same
/// bytes have the same fingerprint, and any change to either gives another.
pub fn fingerprint(content: &str, files: &[ApprovedFile]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(content.len().to_be_bytes());
    hasher.update(content.as_bytes());
    for file in files {
        hasher.update(b"\nfile ");
        hasher.update(file.token.as_bytes());
        hasher.update(b" ");
        hasher.update(file.sha256.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records an approval of `content` with `files`, and its timeline entry, together.
pub async fn approve(
    db: &Db,
    case_id: CaseId,
    who: &Who,
    content: &str,
    files: &[ApprovedFile],
    now: DateTime<Utc>,
) -> Result<Approval, StorageError> {
    let fingerprint = fingerprint(content, files);
    let files_json =
        serde_json::to_string(files).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let txn = db.conn().begin().await?;
    let row = redaction_approvals::ActiveModel {
        case_id: Set(case_id.0),
        approved_by: Set(who.user_id),
        approved_by_name: Set(who.name.clone().unwrap_or_default()),
        approved_at: Set(now),
        fingerprint: Set(fingerprint.clone()),
        content: Set(content.to_owned()),
        files: Set(files_json),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let item = TimelineItem::RedactedFileApproved {
        fingerprint,
        files: files.len(),
    };
    append_in(&txn, case_id, who, &item, now).await?;
    txn.commit().await?;
    to_approval(row)
}

/// The approval in force on a case: the newest.
pub async fn approval(db: &Db, case_id: CaseId) -> Result<Option<Approval>, StorageError> {
    redaction_approvals::Entity::find()
        .filter(redaction_approvals::Column::CaseId.eq(case_id.0))
        .order_by_desc(redaction_approvals::Column::Id)
        .one(db.conn())
        .await?
        .map(to_approval)
        .transpose()
}

fn to_approval(row: redaction_approvals::Model) -> Result<Approval, StorageError> {
    let files = serde_json::from_str(&row.files)
        .map_err(|e| StorageError::Corrupt(format!("approval {}: {e}", row.id)))?;
    Ok(Approval {
        id: row.id,
        case_id: CaseId(row.case_id),
        approved_by: row.approved_by,
        approved_by_name: row.approved_by_name,
        approved_at: row.approved_at,
        fingerprint: row.fingerprint,
        content: row.content,
        files,
    })
}

/// Records (or changes) the decision on a flagged word of a case.
pub async fn decide(
    db: &Db,
    case_id: CaseId,
    words: &str,
    redact: bool,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let words = words.trim();
    if words.is_empty() {
        return Err(StorageError::Conflict);
    }
    redaction_decisions::Entity::insert(redaction_decisions::ActiveModel {
        case_id: Set(case_id.0),
        words: Set(words.to_owned()),
        redact: Set(redact),
        decided_by: Set(by),
        decided_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            redaction_decisions::Column::CaseId,
            redaction_decisions::Column::Words,
        ])
        .update_columns([
            redaction_decisions::Column::Redact,
            redaction_decisions::Column::DecidedBy,
            redaction_decisions::Column::DecidedAt,
        ])
        .to_owned(),
    )
    .exec(db.conn())
    .await?;
    Ok(())
}

/// Every decision on a case's flagged words.
pub async fn decisions(db: &Db, case_id: CaseId) -> Result<Vec<Decision>, StorageError> {
    Ok(redaction_decisions::Entity::find()
        .filter(redaction_decisions::Column::CaseId.eq(case_id.0))
        .order_by_asc(redaction_decisions::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| Decision {
            words: row.words,
            redact: row.redact,
            decided_by: row.decided_by,
            decided_at: row.decided_at,
        })
        .collect())
}
