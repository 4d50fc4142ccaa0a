//! Exceptional circumstances (`domain::calendar::ContinuityPeriod`): an admin declares a
//! business-continuity period at `/admin/continuity` (`domain::access::Action::ManageCalendar`);
//! the calendar every server counts with changes at once, the open complaints are counted
//! again (each moved deadline saying why on its timeline), the residents with open
//! complaints are sent the notice, and the public notice shows on every page until the
//! period ends.

// A server function's arguments are its form's fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One declared period as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodLine {
    pub id: i32,
    /// "from Monday 7 December 2026 to Friday 18 December 2026".
    pub dates: String,
    pub reason: String,
    pub approved_by: String,
    /// What it does to the clock.
    pub effect: String,
    /// "Wednesday 2 December 2026", or `None` until it is recorded.
    pub ombudsman_told_on: Option<String>,
    pub residents_told: u32,
    /// In force today, still to come, or over.
    pub status: String,
    /// It can still be ended early (its last day is today or later).
    pub can_end: bool,
}

/// The admin page: every period, newest first, and how many open complaints a new one
/// would reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContinuityView {
    pub periods: Vec<PeriodLine>,
    pub open_complaints: u64,
}

/// A period in force or to come, as everyone reads it (no account needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceNotice {
    pub notice: String,
    /// "We expect to meet our usual timescales again from Monday 21 December 2026."
    pub back_to_normal: String,
}

/// Whether someone with this role declares business-continuity periods (admins).
pub fn may_declare(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageCalendar)
}

#[cfg(feature = "ssr")]
pub(crate) fn line(
    declared: storage::continuity::Declared,
    today: chrono::NaiveDate,
) -> PeriodLine {
    use domain::deadlines::long_date;
    let p = &declared.period;
    let status = if p.covers(today) {
        "In force"
    } else if p.from() > today {
        "To come"
    } else {
        "Over"
    };
    PeriodLine {
        id: declared.id,
        dates: p.dates_in_words(),
        reason: p.reason().to_owned(),
        approved_by: p.approved_by().to_owned(),
        effect: {
            let words = p.effect().describe();
            let mut chars = words.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        },
        ombudsman_told_on: declared.ombudsman_told_on.map(long_date),
        residents_told: declared.residents_told,
        status: status.to_owned(),
        can_end: p.to() >= today,
    }
}

/// Every declared period, for the admin.
#[server(endpoint = "continuity_periods")]
pub async fn continuity_periods() -> Result<ContinuityView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let service::calendar::Periods {
        declared,
        open_complaints,
    } = service::calendar::periods(scope.ctx(), &caller).await?;
    let today = crate::clock::today();
    let mut periods: Vec<PeriodLine> = declared.into_iter().map(|d| line(d, today)).collect();
    periods.reverse();
    Ok(ContinuityView {
        periods,
        open_complaints,
    })
}

/// Declares a period, then recounts the open complaints and tells their residents.
#[server(endpoint = "declare_continuity")]
pub async fn declare_continuity(
    #[server(default)] from_day: String,
    #[server(default)] from_month: String,
    #[server(default)] from_year: String,
    #[server(default)] to_day: String,
    #[server(default)] to_month: String,
    #[server(default)] to_year: String,
    #[server(default)] reason: String,
    #[server(default)] approved_by: String,
    #[server(default)] effect: String,
    #[server(default)] extra_days: String,
    #[server(default)] told_day: String,
    #[server(default)] told_month: String,
    #[server(default)] told_year: String,
) -> Result<(), AppError> {
    use crate::restrictions::read::typed_date;
    let typed = crate::refusal::Typed::new(&[
        ("from_day", Some(&from_day)),
        ("from_month", Some(&from_month)),
        ("from_year", Some(&from_year)),
        ("to_day", Some(&to_day)),
        ("to_month", Some(&to_month)),
        ("to_year", Some(&to_year)),
        ("reason", Some(&reason)),
        ("approved_by", Some(&approved_by)),
        ("effect", Some(&effect)),
        ("extra_days", Some(&extra_days)),
        ("told_day", Some(&told_day)),
        ("told_month", Some(&told_month)),
        ("told_year", Some(&told_year)),
    ]);
    let caller = crate::auth::session::caller().await?;
    let result = async {
        let form = domain::calendar::ContinuityForm {
            from: typed_date(&from_day, &from_month, &from_year),
            to: typed_date(&to_day, &to_month, &to_year),
            reason,
            approved_by,
            effect,
            extra_days,
            ombudsman_told_on: typed_date(&told_day, &told_month, &told_year),
        };
        let scope = crate::state::scope()?;
        let declared = service::calendar::declare(scope.ctx(), &caller, &form).await;
        let changed = scope
            .state
            .calendar
            .after_change(&scope.state.db, declared)
            .await?;
        let (id, moved, told_now) = (
            changed.change.id,
            changed.moved.len(),
            changed.change.residents_told,
        );
        leptos_axum::redirect(&format!(
            "/admin/continuity?declared={id}&moved={moved}&told={told_now}"
        ));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/continuity",
        <DeclareContinuity as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Ends a period early (from today to its last day); the open complaints are counted again.
#[server(endpoint = "end_continuity")]
pub async fn end_continuity(
    period: i32,
    #[server(default)] ends_day: String,
    #[server(default)] ends_month: String,
    #[server(default)] ends_year: String,
) -> Result<(), AppError> {
    use crate::restrictions::read::typed_date;
    let typed = crate::refusal::Typed::new(&[
        ("ends_day", Some(&ends_day)),
        ("ends_month", Some(&ends_month)),
        ("ends_year", Some(&ends_year)),
    ]);
    let caller = crate::auth::session::caller().await?;
    let result = async {
        let scope = crate::state::scope()?;
        let ended = service::calendar::end_early(
            scope.ctx(),
            &caller,
            period,
            &typed_date(&ends_day, &ends_month, &ends_year),
        )
        .await;
        let changed = scope
            .state
            .calendar
            .after_change(&scope.state.db, ended)
            .await?;
        let moved = changed.moved.len();
        leptos_axum::redirect(&format!("/admin/continuity?ended={period}&moved={moved}"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/continuity",
        <EndContinuity as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Records the day the Ombudsman was told about a period.
#[server(endpoint = "continuity_ombudsman_told")]
pub async fn continuity_ombudsman_told(
    period: i32,
    #[server(default)] told_day: String,
    #[server(default)] told_month: String,
    #[server(default)] told_year: String,
) -> Result<(), AppError> {
    use crate::restrictions::read::typed_date;
    let typed = crate::refusal::Typed::new(&[
        ("told_day", Some(&told_day)),
        ("told_month", Some(&told_month)),
        ("told_year", Some(&told_year)),
    ]);
    let caller = crate::auth::session::caller().await?;
    let result = async {
        let scope = crate::state::scope()?;
        service::calendar::ombudsman_told(
            scope.ctx(),
            &caller,
            period,
            &typed_date(&told_day, &told_month, &told_year),
        )
        .await?;
        leptos_axum::redirect(&format!("/admin/continuity?told_ombudsman={period}"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/continuity",
        <ContinuityOmbudsmanTold as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// The periods in force or to come, for the notice on every page. Read from the calendar
/// the server counts with, so it costs no database query.
#[server(endpoint = "service_notices")]
pub async fn service_notices() -> Result<Vec<ServiceNotice>, AppError> {
    let state = crate::state::app_state()?;
    let today = crate::clock::today();
    let calendar = state.calendar.current();
    Ok(calendar
        .continuity()
        .iter()
        .filter(|p| p.to() >= today)
        .map(|p| ServiceNotice {
            notice: p.notice(),
            back_to_normal: format!(
                "We expect to meet our usual timescales again from {}.",
                domain::deadlines::long_date(calendar.next_working_day(p.to()))
            ),
        })
        .collect())
}
