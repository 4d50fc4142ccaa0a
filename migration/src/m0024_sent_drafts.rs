//! Forms already sent: when a draft becomes a case, the draft goes but its token's hash is
//! kept for a day with the case it made, so someone who goes Back to "Check your answers"
//! (or to the form) is told their case was received, with its reference, never asked to
//! start again.

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
            .create_table(
                Table::create()
                    .table(SentDrafts::Table)
                    .col(string_len(SentDrafts::TokenHash, 64).primary_key())
                    .col(integer(SentDrafts::CaseId))
                    .col(integer_null(SentDrafts::UserId))
                    .col(timestamp_with_time_zone(SentDrafts::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SentDrafts::Table, SentDrafts::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("sent_drafts_expires_at")
                    .table(SentDrafts::Table)
                    .col(SentDrafts::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SentDrafts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SentDrafts {
    Table,
    TokenHash,
    CaseId,
    UserId,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}
