//! The retention schedule's pages (`domain::retention`): `/admin/retention`, where an
//! administrator or the complaints manager sets how long personal data is kept and sees
//! what falls due and what is kept past its date; and a case's own standing with its legal
//! hold, at `/staff/cases/{reference}/retention` (the complaints manager). The erasing
//! itself is the server's sweep.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role sees the retention page.
pub fn may_manage(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageRetention)
}

/// A case on the retention page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueLine {
    pub reference: String,
    pub kind: String,
    pub ended: String,
    pub erase_on: String,
    /// Due today or earlier.
    pub overdue: bool,
    /// Why it is kept past its date.
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionView {
    pub years: u32,
    /// "Changed on … by …", or `None` while the default applies.
    pub changed: Option<String>,
    /// The longest time any policy version gives a customer to go to the Ombudsman.
    pub minimum_months: u32,
    pub due_now: u64,
    pub due_within_a_year: u64,
    pub erased: u64,
    pub kept_count: u64,
    pub next: Vec<DueLine>,
    pub kept: Vec<DueLine>,
}

/// Rows each list shows.
pub const SHOWN: u64 = 25;

#[server(endpoint = "retention_page")]
pub async fn retention_page() -> Result<RetentionView, AppError> {
    use domain::deadlines::long_date;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let service::settings::Retention {
        schedule,
        saved,
        minimum_months,
        today,
        overview,
    } = service::settings::retention(scope.ctx(), &caller, SHOWN).await?;
    let line = |due: storage::retention::Due| DueLine {
        reference: due.reference.to_string(),
        kind: due.kind.label().to_owned(),
        ended: long_date(due.ended_on),
        erase_on: long_date(due.erase_on),
        overdue: due.erase_on <= today,
        why: due.kept.map(|k| k.describe()),
    };
    Ok(RetentionView {
        years: schedule.years,
        changed: saved.as_ref().map(crate::landlord::changed_words),
        minimum_months,
        due_now: overview.due_now,
        due_within_a_year: overview.due_within_a_year,
        erased: overview.erased,
        kept_count: overview.kept_count,
        next: overview.next.into_iter().map(line).collect(),
        kept: overview.kept.into_iter().map(line).collect(),
    })
}

/// Sets how many years after a case ends its personal data is erased.
#[server(endpoint = "set_retention")]
pub async fn set_retention(#[server(default)] retention_years: String) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let typed = crate::refusal::Typed::new(&[("retention_years", Some(&retention_years))]);
    let result = async {
        let scope = crate::state::scope()?;
        service::settings::set_retention(scope.ctx(), &caller, &retention_years).await?;
        leptos_axum::redirect("/admin/retention?saved=1");
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/retention",
        <SetRetention as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// One case's place in the schedule, for its retention page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRetentionView {
    pub reference: String,
    pub years: u32,
    /// "Erased on …": the case's personal data is gone.
    pub erased: Option<String>,
    /// The day it falls due, once the case has ended.
    pub erase_on: Option<String>,
    /// The legal hold's reason, and who placed it when.
    pub held: Option<(String, String)>,
    pub with_ombudsman: bool,
}

#[server(endpoint = "case_retention")]
pub async fn case_retention(reference: String) -> Result<CaseRetentionView, AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::HoldCase).await?;
    let scope = crate::state::scope()?;
    let service::retention::CaseStanding {
        schedule,
        standing,
        held_by,
    } = service::retention::standing(scope.ctx(), &access.caller, &access.reached).await?;
    let held = standing.held.map(|hold| {
        let when = hold
            .at
            .map(|at| format!("Placed {}", crate::staff::read::when(at)))
            .unwrap_or_default();
        let by = held_by
            .map(|name| format!(" by {name}"))
            .unwrap_or_default();
        (hold.reason, format!("{when}{by}"))
    });
    Ok(CaseRetentionView {
        reference,
        years: schedule.years,
        erased: standing
            .erased_at
            .map(|at| domain::deadlines::long_date(domain::london::to_london(at).date())),
        erase_on: standing.erase_on.map(domain::deadlines::long_date),
        held,
        with_ombudsman: standing.with_ombudsman,
    })
}

/// Places a legal hold on a case, or changes its reason.
#[server(endpoint = "place_hold")]
pub async fn place_hold(
    reference: String,
    #[server(default)] hold_reason: String,
) -> Result<(), AppError> {
    let page = format!("/staff/cases/{reference}/retention");
    let typed = crate::refusal::Typed::new(&[("hold_reason", Some(&hold_reason))]);
    let result = async {
        let access =
            crate::cases::guard::case_access(&reference, domain::access::Action::HoldCase).await?;
        let scope = crate::state::scope()?;
        service::retention::hold(scope.ctx(), &access.caller, &access.reached, &hold_reason)
            .await?;
        leptos_axum::redirect(&format!("/staff/cases/{reference}/retention?saved=held"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(&page, <PlaceHold as server_fn::ServerFn>::PATH, &result);
    result
}

/// Lifts a case's legal hold.
#[server(endpoint = "lift_hold")]
pub async fn lift_hold(reference: String) -> Result<(), AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::HoldCase).await?;
    let scope = crate::state::scope()?;
    service::retention::lift_hold(scope.ctx(), &access.caller, &access.reached).await?;
    leptos_axum::redirect(&format!("/staff/cases/{reference}/retention?saved=lifted"));
    Ok(())
}
