//! The second half of a complaint's journey: responses, review, Stage 2, endings, the
//! Ombudsman and remedies. Split from `complaint.rs` only to keep files readable.

use chrono::NaiveDate;

use super::{ClosedHow, Complaint, Outcome, Phase, StageRecord};
use crate::lifecycle::Event;
use crate::lifecycle::error::TransitionError;
use crate::lifecycle::types::{
    Actor, CustomerAgreement, Involvement, RecordedReason, RemedyState, StageResponse,
    TrackedRemedy,
};
use crate::policy::Stage;
use crate::receipt::Receipt;
use crate::role::Role;

impl Complaint {
    /// Whether the stage in progress can be answered now: acknowledged first where the
    /// policy has an acknowledgement (not needed when Stage 2 was reached by agreement),
    /// and at Stage 2 with a reviewer and the head of service's sign-off.
    pub fn may_respond(&self) -> bool {
        self.response_blocked().is_none()
    }

    fn response_blocked(&self) -> Option<TransitionError> {
        let stage = match self.active_stage("send a response") {
            Ok(stage) => stage,
            Err(e) => return Some(e),
        };
        if let Some(blocked) = self.outcome_blocked(stage) {
            return Some(blocked);
        }
        // A sign-off is of the outcome written for it: one recorded before outcomes were
        // written for sign-off agreed no words, so the outcome is written and signed off.
        let record = self.record(stage);
        if stage == Stage::Two && (record.signed_off.is_none() || record.proposed.is_none()) {
            return Some(TransitionError::SignOffRequired);
        }
        None
    }

    /// What stops the stage's answer being written (for Stage 2, for sign-off): the
    /// acknowledgement where the policy has one, and at Stage 2 a reviewer.
    fn outcome_blocked(&self, stage: Stage) -> Option<TransitionError> {
        let record = self.record(stage);
        let needs_ack = self.policy.stage(stage).acknowledge.is_some();
        if needs_ack && record.acknowledged.is_none() && record.escalated_early.is_none() {
            return Some(TransitionError::NotAcknowledged(stage));
        }
        if stage == Stage::Two && record.owner.is_none() {
            return Some(TransitionError::NoReviewer);
        }
        None
    }

    /// Whether the reviewer may write the Stage 2 outcome for sign-off now: the review is
    /// acknowledged (or reached by agreement) and has a reviewer. Writing it again, even
    /// after sign-off, is allowed until it is sent; it then needs signing off again.
    pub fn may_propose_outcome(&self) -> bool {
        !self.is_locked()
            && self.phase == Phase::Stage2
            && self.outcome_blocked(Stage::Two).is_none()
    }

    /// The reviewer writes the Stage 2 outcome for the head of service to sign off. Any
    /// earlier sign-off was of other words, so it no longer stands.
    pub fn propose_outcome(&mut self, by: &Actor, response: StageResponse) -> Outcome {
        let stage = self.stage_for(by, "write the outcome for sign-off")?;
        if stage != Stage::Two {
            return Err(self.not_now("write the outcome for sign-off"));
        }
        if let Some(blocked) = self.outcome_blocked(stage) {
            return Err(blocked);
        }
        let outcome = response.outcome();
        let record = self.record_mut(Stage::Two);
        record.proposed = Some(response);
        record.signed_off = None;
        Ok(Event::OutcomeProposed { outcome })
    }

    /// Send the written response. Stage 1 then waits for a possible review; a Stage 2
    /// response closes the complaint and needs a reviewer and the head of service's sign-off.
    pub fn respond(&mut self, by: &Actor, on: NaiveDate, response: StageResponse) -> Outcome {
        let stage = self.stage_for(by, "send a response")?;
        if let Some(blocked) = self.response_blocked() {
            return Err(blocked);
        }
        self.not_before_receipt(stage, on)?;
        if stage == Stage::Two && self.record(stage).proposed.as_ref() != Some(&response) {
            return Err(TransitionError::NotAsSignedOff);
        }
        self.acted(stage, by);
        self.remedies
            .extend(response.remedies().iter().map(|remedy| TrackedRemedy {
                remedy: remedy.clone(),
                state: RemedyState::Outstanding,
            }));
        let outcome = response.outcome();
        let record = self.record_mut(stage);
        record.responded = Some(on);
        record.response = Some(response);
        self.phase = match stage {
            Stage::One => Phase::Stage1Responded,
            Stage::Two => Phase::Closed {
                on,
                how: ClosedHow::Stage2Responded,
            },
        };
        Ok(Event::Responded { stage, on, outcome })
    }

    /// Whether the customer may ask for a review now: once Stage 1 is answered, and still
    /// after the case was closed with no review asked for (SPEC section 9: closing does not
    /// take the right away; only the refusal step can say no). Never while the Ombudsman
    /// has the case.
    pub fn may_request_review(&self) -> bool {
        !self.is_locked()
            && matches!(
                self.phase,
                Phase::Stage1Responded
                    | Phase::Closed {
                        how: ClosedHow::NoReviewRequested,
                        ..
                    }
            )
    }

    /// The customer asks for a review: no reason needed. The request's receipt is Stage 2's
    /// day 0. A case closed after Stage 1 with no review asked for opens again at Stage 2.
    pub fn request_review(&mut self, receipt: &Receipt) -> Outcome {
        self.unlocked()?;
        if !self.may_request_review() {
            return Err(self.not_now("start a review"));
        }
        self.stage2 = Some(StageRecord::new(receipt));
        self.phase = Phase::Stage2;
        Ok(Event::ReviewRequested { day0: receipt.day0 })
    }

    /// Whether a review request may still be refused: it has been received (the case is at
    /// Stage 2) and the review has not begun in earnest, that is nothing has been sent about
    /// it and it was not reached by agreement.
    pub fn may_refuse_review(&self) -> bool {
        !self.is_locked()
            && self.phase == Phase::Stage2
            && self.stage2.as_ref().is_some_and(|r| {
                r.acknowledged.is_none() && r.escalated_early.is_none() && r.responded.is_none()
            })
    }

    /// A review request is refused only with a valid reason, recorded, and a letter giving
    /// it with the Ombudsman's details (SPEC section 9). Refusing ends our process.
    pub fn refuse_review(&mut self, on: NaiveDate, reason: RecordedReason) -> Outcome {
        self.unlocked()?;
        if !self.may_refuse_review() {
            return Err(self.not_now("refuse the review"));
        }
        self.not_before_receipt(Stage::Two, on)?;
        self.phase = Phase::Closed {
            on,
            how: ClosedHow::ReviewRefused {
                reason: reason.clone(),
            },
        };
        Ok(Event::ReviewRefused { on, reason })
    }

    /// Close after Stage 1 when no review has been asked for. The customer keeps the right
    /// to ask: a later request opens the case again at Stage 2.
    pub fn close(&mut self, on: NaiveDate) -> Outcome {
        self.unlocked()?;
        if self.phase != Phase::Stage1Responded {
            return Err(self.not_now("close it"));
        }
        self.phase = Phase::Closed {
            on,
            how: ClosedHow::NoReviewRequested,
        };
        Ok(Event::Closed { on })
    }

    /// Stage 2 is led by a complaints manager who did not handle Stage 1.
    pub fn assign_reviewer(&mut self, reviewer: &Actor) -> Outcome {
        let stage = self.active_stage("assign a reviewer")?;
        if stage != Stage::Two {
            return Err(self.not_now("assign a reviewer"));
        }
        if !super::REVIEWER_ROLES.contains(&reviewer.role) {
            return Err(TransitionError::ReviewerNotComplaintsManager);
        }
        if self.took_part_in_stage1(&reviewer.id) {
            return Err(TransitionError::ReviewerHandledStage1);
        }
        self.record_mut(Stage::Two).owner = Some(reviewer.id.clone());
        Ok(Event::ReviewerAssigned {
            reviewer: reviewer.id.clone(),
        })
    }

    /// The resident does not want an involved customer at their review. Any invitation
    /// already sent is withdrawn. Once the involved customer has given their view it is
    /// part of the review's record, so the choice can no longer be made.
    pub fn decline_involvement(&mut self) -> Outcome {
        self.unlocked()?;
        if !self.phase.is_open() {
            return Err(self.not_now("record that choice"));
        }
        if self.involvement_declined {
            return Err(TransitionError::InvolvementAlreadyDeclined);
        }
        if self
            .stage2
            .as_ref()
            .is_some_and(|r| matches!(r.involvement, Involvement::ViewRecorded { .. }))
        {
            return Err(TransitionError::InvolvedViewAlreadyGiven);
        }
        self.involvement_declined = true;
        if let Some(stage2) = &mut self.stage2 {
            stage2.involvement = Involvement::NotInvited;
        }
        Ok(Event::InvolvementDeclined)
    }

    /// The resident takes back their "no" to an involved customer: one may be invited to
    /// the review again (an invitation withdrawn by the "no" is not restored). Possible
    /// while declining would be.
    pub fn take_back_decline(&mut self) -> Outcome {
        if !self.involvement_declined {
            return Err(TransitionError::NothingToTakeBack);
        }
        self.unlocked()?;
        if !self.phase.is_open() {
            return Err(self.not_now("change that choice"));
        }
        self.involvement_declined = false;
        Ok(Event::InvolvementDeclineTakenBack)
    }

    pub fn invite_involved_customer(&mut self, member: &Actor) -> Outcome {
        let stage = self.active_stage("invite an involved customer")?;
        if stage != Stage::Two {
            return Err(self.not_now("invite an involved customer"));
        }
        if self.involvement_declined {
            return Err(TransitionError::ResidentDeclinedInvolvement);
        }
        if !super::PANEL_ROLES.contains(&member.role) {
            return Err(TransitionError::NotAnInvolvedCustomer);
        }
        let record = self.record_mut(Stage::Two);
        if record.involvement != Involvement::NotInvited {
            return Err(TransitionError::AlreadyInvited);
        }
        record.involvement = Involvement::Invited {
            member: member.id.clone(),
        };
        Ok(Event::InvolvedCustomerInvited {
            member: member.id.clone(),
        })
    }

    pub fn record_involved_view(&mut self, by: &Actor, on: NaiveDate) -> Outcome {
        let stage = self.active_stage("record an involved customer’s view")?;
        if stage != Stage::Two {
            return Err(self.not_now("record an involved customer’s view"));
        }
        let record = self.record_mut(Stage::Two);
        match &record.involvement {
            Involvement::Invited { member } if *member == by.id => {
                record.involvement = Involvement::ViewRecorded {
                    member: by.id.clone(),
                    on,
                };
                Ok(Event::InvolvedViewRecorded {
                    member: by.id.clone(),
                    on,
                })
            }
            _ => Err(TransitionError::NotTheInvitedMember),
        }
    }

    /// The invited involved customer cannot take part after all: they turned the invitation
    /// down. The review carries on without them, and another panel member may be invited.
    pub fn involved_customer_declined(&mut self, by: &Actor) -> Outcome {
        let stage = self.active_stage("decline the invitation")?;
        if stage != Stage::Two {
            return Err(self.not_now("decline the invitation"));
        }
        let record = self.record_mut(Stage::Two);
        match &record.involvement {
            Involvement::Invited { member } if *member == by.id => {
                record.involvement = Involvement::NotInvited;
                Ok(Event::InvolvedCustomerDeclined {
                    member: by.id.clone(),
                })
            }
            _ => Err(TransitionError::NotTheInvitedMember),
        }
    }

    /// The head of service (or a director) agrees the Stage 2 outcome.
    pub fn sign_off(&mut self, by: &Actor, on: NaiveDate) -> Outcome {
        let stage = self.active_stage("sign off the outcome")?;
        if stage != Stage::Two {
            return Err(self.not_now("sign off the outcome"));
        }
        if by.role != Role::HeadOfService {
            return Err(TransitionError::NotHeadOfService);
        }
        if self.record(Stage::Two).owner.is_none() {
            return Err(TransitionError::NoReviewer);
        }
        if self.record(Stage::Two).signed_off.is_some() {
            return Err(self.not_now("sign it off again"));
        }
        if self.record(Stage::Two).proposed.is_none() {
            return Err(TransitionError::NothingToSignOff);
        }
        self.record_mut(Stage::Two).signed_off = Some((by.id.clone(), on));
        Ok(Event::SignedOff {
            by: by.id.clone(),
            on,
        })
    }

    /// Straight to Stage 2, agreed with the customer, with the reason recorded. Possible
    /// from triage or during Stage 1.
    pub fn escalate_early(&mut self, agreement: CustomerAgreement, receipt: &Receipt) -> Outcome {
        self.unlocked()?;
        // Accepted first: Stage 1 has a handler who agrees it with the customer.
        if self.phase != Phase::Stage1 {
            return Err(self.not_now("escalate it to Stage 2"));
        }
        let mut stage2 = StageRecord::new(receipt);
        stage2.escalated_early = Some(agreement.clone());
        self.stage2 = Some(stage2);
        self.phase = Phase::Stage2;
        Ok(Event::EscalatedEarly {
            agreement,
            day0: receipt.day0,
        })
    }

    /// End the internal process early, agreed with the customer, with the reason recorded.
    pub fn conclude_early(&mut self, on: NaiveDate, agreement: CustomerAgreement) -> Outcome {
        self.active_stage("end the process early")?;
        self.phase = Phase::Closed {
            on,
            how: ClosedHow::ConcludedEarly {
                agreement: agreement.clone(),
            },
        };
        Ok(Event::ConcludedEarly { on, agreement })
    }

    /// The customer withdraws; possible from any open phase.
    pub fn withdraw(&mut self, on: NaiveDate) -> Outcome {
        self.unlocked()?;
        if !self.phase.is_open() {
            return Err(self.not_now("withdraw it"));
        }
        let was = Some(Box::new(self.phase.clone()));
        self.phase = Phase::Withdrawn { on, was };
        Ok(Event::Withdrawn { on })
    }

    /// The customer takes back their withdrawal: the complaint returns to where it was,
    /// its deadlines counted as before (the clock did not stop). Whether it is still time
    /// to is [`super::super::customer::take_back_withdrawal`]'s rule, checked by
    /// [`crate::Case::take_back_withdrawal`].
    pub(crate) fn take_back_withdrawal(&mut self, on: NaiveDate) -> Outcome {
        match &self.phase {
            Phase::Withdrawn { was: Some(was), .. } => {
                self.phase = (**was).clone();
                Ok(Event::WithdrawalTakenBack { on })
            }
            _ => Err(TransitionError::NothingToTakeBack),
        }
    }

    fn open_remedy(&mut self, index: usize) -> Result<&mut TrackedRemedy, TransitionError> {
        self.unlocked()?;
        let remedy = self
            .remedies
            .get_mut(index)
            .ok_or(TransitionError::NoSuchRemedy(index))?;
        if remedy.state != RemedyState::Outstanding {
            return Err(TransitionError::RemedySettled);
        }
        Ok(remedy)
    }

    pub fn complete_remedy(&mut self, index: usize, on: NaiveDate) -> Outcome {
        self.open_remedy(index)?.state = RemedyState::Done { on };
        Ok(Event::RemedyDone { index, on })
    }

    /// A remedy that cannot be delivered: the customer must be told, and reminded of the
    /// Ombudsman (the event says so; the server sends the letter).
    pub fn remedy_cannot_be_delivered(
        &mut self,
        index: usize,
        on: NaiveDate,
        reason: RecordedReason,
    ) -> Outcome {
        self.open_remedy(index)?.state = RemedyState::CannotBeDelivered {
            on,
            reason: reason.clone(),
        };
        Ok(Event::RemedyCannotBeDelivered { index, on, reason })
    }
}
