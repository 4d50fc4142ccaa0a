//! Reference data: the policy versions (kept in step with the domain's), the landlord's
//! closure days that join the bank holidays on the working-day calendar, and the housing
//! stock per reporting year.

use domain::Calendar;
use domain::calendar::ClosureDay;
use domain::policy::BUILT_IN;
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder, sea_query::OnConflict};

use crate::entities::{closure_days, housing_stock, policy_versions};
use crate::{Db, StorageError};

/// Writes the built-in policy versions, so reports and exports can name them. Safe to run
/// on every start.
pub async fn sync_policies(db: &Db) -> Result<(), StorageError> {
    for policy in BUILT_IN {
        let row = policy_versions::ActiveModel {
            id: Set(policy.id.to_string()),
            title: Set(format!("Complaints policy {}", policy.id)),
            in_force_from: Set(policy.effective_from),
            summary: Set(crate::policies::summary(&policy)),
            figures: Set(serde_json::to_string(&policy).ok()),
            added_at: Set(None),
            added_by: Set(None),
        };
        policy_versions::Entity::insert(row)
            .on_conflict(
                OnConflict::column(policy_versions::Column::Id)
                    .update_columns([
                        policy_versions::Column::Title,
                        policy_versions::Column::InForceFrom,
                        policy_versions::Column::Summary,
                        policy_versions::Column::Figures,
                    ])
                    .to_owned(),
            )
            .exec(db.conn())
            .await?;
    }
    Ok(())
}

/// The working-day calendar: bank holidays in England and Wales (built in, with any years
/// imported from GOV.UK's file instead) plus our closure days and any business-continuity
/// periods declared.
pub async fn calendar(db: &Db) -> Result<Calendar, StorageError> {
    let continuity = crate::continuity::all(db)
        .await?
        .into_iter()
        .map(|d| d.period);
    let mut calendar = Calendar::england_and_wales();
    if let Some(imported) = crate::calendar::imported(db).await? {
        calendar = calendar.with_imported(&imported);
    }
    Ok(calendar
        .with_closures(closure_days(db).await?)
        .with_continuity(continuity))
}

pub async fn closure_days(db: &Db) -> Result<Vec<ClosureDay>, StorageError> {
    closure_days::Entity::find()
        .order_by_asc(closure_days::Column::Day)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| {
            ClosureDay::new(row.day, &row.name)
                .map_err(|e| StorageError::Corrupt(format!("closure day {}: {e}", row.day)))
        })
        .collect()
}

/// A reporting year's homes, by tenure (CH01 divides by each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Homes {
    /// Low-cost rental.
    pub rental: i32,
    /// Low-cost home ownership, where the landlord has any.
    pub ownership: Option<i32>,
}

impl From<housing_stock::Model> for Homes {
    fn from(row: housing_stock::Model) -> Self {
        Self {
            rental: row.homes,
            ownership: row.lcho_homes,
        }
    }
}

/// The homes in the reporting year that starts on 1 April of `year`.
pub async fn homes(db: &Db, year: i16) -> Result<Option<Homes>, StorageError> {
    Ok(housing_stock::Entity::find_by_id(year)
        .one(db.conn())
        .await?
        .map(Homes::from))
}

pub async fn set_homes(db: &Db, year: i16, homes: Homes) -> Result<(), StorageError> {
    housing_stock::Entity::insert(housing_stock::ActiveModel {
        year: Set(year),
        homes: Set(homes.rental),
        lcho_homes: Set(homes.ownership),
    })
    .on_conflict(
        OnConflict::column(housing_stock::Column::Year)
            .update_columns([
                housing_stock::Column::Homes,
                housing_stock::Column::LchoHomes,
            ])
            .to_owned(),
    )
    .exec(db.conn())
    .await?;
    Ok(())
}

/// Every homes count set, by reporting year (the year it starts in).
pub async fn homes_by_year(db: &Db) -> Result<Vec<(i16, Homes)>, StorageError> {
    Ok(housing_stock::Entity::find()
        .order_by_desc(housing_stock::Column::Year)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| (row.year, Homes::from(row)))
        .collect())
}
