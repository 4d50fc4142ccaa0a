//! Cases: the record of a service request, complaint or compliment, its lifecycle state and
//! its timeline.
//!
//! The lifecycle state is the domain's own [`Case`], stored whole (`cases.state`) so that it
//! comes back exactly as the domain left it; in the same transaction every fact that lists,
//! dashboards and reports query is written out to columns and child tables (each stage's
//! dates, extensions, points and findings, remedies). A save names the version it read: if
//! someone saved in between, nothing is written and [`StorageError::Stale`] comes back.

use crate::codes::{from_code, from_json, to_code, to_json};
use crate::customers::{self, Customer, CustomerDetails};
use crate::entities::{
    case_extensions, case_points, case_remedies, case_stages, cases, invitations,
    ombudsman_findings, ombudsman_orders, ombudsman_referrals, reference_counters, representatives,
    timeline,
};
use crate::{Db, StorageError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::access::{Authority, CaseRelation};
use domain::form::{ComplaintForm, Costs};
use domain::lifecycle::{Phase, Remedy, RemedyState, StageRecord};
use domain::policy::PolicySet;
use domain::{
    Calendar, Case, CaseReference, Channel, Complaint, Description, Money, Receipt, Role, Stage,
    TimelineItem, UserId,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait, InsertStatement, OnConflict, Query},
};

/// A case's row id: storage's own handle, never shown to people (they see the reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId(pub i32);

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What the customer told us, beyond who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetails {
    pub what_happened: Description,
    pub when_happened: Option<NaiveDate>,
    pub became_aware: Option<NaiveDate>,
    pub reported_before: Option<bool>,
    pub what_was_said: Option<String>,
    pub outcomes_sought: Option<String>,
    pub costs: Option<Costs>,
    pub compliment_about: Option<String>,
}

impl CaseDetails {
    /// Only the description: the other answers left blank.
    pub fn describing(what_happened: Description) -> Self {
        Self {
            what_happened,
            when_happened: None,
            became_aware: None,
            reported_before: None,
            what_was_said: None,
            outcomes_sought: None,
            costs: None,
            compliment_about: None,
        }
    }

    pub fn from_form(form: &ComplaintForm) -> Self {
        Self {
            what_happened: form.what_happened.clone(),
            when_happened: form.when_happened,
            became_aware: form.became_aware,
            reported_before: form.reported_before,
            what_was_said: form.what_was_said.clone(),
            outcomes_sought: form.outcomes_sought.clone(),
            costs: form.costs.clone(),
            compliment_about: form.compliment_about.clone(),
        }
    }
}

/// Who did something, as the timeline keeps them (a snapshot: accounts change).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Who {
    pub user_id: Option<i32>,
    pub role: Option<Role>,
    pub name: Option<String>,
}

impl Who {
    pub fn account(id: i32, role: Role, name: &str) -> Self {
        Self {
            user_id: Some(id),
            role: Some(role),
            name: Some(name.to_owned()),
        }
    }

    /// A customer without an account, named as on their form.
    pub fn customer(name: &str) -> Self {
        Self {
            user_id: None,
            role: Some(Role::Resident),
            name: Some(name.to_owned()),
        }
    }

    /// Putright itself (imports, scheduled work).
    pub fn system() -> Self {
        Self::default()
    }
}

/// The customer a new case is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerChoice {
    Existing(i32),
    New {
        user_id: Option<i32>,
        details: CustomerDetails,
    },
}

/// A case to record.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub customer: Option<CustomerChoice>,
    pub details: CaseDetails,
    /// The lifecycle state it starts in (see [`NewCase::initial_state`]).
    pub case: Case,
    pub recorded_by: Who,
    /// The service request a complaint was opened from.
    pub linked_case: Option<CaseId>,
    /// The previous system's reference, for imported history.
    pub legacy_reference: Option<String>,
}

/// What kind of case to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    ServiceRequest,
    Complaint,
    Compliment,
}

impl NewCase {
    /// [`NewCase::initial_state_under`] the built-in policy versions: for demo data, tests
    /// and cases received before any version was added.
    pub fn initial_state(
        opening: Opening,
        received_at: DateTime<Utc>,
        details: &CaseDetails,
        calendar: &Calendar,
    ) -> Case {
        Self::initial_state_under(
            opening,
            received_at,
            details,
            calendar,
            &PolicySet::built_in(),
        )
    }

    /// The state a new case starts in: a complaint waits for triage under the version of
    /// `policies` in force when it was received; a service request is open; a compliment is
    /// received.
    pub fn initial_state_under(
        opening: Opening,
        received_at: DateTime<Utc>,
        details: &CaseDetails,
        calendar: &Calendar,
        policies: &PolicySet,
    ) -> Case {
        match opening {
            Opening::ServiceRequest => {
                Case::ServiceRequest(domain::lifecycle::ServiceRequest::open())
            }
            Opening::Compliment => Case::Compliment(domain::lifecycle::Compliment::receive(
                details.compliment_about.as_deref().unwrap_or_default(),
            )),
            Opening::Complaint => Case::Complaint(Box::new(received_complaint(
                received_at,
                calendar,
                policies,
            ))),
        }
    }
}

fn received_complaint(
    received_at: DateTime<Utc>,
    calendar: &Calendar,
    policies: &PolicySet,
) -> Complaint {
    let london = domain::london::to_london(received_at).date();
    let policy = policies.in_force(london);
    let receipt = Receipt::new(received_at, policy.cut_off, calendar);
    Complaint::receive(policy, &receipt)
}

/// What recording a case hands back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedCase {
    pub id: CaseId,
    pub reference: CaseReference,
    /// The private tracking link's token: handed back this once, and kept only as its
    /// SHA-256 (migration m0016), so a copy of the database opens no case.
    pub tracking_token: String,
}

/// A case as read back, with the version to name when saving it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub id: CaseId,
    pub reference: CaseReference,
    pub version: i32,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub customer: Option<Customer>,
    pub details: CaseDetails,
    pub case: Case,
    pub tracking_revoked: bool,
    /// When its personal data was erased under the retention schedule.
    pub erased_at: Option<DateTime<Utc>>,
    pub linked_case: Option<CaseId>,
    pub legacy_reference: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub priority: domain::triage::Priority,
    /// How often we agreed to update the customer, and when the next update is due.
    pub updates: Option<(domain::updates::UpdateInterval, NaiveDate)>,
}

/// One timeline entry as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The account that did it, for a person signed in (none for the customer on the
    /// public form, an integration client or the system).
    pub actor_id: Option<i32>,
    pub actor_name: Option<String>,
    pub actor_role: Option<Role>,
    pub item: TimelineItem,
}

/// Records a new case with the next reference of its year, its first timeline entry
/// ("received"), and its customer if new — all in one transaction.
///
/// The number comes from a per-year counter bumped by one atomic upsert in the same
/// transaction as the insert: concurrent cases queue on the counter row, never share a
/// number, and a failed insert gives its number back.
pub async fn create(
    db: &Db,
    new: NewCase,
    calendar: &Calendar,
) -> Result<CreatedCase, StorageError> {
    let txn = db.conn().begin().await?;
    let recorded_at = new.received_at;
    let created = create_in(&txn, new, calendar, recorded_at).await?;
    txn.commit().await?;
    Ok(created)
}

/// Records a case logged through the API with its evidence file (already in the blob
/// store) and the message that tells its customer, in one transaction, recorded at `now`
/// (see [`create_in`]).
pub async fn create_logged(
    db: &Db,
    new: NewCase,
    evidence: Option<&crate::attachments::NewAttachment>,
    tell: crate::drafts::Receipt<'_>,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<CreatedCase, StorageError> {
    let txn = db.conn().begin().await?;
    let recorded_by = new.recorded_by.clone();
    let created = create_in(&txn, new, calendar, now).await?;
    if let Some(file) = evidence {
        crate::attachments::record_in(&txn, created.id, file, &recorded_by, now).await?;
    }
    if let Some(message) = tell(&created) {
        crate::outbox::enqueue_in(&txn, &message, now).await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// A case in the list of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: CaseId,
    pub reference: CaseReference,
    pub changed_at: DateTime<Utc>,
}

/// Cases changed after the cursor `after` (the change time and id of the last one a client
/// saw) and before `until`, in the order of their change, at most `limit`: one walk of the
/// `cases_by_change` index from the cursor, whatever the number of cases.
pub async fn changed(
    db: &Db,
    after: Option<(DateTime<Utc>, i32)>,
    until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Change>, StorageError> {
    use sea_orm::QuerySelect;
    let mut query = cases::Entity::find()
        .select_only()
        .columns([
            cases::Column::Id,
            cases::Column::ReferenceYear,
            cases::Column::ReferenceNumber,
            cases::Column::UpdatedAt,
        ])
        .filter(cases::Column::UpdatedAt.is_not_null())
        .filter(cases::Column::UpdatedAt.lt(until));
    if let Some((at, id)) = after {
        query = query.filter(
            sea_orm::Condition::any()
                .add(cases::Column::UpdatedAt.gt(at))
                .add(
                    sea_orm::Condition::all()
                        .add(cases::Column::UpdatedAt.eq(at))
                        .add(cases::Column::Id.gt(id)),
                ),
        );
    }
    let rows: Vec<(i32, i16, i32, Option<DateTime<Utc>>)> = query
        .order_by_asc(cases::Column::UpdatedAt)
        .order_by_asc(cases::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db.conn())
        .await?;
    rows.into_iter()
        .map(|(id, year, number, at)| {
            Ok(Change {
                id: CaseId(id),
                reference: case_reference(year, number)?,
                changed_at: at.ok_or(StorageError::NotFound)?,
            })
        })
        .collect()
}

/// [`create`] inside the caller's transaction, for a case made together with other rows
/// (a confirmed draft and its file: `crate::drafts::confirm`). `recorded_at` is when it
/// was written down, which may be after it was received: the case counts as changed then
/// (the API's list of changes, [`changed`], must find a case logged today about a call
/// received yesterday after any cursor a client already holds), and live webhooks are told
/// of it then, in this transaction. History from a previous system is not announced.
pub(crate) async fn create_in(
    txn: &DatabaseTransaction,
    new: NewCase,
    calendar: &Calendar,
    recorded_at: DateTime<Utc>,
) -> Result<CreatedCase, StorageError> {
    let year = reference_year(new.received_at)?;
    let tracking_token = new_tracking_token();
    let number = next_reference_numbers(txn, year, 1).await?;
    let reference = case_reference(year, number)?;
    let customer_id = match &new.customer {
        None => None,
        Some(CustomerChoice::Existing(id)) => Some(*id),
        Some(CustomerChoice::New { user_id, details }) => {
            Some(customers::insert(txn, *user_id, details, new.received_at).await?)
        }
    };
    let row = cases::ActiveModel {
        reference_year: Set(year),
        reference_number: Set(number),
        tracking_token: Set(tracking_digest(&tracking_token)),
        customer_id: Set(customer_id),
        updated_at: Set(Some(Ord::max(new.received_at, recorded_at))),
        ..case_row(&new, &new.case, calendar)
    }
    .insert(txn)
    .await?;
    let id = CaseId(row.id);
    if new.legacy_reference.is_none() && crate::webhooks::any_live(txn).await? {
        crate::webhooks::announce_in(
            txn,
            &crate::webhooks::CaseEvent {
                event: domain::webhooks::Event::CaseCreated,
                case_id: id,
                reference: &reference.to_string(),
                kind: &to_code(&new.case.kind()),
                phase: new.case.phase_code(),
                previous_phase: None,
            },
            recorded_at,
        )
        .await?;
    }
    project(txn, id, &new.case, calendar).await?;
    append_in(
        txn,
        id,
        &new.recorded_by,
        &first_entry(&new),
        new.received_at,
    )
    .await?;
    Ok(CreatedCase {
        id,
        reference,
        tracking_token,
    })
}

/// The year a case's reference is numbered in: the year it was received.
pub(crate) fn reference_year(received_at: DateTime<Utc>) -> Result<i16, StorageError> {
    i16::try_from(received_at.year()).map_err(|_| StorageError::Conflict)
}

/// A reserved number as a reference; a number past the format's limit is a conflict.
pub(crate) fn case_reference(year: i16, number: i32) -> Result<CaseReference, StorageError> {
    CaseReference::new(year as u16, number as u32).map_err(|_| StorageError::Conflict)
}

/// The row of a case that `new` describes, in lifecycle state `case`: every column but the
/// reference, the tracking token and the customer, which the caller draws. [`create`] and
/// the bulk loader both build their rows here, so the two store a case the same way.
/// The step of the next deadline, as stored beside it (`cases.next_step`).
pub(crate) fn next_step(case: &Case, calendar: &Calendar) -> Option<String> {
    case.next_deadline(calendar).map(|d| to_code(&d.step))
}

pub(crate) fn case_row(new: &NewCase, case: &Case, calendar: &Calendar) -> cases::ActiveModel {
    let d = &new.details;
    cases::ActiveModel {
        id: NotSet,
        reference_year: NotSet,
        reference_number: NotSet,
        received_at: Set(new.received_at),
        description: Set(d.what_happened.as_str().to_owned()),
        tracking_token: NotSet,
        kind: Set(to_code(&case.kind())),
        channel: Set(new.channel.as_str().to_owned()),
        policy_id: Set(case.as_complaint().map(|c| c.policy().id.to_string())),
        phase: Set(case.phase_code().to_owned()),
        legacy_reference: Set(new.legacy_reference.clone()),
        state: Set(Some(to_json(case))),
        version: Set(1),
        updated_at: Set(Some(new.received_at)),
        tracking_revoked: Set(false),
        when_happened: Set(d.when_happened),
        became_aware: Set(d.became_aware),
        reported_before: Set(d.reported_before),
        what_was_said: Set(d.what_was_said.clone()),
        outcomes_sought: Set(d.outcomes_sought.clone()),
        costs_description: Set(d.costs.as_ref().map(|c| c.description.clone())),
        costs_pence: Set(d
            .costs
            .as_ref()
            .and_then(|c| c.amount)
            .map(|m| m.pence() as i64)),
        compliment_about: Set(d.compliment_about.clone()),
        next_due: Set(case.next_due(calendar)),
        next_step: Set(next_step(case, calendar)),
        calendar_version: Set(Some(calendar.version().to_string())),
        customer_id: NotSet,
        handler_id: Set(user_ref(case.handler())),
        reviewer_id: Set(user_ref(case.reviewer())),
        linked_case_id: Set(new.linked_case.map(|c| c.0)),
        priority: Set(domain::triage::Priority::Standard.rank()),
        update_every_days: Set(None),
        next_update_on: Set(None),
        ended_on: Set(domain::tracking::ended_on(case)),
        erased_at: Set(None),
        held_reason: Set(None),
        held_by: Set(None),
        held_at: Set(None),
    }
}

/// A case's first timeline entry: how it reached us, or where it was imported from.
pub(crate) fn first_entry(new: &NewCase) -> TimelineItem {
    match &new.legacy_reference {
        Some(legacy) => TimelineItem::Imported {
            legacy_reference: legacy.clone(),
        },
        None => TimelineItem::Received {
            channel: new.channel,
        },
    }
}

/// Reserves `count` consecutive reference numbers of `year`; returns the last.
pub(crate) async fn next_reference_numbers(
    txn: &DatabaseTransaction,
    year: i16,
    count: i32,
) -> Result<i32, StorageError> {
    let row = txn
        .query_one(&reserve_reference_numbers(year, count))
        .await?
        .ok_or_else(|| StorageError::Database(sea_orm::DbErr::RecordNotInserted))?;
    Ok(row.try_get_by_index::<i32>(0)?)
}

/// The statement that reserves `count` consecutive reference numbers of `year`, answering
/// the last of them.
pub(crate) fn reserve_reference_numbers(year: i16, count: i32) -> InsertStatement {
    use reference_counters::Column;
    Query::insert()
        .into_table(reference_counters::Entity)
        .columns([Column::Year, Column::LastNumber])
        .values_panic([year.into(), count.into()])
        .on_conflict(
            OnConflict::column(Column::Year)
                .value(
                    Column::LastNumber,
                    Expr::col((reference_counters::Entity, Column::LastNumber)).add(count),
                )
                .to_owned(),
        )
        .returning_col(Column::LastNumber)
        .to_owned()
}

/// Saves a new lifecycle state with the timeline entries that explain it, if the case is
/// still at `expected_version`. Returns the new version.
pub async fn save(
    db: &Db,
    id: CaseId,
    expected_version: i32,
    case: &Case,
    entries: &[(Who, TimelineItem)],
    now: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<i32, StorageError> {
    let step = StepWrites {
        entries,
        letters: &[],
        also: Also::default(),
    };
    save_step(db, id, expected_version, case, step, now, calendar)
        .await
        .map(|saved| saved.version)
}

/// What a step writes besides the case's new state: its timeline entries and the letters
/// it sends, each with the person who took it, and what else the step brings with it.
#[derive(Debug, Clone)]
pub struct StepWrites<'a> {
    pub entries: &'a [(Who, TimelineItem)],
    pub letters: &'a [(Who, crate::letters::NewLetter)],
    pub also: Also,
}

/// Rows some steps make besides the case's own: kept or lost with the step.
#[derive(Debug, Clone, Default)]
pub struct Also {
    /// A panel member invited to the review, with the e-mail that tells them.
    pub invitation: Option<crate::invitations::NewInvitation>,
    /// Root causes a response found (learning categories, by id).
    pub root_causes: Vec<i32>,
    /// A complaint opened from this case (a service request the customer is unhappy
    /// with), linked to it.
    pub opens: Option<NewCase>,
    /// Every open invitation to the case's review withdrawn (the customer said no to an
    /// involved customer): the panel member loses access with the step.
    pub withdraw_invitations: bool,
}

impl Also {
    /// Whether there is nothing besides the case's own rows.
    pub fn is_empty(&self) -> bool {
        self.invitation.is_none()
            && self.root_causes.is_empty()
            && self.opens.is_none()
            && !self.withdraw_invitations
    }
}

/// What [`save_step`] kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedStep {
    /// The case's version now.
    pub version: i32,
    /// The reference of the complaint [`Also::opens`] made.
    pub opened: Option<CaseReference>,
}

/// Saves the case's new state, its timeline entries, each letter with its timeline entry
/// and its e-mail on the outbox, and [`Also`]'s rows, in one transaction: if any part
/// fails, none of it is kept. Refused as [`StorageError::Stale`] when the case moved on
/// from `expected_version`.
pub async fn save_step(
    db: &Db,
    id: CaseId,
    expected_version: i32,
    case: &Case,
    step: StepWrites<'_>,
    now: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<SavedStep, StorageError> {
    let entries = step.entries;
    let txn = db.conn().begin().await?;
    // What webhooks are told of a change of phase: read before the change, and only when
    // one is live.
    let before = if crate::webhooks::any_live(&txn).await? {
        use sea_orm::QuerySelect;
        cases::Entity::find_by_id(id.0)
            .select_only()
            .columns([
                cases::Column::ReferenceYear,
                cases::Column::ReferenceNumber,
                cases::Column::Phase,
                cases::Column::Kind,
            ])
            .into_tuple::<(i16, i32, String, String)>()
            .one(&txn)
            .await?
    } else {
        None
    };
    let update = Query::update()
        .table(cases::Entity)
        .values([
            (cases::Column::State, Some(to_json(case)).into()),
            (cases::Column::Phase, case.phase_code().into()),
            (
                cases::Column::PolicyId,
                case.as_complaint()
                    .map(|c| c.policy().id.to_string())
                    .into(),
            ),
            (cases::Column::NextDue, case.next_due(calendar).into()),
            (cases::Column::NextStep, next_step(case, calendar).into()),
            (
                cases::Column::EndedOn,
                domain::tracking::ended_on(case).into(),
            ),
            (
                cases::Column::CalendarVersion,
                Some(calendar.version().to_string()).into(),
            ),
            (cases::Column::HandlerId, user_ref(case.handler()).into()),
            (cases::Column::ReviewerId, user_ref(case.reviewer()).into()),
            (cases::Column::UpdatedAt, Some(now).into()),
            (
                cases::Column::Version,
                Expr::col(cases::Column::Version).add(1),
            ),
        ])
        .and_where(cases::Column::Id.eq(id.0))
        .and_where(cases::Column::Version.eq(expected_version))
        .to_owned();
    let result = txn.execute(&update).await?;
    if result.rows_affected() == 0 {
        let exists = cases::Entity::find_by_id(id.0).one(&txn).await?.is_some();
        return Err(if exists {
            StorageError::Stale
        } else {
            StorageError::NotFound
        });
    }
    project(&txn, id, case, calendar).await?;
    for (who, item) in entries {
        append_in(&txn, id, who, item, now).await?;
    }
    for (who, letter) in step.letters {
        crate::letters::issue_in(&txn, id, letter, who, now).await?;
    }
    let Also {
        invitation,
        root_causes,
        opens,
        withdraw_invitations,
    } = step.also;
    if withdraw_invitations {
        crate::invitations::close_open_in(
            &txn,
            id,
            crate::invitations::InvitationState::Withdrawn,
            now,
        )
        .await?;
    }
    if let Some(invitation) = &invitation {
        crate::invitations::invite_in(&txn, id, invitation, now).await?;
    }
    for category in root_causes {
        crate::learning::record_in(&txn, id, category).await?;
    }
    let opened = match opens {
        Some(new) => Some(create_in(&txn, new, calendar, now).await?.reference),
        None => None,
    };
    if let Some((year, number, phase, kind)) = before
        && phase != case.phase_code()
    {
        crate::webhooks::announce_in(
            &txn,
            &crate::webhooks::CaseEvent {
                event: domain::webhooks::Event::PhaseChanged,
                case_id: id,
                reference: &case_reference(year, number)?.to_string(),
                kind: &kind,
                phase: case.phase_code(),
                previous_phase: Some(&phase),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(SavedStep {
        version: expected_version + 1,
        opened,
    })
}

/// Changes how pressing a case is, from `from` (what the person deciding saw) to the
/// change's priority, with its timeline entry, in one transaction. Refused as
/// [`StorageError::Stale`] when someone else changed it first.
pub async fn set_priority(
    db: &Db,
    id: CaseId,
    from: domain::triage::Priority,
    change: &domain::triage::PriorityChange,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let update = Query::update()
        .table(cases::Entity)
        .values([
            (cases::Column::Priority, change.priority.rank().into()),
            (cases::Column::UpdatedAt, Some(now).into()),
        ])
        .and_where(cases::Column::Id.eq(id.0))
        .and_where(cases::Column::Priority.eq(from.rank()))
        .to_owned();
    if txn.execute(&update).await?.rows_affected() == 0 {
        let exists = cases::Entity::find_by_id(id.0).one(&txn).await?.is_some();
        return Err(if exists {
            StorageError::Stale
        } else {
            StorageError::NotFound
        });
    }
    let item = TimelineItem::PrioritySet {
        from,
        to: change.priority,
        reason: change.reason.clone(),
    };
    append_in(&txn, id, who, &item, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Agrees with the customer how often we update them, from `today`: the next update is
/// due one interval on. With its timeline entry, in one transaction.
pub async fn agree_updates(
    db: &Db,
    id: CaseId,
    every: domain::updates::UpdateInterval,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<NaiveDate, StorageError> {
    let next = every.next_after(domain::london::to_london(now).date());
    let txn = db.conn().begin().await?;
    set_updates_in(&txn, id, Some(every), next, now).await?;
    append_in(
        &txn,
        id,
        who,
        &TimelineItem::UpdatesAgreed { every, next },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

/// Records an update given to the customer; when an interval was agreed, the next one is
/// due one interval from today. With its timeline entry, in one transaction.
pub async fn record_update(
    db: &Db,
    id: CaseId,
    update: &domain::updates::Update,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let row = cases::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let every = row
        .update_every_days
        .and_then(|d| u16::try_from(d).ok())
        .and_then(domain::updates::UpdateInterval::from_days);
    if let Some(every) = every {
        let next = every.next_after(domain::london::to_london(now).date());
        set_updates_in(&txn, id, Some(every), next, now).await?;
    }
    append_in(
        &txn,
        id,
        who,
        &TimelineItem::CustomerUpdated {
            how: update.how,
            summary: update.summary.clone(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_updates_in(
    txn: &DatabaseTransaction,
    id: CaseId,
    every: Option<domain::updates::UpdateInterval>,
    next: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let update = Query::update()
        .table(cases::Entity)
        .values([
            (
                cases::Column::UpdateEveryDays,
                every.map(|e| e.days() as i16).into(),
            ),
            (cases::Column::NextUpdateOn, Some(next).into()),
            (cases::Column::UpdatedAt, Some(now).into()),
        ])
        .and_where(cases::Column::Id.eq(id.0))
        .to_owned();
    if txn.execute(&update).await?.rows_affected() == 0 {
        return Err(StorageError::NotFound);
    }
    Ok(())
}

/// Adds one entry to a case's timeline without changing its state (a note, a file, an
/// opened review file).
pub async fn append(
    db: &Db,
    id: CaseId,
    who: &Who,
    item: &TimelineItem,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    append_in(db.conn(), id, who, item, now).await
}

pub(crate) async fn append_in(
    conn: &impl ConnectionTrait,
    id: CaseId,
    who: &Who,
    item: &TimelineItem,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    let row = timeline_row(id, who, item, now).insert(conn).await?;
    Ok(row.id)
}

/// One timeline row, as [`append_in`] and the bulk loader write it.
pub(crate) fn timeline_row(
    id: CaseId,
    who: &Who,
    item: &TimelineItem,
    at: DateTime<Utc>,
) -> timeline::ActiveModel {
    timeline::ActiveModel {
        id: NotSet,
        case_id: Set(id.0),
        at: Set(at),
        actor_id: Set(who.user_id),
        actor_role: Set(who.role.map(|r| r.as_str().to_owned())),
        actor_name: Set(who.name.clone()),
        kind: Set(timeline_kind(item)),
        details: Set(to_json(item)),
        customer_visible: Set(item.customer_visible()),
        erased_at: Set(None),
    }
}

/// `acknowledged`, `note`, …: the event's own name for transitions, else the item's.
fn timeline_kind(item: &TimelineItem) -> String {
    let value = serde_json::to_value(item).expect("timeline items serialise");
    let name =
        |v: &serde_json::Value, key: &str| v.get(key).and_then(|t| t.as_str()).map(str::to_owned);
    value
        .get("event")
        .and_then(|e| name(e, "event"))
        .or_else(|| name(&value, "type"))
        .unwrap_or_default()
}

/// The timeline, oldest first; `customer_view` keeps only what the customer sees.
pub async fn timeline(
    db: &Db,
    id: CaseId,
    customer_view: bool,
) -> Result<Vec<TimelineEntry>, StorageError> {
    let mut query = timeline::Entity::find().filter(timeline::Column::CaseId.eq(id.0));
    if customer_view {
        query = query.filter(timeline::Column::CustomerVisible.eq(true));
    }
    query
        .order_by_asc(timeline::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| {
            Ok(TimelineEntry {
                id: row.id,
                at: row.at,
                actor_id: row.actor_id,
                actor_name: row.actor_name,
                actor_role: row.actor_role.as_deref().and_then(|r| r.parse().ok()),
                item: from_json(&row.details)?,
            })
        })
        .collect()
}

/// One stage's dates as stored for reports: received, contacted, acknowledged, extended
/// to (with the reason and approver of the latest extension), responded, closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDates {
    pub stage: Stage,
    pub arrived_on: NaiveDate,
    pub day0: NaiveDate,
    pub owner_id: Option<i32>,
    pub contacted_on: Option<NaiveDate>,
    pub acknowledged_on: Option<NaiveDate>,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub extension_approved_by: Option<i32>,
    pub responded_on: Option<NaiveDate>,
    pub outcome: Option<domain::lifecycle::Outcome>,
    pub closed_on: Option<NaiveDate>,
}

/// The stored dates of each stage a complaint has reached, Stage 1 first.
pub async fn stage_dates(db: &Db, id: CaseId) -> Result<Vec<StageDates>, StorageError> {
    case_stages::Entity::find()
        .filter(case_stages::Column::CaseId.eq(id.0))
        .order_by_asc(case_stages::Column::Stage)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| {
            Ok(StageDates {
                stage: if row.stage == 2 {
                    Stage::Two
                } else {
                    Stage::One
                },
                arrived_on: row.arrived_on,
                day0: row.day0,
                owner_id: row.owner_id,
                contacted_on: row.contacted_on,
                acknowledged_on: row.acknowledged_on,
                extended_to: row.extended_to,
                extension_reason: row.extension_reason,
                extension_approved_by: row.extension_approved_by,
                responded_on: row.responded_on,
                outcome: row.outcome.as_deref().map(from_code).transpose()?,
                closed_on: row.closed_on,
            })
        })
        .collect()
}

/// How many cases there are.
pub async fn count(db: &Db) -> Result<u64, StorageError> {
    use sea_orm::PaginatorTrait;
    Ok(cases::Entity::find().count(db.conn()).await?)
}

/// Which cases a staff list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Only cases at this phase (`stage1`, `received`, …).
    pub phase: Option<String>,
    /// Only cases handled (Stage 1) or reviewed (Stage 2) by this account.
    pub owner: Option<i32>,
    pub limit: Option<u64>,
}

/// Cases for staff lists: the soonest deadline first, then the oldest.
pub async fn list(db: &Db, filter: &CaseFilter) -> Result<Vec<CaseListItem>, StorageError> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{NullOrdering, Order};
    let mut query = cases::Entity::find();
    if let Some(phase) = &filter.phase {
        query = query.filter(cases::Column::Phase.eq(phase.as_str()));
    }
    if let Some(owner) = filter.owner {
        query = query.filter(
            sea_orm::Condition::any()
                .add(cases::Column::HandlerId.eq(owner))
                .add(cases::Column::ReviewerId.eq(owner)),
        );
    }
    if let Some(limit) = filter.limit {
        query = query.limit(limit);
    }
    query
        .order_by_with_nulls(cases::Column::NextDue, Order::Asc, NullOrdering::Last)
        .order_by_asc(cases::Column::ReceivedAt)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_list_item)
        .collect()
}

/// How many cases are at each phase (`received`, `stage1`, …), for dashboards.
pub async fn phase_counts(db: &Db) -> Result<Vec<(String, i64)>, StorageError> {
    use sea_orm::QuerySelect;
    Ok(cases::Entity::find()
        .select_only()
        .column(cases::Column::Phase)
        .column_as(cases::Column::Id.count(), "n")
        .group_by(cases::Column::Phase)
        .order_by_asc(cases::Column::Phase)
        .into_tuple::<(String, i64)>()
        .all(db.conn())
        .await?)
}

/// Reads a case by its id.
pub async fn load(db: &Db, id: CaseId, calendar: &Calendar) -> Result<StoredCase, StorageError> {
    let row = cases::Entity::find_by_id(id.0)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    to_stored(db.conn(), row, calendar).await
}

/// The id of the case with this reference.
pub async fn find_id(db: &Db, reference: &CaseReference) -> Result<CaseId, StorageError> {
    let row = cases::Entity::find()
        .filter(cases::Column::ReferenceYear.eq(reference.year() as i16))
        .filter(cases::Column::ReferenceNumber.eq(reference.number() as i32))
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(CaseId(row.id))
}

/// Finds a case by its private tracking token; a revoked link finds nothing.
pub async fn find_by_tracking_token(
    db: &Db,
    token: &str,
    calendar: &Calendar,
) -> Result<StoredCase, StorageError> {
    let row = cases::Entity::find()
        .filter(cases::Column::TrackingToken.eq(tracking_digest(token.trim())))
        .filter(cases::Column::TrackingRevoked.eq(false))
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    to_stored(db.conn(), row, calendar).await
}

/// Cancels a case's tracking link (staff do this when it may have been shared).
pub async fn revoke_tracking(
    db: &Db,
    id: CaseId,
    who: &Who,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let result = cases::Entity::update_many()
        .col_expr(cases::Column::TrackingRevoked, Expr::value(true))
        .filter(cases::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    append_in(&txn, id, who, &TimelineItem::TrackingLinkRevoked, now).await?;
    txn.commit().await?;
    Ok(())
}

/// How an account stands to a case, for [`domain::access::check`].
pub async fn relation(db: &Db, id: CaseId, user_id: i32) -> Result<CaseRelation, StorageError> {
    let condition = Expr::col((cases::Entity, cases::Column::Id)).eq(id.0);
    Ok(relation_where(db, condition, user_id).await?.1)
}

/// The case with this reference, and how an account stands to it, in one query: every
/// page about one case asks it first.
pub async fn relation_by_reference(
    db: &Db,
    reference: &CaseReference,
    user_id: i32,
) -> Result<(CaseId, CaseRelation), StorageError> {
    let condition = Expr::col((cases::Entity, cases::Column::ReferenceYear))
        .eq(reference.year() as i16)
        .and(
            Expr::col((cases::Entity, cases::Column::ReferenceNumber))
                .eq(reference.number() as i32),
        );
    relation_where(db, condition, user_id).await
}

/// The one case `condition` picks and the account's standing on it: its customer's
/// account, a representative's authority (the strongest, when named twice), an invitation
/// that still grants access, and whether they handle or review it.
async fn relation_where(
    db: &Db,
    condition: Expr,
    user_id: i32,
) -> Result<(CaseId, CaseRelation), StorageError> {
    use crate::entities::customers as cu;
    let case_id = || Expr::col((cases::Entity, cases::Column::Id));
    let exists = |select: sea_orm::sea_query::SelectStatement| Expr::exists(select);
    let representative = |authority: &str| {
        exists(
            Query::select()
                .expr(Expr::val(1))
                .from(representatives::Entity)
                .and_where(
                    Expr::col((representatives::Entity, representatives::Column::CaseId))
                        .equals((cases::Entity, cases::Column::Id)),
                )
                .and_where(
                    Expr::col((representatives::Entity, representatives::Column::UserId))
                        .eq(user_id),
                )
                .and_where(
                    Expr::col((representatives::Entity, representatives::Column::Authority))
                        .eq(authority),
                )
                .to_owned(),
        )
    };
    let select = Query::select()
        .expr_as(case_id(), "id")
        .expr_as(
            Expr::col((cases::Entity, cases::Column::HandlerId)),
            "handler_id",
        )
        .expr_as(
            Expr::col((cases::Entity, cases::Column::ReviewerId)),
            "reviewer_id",
        )
        .expr_as(
            exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(cu::Entity)
                    .and_where(
                        Expr::col((cu::Entity, cu::Column::Id))
                            .equals((cases::Entity, cases::Column::CustomerId)),
                    )
                    .and_where(Expr::col((cu::Entity, cu::Column::UserId)).eq(user_id))
                    .to_owned(),
            ),
            "is_customer",
        )
        .expr_as(representative("confirmed"), "confirmed")
        .expr_as(representative("awaiting_confirmation"), "awaiting")
        .expr_as(
            exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(invitations::Entity)
                    .and_where(
                        Expr::col((invitations::Entity, invitations::Column::CaseId))
                            .equals((cases::Entity, cases::Column::Id)),
                    )
                    .and_where(
                        Expr::col((invitations::Entity, invitations::Column::MemberId)).eq(user_id),
                    )
                    .and_where(
                        Expr::col((invitations::Entity, invitations::Column::State)).is_in(
                            crate::invitations::InvitationState::GRANTING.map(|s| s.as_str()),
                        ),
                    )
                    .to_owned(),
            ),
            "invited",
        )
        .from(cases::Entity)
        .and_where(condition)
        .to_owned();
    let row = db
        .conn()
        .query_one(&select)
        .await?
        .ok_or(StorageError::NotFound)?;
    let id: i32 = row.try_get("", "id")?;
    let handler_id: Option<i32> = row.try_get("", "handler_id")?;
    let reviewer_id: Option<i32> = row.try_get("", "reviewer_id")?;
    let representative = if row.try_get::<bool>("", "confirmed")? {
        Authority::Confirmed
    } else if row.try_get::<bool>("", "awaiting")? {
        Authority::AwaitingConfirmation
    } else {
        Authority::None
    };
    Ok((
        CaseId(id),
        CaseRelation {
            is_customer: row.try_get("", "is_customer")?,
            representative,
            is_handler: handler_id == Some(user_id),
            is_reviewer: reviewer_id == Some(user_id),
            is_invited_panel_member: row.try_get("", "invited")?,
        },
    ))
}

/// A line in a list of cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListItem {
    pub id: CaseId,
    pub reference: CaseReference,
    pub kind: domain::lifecycle::CaseKind,
    pub phase: String,
    pub received_at: DateTime<Utc>,
    pub next_due: Option<NaiveDate>,
    pub summary: String,
    /// Where the case is, in plain words for the customer.
    pub status: &'static str,
}

/// The cases a resident may see: their own, and those they act for with confirmed
/// authority. Newest first.
pub async fn for_resident(db: &Db, user_id: i32) -> Result<Vec<CaseListItem>, StorageError> {
    let own = Query::select()
        .column(crate::entities::customers::Column::Id)
        .from(crate::entities::customers::Entity)
        .and_where(crate::entities::customers::Column::UserId.eq(user_id))
        .to_owned();
    let represented = Query::select()
        .column(representatives::Column::CaseId)
        .from(representatives::Entity)
        .and_where(representatives::Column::UserId.eq(user_id))
        .and_where(representatives::Column::Authority.eq("confirmed"))
        .to_owned();
    // One list of ids from two indexes: with `OR` between the two, PostgreSQL read every
    // case to find a resident's few.
    let theirs = Query::select()
        .column(cases::Column::Id)
        .from(cases::Entity)
        .and_where(cases::Column::CustomerId.in_subquery(own))
        .union(sea_orm::sea_query::UnionType::Distinct, represented)
        .to_owned();
    let rows = cases::Entity::find()
        .filter(cases::Column::Id.in_subquery(theirs))
        .order_by_desc(cases::Column::ReceivedAt)
        .all(db.conn())
        .await?;
    rows.into_iter().map(to_list_item).collect()
}

pub(crate) fn to_list_item(row: cases::Model) -> Result<CaseListItem, StorageError> {
    // Plain words depend on the phase alone, never on the calendar.
    let status = state_of(&row, &Calendar::england_and_wales())?.plain_status();
    Ok(CaseListItem {
        status,
        id: CaseId(row.id),
        reference: reference_of(&row)?,
        kind: from_code(&row.kind)?,
        summary: row.description.chars().take(120).collect(),
        phase: row.phase,
        received_at: row.received_at,
        next_due: row.next_due,
    })
}

/// The references of some cases, read in one query; ids that name no case are left out.
pub async fn references_of(
    db: &Db,
    ids: impl IntoIterator<Item = CaseId>,
) -> Result<std::collections::HashMap<CaseId, CaseReference>, StorageError> {
    let ids: Vec<i32> = ids.into_iter().map(|id| id.0).collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    use sea_orm::QuerySelect;
    // The reference's columns alone: not each case's stored state and text.
    let rows: Vec<(i32, i16, i32)> = cases::Entity::find()
        .select_only()
        .column(cases::Column::Id)
        .column(cases::Column::ReferenceYear)
        .column(cases::Column::ReferenceNumber)
        .filter(cases::Column::Id.is_in(ids))
        .into_tuple()
        .all(db.conn())
        .await?;
    rows.into_iter()
        .map(|(id, year, number)| Ok((CaseId(id), reference_from(id, year, number)?)))
        .collect()
}

/// The rows `select` picks from a table with a `case_id` column, each with its case's
/// reference, in one statement: the reference's two columns joined in, where
/// [`references_of`] would read them in a second.
pub(crate) async fn with_references<E: EntityTrait>(
    db: &Db,
    select: sea_orm::Select<E>,
    case_id: E::Column,
) -> Result<Vec<(E::Model, CaseReference)>, StorageError> {
    use sea_orm::{FromQueryResult, IdenStatic, QuerySelect, QueryTrait};
    let statement = select
        .join(
            sea_orm::JoinType::InnerJoin,
            E::belongs_to(cases::Entity)
                .from(case_id)
                .to(cases::Column::Id)
                .into(),
        )
        .column_as(cases::Column::ReferenceYear, "reference_year")
        .column_as(cases::Column::ReferenceNumber, "reference_number")
        .build(db.backend().db_backend());
    db.conn()
        .query_all_raw(statement)
        .await?
        .iter()
        .map(|row| {
            let model = E::Model::from_query_result(row, "")?;
            let year: i16 = row.try_get("", "reference_year")?;
            let number: i32 = row.try_get("", "reference_number")?;
            let case: i32 = row.try_get("", case_id.as_str())?;
            Ok((model, reference_from(case, year, number)?))
        })
        .collect()
}

pub(crate) fn reference_of(row: &cases::Model) -> Result<CaseReference, StorageError> {
    reference_from(row.id, row.reference_year, row.reference_number)
}

/// The reference stored in case `id`'s two columns.
pub(crate) fn reference_from(
    id: i32,
    year: i16,
    number: i32,
) -> Result<CaseReference, StorageError> {
    let bad = || StorageError::Corrupt(format!("case {id}: reference"));
    let year = u16::try_from(year).map_err(|_| bad())?;
    let number = u32::try_from(number).map_err(|_| bad())?;
    CaseReference::new(year, number).map_err(|_| bad())
}

/// The lifecycle state stored with a case row.
pub(crate) fn state_of(row: &cases::Model, calendar: &Calendar) -> Result<Case, StorageError> {
    match &row.state {
        Some(json) => from_json(json),
        // Recorded before lifecycle states were stored (and before versions could be
        // added): a complaint as received under the built-in versions.
        None => Ok(Case::Complaint(Box::new(received_complaint(
            row.received_at,
            calendar,
            &PolicySet::built_in(),
        )))),
    }
}

async fn to_stored(
    conn: &impl ConnectionTrait,
    row: cases::Model,
    calendar: &Calendar,
) -> Result<StoredCase, StorageError> {
    let corrupt = |what: &str| StorageError::Corrupt(format!("case {}: {what}", row.id));
    let case = state_of(&row, calendar)?;
    let customer = match row.customer_id {
        Some(id) => Some(customers::load(conn, id).await?),
        None => None,
    };
    let costs = match (&row.costs_description, row.costs_pence) {
        (None, None) => None,
        (description, pence) => Some(Costs {
            description: description.clone().unwrap_or_default(),
            amount: pence
                .map(|p| Money::from_pence(p as u64))
                .transpose()
                .map_err(|_| corrupt("costs"))?,
        }),
    };
    Ok(StoredCase {
        id: CaseId(row.id),
        reference: reference_of(&row)?,
        version: row.version,
        channel: row.channel.parse().map_err(|_| corrupt("channel"))?,
        received_at: row.received_at,
        customer,
        details: CaseDetails {
            what_happened: Description::stored(row.description.clone()),
            when_happened: row.when_happened,
            became_aware: row.became_aware,
            reported_before: row.reported_before,
            what_was_said: row.what_was_said.clone(),
            outcomes_sought: row.outcomes_sought.clone(),
            costs,
            compliment_about: row.compliment_about.clone(),
        },
        case,
        tracking_revoked: row.tracking_revoked,
        erased_at: row.erased_at,
        linked_case: row.linked_case_id.map(CaseId),
        legacy_reference: row.legacy_reference.clone(),
        updated_at: row.updated_at,
        priority: domain::triage::Priority::from_rank(row.priority)
            .ok_or_else(|| corrupt("priority"))?,
        updates: match (row.update_every_days, row.next_update_on) {
            (Some(days), Some(next)) => Some((
                u16::try_from(days)
                    .ok()
                    .and_then(domain::updates::UpdateInterval::from_days)
                    .ok_or_else(|| corrupt("update interval"))?,
                next,
            )),
            _ => None,
        },
    })
}

/// A domain user id as the account row it names (ids we issue are row ids).
fn user_ref(id: Option<&UserId>) -> Option<i32> {
    id.and_then(|u| u.as_str().parse().ok())
}

fn stage_number(stage: Stage) -> i16 {
    match stage {
        Stage::One => 1,
        Stage::Two => 2,
    }
}

/// Rewrites the queryable copy of a case's lifecycle facts.
pub(crate) async fn project(
    conn: &impl ConnectionTrait,
    id: CaseId,
    case: &Case,
    calendar: &Calendar,
) -> Result<(), StorageError> {
    case_stages::Entity::delete_many()
        .filter(case_stages::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    case_extensions::Entity::delete_many()
        .filter(case_extensions::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    case_points::Entity::delete_many()
        .filter(case_points::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    case_remedies::Entity::delete_many()
        .filter(case_remedies::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    ombudsman_referrals::Entity::delete_many()
        .filter(ombudsman_referrals::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    ombudsman_findings::Entity::delete_many()
        .filter(ombudsman_findings::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    ombudsman_orders::Entity::delete_many()
        .filter(ombudsman_orders::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    let Some(complaint) = case.as_complaint() else {
        return Ok(());
    };
    let rows = projection(id, complaint, calendar);
    if !rows.stages.is_empty() {
        case_stages::Entity::insert_many(rows.stages)
            .exec(conn)
            .await?;
    }
    if !rows.extensions.is_empty() {
        case_extensions::Entity::insert_many(rows.extensions)
            .exec(conn)
            .await?;
    }
    if !rows.points.is_empty() {
        case_points::Entity::insert_many(rows.points)
            .exec(conn)
            .await?;
    }
    if !rows.remedies.is_empty() {
        case_remedies::Entity::insert_many(rows.remedies)
            .exec(conn)
            .await?;
    }
    if !rows.referrals.is_empty() {
        ombudsman_referrals::Entity::insert_many(rows.referrals)
            .exec(conn)
            .await?;
    }
    if !rows.findings.is_empty() {
        ombudsman_findings::Entity::insert_many(rows.findings)
            .exec(conn)
            .await?;
    }
    if !rows.orders.is_empty() {
        ombudsman_orders::Entity::insert_many(rows.orders)
            .exec(conn)
            .await?;
    }
    Ok(())
}

#[derive(Default)]
pub(crate) struct ProjectionRows {
    pub stages: Vec<case_stages::ActiveModel>,
    pub extensions: Vec<case_extensions::ActiveModel>,
    pub points: Vec<case_points::ActiveModel>,
    pub remedies: Vec<case_remedies::ActiveModel>,
    pub referrals: Vec<ombudsman_referrals::ActiveModel>,
    pub findings: Vec<ombudsman_findings::ActiveModel>,
    pub orders: Vec<ombudsman_orders::ActiveModel>,
}

pub(crate) fn projection(id: CaseId, complaint: &Complaint, calendar: &Calendar) -> ProjectionRows {
    let mut rows = ProjectionRows::default();
    let ended_on = match complaint.phase() {
        Phase::NotAccepted { on, .. } | Phase::Closed { on, .. } | Phase::Withdrawn { on, .. } => {
            Some(*on)
        }
        _ => None,
    };
    let stages: Vec<(Stage, &StageRecord)> = std::iter::once((Stage::One, complaint.stage1()))
        .chain(complaint.stage2().map(|r| (Stage::Two, r)))
        .collect();
    let last = stages.len() - 1;
    for (i, (stage, record)) in stages.into_iter().enumerate() {
        let n = stage_number(stage);
        let last_extension = record.extensions.last();
        rows.stages.push(case_stages::ActiveModel {
            case_id: Set(id.0),
            stage: Set(n),
            arrived_on: Set(record.arrived),
            day0: Set(record.day0),
            owner_id: Set(user_ref(record.owner.as_ref())),
            contacted_on: Set(record.contacted),
            acknowledged_on: Set(record.acknowledged),
            // The extended date that counts: extensions recorded in time (SPEC section 9).
            extended_to: Set(complaint.counted_extension(stage, calendar)),
            extension_reason: Set(last_extension.map(|e| e.reason.as_str().to_owned())),
            extension_approved_by: Set(
                last_extension.and_then(|e| user_ref(e.approved_by.as_ref()))
            ),
            responded_on: Set(record.responded),
            outcome: Set(record.response.as_ref().map(|r| to_code(&r.outcome()))),
            learning: Set(record
                .response
                .as_ref()
                .and_then(|r| r.learning().map(str::to_owned))),
            closed_on: Set(if i == last { ended_on } else { None }),
        });
        for (seq, extension) in record.extensions.iter().enumerate() {
            rows.extensions.push(case_extensions::ActiveModel {
                id: NotSet,
                case_id: Set(id.0),
                stage: Set(n),
                seq: Set(seq as i16),
                made_on: Set(extension.on),
                extended_to: Set(extension.to),
                reason: Set(extension.reason.as_str().to_owned()),
                approved_by: Set(user_ref(extension.approved_by.as_ref())),
            });
        }
        if let Some(response) = &record.response {
            for (seq, point) in response.points().iter().enumerate() {
                rows.points.push(case_points::ActiveModel {
                    id: NotSet,
                    case_id: Set(id.0),
                    stage: Set(n),
                    seq: Set(seq as i16),
                    point: Set(point.point.clone()),
                    finding: Set(point.finding.clone()),
                    outcome: Set(to_code(&point.outcome)),
                });
            }
        }
    }
    for (seq, tracked) in complaint.remedies().iter().enumerate() {
        let (kind, description, amount, due, owner) = match &tracked.remedy {
            Remedy::Apology => ("apology", None, None, None, None),
            Remedy::Explanation => ("explanation", None, None, None, None),
            Remedy::Action {
                description,
                due,
                owner,
            } => (
                "action",
                Some(description.clone()),
                None,
                Some(*due),
                user_ref(Some(owner)),
            ),
            Remedy::Compensation { amount, for_what } => (
                "compensation",
                for_what.clone(),
                Some(amount.pence() as i64),
                None,
                None,
            ),
            Remedy::RecordAmended => ("record_amended", None, None, None, None),
            Remedy::DecisionReconsidered => ("decision_reconsidered", None, None, None, None),
        };
        let (state, state_on, state_reason) = match &tracked.state {
            RemedyState::Outstanding => ("outstanding", None, None),
            RemedyState::Done { on } => ("done", Some(*on), None),
            RemedyState::CannotBeDelivered { on, reason } => (
                "cannot_be_delivered",
                Some(*on),
                Some(reason.as_str().to_owned()),
            ),
        };
        rows.remedies.push(case_remedies::ActiveModel {
            id: NotSet,
            case_id: Set(id.0),
            seq: Set(seq as i16),
            kind: Set(kind.to_owned()),
            description: Set(description),
            amount_pence: Set(amount),
            due_on: Set(due),
            owner_id: Set(owner),
            state: Set(state.to_owned()),
            state_on: Set(state_on),
            state_reason: Set(state_reason),
        });
    }
    project_referrals(id, complaint, &mut rows);
    rows
}

/// The Ombudsman's casework on the complaint: its referrals, their findings and orders.
fn project_referrals(id: CaseId, complaint: &Complaint, rows: &mut ProjectionRows) {
    for (r, referral) in complaint.referrals().enumerate() {
        let r = r as i16;
        rows.referrals.push(ombudsman_referrals::ActiveModel {
            id: NotSet,
            case_id: Set(id.0),
            seq: Set(r),
            their_reference: Set(referral.their_reference.clone()),
            referred_on: Set(referral.referred_on),
            stage: Set(referral.stage.code().to_owned()),
            decided_on: Set(referral.decided_on),
        });
        let Some(decided_on) = referral.decided_on else {
            continue;
        };
        for (seq, finding) in referral.findings.iter().enumerate() {
            rows.findings.push(ombudsman_findings::ActiveModel {
                id: NotSet,
                case_id: Set(id.0),
                referral_seq: Set(r),
                seq: Set(seq as i16),
                finding: Set(finding.finding.code().to_owned()),
                about: Set(finding.about.clone()),
                decided_on: Set(decided_on),
            });
        }
        for (seq, order) in referral.orders.iter().enumerate() {
            rows.orders.push(ombudsman_orders::ActiveModel {
                id: NotSet,
                case_id: Set(id.0),
                referral_seq: Set(r),
                seq: Set(seq as i16),
                kind: Set(order.kind.code().to_owned()),
                what: Set(order.what.clone()),
                due_on: Set(order.due),
                owner_id: Set(user_ref(Some(&order.owner))),
                complied_on: Set(order.complied.as_ref().map(|c| c.on)),
                decided_on: Set(decided_on),
            });
        }
    }
}

/// What is stored of a tracking token: its SHA-256, as 64 hex digits.
pub(crate) fn tracking_digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A long random token (244 random bits as 64 hex digits): unguessable, safe in a URL.
pub(crate) fn new_tracking_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}
