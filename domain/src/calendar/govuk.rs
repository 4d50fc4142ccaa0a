//! Importing GOV.UK's bank-holidays data (the JSON behind gov.uk/bank-holidays).
//!
//! The domain does not parse JSON itself (that would put a JSON parser in every browser
//! bundle for an admin-only screen): the server deserialises the file into [`GovUkFeed`]
//! with whatever serde format crate it already has, and this module checks it and turns it
//! into [`ImportedHolidays`] for [`super::Calendar::with_imported`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::fnv1a;

/// The whole file. Scotland and Northern Ireland are ignored: the landlord works in England.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovUkFeed {
    #[serde(rename = "england-and-wales")]
    pub england_and_wales: GovUkDivision,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovUkDivision {
    pub division: String,
    pub events: Vec<GovUkEvent>,
}

/// One published day. The date stays text here so that a bad one is reported by position
/// rather than failing the whole file with a parser's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovUkEvent {
    pub title: String,
    pub date: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub bunting: bool,
}

/// Why an imported file was refused. Shown to the admin who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error(
        "The file is for the division ‘{0}’: upload GOV.UK’s bank-holidays file, which includes england-and-wales"
    )]
    WrongDivision(String),
    #[error("The file lists no bank holidays for England and Wales: upload the full GOV.UK file")]
    NoEvents,
    #[error("Bank holiday {position} has the date ‘{value}’: dates must be written as 2025-12-25")]
    BadDate { position: usize, value: String },
    #[error("Bank holiday {position} has no title: every day in the file needs one")]
    MissingTitle { position: usize },
    #[error("{0} appears twice in the file: remove the duplicate and upload it again")]
    Duplicate(NaiveDate),
    #[error(
        "The file has no bank holidays in {0}: upload a complete file, with every year from the first to the last"
    )]
    MissingYear(i32),
}

/// A checked import: whole years of bank holidays that replace the built-in table for those
/// years (GOV.UK corrects and extends its data; the newest file wins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedHolidays {
    pub(super) years: BTreeSet<i32>,
    pub(super) days: BTreeMap<NaiveDate, String>,
    pub(super) fingerprint: u32,
}

impl ImportedHolidays {
    pub fn from_feed(feed: &GovUkFeed) -> Result<Self, ImportError> {
        Self::from_division(&feed.england_and_wales)
    }

    pub fn from_division(division: &GovUkDivision) -> Result<Self, ImportError> {
        if division.division != "england-and-wales" {
            return Err(ImportError::WrongDivision(division.division.clone()));
        }
        if division.events.is_empty() {
            return Err(ImportError::NoEvents);
        }
        let mut days = BTreeMap::new();
        for (index, event) in division.events.iter().enumerate() {
            let position = index + 1;
            let value = event.date.trim();
            let date = super::iso_date(value).ok_or_else(|| ImportError::BadDate {
                position,
                value: event.date.clone(),
            })?;
            let title = event.title.trim();
            if title.is_empty() {
                return Err(ImportError::MissingTitle { position });
            }
            if days.insert(date, title.to_owned()).is_some() {
                return Err(ImportError::Duplicate(date));
            }
        }
        let years: BTreeSet<i32> = days.keys().map(|d| d.year()).collect();
        if let (Some(&first), Some(&last)) = (years.first(), years.last())
            && let Some(gap) = (first..=last).find(|y| !years.contains(y))
        {
            return Err(ImportError::MissingYear(gap));
        }
        let fingerprint = fnv1a(days.keys().map(|d| d.to_string()));
        Ok(Self {
            years,
            days,
            fingerprint,
        })
    }

    /// The years the import covers, first to last.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}
