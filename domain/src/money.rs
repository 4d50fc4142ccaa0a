//! Sums of money in pence, read from what people type ("£12.50", "12", "1,250.00").
//!
//! Whole pence in an integer: no floating point anywhere near money.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money {
    pence: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("Enter an amount in pounds and pence, like £12.50")]
    Malformed,
    #[error("Enter an amount with no more than 2 numbers after the decimal point, like £12.50")]
    TooManyDecimals,
    #[error("Enter an amount less than £10,000,000")]
    TooLarge,
}

/// A total of several sums (the parts of a payment). Saturates rather than wraps.
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Self {
        Self {
            pence: iter.fold(0u64, |total, m| total.saturating_add(m.pence)),
        }
    }
}

impl Money {
    /// Claims above this are certainly typing mistakes.
    pub const MAX_PENCE: u64 = 1_000_000_000;

    pub fn from_pence(pence: u64) -> Result<Self, MoneyError> {
        if pence >= Self::MAX_PENCE {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Self { pence })
        }
    }

    pub fn pence(self) -> u64 {
        self.pence
    }

    /// Accepts an optional £ sign, thousands commas and spaces, and 0–2 decimals.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('£')
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let cleaned = cleaned.as_str();
        if cleaned.is_empty() {
            return Err(MoneyError::Malformed);
        }
        let (pounds, pence) = match cleaned.split_once('.') {
            Some((pounds, pence)) => (pounds, pence),
            None => (cleaned, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits(pounds) || !digits(pence) || (pounds.is_empty() && pence.is_empty()) {
            return Err(MoneyError::Malformed);
        }
        if pence.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let pounds: u64 = if pounds.is_empty() {
            0
        } else {
            pounds.parse().map_err(|_| MoneyError::TooLarge)?
        };
        let pence: u64 = match pence.len() {
            0 => 0,
            1 => pence.parse::<u64>().map_err(|_| MoneyError::Malformed)? * 10,
            _ => pence.parse().map_err(|_| MoneyError::Malformed)?,
        };
        let total = pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .ok_or(MoneyError::TooLarge)?;
        Self::from_pence(total)
    }
}

impl fmt::Display for Money {
    /// "£1,250.50"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pounds = (self.pence / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "£{grouped}.{:02}", self.pence % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_typed_in_pounds_and_pence_become_pence() {
        for (typed, pence) in [
            ("£12.50", 1250),
            ("12", 1200),
            ("12.5", 1250),
            (" £1,250.00 ", 125_000),
            ("0.99", 99),
            (".5", 50),
            ("£ 3", 300),
        ] {
            assert_eq!(Money::parse(typed).map(Money::pence), Ok(pence), "{typed}");
        }
    }

    #[test]
    fn nonsense_or_over_precise_amounts_are_refused() {
        assert_eq!(Money::parse(""), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("£"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("twelve"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("1.2.3"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("12.505"), Err(MoneyError::TooManyDecimals));
        assert_eq!(
            Money::parse("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(Money::parse("10000000"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn money_is_shown_with_a_pound_sign_commas_and_two_decimals() {
        assert_eq!(Money::from_pence(125_050).unwrap().to_string(), "£1,250.50");
        assert_eq!(Money::from_pence(5).unwrap().to_string(), "£0.05");
        assert_eq!(
            Money::from_pence(100_000_000).unwrap().to_string(),
            "£1,000,000.00"
        );
    }
}
