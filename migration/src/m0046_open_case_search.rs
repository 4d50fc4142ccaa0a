//! PostgreSQL: a search among open cases finds its cases in indexes of the open cases
//! alone, however common the name.
//!
//! Each open case carries its customer's name (lower case) and postcode (lower case,
//! without spaces), the expressions `m0040` indexes on `customers`, in `search_name` and
//! `search_postcode`; a closed case carries neither, so the copies last only while the
//! case is worked. Triggers keep them exact in the statement that changes them, whichever
//! way a case or customer is written (the form, staff, the loaders, rectification,
//! erasure): a case takes its customer's as it is recorded, given another customer or
//! opened again, and drops them as it closes; a customer's new name or postcode reaches
//! each of their open cases. Trigram indexes on the two columns and on old references hold
//! the open cases alone, so a search for a common surname reads the open cases it finds,
//! not every customer of that name, nor every open case. The migration itself writes the
//! open cases alone (a few in a hundred), not the whole table.
//!
//! SQLite's search keeps its FTS5 table (`m0040`), which already reads only the customers
//! it finds; nothing changes there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

const OPEN: &str = "phase IN ('received', 'stage1', 'stage1_responded', 'stage2', \
                    'service_request_open', 'compliment_received')";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// The columns, their triggers and indexes made whole or not at all.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        let take = "SELECT lower(name), replace(lower(postcode), ' ', '') \
                    INTO NEW.search_name, NEW.search_postcode \
                    FROM customers WHERE id = NEW.customer_id;";
        let up = [
            "ALTER TABLE cases ADD COLUMN search_name text, ADD COLUMN search_postcode text"
                .to_owned(),
            format!(
                "UPDATE cases SET search_name = lower(customers.name), \
                 search_postcode = replace(lower(customers.postcode), ' ', '') \
                 FROM customers WHERE customers.id = cases.customer_id AND cases.{OPEN}"
            ),
            format!(
                "CREATE FUNCTION cases_take_customer_search() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                   IF NEW.{OPEN} THEN {take} \
                   ELSE NEW.search_name := NULL; NEW.search_postcode := NULL; \
                   END IF; \
                   RETURN NEW; \
                 END $$"
            ),
            "CREATE TRIGGER cases_search_on_insert BEFORE INSERT ON cases \
             FOR EACH ROW EXECUTE FUNCTION cases_take_customer_search()"
                .to_owned(),
            "CREATE TRIGGER cases_search_on_update BEFORE UPDATE OF customer_id, phase \
             ON cases FOR EACH ROW \
             WHEN (NEW.customer_id IS DISTINCT FROM OLD.customer_id \
                   OR NEW.phase IS DISTINCT FROM OLD.phase) \
             EXECUTE FUNCTION cases_take_customer_search()"
                .to_owned(),
            format!(
                "CREATE FUNCTION customers_give_cases_search() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                   UPDATE cases SET search_name = lower(NEW.name), \
                     search_postcode = replace(lower(NEW.postcode), ' ', '') \
                     WHERE customer_id = NEW.id AND {OPEN}; \
                   RETURN NULL; \
                 END $$"
            ),
            "CREATE TRIGGER customers_search_to_cases AFTER UPDATE OF name, postcode \
             ON customers FOR EACH ROW \
             WHEN (NEW.name IS DISTINCT FROM OLD.name \
                   OR NEW.postcode IS DISTINCT FROM OLD.postcode) \
             EXECUTE FUNCTION customers_give_cases_search()"
                .to_owned(),
        ];
        for statement in up {
            db.execute_unprepared(&statement).await?;
        }
        for (name, expression, only) in [
            ("cases_open_search_name", "search_name", ""),
            ("cases_open_search_postcode", "search_postcode", ""),
            (
                "cases_open_legacy_reference_trigrams",
                "lower(legacy_reference)",
                " AND legacy_reference IS NOT NULL",
            ),
        ] {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON cases USING gin ({expression} gin_trgm_ops) \
                 WHERE {OPEN}{only}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for statement in [
            "DROP INDEX cases_open_search_name",
            "DROP INDEX cases_open_search_postcode",
            "DROP INDEX cases_open_legacy_reference_trigrams",
            "DROP TRIGGER customers_search_to_cases ON customers",
            "DROP FUNCTION customers_give_cases_search()",
            "DROP TRIGGER cases_search_on_update ON cases",
            "DROP TRIGGER cases_search_on_insert ON cases",
            "DROP FUNCTION cases_take_customer_search()",
            "ALTER TABLE cases DROP COLUMN search_name, DROP COLUMN search_postcode",
        ] {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
