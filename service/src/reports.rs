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
    counted(ctx, year).await
}

/// The year's report as its published self-assessment shows it, to anyone: only a year
/// whose self-assessment the board has published (any other is not found).
pub async fn published_year(ctx: Context<'_>, year: ReportingYear) -> Result<Report, ServiceError> {
    let published = storage::self_assessment::published_years(ctx.db).await?;
    if !published.contains(&year) {
        return Err(ServiceError::NotFound);
    }
    counted(ctx, year).await
}

async fn counted(ctx: Context<'_>, year: ReportingYear) -> Result<Report, ServiceError> {
    let today = domain::london::to_london(ctx.now).date();
    let as_of = year.last_day().min(today);
    Ok(storage::reports::report_as_of(ctx.db, ctx.calendar, year, None, as_of).await?)
}
