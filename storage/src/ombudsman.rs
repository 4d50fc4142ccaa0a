//! The Ombudsman's casework as the work queue and the reports read it: orders and
//! recommendations still to comply with, for the people who own them, and each year's
//! referrals, findings and orders. Read from the projection `cases::save` keeps in
//! `ombudsman_referrals`, `ombudsman_findings` and `ombudsman_orders`.

use crate::entities::{ombudsman_findings, ombudsman_orders, ombudsman_referrals};
use crate::{Db, StorageError, cases::CaseId};
use chrono::NaiveDate;
use domain::CaseReference;
use domain::ombudsman::{Finding, OrderKind};
use domain::reports::{OmbudsmanFacts, OrderFact, ReportingYear};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// An order or recommendation not yet complied with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwedOrder {
    pub case_id: CaseId,
    pub reference: CaseReference,
    /// Its referral's place among the case's, and its own among the referral's (what the
    /// "order complied with" step names).
    pub referral: usize,
    pub index: usize,
    pub kind: OrderKind,
    pub what: String,
    pub due: NaiveDate,
}

/// The `first` orders `owner` has still to comply with, the soonest due first, and how
/// many there are in all.
pub async fn soonest_for(
    db: &Db,
    owner: i32,
    first: u64,
) -> Result<(Vec<OwedOrder>, u64), StorageError> {
    let mine = || Condition::all().add(ombudsman_orders::Column::OwnerId.eq(owner));
    let orders: Vec<OwedOrder> = owed(db, mine(), Some(first))
        .await?
        .into_iter()
        .map(|(_, order)| order)
        .collect();
    // Fewer than asked for are all there are: no need to count them.
    let total = match crate::remedies::whole_count(&orders, first) {
        Some(all) => all,
        None => {
            ombudsman_orders::Entity::find()
                .filter(mine())
                .filter(ombudsman_orders::Column::CompliedOn.is_null())
                .count(db.conn())
                .await?
        }
    };
    Ok((orders, total))
}

/// Every order with an owner not complied with and due on or before `by`, with its
/// owner's id, the soonest due first (for reminders).
pub async fn owed_by(db: &Db, by: NaiveDate) -> Result<Vec<(i32, OwedOrder)>, StorageError> {
    owed(
        db,
        Condition::all()
            .add(ombudsman_orders::Column::DueOn.lte(by))
            .add(ombudsman_orders::Column::OwnerId.is_not_null()),
        None,
    )
    .await
}

async fn owed(
    db: &Db,
    condition: Condition,
    limit: Option<u64>,
) -> Result<Vec<(i32, OwedOrder)>, StorageError> {
    let orders = ombudsman_orders::Entity::find()
        .filter(condition)
        .filter(ombudsman_orders::Column::CompliedOn.is_null())
        .order_by_asc(ombudsman_orders::Column::DueOn)
        .order_by_asc(ombudsman_orders::Column::Id)
        .limit(limit);
    let orders =
        crate::cases::with_references(db, orders, ombudsman_orders::Column::CaseId).await?;
    orders
        .into_iter()
        .map(|(order, reference)| {
            let kind = OrderKind::parse(&order.kind).ok_or_else(|| {
                StorageError::Corrupt(format!("order {}: kind {:?}", order.id, order.kind))
            })?;
            Ok((
                order.owner_id.unwrap_or_default(),
                OwedOrder {
                    case_id: CaseId(order.case_id),
                    reference,
                    referral: usize::try_from(order.referral_seq).unwrap_or_default(),
                    index: usize::try_from(order.seq).unwrap_or_default(),
                    kind,
                    what: order.what,
                    due: order.due_on,
                },
            ))
        })
        .collect()
}

/// The Ombudsman's casework in `year`: referrals made in it; determinations, their findings
/// and their orders made in it.
pub async fn facts(db: &Db, year: ReportingYear) -> Result<OmbudsmanFacts, StorageError> {
    let (from, to) = (year.first_day(), year.last_day());
    let referred = ombudsman_referrals::Entity::find()
        .filter(ombudsman_referrals::Column::ReferredOn.between(from, to))
        .count(db.conn())
        .await?;
    let determined = ombudsman_referrals::Entity::find()
        .filter(ombudsman_referrals::Column::DecidedOn.between(from, to))
        .count(db.conn())
        .await?;
    let findings: Vec<(String, i64)> = ombudsman_findings::Entity::find()
        .select_only()
        .column(ombudsman_findings::Column::Finding)
        .column_as(Expr::col(ombudsman_findings::Column::Id).count(), "n")
        .filter(ombudsman_findings::Column::DecidedOn.between(from, to))
        .group_by(ombudsman_findings::Column::Finding)
        .into_tuple()
        .all(db.conn())
        .await?;
    let findings = findings
        .into_iter()
        .map(|(code, n)| {
            let finding = Finding::parse(&code)
                .ok_or_else(|| StorageError::Corrupt(format!("finding {code:?}")))?;
            Ok((finding, u64::try_from(n).unwrap_or_default()))
        })
        .collect::<Result<_, StorageError>>()?;
    let orders: Vec<(String, NaiveDate, Option<NaiveDate>)> = ombudsman_orders::Entity::find()
        .select_only()
        .columns([
            ombudsman_orders::Column::Kind,
            ombudsman_orders::Column::DueOn,
            ombudsman_orders::Column::CompliedOn,
        ])
        .filter(ombudsman_orders::Column::DecidedOn.between(from, to))
        .into_tuple()
        .all(db.conn())
        .await?;
    let orders = orders
        .into_iter()
        .map(|(kind, due, complied)| {
            let kind = OrderKind::parse(&kind)
                .ok_or_else(|| StorageError::Corrupt(format!("order kind {kind:?}")))?;
            Ok(OrderFact {
                kind,
                due,
                complied,
            })
        })
        .collect::<Result<_, StorageError>>()?;
    Ok(OmbudsmanFacts {
        referred,
        determined,
        findings,
        orders,
    })
}
