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
    let state = crate::state::app_state()?;
    let mut views = storage::case_views::for_case(&state.db, access.id, VIEWS_SHOWN + 1).await?;
    let more = views.len() as u64 > VIEWS_SHOWN;
    views.truncate(VIEWS_SHOWN as usize);
    let people = storage::accounts::find_each(&state.db, views.iter().map(|v| v.user_id)).await?;
    let views = views
        .into_iter()
        .map(|v| ViewLine {
            when: domain::deadlines::long_date_time(v.at),
            who: people.get(&v.user_id).map_or_else(
                || "Someone no longer here".to_owned(),
                |a| a.display_name.clone(),
            ),
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
