//! Settings an administrator changes through the pages (see migration `m0023_settings`):
//! each a row holding its value as JSON, with who changed it last and when. Read where they
//! are used, so a change made through one app server is seen by every other at once.

use chrono::{DateTime, Utc};
use domain::Landlord;
use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};
use serde::{Serialize, de::DeserializeOwned};

use crate::codes::{from_json, to_json};
use crate::entities::settings;
use crate::{Db, StorageError};

const LANDLORD: &str = "landlord";

/// When a setting was last changed, and by whom (an account id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub by: Option<i32>,
    pub at: DateTime<Utc>,
}

async fn read<T: DeserializeOwned>(
    db: &Db,
    key: &str,
) -> Result<Option<(T, Changed)>, StorageError> {
    match settings::Entity::find_by_id(key.to_owned())
        .one(db.conn())
        .await?
    {
        None => Ok(None),
        Some(row) => Ok(Some((
            from_json(&row.value)?,
            Changed {
                by: row.updated_by,
                at: row.updated_at,
            },
        ))),
    }
}

async fn write<T: Serialize>(
    db: &Db,
    key: &str,
    value: &T,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    settings::Entity::insert(settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(to_json(value)),
        updated_by: Set(Some(by)),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(settings::Column::Key)
            .update_columns([
                settings::Column::Value,
                settings::Column::UpdatedBy,
                settings::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db.conn())
    .await?;
    Ok(())
}

/// The landlord's details as set, and when; `None` until an administrator sets them (the
/// pages then use [`Landlord::demo`]).
pub async fn landlord_set(db: &Db) -> Result<Option<(Landlord, Changed)>, StorageError> {
    read(db, LANDLORD).await
}

/// The landlord's details in use: as set, or the demo landlord's.
pub async fn landlord(db: &Db) -> Result<Landlord, StorageError> {
    Ok(landlord_set(db)
        .await?
        .map_or_else(Landlord::demo, |(landlord, _)| landlord))
}

/// Sets the landlord's details, recording who did it.
pub async fn set_landlord(
    db: &Db,
    landlord: &Landlord,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    write(db, LANDLORD, landlord, by, now).await
}
