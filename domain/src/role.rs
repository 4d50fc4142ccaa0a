//! The roles an account can hold (SPEC section 1).

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use thiserror::Error;

/// What an account is for. A representative is not a role: it is a resident-side account
/// that staff have confirmed may act for another customer on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Officer,
    Manager,
    ComplaintsManager,
    HeadOfService,
    InvolvedCustomer,
    Admin,
    BoardMember,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Choose a role: {}", Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
pub struct UnknownRole;

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Resident,
        Role::Officer,
        Role::Manager,
        Role::ComplaintsManager,
        Role::HeadOfService,
        Role::InvolvedCustomer,
        Role::Admin,
        Role::BoardMember,
    ];

    /// The roles of the accounts an administrator adds and arranges into teams on the
    /// staff page: everyone who works for the landlord, and its board.
    pub const STAFF_AND_BOARD: [Role; 6] = [
        Role::Officer,
        Role::Manager,
        Role::ComplaintsManager,
        Role::HeadOfService,
        Role::Admin,
        Role::BoardMember,
    ];

    /// The stable name used in storage, on the command line and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Officer => "officer",
            Role::Manager => "manager",
            Role::ComplaintsManager => "complaints_manager",
            Role::HeadOfService => "head_of_service",
            Role::InvolvedCustomer => "involved_customer",
            Role::Admin => "admin",
            Role::BoardMember => "board_member",
        }
    }

    /// The role's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "Resident",
            Role::Officer => "Officer",
            Role::Manager => "Manager",
            Role::ComplaintsManager => "Complaints manager",
            Role::HeadOfService => "Head of service",
            Role::InvolvedCustomer => "Involved customer",
            Role::Admin => "Administrator",
            Role::BoardMember => "Board member",
        }
    }

    /// Whether someone in this role may manage other people (be someone's manager, with a
    /// team): a manager, the complaints manager or a head of service.
    pub fn manages_people(self) -> bool {
        matches!(
            self,
            Role::Manager | Role::ComplaintsManager | Role::HeadOfService
        )
    }

    /// Landlord staff, as opposed to residents, panel members and the board.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Officer
                | Role::Manager
                | Role::ComplaintsManager
                | Role::HeadOfService
                | Role::Admin
        )
    }

    /// Whether signing in takes a second factor (a code from an authenticator app, or a
    /// recovery code) after the password: every member of staff and every administrator,
    /// whose accounts see every case or control every account.
    pub fn needs_second_factor(self) -> bool {
        self.is_staff()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or(UnknownRole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!(
            "Complaints-Manager".parse::<Role>(),
            Ok(Role::ComplaintsManager)
        );
    }

    #[test]
    fn an_unknown_role_lists_the_choices() {
        let err = "janitor".parse::<Role>().expect_err("refused").to_string();
        assert!(
            err.contains("complaints_manager") && err.contains("board_member"),
            "{err}"
        );
    }

    #[test]
    fn only_managers_the_complaints_manager_and_heads_of_service_manage_people() {
        let managing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.manages_people())
            .collect();
        assert_eq!(
            managing,
            [Role::Manager, Role::ComplaintsManager, Role::HeadOfService]
        );
    }

    #[test]
    fn only_landlord_staff_are_staff() {
        assert!(Role::Officer.is_staff());
        assert!(!Role::Resident.is_staff());
        assert!(!Role::InvolvedCustomer.is_staff());
        assert!(!Role::BoardMember.is_staff());
    }
}
