//! Who owns cases, kept as cases change: `case_owners`.
//!
//! The work queue's handler filter offers the staff who own at least one case, as its
//! Stage 1 handler or Stage 2 reviewer. Asked of the cases themselves, every queue page
//! looked in the handlers' and the reviewers' indexes once or twice for every member of
//! staff (six hundred index searches a page at a landlord with three hundred staff): a
//! tenth of a busy queue's work. This table holds, for each person who owns a case, how
//! many (a case counts once for its handler and once for its reviewer), so the filter
//! reads the few rows there are.
//!
//! The database keeps it, as it keeps `queue_tally` (`m0022`): triggers on `cases` move a
//! case's count from its old owners to its new ones in the statement that changes them,
//! whichever way a case is written or erased, and a row that reaches nought is removed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

const OWNERS: [&str; 2] = ["handler_id", "reviewer_id"];

/// Takes the case as `OLD` has it from its owners' counts.
fn take_out() -> String {
    OWNERS
        .iter()
        .map(|owner| {
            format!(
                "UPDATE case_owners SET n = n - 1 WHERE user_id = OLD.{owner};\n\
                 DELETE FROM case_owners WHERE user_id = OLD.{owner} AND n <= 0;"
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Adds the case as `NEW` has it to its owners' counts (SQLite needs a WHERE after an
/// upsert's SELECT; it also says that an unowned case counts for nobody).
fn put_in() -> String {
    OWNERS
        .iter()
        .map(|owner| {
            format!(
                "INSERT INTO case_owners (user_id, n) SELECT NEW.{owner}, 1 \
                 WHERE NEW.{owner} IS NOT NULL \
                 ON CONFLICT (user_id) DO UPDATE SET n = case_owners.n + 1;"
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE case_owners (\
             user_id INTEGER NOT NULL PRIMARY KEY, \
             n BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO case_owners (user_id, n) \
             SELECT user_id, COUNT(*) FROM (\
               SELECT handler_id AS user_id FROM cases WHERE handler_id IS NOT NULL \
               UNION ALL \
               SELECT reviewer_id AS user_id FROM cases WHERE reviewer_id IS NOT NULL\
             ) AS owned GROUP BY user_id",
        )
        .await?;
        match backend {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION case_owners_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                     BEGIN\n\
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN\n{}\nEND IF;\n\
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN\n{}\nEND IF;\n\
                     RETURN NULL;\n\
                     END $$",
                    take_out(),
                    put_in(),
                ))
                .await?;
                for statement in [
                    "CREATE TRIGGER case_owners_insert AFTER INSERT ON cases \
                     FOR EACH ROW EXECUTE FUNCTION case_owners_keep()",
                    "CREATE TRIGGER case_owners_update AFTER UPDATE OF handler_id, reviewer_id \
                     ON cases FOR EACH ROW \
                     WHEN (NEW.handler_id IS DISTINCT FROM OLD.handler_id \
                           OR NEW.reviewer_id IS DISTINCT FROM OLD.reviewer_id) \
                     EXECUTE FUNCTION case_owners_keep()",
                    "CREATE TRIGGER case_owners_delete AFTER DELETE ON cases \
                     FOR EACH ROW EXECUTE FUNCTION case_owners_keep()",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                for statement in [
                    format!(
                        "CREATE TRIGGER case_owners_insert AFTER INSERT ON cases BEGIN\n{}\nEND",
                        put_in()
                    ),
                    format!(
                        "CREATE TRIGGER case_owners_update AFTER UPDATE OF handler_id, reviewer_id \
                         ON cases \
                         WHEN NEW.handler_id IS NOT OLD.handler_id \
                           OR NEW.reviewer_id IS NOT OLD.reviewer_id \
                         BEGIN\n{}\n{}\nEND",
                        take_out(),
                        put_in()
                    ),
                    format!(
                        "CREATE TRIGGER case_owners_delete AFTER DELETE ON cases BEGIN\n{}\nEND",
                        take_out()
                    ),
                ] {
                    db.execute_unprepared(&statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for trigger in [
            "case_owners_insert",
            "case_owners_update",
            "case_owners_delete",
        ] {
            let on = if postgres { " ON cases" } else { "" };
            db.execute_unprepared(&format!("DROP TRIGGER {trigger}{on}"))
                .await?;
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION case_owners_keep()")
                .await?;
        }
        db.execute_unprepared("DROP TABLE case_owners").await?;
        Ok(())
    }
}
