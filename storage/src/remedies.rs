//! Remedies still to deliver, for the people who own them: what was promised, on which
//! case, and by when. Read from the projection `cases::save` keeps in `case_remedies`.

use crate::{
    Db, StorageError,
    cases::CaseId,
    entities::{case_remedies, cases},
};
use chrono::NaiveDate;
use domain::CaseReference;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// An action promised in a response and not yet done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutstandingAction {
    pub case_id: CaseId,
    pub reference: CaseReference,
    /// Its place among the case's remedies (what the "remedy done" step names).
    pub index: usize,
    pub description: String,
    pub due: NaiveDate,
}

/// The outstanding actions owned by `owner`, the soonest due first.
pub async fn outstanding_for(db: &Db, owner: i32) -> Result<Vec<OutstandingAction>, StorageError> {
    let remedies = case_remedies::Entity::find()
        .filter(case_remedies::Column::OwnerId.eq(owner))
        .filter(case_remedies::Column::State.eq("outstanding"))
        .filter(case_remedies::Column::DueOn.is_not_null())
        .order_by_asc(case_remedies::Column::DueOn)
        .order_by_asc(case_remedies::Column::CaseId)
        .all(db.conn())
        .await?;
    let ids: Vec<i32> = remedies.iter().map(|r| r.case_id).collect();
    let references: std::collections::HashMap<i32, CaseReference> = cases::Entity::find()
        .filter(cases::Column::Id.is_in(ids))
        .all(db.conn())
        .await?
        .iter()
        .map(|c| Ok((c.id, crate::cases::reference_of(c)?)))
        .collect::<Result<_, StorageError>>()?;
    remedies
        .into_iter()
        .map(|remedy| {
            let reference = references.get(&remedy.case_id).cloned().ok_or_else(|| {
                StorageError::Corrupt(format!("remedy {} has no case", remedy.id))
            })?;
            Ok(OutstandingAction {
                case_id: CaseId(remedy.case_id),
                reference,
                index: usize::try_from(remedy.seq).unwrap_or_default(),
                description: remedy.description.unwrap_or_default(),
                due: remedy.due_on.unwrap_or_default(),
            })
        })
        .collect()
}
