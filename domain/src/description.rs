//! What the customer tells us went wrong, in their own words.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A description of the matter: required, and short enough to read in one sitting.
///
/// The text is kept as typed apart from surrounding white space and the characters that
/// print as nothing ([`crate::text::paragraphs`]). Typed or deserialised text always goes
/// through [`Description::parse`]; only what was kept by it is read back unchecked
/// ([`Description::stored`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Description(String);

/// Why a description was refused, worded for the person who typed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DescriptionError {
    #[error("Tell us what happened")]
    Empty,
    #[error("Tell us a little more: write at least {min} characters", min = Description::MIN_CHARS)]
    TooShort,
    #[error("Keep it to {max} characters or fewer: you can add more information later", max = Description::MAX_CHARS)]
    TooLong,
}

impl Description {
    /// Fewer characters than this rarely tell us enough to act on.
    pub const MIN_CHARS: usize = 10;
    /// A generous page of text; attachments and later updates carry the rest.
    pub const MAX_CHARS: usize = 5000;

    /// Checks typed text and keeps it, trimmed, if it may be stored.
    pub fn parse(input: &str) -> Result<Self, DescriptionError> {
        let kept = crate::text::paragraphs(input);
        let trimmed = kept.as_str();
        let chars = trimmed.chars().count();
        if chars == 0 {
            Err(DescriptionError::Empty)
        } else if chars < Self::MIN_CHARS {
            Err(DescriptionError::TooShort)
        } else if chars > Self::MAX_CHARS {
            Err(DescriptionError::TooLong)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    /// A description as it was kept when it was typed: read back as it is, not checked
    /// again, so a rule tightened since (what is counted, what is dropped) never makes a
    /// case unreadable.
    pub fn stored(text: String) -> Self {
        Self(text)
    }

    /// How many more characters may be typed, counting as [`Description::parse`] counts.
    pub fn remaining(input: &str) -> isize {
        Self::MAX_CHARS as isize - crate::text::paragraphs(input).chars().count() as isize
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Description {
    type Error = DescriptionError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Description> for String {
    fn from(value: Description) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_empty_or_blank_description_is_refused_as_empty() {
        assert_eq!(Description::parse(""), Err(DescriptionError::Empty));
        assert_eq!(Description::parse("  \n\t "), Err(DescriptionError::Empty));
    }

    #[test]
    fn a_description_under_ten_characters_is_too_short() {
        assert_eq!(Description::parse("leak"), Err(DescriptionError::TooShort));
    }

    #[test]
    fn surrounding_white_space_is_trimmed_and_the_rest_kept() {
        let d = Description::parse("  The boiler has failed again.  ").unwrap();
        assert_eq!(d.as_str(), "The boiler has failed again.");
    }

    #[test]
    fn characters_not_bytes_are_counted() {
        // Nine two-byte characters are still too short; ten are enough.
        assert_eq!(
            Description::parse(&"é".repeat(9)),
            Err(DescriptionError::TooShort)
        );
        assert!(Description::parse(&"é".repeat(10)).is_ok());
        assert!(Description::parse(&"é".repeat(Description::MAX_CHARS)).is_ok());
        assert_eq!(
            Description::parse(&"é".repeat(Description::MAX_CHARS + 1)),
            Err(DescriptionError::TooLong)
        );
    }

    #[test]
    fn bad_text_cannot_be_deserialised_into_a_description() {
        assert!(serde_json::from_str::<Description>("\"short\"").is_err());
        let ok: Description = serde_json::from_str("\"The window will not close.\"").unwrap();
        assert_eq!(ok.as_str(), "The window will not close.");
    }

    #[test]
    fn every_error_message_is_a_sentence_for_the_resident() {
        for e in [
            DescriptionError::Empty,
            DescriptionError::TooShort,
            DescriptionError::TooLong,
        ] {
            let text = e.to_string();
            assert!(text.chars().next().unwrap().is_uppercase(), "{text}");
            assert!(
                !text.ends_with('.'),
                "GOV.UK error messages have no full stop: {text}"
            );
        }
    }

    proptest! {
        #[test]
        fn parse_accepts_exactly_the_kept_lengths_in_range(s in "\\PC{0,60}|[\\x00-\\x1f\\u{202e}a-z ]{0,30}") {
            let kept = crate::text::paragraphs(&s);
            let n = kept.chars().count();
            let parsed = Description::parse(&s);
            prop_assert_eq!(parsed.is_ok(), (Description::MIN_CHARS..=Description::MAX_CHARS).contains(&n));
            if let Ok(d) = parsed {
                prop_assert_eq!(d.as_str(), kept.as_str());
                prop_assert_eq!(Description::remaining(&s), (Description::MAX_CHARS - n) as isize);
            }
        }
    }
}
