//! Calls to make: a customer who asked to be phoned rather than written to (or who chose
//! the phone) is rung to go through each letter. The letter is still kept on the case; the
//! call waits on the stage owner's work queue until they record that it was made.

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
                    .table(CallTasks::Table)
                    .if_not_exists()
                    .col(pk_auto(CallTasks::Id))
                    .col(integer(CallTasks::CaseId))
                    .col(integer(CallTasks::LetterId))
                    .col(string(CallTasks::Subject))
                    .col(integer_null(CallTasks::OwnerId))
                    .col(timestamp_with_time_zone(CallTasks::CreatedAt))
                    .col(timestamp_with_time_zone_null(CallTasks::DoneAt))
                    .col(integer_null(CallTasks::DoneBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("call_tasks_case")
                            .from(CallTasks::Table, CallTasks::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("call_tasks_letter")
                            .from(CallTasks::Table, CallTasks::LetterId)
                            .to(Letters::Table, Letters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("call_tasks_owner")
                            .from(CallTasks::Table, CallTasks::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // A person's calls still to make, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("call_tasks_by_owner")
                    .table(CallTasks::Table)
                    .col(CallTasks::OwnerId)
                    .col(CallTasks::DoneAt)
                    .col(CallTasks::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("call_tasks_by_case")
                    .table(CallTasks::Table)
                    .col(CallTasks::CaseId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CallTasks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CallTasks {
    Table,
    Id,
    CaseId,
    LetterId,
    Subject,
    OwnerId,
    CreatedAt,
    DoneAt,
    DoneBy,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Letters {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
