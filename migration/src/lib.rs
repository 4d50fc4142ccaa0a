//! Putright's database schema as sea-orm migrations.
//!
//! Each `mNNNN_…` file is self-contained (its own identifiers, its `down` written) so that
//! the schema of any past release can be rebuilt. The server runs [`Migrator`] at start-up
//! and through `putright migrate`; nothing else depends on this crate.
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m0001_cases;
mod m0002_accounts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_cases::Migration),
            Box::new(m0002_accounts::Migration),
        ]
    }
}
