//! The settings an administrator keeps: the landlord's own details and the Housing
//! Ombudsman's (on every letter and page), and how long personal data is kept after a case
//! ends. Each is saved with who saved it and when.

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::{Action, CaseRelation};
use domain::landlord::{Landlord, LandlordInput, OmbudsmanContact, OmbudsmanInput};
use domain::retention::RetentionSchedule;
use storage::accounts::Account;

use crate::steps::today;
use crate::{Caller, Context, ServiceError};

/// A setting as saved, when, and by whom.
#[derive(Debug, Clone)]
pub struct Saved<T> {
    pub value: T,
    pub at: DateTime<Utc>,
    /// The admin who saved it, while their account exists.
    pub by: Option<Account>,
}

async fn saved<T>(
    ctx: Context<'_>,
    set: Option<(T, storage::settings::Changed)>,
) -> Result<Option<Saved<T>>, ServiceError> {
    let Some((value, changed)) = set else {
        return Ok(None);
    };
    let by = match changed.by {
        Some(id) => storage::accounts::find(ctx.db, id).await?,
        None => None,
    };
    Ok(Some(Saved {
        value,
        at: changed.at,
        by,
    }))
}

/// The landlord's details as saved; `None` while the demo landlord's are in use.
pub async fn landlord(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Option<Saved<Landlord>>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::SetLandlordDetails)?;
    saved(ctx, storage::settings::landlord_set(ctx.db).await?).await
}

/// Checks the landlord's details (every problem at once) and saves them.
pub async fn set_landlord(
    ctx: Context<'_>,
    caller: &Caller,
    input: &LandlordInput,
) -> Result<Landlord, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::SetLandlordDetails)?;
    let landlord = Landlord::parse(input)?;
    storage::settings::set_landlord(ctx.db, &landlord, caller.account_id()?, ctx.now).await?;
    tracing::info!(by = %caller, "landlord's details set");
    Ok(landlord)
}

/// The Ombudsman's details as saved; `None` while the published ones built in are used.
pub async fn ombudsman(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Option<Saved<OmbudsmanContact>>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::SetLandlordDetails)?;
    saved(ctx, storage::settings::ombudsman_set(ctx.db).await?).await
}

/// Checks the Ombudsman's details (every problem at once) and saves them.
pub async fn set_ombudsman(
    ctx: Context<'_>,
    caller: &Caller,
    input: &OmbudsmanInput,
) -> Result<OmbudsmanContact, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::SetLandlordDetails)?;
    let contact = OmbudsmanContact::parse(input)?;
    storage::settings::set_ombudsman(ctx.db, &contact, caller.account_id()?, ctx.now).await?;
    tracing::info!(by = %caller, "the Ombudsman's details set");
    Ok(contact)
}

/// The retention schedule and where the cases stand in it.
#[derive(Debug, Clone)]
pub struct Retention {
    /// The schedule in force: as saved, or the default.
    pub schedule: RetentionSchedule,
    /// `None` while the default applies.
    pub saved: Option<Saved<RetentionSchedule>>,
    /// The longest time any policy version gives a customer to go to the Ombudsman: no
    /// schedule may erase a case sooner.
    pub minimum_months: u32,
    pub today: NaiveDate,
    /// Counts, and the first `listed` cases due and kept.
    pub overview: storage::retention::Overview,
}

/// The retention schedule and the cases falling due under it.
pub async fn retention(
    ctx: Context<'_>,
    caller: &Caller,
    listed: u64,
) -> Result<Retention, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageRetention)?;
    let saved = saved(ctx, storage::retention::schedule_set(ctx.db).await?).await?;
    let schedule = saved.as_ref().map(|s| s.value).unwrap_or_default();
    let today = today(ctx);
    Ok(Retention {
        schedule,
        saved,
        minimum_months: minimum_months(ctx).await?,
        today,
        overview: storage::retention::overview(ctx.db, schedule, today, listed).await?,
    })
}

/// Sets how many years (as typed) after a case ends its personal data is erased.
pub async fn set_retention(
    ctx: Context<'_>,
    caller: &Caller,
    years: &str,
) -> Result<RetentionSchedule, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageRetention)?;
    let schedule = RetentionSchedule::parse(years, minimum_months(ctx).await?)
        .map_err(|e| ServiceError::invalid("retention_years", e))?;
    storage::retention::set_schedule(ctx.db, schedule, caller.account_id()?, ctx.now).await?;
    tracing::info!(by = %caller, years = schedule.years, "retention schedule set");
    Ok(schedule)
}

async fn minimum_months(ctx: Context<'_>) -> Result<u32, ServiceError> {
    Ok(storage::policies::set(ctx.db)
        .await?
        .iter()
        .map(|p| p.ombudsman_referral_months)
        .max()
        .unwrap_or(12))
}

/// How residents reach the landlord and the Housing Ombudsman, as in use: published on
/// every page, so anyone may read them.
pub async fn contacts(ctx: Context<'_>) -> Result<(Landlord, OmbudsmanContact), ServiceError> {
    Ok(storage::settings::contacts(ctx.db).await?)
}
