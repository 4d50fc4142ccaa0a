//! A made-up case for each kind of letter, so an administrator changing the wording sees the
//! letter as a customer would, dated the day they look at it.

use chrono::{Days, NaiveDate};

use super::template::LetterTemplate;
use super::{Letter, LetterContext, LetterError, LetterKind, compose};
use crate::calendar::Calendar;
use crate::eligibility::Eligibility;
use crate::landlord::{Landlord, OmbudsmanContact};
use crate::lifecycle::{
    Actor, Case, Complaint, Outcome, PointFinding, RecordedReason, RefusalReason, Remedy,
    StageResponse,
};
use crate::money::Money;
use crate::policy::POLICY_2024;
use crate::receipt::Receipt;
use crate::role::Role;

fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).expect("the sample's reasons are long enough")
}

fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days)).unwrap_or(day)
}

fn handler() -> Actor {
    Actor::new("sample-handler", Role::Manager)
}

fn reviewer() -> Actor {
    Actor::new("sample-reviewer", Role::ComplaintsManager)
}

fn response(outcome: Outcome, on: NaiveDate) -> StageResponse {
    StageResponse::new(
        outcome,
        vec![PointFinding {
            point: "The repair to the kitchen tap was late".into(),
            finding: "It was booked three weeks after it was reported, when our standard is five working days".into(),
            outcome,
        }],
        vec![
            Remedy::Apology,
            Remedy::Action {
                description: "Replace the kitchen tap".into(),
                due: on.checked_add_days(Days::new(14)).unwrap_or(on),
                owner: crate::lifecycle::UserId::new("sample-handler"),
            },
            Remedy::Compensation {
                amount: Money::from_pence(7500).expect("a small amount"),
                for_what: Some("the delay and the water damage".into()),
            },
        ],
        Some("We now book plumbing repairs on the day they are reported".into()),
    )
    .and_then(|r| r.defining("The kitchen tap leaked for three weeks before it was repaired"))
    .expect("the sample response is complete")
}

/// Received and accepted on `on`.
fn received(on: NaiveDate, calendar: &Calendar) -> Complaint {
    let mut c = Complaint::receive(&POLICY_2024, &Receipt::on_date(on, calendar));
    // The sample is always within the policy's window.
    let _ = c.accept(
        &handler(),
        on,
        Eligibility::InWindow { months_ago: 1 },
        None,
    );
    c
}

fn acknowledged(on: NaiveDate, calendar: &Calendar) -> Complaint {
    let mut c = received(on, calendar);
    let _ = c.acknowledge(&handler(), on);
    c
}

fn responded(on: NaiveDate, calendar: &Calendar) -> Complaint {
    let mut c = acknowledged(days_before(on, 20), calendar);
    let _ = c.respond(&handler(), on, response(Outcome::PartlyUpheld, on));
    c
}

fn in_review(asked: NaiveDate, calendar: &Calendar) -> Complaint {
    let mut c = responded(days_before(asked, 10), calendar);
    let _ = c.request_review(&Receipt::on_date(asked, calendar));
    let _ = c.assign_reviewer(&reviewer());
    c
}

/// The case a sample letter of `kind` dated `today` is written about.
pub fn case(kind: LetterKind, today: NaiveDate, calendar: &Calendar) -> Case {
    let complaint = match kind {
        LetterKind::Acknowledgement => acknowledged(days_before(today, 2), calendar),
        LetterKind::NotAccepted => {
            let mut c = Complaint::receive(
                &POLICY_2024,
                &Receipt::on_date(days_before(today, 3), calendar),
            );
            let _ = c.not_accept(
                today,
                RefusalReason::AnotherPolicyFitsBetter,
                reason("Noise from next door is dealt with under our anti-social behaviour policy"),
            );
            c
        }
        LetterKind::Extension => {
            let mut c = acknowledged(days_before(today, 5), calendar);
            if let Some(due) = c.deadlines(calendar).map(|d| d.respond.due) {
                let _ = c.extend(
                    calendar,
                    &handler(),
                    today,
                    calendar.add_working_days(due, 5),
                    reason("We are waiting for the plumber's report on the cause of the leak"),
                    None,
                );
            }
            c
        }
        LetterKind::Stage1Response => responded(today, calendar),
        LetterKind::Stage2Acknowledgement => {
            let mut c = in_review(days_before(today, 2), calendar);
            let _ = c.acknowledge(&reviewer(), today);
            c
        }
        LetterKind::Stage2Outcome => {
            let mut c = in_review(days_before(today, 20), calendar);
            let _ = c.acknowledge(&reviewer(), days_before(today, 18));
            let _ = c.propose_outcome(&reviewer(), response(Outcome::Upheld, today));
            let _ = c.sign_off(
                &Actor::new("sample-head", Role::HeadOfService),
                days_before(today, 1),
            );
            let _ = c.respond(&reviewer(), today, response(Outcome::Upheld, today));
            c
        }
        LetterKind::RemedyNotDelivered => {
            let mut c = responded(days_before(today, 7), calendar);
            let _ = c.remedy_cannot_be_delivered(
                1,
                today,
                reason("The tap is no longer made and the landlord's supplier has none left"),
            );
            c
        }
        LetterKind::RemedyDone => {
            let mut c = responded(days_before(today, 7), calendar);
            let _ = c.complete_remedy(1, today);
            c
        }
        LetterKind::ReviewRefused => {
            let mut c = responded(days_before(today, 10), calendar);
            let _ = c.request_review(&Receipt::on_date(days_before(today, 1), calendar));
            let _ = c.refuse_review(
                today,
                reason("The review request raises a new matter, which we are treating as a new complaint"),
            );
            c
        }
    };
    Case::Complaint(Box::new(complaint))
}

/// The sample letter of `kind`, dated `today`, in `wording`, from `landlord`.
pub fn letter(
    kind: LetterKind,
    wording: &LetterTemplate,
    today: NaiveDate,
    calendar: &Calendar,
    landlord: &Landlord,
    ombudsman: &OmbudsmanContact,
) -> Result<Letter, LetterError> {
    let ctx = LetterContext {
        reference: "CX-2026-000123".to_owned(),
        remedy: None,
        customer_name: "Alex Sample".to_owned(),
        address: vec![
            "Flat 4, 12 Sample Street".to_owned(),
            "Exampletown".to_owned(),
            "EX1 2MP".to_owned(),
        ],
        issued_on: today,
        signed_by: "Sam Handler, Repairs Manager".to_owned(),
        understanding: Some(
            "Your kitchen tap has leaked since it was reported, and the repair was booked late"
                .to_owned(),
        ),
        customer_words: None,
        outcomes_sought: Some("Fix the tap and pay for the damaged cupboard".to_owned()),
        easy_read: false,
        landlord: landlord.clone(),
        ombudsman: ombudsman.clone(),
        wording: wording.clone(),
    };
    compose(kind, &case(kind, today, calendar), &ctx, calendar)
}
