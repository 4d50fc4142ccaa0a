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
    let manage = if may_manage_learning(account.role) {
        Some(actions_view(&state.db, account.role).await?)
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

/// The root causes in use and the staff who may own an action, for the forms.
#[cfg(feature = "ssr")]
struct Choices {
    categories: Vec<Choice>,
    owners: Vec<Choice>,
}

#[cfg(feature = "ssr")]
async fn choices(db: &storage::Db) -> Result<Choices, AppError> {
    use domain::Role;
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
    Ok(Choices { categories, owners })
}

#[cfg(feature = "ssr")]
async fn actions_view(db: &storage::Db, role: domain::Role) -> Result<ActionsView, AppError> {
    let today = today();
    let actions = storage::learning::actions(db)
        .await?
        .into_iter()
        .map(|a| line(a, today))
        .collect();
    let Choices { categories, owners } = choices(db).await?;
    Ok(ActionsView {
        actions,
        categories,
        owners,
        root_causes: crate::root_causes::may_manage(role),
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
        Some(&case_reference),
        &description,
        &owner,
        (&due_day, &due_month, &due_year),
        None,
    )
    .await
    .map(
        |(category_id, case_id, text, owner_id, due_on)| storage::learning::NewAction {
            category_id,
            case_id,
            text,
            owner_id,
            due_on,
        },
    );
    let result = match checked {
        Ok(new) => match storage::learning::add_action(&state.db, &new, stamp(&account)).await? {
            Ok(id) => {
                tracing::info!(user = account.id, action = id, "improvement action added");
                leptos_axum::redirect(&format!("/learning?added={id}#actions"));
                return Ok(());
            }
            Err(refused) => Err(refusal(refused)),
        },
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

/// What a person is told when an action's link is not valid, next to its field.
#[cfg(feature = "ssr")]
fn refusal(refused: storage::learning::ActionRefused) -> AppError {
    match refused {
        storage::learning::ActionRefused::UnknownCategory => {
            AppError::validation("category", "Choose a root cause from the list")
        }
        storage::learning::ActionRefused::UnknownOwner => {
            AppError::validation("owner", "Choose who owns this action from the list")
        }
    }
}

/// Who is acting, and now.
#[cfg(feature = "ssr")]
fn stamp(account: &storage::accounts::Account) -> storage::learning::Stamp {
    storage::learning::Stamp {
        by: Some(account.id),
        at: crate::clock::now(),
    }
}

/// The parts of an action the forms ask for: root cause, the case that prompted it (on the
/// add form only), what will change, owner and due date.
#[cfg(feature = "ssr")]
type Checked = (
    i32,
    Option<storage::cases::CaseId>,
    domain::learning::ActionText,
    i32,
    chrono::NaiveDate,
);

/// The form's answers, or every problem at once, each naming its field (in the order the
/// form asks). `case_reference` is `None` for the change form, which has no such field;
/// `was_due` the changed action's due date, which may stay even once passed.
#[cfg(feature = "ssr")]
async fn check_action(
    db: &storage::Db,
    category: &str,
    case_reference: Option<&str>,
    description: &str,
    owner: &str,
    due: (&str, &str, &str),
    was_due: Option<chrono::NaiveDate>,
) -> Result<Checked, AppError> {
    use crate::error::CheckAll;
    let category_id = category
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::validation("category", "Choose the root cause this action tackles"));
    let case_id = match case_reference.unwrap_or_default().trim() {
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
            Some(date) if !domain::learning::lists::due_date_allowed(date, was_due, today()) => {
                Err(AppError::validation(
                    "due",
                    "The due date must be today or later",
                ))
            }
            Some(date) => Ok(date),
        }
    };
    (category_id, case_id, text, owner_id, due_on).check_all()
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
    let account = manager().await?;
    let state = crate::state::app_state()?;
    storage::learning::complete_action(&state.db, id, stamp(&account)).await?;
    tracing::info!(user = account.id, action = id, "improvement action done");
    leptos_axum::redirect(&back_to(&from, id, "done"));
    Ok(())
}

/// Opens a done action again.
#[server(endpoint = "reopen_improvement_action")]
pub async fn reopen_improvement_action(id: i32) -> Result<(), AppError> {
    let account = manager().await?;
    let state = crate::state::app_state()?;
    storage::learning::reopen_action(&state.db, id, stamp(&account)).await?;
    tracing::info!(
        user = account.id,
        action = id,
        "improvement action reopened"
    );
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
    manager().await?;
    let id = id.trim().parse::<i32>().map_err(|_| AppError::NotFound)?;
    let state = crate::state::app_state()?;
    let (action, category_id) = storage::learning::action(&state.db, id).await?;
    let choices = choices(&state.db).await?;
    let mut categories = choices.categories;
    if let Some(own) = category_id
        && !categories.iter().any(|c| c.value == own.to_string())
        && let Some(category) = &action.category
    {
        categories.push(Choice {
            value: own.to_string(),
            label: format!("{category} (retired)"),
        });
    }
    let history = storage::learning::action_history(&state.db, id)
        .await?
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
        owners: choices.owners,
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
    let account = manager().await?;
    let typed = crate::refusal::Typed::new(&[
        ("category", Some(&category)),
        ("description", Some(&description)),
        ("owner", Some(&owner)),
        ("due_day", Some(&due_day)),
        ("due_month", Some(&due_month)),
        ("due_year", Some(&due_year)),
    ]);
    let result = async {
        let state = crate::state::app_state()?;
        let (action, _) = storage::learning::action(&state.db, id).await?;
        let (category_id, _, text, owner_id, due_on) = check_action(
            &state.db,
            &category,
            None,
            &description,
            &owner,
            (&due_day, &due_month, &due_year),
            Some(action.dates.due),
        )
        .await?;
        let change = storage::learning::ActionChange {
            category_id,
            text,
            owner_id,
            due_on,
        };
        match storage::learning::change_action(&state.db, id, &change, stamp(&account)).await? {
            Ok(()) => {
                tracing::info!(user = account.id, action = id, "improvement action changed");
                leptos_axum::redirect(&back_to("action", id, "changed"));
                Ok(())
            }
            Err(refused) => Err(refusal(refused)),
        }
    }
    .await;
    typed.keep_on_refusal_at(
        &format!("/learning/actions/{id}"),
        <ChangeImprovementAction as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
