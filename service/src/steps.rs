//! The procedure's short steps (everything but a stage's written response), as staff or an
//! integration client take them.
//!
//! [`take`] reads the step's fields (each refusal naming its field), asks [`Caller::may`]
//! for the step's own permission on the case as it stands, refuses a case saved by
//! someone else since the version named ([`ServiceError::Stale`], nothing written), applies
//! the domain's transition (whose refusal is given in the domain's words, next to the
//! field it is about), and saves the new state, its timeline entries, the letter the
//! procedure asks for and its e-mail in one transaction ([`record`]).
//!
//! Rules we chose where SPEC is silent:
//! - a step's date may not be in the future, and the domain refuses one before the stage
//!   arrived;
//! - a review request recorded today counts as received now (after the cut-off it moves
//!   to the next working day); one recorded for an earlier date counts as received in
//!   working hours on that date;
//! - a complaint opened from a dissatisfied service request comes by the channel "staff on
//!   behalf", is received now, and keeps the customer of the request;
//! - a letter sent by an integration client's step is signed by "The complaints team".

use chrono::NaiveDate;
use domain::access::{Action, CaseRelation};
use domain::form::checks::CheckAll;
use domain::lifecycle::steps::{self, Step, StepInput, StepRefused};
use domain::lifecycle::{ComplaintChoice, CustomerAgreement, RefusalReason};
use domain::ombudsman::{Finding, FindingRecord, Order, OrderKind, TheirReference, TheirStage};
use domain::{Case, CaseReference, Event, TimelineItem, TransitionError};
use storage::accounts::Account;
use storage::cases::{Also, CaseId, StoredCase};

use crate::{Caller, Context, ServiceError};

/// The most characters of a note, summary or explanation.
pub const NOTE_MAX_CHARS: usize = 5000;

/// A date as its three boxes post it: day, month, year.
pub type DateParts = (Option<String>, Option<String>, Option<String>);

/// A date as its three boxes post it.
pub fn date_parts(date: NaiveDate) -> DateParts {
    use chrono::Datelike;
    (
        Some(date.day().to_string()),
        Some(date.month().to_string()),
        Some(date.year().to_string()),
    )
}

/// A step's fields, as its form posts them (each step reads the ones it asks for).
#[derive(Debug, Clone, Default)]
pub struct StepFields {
    /// The day it happened.
    pub on: DateParts,
    /// A date to come: a new deadline, a promised date, an order's due date.
    pub to: DateParts,
    pub text: Option<String>,
    pub reason: Option<String>,
    /// A choice from a list (why not accepted, how they were in touch, a finding…).
    pub code: Option<String>,
    /// A person, by account id.
    pub person: Option<String>,
    /// The taker approves their own extension.
    pub approve: bool,
    /// One item of the case (a remedy, a representative, an order, the Ombudsman's stage).
    pub item: Option<String>,
}

/// What a step did.
#[derive(Debug, Clone)]
pub enum Taken {
    /// Recorded on the case.
    Recorded,
    /// Recorded, and a complaint was opened from the service request: its reference.
    Opened(CaseReference),
    /// Nothing saved: what the step would do, for the customer's preview (`None` when it
    /// changes nothing the customer sees).
    Preview(Option<Box<Previewed>>),
}

/// A step taken on a copy of the case.
#[derive(Debug, Clone)]
pub struct Previewed {
    /// The case as the step would leave it.
    pub after: StoredCase,
    pub event: Event,
    pub note: Option<String>,
    pub understanding: Option<String>,
}

/// A case the caller reached, as read now: made only here, by [`OnCase::open`] or
/// [`OnCase::read`] (so a relation is never taken on trust).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OnCase {
    pub id: CaseId,
    pub relation: CaseRelation,
    pub stored: StoredCase,
}

impl OnCase {
    /// Finds the case by reference for someone who may see cases' records: no such case
    /// (or one they may not see) is [`ServiceError::NotFound`].
    pub async fn open(
        ctx: Context<'_>,
        caller: &Caller,
        reference: &str,
    ) -> Result<Self, ServiceError> {
        caller.may(&CaseRelation::NONE, Action::ViewCaseRecord)?;
        let reference: CaseReference = reference
            .trim()
            .parse()
            .map_err(|_| ServiceError::NotFound)?;
        let id = storage::cases::find_id(ctx.db, &reference).await?;
        let relation = caller.relation_to(ctx.db, id).await?;
        caller.may(&relation, Action::ViewCaseRecord)?;
        Self::load(ctx, id, relation).await
    }

    /// The case the caller reached ([`crate::cases::reach`]), as read now.
    pub async fn read(
        ctx: Context<'_>,
        case: &crate::cases::Reached,
    ) -> Result<Self, ServiceError> {
        Self::load(ctx, case.id(), *case.relation()).await
    }

    async fn load(
        ctx: Context<'_>,
        id: CaseId,
        relation: CaseRelation,
    ) -> Result<Self, ServiceError> {
        let stored = storage::cases::load(ctx.db, id, ctx.calendar).await?;
        Ok(Self {
            id,
            relation,
            stored,
        })
    }
}

/// The steps the caller may take on the case now: those the domain's step table offers
/// them ([`steps::offered`]), and for an integration client only those its scopes allow.
pub async fn offered(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
) -> Result<Vec<Step>, ServiceError> {
    let representatives = storage::representatives::for_case(ctx.db, case.id).await?;
    Ok(offered_with(ctx, caller, case, &representatives))
}

/// [`offered`] for a page that has read the case's representatives already.
pub fn offered_with(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
    representatives: &[storage::representatives::Representative],
) -> Vec<Step> {
    let awaiting_representative = representatives
        .iter()
        .any(|r| r.authority != domain::access::Authority::Confirmed);
    let circumstances = steps::Circumstances {
        awaiting_representative,
        tracking_live: !case.stored.tracking_revoked,
        today: today(ctx),
    };
    steps::offered(
        &case.stored.case,
        caller.actor(),
        &case.relation,
        &circumstances,
        ctx.calendar,
    )
    .into_iter()
    .filter(|step| caller.permits(&case.relation, step.action(&case.stored.case)))
    .collect()
}

/// Which field a transition's refusal belongs next to (`None`: the step as a whole).
pub type FieldOf = fn(&TransitionError) -> Option<&'static str>;

/// The procedure does not allow this now: the domain says why.
pub fn refused(error: TransitionError) -> ServiceError {
    ServiceError::invalid("action", error)
}

/// A refusal from the step table, next to its field.
pub fn refusal(e: StepRefused, field_of: FieldOf) -> ServiceError {
    match e {
        StepRefused::Denied(denied) => ServiceError::Forbidden(denied.to_string()),
        StepRefused::Transition(e) => match field_of(&e) {
            Some(field) => ServiceError::invalid(field, e),
            None => refused(e),
        },
        StepRefused::WrongKind => ServiceError::invalid("action", StepRefused::WrongKind),
    }
}

/// One transition, as [`record`] takes it.
#[derive(Debug, Clone)]
pub struct Transition {
    pub input: StepInput,
    /// The note its timeline entry carries.
    pub note: Option<String>,
    /// Staff's understanding of the complaint, quoted by an acknowledgement letter.
    pub understanding: Option<String>,
    pub field_of: FieldOf,
}

impl Transition {
    pub fn new(input: StepInput) -> Self {
        Self {
            input,
            note: None,
            understanding: None,
            field_of: |_| None,
        }
    }
}

/// The London date of the context's time.
pub fn today(ctx: Context<'_>) -> NaiveDate {
    domain::london::to_london(ctx.now).date()
}

/// Who signs a letter the caller's step sends.
fn signature(caller: &Caller) -> String {
    match caller.user_id() {
        Some(_) => caller.name().to_owned(),
        None => "The complaints team".to_owned(),
    }
}

/// The step table's transition of `case` in place (the permission, independence, then the
/// case's own rule), each refusal next to its field.
fn transition(
    ctx: Context<'_>,
    caller: &Caller,
    relation: &CaseRelation,
    case: &mut Case,
    input: StepInput,
    field_of: FieldOf,
) -> Result<Option<Event>, ServiceError> {
    steps::take(
        case,
        caller.actor(),
        relation,
        input,
        today(ctx),
        ctx.calendar,
    )
    .map_err(|e| refusal(e, field_of))
}

/// Takes a step through the domain's step table (the permission, independence, then the
/// case's transition) on `case`, saved at `version`: its event with the note, the letter
/// the event sends and its e-mail, in one transaction. `Ok(None)` when the step changes
/// nothing in the case's life (a contact on a service request).
pub async fn record(
    ctx: Context<'_>,
    caller: &Caller,
    case: &mut OnCase,
    version: i32,
    step: Transition,
) -> Result<Option<Event>, ServiceError> {
    let recorded = record_with(ctx, caller, case, version, step, Also::default()).await?;
    Ok(recorded.map(|(event, _)| event))
}

/// [`record`] with the rows the step brings with it (an invitation, a response's root
/// causes, a complaint it opens), kept or lost with the step.
pub(crate) async fn record_with(
    ctx: Context<'_>,
    caller: &Caller,
    case: &mut OnCase,
    version: i32,
    step: Transition,
    also: Also,
) -> Result<Option<(Event, storage::cases::SavedStep)>, ServiceError> {
    let Some(event) = transition(
        ctx,
        caller,
        &case.relation,
        &mut case.stored.case,
        step.input,
        step.field_of,
    )?
    else {
        // Rows a step brings are kept with its change: a step that changes nothing cannot
        // bring any.
        if !also.is_empty() {
            return Err(ServiceError::Internal(
                "a step that changes nothing was given rows to keep with it".to_owned(),
            ));
        }
        return Ok(None);
    };
    // The letter is written from the case as the step left it, then kept with the step.
    let who = caller.who();
    let mut entries = vec![(
        who.clone(),
        TimelineItem::Transition {
            event: event.clone(),
            note: step.note,
        },
    )];
    let mut letters = Vec::new();
    if let Some(kind) = steps::letter_for(&event) {
        let (mut letter, delivery) = crate::letters::compose(
            ctx,
            &case.stored,
            kind,
            &signature(caller),
            step.understanding,
            steps::remedy_of(&event),
        )
        .await?;
        if delivery.phone_call {
            // Kept on the case all the same; the stage's owner (else whoever took the
            // step) rings to go through it: a call on their work queue. An integration's
            // step on a case with no owner yet leaves it with nobody: the complaints
            // manager's queue shows it (`Action::MakeUnownedCalls`).
            let owner = case
                .stored
                .case
                .as_complaint()
                .and_then(|c| c.stage_owner())
                .and_then(|u| u.as_str().parse::<i32>().ok())
                .or(caller.user_id());
            letter.call = Some(storage::calls::CallFor { owner });
            entries.push((
                who.clone(),
                TimelineItem::Note {
                    text: format!(
                        "Phone the customer to go through the letter “{}”, as they asked to be phoned.",
                        letter.letter.subject
                    ),
                },
            ));
        }
        letters.push((who, letter));
    }
    let writes = storage::cases::StepWrites {
        entries: &entries,
        letters: &letters,
        also,
    };
    let saved = save(ctx, case, version, writes).await?;
    Ok(Some((event, saved)))
}

/// Saves the case as it now stands, with `writes`, if it is still at `version`: one
/// transaction.
pub(crate) async fn save(
    ctx: Context<'_>,
    case: &OnCase,
    version: i32,
    writes: storage::cases::StepWrites<'_>,
) -> Result<storage::cases::SavedStep, ServiceError> {
    Ok(storage::cases::save_step(
        ctx.db,
        case.id,
        version,
        &case.stored.case,
        writes,
        ctx.now,
        ctx.calendar,
    )
    .await?)
}

/// [`record`] on a copy of the case, saving nothing: the case as it would be and the
/// event, refused as the step itself would be.
pub fn preview(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
    step: Transition,
) -> Result<Option<Box<Previewed>>, ServiceError> {
    let mut after = case.stored.clone();
    let Some(event) = transition(
        ctx,
        caller,
        &case.relation,
        &mut after.case,
        step.input,
        step.field_of,
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Box::new(Previewed {
        after,
        event,
        note: step.note,
        understanding: step.understanding,
    })))
}

/// What the service asks of the redacted review file before a panel member is invited:
/// that the approval in force covers the file as it stands (`Err` with the reason, in
/// words for the inviter). [`crate::redaction::PanelFile`] answers it.
pub trait ReviewFile: Sync {
    fn invitable(
        &self,
        ctx: Context<'_>,
        stored: &StoredCase,
    ) -> impl Future<Output = Result<Result<(), &'static str>, ServiceError>> + Send;
}

pub mod parse {
    //! Reading a step's fields, each refusal naming its field.

    use super::DateParts;
    use crate::ServiceError;
    use chrono::NaiveDate;
    use domain::lifecycle::RecordedReason;

    /// A date from its three boxes; `None` when all are blank.
    pub fn date(
        field: &'static str,
        parts: DateParts,
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, ServiceError> {
        let (d, m, y) = parts;
        let [d, m, y] = [d, m, y].map(|p| p.unwrap_or_default().trim().to_owned());
        if d.is_empty() && m.is_empty() && y.is_empty() {
            return Ok(None);
        }
        let date = domain::form::parse_date(&format!("{d}/{m}/{y}")).ok_or_else(|| {
            ServiceError::invalid(field, "Enter a real date, for example 27 3 2025")
        })?;
        if date > today {
            return Err(ServiceError::invalid(
                field,
                "The date cannot be in the future",
            ));
        }
        Ok(Some(date))
    }

    pub fn required_date(
        field: &'static str,
        parts: DateParts,
        today: NaiveDate,
    ) -> Result<NaiveDate, ServiceError> {
        date(field, parts, today)?
            .ok_or_else(|| ServiceError::invalid(field, "Enter the date it happened"))
    }

    /// A date that may be in the future (a new deadline, a promised date).
    pub fn future_date(
        field: &'static str,
        parts: DateParts,
    ) -> Result<Option<NaiveDate>, ServiceError> {
        date(field, parts, NaiveDate::MAX)
    }

    pub fn reason(
        field: &'static str,
        text: Option<String>,
    ) -> Result<RecordedReason, ServiceError> {
        RecordedReason::parse(text.as_deref().unwrap_or_default())
            .map_err(|e| ServiceError::invalid(field, e))
    }

    pub fn optional_reason(
        field: &'static str,
        text: Option<String>,
    ) -> Result<Option<RecordedReason>, ServiceError> {
        match optional(text) {
            None => Ok(None),
            Some(t) => reason(field, Some(t)).map(Some),
        }
    }

    /// Optional text: paragraphs trimmed, and `None` when blank.
    pub fn optional(text: Option<String>) -> Option<String> {
        text.map(|t| domain::text::paragraphs(&t))
            .filter(|t| !t.is_empty())
    }

    /// Required text of at most `max` characters: refused with `empty` when blank.
    pub fn text(
        field: &'static str,
        text: Option<String>,
        max: usize,
        empty: &str,
    ) -> Result<String, ServiceError> {
        match optional(text) {
            None => Err(ServiceError::invalid(field, empty)),
            Some(t) if t.chars().count() > max => Err(ServiceError::invalid(
                field,
                format!("Keep it to {max} characters or fewer"),
            )),
            Some(t) => Ok(t),
        }
    }

    pub fn number(
        field: &'static str,
        value: Option<String>,
        empty: &str,
    ) -> Result<i32, ServiceError> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ServiceError::invalid(field, empty))?
            .parse()
            .map_err(|_| ServiceError::invalid(field, empty))
    }
}

/// The account chosen in `field`, by id.
pub async fn account(
    ctx: Context<'_>,
    field: &'static str,
    value: Option<String>,
) -> Result<Account, ServiceError> {
    let id = parse::number(field, value, "Choose someone from the list")?;
    storage::accounts::find(ctx.db, id)
        .await?
        .ok_or_else(|| ServiceError::invalid(field, "Choose someone from the list"))
}

fn actor_of(account: &Account) -> domain::Actor {
    domain::Actor::new(account.id.to_string(), account.role)
}

fn complaint(case: &mut OnCase) -> Result<&mut domain::Complaint, ServiceError> {
    match &mut case.stored.case {
        Case::Complaint(c) => Ok(c),
        _ => Err(ServiceError::invalid(
            "action",
            "This step is for complaints only",
        )),
    }
}

/// Takes `step` on the case with the fields posted, or with `preview` saves nothing and
/// answers what the step would do (only for a step the customer sees). `version` is the
/// version of the case the fields were written against; `None` takes the case as it is
/// now (a page's own preview, read from its address).
#[allow(clippy::too_many_arguments)]
pub async fn take(
    ctx: Context<'_>,
    caller: &Caller,
    mut case: OnCase,
    version: Option<i32>,
    step: Step,
    f: StepFields,
    preview: bool,
    file: &impl ReviewFile,
) -> Result<Taken, ServiceError> {
    if preview && !step.previewable() {
        return Err(ServiceError::invalid(
            "action",
            "The customer sees nothing of this step: there is nothing to preview",
        ));
    }
    caller.may(&case.relation, step.action(&case.stored.case))?;
    if step.changes_state()
        && let Some(version) = version
        && version != case.stored.version
    {
        return Err(ServiceError::Stale);
    }
    let version = version.unwrap_or(case.stored.version);
    // What an acknowledgement letter says we understood the complaint to be.
    let mut understood = None;
    let today = today(ctx);
    let on = || parse::required_date("on", f.on.clone(), today);
    let now = ctx.now;
    let reference = case.stored.reference.to_string();
    // The step as the domain takes it, with the note its timeline entry carries and which
    // refusals belong next to which field.
    let (input, note, field_of): (StepInput, Option<String>, FieldOf) = match step {
        Step::Accept => {
            let (on, handler, discretion) = (
                on(),
                account(ctx, "person", f.person).await,
                parse::optional_reason("reason", f.reason),
            )
                .check_all()?;
            let details = case.stored.details.clone();
            let c = complaint(&mut case)?;
            let policy = c.policy();
            let eligibility = domain::eligibility::eligibility(
                details.when_happened,
                details.became_aware,
                c.stage1().arrived,
                policy.eligibility_months,
            );
            let input = StepInput::Accept {
                handler: actor_of(&handler),
                on,
                eligibility,
                discretion,
            };
            (input, None, |e| match e {
                TransitionError::OutOfTimeWithoutDiscretion => Some("reason"),
                TransitionError::HandlerNotManager => Some("person"),
                _ => None,
            })
        }
        Step::NotAccept => {
            let (on, reason, explanation) = (
                on(),
                f.code
                    .as_deref()
                    .and_then(RefusalReason::parse)
                    .ok_or_else(|| ServiceError::invalid("code", "Choose why it is not accepted")),
                parse::reason("text", f.text),
            )
                .check_all()?;
            let input = StepInput::NotAccept {
                on,
                reason,
                explanation,
            };
            (input, None, |_| None)
        }
        Step::Contact => {
            let method = match f.code.as_deref() {
                Some("call") => Ok("Phone call"),
                Some("visit") => Ok("Visit"),
                Some("email") => Ok("Email"),
                Some("letter") => Ok("Letter"),
                _ => Err(ServiceError::invalid(
                    "code",
                    "Choose how you were in touch",
                )),
            };
            let (on, method, summary) = (
                on(),
                method,
                parse::text(
                    "text",
                    f.text,
                    NOTE_MAX_CHARS,
                    "Write a short summary of what was said",
                ),
            )
                .check_all()?;
            let note = format!(
                "{method} on {}: {summary}",
                domain::deadlines::long_date(on)
            );
            (StepInput::Contact { on }, Some(note), |_| None)
        }
        Step::Acknowledge => {
            let (on, understanding) = (
                on(),
                parse::text(
                    "text",
                    f.text,
                    NOTE_MAX_CHARS,
                    "Write your understanding of the complaint",
                ),
            )
                .check_all()?;
            let sought = parse::optional(f.reason);
            let mut note = format!("Our understanding: {understanding}");
            if let Some(s) = sought {
                note.push_str(&format!("\nOutcomes sought: {s}"));
            }
            let input = StepInput::Acknowledge {
                on,
                definition: Some(understanding.clone()),
            };
            // The letter quotes the outcomes the customer asked for itself.
            understood = Some(understanding);
            (input, Some(note), |_| None)
        }
        Step::Note => {
            let text = parse::text("text", f.text, NOTE_MAX_CHARS, "Write the note")?;
            append(ctx, caller, &case, TimelineItem::Note { text }).await?;
            return Ok(Taken::Recorded);
        }
        Step::Extend => {
            let (to, reason) = (
                parse::future_date("to", f.to.clone()).and_then(|to| {
                    to.ok_or_else(|| ServiceError::invalid("to", "Enter the new date"))
                }),
                parse::reason("reason", f.reason),
            )
                .check_all()?;
            let input = StepInput::Extend {
                to,
                reason,
                approve: f.approve,
            };
            (input, None, |e| match e {
                TransitionError::ExtensionNotLater { .. }
                | TransitionError::ExtensionNeedsApproval { .. } => Some("to"),
                TransitionError::ExtensionNeedsYourApproval { .. } => Some("approve"),
                TransitionError::ApproverNotComplaintsManager => Some("approve"),
                _ => None,
            })
        }
        Step::RecordReview => {
            let on = on()?;
            let c = complaint(&mut case)?;
            let policy = c.policy();
            let receipt = if on == today {
                domain::Receipt::new(now, policy.cut_off, ctx.calendar)
            } else {
                domain::Receipt::on_date(on, ctx.calendar)
            };
            let note = parse::optional(f.text);
            (StepInput::RecordReview { receipt }, note, |_| None)
        }
        Step::RefuseReview => {
            let (on, reason) = (on(), parse::reason("reason", f.reason)).check_all()?;
            (StepInput::RefuseReview { on, reason }, None, |_| None)
        }
        Step::ChangeHandler => {
            let (handler, reason) = (
                account(ctx, "person", f.person).await,
                parse::reason("reason", f.reason),
            )
                .check_all()?;
            let input = StepInput::ChangeHandler {
                handler: actor_of(&handler),
                reason,
            };
            (input, None, |_| Some("person"))
        }
        Step::AssignReviewer => {
            let reviewer = account(ctx, "person", f.person).await?;
            let input = StepInput::AssignReviewer {
                reviewer: actor_of(&reviewer),
            };
            (input, None, |_| Some("person"))
        }
        Step::Invite => {
            let member = account(ctx, "person", f.person).await?;
            invite(ctx, caller, &mut case, version, member, file).await?;
            return Ok(Taken::Recorded);
        }
        Step::SignOff => (StepInput::SignOff { on: on()? }, None, |_| None),
        Step::Close => (StepInput::Close { on: on()? }, None, |_| None),
        Step::EscalateEarly | Step::ConcludeEarly => {
            let (on, reason) = (on(), parse::reason("reason", f.reason)).check_all()?;
            let agreement = CustomerAgreement {
                agreed_on: on,
                reason,
            };
            let input = if step == Step::EscalateEarly {
                let c = complaint(&mut case)?;
                let policy = c.policy();
                let receipt = domain::Receipt::new(now, policy.cut_off, ctx.calendar);
                StepInput::EscalateEarly { agreement, receipt }
            } else {
                StepInput::ConcludeEarly { on, agreement }
            };
            (input, None, |_| None)
        }
        Step::RemedyDone | Step::RemedyNotDelivered => {
            let index = parse::number("item", f.item, "Choose the remedy").and_then(|i| {
                usize::try_from(i).map_err(|_| ServiceError::invalid("item", "Choose the remedy"))
            });
            let input = if step == Step::RemedyDone {
                let (index, on) = (index, on()).check_all()?;
                StepInput::RemedyDone { index, on }
            } else {
                let (index, on, reason) =
                    (index, on(), parse::reason("reason", f.reason)).check_all()?;
                StepInput::RemedyNotDelivered { index, on, reason }
            };
            (input, None, |_| Some("item"))
        }
        Step::ConfirmRepresentative => {
            let id = parse::number("item", f.item, "Choose the person to confirm")?;
            let named = storage::representatives::for_case(ctx.db, case.id)
                .await?
                .into_iter()
                .any(|r| r.id == id);
            if !named {
                return Err(ServiceError::invalid(
                    "item",
                    "Choose the person to confirm",
                ));
            }
            storage::representatives::confirm(ctx.db, id, &caller.who(), now).await?;
            return Ok(Taken::Recorded);
        }
        Step::Withdraw => {
            let on = on()?;
            (StepInput::Withdraw { on }, parse::optional(f.text), |_| {
                None
            })
        }
        Step::ReferOmbudsman => {
            let (on, their_reference) = (
                on(),
                TheirReference::parse(f.text.as_deref().unwrap_or_default())
                    .map_err(|e| ServiceError::invalid("text", e)),
            )
                .check_all()?;
            let input = StepInput::ReferOmbudsman {
                on,
                reference: their_reference,
            };
            (input, None, |e| match e {
                TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                _ => None,
            })
        }
        Step::OmbudsmanStage => {
            let stage = f
                .item
                .as_deref()
                .and_then(TheirStage::parse)
                .ok_or_else(|| ServiceError::invalid("item", "Choose the stage they reached"));
            let (on, stage) = (on(), stage).check_all()?;
            (StepInput::OmbudsmanStage { on, stage }, None, |e| match e {
                TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                TransitionError::OmbudsmanStageNotNext { .. } => Some("item"),
                _ => None,
            })
        }
        Step::OmbudsmanDecided | Step::OmbudsmanFinding => {
            let finding =
                f.code.as_deref().and_then(Finding::parse).ok_or_else(|| {
                    ServiceError::invalid("code", "Choose what the Ombudsman found")
                });
            let about = domain::ombudsman::optional_text(f.reason.as_deref().unwrap_or_default())
                .map_err(|e| ServiceError::invalid("reason", e));
            if step == Step::OmbudsmanFinding {
                let (finding, about) = (finding, about).check_all()?;
                let finding = FindingRecord { finding, about };
                (StepInput::OmbudsmanFinding { finding }, None, |_| None)
            } else {
                let note = domain::ombudsman::optional_text(f.text.as_deref().unwrap_or_default())
                    .map_err(|e| ServiceError::invalid("text", e));
                let (on, finding, about, note) = (on(), finding, about, note).check_all()?;
                let finding = FindingRecord { finding, about };
                (
                    StepInput::OmbudsmanDecided { on, finding },
                    note,
                    |e| match e {
                        TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                        _ => None,
                    },
                )
            }
        }
        Step::OmbudsmanOrder => {
            let kind = f.code.as_deref().and_then(OrderKind::parse).ok_or_else(|| {
                ServiceError::invalid("code", "Choose an order or a recommendation")
            });
            let what = domain::ombudsman::order_wording(f.text.as_deref().unwrap_or_default())
                .map_err(|e| ServiceError::invalid("text", e));
            let due = parse::future_date("to", f.to.clone()).and_then(|d| {
                d.ok_or_else(|| ServiceError::invalid("to", "Enter the date it is due by"))
            });
            let (kind, what, due, owner) =
                (kind, what, due, account(ctx, "person", f.person).await).check_all()?;
            if !Step::OmbudsmanOrder.names().contains(&owner.role) {
                return Err(ServiceError::invalid(
                    "person",
                    "Choose someone from the list",
                ));
            }
            let order = Order {
                kind,
                what,
                due,
                owner: domain::UserId::new(owner.id.to_string()),
                complied: None,
            };
            (StepInput::OmbudsmanOrder { order }, None, |e| match e {
                TransitionError::OmbudsmanDateTooEarly { .. } => Some("to"),
                _ => None,
            })
        }
        Step::OrderComplied => {
            let key = f
                .item
                .as_deref()
                .and_then(domain::ombudsman::parse_order_key)
                .ok_or_else(|| ServiceError::invalid("item", "Choose the order"));
            let evidence = domain::ombudsman::evidence(f.text.as_deref().unwrap_or_default())
                .map_err(|e| ServiceError::invalid("text", e));
            let (on, (referral, index), evidence) = (on(), key, evidence).check_all()?;
            let input = StepInput::OrderComplied {
                referral,
                index,
                on,
                evidence,
            };
            (input, None, |e| match e {
                TransitionError::OmbudsmanDateTooEarly { .. } => Some("on"),
                TransitionError::NoSuchOrder | TransitionError::OrderAlreadyComplied => {
                    Some("item")
                }
                _ => None,
            })
        }
        Step::Resolve => {
            let (on, agreed, by) = (
                on(),
                parse::text("text", f.text, NOTE_MAX_CHARS, "Write what was agreed"),
                parse::future_date("to", f.to.clone()),
            )
                .check_all()?;
            let note = match by {
                Some(by) => format!("Agreed: {agreed} (by {})", domain::deadlines::long_date(by)),
                None => format!("Agreed: {agreed}"),
            };
            (StepInput::Resolve { on }, Some(note), |_| None)
        }
        Step::Dissatisfied => {
            let choice = match f.code.as_deref() {
                Some("complain") => Ok(ComplaintChoice::MakeComplaint),
                Some("no_complaint") => Ok(ComplaintChoice::NoComplaint),
                _ => Err(ServiceError::invalid(
                    "code",
                    "Choose what the customer decided",
                )),
            };
            let about = match choice {
                // The words open the complaint: refused now, as the complaint would refuse
                // them, before anything is saved.
                Ok(ComplaintChoice::MakeComplaint) => parse::text(
                    "text",
                    f.text,
                    domain::Description::MAX_CHARS,
                    "Write what the customer is unhappy about: it opens the complaint",
                )
                .and_then(|text| {
                    domain::Description::parse(&text)
                        .map(|_| Some(text))
                        .map_err(|e| ServiceError::invalid("text", e))
                }),
                _ => Ok(parse::optional(f.text)),
            };
            let (on, choice, about) = (on(), choice, about).check_all()?;
            if choice == ComplaintChoice::MakeComplaint {
                // Opening a complaint is logging a case: an integration client needs
                // `cases:create` for it as well as `cases:steps`.
                caller.may(&CaseRelation::NONE, Action::LogCaseForCustomer)?;
            }
            let step = Transition {
                note: about.clone(),
                ..Transition::new(StepInput::Dissatisfied { on, choice })
            };
            if preview {
                return preview_of(ctx, caller, &case, step);
            }
            // The complaint is opened with the step, in its transaction.
            let opens = match (choice, about) {
                (ComplaintChoice::MakeComplaint, Some(about)) => {
                    Some(linked_complaint(ctx, caller, &case, &about)?)
                }
                _ => None,
            };
            let also = Also {
                opens,
                ..Also::default()
            };
            let recorded = record_with(ctx, caller, &mut case, version, step, also).await?;
            if let Some((
                _,
                storage::cases::SavedStep {
                    opened: Some(opened),
                    ..
                },
            )) = recorded
            {
                tracing::info!(
                    by = %caller,
                    reference,
                    step = Step::Dissatisfied.as_str(),
                    opened = %opened,
                    "step recorded"
                );
                return Ok(Taken::Opened(opened));
            }
            return Ok(Taken::Recorded);
        }
        // Today: the domain allows it for five working days after the withdrawal.
        Step::UndoWithdrawal => (StepInput::UndoWithdrawal, parse::optional(f.text), |_| None),
        Step::PassOn => {
            let on = on()?;
            (StepInput::PassOn { on }, parse::optional(f.text), |_| None)
        }
        Step::RevokeTracking => {
            storage::cases::revoke_tracking(ctx.db, case.id, &caller.who(), now).await?;
            return Ok(Taken::Recorded);
        }
        // At Stage 2, the outcome the head of service signed off, on the day given.
        Step::Respond => {
            let proposed = case
                .stored
                .case
                .as_complaint()
                .filter(|c| c.current_stage() == Some(domain::policy::Stage::Two))
                .and_then(|c| c.stage2())
                .and_then(|r| r.proposed.clone());
            let Some(response) = proposed else {
                return Err(ServiceError::invalid(
                    "action",
                    "Write the response on its own form",
                ));
            };
            (
                StepInput::Respond {
                    on: on()?,
                    response,
                },
                None,
                |_| None,
            )
        }
        Step::ProposeOutcome => {
            return Err(ServiceError::invalid(
                "action",
                "Write the outcome on its own form",
            ));
        }
    };
    let step_taken = Transition {
        input,
        note: note.clone(),
        understanding: understood,
        field_of,
    };
    if preview {
        return preview_of(ctx, caller, &case, step_taken);
    }
    let is_contact = matches!(step_taken.input, StepInput::Contact { .. });
    let event = record(ctx, caller, &mut case, version, step_taken).await?;
    if event.is_none()
        && is_contact
        && let Some(text) = note
    {
        // A contact on a service request is a record on its timeline only.
        append(ctx, caller, &case, TimelineItem::Note { text }).await?;
    }
    Ok(Taken::Recorded)
}

fn preview_of(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
    step: Transition,
) -> Result<Taken, ServiceError> {
    preview(ctx, caller, case, step).map(Taken::Preview)
}

async fn append(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
    item: TimelineItem,
) -> Result<(), ServiceError> {
    storage::cases::append(ctx.db, case.id, &caller.who(), &item, ctx.now).await?;
    Ok(())
}

/// Invites a panel member to give an independent view on the review, and tells them by
/// e-mail with the day their view is needed by.
async fn invite(
    ctx: Context<'_>,
    caller: &Caller,
    case: &mut OnCase,
    version: i32,
    member: Account,
    file: &impl ReviewFile,
) -> Result<(), ServiceError> {
    let reference = case.stored.reference.to_string();
    let input = StepInput::Invite {
        member: actor_of(&member),
    };
    // The procedure's own refusals come first (the resident declined, someone is already
    // invited), on a copy: nothing is saved until both checks pass.
    let mut after = case.stored.case.clone();
    transition(
        ctx,
        caller,
        &case.relation,
        &mut after,
        input.clone(),
        |_| Some("person"),
    )?;
    // Nothing goes to the panel before a person checked and approved it.
    if let Err(why) = file.invitable(ctx, &case.stored).await? {
        return Err(ServiceError::invalid("person", why));
    }
    // One invitation per member and case: someone who declined this review (or whose
    // invitation was withdrawn) is not asked again.
    if storage::panel::invitation(ctx.db, case.id, member.id)
        .await?
        .is_some()
    {
        return Err(ServiceError::invalid(
            "person",
            format!(
                "{} has already been asked to look at this review: choose someone else",
                member.display_name
            ),
        ));
    }
    let needed_by = domain::involvement::view_needed_by(
        ctx.calendar,
        today(ctx),
        after.response_deadline(ctx.calendar).map(|d| d.due),
    );
    let tell = storage::outbox::NewMessage {
        dedupe_key: format!("panel-invitation:{}:{}", case.id.0, member.id),
        case_id: Some(case.id),
        to_user_id: Some(member.id),
        to_email: Some(member.email.clone()),
        to_name: Some(member.display_name.clone()),
        subject: format!("Your view is needed on review {reference}"),
        body: format!(
            "Dear {},\n\nWe have asked you to give an independent view on the review of complaint {reference}. Please accept or decline the invitation, and if you accept, read the file and give your view by {}.\n\nSign in and open Your reviews: {}/panel\n\nThe file you will see has the customer's personal details taken out. Please keep what you read private.\n",
            member.display_name,
            domain::deadlines::long_date(needed_by),
            ctx.public_base,
        ),
    };
    // The invitation and its e-mail are kept with the step, in its transaction.
    let also = Also {
        invitation: Some(storage::invitations::NewInvitation {
            member_id: member.id,
            invited_by: caller.user_id(),
            tell: Some(tell),
        }),
        ..Also::default()
    };
    let step = Transition {
        field_of: |_| Some("person"),
        ..Transition::new(input)
    };
    record_with(ctx, caller, case, version, step, also).await?;
    Ok(())
}

/// A complaint opened from a service request: same customer, linked to it.
fn linked_complaint(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
    about: &str,
) -> Result<storage::cases::NewCase, ServiceError> {
    use storage::cases::{CaseDetails, CustomerChoice, NewCase, Opening};
    let what_happened =
        domain::Description::parse(about).map_err(|e| ServiceError::invalid("text", e))?;
    let details = CaseDetails::describing(what_happened);
    Ok(NewCase {
        channel: domain::Channel::Staff,
        received_at: ctx.now,
        customer: case
            .stored
            .customer
            .as_ref()
            .map(|c| CustomerChoice::Existing(c.id)),
        case: NewCase::initial_state(Opening::Complaint, ctx.now, &details, ctx.calendar),
        details,
        recorded_by: caller.who(),
        linked_case: Some(case.id),
        legacy_reference: None,
    })
}

/// What one step's form needs, once the caller may take it on the case now.
#[derive(Debug, Clone)]
pub struct Form {
    pub case: OnCase,
    pub representatives: Vec<storage::representatives::Representative>,
    /// Whom the step may name ([`Step::names`]), less those it would refuse for who they
    /// are: panel members already asked about this review (whatever they answered), the
    /// person who has the case now, and, for the review, anyone who took part in Stage 1.
    pub people: Vec<Account>,
    /// The root causes a response may record, by id and name.
    pub categories: Vec<(i32, String)>,
    /// Whether the caller may approve an extension past the procedure's limit.
    pub may_approve: bool,
}

/// The form of `step` on the case `reference`, for someone who may see the case's record
/// and take the step ([`Step::action`]; refused outright otherwise). A step the case does
/// not offer now is refused at `action` with the procedure's reason, unless `after_change`
/// says the form comes back after someone else changed the case (taking it is then refused
/// again, with the reason).
pub async fn form(
    ctx: Context<'_>,
    caller: &Caller,
    reference: &str,
    step: Step,
    after_change: bool,
) -> Result<Form, ServiceError> {
    let reached = crate::cases::reach(ctx, caller, reference, Action::ViewCaseRecord).await?;
    let case = OnCase::read(ctx, &reached).await?;
    caller.may(&case.relation, step.action(&case.stored.case))?;
    if !after_change && !offered(ctx, caller, &case).await?.contains(&step) {
        // An extension asked for after its deadline: the procedure's own reason.
        if step == Step::Extend
            && let Some(too_late) =
                steps::extension_too_late(&case.stored.case, today(ctx), ctx.calendar)
        {
            return Err(ServiceError::invalid("action", too_late));
        }
        return Err(ServiceError::invalid(
            "action",
            "This step is not open on the case as it stands now: go back to the case to see what is",
        ));
    }
    let asked: Vec<i32> = match step {
        Step::Invite => storage::panel::for_case(ctx.db, case.id)
            .await?
            .into_iter()
            .map(|i| i.member_id)
            .collect(),
        Step::ChangeHandler => case
            .stored
            .case
            .handler()
            .and_then(|id| id.as_str().parse().ok())
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    let people = if step.names().is_empty() {
        Vec::new()
    } else {
        storage::accounts::with_roles(ctx.db, step.names())
            .await?
            .into_iter()
            .filter(|a| !asked.contains(&a.id))
            .filter(|a| {
                step != Step::AssignReviewer
                    || !case.stored.case.as_complaint().is_some_and(|c| {
                        c.took_part_in_stage1(&domain::UserId::new(a.id.to_string()))
                    })
            })
            .collect()
    };
    let categories = if matches!(step, Step::Respond | Step::ProposeOutcome) {
        storage::learning::active(ctx.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Form {
        representatives: storage::representatives::for_case(ctx.db, case.id).await?,
        people,
        categories,
        may_approve: caller.permits(&case.relation, Action::ApproveLongExtension),
        case,
    })
}

/// What the customer would see of a step not yet taken: the entries it adds to their case
/// page (only those written for them) and the letter it sends, if any.
#[derive(Debug, Clone, Default)]
pub struct CustomerSees {
    pub on_their_page: Vec<TimelineItem>,
    pub letter: Option<storage::letters::NewLetter>,
}

/// What the customer would see of a step taken on a copy of the case (nothing when it
/// changes nothing of their case), its letter signed by `signed_by`.
pub async fn customer_sees(
    ctx: Context<'_>,
    previewed: Option<Box<Previewed>>,
    signed_by: &str,
) -> Result<CustomerSees, ServiceError> {
    let Some(previewed) = previewed else {
        return Ok(CustomerSees::default());
    };
    let Previewed {
        after,
        event,
        note,
        understanding,
    } = *previewed;
    let mut seen = vec![TimelineItem::Transition {
        event: event.clone(),
        note,
    }];
    let mut letter = None;
    if let Some(kind) = steps::letter_for(&event) {
        let (issued, _) = crate::letters::compose(
            ctx,
            &after,
            kind,
            signed_by,
            understanding,
            steps::remedy_of(&event),
        )
        .await?;
        seen.push(TimelineItem::LetterIssued {
            subject: issued.letter.subject.clone(),
        });
        letter = Some(issued);
    }
    seen.retain(TimelineItem::customer_visible);
    Ok(CustomerSees {
        on_their_page: seen,
        letter,
    })
}

/// The Stage 2 outcome the reviewer wrote for sign-off (or, with `written`, is writing
/// now), as the customer would get it if the reviewer sent it today, signed by them:
/// `None` while none is written, or when the case is not at Stage 2. For those who may
/// see the case's record.
pub async fn outcome_to_agree(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
    written: Option<domain::lifecycle::StageResponse>,
) -> Result<Option<CustomerSees>, ServiceError> {
    caller.may(&case.relation, Action::ViewCaseRecord)?;
    let Some(complaint) = case.stored.case.as_complaint() else {
        return Ok(None);
    };
    let (Some(proposed), Some(reviewer)) = (
        written.or_else(|| complaint.stage2().and_then(|r| r.proposed.clone())),
        complaint.stage2().and_then(|r| r.owner.clone()),
    ) else {
        return Ok(None);
    };
    if complaint.current_stage() != Some(domain::policy::Stage::Two) {
        return Ok(None);
    }
    let today = today(ctx);
    let reviewer_name = match reviewer.as_str().parse::<i32>() {
        Ok(id) => storage::accounts::find(ctx.db, id)
            .await?
            .map(|a| a.display_name),
        Err(_) => None,
    }
    .unwrap_or_else(|| "The reviewer".to_owned());
    let mut after = case.stored.clone();
    let Case::Complaint(c) = &mut after.case else {
        return Ok(None);
    };
    let reviewer = domain::Actor::new(reviewer.as_str(), domain::Role::ComplaintsManager);
    if c.stage2().and_then(|r| r.proposed.as_ref()) != Some(&proposed) {
        c.propose_outcome(&reviewer, proposed.clone())
            .map_err(refused)?;
    }
    if c.stage2().is_some_and(|r| r.signed_off.is_none()) {
        // As if signed off today: the letter is the same either way.
        let head = domain::Actor::new("head-of-service", domain::Role::HeadOfService);
        c.sign_off(&head, today).map_err(refused)?;
    }
    let event = c.respond(&reviewer, today, proposed).map_err(refused)?;
    let previewed = Previewed {
        after,
        event,
        note: None,
        understanding: None,
    };
    customer_sees(ctx, Some(Box::new(previewed)), &reviewer_name)
        .await
        .map(Some)
}
