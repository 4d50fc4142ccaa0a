//! Putright's use cases, one home each.
//!
//! A use case is a function taking a [`Context`] (the database, the calendar and the time,
//! read once), a [`Caller`] (who is asking, established once) and a typed input; it asks
//! [`Caller::may`] for the permission it needs before it reads or writes anything, and
//! answers with a typed [`ServiceError`]. The pages' server functions, the API and the
//! command line call these functions, so a rule about who may do what is never copied.

#![forbid(unsafe_code)]

pub mod accounts;
pub mod calendar;
pub mod caller;
pub mod cases;
pub mod customer;
pub mod details;
pub mod files;
pub mod flags;
pub mod history;
pub mod homes;
pub mod intake;
pub mod integrations;
pub mod learning;
pub mod letter_wording;
pub mod letters;
pub mod mine;
pub mod outbox;
pub mod panel;
pub mod people;
pub mod policies;
pub mod redaction;
pub mod reports;
pub mod respond;
pub mod retention;
pub mod root_causes;
pub mod second_factor;
pub mod self_assessment;
pub mod settings;
pub mod steps;
pub mod triage;
pub mod updates;
pub mod worklist;

use chrono::{DateTime, Utc};
use domain::Calendar;
use storage::Db;

pub use caller::Caller;

/// What every use case reads the world through.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub db: &'a Db,
    /// The working-day calendar, as it stands for this request.
    pub calendar: &'a Calendar,
    pub now: DateTime<Utc>,
    /// The start of every link written into a message (`https://host`).
    pub public_base: &'a str,
}

/// Why a use case did not run.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The caller may not do this (for a client: no scope, or its role cannot).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Missing, or not the caller's to see: both answer the same.
    #[error("not found")]
    NotFound,
    /// The input broke the domain's rules: each field's problem, in the form's order.
    #[error("invalid")]
    Invalid(Vec<Problem>),
    /// Someone saved the case in between.
    #[error("stale")]
    Stale,
    /// The database is overloaded: try again shortly.
    #[error("busy")]
    Busy,
    /// Anything else: logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

/// One field's problem. A field of a repeating part of a form is named by its row
/// (`finding-2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl From<domain::form::FieldError> for Problem {
    fn from(e: domain::form::FieldError) -> Self {
        Self {
            field: e.field.to_owned(),
            message: e.message,
        }
    }
}

impl ServiceError {
    /// One field's problem.
    pub fn invalid(field: impl Into<String>, message: impl ToString) -> Self {
        Self::Invalid(vec![Problem {
            field: field.into(),
            message: message.to_string(),
        }])
    }
}

impl domain::form::checks::Refusal for ServiceError {
    type Problem = Problem;

    fn field(problem: &Self::Problem) -> &str {
        &problem.field
    }

    fn into_problems(self) -> Result<Vec<Self::Problem>, Self> {
        match self {
            Self::Invalid(list) => Ok(list),
            other => Err(other),
        }
    }

    fn from_problems(problems: Vec<Self::Problem>) -> Self {
        if problems.is_empty() {
            return Self::Internal("a check failed without saying why".to_owned());
        }
        Self::Invalid(problems)
    }
}

impl From<storage::StorageError> for ServiceError {
    fn from(err: storage::StorageError) -> Self {
        use storage::StorageError as S;
        match err {
            S::NotFound => Self::NotFound,
            S::Stale => Self::Stale,
            S::Busy => Self::Busy,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<domain::form::FormErrors> for ServiceError {
    fn from(errors: domain::form::FormErrors) -> Self {
        Self::Invalid(errors.0.into_iter().map(Problem::from).collect())
    }
}
