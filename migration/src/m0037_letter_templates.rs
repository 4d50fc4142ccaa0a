//! Letter wording an administrator changes (`domain::letters::template`): each saved
//! version of one kind of letter's wording, who saved it and when; and the version each
//! issued letter was written with (0: Putright's own wording).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LetterTemplates::Table)
                    .col(pk_auto(LetterTemplates::Id))
                    .col(string(LetterTemplates::Kind))
                    .col(integer(LetterTemplates::Version))
                    // The passages changed from Putright's own, as JSON.
                    .col(text(LetterTemplates::Texts))
                    .col(timestamp_with_time_zone(LetterTemplates::SavedAt))
                    .col(integer_null(LetterTemplates::SavedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("letter_templates_kind_version")
                    .table(LetterTemplates::Table)
                    .col(LetterTemplates::Kind)
                    .col(LetterTemplates::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .add_column(integer(Letters::TemplateVersion).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("letters_by_template")
                    .table(Letters::Table)
                    .col(Letters::Kind)
                    .col(Letters::TemplateVersion)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("letters_by_template")
                    .table(Letters::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .drop_column(Letters::TemplateVersion)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(LetterTemplates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LetterTemplates {
    Table,
    Id,
    Kind,
    Version,
    Texts,
    SavedAt,
    SavedBy,
}

#[derive(DeriveIden)]
enum Letters {
    Table,
    Kind,
    TemplateVersion,
}
