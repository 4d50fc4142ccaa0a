//! Attachment bytes in the database itself (`storage::blobs::DatabaseStore`), so every app
//! server on one PostgreSQL reads every file: each file's size and digest, and its bytes in
//! numbered chunks, written in one transaction so nobody reads half a file.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FileBlobs::Table)
                    .col(string(FileBlobs::Key).primary_key())
                    .col(big_integer(FileBlobs::Size))
                    .col(string(FileBlobs::Sha256))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FileChunks::Table)
                    .col(string(FileChunks::Key))
                    .col(integer(FileChunks::Seq))
                    .col(blob(FileChunks::Bytes))
                    .primary_key(Index::create().col(FileChunks::Key).col(FileChunks::Seq))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FileChunks::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FileBlobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FileBlobs {
    Table,
    Key,
    Size,
    Sha256,
}

#[derive(DeriveIden)]
enum FileChunks {
    Table,
    Key,
    Seq,
    Bytes,
}
