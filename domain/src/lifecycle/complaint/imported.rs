//! A complaint as another system left it, for imported history (SPEC section 8).
//!
//! The previous system kept dates, not the decisions behind them: no handler, no points or
//! findings, no reasons. Replaying the ordinary transitions would need all of those, so an
//! imported complaint is put together here instead, from its dates and status, by the one
//! rule below. Only [`crate::history`] calls this, and only with a row it has checked
//! (dates in order, Stage 2 only after a review request, a closed complaint answered):
//!
//! - `not_accepted`: not accepted on the day it arrived, the reason "not recorded".
//! - `withdrawn`: withdrawn on the latest date the row records (the arrival date if none).
//! - `closed`: closed by the Stage 2 response if there was a review, otherwise on the day
//!   of the Stage 1 response with no review requested.
//! - `open`: at Stage 2 once a review was requested; answered at Stage 1 once responded;
//!   at Stage 1 once acknowledged or extended; otherwise waiting to be accepted, so it
//!   reaches the complaints manager's triage like any new complaint.
//!
//! Each extension is dated the day of the acknowledgement (or the arrival, without one)
//! and carries the reason "extended in the previous system".

use chrono::NaiveDate;

use super::{ClosedHow, Complaint, Phase, StageRecord};
use crate::lifecycle::Status;
use crate::lifecycle::types::{Extension, RecordedReason, RefusalReason};
use crate::receipt::Receipt;

/// One stage's dates as the previous system recorded them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportedStage {
    pub acknowledged: Option<NaiveDate>,
    pub extended_to: Option<NaiveDate>,
    pub responded: Option<NaiveDate>,
}

impl ImportedStage {
    pub fn is_empty(&self) -> bool {
        self.acknowledged.is_none() && self.extended_to.is_none() && self.responded.is_none()
    }

    fn latest(&self) -> Option<NaiveDate> {
        [self.acknowledged, self.responded]
            .into_iter()
            .flatten()
            .max()
    }
}

const EXTENDED: &str = "Extended in the previous system; the reason was not brought across.";
const NOT_ACCEPTED: &str =
    "Not accepted in the previous system; the reason was not brought across.";

impl Complaint {
    /// See the module's notes. `review` is the review request's receipt with Stage 2's dates.
    pub(crate) fn imported(
        policy: &crate::policy::Policy,
        receipt: &Receipt,
        status: Status,
        stage1: ImportedStage,
        review: Option<(&Receipt, ImportedStage)>,
    ) -> Self {
        let mut complaint = Complaint::receive(policy, receipt);
        fill(&mut complaint.stage1, stage1);
        if let Some((receipt, dates)) = review {
            let mut record = StageRecord::new(receipt);
            fill(&mut record, dates);
            complaint.stage2 = Some(record);
        }
        let arrived = complaint.stage1.arrived;
        complaint.phase = match status {
            Status::NotAccepted => Phase::NotAccepted {
                on: arrived,
                reason: RefusalReason::NotRecorded,
                explanation: reason(NOT_ACCEPTED),
            },
            Status::Withdrawn => Phase::Withdrawn {
                on: [
                    stage1.latest(),
                    review.map(|(r, _)| r.london.date()),
                    review.and_then(|(_, d)| d.latest()),
                ]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(arrived),
                was: None,
            },
            Status::Closed => match review {
                Some((r, dates)) => Phase::Closed {
                    on: dates.responded.unwrap_or(r.london.date()),
                    how: ClosedHow::Stage2Responded,
                },
                None => Phase::Closed {
                    on: stage1.responded.unwrap_or(arrived),
                    how: ClosedHow::NoReviewRequested,
                },
            },
            Status::Open => {
                if review.is_some() {
                    Phase::Stage2
                } else if stage1.responded.is_some() {
                    Phase::Stage1Responded
                } else if stage1.is_empty() {
                    Phase::Received
                } else {
                    Phase::Stage1
                }
            }
        };
        complaint
    }
}

fn fill(record: &mut StageRecord, dates: ImportedStage) {
    record.acknowledged = dates.acknowledged;
    record.responded = dates.responded;
    if let Some(to) = dates.extended_to {
        let on = dates.acknowledged.unwrap_or(record.arrived).min(to);
        record.extensions.push(Extension {
            on,
            to,
            reason: reason(EXTENDED),
            approved_by: None,
        });
    }
}

fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).expect("the fixed reasons are valid")
}
