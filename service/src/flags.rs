//! The flags staff keep on a customer: a restriction on how they contact us, a
//! vulnerability or risk, and the review of their reasonable adjustments. Each kind is kept
//! by those its action allows ([`Flag::ACTION`]); a customer has at most one of a kind in
//! force, and deciding one ends the one before. A decision names the flag the page showed,
//! so one made meanwhile by someone else is never overwritten.

use chrono::NaiveDate;
use domain::FormErrors;
use domain::access::{Action, CaseRelation};
use domain::restriction::Restriction;
use domain::triage::{AdjustmentsReview, Vulnerability};
use storage::customer_flags::{CustomerFlag, DecidedBy, Kept};
use storage::customers::Customer;

use crate::steps::today;
use crate::{Caller, Context, ServiceError};

/// A kind of flag, and the action that keeps it.
pub trait Flag: CustomerFlag {
    const ACTION: Action;
}

impl Flag for Restriction {
    const ACTION: Action = Action::RestrictContact;
}

impl Flag for Vulnerability {
    const ACTION: Action = Action::FlagVulnerability;
}

impl Flag for AdjustmentsReview {
    const ACTION: Action = Action::ReviewAdjustments;
}

/// A customer and every flag of kind `F` they had, newest first.
pub async fn history<F: Flag>(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
) -> Result<(Customer, Vec<Kept<F>>), ServiceError> {
    caller.may(&CaseRelation::NONE, F::ACTION)?;
    let found = storage::customers::find(ctx.db, customer).await?;
    let history = storage::customer_flags::history::<F>(ctx.db, customer).await?;
    Ok((found, history))
}

/// The flags of kind `F` whose review is due (at most `listed`, with each customer's
/// name); none for someone who does not keep them.
pub async fn due<F: Flag>(
    ctx: Context<'_>,
    caller: &Caller,
    listed: u64,
) -> Result<Vec<(Kept<F>, String)>, ServiceError> {
    if !caller.permits(&CaseRelation::NONE, F::ACTION) {
        return Ok(Vec::new());
    }
    Ok(storage::customer_flags::due::<F>(ctx.db, today(ctx), listed).await?)
}

/// The flags due for review of every kind the caller keeps, as the work queue lists them.
#[derive(Debug, Clone, Default)]
pub struct AllDue {
    pub restrictions: Vec<(Kept<Restriction>, String)>,
    pub vulnerabilities: Vec<(Kept<Vulnerability>, String)>,
    pub adjustments: Vec<(Kept<AdjustmentsReview>, String)>,
}

/// [`due`] for every kind of flag the caller keeps (none of a kind they do not), read in
/// one query.
pub async fn all_due(
    ctx: Context<'_>,
    caller: &Caller,
    listed: u64,
) -> Result<AllDue, ServiceError> {
    fn kept<F: Flag>(caller: &Caller) -> Option<&'static str> {
        caller
            .permits(&CaseRelation::NONE, F::ACTION)
            .then_some(F::FLAG)
    }
    let kinds: Vec<&str> = [
        kept::<Restriction>(caller),
        kept::<Vulnerability>(caller),
        kept::<AdjustmentsReview>(caller),
    ]
    .into_iter()
    .flatten()
    .collect();
    let due = storage::customer_flags::due_of_kinds(ctx.db, today(ctx), listed, &kinds).await?;
    Ok(AllDue {
        restrictions: due.of()?,
        vulnerabilities: due.of()?,
        adjustments: due.of()?,
    })
}

/// Who decided, as the flag records them.
fn decided_by(caller: &Caller) -> Result<DecidedBy, ServiceError> {
    let user_id = caller.account_id()?;
    Ok(DecidedBy {
        user_id,
        name: caller.name().to_owned(),
    })
}

/// Someone else decided first: the page shows the latest, to check before trying again.
fn decided_meanwhile(error: storage::StorageError) -> ServiceError {
    match error {
        storage::StorageError::Stale => ServiceError::invalid(
            "action",
            "Someone else changed this flag since you opened the page. We have shown you the latest: check it, then try again.",
        ),
        other => other.into(),
    }
}

/// Puts in force the flag `decide` makes from today's date (every problem with the form at
/// once), ending the one in force, which must be the one the page showed (`seen`; `None`:
/// none was).
pub async fn decide<F: Flag>(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
    seen: Option<i32>,
    decide: impl FnOnce(NaiveDate) -> Result<F, FormErrors>,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, F::ACTION)?;
    let flag = decide(today(ctx))?;
    let by = decided_by(caller)?;
    storage::customer_flags::decide_seen(ctx.db, customer, &flag, &by, ctx.now, seen)
        .await
        .map_err(decided_meanwhile)?;
    tracing::info!(by = %caller, customer, flag = F::FLAG, "flag on a customer decided");
    Ok(())
}

/// Ends the flag of kind `F` in force, the one the page showed (`seen`), with the reason
/// `reason` checks.
pub async fn end<F: Flag>(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
    seen: Option<i32>,
    reason: impl FnOnce() -> Result<String, FormErrors>,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, F::ACTION)?;
    let reason = reason()?;
    let by = decided_by(caller)?;
    let seen = seen.ok_or_else(|| decided_meanwhile(storage::StorageError::Stale))?;
    storage::customer_flags::lift_seen::<F>(ctx.db, customer, &reason, &by, ctx.now, seen)
        .await
        .map_err(decided_meanwhile)?;
    tracing::info!(by = %caller, customer, flag = F::FLAG, "flag on a customer ended");
    Ok(())
}

/// A customer's reasonable adjustments as staff keep them.
#[derive(Debug, Clone)]
pub struct Adjustments {
    pub customer: Customer,
    /// What was done for each adjustment, newest first.
    pub actions: Vec<storage::adjustments::AdjustmentAction>,
    /// The review in force.
    pub review: Option<Kept<AdjustmentsReview>>,
}

/// A customer's adjustments, what was done for them, and their review.
pub async fn adjustments(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
) -> Result<Adjustments, ServiceError> {
    caller.may(&CaseRelation::NONE, AdjustmentsReview::ACTION)?;
    Ok(Adjustments {
        customer: storage::customers::find(ctx.db, customer).await?,
        actions: storage::adjustments::for_customer(ctx.db, customer).await?,
        review: storage::customer_flags::current::<AdjustmentsReview>(ctx.db, customer).await?,
    })
}

/// Records what was done (as typed) for one of the adjustments the customer asked for (its
/// stored code, as chosen).
pub async fn record_adjustment(
    ctx: Context<'_>,
    caller: &Caller,
    customer: i32,
    adjustment: &str,
    done: &str,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, AdjustmentsReview::ACTION)?;
    let found = storage::customers::find(ctx.db, customer).await?;
    let asked: Vec<String> = found
        .details
        .adjustments
        .iter()
        .map(storage::adjustments::stored_code)
        .collect();
    let (adjustment, done) = domain::triage::adjustment_done(adjustment, &asked, done)?;
    let by = decided_by(caller)?;
    storage::adjustments::record(ctx.db, customer, &adjustment, &done, &by, ctx.now).await?;
    tracing::info!(by = %caller, customer, "adjustment action recorded");
    Ok(())
}

/// The flags in force on a case's customer, and what the reader may do about each, as the
/// staff case page shows them beside the customer.
#[derive(Debug, Clone, Default)]
pub struct InForce {
    pub restriction: Option<Kept<Restriction>>,
    pub vulnerability: Option<Kept<Vulnerability>>,
    pub adjustments_review: Option<Kept<AdjustmentsReview>>,
    pub may_restrict: bool,
    pub may_flag: bool,
    pub may_review_adjustments: bool,
    /// Whether the reader may download everything held about the customer.
    pub may_export: bool,
    /// Whether the reader may correct the customer's contact details.
    pub may_correct: bool,
}

/// The flags in force on the customer of a case the caller may see the record of; `None`
/// when the case has no customer on record.
pub async fn in_force(
    ctx: Context<'_>,
    caller: &Caller,
    case: &crate::steps::OnCase,
) -> Result<Option<InForce>, ServiceError> {
    caller.may(&case.relation, Action::ViewCaseRecord)?;
    let Some(customer) = case.stored.customer.as_ref().map(|c| c.id) else {
        return Ok(None);
    };
    let may = |action| caller.permits(&CaseRelation::NONE, action);
    let flags = storage::customer_flags::in_force_on(ctx.db, customer).await?;
    Ok(Some(InForce {
        restriction: flags.of()?,
        vulnerability: flags.of()?,
        adjustments_review: flags.of()?,
        may_restrict: may(Action::RestrictContact),
        may_flag: may(Action::FlagVulnerability),
        may_review_adjustments: may(Action::ReviewAdjustments),
        may_export: may(Action::ExportPersonalData),
        may_correct: may(Action::CorrectDetails),
    }))
}
