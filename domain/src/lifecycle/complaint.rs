//! A complaint's journey through the procedure (SPEC sections 2 and 3).
//!
//! Each transition is a method that either changes the complaint and returns the
//! [`Event`] to append to the timeline, or leaves it untouched and returns a
//! [`TransitionError`]. Fields are private: a complaint only reaches a state through these
//! methods (or by deserialising what storage saved from them).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Event;
use super::error::TransitionError;
use super::types::{
    Actor, CustomerAgreement, Extension, Involvement, RecordedReason, RefusalReason, StageResponse,
    TrackedRemedy, UserId,
};
use crate::calendar::Calendar;
use crate::deadlines::{Deadline, StageDeadlines, Step as DeadlineStep, stage_deadlines};
use crate::eligibility::Eligibility;
use crate::policy::{Policy, Stage};
use crate::receipt::Receipt;
use crate::role::Role;

/// Who may handle Stage 1: a manager, or the complaints manager.
pub const HANDLER_ROLES: [Role; 2] = [Role::Manager, Role::ComplaintsManager];

/// Who may lead a Stage 2 review: the complaints manager (one who had no part in Stage 1).
pub const REVIEWER_ROLES: [Role; 1] = [Role::ComplaintsManager];

/// Who may be invited to give an independent view at Stage 2.
pub const PANEL_ROLES: [Role; 1] = [Role::InvolvedCustomer];

/// Who may own an action a response promises: staff who deal with complaints.
pub const ACTION_OWNER_ROLES: [Role; 3] = [Role::Officer, Role::Manager, Role::ComplaintsManager];

/// Where a complaint is in the procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    /// Waiting for the complaints manager to accept it or not.
    Received,
    NotAccepted {
        on: NaiveDate,
        reason: RefusalReason,
        explanation: RecordedReason,
    },
    Stage1,
    /// Stage 1 answered; the customer may ask for a review.
    Stage1Responded,
    Stage2,
    Closed {
        on: NaiveDate,
        how: ClosedHow,
    },
    Withdrawn {
        on: NaiveDate,
        /// Where it was when withdrawn: where taking the withdrawal back returns it.
        /// Withdrawals recorded before this was kept, and imported ones, have none and
        /// cannot be taken back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        was: Option<Box<Phase>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum ClosedHow {
    NoReviewRequested,
    Stage2Responded,
    ConcludedEarly { agreement: CustomerAgreement },
    ReviewRefused { reason: RecordedReason },
}

impl Phase {
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            Phase::Received | Phase::Stage1 | Phase::Stage1Responded | Phase::Stage2
        )
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Received => "waiting to be accepted",
            Phase::NotAccepted { .. } => "not accepted",
            Phase::Stage1 => "at Stage 1",
            Phase::Stage1Responded => "answered at Stage 1",
            Phase::Stage2 => "at Stage 2",
            Phase::Closed { .. } => "closed",
            Phase::Withdrawn { .. } => "withdrawn",
        })
    }
}

/// One stage's facts, stored separately so both the acknowledgement and the response leg
/// can be judged (SPEC section 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    /// The London date it arrived (an action cannot predate it).
    pub arrived: NaiveDate,
    /// The date deadlines count from (see [`crate::receipt`]).
    pub day0: NaiveDate,
    /// Stage 1 handler or Stage 2 reviewer.
    pub owner: Option<UserId>,
    pub contacted: Option<NaiveDate>,
    pub acknowledged: Option<NaiveDate>,
    pub extensions: Vec<Extension>,
    pub responded: Option<NaiveDate>,
    pub response: Option<StageResponse>,
    /// Stage 2 reached straight from Stage 1 by agreement.
    pub escalated_early: Option<CustomerAgreement>,
    pub involvement: Involvement,
    /// The head of service's sign-off of [`StageRecord::proposed`] (Stage 2).
    pub signed_off: Option<(UserId, NaiveDate)>,
    /// The Stage 2 outcome the reviewer wrote for the head of service to sign off: the one
    /// sent must be this one, and writing it again needs a new sign-off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<StageResponse>,
    /// The complaint as the landlord defined it when acknowledging the stage; the
    /// response restates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

impl StageRecord {
    fn new(receipt: &Receipt) -> Self {
        Self {
            arrived: receipt.london.date(),
            day0: receipt.day0,
            owner: None,
            contacted: None,
            acknowledged: None,
            extensions: Vec::new(),
            responded: None,
            response: None,
            escalated_early: None,
            involvement: Involvement::NotInvited,
            signed_off: None,
            proposed: None,
            definition: None,
        }
    }

    /// The latest extended date, if any.
    pub fn extended_to(&self) -> Option<NaiveDate> {
        self.extensions.last().map(|e| e.to)
    }

    /// The extended date that counts for the regulator's figures (SPEC section 9): the
    /// chain of extensions from the response deadline `due`, each recorded on or before
    /// the date it moved. An extension recorded late, and any after it, does not count.
    /// Imported extensions carry the date they were brought in under, never late.
    pub fn extended_in_time(&self, due: NaiveDate) -> Option<NaiveDate> {
        let mut current = due;
        let mut counted = None;
        for extension in &self.extensions {
            if extension.on > current {
                break;
            }
            if extension.to > current {
                current = extension.to;
                counted = Some(extension.to);
            }
        }
        counted
    }
}

pub use crate::ombudsman::OmbudsmanReferral;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// The policy version in force when it was received, figures and all, so a version
    /// added later never moves its deadlines. Cases stored with the version's id alone
    /// read it from the built-in versions.
    #[serde(with = "crate::policy::whole_or_built_in")]
    policy: Policy,
    phase: Phase,
    stage1: StageRecord,
    stage2: Option<StageRecord>,
    remedies: Vec<TrackedRemedy>,
    involvement_declined: bool,
    /// The latest referral to the Ombudsman.
    ombudsman: Option<OmbudsmanReferral>,
    /// Referrals before the latest, oldest first (a complaint may be referred again once
    /// the Ombudsman has decided).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    earlier_referrals: Vec<OmbudsmanReferral>,
    /// Everyone who handled, acknowledged, extended (or approved an extension of) or
    /// answered Stage 1, at any time: none of them may review it at Stage 2 (SPEC section
    /// 9). Cases stored before this was kept read as their Stage 1 handler alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    stage1_people: Vec<UserId>,
}

type Outcome = Result<Event, TransitionError>;

impl Complaint {
    /// A new complaint, waiting for triage, under the policy in force on its receipt date.
    pub fn receive(policy: &Policy, receipt: &Receipt) -> Self {
        Self {
            policy: *policy,
            phase: Phase::Received,
            stage1: StageRecord::new(receipt),
            stage2: None,
            remedies: Vec::new(),
            involvement_declined: false,
            ombudsman: None,
            earlier_referrals: Vec::new(),
            stage1_people: Vec::new(),
        }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }
    pub fn phase(&self) -> &Phase {
        &self.phase
    }
    pub fn stage1(&self) -> &StageRecord {
        &self.stage1
    }
    pub fn stage2(&self) -> Option<&StageRecord> {
        self.stage2.as_ref()
    }
    pub fn remedies(&self) -> &[TrackedRemedy] {
        &self.remedies
    }
    pub fn involvement_declined(&self) -> bool {
        self.involvement_declined
    }
    /// The latest referral to the Ombudsman.
    pub fn ombudsman(&self) -> Option<&OmbudsmanReferral> {
        self.ombudsman.as_ref()
    }
    /// Every referral to the Ombudsman, oldest first.
    pub fn referrals(&self) -> impl Iterator<Item = &OmbudsmanReferral> {
        self.earlier_referrals.iter().chain(self.ombudsman.as_ref())
    }
    pub fn is_locked(&self) -> bool {
        self.ombudsman
            .as_ref()
            .is_some_and(|r| r.decided_on.is_none())
    }

    /// Whether `person` took part in Stage 1: handled it, acknowledged it, extended it or
    /// approved its extension, or answered it, at any time. Such a person may not review the
    /// complaint or take any Stage 2 step.
    pub fn took_part_in_stage1(&self, person: &UserId) -> bool {
        self.stage1.owner.as_ref() == Some(person) || self.stage1_people.contains(person)
    }

    fn remember_stage1(&mut self, person: &UserId) {
        if !self.stage1_people.contains(person) {
            self.stage1_people.push(person.clone());
        }
    }

    /// The stage in progress, and `by` may act on it: at Stage 2, nobody who took part in
    /// Stage 1.
    fn stage_for(&self, by: &Actor, action: &'static str) -> Result<Stage, TransitionError> {
        let stage = self.active_stage(action)?;
        if stage == Stage::Two && self.took_part_in_stage1(&by.id) {
            return Err(TransitionError::TookPartInStage1);
        }
        Ok(stage)
    }

    /// Records that `by` acted on `stage` (Stage 1's people are remembered).
    fn acted(&mut self, stage: Stage, by: &Actor) {
        if stage == Stage::One {
            self.remember_stage1(&by.id);
        }
    }

    /// Who owns the stage in progress: the Stage 1 handler, or the Stage 2 reviewer once
    /// one is assigned.
    pub fn stage_owner(&self) -> Option<&UserId> {
        match self.current_stage()? {
            Stage::One => self.stage1.owner.as_ref(),
            Stage::Two => self.stage2.as_ref()?.owner.as_ref(),
        }
    }

    /// The stage in progress, if one is.
    pub fn current_stage(&self) -> Option<Stage> {
        match self.phase {
            Phase::Stage1 => Some(Stage::One),
            Phase::Stage2 => Some(Stage::Two),
            _ => None,
        }
    }

    /// The extended response date of `stage` that counts for the regulator's figures: see
    /// [`StageRecord::extended_in_time`].
    pub fn counted_extension(&self, stage: Stage, calendar: &Calendar) -> Option<NaiveDate> {
        let record = self.recorded(stage)?;
        let due = self.stage_deadlines_of(stage, record, calendar).respond.due;
        record.extended_in_time(due)
    }

    /// Deadlines of the stage in progress, from the recorded dates. A complaint waiting to
    /// be accepted already runs against Stage 1's clock: triage is part of the time to
    /// first contact.
    pub fn deadlines(&self, calendar: &Calendar) -> Option<StageDeadlines> {
        let (stage, record) = self.stage_in_progress()?;
        Some(self.stage_deadlines_of(stage, record, calendar))
    }

    /// The stage whose clock is running, with its record: Stage 1 from receipt (triage is
    /// part of the time to first contact), otherwise the current stage.
    fn stage_in_progress(&self) -> Option<(Stage, &StageRecord)> {
        let stage = match self.phase {
            Phase::Received => Stage::One,
            _ => self.current_stage()?,
        };
        Some((stage, self.recorded(stage)?))
    }

    /// The date the stage in progress must be answered by, extensions included, with its
    /// deadlines (for the policy's extension limit): what an extension moves.
    pub fn response_due(&self, calendar: &Calendar) -> Option<(NaiveDate, StageDeadlines)> {
        let stage = self.current_stage()?;
        let record = self.recorded(stage)?;
        let deadlines = self.stage_deadlines_of(stage, record, calendar);
        let due = record
            .extended_to()
            .unwrap_or(deadlines.respond.due)
            .max(deadlines.respond.due);
        Some((due, deadlines))
    }

    /// The stage in progress's record and the deadline of its next step (first contact,
    /// then the acknowledgement where the policy asks for one, then the response), before
    /// any extension: what [`Self::deadlines`] would pick, counting that step alone.
    pub(crate) fn next_step_deadline(
        &self,
        calendar: &Calendar,
    ) -> Option<(&StageRecord, Deadline)> {
        let (stage, record) = self.stage_in_progress()?;
        let step = if record.contacted.is_none() {
            DeadlineStep::Contact
        } else if record.acknowledged.is_none() && self.policy.stage(stage).acknowledge.is_some() {
            DeadlineStep::Acknowledge
        } else {
            DeadlineStep::Respond
        };
        let receipt = Receipt::on_date(record.day0, calendar);
        let deadline = crate::deadlines::stage_deadline(
            calendar,
            &self.policy,
            stage,
            &receipt,
            record.acknowledged,
            step,
        )?;
        Some((record, deadline))
    }

    fn stage_deadlines_of(
        &self,
        stage: Stage,
        record: &StageRecord,
        calendar: &Calendar,
    ) -> StageDeadlines {
        let receipt = Receipt::on_date(record.day0, calendar);
        stage_deadlines(calendar, &self.policy, stage, &receipt, record.acknowledged)
    }

    /// The record of `stage`, if it has begun.
    fn recorded(&self, stage: Stage) -> Option<&StageRecord> {
        match stage {
            Stage::One => Some(&self.stage1),
            Stage::Two => self.stage2.as_ref(),
        }
    }

    fn record(&self, stage: Stage) -> &StageRecord {
        match (stage, &self.stage2) {
            (Stage::Two, Some(r)) => r,
            _ => &self.stage1,
        }
    }

    fn record_mut(&mut self, stage: Stage) -> &mut StageRecord {
        match (stage, &mut self.stage2) {
            (Stage::Two, Some(r)) => r,
            _ => &mut self.stage1,
        }
    }

    fn unlocked(&self) -> Result<(), TransitionError> {
        if self.is_locked() {
            Err(TransitionError::Locked)
        } else {
            Ok(())
        }
    }

    fn not_now(&self, action: &'static str) -> TransitionError {
        TransitionError::NotNow {
            action,
            phase: self.phase.clone(),
        }
    }

    /// The stage in progress, or the refusal to `action` outside one.
    fn active_stage(&self, action: &'static str) -> Result<Stage, TransitionError> {
        self.unlocked()?;
        self.current_stage().ok_or_else(|| self.not_now(action))
    }

    fn not_before_receipt(&self, stage: Stage, on: NaiveDate) -> Result<(), TransitionError> {
        let earliest = self.record(stage).arrived;
        if on < earliest {
            return Err(TransitionError::DateBeforeReceipt { earliest });
        }
        Ok(())
    }

    /// Accept for Stage 1 with a manager as handler. A matter outside the policy's window
    /// needs recorded discretion.
    pub fn accept(
        &mut self,
        handler: &Actor,
        on: NaiveDate,
        eligibility: Eligibility,
        discretion: Option<RecordedReason>,
    ) -> Outcome {
        self.unlocked()?;
        if self.phase != Phase::Received {
            return Err(self.not_now("accept it"));
        }
        if !HANDLER_ROLES.contains(&handler.role) {
            return Err(TransitionError::HandlerNotManager);
        }
        if eligibility.is_out_of_window() && discretion.is_none() {
            return Err(TransitionError::OutOfTimeWithoutDiscretion);
        }
        self.not_before_receipt(Stage::One, on)?;
        self.stage1.owner = Some(handler.id.clone());
        self.remember_stage1(&handler.id);
        self.phase = Phase::Stage1;
        Ok(Event::Accepted {
            on,
            handler: handler.id.clone(),
            discretion,
        })
    }

    /// Hand Stage 1 to another manager while it is in progress. The deadlines do not move:
    /// the customer is owed the same dates whoever answers.
    pub fn change_handler(&mut self, handler: &Actor, reason: RecordedReason) -> Outcome {
        self.unlocked()?;
        if self.phase != Phase::Stage1 {
            return Err(self.not_now("change the handler"));
        }
        if !HANDLER_ROLES.contains(&handler.role) {
            return Err(TransitionError::HandlerNotManager);
        }
        if self.stage1.owner.as_ref() == Some(&handler.id) {
            return Err(TransitionError::AlreadyTheHandler);
        }
        if let Some(previous) = self.stage1.owner.clone() {
            self.remember_stage1(&previous);
        }
        self.stage1.owner = Some(handler.id.clone());
        self.remember_stage1(&handler.id);
        Ok(Event::HandlerChanged {
            handler: handler.id.clone(),
            reason,
        })
    }

    /// Refuse the complaint with a reason code and the explanation the letter will carry.
    pub fn not_accept(
        &mut self,
        on: NaiveDate,
        reason: RefusalReason,
        explanation: RecordedReason,
    ) -> Outcome {
        self.unlocked()?;
        if self.phase != Phase::Received {
            return Err(self.not_now("refuse it"));
        }
        self.phase = Phase::NotAccepted {
            on,
            reason,
            explanation: explanation.clone(),
        };
        Ok(Event::NotAccepted {
            on,
            reason,
            explanation,
        })
    }

    /// A call, visit, email or letter with the customer. The first one meets the contact
    /// deadline.
    pub fn record_contact(&mut self, on: NaiveDate) -> Outcome {
        let stage = self.active_stage("record a contact")?;
        self.not_before_receipt(stage, on)?;
        let record = self.record_mut(stage);
        let first = record.contacted.is_none();
        if first {
            record.contacted = Some(on);
        }
        Ok(Event::ContactRecorded { stage, on, first })
    }

    /// `by` sends the acknowledgement of the stage in progress.
    pub fn acknowledge(&mut self, by: &Actor, on: NaiveDate) -> Outcome {
        let stage = self.stage_for(by, "acknowledge it")?;
        if self.record(stage).acknowledged.is_some() {
            return Err(TransitionError::AlreadyAcknowledged(stage));
        }
        self.not_before_receipt(stage, on)?;
        self.acted(stage, by);
        self.record_mut(stage).acknowledged = Some(on);
        Ok(Event::Acknowledged { stage, on })
    }

    /// The complaint as defined for the stage under way, if it was recorded.
    pub fn definition(&self) -> Option<&str> {
        let stage = self.current_stage()?;
        self.record(stage).definition.as_deref()
    }

    /// Records the complaint as defined for the stage under way (what the acknowledgement
    /// says we understand it to be); the response restates it. A blank one is not kept.
    pub fn define(&mut self, definition: &str) {
        let definition = definition.trim();
        if let Some(stage) = self.current_stage()
            && !definition.is_empty()
        {
            self.record_mut(stage).definition = Some(definition.to_owned());
        }
    }

    /// Move the response date, on or before the date it moves (SPEC section 9: a deadline
    /// that has passed cannot be extended after the event). Within the policy's limit a
    /// reason is enough; beyond it (or under a policy with no limit) the complaints manager
    /// must approve.
    pub fn extend(
        &mut self,
        calendar: &Calendar,
        by: &Actor,
        on: NaiveDate,
        to: NaiveDate,
        reason: RecordedReason,
        approved_by: Option<&Actor>,
    ) -> Outcome {
        let stage = self.stage_for(by, "extend it")?;
        if let Some(approver) = approved_by
            && stage == Stage::Two
            && self.took_part_in_stage1(&approver.id)
        {
            return Err(TransitionError::TookPartInStage1);
        }
        let Some((current, deadlines)) = self.response_due(calendar) else {
            return Err(self.not_now("extend it"));
        };
        // The Code: an extension is agreed while the deadline it moves is still running.
        if on > current {
            return Err(TransitionError::ExtensionAfterDeadline { due: current });
        }
        if to <= current {
            return Err(TransitionError::ExtensionNotLater { current });
        }
        let within_limit = deadlines
            .extension_limit
            .as_ref()
            .is_some_and(|limit| to <= limit.due);
        if let Some(approver) = approved_by
            && approver.role != Role::ComplaintsManager
        {
            return Err(TransitionError::ApproverNotComplaintsManager);
        }
        if !within_limit && approved_by.is_none() {
            let limit = deadlines
                .extension_limit
                .map_or(deadlines.respond.due, |l| l.due);
            return Err(if by.role == Role::ComplaintsManager {
                TransitionError::ExtensionNeedsYourApproval { limit }
            } else {
                TransitionError::ExtensionNeedsApproval { limit }
            });
        }
        let extension = Extension {
            on,
            to,
            reason,
            approved_by: approved_by.filter(|_| !within_limit).map(|a| a.id.clone()),
        };
        self.acted(stage, by);
        if let Some(approver) = approved_by.filter(|_| !within_limit) {
            self.acted(stage, approver);
        }
        self.record_mut(stage).extensions.push(extension.clone());
        Ok(Event::Extended {
            stage,
            extension,
            beyond_limit: !within_limit,
        })
    }
}

mod imported;
mod later;
mod referrals;

pub use imported::ImportedStage;
