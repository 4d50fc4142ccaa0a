//! Demo data for trying Putright out: one account for each role, all with the password
//! [`DEMO_PASSWORD`]. Loading it again adds nothing. Never load it into a real database.

use domain::Role;
use storage::{Db, StorageError, accounts};

pub const DEMO_PASSWORD: &str = "putright-demo";

/// (role, email, name) of each demo account.
pub const DEMO_ACCOUNTS: &[(Role, &str, &str)] = &[
    (Role::Resident, "rita.resident@example.org", "Rita Resident"),
    (Role::Officer, "sam.officer@example.org", "Sam Officer"),
    (Role::Manager, "mo.manager@example.org", "Mo Manager"),
    (
        Role::ComplaintsManager,
        "chris.complaints@example.org",
        "Chris Complaints",
    ),
    (Role::HeadOfService, "hana.head@example.org", "Hana Head"),
    (Role::InvolvedCustomer, "ian.panel@example.org", "Ian Panel"),
    (Role::Admin, "ada.admin@example.org", "Ada Admin"),
    (Role::BoardMember, "bea.board@example.org", "Bea Board"),
];

/// Loads the demo data; returns how many accounts were added.
pub async fn load(db: &Db) -> Result<usize, StorageError> {
    let mut added = 0;
    for (role, email, name) in DEMO_ACCOUNTS {
        match accounts::create(db, email, name, *role, DEMO_PASSWORD, chrono::Utc::now()).await {
            Ok(_) => added += 1,
            Err(StorageError::Conflict) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(added)
}
