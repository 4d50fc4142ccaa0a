use super::*;

#[test]
fn after_stage_1_the_case_can_close_while_no_review_is_asked_for() {
    let mut c = responded_at_stage1();
    assert_eq!(
        c.close(d(2025, 2, 1)),
        Ok(Event::Closed { on: d(2025, 2, 1) })
    );
    assert!(matches!(
        c.phase(),
        Phase::Closed {
            how: ClosedHow::NoReviewRequested,
            ..
        }
    ));
    assert!(matches!(
        c.close(d(2025, 2, 2)),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn a_review_needs_no_reason_and_counts_from_its_own_receipt() {
    let c = at_stage2();
    assert_eq!(c.phase(), &Phase::Stage2);
    assert_eq!(c.stage2().unwrap().day0, d(2025, 1, 20));
    let deadlines = c.deadlines(&cal()).unwrap();
    assert_eq!(deadlines.stage, Stage::Two);
    assert_eq!(deadlines.acknowledge.unwrap().due, d(2025, 1, 27));
}

#[test]
fn a_review_request_is_refused_only_with_a_recorded_reason_once_it_is_made() {
    // Nothing to refuse before the customer asks.
    assert!(matches!(
        responded_at_stage1().refuse_review(d(2025, 1, 20), reason("x")),
        Err(TransitionError::NotNow { .. })
    ));
    let mut c = at_stage2();
    assert!(c.may_refuse_review());
    assert!(RecordedReason::parse("   ").is_err());
    let event = c
        .refuse_review(d(2025, 1, 21), reason("Asked after a year"))
        .unwrap();
    assert!(matches!(event, Event::ReviewRefused { .. }));
    assert!(matches!(
        c.phase(),
        Phase::Closed {
            how: ClosedHow::ReviewRefused { .. },
            ..
        }
    ));
    // A refused review stays refused: the customer's route now is the Ombudsman.
    assert!(!c.may_request_review());
}

#[test]
fn a_review_under_way_is_not_refused() {
    let mut c = at_stage2();
    c.assign_reviewer(&complaints_manager()).unwrap();
    c.acknowledge(&staff_on(&c), d(2025, 1, 22)).unwrap();
    assert!(!c.may_refuse_review());
    assert!(matches!(
        c.refuse_review(d(2025, 1, 23), reason("x")),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn closing_after_stage_1_leaves_the_customer_free_to_ask_for_a_review() {
    let mut c = responded_at_stage1();
    c.close(d(2025, 1, 13)).unwrap();
    assert_eq!(
        Case::Complaint(Box::new(c.clone())).plain_status(),
        "Closed: you can still ask for a review"
    );
    assert!(c.may_request_review());
    let event = c.request_review(&receipt(2025, 2, 3)).unwrap();
    assert!(matches!(event, Event::ReviewRequested { .. }));
    assert_eq!(c.phase(), &Phase::Stage2);
    assert_eq!(c.stage2().unwrap().day0, d(2025, 2, 3));
    assert!(!c.may_request_review(), "asked once");
}

#[test]
fn a_review_cannot_be_requested_before_stage_1_is_answered() {
    let mut c = at_stage1();
    assert!(matches!(
        c.request_review(&receipt(2025, 1, 20)),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn nobody_who_took_part_in_stage_1_reviews_it_even_after_a_handover() {
    let cm3 = Actor::new("cm-3", Role::ComplaintsManager);
    let cm4 = Actor::new("cm-4", Role::ComplaintsManager);
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    // cm-3 handles Stage 1 at first, then hands it to a manager.
    c.accept(&cm3, d(2024, 12, 20), in_window(), None).unwrap();
    c.change_handler(&manager(), reason("Annual leave"))
        .unwrap();
    // cm-4 acknowledges it for the manager (a complaints manager may act on any case).
    c.acknowledge(&cm4, d(2024, 12, 23)).unwrap();
    c.respond(&manager(), d(2025, 1, 6), response(Outcome::NotUpheld))
        .unwrap();
    c.request_review(&receipt(2025, 1, 20)).unwrap();
    for person in [&cm3, &cm4] {
        assert!(c.took_part_in_stage1(&person.id));
        assert_eq!(
            c.clone().assign_reviewer(person),
            Err(TransitionError::ReviewerHandledStage1)
        );
        // Nor any Stage 2 step, reviewer or not.
        assert_eq!(
            c.clone().acknowledge(person, d(2025, 1, 21)),
            Err(TransitionError::TookPartInStage1)
        );
    }
    assert_eq!(
        c.clone().acknowledge(&manager(), d(2025, 1, 21)),
        Err(TransitionError::TookPartInStage1),
        "the Stage 1 handler keeps no Stage 2 step"
    );
    let reviewer = complaints_manager();
    assert!(!c.took_part_in_stage1(&reviewer.id));
    c.assign_reviewer(&reviewer).unwrap();
    c.acknowledge(&reviewer, d(2025, 1, 21)).unwrap();
    // An extension at Stage 2 approved by someone from Stage 1 is refused too.
    assert_eq!(
        c.clone().extend(
            &cal(),
            &reviewer,
            d(2025, 2, 3),
            d(2025, 4, 30),
            reason("Specialist report"),
            Some(&cm3)
        ),
        Err(TransitionError::TookPartInStage1)
    );
}

#[test]
fn a_stage_1_extension_approver_took_part_in_stage_1() {
    let mut c = at_stage1();
    c.acknowledge(&manager(), d(2024, 12, 31)).unwrap();
    c.extend(
        &cal(),
        &manager(),
        d(2025, 1, 10),
        d(2025, 2, 14),
        reason("Specialist report"),
        Some(&complaints_manager()),
    )
    .unwrap();
    assert!(c.took_part_in_stage1(&complaints_manager().id));
}

#[test]
fn the_stage_2_reviewer_is_never_the_stage_1_handler() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    c.accept(&complaints_manager(), d(2024, 12, 20), in_window(), None)
        .unwrap();
    c.acknowledge(&staff_on(&c), d(2024, 12, 23)).unwrap();
    c.respond(&staff_on(&c), d(2025, 1, 6), response(Outcome::NotUpheld))
        .unwrap();
    c.request_review(&receipt(2025, 1, 20)).unwrap();
    assert_eq!(
        c.assign_reviewer(&complaints_manager()),
        Err(TransitionError::ReviewerHandledStage1)
    );
    assert_eq!(
        c.assign_reviewer(&manager()),
        Err(TransitionError::ReviewerNotComplaintsManager)
    );
    assert!(
        c.assign_reviewer(&Actor::new("cm-2", Role::ComplaintsManager))
            .is_ok()
    );
}

#[test]
fn an_involved_customer_is_invited_and_records_a_view() {
    let mut c = at_stage2();
    assert_eq!(
        c.invite_involved_customer(&manager()),
        Err(TransitionError::NotAnInvolvedCustomer)
    );
    c.invite_involved_customer(&panel()).unwrap();
    assert_eq!(
        c.invite_involved_customer(&Actor::new("panel-2", Role::InvolvedCustomer)),
        Err(TransitionError::AlreadyInvited)
    );
    assert_eq!(
        c.record_involved_view(
            &Actor::new("panel-2", Role::InvolvedCustomer),
            d(2025, 2, 1)
        ),
        Err(TransitionError::NotTheInvitedMember)
    );
    c.record_involved_view(&panel(), d(2025, 2, 1)).unwrap();
    assert!(matches!(
        c.stage2().unwrap().involvement,
        Involvement::ViewRecorded { .. }
    ));
}

#[test]
fn once_the_view_is_given_the_resident_can_no_longer_decline() {
    let mut c = at_stage2();
    c.invite_involved_customer(&panel()).unwrap();
    c.record_involved_view(&panel(), d(2025, 2, 1)).unwrap();
    assert_eq!(
        c.decline_involvement(),
        Err(TransitionError::InvolvedViewAlreadyGiven)
    );
    assert!(!c.involvement_declined());
    assert!(matches!(
        c.stage2().unwrap().involvement,
        Involvement::ViewRecorded { .. }
    ));
}

#[test]
fn an_invited_member_who_declines_leaves_room_for_another() {
    let mut c = at_stage2();
    c.invite_involved_customer(&panel()).unwrap();
    let other = Actor::new("panel-2", Role::InvolvedCustomer);
    assert_eq!(
        c.involved_customer_declined(&other),
        Err(TransitionError::NotTheInvitedMember)
    );
    assert_eq!(
        c.involved_customer_declined(&panel()),
        Ok(Event::InvolvedCustomerDeclined { member: panel().id })
    );
    assert_eq!(c.stage2().unwrap().involvement, Involvement::NotInvited);
    assert_eq!(
        c.record_involved_view(&panel(), d(2025, 2, 1)),
        Err(TransitionError::NotTheInvitedMember)
    );
    c.invite_involved_customer(&other).unwrap();
    c.record_involved_view(&other, d(2025, 2, 1)).unwrap();
    assert_eq!(
        c.involved_customer_declined(&other),
        Err(TransitionError::NotTheInvitedMember),
        "a view given cannot be declined afterwards"
    );
}

#[test]
fn no_involved_customer_is_invited_when_the_resident_declined() {
    let mut c = at_stage1();
    c.decline_involvement().unwrap();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    c.respond(&staff_on(&c), d(2025, 1, 10), response(Outcome::Upheld))
        .unwrap();
    c.request_review(&receipt(2025, 1, 20)).unwrap();
    assert_eq!(
        c.invite_involved_customer(&panel()),
        Err(TransitionError::ResidentDeclinedInvolvement)
    );
}

#[test]
fn the_stage_2_outcome_needs_a_reviewer_and_the_head_of_services_sign_off() {
    let mut c = at_stage2();
    c.acknowledge(&staff_on(&c), d(2025, 1, 22)).unwrap();
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::NoReviewer)
    );
    assert_eq!(
        c.sign_off(&head(), d(2025, 2, 10)),
        Err(TransitionError::NoReviewer)
    );
    c.assign_reviewer(&complaints_manager()).unwrap();
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::SignOffRequired)
    );
    // Nothing to agree until the reviewer has written the outcome.
    assert_eq!(
        c.sign_off(&head(), d(2025, 2, 10)),
        Err(TransitionError::NothingToSignOff)
    );
    assert_eq!(
        c.propose_outcome(&staff_on(&c), response(Outcome::Upheld)),
        Ok(Event::OutcomeProposed {
            outcome: Outcome::Upheld
        })
    );
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::SignOffRequired)
    );
    assert_eq!(
        c.sign_off(&complaints_manager(), d(2025, 2, 10)),
        Err(TransitionError::NotHeadOfService)
    );
    c.sign_off(&head(), d(2025, 2, 10)).unwrap();
    c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld))
        .unwrap();
    assert!(matches!(
        c.phase(),
        Phase::Closed {
            how: ClosedHow::Stage2Responded,
            ..
        }
    ));
}

/// The head of service signs off the words that are sent: a different outcome is refused,
/// and writing the outcome again needs signing off again.
#[test]
fn only_the_outcome_signed_off_is_sent_and_a_rewritten_one_is_signed_off_again() {
    let mut c = at_stage2();
    c.assign_reviewer(&complaints_manager()).unwrap();
    c.acknowledge(&staff_on(&c), d(2025, 1, 22)).unwrap();
    c.propose_outcome(&staff_on(&c), response(Outcome::NotUpheld))
        .unwrap();
    c.sign_off(&head(), d(2025, 2, 10)).unwrap();
    let before = c.clone();
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::NotAsSignedOff)
    );
    assert_eq!(c, before, "a refused response changes nothing");
    c.propose_outcome(&staff_on(&c), response(Outcome::Upheld))
        .unwrap();
    assert_eq!(c.stage2().and_then(|r| r.signed_off.clone()), None);
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::SignOffRequired)
    );
    c.sign_off(&head(), d(2025, 2, 11)).unwrap();
    c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld))
        .unwrap();
    // Sent: nothing more to write or sign.
    assert!(!c.may_propose_outcome());
    assert!(
        c.propose_outcome(&staff_on(&c), response(Outcome::Upheld))
            .is_err()
    );
}

/// A review signed off before outcomes were written for sign-off (stored with a sign-off
/// and no outcome) is not stuck: sending is not offered, the reviewer writes the outcome,
/// which clears the old sign-off, and the head of service signs it off.
#[test]
fn a_sign_off_of_no_written_outcome_asks_for_the_outcome_to_be_written_and_signed_off() {
    let mut c = at_stage2();
    c.assign_reviewer(&complaints_manager()).unwrap();
    c.acknowledge(&staff_on(&c), d(2025, 1, 22)).unwrap();
    c.propose_outcome(&staff_on(&c), response(Outcome::Upheld))
        .unwrap();
    c.sign_off(&head(), d(2025, 2, 10)).unwrap();
    // As stored before: signed off, with nothing written for it.
    let mut json = serde_json::to_value(&c).unwrap();
    json["stage2"]
        .as_object_mut()
        .unwrap()
        .remove("proposed")
        .unwrap();
    let mut c: Complaint = serde_json::from_value(json).unwrap();
    assert!(!c.may_respond());
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::SignOffRequired)
    );
    assert!(c.may_propose_outcome());
    c.propose_outcome(&staff_on(&c), response(Outcome::Upheld))
        .unwrap();
    c.sign_off(&head(), d(2025, 2, 11)).unwrap();
    assert!(c.may_respond());
}

#[test]
fn stage_2_only_actions_are_refused_at_stage_1() {
    let mut c = at_stage1();
    assert!(matches!(
        c.assign_reviewer(&complaints_manager()),
        Err(TransitionError::NotNow { .. })
    ));
    assert!(matches!(
        c.invite_involved_customer(&panel()),
        Err(TransitionError::NotNow { .. })
    ));
    assert!(matches!(
        c.sign_off(&head(), d(2025, 1, 1)),
        Err(TransitionError::NotNow { .. })
    ));
    assert!(matches!(
        c.record_involved_view(&panel(), d(2025, 1, 1)),
        Err(TransitionError::NotNow { .. })
    ));
}
