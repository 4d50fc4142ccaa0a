//! Letter wording as an administrator sets it (`domain::letters::template`), version by
//! version. The newest version of a kind is the one in use; version 0, with no row, is
//! Putright's own wording. A version is never changed once saved: each save adds the next,
//! so every issued letter's `template_version` names the words it was written with.
//!
//! Read where letters are written, so a change made through one app server is used by
//! every other at once.

use chrono::{DateTime, Utc};
use domain::letters::LetterKind;
use domain::letters::template::LetterTemplate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::codes::{from_json, to_json};
use crate::entities::{letter_templates, letters};
use crate::{Db, StorageError};

/// One saved version of a kind of letter's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedWording {
    pub wording: LetterTemplate,
    pub saved_at: DateTime<Utc>,
    pub saved_by: Option<i32>,
}

fn version_of(row: letter_templates::Model) -> Result<SavedWording, StorageError> {
    let texts = from_json(&row.texts)?;
    let version = u32::try_from(row.version).map_err(|_| {
        StorageError::Corrupt(format!(
            "letter template {}: version {}",
            row.id, row.version
        ))
    })?;
    Ok(SavedWording {
        wording: LetterTemplate { version, texts },
        saved_at: row.saved_at,
        saved_by: row.saved_by,
    })
}

/// The wording in use for `kind`: its newest version, or Putright's own.
pub async fn current(db: &Db, kind: LetterKind) -> Result<LetterTemplate, StorageError> {
    Ok(newest(db, kind)
        .await?
        .map_or_else(LetterTemplate::standard, |saved| saved.wording))
}

/// The newest saved version of `kind`, if an administrator ever saved one.
pub async fn newest(db: &Db, kind: LetterKind) -> Result<Option<SavedWording>, StorageError> {
    letter_templates::Entity::find()
        .filter(letter_templates::Column::Kind.eq(kind.as_str()))
        .order_by_desc(letter_templates::Column::Version)
        .one(db.conn())
        .await?
        .map(version_of)
        .transpose()
}

/// Every saved version of `kind`, newest first, at most `limit`.
pub async fn history(
    db: &Db,
    kind: LetterKind,
    limit: u64,
) -> Result<Vec<SavedWording>, StorageError> {
    letter_templates::Entity::find()
        .filter(letter_templates::Column::Kind.eq(kind.as_str()))
        .order_by_desc(letter_templates::Column::Version)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(version_of)
        .collect()
}

/// The newest version of every kind that has one: one query.
pub async fn in_use(db: &Db) -> Result<Vec<(LetterKind, SavedWording)>, StorageError> {
    let rows = letter_templates::Entity::find()
        .order_by_asc(letter_templates::Column::Kind)
        .order_by_desc(letter_templates::Column::Version)
        .all(db.conn())
        .await?;
    let mut out: Vec<(LetterKind, SavedWording)> = Vec::new();
    for row in rows {
        let kind = LetterKind::parse(&row.kind).map_err(|_| {
            StorageError::Corrupt(format!("letter template {}: kind {:?}", row.id, row.kind))
        })?;
        if out.last().is_none_or(|(k, _)| *k != kind) {
            out.push((kind, version_of(row)?));
        }
    }
    Ok(out)
}

/// Saves `wording` as the next version of `kind` and returns its number. Two saves at
/// once: one wins, the other is told [`StorageError::Conflict`] (the page asks them to look
/// again).
pub async fn save(
    db: &Db,
    kind: LetterKind,
    wording: &LetterTemplate,
    by: i32,
    now: DateTime<Utc>,
) -> Result<u32, StorageError> {
    let txn = db.conn().begin().await?;
    let newest: Option<i32> = letter_templates::Entity::find()
        .select_only()
        .column(letter_templates::Column::Version)
        .filter(letter_templates::Column::Kind.eq(kind.as_str()))
        .order_by_desc(letter_templates::Column::Version)
        .into_tuple()
        .one(&txn)
        .await?;
    let version = newest.unwrap_or(0) + 1;
    letter_templates::ActiveModel {
        id: NotSet,
        kind: Set(kind.as_str().to_owned()),
        version: Set(version),
        texts: Set(to_json(&wording.texts)),
        saved_at: Set(now),
        saved_by: Set(Some(by)),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    u32::try_from(version).map_err(|_| StorageError::Corrupt(format!("version {version}")))
}

/// How many letters of `kind` were written with `version`: counted on the index of kind
/// and version.
pub async fn letters_written(db: &Db, kind: LetterKind, version: u32) -> Result<u64, StorageError> {
    Ok(letters::Entity::find()
        .filter(letters::Column::Kind.eq(kind.as_str()))
        .filter(letters::Column::TemplateVersion.eq(i32::try_from(version).unwrap_or(i32::MAX)))
        .count(db.conn())
        .await?)
}
