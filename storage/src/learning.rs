//! What complaints teach us: root-cause categories recorded with a stage's response, for
//! the learning and service-improvement report (SPEC section 6).
//!
//! A starting set of categories is added when the table is empty; admins may rename or
//! retire them later (a retired category stays on the cases that used it).

use crate::{
    Db, StorageError,
    cases::CaseId,
    entities::{case_learning, learning_categories},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
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
