//! The step table against the procedure: for cases reached by random sequences of the
//! domain's own transitions, and for every role and relation, the steps offered are exactly
//! the steps [`take`] accepts with a valid answer.

use chrono::{Days, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::access::Authority;
use crate::lifecycle::{Complaint, Compliment, Outcome, PointFinding, Remedy, ServiceRequest};
use crate::money::Money;

use crate::role::Role;

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn reason(text: &str) -> RecordedReason {
    RecordedReason::parse(text).expect("a reason")
}

/// Someone who may come to a case, and how they stand to it.
#[derive(Debug, Clone, Copy)]
enum Persona {
    Customer,
    AnotherResident,
    Representative,
    Officer,
    /// Managers: Mo (the usual handler) and Max.
    Mo,
    Max,
    /// Complaints managers: Chris and Cara.
    Chris,
    Cara,
    Head,
    Panel,
    Admin,
    Board,
}

const EVERYONE: [Persona; 12] = [
    Persona::Customer,
    Persona::AnotherResident,
    Persona::Representative,
    Persona::Officer,
    Persona::Mo,
    Persona::Max,
    Persona::Chris,
    Persona::Cara,
    Persona::Head,
    Persona::Panel,
    Persona::Admin,
    Persona::Board,
];

impl Persona {
    fn actor(self) -> Actor {
        let (id, role) = match self {
            Persona::Customer => ("rita", Role::Resident),
            Persona::AnotherResident => ("other", Role::Resident),
            Persona::Representative => ("rep", Role::Resident),
            Persona::Officer => ("sam", Role::Officer),
            Persona::Mo => ("mo", Role::Manager),
            Persona::Max => ("max", Role::Manager),
            Persona::Chris => ("chris", Role::ComplaintsManager),
            Persona::Cara => ("cara", Role::ComplaintsManager),
            Persona::Head => ("hana", Role::HeadOfService),
            Persona::Panel => ("ian", Role::InvolvedCustomer),
            Persona::Admin => ("ada", Role::Admin),
            Persona::Board => ("bea", Role::BoardMember),
        };
        Actor::new(id, role)
    }

    /// How they stand to `case`, as storage would work it out.
    fn relation(self, case: &Case) -> CaseRelation {
        let id = self.actor().id;
        let complaint = case.as_complaint();
        CaseRelation {
            is_customer: matches!(self, Persona::Customer),
            representative: if matches!(self, Persona::Representative) {
                Authority::Confirmed
            } else {
                Authority::None
            },
            is_handler: case.handler() == Some(&id),
            is_reviewer: case.reviewer() == Some(&id),
            is_invited_panel_member: complaint.and_then(|c| c.stage2()).is_some_and(
                |r| matches!(&r.involvement, Involvement::Invited { member } if *member == id),
            ),
        }
    }
}

fn agreement(on: NaiveDate) -> CustomerAgreement {
    CustomerAgreement {
        agreed_on: on,
        reason: reason("The customer and the manager agree"),
    }
}

fn answer() -> StageResponse {
    StageResponse::new(
        Outcome::PartlyUpheld,
        vec![PointFinding {
            point: "The repair was late".into(),
            finding: "It was booked three weeks late".into(),
            outcome: Outcome::Upheld,
        }],
        vec![
            Remedy::Apology,
            Remedy::Compensation {
                amount: Money::from_pence(5000).expect("money"),
                for_what: None,
            },
        ],
        None,
    )
    .expect("a response")
    .defining("The repair was late")
    .expect("a definition")
}

/// A valid answer for `step` on `case` by `by` today; `None` for the steps that are records
/// only (a note, confirming a representative, stopping the tracking link).
fn valid_input(
    case: &Case,
    step: Step,
    today: NaiveDate,
    calendar: &Calendar,
) -> Option<StepInput> {
    let complaint = case.as_complaint();
    let receipt = Receipt::on_date(today, calendar);
    Some(match step {
        Step::Note | Step::ConfirmRepresentative | Step::RevokeTracking => return None,
        Step::Accept => StepInput::Accept {
            handler: Persona::Mo.actor(),
            on: today,
            eligibility: Eligibility::InWindow { months_ago: 1 },
            discretion: None,
        },
        Step::NotAccept => StepInput::NotAccept {
            on: today,
            reason: RefusalReason::AnotherPolicyFitsBetter,
            explanation: reason("A neighbour dispute goes to the ASB policy"),
        },
        Step::ChangeHandler => StepInput::ChangeHandler {
            handler: if case.handler() == Some(&Persona::Max.actor().id) {
                Persona::Mo.actor()
            } else {
                Persona::Max.actor()
            },
            reason: reason("Annual leave"),
        },
        Step::Contact => StepInput::Contact { on: today },
        Step::Acknowledge => StepInput::Acknowledge {
            on: today,
            definition: Some("The repair was late".into()),
        },
        Step::Extend => {
            let (to, approve) = complaint
                .and_then(|c| c.response_due(calendar))
                .map(|(current, deadlines)| {
                    let to = calendar.add_working_days(current, 1);
                    let within = deadlines.extension_limit.is_some_and(|l| to <= l.due);
                    (to, !within)
                })
                .unwrap_or((today, false));
            StepInput::Extend {
                to,
                reason: reason("Waiting for the surveyor"),
                approve,
            }
        }
        // At Stage 2, the outcome the head of service signed off.
        Step::Respond => StepInput::Respond {
            on: today,
            response: complaint
                .filter(|c| c.current_stage() == Some(Stage::Two))
                .and_then(|c| c.stage2())
                .and_then(|r| r.proposed.clone())
                .unwrap_or_else(answer),
        },
        Step::ProposeOutcome => StepInput::ProposeOutcome { response: answer() },
        Step::RecordReview => StepInput::RecordReview { receipt },
        Step::RefuseReview => StepInput::RefuseReview {
            on: today,
            reason: reason("The request raises a new matter"),
        },
        Step::AssignReviewer => StepInput::AssignReviewer {
            reviewer: [Persona::Chris.actor(), Persona::Cara.actor()]
                .into_iter()
                .find(|cm| {
                    complaint.is_some_and(|c| !c.took_part_in_stage1(&cm.id))
                        && case.reviewer() != Some(&cm.id)
                })
                .unwrap_or_else(|| Actor::new("cm-elsewhere", Role::ComplaintsManager)),
        },
        Step::Invite => StepInput::Invite {
            member: Persona::Panel.actor(),
        },
        Step::SignOff => StepInput::SignOff { on: today },
        Step::Close => StepInput::Close { on: today },
        Step::EscalateEarly => StepInput::EscalateEarly {
            agreement: agreement(today),
            receipt,
        },
        Step::ConcludeEarly => StepInput::ConcludeEarly {
            on: today,
            agreement: agreement(today),
        },
        Step::RemedyDone | Step::RemedyNotDelivered => {
            let index = complaint
                .and_then(|c| {
                    c.remedies()
                        .iter()
                        .position(|r| r.state == RemedyState::Outstanding)
                })
                .unwrap_or(0);
            if step == Step::RemedyDone {
                StepInput::RemedyDone { index, on: today }
            } else {
                StepInput::RemedyNotDelivered {
                    index,
                    on: today,
                    reason: reason("The supplier has stopped trading"),
                }
            }
        }
        Step::Withdraw => StepInput::Withdraw { on: today },
        Step::UndoWithdrawal => StepInput::UndoWithdrawal,
        Step::ReferOmbudsman => StepInput::ReferOmbudsman {
            on: today,
            reference: crate::ombudsman::TheirReference::parse("202500001").unwrap(),
        },
        Step::OmbudsmanStage => StepInput::OmbudsmanStage {
            on: today,
            stage: complaint
                .and_then(|c| c.ombudsman())
                .and_then(|r| r.stage.next_choices().first().copied())
                .unwrap_or(crate::ombudsman::TheirStage::Investigating),
        },
        Step::OmbudsmanDecided => StepInput::OmbudsmanDecided {
            on: today,
            finding: finding(),
        },
        Step::OmbudsmanFinding => StepInput::OmbudsmanFinding { finding: finding() },
        Step::OmbudsmanOrder => StepInput::OmbudsmanOrder {
            order: crate::ombudsman::Order {
                kind: crate::ombudsman::OrderKind::Order,
                what: "Apologise in writing".into(),
                due: calendar.add_working_days(today, 20),
                owner: Persona::Max.actor().id,
                complied: None,
            },
        },
        Step::OrderComplied => {
            let (referral, index) = complaint
                .and_then(|c| c.outstanding_orders().next())
                .map_or((0, 0), |(r, i, _)| (r, i));
            StepInput::OrderComplied {
                referral,
                index,
                on: today,
                evidence: "Letter of apology sent; copy to the Ombudsman".into(),
            }
        }
        Step::Resolve => StepInput::Resolve { on: today },
        Step::Dissatisfied => StepInput::Dissatisfied {
            on: today,
            choice: ComplaintChoice::NoComplaint,
        },
        Step::PassOn => StepInput::PassOn { on: today },
    })
}

fn finding() -> crate::ombudsman::FindingRecord {
    crate::ombudsman::FindingRecord {
        finding: crate::ombudsman::Finding::ServiceFailure,
        about: None,
    }
}

fn circumstances(today: NaiveDate) -> Circumstances {
    Circumstances {
        awaiting_representative: false,
        tracking_live: true,
        today,
    }
}

/// The next deadline as the stage's whole set of deadlines gives it: first contact, then
/// the acknowledgement where the policy asks for one, then the response as any extension
/// moved it.
fn next_of_all_deadlines(case: &Case, calendar: &Calendar) -> Option<crate::deadlines::Deadline> {
    let complaint = case.as_complaint()?;
    let deadlines = complaint.deadlines(calendar)?;
    let record = match deadlines.stage {
        Stage::One => complaint.stage1(),
        Stage::Two => complaint.stage2()?,
    };
    if record.contacted.is_none() {
        return Some(deadlines.contact);
    }
    if record.acknowledged.is_none()
        && let Some(acknowledge) = deadlines.acknowledge
    {
        return Some(acknowledge);
    }
    case.response_deadline(calendar)
}

/// Every persona and every step on `case`: offered exactly when taken. And the next
/// deadline, counted alone for a list's line, is the one the stage's deadlines give.
fn check_table(case: &Case, today: NaiveDate, calendar: &Calendar) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        case.next_deadline(calendar),
        next_of_all_deadlines(case, calendar)
    );
    for persona in EVERYONE {
        let by = persona.actor();
        let relation = persona.relation(case);
        let offered = offered(case, &by, &relation, &circumstances(today), calendar);
        if matches!(persona, Persona::Customer) {
            // The customer's own page follows the same table.
            prop_assert_eq!(
                offered.contains(&Step::RecordReview),
                crate::lifecycle::customer::review(case)
            );
            prop_assert_eq!(
                offered.contains(&Step::Withdraw),
                crate::lifecycle::customer::withdraw(case)
            );
            prop_assert_eq!(
                offered.contains(&Step::UndoWithdrawal),
                crate::lifecycle::customer::take_back_withdrawal(case, today, calendar)
            );
        }
        for step in Step::ALL {
            let Some(input) = valid_input(case, step, today, calendar) else {
                continue;
            };
            let mut tried = case.clone();
            let taken = take(&mut tried, &by, &relation, input, today, calendar);
            prop_assert_eq!(
                offered.contains(&step),
                taken.is_ok(),
                "{:?} ({:?}) on {} case {:?}: offered {:?}, taken {:?}",
                persona,
                step,
                case.phase_code(),
                case,
                offered,
                taken
            );
            if taken.is_err() {
                prop_assert_eq!(&tried, case, "a refused step leaves the case as it was");
            }
            if let Ok(Some(event)) = &taken {
                prop_assert_eq!(
                    letter_for(event).is_some(),
                    step.sends_letter(),
                    "{:?} gave {:?}",
                    step,
                    event
                );
            }
        }
    }
    Ok(())
}

/// A case of the kind `kind` picks, received on Monday 6 January 2025 at 10:00.
fn fresh(kind: u8) -> (Case, NaiveDate) {
    let at = Utc.with_ymd_and_hms(2025, 1, 6, 10, 0, 0).unwrap();
    let receipt = Receipt::new(at, NaiveTime::from_hms_opt(17, 0, 0).unwrap(), &cal());
    let case = match kind % 8 {
        0 => Case::ServiceRequest(ServiceRequest::open()),
        1 => Case::Compliment(Compliment::receive("Sam was kind")),
        2 => Case::Complaint(Box::new(Complaint::receive(
            &crate::policy::POLICY_2020,
            &receipt,
        ))),
        _ => Case::Complaint(Box::new(Complaint::receive(
            &crate::policy::POLICY_2024,
            &receipt,
        ))),
    };
    (case, receipt.london.date())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    /// Walk a case through steps some persona is offered (each must succeed), moving
    /// today on by up to a fortnight between them, and check the whole table at every
    /// state reached.
    #[test]
    fn the_steps_offered_are_exactly_the_steps_the_procedure_accepts(
        kind in any::<u8>(),
        walk in proptest::collection::vec((any::<u16>(), 0u64..12), 0..24),
    ) {
        let calendar = cal();
        let (mut case, mut today) = fresh(kind);
        check_table(&case, today, &calendar)?;
        for (pick, days) in walk {
            today = today + Days::new(days);
            let moves: Vec<(Persona, Step)> = EVERYONE
                .into_iter()
                .flat_map(|persona| {
                    offered(&case, &persona.actor(), &persona.relation(&case), &circumstances(today), &calendar)
                        .into_iter()
                        .filter(|step| valid_input(&case, *step, today, &calendar).is_some())
                        .map(move |step| (persona, step))
                })
                .collect();
            let Some(&(persona, step)) = moves.get(usize::from(pick) % moves.len().max(1)) else {
                break;
            };
            let input = valid_input(&case, step, today, &calendar).expect("a transition");
            let relation = persona.relation(&case);
            let taken = take(&mut case, &persona.actor(), &relation, input, today, &calendar);
            prop_assert!(taken.is_ok(), "{:?} offered {:?} but: {:?}", persona, step, taken);
            check_table(&case, today, &calendar)?;
        }
    }
}

#[test]
fn a_refused_review_sends_its_letter_and_the_other_letters_follow_their_events() {
    let on = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    assert_eq!(
        letter_for(&Event::ReviewRefused {
            on,
            reason: reason("x")
        }),
        Some(LetterKind::ReviewRefused)
    );
    assert_eq!(
        letter_for(&Event::Acknowledged {
            stage: Stage::Two,
            on
        }),
        Some(LetterKind::Stage2Acknowledgement)
    );
    assert_eq!(letter_for(&Event::Closed { on }), None);
}

#[test]
fn the_stage_1_handler_is_offered_nothing_on_the_review() {
    let calendar = cal();
    let (mut case, day0) = fresh(3);
    let today = day0 + Days::new(30);
    let mo = Persona::Mo;
    let chris = Persona::Chris;
    let steps: [(Persona, StepInput); 4] = [
        (
            chris,
            StepInput::Accept {
                handler: mo.actor(),
                on: day0,
                eligibility: Eligibility::InWindow { months_ago: 1 },
                discretion: None,
            },
        ),
        (
            mo,
            StepInput::Acknowledge {
                on: day0,
                definition: None,
            },
        ),
        (
            mo,
            StepInput::Respond {
                on: day0 + Days::new(7),
                response: answer(),
            },
        ),
        (
            Persona::Customer,
            StepInput::RecordReview {
                receipt: Receipt::on_date(today, &calendar),
            },
        ),
    ];
    for (persona, input) in steps {
        let relation = persona.relation(&case);
        take(
            &mut case,
            &persona.actor(),
            &relation,
            input,
            today,
            &calendar,
        )
        .expect("taken");
    }
    let offered_to_mo = offered(
        &case,
        &mo.actor(),
        &mo.relation(&case),
        &circumstances(today),
        &calendar,
    );
    assert!(
        offered_to_mo.iter().all(|s| !s.works_the_review()),
        "{offered_to_mo:?}"
    );
    let relation = mo.relation(&case);
    assert_eq!(
        take(
            &mut case,
            &mo.actor(),
            &relation,
            StepInput::Acknowledge {
                on: today,
                definition: Some("The repair was late".into()),
            },
            today,
            &calendar
        ),
        Err(StepRefused::Transition(TransitionError::TookPartInStage1))
    );
}

#[test]
fn the_acknowledgement_records_the_definition_and_the_response_must_restate_it() {
    let calendar = cal();
    let (mut case, day0) = fresh(3);
    let today = day0 + Days::new(3);
    let mo = Persona::Mo;
    let chris = Persona::Chris;
    let step = |persona: Persona, input: StepInput, case: &mut Case| {
        let relation = persona.relation(case);
        take(case, &persona.actor(), &relation, input, today, &calendar)
    };
    step(
        chris,
        StepInput::Accept {
            handler: mo.actor(),
            on: day0,
            eligibility: Eligibility::InWindow { months_ago: 1 },
            discretion: None,
        },
        &mut case,
    )
    .expect("accepted");
    step(
        mo,
        StepInput::Acknowledge {
            on: day0,
            definition: Some("  The repair was late and nobody called back  ".into()),
        },
        &mut case,
    )
    .expect("acknowledged");
    let Case::Complaint(c) = &case else {
        panic!("a complaint")
    };
    assert_eq!(
        c.stage1().definition.as_deref(),
        Some("The repair was late and nobody called back")
    );
    let without = StageResponse::new(
        Outcome::NotUpheld,
        vec![PointFinding {
            point: "The repair was late".into(),
            finding: "It was on time".into(),
            outcome: Outcome::NotUpheld,
        }],
        Vec::new(),
        None,
    )
    .expect("a response");
    let before = case.clone();
    assert_eq!(
        step(
            mo,
            StepInput::Respond {
                on: today,
                response: without.clone()
            },
            &mut case
        ),
        Err(StepRefused::Transition(TransitionError::Response(
            ResponseError::NoDefinition
        )))
    );
    assert_eq!(case, before, "a refused response changes nothing");
    step(
        mo,
        StepInput::Respond {
            on: today,
            response: without.defining("The repair was late").expect("defined"),
        },
        &mut case,
    )
    .expect("answered");
}

#[test]
fn a_new_closure_day_moves_an_open_cases_deadline_with_a_timeline_entry_and_leaves_a_closed_one() {
    use crate::calendar::ClosureDay;
    use crate::lifecycle::Recount;
    use crate::timeline::TimelineItem;
    // Received Monday 6 January 2025: first contact is due within the week.
    let (case, _) = fresh(3);
    let before = case.next_due(&cal()).expect("a deadline");
    let closed_on = |d: NaiveDate| {
        cal().with_closures([ClosureDay::new(d, "Staff training day").expect("a closure day")])
    };
    let moved = closed_on(before);
    match case.recount(Some(before), &moved, "we closed for staff training") {
        Recount::Moved(TimelineItem::DeadlineRecounted {
            from,
            to,
            why,
            calendar,
        }) => {
            assert_eq!(from, Some(before));
            // The closed day no longer counts: the deadline is the next working day after it.
            assert_eq!(to, Some(moved.add_working_days(before, 1)));
            assert_eq!(why, "we closed for staff training");
            assert_eq!(calendar, moved.version().to_string());
        }
        other => panic!("expected the deadline to move, got {other:?}"),
    }
    let entry = match case.recount(Some(before), &moved, "we closed for staff training") {
        Recount::Moved(item) => item.summary(),
        _ => unreachable!(),
    };
    assert!(
        entry.starts_with("The next deadline moved from "),
        "{entry}"
    );
    assert!(
        entry.ends_with("because we closed for staff training"),
        "{entry}"
    );

    // A closure day after the deadline changes nothing.
    let later = closed_on(before + Days::new(30));
    assert_eq!(case.recount(Some(before), &later, "x"), Recount::Unchanged);
    // A case that is no longer open keeps its dates.
    let mut withdrawn = case.clone();
    let relation = Persona::Customer.relation(&withdrawn);
    take(
        &mut withdrawn,
        &Persona::Customer.actor(),
        &relation,
        StepInput::Withdraw {
            on: before - Days::new(1),
        },
        before,
        &cal(),
    )
    .expect("withdrawn");
    assert_eq!(
        withdrawn.recount(Some(before), &moved, "x"),
        Recount::Closed
    );
}

#[test]
fn what_a_step_says_about_who_reads_its_words_matches_the_timelines_rule() {
    use crate::TimelineItem;
    let reason = RecordedReason::parse("Off sick").unwrap();
    let note = TimelineItem::Note { text: "x".into() };
    assert_eq!(
        Step::Note.text_seen_by_customer(),
        Some(note.customer_visible())
    );
    let handover = TimelineItem::Transition {
        event: Event::HandlerChanged {
            handler: crate::UserId::new("m-2"),
            reason,
        },
        note: None,
    };
    assert_eq!(
        Step::ChangeHandler.text_seen_by_customer(),
        Some(handover.customer_visible())
    );
    let contact = TimelineItem::Transition {
        event: Event::ContactRecorded {
            stage: Stage::One,
            on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            first: true,
        },
        note: Some("Called".into()),
    };
    assert_eq!(
        Step::Contact.text_seen_by_customer(),
        Some(contact.customer_visible())
    );
}
