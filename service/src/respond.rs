//! A stage's written response: the points the customer raised with what we found on each,
//! the outcome, the remedies (an apology, an explanation, payments, actions with a date and
//! an owner), the learning and its root cause. At Stage 2 the reviewer may instead write
//! the outcome for the head of service to sign off (`propose`), dated the day it is sent.
//!
//! [`read`] checks every answer at once, each refusal next to its field; a field of one of
//! the repeating parts is named by its row (`finding-2`, `action-due-1`). [`respond`]
//! records the response with its letter and the root cause chosen for the learning reports
//! through [`crate::steps::record_with`], in one transaction.

use chrono::NaiveDate;
use domain::form::checks::{CheckAll, check_each};
use domain::lifecycle::steps::{Step, StepInput};
use domain::lifecycle::{Outcome, PointFinding, Remedy, ResponseError, StageResponse};

use crate::steps::{DateParts, NOTE_MAX_CHARS, OnCase, Transition, parse, record_with, today};
use crate::{Caller, Context, ServiceError};

/// One point the customer raised, with what we found and its outcome.
#[derive(Debug, Clone, Default)]
pub struct PointAnswer {
    pub point: Option<String>,
    pub finding: Option<String>,
    /// `upheld`, `partly_upheld` or `not_upheld`.
    pub outcome: Option<String>,
}

/// One payment, or one part of the compensation.
#[derive(Debug, Clone, Default)]
pub struct PaymentAnswer {
    /// In pounds, as typed (`£50`, `50.00`).
    pub amount: Option<String>,
    pub for_what: Option<String>,
}

/// One action we will take, with its due date and owner (an account id).
#[derive(Debug, Clone, Default)]
pub struct ActionAnswer {
    pub text: Option<String>,
    pub due: DateParts,
    pub owner: Option<String>,
}

/// A response's answers, as its form posts them.
#[derive(Debug, Clone, Default)]
pub struct ResponseFields {
    pub on: DateParts,
    pub outcome: Option<String>,
    pub definition: Option<String>,
    pub points: Vec<PointAnswer>,
    pub apology: bool,
    pub explanation: bool,
    pub record_amended: bool,
    pub decision_reconsidered: bool,
    pub payments: Vec<PaymentAnswer>,
    pub actions: Vec<ActionAnswer>,
    pub learning: Option<String>,
    /// The main root cause, from the learning categories (by id).
    pub category: Option<String>,
}

/// The step a response is: the response itself, or at Stage 2 the outcome written for
/// sign-off.
pub fn step_of(propose: bool) -> Step {
    if propose {
        Step::ProposeOutcome
    } else {
        Step::Respond
    }
}

/// Today as the date boxes post it: the date of an outcome written for sign-off, whose
/// form asks for none (it is sent, and dated, once signed off).
fn today_parts(ctx: Context<'_>) -> DateParts {
    crate::steps::date_parts(today(ctx))
}

/// Checks the caller may write the response on the case as it stands, at `version` when
/// one is named.
pub fn authorise(
    caller: &Caller,
    case: &OnCase,
    version: Option<i32>,
    propose: bool,
) -> Result<(), ServiceError> {
    caller.may(&case.relation, step_of(propose).action(&case.stored.case))?;
    match version {
        Some(version) if version != case.stored.version => Err(ServiceError::Stale),
        _ => Ok(()),
    }
}

/// Sends a stage's response, or with `propose` writes the Stage 2 outcome for the head of
/// service to sign off (its date is the day it is sent).
pub async fn respond(
    ctx: Context<'_>,
    caller: &Caller,
    mut case: OnCase,
    version: i32,
    mut f: ResponseFields,
    propose: bool,
) -> Result<(), ServiceError> {
    authorise(caller, &case, Some(version), propose)?;
    if propose {
        f.on = today_parts(ctx);
    }
    let (on, response, category) = read(ctx, f).await?;
    let input = if propose {
        StepInput::ProposeOutcome { response }
    } else {
        StepInput::Respond { on, response }
    };
    // The root cause is kept with the response, in its transaction.
    let also = storage::cases::Also {
        root_causes: category.into_iter().collect(),
        ..Default::default()
    };
    record_with(
        ctx,
        caller,
        &mut case,
        version,
        Transition::new(input),
        also,
    )
    .await?;
    tracing::info!(by = %caller, reference = %case.stored.reference, propose, "response recorded");
    Ok(())
}

/// The response `f` as the domain takes it (at Stage 2 written for sign-off, dated today),
/// without saving anything: for a preview, refused exactly as [`respond`] would refuse it.
pub async fn written(
    ctx: Context<'_>,
    mut f: ResponseFields,
    propose: bool,
) -> Result<(NaiveDate, StageResponse), ServiceError> {
    if propose {
        f.on = today_parts(ctx);
    }
    read(ctx, f).await.map(|(on, response, _)| (on, response))
}

fn point_outcome(field: String, value: Option<&str>) -> Result<Outcome, ServiceError> {
    match value {
        Some("upheld") => Ok(Outcome::Upheld),
        Some("partly_upheld") => Ok(Outcome::PartlyUpheld),
        Some("not_upheld") => Ok(Outcome::NotUpheld),
        _ => Err(ServiceError::invalid(
            field,
            "Choose upheld, partly upheld or not upheld",
        )),
    }
}

/// Refuses a post with more rows than the form takes, before reading any of them: the
/// problem is shown at the part's "add another" button.
fn not_too_many(button: &'static str, most: usize, posted: usize) -> Result<(), ServiceError> {
    if posted > most {
        return Err(ServiceError::invalid(
            button,
            format!("A response can have at most {most} of these: put the rest together"),
        ));
    }
    Ok(())
}

/// Where the form shows a response the domain refused.
fn response_field(e: ResponseError) -> &'static str {
    match e {
        ResponseError::NoPoints => "point-1",
        ResponseError::EmptyFinding => "finding-1",
        ResponseError::UpheldWithoutRemedy => "apology",
        ResponseError::NoDefinition => "definition",
    }
}

/// The response as the domain takes it, its date, and the root cause chosen; every
/// problem with the answers at once.
async fn read(
    ctx: Context<'_>,
    f: ResponseFields,
) -> Result<(NaiveDate, StageResponse, Option<i32>), ServiceError> {
    not_too_many("add-points", StageResponse::MOST_POINTS, f.points.len())?;
    not_too_many(
        "add-payments",
        StageResponse::MOST_REMEDY_ROWS,
        f.payments.len(),
    )?;
    not_too_many(
        "add-actions",
        StageResponse::MOST_REMEDY_ROWS,
        f.actions.len(),
    )?;
    let head = (
        parse::required_date("on", f.on, today(ctx)),
        parse::text(
            "definition",
            f.definition,
            NOTE_MAX_CHARS,
            "Write the complaint as we defined it",
        ),
        point_outcome("outcome".to_owned(), f.outcome.as_deref()),
    )
        .check_all();
    let points = check_each(f.points.into_iter().enumerate().map(|(i, row)| {
        let n = i + 1;
        match (parse::optional(row.point), parse::optional(row.finding)) {
            (None, None) => Ok(None),
            (Some(_), None) => Err(ServiceError::invalid(
                format!("finding-{n}"),
                "Write what you found on this point",
            )),
            (None, Some(_)) => Err(ServiceError::invalid(
                format!("point-{n}"),
                "Write the point the customer raised",
            )),
            (Some(point), Some(finding)) => {
                point_outcome(format!("point-outcome-{n}"), row.outcome.as_deref()).map(|outcome| {
                    Some(PointFinding {
                        point,
                        finding,
                        outcome,
                    })
                })
            }
        }
    }));
    let payments = check_each(f.payments.into_iter().enumerate().map(|(i, row)| {
        let field = format!("payment-{}", i + 1);
        let for_what = parse::optional(row.for_what);
        match parse::optional(row.amount) {
            Some(amount) => domain::Money::parse(&amount)
                .map(|amount| Some(Remedy::Compensation { amount, for_what }))
                .map_err(|e| ServiceError::invalid(field, e)),
            None if for_what.is_some() => Err(ServiceError::invalid(
                field,
                "Enter the amount of this payment",
            )),
            None => Ok(None),
        }
    }));
    let mut actions = Vec::new();
    for (i, row) in f.actions.into_iter().enumerate() {
        let n = i + 1;
        let due_typed = [&row.due.0, &row.due.1, &row.due.2]
            .iter()
            .any(|p| p.as_deref().is_some_and(|p| !p.trim().is_empty()));
        let owner_chosen = row.owner.as_deref().is_some_and(|o| !o.is_empty());
        let Some(description) = parse::optional(row.text) else {
            if due_typed || owner_chosen {
                actions.push(Err(ServiceError::invalid(
                    format!("action-{n}"),
                    "Write the action we will take",
                )));
            }
            continue;
        };
        let due_field = format!("action-due-{n}");
        let due = parse::future_date("to", row.due)
            .map_err(|e| renamed(e, &due_field))
            .and_then(|due| {
                due.ok_or_else(|| {
                    ServiceError::invalid(due_field.clone(), "Enter the date the action is due")
                })
            });
        let owner = crate::steps::account(ctx, "person", row.owner)
            .await
            .and_then(|owner| {
                if Step::Respond.names().contains(&owner.role) {
                    Ok(owner)
                } else {
                    Err(ServiceError::invalid(
                        "person",
                        "Choose someone from the list",
                    ))
                }
            })
            .map_err(|e| renamed(e, &format!("action-owner-{n}")));
        actions.push((due, owner).check_all().map(|(due, owner)| Remedy::Action {
            description,
            due,
            owner: domain::UserId::new(owner.id.to_string()),
        }));
    }
    let category = match parse::optional(f.category) {
        Some(value) => value
            .parse::<i32>()
            .map(Some)
            .map_err(|_| ServiceError::invalid("category", "Choose a root cause from the list")),
        None => Ok(None),
    };
    let ((on, definition, outcome), points, payments, actions, category) =
        (head, points, payments, check_each(actions), category).check_all()?;
    let points: Vec<PointFinding> = points.into_iter().flatten().collect();
    let mut remedies = Vec::new();
    for (given, remedy) in [
        (f.apology, Remedy::Apology),
        (f.explanation, Remedy::Explanation),
        (f.record_amended, Remedy::RecordAmended),
        (f.decision_reconsidered, Remedy::DecisionReconsidered),
    ] {
        if given {
            remedies.push(remedy);
        }
    }
    remedies.extend(payments.into_iter().flatten());
    remedies.extend(actions);
    let response = StageResponse::new(outcome, points, remedies, parse::optional(f.learning))
        .and_then(|r| r.defining(&definition))
        .map_err(|e| ServiceError::invalid(response_field(e), e))?;
    if let Some(category) = category {
        // Checked before anything is saved, so a bad choice writes nothing.
        let known = storage::learning::active(ctx.db)
            .await?
            .iter()
            .any(|c| c.id == category);
        if !known {
            return Err(ServiceError::invalid(
                "category",
                "Choose a root cause from the list",
            ));
        }
    }
    Ok((on, response, category))
}

/// A check's refusal moved to `field`: a field of one row of a repeating part.
fn renamed(e: ServiceError, field: &str) -> ServiceError {
    match e {
        ServiceError::Invalid(list) => ServiceError::Invalid(
            list.into_iter()
                .map(|p| crate::Problem {
                    field: field.to_owned(),
                    message: p.message,
                })
                .collect(),
        ),
        other => other,
    }
}
