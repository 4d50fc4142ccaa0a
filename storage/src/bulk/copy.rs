//! A large load on PostgreSQL through `COPY … FROM STDIN`, for imports.
//!
//! Multi-row INSERTs leave PostgreSQL waiting on the client between statements, and they
//! must stay small there (see `POSTGRES_MAX_BYTES`). `COPY` streams a table's rows in one
//! command and stores them in fewer, cheaper steps. sea-orm has no `COPY`, and its
//! transactions do not lend out their connection, so the load runs on a transaction of the
//! pool's own (sqlx's) from start to end: reserving, then copying, then committing.
//!
//! The rows are the ones [`super::prepare`] would INSERT, built by the same code
//! ([`super::rows`]) and written in PostgreSQL's text format. Batches are gathered into
//! chunks of [`CHUNK_BYTES`] before they are copied in (the constant says why).

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;

use chrono::SecondsFormat;
use domain::Calendar;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, PostgresQueryBuilder, Query};
use sea_orm::sqlx::{self, Postgres, Row as _};
use sea_orm::{ActiveModelTrait, ActiveValue, EntityName, IdenStatic, Iterable, Value};
use sea_query_sqlx::SqlxBinder as _;

use super::{GeneratedCase, NEXT_CASE_IDS, ReferenceYears, Reserved, Tables};
use crate::cases::{self, CaseId, CustomerChoice};
use crate::entities::cases as case_rows;
use crate::{Db, StorageError};

/// One transaction on PostgreSQL that a load runs in, whole or not at all: dropped without
/// [`PgLoad::commit`], it rolls back.
pub struct PgLoad {
    tx: sqlx::Transaction<'static, Postgres>,
    /// Batches written but not yet copied, gathered into one chunk.
    pending: Copies,
    /// How big a chunk grows before it is copied: [`CHUNK_BYTES`], except in tests.
    chunk_bytes: usize,
}

impl std::fmt::Debug for PgLoad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgLoad")
    }
}

impl PgLoad {
    /// Begins the load's transaction, copying rows in chunks of `chunk_bytes` (normally
    /// [`CHUNK_BYTES`]). `db` must be on PostgreSQL.
    pub async fn begin(db: &Db, chunk_bytes: usize) -> Result<Self, StorageError> {
        let tx = db.pool().get_postgres_connection_pool().begin().await?;
        Ok(Self {
            tx,
            pending: Copies::default(),
            chunk_bytes,
        })
    }

    /// Which of `references` a case already carries as its legacy reference. They are
    /// copied into a table of the transaction's own and matched in one query.
    pub async fn legacy_references(
        &mut self,
        references: &[Box<str>],
    ) -> Result<HashSet<String>, StorageError> {
        if references.is_empty() {
            return Ok(HashSet::new());
        }
        sqlx::query("CREATE TEMPORARY TABLE import_references (reference text)")
            .execute(&mut *self.tx)
            .await?;
        let mut data = Vec::with_capacity(references.len() * 12);
        for reference in references {
            text(reference, &mut data);
            data.push(b'\n');
        }
        self.copy("COPY import_references (reference) FROM STDIN", &data)
            .await?;
        let select = Query::select()
            .column((case_rows::Entity, case_rows::Column::LegacyReference))
            .from(case_rows::Entity)
            .inner_join(
                Alias::new("import_references"),
                Expr::col((Alias::new("import_references"), Alias::new("reference")))
                    .equals((case_rows::Entity, case_rows::Column::LegacyReference)),
            )
            .to_owned();
        let (sql, values) = select.build_sqlx(PostgresQueryBuilder);
        let found = sqlx::query_with(sqlx::AssertSqlSafe(sql), values)
            .fetch_all(&mut *self.tx)
            .await?
            .into_iter()
            .map(|row| row.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?;
        sqlx::query("DROP TABLE import_references")
            .execute(&mut *self.tx)
            .await?;
        Ok(found)
    }

    /// Settles what only the database can decide for a batch: its references and case
    /// ids. The cases may name customers already stored, but not new ones (an import has
    /// none; generators use [`super::insert_cases`]).
    pub async fn reserve(&mut self, cases: Vec<GeneratedCase>) -> Result<Reserved, StorageError> {
        let customer_ids = cases
            .iter()
            .map(|case| match &case.new.customer {
                None => Ok(None),
                Some(CustomerChoice::Existing(id)) => Ok(Some(*id)),
                Some(CustomerChoice::New { .. }) => Err(StorageError::Corrupt(
                    "a COPY load cannot store new customers".to_owned(),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let years = ReferenceYears::of(&cases)?;
        let mut last = BTreeMap::new();
        for (&year, &count) in &years.counts {
            let (sql, values) =
                cases::reserve_reference_numbers(year, count).build_sqlx(PostgresQueryBuilder);
            let row = sqlx::query_with(sqlx::AssertSqlSafe(sql), values)
                .fetch_one(&mut *self.tx)
                .await?;
            last.insert(year, row.try_get::<i32, _>(0)?);
        }
        let references = years.hand_out(&last)?;
        let count = i32::try_from(cases.len())
            .map_err(|_| StorageError::Corrupt(format!("{} case ids at once", cases.len())))?;
        let ids = sqlx::query(NEXT_CASE_IDS)
            .bind(count)
            .fetch_all(&mut *self.tx)
            .await?
            .into_iter()
            .map(|row| row.try_get::<i32, _>(0).map(CaseId))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Reserved {
            cases,
            customer_ids,
            references,
            ids,
        })
    }

    /// Takes a prepared batch, copied in with the next chunk. Returns how many cases it
    /// holds.
    pub async fn write(&mut self, copies: Copies) -> Result<usize, StorageError> {
        let cases = copies.cases;
        self.pending.append(copies)?;
        if self.pending.bytes() >= self.chunk_bytes {
            self.flush().await?;
        }
        Ok(cases)
    }

    /// Copies in what is left and commits.
    pub async fn commit(mut self) -> Result<(), StorageError> {
        self.flush().await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Copies in the pending chunk, a table at a time, parents first.
    async fn flush(&mut self) -> Result<(), StorageError> {
        let pending = std::mem::take(&mut self.pending);
        for table in &pending.tables {
            if let Some(statement) = &table.statement {
                self.copy(statement, &table.data).await?;
            }
        }
        Ok(())
    }

    async fn copy(&mut self, statement: &str, data: &[u8]) -> Result<(), StorageError> {
        let mut copy = self.tx.copy_in_raw(statement).await?;
        copy.send(data).await?;
        copy.finish().await?;
        Ok(())
    }
}

/// Bytes of rows gathered before they are copied in. Each `COPY` ends with a short
/// message sent after its data, and with Nagle's algorithm on (see `POSTGRES_MAX_BYTES`)
/// that message waits for the server's delayed acknowledgement, about 40 ms: a `COPY` per
/// table per batch of 500 cases made a million-row import four times slower than INSERTs.
/// Gathered into chunks this size, a million cases take a few dozen `COPY`s a table, and
/// memory stays within a few chunks whatever the size of the file.
pub const CHUNK_BYTES: usize = 32 * 1024 * 1024;

/// A reserved batch as the data of one `COPY` per table, every table in the order
/// [`super::rows`] gives them (parents first), those without rows included.
#[derive(Debug, Default)]
pub struct Copies {
    tables: Vec<Copy>,
    cases: usize,
}

#[derive(Debug)]
struct Copy {
    /// The `COPY` command, once a row has shown which columns are set.
    statement: Option<String>,
    data: Vec<u8>,
}

impl Copies {
    fn bytes(&self) -> usize {
        self.tables.iter().map(|t| t.data.len()).sum()
    }

    /// Adds a later batch's rows to these, table by table.
    fn append(&mut self, other: Copies) -> Result<(), StorageError> {
        if self.tables.is_empty() {
            *self = other;
            return Ok(());
        }
        if self.tables.len() != other.tables.len() {
            return Err(StorageError::Corrupt(
                "batches with different tables".to_owned(),
            ));
        }
        for (mine, theirs) in self.tables.iter_mut().zip(other.tables) {
            match (&mine.statement, theirs.statement) {
                (_, None) => {}
                (None, Some(statement)) => mine.statement = Some(statement),
                (Some(a), Some(b)) if *a != b => {
                    return Err(StorageError::Corrupt(format!(
                        "batches copy different columns: {a} and {b}"
                    )));
                }
                (Some(_), Some(_)) => {}
            }
            mine.data.extend_from_slice(&theirs.data);
        }
        self.cases += other.cases;
        Ok(())
    }
}

/// The second step of a COPY load: a reserved batch's rows in PostgreSQL's text format.
/// Needs no database, like [`super::prepare`].
pub fn prepare_copies(reserved: Reserved, calendar: &Calendar) -> Result<Copies, StorageError> {
    let mut tables = CopyTables(Vec::new());
    let cases = super::rows(reserved, calendar, &mut tables)?;
    Ok(Copies {
        tables: tables.0,
        cases,
    })
}

struct CopyTables(Vec<Copy>);

impl Tables for CopyTables {
    fn add<A: ActiveModelTrait>(
        &mut self,
        rows: impl IntoIterator<Item = A>,
    ) -> Result<(), StorageError> {
        let table = <A::Entity as Default>::default().table_name();
        let mut columns: Option<Vec<&'static str>> = None;
        let mut data = Vec::new();
        for row in rows {
            let mut set = Vec::new();
            for column in <A::Entity as sea_orm::EntityTrait>::Column::iter() {
                match row.get(column) {
                    ActiveValue::Set(value) | ActiveValue::Unchanged(value) => {
                        if !set.is_empty() {
                            data.push(b'\t');
                        }
                        set.push(column.as_str());
                        value_text(&value, &mut data)?;
                    }
                    ActiveValue::NotSet => {}
                }
            }
            data.push(b'\n');
            match &columns {
                None => columns = Some(set),
                Some(first) if *first != set => {
                    return Err(StorageError::Corrupt(format!(
                        "rows of {table} set different columns"
                    )));
                }
                Some(_) => {}
            }
        }
        let statement = columns.map(|columns| {
            let columns = columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ");
            format!("COPY \"{table}\" ({columns}) FROM STDIN")
        });
        self.0.push(Copy { statement, data });
        Ok(())
    }
}

/// A value as `COPY`'s text format writes it: `\N` for NULL, text with its backslashes,
/// tabs and line ends escaped, dates and times in ISO 8601.
fn value_text(value: &Value, out: &mut Vec<u8>) -> Result<(), StorageError> {
    if !value.is_some() {
        out.extend_from_slice(b"\\N");
        return Ok(());
    }
    // Writing to a Vec cannot fail.
    let _ = match value {
        Value::Bool(Some(b)) => out.write_all(if *b { b"t" } else { b"f" }),
        Value::SmallInt(Some(n)) => write!(out, "{n}"),
        Value::Int(Some(n)) => write!(out, "{n}"),
        Value::BigInt(Some(n)) => write!(out, "{n}"),
        Value::String(Some(s)) => {
            text(s, out);
            Ok(())
        }
        Value::ChronoDate(Some(d)) => write!(out, "{}", d.format("%Y-%m-%d")),
        Value::ChronoDateTimeUtc(Some(t)) => {
            out.write_all(t.to_rfc3339_opts(SecondsFormat::AutoSi, true).as_bytes())
        }
        other => {
            return Err(StorageError::Corrupt(format!(
                "no COPY text for the value {other:?}"
            )));
        }
    };
    Ok(())
}

/// Text escaped for `COPY`: a backslash, tab, line feed or carriage return would otherwise
/// end the value or the row.
fn text(s: &str, out: &mut Vec<u8>) {
    for byte in s.bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn encoded(value: Value) -> String {
        let mut out = Vec::new();
        value_text(&value, &mut out).expect("encodes");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn values_are_written_as_copy_reads_them() {
        assert_eq!(encoded(Value::Int(None)), "\\N");
        assert_eq!(encoded(Value::String(None)), "\\N");
        assert_eq!(encoded(Value::SmallInt(Some(-2))), "-2");
        assert_eq!(encoded(Value::BigInt(Some(12_345_678_901))), "12345678901");
        assert_eq!(encoded(Value::Bool(Some(true))), "t");
        assert_eq!(encoded(Value::Bool(Some(false))), "f");
        assert_eq!(
            encoded(Value::ChronoDate(Some(
                NaiveDate::from_ymd_opt(2026, 3, 31).expect("date")
            ))),
            "2026-03-31"
        );
        let at = Utc
            .with_ymd_and_hms(2025, 4, 1, 9, 30, 0)
            .single()
            .expect("time");
        assert_eq!(
            encoded(Value::ChronoDateTimeUtc(Some(at))),
            "2025-04-01T09:30:00Z"
        );
    }

    #[test]
    fn text_that_would_end_a_value_or_a_row_is_escaped() {
        assert_eq!(
            encoded(Value::String(Some("a\tb\nc\r\\d \\N é".to_owned()))),
            "a\\tb\\nc\\r\\\\d \\\\N é"
        );
    }

    fn copies(tables: &[(Option<&str>, &str)], cases: usize) -> Copies {
        Copies {
            tables: tables
                .iter()
                .map(|(statement, data)| Copy {
                    statement: statement.map(str::to_owned),
                    data: data.as_bytes().to_vec(),
                })
                .collect(),
            cases,
        }
    }

    #[test]
    fn batches_gather_table_by_table_into_one_chunk() {
        let mut chunk = Copies::default();
        chunk
            .append(copies(&[(Some("COPY a"), "1\n"), (None, "")], 1))
            .expect("first");
        chunk
            .append(copies(
                &[(Some("COPY a"), "2\n"), (Some("COPY b"), "x\n")],
                2,
            ))
            .expect("second");
        assert_eq!(chunk.cases, 3);
        assert_eq!(chunk.bytes(), 6);
        assert_eq!(chunk.tables[0].statement.as_deref(), Some("COPY a"));
        assert_eq!(chunk.tables[0].data, b"1\n2\n");
        assert_eq!(chunk.tables[1].statement.as_deref(), Some("COPY b"));
        assert_eq!(chunk.tables[1].data, b"x\n");
        // Rows that set other columns cannot share a COPY.
        assert!(
            chunk
                .append(copies(&[(Some("COPY c"), "3\n"), (None, "")], 1))
                .is_err()
        );
    }

    #[test]
    fn a_value_with_no_text_form_is_refused_rather_than_guessed() {
        let mut out = Vec::new();
        assert!(value_text(&Value::Double(Some(1.5)), &mut out).is_err());
    }
}
