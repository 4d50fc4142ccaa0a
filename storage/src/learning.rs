//! What complaints teach us: root-cause categories recorded with a stage's response, for
//! the learning and service-improvement report (SPEC section 6).
//!
//! A starting set of categories is added when the table is empty; an admin or the
//! complaints manager adds, renames, retires and restores them later
//! (`domain::learning::lists` holds the rules; a retired category stays on the cases that
//! used it and in the reports that count it).
//!
//! Service-improvement actions: each linked to a category and perhaps to the case that
//! prompted it, with an owner (a staff account), a due date and the day it was done; changed,
//! given to a new owner and reopened later, each change on the action's history.

use std::collections::HashMap;

use crate::{
    Db, StorageError,
    cases::CaseId,
    entities::{
        case_learning, improvement_action_events, improvement_actions, learning_categories, users,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use domain::form::FormErrors;
use domain::learning::lists::{ActionEvent, CategoryDraft, CategoryError, KnownCategory};
use domain::learning::{ActionDates, ActionText};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

/// The categories a new installation starts with: (name, what belongs in it).
pub const STARTING_CATEGORIES: [(&str, &str); 9] = [
    (
        "Communication",
        "We did not keep the customer informed, or told them the wrong thing",
    ),
    (
        "Repairs and maintenance",
        "A repair was late, missed, or not done well",
    ),
    (
        "Damp and mould",
        "Damp or mould was not dealt with properly",
    ),
    (
        "Staff conduct",
        "How a member of staff or a contractor behaved",
    ),
    (
        "Policy or procedure",
        "We did not follow our policy, or the policy itself was at fault",
    ),
    ("Contractors", "A contractor's work or appointments"),
    ("Records", "Our records were wrong or missing"),
    (
        "Neighbourhood and anti-social behaviour",
        "How we dealt with a neighbourhood problem",
    ),
    (
        "Money and charges",
        "Rent, service charges or other payments",
    ),
];

/// A category as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
}

/// Adds the starting categories to an empty table. Run at start-up; does nothing after.
pub async fn ensure_starting_categories(db: &Db) -> Result<(), StorageError> {
    if learning_categories::Entity::find().count(db.conn()).await? > 0 {
        return Ok(());
    }
    let rows =
        STARTING_CATEGORIES
            .iter()
            .map(|(name, description)| learning_categories::ActiveModel {
                name: Set((*name).to_owned()),
                description: Set(Some((*description).to_owned())),
                active: Set(true),
                ..Default::default()
            });
    learning_categories::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(learning_categories::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db.conn())
        .await?;
    Ok(())
}

/// The categories staff may choose from now, by name.
pub async fn active(db: &Db) -> Result<Vec<Category>, StorageError> {
    Ok(learning_categories::Entity::find()
        .filter(learning_categories::Column::Active.eq(true))
        .order_by_asc(learning_categories::Column::Name)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| Category {
            id: row.id,
            name: row.name,
            description: row.description,
        })
        .collect())
}

/// A root cause as the admin's list shows it: in use or retired, and how many cases
/// recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    pub cases: u64,
}

/// Every root cause, in use first, each by name, with the cases that recorded it (two
/// queries, however many cases).
pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>, StorageError> {
    let counts: HashMap<i32, i64> = case_learning::Entity::find()
        .select_only()
        .column(case_learning::Column::CategoryId)
        .column_as(case_learning::Column::CaseId.count(), "n")
        .group_by(case_learning::Column::CategoryId)
        .into_tuple::<(i32, i64)>()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    let mut rows: Vec<CategoryRow> = learning_categories::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| CategoryRow {
            cases: counts
                .get(&c.id)
                .map_or(0, |n| u64::try_from(*n).unwrap_or_default()),
            id: c.id,
            name: c.name,
            description: c.description,
            active: c.active,
        })
        .collect();
    rows.sort_by_key(|c| (!c.active, c.name.to_lowercase()));
    Ok(rows)
}

async fn known(
    conn: &impl ConnectionTrait,
) -> Result<Vec<learning_categories::Model>, StorageError> {
    Ok(learning_categories::Entity::find().all(conn).await?)
}

fn as_known(rows: &[learning_categories::Model]) -> Vec<KnownCategory<'_>> {
    rows.iter()
        .map(|c| KnownCategory {
            id: c.id,
            name: &c.name,
            active: c.active,
        })
        .collect()
}

/// Adds a root cause (`editing: None`, in use at once) or changes one's name and what
/// belongs in it, checked by the domain against every other in the same transaction.
/// `Ok(Err(_))` with every problem when refused.
pub async fn save_category(
    db: &Db,
    editing: Option<i32>,
    name: &str,
    description: &str,
) -> Result<Result<i32, FormErrors>, StorageError> {
    let txn = db.conn().begin().await?;
    let rows = known(&txn).await?;
    let current = match editing {
        Some(id) => Some(
            rows.iter()
                .find(|c| c.id == id)
                .cloned()
                .ok_or(StorageError::NotFound)?,
        ),
        None => None,
    };
    let draft = match CategoryDraft::parse(name, description, &as_known(&rows), editing) {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(problems)),
    };
    let id = match current {
        Some(row) => {
            let id = row.id;
            let mut active = row.into_active_model();
            active.name = Set(draft.name.as_str().to_owned());
            active.description = Set(draft.description);
            active.update(&txn).await?;
            id
        }
        None => {
            learning_categories::ActiveModel {
                name: Set(draft.name.as_str().to_owned()),
                description: Set(draft.description),
                active: Set(true),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    txn.commit().await?;
    Ok(Ok(id))
}

/// Retires a root cause (`in_use: false`: no longer offered, kept on its cases and in
/// reports) or restores it. Refused for the last one in use.
pub async fn set_category_in_use(
    db: &Db,
    id: i32,
    in_use: bool,
) -> Result<Result<(), CategoryError>, StorageError> {
    let txn = db.conn().begin().await?;
    let rows = known(&txn).await?;
    let row = rows
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or(StorageError::NotFound)?;
    if row.active == in_use {
        return Ok(Ok(()));
    }
    if !in_use && let Err(refused) = domain::learning::lists::may_retire(&as_known(&rows), id) {
        return Ok(Err(refused));
    }
    let mut active = row.into_active_model();
    active.active = Set(in_use);
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Records that a case's response found this root cause (once per case and category).
pub async fn record(db: &Db, case_id: CaseId, category_id: i32) -> Result<(), StorageError> {
    record_in(db.conn(), case_id, category_id).await
}

/// [`record`] on the caller's connection or transaction.
pub(crate) async fn record_in(
    conn: &impl ConnectionTrait,
    case_id: CaseId,
    category_id: i32,
) -> Result<(), StorageError> {
    if learning_categories::Entity::find_by_id(category_id)
        .one(conn)
        .await?
        .is_none()
    {
        return Err(StorageError::NotFound);
    }
    case_learning::Entity::insert(case_learning::ActiveModel {
        case_id: Set(case_id.0),
        category_id: Set(category_id),
    })
    .on_conflict(
        OnConflict::columns([
            case_learning::Column::CaseId,
            case_learning::Column::CategoryId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The root causes recorded on a case, by name.
pub async fn for_case(db: &Db, case_id: CaseId) -> Result<Vec<String>, StorageError> {
    let ids: Vec<i32> = case_learning::Entity::find()
        .filter(case_learning::Column::CaseId.eq(case_id.0))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| row.category_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(learning_categories::Entity::find()
        .filter(learning_categories::Column::Id.is_in(ids))
        .order_by_asc(learning_categories::Column::Name)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| row.name)
        .collect())
}

/// A new improvement action, checked by the domain's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub category_id: i32,
    pub case_id: Option<CaseId>,
    pub text: ActionText,
    /// A staff account's id.
    pub owner_id: i32,
    pub due_on: NaiveDate,
}

/// An improvement action as the learning page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i32,
    pub text: String,
    /// `None` when its category was deleted.
    pub category: Option<String>,
    /// The case that prompted it, as its reference (`CX-2025-000123`).
    pub case_reference: Option<String>,
    pub owner_id: Option<i32>,
    pub owner_name: Option<String>,
    pub dates: ActionDates,
}

/// What may be wrong with a new action's links; each names the field a person fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionRefused {
    UnknownCategory,
    /// Not an enabled staff account.
    UnknownOwner,
}

/// Who did something to an action, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The member of staff's account.
    pub by: Option<i32>,
    pub at: DateTime<Utc>,
}

/// Adds an action, added on `now`'s London date, and its history's first line. `Ok(Err(_))`
/// when a link is not valid.
pub async fn add_action(
    db: &Db,
    action: &NewAction,
    stamp: Stamp,
) -> Result<Result<i32, ActionRefused>, StorageError> {
    let txn = db.conn().begin().await?;
    let category = learning_categories::Entity::find_by_id(action.category_id)
        .one(&txn)
        .await?;
    if !category.is_some_and(|c| c.active) {
        return Ok(Err(ActionRefused::UnknownCategory));
    }
    if owner_name(&txn, action.owner_id).await?.is_none() {
        return Ok(Err(ActionRefused::UnknownOwner));
    }
    let now = stamp.at;
    let row = improvement_actions::ActiveModel {
        category_id: Set(Some(action.category_id)),
        case_id: Set(action.case_id.map(|c| c.0)),
        description: Set(action.text.as_str().to_owned()),
        owner_id: Set(Some(action.owner_id)),
        due_on: Set(action.due_on),
        completed_on: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record_event(&txn, row.id, stamp, ActionEvent::Added, None).await?;
    txn.commit().await?;
    Ok(Ok(row.id))
}

/// The name of an enabled account that may own an action; `None` for any other.
async fn owner_name(conn: &impl ConnectionTrait, id: i32) -> Result<Option<String>, StorageError> {
    let owner = users::Entity::find_by_id(id).one(conn).await?;
    Ok(owner
        .filter(|u| {
            !u.disabled
                && u.role
                    .parse::<domain::Role>()
                    .is_ok_and(domain::learning::may_own_action)
        })
        .map(|u| u.display_name))
}

async fn record_event(
    conn: &impl ConnectionTrait,
    action_id: i32,
    stamp: Stamp,
    event: ActionEvent,
    detail: Option<String>,
) -> Result<(), StorageError> {
    improvement_action_events::ActiveModel {
        action_id: Set(action_id),
        at: Set(stamp.at),
        by: Set(stamp.by),
        event: Set(event.code().to_owned()),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Marks an action done on the London date of the stamp. Marking a done action again
/// changes nothing.
pub async fn complete_action(db: &Db, id: i32, stamp: Stamp) -> Result<(), StorageError> {
    set_done(db, id, stamp, true).await
}

/// Opens a done action again: it counts as not done. Reopening an open one changes nothing.
pub async fn reopen_action(db: &Db, id: i32, stamp: Stamp) -> Result<(), StorageError> {
    set_done(db, id, stamp, false).await
}

async fn set_done(db: &Db, id: i32, stamp: Stamp, done: bool) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let row = improvement_actions::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if row.completed_on.is_some() == done {
        return Ok(());
    }
    let mut active = row.into_active_model();
    active.completed_on = Set(done.then(|| domain::london::to_london(stamp.at).date()));
    active.update(&txn).await?;
    let event = if done {
        ActionEvent::Done
    } else {
        ActionEvent::Reopened
    };
    record_event(&txn, id, stamp, event, None).await?;
    txn.commit().await?;
    Ok(())
}

/// What an action says after a change: every part of it, as the change form asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionChange {
    pub category_id: i32,
    pub text: ActionText,
    pub owner_id: i32,
    pub due_on: NaiveDate,
}

/// Changes an action and records what changed in its history (nothing when nothing did).
/// Its root cause must be one in use or the one it has; its owner an enabled member of
/// staff. `Ok(Err(_))` when a link is not valid.
pub async fn change_action(
    db: &Db,
    id: i32,
    change: &ActionChange,
    stamp: Stamp,
) -> Result<Result<(), ActionRefused>, StorageError> {
    use domain::deadlines::day_month_year;
    let txn = db.conn().begin().await?;
    let row = improvement_actions::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let category = learning_categories::Entity::find_by_id(change.category_id)
        .one(&txn)
        .await?
        .filter(|c| c.active || Some(c.id) == row.category_id);
    let Some(category) = category else {
        return Ok(Err(ActionRefused::UnknownCategory));
    };
    let Some(owner) = owner_name(&txn, change.owner_id).await? else {
        return Ok(Err(ActionRefused::UnknownOwner));
    };
    let mut changes = Vec::new();
    if row.description != change.text.as_str() {
        changes.push("What will change: edited".to_owned());
    }
    if row.category_id != Some(category.id) {
        let before = match row.category_id {
            Some(before) => learning_categories::Entity::find_by_id(before)
                .one(&txn)
                .await?
                .map(|c| c.name),
            None => None,
        };
        changes.push(format!(
            "Root cause: {} to {}",
            before.as_deref().unwrap_or("none"),
            category.name
        ));
    }
    let reassigned = row.owner_id != Some(change.owner_id);
    if reassigned {
        let before = match row.owner_id {
            Some(before) => users::Entity::find_by_id(before)
                .one(&txn)
                .await?
                .map(|u| u.display_name),
            None => None,
        };
        changes.push(format!(
            "Owner: {} to {owner}",
            before.as_deref().unwrap_or("nobody")
        ));
    }
    if row.due_on != change.due_on {
        changes.push(format!(
            "Due: {} to {}",
            day_month_year(row.due_on),
            day_month_year(change.due_on)
        ));
    }
    if changes.is_empty() {
        return Ok(Ok(()));
    }
    let mut active = row.into_active_model();
    active.description = Set(change.text.as_str().to_owned());
    active.category_id = Set(Some(category.id));
    active.owner_id = Set(Some(change.owner_id));
    active.due_on = Set(change.due_on);
    active.update(&txn).await?;
    let event = if reassigned {
        ActionEvent::Reassigned
    } else {
        ActionEvent::Changed
    };
    record_event(&txn, id, stamp, event, Some(changes.join("; "))).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// One line of an action's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionHistoryLine {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub event: ActionEvent,
    pub detail: Option<String>,
}

/// An action's history, oldest first (two queries).
pub async fn action_history(db: &Db, id: i32) -> Result<Vec<ActionHistoryLine>, StorageError> {
    let rows = improvement_action_events::Entity::find()
        .filter(improvement_action_events::Column::ActionId.eq(id))
        .order_by_asc(improvement_action_events::Column::Id)
        .all(db.conn())
        .await?;
    let names: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(rows.iter().filter_map(|r| r.by)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    rows.into_iter()
        .map(|r| {
            Ok(ActionHistoryLine {
                at: r.at,
                by: r.by.and_then(|id| names.get(&id).cloned()),
                event: ActionEvent::from_code(&r.event).ok_or_else(|| corrupt("event"))?,
                detail: r.detail,
            })
        })
        .collect()
}

/// One action as its page shows it, with the root cause's id.
pub async fn action(db: &Db, id: i32) -> Result<(Action, Option<i32>), StorageError> {
    let row = improvement_actions::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    let category_id = row.category_id;
    let action = described(db, vec![row])
        .await?
        .pop()
        .ok_or(StorageError::NotFound)?;
    Ok((action, category_id))
}

/// Every improvement action: open ones first by due date, then done ones, latest first.
/// Four queries whatever the number of actions.
pub async fn actions(db: &Db) -> Result<Vec<Action>, StorageError> {
    let rows = improvement_actions::Entity::find()
        .order_by_asc(improvement_actions::Column::DueOn)
        .order_by_asc(improvement_actions::Column::Id)
        .all(db.conn())
        .await?;
    let mut list = described(db, rows).await?;
    list.sort_by_key(|a| {
        (
            a.dates.completed.is_some(),
            a.dates.completed.map(std::cmp::Reverse),
        )
    });
    Ok(list)
}

/// Actions with their root cause's, owner's and case's names: three queries.
async fn described(
    db: &Db,
    rows: Vec<improvement_actions::Model>,
) -> Result<Vec<Action>, StorageError> {
    let ids = |f: fn(&improvement_actions::Model) -> Option<i32>| -> Vec<i32> {
        let mut ids: Vec<i32> = rows.iter().filter_map(f).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let categories: HashMap<i32, String> = learning_categories::Entity::find()
        .filter(learning_categories::Column::Id.is_in(ids(|r| r.category_id)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let owners: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids(|r| r.owner_id)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let references: HashMap<i32, String> =
        crate::cases::references_of(db, ids(|r| r.case_id).into_iter().map(CaseId))
            .await?
            .into_iter()
            .map(|(id, reference)| (id.0, reference.to_string()))
            .collect();
    Ok(rows
        .into_iter()
        .map(|r| Action {
            id: r.id,
            category: r.category_id.and_then(|id| categories.get(&id).cloned()),
            case_reference: r.case_id.and_then(|id| references.get(&id).cloned()),
            owner_name: r.owner_id.and_then(|id| owners.get(&id).cloned()),
            owner_id: r.owner_id,
            text: r.description,
            dates: ActionDates {
                added: domain::london::to_london(r.created_at).date(),
                due: r.due_on,
                completed: r.completed_on,
            },
        })
        .collect())
}

fn corrupt(what: &str) -> StorageError {
    StorageError::Corrupt(format!("improvement action: {what}"))
}
