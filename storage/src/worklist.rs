//! The staff work queue: cases with the facts a queue shows beside them (the customer's
//! name and postcode, whether they have reasonable adjustments, who owns the case), the
//! most urgent first, in one query.
//!
//! Rules we chose:
//! - **Who owns a case.** The person who owes the next step: the Stage 2 reviewer while a
//!   review is in progress (phase `stage2`), otherwise the Stage 1 handler. "My cases", the
//!   handler filter and "Unassigned" all use this one rule, so a review waiting for a
//!   reviewer is unassigned even though Stage 1 had a handler. Service requests and
//!   compliments have no owner in the procedure, so they count as unassigned.
//! - **Open.** A case still being worked on: a complaint received, at Stage 1, answered at
//!   Stage 1 (the customer may still ask for a review) or at Stage 2; an open service
//!   request; a compliment not yet passed on. These are the phases for which
//!   [`domain::Case::status`] says `Open`.
//! - **Search.** What people read out over the phone: a whole reference (`CX-2026-000123`,
//!   any case, spaces for dashes) finds that case; a number alone finds the cases with that
//!   number in any year (and imported cases whose old reference contains it); otherwise
//!   the text is looked for anywhere in the customer's name, in the postcode (spaces
//!   ignored, so `bs14qa` finds `BS1 4QA`) and in an imported case's old reference.
//!   Letters are compared without regard to capitals; SQLite folds only the letters A to
//!   Z, so on SQLite an accented capital matches only itself.
//! - **Order.** The stored next deadline (`cases.next_due`), soonest first, cases with no
//!   deadline running last; then the oldest received; then the order they were recorded.
//!   The stored date is the domain's own `next_due` at the last save: callers that show a
//!   live deadline compute it again from [`WorklistRow::case`] with today's calendar.
//!
//! - **Team.** A manager's team is the people whose manager they are
//!   ([`crate::accounts::set_manager`]), with the manager; "My team" shows the cases any
//!   of them owns.
//! - **Root causes.** The category filter finds cases whose Stage 1 or Stage 2 response
//!   recorded that root-cause category.

use chrono::{DateTime, NaiveDate, Utc};
use domain::lifecycle::CaseKind;
use domain::triage::{Priority, Vulnerability};
use domain::{Calendar, Case, CaseReference, Channel, Role};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Order, Query};

use crate::cases::CaseId;
use crate::entities::{cases, customer_adjustments, customers, users};
use crate::{Db, StorageError};
pub(crate) use query::contains_text;
use query::{HANDLER, REVIEWER, conditions, in_queue_order, joined, open_phases, to_row};

mod kept;
mod query;

/// Whether `filter`'s counts can be read from the counts the database keeps (migration
/// `m0022`): open cases, everyone's or nobody's, narrowed by stage and kind at most. Any
/// other filter is counted over its cases, which its own index keeps few (a person's
/// cases) or which a search narrows.
fn tallied(filter: &WorklistFilter) -> bool {
    filter.open_only
        && matches!(filter.scope, Scope::All | Scope::Unassigned)
        && filter.handler.is_none()
        && filter.category.is_none()
        && filter.channel.is_none()
        && filter.priority.is_none()
        && filter.update_due_by.is_none()
        && !filter.vulnerable
        && filter.search.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// The phases of a case still being worked on (see the module's rules).
pub const OPEN_PHASES: [&str; 6] = [
    "received",
    "stage1",
    "stage1_responded",
    "stage2",
    "service_request_open",
    "compliment_received",
];

/// The phase at which the Stage 2 reviewer, not the Stage 1 handler, owns a case.
const REVIEW_PHASE: &str = "stage2";

/// Whose cases a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Cases this account owns.
    Mine(i32),
    /// Cases this manager owns or someone who reports to them owns.
    Team(i32),
    /// Cases nobody owns.
    Unassigned,
    #[default]
    All,
}

/// Where in the procedure a complaint is, as the queue groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QueueStage {
    /// Received, waiting for the complaints manager to accept it or not.
    Triage,
    Stage1,
    /// Answered at Stage 1: the customer may still ask for a review.
    AwaitingReview,
    Stage2,
}

impl QueueStage {
    pub const ALL: [QueueStage; 4] = [
        QueueStage::Triage,
        QueueStage::Stage1,
        QueueStage::AwaitingReview,
        QueueStage::Stage2,
    ];

    /// The stored phase (`cases.phase`, the domain's `phase_code`).
    pub fn phase(self) -> &'static str {
        match self {
            QueueStage::Triage => "received",
            QueueStage::Stage1 => "stage1",
            QueueStage::AwaitingReview => "stage1_responded",
            QueueStage::Stage2 => "stage2",
        }
    }

    /// The stage a stored phase belongs to, if it is one of these.
    pub fn of_phase(phase: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.phase() == phase)
    }
}

/// Which cases a queue shows. The default is every open case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistFilter {
    pub scope: Scope,
    pub stage: Option<QueueStage>,
    pub kind: Option<CaseKind>,
    pub channel: Option<Channel>,
    /// Only cases this account owns (as [`Scope::Mine`] does for the asker).
    pub handler: Option<i32>,
    /// Only cases whose response recorded this root-cause category.
    pub category: Option<i32>,
    /// A reference, or part of a customer's name or postcode.
    pub search: Option<String>,
    /// Only cases whose stored next deadline falls so.
    pub due: Option<Due>,
    /// Only cases whose next update agreed with the customer is due on or before this day.
    pub update_due_by: Option<NaiveDate>,
    /// Only cases at least this pressing.
    pub priority: Option<Priority>,
    /// Only cases whose customer has a vulnerability or risk flag in force.
    pub vulnerable: bool,
    /// The order rows come in.
    pub order: QueueOrder,
    /// Only cases still being worked on.
    pub open_only: bool,
    /// At most this many rows (the most urgent); [`Worklist::more`] says whether there
    /// were more, and [`tally`] counts them all.
    pub limit: Option<u64>,
    /// Rows skipped before the first one read: the pages before this one.
    pub offset: u64,
}

impl Default for WorklistFilter {
    fn default() -> Self {
        Self {
            scope: Scope::All,
            stage: None,
            kind: None,
            channel: None,
            handler: None,
            category: None,
            search: None,
            due: None,
            update_due_by: None,
            priority: None,
            vulnerable: false,
            order: QueueOrder::Deadline,
            open_only: true,
            limit: None,
            offset: 0,
        }
    }
}

/// The order of a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueOrder {
    /// The stored next deadline, soonest first (see the module's rules).
    #[default]
    Deadline,
    /// The most pressing first (`domain::triage::Priority`), then by deadline.
    Priority,
}

/// When a case's stored next deadline falls, for the queue's due-date filter and tiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Before this day: overdue on it.
    Before(NaiveDate),
    /// On this day.
    On(NaiveDate),
    /// From the first day to the second, both included.
    Between(NaiveDate, NaiveDate),
}

/// How many cases a queue's filter picks, and how many of them are overdue, due today and
/// due this week (by the stored next deadline), and wait for each next step. The filter's
/// own due-date choice and limit are left out: the tiles count beside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: u64,
    pub overdue: u64,
    pub due_today: u64,
    pub due_this_week: u64,
    pub to_contact: u64,
    pub to_acknowledge: u64,
    pub to_respond: u64,
}

/// A member of staff, as a queue names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffName {
    pub id: i32,
    pub name: String,
}

/// One case in a queue.
#[derive(Debug, Clone, PartialEq)]
pub struct WorklistRow {
    pub id: CaseId,
    pub reference: CaseReference,
    pub kind: CaseKind,
    pub channel: Channel,
    /// The stored phase code (`stage1`, `received`, …).
    pub phase: String,
    pub received_at: DateTime<Utc>,
    /// The next deadline as stored at the last save (the queue's order).
    pub next_due: Option<NaiveDate>,
    /// The lifecycle state, exactly as the domain left it, for live deadlines.
    pub case: Case,
    pub customer_id: Option<i32>,
    pub customer_name: Option<String>,
    pub postcode: Option<String>,
    /// The customer has asked for at least one reasonable adjustment.
    pub adjustments: bool,
    /// How pressing the case is.
    pub priority: Priority,
    /// The customer's vulnerability or risk flag in force, if any.
    pub vulnerability: Option<Vulnerability>,
    /// When the next update agreed with the customer is due (`domain::updates`).
    pub next_update_on: Option<NaiveDate>,
    /// The Stage 1 handler.
    pub handler: Option<StaffName>,
    /// The Stage 2 reviewer.
    pub reviewer: Option<StaffName>,
}

impl WorklistRow {
    /// Who owes the next step (see the module's rules).
    pub fn owner(&self) -> Option<&StaffName> {
        if self.phase == REVIEW_PHASE {
            self.reviewer.as_ref()
        } else {
            self.handler.as_ref()
        }
    }

    /// The queue stage of a complaint that is in one.
    pub fn stage(&self) -> Option<QueueStage> {
        QueueStage::of_phase(&self.phase)
    }
}

/// A queue: the rows asked for, and whether more matched than the limit let through.
#[derive(Debug, Clone, PartialEq)]
pub struct Worklist {
    pub rows: Vec<WorklistRow>,
    pub more: bool,
}

/// The cases `filter` picks, the most urgent first (see the module's rules).
pub async fn list(
    db: &Db,
    filter: &WorklistFilter,
    calendar: &Calendar,
) -> Result<Worklist, StorageError> {
    list_for(db, filter, &query::team(db, filter).await?, calendar).await
}

/// A page of the work queue: the lines it shows, and the counts beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub list: Worklist,
    pub tally: Tally,
    pub by_stage: Vec<(QueueStage, u64)>,
}

/// [`list`], [`tally`] and [`stage_counts`] of one filter, as the work queue shows them
/// together: the team (for "My team") read once, the counts in one query.
pub async fn page(
    db: &Db,
    filter: &WorklistFilter,
    calendar: &Calendar,
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<Page, StorageError> {
    let team = query::team(db, filter).await?;
    let list = list_for(db, filter, &team, calendar).await?;
    let (tally, by_stage) = counts_for(db, filter, &team, today, week).await?;
    Ok(Page {
        list,
        tally,
        by_stage,
    })
}

async fn list_for(
    db: &Db,
    filter: &WorklistFilter,
    team: &[i32],
    calendar: &Calendar,
) -> Result<Worklist, StorageError> {
    let mut found = db
        .conn()
        .query_all_raw(list_statement(filter, team, db.backend()))
        .await?;
    let more = filter.limit.is_some_and(|limit| found.len() as u64 > limit);
    if let Some(limit) = filter.limit {
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    let mut rows = found
        .iter()
        .map(|row| to_row(row, calendar))
        .collect::<Result<Vec<_>, _>>()?;
    let customers: Vec<i32> = rows.iter().filter_map(|r| r.customer_id).collect();
    let flagged = crate::customer_flags::in_force_for::<Vulnerability>(db, &customers).await?;
    for row in &mut rows {
        row.vulnerability = row.customer_id.and_then(|c| flagged.get(&c).cloned());
    }
    Ok(Worklist { rows, more })
}

/// How SQLite means to run [`list`]'s query for `filter` (`EXPLAIN QUERY PLAN`, one step a
/// line), so tests can check that the queue's indexes are used. Empty on PostgreSQL,
/// whose plans depend on the table's statistics.
pub async fn sqlite_plan(db: &Db, filter: &WorklistFilter) -> Result<String, StorageError> {
    if db.backend() != crate::Backend::Sqlite {
        return Ok(String::new());
    }
    let team = query::team(db, filter).await?;
    let statement = list_statement(filter, &team, db.backend());
    let explain = sea_orm::Statement::from_sql_and_values(
        statement.db_backend,
        format!("EXPLAIN QUERY PLAN {}", statement.sql),
        statement.values.map(|v| v.0).unwrap_or_default(),
    );
    let mut steps = Vec::new();
    for row in db.conn().query_all_raw(explain).await? {
        steps.push(row.try_get::<String>("", "detail")?);
    }
    Ok(steps.join("\n"))
}

/// [`list`]'s query, its limit (one row past it says whether there are more) and offset
/// written into the SQL as numbers rather than bound: PostgreSQL then plans the statement
/// once for each connection and keeps the plan. Bound, they left it planning the queue
/// afresh for every page of all cases (a plan kept for any limit cannot count on reading
/// only the first few rows in order), half a millisecond each time.
fn list_statement(
    filter: &WorklistFilter,
    team: &[i32],
    backend: crate::Backend,
) -> sea_orm::Statement {
    let mut statement = backend
        .db_backend()
        .build(&list_select(filter, team, backend));
    if let Some(limit) = filter.limit {
        statement
            .sql
            .push_str(&format!(" LIMIT {}", limit.saturating_add(1)));
    }
    if filter.offset > 0 {
        if filter.limit.is_none() && backend == crate::Backend::Sqlite {
            // SQLite takes an offset only after a limit; -1 is none.
            statement.sql.push_str(" LIMIT -1");
        }
        statement
            .sql
            .push_str(&format!(" OFFSET {}", filter.offset));
    }
    statement
}

/// [`list_statement`]'s query, without its limit and offset.
fn list_select(
    filter: &WorklistFilter,
    team: &[i32],
    backend: crate::Backend,
) -> sea_orm::sea_query::SelectStatement {
    let condition = conditions(filter, team, backend);
    let mut select = joined();
    select
        .expr_as(Expr::col((cases::Entity, cases::Column::Id)), "id")
        .expr_as(
            Expr::col((cases::Entity, cases::Column::ReferenceYear)),
            "reference_year",
        )
        .expr_as(
            Expr::col((cases::Entity, cases::Column::ReferenceNumber)),
            "reference_number",
        )
        .expr_as(Expr::col((cases::Entity, cases::Column::Kind)), "kind")
        .expr_as(
            Expr::col((cases::Entity, cases::Column::Channel)),
            "channel",
        )
        .expr_as(Expr::col((cases::Entity, cases::Column::Phase)), "phase")
        .expr_as(
            Expr::col((cases::Entity, cases::Column::ReceivedAt)),
            "received_at",
        )
        .expr_as(
            Expr::col((cases::Entity, cases::Column::NextDue)),
            "next_due",
        )
        .expr_as(Expr::col((cases::Entity, cases::Column::State)), "state")
        .expr_as(
            Expr::col((cases::Entity, cases::Column::Priority)),
            "priority",
        )
        .expr_as(
            Expr::col((cases::Entity, cases::Column::NextUpdateOn)),
            "next_update_on",
        )
        .expr_as(
            Expr::col((cases::Entity, cases::Column::HandlerId)),
            "handler_id",
        )
        .expr_as(
            Expr::col((cases::Entity, cases::Column::ReviewerId)),
            "reviewer_id",
        )
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Id)),
            "customer_id",
        )
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Name)),
            "customer_name",
        )
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Postcode)),
            "postcode",
        )
        .expr_as(
            Expr::col((HANDLER, users::Column::DisplayName)),
            "handler_name",
        )
        .expr_as(
            Expr::col((REVIEWER, users::Column::DisplayName)),
            "reviewer_name",
        )
        // Whether the customer asked for a reasonable adjustment: an index probe for each
        // line read, in the same statement. Counted rather than asked with EXISTS, which
        // PostgreSQL may answer by reading every adjustment into a hash table first.
        .expr_as(
            Expr::SubQuery(
                None,
                Box::new(
                    Query::select()
                        .expr(Expr::col(Asterisk).count())
                        .from(customer_adjustments::Entity)
                        .and_where(
                            Expr::col((
                                customer_adjustments::Entity,
                                customer_adjustments::Column::CustomerId,
                            ))
                            .equals((customers::Entity, customers::Column::Id)),
                        )
                        .to_owned()
                        .into(),
                ),
            )
            // Written as a number, not bound: the statement keeps no values of its own.
            .gt(Expr::cust("0")),
            "adjustments",
        )
        .cond_where(condition);
    // PostgreSQL takes "owner IS NULL" for a filter, not for one value, and so would sort
    // every unassigned case unless the order starts with the owner too. (SQLite reads the
    // index in order either way, and would sort with it.)
    if backend == crate::Backend::Postgres && filter.scope == Scope::Unassigned {
        select.order_by_expr(query::owner(), Order::Asc);
    }
    if filter.order == QueueOrder::Priority {
        select.order_by((cases::Entity, cases::Column::Priority), Order::Desc);
    }
    in_queue_order(&mut select);
    select
}

/// What a count reads from: the cases alone (a search finds its customers in a subquery).
fn counted() -> sea_orm::sea_query::SelectStatement {
    Query::select().from(cases::Entity).to_owned()
}

/// Counts what `filter` picks (see [`Tally`]) in one pass over its cases: with the queue's
/// indexes, over the open cases' index alone. `today` is London's date; the week runs
/// from `monday` to `sunday`.
pub async fn tally(
    db: &Db,
    filter: &WorklistFilter,
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<Tally, StorageError> {
    let team = query::team(db, filter).await?;
    Ok(counts_for(db, filter, &team, today, week).await?.0)
}

/// The tiles' counts and the counts by stage, from one read: for "All cases" and
/// "Unassigned", narrowed by stage or kind at most, the counts kept in `queue_tally`;
/// otherwise the cases `filter` picks (whatever its stage and due date), counted by phase.
async fn counts_for(
    db: &Db,
    filter: &WorklistFilter,
    team: &[i32],
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<(Tally, Vec<(QueueStage, u64)>), StorageError> {
    let phases = if tallied(filter) {
        kept::read(db, filter, today, week).await?
    } else {
        live_phases(db, filter, team, today, week).await?
    };
    Ok((
        kept::tally(&phases, filter.stage),
        kept::stage_counts(&phases),
    ))
}

/// The tiles' counts over the cases themselves, a case counting once.
fn cases_tally_columns(
    select: &mut sea_orm::sea_query::SelectStatement,
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) {
    query::tally_columns(
        select,
        || Expr::val(1),
        || Expr::col((cases::Entity, cases::Column::NextDue)),
        || Expr::col((cases::Entity, cases::Column::NextStep)),
        today,
        week,
    );
}

/// The cases `filter` picks, whatever its stage and due date, counted phase by phase.
async fn live_phases(
    db: &Db,
    filter: &WorklistFilter,
    team: &[i32],
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<Vec<kept::PhaseTally>, StorageError> {
    let condition = conditions(
        &WorklistFilter {
            stage: None,
            due: None,
            ..filter.clone()
        },
        team,
        db.backend(),
    );
    let phase = Expr::col((cases::Entity, cases::Column::Phase));
    let mut select = counted();
    select.expr_as(phase, "phase");
    cases_tally_columns(&mut select, today, week);
    select
        .cond_where(condition)
        .group_by_col((cases::Entity, cases::Column::Phase));
    let mut phases = Vec::new();
    for row in db.conn().query_all(&select).await? {
        phases.push(kept::PhaseTally {
            phase: row.try_get("", "phase")?,
            tally: query::tally_of(&row)?,
        });
    }
    Ok(phases)
}

/// How many cases each person owns (as handler, and again as reviewer), by account: as
/// `case_owners` keeps it, then counted over the cases themselves. The two agree after
/// any way a case is written; tests check that they do.
pub async fn kept_and_live_case_owners(
    db: &Db,
) -> Result<(Vec<(i32, i64)>, Vec<(i32, i64)>), StorageError> {
    let read = |sql: &str| {
        let statement = sea_orm::Statement::from_string(db.backend().db_backend(), sql);
        async move {
            let mut owners = Vec::new();
            for row in db.conn().query_all_raw(statement).await? {
                owners.push((
                    row.try_get::<i32>("", "user_id")?,
                    row.try_get::<i64>("", "n")?,
                ));
            }
            Ok::<_, StorageError>(owners)
        }
    };
    let kept = read("SELECT user_id, n FROM case_owners ORDER BY user_id").await?;
    let live = read(
        "SELECT user_id, COUNT(*) AS n FROM (\
           SELECT handler_id AS user_id FROM cases WHERE handler_id IS NOT NULL \
           UNION ALL \
           SELECT reviewer_id AS user_id FROM cases WHERE reviewer_id IS NOT NULL\
         ) AS owned GROUP BY user_id ORDER BY user_id",
    )
    .await?;
    Ok((kept, live))
}

/// [`tally`] counted over the cases themselves, whatever the filter.
pub async fn live_tally(
    db: &Db,
    filter: &WorklistFilter,
    today: NaiveDate,
    week: (NaiveDate, NaiveDate),
) -> Result<Tally, StorageError> {
    let condition = conditions(
        &WorklistFilter {
            due: None,
            ..filter.clone()
        },
        &query::team(db, filter).await?,
        db.backend(),
    );
    let mut select = counted();
    cases_tally_columns(&mut select, today, week);
    select.cond_where(condition);
    match db.conn().query_one(&select).await? {
        Some(row) => query::tally_of(&row),
        None => Ok(Tally::default()),
    }
}

/// Fills in the stored next step of cases recorded before it was kept (migration
/// `m0021`): open complaints with a next deadline but no step. Run at the server's start;
/// afterwards every save keeps it. Returns how many were filled in.
pub async fn fill_next_steps(db: &Db, calendar: &Calendar) -> Result<u64, StorageError> {
    let mut filled = 0;
    loop {
        let select = Query::select()
            .columns([
                cases::Column::Id,
                cases::Column::State,
                cases::Column::ReceivedAt,
            ])
            .from(cases::Entity)
            .and_where(open_phases())
            .and_where(Expr::col(cases::Column::NextDue).is_not_null())
            .and_where(Expr::col(cases::Column::NextStep).is_null())
            .order_by(cases::Column::Id, Order::Asc)
            .limit(500)
            .to_owned();
        let rows = db.conn().query_all(&select).await?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let mut stuck = true;
        for row in &rows {
            let id: i32 = row.try_get("", "id")?;
            let state: Option<String> = row.try_get("", "state")?;
            let received_at: DateTime<Utc> = row.try_get("", "received_at")?;
            let case = query::stored_case(state, received_at, calendar)?;
            // A case whose state has no next deadline is marked so it is not read again.
            let step = crate::cases::next_step(&case, calendar).unwrap_or_else(|| "none".into());
            let update = Query::update()
                .table(cases::Entity)
                .value(cases::Column::NextStep, step)
                .and_where(Expr::col(cases::Column::Id).eq(id))
                .and_where(Expr::col(cases::Column::NextStep).is_null())
                .to_owned();
            if db.conn().execute(&update).await?.rows_affected() == 1 {
                filled += 1;
                stuck = false;
            }
        }
        if stuck {
            return Ok(filled);
        }
    }
}

/// How many cases `filter` picks at each queue stage, whatever its own stage and limit say:
/// the breakdown beside a queue, so that choosing a stage does not hide the others' counts.
/// Stages with no cases are left out.
pub async fn stage_counts(
    db: &Db,
    filter: &WorklistFilter,
) -> Result<Vec<(QueueStage, u64)>, StorageError> {
    // The day plays no part in counts by stage.
    let day = NaiveDate::default();
    let team = query::team(db, filter).await?;
    Ok(counts_for(db, filter, &team, day, (day, day)).await?.1)
}

/// [`stage_counts`] counted over the cases themselves, whatever the filter.
pub async fn live_stage_counts(
    db: &Db,
    filter: &WorklistFilter,
) -> Result<Vec<(QueueStage, u64)>, StorageError> {
    let condition = conditions(
        &WorklistFilter {
            stage: None,
            due: None,
            ..filter.clone()
        },
        &query::team(db, filter).await?,
        db.backend(),
    );
    let phase = Expr::col((cases::Entity, cases::Column::Phase));
    let mut select = counted();
    select
        .expr_as(phase.clone(), "phase")
        .expr_as(Expr::col(Asterisk).count(), "n")
        .cond_where(condition)
        // Every stage is an open phase: saying so lets the open cases' index count them.
        .and_where(open_phases())
        .and_where(phase.clone().is_in(QueueStage::ALL.map(QueueStage::phase)))
        .group_by_col((cases::Entity, cases::Column::Phase));
    let mut counts = Vec::new();
    for row in db.conn().query_all(&select).await? {
        let phase: String = row.try_get("", "phase")?;
        let n: i64 = row.try_get("", "n")?;
        if let Some(stage) = QueueStage::of_phase(&phase) {
            counts.push((stage, u64::try_from(n).unwrap_or_default()));
        }
    }
    counts.sort();
    Ok(counts)
}

/// What the queue's filters offer, and whether "My team" is a choice: see [`choices`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// The staff who own at least one case, by name: the choices of a handler filter.
    pub handlers: Vec<StaffName>,
    /// The root causes in use, by name, by id and name.
    pub categories: Vec<(i32, String)>,
    /// Whether anyone (not disabled) reports to the reader.
    pub manages: bool,
}

/// [`Choices`] for the queue of `reader`, in one query and one row: the staff who own a
/// case (read from `case_owners`, the count of cases each person owns that the database
/// keeps, migration `m0047`: looking each account up in the cases' handler and reviewer
/// indexes cost two index searches a member of staff, every page), the root causes in use,
/// and whether anyone reports to the reader. Each list comes as one JSON array in the
/// database's own order of names: a row a choice would be a hundred rows handed over one
/// by one for every queue page.
pub async fn choices(db: &Db, reader: i32) -> Result<Choices, StorageError> {
    use crate::entities::learning_categories as categories;
    use sea_orm::sea_query::{Alias, SelectStatement};
    // `[[id, name], …]` ordered by name, then id; a list of none may come as NULL.
    let listed = |id: &str, name: &str| {
        Expr::cust(match db.backend() {
            crate::db::Backend::Sqlite => {
                format!("json_group_array(json_array({id}, {name}) ORDER BY {name}, {id})")
            }
            crate::db::Backend::Postgres => format!(
                "CAST(json_agg(json_build_array({id}, {name}) ORDER BY {name}, {id}) AS TEXT)"
            ),
        })
    };
    let owners = Alias::new("case_owners");
    let owns = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(owners.clone())
            .and_where(
                Expr::col((owners, Alias::new("user_id")))
                    .equals((users::Entity, users::Column::Id)),
            )
            .to_owned(),
    );
    let staff = Role::ALL
        .into_iter()
        .filter(|r| r.is_staff())
        .map(|r| r.as_str());
    let handlers: SelectStatement = Query::select()
        .expr(listed("\"users\".\"id\"", "\"users\".\"display_name\""))
        .from(users::Entity)
        .and_where(Expr::col((users::Entity, users::Column::Role)).is_in(staff))
        .and_where(owns)
        .to_owned();
    let in_use: SelectStatement = Query::select()
        .expr(listed(
            "\"learning_categories\".\"id\"",
            "\"learning_categories\".\"name\"",
        ))
        .from(categories::Entity)
        .and_where(Expr::col((categories::Entity, categories::Column::Active)).eq(true))
        .to_owned();
    let manages = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(users::Entity)
            .and_where(Expr::col((users::Entity, users::Column::ManagerId)).eq(reader))
            .and_where(Expr::col((users::Entity, users::Column::Disabled)).eq(false))
            .to_owned(),
    );
    let select = Query::select()
        .expr_as(Expr::from(handlers), Alias::new("handlers"))
        .expr_as(Expr::from(in_use), Alias::new("categories"))
        .expr_as(Expr::case(manages, 1).finally(0), Alias::new("manages"))
        .to_owned();
    let row = db
        .conn()
        .query_one(&select)
        .await?
        .ok_or_else(|| StorageError::Corrupt("the queue's choices came back empty".into()))?;
    let list = |column: &str| -> Result<Vec<(i32, String)>, StorageError> {
        let json: Option<String> = row.try_get("", column)?;
        json.map_or(Ok(Vec::new()), |json| {
            serde_json::from_str(&json).map_err(|e| {
                StorageError::Corrupt(format!("the queue's {column} are not a list: {e}"))
            })
        })
    };
    let manages: i32 = row.try_get("", "manages")?;
    Ok(Choices {
        handlers: list("handlers")?
            .into_iter()
            .map(|(id, name)| StaffName { id, name })
            .collect(),
        categories: list("categories")?,
        manages: manages != 0,
    })
}
