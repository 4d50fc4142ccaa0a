//! Redaction for involved customers (SPEC section 1): a panel member reviewing a case sees
//! what happened, never who it happened to.
//!
//! The personal fields are dropped outright; the free text (the customer's own words,
//! notes, responses) is scanned for the names of the people on the case, names after a
//! title (Mr, Mrs, Ms, Miss, Mx, Dr), email addresses, UK phone numbers, postcodes and
//! house-number street addresses, each replaced by a placeholder such as `[name]`.
//!
//! The scanning is hand-written (no regex engine in the browser bundle) and errs towards
//! removing too much: a known first name that is also an ordinary word ("May", "Will") is
//! removed wherever it appears. Staff still read the redacted view before sharing it;
//! this is a safety net, not a guarantee.

mod scan;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use scan::Redactor;

/// The personal details a case holds about the people on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDetails {
    /// Everyone named on the case: the customer, household members, representatives.
    pub names: Vec<String>,
    pub address_lines: Vec<String>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub date_of_birth: Option<String>,
}

/// A labelled piece of free text ("What happened", "Stage 1 response", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextField {
    pub label: String,
    pub text: String,
}

/// A case as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub reference: String,
    pub personal: PersonalDetails,
    pub texts: Vec<TextField>,
}

/// A case as an involved customer sees it: no personal fields at all, free text scrubbed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedView {
    pub reference: String,
    pub texts: Vec<TextField>,
}

impl CaseView {
    pub fn redact(&self) -> RedactedView {
        let redactor = Redactor::for_details(&self.personal);
        RedactedView {
            reference: self.reference.clone(),
            texts: self
                .texts
                .iter()
                .map(|field| TextField {
                    label: field.label.clone(),
                    text: redactor.redact(&field.text),
                })
                .collect(),
        }
    }
}
