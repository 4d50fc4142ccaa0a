//! The first case table: a reference, when it was received, what the customer told us and
//! the private tracking token; and the per-year counters references are drawn from. Later
//! migrations widen it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// All or nothing, on SQLite too, and on one connection: without a transaction
    /// sea-orm-migration runs each statement on whichever pooled connection is free.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .if_not_exists()
                    .col(pk_auto(Cases::Id))
                    .col(small_integer(Cases::ReferenceYear))
                    .col(integer(Cases::ReferenceNumber))
                    .col(timestamp_with_time_zone(Cases::ReceivedAt))
                    .col(text(Cases::Description))
                    .col(string_len_uniq(Cases::TrackingToken, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReferenceCounters::Table)
                    .if_not_exists()
                    .col(small_integer(ReferenceCounters::Year).primary_key())
                    .col(integer(ReferenceCounters::LastNumber))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("cases_reference_unique")
                    .table(Cases::Table)
                    .col(Cases::ReferenceYear)
                    .col(Cases::ReferenceNumber)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Cases::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ReferenceCounters::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    ReferenceYear,
    ReferenceNumber,
    ReceivedAt,
    Description,
    TrackingToken,
}

#[derive(DeriveIden)]
enum ReferenceCounters {
    Table,
    Year,
    LastNumber,
}
