//! Each improvement action's history: added, changed, given to a new owner, marked as done
//! and reopened, with who did it and when.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImprovementActionEvents::Table)
                    .if_not_exists()
                    .col(pk_auto(ImprovementActionEvents::Id))
                    .col(integer(ImprovementActionEvents::ActionId))
                    .col(timestamp_with_time_zone(ImprovementActionEvents::At))
                    .col(integer_null(ImprovementActionEvents::By))
                    .col(string_len(ImprovementActionEvents::Event, 16))
                    .col(text_null(ImprovementActionEvents::Detail))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("improvement_action_events_by_action")
                    .table(ImprovementActionEvents::Table)
                    .col(ImprovementActionEvents::ActionId)
                    .col(ImprovementActionEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ImprovementActionEvents::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ImprovementActionEvents {
    Table,
    Id,
    ActionId,
    At,
    By,
    Event,
    Detail,
}
