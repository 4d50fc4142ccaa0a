//! The list of root causes staff choose from when they answer a complaint, kept by the
//! people who run the learning from complaints: added, renamed, retired and restored, never
//! deleted (the cases that recorded one keep it).

use domain::access::{Action, CaseRelation};
use storage::learning::CategoryRow;

use crate::{Caller, Context, ServiceError};

/// Every root cause, in use first, with the cases that recorded each.
pub async fn list(ctx: Context<'_>, caller: &Caller) -> Result<Vec<CategoryRow>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageRootCauses)?;
    Ok(storage::learning::categories(ctx.db).await?)
}

/// Adds a root cause (`editing` none) or changes one's name and what belongs in it; every
/// problem at once. Returns its id.
pub async fn save(
    ctx: Context<'_>,
    caller: &Caller,
    editing: Option<i32>,
    name: &str,
    description: &str,
) -> Result<i32, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageRootCauses)?;
    let saved = storage::learning::save_category(ctx.db, editing, name, description).await??;
    tracing::info!(by = %caller, root_cause = saved, "root cause saved");
    Ok(saved)
}

/// Retires a root cause from the list staff choose from, or restores it. The last one in
/// use cannot be retired.
pub async fn set_in_use(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
    in_use: bool,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageRootCauses)?;
    storage::learning::set_category_in_use(ctx.db, id, in_use)
        .await?
        .map_err(|refused| {
            ServiceError::invalid(refused.field().unwrap_or("root-causes"), refused)
        })?;
    tracing::info!(by = %caller, root_cause = id, in_use, "root cause");
    Ok(())
}
