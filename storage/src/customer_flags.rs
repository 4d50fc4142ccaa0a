//! What we record about a customer that changes how we deal with them, each with a review
//! date (migration m0026): a contact restriction (`domain::restriction`) and a
//! vulnerability or risk flag (`domain::triage`). For each kind of flag: the one in force,
//! its history, deciding (or reviewing) one, ending one, and those due for review.
//!
//! A customer has at most one flag of each kind in force: deciding a new one ends the one
//! before as reviewed, in the same transaction, so the history stays.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::restriction::{Restriction, RestrictionKind};
use domain::triage::{Vulnerability, circumstances_code, parse_circumstances};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::customer_flags as rows;
use crate::{Db, StorageError};

/// The columns every kind of flag is kept in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagColumns {
    pub kind: String,
    pub detail: Option<String>,
    pub reason: String,
    pub decided_on: NaiveDate,
    pub review_on: NaiveDate,
}

/// A kind of flag on a customer, as the domain decides it.
pub trait CustomerFlag: Sized {
    /// `customer_flags.flag`.
    const FLAG: &'static str;
    fn columns(&self) -> FlagColumns;
    /// `None` when the stored columns are not a flag of this kind.
    fn from_columns(columns: FlagColumns) -> Option<Self>;
}

impl CustomerFlag for Restriction {
    const FLAG: &'static str = "restriction";

    fn columns(&self) -> FlagColumns {
        FlagColumns {
            kind: self.kind.code().to_owned(),
            detail: self.detail.clone(),
            reason: self.reason.clone(),
            decided_on: self.decided_on,
            review_on: self.review_on,
        }
    }

    fn from_columns(c: FlagColumns) -> Option<Self> {
        Some(Restriction {
            kind: RestrictionKind::parse(&c.kind)?,
            detail: c.detail,
            reason: c.reason,
            decided_on: c.decided_on,
            review_on: c.review_on,
        })
    }
}

impl CustomerFlag for Vulnerability {
    const FLAG: &'static str = "vulnerability";

    fn columns(&self) -> FlagColumns {
        FlagColumns {
            kind: circumstances_code(&self.circumstances),
            detail: self.support.clone(),
            reason: self.reason.clone(),
            decided_on: self.recorded_on,
            review_on: self.review_on,
        }
    }

    fn from_columns(c: FlagColumns) -> Option<Self> {
        let circumstances = parse_circumstances(&c.kind).filter(|c| !c.is_empty())?;
        Some(Vulnerability {
            circumstances,
            reason: c.reason,
            support: c.detail,
            recorded_on: c.decided_on,
            review_on: c.review_on,
        })
    }
}

impl CustomerFlag for domain::triage::AdjustmentsReview {
    const FLAG: &'static str = "adjustments";

    fn columns(&self) -> FlagColumns {
        FlagColumns {
            kind: "review".to_owned(),
            detail: None,
            reason: self.agreed.clone(),
            decided_on: self.reviewed_on,
            review_on: self.review_on,
        }
    }

    fn from_columns(c: FlagColumns) -> Option<Self> {
        (c.kind == "review").then_some(Self {
            agreed: c.reason,
            reviewed_on: c.decided_on,
            review_on: c.review_on,
        })
    }
}

/// A flag as kept: the decision, who made it and, once it ended, how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept<F> {
    pub id: i32,
    pub customer_id: i32,
    pub flag: F,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    pub ended: Option<Ended>,
}

/// A restriction as kept.
pub type KeptRestriction = Kept<Restriction>;
/// A vulnerability flag as kept.
pub type KeptVulnerability = Kept<Vulnerability>;

/// How a flag ended: reviewed (a new decision followed) or lifted (removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub at: DateTime<Utc>,
    pub by: String,
    pub lifted: bool,
    pub reason: Option<String>,
}

fn read<F: CustomerFlag>(row: rows::Model) -> Result<Kept<F>, StorageError> {
    let columns = FlagColumns {
        kind: row.kind.clone(),
        detail: row.detail,
        reason: row.reason,
        decided_on: row.decided_on,
        review_on: row.review_on,
    };
    let flag = F::from_columns(columns)
        .ok_or_else(|| StorageError::Corrupt(format!("{} {}: {}", F::FLAG, row.id, row.kind)))?;
    Ok(Kept {
        id: row.id,
        customer_id: row.customer_id,
        flag,
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

fn of_kind<F: CustomerFlag>() -> sea_orm::Select<rows::Entity> {
    rows::Entity::find().filter(rows::Column::Flag.eq(F::FLAG))
}

/// The flag of this kind in force for a customer, if any.
pub async fn current<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
) -> Result<Option<Kept<F>>, StorageError> {
    of_kind::<F>()
        .filter(rows::Column::CustomerId.eq(customer_id))
        .filter(rows::Column::EndedAt.is_null())
        .order_by_desc(rows::Column::Id)
        .one(db.conn())
        .await?
        .map(read)
        .transpose()
}

/// Every flag in force for a customer, of every kind: one query for a page that shows them
/// all; [`InForce::of`] takes each kind's.
pub async fn in_force_on(db: &Db, customer_id: i32) -> Result<InForce, StorageError> {
    Ok(InForce(
        rows::Entity::find()
            .filter(rows::Column::CustomerId.eq(customer_id))
            .filter(rows::Column::EndedAt.is_null())
            .order_by_desc(rows::Column::Id)
            .all(db.conn())
            .await?,
    ))
}

/// The flags in force for one customer, as [`in_force_on`] read them.
#[derive(Debug, Clone, Default)]
pub struct InForce(Vec<rows::Model>);

impl InForce {
    /// The flag of kind `F` in force, if any: what [`current`] reads alone.
    pub fn of<F: CustomerFlag>(&self) -> Result<Option<Kept<F>>, StorageError> {
        self.0
            .iter()
            .find(|row| row.flag == F::FLAG)
            .cloned()
            .map(read)
            .transpose()
    }
}

/// Every flag of this kind a customer has had, the latest first.
pub async fn history<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
) -> Result<Vec<Kept<F>>, StorageError> {
    of_kind::<F>()
        .filter(rows::Column::CustomerId.eq(customer_id))
        .order_by_desc(rows::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(read)
        .collect()
}

/// The flags of this kind in force for any of `customers`: one query for a page of cases.
pub async fn in_force_for<F: CustomerFlag>(
    db: &Db,
    customers: &[i32],
) -> Result<BTreeMap<i32, F>, StorageError> {
    let mut found = BTreeMap::new();
    // Small batches keep each statement well under every backend's parameter limit.
    for chunk in customers.chunks(500) {
        let kept = of_kind::<F>()
            .filter(rows::Column::CustomerId.is_in(chunk.iter().copied()))
            .filter(rows::Column::EndedAt.is_null())
            .order_by_asc(rows::Column::Id)
            .all(db.conn())
            .await?;
        for row in kept {
            let kept = read::<F>(row)?;
            found.insert(kept.customer_id, kept.flag);
        }
    }
    Ok(found)
}

/// Flags of this kind in force whose review date has come by `today`, the longest overdue
/// first, at most `limit`, each with its customer's name: one query ([`due_of_kinds`]).
pub async fn due<F: CustomerFlag>(
    db: &Db,
    today: NaiveDate,
    limit: u64,
) -> Result<Vec<(Kept<F>, String)>, StorageError> {
    due_of_kinds(db, today, limit, &[F::FLAG]).await?.of::<F>()
}

/// Flags in force whose review date has come, of several kinds, each with its customer's
/// name, as [`due_of_kinds`] read them; [`DueFlags::of`] takes each kind's.
#[derive(Debug, Clone, Default)]
pub struct DueFlags(Vec<(rows::Model, String)>);

impl DueFlags {
    /// The flags of kind `F` among them (none when `F` was not asked for), the longest
    /// overdue first.
    pub fn of<F: CustomerFlag>(&self) -> Result<Vec<(Kept<F>, String)>, StorageError> {
        let mut rows: Vec<&(rows::Model, String)> = self
            .0
            .iter()
            .filter(|(row, _)| row.flag == F::FLAG)
            .collect();
        // The query's order within a kind, kept whatever order the union's parts come in.
        rows.sort_by_key(|(row, _)| (row.review_on, row.id));
        rows.into_iter()
            .map(|(row, name)| Ok((read(row.clone())?, name.clone())))
            .collect()
    }
}

/// Flags in force whose review date has come by `today`, of each kind in `flags`: for each,
/// at most `limit`, the longest overdue first (each read off the index of flags in force),
/// each with its customer's name. One query for every kind together, so the work queue's
/// reminders ask once however many kinds the reader keeps; none when `flags` is empty.
pub async fn due_of_kinds(
    db: &Db,
    today: NaiveDate,
    limit: u64,
    flags: &[&str],
) -> Result<DueFlags, StorageError> {
    use crate::entities::customers;
    use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query, UnionType};
    use sea_orm::{ConnectionTrait, FromQueryResult};
    let of_kind = |(at, flag): (usize, &&str)| {
        let due = Query::select()
            .column((rows::Entity, Asterisk))
            .expr_as(
                Expr::col((customers::Entity, customers::Column::Name)),
                "customer_name",
            )
            .from(rows::Entity)
            .left_join(
                customers::Entity,
                Expr::col((customers::Entity, customers::Column::Id))
                    .equals((rows::Entity, rows::Column::CustomerId)),
            )
            .and_where(Expr::col((rows::Entity, rows::Column::Flag)).eq(*flag))
            .and_where(Expr::col((rows::Entity, rows::Column::EndedAt)).is_null())
            .and_where(Expr::col((rows::Entity, rows::Column::ReviewOn)).lte(today))
            .order_by((rows::Entity, rows::Column::ReviewOn), Order::Asc)
            .order_by((rows::Entity, rows::Column::Id), Order::Asc)
            .limit(limit)
            .to_owned();
        // Each kind's own order and limit: a part of a union may only have them inside a
        // subquery of its own.
        Query::select()
            .column(Asterisk)
            .from_subquery(due, Alias::new(format!("due{at}")))
            .to_owned()
    };
    let mut kinds = flags.iter().enumerate().map(of_kind);
    let Some(mut select) = kinds.next() else {
        return Ok(DueFlags::default());
    };
    for kind in kinds {
        select.union(UnionType::All, kind);
    }
    let mut found = Vec::new();
    for row in db.conn().query_all(&select).await? {
        let name: Option<String> = row.try_get("", "customer_name")?;
        found.push((
            rows::Model::from_query_result(&row, "")?,
            name.unwrap_or_default(),
        ));
    }
    Ok(DueFlags(found))
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

/// Puts `flag` in force for the customer. One of the same kind already in force ends as
/// reviewed, in the same transaction, so a customer never has two.
pub async fn decide<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
    flag: &F,
    by: &DecidedBy,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    decide_in(db, customer_id, flag, by, now, None).await
}

/// [`decide`] by someone who saw `seen` in force (its id; `None`: none was), refused as
/// [`StorageError::Stale`] when another decision came first: nobody's decision is
/// overwritten unseen.
pub async fn decide_seen<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
    flag: &F,
    by: &DecidedBy,
    now: DateTime<Utc>,
    seen: Option<i32>,
) -> Result<i32, StorageError> {
    decide_in(db, customer_id, flag, by, now, Some(seen)).await
}

async fn decide_in<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
    flag: &F,
    by: &DecidedBy,
    now: DateTime<Utc>,
    seen: Option<Option<i32>>,
) -> Result<i32, StorageError> {
    crate::customers::find(db, customer_id).await?;
    let columns = flag.columns();
    let txn = db.conn().begin().await?;
    if let Some(seen) = seen
        && in_force_id::<F>(&txn, customer_id).await? != seen
    {
        return Err(StorageError::Stale);
    }
    end_in::<F>(&txn, customer_id, by, "reviewed", None, now).await?;
    let row = rows::Entity::insert(rows::ActiveModel {
        customer_id: Set(customer_id),
        flag: Set(F::FLAG.to_owned()),
        kind: Set(columns.kind),
        detail: Set(columns.detail),
        reason: Set(columns.reason),
        decided_on: Set(columns.decided_on),
        review_on: Set(columns.review_on),
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

/// Ends (lifts, removes) the flag of this kind in force; [`StorageError::NotFound`] when
/// there is none.
pub async fn lift<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
    reason: &str,
    by: &DecidedBy,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    lift_in::<F>(db, customer_id, reason, by, now, None).await
}

/// [`lift`] by someone who saw the flag `seen` in force, refused as
/// [`StorageError::Stale`] when it is no longer the one in force.
pub async fn lift_seen<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
    reason: &str,
    by: &DecidedBy,
    now: DateTime<Utc>,
    seen: i32,
) -> Result<(), StorageError> {
    lift_in::<F>(db, customer_id, reason, by, now, Some(seen)).await
}

async fn lift_in<F: CustomerFlag>(
    db: &Db,
    customer_id: i32,
    reason: &str,
    by: &DecidedBy,
    now: DateTime<Utc>,
    seen: Option<i32>,
) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    if let Some(seen) = seen {
        match in_force_id::<F>(&txn, customer_id).await? {
            Some(current) if current == seen => {}
            Some(_) => return Err(StorageError::Stale),
            None => return Err(StorageError::NotFound),
        }
    }
    let ended = end_in::<F>(&txn, customer_id, by, "lifted", Some(reason), now).await?;
    if ended == 0 {
        return Err(StorageError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}

/// The id of the flag of kind `F` in force on the customer, if any.
async fn in_force_id<F: CustomerFlag>(
    txn: &sea_orm::DatabaseTransaction,
    customer_id: i32,
) -> Result<Option<i32>, StorageError> {
    Ok(rows::Entity::find()
        .select_only()
        .column(rows::Column::Id)
        .filter(rows::Column::Flag.eq(F::FLAG))
        .filter(rows::Column::CustomerId.eq(customer_id))
        .filter(rows::Column::EndedAt.is_null())
        .into_tuple::<i32>()
        .one(txn)
        .await?)
}

async fn end_in<F: CustomerFlag>(
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
        .filter(rows::Column::Flag.eq(F::FLAG))
        .filter(rows::Column::CustomerId.eq(customer_id))
        .filter(rows::Column::EndedAt.is_null())
        .exec(txn)
        .await?;
    Ok(ended.rows_affected)
}
