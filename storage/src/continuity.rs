//! Business-continuity periods as declared (`domain::calendar::ContinuityPeriod`): stored,
//! joined to the working-day calendar by [`crate::reference::calendar`], ended early, the day
//! the Ombudsman was told recorded, and the residents with open complaints told.
//!
//! Declaring and ending are checked against the periods already stored inside one
//! transaction, so two admins declaring at once cannot make periods that overlap.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::calendar::{ContinuityEffect, ContinuityError, ContinuityPeriod};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::cases::{CaseId, reference_of};
use crate::entities::{cases, continuity_periods};
use crate::outbox::NewMessage;
use crate::{Db, StorageError};

/// A period as stored, with what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub id: i32,
    pub period: ContinuityPeriod,
    pub declared_at: DateTime<Utc>,
    pub ombudsman_told_on: Option<NaiveDate>,
    /// Residents with open complaints sent the notice.
    pub residents_told: u32,
}

/// What became of a declaration or a change: saved, or refused by the domain's rules.
pub type Checked<T> = Result<Result<T, ContinuityError>, StorageError>;

fn to_declared(row: continuity_periods::Model) -> Result<Declared, StorageError> {
    let corrupt =
        |what: &str| StorageError::Corrupt(format!("continuity period {}: {what}", row.id));
    let effect = match (row.effect.as_str(), row.extra_working_days) {
        ("stopped", _) => ContinuityEffect::ClockStopped,
        ("extended", Some(n)) => ContinuityEffect::Extended {
            working_days: u32::try_from(n).map_err(|_| corrupt("extra days"))?,
        },
        _ => return Err(corrupt("effect")),
    };
    let period = ContinuityPeriod::new(
        row.starts_on,
        row.ends_on,
        &row.reason,
        &row.approved_by,
        effect,
    )
    .map_err(|e| corrupt(&e.to_string()))?;
    Ok(Declared {
        id: row.id,
        period,
        declared_at: row.declared_at,
        ombudsman_told_on: row.ombudsman_told_on,
        residents_told: u32::try_from(row.residents_told).unwrap_or(0),
    })
}

async fn all_in(conn: &impl ConnectionTrait) -> Result<Vec<Declared>, StorageError> {
    continuity_periods::Entity::find()
        .order_by_asc(continuity_periods::Column::StartsOn)
        .order_by_asc(continuity_periods::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_declared)
        .collect()
}

/// Every declared period, oldest first.
pub async fn all(db: &Db) -> Result<Vec<Declared>, StorageError> {
    all_in(db.conn()).await
}

/// The periods that overlap the days from `from` to `to` (both counted).
pub async fn overlapping(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Declared>, StorageError> {
    Ok(all(db)
        .await?
        .into_iter()
        .filter(|d| d.period.from() <= to && from <= d.period.to())
        .collect())
}

/// Declares a period, unless it overlaps one already declared.
pub async fn declare(
    db: &Db,
    period: &ContinuityPeriod,
    ombudsman_told_on: Option<NaiveDate>,
    by: i32,
    now: DateTime<Utc>,
) -> Checked<i32> {
    let txn = db.conn().begin().await?;
    let declared = all_in(&txn).await?;
    if let Err(refused) = period.check_against(declared.iter().map(|d| &d.period)) {
        return Ok(Err(refused));
    }
    let extra = match period.effect() {
        ContinuityEffect::ClockStopped => None,
        ContinuityEffect::Extended { working_days } => Some(
            i32::try_from(working_days).map_err(|_| StorageError::Corrupt("extra days".into()))?,
        ),
    };
    let row = continuity_periods::ActiveModel {
        starts_on: Set(period.from()),
        ends_on: Set(period.to()),
        reason: Set(period.reason().to_owned()),
        approved_by: Set(period.approved_by().to_owned()),
        effect: Set(period.effect().code().to_owned()),
        extra_working_days: Set(extra),
        declared_by: Set(by),
        declared_at: Set(now),
        ombudsman_told_on: Set(ombudsman_told_on),
        residents_told: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Ok(row.id))
}

/// Ends a period early, on `on` (a day of the period): the clock runs normally after it.
pub async fn end_early(db: &Db, id: i32, on: NaiveDate) -> Checked<ContinuityPeriod> {
    let txn = db.conn().begin().await?;
    let row = continuity_periods::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let declared = to_declared(row.clone())?;
    let ended = match declared.period.ended_on(on) {
        Ok(ended) => ended,
        Err(refused) => return Ok(Err(refused)),
    };
    let mut active = row.into_active_model();
    active.ends_on = Set(ended.to());
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(Ok(ended))
}

/// Records the day the Ombudsman was told (the Code asks the landlord to inform them).
pub async fn record_ombudsman_told(db: &Db, id: i32, on: NaiveDate) -> Result<(), StorageError> {
    let row = continuity_periods::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    let mut active = row.into_active_model();
    active.ombudsman_told_on = Set(Some(on));
    active.update(db.conn()).await?;
    Ok(())
}

/// Cases read at a time when telling residents.
const BATCH: u64 = 500;

/// Queues the notice for every customer with an open complaint, once per case and period
/// (the outbox's key), with the case's next date as now counted: by e-mail where they chose
/// it, otherwise kept on the outbox page for a letter. Returns how many were queued by this
/// call; the period's count of residents told is the total.
pub async fn tell_residents(
    db: &Db,
    id: i32,
    calendar: &domain::Calendar,
    now: DateTime<Utc>,
) -> Result<u32, StorageError> {
    let row = continuity_periods::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    let declared = to_declared(row.clone())?;
    let back_on = calendar.next_working_day(declared.period.to());
    let mut customers: HashMap<i32, crate::customers::Customer> = HashMap::new();
    let mut queued = 0u32;
    let mut after = 0;
    loop {
        let rows = cases::Entity::find()
            .filter(cases::Column::Id.gt(after))
            .filter(cases::Column::Kind.eq("complaint"))
            .filter(cases::Column::Phase.is_in(crate::recount::OPEN_COMPLAINT_PHASES))
            .filter(cases::Column::CustomerId.is_not_null())
            .order_by_asc(cases::Column::Id)
            .limit(BATCH)
            .all(db.conn())
            .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.id;
        let mut messages = Vec::with_capacity(rows.len());
        for case in &rows {
            let Some(customer_id) = case.customer_id else {
                continue;
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = customers.entry(customer_id) {
                slot.insert(crate::customers::find(db, customer_id).await?);
            }
            let customer = &customers[&customer_id];
            let message = domain::updates::continuity_message(
                &reference_of(case)?.to_string(),
                &customer.details.name,
                &declared.period,
                back_on,
                case.next_due,
            );
            messages.push(NewMessage::to_customer(
                customer,
                CaseId(case.id),
                format!("continuity:{id}:{}", case.id),
                message,
            ));
        }
        queued += u32::try_from(crate::outbox::enqueue_new(db, &messages, now).await?)
            .unwrap_or(u32::MAX);
    }
    let mut active = row.into_active_model();
    active.residents_told =
        Set(i32::try_from(declared.residents_told.saturating_add(queued)).unwrap_or(i32::MAX));
    active.update(db.conn()).await?;
    Ok(queued)
}

/// How many open complaints a period's notice would go to (shown before declaring).
pub async fn open_complaints(db: &Db) -> Result<u64, StorageError> {
    use sea_orm::PaginatorTrait;
    Ok(cases::Entity::find()
        .filter(cases::Column::Kind.eq("complaint"))
        .filter(cases::Column::Phase.is_in(crate::recount::OPEN_COMPLAINT_PHASES))
        .count(db.conn())
        .await?)
}
