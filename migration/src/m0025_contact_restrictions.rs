//! Restrictions on how a customer contacts us (`domain::restriction`): each decision a row,
//! ended when it is reviewed (a new row follows) or lifted, so the history stays.

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
                    .table(ContactRestrictions::Table)
                    .col(pk_auto(ContactRestrictions::Id))
                    .col(integer(ContactRestrictions::CustomerId))
                    .col(string_len(ContactRestrictions::Kind, 40))
                    .col(text_null(ContactRestrictions::Detail))
                    .col(text(ContactRestrictions::Reason))
                    .col(date(ContactRestrictions::DecidedOn))
                    .col(date(ContactRestrictions::ReviewOn))
                    .col(integer_null(ContactRestrictions::DecidedById))
                    .col(string_len(ContactRestrictions::DecidedBy, 200))
                    .col(timestamp_with_time_zone(ContactRestrictions::DecidedAt))
                    .col(timestamp_with_time_zone_null(ContactRestrictions::EndedAt))
                    .col(string_len_null(ContactRestrictions::EndedBy, 200))
                    .col(string_len_null(ContactRestrictions::EndedHow, 20))
                    .col(text_null(ContactRestrictions::EndedReason))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContactRestrictions::Table, ContactRestrictions::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("contact_restrictions_customer")
                    .table(ContactRestrictions::Table)
                    .col(ContactRestrictions::CustomerId)
                    .to_owned(),
            )
            .await?;
        // The reviews due, soonest first, for the work queue.
        manager
            .create_index(
                Index::create()
                    .name("contact_restrictions_review_on")
                    .table(ContactRestrictions::Table)
                    .col(ContactRestrictions::ReviewOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContactRestrictions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContactRestrictions {
    Table,
    Id,
    CustomerId,
    Kind,
    Detail,
    Reason,
    DecidedOn,
    ReviewOn,
    DecidedById,
    DecidedBy,
    DecidedAt,
    EndedAt,
    EndedBy,
    EndedHow,
    EndedReason,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}
