//! Triage by vulnerability and complexity (`domain::triage`): a customer's vulnerability
//! or risk flag at `/staff/customers/{id}/vulnerability`, and a case's priority at
//! `/staff/cases/{reference}/priority`. Staff who work cases record both
//! (`Action::FlagVulnerability`, `Action::SetPriority`); every member of staff sees them
//! beside the customer on each case and on the work queue.
// A flag form's server functions take its fields one argument each, as a plain post
// sends them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A vulnerability flag as staff read it beside the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VulnerabilityNote {
    /// The circumstances' labels.
    pub circumstances: Vec<String>,
    /// A safeguarding risk is among them.
    pub risk: bool,
    pub reason: String,
    pub support: Option<String>,
    /// "Recorded on Friday 4 December 2026 by Olu Officer".
    pub recorded: String,
    /// "Friday 4 June 2027".
    pub review_on: String,
    pub review_due: bool,
}

/// One past flag, for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastVulnerability {
    pub note: VulnerabilityNote,
    /// "Removed on … by …: reason", or "Reviewed on … by …".
    pub ended: String,
}

/// The vulnerability page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VulnerabilityView {
    pub customer_id: i32,
    pub customer_name: String,
    /// The flag in force's id, which the forms post back as `seen`.
    pub current_id: Option<i32>,
    pub current: Option<VulnerabilityNote>,
    /// The current flag's answers, to start a review from.
    pub circumstances: Vec<String>,
    pub reason: String,
    pub support: String,
    pub past: Vec<PastVulnerability>,
}

#[cfg(feature = "ssr")]
pub(crate) mod read {
    use super::{PastVulnerability, VulnerabilityNote};
    use domain::deadlines::long_date;
    use storage::customer_flags::KeptVulnerability;

    pub fn note(kept: &KeptVulnerability, today: chrono::NaiveDate) -> VulnerabilityNote {
        let v = &kept.flag;
        VulnerabilityNote {
            circumstances: v
                .circumstances
                .iter()
                .map(|c| c.label().to_owned())
                .collect(),
            risk: v.is_risk(),
            reason: v.reason.clone(),
            support: v.support.clone(),
            recorded: format!(
                "Recorded on {} by {}",
                long_date(v.recorded_on),
                kept.decided_by
            ),
            review_on: long_date(v.review_on),
            review_due: v.review_due(today),
        }
    }

    pub fn past(kept: &KeptVulnerability, today: chrono::NaiveDate) -> Option<PastVulnerability> {
        let ended = kept.ended.as_ref()?;
        Some(PastVulnerability {
            note: note(kept, today),
            ended: crate::restrictions::read::ended(ended, "Removed"),
        })
    }
}

/// The page's content, for staff who work cases.
#[server(endpoint = "vulnerability_page")]
pub async fn vulnerability_page(customer: i32) -> Result<VulnerabilityView, AppError> {
    use domain::triage::Vulnerability;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let today = crate::clock::today();
    let (found, history) =
        service::flags::history::<Vulnerability>(scope.ctx(), &caller, customer).await?;
    let in_force = history.iter().find(|k| k.ended.is_none());
    Ok(VulnerabilityView {
        current_id: in_force.map(|k| k.id),
        customer_id: found.id,
        customer_name: found.details.name,
        current: in_force.map(|k| read::note(k, today)),
        circumstances: in_force.map_or_else(Vec::new, |k| {
            k.flag
                .circumstances
                .iter()
                .map(|c| c.code().to_owned())
                .collect()
        }),
        reason: in_force.map_or_else(String::new, |k| k.flag.reason.clone()),
        support: in_force
            .and_then(|k| k.flag.support.clone())
            .unwrap_or_default(),
        past: history
            .iter()
            .filter_map(|k| read::past(k, today))
            .collect(),
    })
}

/// Records a vulnerability or risk flag (or reviews the one in force: it ends and this one
/// follows).
#[server(endpoint = "record_vulnerability")]
pub async fn record_vulnerability(
    customer: i32,
    #[server(default)] seen: Option<String>,
    #[server(default)] circumstances: Vec<String>,
    #[server(default)] reason: String,
    #[server(default)] support: String,
    #[server(default)] review_on_day: String,
    #[server(default)] review_on_month: String,
    #[server(default)] review_on_year: String,
) -> Result<(), AppError> {
    let chosen = circumstances.join(",");
    let typed = crate::refusal::Typed::new(&[
        ("circumstances", Some(&chosen)),
        ("reason", Some(&reason)),
        ("support", Some(&support)),
        ("review_on_day", Some(&review_on_day)),
        ("review_on_month", Some(&review_on_month)),
        ("review_on_year", Some(&review_on_year)),
    ]);
    let review_on =
        crate::restrictions::read::typed_date(&review_on_day, &review_on_month, &review_on_year);
    crate::restrictions::flag_forms::FlagForm {
        customer,
        page: "vulnerability",
        path: <RecordVulnerability as server_fn::ServerFn>::PATH,
        seen: crate::restrictions::flag_forms::seen(seen.as_deref()),
    }
    .decide(typed, "recorded", |today| {
        domain::triage::Vulnerability::record(
            &domain::triage::VulnerabilityInput {
                circumstances,
                reason,
                support,
                review_on,
            },
            today,
        )
    })
    .await
}

/// Removes the flag in force, with the reason.
#[server(endpoint = "remove_vulnerability")]
pub async fn remove_vulnerability(
    customer: i32,
    #[server(default)] seen: Option<String>,
    #[server(default)] remove_reason: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[("remove_reason", Some(&remove_reason))]);
    crate::restrictions::flag_forms::FlagForm {
        customer,
        page: "vulnerability",
        path: <RemoveVulnerability as server_fn::ServerFn>::PATH,
        seen: crate::restrictions::flag_forms::seen(seen.as_deref()),
    }
    .end::<domain::triage::Vulnerability>(typed, "removed", || {
        domain::restriction::ending_reason(
            &remove_reason,
            "remove_reason",
            "Say why the flag no longer applies",
        )
    })
    .await
}

/// The flags on customers due for review that the reader decides: contact restrictions
/// (managers and the complaints manager), vulnerability flags and reviews of reasonable
/// adjustments (staff who work cases), each longest overdue first: the reminder when a
/// review date comes (part of `crate::staff::for_you`).
#[cfg(feature = "ssr")]
pub(crate) async fn reviews_due_for(
    scope: &crate::state::Scope,
    caller: &service::Caller,
) -> Result<Vec<crate::restrictions::ReviewDue>, AppError> {
    let service::flags::AllDue {
        restrictions,
        vulnerabilities,
        adjustments,
    } = service::flags::all_due(scope.ctx(), caller, crate::restrictions::REVIEWS_LISTED).await?;
    let today = crate::clock::today();
    let vulnerability = |(kept, name): (
        storage::customer_flags::Kept<domain::triage::Vulnerability>,
        String,
    )| {
        crate::restrictions::ReviewDue {
            customer_id: kept.customer_id,
            href: format!("/staff/customers/{}/vulnerability", kept.customer_id),
            flag: "Vulnerability".to_owned(),
            name,
            what: kept.flag.in_short(),
            review_on: domain::deadlines::long_date(kept.flag.review_on),
        }
    };
    let adjustments_review = |(kept, name): (
        storage::customer_flags::Kept<domain::triage::AdjustmentsReview>,
        String,
    )| {
        crate::restrictions::ReviewDue {
            customer_id: kept.customer_id,
            href: format!("/staff/customers/{}/adjustments", kept.customer_id),
            flag: "Reasonable adjustments".to_owned(),
            name,
            what: kept.flag.agreed.chars().take(80).collect(),
            review_on: domain::deadlines::long_date(kept.flag.review_on),
        }
    };
    Ok(restrictions
        .into_iter()
        .map(|due| crate::restrictions::restriction_review(due, today))
        .chain(vulnerabilities.into_iter().map(vulnerability))
        .chain(adjustments.into_iter().map(adjustments_review))
        .collect())
}

/// A case's priority as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityView {
    pub reference: String,
    pub priority: domain::triage::Priority,
    /// Why, as said when it was last set.
    pub reason: Option<String>,
    /// "Set on … by …", when it was ever changed.
    pub set: Option<String>,
    pub may_set: bool,
}

/// A case's priority, with why and when it was last set read off its timeline
/// (`entries`, oldest first).
#[cfg(feature = "ssr")]
pub(crate) fn priority_of(
    stored: &storage::cases::StoredCase,
    entries: &[storage::cases::TimelineEntry],
    may_set: bool,
) -> PriorityView {
    let last = entries.iter().rev().find_map(|entry| match &entry.item {
        domain::TimelineItem::PrioritySet { reason, .. } => Some((
            reason.clone(),
            format!(
                "set {} by {}",
                crate::staff::read::when(entry.at),
                entry.actor_name.clone().unwrap_or_default()
            ),
        )),
        _ => None,
    });
    let (reason, set) = last.map_or((None, None), |(r, s)| (r, Some(s)));
    PriorityView {
        reference: stored.reference.to_string(),
        priority: stored.priority,
        reason,
        set,
        may_set,
    }
}

/// The priority page's content.
#[server(endpoint = "priority_page")]
pub async fn priority_page(reference: String) -> Result<PriorityView, AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::SetPriority).await?;
    let scope = crate::state::scope()?;
    let (stored, entries) =
        service::triage::priority(scope.ctx(), &access.caller, &access.reached).await?;
    Ok(priority_of(&stored, &entries, true))
}

/// Changes a case's priority from `from` (what the page showed), with the reason.
#[server(endpoint = "set_priority")]
pub async fn set_priority(
    reference: String,
    #[server(default)] from: String,
    #[server(default)] priority: String,
    #[server(default)] priority_reason: String,
) -> Result<(), AppError> {
    let page = format!("/staff/cases/{reference}/priority");
    let typed = crate::refusal::Typed::new(&[
        ("priority", Some(&priority)),
        ("priority_reason", Some(&priority_reason)),
    ]);
    let result = async {
        let access =
            crate::cases::guard::case_access(&reference, domain::access::Action::SetPriority)
                .await?;
        let from = domain::triage::Priority::parse(&from).ok_or(AppError::BadRequest)?;
        let scope = crate::state::scope()?;
        service::triage::set_priority(
            scope.ctx(),
            &access.caller,
            &access.reached,
            from,
            &priority,
            &priority_reason,
        )
        .await?;
        leptos_axum::redirect(&format!("/staff/cases/{reference}?saved=priority"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(&page, <SetPriority as server_fn::ServerFn>::PATH, &result);
    result
}

/// One thing done for an adjustment, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentActionLine {
    /// The adjustment's label.
    pub adjustment: String,
    pub done: String,
    /// "Friday 4 December 2026 at 10:15 by Sam Officer".
    pub recorded: String,
}

/// The last review of a customer's adjustments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentsReviewNote {
    /// The review's id: a new review names it, so none is overwritten unseen.
    pub id: i32,
    pub agreed: String,
    /// "Reviewed on … by …".
    pub reviewed: String,
    pub review_on: String,
    pub review_due: bool,
}

/// The adjustments page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentsView {
    pub customer_id: i32,
    pub customer_name: String,
    /// The adjustments they asked for: the stored code and the label.
    pub adjustments: Vec<(String, String)>,
    pub actions: Vec<AdjustmentActionLine>,
    pub review: Option<AdjustmentsReviewNote>,
}

#[cfg(feature = "ssr")]
pub(crate) mod adjustments {
    use super::AdjustmentsReviewNote;
    use domain::deadlines::long_date;
    use domain::triage::AdjustmentsReview;

    /// A review as staff read it.
    pub fn note(
        kept: &storage::customer_flags::Kept<AdjustmentsReview>,
        today: chrono::NaiveDate,
    ) -> AdjustmentsReviewNote {
        AdjustmentsReviewNote {
            id: kept.id,
            agreed: kept.flag.agreed.clone(),
            reviewed: format!(
                "Reviewed on {} by {}",
                long_date(kept.flag.reviewed_on),
                kept.decided_by
            ),
            review_on: long_date(kept.flag.review_on),
            review_due: kept.flag.review_due(today),
        }
    }

    /// The customer's adjustments as (stored code, label).
    pub fn asked(customer: &storage::customers::Customer) -> Vec<(String, String)> {
        customer
            .details
            .adjustments
            .iter()
            .map(|a| (storage::adjustments::stored_code(a), a.label()))
            .collect()
    }
}

/// The adjustments page's content, for staff who work cases.
#[server(endpoint = "adjustments_page")]
pub async fn adjustments_page(customer: i32) -> Result<AdjustmentsView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let service::flags::Adjustments {
        customer: found,
        actions,
        review,
    } = service::flags::adjustments(scope.ctx(), &caller, customer).await?;
    let asked = adjustments::asked(&found);
    let label_of = |code: &str| {
        asked.iter().find(|(c, _)| c == code).map_or_else(
            || "An adjustment no longer asked for".to_owned(),
            |(_, l)| l.clone(),
        )
    };
    let actions = actions
        .into_iter()
        .map(|a| AdjustmentActionLine {
            adjustment: label_of(&a.adjustment),
            done: a.done,
            recorded: format!(
                "{} by {}",
                crate::staff::read::when(a.recorded_at),
                a.recorded_by
            ),
        })
        .collect();
    Ok(AdjustmentsView {
        customer_id: found.id,
        customer_name: found.details.name.clone(),
        review: review.map(|kept| adjustments::note(&kept, crate::clock::today())),
        adjustments: asked,
        actions,
    })
}

/// Records what was done for one of the customer's adjustments.
#[server(endpoint = "record_adjustment_action")]
pub async fn record_adjustment_action(
    customer: i32,
    #[server(default)] adjustment: String,
    #[server(default)] done: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let page = format!("/staff/customers/{customer}/adjustments");
    let typed =
        crate::refusal::Typed::new(&[("adjustment", Some(&adjustment)), ("done", Some(&done))]);
    let result = async {
        let scope = crate::state::scope()?;
        service::flags::record_adjustment(scope.ctx(), &caller, customer, &adjustment, &done)
            .await?;
        leptos_axum::redirect(&format!("{page}?saved=action"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        &page,
        <RecordAdjustmentAction as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Reviews the customer's adjustments: what was agreed, and when to look again.
#[server(endpoint = "review_adjustments")]
pub async fn review_adjustments(
    customer: i32,
    #[server(default)] seen: Option<String>,
    #[server(default)] agreed: String,
    #[server(default)] review_on_day: String,
    #[server(default)] review_on_month: String,
    #[server(default)] review_on_year: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[
        ("agreed", Some(&agreed)),
        ("review_on_day", Some(&review_on_day)),
        ("review_on_month", Some(&review_on_month)),
        ("review_on_year", Some(&review_on_year)),
    ]);
    let review_on =
        crate::restrictions::read::typed_date(&review_on_day, &review_on_month, &review_on_year);
    crate::restrictions::flag_forms::FlagForm {
        customer,
        page: "adjustments",
        path: <ReviewAdjustments as server_fn::ServerFn>::PATH,
        seen: crate::restrictions::flag_forms::seen(seen.as_deref()),
    }
    .decide(typed, "review", |today| {
        domain::triage::AdjustmentsReview::review(&agreed, &review_on, today)
    })
    .await
}
