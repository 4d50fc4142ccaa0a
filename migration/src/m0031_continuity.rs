//! Business-continuity periods (`domain::calendar::ContinuityPeriod`): the exceptional
//! circumstances an admin declares, with their dates, reason, who approved the revised
//! timescales and what they do to the clock; when the Ombudsman was told; and when the
//! residents with open cases were told.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContinuityPeriods::Table)
                    .if_not_exists()
                    .col(pk_auto(ContinuityPeriods::Id))
                    .col(date(ContinuityPeriods::StartsOn))
                    .col(date(ContinuityPeriods::EndsOn))
                    .col(text(ContinuityPeriods::Reason))
                    .col(text(ContinuityPeriods::ApprovedBy))
                    .col(string_len(ContinuityPeriods::Effect, 16))
                    .col(integer_null(ContinuityPeriods::ExtraWorkingDays))
                    .col(integer(ContinuityPeriods::DeclaredBy))
                    .col(timestamp_with_time_zone(ContinuityPeriods::DeclaredAt))
                    .col(date_null(ContinuityPeriods::OmbudsmanToldOn))
                    .col(integer(ContinuityPeriods::ResidentsTold).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("continuity_periods_by_start")
                    .table(ContinuityPeriods::Table)
                    .col(ContinuityPeriods::StartsOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContinuityPeriods::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContinuityPeriods {
    Table,
    Id,
    StartsOn,
    EndsOn,
    Reason,
    ApprovedBy,
    Effect,
    ExtraWorkingDays,
    DeclaredBy,
    DeclaredAt,
    OmbudsmanToldOn,
    ResidentsTold,
}
