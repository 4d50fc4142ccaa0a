//! What the page benchmark (`putright bench-pages`) needs to pick from a benchmark
//! database: the people whose pages are worth measuring. Never used by the service itself.

use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::entities::{cases, customers};
use crate::worklist::OPEN_PHASES;
use crate::{Db, StorageError};

/// The Stage 1 handler with the most open cases, and how many: the busiest person's
/// "My cases".
pub async fn busiest_handler(db: &Db) -> Result<Option<(i32, u64)>, StorageError> {
    let handler = Expr::col(cases::Column::HandlerId);
    let select = Query::select()
        .expr_as(handler.clone(), "handler_id")
        .expr_as(Expr::col(cases::Column::Id).count(), "n")
        .from(cases::Entity)
        .and_where(Expr::col(cases::Column::Phase).is_in(OPEN_PHASES))
        .and_where(Expr::col(cases::Column::Phase).ne("stage2"))
        .and_where(handler.is_not_null())
        .group_by_col(cases::Column::HandlerId)
        .order_by_expr(Expr::col(cases::Column::Id).count(), Order::Desc)
        .limit(1)
        .to_owned();
    let Some(row) = db.conn().query_one(&select).await? else {
        return Ok(None);
    };
    let id: i32 = row.try_get("", "handler_id")?;
    let n: i64 = row.try_get("", "n")?;
    Ok(Some((id, u64::try_from(n).unwrap_or_default())))
}

/// The customer with the most cases, and how many: the resident with the longest list.
pub async fn busiest_customer(db: &Db) -> Result<Option<(i32, u64)>, StorageError> {
    let select = Query::select()
        .expr_as(Expr::col(cases::Column::CustomerId), "customer_id")
        .expr_as(Expr::col(cases::Column::Id).count(), "n")
        .from(cases::Entity)
        .and_where(Expr::col(cases::Column::CustomerId).is_not_null())
        .group_by_col(cases::Column::CustomerId)
        .order_by_expr(Expr::col(cases::Column::Id).count(), Order::Desc)
        .limit(1)
        .to_owned();
    let Some(row) = db.conn().query_one(&select).await? else {
        return Ok(None);
    };
    let id: i32 = row.try_get("", "customer_id")?;
    let n: i64 = row.try_get("", "n")?;
    Ok(Some((id, u64::try_from(n).unwrap_or_default())))
}

/// Makes `user` the account of `customer` (or none), returning the account it had: the
/// benchmark signs in as the customer, and puts things back when it is done.
pub async fn give_customer_to(
    db: &Db,
    customer: i32,
    user: Option<i32>,
) -> Result<Option<i32>, StorageError> {
    let row = customers::Entity::find_by_id(customer)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    let before = row.user_id;
    let mut active: customers::ActiveModel = row.into();
    active.user_id = Set(user);
    active.update(db.conn()).await?;
    Ok(before)
}
