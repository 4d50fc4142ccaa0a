//! Counting for the reports: every figure of a reporting year from the queryable copy of the
//! cases (`cases`, `case_stages`, `case_remedies`, `case_learning`) that
//! [`crate::cases::save`] keeps, grouped in SQL so that a year of a million cases comes back
//! as a few hundred rows. The judging and adding up is [`domain::reports::Report::compute`];
//! [`report`] runs both, for the page, the CSV downloads and `putright report tsm` alike.
//!
//! The same statements run on SQLite and PostgreSQL; only reading a refusal's reason out of
//! the stored lifecycle state differs (`json_extract` against `->>`).

use crate::entities::{
    case_learning, case_remedies, case_stages, cases, customers, learning_categories,
};
use crate::{Backend, Db, StorageError};
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::lifecycle::{CaseKind, Outcome, RefusalReason};
use domain::policy::PolicyId;
use domain::reports::{
    Counts, ReceivedGroup, RemedyGroup, Report, ReportingYear, ServiceRequestFact, StageDates,
    StageStart, ThemeGroup,
};
use domain::{Calendar, Channel, Stage};
use sea_orm::{
    ConnectionTrait, QueryResult,
    sea_query::{Alias, Asterisk, Cond, Expr, ExprTrait, JoinType, Query, SelectStatement},
};

/// The whole report for `year`. `homes` overrides the stored homes count (`--homes`).
pub async fn report(
    db: &Db,
    calendar: &Calendar,
    year: ReportingYear,
    homes: Option<u32>,
) -> Result<Report, StorageError> {
    report_as_of(db, calendar, year, homes, year.last_day()).await
}

/// [`report`] with open service requests aged to `as_of`: today, for the year in progress.
pub async fn report_as_of(
    db: &Db,
    calendar: &Calendar,
    year: ReportingYear,
    homes: Option<u32>,
    as_of: NaiveDate,
) -> Result<Report, StorageError> {
    let counts = counts_as_of(db, year, homes, as_of).await?;
    Ok(Report::compute(calendar, counts))
}

/// Everything counted for `year` (see the module's notes).
pub async fn counts(
    db: &Db,
    year: ReportingYear,
    homes: Option<u32>,
) -> Result<Counts, StorageError> {
    counts_as_of(db, year, homes, year.last_day()).await
}

/// [`counts`], with open service requests aged to `as_of` (today, for the year in
/// progress).
pub async fn counts_as_of(
    db: &Db,
    year: ReportingYear,
    homes: Option<u32>,
    as_of: NaiveDate,
) -> Result<Counts, StorageError> {
    let stored = match i16::try_from(year.year()) {
        Ok(y) => crate::reference::homes(db, y).await?,
        Err(_) => None,
    };
    // `homes` (the `--homes` option) stands for the low-cost rental homes.
    let homes = homes.or_else(|| stored.and_then(|h| u32::try_from(h.rental).ok()));
    let lcho_homes = stored
        .and_then(|h| h.ownership)
        .and_then(|h| u32::try_from(h).ok());
    // Independent queries, each on its own connection from the pool: together they take
    // about as long as the slowest rather than the sum.
    let (received, stage_starts, stage_dates, refusals, withdrawn, remedies, root_causes, themes) =
        tokio::try_join!(
            received(db, year),
            stage_starts(db, year),
            stage_dates(db, year),
            refusals(db, year),
            withdrawn(db, year),
            remedies(db, year),
            root_causes(db, year),
            themes(db, year),
        )?;
    let (outcomes, service_requests, ombudsman) = tokio::try_join!(
        outcomes(db, year),
        service_requests(db, year),
        crate::ombudsman::facts(db, year)
    )?;
    Ok(Counts {
        policies: crate::policies::set(db).await?,
        year,
        homes,
        lcho_homes,
        received,
        stage_starts,
        stage_dates,
        refusals,
        withdrawn,
        remedies,
        root_causes,
        themes,
        outcomes,
        service_requests,
        as_of: Ord::min(as_of, year.last_day()),
        ombudsman,
    })
}

/// Responses issued in the year, by stage and outcome.
async fn outcomes(
    db: &Db,
    year: ReportingYear,
) -> Result<Vec<(Stage, Outcome, u64)>, StorageError> {
    let select = stages_of_complaints()
        .expr_as(stage_col(case_stages::Column::Stage), Alias::new("stage"))
        .expr_as(
            stage_col(case_stages::Column::Outcome),
            Alias::new("outcome"),
        )
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .and_where(in_year(stage_col(case_stages::Column::RespondedOn), year))
        .and_where(stage_col(case_stages::Column::Outcome).is_not_null())
        .group_by_col((case_stages::Entity, case_stages::Column::Stage))
        .group_by_col((case_stages::Entity, case_stages::Column::Outcome))
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let outcome: String = row.try_get("", "outcome")?;
            Ok((
                stage_of(row.try_get("", "stage")?)?,
                crate::codes::from_code(&outcome)?,
                count(row)?,
            ))
        })
        .collect()
}

/// Service requests received in the year, each with when it was resolved or withdrawn
/// (read from its lifecycle state): the year's requests, not the history's.
async fn service_requests(
    db: &Db,
    year: ReportingYear,
) -> Result<Vec<ServiceRequestFact>, StorageError> {
    let at = Expr::col((cases::Entity, cases::Column::ReceivedAt));
    let select = Query::select()
        .columns([cases::Column::ReceivedAt, cases::Column::State])
        .from(cases::Entity)
        .and_where(Expr::col((cases::Entity, cases::Column::Kind)).eq("service_request"))
        .and_where(at.clone().gte(london_midnight(year.first_day())))
        .and_where(at.lt(london_midnight(year.end())))
        .to_owned();
    let mut facts = Vec::new();
    for row in db.conn().query_all(&select).await? {
        let received: DateTime<Utc> = row.try_get("", "received_at")?;
        let state: Option<String> = row.try_get("", "state")?;
        let phase = match state
            .as_deref()
            .map(crate::codes::from_json::<domain::Case>)
        {
            Some(Ok(domain::Case::ServiceRequest(sr))) => Some(sr.phase().clone()),
            Some(Err(e)) => return Err(e),
            _ => None,
        };
        use domain::lifecycle::ServiceRequestPhase as P;
        facts.push(ServiceRequestFact {
            received: domain::london::to_london(received).date(),
            resolved: match phase {
                Some(P::Resolved { on } | P::Withdrawn { on }) => Some(on),
                _ => None,
            },
            withdrawn: matches!(phase, Some(P::Withdrawn { .. })),
        });
    }
    Ok(facts)
}

/// Midnight in London at the start of `date`, as the instant it was.
fn london_midnight(date: NaiveDate) -> DateTime<Utc> {
    domain::london::from_london(date.and_time(NaiveTime::MIN))
}

fn count(row: &QueryResult) -> Result<u64, StorageError> {
    Ok(u64::try_from(row.try_get::<i64>("", "n")?).unwrap_or_default())
}

fn corrupt(what: &str) -> StorageError {
    StorageError::Corrupt(format!("report: {what}"))
}

fn stage_of(n: i16) -> Result<Stage, StorageError> {
    match n {
        1 => Ok(Stage::One),
        2 => Ok(Stage::Two),
        _ => Err(corrupt("stage number")),
    }
}

fn in_year(col: Expr, year: ReportingYear) -> Expr {
    col.clone().gte(year.first_day()).and(col.lt(year.end()))
}

/// Cases received in the year, by London month, kind and channel. The month is worked out
/// in SQL against the twelve London month starts as instants, so summer time is right.
async fn received(db: &Db, year: ReportingYear) -> Result<Vec<ReceivedGroup>, StorageError> {
    let mut starts: Vec<DateTime<Utc>> = year.months().into_iter().map(london_midnight).collect();
    starts.push(london_midnight(year.end()));
    let at = Expr::col((cases::Entity, cases::Column::ReceivedAt));
    let mut month = Expr::case(at.clone().lt(starts[1]), 0i32);
    for (i, start) in starts.iter().enumerate().take(12).skip(2) {
        month = month.case(at.clone().lt(*start), (i - 1) as i32);
    }
    let month = month.finally(11i32);
    let select = Query::select()
        .expr_as(month, Alias::new("month"))
        .column(cases::Column::Kind)
        .column(cases::Column::Channel)
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from(cases::Entity)
        .and_where(at.clone().gte(starts[0]))
        .and_where(at.lt(starts[12]))
        .group_by_col(Alias::new("month"))
        .group_by_col(cases::Column::Kind)
        .group_by_col(cases::Column::Channel)
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let kind: String = row.try_get("", "kind")?;
            let channel: String = row.try_get("", "channel")?;
            Ok(ReceivedGroup {
                month: usize::try_from(row.try_get::<i32>("", "month")?)
                    .map_err(|_| corrupt("month"))?,
                kind: crate::codes::from_code::<CaseKind>(&kind)?,
                channel: channel.parse::<Channel>().map_err(|_| corrupt("channel"))?,
                count: count(row)?,
            })
        })
        .collect()
}

/// `case_stages` joined to its case.
fn stages_of_complaints() -> SelectStatement {
    Query::select()
        .from(case_stages::Entity)
        .join(
            JoinType::InnerJoin,
            cases::Entity,
            Expr::col((cases::Entity, cases::Column::Id))
                .equals((case_stages::Entity, case_stages::Column::CaseId)),
        )
        .and_where(Expr::col((cases::Entity, cases::Column::Kind)).eq("complaint"))
        .to_owned()
}

fn stage_col(col: case_stages::Column) -> Expr {
    Expr::col((case_stages::Entity, col))
}

/// Complaints (not refused) starting each stage in the year, by day 0: CH01's counts.
async fn stage_starts(db: &Db, year: ReportingYear) -> Result<Vec<StageStart>, StorageError> {
    let describes = Expr::col((customers::Entity, customers::Column::DescribesYou));
    let select = stages_of_complaints()
        .join(
            JoinType::LeftJoin,
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((cases::Entity, cases::Column::CustomerId)),
        )
        .expr_as(stage_col(case_stages::Column::Stage), Alias::new("stage"))
        .expr_as(stage_col(case_stages::Column::Day0), Alias::new("day0"))
        .expr_as(describes, Alias::new("describes_you"))
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .and_where(Expr::col((cases::Entity, cases::Column::Phase)).ne("not_accepted"))
        .and_where(in_year(stage_col(case_stages::Column::Day0), year))
        .group_by_col((case_stages::Entity, case_stages::Column::Stage))
        .group_by_col((case_stages::Entity, case_stages::Column::Day0))
        .group_by_col((customers::Entity, customers::Column::DescribesYou))
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let describes: Option<String> = row.try_get("", "describes_you")?;
            Ok(StageStart {
                stage: stage_of(row.try_get("", "stage")?)?,
                day0: row.try_get("", "day0")?,
                count: count(row)?,
                tenure: domain::reports::Tenure::of_code(describes.as_deref().unwrap_or_default()),
            })
        })
        .collect()
}

/// Stages with a contact, acknowledgement or response in the year, grouped by identical
/// dates: the domain judges each distinct set of dates once.
async fn stage_dates(db: &Db, year: ReportingYear) -> Result<Vec<StageDates>, StorageError> {
    use case_stages::Column as S;
    let columns = [
        (S::Stage, "stage"),
        (S::Day0, "day0"),
        (S::ContactedOn, "contacted_on"),
        (S::AcknowledgedOn, "acknowledged_on"),
        (S::ExtendedTo, "extended_to"),
        (S::RespondedOn, "responded_on"),
    ];
    let mut select = stages_of_complaints();
    for (col, name) in columns {
        select.expr_as(stage_col(col), Alias::new(name));
    }
    select
        .expr_as(
            Expr::col((cases::Entity, cases::Column::PolicyId)),
            Alias::new("policy_id"),
        )
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .cond_where(
            Cond::any()
                .add(in_year(stage_col(S::ContactedOn), year))
                .add(in_year(stage_col(S::AcknowledgedOn), year))
                .add(in_year(stage_col(S::RespondedOn), year)),
        );
    for (col, _) in columns {
        select.group_by_col((case_stages::Entity, col));
    }
    select.group_by_col((cases::Entity, cases::Column::PolicyId));
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let policy: Option<String> = row.try_get("", "policy_id")?;
            Ok(StageDates {
                stage: stage_of(row.try_get("", "stage")?)?,
                policy: policy.and_then(|p| p.parse::<PolicyId>().ok()),
                day0: row.try_get("", "day0")?,
                contacted: row.try_get("", "contacted_on")?,
                acknowledged: row.try_get("", "acknowledged_on")?,
                extended_to: row.try_get("", "extended_to")?,
                responded: row.try_get("", "responded_on")?,
                count: count(row)?,
            })
        })
        .collect()
}

/// Complaints whose process ended in the year with the phase `phase`: the last stage's
/// `closed_on` is the day it ended.
fn ended_in_year(phase: &str, year: ReportingYear) -> SelectStatement {
    stages_of_complaints()
        .and_where(Expr::col((cases::Entity, cases::Column::Phase)).eq(phase))
        .and_where(in_year(stage_col(case_stages::Column::ClosedOn), year))
        .to_owned()
}

/// Complaints not accepted in the year, by the reason in their stored lifecycle state.
async fn refusals(
    db: &Db,
    year: ReportingYear,
) -> Result<Vec<(Option<RefusalReason>, u64)>, StorageError> {
    let reason = match db.backend() {
        Backend::Sqlite => Expr::cust("json_extract(\"cases\".\"state\", '$.phase.reason')"),
        Backend::Postgres => Expr::cust("(\"cases\".\"state\"::jsonb) -> 'phase' ->> 'reason'"),
    };
    let select = ended_in_year("not_accepted", year)
        .expr_as(reason, Alias::new("reason"))
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .group_by_col(Alias::new("reason"))
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let code: Option<String> = row.try_get("", "reason")?;
            Ok((code.as_deref().and_then(RefusalReason::parse), count(row)?))
        })
        .collect()
}

async fn withdrawn(db: &Db, year: ReportingYear) -> Result<u64, StorageError> {
    let select = ended_in_year("withdrawn", year)
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .to_owned();
    match db.conn().query_one(&select).await? {
        Some(row) => count(&row),
        None => Ok(0),
    }
}

/// The date of the latest response on the complaint whose id is `case_id` (a column of the
/// outer query): a primary-key lookup of its one or two stages, so that a table of
/// remedies or root causes is read once rather than every stage of every complaint.
fn latest_response_of(case_id: Expr) -> Expr {
    Expr::from(
        Query::select()
            .expr(stage_col(case_stages::Column::RespondedOn).max())
            .from(case_stages::Entity)
            .and_where(stage_col(case_stages::Column::CaseId).eq(case_id))
            .to_owned(),
    )
}

/// Whether the complaint in `case_id` was last answered in the year: remedies and root
/// causes are reported in the year the complaint was last answered.
fn answered_in_year(case_id: Expr, year: ReportingYear) -> Expr {
    in_year(latest_response_of(case_id), year)
}

async fn remedies(db: &Db, year: ReportingYear) -> Result<Vec<RemedyGroup>, StorageError> {
    let select = Query::select()
        .column(case_remedies::Column::Kind)
        .column(case_remedies::Column::State)
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .expr_as(
            Expr::col(case_remedies::Column::AmountPence)
                .if_null(0i64)
                .sum()
                .cast_as("bigint"),
            Alias::new("pence"),
        )
        .from(case_remedies::Entity)
        .and_where(answered_in_year(
            Expr::col((case_remedies::Entity, case_remedies::Column::CaseId)),
            year,
        ))
        .group_by_col(case_remedies::Column::Kind)
        .group_by_col(case_remedies::Column::State)
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(RemedyGroup {
                kind: row.try_get("", "kind")?,
                state: row.try_get("", "state")?,
                count: count(row)?,
                pence: u64::try_from(row.try_get::<Option<i64>>("", "pence")?.unwrap_or(0))
                    .unwrap_or_default(),
            })
        })
        .collect()
}

async fn root_causes(db: &Db, year: ReportingYear) -> Result<Vec<(String, u64)>, StorageError> {
    let name = Expr::col((
        learning_categories::Entity,
        learning_categories::Column::Name,
    ));
    let select = Query::select()
        .expr_as(name.clone(), Alias::new("name"))
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from(case_learning::Entity)
        .join(
            JoinType::InnerJoin,
            learning_categories::Entity,
            Expr::col((learning_categories::Entity, learning_categories::Column::Id))
                .equals((case_learning::Entity, case_learning::Column::CategoryId)),
        )
        .and_where(answered_in_year(
            Expr::col((case_learning::Entity, case_learning::Column::CaseId)),
            year,
        ))
        .group_by_col((
            learning_categories::Entity,
            learning_categories::Column::Name,
        ))
        .order_by(Alias::new("n"), sea_orm::Order::Desc)
        .order_by(Alias::new("name"), sea_orm::Order::Asc)
        .to_owned();
    db.conn()
        .query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("", "name")?, count(row)?)))
        .collect()
}

/// Root causes on complaints answered in the year, by category and by the month (London
/// date) of the complaint's latest response: the themes over time. Counted by day in SQL,
/// gathered into months here.
pub async fn themes(db: &Db, year: ReportingYear) -> Result<Vec<ThemeGroup>, StorageError> {
    let case_id = || Expr::col((case_learning::Entity, case_learning::Column::CaseId));
    let name = Expr::col((
        learning_categories::Entity,
        learning_categories::Column::Name,
    ));
    let select = Query::select()
        .expr_as(name.clone(), Alias::new("name"))
        .expr_as(latest_response_of(case_id()), Alias::new("latest"))
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from(case_learning::Entity)
        .join(
            JoinType::InnerJoin,
            learning_categories::Entity,
            Expr::col((learning_categories::Entity, learning_categories::Column::Id))
                .equals((case_learning::Entity, case_learning::Column::CategoryId)),
        )
        .and_where(answered_in_year(case_id(), year))
        .group_by_col((
            learning_categories::Entity,
            learning_categories::Column::Name,
        ))
        .group_by_col(Alias::new("latest"))
        .to_owned();
    let mut months: BTreeMap<(String, usize), u64> = BTreeMap::new();
    for row in db.conn().query_all(&select).await? {
        let latest: NaiveDate = row.try_get("", "latest")?;
        let month = year
            .month_of(latest)
            .ok_or_else(|| corrupt("theme month"))?;
        *months.entry((row.try_get("", "name")?, month)).or_default() += count(&row)?;
    }
    Ok(months
        .into_iter()
        .map(|((category, month), count)| ThemeGroup {
            category,
            month,
            count,
        })
        .collect())
}

/// What the self-assessment needs beyond the report (`domain::self_assessment`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssessmentCounts {
    /// Complaints not accepted in the year that were sent the letter explaining it.
    pub refusals_with_letter: u64,
    /// Stage 2 reviews begun in the year, and those whose reviewer owned Stage 1.
    pub stage2_reviews: u64,
    pub stage2_same_person: u64,
    /// Remedies of complaints last answered in the year still owed past their date on
    /// `as_of`.
    pub remedies_late: u64,
    /// Complaints last answered in the year, and those with a root cause recorded.
    pub answered: u64,
    pub answered_with_root_cause: u64,
    /// Customers with reasonable adjustments recorded (all years).
    pub customers_with_adjustments: u64,
}

async fn count_of(db: &Db, select: SelectStatement) -> Result<u64, StorageError> {
    match db.conn().query_one(&select).await? {
        Some(row) => count(&row),
        None => Ok(0),
    }
}

/// Counts [`AssessmentCounts`] for `year` as of `as_of`.
pub async fn assessment_counts(
    db: &Db,
    year: ReportingYear,
    as_of: NaiveDate,
) -> Result<AssessmentCounts, StorageError> {
    use crate::entities::{customer_adjustments, letters};
    let n = || Expr::col(Asterisk).count();
    let letter_sent = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(letters::Entity)
            .and_where(
                Expr::col((letters::Entity, letters::Column::CaseId))
                    .equals((cases::Entity, cases::Column::Id)),
            )
            .and_where(Expr::col((letters::Entity, letters::Column::Kind)).eq("not_accepted"))
            .to_owned(),
    );
    let refusals_with_letter = count_of(
        db,
        ended_in_year("not_accepted", year)
            .and_where(letter_sent)
            .expr_as(n(), Alias::new("n"))
            .to_owned(),
    )
    .await?;
    let first = Alias::new("first");
    let reviews = || {
        Query::select()
            .expr_as(n(), Alias::new("n"))
            .from(case_stages::Entity)
            .join_as(
                JoinType::InnerJoin,
                case_stages::Entity,
                first.clone(),
                Expr::col((first.clone(), case_stages::Column::CaseId))
                    .equals((case_stages::Entity, case_stages::Column::CaseId))
                    .and(Expr::col((first.clone(), case_stages::Column::Stage)).eq(1)),
            )
            .and_where(stage_col(case_stages::Column::Stage).eq(2))
            .and_where(in_year(stage_col(case_stages::Column::ArrivedOn), year))
            .to_owned()
    };
    let stage2_reviews = count_of(db, reviews()).await?;
    let stage2_same_person = count_of(
        db,
        reviews()
            .and_where(
                stage_col(case_stages::Column::OwnerId)
                    .equals((first.clone(), case_stages::Column::OwnerId)),
            )
            .to_owned(),
    )
    .await?;
    let remedies_late = count_of(
        db,
        Query::select()
            .expr_as(n(), Alias::new("n"))
            .from(case_remedies::Entity)
            .and_where(answered_in_year(
                Expr::col((case_remedies::Entity, case_remedies::Column::CaseId)),
                year,
            ))
            .and_where(Expr::col(case_remedies::Column::State).eq("outstanding"))
            .and_where(Expr::col(case_remedies::Column::DueOn).lt(as_of))
            .to_owned(),
    )
    .await?;
    let answered_complaints = || {
        Query::select()
            .expr_as(n(), Alias::new("n"))
            .from(cases::Entity)
            .and_where(Expr::col((cases::Entity, cases::Column::Kind)).eq("complaint"))
            .and_where(answered_in_year(
                Expr::col((cases::Entity, cases::Column::Id)),
                year,
            ))
            .to_owned()
    };
    let answered = count_of(db, answered_complaints()).await?;
    let with_cause = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(case_learning::Entity)
            .and_where(
                Expr::col((case_learning::Entity, case_learning::Column::CaseId))
                    .equals((cases::Entity, cases::Column::Id)),
            )
            .to_owned(),
    );
    let answered_with_root_cause =
        count_of(db, answered_complaints().and_where(with_cause).to_owned()).await?;
    let customers_with_adjustments = count_of(
        db,
        Query::select()
            .expr_as(
                Expr::col(customer_adjustments::Column::CustomerId).count_distinct(),
                Alias::new("n"),
            )
            .from(customer_adjustments::Entity)
            .to_owned(),
    )
    .await?;
    Ok(AssessmentCounts {
        refusals_with_letter,
        stage2_reviews,
        stage2_same_person,
        remedies_late,
        answered,
        answered_with_root_cause,
        customers_with_adjustments,
    })
}
