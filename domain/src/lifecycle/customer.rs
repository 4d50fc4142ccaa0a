//! What the customer (or someone confirmed to act for them) may do on their own case, by
//! the case's state: ask for a review, withdraw, decline an involved customer's help, name a
//! representative, add information; and when their page tells them of the Ombudsman. Their
//! permission is [`crate::access`]'s; asking for a review and withdrawing are also steps of
//! the step table ([`super::steps`]), which a test holds to these rules.

use chrono::NaiveDate;

use super::{
    Case, ClosedHow, Complaint, Event, Involvement, Outcome, Phase, Remedy, RemedyState,
    ServiceRequestPhase, Status, TransitionError,
};
use crate::calendar::Calendar;
use crate::deadlines::{Step as DeadlineStep, long_date};
use crate::policy::Stage;

/// How many working days after withdrawing the customer may take the withdrawal back on
/// their case page (our rule: nothing follows a withdrawal but our letter confirming it, so
/// a week to think again; after that they contact us, and we open a new case).
pub const TAKE_BACK_WORKING_DAYS: u32 = 5;

/// The most characters of information the customer adds in one entry.
pub const INFORMATION_MAX_CHARS: usize = 5000;
/// The most characters of a representative's name, relationship or contact details.
pub const REPRESENTATIVE_MAX_CHARS: usize = 200;
/// The most characters of a reason for withdrawing (the limit for any recorded reason).
pub const REASON_MAX_CHARS: usize = super::RecordedReason::MAX_CHARS;

fn open_complaint(case: &Case) -> Option<&Complaint> {
    case.as_complaint()
        .filter(|c| c.phase().is_open() && !c.is_locked())
}

/// A review can be asked for once Stage 1 has been answered, closed or not (the
/// domain's rule).
pub fn review(case: &Case) -> bool {
    case.as_complaint()
        .is_some_and(Complaint::may_request_review)
}

/// An open complaint or service request can be withdrawn.
pub fn withdraw(case: &Case) -> bool {
    match case {
        Case::ServiceRequest(sr) => *sr.phase() == ServiceRequestPhase::Open,
        Case::Complaint(_) => open_complaint(case).is_some(),
        Case::Compliment(_) => false,
    }
}

/// Involvement can be declined at Stage 2 or before, once, until the involved customer
/// has given their view.
pub fn decline_involvement(case: &Case) -> bool {
    open_complaint(case).is_some_and(|c| {
        !c.involvement_declined()
            && !c
                .stage2()
                .is_some_and(|r| matches!(r.involvement, Involvement::ViewRecorded { .. }))
    })
}

/// An involved customer has been invited to the review (or has given their view) and the
/// resident has not declined.
pub fn involved_customer_taking_part(case: &Case) -> bool {
    case.as_complaint().is_some_and(|c| {
        !c.involvement_declined()
            && c.stage2().is_some_and(|r| {
                matches!(
                    r.involvement,
                    Involvement::Invited { .. } | Involvement::ViewRecorded { .. }
                )
            })
    })
}

fn withdrawn(case: &Case) -> bool {
    match case {
        Case::ServiceRequest(sr) => matches!(sr.phase(), ServiceRequestPhase::Withdrawn { .. }),
        Case::Complaint(c) => matches!(c.phase(), Phase::Withdrawn { .. }),
        Case::Compliment(_) => false,
    }
}

pub fn name_representative(case: &Case) -> bool {
    !matches!(case, Case::Compliment(_)) && !withdrawn(case)
}

/// Information may be added while the case is open, or while the Housing Ombudsman is
/// looking into it (it may matter to them). A closed case offers other ways to reach us.
pub fn add_information(case: &Case) -> bool {
    case.status() == Status::Open || case.as_complaint().is_some_and(Complaint::is_locked)
}

/// The last day the customer may take back their withdrawal, if they still can: a
/// complaint or service request withdrawn with its former state known, up to
/// [`TAKE_BACK_WORKING_DAYS`] working days after the withdrawal.
pub fn take_back_withdrawal_until(case: &Case, calendar: &Calendar) -> Option<NaiveDate> {
    let on = match case {
        Case::ServiceRequest(sr) => match sr.phase() {
            ServiceRequestPhase::Withdrawn { on } => *on,
            _ => return None,
        },
        Case::Complaint(c) => match c.phase() {
            Phase::Withdrawn { on, was: Some(_) } if !c.is_locked() => *on,
            _ => return None,
        },
        Case::Compliment(_) => return None,
    };
    Some(calendar.add_working_days(on, TAKE_BACK_WORKING_DAYS))
}

/// Whether the customer may take back their withdrawal on `today`.
pub fn take_back_withdrawal(case: &Case, today: NaiveDate, calendar: &Calendar) -> bool {
    take_back_withdrawal_until(case, calendar).is_some_and(|until| today <= until)
}

/// Takes back the customer's withdrawal, if [`take_back_withdrawal`] allows it today.
pub fn withdrawal_taken_back(
    case: &mut Case,
    today: NaiveDate,
    calendar: &Calendar,
) -> Result<Event, TransitionError> {
    if !take_back_withdrawal(case, today, calendar) {
        return Err(TransitionError::NothingToTakeBack);
    }
    match case {
        Case::ServiceRequest(sr) => sr.take_back_withdrawal(today),
        Case::Complaint(c) => c.take_back_withdrawal(today),
        Case::Compliment(_) => Err(TransitionError::NothingToTakeBack),
    }
}

/// The resident said no to an involved customer and may still change their mind: while
/// the complaint is open and not with the Ombudsman.
pub fn take_back_decline(case: &Case) -> bool {
    open_complaint(case).is_some_and(Complaint::involvement_declined)
}

/// What happens next on the case, in a sentence for the customer, with the date we owe
/// it by where there is one.
pub fn what_happens_next(case: &Case, calendar: &Calendar) -> String {
    match case {
        Case::ServiceRequest(sr) => match sr.phase() {
            ServiceRequestPhase::Open => {
                "We are dealing with your request. We will contact you if we need anything from you.".to_owned()
            }
            ServiceRequestPhase::Resolved { on } => format!(
                "We dealt with your request on {}. If you are not happy with how we dealt with it, contact us: we will offer to take it as a complaint.",
                long_date(*on)
            ),
            ServiceRequestPhase::Withdrawn { on } => {
                format!("You withdrew this request on {}. We have stopped work on it.", long_date(*on))
            }
        },
        Case::Compliment(c) => match c.passed_on() {
            None => "Thank you. We will pass your compliment on to the person or team you named.".to_owned(),
            Some(on) => format!("We passed your compliment on on {}. Thank you for taking the time to tell us.", long_date(on)),
        },
        Case::Complaint(c) if c.is_locked() => {
            "The Housing Ombudsman is looking into your complaint. We will do what they decide, and tell you.".to_owned()
        }
        Case::Complaint(c) => complaint_next(case, c, calendar),
    }
}

fn complaint_next(case: &Case, c: &Complaint, calendar: &Calendar) -> String {
    let due = |text: &str| match case.next_deadline(calendar) {
        Some(deadline) => format!("{text} by {}.", long_date(deadline.due)),
        None => format!("{text}."),
    };
    let next_step = || match case.next_deadline(calendar).map(|d| d.step) {
        Some(DeadlineStep::Contact) => due("We will contact you to talk about your complaint"),
        Some(DeadlineStep::Acknowledge) => {
            due("We will write to confirm we have your complaint and what we understand it to be")
        }
        _ if c.current_stage() == Some(Stage::Two) => {
            due("We will send you the outcome of the review")
        }
        _ => due("We will send you our answer"),
    };
    match c.phase() {
        Phase::Received => due("We are checking your complaint. We will contact you"),
        Phase::Stage1 | Phase::Stage2 => next_step(),
        Phase::Stage1Responded => {
            "We have answered your complaint. If you are not happy with our answer, you can ask us to review it.".to_owned()
        }
        Phase::NotAccepted { on, .. } => format!(
            "On {} we decided not to take this forward as a complaint, and wrote to explain why. If you disagree, you can go to the Housing Ombudsman.",
            long_date(*on)
        ),
        Phase::Closed {
            how: ClosedHow::NoReviewRequested,
            ..
        } => "We have closed your complaint after our answer. You can still ask us to review it.".to_owned(),
        Phase::Closed { on, .. } => format!(
            "Our complaints process finished on {}. If you are still unhappy, you can go to the Housing Ombudsman.",
            long_date(*on)
        ),
        Phase::Withdrawn { on, .. } => format!(
            "You withdrew this complaint on {}. We have stopped work on it.",
            long_date(*on)
        ),
    }
}

/// Our latest written answer to a complaint, as the customer reads it on their case page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAnswer {
    pub stage: Stage,
    pub on: NaiveDate,
    pub outcome: Outcome,
    /// Everything we promised to put things right (at either stage), with its progress.
    pub promises: Vec<Promise>,
}

/// One thing we promised, and how far we have got with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    pub what: String,
    pub progress: String,
    pub done: bool,
}

impl CustomerAnswer {
    /// The decision in words: "We upheld your complaint".
    pub fn decision(&self) -> &'static str {
        match self.outcome {
            Outcome::Upheld => "We upheld your complaint: we agree we got things wrong",
            Outcome::PartlyUpheld => {
                "We partly upheld your complaint: we agree we got some things wrong"
            }
            Outcome::NotUpheld => {
                "We did not uphold your complaint: we do not think we got things wrong"
            }
        }
    }
}

/// The latest stage's answer and every promise with its progress; `None` before we answer.
pub fn answer(case: &Case) -> Option<CustomerAnswer> {
    let c = case.as_complaint()?;
    let (stage, record) = match c.stage2() {
        Some(r) if r.response.is_some() => (Stage::Two, r),
        _ => (Stage::One, c.stage1()),
    };
    let response = record.response.as_ref()?;
    let promises = c
        .remedies()
        .iter()
        .map(|tracked| {
            let (progress, done) = match &tracked.state {
                RemedyState::Done { on } => (format!("Done on {}", long_date(*on)), true),
                RemedyState::CannotBeDelivered { on, reason } => (
                    format!(
                        "We could not do this ({}): we wrote to you on {}",
                        reason.as_str(),
                        long_date(*on)
                    ),
                    true,
                ),
                RemedyState::Outstanding => match &tracked.remedy {
                    Remedy::Action { due, .. } => {
                        (format!("Not done yet: due by {}", long_date(*due)), false)
                    }
                    _ => ("Not done yet".to_owned(), false),
                },
            };
            Promise {
                what: crate::letters::promise_words(&tracked.remedy),
                progress,
                done,
            }
        })
        .collect();
    Some(CustomerAnswer {
        stage,
        on: record.responded?,
        outcome: response.outcome(),
        promises,
    })
}

/// The customer is told of their right to go to the Housing Ombudsman once a complaint
/// has been answered at either stage, not accepted, extended, or has ended.
pub fn ombudsman_details(case: &Case) -> bool {
    case.as_complaint().is_some_and(|c| {
        let extended = std::iter::once(c.stage1())
            .chain(c.stage2())
            .any(|r| !r.extensions.is_empty());
        let answered =
            c.stage1().responded.is_some() || c.stage2().is_some_and(|r| r.responded.is_some());
        answered
            || extended
            || c.ombudsman().is_some()
            || matches!(c.phase(), Phase::NotAccepted { .. } | Phase::Closed { .. })
    })
}
