//! Triage by vulnerability and complexity (`domain::triage`).
//!
//! - `customer_flags`: what we record about a customer that changes how we deal with them,
//!   each decision a row ended when it is reviewed (a new row follows) or removed, so the
//!   history stays. `flag` says which: `restriction` (a contact restriction,
//!   `domain::restriction`, which had a table of its own, copied here and dropped) or
//!   `vulnerability`. `kind` holds what the flag's domain type calls its kind (a
//!   restriction's kind; a vulnerability's circumstances, comma-separated).
//! - `cases.priority`: 0 standard, 1 high, 2 urgent.
//! - `cases_open_by_priority`: the open cases, the most pressing first and then in the
//!   queue's order, so "most pressing first" reads the queue off an index too; like the
//!   queue's other indexes it holds only open cases (the condition is repeated word for
//!   word by `storage::worklist`).

use sea_orm_migration::{prelude::*, schema::*};

const OPEN: &str = "phase IN ('received', 'stage1', 'stage1_responded', 'stage2', \
                    'service_request_open', 'compliment_received')";

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
                    .table(CustomerFlags::Table)
                    .col(pk_auto(CustomerFlags::Id))
                    .col(integer(CustomerFlags::CustomerId))
                    .col(string_len(CustomerFlags::Flag, 20))
                    .col(text(CustomerFlags::Kind))
                    .col(text_null(CustomerFlags::Detail))
                    .col(text(CustomerFlags::Reason))
                    .col(date(CustomerFlags::DecidedOn))
                    .col(date(CustomerFlags::ReviewOn))
                    .col(integer_null(CustomerFlags::DecidedById))
                    .col(string_len(CustomerFlags::DecidedBy, 200))
                    .col(timestamp_with_time_zone(CustomerFlags::DecidedAt))
                    .col(timestamp_with_time_zone_null(CustomerFlags::EndedAt))
                    .col(string_len_null(CustomerFlags::EndedBy, 200))
                    .col(string_len_null(CustomerFlags::EndedHow, 20))
                    .col(text_null(CustomerFlags::EndedReason))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerFlags::Table, CustomerFlags::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("customer_flags_customer")
                    .table(CustomerFlags::Table)
                    .col(CustomerFlags::CustomerId)
                    .col(CustomerFlags::Flag)
                    .to_owned(),
            )
            .await?;
        // The reviews due, soonest first, for the work queue; and the customers flagged
        // now, for the queue's filter.
        manager
            .create_index(
                Index::create()
                    .name("customer_flags_in_force")
                    .table(CustomerFlags::Table)
                    .col(CustomerFlags::Flag)
                    .col(CustomerFlags::EndedAt)
                    .col(CustomerFlags::ReviewOn)
                    .col(CustomerFlags::CustomerId)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO customer_flags (customer_id, flag, kind, detail, reason, decided_on, \
             review_on, decided_by_id, decided_by, decided_at, ended_at, ended_by, ended_how, \
             ended_reason) \
             SELECT customer_id, 'restriction', kind, detail, reason, decided_on, review_on, \
             decided_by_id, decided_by, decided_at, ended_at, ended_by, ended_how, ended_reason \
             FROM contact_restrictions ORDER BY id",
        )
        .await?;
        manager
            .drop_table(Table::drop().table(ContactRestrictions::Table).to_owned())
            .await?;
        // At most one flag of each kind in force for a customer, whatever happens at once:
        // should two restrictions have been left in force, the older ends as reviewed.
        db.execute_unprepared(
            "UPDATE customer_flags SET ended_at = decided_at, ended_by = decided_by, \
             ended_how = 'reviewed' WHERE ended_at IS NULL AND id NOT IN \
             (SELECT MAX(id) FROM customer_flags WHERE ended_at IS NULL \
             GROUP BY customer_id, flag)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX customer_flags_one_in_force ON customer_flags \
             (customer_id, flag) WHERE ended_at IS NULL",
        )
        .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(small_integer(Cases::Priority).default(0))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX cases_open_by_priority ON cases \
             (priority DESC, (next_due IS NULL), next_due, received_at, id, phase, next_step) \
             WHERE {OPEN}"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX cases_open_by_priority")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::Priority)
                    .to_owned(),
            )
            .await?;
        super::m0025_contact_restrictions::Migration
            .up(manager)
            .await?;
        db.execute_unprepared(
            "INSERT INTO contact_restrictions (customer_id, kind, detail, reason, decided_on, \
             review_on, decided_by_id, decided_by, decided_at, ended_at, ended_by, ended_how, \
             ended_reason) \
             SELECT customer_id, kind, detail, reason, decided_on, review_on, decided_by_id, \
             decided_by, decided_at, ended_at, ended_by, ended_how, ended_reason \
             FROM customer_flags WHERE flag = 'restriction' ORDER BY id",
        )
        .await?;
        manager
            .drop_table(Table::drop().table(CustomerFlags::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CustomerFlags {
    Table,
    Id,
    CustomerId,
    Flag,
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
enum ContactRestrictions {
    Table,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Priority,
}
