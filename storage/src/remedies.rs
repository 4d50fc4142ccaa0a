//! Remedies still to deliver, for the people who own them: what was promised, on which
//! case, and by when. Read from the projection `cases::save` keeps in `case_remedies`.

use crate::{Db, StorageError, cases::CaseId, entities::case_remedies};
use chrono::NaiveDate;
use domain::CaseReference;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

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
    let mine = sea_orm::sea_query::Condition::all().add(case_remedies::Column::OwnerId.eq(owner));
    Ok(outstanding(db, mine, None)
        .await?
        .into_iter()
        .map(|(_, action)| action)
        .collect())
}

/// The `first` outstanding actions owned by `owner`, the soonest due first, and how many
/// there are in all: a reminder that stays short however many are owed.
pub async fn soonest_for(
    db: &Db,
    owner: i32,
    first: u64,
) -> Result<(Vec<OutstandingAction>, u64), StorageError> {
    let mine =
        || sea_orm::sea_query::Condition::all().add(case_remedies::Column::OwnerId.eq(owner));
    let actions: Vec<OutstandingAction> = outstanding(db, mine(), Some(first))
        .await?
        .into_iter()
        .map(|(_, action)| action)
        .collect();
    // Fewer than asked for are all there are: no need to count them.
    let total = match whole_count(&actions, first) {
        Some(all) => all,
        None => {
            case_remedies::Entity::find()
                .filter(mine())
                .filter(case_remedies::Column::State.eq("outstanding"))
                .filter(case_remedies::Column::DueOn.is_not_null())
                .count(db.conn())
                .await?
        }
    };
    Ok((actions, total))
}

/// How many there are in all when a list asked for `first` holds fewer: all of them.
pub(crate) fn whole_count<T>(listed: &[T], first: u64) -> Option<u64> {
    let n = listed.len() as u64;
    (n < first).then_some(n)
}

/// Every outstanding action with an owner due on or before `by`, with its owner's id, the
/// soonest due first (for reminders).
pub async fn outstanding_due_by(
    db: &Db,
    by: NaiveDate,
) -> Result<Vec<(i32, OutstandingAction)>, StorageError> {
    outstanding(
        db,
        sea_orm::sea_query::Condition::all()
            .add(case_remedies::Column::DueOn.lte(by))
            .add(case_remedies::Column::OwnerId.is_not_null()),
        None,
    )
    .await
}

async fn outstanding(
    db: &Db,
    condition: sea_orm::sea_query::Condition,
    limit: Option<u64>,
) -> Result<Vec<(i32, OutstandingAction)>, StorageError> {
    let remedies = case_remedies::Entity::find()
        .filter(condition)
        .filter(case_remedies::Column::State.eq("outstanding"))
        .filter(case_remedies::Column::DueOn.is_not_null())
        .order_by_asc(case_remedies::Column::DueOn)
        .order_by_asc(case_remedies::Column::CaseId)
        .limit(limit);
    let remedies =
        crate::cases::with_references(db, remedies, case_remedies::Column::CaseId).await?;
    Ok(remedies
        .into_iter()
        .map(|(remedy, reference)| {
            (
                remedy.owner_id.unwrap_or_default(),
                OutstandingAction {
                    case_id: CaseId(remedy.case_id),
                    reference,
                    index: usize::try_from(remedy.seq).unwrap_or_default(),
                    description: remedy.description.unwrap_or_default(),
                    due: remedy.due_on.unwrap_or_default(),
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::whole_count;

    #[test]
    fn a_short_list_is_its_own_count_and_a_full_one_must_be_counted() {
        assert_eq!(whole_count(&[1, 2, 3], 10), Some(3));
        assert_eq!(whole_count::<i32>(&[], 10), Some(0));
        // Ten of ten shown: there may be more, so they are counted.
        assert_eq!(whole_count(&[0; 10], 10), None);
        assert_eq!(whole_count::<i32>(&[], 0), None);
    }
}
