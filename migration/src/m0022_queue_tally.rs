//! The work queue's counts, kept as cases change: `queue_tally`.
//!
//! The queue's tiles (overdue, due today, due this week) and its counts by next step and by
//! stage cover every open case the queue's filter picks. Counted live, "All cases" and
//! "Unassigned" read every open case's index entry on every visit: tens of thousands at a
//! large landlord. This table holds how many open cases there are for each phase, kind,
//! whether someone owns the next step, next step and next deadline: a few hundred rows,
//! whatever the history. `storage::worklist` sums it for a queue that filters by nothing
//! else, and counts live otherwise.
//!
//! The database keeps it, not the application: a trigger on `cases` takes a case out of
//! its old row and adds it to its new one in the same statement, so every way a case is
//! written (a step, an import, the scale loader, a calendar recount) keeps it exact, in the
//! same transaction. Rows that reach nought are removed, so old deadlines leave no trace.
//!
//! A case with no next step or no deadline is kept under `''` and `9999-12-31`: a key
//! column cannot be NULL, and no day the queue asks about is that late.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

const OPEN: &str = "('received', 'stage1', 'stage1_responded', 'stage2', \
                    'service_request_open', 'compliment_received')";
const NO_DUE: &str = "'9999-12-31'";

/// The tally row's key of the case as `row` (`NEW` or `OLD`) has it, column by column.
fn key(row: &str, backend: DbBackend) -> [String; 5] {
    let no_due = match backend {
        DbBackend::Postgres => format!("DATE {NO_DUE}"),
        _ => NO_DUE.to_owned(),
    };
    [
        format!("{row}.phase"),
        format!("{row}.kind"),
        format!(
            "((CASE WHEN {row}.phase = 'stage2' THEN {row}.reviewer_id ELSE {row}.handler_id END) IS NOT NULL)"
        ),
        format!("COALESCE({row}.next_step, '')"),
        format!("COALESCE({row}.next_due, {no_due})"),
    ]
}

const COLUMNS: [&str; 5] = ["phase", "kind", "assigned", "next_step", "next_due"];

/// `column = value AND …` for the tally row of the case as `row` has it.
fn matches(row: &str, backend: DbBackend) -> String {
    COLUMNS
        .iter()
        .zip(key(row, backend))
        .map(|(column, value)| format!("{column} = {value}"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Takes the case as `OLD` has it out of its tally row, and drops the row at nought.
fn take_out(backend: DbBackend) -> String {
    let row = matches("OLD", backend);
    format!(
        "UPDATE queue_tally SET n = n - 1 WHERE {row};\n\
         DELETE FROM queue_tally WHERE n <= 0 AND {row};"
    )
}

/// Adds the case as `NEW` has it to its tally row. `when`: a condition on `NEW` (SQLite
/// needs a WHERE after an upsert's SELECT).
fn put_in(backend: DbBackend, when: &str) -> String {
    format!(
        "INSERT INTO queue_tally ({}, n) SELECT {}, 1 WHERE {when} \
         ON CONFLICT ({}) DO UPDATE SET n = queue_tally.n + 1;",
        COLUMNS.join(", "),
        key("NEW", backend).join(", "),
        COLUMNS.join(", "),
    )
}

const WATCHED: &str = "phase, kind, handler_id, reviewer_id, next_step, next_due";

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
            "CREATE TABLE queue_tally (\
             phase VARCHAR(40) NOT NULL, \
             kind VARCHAR(40) NOT NULL, \
             assigned BOOLEAN NOT NULL, \
             next_step VARCHAR(20) NOT NULL, \
             next_due DATE NOT NULL, \
             n BIGINT NOT NULL, \
             PRIMARY KEY (phase, kind, assigned, next_step, next_due))",
        )
        .await?;
        let [phase, kind, assigned, step, due] = key("cases", backend);
        db.execute_unprepared(&format!(
            "INSERT INTO queue_tally ({}, n) \
             SELECT {phase}, {kind}, {assigned}, {step}, {due}, COUNT(*) FROM cases \
             WHERE phase IN {OPEN} GROUP BY {phase}, {kind}, {assigned}, {step}, {due}",
            COLUMNS.join(", ")
        ))
        .await?;
        let open_new = format!("NEW.phase IN {OPEN}");
        let open_old = format!("OLD.phase IN {OPEN}");
        match backend {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION queue_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                     BEGIN\n\
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN\n\
                       IF {open_old} THEN\n{}\nEND IF;\n\
                     END IF;\n\
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN\n{}\nEND IF;\n\
                     RETURN NULL;\n\
                     END $$",
                    take_out(backend),
                    put_in(backend, &open_new),
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER queue_tally_insert AFTER INSERT ON cases \
                     FOR EACH ROW EXECUTE FUNCTION queue_tally_keep()",
                )
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER queue_tally_update AFTER UPDATE OF {WATCHED} ON cases \
                     FOR EACH ROW EXECUTE FUNCTION queue_tally_keep()"
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER queue_tally_delete AFTER DELETE ON cases \
                     FOR EACH ROW EXECUTE FUNCTION queue_tally_keep()",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER queue_tally_insert AFTER INSERT ON cases BEGIN\n{}\nEND",
                    put_in(backend, &open_new)
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER queue_tally_update AFTER UPDATE OF {WATCHED} ON cases BEGIN\n\
                     {}\n{}\nEND",
                    take_out(backend).replace("WHERE ", &format!("WHERE {open_old} AND ")),
                    put_in(backend, &open_new)
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER queue_tally_delete AFTER DELETE ON cases \
                     WHEN {open_old} BEGIN\n{}\nEND",
                    take_out(backend)
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for trigger in [
            "queue_tally_insert",
            "queue_tally_update",
            "queue_tally_delete",
        ] {
            let on = match manager.get_database_backend() {
                DbBackend::Postgres => " ON cases",
                _ => "",
            };
            db.execute_unprepared(&format!("DROP TRIGGER {trigger}{on}"))
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION queue_tally_keep()")
                .await?;
        }
        db.execute_unprepared("DROP TABLE queue_tally").await?;
        Ok(())
    }
}
