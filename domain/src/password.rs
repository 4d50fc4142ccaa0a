//! The rule for new passwords: long rather than complicated, as the NCSC advises.

use thiserror::Error;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error(
        "Password must be {MIN_PASSWORD_CHARS} characters or more: three random words work well"
    )]
    TooShort,
    #[error("Password must be {MAX_PASSWORD_CHARS} characters or fewer")]
    TooLong,
}

/// Checks a password someone is choosing (not one they are signing in with).
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
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
    fn a_short_or_enormous_password_is_refused() {
        assert_eq!(check_new_password("hunter2"), Err(PasswordError::TooShort));
        assert_eq!(
            check_new_password(&"a".repeat(201)),
            Err(PasswordError::TooLong)
        );
    }
}
