//! The landlord's annual self-assessment against the Complaint Handling Code: the
//! complaints manager answers each provision (those the records can answer are filled in
//! from them), the governing body approves the year with its response, and approval
//! publishes it for anyone to read.

use domain::access::{Action, CaseRelation};
use domain::reports::ReportingYear;
use domain::self_assessment::{AssessmentFacts, Provision};
use storage::self_assessment::{Approval, Kept};

use crate::steps::today;
use crate::{Caller, Context, ServiceError};

/// A year's self-assessment as it stands.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub year: ReportingYear,
    /// What the records say, counted to the year's end or to today.
    pub facts: AssessmentFacts,
    /// The answers kept so far.
    pub kept: Vec<Kept>,
    /// `Some` once approved (and so published).
    pub approval: Option<Approval>,
    /// The caller may answer provisions, while it is not approved.
    pub may_answer: bool,
    /// The caller may approve it, while it is not approved.
    pub may_approve: bool,
}

impl Assessment {
    /// The provisions still to be answered before approval.
    pub fn unanswered(&self) -> Vec<&'static Provision> {
        domain::self_assessment::unanswered(
            |code| {
                self.kept
                    .iter()
                    .any(|k| k.provision == code && k.complies.is_some())
            },
            &self.facts,
        )
    }
}

async fn assessment(
    ctx: Context<'_>,
    caller: Option<&Caller>,
    year: ReportingYear,
) -> Result<Assessment, ServiceError> {
    let as_of = today(ctx).min(year.last_day());
    let facts = storage::self_assessment::facts(ctx.db, ctx.calendar, year, as_of).await?;
    let kept = storage::self_assessment::answers(ctx.db, year).await?;
    let approval = storage::self_assessment::approval(ctx.db, year).await?;
    let open = approval.is_none();
    let permits = |action| caller.is_some_and(|c| c.permits(&CaseRelation::NONE, action));
    Ok(Assessment {
        year,
        may_answer: open && permits(Action::EditSelfAssessment),
        may_approve: open && permits(Action::ApproveSelfAssessment),
        facts,
        kept,
        approval,
    })
}

/// A year's self-assessment, for those who read the reports.
pub async fn read(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
) -> Result<Assessment, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ViewReports)?;
    assessment(ctx, Some(caller), year).await
}

/// A year's self-assessment, for the complaints manager to answer a provision of.
pub async fn to_answer(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
) -> Result<Assessment, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::EditSelfAssessment)?;
    assessment(ctx, Some(caller), year).await
}

/// The years published, newest first.
pub async fn published_years(ctx: Context<'_>) -> Result<Vec<ReportingYear>, ServiceError> {
    Ok(storage::self_assessment::published_years(ctx.db).await?)
}

/// A published year's self-assessment, for anyone; any other year is not found.
pub async fn published(ctx: Context<'_>, year: ReportingYear) -> Result<Assessment, ServiceError> {
    if !published_years(ctx).await?.contains(&year) {
        return Err(ServiceError::NotFound);
    }
    assessment(ctx, None, year).await
}

/// Keeps the complaints manager's answer to one provision (as typed), until the year is
/// approved.
pub async fn answer(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
    provision: &str,
    (complies, evidence, commentary): (&str, &str, &str),
) -> Result<&'static Provision, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::EditSelfAssessment)?;
    let p = domain::self_assessment::provision(provision.trim()).ok_or(ServiceError::NotFound)?;
    let answer = domain::self_assessment::Answer::from_form(complies, evidence, commentary)?;
    storage::self_assessment::save_answer(ctx.db, year, p.code, &answer, caller.name(), ctx.now)
        .await?
        .map_err(|_| {
            ServiceError::invalid(
                "complies",
                "This year's self-assessment is approved and published: its answers no longer change",
            )
        })?;
    tracing::info!(by = %caller, year = year.year(), provision = p.code, "self-assessment answered");
    Ok(p)
}

/// Approves the year with the governing body's response (as typed), which publishes it:
/// only once every provision has an answer.
pub async fn approve(
    ctx: Context<'_>,
    caller: &Caller,
    year: ReportingYear,
    response: &str,
) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ApproveSelfAssessment)?;
    let by = caller.account_id()?;
    let response = domain::self_assessment::board_response(response)?;
    let assessment = assessment(ctx, Some(caller), year).await?;
    let unanswered = assessment.unanswered();
    if !unanswered.is_empty() {
        let codes: Vec<&str> = unanswered.iter().map(|p| p.code).collect();
        return Err(ServiceError::invalid(
            "response",
            format!(
                "Every provision needs an answer before approval: the complaints manager has still to answer {}",
                codes.join(", ")
            ),
        ));
    }
    storage::self_assessment::approve(
        ctx.db,
        year,
        &assessment.facts,
        &response,
        (by, caller.name()),
        ctx.now,
    )
    .await?
    .map_err(|_| {
        ServiceError::invalid(
            "response",
            "This year's self-assessment is already approved",
        )
    })?;
    tracing::info!(by = %caller, year = year.year(), "self-assessment approved and published");
    Ok(())
}
