//! Long tasks as rows (the history import first): any app server shows a job's progress
//! and result, and a job whose server stopped is found by its heartbeat and marked failed
//! rather than left running.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_auto(Jobs::Id))
                    .col(string(Jobs::Kind))
                    .col(integer(Jobs::StartedBy))
                    .col(string(Jobs::FileName))
                    .col(boolean(Jobs::DryRun))
                    .col(big_integer(Jobs::BytesTotal))
                    // Where it has got to, as JSON (`app::import::JobState`).
                    .col(text(Jobs::State))
                    .col(boolean(Jobs::Running))
                    .col(timestamp_with_time_zone(Jobs::StartedAt))
                    .col(timestamp_with_time_zone(Jobs::HeartbeatAt))
                    .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jobs_running")
                    .table(Jobs::Table)
                    .col(Jobs::Running)
                    .col(Jobs::HeartbeatAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    StartedBy,
    FileName,
    DryRun,
    BytesTotal,
    State,
    Running,
    StartedAt,
    HeartbeatAt,
    FinishedAt,
}
