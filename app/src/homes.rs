//! The homes count per reporting year, which CH01 divides by (SPEC section 8), set by an
//! admin (`domain::access::Action::SetHousingStock`) at `/admin/homes`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One reporting year's row on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomesLine {
    pub year: i32,
    /// "2025/26".
    pub label: String,
    /// "1 April 2025 to 31 March 2026".
    pub span: String,
    /// Low-cost rental homes.
    pub homes: Option<u32>,
    /// Low-cost home ownership homes.
    pub lcho_homes: Option<u32>,
}

/// The years an admin may set, newest first, with the current one to choose by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomesView {
    pub lines: Vec<HomesLine>,
    pub current: i32,
}

/// Whether someone with this role sets the homes count (admins).
pub fn may_set_homes(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::SetHousingStock)
}

/// The years offered: next year (a count can be set before it starts), this year and the
/// five before it, and any other year that has a count.
#[server(endpoint = "homes_counts")]
pub async fn homes_counts() -> Result<HomesView, AppError> {
    use domain::reports::ReportingYear;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let stored = service::homes::counts(scope.ctx(), &caller).await?;
    let today = crate::clock::today();
    let current = ReportingYear::containing(today).year();
    let mut years: Vec<i32> = (current - 5..=current + 1).collect();
    years.extend(stored.iter().map(|(y, _)| i32::from(*y)));
    years.retain(|y| ReportingYear::new(*y).is_ok());
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let stored_of = |year: i32| {
        stored
            .iter()
            .find(|(s, _)| i32::from(*s) == year)
            .map(|(_, h)| *h)
    };
    let lines = years
        .into_iter()
        .filter_map(|y| ReportingYear::new(y).ok())
        .map(|y| HomesLine {
            year: y.year(),
            label: y.label(),
            span: y.span(),
            homes: stored_of(y.year()).and_then(|h| u32::try_from(h.rental).ok()),
            lcho_homes: stored_of(y.year())
                .and_then(|h| h.ownership)
                .and_then(|h| u32::try_from(h).ok()),
        })
        .collect();
    Ok(HomesView { lines, current })
}

/// Sets (or changes) one year's homes count, then shows the list again.
#[server(endpoint = "set_homes_count")]
pub async fn set_homes_count(
    year: String,
    homes: String,
    #[server(default)] lcho_homes: Option<String>,
) -> Result<(), AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::SetHousingStock).await?;
    let lcho_typed = lcho_homes.unwrap_or_default();
    let scope = crate::state::scope()?;
    let set = service::homes::set(scope.ctx(), &caller, &year, &homes, &lcho_typed)
        .await
        .map_err(AppError::from);
    let count = match set {
        Ok(count) => count,
        Err(error) => {
            crate::refusal::back_with_typed(
                "/admin/homes",
                <SetHomesCount as server_fn::ServerFn>::PATH,
                &[
                    ("year", &year),
                    ("homes", &homes),
                    ("lcho_homes", &lcho_typed),
                ],
                &error,
            );
            return Err(error);
        }
    };
    leptos_axum::redirect(&format!(
        "/admin/homes?saved={}&count={}",
        count.year.year(),
        count.rental.get()
    ));
    Ok(())
}
