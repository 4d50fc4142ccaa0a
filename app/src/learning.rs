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

pub use crate::components::Choice;

/// What managers see beyond the themes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionsView {
    pub actions: Vec<ActionLine>,
    pub categories: Vec<Choice>,
    pub owners: Vec<Choice>,
    /// Whether the viewer also keeps the list of root causes (the complaints manager).
    pub root_causes: bool,
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
    let caller = crate::auth::session::caller_who_may(domain::access::Action::ViewReports).await?;
    let current = ReportingYear::containing(today());
    let year = match year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => current,
        Some(text) => ReportingYear::parse(text).map_err(|e| AppError::validation("year", e))?,
    };
    let scope = crate::state::scope()?;
    let overview = service::learning::overview(scope.ctx(), &caller, year).await?;
    let themes = overview.themes;
    let report = Report::compute(
        &scope.calendar,
        Counts {
            policies: domain::policy::PolicySet::built_in(),
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
    let manage = overview
        .actions
        .map(|actions| actions_view(actions, caller.role()));
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
fn line(a: storage::learning::Action, today: chrono::NaiveDate) -> ActionLine {
    use domain::deadlines::day_month_year;
    ActionLine {
        id: a.id,
        text: a.text,
        category: a.category.unwrap_or_else(|| "No category".to_owned()),
        case_reference: a.case_reference,
        owner: a.owner_name.unwrap_or_else(|| "Nobody".to_owned()),
        due: day_month_year(a.dates.due),
        done_on: a.dates.completed.map(day_month_year),
        status: ActionStatus::of(a.dates.due, a.dates.completed, today),
    }
}

/// The forms' choices: the root causes in use and the staff who may own an action.
#[cfg(feature = "ssr")]
fn choices_of(choices: service::learning::Choices) -> (Vec<Choice>, Vec<Choice>) {
    let categories = choices
        .categories
        .into_iter()
        .map(|c| Choice {
            value: c.id.to_string(),
            label: c.name,
        })
        .collect();
    let owners = choices
        .owners
        .into_iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: format!("{} ({})", a.display_name, a.role.label()),
        })
        .collect();
    (categories, owners)
}

#[cfg(feature = "ssr")]
fn actions_view(actions: service::learning::Actions, role: domain::Role) -> ActionsView {
    let today = today();
    let (categories, owners) = choices_of(actions.choices);
    ActionsView {
        actions: actions.list.into_iter().map(|a| line(a, today)).collect(),
        categories,
        owners,
        root_causes: crate::root_causes::may_manage(role),
    }
}

/// The action form's fields as typed.
#[cfg(feature = "ssr")]
fn form<'a>(
    category: &'a str,
    case_reference: Option<&'a str>,
    description: &'a str,
    owner: &'a str,
    due: (&'a str, &'a str, &'a str),
) -> service::learning::ActionForm<'a> {
    service::learning::ActionForm {
        category,
        case_reference,
        description,
        owner,
        due,
    }
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
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageLearning).await?;
    let scope = crate::state::scope()?;
    let result = service::learning::add_action(
        scope.ctx(),
        &caller,
        form(
            &category,
            Some(&case_reference),
            &description,
            &owner,
            (&due_day, &due_month, &due_year),
        ),
    )
    .await
    .map_err(AppError::from)
    .map(|id| leptos_axum::redirect(&format!("/learning?added={id}#actions")));
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

/// Where a button on an action's own page or on the learning page goes back to: `from`
/// "action" for the action's page.
#[cfg(feature = "ssr")]
fn back_to(from: &str, id: i32, what: &str) -> String {
    if from == "action" {
        format!("/learning/actions/{id}?{what}=1")
    } else {
        format!("/learning?{what}={id}#actions")
    }
}

/// Marks an action done today.
#[server(endpoint = "complete_improvement_action")]
pub async fn complete_improvement_action(
    id: i32,
    #[server(default)] from: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::learning::set_done(scope.ctx(), &caller, id, true).await?;
    leptos_axum::redirect(&back_to(&from, id, "done"));
    Ok(())
}

/// Opens a done action again.
#[server(endpoint = "reopen_improvement_action")]
pub async fn reopen_improvement_action(id: i32) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::learning::set_done(scope.ctx(), &caller, id, false).await?;
    leptos_axum::redirect(&back_to("action", id, "reopened"));
    Ok(())
}

/// One line of an action's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    /// "Given to a new owner".
    pub what: String,
    /// "Mo Manager, 4 June 2025 at 10:00".
    pub by_when: String,
    pub detail: Option<String>,
}

/// An action's own page: all it says, the change form's choices and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPage {
    pub line: ActionLine,
    pub category_id: Option<i32>,
    pub owner_id: Option<i32>,
    pub due: chrono::NaiveDate,
    /// Root causes in use, and the action's own if it was retired since.
    pub categories: Vec<Choice>,
    pub owners: Vec<Choice>,
    pub history: Vec<HistoryLine>,
}

/// One improvement action, for those who manage them.
#[server(endpoint = "improvement_action", input = server_fn::codec::GetUrl)]
pub async fn improvement_action(id: String) -> Result<ActionPage, AppError> {
    use domain::deadlines::day_month_year;
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageLearning).await?;
    let id = id.trim().parse::<i32>().map_err(|_| AppError::NotFound)?;
    let scope = crate::state::scope()?;
    let service::learning::ActionDetail {
        action,
        category_id,
        choices,
        history,
    } = service::learning::action(scope.ctx(), &caller, id).await?;
    let (mut categories, owners) = choices_of(choices);
    if let Some(own) = category_id
        && !categories.iter().any(|c| c.value == own.to_string())
        && let Some(category) = &action.category
    {
        categories.push(Choice {
            value: own.to_string(),
            label: format!("{category} (retired)"),
        });
    }
    let history = history
        .into_iter()
        .map(|h| {
            let at = domain::london::to_london(h.at);
            HistoryLine {
                what: h.event.label().to_owned(),
                by_when: format!(
                    "{}{} at {}",
                    h.by.map(|b| format!("{b}, ")).unwrap_or_default(),
                    day_month_year(at.date()),
                    at.format("%H:%M")
                ),
                detail: h.detail,
            }
        })
        .collect();
    Ok(ActionPage {
        category_id,
        owner_id: action.owner_id,
        due: action.dates.due,
        line: line(action, today()),
        categories,
        owners,
        history,
    })
}

/// Changes an action: its root cause, what will change, its owner (giving it to someone
/// else) and its due date; every problem at once.
#[server(endpoint = "change_improvement_action")]
#[allow(clippy::too_many_arguments)]
pub async fn change_improvement_action(
    id: i32,
    #[server(default)] category: String,
    #[server(default)] description: String,
    #[server(default)] owner: String,
    #[server(default)] due_day: String,
    #[server(default)] due_month: String,
    #[server(default)] due_year: String,
) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let typed = crate::refusal::Typed::new(&[
        ("category", Some(&category)),
        ("description", Some(&description)),
        ("owner", Some(&owner)),
        ("due_day", Some(&due_day)),
        ("due_month", Some(&due_month)),
        ("due_year", Some(&due_year)),
    ]);
    let result = async {
        let scope = crate::state::scope()?;
        service::learning::change_action(
            scope.ctx(),
            &caller,
            id,
            form(
                &category,
                None,
                &description,
                &owner,
                (&due_day, &due_month, &due_year),
            ),
        )
        .await?;
        leptos_axum::redirect(&back_to("action", id, "changed"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        &format!("/learning/actions/{id}"),
        <ChangeImprovementAction as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
