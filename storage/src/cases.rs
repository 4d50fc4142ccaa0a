//! Cases: recording what a customer told us and finding it again.

use crate::{
    Db, StorageError,
    entities::{cases, reference_counters},
};
use chrono::{DateTime, Datelike, Utc};
use domain::{CaseReference, Description};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};

/// A case as the people allowed to see it read it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub reference: CaseReference,
    pub received_at: DateTime<Utc>,
    pub description: Description,
}

/// What recording a case hands back: its reference and the private tracking token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedCase {
    pub reference: CaseReference,
    pub tracking_token: String,
}

/// Records a new case with the next reference of its year.
///
/// The number comes from a per-year counter bumped by one atomic upsert in the same
/// transaction as the insert: concurrent cases queue on the counter row, never share a
/// number, and a failed insert gives its number back.
pub async fn create(
    db: &Db,
    description: &Description,
    received_at: DateTime<Utc>,
) -> Result<CreatedCase, StorageError> {
    let year = i16::try_from(received_at.year()).map_err(|_| StorageError::Conflict)?;
    let tracking_token = new_tracking_token();
    let txn = db.conn().begin().await?;
    let number = next_reference_number(&txn, year).await?;
    let reference =
        CaseReference::new(year as u16, number as u32).map_err(|_| StorageError::Conflict)?;
    cases::ActiveModel {
        reference_year: Set(year),
        reference_number: Set(number),
        received_at: Set(received_at),
        description: Set(description.as_str().to_owned()),
        tracking_token: Set(tracking_token.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(CreatedCase {
        reference,
        tracking_token,
    })
}

async fn next_reference_number(txn: &DatabaseTransaction, year: i16) -> Result<i32, StorageError> {
    use reference_counters::Column;
    let insert = Query::insert()
        .into_table(reference_counters::Entity)
        .columns([Column::Year, Column::LastNumber])
        .values_panic([year.into(), 1.into()])
        .on_conflict(
            OnConflict::column(Column::Year)
                .value(
                    Column::LastNumber,
                    Expr::col((reference_counters::Entity, Column::LastNumber)).add(1),
                )
                .to_owned(),
        )
        .returning_col(Column::LastNumber)
        .to_owned();
    let row = txn
        .query_one(&insert)
        .await?
        .ok_or_else(|| StorageError::Database(sea_orm::DbErr::RecordNotInserted))?;
    Ok(row.try_get_by_index::<i32>(0)?)
}

/// Finds a case by its private tracking token.
pub async fn find_by_tracking_token(db: &Db, token: &str) -> Result<CaseRecord, StorageError> {
    let row = cases::Entity::find()
        .filter(cases::Column::TrackingToken.eq(token))
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    to_record(row)
}

fn to_record(row: cases::Model) -> Result<CaseRecord, StorageError> {
    let corrupt = || {
        StorageError::Database(sea_orm::DbErr::Type(format!(
            "case {} does not satisfy the domain rules",
            row.id
        )))
    };
    let year = u16::try_from(row.reference_year).map_err(|_| corrupt())?;
    let number = u32::try_from(row.reference_number).map_err(|_| corrupt())?;
    Ok(CaseRecord {
        reference: CaseReference::new(year, number).map_err(|_| corrupt())?,
        received_at: row.received_at,
        description: Description::parse(&row.description).map_err(|_| corrupt())?,
    })
}

/// A long random token (244 random bits as 64 hex digits): unguessable, safe in a URL.
fn new_tracking_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}
