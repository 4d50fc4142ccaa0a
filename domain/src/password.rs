//! The rule for new passwords: long rather than complicated, as the NCSC advises, and not
//! one of the passwords attackers try first.
//!
//! The list is the 10,000 most common passwords from the zxcvbn-ts project's list (see
//! `password/COMMON-LICENSE.txt`), folded as [`fold`] does. A password is refused when,
//! folded, it is on the list; or is one of them with digits before or after it
//! (`Password2024!`); or is one of them, or one character, said again and again
//! (`qwertyqwerty`), or digits counting up or down (`123456789012`). The browser and the
//! server run the same check.

use std::collections::HashSet;
use std::sync::LazyLock;
use thiserror::Error;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 200;
/// How long a link to set a new password works (it works once).
pub const RESET_LINK_HOURS: i64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error(
        "Password must be {MIN_PASSWORD_CHARS} characters or more: three random words work well"
    )]
    TooShort,
    #[error("Password must be {MAX_PASSWORD_CHARS} characters or fewer")]
    TooLong,
    #[error(
        "This password is too common: it is on the lists attackers try first. Choose another, such as three random words"
    )]
    TooCommon,
}

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("password/common.txt").lines().collect());

/// A password as the list is written: lower case, letters and digits only.
fn fold(password: &str) -> String {
    password
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `folded` is `part` said again two or more times.
fn repeats(folded: &str, part: &str) -> bool {
    !part.is_empty()
        && folded.len() > part.len()
        && folded.len().is_multiple_of(part.len())
        && folded
            .as_bytes()
            .chunks(part.len())
            .all(|c| c == part.as_bytes())
}

/// Whether a password is common, or a common one dressed up (see the module's notes).
pub fn is_common(password: &str) -> bool {
    let folded = fold(password);
    if folded.is_empty() {
        return false;
    }
    let core = folded.trim_matches(|c: char| c.is_ascii_digit());
    if COMMON.contains(folded.as_str()) || (!core.is_empty() && COMMON.contains(core)) {
        return true;
    }
    // Counting up or down the keyboard's top row: 123456789012.
    if ["012345678901234567890", "098765432109876543210"]
        .iter()
        .any(|run| run.contains(folded.as_str()))
    {
        return true;
    }
    let mut chars = folded.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    if repeats(&folded, &first) {
        return true;
    }
    (2..=folded.len() / 2)
        .filter(|n| folded.len().is_multiple_of(*n) && folded.is_char_boundary(*n))
        .any(|n| {
            let part = &folded[..n];
            COMMON.contains(part) && repeats(&folded, part)
        })
}

/// Checks a password someone is choosing (not one they are signing in with).
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else if is_common(password) {
        Err(PasswordError::TooCommon)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_random_words_make_a_good_password() {
        assert_eq!(check_new_password("apple river lamp"), Ok(()));
    }

    #[test]
    fn a_common_password_is_refused_whatever_its_capitals_spaces_and_digits() {
        for common in [
            "qwertyuiop123",
            "QWERTYUIOP123",
            "1qaz2wsx3edc",
            "password1234",
            "Password 2024!",
            "2024password!!",
            "pass word 12345",
            "qwertyqwerty",
            "monkeymonkeymonkey",
            "aaaaaaaaaaaaaa",
            "iloveyou iloveyou",
            "123456789012",
            "210987654321",
        ] {
            assert_eq!(
                check_new_password(common),
                Err(PasswordError::TooCommon),
                "{common}"
            );
        }
    }

    #[test]
    fn a_passphrase_made_of_common_words_is_not_refused() {
        for fine in [
            "correct horse battery",
            "apple river lamp",
            "monkey garden 2024",
            "Dragon! under the bridge",
            "ฉันรักแมวของฉันมาก",
        ] {
            assert_eq!(check_new_password(fine), Ok(()), "{fine}");
        }
    }

    #[test]
    fn the_list_holds_ten_thousand_folded_passwords() {
        assert_eq!(COMMON.len(), 10_000);
        assert!(COMMON.iter().all(|p| fold(p) == *p));
        assert!(COMMON.contains("password") && COMMON.contains("123456"));
    }

    #[test]
    fn a_short_or_enormous_password_is_refused() {
        assert_eq!(check_new_password("hunter2"), Err(PasswordError::TooShort));
        assert_eq!(
            check_new_password(&"a".repeat(201)),
            Err(PasswordError::TooLong)
        );
    }
}
