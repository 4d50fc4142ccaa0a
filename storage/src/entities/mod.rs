//! sea-orm entities: rows as the database holds them. They never leave this crate.

pub mod cases;
pub mod reference_counters;
