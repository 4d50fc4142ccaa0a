//! The calendar as an admin changes it: closure days added, renamed and removed
//! (`domain::calendar::ClosureChangeChecked`), GOV.UK's bank-holidays file imported, and
//! the record of every change with how many open complaints' deadlines it moved.
//!
//! A change and its record are written in one transaction; the open complaints are then
//! counted again by [`crate::recount::recount`] (each case in its own transaction, as
//! always) and the record is completed with what that did ([`record_effect`]).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};
use domain::calendar::{ClosureChange, ClosureChangeChecked, ImportedHolidays};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::OnConflict,
};

use crate::entities::{bank_holiday_years, bank_holidays, calendar_changes, closure_days};
use crate::{Db, StorageError};

/// `change` of an imported file in the record.
pub const IMPORT: &str = "import";

/// One change to the calendar, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: i32,
    pub at: DateTime<Utc>,
    /// The admin; `None` when made from the command line.
    pub by: Option<i32>,
    /// `add`, `rename`, `remove` or `import`.
    pub change: String,
    pub summary: String,
    pub calendar_version: String,
    /// Open complaints counted again and, of them, those whose next deadline moved; `None`
    /// until the recount is done (or when it failed part-way: the next change finishes it).
    pub counted: Option<u32>,
    pub moved: Option<u32>,
}

impl From<calendar_changes::Model> for Change {
    fn from(row: calendar_changes::Model) -> Self {
        let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
        Self {
            id: row.id,
            at: row.changed_at,
            by: row.changed_by,
            change: row.change,
            summary: row.summary,
            calendar_version: row.calendar_version,
            counted: count(row.counted),
            moved: count(row.moved),
        }
    }
}

fn record(
    change: &str,
    summary: String,
    version: &str,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> calendar_changes::ActiveModel {
    calendar_changes::ActiveModel {
        changed_at: Set(now),
        changed_by: Set(by),
        change: Set(change.to_owned()),
        summary: Set(summary),
        calendar_version: Set(version.to_owned()),
        counted: Set(None),
        moved: Set(None),
        ..Default::default()
    }
}

/// Makes a checked change to a closure day and records it, in one transaction. `None` when
/// the day changed since it was checked (added by someone else, or already removed).
pub async fn change_closure_day(
    db: &Db,
    checked: &ClosureChangeChecked,
    version_after: &str,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Option<i32>, StorageError> {
    let txn = db.conn().begin().await?;
    let date = checked.day.date();
    let done = match checked.change {
        ClosureChange::Add => {
            closure_days::Entity::insert(closure_days::ActiveModel {
                day: Set(date),
                name: Set(checked.day.name().to_owned()),
                added_at: Set(now),
            })
            .on_conflict(
                OnConflict::column(closure_days::Column::Day)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?
        }
        ClosureChange::Rename => {
            let before = checked.previous.as_ref().map(|d| d.name()).unwrap_or("");
            closure_days::Entity::update_many()
                .col_expr(
                    closure_days::Column::Name,
                    sea_orm::sea_query::Expr::value(checked.day.name()),
                )
                .filter(closure_days::Column::Day.eq(date))
                .filter(closure_days::Column::Name.eq(before))
                .exec(&txn)
                .await?
                .rows_affected
        }
        ClosureChange::Remove => {
            closure_days::Entity::delete_many()
                .filter(closure_days::Column::Day.eq(date))
                .exec(&txn)
                .await?
                .rows_affected
        }
    };
    if done == 0 {
        txn.rollback().await?;
        return Ok(None);
    }
    let id = calendar_changes::Entity::insert(record(
        checked.change.code(),
        checked.summary(),
        version_after,
        by,
        now,
    ))
    .exec(&txn)
    .await?
    .last_insert_id;
    txn.commit().await?;
    Ok(Some(id))
}

/// Imports a checked GOV.UK file: its years replace those years' days (the newest file
/// wins), and the import is recorded, in one transaction.
pub async fn import_bank_holidays(
    db: &Db,
    imported: &ImportedHolidays,
    summary: String,
    version_after: &str,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    let years: Vec<i32> = imported.years().collect();
    let txn = db.conn().begin().await?;
    bank_holidays::Entity::delete_many()
        .filter(bank_holidays::Column::Year.is_in(years.clone()))
        .exec(&txn)
        .await?;
    for chunk in imported.days().collect::<Vec<_>>().chunks(200) {
        bank_holidays::Entity::insert_many(chunk.iter().map(|(day, name)| {
            bank_holidays::ActiveModel {
                day: Set(*day),
                year: Set(day.year()),
                name: Set((*name).to_owned()),
            }
        }))
        .exec(&txn)
        .await?;
    }
    for year in years {
        bank_holiday_years::Entity::insert(bank_holiday_years::ActiveModel {
            year: Set(year),
            imported_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(bank_holiday_years::Column::Year)
                .update_column(bank_holiday_years::Column::ImportedAt)
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    let id = calendar_changes::Entity::insert(record(IMPORT, summary, version_after, by, now))
        .exec(&txn)
        .await?
        .last_insert_id;
    txn.commit().await?;
    Ok(id)
}

/// Every imported year's bank holidays, or `None` when no file was ever imported.
pub async fn imported(db: &Db) -> Result<Option<ImportedHolidays>, StorageError> {
    let years: BTreeSet<i32> = bank_holiday_years::Entity::find()
        .select_only()
        .column(bank_holiday_years::Column::Year)
        .into_tuple()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    if years.is_empty() {
        return Ok(None);
    }
    let days = bank_holidays::Entity::find()
        .order_by_asc(bank_holidays::Column::Day)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| (row.day, row.name));
    Ok(Some(ImportedHolidays::stored(years, days)))
}

/// Completes a change's record once the open complaints were counted again with the
/// calendar `version` it made.
pub async fn record_effect(
    db: &Db,
    id: i32,
    version: &str,
    counted: usize,
    moved: usize,
) -> Result<(), StorageError> {
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    calendar_changes::Entity::update_many()
        .col_expr(
            calendar_changes::Column::CalendarVersion,
            sea_orm::sea_query::Expr::value(version),
        )
        .col_expr(
            calendar_changes::Column::Counted,
            sea_orm::sea_query::Expr::value(count(counted)),
        )
        .col_expr(
            calendar_changes::Column::Moved,
            sea_orm::sea_query::Expr::value(count(moved)),
        )
        .filter(calendar_changes::Column::Id.eq(id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// The newest `limit` changes, newest first.
pub async fn changes(db: &Db, limit: u64) -> Result<Vec<Change>, StorageError> {
    Ok(calendar_changes::Entity::find()
        .order_by_desc(calendar_changes::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(Change::from)
        .collect())
}

/// The newest import of a GOV.UK file, if any.
pub async fn last_import(db: &Db) -> Result<Option<Change>, StorageError> {
    Ok(calendar_changes::Entity::find()
        .filter(calendar_changes::Column::Change.eq(IMPORT))
        .order_by_desc(calendar_changes::Column::Id)
        .one(db.conn())
        .await?
        .map(Change::from))
}
