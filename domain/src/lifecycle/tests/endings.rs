use super::*;
use crate::ombudsman::{Finding, FindingRecord, Order, OrderKind, TheirReference, TheirStage};

#[test]
fn a_stage_1_response_records_the_outcome_and_tracks_its_remedies() {
    let c = responded_at_stage1();
    assert_eq!(c.phase(), &Phase::Stage1Responded);
    assert_eq!(c.stage1().responded, Some(d(2025, 1, 10)));
    assert_eq!(c.remedies().len(), 2);
    assert!(
        c.remedies()
            .iter()
            .all(|r| r.state == RemedyState::Outstanding)
    );
}

#[test]
fn declining_during_the_review_withdraws_the_invitation() {
    let mut c = at_stage2();
    c.invite_involved_customer(&panel()).unwrap();
    c.decline_involvement().unwrap();
    assert_eq!(c.stage2().unwrap().involvement, Involvement::NotInvited);
}

#[test]
fn escalation_straight_to_stage_2_needs_the_customers_agreement_and_a_reason() {
    let mut c = at_stage1();
    let agreement = CustomerAgreement {
        agreed_on: d(2024, 12, 23),
        reason: reason("Customer and manager agree Stage 1 cannot resolve it"),
    };
    let event = c.escalate_early(agreement, &receipt(2024, 12, 23)).unwrap();
    assert!(matches!(event, Event::EscalatedEarly { .. }));
    assert_eq!(c.phase(), &Phase::Stage2);
    assert!(c.stage2().unwrap().escalated_early.is_some());
    let again = CustomerAgreement {
        agreed_on: d(2024, 12, 24),
        reason: reason("again"),
    };
    assert!(matches!(
        c.escalate_early(again, &receipt(2024, 12, 24)),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn the_process_can_be_concluded_early_by_agreement() {
    let mut c = at_stage1();
    let agreement = CustomerAgreement {
        agreed_on: d(2024, 12, 23),
        reason: reason("Resolved on the phone"),
    };
    c.conclude_early(d(2024, 12, 23), agreement).unwrap();
    assert!(matches!(
        c.phase(),
        Phase::Closed {
            how: ClosedHow::ConcludedEarly { .. },
            ..
        }
    ));
}

#[test]
fn the_customer_can_withdraw_from_any_open_phase_but_not_after_the_end() {
    for mut c in [
        Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20)),
        at_stage1(),
        responded_at_stage1(),
        at_stage2(),
    ] {
        assert_eq!(
            c.withdraw(d(2025, 3, 1)),
            Ok(Event::Withdrawn { on: d(2025, 3, 1) })
        );
        assert!(matches!(
            c.withdraw(d(2025, 3, 2)),
            Err(TransitionError::NotNow { .. })
        ));
    }
}

#[test]
fn an_ombudsman_referral_locks_every_ordinary_action_until_their_decision() {
    let mut c = ready_to_answer_stage2();
    c.refer_to_ombudsman(d(2025, 2, 11), their_ref()).unwrap();
    assert!(c.is_locked());
    assert_eq!(
        c.refer_to_ombudsman(d(2025, 2, 12), their_ref()),
        Err(TransitionError::AlreadyReferred)
    );
    let day = d(2025, 2, 12);
    let cm = complaints_manager();
    let results = [
        c.clone().record_contact(day),
        c.clone().acknowledge(&staff_on(&c), day),
        c.clone().extend(
            &cal(),
            &staff_on(&c),
            day,
            d(2025, 4, 1),
            reason("x"),
            Some(&cm),
        ),
        c.clone()
            .respond(&staff_on(&c), day, response(Outcome::Upheld)),
        c.clone()
            .assign_reviewer(&Actor::new("cm-3", Role::ComplaintsManager)),
        c.clone().invite_involved_customer(&panel()),
        c.clone().record_involved_view(&panel(), day),
        c.clone().sign_off(&head(), day),
        c.clone().decline_involvement(),
        c.clone().withdraw(day),
        c.clone().conclude_early(
            day,
            CustomerAgreement {
                agreed_on: day,
                reason: reason("x"),
            },
        ),
        c.clone().complete_remedy(0, day),
        c.clone().remedy_cannot_be_delivered(0, day, reason("x")),
    ];
    for result in results {
        assert_eq!(result, Err(TransitionError::Locked));
    }
    c.record_ombudsman_decision(d(2025, 6, 1), found(Finding::ServiceFailure))
        .unwrap();
    assert!(!c.is_locked());
    assert_eq!(
        c.record_ombudsman_decision(d(2025, 6, 2), found(Finding::NoMaladministration)),
        Err(TransitionError::NotReferred)
    );
    assert!(
        c.respond(&staff_on(&c), day, response(Outcome::Upheld))
            .is_ok()
    );
}

#[test]
fn a_locked_complaint_at_triage_or_after_stage_1_refuses_those_actions_too() {
    let mut received = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    received
        .refer_to_ombudsman(d(2024, 12, 21), their_ref())
        .unwrap();
    assert_eq!(
        received
            .clone()
            .accept(&manager(), d(2024, 12, 23), in_window(), None),
        Err(TransitionError::Locked)
    );
    assert_eq!(
        received.not_accept(d(2024, 12, 23), RefusalReason::OutOfTime, reason("x")),
        Err(TransitionError::Locked)
    );
    let mut answered = responded_at_stage1();
    answered
        .refer_to_ombudsman(d(2025, 1, 20), their_ref())
        .unwrap();
    assert_eq!(
        answered.clone().close(d(2025, 1, 21)),
        Err(TransitionError::Locked)
    );
    assert_eq!(
        answered.clone().request_review(&receipt(2025, 1, 21)),
        Err(TransitionError::Locked)
    );
    assert_eq!(
        answered.refuse_review(d(2025, 1, 21), reason("x")),
        Err(TransitionError::Locked)
    );
}

#[test]
fn remedies_are_tracked_until_done_or_the_customer_is_told_they_cannot_be() {
    let mut c = responded_at_stage1();
    c.complete_remedy(0, d(2025, 1, 12)).unwrap();
    assert_eq!(
        c.complete_remedy(0, d(2025, 1, 13)),
        Err(TransitionError::RemedySettled)
    );
    let event = c
        .remedy_cannot_be_delivered(1, d(2025, 1, 14), reason("Payment system closed"))
        .unwrap();
    assert!(matches!(
        event,
        Event::RemedyCannotBeDelivered { index: 1, .. }
    ));
    assert_eq!(
        c.complete_remedy(7, d(2025, 1, 14)),
        Err(TransitionError::NoSuchRemedy(7))
    );
}

#[test]
fn the_previous_policy_answers_without_an_acknowledgement_step() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2020, &receipt(2023, 6, 5));
    c.accept(&manager(), d(2023, 6, 5), in_window(), None)
        .unwrap();
    assert!(
        c.respond(&staff_on(&c), d(2023, 6, 15), response(Outcome::NotUpheld))
            .is_ok()
    );
}

#[test]
fn the_previous_policy_has_no_extension_limit_so_every_extension_needs_approval() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2020, &receipt(2023, 6, 5));
    c.accept(&manager(), d(2023, 6, 5), in_window(), None)
        .unwrap();
    assert!(matches!(
        c.extend(
            &cal(),
            &staff_on(&c),
            d(2023, 6, 10),
            d(2023, 6, 30),
            reason("x"),
            None
        ),
        Err(TransitionError::ExtensionNeedsApproval { .. })
    ));
}

#[test]
fn dissatisfaction_with_a_service_request_opens_a_linked_complaint_and_the_request_carries_on() {
    let mut sr = ServiceRequest::open();
    assert_eq!(
        sr.record_dissatisfaction(d(2025, 1, 2), ComplaintChoice::MakeComplaint),
        Ok(Event::LinkedComplaintRequested { on: d(2025, 1, 2) })
    );
    assert_eq!(sr.phase(), &ServiceRequestPhase::Open);
    assert_eq!(
        sr.record_dissatisfaction(d(2025, 1, 3), ComplaintChoice::NoComplaint),
        Ok(Event::ComplaintDeclined { on: d(2025, 1, 3) })
    );
    assert_eq!(sr.complaints_offered().len(), 2);
    sr.resolve(d(2025, 1, 4)).unwrap();
    assert!(
        sr.record_dissatisfaction(d(2025, 1, 5), ComplaintChoice::MakeComplaint)
            .is_ok()
    );
    assert!(matches!(
        sr.resolve(d(2025, 1, 6)),
        Err(TransitionError::Finished { .. })
    ));
    assert!(matches!(
        sr.withdraw(d(2025, 1, 6)),
        Err(TransitionError::Finished { .. })
    ));
}

#[test]
fn a_withdrawn_service_request_takes_no_more_dissatisfaction() {
    let mut sr = ServiceRequest::open();
    sr.withdraw(d(2025, 1, 2)).unwrap();
    assert!(matches!(
        sr.record_dissatisfaction(d(2025, 1, 3), ComplaintChoice::MakeComplaint),
        Err(TransitionError::Finished { .. })
    ));
}

#[test]
fn a_compliment_is_passed_on_once() {
    let mut c = Compliment::receive(" The repairs team ");
    assert_eq!(c.about(), "The repairs team");
    c.pass_on(d(2025, 1, 2)).unwrap();
    assert!(matches!(
        c.pass_on(d(2025, 1, 3)),
        Err(TransitionError::Finished { .. })
    ));
}

#[test]
fn a_case_knows_its_kind_and_round_trips_through_json() {
    let case = Case::Complaint(Box::new(ready_to_answer_stage2()));
    assert_eq!(case.kind(), CaseKind::Complaint);
    let json = serde_json::to_string(&case).unwrap();
    assert_eq!(serde_json::from_str::<Case>(&json).unwrap(), case);
    assert_eq!(
        Case::ServiceRequest(ServiceRequest::open()).kind(),
        CaseKind::ServiceRequest
    );
}

/// A case is read in one pass when its kind comes first, as it is always written; one
/// whose kind comes later (a database that reorders keys, a hand-made record) reads the
/// same, and one without a kind, or with a kind that does not exist, is refused.
#[test]
fn a_case_reads_back_whatever_the_place_of_its_kind() {
    let mut passed_on = Compliment::receive("The caretaker");
    passed_on.pass_on(d(2025, 1, 2)).unwrap();
    for case in [
        Case::Complaint(Box::new(ready_to_answer_stage2())),
        Case::ServiceRequest(ServiceRequest::open()),
        Case::Compliment(passed_on),
    ] {
        let text = serde_json::to_string(&case).unwrap();
        assert!(text.starts_with(r#"{"kind":""#), "{text}");
        assert_eq!(serde_json::from_str::<Case>(&text).unwrap(), case);
        // The kind last: every other key first, in their order.
        let serde_json::Value::Object(fields) = serde_json::to_value(&case).unwrap() else {
            panic!("{text}")
        };
        let mut last: Vec<String> = fields
            .iter()
            .filter(|(key, _)| *key != "kind")
            .map(|(key, value)| format!("{}:{value}", serde_json::Value::from(key.as_str())))
            .collect();
        last.push(format!(r#""kind":{}"#, fields["kind"]));
        let reordered = format!("{{{}}}", last.join(","));
        assert_eq!(
            serde_json::from_str::<Case>(&reordered).unwrap(),
            case,
            "{reordered}"
        );
        // Without its kind, or with a kind of its own.
        let without = text.replacen(r#""kind":"#, r#""sort":"#, 1);
        assert!(serde_json::from_str::<Case>(&without).is_err(), "{without}");
        let unknown = text.replacen(r#"{"kind":""#, r#"{"kind":"x"#, 1);
        assert!(serde_json::from_str::<Case>(&unknown).is_err(), "{unknown}");
    }
    assert!(serde_json::from_str::<Case>("{}").is_err());
    assert!(serde_json::from_str::<Case>("[]").is_err());
}

#[test]
fn every_transition_error_is_a_sentence_without_a_full_stop() {
    let errors = [
        TransitionError::Locked,
        TransitionError::NotNow {
            action: "close it",
            phase: Phase::Stage1,
        },
        TransitionError::ReviewerHandledStage1,
        TransitionError::ExtensionNeedsApproval {
            limit: d(2025, 1, 29),
        },
        TransitionError::SignOffRequired,
    ];
    for e in errors {
        let text = e.to_string();
        assert!(text.chars().next().unwrap().is_uppercase(), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }
    assert_eq!(
        TransitionError::NotNow {
            action: "close it",
            phase: Phase::Stage1
        }
        .to_string(),
        "You cannot close it while the case is at Stage 1"
    );
}

#[test]
fn a_withdrawal_can_be_taken_back_for_five_working_days_and_the_case_returns_where_it_was() {
    use crate::lifecycle::customer::{take_back_withdrawal_until, withdrawal_taken_back};
    let cal = cal();
    for before in [at_stage1(), responded_at_stage1(), at_stage2()] {
        let mut case = Case::Complaint(Box::new(before.clone()));
        let Case::Complaint(c) = &mut case else {
            unreachable!()
        };
        // Withdrawn on Thursday 17 April 2025: Good Friday and Easter Monday are not
        // counted, so the five working days to think again end on Monday 28 April.
        c.withdraw(d(2025, 4, 17)).unwrap();
        assert_eq!(
            take_back_withdrawal_until(&case, &cal),
            Some(d(2025, 4, 28))
        );
        assert_eq!(
            withdrawal_taken_back(&mut case.clone(), d(2025, 4, 29), &cal),
            Err(TransitionError::NothingToTakeBack),
            "too late"
        );
        assert_eq!(
            withdrawal_taken_back(&mut case, d(2025, 4, 28), &cal),
            Ok(Event::WithdrawalTakenBack { on: d(2025, 4, 28) })
        );
        assert_eq!(case, Case::Complaint(Box::new(before)), "back where it was");
        assert_eq!(
            withdrawal_taken_back(&mut case, d(2025, 4, 28), &cal),
            Err(TransitionError::NothingToTakeBack),
            "nothing left to take back"
        );
    }
    // A withdrawal kept before the former phase was recorded cannot be taken back here.
    let old: Phase = serde_json::from_str(r#"{"phase":"withdrawn","on":"2025-04-17"}"#).unwrap();
    assert_eq!(
        old,
        Phase::Withdrawn {
            on: d(2025, 4, 17),
            was: None
        }
    );
}

#[test]
fn a_withdrawn_service_request_can_be_opened_again_but_a_resolved_one_cannot() {
    use crate::lifecycle::customer::withdrawal_taken_back;
    let mut case = Case::ServiceRequest(ServiceRequest::open());
    let Case::ServiceRequest(sr) = &mut case else {
        unreachable!()
    };
    sr.withdraw(d(2025, 1, 6)).unwrap();
    withdrawal_taken_back(&mut case, d(2025, 1, 7), &cal()).unwrap();
    assert_eq!(case, Case::ServiceRequest(ServiceRequest::open()));
    let Case::ServiceRequest(sr) = &mut case else {
        unreachable!()
    };
    sr.resolve(d(2025, 1, 8)).unwrap();
    assert_eq!(
        withdrawal_taken_back(&mut case, d(2025, 1, 8), &cal()),
        Err(TransitionError::NothingToTakeBack)
    );
}

#[test]
fn a_no_to_an_involved_customer_can_be_taken_back_while_the_complaint_is_open() {
    use crate::lifecycle::customer::take_back_decline;
    let mut c = at_stage2();
    assert_eq!(
        c.take_back_decline(),
        Err(TransitionError::NothingToTakeBack)
    );
    c.decline_involvement().unwrap();
    assert!(take_back_decline(&Case::Complaint(Box::new(c.clone()))));
    assert_eq!(
        c.take_back_decline(),
        Ok(Event::InvolvementDeclineTakenBack)
    );
    assert!(!c.involvement_declined());
    c.invite_involved_customer(&panel()).unwrap();
    // Once the complaint has ended, the choice no longer matters.
    let mut ended = at_stage2();
    ended.decline_involvement().unwrap();
    ended.withdraw(d(2025, 2, 3)).unwrap();
    assert!(!take_back_decline(&Case::Complaint(Box::new(
        ended.clone()
    ))));
    assert!(matches!(
        ended.take_back_decline(),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn saying_no_to_an_involved_customer_twice_is_refused_and_records_nothing_more() {
    let mut c = at_stage2();
    assert_eq!(c.decline_involvement(), Ok(Event::InvolvementDeclined));
    let before = c.clone();
    assert_eq!(
        c.decline_involvement(),
        Err(TransitionError::InvolvementAlreadyDeclined)
    );
    assert_eq!(c, before);
    c.take_back_decline().unwrap();
    assert_eq!(c.decline_involvement(), Ok(Event::InvolvementDeclined));
}

#[test]
fn the_case_page_says_what_happens_next_and_lists_every_promise_with_its_progress() {
    use crate::lifecycle::customer::{answer, what_happens_next};
    let cal = cal();
    let mut contacted = at_stage1();
    let stage1 = Case::Complaint(Box::new(contacted.clone()));
    assert_eq!(
        what_happens_next(&stage1, &cal),
        "We will contact you to talk about your complaint by Friday 27 December 2024."
    );
    contacted.record_contact(d(2024, 12, 23)).unwrap();
    let stage1 = Case::Complaint(Box::new(contacted));
    assert_eq!(
        what_happens_next(&stage1, &cal),
        format!(
            "We will write to confirm we have your complaint and what we understand it to be by {}.",
            crate::deadlines::long_date(stage1.next_due(&cal).unwrap())
        )
    );
    assert_eq!(answer(&stage1), None);
    let mut answered = responded_at_stage1();
    let case = Case::Complaint(Box::new(answered.clone()));
    assert!(what_happens_next(&case, &cal).contains("ask us to review it"));
    let reply = answer(&case).unwrap();
    assert_eq!((reply.stage, reply.on), (Stage::One, d(2025, 1, 10)));
    assert!(reply.decision().starts_with("We partly upheld"));
    let lines: Vec<_> = reply
        .promises
        .iter()
        .map(|p| (p.what.as_str(), p.progress.as_str(), p.done))
        .collect();
    assert_eq!(
        lines,
        [
            ("Apologise to you", "Not done yet", false),
            ("Pay you £50.00", "Not done yet", false)
        ]
    );
    answered.complete_remedy(1, d(2025, 1, 15)).unwrap();
    let reply = answer(&Case::Complaint(Box::new(answered))).unwrap();
    assert_eq!(
        reply.promises[1].progress,
        "Done on Wednesday 15 January 2025"
    );
    assert!(reply.promises[1].done);
}

fn their_ref() -> TheirReference {
    TheirReference::parse("202512345").unwrap()
}

fn found(finding: Finding) -> FindingRecord {
    FindingRecord {
        finding,
        about: None,
    }
}

fn order(kind: OrderKind, due: NaiveDate) -> Order {
    Order {
        kind,
        what: "Pay the customer £250".into(),
        due,
        owner: UserId::new("7"),
        complied: None,
    }
}

#[test]
fn a_complaint_goes_to_the_ombudsman_again_only_once_they_have_decided_and_keeps_each_referral() {
    let mut c = ready_to_answer_stage2();
    c.refer_to_ombudsman(d(2025, 2, 11), their_ref()).unwrap();
    assert_eq!(
        c.record_ombudsman_stage(d(2025, 2, 10), TheirStage::Investigating),
        Err(TransitionError::OmbudsmanDateTooEarly {
            earliest: d(2025, 2, 11)
        }),
        "a stage is never before the referral"
    );
    c.record_ombudsman_stage(d(2025, 3, 3), TheirStage::Investigating)
        .unwrap();
    assert!(matches!(
        c.record_ombudsman_stage(d(2025, 3, 4), TheirStage::Assessing),
        Err(TransitionError::OmbudsmanStageNotNext { .. })
    ));
    assert_eq!(
        c.add_ombudsman_order(order(OrderKind::Order, d(2025, 7, 1))),
        Err(TransitionError::NotDetermined),
        "orders come with the determination"
    );
    c.record_ombudsman_decision(d(2025, 6, 1), found(Finding::Maladministration))
        .unwrap();
    assert_eq!(c.ombudsman().unwrap().stage, TheirStage::Determined);
    c.add_ombudsman_finding(FindingRecord {
        finding: Finding::ServiceFailure,
        about: Some("Complaint handling".into()),
    })
    .unwrap();
    assert_eq!(
        c.add_ombudsman_order(order(OrderKind::Order, d(2025, 5, 30))),
        Err(TransitionError::OmbudsmanDateTooEarly {
            earliest: d(2025, 6, 1)
        })
    );
    c.add_ombudsman_order(order(OrderKind::Order, d(2025, 7, 1)))
        .unwrap();
    assert!(c.orders_outstanding());

    // Referred again after the decision: the first referral is kept with its findings.
    assert_eq!(
        c.refer_to_ombudsman(d(2025, 5, 1), their_ref()),
        Err(TransitionError::OmbudsmanDateTooEarly {
            earliest: d(2025, 6, 1)
        })
    );
    c.refer_to_ombudsman(d(2025, 8, 1), TheirReference::parse("202598765").unwrap())
        .unwrap();
    assert!(c.is_locked());
    let referrals: Vec<_> = c.referrals().collect();
    assert_eq!(referrals.len(), 2);
    assert_eq!(referrals[0].findings.len(), 2);
    assert_eq!(referrals[1].their_reference.as_deref(), Some("202598765"));

    // The first referral's order may be complied with while the second is open.
    assert_eq!(
        c.comply_with_order(0, 1, d(2025, 8, 2), "Paid".into()),
        Err(TransitionError::NoSuchOrder)
    );
    assert_eq!(
        c.comply_with_order(0, 0, d(2025, 8, 2), "Paid £250 by BACS on 2 August".into()),
        Ok(Event::OmbudsmanOrderComplied {
            referral: 0,
            index: 0,
            on: d(2025, 8, 2)
        })
    );
    assert_eq!(
        c.comply_with_order(0, 0, d(2025, 8, 3), "Paid again".into()),
        Err(TransitionError::OrderAlreadyComplied)
    );
    assert!(!c.orders_outstanding());
    assert!(c.referrals().next().unwrap().orders[0].late(d(2025, 8, 3)));
}
