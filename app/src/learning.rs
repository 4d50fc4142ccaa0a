//! The learning page's data (SPEC section 6): root-cause themes month by month for a
//! reporting year, and service-improvement actions with an owner, a due date and the day
//! they were done.
//!
//! Who sees what: the themes are counts only, so anyone who may see the reports
//! ([`domain::access::Action::ViewReports`], the board member included) reads them. The
//! actions name their owner and perhaps a case, so only those who manage them
//! ([`domain::access::Action::ManageLearning`]: managers and the complaints manager) see,
//! add and complete them.

use crate::error::AppError;
use domain::learning::ActionStatus;
use domain::reports::Table;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone with this role adds and completes improvement actions.
pub fn may_manage_learning(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageLearning)
}

/// One improvement action, for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLine {
    pub id: i32,
    pub text: String,
    pub category: String,
    pub case_reference: Option<String>,
    pub owner: String,
    /// "1 September 2025".
    pub due: String,
    pub done_on: Option<String>,
    pub status: ActionStatus,
}

/// A choice in a drop-down: its value and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// What managers see beyond the themes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionsView {
    pub actions: Vec<ActionLine>,
    pub categories: Vec<Choice>,
    pub owners: Vec<Choice>,
}

/// The learning page for one reporting year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearningView {
    pub year: i32,
    /// "2025/26".
    pub label: String,
    /// The years the chooser offers, newest first.
    pub years: Vec<i32>,
    /// "Apr", "May", … for the chart.
    pub months: Vec<String>,
    /// Each root cause's count per month, most frequent first.
    pub series: Vec<(String, [u64; 12])>,
    /// The same as a table (and as `/reports/{year}/themes.csv`).
    pub table: Table,
    /// `None` for those who only read the themes.
    pub manage: Option<ActionsView>,
}

#[cfg(feature = "ssr")]
fn today() -> chrono::NaiveDate {
    crate::clock::today()
}

/// The themes for `year` (blank: the current reporting year), and the actions for those
/// who manage them.
#[server(endpoint = "learning_overview")]
pub async fn learning_overview(
    #[server(default)] year: Option<String>,
) -> Result<LearningView, AppError> {
    use domain::reports::{Counts, Report, ReportingYear};
    let account = crate::auth::session::require(domain::access::Action::ViewReports).await?;
    let current = ReportingYear::containing(today());
    let year = match year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => current,
        Some(text) => ReportingYear::parse(text).map_err(|e| AppError::validation("year", e))?,
    };
    let state = crate::state::app_state()?;
    let themes = storage::reports::themes(&state.db, year).await?;
    let report = Report::compute(
        &state.calendar.current(),
        Counts {
            year,
            homes: None,
            lcho_homes: None,
            received: Vec::new(),
            stage_starts: Vec::new(),
            stage_dates: Vec::new(),
            refusals: Vec::new(),
            withdrawn: 0,
            remedies: Vec::new(),
            root_causes: Vec::new(),
            outcomes: Vec::new(),
            service_requests: Vec::new(),
            as_of: year.last_day(),
            themes,
            ombudsman: Default::default(),
        },
    );
    let table = report.table("themes").ok_or(AppError::Internal)?;
    let manage = if may_manage_learning(account.role) {
        Some(actions_view(&state.db).await?)
    } else {
        None
    };
    Ok(LearningView {
        year: year.year(),
        label: year.label(),
        years: (0..crate::reports::YEARS_OFFERED)
            .map(|i| current.year() - i)
            .filter(|y| *y >= ReportingYear::FIRST)
            .collect(),
        months: year
            .months()
            .iter()
            .map(|m| m.format("%b").to_string())
            .collect(),
        series: report.themes,
        table,
        manage,
    })
}

#[cfg(feature = "ssr")]
async fn actions_view(db: &storage::Db) -> Result<ActionsView, AppError> {
    use domain::Role;
    use domain::deadlines::day_month_year;
    let today = today();
    let actions = storage::learning::actions(db)
        .await?
        .into_iter()
        .map(|a| ActionLine {
            id: a.id,
            text: a.text,
            category: a.category.unwrap_or_else(|| "No category".to_owned()),
            case_reference: a.case_reference,
            owner: a.owner_name.unwrap_or_else(|| "Nobody".to_owned()),
            due: day_month_year(a.dates.due),
            done_on: a.dates.completed.map(day_month_year),
            status: ActionStatus::of(a.dates.due, a.dates.completed, today),
        })
        .collect();
    let categories = storage::learning::active(db)
        .await?
        .into_iter()
        .map(|c| Choice {
            value: c.id.to_string(),
            label: c.name,
        })
        .collect();
    let staff: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| domain::learning::may_own_action(*r))
        .collect();
    let owners = storage::accounts::with_roles(db, &staff)
        .await?
        .into_iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: format!("{} ({})", a.display_name, a.role.label()),
        })
        .collect();
    Ok(ActionsView {
        actions,
        categories,
        owners,
    })
}

#[cfg(feature = "ssr")]
async fn manager() -> Result<storage::accounts::Account, AppError> {
    let account = crate::auth::session::require(domain::access::Action::ManageLearning).await?;
    Ok(account)
}

/// Adds an improvement action: a root cause, perhaps the case that prompted it, what will
/// change, who owns it and by when.
#[server(endpoint = "add_improvement_action")]
#[allow(clippy::too_many_arguments)]
pub async fn add_improvement_action(
    #[server(default)] category: String,
    #[server(default)] case_reference: String,
    #[server(default)] description: String,
    #[server(default)] owner: String,
    #[server(default)] due_day: String,
    #[server(default)] due_month: String,
    #[server(default)] due_year: String,
) -> Result<(), AppError> {
    let account = manager().await?;
    let state = crate::state::app_state()?;
    let checked = check_action(
        &state.db,
        &category,
        &case_reference,
        &description,
        &owner,
        (&due_day, &due_month, &due_year),
    )
    .await;
    let result = match checked {
        Ok(new) => {
            match storage::learning::add_action(&state.db, &new, crate::clock::now()).await? {
                Ok(id) => {
                    tracing::info!(user = account.id, action = id, "improvement action added");
                    leptos_axum::redirect(&format!("/learning?added={id}#actions"));
                    return Ok(());
                }
                Err(storage::learning::ActionRefused::UnknownCategory) => Err(
                    AppError::validation("category", "Choose a root cause from the list"),
                ),
                Err(storage::learning::ActionRefused::UnknownOwner) => Err(AppError::validation(
                    "owner",
                    "Choose who owns this action from the list",
                )),
            }
        }
        Err(e) => Err(e),
    };
    if let Err(error) = &result {
        crate::refusal::back_with_typed(
            "/learning",
            <AddImprovementAction as server_fn::ServerFn>::PATH,
            &[
                ("category", &category),
                ("case_reference", &case_reference),
                ("description", &description),
                ("owner", &owner),
                ("due_day", &due_day),
                ("due_month", &due_month),
                ("due_year", &due_year),
            ],
            error,
        );
    }
    result
}

/// The form's answers as a new action, or every problem at once, each naming its field
/// (in the order the form asks).
#[cfg(feature = "ssr")]
async fn check_action(
    db: &storage::Db,
    category: &str,
    case_reference: &str,
    description: &str,
    owner: &str,
    due: (&str, &str, &str),
) -> Result<storage::learning::NewAction, AppError> {
    use crate::error::CheckAll;
    let category_id = category
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::validation("category", "Choose the root cause this action tackles"));
    let case_id = match case_reference.trim() {
        "" => Ok(None),
        text => match text.to_uppercase().parse::<domain::CaseReference>() {
            Err(e) => Err(AppError::validation("case_reference", e)),
            Ok(reference) => match storage::cases::find_id(db, &reference).await {
                Ok(id) => Ok(Some(id)),
                Err(storage::StorageError::NotFound) => Err(AppError::validation(
                    "case_reference",
                    "There is no case with this reference: check it, or leave it blank",
                )),
                Err(other) => Err(other.into()),
            },
        },
    };
    let text = domain::learning::ActionText::parse(description)
        .map_err(|e| AppError::validation("description", e));
    let owner_id = owner
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::validation("owner", "Choose who owns this action"));
    let (d, m, y) = due;
    let [d, m, y] = [d, m, y].map(str::trim);
    let due_on = if d.is_empty() && m.is_empty() && y.is_empty() {
        Err(AppError::validation("due", "Enter the date it is due"))
    } else {
        match domain::form::parse_date(&format!("{d}/{m}/{y}")) {
            None => Err(AppError::validation(
                "due",
                "Enter a real date, for example 30 9 2026",
            )),
            Some(date) if date < today() => Err(AppError::validation(
                "due",
                "The due date must be today or later",
            )),
            Some(date) => Ok(date),
        }
    };
    let (category_id, case_id, text, owner_id, due_on) =
        (category_id, case_id, text, owner_id, due_on).check_all()?;
    Ok(storage::learning::NewAction {
        category_id,
        case_id,
        text,
        owner_id,
        due_on,
    })
}

/// Marks an action done today.
#[server(endpoint = "complete_improvement_action")]
pub async fn complete_improvement_action(id: i32) -> Result<(), AppError> {
    let account = manager().await?;
    let state = crate::state::app_state()?;
    storage::learning::complete_action(&state.db, id, today()).await?;
    tracing::info!(user = account.id, action = id, "improvement action done");
    leptos_axum::redirect(&format!("/learning?done={id}#actions"));
    Ok(())
}
