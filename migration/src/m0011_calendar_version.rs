//! Each case keeps the version of the working-day calendar its stored next deadline was
//! counted with, so that a later change to the calendar (a closure day, a new bank-holiday
//! list) can find the open cases counted with an older one and count them again.
//!
//! Cases saved before this migration have none: a recount treats them as counted with an
//! older calendar.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(string_null(Cases::CalendarVersion))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::CalendarVersion)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    CalendarVersion,
}
