//! Who looked at a case: the complaints manager's record of every view of a case's personal
//! data by staff and involved customers (`storage::case_views`), newest first.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// At most this many views are listed.
pub const VIEWS_SHOWN: u64 = 200;

/// One view, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewLine {
    /// "Wednesday 2 December 2026 at 09:15".
    pub when: String,
    pub who: String,
    pub role: String,
    pub what: String,
}

/// The case's views, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewsOfCase {
    pub reference: String,
    pub views: Vec<ViewLine>,
    /// More were recorded than are listed.
    pub more: bool,
}

/// Who looked at the case `reference`: the complaints manager only
/// (`domain::access::Action::ReadCaseViews`).
#[server(endpoint = "case_views")]
pub async fn case_views(reference: String) -> Result<ViewsOfCase, AppError> {
    use domain::access::Action;
    let access = crate::cases::guard::case_access(&reference, Action::ReadCaseViews).await?;
    let scope = crate::state::scope()?;
    let service::cases::Views { views, more } =
        service::cases::views(scope.ctx(), &access.caller, &access.reached, VIEWS_SHOWN).await?;
    let views = views
        .into_iter()
        .map(|(v, name)| ViewLine {
            when: domain::deadlines::long_date_time(v.at),
            who: name.unwrap_or_else(|| "Someone no longer here".to_owned()),
            role: v.role.map_or("", |r| r.label()).to_owned(),
            what: v.what.map_or("", |w| w.label()).to_owned(),
        })
        .collect();
    Ok(ViewsOfCase {
        reference: reference.trim().to_owned(),
        views,
        more,
    })
}
