//! Letters to the customer: issuing them (staff actions call [`issue`] right after saving a
//! transition) and reading them back (the letter page and a case's list of letters).
//!
//! A letter is read through the case it belongs to: [`read_letter`] finds the letter's
//! case and asks [`crate::cases::guard::case_access`] whether the reader may see that case,
//! so a resident sees only letters on their own cases (and those they act for), and
//! someone else's letter answers exactly like one that does not exist.
//!
//! Rules we chose where SPEC is silent:
//! - a letter goes to the customer's name and postal address as recorded on the day it is
//!   issued, and is kept that way;
//! - it is printed in large print when the customer's reasonable adjustments ask for large
//!   print (the choice on the form, or their own words mentioning it);
//! - when they ask for easy read, it opens with the letter in short sentences, one to a
//!   line, and is printed in large print; the full letter follows, as the record;
//! - a Stage 1 acknowledgement without a staff summary quotes what the customer told us.

use crate::error::AppError;
use domain::letters::Letter;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A letter as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterView {
    pub id: i32,
    /// The case's reference, for the link back.
    pub reference: String,
    /// The page of the case the reader works from: staff's own case page, or the
    /// resident's.
    pub case_page: String,
    /// Print (and show) it in large print.
    pub large_print: bool,
    /// The letter's date, written in full.
    pub dated: String,
    pub letter: Letter,
}

/// A letter not yet issued, as it would be: shown to staff before they send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterPreview {
    /// The date it would carry, written in full.
    pub dated: String,
    pub large_print: bool,
    /// Where it would be e-mailed, if anywhere (otherwise it is printed and posted).
    pub emailed_to: Option<String>,
    pub letter: Letter,
}

/// What the customer would see of a step not yet taken: the lines it would add to their
/// case page (none when they see nothing of it) and the letter it would send, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPreview {
    pub on_their_page: Vec<crate::cases::TimelineLine>,
    pub letter: Option<LetterPreview>,
}

/// A line in a case's list of letters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterLine {
    pub id: i32,
    pub subject: String,
    /// What kind of letter, in words.
    pub kind: String,
    /// The day it was issued, written in full.
    pub issued_on: String,
    pub large_print: bool,
}

/// One letter, if the reader may see the case it belongs to (`service::letters::read`).
#[server(endpoint = "read_letter")]
pub async fn read_letter(id: i32) -> Result<LetterView, AppError> {
    // Signed in first, so the answer for someone signed out never depends on the letter.
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let read = service::letters::read(scope.ctx(), &caller, id).await?;
    let case_page = if read.sees_record {
        format!("/staff/cases/{}", read.reference)
    } else {
        format!("/cases/{}", read.reference)
    };
    Ok(LetterView {
        id: read.letter.id,
        reference: read.reference.to_string(),
        case_page,
        large_print: read.letter.large_print,
        dated: domain::deadlines::long_date(read.letter.letter.dated),
        letter: read.letter.letter,
    })
}

/// The letters on a case, oldest first, if the reader may see the case.
#[server(endpoint = "case_letters")]
pub async fn case_letters(reference: String) -> Result<Vec<LetterLine>, AppError> {
    use domain::access::Action;
    let access = crate::cases::guard::case_access(&reference, Action::ViewCase).await?;
    let scope = crate::state::scope()?;
    letter_lines(&scope, &access.caller, &access.reached).await
}

/// [`case_letters`] for a case the page has reached already.
#[cfg(feature = "ssr")]
pub(crate) async fn letter_lines(
    scope: &crate::state::Scope,
    caller: &service::Caller,
    case: &service::cases::Reached,
) -> Result<Vec<LetterLine>, AppError> {
    let letters = service::letters::of_case(scope.ctx(), caller, case).await?;
    Ok(letters
        .into_iter()
        .map(|letter| LetterLine {
            id: letter.id,
            subject: letter.subject,
            kind: letter.kind.label().to_owned(),
            issued_on: domain::deadlines::long_date(
                domain::london::to_london(letter.created_at).date(),
            ),
            large_print: letter.large_print,
        })
        .collect())
}
