//! The annual self-assessment as kept (`domain::self_assessment`): the complaints
//! manager's answers, the facts the records give, and the board member's approval, which
//! freezes every answer as it stood and publishes the year.

use chrono::{DateTime, NaiveDate, Utc};
use domain::Calendar;
use domain::reports::{ReportingYear, Share};
use domain::self_assessment::{Answer, AssessmentFacts, PROVISIONS};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::OnConflict,
};

use crate::entities::{self_assessment_answers, self_assessments};
use crate::{Db, StorageError};

/// One provision's answer as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub provision: String,
    pub complies: Option<bool>,
    pub evidence: String,
    pub commentary: String,
    /// Filled in from the records (and frozen at approval) rather than given by hand.
    pub from_records: bool,
    pub answered_by: String,
    pub answered_at: DateTime<Utc>,
}

/// A year's approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub by: String,
    pub at: DateTime<Utc>,
    pub response: String,
}

/// Why a change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The year is approved and published: its answers no longer change.
    Approved,
}

fn year_key(year: ReportingYear) -> Result<i16, StorageError> {
    i16::try_from(year.year()).map_err(|_| StorageError::Corrupt("reporting year".into()))
}

/// The answers kept for `year`.
pub async fn answers(db: &Db, year: ReportingYear) -> Result<Vec<Kept>, StorageError> {
    Ok(self_assessment_answers::Entity::find()
        .filter(self_assessment_answers::Column::Year.eq(year_key(year)?))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| Kept {
            provision: row.provision,
            complies: row.complies,
            evidence: row.evidence,
            commentary: row.commentary,
            from_records: row.source == "records",
            answered_by: row.answered_by_name,
            answered_at: row.answered_at,
        })
        .collect())
}

/// The year's approval, if it has one.
pub async fn approval(db: &Db, year: ReportingYear) -> Result<Option<Approval>, StorageError> {
    Ok(self_assessments::Entity::find_by_id(year_key(year)?)
        .one(db.conn())
        .await?
        .map(|row| Approval {
            by: row.approved_by_name,
            at: row.approved_at,
            response: row.response,
        }))
}

/// The years approved and published, newest first.
pub async fn published_years(db: &Db) -> Result<Vec<ReportingYear>, StorageError> {
    Ok(self_assessments::Entity::find()
        .order_by_desc(self_assessments::Column::Year)
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|row| ReportingYear::new(i32::from(row.year)).ok())
        .collect())
}

#[allow(clippy::too_many_arguments)]
fn answer_row(
    year: i16,
    provision: &str,
    complies: Option<bool>,
    evidence: &str,
    commentary: &str,
    source: &str,
    by: &str,
    now: DateTime<Utc>,
) -> self_assessment_answers::ActiveModel {
    self_assessment_answers::ActiveModel {
        year: Set(year),
        provision: Set(provision.to_owned()),
        complies: Set(complies),
        evidence: Set(evidence.to_owned()),
        commentary: Set(commentary.to_owned()),
        source: Set(source.to_owned()),
        answered_by_name: Set(by.to_owned()),
        answered_at: Set(now),
    }
}

/// Keeps the complaints manager's answer to one provision, unless the year is approved.
pub async fn save_answer(
    db: &Db,
    year: ReportingYear,
    provision: &str,
    answer: &Answer,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), Refused>, StorageError> {
    let key = year_key(year)?;
    let txn = db.conn().begin().await?;
    if self_assessments::Entity::find_by_id(key)
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(Err(Refused::Approved));
    }
    let row = answer_row(
        key,
        provision,
        Some(answer.complies),
        &answer.evidence,
        &answer.commentary,
        "edited",
        by,
        now,
    );
    self_assessment_answers::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                self_assessment_answers::Column::Year,
                self_assessment_answers::Column::Provision,
            ])
            .update_columns([
                self_assessment_answers::Column::Complies,
                self_assessment_answers::Column::Evidence,
                self_assessment_answers::Column::Commentary,
                self_assessment_answers::Column::Source,
                self_assessment_answers::Column::AnsweredByName,
                self_assessment_answers::Column::AnsweredAt,
            ])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Approves the year with the governing body's response: every provision without a kept
/// answer is kept as the records fill it in on `facts`, so the published self-assessment
/// never changes after. Refused when the year is already approved.
pub async fn approve(
    db: &Db,
    year: ReportingYear,
    facts: &AssessmentFacts,
    response: &str,
    by: (i32, &str),
    now: DateTime<Utc>,
) -> Result<Result<(), Refused>, StorageError> {
    let key = year_key(year)?;
    let txn = db.conn().begin().await?;
    if self_assessments::Entity::find_by_id(key)
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(Err(Refused::Approved));
    }
    let kept: Vec<String> = self_assessment_answers::Entity::find()
        .filter(self_assessment_answers::Column::Year.eq(key))
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| row.provision)
        .collect();
    let frozen: Vec<self_assessment_answers::ActiveModel> = PROVISIONS
        .iter()
        .filter(|p| !kept.iter().any(|k| k == p.code))
        .map(|p| {
            let prefill = p.measure.map(|m| m.prefill(facts));
            answer_row(
                key,
                p.code,
                prefill.as_ref().and_then(|f| f.complies),
                prefill.as_ref().map_or("", |f| f.evidence.as_str()),
                "",
                "records",
                "Putright, from the records",
                now,
            )
        })
        .collect();
    if !frozen.is_empty() {
        self_assessment_answers::Entity::insert_many(frozen)
            .exec(&txn)
            .await?;
    }
    self_assessments::Entity::insert(self_assessments::ActiveModel {
        year: Set(key),
        approved_by: Set(by.0),
        approved_by_name: Set(by.1.to_owned()),
        approved_at: Set(now),
        response: Set(response.to_owned()),
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// What the records say about `year` as of `as_of`, for the provisions they show.
pub async fn facts(
    db: &Db,
    calendar: &Calendar,
    year: ReportingYear,
    as_of: NaiveDate,
) -> Result<AssessmentFacts, StorageError> {
    let report = crate::reports::report_as_of(db, calendar, year, None, as_of).await?;
    let extra = crate::reports::assessment_counts(db, year, as_of).await?;
    let continuity = crate::continuity::overlapping(db, year.first_day(), year.last_day()).await?;
    let actions = crate::learning::actions(db).await?;
    let refusals: u64 = report.refusals.iter().map(|(_, n)| n).sum();
    let refusals_with_reason: u64 = report
        .refusals
        .iter()
        .filter(|(reason, _)| reason.is_some())
        .map(|(_, n)| n)
        .sum();
    let channels_used = report
        .by_channel
        .iter()
        .filter(|(_, months)| months.iter().any(|n| *n > 0))
        .count() as u64;
    let remedies = |state: &str| -> u64 {
        report
            .remedies
            .iter()
            .filter(|g| g.state == state)
            .map(|g| g.count)
            .sum()
    };
    Ok(AssessmentFacts {
        stage1: report.stage1,
        stage2: report.stage2,
        refusals,
        refusals_with_reason,
        refusals_with_letter: extra.refusals_with_letter,
        channels_used,
        channels_offered: domain::Channel::ALL.len() as u64,
        customers_with_adjustments: extra.customers_with_adjustments,
        service_requests_received: report.service_requests.received,
        service_requests_open: report.service_requests.open,
        stage2_reviews: extra.stage2_reviews,
        stage2_same_person: extra.stage2_same_person,
        remedies_done: remedies("done"),
        remedies_outstanding: remedies("outstanding"),
        remedies_late: extra.remedies_late,
        continuity_periods: continuity.len() as u64,
        continuity_ombudsman_told: continuity
            .iter()
            .filter(|d| d.ombudsman_told_on.is_some())
            .count() as u64,
        root_causes: Share {
            count: extra.answered_with_root_cause,
            of: extra.answered,
        },
        improvement_actions: actions.iter().filter(|a| a.dates.in_year(year)).count() as u64,
    })
}
