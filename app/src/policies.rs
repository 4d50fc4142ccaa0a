//! The complaints policy's versions, kept by an administrator
//! ([`domain::access::Action::ManagePolicies`]) at `/admin/policies`: every version with its
//! figures, which is in force, how many complaints each holds; and a new version added
//! through a form the domain checks against the Complaint Handling Code
//! ([`domain::policy::draft`]). A version is never changed once added.

// A server function's arguments are its form's fields, one each: the form posts them by
// name, and the browser's generated caller takes them the same way.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role keeps the policy versions.
pub fn may_manage(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManagePolicies)
}

/// One version, as the page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionLine {
    pub policy: domain::Policy,
    /// "In force", "Takes effect on 1 April 2027" or "Superseded".
    pub status: String,
    /// "1 April 2024".
    pub effective: String,
    /// "Added by Ada Admin on 5 December 2026", or built in.
    pub added: String,
    pub complaints: u64,
}

/// The page: versions newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoliciesView {
    pub versions: Vec<VersionLine>,
}

/// Every version.
#[server(endpoint = "policy_versions")]
pub async fn policy_versions() -> Result<PoliciesView, AppError> {
    use domain::deadlines::day_month_year;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let today = crate::clock::today();
    let (versions, set) = service::policies::versions(scope.ctx(), &caller).await?;
    let in_force = set.in_force(today).id;
    Ok(PoliciesView {
        versions: versions
            .into_iter()
            .map(|v| VersionLine {
                status: if v.policy.id == in_force {
                    "In force".to_owned()
                } else if v.policy.effective_from > today {
                    format!(
                        "Takes effect on {}",
                        day_month_year(v.policy.effective_from)
                    )
                } else {
                    "Superseded".to_owned()
                },
                effective: day_month_year(v.policy.effective_from),
                added: match v.added {
                    Some((at, by)) => format!(
                        "Added{} on {}",
                        by.map(|b| format!(" by {b}")).unwrap_or_default(),
                        day_month_year(domain::london::to_london(at).date())
                    ),
                    None => "Built in".to_owned(),
                },
                complaints: v.complaints,
                policy: v.policy,
            })
            .collect(),
    })
}

/// Adds a version: every problem at once, and a refused plain post goes back with what
/// was typed.
#[server(endpoint = "add_policy_version")]
pub async fn add_policy_version(
    #[server(default)] id: String,
    #[server(default)] effective_day: String,
    #[server(default)] effective_month: String,
    #[server(default)] effective_year: String,
    #[server(default)] cut_off: String,
    #[server(default)] stage1_contact: String,
    #[server(default)] stage1_acknowledge: String,
    #[server(default)] stage1_respond: String,
    #[server(default)] stage1_extension: String,
    #[server(default)] stage2_contact: String,
    #[server(default)] stage2_acknowledge: String,
    #[server(default)] stage2_respond: String,
    #[server(default)] stage2_extension: String,
    #[server(default)] eligibility_months: String,
    #[server(default)] ombudsman_months: String,
) -> Result<(), AppError> {
    use domain::policy::draft::{PolicyInput, StageInput};
    let caller = crate::auth::session::caller().await?;
    let typed = crate::refusal::Typed::new(&[
        ("id", Some(&id)),
        ("effective_day", Some(&effective_day)),
        ("effective_month", Some(&effective_month)),
        ("effective_year", Some(&effective_year)),
        ("cut_off", Some(&cut_off)),
        ("stage1_contact", Some(&stage1_contact)),
        ("stage1_acknowledge", Some(&stage1_acknowledge)),
        ("stage1_respond", Some(&stage1_respond)),
        ("stage1_extension", Some(&stage1_extension)),
        ("stage2_contact", Some(&stage2_contact)),
        ("stage2_acknowledge", Some(&stage2_acknowledge)),
        ("stage2_respond", Some(&stage2_respond)),
        ("stage2_extension", Some(&stage2_extension)),
        ("eligibility_months", Some(&eligibility_months)),
        ("ombudsman_months", Some(&ombudsman_months)),
    ]);
    let input = PolicyInput {
        id: id.clone(),
        effective: (
            effective_day.clone(),
            effective_month.clone(),
            effective_year.clone(),
        ),
        cut_off: cut_off.clone(),
        stage1: StageInput {
            contact: stage1_contact.clone(),
            acknowledge: stage1_acknowledge.clone(),
            respond: stage1_respond.clone(),
            extension: stage1_extension.clone(),
        },
        stage2: StageInput {
            contact: stage2_contact.clone(),
            acknowledge: stage2_acknowledge.clone(),
            respond: stage2_respond.clone(),
            extension: stage2_extension.clone(),
        },
        eligibility_months: eligibility_months.clone(),
        ombudsman_months: ombudsman_months.clone(),
    };
    let result = async {
        let scope = crate::state::scope()?;
        let policy = service::policies::add(scope.ctx(), &caller, &input).await?;
        leptos_axum::redirect(&format!("/admin/policies?added={}", policy.id));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/policies",
        <AddPolicyVersion as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
