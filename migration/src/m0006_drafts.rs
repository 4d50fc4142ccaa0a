//! Drafts of the online form: what a person typed, kept on the server between posting the
//! form and confirming it on the "check your answers" page, so that nothing typed is lost
//! when a field or a file is refused, with or without JavaScript. A draft lives a day.

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
                    .table(Drafts::Table)
                    .if_not_exists()
                    // SHA-256 of the token in the page's address: a copy of the table opens
                    // no draft.
                    .col(string_len(Drafts::TokenHash, 64).primary_key())
                    .col(integer_null(Drafts::UserId))
                    .col(text(Drafts::Input))
                    .col(text(Drafts::Errors))
                    .col(string_len_null(Drafts::EvidenceKey, 200))
                    .col(string_len_null(Drafts::EvidenceName, 255))
                    .col(big_integer_null(Drafts::EvidenceSize))
                    .col(string_len_null(Drafts::EvidenceSha256, 64))
                    .col(string_len_null(Drafts::EvidenceType, 100))
                    .col(timestamp_with_time_zone(Drafts::CreatedAt))
                    .col(timestamp_with_time_zone(Drafts::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("drafts_user")
                            .from(Drafts::Table, Drafts::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("drafts_by_expiry")
                    .table(Drafts::Table)
                    .col(Drafts::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Drafts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Drafts {
    Table,
    TokenHash,
    UserId,
    Input,
    Errors,
    EvidenceKey,
    EvidenceName,
    EvidenceSize,
    EvidenceSha256,
    EvidenceType,
    CreatedAt,
    ExpiresAt,
}
