use super::*;

#[test]
fn after_stage_1_the_case_closes_if_no_review_is_asked_for() {
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
        c.request_review(&receipt(2025, 2, 3)),
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
fn a_review_request_is_refused_only_with_a_recorded_reason() {
    let mut c = responded_at_stage1();
    assert!(RecordedReason::parse("   ").is_err());
    let event = c
        .refuse_review(d(2025, 1, 20), reason("Asked after a year"))
        .unwrap();
    assert!(matches!(event, Event::ReviewRefused { .. }));
    assert!(matches!(
        c.phase(),
        Phase::Closed {
            how: ClosedHow::ReviewRefused { .. },
            ..
        }
    ));
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
fn the_stage_2_reviewer_is_never_the_stage_1_handler() {
    let mut c = Complaint::receive(PolicyId::V2024, &receipt(2024, 12, 20));
    c.accept(&complaints_manager(), d(2024, 12, 20), in_window(), None)
        .unwrap();
    c.acknowledge(d(2024, 12, 23)).unwrap();
    c.respond(d(2025, 1, 6), response(Outcome::NotUpheld))
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
    c.acknowledge(d(2024, 12, 31)).unwrap();
    c.respond(d(2025, 1, 10), response(Outcome::Upheld))
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
    c.acknowledge(d(2025, 1, 22)).unwrap();
    assert_eq!(
        c.respond(d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::NoReviewer)
    );
    assert_eq!(
        c.sign_off(&head(), d(2025, 2, 10)),
        Err(TransitionError::NoReviewer)
    );
    c.assign_reviewer(&complaints_manager()).unwrap();
    assert_eq!(
        c.respond(d(2025, 2, 12), response(Outcome::Upheld)),
        Err(TransitionError::SignOffRequired)
    );
    assert_eq!(
        c.sign_off(&complaints_manager(), d(2025, 2, 10)),
        Err(TransitionError::NotHeadOfService)
    );
    c.sign_off(&head(), d(2025, 2, 10)).unwrap();
    c.respond(d(2025, 2, 12), response(Outcome::Upheld))
        .unwrap();
    assert!(matches!(
        c.phase(),
        Phase::Closed {
            how: ClosedHow::Stage2Responded,
            ..
        }
    ));
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
