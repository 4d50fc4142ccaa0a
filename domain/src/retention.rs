//! How long personal data is kept, and what erasing it leaves behind (UK GDPR's storage
//! limitation principle).
//!
//! Rules we chose (SPEC is silent; the Code asks only that records are kept):
//! - A case's personal data is erased [`RetentionSchedule::years`] after the case ended
//!   (closed, withdrawn, not accepted, resolved, or a compliment passed on): six years
//!   unless an administrator sets another figure. Six years is how long a claim about the
//!   case could still be brought to court (Limitation Act 1980).
//! - The figure is between [`MIN_YEARS`] and [`MAX_YEARS`], and never shorter than the
//!   time a customer has to take the case to the Housing Ombudsman.
//! - A case is kept while it is under a legal hold or an Ombudsman referral not yet
//!   decided (or an order of theirs not yet complied with); the clock does not restart
//!   when the hold ends, so a held case past its date is erased at the next sweep.
//! - Erasing keeps what the reports and the regulator's figures count (the kind, channel,
//!   dates, stages, outcomes, remedies' kinds, amounts and states, root causes, who
//!   handled it) and replaces every piece of free text with [`ERASED`]: what the customer
//!   wrote, findings, reasons, notes, names and contact details, file names. Files are
//!   deleted. The case reference stays, so a report's figures can still be traced.
//! - The customer's own details (name, phone, email, address) are erased with their last
//!   case, unless they have an account of their own with us: an account is theirs to
//!   close, not ours to erase under this schedule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::letters::{Block, Letter};
use crate::lifecycle::{Case, RefusalReason};
use crate::timeline::TimelineItem;

/// What replaces each piece of erased text.
pub const ERASED: &str = "Removed under the retention schedule";

/// The default: six years after the case ended.
pub const DEFAULT_YEARS: u32 = 6;
pub const MIN_YEARS: u32 = 1;
pub const MAX_YEARS: u32 = 15;

/// How long a case's personal data is kept after the case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSchedule {
    pub years: u32,
}

impl Default for RetentionSchedule {
    fn default() -> Self {
        Self {
            years: DEFAULT_YEARS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScheduleError {
    #[error("Enter the number of years as a whole number, like 6")]
    NotANumber,
    #[error("Enter a number of years from {MIN_YEARS} to {MAX_YEARS}")]
    OutOfRange,
    #[error(
        "Keep cases for at least {months} months: a customer has that long to go to the Housing Ombudsman after our process ends"
    )]
    ShorterThanOmbudsmanWindow { months: u32 },
}

impl RetentionSchedule {
    /// Reads the years an administrator typed; `ombudsman_months` is the longest time any
    /// policy version gives a customer to go to the Ombudsman.
    pub fn parse(years: &str, ombudsman_months: u32) -> Result<Self, ScheduleError> {
        let years: u32 = years
            .trim()
            .parse()
            .map_err(|_| ScheduleError::NotANumber)?;
        if !(MIN_YEARS..=MAX_YEARS).contains(&years) {
            return Err(ScheduleError::OutOfRange);
        }
        if years * 12 < ombudsman_months {
            return Err(ScheduleError::ShorterThanOmbudsmanWindow {
                months: ombudsman_months,
            });
        }
        Ok(Self { years })
    }

    /// The day a case that ended on `ended_on` is erased.
    pub fn erase_on(self, ended_on: NaiveDate) -> NaiveDate {
        crate::letters::months_after(ended_on, self.years * 12)
    }

    /// The latest end date of a case due for erasure on `today`: every case that ended on
    /// or before it is due.
    pub fn ended_by(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(chrono::Months::new(self.years * 12))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// Why a case past its date is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kept {
    /// A complaints manager placed a legal hold, with the reason.
    LegalHold { reason: String },
    /// The Housing Ombudsman has not decided the case, or an order of theirs is not yet
    /// complied with.
    OmbudsmanReferral,
}

impl Kept {
    pub fn describe(&self) -> String {
        match self {
            Kept::LegalHold { reason } => format!("Legal hold: {reason}"),
            Kept::OmbudsmanReferral => {
                "With the Housing Ombudsman: not decided, or an order not yet complied with"
                    .to_owned()
            }
        }
    }
}

/// The longest a legal hold's reason may be.
pub const HOLD_REASON_MAX_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum HoldError {
    #[error("Say why the case must be kept, for example the claim or request it is part of")]
    NoReason,
    #[error("Keep the reason to {HOLD_REASON_MAX_CHARS} characters or fewer")]
    TooLong,
}

/// A legal hold's reason, as typed.
pub fn hold_reason(text: &str) -> Result<String, HoldError> {
    let text = text.trim();
    if text.is_empty() {
        Err(HoldError::NoReason)
    } else if text.chars().count() > HOLD_REASON_MAX_CHARS {
        Err(HoldError::TooLong)
    } else {
        Ok(text.to_owned())
    }
}

/// Keys whose string values are free text someone wrote, a name or a file name, in a
/// case's stored state and in timeline entries.
const FREE_TEXT: [&str; 17] = [
    "point",
    "finding",
    "description",
    "for_what",
    "reason",
    "learning",
    "definition",
    "explanation",
    "discretion",
    "about",
    "note",
    "text",
    "file_name",
    "name",
    "summary",
    "relationship",
    "contact",
];

/// A value under `reason` that is a refusal's code, not words someone wrote.
fn is_code(text: &str) -> bool {
    RefusalReason::parse(text).is_some() || text == RefusalReason::NotRecorded.as_str()
}

fn erase_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if FREE_TEXT.contains(&key.as_str()) => {
                        let code = key == "reason" && is_code(text);
                        if !code && !text.is_empty() {
                            *text = ERASED.to_owned();
                        }
                    }
                    other => erase_value(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(erase_value),
        _ => {}
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The record could not be erased: {0}")]
pub struct EraseError(String);

fn erased<T: Serialize + for<'de> Deserialize<'de>>(record: &T) -> Result<T, EraseError> {
    let mut value = serde_json::to_value(record).map_err(|e| EraseError(e.to_string()))?;
    erase_value(&mut value);
    serde_json::from_value(value).map_err(|e| EraseError(e.to_string()))
}

/// The case with every piece of free text replaced by [`ERASED`]: its kind, phase, dates,
/// outcomes, remedies' kinds, amounts and states, and who handled it stay as they were.
pub fn erase_case(case: &Case) -> Result<Case, EraseError> {
    erased(case)
}

/// A timeline entry with its free text, names and file names replaced by [`ERASED`].
pub fn erase_entry(item: &TimelineItem) -> Result<TimelineItem, EraseError> {
    erased(item)
}

/// A letter as kept once its case's personal data is erased: its kind, stage, date,
/// reference, subject and signature, with the customer's name and address and the wording
/// replaced by one sentence saying when and why.
pub fn erase_letter(letter: &Letter, on: NaiveDate) -> Letter {
    Letter {
        recipient: Vec::new(),
        greeting: "Dear customer,".to_owned(),
        blocks: vec![Block::Paragraph(format!(
            "The wording of this letter, with the customer's name and address, was removed on {} under the retention schedule.",
            crate::deadlines::long_date(on)
        ))],
        ..letter.clone()
    }
}

#[cfg(test)]
mod tests;
