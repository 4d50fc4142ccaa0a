//! Files on their way in: a file's key is noted before its bytes are stored, and the note
//! removed in the transaction that records the file where it belongs. A note left behind
//! (a server that stopped between the two) lets the sweep find and delete the bytes, which
//! the file store cannot list.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FilesInFlight::Table)
                    .col(string(FilesInFlight::StorageKey).primary_key())
                    .col(timestamp_with_time_zone(FilesInFlight::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("files_in_flight_by_age")
                    .table(FilesInFlight::Table)
                    .col(FilesInFlight::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FilesInFlight::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FilesInFlight {
    Table,
    StorageKey,
    CreatedAt,
}
