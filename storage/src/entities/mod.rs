//! sea-orm entities: rows as the database holds them. They never leave this crate.

pub mod cases;
pub mod reference_counters;
pub mod sessions;
pub mod sign_in_failures;
pub mod users;
