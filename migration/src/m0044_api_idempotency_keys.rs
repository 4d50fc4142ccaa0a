//! Idempotency keys of the integration API: a client that sends a change again under the
//! same `Idempotency-Key` is given the first answer back, and the change is made once. One
//! row per client and key: claimed before the change runs, its answer kept when it ends.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiIdempotencyKeys::Table)
                    .col(pk_auto(ApiIdempotencyKeys::Id))
                    .col(integer(ApiIdempotencyKeys::ClientId))
                    .col(string(ApiIdempotencyKeys::IdempotencyKey))
                    // SHA-256 (hex) of the method, path, content type and body: the same key
                    // sent with a different request is refused.
                    .col(string(ApiIdempotencyKeys::Fingerprint))
                    // The answer, once there is one; none while the change runs.
                    .col(small_integer_null(ApiIdempotencyKeys::Status))
                    .col(string_null(ApiIdempotencyKeys::ContentType))
                    .col(string_null(ApiIdempotencyKeys::Location))
                    .col(blob_null(ApiIdempotencyKeys::Body))
                    .col(timestamp_with_time_zone(ApiIdempotencyKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        ApiIdempotencyKeys::AnsweredAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("api_idempotency_keys_by_client")
                    .table(ApiIdempotencyKeys::Table)
                    .col(ApiIdempotencyKeys::ClientId)
                    .col(ApiIdempotencyKeys::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The sweep forgets keys by age.
        manager
            .create_index(
                Index::create()
                    .name("api_idempotency_keys_by_age")
                    .table(ApiIdempotencyKeys::Table)
                    .col(ApiIdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiIdempotencyKeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiIdempotencyKeys {
    Table,
    Id,
    ClientId,
    IdempotencyKey,
    Fingerprint,
    Status,
    ContentType,
    Location,
    Body,
    CreatedAt,
    AnsweredAt,
}
