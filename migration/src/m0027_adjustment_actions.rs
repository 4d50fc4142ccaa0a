//! What was done for each of a customer's reasonable adjustments (`domain::triage`): one
//! row an action, never changed. Their review (what was agreed, when to look again) is a
//! flag on the customer (`customer_flags.flag = 'adjustments'`, migration m0026).

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
                    .table(AdjustmentActions::Table)
                    .col(pk_auto(AdjustmentActions::Id))
                    .col(integer(AdjustmentActions::CustomerId))
                    .col(string_len(AdjustmentActions::Adjustment, 40))
                    .col(text(AdjustmentActions::Done))
                    .col(integer_null(AdjustmentActions::RecordedById))
                    .col(string_len(AdjustmentActions::RecordedBy, 200))
                    .col(timestamp_with_time_zone(AdjustmentActions::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdjustmentActions::Table, AdjustmentActions::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("adjustment_actions_customer")
                    .table(AdjustmentActions::Table)
                    .col(AdjustmentActions::CustomerId)
                    .col(AdjustmentActions::RecordedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DELETE FROM customer_flags WHERE flag = 'adjustments'")
            .await?;
        manager
            .drop_table(Table::drop().table(AdjustmentActions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AdjustmentActions {
    Table,
    Id,
    CustomerId,
    Adjustment,
    Done,
    RecordedById,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}
