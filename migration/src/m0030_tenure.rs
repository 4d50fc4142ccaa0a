//! CH01 by tenure (the Regulator's TSM technical requirements): each reporting year's
//! homes count is the low-cost rental homes (`homes`, as before) and, where the landlord
//! has any, the low-cost home ownership homes (`lcho_homes`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(HousingStock::Table)
                    .add_column(integer_null(HousingStock::LchoHomes))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(HousingStock::Table)
                    .drop_column(HousingStock::LchoHomes)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum HousingStock {
    Table,
    LchoHomes,
}
