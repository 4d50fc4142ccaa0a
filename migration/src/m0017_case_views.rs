//! Who looked at a case's personal data: each view of a case by staff or an involved
//! customer (who, their role then, what they opened, when), for the complaints manager to
//! read. Views by the same person of the same thing within a few minutes are one row.

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
                    .table(CaseViews::Table)
                    .col(big_pk_auto(CaseViews::Id))
                    .col(integer(CaseViews::CaseId))
                    .col(integer(CaseViews::UserId))
                    .col(string_len(CaseViews::Role, 40))
                    .col(string_len(CaseViews::What, 40))
                    .col(timestamp_with_time_zone(CaseViews::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("case_views_case")
                            .from(CaseViews::Table, CaseViews::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("case_views_user")
                            .from(CaseViews::Table, CaseViews::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_views_by_case")
                    .table(CaseViews::Table)
                    .col(CaseViews::CaseId)
                    .col(CaseViews::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseViews::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CaseViews {
    Table,
    Id,
    CaseId,
    UserId,
    Role,
    What,
    At,
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
