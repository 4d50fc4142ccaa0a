//! Integration clients (`/api/v1`): each with a role, the scopes an administrator granted
//! and a token kept only as its SHA-256; every call a client makes is kept on its trail.
//! Cases get an index in the order of their last change, which the API's "changed since"
//! list walks from its cursor. Webhooks: addresses told of events, each delivery a row of
//! the outbox (`outbox.webhook_id`), sent and retried as e-mails are.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiClients::Table)
                    .col(pk_auto(ApiClients::Id))
                    .col(string(ApiClients::Name))
                    .col(string(ApiClients::Role))
                    // Space-separated scope names (`domain::access::clients::Scope`).
                    .col(string(ApiClients::Scopes))
                    .col(string_uniq(ApiClients::TokenHash))
                    // The token's last four characters, so an administrator can tell two apart.
                    .col(string(ApiClients::TokenHint))
                    .col(integer(ApiClients::CreatedBy))
                    .col(timestamp_with_time_zone(ApiClients::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiClients::RevokedAt))
                    .col(timestamp_with_time_zone_null(ApiClients::LastUsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiCalls::Table)
                    .col(pk_auto(ApiCalls::Id))
                    .col(integer(ApiCalls::ClientId))
                    .col(timestamp_with_time_zone(ApiCalls::At))
                    .col(string(ApiCalls::Method))
                    .col(string(ApiCalls::Path))
                    .col(small_integer(ApiCalls::Status))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("api_calls_by_client")
                    .table(ApiCalls::Table)
                    .col(ApiCalls::ClientId)
                    .col(ApiCalls::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(pk_auto(Webhooks::Id))
                    .col(string(Webhooks::Url))
                    // Space-separated event names (`storage::webhooks::Event`).
                    .col(string(Webhooks::Events))
                    // The key deliveries are signed with (HMAC-SHA256): needed to sign, so
                    // kept as it is; shown once when the webhook is made.
                    .col(string(Webhooks::Secret))
                    .col(integer(Webhooks::CreatedBy))
                    .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                    .col(timestamp_with_time_zone_null(Webhooks::DisabledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(integer_null(Outbox::WebhookId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("cases_by_change")
                    .table(Cases::Table)
                    .col(Cases::UpdatedAt)
                    .col(Cases::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::WebhookId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Webhooks::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("cases_by_change")
                    .table(Cases::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ApiCalls::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApiClients::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiClients {
    Table,
    Id,
    Name,
    Role,
    Scopes,
    TokenHash,
    TokenHint,
    CreatedBy,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum ApiCalls {
    Table,
    Id,
    ClientId,
    At,
    Method,
    Path,
    Status,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Url,
    Events,
    Secret,
    CreatedBy,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    WebhookId,
}
