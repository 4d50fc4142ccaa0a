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
    use domain::access::{Action, CaseRelation, permits};
    permits(
        &domain::Actor::new("", role),
        &CaseRelation::NONE,
        Action::ViewReports,
    )
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
}

/// The report for `year` (blank: the reporting year containing today, London time).
#[server(endpoint = "annual_report")]
pub async fn annual_report(
    #[server(default)] year: Option<String>,
) -> Result<ReportView, AppError> {
    use domain::reports::ReportingYear;
    let account = crate::auth::session::require_account().await?;
    if !may_view_reports(account.role) {
        tracing::info!(user = account.id, role = %account.role, "reports refused");
        return Err(AppError::Forbidden);
    }
    let today = domain::london::to_london(chrono::Utc::now()).date();
    let current = ReportingYear::containing(today);
    let year = match year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => current,
        Some(text) => ReportingYear::parse(text).map_err(|e| AppError::validation("year", e))?,
    };
    let state = crate::state::app_state()?;
    let report = storage::reports::report(&state.db, &state.calendar, year, None).await?;
    let years = (0..YEARS_OFFERED)
        .map(|i| current.year() - i)
        .filter(|y| *y >= ReportingYear::FIRST)
        .collect();
    Ok(ReportView {
        label: year.label(),
        span: year.span(),
        tables: report.tables(),
        report,
        years,
    })
}
