//! Bringing in history from the previous system (SPEC section 8): a CSV file checked whole,
//! then stored whole or not at all.
//!
//! Two passes over the file, each streamed. The first checks every row with
//! [`domain::history`] and keeps only each reference with its line (to find duplicates)
//! and the first [`MAX_REPORTED`] problems; if any row is wrong, nothing is written. The
//! second reads the file again and stores its rows [`BATCH`] at a time through
//! [`crate::bulk`], every batch inside one transaction, so a failure at any point (the
//! database, the file changing under us, the process stopping) leaves the database as it
//! was. Memory grows with the number of references, never with the rows themselves.
//!
//! A row whose reference is already on a case (`cases.legacy_reference`, unique, and
//! searchable in the work queue) is skipped: importing the same file twice adds nothing the
//! second time.
//!
//! The csv crate reads synchronously, so reading and checking run on a blocking thread; in
//! the second pass that thread also turns rows into cases, which reach the database task
//! through a channel two batches deep. There each batch is reserved (references and case
//! ids) and then built on another blocking thread while the batch before it is written, so
//! three batches are in hand at most. SQLite takes the rows as multi-row INSERTs
//! ([`bulk::prepare`]), PostgreSQL as one `COPY` per table ([`bulk::PgLoad`]), both built
//! by the same code.
//!
//! On SQLite the import holds the database's write lock until it commits: other changes
//! wait for it (a million rows take about a minute; see the README's benchmarks).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use csv::{ErrorKind, StringRecord};
use domain::history::{Header, HeaderError, HistoryRow};
use domain::{Calendar, Description};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde::{Deserialize, Serialize};

use crate::bulk::{self, GeneratedCase};
use crate::cases::{CaseDetails, NewCase, Who};
use crate::entities::cases;
use crate::{Backend, Db, StorageError};

/// Rows stored per batch (the bulk loader's statements stay small within it).
pub const BATCH: usize = 500;

/// Problems listed in a refusal; past this many, the rest are only counted, so that a file
/// of a million bad rows cannot fill memory with complaints about them.
pub const MAX_REPORTED: usize = 1000;

/// How often, in rows, progress is reported while checking.
const PROGRESS_EVERY: u64 = 2048;

/// Bytes of references per lookup of those already imported: under the PostgreSQL
/// statement size that `bulk` explains.
const LOOKUP_BYTES: usize = 8_000;

/// One thing wrong in the file: its line (from 1, the header being line 1), the column
/// when it is about one, and what is wrong, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

/// What an import did (or, for a dry run, would check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// Rows in the file, not counting the header.
    pub rows: u64,
    /// Cases added.
    pub imported: u64,
    /// Rows skipped because a case already has their reference.
    pub already_imported: u64,
    pub dry_run: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Some rows are wrong: nothing was imported.
    #[error("{rows_with_problems} rows of the file have problems, so nothing was imported")]
    Refused {
        problems: Vec<RowProblem>,
        /// Every row with a problem, including those past [`MAX_REPORTED`].
        rows_with_problems: u64,
    },
    /// The file could not be read (missing, unreadable, changed between the passes).
    #[error("could not read the file: {0}")]
    Read(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Which pass is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Checking,
    Importing,
}

/// Told how far an import has got: the step, rows done in it, and bytes of the file read
/// in it (out of the file's size, for a progress bar).
pub trait Watcher: Send + Sync {
    fn progress(&self, step: Step, rows: u64, bytes: u64);
}

/// A watcher that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unwatched;

impl Watcher for Unwatched {
    fn progress(&self, _: Step, _: u64, _: u64) {}
}

/// Checks the file at `path` and, unless `dry_run`, imports it (see the module's notes).
/// `now` decides what counts as the future.
pub async fn import_file(
    db: &Db,
    calendar: &Calendar,
    path: &Path,
    dry_run: bool,
    now: DateTime<Utc>,
    watcher: Arc<dyn Watcher>,
) -> Result<ImportSummary, ImportError> {
    import(db, calendar, path, dry_run, now, watcher, bulk::CHUNK_BYTES).await
}

/// [`import_file`], copying in chunks of `chunk_bytes` on PostgreSQL.
async fn import(
    db: &Db,
    calendar: &Calendar,
    path: &Path,
    dry_run: bool,
    now: DateTime<Utc>,
    watcher: Arc<dyn Watcher>,
    chunk_bytes: usize,
) -> Result<ImportSummary, ImportError> {
    let (rows, references) = {
        let (path, watcher) = (path.to_owned(), watcher.clone());
        tokio::task::spawn_blocking(move || check_file(&path, now, watcher.as_ref()))
            .await
            .map_err(|e| ImportError::Read(format!("the check stopped: {e}")))??
    };
    let mut summary = ImportSummary {
        rows,
        dry_run,
        ..ImportSummary::default()
    };
    if dry_run {
        return Ok(summary);
    }
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Result<Batch, ImportError>>(2);
    let calendar = Arc::new(calendar.clone());
    let policies = crate::policies::set(db).await?;
    let reader = {
        let (path, calendar): (PathBuf, _) = (path.to_owned(), calendar.clone());
        tokio::task::spawn_blocking(move || read_batches(&path, now, &calendar, &policies, &sender))
    };
    let backend = db.backend();
    let mut load = Load::begin(db, chunk_bytes).await?;
    // Which rows were imported before is asked once, before anything is written: the file
    // holds each reference once, so no row can meet a case this import added. (Asked batch
    // by batch instead, PostgreSQL would plan the lookup for the empty table it started as
    // and scan every row added so far, each time.)
    let existing = load.already_imported(&references).await?;
    drop(references);
    // Each batch is reserved, then built into statements on another thread while the batch
    // before it is written: building and writing take about as long as each other.
    let written = async {
        let mut building: Option<Building> = None;
        while let Some(batch) = batches.recv().await {
            let batch = batch?;
            let (fresh, skipped) = not_yet_imported(batch.cases, &existing);
            let reserved = load.reserve(fresh).await?;
            let calendar = calendar.clone();
            let next = Building {
                statements: tokio::task::spawn_blocking(move || {
                    Written::prepare(reserved, backend, &calendar)
                }),
                skipped,
                bytes: batch.bytes,
            };
            if let Some(previous) = building.replace(next) {
                previous
                    .write(&mut load, &mut summary, watcher.as_ref())
                    .await?;
            }
        }
        if let Some(last) = building {
            last.write(&mut load, &mut summary, watcher.as_ref())
                .await?;
        }
        Ok::<_, ImportError>(())
    }
    .await;
    // Put back whether or not the rows went in (the connection returns to the pool), but
    // report why the rows did not go in first.
    let restored = load.restore().await;
    written?;
    restored?;
    reader
        .await
        .map_err(|e| ImportError::Read(format!("reading stopped: {e}")))?;
    if summary.imported + summary.already_imported != rows {
        return Err(ImportError::Read(
            "the file changed while it was being imported".to_owned(),
        ));
    }
    load.commit().await?;
    Ok(summary)
}

/// The transaction an import writes in. On SQLite, sea-orm's, with multi-row INSERTs and
/// the settings of [`bulk::LoadTuning`]; on PostgreSQL, `COPY` ([`bulk::PgLoad`]).
enum Load {
    Insert {
        txn: DatabaseTransaction,
        tuning: Option<bulk::LoadTuning>,
        ids: bulk::CaseIds,
    },
    Copy(bulk::PgLoad),
}

/// A batch ready to write, in the form its [`Load`] takes.
enum Written {
    Insert(bulk::Prepared),
    Copy(bulk::Copies),
}

impl Written {
    /// Builds a reserved batch's rows (no database needed).
    fn prepare(
        reserved: bulk::Reserved,
        backend: Backend,
        calendar: &Calendar,
    ) -> Result<Self, StorageError> {
        Ok(match backend {
            Backend::Postgres => Self::Copy(bulk::prepare_copies(reserved, calendar)?),
            Backend::Sqlite => Self::Insert(bulk::prepare(reserved, backend, calendar)?),
        })
    }
}

impl Load {
    async fn begin(db: &Db, chunk_bytes: usize) -> Result<Self, StorageError> {
        match db.backend() {
            Backend::Postgres => Ok(Self::Copy(bulk::PgLoad::begin(db, chunk_bytes).await?)),
            backend @ Backend::Sqlite => {
                // The writer's lock is taken as the load begins (`Conn::begin`): others
                // wait for the import (the busy timeout), and the job's progress shows
                // from this server's memory meanwhile.
                let txn = db.conn().begin().await?;
                let tuning = bulk::LoadTuning::apply(&txn, backend).await?;
                Ok(Self::Insert {
                    txn,
                    tuning: Some(tuning),
                    ids: bulk::CaseIds::default(),
                })
            }
        }
    }

    /// The references of `rows` that a case already carries.
    async fn already_imported(
        &mut self,
        rows: &[Box<str>],
    ) -> Result<HashSet<String>, StorageError> {
        match self {
            Self::Insert { txn, .. } => already_imported(txn, rows).await,
            Self::Copy(load) => load.legacy_references(rows).await,
        }
    }

    async fn reserve(&mut self, cases: Vec<GeneratedCase>) -> Result<bulk::Reserved, StorageError> {
        match self {
            Self::Insert { txn, ids, .. } => bulk::reserve(txn, Backend::Sqlite, cases, ids).await,
            Self::Copy(load) => load.reserve(cases).await,
        }
    }

    async fn write(&mut self, written: Written) -> Result<usize, StorageError> {
        match (self, written) {
            (Self::Insert { txn, .. }, Written::Insert(prepared)) => {
                bulk::write(txn, prepared).await
            }
            (Self::Copy(load), Written::Copy(copies)) => load.write(copies).await,
            _ => Err(StorageError::Corrupt(
                "a batch prepared for the other database".to_owned(),
            )),
        }
    }

    /// Puts back the connection's settings, if the load changed any.
    async fn restore(&mut self) -> Result<(), StorageError> {
        match self {
            Self::Insert { txn, tuning, .. } => match tuning.take() {
                Some(tuning) => tuning.restore(txn).await,
                None => Ok(()),
            },
            Self::Copy(_) => Ok(()),
        }
    }

    async fn commit(self) -> Result<(), StorageError> {
        match self {
            Self::Insert { txn, .. } => Ok(txn.commit().await?),
            Self::Copy(load) => load.commit().await,
        }
    }
}

fn open(path: &Path) -> Result<csv::Reader<BufReader<File>>, ImportError> {
    let file = File::open(path).map_err(|e| ImportError::Read(e.to_string()))?;
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 16, file)))
}

/// Reads and checks the header.
fn header(reader: &mut csv::Reader<BufReader<File>>) -> Result<(Header, usize), ImportError> {
    let names = match reader.headers() {
        Ok(names) => names.clone(),
        Err(e) => return Err(read_error(e, 1)),
    };
    let problems = |errors: Vec<HeaderError>| ImportError::Refused {
        rows_with_problems: 1,
        problems: errors
            .into_iter()
            .map(|e| RowProblem {
                line: 1,
                column: match &e {
                    HeaderError::Unknown(name) => Some(name.clone()),
                    HeaderError::Repeated(name) | HeaderError::Missing(name) => {
                        Some((*name).to_owned())
                    }
                    HeaderError::Empty => None,
                },
                reason: e.to_string(),
            })
            .collect(),
    };
    let header = Header::parse(names.iter()).map_err(problems)?;
    Ok((header, names.len()))
}

/// A whole-file failure as a refusal when it is the file's fault, a read error otherwise.
fn read_error(e: csv::Error, line: u64) -> ImportError {
    match e.kind() {
        ErrorKind::Utf8 { .. } => ImportError::Refused {
            rows_with_problems: 1,
            problems: vec![RowProblem {
                line,
                column: None,
                reason: not_utf8(),
            }],
        },
        _ => ImportError::Read(e.to_string()),
    }
}

fn not_utf8() -> String {
    "This line is not UTF-8 text: save the file as “CSV UTF-8” and try again".to_owned()
}

/// The first pass: every row checked. If all are right, the number of rows and their
/// references.
fn check_file(
    path: &Path,
    now: DateTime<Utc>,
    watcher: &dyn Watcher,
) -> Result<(u64, Vec<Box<str>>), ImportError> {
    let mut reader = open(path)?;
    let (header, width) = header(&mut reader)?;
    let mut seen: HashMap<Box<str>, u64> = HashMap::new();
    let mut problems = Vec::new();
    let mut rows_with_problems = 0u64;
    let mut rows = 0u64;
    let mut record = StringRecord::new();
    loop {
        let mut found = Vec::new();
        let line = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                check_record(&header, width, &record, now, line, &mut seen, &mut found);
                line
            }
            Err(e) => {
                let line = match e.kind() {
                    ErrorKind::Utf8 { pos, .. } => pos.as_ref().map_or(0, |p| p.line()),
                    _ => return Err(ImportError::Read(e.to_string())),
                };
                found.push((None, not_utf8()));
                line
            }
        };
        rows += 1;
        if !found.is_empty() {
            rows_with_problems += 1;
            for (column, reason) in found {
                if problems.len() < MAX_REPORTED {
                    problems.push(RowProblem {
                        line,
                        column,
                        reason,
                    });
                }
            }
        }
        if rows.is_multiple_of(PROGRESS_EVERY) {
            watcher.progress(Step::Checking, rows, reader.position().byte());
        }
    }
    watcher.progress(Step::Checking, rows, reader.position().byte());
    if rows_with_problems > 0 {
        return Err(ImportError::Refused {
            problems,
            rows_with_problems,
        });
    }
    Ok((rows, seen.into_keys().collect()))
}

fn check_record(
    header: &Header,
    width: usize,
    record: &StringRecord,
    now: DateTime<Utc>,
    line: u64,
    seen: &mut HashMap<Box<str>, u64>,
    found: &mut Vec<(Option<String>, String)>,
) {
    if record.len() != width {
        found.push((
            None,
            format!(
                "This line has {} values but the first line names {width} columns",
                record.len()
            ),
        ));
        return;
    }
    if let Err(row_problems) = header.row(|i| record.get(i), now) {
        found.extend(
            row_problems
                .into_iter()
                .map(|p| (Some(p.column.name().to_owned()), p.reason)),
        );
    }
    let reference = header
        .position(domain::history::Column::Reference)
        .and_then(|i| record.get(i))
        .map(str::trim)
        .unwrap_or_default();
    if reference.is_empty() {
        return;
    }
    if let Some(first) = seen.get(reference) {
        found.push((
            Some("reference".to_owned()),
            format!("The reference “{reference}” is also on line {first}: each must be unique"),
        ));
    } else {
        seen.insert(reference.into(), line);
    }
}

/// Rows of the second pass as the cases they become, with how far into the file they reach.
struct Batch {
    cases: Vec<GeneratedCase>,
    bytes: u64,
}

/// The second pass: the checked rows again, [`BATCH`] at a time.
fn read_batches(
    path: &Path,
    now: DateTime<Utc>,
    calendar: &Calendar,
    policies: &domain::policy::PolicySet,
    sender: &tokio::sync::mpsc::Sender<Result<Batch, ImportError>>,
) {
    let changed = || ImportError::Read("the file changed while it was being imported".to_owned());
    let result = (|| {
        let mut reader = open(path)?;
        let (header, _) = header(&mut reader).map_err(|_| changed())?;
        let mut rows = Vec::with_capacity(BATCH);
        for record in reader.records() {
            let record = record.map_err(|_| changed())?;
            let row = header.row(|i| record.get(i), now).map_err(|_| changed())?;
            rows.push(generated(&row, calendar, policies)?);
            if rows.len() == BATCH {
                let bytes = record.position().map_or(0, |p| p.byte());
                let batch = Batch {
                    cases: std::mem::replace(&mut rows, Vec::with_capacity(BATCH)),
                    bytes,
                };
                if sender.blocking_send(Ok(batch)).is_err() {
                    // The importer stopped (and rolled back): nothing more to read for.
                    return Ok(());
                }
            }
        }
        if !rows.is_empty() {
            let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
            let _ = sender.blocking_send(Ok(Batch { cases: rows, bytes }));
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = sender.blocking_send(Err(e));
    }
}

/// A batch whose statements are being built on a blocking thread.
struct Building {
    statements: tokio::task::JoinHandle<Result<Written, StorageError>>,
    /// Rows of the batch skipped as imported before.
    skipped: u64,
    /// How far into the file the batch reaches.
    bytes: u64,
}

impl Building {
    /// Waits for the statements, runs them, and reports the progress.
    async fn write(
        self,
        load: &mut Load,
        summary: &mut ImportSummary,
        watcher: &dyn Watcher,
    ) -> Result<(), ImportError> {
        let prepared = self
            .statements
            .await
            .map_err(|e| ImportError::Read(format!("preparing the rows stopped: {e}")))??;
        summary.imported += load.write(prepared).await? as u64;
        summary.already_imported += self.skipped;
        watcher.progress(
            Step::Importing,
            summary.imported + summary.already_imported,
            self.bytes,
        );
        Ok(())
    }
}

/// The cases of a batch whose references are not among `existing`, and how many were
/// left out.
fn not_yet_imported(
    cases: Vec<GeneratedCase>,
    existing: &HashSet<String>,
) -> (Vec<GeneratedCase>, u64) {
    if existing.is_empty() {
        return (cases, 0);
    }
    let total = cases.len();
    let fresh: Vec<_> = cases
        .into_iter()
        .filter(|case| {
            case.new
                .legacy_reference
                .as_ref()
                .is_none_or(|reference| !existing.contains(reference))
        })
        .collect();
    let skipped = (total - fresh.len()) as u64;
    (fresh, skipped)
}

/// The references of `rows` that a case already carries.
async fn already_imported(
    txn: &DatabaseTransaction,
    rows: &[Box<str>],
) -> Result<HashSet<String>, StorageError> {
    let mut found = HashSet::new();
    let mut start = 0;
    while start < rows.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < rows.len() && (end == start || bytes + rows[end].len() <= LOOKUP_BYTES) {
            bytes += rows[end].len() + 4;
            end += 1;
        }
        let select = Query::select()
            .column(cases::Column::LegacyReference)
            .from(cases::Entity)
            .and_where(
                Expr::col(cases::Column::LegacyReference)
                    .is_in(rows[start..end].iter().map(|r| r.to_string())),
            )
            .to_owned();
        for row in txn.query_all(&select).await? {
            let reference: Option<String> = row.try_get_by_index(0)?;
            found.extend(reference);
        }
        start = end;
    }
    Ok(found)
}

/// The case a checked row becomes, ready for the bulk loader: no customer (the previous
/// system's export names none), recorded by Putright itself, its first timeline entry
/// "imported" with the old reference.
fn generated(
    row: &HistoryRow,
    calendar: &Calendar,
    policies: &domain::policy::PolicySet,
) -> Result<GeneratedCase, StorageError> {
    let state = row.case(calendar, policies);
    let what = Description::parse(&format!(
        "Imported from the previous system, where its reference was {}.",
        row.reference()
    ))
    .map_err(|e| StorageError::Corrupt(format!("imported description: {e}")))?;
    Ok(GeneratedCase {
        new: NewCase {
            channel: row.channel(),
            received_at: row.received_at(),
            customer: None,
            details: CaseDetails::describing(what),
            case: state.clone(),
            recorded_by: Who::system(),
            linked_case: None,
            legacy_reference: Some(row.reference().to_owned()),
        },
        state,
        timeline: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{count_rows, on_each_backend};

    /// On PostgreSQL a chunk is copied in whenever it reaches its size, as well as at the
    /// end: with chunks of a byte, every batch is copied in as it comes, and the cases of
    /// all of them are stored whole, each with its own reference.
    #[tokio::test]
    async fn rows_copied_in_many_chunks_are_all_stored() {
        let rows = BATCH * 2 + 7;
        let mut text = String::from("reference,kind,channel,received_at,status\n");
        for i in 0..rows {
            text.push_str(&format!(
                "OLD-{i},compliment,letter,2025-08-01T09:00:00Z,closed\n"
            ));
        }
        let path = std::env::temp_dir().join(format!(
            "putright-import-{}.csv",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::write(&path, text).expect("written");
        let calendar = Calendar::england_and_wales();
        on_each_backend(|db, backend| {
            let (path, calendar) = (path.clone(), calendar.clone());
            async move {
                let now = "2026-01-01T00:00:00Z".parse().expect("a time");
                let summary = import(&db, &calendar, &path, false, now, Arc::new(Unwatched), 1)
                    .await
                    .expect("imported");
                assert_eq!(summary.imported, rows as u64, "{backend}");
                let stored = |sql: &'static str| {
                    let db = db.clone();
                    async move { count_rows(&db, sql).await.expect("counted") }
                };
                assert_eq!(stored("SELECT count(*) FROM cases").await, rows as i64, "{backend}");
                assert_eq!(
                    stored(
                        "SELECT count(DISTINCT reference_year * 1000000 + reference_number) FROM cases"
                    )
                    .await,
                    rows as i64,
                    "{backend}"
                );
                assert_eq!(
                    stored("SELECT count(*) FROM timeline").await,
                    rows as i64,
                    "{backend}"
                );
            }
        })
        .await;
        let _ = std::fs::remove_file(&path);
    }
}
