//! A second factor for staff and administrators: a TOTP authenticator app, with recovery
//! codes.
//!
//! - `users.totp_secret`: the confirmed secret (base32); `totp_candidate` the one being set
//!   up until a code from it is typed; `totp_last_step` the last 30-second step whose code
//!   was accepted, so no code works twice.
//! - `recovery_codes`: the SHA-256 of each one-time recovery code, and when it was used.
//! - `sessions.pending`: a session opened by the password alone, waiting for the second
//!   factor; it signs nobody in.
//! - `known_devices.second_factor_at`: when a browser last passed the second factor, so it
//!   is not asked again for a while.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Users::TotpSecret, 64),
            string_len_null(Users::TotpCandidate, 64),
            big_integer_null(Users::TotpLastStep),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(boolean(Sessions::Pending).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(KnownDevices::Table)
                    .add_column(timestamp_with_time_zone_null(KnownDevices::SecondFactorAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(string_len(RecoveryCodes::CodeHash, 64).primary_key())
                    .col(integer(RecoveryCodes::UserId))
                    .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecoveryCodes::Table, RecoveryCodes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recovery_codes_by_user")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecoveryCodes::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(KnownDevices::Table)
                    .drop_column(KnownDevices::SecondFactorAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Sessions::Pending)
                    .to_owned(),
            )
            .await?;
        for column in [Users::TotpSecret, Users::TotpCandidate, Users::TotpLastStep] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TotpSecret,
    TotpCandidate,
    TotpLastStep,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Pending,
}

#[derive(DeriveIden)]
enum KnownDevices {
    Table,
    SecondFactorAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    CodeHash,
    UserId,
    CreatedAt,
    UsedAt,
}
