//! What complaints teach us: root-cause categories recorded with a stage's response, for
//! the learning and service-improvement report (SPEC section 6).
//!
//! A starting set of categories is added when the table is empty; admins may rename or
//! retire them later (a retired category stays on the cases that used it).
//!
//! Service-improvement actions: each linked to a category and perhaps to the case that
//! prompted it, with an owner (a staff account), a due date and the day it was done.

use std::collections::HashMap;

use crate::{
    Db, StorageError,
    cases::CaseId,
    entities::{case_learning, cases, improvement_actions, learning_categories, users},
};
use chrono::{DateTime, NaiveDate, Utc};
use domain::learning::{ActionDates, ActionText};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, sea_query::OnConflict,
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

/// Records that a case's response found this root cause (once per case and category).
pub async fn record(db: &Db, case_id: CaseId, category_id: i32) -> Result<(), StorageError> {
    if learning_categories::Entity::find_by_id(category_id)
        .one(db.conn())
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
    .exec_without_returning(db.conn())
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

/// Adds an action, added on `now`'s London date. `Ok(Err(_))` when a link is not valid.
pub async fn add_action(
    db: &Db,
    action: &NewAction,
    now: DateTime<Utc>,
) -> Result<Result<i32, ActionRefused>, StorageError> {
    if learning_categories::Entity::find_by_id(action.category_id)
        .one(db.conn())
        .await?
        .is_none()
    {
        return Ok(Err(ActionRefused::UnknownCategory));
    }
    let owner = users::Entity::find_by_id(action.owner_id)
        .one(db.conn())
        .await?;
    let staff = owner.is_some_and(|u| {
        !u.disabled
            && u.role
                .parse::<domain::Role>()
                .is_ok_and(domain::learning::may_own_action)
    });
    if !staff {
        return Ok(Err(ActionRefused::UnknownOwner));
    }
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
    .insert(db.conn())
    .await?;
    Ok(Ok(row.id))
}

/// Marks an action done on `on`. Marking a done action again changes nothing.
pub async fn complete_action(db: &Db, id: i32, on: NaiveDate) -> Result<(), StorageError> {
    let row = improvement_actions::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    if row.completed_on.is_some() {
        return Ok(());
    }
    let mut active = row.into_active_model();
    active.completed_on = Set(Some(on));
    active.update(db.conn()).await?;
    Ok(())
}

/// Every improvement action: open ones first by due date, then done ones, latest first.
/// Four queries whatever the number of actions.
pub async fn actions(db: &Db) -> Result<Vec<Action>, StorageError> {
    let rows = improvement_actions::Entity::find()
        .order_by_asc(improvement_actions::Column::DueOn)
        .order_by_asc(improvement_actions::Column::Id)
        .all(db.conn())
        .await?;
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
    let mut references: HashMap<i32, String> = HashMap::new();
    for case in cases::Entity::find()
        .filter(cases::Column::Id.is_in(ids(|r| r.case_id)))
        .all(db.conn())
        .await?
    {
        let reference = domain::CaseReference::new(
            u16::try_from(case.reference_year).map_err(|_| corrupt("reference year"))?,
            u32::try_from(case.reference_number).map_err(|_| corrupt("reference number"))?,
        )
        .map_err(|_| corrupt("reference"))?;
        references.insert(case.id, reference.to_string());
    }
    let mut list: Vec<Action> = rows
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
        .collect();
    list.sort_by_key(|a| {
        (
            a.dates.completed.is_some(),
            a.dates.completed.map(std::cmp::Reverse),
        )
    });
    Ok(list)
}

fn corrupt(what: &str) -> StorageError {
    StorageError::Corrupt(format!("improvement action: {what}"))
}
