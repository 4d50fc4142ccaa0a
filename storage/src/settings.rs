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

pub(crate) async fn read<T: DeserializeOwned>(
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

pub(crate) async fn write<T: Serialize>(
    db: &Db,
    key: &str,
    value: &T,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    write_as(db, key, value, Some(by), now).await
}

/// [`write`], by a person (`Some`) or by Putright itself (`None`).
pub(crate) async fn write_as<T: Serialize>(
    db: &Db,
    key: &str,
    value: &T,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    settings::Entity::insert(settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(to_json(value)),
        updated_by: Set(by),
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

const OMBUDSMAN: &str = "ombudsman";

/// The Housing Ombudsman's details as set, and when; `None` until an administrator sets
/// them (the details published when this was written are used).
pub async fn ombudsman_set(
    db: &Db,
) -> Result<Option<(domain::landlord::OmbudsmanContact, Changed)>, StorageError> {
    read(db, OMBUDSMAN).await
}

/// The Housing Ombudsman's details in use.
pub async fn ombudsman(db: &Db) -> Result<domain::landlord::OmbudsmanContact, StorageError> {
    Ok(ombudsman_set(db)
        .await?
        .map(|(contact, _)| contact)
        .unwrap_or_default())
}

/// Sets the Housing Ombudsman's details, recording who did it.
pub async fn set_ombudsman(
    db: &Db,
    contact: &domain::landlord::OmbudsmanContact,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    write(db, OMBUDSMAN, contact, by, now).await
}

/// The landlord's and the Ombudsman's details in use, in one query: every page's footer
/// gives both.
pub async fn contacts(
    db: &Db,
) -> Result<(Landlord, domain::landlord::OmbudsmanContact), StorageError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows = settings::Entity::find()
        .filter(settings::Column::Key.is_in([LANDLORD, OMBUDSMAN]))
        .all(db.conn())
        .await?;
    let mut landlord = Landlord::demo();
    let mut ombudsman = domain::landlord::OmbudsmanContact::default();
    for row in rows {
        match row.key.as_str() {
            LANDLORD => landlord = from_json(&row.value)?,
            OMBUDSMAN => ombudsman = from_json(&row.value)?,
            _ => {}
        }
    }
    Ok((landlord, ombudsman))
}
