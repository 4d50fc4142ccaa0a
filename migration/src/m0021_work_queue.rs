//! What lets the work queue read only what it shows.
//!
//! `cases.next_step`: the step the stored next deadline is for (`contact`, `acknowledge`,
//! `respond`), written with `next_due` on every save, so the queue counts cases by next
//! step without reading each case's state. Cases recorded before it are filled in at the
//! server's start (`storage::worklist::fill_next_steps`).
//!
//! Both are partial: they hold the open cases alone (the phases the queue calls open), a
//! few in a hundred at a large landlord, so they stay small however long the history grows.
//! Each is in the queue's order: cases with a deadline first, soonest first, then the
//! oldest received, then the order recorded.
//!
//! - `cases_open_by_due`: every open case, for "All cases".
//! - `cases_open_by_owner`: the same, by who owes the next step (the Stage 2 reviewer
//!   while a review is in progress, otherwise the Stage 1 handler), for "My cases", "My
//!   team" and "Unassigned".
//!
//! Beside the queue, a member of staff's home page lists their outstanding remedy actions
//! and the messages sent to them: `case_remedies_by_owner` and `outbox_by_recipient` find
//! those by person instead of reading every remedy and message.
//!
//! They replace `cases_by_next_due` (phase, then date), which only the queue used.
//!
//! The phase and next step are carried at the end so that the queue's counts need no
//! table lookups. The
//! queue's queries repeat these expressions word for word (`storage::worklist`): a planner
//! uses a partial or expression index only for a query that says the same.

use sea_orm_migration::prelude::*;

const OPEN: &str = "phase IN ('received', 'stage1', 'stage1_responded', 'stage2', \
                    'service_request_open', 'compliment_received')";
const OWNER: &str = "CASE WHEN phase = 'stage2' THEN reviewer_id ELSE handler_id END";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(ColumnDef::new(Cases::NextStep).string_len(20).null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE INDEX cases_open_by_due ON cases \
             ((next_due IS NULL), next_due, received_at, id, phase, next_step) WHERE {OPEN}"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX cases_open_by_owner ON cases \
             (({OWNER}), (next_due IS NULL), next_due, received_at, id, phase, next_step) \
             WHERE {OPEN}"
        ))
        .await?;
        // The queue used the index by phase and date; these replace it. Left beside them,
        // it tempted a planner without statistics to read every open phase and sort.
        db.execute_unprepared("DROP INDEX cases_by_next_due")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX case_remedies_by_owner ON case_remedies (owner_id, state, due_on)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX case_remedies_outstanding ON case_remedies (state, due_on)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX outbox_by_recipient ON outbox (to_user_id, created_at)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for index in [
            "outbox_by_recipient",
            "case_remedies_outstanding",
            "case_remedies_by_owner",
        ] {
            db.execute_unprepared(&format!("DROP INDEX {index}"))
                .await?;
        }
        db.execute_unprepared("CREATE INDEX cases_by_next_due ON cases (phase, next_due)")
            .await?;
        db.execute_unprepared("DROP INDEX cases_open_by_owner")
            .await?;
        db.execute_unprepared("DROP INDEX cases_open_by_due")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::NextStep)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    NextStep,
}
