//! People and reference data: customers with their contact details, preferred contact and
//! reasonable adjustments; the policy versions cases are judged by; the landlord's own
//! closure days (bank holidays come from the calendar); and the size of the housing stock
//! each reporting year, for the regulator's per-1,000-homes figures.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// All or nothing, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .if_not_exists()
                    .col(pk_auto(Customers::Id))
                    // The resident's own account, when they have one.
                    .col(integer_null(Customers::UserId).unique_key())
                    .col(string_len(Customers::Name, 200))
                    .col(string_len(Customers::DescribesYou, 40))
                    .col(text_null(Customers::DescribesYouOther))
                    .col(string_len(Customers::Phone, 40))
                    .col(string_len_null(Customers::Email, 254))
                    .col(string_len_null(Customers::PreferredContact, 20))
                    .col(text_null(Customers::AdjustmentsOther))
                    .col(text_null(Customers::Address))
                    .col(string_len_null(Customers::Postcode, 10))
                    .col(timestamp_with_time_zone(Customers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("customers_user")
                            .from(Customers::Table, Customers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("customers_by_postcode")
                    .table(Customers::Table)
                    .col(Customers::Postcode)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerAdjustments::Table)
                    .if_not_exists()
                    .col(integer(CustomerAdjustments::CustomerId))
                    .col(string_len(CustomerAdjustments::Adjustment, 30))
                    .primary_key(
                        Index::create()
                            .col(CustomerAdjustments::CustomerId)
                            .col(CustomerAdjustments::Adjustment),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("customer_adjustments_customer")
                            .from(CustomerAdjustments::Table, CustomerAdjustments::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PolicyVersions::Table)
                    .if_not_exists()
                    .col(string_len(PolicyVersions::Id, 40).primary_key())
                    .col(string_len(PolicyVersions::Title, 200))
                    .col(date(PolicyVersions::InForceFrom))
                    .col(text(PolicyVersions::Summary))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ClosureDays::Table)
                    .if_not_exists()
                    .col(date(ClosureDays::Day).primary_key())
                    .col(string_len(ClosureDays::Name, 200))
                    .col(timestamp_with_time_zone(ClosureDays::AddedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HousingStock::Table)
                    .if_not_exists()
                    // The reporting year that starts on 1 April of this year.
                    .col(small_integer(HousingStock::Year).primary_key())
                    .col(integer(HousingStock::Homes))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HousingStock::Table.into_iden(),
            ClosureDays::Table.into_iden(),
            PolicyVersions::Table.into_iden(),
            CustomerAdjustments::Table.into_iden(),
            Customers::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    UserId,
    Name,
    DescribesYou,
    DescribesYouOther,
    Phone,
    Email,
    PreferredContact,
    AdjustmentsOther,
    Address,
    Postcode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CustomerAdjustments {
    Table,
    CustomerId,
    Adjustment,
}

#[derive(DeriveIden)]
enum PolicyVersions {
    Table,
    Id,
    Title,
    InForceFrom,
    Summary,
}

#[derive(DeriveIden)]
enum ClosureDays {
    Table,
    Day,
    Name,
    AddedAt,
}

#[derive(DeriveIden)]
enum HousingStock {
    Table,
    Year,
    Homes,
}
