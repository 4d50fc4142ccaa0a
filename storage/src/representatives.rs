//! Representatives: someone a customer names to act for them. They see and act on the case
//! only once staff have recorded that their authority is confirmed (SPEC section 1).

use chrono::{DateTime, Utc};
use domain::TimelineItem;
use domain::access::Authority;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::cases::{CaseId, Who, append_in};
use crate::entities::representatives;
use crate::{Db, StorageError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representative {
    pub id: i32,
    pub case_id: CaseId,
    /// Their account, if they have one (needed to see the case online).
    pub user_id: Option<i32>,
    pub name: String,
    pub relationship: Option<String>,
    pub contact: Option<String>,
    pub authority: Authority,
    pub named_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// Who the customer names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRepresentative {
    pub user_id: Option<i32>,
    pub name: String,
    pub relationship: Option<String>,
    pub contact: Option<String>,
}

fn authority_code(authority: Authority) -> &'static str {
    match authority {
        Authority::None => "none",
        Authority::AwaitingConfirmation => "awaiting_confirmation",
        Authority::Confirmed => "confirmed",
    }
}

pub(crate) fn authority_of(code: &str) -> Authority {
    match code {
        "confirmed" => Authority::Confirmed,
        "awaiting_confirmation" => Authority::AwaitingConfirmation,
        _ => Authority::None,
    }
}

/// Names a representative, waiting for staff to confirm their authority.
pub async fn name(
    db: &Db,
    case_id: CaseId,
    new: &NewRepresentative,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<Representative, StorageError> {
    let txn = db.conn().begin().await?;
    let row = representatives::ActiveModel {
        case_id: Set(case_id.0),
        user_id: Set(new.user_id),
        name: Set(new.name.trim().to_owned()),
        relationship: Set(new.relationship.clone()),
        contact: Set(new.contact.clone()),
        authority: Set(authority_code(Authority::AwaitingConfirmation).to_owned()),
        named_at: Set(now),
        confirmed_by: Set(None),
        confirmed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let item = TimelineItem::RepresentativeNamed {
        name: row.name.clone(),
    };
    append_in(&txn, case_id, who, &item, now).await?;
    txn.commit().await?;
    Ok(to_representative(row))
}

/// Records that staff confirmed the representative's authority.
pub async fn confirm(
    db: &Db,
    id: i32,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<Representative, StorageError> {
    let txn = db.conn().begin().await?;
    let row = representatives::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let case_id = CaseId(row.case_id);
    let mut active = row.into_active_model();
    active.authority = Set(authority_code(Authority::Confirmed).to_owned());
    active.confirmed_by = Set(who.user_id);
    active.confirmed_at = Set(Some(now));
    let row = active.update(&txn).await?;
    let item = TimelineItem::RepresentativeConfirmed {
        name: row.name.clone(),
    };
    append_in(&txn, case_id, who, &item, now).await?;
    txn.commit().await?;
    Ok(to_representative(row))
}

pub async fn for_case(db: &Db, case_id: CaseId) -> Result<Vec<Representative>, StorageError> {
    Ok(representatives::Entity::find()
        .filter(representatives::Column::CaseId.eq(case_id.0))
        .order_by_asc(representatives::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_representative)
        .collect())
}

fn to_representative(row: representatives::Model) -> Representative {
    Representative {
        id: row.id,
        case_id: CaseId(row.case_id),
        user_id: row.user_id,
        authority: authority_of(&row.authority),
        name: row.name,
        relationship: row.relationship,
        contact: row.contact,
        named_at: row.named_at,
        confirmed_at: row.confirmed_at,
    }
}
