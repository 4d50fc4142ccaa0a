//! The reports page's data: the annual complaints report and the regulator's figures for a
//! reporting year, computed by `storage::reports::report` (the same code as the CSV
//! downloads and `putright report tsm`).
//!
//! Who may see it: anyone the domain allows [`domain::access::Action::ViewReports`] —
//! staff, heads of service, admins and the board member. It holds only counts, never a
//! name, reference or address, so the board member may read all of it. Residents and
//! involved customers are refused.

use crate::error::AppError;
use domain::reports::{Report, Table};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many reporting years the chooser offers, ending with the current one.
pub const YEARS_OFFERED: i32 = 6;

/// Whether someone with this role may see the reports.
pub fn may_view_reports(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ViewReports)
}

/// One year's report as the page draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub report: Report,
    /// "2025/26".
    pub label: String,
    /// "1 April 2025 to 31 March 2026".
    pub span: String,
    pub tables: Vec<Table>,
    /// The years the chooser offers, newest first.
    pub years: Vec<i32>,
    /// Whether the viewer may set the homes count (the page links to it when none is set).
    pub may_set_homes: bool,
}

/// The report for `year` (blank: the reporting year containing today, London time).
#[server(endpoint = "annual_report")]
pub async fn annual_report(
    #[server(default)] year: Option<String>,
) -> Result<ReportView, AppError> {
    use domain::reports::ReportingYear;
    let caller = crate::auth::session::caller_who_may(domain::access::Action::ViewReports).await?;
    let today = crate::clock::today();
    let current = ReportingYear::containing(today);
    let year = match year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => current,
        Some(text) => ReportingYear::parse(text).map_err(|e| AppError::validation("year", e))?,
    };
    let scope = crate::state::scope()?;
    let report = service::reports::year(scope.ctx(), &caller, year).await?;
    Ok(annual_view_of(
        report,
        crate::homes::may_set_homes(caller.role()),
    ))
}

/// The report `report` as the pages draw it, with the years the chooser offers.
#[cfg(feature = "ssr")]
pub(crate) fn annual_view_of(report: Report, may_set_homes: bool) -> ReportView {
    use domain::reports::ReportingYear;
    let current = ReportingYear::containing(crate::clock::today());
    let year = report.year;
    let years = (0..YEARS_OFFERED)
        .map(|i| current.year() - i)
        .filter(|y| *y >= ReportingYear::FIRST)
        .collect();
    ReportView {
        label: year.label(),
        span: year.span(),
        tables: report.tables(),
        report,
        years,
        may_set_homes,
    }
}

/// One improvement action as the annual report lists it: no owner and no case, so the
/// board may read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualAction {
    pub text: String,
    pub category: String,
    /// "1 September 2025".
    pub due: String,
    pub status: domain::learning::ActionStatus,
    pub done_on: Option<String>,
}

/// The printable annual report: the year's report and its improvement actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualSummary {
    pub view: ReportView,
    pub tally: domain::learning::ActionTally,
    pub actions: Vec<AnnualAction>,
    /// "23 November 2026": when this copy was made.
    pub made_on: String,
    /// Business-continuity periods that overlap the year (exceptional circumstances).
    pub continuity: Vec<crate::continuity::PeriodLine>,
}

/// The annual report for `year` (blank: the current reporting year), for the board and the
/// Ombudsman's self-assessment. Counts and improvement actions only.
#[server(endpoint = "read_annual_summary")]
pub async fn read_annual_summary(
    #[server(default)] year: Option<String>,
) -> Result<AnnualSummary, AppError> {
    let view = annual_report(year).await?;
    let caller = crate::auth::session::caller().await?;
    annual_summary_of(view, Some(&caller)).await
}

/// The annual report's document for the report in `view`; who may see it is the caller's
/// to check (the published self-assessment shows it to everyone).
#[cfg(feature = "ssr")]
pub(crate) async fn annual_summary_of(
    view: ReportView,
    caller: Option<&service::Caller>,
) -> Result<AnnualSummary, AppError> {
    use domain::deadlines::day_month_year;
    use domain::learning::{ActionStatus, ActionTally};
    let scope = crate::state::scope()?;
    let today = crate::clock::today();
    let as_at = today.min(view.report.year.last_day());
    let service::reports::AnnualExtras {
        actions: all,
        continuity,
    } = service::reports::annual_extras(scope.ctx(), caller, view.report.year).await?;
    let dates: Vec<_> = all.iter().map(|a| a.dates).collect();
    let tally = ActionTally::count(view.report.year, today, &dates);
    let actions = all
        .into_iter()
        .filter(|a| a.dates.in_year(view.report.year))
        .map(|a| {
            let completed = a.dates.completed.filter(|d| *d <= as_at);
            AnnualAction {
                text: a.text,
                category: a.category.unwrap_or_else(|| "No category".to_owned()),
                due: day_month_year(a.dates.due),
                status: ActionStatus::of(a.dates.due, completed, as_at),
                done_on: completed.map(day_month_year),
            }
        })
        .collect();
    let continuity = continuity
        .into_iter()
        .map(|d| crate::continuity::line(d, today))
        .collect();
    Ok(AnnualSummary {
        view,
        tally,
        actions,
        made_on: day_month_year(today),
        continuity,
    })
}
