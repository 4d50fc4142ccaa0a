//! Restricting how a customer contacts us (`domain::restriction`), at
//! `/staff/customers/{id}/restriction`: what is in force and its history, a form to decide
//! or review one, and one to lift it. Managers and the complaints manager decide
//! (`Action::RestrictContact`); every member of staff sees a restriction in force beside
//! the customer on each case, with its review date.
// A flag form's server functions take its fields one argument each, as a plain post
// sends them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A restriction as staff read it beside the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionNote {
    /// What is restricted, with its description when there is one.
    pub what: String,
    pub reason: String,
    /// "Decided on Friday 4 December 2026 by Mo Manager".
    pub decided: String,
    /// "Friday 4 June 2027".
    pub review_on: String,
    /// The review date has come.
    pub review_due: bool,
}

/// One past decision, for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastRestriction {
    pub note: RestrictionNote,
    /// "Lifted on … by …: reason", or "Reviewed on … by …".
    pub ended: String,
}

/// The restriction page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionView {
    pub customer_id: i32,
    pub customer_name: String,
    /// The restriction in force's id, which the forms post back as `seen`.
    pub current_id: Option<i32>,
    pub current: Option<RestrictionNote>,
    /// The current restriction's answers, to start a review from.
    pub kind: String,
    pub detail: String,
    pub past: Vec<PastRestriction>,
}

#[cfg(feature = "ssr")]
pub(crate) mod read {
    use super::{PastRestriction, RestrictionNote};
    use domain::deadlines::long_date;
    use storage::customer_flags::KeptRestriction;

    pub fn note(kept: &KeptRestriction, today: chrono::NaiveDate) -> RestrictionNote {
        let r = &kept.flag;
        RestrictionNote {
            what: match &r.detail {
                Some(detail) => format!("{}: {detail}", r.kind.label()),
                None => r.kind.label().to_owned(),
            },
            reason: r.reason.clone(),
            decided: format!(
                "Decided on {} by {}",
                long_date(r.decided_on),
                kept.decided_by
            ),
            review_on: long_date(r.review_on),
            review_due: r.review_due(today),
        }
    }

    pub fn past(kept: &KeptRestriction, today: chrono::NaiveDate) -> Option<PastRestriction> {
        Some(PastRestriction {
            note: note(kept, today),
            ended: ended(kept.ended.as_ref()?, "Lifted"),
        })
    }

    /// How a flag on a customer ended, in words: "Lifted on … by …: why" (`lifted`: the
    /// word for ending it), or "Reviewed on … by …".
    pub fn ended(ended: &storage::customer_flags::Ended, lifted: &str) -> String {
        let on = long_date(domain::london::to_london(ended.at).date());
        match (&ended.reason, ended.lifted) {
            (Some(reason), true) => format!("{lifted} on {on} by {}: {reason}", ended.by),
            (None, true) => format!("{lifted} on {on} by {}", ended.by),
            (_, false) => format!("Reviewed on {on} by {}", ended.by),
        }
    }

    /// A date typed in three boxes as the domain reads it: `D/M/YYYY`, or blank when
    /// every box is.
    pub fn typed_date(day: &str, month: &str, year: &str) -> String {
        if [day, month, year].iter().all(|p| p.trim().is_empty()) {
            String::new()
        } else {
            format!("{}/{}/{}", day.trim(), month.trim(), year.trim())
        }
    }
}

/// What every flag page's forms do (a restriction, a vulnerability, an adjustments
/// review): check the person may, decide or end the flag, go back to the page saying so;
/// a refused plain post goes back to the page with what was typed.
#[cfg(feature = "ssr")]
pub(crate) mod flag_forms {
    use crate::error::AppError;
    use service::flags::Flag;

    /// A flag form: the customer, the page it is on and the server function's path.
    pub struct FlagForm<'a> {
        pub customer: i32,
        /// The page's last segment: `restriction`, `vulnerability`, `adjustments`.
        pub page: &'a str,
        pub path: &'a str,
        /// The id of the flag of this kind in force when the page was read (`None`: none
        /// was), as the form posts it: a decision made meanwhile is never overwritten.
        pub seen: Option<i32>,
    }

    /// The `seen` field as posted.
    pub fn seen(posted: Option<&str>) -> Option<i32> {
        posted.and_then(|v| v.trim().parse().ok())
    }

    impl FlagForm<'_> {
        fn page(&self) -> String {
            format!("/staff/customers/{}/{}", self.customer, self.page)
        }

        /// Decides the flag `decide` makes from today's date, and goes back to the page
        /// with `?saved={saved}`.
        pub async fn decide<F: Flag>(
            &self,
            typed: crate::refusal::Typed,
            saved: &str,
            decide: impl FnOnce(chrono::NaiveDate) -> Result<F, domain::FormErrors>,
        ) -> Result<(), AppError> {
            let caller = crate::auth::session::caller().await?;
            let page = self.page();
            let result = async {
                let scope = crate::state::scope()?;
                service::flags::decide(scope.ctx(), &caller, self.customer, self.seen, decide)
                    .await?;
                leptos_axum::redirect(&format!("{page}?saved={saved}"));
                Ok(())
            }
            .await;
            typed.keep_on_refusal_at(&page, self.path, &result);
            result
        }

        /// Ends the flag of kind `F` in force with the reason `reason` checks, and goes
        /// back to the page with `?saved={saved}`.
        pub async fn end<F: Flag>(
            &self,
            typed: crate::refusal::Typed,
            saved: &str,
            reason: impl FnOnce() -> Result<String, domain::FormErrors>,
        ) -> Result<(), AppError> {
            let caller = crate::auth::session::caller().await?;
            let page = self.page();
            let result = async {
                let scope = crate::state::scope()?;
                service::flags::end::<F>(scope.ctx(), &caller, self.customer, self.seen, reason)
                    .await?;
                leptos_axum::redirect(&format!("{page}?saved={saved}"));
                Ok(())
            }
            .await;
            typed.keep_on_refusal_at(&page, self.path, &result);
            result
        }
    }
}

/// The page's content, for managers and the complaints manager.
#[server(endpoint = "restriction_page")]
pub async fn restriction_page(customer: i32) -> Result<RestrictionView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let today = crate::clock::today();
    let (found, history) =
        service::flags::history::<domain::restriction::Restriction>(scope.ctx(), &caller, customer)
            .await?;
    let in_force = history.iter().find(|k| k.ended.is_none());
    Ok(RestrictionView {
        current_id: in_force.map(|k| k.id),
        customer_id: found.id,
        customer_name: found.details.name,
        current: in_force.map(|k| read::note(k, today)),
        kind: in_force.map_or_else(String::new, |k| k.flag.kind.code().to_owned()),
        detail: in_force
            .and_then(|k| k.flag.detail.clone())
            .unwrap_or_default(),
        past: history
            .iter()
            .filter_map(|k| read::past(k, today))
            .collect(),
    })
}

/// Decides a restriction (or reviews the one in force: it ends and this one follows).
#[server(endpoint = "decide_restriction")]
pub async fn decide_restriction(
    customer: i32,
    #[server(default)] seen: Option<String>,
    #[server(default)] kind: String,
    #[server(default)] detail: String,
    #[server(default)] reason: String,
    #[server(default)] review_on_day: String,
    #[server(default)] review_on_month: String,
    #[server(default)] review_on_year: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[
        ("kind", Some(&kind)),
        ("detail", Some(&detail)),
        ("reason", Some(&reason)),
        ("review_on_day", Some(&review_on_day)),
        ("review_on_month", Some(&review_on_month)),
        ("review_on_year", Some(&review_on_year)),
    ]);
    let review_on = read::typed_date(&review_on_day, &review_on_month, &review_on_year);
    flag_forms::FlagForm {
        customer,
        page: "restriction",
        path: <DecideRestriction as server_fn::ServerFn>::PATH,
        seen: flag_forms::seen(seen.as_deref()),
    }
    .decide(typed, "decided", |today| {
        domain::restriction::Restriction::decide(
            &domain::restriction::RestrictionInput {
                kind,
                detail,
                reason,
                review_on,
            },
            today,
        )
    })
    .await
}

/// Lifts the restriction in force, with the reason.
#[server(endpoint = "lift_restriction")]
pub async fn lift_restriction(
    customer: i32,
    #[server(default)] seen: Option<String>,
    #[server(default)] lift_reason: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[("lift_reason", Some(&lift_reason))]);
    flag_forms::FlagForm {
        customer,
        page: "restriction",
        path: <LiftRestriction as server_fn::ServerFn>::PATH,
        seen: flag_forms::seen(seen.as_deref()),
    }
    .end::<domain::restriction::Restriction>(typed, "lifted", || {
        domain::restriction::lifting_reason(&lift_reason)
    })
    .await
}

/// A flag on a customer (a contact restriction, a vulnerability) whose review date has
/// come, on the work queue of those who decide it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDue {
    pub customer_id: i32,
    /// The flag's page.
    pub href: String,
    /// "Contact restriction" or "Vulnerability".
    pub flag: String,
    pub name: String,
    pub what: String,
    /// "Friday 4 June 2027".
    pub review_on: String,
}

/// The most reviews listed on the work queue.
pub const REVIEWS_LISTED: u64 = 20;

/// The restrictions due for review, longest overdue first, for managers and the complaints
/// manager; nothing for anyone else.
#[server(endpoint = "restrictions_due")]
pub async fn restrictions_due() -> Result<Vec<ReviewDue>, AppError> {
    let caller = crate::auth::session::caller().await?;
    restrictions_due_in(&crate::state::read_scope().await?, &caller).await
}

/// [`restrictions_due`], read in `scope`.
#[cfg(feature = "ssr")]
async fn restrictions_due_in(
    scope: &crate::state::Scope,
    caller: &service::Caller,
) -> Result<Vec<ReviewDue>, AppError> {
    let today = crate::clock::today();
    Ok(
        service::flags::due::<domain::restriction::Restriction>(
            scope.ctx(),
            caller,
            REVIEWS_LISTED,
        )
        .await?
        .into_iter()
        .map(|due| restriction_review(due, today))
        .collect(),
    )
}

/// A restriction due for review, as the reminders list it.
#[cfg(feature = "ssr")]
pub(crate) fn restriction_review(
    (kept, name): (storage::customer_flags::KeptRestriction, String),
    today: chrono::NaiveDate,
) -> ReviewDue {
    let note = read::note(&kept, today);
    ReviewDue {
        customer_id: kept.customer_id,
        href: format!("/staff/customers/{}/restriction", kept.customer_id),
        flag: "Contact restriction".to_owned(),
        name,
        what: note.what,
        review_on: note.review_on,
    }
}
