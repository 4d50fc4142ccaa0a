//! The redacted review file side by side with the case, as the complaints manager checks it
//! before a panel member sees it: each piece of text, original and redacted, with what the
//! redactor found marked. One shape for the service that builds it and the page that draws
//! it.

use serde::{Deserialize, Serialize};

/// A stretch of original text, marked if something was found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Plain,
    /// Taken out, and what the reader sees instead.
    Redacted(String),
    /// Flagged: redacted (`Some(true)`), kept (`Some(false)`) or not yet decided.
    Flag(Option<bool>),
}

/// One piece of text that goes into the file, original and redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewText {
    /// Where it is in the file.
    pub label: String,
    pub original: Vec<Segment>,
    pub redacted: String,
    pub redactions: usize,
    pub flags: usize,
}
