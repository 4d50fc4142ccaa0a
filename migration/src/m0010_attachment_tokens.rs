//! Files are addressed by a random token (`/files/{token}`: 128 random bits as 32
//! lower-case hexadecimal digits), not by their row id, so that one file's address says
//! nothing about any other's and cannot be guessed from it.
//!
//! Files already stored get a token from the database's own secure random source
//! (SQLite's `randomblob`; PostgreSQL's `gen_random_uuid`, built in since version 13, twice
//! through `md5` for 128 bits); new ones get theirs from the application. The column is
//! unique; on PostgreSQL it is also NOT NULL (SQLite cannot add that to an existing column,
//! and the application always sets it).

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

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
                    .table(Attachments::Table)
                    .add_column(string_len_null(Attachments::Token, 32))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let fill = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                "UPDATE attachments SET token = lower(hex(randomblob(16))) WHERE token IS NULL"
            }
            _ => {
                "UPDATE attachments SET token = md5(gen_random_uuid()::text || \
                 gen_random_uuid()::text) WHERE token IS NULL"
            }
        };
        db.execute_unprepared(fill).await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("ALTER TABLE attachments ALTER COLUMN token SET NOT NULL")
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("attachments_token_unique")
                    .table(Attachments::Table)
                    .col(Attachments::Token)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("attachments_token_unique")
                    .table(Attachments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Attachments::Table)
                    .drop_column(Attachments::Token)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Token,
}
