//! Sign-in throttling that cannot be turned against the account's owner, and residents'
//! addresses confirmed before their account opens.
//!
//! - `known_devices`: a browser that signed in to an account before keeps a random device
//!   token in a cookie; the table holds its SHA-256, the account and when it was last used.
//!   Wrong passwords from strangers slow down sign-in from unknown browsers, never from a
//!   known one.
//! - `sign_in_failures` goes: failures are counted in `throttle_counts` (m0015) under a
//!   digest of the address, exactly and atomically, and swept with the other counts.
//! - `users.confirmed_at`: when the address was shown to be the person's (the link in the
//!   e-mail followed). Accounts that existed before are taken as confirmed when created.

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
                    .table(KnownDevices::Table)
                    .col(string_len(KnownDevices::TokenHash, 64).primary_key())
                    .col(integer(KnownDevices::UserId))
                    .col(timestamp_with_time_zone(KnownDevices::CreatedAt))
                    .col(timestamp_with_time_zone(KnownDevices::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(KnownDevices::Table, KnownDevices::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("known_devices_last_used")
                    .table(KnownDevices::Table)
                    .col(KnownDevices::LastUsedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SignInFailures::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Users::ConfirmedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Users::Table)
                    .value(Users::ConfirmedAt, Expr::col(Users::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ConfirmedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .col(pk_auto(SignInFailures::Id))
                    .col(string_len(SignInFailures::Email, 254))
                    .col(timestamp_with_time_zone(SignInFailures::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("sign_in_failures_by_email")
                    .table(SignInFailures::Table)
                    .col(SignInFailures::Email)
                    .col(SignInFailures::At)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(KnownDevices::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum KnownDevices {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    CreatedAt,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    Id,
    Email,
    At,
}
