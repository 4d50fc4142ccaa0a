//! Searching the work queue by a customer's name or postcode without reading every
//! customer: a trigram index, which finds any three letters or more anywhere in the text.
//!
//! - SQLite: an FTS5 table with the trigram tokenizer, `customer_search`, holding each
//!   customer's name and postcode (lower case, without spaces) under the customer's id,
//!   kept by triggers on `customers`, so every way a customer is written (the form, staff,
//!   the loaders, rectification, erasure) keeps it exact in the same statement.
//! - PostgreSQL: `pg_trgm` indexes on the same expressions, which `LIKE '%…%'` uses.
//!
//! Old references of imported cases are searched the same way: a trigram index on
//! PostgreSQL, and on SQLite a partial index of the imported cases alone (a search reads
//! those, not every case).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a customer's postcode is searched as.
const SQLITE_POSTCODE_NEW: &str = "replace(lower(coalesce(NEW.postcode, '')), ' ', '')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// The table, its triggers and the indexes made whole or not at all.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                for statement in [
                    "CREATE INDEX customers_name_trigrams ON customers \
                     USING gin (lower(name) gin_trgm_ops)",
                    "CREATE INDEX customers_postcode_trigrams ON customers \
                     USING gin (replace(lower(postcode), ' ', '') gin_trgm_ops)",
                    "CREATE INDEX cases_legacy_reference_trigrams ON cases \
                     USING gin (lower(legacy_reference) gin_trgm_ops) \
                     WHERE legacy_reference IS NOT NULL",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE customer_search USING fts5(\
                     name, postcode, tokenize = 'trigram')",
                )
                .await?;
                db.execute_unprepared(
                    "INSERT INTO customer_search (rowid, name, postcode) \
                     SELECT id, name, replace(lower(coalesce(postcode, '')), ' ', '') \
                     FROM customers",
                )
                .await?;
                let insert = format!(
                    "INSERT INTO customer_search (rowid, name, postcode) \
                     VALUES (NEW.id, NEW.name, {SQLITE_POSTCODE_NEW});"
                );
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER customer_search_insert AFTER INSERT ON customers \
                     BEGIN {insert} END"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER customer_search_update AFTER UPDATE OF name, postcode \
                     ON customers BEGIN \
                     DELETE FROM customer_search WHERE rowid = OLD.id; {insert} END"
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER customer_search_delete AFTER DELETE ON customers \
                     BEGIN DELETE FROM customer_search WHERE rowid = OLD.id; END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX cases_imported ON cases (legacy_reference) \
                     WHERE legacy_reference IS NOT NULL",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for index in [
                    "customers_name_trigrams",
                    "customers_postcode_trigrams",
                    "cases_legacy_reference_trigrams",
                ] {
                    db.execute_unprepared(&format!("DROP INDEX {index}"))
                        .await?;
                }
            }
            _ => {
                for trigger in [
                    "customer_search_insert",
                    "customer_search_update",
                    "customer_search_delete",
                ] {
                    db.execute_unprepared(&format!("DROP TRIGGER {trigger}"))
                        .await?;
                }
                db.execute_unprepared("DROP TABLE customer_search").await?;
                db.execute_unprepared("DROP INDEX cases_imported").await?;
            }
        }
        Ok(())
    }
}
