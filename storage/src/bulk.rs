//! Loading many accounts and cases at once, for benchmark data and large imports.
//!
//! [`cases::create`] and [`cases::save`] write one case a transaction, a row at a time: right
//! for people at screens, far too slow for a hundred thousand cases. Here a whole batch
//! goes in one transaction, each table written with multi-row inserts (see
//! `POSTGRES_MAX_BYTES` for why they are kept small there), while every row is built by
//! the same helpers the one-at-a-time path uses, so a bulk-loaded case cannot differ from
//! one made through the screens.
//!
//! A batch is held in memory whole: callers keep it to a few hundred cases and call again,
//! so memory stays flat however many cases they load.
//!
//! An import on PostgreSQL writes the same rows through `COPY` instead ([`PgLoad`]).

mod copy;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use domain::{Calendar, Case, Role, TimelineItem};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    Iterable, QueryTrait, Statement, Value, sea_query::Query,
};

use crate::cases::{self, CaseId, CustomerChoice, NewCase, Who};
use crate::customers::{self, CustomerDetails};
use crate::entities::{cases as case_rows, customers as customer_rows, users};
use crate::{Backend, Db, StorageError, accounts};

pub use copy::{CHUNK_BYTES, Copies, PgLoad, prepare_copies};

/// Bound parameters per INSERT: SQLite allows 32,766 and PostgreSQL 65,535.
const MAX_PARAMETERS: usize = 16_000;

/// Bytes of values per INSERT on PostgreSQL, roughly. sqlx 0.9 leaves Nagle's algorithm on
/// for PostgreSQL's TCP connections (the fix, transact-rs/sqlx#4336, is not released yet):
/// a message bigger than the socket's send buffer (16 KiB when a connection opens, on
/// Linux) goes out in two parts, and the second waits for the server's delayed
/// acknowledgement, 40 ms, statement after statement. On a local server that was four
/// fifths of the time a bulk load took. Statements under the buffer go out whole. SQLite
/// has no socket and is a fifth faster with the biggest statements the parameter limit
/// allows, so it gets those.
const POSTGRES_MAX_BYTES: usize = 12_000;

/// The most bytes of values one INSERT should carry on this database, if there is a limit.
fn max_bytes(db: &Db) -> Option<usize> {
    backend_max_bytes(db.backend())
}

/// The most bytes of values one INSERT should carry on a database of this kind.
pub fn backend_max_bytes(backend: Backend) -> Option<usize> {
    match backend {
        Backend::Postgres => Some(POSTGRES_MAX_BYTES),
        Backend::Sqlite => None,
    }
}

/// A case made elsewhere (a generator, an import) with its whole history: what
/// [`cases::create`] would be given, where the case has got to since, and the timeline
/// that explains how.
#[derive(Debug, Clone)]
pub struct GeneratedCase {
    /// The case as it arrived. `new.case` is its first state and `new.recorded_by` who
    /// recorded it; the first timeline entry is made from them as [`cases::create`] makes it.
    pub new: NewCase,
    /// Where the case is now: the state stored, and the source of its projection rows.
    pub state: Case,
    /// Everything after the first entry, oldest first, each with when it happened.
    pub timeline: Vec<(DateTime<Utc>, Who, TimelineItem)>,
}

/// Creates staff accounts that all share one password, hashed once: argon2 is deliberately
/// slow, and hundreds of hashes would take longer than the rest of a load. Returns the new
/// ids in the order of `people` (email, display name, role). An address already in use is a
/// [`StorageError::Conflict`] and nothing is created.
pub async fn create_staff(
    db: &Db,
    people: &[(String, String, Role)],
    password: &str,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, StorageError> {
    let password_hash = accounts::hash_password(password.to_owned()).await?;
    let txn = db.conn().begin().await?;
    let mut by_email = HashMap::with_capacity(people.len());
    let rows = people.iter().map(|(email, name, role)| {
        accounts::user_row(email, name, *role, password_hash.clone(), now)
    });
    for rows in batches(rows, max_bytes(db)) {
        let insert = users::Entity::insert_many(rows)
            .into_query()
            .returning(
                Query::returning()
                    .columns([users::Column::Id, users::Column::Email])
                    .to_owned(),
            )
            .to_owned();
        for row in txn.query_all(&insert).await? {
            let id: i32 = row.try_get_by_index(0)?;
            let email: String = row.try_get_by_index(1)?;
            by_email.insert(email, id);
        }
    }
    let ids = people
        .iter()
        .map(|(email, _, _)| {
            by_email
                .get(&accounts::normalise_email(email))
                .copied()
                .ok_or_else(|| StorageError::Corrupt(format!("account {email} not returned")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    txn.commit().await?;
    Ok(ids)
}

/// Stores a batch of cases with their customers, references, projections and timelines,
/// all in one transaction. Returns how many cases were stored.
///
/// New customers that are equal (same details, same account) within the batch become one
/// customer: that is how a generator or an import says "the same person again". References
/// are drawn per year in batch order from the same counters [`cases::create`] uses, so
/// they stay unique and gapless alongside cases recorded the ordinary way.
pub async fn insert_cases(
    db: &Db,
    cases: Vec<GeneratedCase>,
    calendar: &Calendar,
) -> Result<usize, StorageError> {
    if cases.is_empty() {
        return Ok(0);
    }
    let txn = db.conn().begin().await?;
    let stored = insert_cases_in(&txn, db.backend(), cases, calendar).await?;
    txn.commit().await?;
    Ok(stored)
}

/// [`insert_cases`] inside a transaction the caller holds, for a load that must stand or
/// fall whole across many batches. `backend` is the database's, for the size of its
/// statements. The three steps it takes one after the other ([`reserve`], [`prepare`],
/// [`write`]) are public so that a long load can overlap them.
pub async fn insert_cases_in(
    txn: &DatabaseTransaction,
    backend: Backend,
    cases: Vec<GeneratedCase>,
    calendar: &Calendar,
) -> Result<usize, StorageError> {
    let reserved = reserve(txn, backend, cases, &mut CaseIds::default()).await?;
    write(txn, prepare(reserved, backend, calendar)?).await
}

/// Case ids, handed out before the rows that take them are written, so that a batch's
/// rows (its stages and timeline point at its case ids) can all be built away from the
/// database.
///
/// On PostgreSQL each id is drawn from the table's own sequence, which other servers share
/// safely. SQLite has one writer at a time: once a transaction has written anything it
/// holds the database's write lock until it ends, so the highest id ever used (the
/// AUTOINCREMENT counter) is read once and counted on from there. Inserting an explicit id
/// moves that counter on, so ids are never reused either way.
#[derive(Debug, Default)]
pub struct CaseIds {
    next: Option<i32>,
}

impl CaseIds {
    /// `n` unused case ids. On SQLite, call it only once the transaction has written
    /// something (the write lock is what keeps the ids to ourselves).
    async fn take(
        &mut self,
        txn: &DatabaseTransaction,
        backend: Backend,
        n: usize,
    ) -> Result<Vec<CaseId>, StorageError> {
        let count =
            i32::try_from(n).map_err(|_| StorageError::Corrupt(format!("{n} case ids at once")))?;
        match backend {
            Backend::Postgres => {
                let select = Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    NEXT_CASE_IDS,
                    [count.into()],
                );
                txn.query_all_raw(select)
                    .await?
                    .into_iter()
                    .map(|row| Ok(CaseId(row.try_get_by_index::<i32>(0)?)))
                    .collect()
            }
            Backend::Sqlite => {
                let first = match self.next {
                    Some(next) => next,
                    None => {
                        let select = Statement::from_string(
                            DbBackend::Sqlite,
                            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence \
                             WHERE name = 'cases'), 0), coalesce((SELECT max(id) FROM cases), 0))",
                        );
                        let row = txn.query_one_raw(select).await?.ok_or_else(|| {
                            StorageError::Corrupt("no highest case id".to_owned())
                        })?;
                        row.try_get_by_index::<i64>(0)
                            .map_err(StorageError::from)
                            .and_then(|last| {
                                i32::try_from(last + 1).map_err(|_| {
                                    StorageError::Corrupt(format!("case id {last} is too high"))
                                })
                            })?
                    }
                };
                let after = first
                    .checked_add(count)
                    .ok_or_else(|| StorageError::Corrupt("case ids have run out".to_owned()))?;
                self.next = Some(after);
                Ok((first..after).map(CaseId).collect())
            }
        }
    }
}

/// `$1` new case ids from the table's sequence, on PostgreSQL.
const NEXT_CASE_IDS: &str = "SELECT nextval(pg_get_serial_sequence('cases', 'id'))::integer \
                             FROM generate_series(1, $1)";

/// SQLite settings for a transaction that writes a great many rows, put back as they
/// were before it commits.
///
/// A load of a million cases is one transaction, far bigger than SQLite's default page
/// cache (2 MB): the cache spills changed pages into the write-ahead log and reads them
/// back again and again, and each multi-row INSERT copies the pages it changes into a
/// statement journal on disk. A 64 MiB cache and statement journals in memory took a
/// million-row import from 63 s to 47 s. Both are fixed sizes, so memory still does not
/// grow with the load. PostgreSQL needs nothing.
#[derive(Debug)]
#[must_use = "restore the settings before committing"]
pub struct LoadTuning {
    /// The connection's own `cache_size` and `temp_store`, on SQLite.
    before: Option<(i64, i64)>,
}

impl LoadTuning {
    /// Page cache for a load, in KiB (SQLite takes a negative `cache_size` as KiB).
    const CACHE_KIB: i64 = 64 * 1024;

    /// Applies the settings to `txn`'s connection.
    pub async fn apply(txn: &DatabaseTransaction, backend: Backend) -> Result<Self, StorageError> {
        if backend != Backend::Sqlite {
            return Ok(Self { before: None });
        }
        let cache = pragma(txn, "cache_size").await?;
        let temp_store = pragma(txn, "temp_store").await?;
        txn.execute_unprepared(&format!("PRAGMA cache_size = -{}", Self::CACHE_KIB))
            .await?;
        txn.execute_unprepared("PRAGMA temp_store = MEMORY").await?;
        Ok(Self {
            before: Some((cache, temp_store)),
        })
    }

    /// Puts the connection's settings back (the connection returns to the pool after the
    /// transaction). The changed pages still in the cache are written as it shrinks.
    pub async fn restore(self, txn: &DatabaseTransaction) -> Result<(), StorageError> {
        if let Some((cache, temp_store)) = self.before {
            txn.execute_unprepared(&format!("PRAGMA cache_size = {cache}"))
                .await?;
            txn.execute_unprepared(&format!("PRAGMA temp_store = {temp_store}"))
                .await?;
        }
        Ok(())
    }
}

/// The value of an integer SQLite pragma on `txn`'s connection.
async fn pragma(txn: &DatabaseTransaction, name: &str) -> Result<i64, StorageError> {
    let row = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("PRAGMA {name}"),
        ))
        .await?
        .ok_or_else(|| StorageError::Corrupt(format!("PRAGMA {name} answered nothing")))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// A batch with everything only the database can decide settled: its new customers
/// stored, its references and case ids reserved.
#[derive(Debug)]
pub struct Reserved {
    cases: Vec<GeneratedCase>,
    customer_ids: Vec<Option<i32>>,
    references: Vec<(i16, i32)>,
    ids: Vec<CaseId>,
}

/// The first step of storing a batch: stores its new customers and reserves its
/// references and case ids, in `txn`. Cheap next to the rest.
pub async fn reserve(
    txn: &DatabaseTransaction,
    backend: Backend,
    cases: Vec<GeneratedCase>,
    ids: &mut CaseIds,
) -> Result<Reserved, StorageError> {
    if cases.is_empty() {
        return Ok(Reserved {
            cases,
            customer_ids: Vec::new(),
            references: Vec::new(),
            ids: Vec::new(),
        });
    }
    let customer_ids = insert_customers(txn, &cases, backend_max_bytes(backend)).await?;
    // Reserving references writes, so on SQLite the write lock is ours before ids are taken.
    let references = reserve_references(txn, &cases).await?;
    let ids = ids.take(txn, backend, cases.len()).await?;
    Ok(Reserved {
        cases,
        customer_ids,
        references,
        ids,
    })
}

/// A reserved batch as the statements that store it.
#[derive(Debug)]
pub struct Prepared {
    statements: Vec<Statement>,
    cases: usize,
}

/// The second step: every row of a reserved batch (case, projection, timeline) built into
/// INSERT statements. Needs no database, so a long load runs it on another thread while
/// the batch before is written.
pub fn prepare(
    reserved: Reserved,
    backend: Backend,
    calendar: &Calendar,
) -> Result<Prepared, StorageError> {
    let mut inserts = Inserts {
        backend: backend.db_backend(),
        max_bytes: backend_max_bytes(backend),
        statements: Vec::new(),
    };
    let cases = rows(reserved, calendar, &mut inserts)?;
    Ok(Prepared {
        statements: inserts.statements,
        cases,
    })
}

/// Where the rows of a batch go, a table at a time, parents before children.
trait Tables {
    fn add<A: ActiveModelTrait>(
        &mut self,
        rows: impl IntoIterator<Item = A>,
    ) -> Result<(), StorageError>;
}

/// Rows as multi-row INSERTs, as few as the limits allow.
struct Inserts {
    backend: DbBackend,
    max_bytes: Option<usize>,
    statements: Vec<Statement>,
}

impl Tables for Inserts {
    fn add<A: ActiveModelTrait>(
        &mut self,
        rows: impl IntoIterator<Item = A>,
    ) -> Result<(), StorageError> {
        inserts(&mut self.statements, self.backend, rows, self.max_bytes);
        Ok(())
    }
}

/// Every row of a reserved batch (case, projection, timeline), built by the helpers the
/// one-at-a-time path uses and handed to `tables`. Returns how many cases there are.
fn rows(
    reserved: Reserved,
    calendar: &Calendar,
    tables: &mut impl Tables,
) -> Result<usize, StorageError> {
    use sea_orm::ActiveValue::Set;
    let Reserved {
        cases,
        customer_ids,
        references,
        ids,
    } = reserved;
    let case_rows = cases.iter().enumerate().map(|(i, case)| {
        let (year, number) = references[i];
        let updated_at = case
            .timeline
            .last()
            .map_or(case.new.received_at, |(at, _, _)| *at);
        case_rows::ActiveModel {
            id: Set(ids[i].0),
            reference_year: Set(year),
            reference_number: Set(number),
            tracking_token: Set(cases::tracking_digest(&cases::new_tracking_token())),
            customer_id: Set(customer_ids[i]),
            updated_at: Set(Some(updated_at)),
            ..cases::case_row(&case.new, &case.state, calendar)
        }
    });
    tables.add(case_rows)?;

    let mut stages = Vec::new();
    let mut extensions = Vec::new();
    let mut points = Vec::new();
    let mut remedies = Vec::new();
    let mut referrals = Vec::new();
    let mut findings = Vec::new();
    let mut orders = Vec::new();
    let mut timeline = Vec::new();
    for (case, &id) in cases.iter().zip(&ids) {
        if let Some(complaint) = case.state.as_complaint() {
            let rows = cases::projection(id, complaint, calendar);
            stages.extend(rows.stages);
            extensions.extend(rows.extensions);
            points.extend(rows.points);
            remedies.extend(rows.remedies);
            referrals.extend(rows.referrals);
            findings.extend(rows.findings);
            orders.extend(rows.orders);
        }
        let first = cases::first_entry(&case.new);
        timeline.push(cases::timeline_row(
            id,
            &case.new.recorded_by,
            &first,
            case.new.received_at,
        ));
        timeline.extend(
            case.timeline
                .iter()
                .map(|(at, who, item)| cases::timeline_row(id, who, item, *at)),
        );
    }
    tables.add(stages)?;
    tables.add(extensions)?;
    tables.add(points)?;
    tables.add(remedies)?;
    tables.add(referrals)?;
    tables.add(findings)?;
    tables.add(orders)?;
    tables.add(timeline)?;
    Ok(cases.len())
}

/// The last step: runs a prepared batch's statements in `txn`, in order. Returns how many
/// cases it stored.
pub async fn write(txn: &DatabaseTransaction, prepared: Prepared) -> Result<usize, StorageError> {
    for statement in prepared.statements {
        txn.execute_raw(statement).await?;
    }
    Ok(prepared.cases)
}

/// Inserts the batch's new customers (once each) and their adjustments; returns each
/// case's customer id.
async fn insert_customers(
    txn: &DatabaseTransaction,
    cases: &[GeneratedCase],
    max_bytes: Option<usize>,
) -> Result<Vec<Option<i32>>, StorageError> {
    // Distinct new customers in order of first appearance, with the date of that case.
    let mut distinct: Vec<(Option<i32>, &CustomerDetails, DateTime<Utc>)> = Vec::new();
    let mut seen: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    enum Ref {
        None,
        Existing(i32),
        New(usize),
    }
    let refs: Vec<Ref> = cases
        .iter()
        .map(|case| match &case.new.customer {
            None => Ref::None,
            Some(CustomerChoice::Existing(id)) => Ref::Existing(*id),
            Some(CustomerChoice::New { user_id, details }) => {
                let candidates = seen
                    .entry((
                        details.name.as_str(),
                        customers::stored_phone(&details.phone),
                    ))
                    .or_default();
                let same = candidates.iter().copied().find(|&i| {
                    let (other_user, other, _) = distinct[i];
                    other_user == *user_id && other == details
                });
                Ref::New(same.unwrap_or_else(|| {
                    distinct.push((*user_id, details, case.new.received_at));
                    candidates.push(distinct.len() - 1);
                    distinct.len() - 1
                }))
            }
        })
        .collect();

    let mut new_ids = Vec::with_capacity(distinct.len());
    let rows = distinct
        .iter()
        .map(|(user_id, details, at)| customers::row(*user_id, details, *at));
    let mut offset = 0;
    for rows in batches(rows, max_bytes) {
        let chunk = &distinct[offset..offset + rows.len()];
        offset += rows.len();
        let insert = customer_rows::Entity::insert_many(rows)
            .into_query()
            .returning(
                Query::returning()
                    .columns([
                        customer_rows::Column::Id,
                        customer_rows::Column::Name,
                        customer_rows::Column::Phone,
                    ])
                    .to_owned(),
            )
            .to_owned();
        // Neither database promises the order of RETURNING rows, but both hand out the ids
        // of one multi-row INSERT in the order of its rows: sorted by id, the rows line up
        // with the chunk. The names and numbers are checked, so a database that ever broke
        // that rule would fail the load rather than mix people up.
        let mut returned = txn
            .query_all(&insert)
            .await?
            .into_iter()
            .map(|row| {
                Ok((
                    row.try_get_by_index::<i32>(0)?,
                    row.try_get_by_index::<String>(1)?,
                    row.try_get_by_index::<String>(2)?,
                ))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        returned.sort_unstable_by_key(|(id, _, _)| *id);
        if returned.len() != chunk.len() {
            return Err(StorageError::Corrupt(format!(
                "{} customers inserted, {} returned",
                chunk.len(),
                returned.len()
            )));
        }
        for ((id, name, phone), (_, details, _)) in returned.into_iter().zip(chunk) {
            if name != details.name || phone != customers::stored_phone(&details.phone) {
                return Err(StorageError::Corrupt(format!(
                    "customer {id} came back out of order"
                )));
            }
            new_ids.push(id);
        }
    }
    let adjustments = distinct
        .iter()
        .zip(&new_ids)
        .flat_map(|((_, details, _), &id)| customers::adjustment_rows(id, details))
        .collect();
    insert_all(txn, adjustments, max_bytes).await?;

    Ok(refs
        .into_iter()
        .map(|r| match r {
            Ref::None => None,
            Ref::Existing(id) => Some(id),
            Ref::New(i) => Some(new_ids[i]),
        })
        .collect())
}

/// Reserves a block of numbers per year and hands them out in batch order.
async fn reserve_references(
    txn: &DatabaseTransaction,
    cases: &[GeneratedCase],
) -> Result<Vec<(i16, i32)>, StorageError> {
    let years = ReferenceYears::of(cases)?;
    let mut last = BTreeMap::new();
    for (&year, &count) in &years.counts {
        last.insert(year, cases::next_reference_numbers(txn, year, count).await?);
    }
    years.hand_out(&last)
}

/// The reference year of each case of a batch, and how many numbers each year needs.
struct ReferenceYears {
    years: Vec<i16>,
    counts: BTreeMap<i16, i32>,
}

impl ReferenceYears {
    fn of(cases: &[GeneratedCase]) -> Result<Self, StorageError> {
        let years = cases
            .iter()
            .map(|c| cases::reference_year(c.new.received_at))
            .collect::<Result<Vec<_>, _>>()?;
        let mut counts: BTreeMap<i16, i32> = BTreeMap::new();
        for &year in &years {
            *counts.entry(year).or_default() += 1;
        }
        Ok(Self { years, counts })
    }

    /// Each case's year and number, in batch order, given the last number reserved in each
    /// year (the block reserved ends there).
    fn hand_out(self, last: &BTreeMap<i16, i32>) -> Result<Vec<(i16, i32)>, StorageError> {
        // The next number to hand out in each year.
        let mut next: BTreeMap<i16, i32> = BTreeMap::new();
        for (&year, &count) in &self.counts {
            let last = last.get(&year).copied().ok_or_else(|| {
                StorageError::Corrupt(format!("no reference numbers reserved in {year}"))
            })?;
            cases::case_reference(year, last)?;
            next.insert(year, last - count + 1);
        }
        Ok(self
            .years
            .into_iter()
            .map(|year| {
                let number = next.get_mut(&year).map_or(0, |n| {
                    *n += 1;
                    *n - 1
                });
                (year, number)
            })
            .collect())
    }
}

/// How many rows of `E` fit in one INSERT.
fn rows_per_insert<E: EntityTrait>() -> usize {
    (MAX_PARAMETERS / E::Column::iter().count().max(1)).max(1)
}

/// Splits rows into groups that each fit one INSERT: within [`MAX_PARAMETERS`], and within
/// `max_bytes` (when there is such a limit) unless a single row is bigger.
fn batches<A: ActiveModelTrait>(
    rows: impl IntoIterator<Item = A>,
    max_bytes: Option<usize>,
) -> Vec<Vec<A>> {
    let max_rows = rows_per_insert::<A::Entity>();
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for row in rows {
        // Sizing clones every value: only worth it when there is a limit to keep.
        let size = max_bytes.map_or(0, |_| row_bytes(&row));
        let too_big = max_bytes.is_some_and(|max| bytes + size > max);
        if !current.is_empty() && (current.len() == max_rows || too_big) {
            out.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(row);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Roughly how many bytes a row's values take on the wire: text as it is, anything else
/// as a number, each with its length.
fn row_bytes<A: ActiveModelTrait>(row: &A) -> usize {
    <A::Entity as EntityTrait>::Column::iter()
        .map(|column| match row.get(column) {
            ActiveValue::Set(value) | ActiveValue::Unchanged(value) => {
                4 + match value {
                    Value::String(Some(s)) => s.len(),
                    Value::Bytes(Some(b)) => b.len(),
                    _ => 8,
                }
            }
            ActiveValue::NotSet => 0,
        })
        .sum()
}

/// Adds the INSERTs of `rows` to `statements`, in as few statements as the limits allow.
fn inserts<A: ActiveModelTrait>(
    statements: &mut Vec<Statement>,
    backend: DbBackend,
    rows: impl IntoIterator<Item = A>,
    max_bytes: Option<usize>,
) {
    statements.extend(
        batches(rows, max_bytes).into_iter().map(|chunk| {
            backend.build(&<A::Entity as EntityTrait>::insert_many(chunk).into_query())
        }),
    );
}

/// Inserts rows in as few statements as the limits allow.
async fn insert_all<A>(
    txn: &DatabaseTransaction,
    rows: Vec<A>,
    max_bytes: Option<usize>,
) -> Result<(), StorageError>
where
    A: ActiveModelTrait + Send,
{
    let mut statements = Vec::new();
    inserts(&mut statements, txn.get_database_backend(), rows, max_bytes);
    for statement in statements {
        txn.execute_raw(statement).await?;
    }
    Ok(())
}
