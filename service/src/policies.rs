//! The versions of the complaints policy: each sets the timescales, the cut-off for a
//! complaint's age and the time a customer has to go to the Ombudsman, from the day it
//! takes effect. A complaint is handled under the version in force when it was received,
//! so versions are only ever added.

use domain::access::{Action, CaseRelation};
use domain::policy::PolicySet;
use domain::policy::draft::PolicyInput;
use storage::policies::Version;

use crate::steps::today;
use crate::{Caller, Context, ServiceError};

/// Every version, and the set they make.
pub async fn versions(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<(Vec<Version>, PolicySet), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManagePolicies)?;
    Ok((
        storage::policies::versions(ctx.db).await?,
        storage::policies::set(ctx.db).await?,
    ))
}

/// Checks a new version against those there are (every problem at once) and adds it.
pub async fn add(
    ctx: Context<'_>,
    caller: &Caller,
    input: &PolicyInput,
) -> Result<domain::policy::Policy, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManagePolicies)?;
    let by = caller.account_id()?;
    let set = storage::policies::set(ctx.db).await?;
    let policy = input.parse(&set, today(ctx))?;
    storage::policies::add(ctx.db, &policy, by, ctx.now)
        .await?
        .map_err(|storage::policies::AddRefused::NameTaken| {
            ServiceError::invalid(
                "id",
                format!(
                    "There is already a policy version {}: name this one by another year",
                    policy.id
                ),
            )
        })?;
    tracing::info!(by = %caller, version = %policy.id, "policy version added");
    Ok(policy)
}
