//! The SQL behind the work queue: the join, the filters as conditions, the search, and
//! rows read back into [`WorklistRow`]s.

use chrono::{DateTime, Utc};
use domain::{Calendar, Case, CaseReference, Complaint, Receipt, policy_in_force};
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, Func, IntoIden, JoinType, LikeExpr, Order, Query,
    SelectStatement,
};
use sea_orm::{ConnectionTrait, QueryResult};

use super::{Due, OPEN_PHASES, REVIEW_PHASE, Scope, StaffName, WorklistFilter, WorklistRow};
use crate::cases::CaseId;
use crate::codes::{from_code, from_json};
use crate::entities::{case_learning, cases, customer_flags, customers, users};
use crate::{Backend, Db, StorageError};

pub(super) const HANDLER: &str = "handler";
pub(super) const REVIEWER: &str = "reviewer";

/// `cases` with its customer and the accounts of its handler and reviewer.
pub(super) fn joined() -> SelectStatement {
    Query::select()
        .from(cases::Entity)
        .join(
            JoinType::LeftJoin,
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((cases::Entity, cases::Column::CustomerId)),
        )
        .join_as(
            JoinType::LeftJoin,
            users::Entity,
            HANDLER,
            Expr::col((HANDLER, users::Column::Id))
                .equals((cases::Entity, cases::Column::HandlerId)),
        )
        .join_as(
            JoinType::LeftJoin,
            users::Entity,
            REVIEWER,
            Expr::col((REVIEWER, users::Column::Id))
                .equals((cases::Entity, cases::Column::ReviewerId)),
        )
        .to_owned()
}

/// The open phases as the queue's partial indexes say them (migration `m0021`), word for
/// word: a planner uses a partial index only for a query that repeats its condition.
pub(super) fn open_phases() -> Expr {
    let phases = OPEN_PHASES
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Expr::cust(format!("\"cases\".\"phase\" IN ({phases})"))
}

/// Who owes the next step (see the module's rules), as the index `cases_open_by_owner`
/// says it.
pub(super) fn owner() -> Expr {
    Expr::cust(format!(
        "CASE WHEN \"cases\".\"phase\" = '{REVIEW_PHASE}' THEN \"cases\".\"reviewer_id\" \
         ELSE \"cases\".\"handler_id\" END"
    ))
}

/// The queue's order, as its indexes hold it: cases with a deadline first, soonest first,
/// then the oldest received, then the order recorded.
pub(super) fn in_queue_order(select: &mut SelectStatement) {
    select
        .order_by_expr(Expr::cust("\"cases\".\"next_due\" IS NULL"), Order::Asc)
        .order_by((cases::Entity, cases::Column::NextDue), Order::Asc)
        .order_by((cases::Entity, cases::Column::ReceivedAt), Order::Asc)
        .order_by((cases::Entity, cases::Column::Id), Order::Asc);
}

/// The people whose cases `filter`'s scope shows, when it is a team: the manager and
/// everyone who reports to them (empty for any other scope). Read first and written into
/// the query as a list, so that the planner reads each person's cases off the owners'
/// index instead of walking every open case in deadline order.
pub(super) async fn team(db: &Db, filter: &WorklistFilter) -> Result<Vec<i32>, StorageError> {
    let Scope::Team(manager) = filter.scope else {
        return Ok(Vec::new());
    };
    let select = Query::select()
        .column(users::Column::Id)
        .from(users::Entity)
        .cond_where(
            Condition::any()
                .add(Expr::col(users::Column::Id).eq(manager))
                .add(Expr::col(users::Column::ManagerId).eq(manager)),
        )
        .order_by(users::Column::Id, Order::Asc)
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| Ok(row.try_get("", "id")?))
        .collect()
}

/// The conditions `filter` stands for, on `cases` alone; `team`: what [`team`] read for
/// it.
pub(super) fn conditions(filter: &WorklistFilter, team: &[i32], backend: Backend) -> Condition {
    let phase = || Expr::col((cases::Entity, cases::Column::Phase));
    let mut all = Condition::all();
    match filter.scope {
        Scope::Mine(user) => all = all.add(owner().eq(user)),
        Scope::Team(_) => all = all.add(owner().is_in(team.iter().copied())),
        Scope::Unassigned => all = all.add(owner().is_null()),
        Scope::All => {}
    }
    if let Some(user) = filter.handler {
        all = all.add(owner().eq(user));
    }
    if filter.open_only {
        all = all.add(open_phases());
    }
    if let Some(stage) = filter.stage {
        all = all.add(phase().eq(stage.phase()));
    }
    if let Some(kind) = filter.kind {
        all = all
            .add(Expr::col((cases::Entity, cases::Column::Kind)).eq(crate::codes::to_code(&kind)));
    }
    if let Some(channel) = filter.channel {
        all = all.add(Expr::col((cases::Entity, cases::Column::Channel)).eq(channel.as_str()));
    }
    if let Some(category) = filter.category {
        all = all.add(
            Expr::col((cases::Entity, cases::Column::Id)).in_subquery(
                Query::select()
                    .column(case_learning::Column::CaseId)
                    .from(case_learning::Entity)
                    .and_where(Expr::col(case_learning::Column::CategoryId).eq(category))
                    .to_owned(),
            ),
        );
    }
    if let Some(due) = filter.due {
        let next_due = Expr::col((cases::Entity, cases::Column::NextDue));
        all = all.add(match due {
            Due::Before(day) => next_due.lt(day),
            Due::On(day) => next_due.eq(day),
            Due::Between(first, last) => next_due.between(first, last),
        });
    }
    if let Some(day) = filter.update_due_by {
        all = all.add(Expr::col((cases::Entity, cases::Column::NextUpdateOn)).lte(day));
    }
    if let Some(priority) = filter.priority {
        all = all.add(Expr::col((cases::Entity, cases::Column::Priority)).gte(priority.rank()));
    }
    if filter.vulnerable {
        all = all.add(
            Expr::col((cases::Entity, cases::Column::CustomerId)).in_subquery(
                Query::select()
                    .column(customer_flags::Column::CustomerId)
                    .from(customer_flags::Entity)
                    .and_where(
                        Expr::col(customer_flags::Column::Flag)
                            .eq(<domain::triage::Vulnerability as crate::customer_flags::CustomerFlag>::FLAG),
                    )
                    .and_where(Expr::col(customer_flags::Column::EndedAt).is_null())
                    .to_owned(),
            ),
        );
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .and_then(|text| search_condition(text, filter.open_only, backend))
    {
        all = all.add(search);
    }
    all
}

/// The condition a search box's text stands for, or `None` for blank text: a case
/// reference, else a reference number (or part of an old system's reference), else text
/// anywhere in the customer's name or postcode (spaces aside) or an old reference.
///
/// Text of three characters or more is looked up in the trigram indexes (migration
/// `m0040`): the FTS5 table `customer_search` on SQLite, `pg_trgm` on PostgreSQL; so a
/// search reads the customers it finds, not every one. Shorter text reads every customer,
/// as before those indexes.
///
/// Among open cases (`open_only`), on SQLite the cases found are picked from the open
/// cases' index, each looked up in the customers found: a common surname has tens of
/// thousands of cases, nearly all closed, and reading each of them cost more than the open
/// cases together. So the case's columns are written `+ 0` there, which keeps SQLite from
/// starting at the customers' cases instead. On PostgreSQL the open cases' own trigram
/// indexes find them ([`open_case_matches`]).
fn search_condition(text: &str, open_only: bool, backend: Backend) -> Option<Condition> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(reference) = text.parse::<CaseReference>() {
        return Some(
            Condition::all()
                .add(
                    Expr::col((cases::Entity, cases::Column::ReferenceYear))
                        .eq(reference.year() as i16),
                )
                .add(
                    Expr::col((cases::Entity, cases::Column::ReferenceNumber))
                        .eq(reference.number() as i32),
                ),
        );
    }
    let lower = text.to_lowercase();
    let column = |c: cases::Column| {
        let col = Expr::col((cases::Entity, c));
        if open_only { col.add(0) } else { col }
    };
    let imported = column(cases::Column::Id).in_subquery(
        Query::select()
            .column(cases::Column::Id)
            .from(cases::Entity)
            .and_where(Expr::col(cases::Column::LegacyReference).is_not_null())
            .and_where(
                Expr::expr(Func::lower(Expr::col(cases::Column::LegacyReference)))
                    .like(contains_text(&lower)),
            )
            .to_owned(),
    );
    // A number alone is a reference number (or part of an old system's reference), never
    // a fragment of a postcode.
    if text.bytes().all(|b| b.is_ascii_digit()) {
        let mut any = Condition::any().add(imported);
        if let Ok(number) = text.parse::<i32>()
            && number <= CaseReference::MAX_NUMBER as i32
        {
            any = any.add(Expr::col((cases::Entity, cases::Column::ReferenceNumber)).eq(number));
        }
        return Some(any);
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if open_only && backend == Backend::Postgres {
        return Some(open_case_matches(&lower, &compact));
    }
    let customers = column(cases::Column::CustomerId)
        .in_subquery(customers_matching(&lower, &compact, backend));
    Some(Condition::any().add(customers).add(imported))
}

/// Whether an open case's customer has `lower` in their name or `compact` in their
/// postcode, or the case has `lower` in its old reference, on PostgreSQL: each open case
/// carries its customer's name and postcode, searchable, and trigram indexes of the open
/// cases alone hold them and the old references (migration `m0046`). So a search reads the open cases
/// it finds, not every customer of a common name nor every open case.
fn open_case_matches(lower: &str, compact: &str) -> Condition {
    let on_case = |column: &str| Expr::col((cases::Entity, Alias::new(column)));
    let legacy = Expr::col((cases::Entity, cases::Column::LegacyReference));
    Condition::any()
        .add(on_case("search_name").like(contains_text(lower)))
        .add(on_case("search_postcode").like(contains_text(compact)))
        .add(
            Condition::all()
                .add(legacy.clone().is_not_null())
                .add(Expr::expr(Func::lower(legacy)).like(contains_text(lower))),
        )
}

/// The ids of the customers whose name holds `lower` or whose postcode, spaces aside,
/// holds `compact`.
fn customers_matching(lower: &str, compact: &str, backend: Backend) -> SelectStatement {
    let indexed = |t: &str| t.chars().count() >= 3;
    if backend == Backend::Sqlite && indexed(lower) && indexed(compact) {
        // An FTS5 phrase: the text as it is, its double quotes doubled.
        let phrase = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let query = format!("name : {} OR postcode : {}", phrase(lower), phrase(compact));
        return Query::select()
            .expr(Expr::cust("rowid"))
            .from(Alias::new("customer_search"))
            .and_where(Expr::cust_with_values("customer_search MATCH ?", [query]))
            .to_owned();
    }
    Query::select()
        .column(customers::Column::Id)
        .from(customers::Entity)
        .cond_where(name_or_postcode_holds(customers::Entity, lower, compact))
        .to_owned()
}

/// `customer`'s name holds `lower` or their postcode, spaces aside, holds `compact`: the
/// expressions PostgreSQL's trigram indexes are on (migration `m0040`).
fn name_or_postcode_holds(
    customer: impl IntoIden + Clone,
    lower: &str,
    compact: &str,
) -> Condition {
    let postcode = Func::cust("REPLACE")
        .arg(Func::lower(Expr::col((
            customer.clone(),
            customers::Column::Postcode,
        ))))
        .arg(" ")
        .arg("");
    Condition::any()
        .add(
            Expr::expr(Func::lower(Expr::col((customer, customers::Column::Name))))
                .like(contains_text(lower)),
        )
        .add(Expr::expr(postcode).like(contains_text(compact)))
}

/// `text` with LIKE's wildcards (and the escape character itself) taken literally.
/// `LIKE` for `needle` anywhere, its `%`, `_` and `\\` taken as themselves.
pub(crate) fn contains_text(needle: &str) -> LikeExpr {
    LikeExpr::new(format!("%{}%", escape_like(needle))).escape('\\')
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A case's lifecycle state as stored.
pub(super) fn stored_case(
    state: Option<String>,
    received_at: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<Case, StorageError> {
    Ok(match state {
        Some(json) => from_json(&json)?,
        // Recorded before lifecycle states were stored: a complaint as received under the
        // built-in versions, as `cases::load` reads it.
        None => {
            let policy = policy_in_force(domain::london::to_london(received_at).date());
            let receipt = Receipt::new(received_at, policy.cut_off, calendar);
            Case::Complaint(Box::new(Complaint::receive(policy, &receipt)))
        }
    })
}

pub(super) fn to_row(row: &QueryResult, calendar: &Calendar) -> Result<WorklistRow, StorageError> {
    let id: i32 = row.try_get("", "id")?;
    let corrupt = |what: &str| StorageError::Corrupt(format!("case {id}: {what}"));
    let reference = crate::cases::reference_from(
        id,
        row.try_get("", "reference_year")?,
        row.try_get("", "reference_number")?,
    )?;
    let received_at: DateTime<Utc> = row.try_get("", "received_at")?;
    let case = stored_case(row.try_get("", "state")?, received_at, calendar)?;
    let channel: String = row.try_get("", "channel")?;
    let customer_id: Option<i32> = row.try_get("", "customer_id")?;
    let staff = |id: &str, name: &str| -> Result<Option<StaffName>, StorageError> {
        let id: Option<i32> = row.try_get("", id)?;
        let name: Option<String> = row.try_get("", name)?;
        Ok(id.map(|id| StaffName {
            id,
            name: name.unwrap_or_default(),
        }))
    };
    Ok(WorklistRow {
        id: CaseId(id),
        reference,
        kind: from_code(&row.try_get::<String>("", "kind")?)?,
        channel: channel.parse().map_err(|_| corrupt("channel"))?,
        phase: row.try_get("", "phase")?,
        received_at,
        next_due: row.try_get("", "next_due")?,
        case,
        customer_name: row.try_get("", "customer_name")?,
        postcode: row.try_get("", "postcode")?,
        adjustments: row.try_get("", "adjustments")?,
        customer_id,
        priority: domain::triage::Priority::from_rank(row.try_get("", "priority")?)
            .ok_or_else(|| corrupt("priority"))?,
        vulnerability: None,
        next_update_on: row.try_get("", "next_update_on")?,
        handler: staff("handler_id", "handler_name")?,
        reviewer: staff("reviewer_id", "reviewer_name")?,
    })
}

/// Adds [`super::Tally`]'s columns to `select`: each row counts `weight` (1 for a case, `n`
/// for a row of kept counts), and `due` and `step` are its next deadline and next step.
/// Sums are cast so that both databases give a BIGINT (PostgreSQL sums BIGINTs as NUMERIC).
pub(super) fn tally_columns(
    select: &mut SelectStatement,
    weight: impl Fn() -> Expr,
    due: impl Fn() -> Expr,
    step: impl Fn() -> Expr,
    today: chrono::NaiveDate,
    (monday, sunday): (chrono::NaiveDate, chrono::NaiveDate),
) {
    let sum_if = |when: Condition| {
        Expr::case(when, weight())
            .finally(0)
            .sum()
            .cast_as("bigint")
    };
    select
        .expr_as(weight().sum().cast_as("bigint"), "total")
        .expr_as(sum_if(Condition::all().add(due().lt(today))), "overdue")
        .expr_as(sum_if(Condition::all().add(due().eq(today))), "due_today")
        .expr_as(
            sum_if(Condition::all().add(due().between(monday, sunday))),
            "due_this_week",
        )
        .expr_as(
            sum_if(Condition::all().add(step().eq("contact"))),
            "to_contact",
        )
        .expr_as(
            sum_if(Condition::all().add(step().eq("acknowledge"))),
            "to_acknowledge",
        )
        .expr_as(
            sum_if(Condition::all().add(step().eq("respond"))),
            "to_respond",
        );
}

/// The [`super::Tally`] in a row [`tally_columns`] made (a sum over no rows is NULL: nought).
pub(super) fn tally_of(row: &QueryResult) -> Result<super::Tally, StorageError> {
    let get = |name: &str| -> Result<u64, StorageError> {
        let n: Option<i64> = row.try_get("", name)?;
        Ok(u64::try_from(n.unwrap_or_default()).unwrap_or_default())
    };
    Ok(super::Tally {
        total: get("total")?,
        overdue: get("overdue")?,
        due_today: get("due_today")?,
        due_this_week: get("due_this_week")?,
        to_contact: get("to_contact")?,
        to_acknowledge: get("to_acknowledge")?,
        to_respond: get("to_respond")?,
    })
}
