//! The retention schedule applied (`domain::retention`): which cases are due, kept or
//! erased, and the erasure itself.
//!
//! A case is erased in one transaction that starts by claiming it: one UPDATE sets
//! `erased_at` only where it is still unset and nothing keeps the case. Two app servers
//! sweeping at once both try; one wins and erases, the other changes nothing and moves on.
//! Only the winner is given the case's files to delete, after its transaction commits.
//!
//! What erasure changes and keeps is `domain::retention`'s rule; here, table by table:
//! the case's own text columns and stored state, its timeline's details, letters, outbox
//! messages, representatives, points, findings, reasons and learning; its files and the
//! redaction checks made of them are removed; the panel's comments are erased. Dates,
//! outcomes, remedies' kinds, amounts and states, root causes and the customer's type
//! stay, so every report and regulator's figure counts the case as before.

use chrono::{DateTime, NaiveDate, Utc};
use domain::retention::{self, ERASED, Kept, RetentionSchedule};
use domain::{Case, CaseReference, TimelineItem};
use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::cases::case_reference;
use crate::codes::{from_json, to_json};
use crate::entities::{
    adjustment_actions, attachments, case_extensions, case_points, case_remedies, case_stages,
    cases, customer_flags, customers, invitations, involved_views, letters, ombudsman_orders,
    ombudsman_referrals, outbox, redaction_approvals, redaction_decisions, representatives,
    sent_drafts, timeline,
};
use crate::settings::Changed;
use crate::{Db, StorageError};

const SETTING: &str = "retention";

/// The schedule as an administrator set it, and when; `None` until one does (the default,
/// [`RetentionSchedule::default`], applies).
pub async fn schedule_set(db: &Db) -> Result<Option<(RetentionSchedule, Changed)>, StorageError> {
    crate::settings::read(db, SETTING).await
}

/// The schedule in force.
pub async fn schedule(db: &Db) -> Result<RetentionSchedule, StorageError> {
    Ok(schedule_set(db).await?.map(|(s, _)| s).unwrap_or_default())
}

pub async fn set_schedule(
    db: &Db,
    schedule: RetentionSchedule,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    crate::settings::write(db, SETTING, &schedule, by, now).await
}

/// Cases not erased and under no legal hold nor open Ombudsman referral.
fn not_kept() -> Condition {
    let open_referral = Query::select()
        .expr(Expr::val(1))
        .from(ombudsman_referrals::Entity)
        .and_where(
            Expr::col((
                ombudsman_referrals::Entity,
                ombudsman_referrals::Column::CaseId,
            ))
            .equals((cases::Entity, cases::Column::Id)),
        )
        .and_where(ombudsman_referrals::Column::DecidedOn.is_null())
        .to_owned();
    let open_order = Query::select()
        .expr(Expr::val(1))
        .from(ombudsman_orders::Entity)
        .and_where(
            Expr::col((ombudsman_orders::Entity, ombudsman_orders::Column::CaseId))
                .equals((cases::Entity, cases::Column::Id)),
        )
        .and_where(ombudsman_orders::Column::CompliedOn.is_null())
        .to_owned();
    Condition::all()
        .add(cases::Column::ErasedAt.is_null())
        .add(cases::Column::HeldReason.is_null())
        .add(Expr::exists(open_referral).not())
        .add(Expr::exists(open_order).not())
}

/// A case on the retention page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub reference: CaseReference,
    pub kind: domain::lifecycle::CaseKind,
    pub ended_on: NaiveDate,
    pub erase_on: NaiveDate,
    /// Why it is kept past its date, if it is.
    pub kept: Option<Kept>,
}

/// What the retention page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Due on or before today and not kept: the next sweep erases them.
    pub due_now: u64,
    /// Falling due in the next twelve months.
    pub due_within_a_year: u64,
    /// Erased so far.
    pub erased: u64,
    /// The next cases to fall due (or overdue), earliest first, at most the limit asked.
    pub next: Vec<Due>,
    /// Cases kept past their date, at most the limit asked.
    pub kept: Vec<Due>,
    pub kept_count: u64,
}

/// Counts and the first `limit` of each list, by the index on (`erased_at`, `ended_on`):
/// the work is the cases counted in the date range and the rows shown.
pub async fn overview(
    db: &Db,
    schedule: RetentionSchedule,
    today: NaiveDate,
    limit: u64,
) -> Result<Overview, StorageError> {
    let conn = db.conn();
    let ended_by = schedule.ended_by(today);
    let year_on = schedule.ended_by(year_after(today));
    let count = |cond: Condition| async move {
        cases::Entity::find()
            .filter(cond)
            .count(conn)
            .await
            .map_err(StorageError::from)
    };
    let due_now = count(not_kept().add(cases::Column::EndedOn.lte(ended_by))).await?;
    let due_within_a_year = count(
        not_kept()
            .add(cases::Column::EndedOn.gt(ended_by))
            .add(cases::Column::EndedOn.lte(year_on)),
    )
    .await?;
    let erased = count(Condition::all().add(cases::Column::ErasedAt.is_not_null())).await?;
    let kept_cond = Condition::all()
        .add(cases::Column::ErasedAt.is_null())
        .add(cases::Column::EndedOn.lte(ended_by))
        .add(not_kept().not());
    let kept_count = count(kept_cond.clone()).await?;
    let rows = |cond: Condition| async move {
        cases::Entity::find()
            .filter(cond)
            .order_by_asc(cases::Column::EndedOn)
            .order_by_asc(cases::Column::Id)
            .limit(limit)
            .all(conn)
            .await
            .map_err(StorageError::from)
    };
    let next_rows = rows(not_kept().add(cases::Column::EndedOn.lte(year_on))).await?;
    let kept_rows = rows(kept_cond).await?;
    let next = next_rows
        .into_iter()
        .map(|row| due(schedule, row, false))
        .collect::<Result<_, _>>()?;
    let kept = kept_rows
        .into_iter()
        .map(|row| due(schedule, row, true))
        .collect::<Result<_, _>>()?;
    Ok(Overview {
        due_now,
        due_within_a_year,
        erased,
        next,
        kept,
        kept_count,
    })
}

fn year_after(today: NaiveDate) -> NaiveDate {
    domain::letters::months_after(today, 12)
}

fn due(schedule: RetentionSchedule, row: cases::Model, kept: bool) -> Result<Due, StorageError> {
    let ended_on = row.ended_on.unwrap_or(NaiveDate::MIN);
    let kept = match (kept, row.held_reason) {
        (false, _) => None,
        (true, Some(reason)) => Some(Kept::LegalHold { reason }),
        (true, None) => Some(Kept::OmbudsmanReferral),
    };
    Ok(Due {
        reference: case_reference(row.reference_year, row.reference_number)?,
        kind: crate::codes::from_code(&row.kind)?,
        ended_on,
        erase_on: schedule.erase_on(ended_on),
        kept,
    })
}

/// Why the case is kept past its date, or `None`; with the date it falls due if it has
/// ended (for the staff case page).
pub async fn standing(
    db: &Db,
    case_id: i32,
    schedule: RetentionSchedule,
) -> Result<Standing, StorageError> {
    let row = cases::Entity::find_by_id(case_id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    let held = row.held_reason.clone().map(|reason| Hold {
        reason,
        by: row.held_by,
        at: row.held_at,
    });
    let with_ombudsman = row.erased_at.is_none()
        && held.is_none()
        && cases::Entity::find_by_id(case_id)
            .filter(not_kept())
            .count(db.conn())
            .await?
            == 0;
    Ok(Standing {
        erase_on: row.ended_on.map(|on| schedule.erase_on(on)),
        erased_at: row.erased_at,
        held,
        with_ombudsman,
    })
}

/// A case's place in the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// When it falls due, once it has ended.
    pub erase_on: Option<NaiveDate>,
    pub erased_at: Option<DateTime<Utc>>,
    pub held: Option<Hold>,
    /// Kept while the Ombudsman has it.
    pub with_ombudsman: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub reason: String,
    pub by: Option<i32>,
    pub at: Option<DateTime<Utc>>,
}

/// Places a legal hold, or changes its reason; with a timeline entry, in one transaction.
/// A case already erased cannot be held.
pub async fn hold(
    db: &Db,
    case_id: i32,
    reason: &str,
    who: &crate::cases::Who,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let changed = cases::Entity::update_many()
        .col_expr(cases::Column::HeldReason, Expr::value(reason.to_owned()))
        .col_expr(cases::Column::HeldBy, Expr::value(who.user_id))
        .col_expr(cases::Column::HeldAt, Expr::value(now))
        .filter(cases::Column::Id.eq(case_id))
        .filter(cases::Column::ErasedAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    crate::cases::append_in(
        &txn,
        crate::cases::CaseId(case_id),
        who,
        &TimelineItem::LegalHoldPlaced {
            reason: reason.to_owned(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Lifts a legal hold, with a timeline entry; nothing happens if there is none.
pub async fn lift_hold(
    db: &Db,
    case_id: i32,
    who: &crate::cases::Who,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let txn = db.conn().begin().await?;
    let changed = cases::Entity::update_many()
        .col_expr(
            cases::Column::HeldReason,
            Expr::value(Option::<String>::None),
        )
        .col_expr(cases::Column::HeldBy, Expr::value(Option::<i32>::None))
        .col_expr(
            cases::Column::HeldAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(cases::Column::Id.eq(case_id))
        .filter(cases::Column::HeldReason.is_not_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(false);
    }
    crate::cases::append_in(
        &txn,
        crate::cases::CaseId(case_id),
        who,
        &TimelineItem::LegalHoldLifted,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Phases in which a case has ended (`domain::tracking::ended_on` is set).
const ENDED_PHASES: [&str; 5] = [
    "not_accepted",
    "closed",
    "withdrawn",
    "service_request_resolved",
    "compliment_passed_on",
];

/// Fills in `ended_on` for up to `batch` ended cases stored before it was kept, from each
/// case's state. Returns how many it looked at: fewer than `batch` means none are left.
/// Safe to run on several servers at once (each writes the same value).
pub async fn fill_ended_on(db: &Db, batch: u64) -> Result<usize, StorageError> {
    let rows: Vec<(i32, Option<String>)> = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .column(cases::Column::State)
        .filter(cases::Column::EndedOn.is_null())
        .filter(cases::Column::ErasedAt.is_null())
        .filter(cases::Column::Phase.is_in(ENDED_PHASES))
        .order_by_asc(cases::Column::Id)
        .limit(batch)
        .into_tuple()
        .all(db.conn())
        .await?;
    let found = rows.len();
    for (id, state) in rows {
        let Some(state) = state else { continue };
        let case: Case = from_json(&state)?;
        let ended = domain::tracking::ended_on(&case).ok_or_else(|| {
            StorageError::Corrupt(format!("case {id} is in an ended phase with no end date"))
        })?;
        cases::Entity::update_many()
            .col_expr(cases::Column::EndedOn, Expr::value(ended))
            .filter(cases::Column::Id.eq(id))
            .filter(cases::Column::EndedOn.is_null())
            .exec(db.conn())
            .await?;
    }
    Ok(found)
}

/// The setting that says every case stored before `ended_on` was kept has it now.
const ENDED_ON_FILLED: &str = "retention_ended_on_filled";

/// [`fill_ended_on`] until none are left, once: a setting then says so, and later sweeps
/// look at nothing (every save and bulk insert keeps `ended_on` itself), so a sweep's cost
/// does not grow with the number of open cases.
pub async fn fill_ended_on_once(
    db: &Db,
    batch: u64,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    if crate::settings::read::<bool>(db, ENDED_ON_FILLED)
        .await?
        .is_some()
    {
        return Ok(());
    }
    while fill_ended_on(db, batch).await? as u64 >= batch {}
    crate::settings::write_as(db, ENDED_ON_FILLED, &true, None, now).await
}

/// What one erasure run removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub cases: usize,
    pub customers: usize,
    /// The files' storage keys, for the caller to delete now that the rows are gone.
    pub files: Vec<String>,
}

/// Erases up to `batch` cases due on `today`, each in its own transaction. Returns what
/// this run erased (a case another server claimed first is not counted).
pub async fn erase_due(
    db: &Db,
    schedule: RetentionSchedule,
    today: NaiveDate,
    now: DateTime<Utc>,
    batch: u64,
) -> Result<(Erased, usize), StorageError> {
    let ids: Vec<i32> = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .filter(not_kept().add(cases::Column::EndedOn.lte(schedule.ended_by(today))))
        .order_by_asc(cases::Column::EndedOn)
        .order_by_asc(cases::Column::Id)
        .limit(batch)
        .into_tuple()
        .all(db.conn())
        .await?;
    let found = ids.len();
    let mut erased = Erased::default();
    for id in ids {
        if let Some(one) = erase_case(db, id, schedule, today, now).await? {
            erased.cases += 1;
            erased.customers += one.customers;
            erased.files.extend(one.files);
        }
    }
    Ok((erased, found))
}

/// Erases one case if it is still due and not kept: `None` when another server erased it
/// first, or it was held since it was found.
pub async fn erase_case(
    db: &Db,
    case_id: i32,
    schedule: RetentionSchedule,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<Erased>, StorageError> {
    let txn = db.conn().begin().await?;
    let claimed = cases::Entity::update_many()
        .col_expr(cases::Column::ErasedAt, Expr::value(now))
        .col_expr(cases::Column::Description, Expr::value(ERASED))
        .col_expr(
            cases::Column::WhatWasSaid,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            cases::Column::OutcomesSought,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            cases::Column::CostsDescription,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            cases::Column::ComplimentAbout,
            Expr::value(Option::<String>::None),
        )
        .col_expr(cases::Column::TrackingRevoked, Expr::value(true))
        .col_expr(
            cases::Column::Version,
            Expr::col(cases::Column::Version).add(1),
        )
        .filter(cases::Column::Id.eq(case_id))
        .filter(not_kept().add(cases::Column::EndedOn.lte(schedule.ended_by(today))))
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(None);
    }
    let row = cases::Entity::find_by_id(case_id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if let Some(state) = &row.state {
        let case: Case = from_json(state)?;
        let erased = retention::erase_case(&case)
            .map_err(|e| StorageError::Corrupt(format!("case {case_id}: {e}")))?;
        cases::Entity::update_many()
            .col_expr(cases::Column::State, Expr::value(to_json(&erased)))
            .filter(cases::Column::Id.eq(case_id))
            .exec(&txn)
            .await?;
    }
    erase_timeline(&txn, case_id, now).await?;
    erase_letters(&txn, case_id, today).await?;
    erase_around(&txn, case_id).await?;
    let files = remove_files(&txn, case_id).await?;
    let customers = match row.customer_id {
        Some(customer) => erase_customer_if_done(&txn, customer, now).await?,
        None => 0,
    };
    txn.commit().await?;
    Ok(Some(Erased {
        cases: 1,
        customers,
        files,
    }))
}

async fn erase_timeline(
    txn: &DatabaseTransaction,
    case_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let entries = timeline::Entity::find()
        .filter(timeline::Column::CaseId.eq(case_id))
        .filter(timeline::Column::ErasedAt.is_null())
        .all(txn)
        .await?;
    for entry in entries {
        let item: TimelineItem = from_json(&entry.details)?;
        let erased = retention::erase_entry(&item)
            .map_err(|e| StorageError::Corrupt(format!("timeline entry {}: {e}", entry.id)))?;
        timeline::Entity::update_many()
            .col_expr(timeline::Column::Details, Expr::value(to_json(&erased)))
            .col_expr(timeline::Column::ErasedAt, Expr::value(now))
            .filter(timeline::Column::Id.eq(entry.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

async fn erase_letters(
    txn: &DatabaseTransaction,
    case_id: i32,
    today: NaiveDate,
) -> Result<(), StorageError> {
    let rows = letters::Entity::find()
        .filter(letters::Column::CaseId.eq(case_id))
        .all(txn)
        .await?;
    for row in rows {
        let letter: domain::letters::Letter = from_json(&row.body)?;
        let erased = retention::erase_letter(&letter, today);
        letters::Entity::update_many()
            .col_expr(letters::Column::Body, Expr::value(to_json(&erased)))
            .filter(letters::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Text kept beside the case: messages, representatives, points, reasons, learning and
/// the panel's comments.
async fn erase_around(txn: &DatabaseTransaction, case_id: i32) -> Result<(), StorageError> {
    let none = || Expr::value(Option::<String>::None);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::ToEmail, none())
        .col_expr(outbox::Column::ToName, none())
        .col_expr(outbox::Column::Body, Expr::value(ERASED))
        .col_expr(outbox::Column::LastError, none())
        .filter(outbox::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    representatives::Entity::update_many()
        .col_expr(representatives::Column::Name, Expr::value(ERASED))
        .col_expr(representatives::Column::Relationship, none())
        .col_expr(representatives::Column::Contact, none())
        .filter(representatives::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    case_points::Entity::update_many()
        .col_expr(case_points::Column::Point, Expr::value(ERASED))
        .col_expr(case_points::Column::Finding, Expr::value(ERASED))
        .filter(case_points::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    case_extensions::Entity::update_many()
        .col_expr(case_extensions::Column::Reason, Expr::value(ERASED))
        .filter(case_extensions::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    for (column, entity_filter) in [
        (
            case_stages::Column::Learning,
            case_stages::Column::Learning.is_not_null(),
        ),
        (
            case_stages::Column::ExtensionReason,
            case_stages::Column::ExtensionReason.is_not_null(),
        ),
    ] {
        case_stages::Entity::update_many()
            .col_expr(column, Expr::value(ERASED))
            .filter(case_stages::Column::CaseId.eq(case_id))
            .filter(entity_filter)
            .exec(txn)
            .await?;
    }
    for (column, entity_filter) in [
        (
            case_remedies::Column::Description,
            case_remedies::Column::Description.is_not_null(),
        ),
        (
            case_remedies::Column::StateReason,
            case_remedies::Column::StateReason.is_not_null(),
        ),
    ] {
        case_remedies::Entity::update_many()
            .col_expr(column, Expr::value(ERASED))
            .filter(case_remedies::Column::CaseId.eq(case_id))
            .filter(entity_filter)
            .exec(txn)
            .await?;
    }
    let invited = Query::select()
        .column(invitations::Column::Id)
        .from(invitations::Entity)
        .and_where(invitations::Column::CaseId.eq(case_id))
        .to_owned();
    involved_views::Entity::update_many()
        .col_expr(involved_views::Column::Comments, Expr::value(ERASED))
        .filter(involved_views::Column::InvitationId.in_subquery(invited))
        .filter(involved_views::Column::Comments.ne(""))
        .exec(txn)
        .await?;
    redaction_decisions::Entity::delete_many()
        .filter(redaction_decisions::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    redaction_approvals::Entity::delete_many()
        .filter(redaction_approvals::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    sent_drafts::Entity::delete_many()
        .filter(sent_drafts::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Removes the case's files' rows; returns their storage keys (originals and the copies
/// made for the panel).
async fn remove_files(
    txn: &DatabaseTransaction,
    case_id: i32,
) -> Result<Vec<String>, StorageError> {
    let rows = attachments::Entity::find()
        .filter(attachments::Column::CaseId.eq(case_id))
        .all(txn)
        .await?;
    attachments::Entity::delete_many()
        .filter(attachments::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    Ok(rows
        .into_iter()
        .flat_map(|row| std::iter::once(row.storage_key).chain(row.shared_storage_key))
        .collect())
}

/// Erases the customer's own details once none of their cases keeps them, unless they
/// have an account of their own. Returns 1 if erased.
async fn erase_customer_if_done(
    txn: &DatabaseTransaction,
    customer_id: i32,
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let still_kept = cases::Entity::find()
        .filter(cases::Column::CustomerId.eq(customer_id))
        .filter(cases::Column::ErasedAt.is_null())
        .count(txn)
        .await?;
    if still_kept > 0 {
        return Ok(0);
    }
    let none = || Expr::value(Option::<String>::None);
    let changed = customers::Entity::update_many()
        .col_expr(customers::Column::Name, Expr::value(ERASED))
        .col_expr(customers::Column::DescribesYouOther, none())
        .col_expr(customers::Column::Phone, Expr::value(""))
        .col_expr(customers::Column::Email, none())
        .col_expr(customers::Column::AdjustmentsOther, none())
        .col_expr(customers::Column::Address, none())
        .col_expr(customers::Column::Postcode, none())
        .col_expr(customers::Column::ErasedAt, Expr::value(now))
        .filter(customers::Column::Id.eq(customer_id))
        .filter(customers::Column::UserId.is_null())
        .filter(customers::Column::ErasedAt.is_null())
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(0);
    }
    customer_flags::Entity::update_many()
        .col_expr(customer_flags::Column::Detail, none())
        .col_expr(customer_flags::Column::Reason, Expr::value(ERASED))
        .col_expr(customer_flags::Column::EndedReason, none())
        .filter(customer_flags::Column::CustomerId.eq(customer_id))
        .exec(txn)
        .await?;
    adjustment_actions::Entity::update_many()
        .col_expr(adjustment_actions::Column::Done, Expr::value(ERASED))
        .filter(adjustment_actions::Column::CustomerId.eq(customer_id))
        .exec(txn)
        .await?;
    Ok(1)
}
