//! Case references that people can read out over the phone: `CX-2026-000123`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A case's human reference: the year it was received and a number unique within that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseReference {
    year: u16,
    number: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReferenceError {
    #[error("A reference looks like CX-2026-000123")]
    Malformed,
    #[error("A reference number runs from 1 to 999999")]
    OutOfRange,
}

impl CaseReference {
    pub const PREFIX: &'static str = "CX";
    pub const MAX_NUMBER: u32 = 999_999;

    pub fn new(year: u16, number: u32) -> Result<Self, ReferenceError> {
        if !(1..=Self::MAX_NUMBER).contains(&number) || !(1000..=9999).contains(&year) {
            return Err(ReferenceError::OutOfRange);
        }
        Ok(Self { year, number })
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn number(&self) -> u32 {
        self.number
    }
}

impl fmt::Display for CaseReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}-{:06}", Self::PREFIX, self.year, self.number)
    }
}

impl FromStr for CaseReference {
    type Err = ReferenceError;

    /// Accepts what people type: any case, surrounding spaces, spaces for dashes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase().replace(' ', "-");
        let mut parts = upper.split('-');
        let (Some(prefix), Some(year), Some(number), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ReferenceError::Malformed);
        };
        let digits = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
        if prefix != Self::PREFIX || !digits(year, 4) || !digits(number, 6) {
            return Err(ReferenceError::Malformed);
        }
        let year = year.parse().map_err(|_| ReferenceError::Malformed)?;
        let number = number.parse().map_err(|_| ReferenceError::Malformed)?;
        Self::new(year, number)
    }
}

impl TryFrom<String> for CaseReference {
    type Error = ReferenceError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<CaseReference> for String {
    fn from(value: CaseReference) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_reference_is_written_with_a_four_digit_year_and_six_digit_number() {
        assert_eq!(
            CaseReference::new(2026, 123).unwrap().to_string(),
            "CX-2026-000123"
        );
    }

    #[test]
    fn a_reference_typed_loosely_is_still_understood() {
        let r: CaseReference = " cx 2026 000123 ".parse().unwrap();
        assert_eq!(r, CaseReference::new(2026, 123).unwrap());
    }

    #[test]
    fn malformed_references_are_refused() {
        for bad in [
            "",
            "CX-2026",
            "CX-2026-123",
            "AB-2026-000123",
            "CX-2026-000123-1",
            "CX-20a6-000123",
        ] {
            assert_eq!(
                bad.parse::<CaseReference>(),
                Err(ReferenceError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(
            "CX-2026-000000".parse::<CaseReference>(),
            Err(ReferenceError::OutOfRange)
        );
    }

    proptest! {
        #[test]
        fn every_reference_reads_back_as_itself(year in 1000u16..=9999, number in 1u32..=999_999) {
            let r = CaseReference::new(year, number).unwrap();
            prop_assert_eq!(r.to_string().parse::<CaseReference>(), Ok(r));
        }
    }
}
