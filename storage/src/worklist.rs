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
//!   number in any year (and imported cases whose old reference contains it); otherwise the text is looked for anywhere in the customer's name,
//!   in the postcode (spaces ignored, so `bs14qa` finds `BS1 4QA`) and in an imported
//!   case's old reference. Letters are compared without regard to capitals; SQLite folds
//!   only the letters A to Z, so on SQLite an accented capital matches only itself.
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
use domain::{Calendar, Case, CaseReference, Channel};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Asterisk, Condition, Expr, ExprTrait, NullOrdering, Order, Query};

use crate::cases::CaseId;
use crate::entities::{cases, customers, users};
use crate::{Db, StorageError};
pub(crate) use query::contains_text;
use query::{HANDLER, REVIEWER, conditions, customers_with_adjustments, joined, to_row};

mod query;

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
    /// Only cases still being worked on.
    pub open_only: bool,
    /// At most this many rows (the most urgent); [`Worklist::total`] still counts them all.
    pub limit: Option<u64>,
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
            open_only: true,
            limit: None,
        }
    }
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
    pub customer_name: Option<String>,
    pub postcode: Option<String>,
    /// The customer has asked for at least one reasonable adjustment.
    pub adjustments: bool,
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

/// A queue: the rows asked for, and how many cases matched before the limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Worklist {
    pub rows: Vec<WorklistRow>,
    pub total: u64,
}

/// The cases `filter` picks, the most urgent first (see the module's rules).
pub async fn list(
    db: &Db,
    filter: &WorklistFilter,
    calendar: &Calendar,
) -> Result<Worklist, StorageError> {
    let condition = conditions(filter);
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
        .cond_where(condition.clone())
        .order_by_with_nulls(
            (cases::Entity, cases::Column::NextDue),
            Order::Asc,
            NullOrdering::Last,
        )
        .order_by((cases::Entity, cases::Column::ReceivedAt), Order::Asc)
        .order_by((cases::Entity, cases::Column::Id), Order::Asc);
    if let Some(limit) = filter.limit {
        select.limit(limit);
    }
    let found = db.conn().query_all(&select).await?;
    let with_adjustments = customers_with_adjustments(db, &found).await?;
    let rows = found
        .iter()
        .map(|row| to_row(row, &with_adjustments, calendar))
        .collect::<Result<Vec<_>, _>>()?;

    let total = match filter.limit {
        Some(limit) if (rows.len() as u64) < limit => rows.len() as u64,
        None => rows.len() as u64,
        Some(_) => {
            let mut count = joined();
            count
                .expr_as(Expr::col(Asterisk).count(), "n")
                .cond_where(condition);
            let row = db
                .conn()
                .query_one(&count)
                .await?
                .ok_or(StorageError::NotFound)?;
            u64::try_from(row.try_get::<i64>("", "n")?).unwrap_or_default()
        }
    };
    Ok(Worklist { rows, total })
}

/// How many cases `filter` picks at each queue stage, whatever its own stage and limit say:
/// the breakdown beside a queue, so that choosing a stage does not hide the others' counts.
/// Stages with no cases are left out.
pub async fn stage_counts(
    db: &Db,
    filter: &WorklistFilter,
) -> Result<Vec<(QueueStage, u64)>, StorageError> {
    let condition = conditions(&WorklistFilter {
        stage: None,
        ..filter.clone()
    });
    let phase = Expr::col((cases::Entity, cases::Column::Phase));
    let mut select = joined();
    select
        .expr_as(phase.clone(), "phase")
        .expr_as(Expr::col(Asterisk).count(), "n")
        .cond_where(condition)
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

/// The staff who own at least one case, by name: the choices of a handler filter.
pub async fn handlers(db: &Db) -> Result<Vec<StaffName>, StorageError> {
    let owners = |column: cases::Column| {
        Query::select()
            .column(column)
            .from(cases::Entity)
            .and_where(Expr::col(column).is_not_null())
            .to_owned()
    };
    let select = Query::select()
        .columns([users::Column::Id, users::Column::DisplayName])
        .from(users::Entity)
        .cond_where(
            Condition::any()
                .add(Expr::col(users::Column::Id).in_subquery(owners(cases::Column::HandlerId)))
                .add(Expr::col(users::Column::Id).in_subquery(owners(cases::Column::ReviewerId))),
        )
        .order_by(users::Column::DisplayName, Order::Asc)
        .order_by(users::Column::Id, Order::Asc)
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(StaffName {
                id: row.try_get("", "id")?,
                name: row.try_get("", "display_name")?,
            })
        })
        .collect()
}
