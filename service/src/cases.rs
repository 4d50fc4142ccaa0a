//! Reading cases: one case as the caller may see it, and the cases changed since a cursor.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::access::{Action, CaseRelation};
use domain::deadlines::Step;
use domain::lifecycle::CaseKind;
use domain::{CaseReference, Channel, Role};

use crate::{Caller, Context, ServiceError};

/// A case the caller found by its reference and was allowed to act on as they asked. Only
/// [`reach`] and [`reach_in_own_name`] make one, so a use case handed a `Reached` knows the
/// permission was asked, of whom, and how they stand to the case.
#[derive(Debug, Clone)]
pub struct Reached {
    id: storage::cases::CaseId,
    relation: CaseRelation,
    action: Action,
}

impl Reached {
    pub fn id(&self) -> storage::cases::CaseId {
        self.id
    }

    /// How the caller stands to the case.
    pub fn relation(&self) -> &CaseRelation {
        &self.relation
    }

    /// What the caller was allowed to do when they reached it.
    pub fn action(&self) -> Action {
        self.action
    }
}

/// Finds the case by reference and asks [`Caller::may`] for `action`.
///
/// A case the caller may not see at all, and no such case, are the same answer
/// ([`ServiceError::NotFound`]), so a reference reveals nothing; a case they may see but
/// not act on this way is [`ServiceError::Forbidden`].
pub async fn reach(
    ctx: Context<'_>,
    caller: &Caller,
    reference: &str,
    action: Action,
) -> Result<Reached, ServiceError> {
    reach_by(ctx, caller, reference, action, Caller::may).await
}

/// [`reach`] for a choice the customer makes in their own name
/// ([`Caller::may_in_own_name`]): the customer's pages are theirs alone.
pub async fn reach_in_own_name(
    ctx: Context<'_>,
    caller: &Caller,
    reference: &str,
    action: Action,
) -> Result<Reached, ServiceError> {
    reach_by(ctx, caller, reference, action, Caller::may_in_own_name).await
}

async fn reach_by(
    ctx: Context<'_>,
    caller: &Caller,
    reference: &str,
    action: Action,
    check: fn(&Caller, &CaseRelation, Action) -> Result<(), ServiceError>,
) -> Result<Reached, ServiceError> {
    let reference: CaseReference = reference
        .trim()
        .parse()
        .map_err(|_| ServiceError::NotFound)?;
    let (id, relation) = match caller.user_id() {
        Some(user) => storage::cases::relation_by_reference(ctx.db, &reference, user).await?,
        None => (
            storage::cases::find_id(ctx.db, &reference).await?,
            CaseRelation::NONE,
        ),
    };
    let may_see = caller.permits(&relation, Action::ViewCase)
        || caller.permits(&relation, Action::ViewRedactedCase);
    if !may_see {
        return Err(ServiceError::NotFound);
    }
    check(caller, &relation, action)?;
    Ok(Reached {
        id,
        relation,
        action,
    })
}

/// Records that the caller opened `what` of a case they reached, when they are staff or an
/// involved customer (the complaints manager reads who looked). The customer's side
/// opening their own case is not recorded, nor is an integration client's reading (its
/// calls are on the audit trail).
pub async fn note_view(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    what: storage::case_views::Viewed,
) -> Result<(), ServiceError> {
    let Ok(account) = caller.account_id() else {
        return Ok(());
    };
    if case.relation.is_customer || caller.role() == Role::Resident {
        return Ok(());
    }
    storage::case_views::record(ctx.db, case.id, account, caller.role(), what, ctx.now).await?;
    Ok(())
}

/// A case's status, deadline and timeline, as staff see them.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStatus {
    pub reference: CaseReference,
    pub kind: CaseKind,
    /// Where the case is, as a stable code (`stage1`, `stage2`, `closed`, …).
    pub phase: &'static str,
    /// Where the case is, in the customer's plain words.
    pub status: &'static str,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub changed_at: Option<DateTime<Utc>>,
    /// The version of the case as read: a step names it, and is refused if the case has
    /// changed since.
    pub version: i32,
    /// The steps the caller may take on the case now.
    pub steps: Vec<domain::lifecycle::steps::Step>,
    /// The next step with a deadline, when the case has one running.
    pub next_deadline: Option<NextDeadline>,
    pub timeline: Vec<TimelineLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextDeadline {
    pub step: Step,
    pub due: NaiveDate,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineLine {
    pub at: DateTime<Utc>,
    pub by_role: Option<Role>,
    pub by_name: Option<String>,
    pub what: String,
    pub detail: Option<String>,
}

/// One case, with its whole timeline, for someone who may see cases' records.
pub async fn status(
    ctx: Context<'_>,
    caller: &Caller,
    reference: &str,
) -> Result<CaseStatus, ServiceError> {
    let case = crate::steps::OnCase::open(ctx, caller, reference).await?;
    let steps = crate::steps::offered(ctx, caller, &case).await?;
    let timeline = storage::cases::timeline(ctx.db, case.id, false).await?;
    let record = case.stored;
    Ok(CaseStatus {
        reference: record.reference,
        kind: record.case.kind(),
        phase: record.case.phase_code(),
        status: record.case.plain_status(),
        channel: record.channel,
        received_at: record.received_at,
        changed_at: record.updated_at,
        version: record.version,
        steps,
        next_deadline: record
            .case
            .next_deadline(ctx.calendar)
            .map(|d| NextDeadline {
                step: d.step,
                due: d.due,
                explanation: d.explanation,
            }),
        timeline: timeline
            .into_iter()
            .map(|entry| TimelineLine {
                at: entry.at,
                by_role: entry.actor_role,
                by_name: entry.actor_name,
                what: entry.item.summary(),
                detail: entry.item.detail(),
            })
            .collect(),
    })
}

/// How long a change settles before the list of changes shows it: a step's transaction
/// takes its time before it commits, and a cursor must never pass a change still being
/// written. Changes appear in the list this long after they are made.
pub const SETTLE_SECONDS: i64 = 5;

/// The most cases one page of changes lists.
pub const MAX_PAGE: u64 = 500;

/// Where a client got to in the list of changes: the change time and id of the last case
/// it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub changed_at: DateTime<Utc>,
    pub id: i32,
}

impl Cursor {
    /// The cursor as an opaque text: `{nanoseconds since 1970}.{id}`, as exact as the
    /// stored time.
    pub fn encode(&self) -> String {
        format!(
            "{}.{}",
            self.changed_at.timestamp_nanos_opt().unwrap_or(i64::MAX),
            self.id
        )
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let (nanos, id) = text.trim().split_once('.')?;
        Some(Cursor {
            changed_at: DateTime::from_timestamp_nanos(nanos.parse().ok()?),
            id: id.parse().ok()?,
        })
    }
}

/// The caller's own cases as a resident, and those they act for with confirmed authority,
/// newest first.
pub async fn mine(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Vec<storage::cases::CaseListItem>, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::MakeOwnCase)?;
    Ok(storage::cases::for_resident(ctx.db, caller.account_id()?).await?)
}

/// A page of the list of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    pub cases: Vec<(CaseReference, DateTime<Utc>)>,
    /// Where to continue from: the last case listed, or the cursor given when none was.
    pub next: Option<Cursor>,
}

/// Cases changed after `after`, oldest change first, at most `limit` (1 to [`MAX_PAGE`]).
pub async fn changed_since(
    ctx: Context<'_>,
    caller: &Caller,
    after: Option<Cursor>,
    limit: u64,
) -> Result<Changes, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ViewCaseRecord)?;
    let until = ctx.now - Duration::seconds(SETTLE_SECONDS);
    let rows = storage::cases::changed(
        ctx.db,
        after.map(|c| (c.changed_at, c.id)),
        until,
        limit.clamp(1, MAX_PAGE),
    )
    .await?;
    let next = rows
        .last()
        .map(|last| Cursor {
            changed_at: last.changed_at,
            id: last.id.0,
        })
        .or(after);
    Ok(Changes {
        cases: rows
            .into_iter()
            .map(|row| (row.reference, row.changed_at))
            .collect(),
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_it_was_written_and_nonsense_is_refused() {
        let cursor = Cursor {
            changed_at: DateTime::from_timestamp_nanos(1_764_000_000_123_456_789),
            id: 42,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in [
            "",
            "x",
            "1.",
            ".1",
            "1.2.3",
            "9999999999999999999999.1",
            "1.-",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}

/// Who opened a case, newest first: at most `listed` views, the names of who opened them
/// (none for an account since erased), and whether more were recorded.
#[derive(Debug, Clone)]
pub struct Views {
    pub views: Vec<(storage::case_views::CaseView, Option<String>)>,
    pub more: bool,
}

/// Who looked at the case: the complaints manager only ([`Action::ReadCaseViews`]).
pub async fn views(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    listed: u64,
) -> Result<Views, ServiceError> {
    caller.may(case.relation(), Action::ReadCaseViews)?;
    let mut views = storage::case_views::for_case(ctx.db, case.id(), listed + 1).await?;
    let more = views.len() as u64 > listed;
    views.truncate(usize::try_from(listed).unwrap_or(usize::MAX));
    let people = storage::accounts::find_each(ctx.db, views.iter().map(|v| v.user_id)).await?;
    Ok(Views {
        views: views
            .into_iter()
            .map(|view| {
                let name = people.get(&view.user_id).map(|a| a.display_name.clone());
                (view, name)
            })
            .collect(),
        more,
    })
}

/// What the customer (or someone acting for them) may do on their case page now: each is
/// allowed to them ([`Caller::may_in_own_name`] for the choices that are theirs alone) and
/// possible in the case's state (`domain::lifecycle::customer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CustomerChoices {
    pub ask_for_review: bool,
    pub withdraw: bool,
    /// The last day a withdrawal may be taken back, while it may.
    pub take_back_withdrawal_until: Option<NaiveDate>,
    pub decline_involvement: bool,
    pub take_back_decline: bool,
    pub name_representative: bool,
    pub add_information: bool,
}

/// A case as the person reading its page may see it.
#[derive(Debug, Clone)]
pub struct ForReader {
    /// Whether they see it as staff do (the whole timeline, who did what).
    pub sees_record: bool,
    /// The timeline: the customer's side sees only what is written for them.
    pub timeline: Vec<storage::cases::TimelineEntry>,
    pub representatives: Vec<storage::representatives::Representative>,
    /// How to reach us, once the case no longer takes information.
    pub contact_us: Option<domain::landlord::Landlord>,
    /// How to reach the Housing Ombudsman, once the customer may go to them.
    pub ombudsman: Option<domain::landlord::OmbudsmanContact>,
    pub choices: CustomerChoices,
}

/// The case page: the case the caller reached to view ([`Action::ViewCase`]) as read, with what
/// they may do on it now.
pub async fn for_reader(
    ctx: Context<'_>,
    caller: &Caller,
    case: &crate::steps::OnCase,
) -> Result<ForReader, ServiceError> {
    use domain::lifecycle::customer as rules;
    caller.may(&case.relation, Action::ViewCase)?;
    let sees_record = caller.permits(&case.relation, Action::ViewCaseRecord);
    let timeline = storage::cases::timeline(ctx.db, case.id, !sees_record).await?;
    let representatives = storage::representatives::for_case(ctx.db, case.id).await?;
    let relation = &case.relation;
    let may = |action| caller.permits(relation, action);
    let may_in_own_name = |action| caller.permits_in_own_name(relation, action);
    let today = domain::london::to_london(ctx.now).date();
    let case_state = &case.stored.case;
    let choices = CustomerChoices {
        ask_for_review: may_in_own_name(Action::RequestReview) && rules::review(case_state),
        withdraw: may_in_own_name(Action::Withdraw) && rules::withdraw(case_state),
        take_back_withdrawal_until: (may_in_own_name(Action::Withdraw)
            && rules::take_back_withdrawal(case_state, today, ctx.calendar))
        .then(|| rules::take_back_withdrawal_until(case_state, ctx.calendar))
        .flatten(),
        decline_involvement: may_in_own_name(Action::DeclineInvolvement)
            && rules::decline_involvement(case_state),
        take_back_decline: may_in_own_name(Action::DeclineInvolvement)
            && rules::take_back_decline(case_state),
        name_representative: may(Action::AuthoriseRepresentative)
            && rules::name_representative(case_state),
        add_information: may(Action::AddInformation) && rules::add_information(case_state),
    };
    let contact_us = if rules::add_information(case_state) {
        None
    } else {
        Some(storage::settings::landlord(ctx.db).await?)
    };
    let ombudsman = if rules::ombudsman_details(case_state) {
        Some(storage::settings::ombudsman(ctx.db).await?)
    } else {
        None
    };
    Ok(ForReader {
        sees_record,
        timeline,
        representatives,
        contact_us,
        ombudsman,
        choices,
    })
}

/// What the staff case page shows beside the case itself.
#[derive(Debug, Clone)]
pub struct Record {
    /// Everyone the case names (handler, reviewer, owners of actions and orders), by
    /// account id; someone since erased is missing.
    pub named: std::collections::HashMap<i32, storage::accounts::Account>,
    pub representatives: Vec<storage::representatives::Representative>,
    /// The whole timeline, oldest first.
    pub timeline: Vec<storage::cases::TimelineEntry>,
    /// The case this one was linked to, by reference.
    pub linked: Option<CaseReference>,
    pub letters: Vec<storage::letters::LetterSummary>,
    /// The root causes recorded on the case, by name.
    pub learning: Vec<String>,
}

/// The record of a case, for those who may see it ([`Action::ViewCaseRecord`]).
pub async fn record(
    ctx: Context<'_>,
    caller: &Caller,
    case: &crate::steps::OnCase,
) -> Result<Record, ServiceError> {
    caller.may(&case.relation, Action::ViewCaseRecord)?;
    let state = &case.stored.case;
    let mut named: Vec<&domain::UserId> = state
        .handler()
        .into_iter()
        .chain(state.reviewer())
        .collect();
    if let Some(c) = state.as_complaint() {
        named.extend(
            c.remedies()
                .iter()
                .filter_map(|tracked| match &tracked.remedy {
                    domain::lifecycle::Remedy::Action { owner, .. } => Some(owner),
                    _ => None,
                }),
        );
        named.extend(c.referrals().flat_map(|r| &r.orders).map(|o| &o.owner));
    }
    let named = storage::accounts::find_each(
        ctx.db,
        named.iter().filter_map(|id| id.as_str().parse().ok()),
    )
    .await?;
    let linked = match case.stored.linked_case {
        Some(id) => storage::cases::references_of(ctx.db, [id])
            .await?
            .remove(&id),
        None => None,
    };
    Ok(Record {
        named,
        representatives: storage::representatives::for_case(ctx.db, case.id).await?,
        timeline: storage::cases::timeline(ctx.db, case.id, false).await?,
        linked,
        letters: storage::letters::for_case(ctx.db, case.id).await?,
        learning: storage::learning::for_case(ctx.db, case.id).await?,
    })
}

/// The case behind a private tracking link, for whoever holds the link (it is the
/// customer's key: no account needed). A link stops working some time after its case
/// ended (`domain::tracking`), and one staff revoked works no more: both are not found.
pub async fn tracked(
    ctx: Context<'_>,
    token: &str,
) -> Result<storage::cases::StoredCase, ServiceError> {
    let record = storage::cases::find_by_tracking_token(ctx.db, token, ctx.calendar).await?;
    if !domain::tracking::link_works(&record.case, domain::london::to_london(ctx.now).date()) {
        return Err(ServiceError::NotFound);
    }
    Ok(record)
}

/// The case `case`, found by id (a file names its case so), with how the caller stands to
/// it, for a use case that then asks what the caller may do there. Not exported: a
/// `Reached` made here has asked nothing yet, and its use case must ask.
pub(crate) async fn reach_id(
    ctx: Context<'_>,
    caller: &Caller,
    case: storage::cases::CaseId,
) -> Result<Reached, ServiceError> {
    let relation = caller.relation_to(ctx.db, case).await?;
    Ok(Reached {
        id: case,
        relation,
        action: Action::ViewRedactedCase,
    })
}
