//! The complaint-handling figures of a reporting year.

use domain::access::{Action, CaseRelation};
use domain::reports::{Report, ReportingYear};

use crate::{Caller, Context, ServiceError};

/// The year's report: the Tenant Satisfaction Measures and the figures behind them. The
/// year in progress is counted to today.
pub async fn year(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
) -> Result<Report, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ViewReports)?;
    counted(ctx, year, None).await
}

/// [`year`] with the rates per 1,000 homes over `homes` instead of the housing stock
/// recorded (the command line's `putright report tsm --homes N`).
pub async fn year_over_homes(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
    homes: Option<u32>,
) -> Result<Report, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ViewReports)?;
    counted(ctx, year, homes).await
}

/// The year's report as its published self-assessment shows it, to anyone: only a year
/// whose self-assessment the board has published (any other is not found).
pub async fn published_year(ctx: Context<'_>, year: ReportingYear) -> Result<Report, ServiceError> {
    let published = storage::self_assessment::published_years(ctx.db).await?;
    if !published.contains(&year) {
        return Err(ServiceError::NotFound);
    }
    counted(ctx, year, None).await
}

async fn counted(
    ctx: Context<'_>,
    year: ReportingYear,
    homes: Option<u32>,
) -> Result<Report, ServiceError> {
    let today = domain::london::to_london(ctx.now).date();
    let as_of = year.last_day().min(today);
    Ok(storage::reports::report_as_of(ctx.db, ctx.calendar, year, homes, as_of).await?)
}

/// What the annual report adds to the year's figures: every improvement action (the
/// report counts and lists those of the year) and the business-continuity periods that
/// overlap the year.
#[derive(Debug, Clone)]
pub struct AnnualExtras {
    pub actions: Vec<storage::learning::Action>,
    pub continuity: Vec<storage::continuity::Declared>,
}

/// The annual report's improvement actions and continuity periods for `year`: for someone
/// who may see reports, or (with no caller, or one who may not) for anyone once the year's
/// self-assessment is published; any other year is not found.
pub async fn annual_extras(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    year: ReportingYear,
) -> Result<AnnualExtras, ServiceError> {
    let may_see = caller.is_some_and(|c| c.permits(&CaseRelation::NONE, Action::ViewReports));
    if !may_see
        && !storage::self_assessment::published_years(ctx.db)
            .await?
            .contains(&year)
    {
        return Err(ServiceError::NotFound);
    }
    Ok(AnnualExtras {
        actions: storage::learning::actions(ctx.db).await?,
        continuity: storage::continuity::overlapping(ctx.db, year.first_day(), year.last_day())
            .await?,
    })
}
