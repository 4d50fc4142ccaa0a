//! The procedure's step table: which steps a case offers, to whom, in which state; what each
//! needs; the permission each asks of [`crate::access`]; and which letter each event sends.
//!
//! The pages only draw what [`offered`] returns, and every step goes through [`take`],
//! which checks the permission and independence and then lets the case's own transition
//! decide. A property test walks random cases through their transitions and checks, for
//! every role and relation, that the steps offered are exactly the steps [`take`] accepts.
//!
//! Rules we chose where the procedure is silent:
//! - an extension is offered only while the deadline it would move is still running, and
//!   past the policy's limit only to someone who may approve it;
//! - a review request is refused only once it has been made, and before the review has
//!   begun (nothing sent about it, not reached by agreement);
//! - at Stage 2, nobody who took part in Stage 1 contacts, acknowledges, extends, invites
//!   for, signs off, ends early, refuses or answers the review; a customer's withdrawal,
//!   a note, remedies promised at Stage 1 and the Ombudsman's steps are records anyone
//!   entitled may make.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{
    Actor, Case, ClosedHow, ComplaintChoice, CustomerAgreement, Event, Involvement, Phase,
    RecordedReason, RefusalReason, RemedyState, ResponseError, ServiceRequestPhase, StageResponse,
    TransitionError,
};
use crate::access::{self, Action, CaseRelation, Denied};
use crate::calendar::Calendar;
use crate::eligibility::Eligibility;
use crate::letters::LetterKind;
use crate::policy::Stage;
use crate::receipt::Receipt;

/// A step of the procedure that staff record on a case (some also taken by the customer:
/// asking for a review, withdrawing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Accept,
    NotAccept,
    ChangeHandler,
    Contact,
    Acknowledge,
    Note,
    Extend,
    Respond,
    RecordReview,
    RefuseReview,
    AssignReviewer,
    Invite,
    ProposeOutcome,
    SignOff,
    Close,
    EscalateEarly,
    ConcludeEarly,
    RemedyDone,
    RemedyNotDelivered,
    ConfirmRepresentative,
    Withdraw,
    /// The customer's withdrawal taken back at their request, while
    /// [`crate::lifecycle::customer::take_back_withdrawal`] allows it.
    UndoWithdrawal,
    ReferOmbudsman,
    /// A stage of the Ombudsman's process reached.
    OmbudsmanStage,
    OmbudsmanDecided,
    /// Their finding on another element of the complaint.
    OmbudsmanFinding,
    /// An order or recommendation in their determination.
    OmbudsmanOrder,
    /// Compliance with an order or recommendation, with its evidence.
    OrderComplied,
    Resolve,
    Dissatisfied,
    PassOn,
    RevokeTracking,
}

impl Step {
    pub const ALL: [Step; 32] = [
        Step::Accept,
        Step::NotAccept,
        Step::ChangeHandler,
        Step::Contact,
        Step::Acknowledge,
        Step::Note,
        Step::Extend,
        Step::Respond,
        Step::RecordReview,
        Step::RefuseReview,
        Step::AssignReviewer,
        Step::Invite,
        Step::ProposeOutcome,
        Step::SignOff,
        Step::Close,
        Step::EscalateEarly,
        Step::ConcludeEarly,
        Step::RemedyDone,
        Step::RemedyNotDelivered,
        Step::ConfirmRepresentative,
        Step::Withdraw,
        Step::UndoWithdrawal,
        Step::ReferOmbudsman,
        Step::OmbudsmanStage,
        Step::OmbudsmanDecided,
        Step::OmbudsmanFinding,
        Step::OmbudsmanOrder,
        Step::OrderComplied,
        Step::Resolve,
        Step::Dissatisfied,
        Step::PassOn,
        Step::RevokeTracking,
    ];

    /// The step's name in addresses (`/staff/cases/CX-2026-000001/acknowledge`).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Accept => "accept",
            Step::NotAccept => "not-accept",
            Step::ChangeHandler => "change-handler",
            Step::Contact => "contact",
            Step::Acknowledge => "acknowledge",
            Step::Note => "note",
            Step::Extend => "extend",
            Step::Respond => "respond",
            Step::RecordReview => "record-review",
            Step::RefuseReview => "refuse-review",
            Step::AssignReviewer => "assign-reviewer",
            Step::Invite => "invite",
            Step::ProposeOutcome => "propose-outcome",
            Step::SignOff => "sign-off",
            Step::Close => "close",
            Step::EscalateEarly => "escalate-early",
            Step::ConcludeEarly => "conclude-early",
            Step::RemedyDone => "remedy-done",
            Step::RemedyNotDelivered => "remedy-not-delivered",
            Step::ConfirmRepresentative => "confirm-representative",
            Step::Withdraw => "withdraw",
            Step::UndoWithdrawal => "undo-withdrawal",
            Step::ReferOmbudsman => "refer-ombudsman",
            Step::OmbudsmanStage => "ombudsman-stage",
            Step::OmbudsmanDecided => "ombudsman-decided",
            Step::OmbudsmanFinding => "ombudsman-finding",
            Step::OmbudsmanOrder => "ombudsman-order",
            Step::OrderComplied => "order-complied",
            Step::Resolve => "resolve",
            Step::Dissatisfied => "dissatisfied",
            Step::PassOn => "pass-on",
            Step::RevokeTracking => "revoke-tracking",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The permission the step needs on `case`, in [`crate::access`]'s terms.
    pub fn action(self, case: &Case) -> Action {
        match self {
            // Whoever decides who handles a complaint may hand it to someone else.
            Step::Accept | Step::NotAccept | Step::ChangeHandler => Action::Triage,
            Step::Contact => Action::RecordContact,
            Step::Acknowledge => Action::Acknowledge,
            Step::Note => Action::AddInformation,
            Step::Extend => Action::Extend,
            Step::Respond if at_stage(case, Stage::Two) => Action::RespondStage2,
            Step::Respond => Action::RespondStage1,
            Step::RecordReview => Action::RequestReview,
            Step::RefuseReview | Step::AssignReviewer => Action::AssignReviewer,
            Step::Invite => Action::InviteInvolvedCustomer,
            Step::ProposeOutcome => Action::RespondStage2,
            Step::SignOff => Action::SignOffStage2,
            Step::Close | Step::RemedyDone | Step::RemedyNotDelivered => Action::TrackRemedies,
            Step::EscalateEarly | Step::ConcludeEarly => Action::EscalateEarly,
            Step::ConfirmRepresentative => Action::ConfirmRepresentative,
            Step::Withdraw | Step::UndoWithdrawal => Action::Withdraw,
            Step::ReferOmbudsman
            | Step::OmbudsmanStage
            | Step::OmbudsmanDecided
            | Step::OmbudsmanFinding
            | Step::OmbudsmanOrder
            | Step::OrderComplied => Action::RecordOmbudsmanReferral,
            Step::Resolve | Step::Dissatisfied | Step::PassOn => Action::ResolveServiceRequest,
            // Any member of staff who deals with the customer: a link that went astray
            // should stop working at once.
            Step::RevokeTracking => Action::RecordContact,
        }
    }

    /// Whom the step names, by role (the handler it gives the case to, the reviewer, the
    /// panel member, the owner of a promised action or of an Ombudsman's order): its form
    /// offers only people with these roles, and the step refuses anyone else. Empty for a
    /// step that names nobody.
    pub fn names(self) -> &'static [crate::Role] {
        use super::complaint::{ACTION_OWNER_ROLES, HANDLER_ROLES, PANEL_ROLES, REVIEWER_ROLES};
        match self {
            Step::Accept | Step::ChangeHandler => &HANDLER_ROLES,
            Step::AssignReviewer => &REVIEWER_ROLES,
            Step::Invite => &PANEL_ROLES,
            Step::Respond | Step::ProposeOutcome => &ACTION_OWNER_ROLES,
            Step::OmbudsmanOrder => &crate::ombudsman::OWNER_ROLES,
            _ => &[],
        }
    }

    /// Whether the customer sees anything of the step (its words on their case page, or a
    /// letter): staff may preview that before they take it.
    pub fn customer_sees(self) -> bool {
        self.sends_letter() || self.text_seen_by_customer() == Some(true)
    }

    /// Whether staff may see, before taking the step, what the customer would get from it:
    /// every step the customer sees anything of, and the Stage 2 outcome written for
    /// sign-off, which becomes the final letter.
    pub fn previewable(self) -> bool {
        self.customer_sees() || self == Step::ProposeOutcome
    }

    /// Whether taking the step can issue a letter to the customer (which [`letter_for`]
    /// names from its event): staff may read that letter before they take the step.
    pub fn sends_letter(self) -> bool {
        matches!(
            self,
            Step::NotAccept
                | Step::Acknowledge
                | Step::Extend
                | Step::Respond
                | Step::RefuseReview
                | Step::RemedyDone
                | Step::RemedyNotDelivered
        )
    }

    /// Who reads the words staff write with the step (a summary, a note, a reason):
    /// `Some(true)` when they go on the customer's own timeline or letter, `Some(false)`
    /// when only staff see them (a note), `None` for a step without free text. Follows
    /// [`crate::TimelineItem::customer_visible`] for the entry each step writes.
    pub fn text_seen_by_customer(self) -> Option<bool> {
        match self {
            // The discretion's reason and the handover's reason stay on the staff record.
            Step::Note | Step::Accept | Step::ChangeHandler => Some(false),
            Step::Contact
            | Step::Acknowledge
            | Step::NotAccept
            | Step::Extend
            | Step::RecordReview
            | Step::RefuseReview
            | Step::EscalateEarly
            | Step::ConcludeEarly
            | Step::RemedyNotDelivered
            | Step::Withdraw
            | Step::UndoWithdrawal
            | Step::ReferOmbudsman
            | Step::OmbudsmanDecided
            | Step::Resolve
            | Step::Dissatisfied
            | Step::PassOn => Some(true),
            Step::Respond
            | Step::AssignReviewer
            | Step::Invite
            | Step::ProposeOutcome
            | Step::SignOff
            | Step::Close
            | Step::RemedyDone
            | Step::ConfirmRepresentative
            | Step::RevokeTracking
            | Step::OmbudsmanStage
            | Step::OmbudsmanFinding
            | Step::OmbudsmanOrder => None,
            // The evidence sent to the Ombudsman stays on the staff record.
            Step::OrderComplied => Some(false),
        }
    }

    /// Whether the step changes the case's state (and so names the version it read).
    pub fn changes_state(self) -> bool {
        !matches!(
            self,
            Step::Note | Step::ConfirmRepresentative | Step::RevokeTracking
        )
    }

    /// A step on the Stage 2 review itself, which must be independent of Stage 1.
    fn works_the_review(self) -> bool {
        matches!(
            self,
            Step::Contact
                | Step::Acknowledge
                | Step::Extend
                | Step::Respond
                | Step::RefuseReview
                | Step::Invite
                | Step::ProposeOutcome
                | Step::SignOff
                | Step::ConcludeEarly
        )
    }
}

fn at_stage(case: &Case, stage: Stage) -> bool {
    case.as_complaint()
        .is_some_and(|c| c.current_stage() == Some(stage))
}

/// What the step table needs to know beyond the case's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Circumstances {
    /// Someone named to act for the customer waits for staff to confirm their authority.
    pub awaiting_representative: bool,
    /// The case's private tracking link still works.
    pub tracking_live: bool,
    /// Today in London.
    pub today: NaiveDate,
}

/// The steps `by`, standing to the case as `relation`, is offered on `case` now: those the
/// case's state allows, that their role and relation permit, that independence allows, and
/// that can succeed with some valid answer.
pub fn offered(
    case: &Case,
    by: &Actor,
    relation: &CaseRelation,
    circumstances: &Circumstances,
    calendar: &Calendar,
) -> Vec<Step> {
    by_state(case, circumstances)
        .into_iter()
        .filter(|step| permitted(case, by, relation, *step).is_ok())
        .filter(|step| {
            *step != Step::Extend
                || extension_open(case, by, relation, circumstances.today, calendar)
        })
        .filter(|step| {
            *step != Step::UndoWithdrawal
                || super::customer::take_back_withdrawal(case, circumstances.today, calendar)
        })
        .collect()
}

/// Whether `by` may take `step` on `case` at all: the permission, and at Stage 2 the
/// review's independence from Stage 1.
fn permitted(
    case: &Case,
    by: &Actor,
    relation: &CaseRelation,
    step: Step,
) -> Result<(), StepRefused> {
    access::check(by, relation, step.action(case))?;
    if step.works_the_review()
        && let Some(c) = case.as_complaint()
        && c.current_stage() == Some(Stage::Two)
        && c.took_part_in_stage1(&by.id)
    {
        return Err(TransitionError::TookPartInStage1.into());
    }
    Ok(())
}

/// Why no extension can be agreed on `case` today, when it is because the deadline it
/// would move has passed (the Ombudsman's guidance: an extension is agreed while the
/// deadline still runs). `None` while one could still be, or when none is due at all.
pub fn extension_too_late(
    case: &Case,
    today: NaiveDate,
    calendar: &Calendar,
) -> Option<TransitionError> {
    let complaint = case.as_complaint()?;
    if !matches!(complaint.phase(), Phase::Stage1 | Phase::Stage2) {
        return None;
    }
    let (due, _) = complaint.response_due(calendar)?;
    (today > due).then_some(TransitionError::ExtensionAfterDeadline { due })
}

/// An extension can still be agreed: the deadline it moves has not passed, and either
/// there is room before the policy's limit or `by` may approve going past it.
fn extension_open(
    case: &Case,
    by: &Actor,
    relation: &CaseRelation,
    today: NaiveDate,
    calendar: &Calendar,
) -> bool {
    let Some((current, deadlines)) = case.as_complaint().and_then(|c| c.response_due(calendar))
    else {
        return false;
    };
    let room = deadlines
        .extension_limit
        .is_some_and(|limit| limit.due > current);
    today <= current && (room || access::permits(by, relation, Action::ApproveLongExtension))
}

/// The steps the case's state allows, before anyone's permission is asked.
fn by_state(case: &Case, circumstances: &Circumstances) -> Vec<Step> {
    use Step as S;
    let mut steps = Vec::new();
    match case {
        Case::ServiceRequest(sr) => match sr.phase() {
            ServiceRequestPhase::Open => {
                steps.extend([S::Contact, S::Resolve, S::Dissatisfied, S::Withdraw]);
            }
            ServiceRequestPhase::Resolved { .. } => steps.push(S::Dissatisfied),
            ServiceRequestPhase::Withdrawn { .. } => steps.push(S::UndoWithdrawal),
        },
        Case::Compliment(c) => {
            if c.passed_on().is_none() {
                steps.push(S::PassOn);
            }
        }
        Case::Complaint(c) if c.is_locked() => {
            steps.push(S::OmbudsmanDecided);
            ombudsman_steps(c, &mut steps);
        }
        Case::Complaint(c) => {
            let working = |record: &super::StageRecord| {
                let mut s = vec![S::Contact];
                if record.acknowledged.is_none() {
                    s.push(S::Acknowledge);
                }
                s.push(S::Extend);
                s
            };
            match c.phase() {
                Phase::Received => steps.extend([S::Accept, S::NotAccept, S::Withdraw]),
                Phase::Stage1 => {
                    steps.extend(working(c.stage1()));
                    if c.may_respond() {
                        steps.push(S::Respond);
                    }
                    steps.extend([
                        S::ChangeHandler,
                        S::EscalateEarly,
                        S::ConcludeEarly,
                        S::Withdraw,
                    ]);
                }
                Phase::Stage1Responded => steps.extend([S::RecordReview, S::Close, S::Withdraw]),
                Phase::Stage2 => {
                    if let Some(review) = c.stage2() {
                        // Assigning again hands the review to another reviewer.
                        steps.push(S::AssignReviewer);
                        if c.may_refuse_review() {
                            steps.push(S::RefuseReview);
                        }
                        steps.extend(working(review));
                        if !c.involvement_declined()
                            && review.involvement == Involvement::NotInvited
                        {
                            steps.push(S::Invite);
                        }
                        if c.may_propose_outcome() {
                            steps.push(S::ProposeOutcome);
                        }
                        if review.owner.is_some()
                            && review.signed_off.is_none()
                            && review.proposed.is_some()
                        {
                            steps.push(S::SignOff);
                        }
                        if c.may_respond() {
                            steps.push(S::Respond);
                        }
                        steps.extend([S::ConcludeEarly, S::Withdraw]);
                    }
                }
                Phase::Closed {
                    how: ClosedHow::NoReviewRequested,
                    ..
                } => steps.push(S::RecordReview),
                Phase::Withdrawn { .. } => steps.push(S::UndoWithdrawal),
                Phase::Closed { .. } | Phase::NotAccepted { .. } => {}
            }
            if !matches!(c.phase(), Phase::Withdrawn { .. }) {
                steps.push(S::ReferOmbudsman);
            }
            ombudsman_steps(c, &mut steps);
            if c.remedies()
                .iter()
                .any(|r| r.state == RemedyState::Outstanding)
            {
                steps.extend([S::RemedyDone, S::RemedyNotDelivered]);
            }
        }
    }
    if circumstances.awaiting_representative {
        steps.push(S::ConfirmRepresentative);
    }
    steps.push(S::Note);
    if circumstances.tracking_live {
        steps.push(S::RevokeTracking);
    }
    steps
}

/// The Ombudsman's casework a complaint offers besides referring and the decision: the
/// next stage of their process, more findings and orders once they have decided, and
/// compliance while any order is outstanding.
fn ombudsman_steps(c: &super::Complaint, steps: &mut Vec<Step>) {
    let Some(latest) = c.ombudsman() else {
        return;
    };
    if !latest.stage.next_choices().is_empty() {
        steps.push(Step::OmbudsmanStage);
    }
    if latest.decided_on.is_some() {
        steps.extend([Step::OmbudsmanFinding, Step::OmbudsmanOrder]);
    }
    if c.orders_outstanding() {
        steps.push(Step::OrderComplied);
    }
}

/// A step with what it needs, checked and typed: the pages read a form into one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepInput {
    Accept {
        handler: Actor,
        on: NaiveDate,
        eligibility: Eligibility,
        discretion: Option<RecordedReason>,
    },
    NotAccept {
        on: NaiveDate,
        reason: RefusalReason,
        explanation: RecordedReason,
    },
    ChangeHandler {
        handler: Actor,
        reason: RecordedReason,
    },
    Contact {
        on: NaiveDate,
    },
    /// With the complaint as we understand it, which the response will restate.
    Acknowledge {
        on: NaiveDate,
        definition: Option<String>,
    },
    /// Agreed today, to `to`; `approve` when the person extending approves going past the
    /// policy's limit themselves.
    Extend {
        to: NaiveDate,
        reason: RecordedReason,
        approve: bool,
    },
    Respond {
        on: NaiveDate,
        response: StageResponse,
    },
    RecordReview {
        receipt: Receipt,
    },
    RefuseReview {
        on: NaiveDate,
        reason: RecordedReason,
    },
    AssignReviewer {
        reviewer: Actor,
    },
    Invite {
        member: Actor,
    },
    /// The Stage 2 outcome, written for the head of service to sign off.
    ProposeOutcome {
        response: StageResponse,
    },
    SignOff {
        on: NaiveDate,
    },
    Close {
        on: NaiveDate,
    },
    EscalateEarly {
        agreement: CustomerAgreement,
        receipt: Receipt,
    },
    ConcludeEarly {
        on: NaiveDate,
        agreement: CustomerAgreement,
    },
    RemedyDone {
        index: usize,
        on: NaiveDate,
    },
    RemedyNotDelivered {
        index: usize,
        on: NaiveDate,
        reason: RecordedReason,
    },
    Withdraw {
        on: NaiveDate,
    },
    /// Today, at the customer's request.
    UndoWithdrawal,
    ReferOmbudsman {
        on: NaiveDate,
        reference: crate::ombudsman::TheirReference,
    },
    OmbudsmanStage {
        on: NaiveDate,
        stage: crate::ombudsman::TheirStage,
    },
    OmbudsmanDecided {
        on: NaiveDate,
        finding: crate::ombudsman::FindingRecord,
    },
    OmbudsmanFinding {
        finding: crate::ombudsman::FindingRecord,
    },
    OmbudsmanOrder {
        order: crate::ombudsman::Order,
    },
    OrderComplied {
        referral: usize,
        index: usize,
        on: NaiveDate,
        evidence: String,
    },
    Resolve {
        on: NaiveDate,
    },
    Dissatisfied {
        on: NaiveDate,
        choice: ComplaintChoice,
    },
    PassOn {
        on: NaiveDate,
    },
}

impl StepInput {
    pub fn step(&self) -> Step {
        match self {
            StepInput::Accept { .. } => Step::Accept,
            StepInput::NotAccept { .. } => Step::NotAccept,
            StepInput::ChangeHandler { .. } => Step::ChangeHandler,
            StepInput::Contact { .. } => Step::Contact,
            StepInput::Acknowledge { .. } => Step::Acknowledge,
            StepInput::Extend { .. } => Step::Extend,
            StepInput::Respond { .. } => Step::Respond,
            StepInput::RecordReview { .. } => Step::RecordReview,
            StepInput::RefuseReview { .. } => Step::RefuseReview,
            StepInput::AssignReviewer { .. } => Step::AssignReviewer,
            StepInput::Invite { .. } => Step::Invite,
            StepInput::ProposeOutcome { .. } => Step::ProposeOutcome,
            StepInput::SignOff { .. } => Step::SignOff,
            StepInput::Close { .. } => Step::Close,
            StepInput::EscalateEarly { .. } => Step::EscalateEarly,
            StepInput::ConcludeEarly { .. } => Step::ConcludeEarly,
            StepInput::RemedyDone { .. } => Step::RemedyDone,
            StepInput::RemedyNotDelivered { .. } => Step::RemedyNotDelivered,
            StepInput::Withdraw { .. } => Step::Withdraw,
            StepInput::UndoWithdrawal => Step::UndoWithdrawal,
            StepInput::ReferOmbudsman { .. } => Step::ReferOmbudsman,
            StepInput::OmbudsmanStage { .. } => Step::OmbudsmanStage,
            StepInput::OmbudsmanDecided { .. } => Step::OmbudsmanDecided,
            StepInput::OmbudsmanFinding { .. } => Step::OmbudsmanFinding,
            StepInput::OmbudsmanOrder { .. } => Step::OmbudsmanOrder,
            StepInput::OrderComplied { .. } => Step::OrderComplied,
            StepInput::Resolve { .. } => Step::Resolve,
            StepInput::Dissatisfied { .. } => Step::Dissatisfied,
            StepInput::PassOn { .. } => Step::PassOn,
        }
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StepRefused {
    /// Not this person's to take (the server answers "forbidden").
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The procedure does not allow it now, or the answer does not fit.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("This step is not for this kind of case")]
    WrongKind,
}

/// Takes `input`'s step on `case` for `by`: the permission and independence first, then
/// the case's own transition. `Ok(None)` for a contact on a service request, which is only
/// a record on its timeline. On a refusal the case is as it was.
pub fn take(
    case: &mut Case,
    by: &Actor,
    relation: &CaseRelation,
    input: StepInput,
    today: NaiveDate,
    calendar: &Calendar,
) -> Result<Option<Event>, StepRefused> {
    permitted(case, by, relation, input.step())?;
    let may_approve = access::permits(by, relation, Action::ApproveLongExtension);
    let event = match (case, input) {
        // Any kind of case, by the customer's own rule.
        (case, StepInput::UndoWithdrawal) => {
            super::customer::withdrawal_taken_back(case, today, calendar)
        }
        (Case::Complaint(c), input) => match input {
            StepInput::Accept {
                handler,
                on,
                eligibility,
                discretion,
            } => c.accept(&handler, on, eligibility, discretion),
            StepInput::NotAccept {
                on,
                reason,
                explanation,
            } => c.not_accept(on, reason, explanation),
            StepInput::ChangeHandler { handler, reason } => c.change_handler(&handler, reason),
            StepInput::Contact { on } => c.record_contact(on),
            StepInput::Acknowledge { on, definition } => {
                let event = c.acknowledge(by, on)?;
                if let Some(definition) = definition {
                    c.define(&definition);
                }
                Ok(event)
            }
            StepInput::Extend {
                to,
                reason,
                approve,
            } => {
                let approver = (approve && may_approve).then_some(by);
                if approve && !may_approve {
                    return Err(TransitionError::ApproverNotComplaintsManager.into());
                }
                c.extend(calendar, by, today, to, reason, approver)
            }
            StepInput::Respond { on, response } => {
                // A response restates the complaint as defined (Code 5.12 and 6.17).
                if response.definition().is_none() {
                    return Err(TransitionError::Response(ResponseError::NoDefinition).into());
                }
                c.respond(by, on, response)
            }
            StepInput::RecordReview { receipt } => c.request_review(&receipt),
            StepInput::RefuseReview { on, reason } => c.refuse_review(on, reason),
            StepInput::AssignReviewer { reviewer } => c.assign_reviewer(&reviewer),
            StepInput::Invite { member } => c.invite_involved_customer(&member),
            StepInput::ProposeOutcome { response } => {
                // The outcome restates the complaint as defined, as the response will.
                if response.definition().is_none() {
                    return Err(TransitionError::Response(ResponseError::NoDefinition).into());
                }
                c.propose_outcome(by, response)
            }
            StepInput::SignOff { on } => c.sign_off(by, on),
            StepInput::Close { on } => c.close(on),
            StepInput::EscalateEarly { agreement, receipt } => {
                c.escalate_early(agreement, &receipt)
            }
            StepInput::ConcludeEarly { on, agreement } => c.conclude_early(on, agreement),
            StepInput::RemedyDone { index, on } => c.complete_remedy(index, on),
            StepInput::RemedyNotDelivered { index, on, reason } => {
                c.remedy_cannot_be_delivered(index, on, reason)
            }
            StepInput::Withdraw { on } => c.withdraw(on),
            StepInput::ReferOmbudsman { on, reference } => c.refer_to_ombudsman(on, reference),
            StepInput::OmbudsmanStage { on, stage } => c.record_ombudsman_stage(on, stage),
            StepInput::OmbudsmanDecided { on, finding } => c.record_ombudsman_decision(on, finding),
            StepInput::OmbudsmanFinding { finding } => c.add_ombudsman_finding(finding),
            StepInput::OmbudsmanOrder { order } => c.add_ombudsman_order(order),
            StepInput::OrderComplied {
                referral,
                index,
                on,
                evidence,
            } => c.comply_with_order(referral, index, on, evidence),
            StepInput::Resolve { .. }
            | StepInput::Dissatisfied { .. }
            | StepInput::PassOn { .. }
            | StepInput::UndoWithdrawal => {
                return Err(StepRefused::WrongKind);
            }
        },
        (Case::ServiceRequest(sr), input) => match input {
            StepInput::Contact { .. } if *sr.phase() == ServiceRequestPhase::Open => {
                return Ok(None);
            }
            StepInput::Contact { .. } => Err(TransitionError::Finished {
                action: "record a contact",
            }),
            StepInput::Resolve { on } => sr.resolve(on),
            StepInput::Dissatisfied { on, choice } => sr.record_dissatisfaction(on, choice),
            StepInput::Withdraw { on } => sr.withdraw(on),
            _ => return Err(StepRefused::WrongKind),
        },
        (Case::Compliment(compliment), input) => match input {
            StepInput::PassOn { on } => compliment.pass_on(on),
            _ => return Err(StepRefused::WrongKind),
        },
    };
    Ok(Some(event?))
}

/// The remedy an event is about (its place among the case's remedies), for its letter.
pub fn remedy_of(event: &Event) -> Option<usize> {
    match event {
        Event::RemedyDone { index, .. } | Event::RemedyCannotBeDelivered { index, .. } => {
            Some(*index)
        }
        _ => None,
    }
}

/// The letter an event sends the customer, if any. The letter is written from the case as
/// the event left it.
pub fn letter_for(event: &Event) -> Option<LetterKind> {
    match event {
        Event::NotAccepted { .. } => Some(LetterKind::NotAccepted),
        Event::Acknowledged {
            stage: Stage::One, ..
        } => Some(LetterKind::Acknowledgement),
        Event::Acknowledged {
            stage: Stage::Two, ..
        } => Some(LetterKind::Stage2Acknowledgement),
        Event::Extended { .. } => Some(LetterKind::Extension),
        Event::Responded {
            stage: Stage::One, ..
        } => Some(LetterKind::Stage1Response),
        Event::Responded {
            stage: Stage::Two, ..
        } => Some(LetterKind::Stage2Outcome),
        Event::ReviewRefused { .. } => Some(LetterKind::ReviewRefused),
        Event::RemedyCannotBeDelivered { .. } => Some(LetterKind::RemedyNotDelivered),
        Event::RemedyDone { .. } => Some(LetterKind::RemedyDone),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
