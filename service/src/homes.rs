//! The homes the landlord owns, counted for each reporting year: the regulator's figures
//! give complaints per 1,000 homes, low-cost rental and low-cost home ownership apart.

use domain::access::{Action, CaseRelation};
use domain::form::checks::CheckAll;
use domain::learning::HomesCount;
use domain::reports::ReportingYear;
use storage::reference::Homes;

use crate::{Caller, Context, ServiceError};

/// Every year's count that was set, newest first.
pub async fn counts(ctx: Context<'_>, caller: &Caller) -> Result<Vec<(i16, Homes)>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::SetHousingStock)?;
    Ok(storage::reference::homes_by_year(ctx.db).await?)
}

/// A year's count, as set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub year: ReportingYear,
    pub rental: HomesCount,
    pub ownership: Option<HomesCount>,
}

/// Sets (or changes) one year's count, as typed: the year, the low-cost rental homes and,
/// where the landlord has any (`ownership` left blank otherwise), its low-cost home
/// ownership homes. Every problem at once.
pub async fn set(
    ctx: Context<'_>,
    caller: &Caller,
    year: &str,
    rental: &str,
    ownership: &str,
) -> Result<Count, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::SetHousingStock)?;
    let ownership = match ownership.trim() {
        "" => Ok(None),
        typed => HomesCount::parse(typed)
            .map(Some)
            .map_err(|e| ServiceError::invalid("lcho_homes", e)),
    };
    let (year, rental, ownership) = (
        ReportingYear::parse(year).map_err(|e| ServiceError::invalid("year", e)),
        HomesCount::parse(rental).map_err(|e| ServiceError::invalid("homes", e)),
        ownership,
    )
        .check_all()?;
    let stored = |c: HomesCount| {
        i32::try_from(c.get()).map_err(|_| ServiceError::invalid("homes", "Enter a smaller number"))
    };
    let stored_year = i16::try_from(year.year())
        .map_err(|_| ServiceError::Internal(format!("year {} out of range", year.year())))?;
    let homes = Homes {
        rental: stored(rental)?,
        ownership: ownership.map(stored).transpose()?,
    };
    storage::reference::set_homes(ctx.db, stored_year, homes).await?;
    tracing::info!(
        by = %caller,
        year = year.year(),
        homes = rental.get(),
        lcho_homes = ownership.map(HomesCount::get),
        "homes count set"
    );
    Ok(Count {
        year,
        rental,
        ownership,
    })
}
