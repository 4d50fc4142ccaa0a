//! The complaints policy's versions: the built-in ones, and those an administrator adds
//! (`domain::policy::draft` checks them). A version is added, never changed: a complaint
//! keeps the version in force on the day it was received, figures and all.

use chrono::{DateTime, Utc};
use domain::policy::{BUILT_IN, Policy, PolicySet};
use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};

use crate::entities::{cases, policy_versions, users};
use crate::{Db, StorageError};

/// Every version: the built-in ones and those added (one query).
pub async fn set(db: &Db) -> Result<PolicySet, StorageError> {
    set_on(db.conn()).await
}

pub(crate) async fn set_on(conn: &impl ConnectionTrait) -> Result<PolicySet, StorageError> {
    of_rows(&policy_versions::Entity::find().all(conn).await?)
}

/// The built-in versions and those an administrator added, from the table's rows.
fn of_rows(rows: &[policy_versions::Model]) -> Result<PolicySet, StorageError> {
    let mut all: Vec<Policy> = BUILT_IN.to_vec();
    for row in rows {
        let Some(figures) = row.figures.as_ref().filter(|_| row.added_at.is_some()) else {
            continue;
        };
        let policy: Policy = serde_json::from_str(figures)
            .map_err(|e| StorageError::Corrupt(format!("policy version {}: {e}", row.id)))?;
        if !all.iter().any(|p| p.id == policy.id) {
            all.push(policy);
        }
    }
    PolicySet::new(all).map_err(|e| StorageError::Corrupt(format!("policy versions: {e}")))
}

/// A version as the admin's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub policy: Policy,
    /// `None` for a built-in version.
    pub added: Option<(DateTime<Utc>, Option<String>)>,
    /// Complaints received under it.
    pub complaints: u64,
}

/// Every version, newest first, with how many complaints were received under each: three
/// queries, however many versions (the count is one grouped pass over the cases).
pub async fn versions(db: &Db) -> Result<Vec<Version>, StorageError> {
    let rows = policy_versions::Entity::find().all(db.conn()).await?;
    let set = of_rows(&rows)?;
    let names: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(rows.iter().filter_map(|r| r.added_by)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let counts: HashMap<String, i64> = cases::Entity::find()
        .select_only()
        .column(cases::Column::PolicyId)
        .column_as(cases::Column::Id.count(), "n")
        .filter(cases::Column::PolicyId.is_not_null())
        .group_by(cases::Column::PolicyId)
        .into_tuple::<(String, i64)>()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    Ok(set
        .iter()
        .rev()
        .map(|policy| {
            let id = policy.id.to_string();
            let row = rows.iter().find(|r| r.id == id);
            Version {
                policy: *policy,
                added: row.and_then(|r| {
                    r.added_at
                        .map(|at| (at, r.added_by.and_then(|by| names.get(&by).cloned())))
                }),
                complaints: counts
                    .get(&id)
                    .map_or(0, |n| u64::try_from(*n).unwrap_or_default()),
            }
        })
        .collect())
}

/// Why a version was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddRefused {
    /// Another version has its name (added since the form was checked).
    NameTaken,
}

/// Adds a version checked by the domain. Never replaces one.
pub async fn add(
    db: &Db,
    policy: &Policy,
    by: i32,
    now: DateTime<Utc>,
) -> Result<Result<(), AddRefused>, StorageError> {
    let figures = serde_json::to_string(policy)
        .map_err(|e| StorageError::Corrupt(format!("policy version: {e}")))?;
    let inserted = policy_versions::Entity::insert(policy_versions::ActiveModel {
        id: Set(policy.id.to_string()),
        title: Set(format!("Complaints policy {}", policy.id)),
        in_force_from: Set(policy.effective_from),
        summary: Set(summary(policy)),
        figures: Set(Some(figures)),
        added_at: Set(Some(now)),
        added_by: Set(Some(by)),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(policy_versions::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db.conn())
    .await?;
    Ok(if inserted == 1 {
        Ok(())
    } else {
        Err(AddRefused::NameTaken)
    })
}

/// One line about a version, for exports.
pub fn summary(policy: &Policy) -> String {
    format!(
        "Stage 1 reply in {} working days, Stage 2 in {}; complaints accepted up to {} months after the event",
        policy.stage1.respond, policy.stage2.respond, policy.eligibility_months
    )
}
