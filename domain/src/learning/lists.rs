//! The procedure's lists kept without a developer: the root causes staff choose when they
//! answer a complaint, and changes to service-improvement actions after they were added.
//!
//! Rules we chose where SPEC is silent:
//! - A root cause's name is 1 to [`CategoryName::MAX_CHARS`] characters, and no two root
//!   causes, in use or retired, share a name, whatever their capitals or spacing ("Damp and
//!   mould" and "damp and  Mould" are one name).
//! - What belongs in a root cause is optional, up to [`MAX_DESCRIPTION_CHARS`] characters;
//!   staff read it beside the name.
//! - A retired root cause is no longer offered to staff; the cases that recorded it and the
//!   reports that count it keep it. Renaming names it anew everywhere, past reports included:
//!   it is the same cause, better named. A cause that is a different thing is a new one, and
//!   the old one is retired.
//! - At least one root cause stays in use, so staff always have one to choose.
//! - An improvement action may be changed in all it says: its root cause (one in use, or the
//!   one it has even if since retired), what will change, its owner and its due date. A due
//!   date that is changed must be today or later; one left as it was may have passed.
//! - A done action may be reopened: it is open again and counts as not done.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::form::{FieldError, FormErrors};

/// The longest "what belongs in it".
pub const MAX_DESCRIPTION_CHARS: usize = 200;

/// A root cause's name as staff choose it: words separated by single spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryName(String);

impl CategoryName {
    pub const MAX_CHARS: usize = 60;

    fn parse(text: &str) -> Result<Self, CategoryError> {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            Err(CategoryError::NameMissing)
        } else if text.chars().count() > Self::MAX_CHARS {
            Err(CategoryError::NameTooLong)
        } else {
            Ok(Self(text))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is the same name, whatever its capitals or spacing.
    pub fn same_as(&self, other: &str) -> bool {
        let other = other.split_whitespace().collect::<Vec<_>>().join(" ");
        self.0.to_lowercase() == other.to_lowercase()
    }
}

/// A root cause as the list holds it, for the checks below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCategory<'a> {
    pub id: i32,
    pub name: &'a str,
    pub active: bool,
}

/// A root cause's name and what belongs in it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDraft {
    pub name: CategoryName,
    pub description: Option<String>,
}

/// What may be wrong with a root cause's details or with retiring it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CategoryError {
    #[error("Enter the root cause's name")]
    NameMissing,
    #[error("Keep the name to 60 characters or fewer")]
    NameTooLong,
    #[error("There is already a root cause called {0}: choose another name")]
    NameTaken(String),
    #[error("There is a retired root cause called {0}: restore it from the list instead")]
    NameRetired(String),
    #[error("Keep what belongs in it to 200 characters or fewer")]
    DescriptionTooLong,
    #[error("Keep at least one root cause in use: staff choose one when they answer a complaint")]
    LastInUse,
}

impl CategoryError {
    /// The form field a person fixes; `None` for a refusal about no field.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::NameMissing | Self::NameTooLong | Self::NameTaken(_) | Self::NameRetired(_) => {
                Some("name")
            }
            Self::DescriptionTooLong => Some("description"),
            Self::LastInUse => None,
        }
    }
}

impl CategoryDraft {
    /// The form's fields in the order it asks them.
    pub const FIELDS: [&'static str; 2] = ["name", "description"];

    /// Checks a new root cause (`editing: None`) or a change to one, against every root
    /// cause there is: every problem at once.
    pub fn parse(
        name: &str,
        description: &str,
        known: &[KnownCategory<'_>],
        editing: Option<i32>,
    ) -> Result<Self, FormErrors> {
        let name = CategoryName::parse(name).and_then(|name| {
            match known
                .iter()
                .find(|k| Some(k.id) != editing && name.same_as(k.name))
            {
                Some(k) if k.active => Err(CategoryError::NameTaken(k.name.to_owned())),
                Some(k) => Err(CategoryError::NameRetired(k.name.to_owned())),
                None => Ok(name),
            }
        });
        let description = description.trim();
        let description = if description.chars().count() > MAX_DESCRIPTION_CHARS {
            Err(CategoryError::DescriptionTooLong)
        } else {
            Ok((!description.is_empty()).then(|| description.to_owned()))
        };
        match (name, description) {
            (Ok(name), Ok(description)) => Ok(Self { name, description }),
            (name, description) => Err(FormErrors(
                [name.err(), description.err()]
                    .into_iter()
                    .flatten()
                    .map(|e| FieldError {
                        field: e.field().unwrap_or("name"),
                        message: e.to_string(),
                    })
                    .collect(),
            )),
        }
    }
}

/// Whether root cause `id` may be retired: not when it is the last one in use.
pub fn may_retire(known: &[KnownCategory<'_>], id: i32) -> Result<(), CategoryError> {
    if known.iter().any(|k| k.active && k.id != id) {
        Ok(())
    } else {
        Err(CategoryError::LastInUse)
    }
}

/// The due date a changed action may have: today or later, or the one it had.
pub fn due_date_allowed(due: NaiveDate, was: Option<NaiveDate>, today: NaiveDate) -> bool {
    due >= today || Some(due) == was
}

/// What a change to an improvement action did, as its history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionEvent {
    Added,
    /// What will change, its root cause or its due date changed.
    Changed,
    /// Its owner changed (perhaps with other things).
    Reassigned,
    Done,
    Reopened,
}

impl ActionEvent {
    pub const ALL: [Self; 5] = [
        Self::Added,
        Self::Changed,
        Self::Reassigned,
        Self::Done,
        Self::Reopened,
    ];

    /// As the database stores it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Changed => "changed",
            Self::Reassigned => "reassigned",
            Self::Done => "done",
            Self::Reopened => "reopened",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// As the action's history says it, before who did it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Added => "Added",
            Self::Changed => "Changed",
            Self::Reassigned => "Given to a new owner",
            Self::Done => "Marked as done",
            Self::Reopened => "Reopened",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<KnownCategory<'static>> {
        vec![
            KnownCategory {
                id: 1,
                name: "Damp and mould",
                active: true,
            },
            KnownCategory {
                id: 2,
                name: "Records",
                active: false,
            },
            KnownCategory {
                id: 3,
                name: "Communication",
                active: true,
            },
        ]
    }

    #[test]
    fn a_root_cause_needs_a_name_no_other_has_whatever_its_capitals() {
        let draft =
            CategoryDraft::parse("  Noise   nuisance ", " Loud neighbours ", &known(), None)
                .expect("a new name");
        assert_eq!(draft.name.as_str(), "Noise nuisance");
        assert_eq!(draft.description.as_deref(), Some("Loud neighbours"));

        let refused = |name: &str, editing| {
            CategoryDraft::parse(name, "", &known(), editing)
                .expect_err("refused")
                .for_field("name")
                .map(str::to_owned)
        };
        assert_eq!(
            refused(" ", None).as_deref(),
            Some("Enter the root cause's name")
        );
        assert_eq!(
            refused("damp AND  mould", None).as_deref(),
            Some("There is already a root cause called Damp and mould: choose another name")
        );
        assert_eq!(
            refused("records", None).as_deref(),
            Some("There is a retired root cause called Records: restore it from the list instead")
        );
        assert!(refused(&"a".repeat(61), None).is_some());
        // Renaming a root cause to its own name in other capitals is allowed.
        assert!(CategoryDraft::parse("Damp and Mould", "", &known(), Some(1)).is_ok());
        assert_eq!(
            refused("Communication", Some(1)).as_deref(),
            Some("There is already a root cause called Communication: choose another name")
        );
    }

    #[test]
    fn every_problem_with_a_root_cause_is_found_at_once() {
        let errors = CategoryDraft::parse("", &"x".repeat(201), &known(), None).expect_err("two");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "description"]);
        assert!(CategoryDraft::parse("New", &"x".repeat(200), &known(), None).is_ok());
        assert_eq!(
            CategoryDraft::parse("New", "  ", &known(), None)
                .expect("no description is fine")
                .description,
            None
        );
    }

    #[test]
    fn the_last_root_cause_in_use_cannot_be_retired() {
        let list = known();
        assert_eq!(may_retire(&list, 1), Ok(()));
        let one_left: Vec<KnownCategory> = list.into_iter().filter(|k| k.id != 3).collect();
        assert_eq!(may_retire(&one_left, 1), Err(CategoryError::LastInUse));
    }

    #[test]
    fn a_changed_due_date_is_today_or_later_and_a_kept_one_may_have_passed() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).expect("a date");
        let today = d(10);
        assert!(due_date_allowed(d(10), None, today));
        assert!(!due_date_allowed(d(9), None, today));
        assert!(due_date_allowed(d(1), Some(d(1)), today));
        assert!(!due_date_allowed(d(2), Some(d(1)), today));
    }

    #[test]
    fn an_action_event_is_stored_by_its_code() {
        for event in ActionEvent::ALL {
            assert_eq!(ActionEvent::from_code(event.code()), Some(event));
        }
        assert_eq!(ActionEvent::from_code("deleted"), None);
    }
}
