//! Restrictions on how a customer contacts us (`domain::restriction`, migration m0025):
//! the one in force, its history, and deciding, reviewing and lifting one.

use chrono::{DateTime, Utc};
use domain::restriction::{Restriction, RestrictionKind};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::entities::contact_restrictions as rows;
use crate::{Db, StorageError};

/// A restriction as kept: the decision, who made it and, once it ended, how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRestriction {
    pub id: i32,
    pub customer_id: i32,
    pub restriction: Restriction,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    pub ended: Option<Ended>,
}

/// How a restriction ended: reviewed (a new decision followed) or lifted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub at: DateTime<Utc>,
    pub by: String,
    pub lifted: bool,
    pub reason: Option<String>,
}

fn read(row: rows::Model) -> Result<KeptRestriction, StorageError> {
    let kind = RestrictionKind::parse(&row.kind)
        .ok_or_else(|| StorageError::Corrupt(format!("restriction kind {}", row.kind)))?;
    Ok(KeptRestriction {
        id: row.id,
        customer_id: row.customer_id,
        restriction: Restriction {
            kind,
            detail: row.detail,
            reason: row.reason,
            decided_on: row.decided_on,
            review_on: row.review_on,
        },
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        ended: row.ended_at.map(|at| Ended {
            at,
            by: row.ended_by.unwrap_or_default(),
            lifted: row.ended_how.as_deref() == Some("lifted"),
            reason: row.ended_reason,
        }),
    })
}

/// The restriction in force for a customer, if any.
pub async fn current(db: &Db, customer_id: i32) -> Result<Option<KeptRestriction>, StorageError> {
    rows::Entity::find()
        .filter(rows::Column::CustomerId.eq(customer_id))
        .filter(rows::Column::EndedAt.is_null())
        .order_by_desc(rows::Column::Id)
        .one(db.conn())
        .await?
        .map(read)
        .transpose()
}

/// Every restriction a customer has had, the latest first.
pub async fn history(db: &Db, customer_id: i32) -> Result<Vec<KeptRestriction>, StorageError> {
    rows::Entity::find()
        .filter(rows::Column::CustomerId.eq(customer_id))
        .order_by_desc(rows::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(read)
        .collect()
}

/// Restrictions in force whose review date has come by `today`, the longest overdue
/// first, at most `limit`, each with its customer's name: two queries however many.
pub async fn due(
    db: &Db,
    today: chrono::NaiveDate,
    limit: u64,
) -> Result<Vec<(KeptRestriction, String)>, StorageError> {
    use crate::entities::customers;
    use sea_orm::QuerySelect;
    let due: Vec<KeptRestriction> = rows::Entity::find()
        .filter(rows::Column::EndedAt.is_null())
        .filter(rows::Column::ReviewOn.lte(today))
        .order_by_asc(rows::Column::ReviewOn)
        .order_by_asc(rows::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(read)
        .collect::<Result<_, _>>()?;
    let names: std::collections::HashMap<i32, String> = customers::Entity::find()
        .filter(customers::Column::Id.is_in(due.iter().map(|k| k.customer_id)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(due
        .into_iter()
        .map(|kept| {
            let name = names.get(&kept.customer_id).cloned().unwrap_or_default();
            (kept, name)
        })
        .collect())
}

/// Who decides: the account and the name kept with the decision.
#[derive(Debug, Clone)]
pub struct DecidedBy {
    pub user_id: i32,
    pub name: String,
}

impl From<&crate::accounts::Account> for DecidedBy {
    fn from(account: &crate::accounts::Account) -> Self {
        Self {
            user_id: account.id,
            name: account.display_name.clone(),
        }
    }
}

/// Puts `restriction` in force for the customer. One already in force ends as reviewed,
/// in the same transaction, so a customer never has two.
pub async fn decide(
    db: &Db,
    customer_id: i32,
    restriction: &Restriction,
    by: &DecidedBy,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    crate::customers::find(db, customer_id).await?;
    let txn = db.conn().begin().await?;
    end_in(&txn, customer_id, by, "reviewed", None, now).await?;
    let row = rows::Entity::insert(rows::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(restriction.kind.code().to_owned()),
        detail: Set(restriction.detail.clone()),
        reason: Set(restriction.reason.clone()),
        decided_on: Set(restriction.decided_on),
        review_on: Set(restriction.review_on),
        decided_by_id: Set(Some(by.user_id)),
        decided_by: Set(by.name.clone()),
        decided_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(row.last_insert_id)
}

/// Lifts the restriction in force; [`StorageError::NotFound`] when there is none.
pub async fn lift(
    db: &Db,
    customer_id: i32,
    reason: &str,
    by: &DecidedBy,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let ended = end_in(&txn, customer_id, by, "lifted", Some(reason), now).await?;
    if ended == 0 {
        return Err(StorageError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}

async fn end_in(
    txn: &sea_orm::DatabaseTransaction,
    customer_id: i32,
    by: &DecidedBy,
    how: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, StorageError> {
    let ended = rows::Entity::update_many()
        .col_expr(rows::Column::EndedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(
            rows::Column::EndedBy,
            sea_orm::sea_query::Expr::value(by.name.clone()),
        )
        .col_expr(
            rows::Column::EndedHow,
            sea_orm::sea_query::Expr::value(how.to_owned()),
        )
        .col_expr(
            rows::Column::EndedReason,
            sea_orm::sea_query::Expr::value(reason.map(str::to_owned)),
        )
        .filter(rows::Column::CustomerId.eq(customer_id))
        .filter(rows::Column::EndedAt.is_null())
        .exec(txn)
        .await?;
    Ok(ended.rows_affected)
}
