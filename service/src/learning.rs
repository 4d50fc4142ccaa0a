//! Learning from complaints: the themes a year's complaints fell under, and the improvement
//! actions taken on their root causes, each owned by a member of staff and due by a date,
//! with the history of what was done to it.

use chrono::NaiveDate;
use domain::access::{Action, CaseRelation};
use domain::form::checks::CheckAll;
use domain::learning::ActionText;
use domain::reports::{ReportingYear, ThemeGroup};
use storage::accounts::Account;
use storage::cases::CaseId;
use storage::learning::{ActionHistoryLine, ActionRefused, Category, Stamp};

use crate::steps::today;
use crate::{Caller, Context, ServiceError};

/// What the forms offer: the root causes in use and the staff who may own an action.
#[derive(Debug, Clone)]
pub struct Choices {
    pub categories: Vec<Category>,
    pub owners: Vec<Account>,
}

async fn choices(ctx: Context<'_>) -> Result<Choices, ServiceError> {
    let staff: Vec<domain::Role> = domain::Role::ALL
        .into_iter()
        .filter(|r| domain::learning::may_own_action(*r))
        .collect();
    Ok(Choices {
        categories: storage::learning::active(ctx.db).await?,
        owners: storage::accounts::with_roles(ctx.db, &staff).await?,
    })
}

/// The actions, and what their forms offer.
#[derive(Debug, Clone)]
pub struct Actions {
    /// Soonest due first.
    pub list: Vec<storage::learning::Action>,
    pub choices: Choices,
}

/// A year's learning: its themes for those who read the reports, and the improvement
/// actions for those who manage them.
#[derive(Debug, Clone)]
pub struct Overview {
    pub themes: Vec<ThemeGroup>,
    /// `None` for someone who does not manage the actions.
    pub actions: Option<Actions>,
}

/// The year's themes, and the actions for those who manage them.
pub async fn overview(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
) -> Result<Overview, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ViewReports)?;
    let themes = storage::reports::themes(ctx.db, year).await?;
    let actions = if caller.permits(&CaseRelation::NONE, Action::ManageLearning) {
        Some(Actions {
            list: storage::learning::actions(ctx.db).await?,
            choices: choices(ctx).await?,
        })
    } else {
        None
    };
    Ok(Overview { themes, actions })
}

/// One action with its history, and what its change form offers.
#[derive(Debug, Clone)]
pub struct ActionDetail {
    pub action: storage::learning::Action,
    /// Its root cause's id (the action keeps the name of one retired since).
    pub category_id: Option<i32>,
    pub choices: Choices,
    pub history: Vec<ActionHistoryLine>,
}

/// One improvement action.
pub async fn action(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
) -> Result<ActionDetail, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLearning)?;
    let (action, category_id) = storage::learning::action(ctx.db, id).await?;
    Ok(ActionDetail {
        action,
        category_id,
        choices: choices(ctx).await?,
        history: storage::learning::action_history(ctx.db, id).await?,
    })
}

/// An action's form as typed: the root cause's and the owner's ids as chosen, the case
/// that prompted it (the add form only), what will change, and the due date's day, month
/// and year.
#[derive(Debug, Clone, Copy)]
pub struct ActionForm<'a> {
    pub category: &'a str,
    pub case_reference: Option<&'a str>,
    pub description: &'a str,
    pub owner: &'a str,
    pub due: (&'a str, &'a str, &'a str),
}

/// The form's answers, every problem at once, each naming its field in the form's order.
/// `was_due`, the changed action's due date, may stay even once passed.
async fn checked(
    ctx: Context<'_>,
    form: ActionForm<'_>,
    was_due: Option<NaiveDate>,
) -> Result<(i32, Option<CaseId>, ActionText, i32, NaiveDate), ServiceError> {
    let category_id = form.category.trim().parse::<i32>().map_err(|_| {
        ServiceError::invalid("category", "Choose the root cause this action tackles")
    });
    let case_id = match form.case_reference.unwrap_or_default().trim() {
        "" => Ok(None),
        text => match text.to_uppercase().parse::<domain::CaseReference>() {
            Err(e) => Err(ServiceError::invalid("case_reference", e)),
            Ok(reference) => match storage::cases::find_id(ctx.db, &reference).await {
                Ok(id) => Ok(Some(id)),
                Err(storage::StorageError::NotFound) => Err(ServiceError::invalid(
                    "case_reference",
                    "There is no case with this reference: check it, or leave it blank",
                )),
                Err(other) => Err(other.into()),
            },
        },
    };
    let text =
        ActionText::parse(form.description).map_err(|e| ServiceError::invalid("description", e));
    let owner_id = form
        .owner
        .trim()
        .parse::<i32>()
        .map_err(|_| ServiceError::invalid("owner", "Choose who owns this action"));
    let (d, m, y) = form.due;
    let [d, m, y] = [d, m, y].map(str::trim);
    let due_on = if d.is_empty() && m.is_empty() && y.is_empty() {
        Err(ServiceError::invalid("due", "Enter the date it is due"))
    } else {
        match domain::form::parse_date(&format!("{d}/{m}/{y}")) {
            None => Err(ServiceError::invalid(
                "due",
                "Enter a real date, for example 30 9 2026",
            )),
            Some(date) if !domain::learning::lists::due_date_allowed(date, was_due, today(ctx)) => {
                Err(ServiceError::invalid(
                    "due",
                    "The due date must be today or later",
                ))
            }
            Some(date) => Ok(date),
        }
    };
    (category_id, case_id, text, owner_id, due_on).check_all()
}

/// What a person is told when an action's link is not valid, next to its field.
fn refusal(refused: ActionRefused) -> ServiceError {
    match refused {
        ActionRefused::UnknownCategory => {
            ServiceError::invalid("category", "Choose a root cause from the list")
        }
        ActionRefused::UnknownOwner => {
            ServiceError::invalid("owner", "Choose who owns this action from the list")
        }
    }
}

fn stamp(ctx: Context<'_>, caller: &Caller) -> Stamp {
    Stamp {
        by: caller.user_id(),
        at: ctx.now,
    }
}

/// Adds an improvement action. Returns its id.
pub async fn add_action(
    ctx: Context<'_>,
    caller: &Caller,
    form: ActionForm<'_>,
) -> Result<i32, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLearning)?;
    let (category_id, case_id, text, owner_id, due_on) = checked(ctx, form, None).await?;
    let new = storage::learning::NewAction {
        category_id,
        case_id,
        text,
        owner_id,
        due_on,
    };
    let id = storage::learning::add_action(ctx.db, &new, stamp(ctx, caller))
        .await?
        .map_err(refusal)?;
    tracing::info!(by = %caller, action = id, "improvement action added");
    Ok(id)
}

/// Changes an action: its root cause, what will change, its owner (giving it to someone
/// else) and its due date. The case that prompted it stays.
pub async fn change_action(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
    form: ActionForm<'_>,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLearning)?;
    let (action, _) = storage::learning::action(ctx.db, id).await?;
    let form = ActionForm {
        case_reference: None,
        ..form
    };
    let (category_id, _, text, owner_id, due_on) =
        checked(ctx, form, Some(action.dates.due)).await?;
    let change = storage::learning::ActionChange {
        category_id,
        text,
        owner_id,
        due_on,
    };
    storage::learning::change_action(ctx.db, id, &change, stamp(ctx, caller))
        .await?
        .map_err(refusal)?;
    tracing::info!(by = %caller, action = id, "improvement action changed");
    Ok(())
}

/// Marks an action done today (`done`), or opens a done one again.
pub async fn set_done(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
    done: bool,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageLearning)?;
    if done {
        storage::learning::complete_action(ctx.db, id, stamp(ctx, caller)).await?;
        tracing::info!(by = %caller, action = id, "improvement action done");
    } else {
        storage::learning::reopen_action(ctx.db, id, stamp(ctx, caller)).await?;
        tracing::info!(by = %caller, action = id, "improvement action reopened");
    }
    Ok(())
}
