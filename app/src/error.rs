//! The errors a browser may see. Each says what happened in plain words and never carries
//! internals: database and framework errors are logged on the server and reported as
//! [`AppError::Internal`].

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Error)]
pub enum AppError {
    /// A field failed its rule; `field` is the form field's name.
    #[error("{message}")]
    Validation { field: String, message: String },
    /// Several fields failed their rules: every problem at once, in the form's order.
    #[error("There are {} problems with what was entered", .0.len())]
    Invalid(Vec<Problem>),
    /// Missing, or not the asker's to see: both answer the same.
    #[error("We could not find that page or case")]
    NotFound,
    #[error("You do not have permission to do that")]
    Forbidden,
    /// Someone else saved the case after this page read it.
    #[error(
        "This case changed since you opened it. We have shown you the latest version: check it, then try again."
    )]
    Stale,
    /// The request could not be read: arguments missing or malformed. Browsers using our
    /// own pages never send one; the server answers it 400.
    #[error("We could not read what was sent. Go back, reload the page and try again.")]
    BadRequest,
    #[error("Sorry, something went wrong on our side. Please try again in a few minutes.")]
    Internal,
    /// The server is overloaded and refused the request rather than keep the asker
    /// waiting; answered 503 with `Retry-After`. Nothing was saved.
    #[error(
        "Putright is very busy just now and could not do that. Nothing was lost: wait a moment and try again."
    )]
    Busy,
    /// The request never reached us, or the answer never came back.
    #[error("We could not reach Putright. Check your connection and try again.")]
    Network,
}

/// One field's problem, among several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// Seconds a busy server asks to be left before the next try (`Retry-After`).
pub const RETRY_AFTER_SECONDS: u32 = 5;

impl AppError {
    pub fn validation(field: &str, message: impl ToString) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.to_string(),
        }
    }

    /// The message for one form field, if this error is about it.
    pub fn for_field(&self, name: &str) -> Option<String> {
        self.problems()
            .into_iter()
            .find(|(field, _)| *field == name)
            .map(|(_, message)| message.to_owned())
    }

    /// Each field's problem as `(field, message)`, in the form's order; none for an error
    /// that is not about fields.
    pub fn problems(&self) -> Vec<(&str, &str)> {
        match self {
            Self::Validation { field, message } => vec![(field, message)],
            Self::Invalid(list) => list
                .iter()
                .map(|p| (p.field.as_str(), p.message.as_str()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether this is a refusal of what was typed (one field or several).
    pub fn is_about_fields(&self) -> bool {
        matches!(self, Self::Validation { .. } | Self::Invalid(_))
    }
}

impl AppError {
    /// The refusal of every `(field, message)` problem at once, in the order given.
    pub fn of_problems<M: ToString>(list: impl IntoIterator<Item = (&'static str, M)>) -> Self {
        let mut problems = Problems::<AppError>::default();
        for (field, message) in list {
            problems.take::<()>(Err(AppError::validation(field, message)));
        }
        problems.into_error().unwrap_or(AppError::Internal)
    }
}

impl From<domain::form::FormErrors> for AppError {
    /// Every problem the domain found with a form.
    fn from(errors: domain::form::FormErrors) -> Self {
        Self::of_problems(errors.0.into_iter().map(|e| (e.field, e.message)))
    }
}

/// Checks every field of a form and reports every problem at once: the answers of a
/// tuple of checks (each `Result<T, AppError>`, in the form's order) when all passed;
/// otherwise one [`AppError::Validation`] or, for several, [`AppError::Invalid`]. An error
/// that is not about a field (the case is gone, the database failed) wins over them.
pub use domain::form::checks::{CheckAll, check_each};
use domain::form::checks::{Problems, Refusal};

impl Refusal for AppError {
    type Problem = Problem;

    fn field(problem: &Problem) -> &str {
        &problem.field
    }

    fn into_problems(self) -> Result<Vec<Problem>, Self> {
        match self {
            Self::Validation { field, message } => Ok(vec![Problem { field, message }]),
            Self::Invalid(list) => Ok(list),
            other => Err(other),
        }
    }

    fn from_problems(mut problems: Vec<Problem>) -> Self {
        match problems.len() {
            0 => Self::Internal,
            1 => {
                let Problem { field, message } = problems.remove(0);
                Self::Validation { field, message }
            }
            _ => Self::Invalid(problems),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, a request whose arguments cannot be read (missing, malformed, not
    /// the encoding the function takes, or a body that broke off) is the asker's mistake:
    /// [`AppError::BadRequest`], answered 400. In the browser, a request or answer that
    /// did not get through is [`AppError::Network`].
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        if matches!(
            value,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_)
                | ServerFnErrorErr::Request(_)
        ) {
            return Self::BadRequest;
        }
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Network,
            other => {
                leptos::logging::error!("server function failed: {other}");
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<storage::StorageError> for AppError {
    fn from(err: storage::StorageError) -> Self {
        match err {
            storage::StorageError::NotFound => Self::NotFound,
            storage::StorageError::Stale => Self::Stale,
            storage::StorageError::Busy => Self::Busy,
            other => {
                tracing::error!(error = ?other, "storage failed");
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<service::ServiceError> for AppError {
    fn from(err: service::ServiceError) -> Self {
        use service::ServiceError as S;
        match err {
            S::Forbidden(why) => {
                tracing::info!(%why, "refused");
                Self::Forbidden
            }
            S::NotFound => Self::NotFound,
            S::Stale => Self::Stale,
            S::Busy => Self::Busy,
            S::Invalid(errors) => Self::from_problems(
                errors
                    .into_iter()
                    .map(|p| Problem {
                        field: p.field,
                        message: p.message,
                    })
                    .collect(),
            ),
            S::Internal(what) => {
                tracing::error!(error = %what, "use case failed");
                Self::Internal
            }
        }
    }
}

/// The error a server function sent back to a page through its address, as happens when a
/// form is posted without JavaScript (`?__err=…`).
pub fn error_from_url() -> Option<AppError> {
    use leptos::{prelude::ReadUntracked, server_fn::error::ServerFnUrlError};
    let query = leptos_router::hooks::use_query_map();
    let encoded = query.read_untracked().get("__err")?;
    Some(ServerFnUrlError::<AppError>::decode_err(&encoded))
}

/// [`error_from_url`], when it came from the server function at `path` (a page with two
/// forms shows each one's refusal at that form only).
pub fn error_from_url_for(path: &str) -> Option<AppError> {
    use leptos::prelude::ReadUntracked;
    let query = leptos_router::hooks::use_query_map();
    let from = query.read_untracked().get("__path")?;
    (from == path).then(error_from_url).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(field: &str) -> Result<i32, AppError> {
        Err(AppError::validation(field, format!("Fix {field}")))
    }

    #[test]
    fn every_problem_is_reported_at_once_in_the_order_checked() {
        let error = (refused("on"), Ok::<_, AppError>("text"), refused("reason"))
            .check_all()
            .unwrap_err();
        assert_eq!(
            error.problems(),
            [("on", "Fix on"), ("reason", "Fix reason")]
        );
        assert_eq!(error.for_field("reason").as_deref(), Some("Fix reason"));
        assert_eq!(
            error.to_string(),
            "There are 2 problems with what was entered"
        );
    }

    #[test]
    fn one_problem_stays_a_refusal_of_its_field_and_all_good_gives_every_answer() {
        let error = (refused("to"), Ok::<_, AppError>(2))
            .check_all()
            .unwrap_err();
        assert_eq!(error, AppError::validation("to", "Fix to"));
        let answers = (Ok::<_, AppError>(1), Ok::<_, AppError>("two")).check_all();
        assert_eq!(answers, Ok((1, "two")));
    }

    #[test]
    fn an_error_that_is_not_about_a_field_wins_and_a_field_is_refused_once() {
        let error = (refused("person"), Err::<i32, _>(AppError::NotFound))
            .check_all()
            .unwrap_err();
        assert_eq!(error, AppError::NotFound);
        let nested = (
            (refused("on"), refused("text")).check_all(),
            refused("on"),
            check_each([Ok(1), refused("payment-2")]),
        )
            .check_all()
            .unwrap_err();
        assert_eq!(
            nested.problems(),
            [
                ("on", "Fix on"),
                ("text", "Fix text"),
                ("payment-2", "Fix payment-2")
            ]
        );
    }

    #[test]
    fn the_domain_form_problems_become_one_refusal() {
        let errors = domain::ComplaintForm::parse(
            &domain::form::ComplaintFormInput::default(),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date"),
        )
        .unwrap_err();
        let count = errors.0.len();
        let error = AppError::from(errors);
        assert!(count > 1);
        assert_eq!(error.problems().len(), count);
    }
}
