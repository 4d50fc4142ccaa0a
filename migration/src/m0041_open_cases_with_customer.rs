//! The open cases' indexes (`m0021`, `m0026`) carry each case's customer at their end, so
//! a search among open cases (`storage::worklist`) picks its cases off the index alone:
//! each open case's customer is looked up in the customers the search found, without
//! reading the case itself. The indexes are otherwise as they were, in the queue's order,
//! and hold the open cases alone.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

const OPEN: &str = "phase IN ('received', 'stage1', 'stage1_responded', 'stage2', \
                    'service_request_open', 'compliment_received')";
const OWNER: &str = "CASE WHEN phase = 'stage2' THEN reviewer_id ELSE handler_id END";
const ORDER: &str = "(next_due IS NULL), next_due, received_at, id, phase, next_step";

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn rebuild(manager: &SchemaManager<'_>, with_customer: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let tail = if with_customer { ", customer_id" } else { "" };
    // Each index: its name and what leads it before the queue's order.
    let indexes = [
        ("cases_open_by_due", String::new()),
        ("cases_open_by_owner", format!("({OWNER}), ")),
        ("cases_open_by_priority", "priority DESC, ".to_owned()),
    ];
    for (name, lead) in indexes {
        db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX {name} ON cases ({lead}{ORDER}{tail}) WHERE {OPEN}"
        ))
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// Each index dropped and made again in one transaction, on one connection.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, false).await
    }
}
