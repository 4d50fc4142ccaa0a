//! What was done for each of a customer's reasonable adjustments (migration m0027), and
//! the adjustments as stored with their labels. Their review is a flag on the customer
//! (`crate::customer_flags`, `domain::triage::AdjustmentsReview`).

use chrono::{DateTime, Utc};
use domain::form::Adjustment;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::customer_flags::DecidedBy;
use crate::entities::adjustment_actions as rows;
use crate::{Db, StorageError};

/// One thing done for an adjustment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustmentAction {
    pub adjustment: String,
    pub done: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// An adjustment as `customer_adjustments` stores it: its code, or `other` for one in the
/// customer's words.
pub fn stored_code(adjustment: &Adjustment) -> String {
    match adjustment {
        Adjustment::Other(_) => "other".to_owned(),
        known => crate::codes::to_code(known),
    }
}

/// Records what was done for one of the customer's adjustments.
pub async fn record(
    db: &Db,
    customer_id: i32,
    adjustment: &str,
    done: &str,
    by: &DecidedBy,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    crate::customers::find(db, customer_id).await?;
    rows::Entity::insert(rows::ActiveModel {
        customer_id: Set(customer_id),
        adjustment: Set(adjustment.to_owned()),
        done: Set(done.to_owned()),
        recorded_by_id: Set(Some(by.user_id)),
        recorded_by: Set(by.name.clone()),
        recorded_at: Set(now),
        ..Default::default()
    })
    .exec(db.conn())
    .await?;
    Ok(())
}

/// Everything done for the customer's adjustments, the latest first.
pub async fn for_customer(
    db: &Db,
    customer_id: i32,
) -> Result<Vec<AdjustmentAction>, StorageError> {
    Ok(rows::Entity::find()
        .filter(rows::Column::CustomerId.eq(customer_id))
        .order_by_desc(rows::Column::RecordedAt)
        .order_by_desc(rows::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| AdjustmentAction {
            adjustment: row.adjustment,
            done: row.done,
            recorded_by: row.recorded_by,
            recorded_at: row.recorded_at,
        })
        .collect())
}
