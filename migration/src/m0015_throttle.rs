//! Counters for limits that every app server must share: how many times a client (or
//! everyone together) did something within a window of time, such as sending the online
//! form without an account. One row per bucket and window; rows of past windows are
//! removed by the sweep.

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
                    .table(ThrottleCounts::Table)
                    .col(string_len(ThrottleCounts::Bucket, 120))
                    .col(timestamp_with_time_zone(ThrottleCounts::WindowStart))
                    .col(integer(ThrottleCounts::Hits))
                    .primary_key(
                        Index::create()
                            .col(ThrottleCounts::Bucket)
                            .col(ThrottleCounts::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("throttle_counts_window")
                    .table(ThrottleCounts::Table)
                    .col(ThrottleCounts::WindowStart)
                    .to_owned(),
            )
            .await?;
        // The sweep finds expired drafts by their expiry.
        manager
            .create_index(
                Index::create()
                    .name("drafts_expires_at_sweep")
                    .table(Drafts::Table)
                    .col(Drafts::ExpiresAt)
                    .col(Drafts::EvidenceSize)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("drafts_expires_at_sweep")
                    .table(Drafts::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ThrottleCounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ThrottleCounts {
    Table,
    Bucket,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum Drafts {
    Table,
    ExpiresAt,
    EvidenceSize,
}
