//! The calendar as an admin keeps it: bank holidays imported from GOV.UK's file (whole
//! years, the newest file winning for each year it covers) and a record of every change to
//! the calendar (closure days added, renamed or removed; files imported), with who made it
//! and how many open complaints' deadlines it moved.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BankHolidayYears::Table)
                    .if_not_exists()
                    .col(integer(BankHolidayYears::Year).primary_key())
                    .col(timestamp_with_time_zone(BankHolidayYears::ImportedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BankHolidays::Table)
                    .if_not_exists()
                    .col(date(BankHolidays::Day).primary_key())
                    .col(integer(BankHolidays::Year))
                    .col(text(BankHolidays::Name))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CalendarChanges::Table)
                    .if_not_exists()
                    .col(pk_auto(CalendarChanges::Id))
                    .col(timestamp_with_time_zone(CalendarChanges::ChangedAt))
                    .col(integer_null(CalendarChanges::ChangedBy))
                    .col(string_len(CalendarChanges::Change, 16))
                    .col(text(CalendarChanges::Summary))
                    .col(string_len(CalendarChanges::CalendarVersion, 120))
                    .col(integer_null(CalendarChanges::Counted))
                    .col(integer_null(CalendarChanges::Moved))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("calendar_changes_by_time")
                    .table(CalendarChanges::Table)
                    .col(CalendarChanges::ChangedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarChanges::Table.into_iden(),
            BankHolidays::Table.into_iden(),
            BankHolidayYears::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum BankHolidayYears {
    Table,
    Year,
    ImportedAt,
}

#[derive(DeriveIden)]
enum BankHolidays {
    Table,
    Day,
    Year,
    Name,
}

#[derive(DeriveIden)]
enum CalendarChanges {
    Table,
    Id,
    ChangedAt,
    ChangedBy,
    Change,
    Summary,
    CalendarVersion,
    Counted,
    Moved,
}
