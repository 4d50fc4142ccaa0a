//! A person approves the redacted review file before the tenant panel sees anything.
//!
//! - `redaction_approvals`: each approval of a case's redacted review file, kept (the
//!   newest is the one in force): who approved it and when, the SHA-256 fingerprint of what
//!   was approved, the redacted file itself as approved (what a panel member reads until the
//!   next approval) and the shared files it went with (token and SHA-256 of the bytes the
//!   panel gets).
//! - `redaction_decisions`: the complaints manager's choice on each flagged word of a case
//!   (redact it everywhere on the case, or keep it).
//! - `attachments`: the copy of a shared file the panel gets (its own blob: an image
//!   re-encoded without metadata, a PDF or office file with its author and document details
//!   removed, or the file as it is, confirmed by a person, when its type cannot be cleaned),
//!   with its digest, size and what was done to it.

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
                    .table(RedactionApprovals::Table)
                    .if_not_exists()
                    .col(pk_auto(RedactionApprovals::Id))
                    .col(integer(RedactionApprovals::CaseId))
                    .col(integer_null(RedactionApprovals::ApprovedBy))
                    .col(string(RedactionApprovals::ApprovedByName))
                    .col(timestamp_with_time_zone(RedactionApprovals::ApprovedAt))
                    .col(string_len(RedactionApprovals::Fingerprint, 64))
                    .col(text(RedactionApprovals::Content))
                    .col(text(RedactionApprovals::Files))
                    .foreign_key(
                        ForeignKey::create()
                            .name("redaction_approvals_case")
                            .from(RedactionApprovals::Table, RedactionApprovals::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("redaction_approvals_user")
                            .from(RedactionApprovals::Table, RedactionApprovals::ApprovedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("redaction_approvals_by_case")
                    .table(RedactionApprovals::Table)
                    .col(RedactionApprovals::CaseId)
                    .col(RedactionApprovals::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RedactionDecisions::Table)
                    .if_not_exists()
                    .col(pk_auto(RedactionDecisions::Id))
                    .col(integer(RedactionDecisions::CaseId))
                    .col(string(RedactionDecisions::Words))
                    .col(boolean(RedactionDecisions::Redact))
                    .col(integer_null(RedactionDecisions::DecidedBy))
                    .col(timestamp_with_time_zone(RedactionDecisions::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("redaction_decisions_case")
                            .from(RedactionDecisions::Table, RedactionDecisions::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("redaction_decisions_user")
                            .from(RedactionDecisions::Table, RedactionDecisions::DecidedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("redaction_decisions_case_words")
                    .table(RedactionDecisions::Table)
                    .col(RedactionDecisions::CaseId)
                    .col(RedactionDecisions::Words)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per statement.
        for column in [
            string_null(Attachments::SharedStorageKey),
            string_len_null(Attachments::SharedSha256, 64),
            big_integer_null(Attachments::SharedSize),
            string_null(Attachments::SharedCleaning),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Attachments::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Attachments::SharedStorageKey,
            Attachments::SharedSha256,
            Attachments::SharedSize,
            Attachments::SharedCleaning,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Attachments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(RedactionDecisions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RedactionApprovals::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RedactionApprovals {
    Table,
    Id,
    CaseId,
    ApprovedBy,
    ApprovedByName,
    ApprovedAt,
    Fingerprint,
    Content,
    Files,
}

#[derive(DeriveIden)]
enum RedactionDecisions {
    Table,
    Id,
    CaseId,
    Words,
    Redact,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    SharedStorageKey,
    SharedSha256,
    SharedSize,
    SharedCleaning,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
