//! The review file a tenant panel member reads: the case with the customer's personal
//! details taken out, as the service writes it and the pages draw it (one shape for both,
//! on the server and in the browser).

use serde::{Deserialize, Serialize};

/// A review file with the customer's personal details taken out: everything in it has been
/// through the domain's redactor ([`super`]).
///
/// Its JSON is what an approval keeps and fingerprints (`storage::redaction::fingerprint`):
/// a field renamed or moved would make every approval in force stale, so the fields keep
/// their names and their order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedFile {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub received_on: String,
    pub what_happened: String,
    pub what_was_said: Option<String>,
    pub outcomes_sought: Option<String>,
    pub responses: Vec<ResponseLine>,
    /// The remedies we promised and where each stands.
    pub remedies: Vec<String>,
    pub review_dates: Vec<DateLine>,
    pub timeline: Vec<FileEvent>,
    /// Files staff marked shareable, by (redacted) name.
    pub shared_files: Vec<SharedFile>,
    /// The reader is a member of staff checking what the panel member sees.
    pub staff_preview: bool,
    /// The reader is the invited panel member and may give their view now.
    pub may_give_view: bool,
    /// The reader's own view, once given.
    pub own_view: Option<ViewLine>,
}

/// A point the customer raised and what we found, as the panel member reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointLine {
    pub point: String,
    pub finding: String,
    pub outcome: String,
}

/// A stage's written response, redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseLine {
    /// "Stage 1 response" or "Stage 2 response".
    pub title: String,
    pub sent_on: Option<String>,
    pub outcome: String,
    pub points: Vec<PointLine>,
    pub remedies: Vec<String>,
}

/// A date on the review, labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateLine {
    pub label: String,
    pub date: String,
}

/// One customer-visible step on the case's timeline, redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEvent {
    pub on: String,
    pub text: String,
}

/// A file staff shared for the review: opened at `/files/{token}`, named with the
/// customer's details taken out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    pub token: String,
    pub name: String,
}

/// An independent view, as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewLine {
    pub given_on: String,
    /// (question, answer) in the order asked.
    pub answers: Vec<(String, String)>,
    pub comments: Option<String>,
}
