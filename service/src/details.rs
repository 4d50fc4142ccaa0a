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

/// One case of a person's subject access request, with everything held on it.
#[derive(Debug, Clone)]
pub struct HeldCase {
    pub stored: storage::cases::StoredCase,
    pub representatives: Vec<storage::representatives::Representative>,
    /// Words the complaints manager decided to redact on the case (other people's names).
    pub redacted_words: Vec<String>,
    pub timeline: Vec<storage::cases::TimelineEntry>,
    pub letters: Vec<storage::letters::StoredLetter>,
    pub files: Vec<storage::attachments::Attachment>,
}

/// Everything held about a person, for their subject access request.
#[derive(Debug, Clone)]
pub struct Held {
    pub customer: Customer,
    /// Their own account, if they have one.
    pub account: Option<storage::accounts::Account>,
    pub vulnerability: Vec<storage::customer_flags::Kept<domain::triage::Vulnerability>>,
    pub restriction: Vec<storage::customer_flags::Kept<domain::restriction::Restriction>>,
    pub cases: Vec<HeldCase>,
}

/// Everything held about the customer `customer`, for whoever answers subject access
/// requests ([`Action::ExportPersonalData`]). Each of their cases counts as opened by the
/// caller, as any reading of a case's record does (the complaints manager reads who
/// looked).
pub async fn held(ctx: Context<'_>, caller: &Caller, customer: i32) -> Result<Held, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ExportPersonalData)?;
    let reader = caller.account_id()?;
    let found = storage::customers::find(ctx.db, customer).await?;
    let account = match found.user_id {
        Some(user) => storage::accounts::find(ctx.db, user).await?,
        None => None,
    };
    let mut cases = Vec::new();
    for (id, _) in storage::customers::cases_of(ctx.db, customer).await? {
        cases.push(HeldCase {
            stored: storage::cases::load(ctx.db, id, ctx.calendar).await?,
            representatives: storage::representatives::for_case(ctx.db, id).await?,
            redacted_words: storage::redaction::decisions(ctx.db, id)
                .await?
                .into_iter()
                .filter(|d| d.redact)
                .map(|d| d.words)
                .collect(),
            timeline: storage::cases::timeline(ctx.db, id, false).await?,
            letters: storage::letters::whole_for_case(ctx.db, id).await?,
            files: storage::attachments::for_case(ctx.db, id).await?,
        });
        storage::case_views::record(
            ctx.db,
            id,
            reader,
            caller.role(),
            storage::case_views::Viewed::CaseRecord,
            ctx.now,
        )
        .await?;
    }
    tracing::info!(by = %caller, customer, cases = cases.len(), "subject access archive made");
    Ok(Held {
        vulnerability: storage::customer_flags::history(ctx.db, customer).await?,
        restriction: storage::customer_flags::history(ctx.db, customer).await?,
        customer: found,
        account,
        cases,
    })
}
