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
        match self {
            Self::Validation { field, message } if field == name => Some(message.clone()),
            _ => None,
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
