//! What an administrator does to an account (`Action::ManageAccounts`), one list for the
//! accounts page, the use case and the command line.

use serde::{Deserialize, Serialize};

/// What an administrator does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    /// Shut it off: every session of it ends at once.
    Disable,
    /// Let it sign in again.
    Enable,
    /// Send a link to set a new password to its address.
    SendResetLink,
    /// End every session of it; it stays enabled.
    EndSessions,
    /// Remove its second factor (a lost phone): every session ends, and the next sign-in
    /// sets up an authenticator app again. The holder is told.
    ResetSecondFactor,
}

impl Control {
    pub const ALL: [Control; 5] = [
        Control::Disable,
        Control::Enable,
        Control::SendResetLink,
        Control::EndSessions,
        Control::ResetSecondFactor,
    ];

    /// As the form posts it and the log names it.
    pub fn code(self) -> &'static str {
        match self {
            Control::Disable => "disable",
            Control::Enable => "enable",
            Control::SendResetLink => "send_reset_link",
            Control::EndSessions => "end_sessions",
            Control::ResetSecondFactor => "reset_second_factor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What the page says once it is done.
    pub fn done(self) -> &'static str {
        match self {
            Control::Disable => "Account disabled. Every session it had has ended.",
            Control::Enable => "Account enabled. They can sign in again.",
            Control::SendResetLink => {
                "A link to set a new password has been sent to their address. It works once, for 1 hour."
            }
            Control::EndSessions => "Every session of this account has ended.",
            Control::ResetSecondFactor => {
                "Their second factor has been reset and every session of theirs has ended. They set up an authenticator app again when they next sign in."
            }
        }
    }
}
