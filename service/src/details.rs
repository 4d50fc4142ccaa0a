//! Correcting a customer's contact details, when they tell us one is wrong: staff who work
//! cases do it, every problem with the form at once, and the correction is written on the
//! timeline of each of the customer's cases.

use domain::CaseReference;
use domain::access::{Action, CaseRelation};
use domain::form::correction::{ContactDetails, Correction, CorrectionInput};
use storage::customers::{Customer, CustomerDetails};

use crate::{Caller, Context, ServiceError};

/// The details a correction starts from.
pub fn contact_details(d: &CustomerDetails) -> ContactDetails {
    ContactDetails {
        name: d.name.clone(),
        phone: d.phone.clone(),
        email: d.email.clone(),
        preferred_contact: d.preferred_contact,
        address: d.address.clone(),
        postcode: d.postcode.clone(),
    }
}

/// The customer, and their latest case's reference.
pub async fn of_customer(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
) -> Result<(Customer, Option<CaseReference>), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::CorrectDetails)?;
    let found = storage::customers::find(ctx.db, customer).await?;
    let latest = storage::customers::cases_of(ctx.db, customer)
        .await?
        .pop()
        .map(|(_, reference)| reference);
    Ok((found, latest))
}

/// Checks and saves the corrected details, noting the correction on each of the customer's
/// cases. Returns how many cases it was noted on.
pub async fn correct(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
    input: &CorrectionInput,
) -> Result<usize, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::CorrectDetails)?;
    let found = storage::customers::find(ctx.db, customer).await?;
    let now = contact_details(&found.details);
    let adjustments: Vec<String> = found
        .details
        .adjustments
        .iter()
        .map(|a| a.code().to_owned())
        .collect();
    let correction = Correction::parse(input, &now, &adjustments)?;
    let changed = correction.changed(&now);
    let cases = storage::customers::correct(
        ctx.db,
        customer,
        &correction,
        &changed,
        &caller.who(),
        ctx.now,
    )
    .await?;
    tracing::info!(by = %caller, customer, cases, "contact details corrected");
    Ok(cases)
}

/// The caller's own contact details, as a resident holds them (for their own data); `None`
/// until they made a case.
pub async fn own(ctx: Context<'_>, caller: &Caller) -> Result<Option<Customer>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::MakeOwnCase)?;
    let me = caller.account_id()?;
    Ok(storage::customers::for_user(ctx.db, me).await?)
}

/// A customer and their cases' references, oldest first, for answering their subject
/// access request.
pub async fn for_subject_access(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
) -> Result<(Customer, Vec<CaseReference>), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ExportPersonalData)?;
    let found = storage::customers::find(ctx.db, customer).await?;
    let cases = storage::customers::cases_of(ctx.db, customer)
        .await?
        .into_iter()
        .map(|(_, reference)| reference)
        .collect();
    Ok((found, cases))
}
