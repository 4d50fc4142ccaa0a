//! Changing the working-day calendar every deadline is counted on: our closure days, and
//! business-continuity periods declared in exceptional circumstances (the timescales change
//! and the residents with open complaints are told).
//!
//! Each change is saved, then the open complaints are counted again with the calendar it
//! makes (each moved deadline saying why on its timeline). The use case hands back that
//! calendar ([`Changed::calendar`]) for the caller to put in place for its own requests;
//! every other server reads it again within its refresh.

use chrono::NaiveDate;
use domain::Calendar;
use domain::access::{Action, CaseRelation};
use domain::calendar::{
    ClosureChange, ClosureChangeChecked, ClosureForm, ContinuityForm, ContinuityPeriod,
    ImportedHolidays,
};
use storage::accounts::Account;
use storage::calendar::Change;
use storage::continuity::Declared;
use storage::recount::{Moved, Preview};

use crate::steps::today;
use crate::{Caller, Context, ServiceError};

/// A change made, and what it did to the open complaints.
#[derive(Debug, Clone)]
pub struct Changed<T> {
    pub change: T,
    /// The calendar the change made, as saved: the caller puts it in place.
    pub calendar: Calendar,
    /// Open complaints counted again.
    pub counted: usize,
    /// Of them, those whose next deadline moved, and where to.
    pub moved: Vec<Moved>,
}

/// The calendar's history, for the admin's page.
#[derive(Debug, Clone)]
pub struct History {
    /// The newest changes first, at most the number asked for.
    pub changes: Vec<Change>,
    /// The last import of bank holidays, however long ago.
    pub last_import: Option<Change>,
    /// The accounts that made them, by id (a former admin's may be missing).
    pub by: std::collections::HashMap<i32, Account>,
}

/// The last `listed` changes to the calendar and who made them.
pub async fn history(
    ctx: Context<'_>,
    caller: &Caller,
    listed: u64,
) -> Result<History, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let changes = storage::calendar::changes(ctx.db, listed).await?;
    let last_import = storage::calendar::last_import(ctx.db).await?;
    let by = storage::accounts::find_each(
        ctx.db,
        changes
            .iter()
            .chain(last_import.iter())
            .filter_map(|c| c.by),
    )
    .await?;
    Ok(History {
        changes,
        last_import,
        by,
    })
}

/// A change to a closure day checked against the calendar in force now (read again from
/// the database, so that a change another server just made counts), and what it would do
/// to the open complaints (at most `listed` of the deadlines it moves); changes nothing.
pub async fn check_closure(
    ctx: Context<'_>,
    caller: &Caller,
    change: ClosureChange,
    form: &ClosureForm,
    listed: usize,
) -> Result<(ClosureChangeChecked, Preview), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let (checked, after) = checked_closure(ctx, change, form).await?;
    let preview = if checked.change.moves_deadlines() {
        storage::recount::preview(ctx.db, &after, listed).await?
    } else {
        Preview::default()
    };
    Ok((checked, preview))
}

/// Adds, renames or removes a closure day, then recounts the open complaints; the change's
/// record says what that did. The admin's page and `putright close-day` both come here.
pub async fn change_closure(
    ctx: Context<'_>,
    caller: &Caller,
    change: ClosureChange,
    form: &ClosureForm,
) -> Result<Changed<ClosureChangeChecked>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let (checked, after) = checked_closure(ctx, change, form).await?;
    let id = storage::calendar::change_closure_day(
        ctx.db,
        &checked,
        after.version().as_str(),
        caller.user_id(),
        ctx.now,
    )
    .await?
    .ok_or_else(|| {
        ServiceError::invalid(
            "date",
            "Someone changed this closure day meanwhile: check the calendar and try again",
        )
    })?;
    let why = checked.why();
    let changed = recounted(ctx, checked, &why).await?;
    record_effect(ctx, id, &changed).await?;
    tracing::info!(
        by = %caller,
        change = changed.change.change.code(),
        day = %changed.change.day.date(),
        moved = changed.moved.len(),
        "closure day changed"
    );
    Ok(changed)
}

/// Imports GOV.UK's bank holidays (the file as the domain read it, `file_name` for the
/// record), then recounts the open complaints; the import's record says what that did. The
/// change is the years it covered ("2018 to 2028").
pub async fn import_bank_holidays(
    ctx: Context<'_>,
    caller: &Caller,
    imported: &ImportedHolidays,
    file_name: &str,
) -> Result<Changed<String>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let years: Vec<i32> = imported.years().collect();
    let covered = match (years.first(), years.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        (Some(first), _) => first.to_string(),
        _ => String::new(),
    };
    let summary = format!(
        "GOV.UK bank holidays for {covered} imported from {file_name} ({} days)",
        imported.len()
    );
    let after = storage::reference::calendar(ctx.db)
        .await?
        .with_imported(imported);
    let id = storage::calendar::import_bank_holidays(
        ctx.db,
        imported,
        summary,
        after.version().as_str(),
        caller.user_id(),
        ctx.now,
    )
    .await?;
    let why = format!("we imported GOV.UK's bank holidays for {covered}");
    let changed = recounted(ctx, covered, &why).await?;
    record_effect(ctx, id, &changed).await?;
    tracing::info!(
        by = %caller,
        days = imported.len(),
        moved = changed.moved.len(),
        "bank holidays imported"
    );
    Ok(changed)
}

async fn checked_closure(
    ctx: Context<'_>,
    change: ClosureChange,
    form: &ClosureForm,
) -> Result<(ClosureChangeChecked, Calendar), ServiceError> {
    let now_in_force = storage::reference::calendar(ctx.db).await?;
    let checked = form.parse(change, &now_in_force, today(ctx))?;
    let after = checked.apply(now_in_force);
    Ok((checked, after))
}

/// Every declared period, and how many open complaints a new one would reach.
#[derive(Debug, Clone)]
pub struct Periods {
    /// Oldest first.
    pub declared: Vec<Declared>,
    pub open_complaints: u64,
}

/// Every business-continuity period declared.
pub async fn periods(ctx: Context<'_>, caller: &Caller) -> Result<Periods, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    Ok(Periods {
        declared: storage::continuity::all(ctx.db).await?,
        open_complaints: storage::continuity::open_complaints(ctx.db).await?,
    })
}

/// A period declared.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub id: i32,
    pub period: ContinuityPeriod,
    /// Residents with open complaints sent the notice.
    pub residents_told: u32,
}

/// Declares a business-continuity period, recounts the open complaints with it, and sends
/// its notice to every resident with an open complaint.
pub async fn declare(
    ctx: Context<'_>,
    caller: &Caller,
    form: &ContinuityForm,
) -> Result<Changed<Declaration>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let (period, told) = form.parse(today(ctx))?;
    let by = caller.account_id()?;
    let id = storage::continuity::declare(ctx.db, &period, told, by, ctx.now)
        .await?
        .map_err(|refused| ServiceError::invalid(refused.field(), refused))?;
    let declaration = Declaration {
        id,
        period,
        residents_told: 0,
    };
    let why = format!(
        "we declared a business-continuity period {} ({})",
        declaration.period.dates_in_words(),
        declaration.period.reason()
    );
    let mut changed = recounted(ctx, declaration, &why).await?;
    changed.change.residents_told =
        storage::continuity::tell_residents(ctx.db, id, &changed.calendar, ctx.now).await?;
    tracing::info!(
        by = %caller,
        period = id,
        moved = changed.moved.len(),
        residents_told = changed.change.residents_told,
        "business-continuity period declared"
    );
    Ok(changed)
}

/// Ends a period early: its last day becomes `ends_on` (as typed), today or later; the open
/// complaints are counted again.
pub async fn end_early(
    ctx: Context<'_>,
    caller: &Caller,
    period: i32,
    ends_on: &str,
) -> Result<Changed<ContinuityPeriod>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let on = domain::form::required_date(ends_on, "Enter the last day of the period")
        .map_err(|m| ServiceError::invalid("ends_on", m))?;
    let declared = storage::continuity::all(ctx.db)
        .await?
        .into_iter()
        .find(|d| d.id == period)
        .ok_or(ServiceError::NotFound)?;
    declared
        .period
        .end_early(on, today(ctx))
        .map_err(|e| ServiceError::invalid("ends_on", e))?;
    let ended = storage::continuity::end_early(ctx.db, period, on)
        .await?
        .map_err(|e| ServiceError::invalid("ends_on", e))?;
    let why = format!(
        "we ended the business-continuity period early: it now runs {} ({})",
        ended.dates_in_words(),
        ended.reason()
    );
    let changed = recounted(ctx, ended, &why).await?;
    tracing::info!(
        by = %caller,
        period,
        moved = changed.moved.len(),
        "business-continuity period ended early"
    );
    Ok(changed)
}

/// Records the day the Ombudsman was told of a period (`told_on` as typed, today or
/// earlier).
pub async fn ombudsman_told(
    ctx: Context<'_>,
    caller: &Caller,
    period: i32,
    told_on: &str,
) -> Result<NaiveDate, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageCalendar)?;
    let on = domain::calendar::told_ombudsman_on(told_on, today(ctx))
        .map_err(|m| ServiceError::invalid("told_on", m))?;
    storage::continuity::record_ombudsman_told(ctx.db, period, on).await?;
    tracing::info!(
        by = %caller,
        period,
        "Ombudsman told of a business-continuity period"
    );
    Ok(on)
}

/// The open complaints counted again with the calendar as now saved, each moved deadline
/// saying on its timeline why.
async fn recounted<T>(ctx: Context<'_>, change: T, why: &str) -> Result<Changed<T>, ServiceError> {
    let calendar = storage::reference::calendar(ctx.db).await?;
    let done = storage::recount::recount(ctx.db, &calendar, why, ctx.now).await?;
    Ok(Changed {
        change,
        calendar,
        counted: done.counted,
        moved: done.moved,
    })
}

/// The calendar change `id`'s record says what its recount did.
async fn record_effect<T>(
    ctx: Context<'_>,
    id: i32,
    changed: &Changed<T>,
) -> Result<(), ServiceError> {
    Ok(storage::calendar::record_effect(
        ctx.db,
        id,
        changed.calendar.version().as_str(),
        changed.counted,
        changed.moved.len(),
    )
    .await?)
}
