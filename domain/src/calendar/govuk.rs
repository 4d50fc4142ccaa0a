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
    #[error(
        "The file has only {found} bank holidays in {year}: England and Wales have at least {min} a year, so upload GOV.UK’s complete file",
        min = MIN_DAYS_A_YEAR
    )]
    TooFewDays { year: i32, found: usize },
}

/// Every year since 1978 has had at least eight bank holidays in England and Wales; a file
/// with fewer in a year is cut short or edited, and would shorten deadlines if trusted.
pub const MIN_DAYS_A_YEAR: usize = 8;

impl ImportError {
    /// The refusal as an address carries it after a plain form post: a code and a detail.
    pub fn code(&self) -> (&'static str, String) {
        match self {
            Self::WrongDivision(division) => ("division", division.clone()),
            Self::NoEvents => ("no_events", String::new()),
            Self::BadDate { position, value } => ("bad_date", format!("{position}:{value}")),
            Self::MissingTitle { position } => ("no_title", position.to_string()),
            Self::Duplicate(date) => ("duplicate", date.to_string()),
            Self::MissingYear(year) => ("missing_year", year.to_string()),
            Self::TooFewDays { year, found } => ("too_few", format!("{year}:{found}")),
        }
    }

    /// The refusal back from its code and detail; `None` for anything else, so an address
    /// cannot put words of its own on the page (free text is kept short and plain).
    pub fn from_code(code: &str, detail: &str) -> Option<Self> {
        let plain = |text: &str| {
            text.chars().count() <= 40
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | ' '))
        };
        match code {
            "division" if plain(detail) => Some(Self::WrongDivision(detail.to_owned())),
            "no_events" => Some(Self::NoEvents),
            "bad_date" => {
                let (position, value) = detail.split_once(':')?;
                plain(value).then_some(())?;
                Some(Self::BadDate {
                    position: position.parse().ok()?,
                    value: value.to_owned(),
                })
            }
            "no_title" => Some(Self::MissingTitle {
                position: detail.parse().ok()?,
            }),
            "duplicate" => Some(Self::Duplicate(super::iso_date(detail)?)),
            "missing_year" => Some(Self::MissingYear(detail.parse().ok()?)),
            "too_few" => {
                let (year, found) = detail.split_once(':')?;
                Some(Self::TooFewDays {
                    year: year.parse().ok()?,
                    found: found.parse().ok()?,
                })
            }
            _ => None,
        }
    }
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
        for &year in &years {
            let found = days.keys().filter(|d| d.year() == year).count();
            if found < MIN_DAYS_A_YEAR {
                return Err(ImportError::TooFewDays { year, found });
            }
        }
        Ok(Self::stored(years, days))
    }

    /// Imports as stored: every year ever imported, and each year's days from the newest
    /// file that had it (no check of contiguity: two files may cover years apart).
    pub fn stored(
        years: impl IntoIterator<Item = i32>,
        days: impl IntoIterator<Item = (NaiveDate, String)>,
    ) -> Self {
        let days: BTreeMap<NaiveDate, String> = days.into_iter().collect();
        let years: BTreeSet<i32> = years.into_iter().collect();
        // Dates and years only: a renamed day moves no deadline.
        let fingerprint = fnv1a(
            days.keys()
                .map(|d| d.to_string())
                .chain(years.iter().map(|y| format!("year {y}"))),
        );
        Self {
            years,
            days,
            fingerprint,
        }
    }

    /// The days, in date order.
    pub fn days(&self) -> impl Iterator<Item = (NaiveDate, &str)> + '_ {
        self.days.iter().map(|(d, name)| (*d, name.as_str()))
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
