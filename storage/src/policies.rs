//! The complaints policy's versions: the built-in ones, and those an administrator adds
//! (`domain::policy::draft` checks them). A version is added, never changed: a complaint
//! keeps the version in force on the day it was received, figures and all.

use chrono::{DateTime, Utc};
use domain::policy::{BUILT_IN, Policy, PolicySet};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use crate::entities::{cases, policy_versions, users};
use crate::{Db, StorageError};

/// Every version: the built-in ones and those added (one query).
pub async fn set(db: &Db) -> Result<PolicySet, StorageError> {
    set_on(db.conn()).await
}

pub(crate) async fn set_on(conn: &impl ConnectionTrait) -> Result<PolicySet, StorageError> {
    let mut all: Vec<Policy> = BUILT_IN.to_vec();
    for row in policy_versions::Entity::find().all(conn).await? {
        let Some(figures) = row.figures.filter(|_| row.added_at.is_some()) else {
            continue;
        };
        let policy: Policy = serde_json::from_str(&figures)
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

/// Every version, newest first, with how many complaints were received under each.
pub async fn versions(db: &Db) -> Result<Vec<Version>, StorageError> {
    let set = set(db).await?;
    let rows = policy_versions::Entity::find()
        .order_by_asc(policy_versions::Column::InForceFrom)
        .all(db.conn())
        .await?;
    let mut list = Vec::new();
    for policy in set.iter().rev() {
        let row = rows.iter().find(|r| r.id == policy.id.to_string());
        let added = match row.and_then(|r| r.added_at.map(|at| (at, r.added_by))) {
            Some((at, by)) => {
                let name = match by {
                    Some(id) => users::Entity::find_by_id(id)
                        .one(db.conn())
                        .await?
                        .map(|u| u.display_name),
                    None => None,
                };
                Some((at, name))
            }
            None => None,
        };
        let complaints = cases::Entity::find()
            .filter(cases::Column::PolicyId.eq(policy.id.to_string()))
            .count(db.conn())
            .await?;
        list.push(Version {
            policy: *policy,
            added,
            complaints,
        });
    }
    Ok(list)
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
