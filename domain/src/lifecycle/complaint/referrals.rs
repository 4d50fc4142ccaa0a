//! The Housing Ombudsman's casework on a complaint ([`crate::ombudsman`] has the rules):
//! referrals, the stages of their process, their determination, and compliance with what
//! they ordered.

use chrono::NaiveDate;

use super::{Complaint, Outcome, Phase};
use crate::lifecycle::Event;
use crate::lifecycle::error::TransitionError;
use crate::ombudsman::{
    Compliance, FindingRecord, OmbudsmanReferral, Order, TheirReference, TheirStage,
};

impl Complaint {
    /// The Ombudsman is looking at the complaint: the case is locked to ordinary actions
    /// until their decision is recorded. Refused while an earlier referral is undecided.
    pub fn refer_to_ombudsman(&mut self, on: NaiveDate, reference: TheirReference) -> Outcome {
        if self.is_locked() {
            return Err(TransitionError::AlreadyReferred);
        }
        if matches!(self.phase, Phase::Withdrawn { .. }) {
            return Err(self.not_now("refer it to the Ombudsman"));
        }
        if let Some(decided) = self.ombudsman.as_ref().and_then(|r| r.decided_on)
            && on < decided
        {
            return Err(TransitionError::OmbudsmanDateTooEarly { earliest: decided });
        }
        let their_reference = reference.as_str().to_owned();
        if let Some(earlier) = self
            .ombudsman
            .replace(OmbudsmanReferral::new(on, reference))
        {
            self.earlier_referrals.push(earlier);
        }
        Ok(Event::ReferredToOmbudsman {
            on,
            their_reference: Some(their_reference),
        })
    }

    /// A stage of the Ombudsman's process reached on the latest referral, one of
    /// [`TheirStage::next_choices`] of where it stands.
    pub fn record_ombudsman_stage(&mut self, on: NaiveDate, stage: TheirStage) -> Outcome {
        let referral = self
            .ombudsman
            .as_mut()
            .ok_or(TransitionError::NotReferred)?;
        if !referral.stage.next_choices().contains(&stage) {
            return Err(TransitionError::OmbudsmanStageNotNext {
                from: referral.stage.label(),
            });
        }
        let earliest = referral.since();
        if on < earliest {
            return Err(TransitionError::OmbudsmanDateTooEarly { earliest });
        }
        referral.stage = stage;
        Ok(Event::OmbudsmanStageReached { on, stage })
    }

    /// The Ombudsman has decided, with their finding on the complaint (or its first
    /// element): ordinary actions (such as delivering what they ordered) are possible again.
    pub fn record_ombudsman_decision(&mut self, on: NaiveDate, finding: FindingRecord) -> Outcome {
        match &mut self.ombudsman {
            Some(referral) if referral.decided_on.is_none() => {
                if on < referral.referred_on {
                    return Err(TransitionError::OmbudsmanDateTooEarly {
                        earliest: referral.referred_on,
                    });
                }
                referral.decided_on = Some(on);
                referral.stage = TheirStage::Determined;
                let kind = finding.finding;
                referral.findings.push(finding);
                Ok(Event::OmbudsmanDecided {
                    on,
                    finding: Some(kind),
                })
            }
            _ => Err(TransitionError::NotReferred),
        }
    }

    /// The latest referral, once the Ombudsman has decided on it.
    fn determined(&mut self) -> Result<&mut OmbudsmanReferral, TransitionError> {
        self.ombudsman
            .as_mut()
            .filter(|r| r.decided_on.is_some())
            .ok_or(TransitionError::NotDetermined)
    }

    /// The Ombudsman's finding on another element of the complaint, in their latest
    /// determination.
    pub fn add_ombudsman_finding(&mut self, finding: FindingRecord) -> Outcome {
        let referral = self.determined()?;
        let kind = finding.finding;
        referral.findings.push(finding);
        Ok(Event::OmbudsmanFindingAdded { finding: kind })
    }

    /// An order or recommendation in the latest determination, due no earlier than it.
    pub fn add_ombudsman_order(&mut self, order: Order) -> Outcome {
        let referral = self.determined()?;
        let decided = referral.since();
        if order.due < decided {
            return Err(TransitionError::OmbudsmanDateTooEarly { earliest: decided });
        }
        let (kind, due) = (order.kind, order.due);
        referral.orders.push(order);
        Ok(Event::OmbudsmanOrderMade { kind, due })
    }

    /// Whether any order or recommendation of any referral is still to be complied with.
    pub fn orders_outstanding(&self) -> bool {
        self.outstanding_orders().next().is_some()
    }

    /// The orders and recommendations still to be complied with, each with its referral's
    /// place and its own (what the compliance step names), oldest referral first.
    pub fn outstanding_orders(&self) -> impl Iterator<Item = (usize, usize, &Order)> {
        self.referrals().enumerate().flat_map(|(r, referral)| {
            referral
                .orders
                .iter()
                .enumerate()
                .filter(|(_, o)| o.complied.is_none())
                .map(move |(i, o)| (r, i, o))
        })
    }

    /// Compliance with the `index`th order of the `referral`th referral (both from 0,
    /// oldest first), with the evidence sent to the Ombudsman. Recorded once; possible
    /// while a later referral is open, as it is about an earlier decision.
    pub fn comply_with_order(
        &mut self,
        referral: usize,
        index: usize,
        on: NaiveDate,
        evidence: String,
    ) -> Outcome {
        let earlier = self.earlier_referrals.len();
        let found = if referral < earlier {
            self.earlier_referrals.get_mut(referral)
        } else if referral == earlier {
            self.ombudsman.as_mut()
        } else {
            None
        };
        let Some(found) = found else {
            return Err(TransitionError::NoSuchOrder);
        };
        let decided = found.since();
        let order = found
            .orders
            .get_mut(index)
            .ok_or(TransitionError::NoSuchOrder)?;
        if order.complied.is_some() {
            return Err(TransitionError::OrderAlreadyComplied);
        }
        if on < decided {
            return Err(TransitionError::OmbudsmanDateTooEarly { earliest: decided });
        }
        order.complied = Some(Compliance { on, evidence });
        Ok(Event::OmbudsmanOrderComplied {
            referral,
            index,
            on,
        })
    }
}
