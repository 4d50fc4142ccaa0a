//! Policy versions an administrator adds: each version's figures (JSON, as the domain's
//! `Policy` serialises), who added it and when. The built-in versions are written with
//! their figures at start-up.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            text_null(PolicyVersions::Figures),
            timestamp_with_time_zone_null(PolicyVersions::AddedAt),
            integer_null(PolicyVersions::AddedBy),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PolicyVersions::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            PolicyVersions::AddedBy,
            PolicyVersions::AddedAt,
            PolicyVersions::Figures,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PolicyVersions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PolicyVersions {
    Table,
    Figures,
    AddedAt,
    AddedBy,
}
