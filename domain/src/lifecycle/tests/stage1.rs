use super::*;

#[test]
fn a_new_complaint_waits_to_be_accepted_under_its_policy() {
    let c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    assert_eq!(c.phase(), &Phase::Received);
    assert_eq!(c.policy().id, PolicyId::V2024);
    assert_eq!(c.stage1().day0, d(2024, 12, 20));
}

#[test]
fn accepting_puts_it_at_stage_1_with_the_manager_as_handler() {
    let c = at_stage1();
    assert_eq!(c.phase(), &Phase::Stage1);
    assert_eq!(c.stage1().owner, Some(UserId::new("manager-1")));
    let deadlines = c.deadlines(&cal()).unwrap();
    assert_eq!(deadlines.acknowledge.unwrap().due, d(2024, 12, 31));
}

#[test]
fn only_a_manager_can_be_given_stage_1() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    let officer = Actor::new("o", Role::Officer);
    assert_eq!(
        c.accept(&officer, d(2024, 12, 20), in_window(), None),
        Err(TransitionError::HandlerNotManager)
    );
    assert_eq!(c.phase(), &Phase::Received);
}

#[test]
fn an_out_of_time_complaint_is_accepted_only_with_recorded_discretion() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    let old = Eligibility::OutOfWindow {
        months_ago: 14,
        window_months: 12,
    };
    assert_eq!(
        c.accept(&manager(), d(2024, 12, 20), old, None),
        Err(TransitionError::OutOfTimeWithoutDiscretion)
    );
    let event = c
        .accept(
            &manager(),
            d(2024, 12, 20),
            old,
            Some(reason("Delay was caused by illness")),
        )
        .unwrap();
    assert!(matches!(
        event,
        Event::Accepted {
            discretion: Some(_),
            ..
        }
    ));
}

#[test]
fn a_complaint_is_not_accepted_with_a_reason_code_and_explanation() {
    for code in RefusalReason::ALL {
        let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
        let event = c
            .not_accept(d(2024, 12, 23), code, reason("Explained in the letter"))
            .unwrap();
        assert!(matches!(event, Event::NotAccepted { reason, .. } if reason == code));
        assert!(matches!(c.phase(), Phase::NotAccepted { reason, .. } if *reason == code));
        assert!(!code.label().is_empty());
    }
}

#[test]
fn a_complaint_cannot_be_accepted_or_refused_twice() {
    let mut c = at_stage1();
    assert!(matches!(
        c.accept(&manager(), d(2024, 12, 20), in_window(), None),
        Err(TransitionError::NotNow { .. })
    ));
    assert!(matches!(
        c.not_accept(d(2024, 12, 20), RefusalReason::OutOfTime, reason("x")),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn the_first_contact_is_recorded_and_later_ones_are_timeline_only() {
    let mut c = at_stage1();
    assert_eq!(
        c.record_contact(d(2024, 12, 23)),
        Ok(Event::ContactRecorded {
            stage: Stage::One,
            on: d(2024, 12, 23),
            first: true
        })
    );
    assert!(matches!(
        c.record_contact(d(2024, 12, 24)),
        Ok(Event::ContactRecorded { first: false, .. })
    ));
    assert_eq!(c.stage1().contacted, Some(d(2024, 12, 23)));
}

#[test]
fn nothing_can_be_recorded_before_the_complaint_arrived() {
    let mut c = at_stage1();
    assert_eq!(
        c.record_contact(d(2024, 12, 19)),
        Err(TransitionError::DateBeforeReceipt {
            earliest: d(2024, 12, 20)
        })
    );
}

#[test]
fn contact_and_acknowledgement_need_an_accepted_complaint() {
    let mut c = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    assert!(matches!(
        c.record_contact(d(2024, 12, 20)),
        Err(TransitionError::NotNow { .. })
    ));
    assert!(matches!(
        c.acknowledge(&staff_on(&c), d(2024, 12, 20)),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn a_stage_is_acknowledged_once_and_that_date_sets_the_response_deadline() {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    assert_eq!(
        c.acknowledge(&staff_on(&c), d(2025, 1, 2)),
        Err(TransitionError::AlreadyAcknowledged(Stage::One))
    );
    assert_eq!(c.deadlines(&cal()).unwrap().respond.due, d(2025, 1, 15));
}

#[test]
fn an_extension_within_the_limit_needs_only_a_reason() {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    let event = c
        .extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 10),
            d(2025, 1, 29),
            reason("Awaiting a surveyor"),
            None,
        )
        .unwrap();
    assert!(matches!(
        event,
        Event::Extended {
            beyond_limit: false,
            ..
        }
    ));
    assert_eq!(c.stage1().extended_to(), Some(d(2025, 1, 29)));
}

#[test]
fn an_extension_must_move_the_date_later() {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    assert_eq!(
        c.extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 10),
            d(2025, 1, 15),
            reason("x"),
            None
        ),
        Err(TransitionError::ExtensionNotLater {
            current: d(2025, 1, 15)
        })
    );
}

#[test]
fn an_extension_is_agreed_before_the_deadline_it_moves_not_after() {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    // Due on 15 January: the day after is too late to extend, on the day is not.
    assert_eq!(
        c.extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 16),
            d(2025, 1, 29),
            reason("x"),
            None
        ),
        Err(TransitionError::ExtensionAfterDeadline {
            due: d(2025, 1, 15)
        })
    );
    assert!(c.stage1().extensions.is_empty(), "nothing recorded");
    c.extend(
        &cal(),
        &staff_on(&c),
        d(2025, 1, 15),
        d(2025, 1, 22),
        reason("Awaiting a surveyor"),
        None,
    )
    .unwrap();
    // A second extension runs against the extended date.
    assert_eq!(
        c.extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 23),
            d(2025, 1, 29),
            reason("x"),
            None
        ),
        Err(TransitionError::ExtensionAfterDeadline {
            due: d(2025, 1, 22)
        })
    );
    c.extend(
        &cal(),
        &staff_on(&c),
        d(2025, 1, 22),
        d(2025, 1, 29),
        reason("Contractor ill"),
        None,
    )
    .unwrap();
}

#[test]
fn the_complaints_manager_is_told_to_approve_an_extension_not_to_ask_themselves() {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    let refusal = c
        .extend(
            &cal(),
            &complaints_manager(),
            d(2025, 1, 10),
            d(2025, 2, 14),
            reason("Specialist report"),
            None,
        )
        .unwrap_err();
    assert_eq!(
        refusal,
        TransitionError::ExtensionNeedsYourApproval {
            limit: d(2025, 1, 29)
        }
    );
    let text = refusal.to_string();
    assert!(text.contains("needs your approval"), "{text}");
    assert!(!text.contains("ask"), "{text}");
    assert!(text.contains("29 January 2025"), "{text}");
}

#[test]
fn an_extension_past_the_limit_needs_the_complaints_managers_approval() {
    let mut c = at_stage1();
    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    let far = d(2025, 2, 14);
    assert_eq!(
        c.extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 10),
            far,
            reason("Specialist report"),
            None
        ),
        Err(TransitionError::ExtensionNeedsApproval {
            limit: d(2025, 1, 29)
        })
    );
    assert_eq!(
        c.extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 10),
            far,
            reason("Specialist report"),
            Some(&manager())
        ),
        Err(TransitionError::ApproverNotComplaintsManager)
    );
    let event = c
        .extend(
            &cal(),
            &staff_on(&c),
            d(2025, 1, 10),
            far,
            reason("Specialist report"),
            Some(&complaints_manager()),
        )
        .unwrap();
    assert!(
        matches!(event, Event::Extended { beyond_limit: true, ref extension, .. }
        if extension.approved_by == Some(UserId::new("cm-1")))
    );
}

#[test]
fn stage_1_cannot_be_answered_before_it_is_acknowledged() {
    let mut c = at_stage1();
    assert_eq!(
        c.respond(&staff_on(&c), d(2025, 1, 10), response(Outcome::Upheld)),
        Err(TransitionError::NotAcknowledged(Stage::One))
    );
}

#[test]
fn a_response_must_answer_each_point_and_put_right_what_it_upholds() {
    assert_eq!(
        StageResponse::new(Outcome::NotUpheld, vec![], vec![], None),
        Err(ResponseError::NoPoints)
    );
    let point = |finding: &str| PointFinding {
        point: "Noise".into(),
        finding: finding.into(),
        outcome: Outcome::Upheld,
    };
    assert_eq!(
        StageResponse::new(
            Outcome::Upheld,
            vec![point(" ")],
            vec![Remedy::Apology],
            None
        ),
        Err(ResponseError::EmptyFinding)
    );
    assert_eq!(
        StageResponse::new(Outcome::Upheld, vec![point("We were late")], vec![], None),
        Err(ResponseError::UpheldWithoutRemedy)
    );
    assert!(StageResponse::new(Outcome::NotUpheld, vec![point("On time")], vec![], None).is_ok());
}

#[test]
fn the_next_deadline_moves_from_contact_to_acknowledgement_to_response() {
    use crate::deadlines::Step;
    let cal = cal();
    // Waiting to be accepted: already on Stage 1's clock (received Fri 20 Dec 2024).
    let received = Case::Complaint(Box::new(Complaint::receive(
        &crate::policy::POLICY_2024,
        &receipt(2024, 12, 20),
    )));
    let next = received.next_deadline(&cal).unwrap();
    assert_eq!((next.step, next.due), (Step::Contact, d(2024, 12, 27)));

    let mut c = at_stage1();
    c.record_contact(d(2024, 12, 23)).unwrap();
    let next = Case::Complaint(Box::new(c.clone()))
        .next_deadline(&cal)
        .unwrap();
    assert_eq!((next.step, next.due), (Step::Acknowledge, d(2024, 12, 31)));

    c.acknowledge(&staff_on(&c), d(2024, 12, 31)).unwrap();
    let next = Case::Complaint(Box::new(c.clone()))
        .next_deadline(&cal)
        .unwrap();
    assert_eq!((next.step, next.due), (Step::Respond, d(2025, 1, 15)));

    c.extend(
        &cal,
        &staff_on(&c),
        d(2025, 1, 10),
        d(2025, 1, 22),
        reason("Waiting for the surveyor's report"),
        None,
    )
    .unwrap();
    let case = Case::Complaint(Box::new(c));
    let next = case.next_deadline(&cal).unwrap();
    assert_eq!((next.step, next.due), (Step::Respond, d(2025, 1, 22)));
    assert!(
        next.explanation.contains("surveyor"),
        "{}",
        next.explanation
    );
    assert_eq!(case.next_due(&cal), Some(d(2025, 1, 22)));
}

#[test]
fn the_response_deadline_is_what_an_extension_moves_whatever_step_is_next() {
    use crate::deadlines::Step;
    let cal = cal();
    // Not yet contacted: contact is next, but an extension moves the response.
    let mut c = at_stage1();
    let case = Case::Complaint(Box::new(c.clone()));
    assert_eq!(case.next_deadline(&cal).unwrap().step, Step::Contact);
    let respond = case.response_deadline(&cal).unwrap();
    assert_eq!((respond.step, respond.due), (Step::Respond, d(2025, 1, 15)));

    c.extend(
        &cal,
        &staff_on(&c),
        d(2024, 12, 23),
        d(2025, 1, 22),
        reason("Waiting for the surveyor's report"),
        None,
    )
    .unwrap();
    let case = Case::Complaint(Box::new(c));
    assert_eq!(case.next_deadline(&cal).unwrap().step, Step::Contact);
    let respond = case.response_deadline(&cal).unwrap();
    assert_eq!((respond.step, respond.due), (Step::Respond, d(2025, 1, 22)));
    assert!(
        respond.explanation.contains("surveyor"),
        "{}",
        respond.explanation
    );
}

#[test]
fn nothing_is_due_on_a_case_that_is_not_running_against_the_clock() {
    let mut c = at_stage1();
    c.withdraw(d(2024, 12, 23)).unwrap();
    assert_eq!(Case::Complaint(Box::new(c)).next_deadline(&cal()), None);
}

#[test]
fn refusal_reasons_keep_their_stored_codes() {
    for reason in RefusalReason::ALL {
        let json = serde_json::to_value(reason).unwrap();
        assert_eq!(json.as_str(), Some(reason.as_str()));
        assert_eq!(RefusalReason::parse(reason.as_str()), Some(reason));
    }
    assert_eq!(RefusalReason::parse("nonsense"), None);
}

#[test]
fn stage_1_passes_to_another_manager_with_a_reason_and_keeps_its_dates() {
    let mut c = at_stage1();
    let before = c.deadlines(&cal()).unwrap();
    let other = Actor::new("manager-2", Role::Manager);
    assert_eq!(
        c.change_handler(&other, reason("Away for three weeks")),
        Ok(Event::HandlerChanged {
            handler: UserId::new("manager-2"),
            reason: reason("Away for three weeks"),
        })
    );
    assert_eq!(c.stage1().owner, Some(UserId::new("manager-2")));
    assert_eq!(c.deadlines(&cal()).unwrap(), before);
    // Not to the same person, nor to someone who may not handle a complaint.
    assert_eq!(
        c.change_handler(&other, reason("Again")),
        Err(TransitionError::AlreadyTheHandler)
    );
    assert_eq!(
        c.change_handler(&Actor::new("o", Role::Officer), reason("Cover")),
        Err(TransitionError::HandlerNotManager)
    );
    assert_eq!(c.stage1().owner, Some(UserId::new("manager-2")));
}

#[test]
fn the_handler_changes_only_while_stage_1_is_in_progress() {
    let mut received = Complaint::receive(&crate::policy::POLICY_2024, &receipt(2024, 12, 20));
    assert!(matches!(
        received.change_handler(&manager(), reason("Cover")),
        Err(TransitionError::NotNow { .. })
    ));
    let mut answered = responded_at_stage1();
    let other = Actor::new("manager-2", Role::Manager);
    assert!(matches!(
        answered.change_handler(&other, reason("Cover")),
        Err(TransitionError::NotNow { .. })
    ));
}

#[test]
fn only_extensions_recorded_in_time_count_for_the_regulators_figures() {
    let mut c = at_stage1();
    c.acknowledge(&manager(), d(2024, 12, 31)).unwrap();
    // Due 15 January: extended on the day to 22 January, then again on time to 29 January.
    c.extend(
        &cal(),
        &manager(),
        d(2025, 1, 15),
        d(2025, 1, 22),
        reason("x"),
        None,
    )
    .unwrap();
    c.extend(
        &cal(),
        &manager(),
        d(2025, 1, 20),
        d(2025, 1, 29),
        reason("y"),
        None,
    )
    .unwrap();
    assert_eq!(
        c.counted_extension(Stage::One, &cal()),
        Some(d(2025, 1, 29))
    );
    // A record kept before late extensions were refused: one made after 22 January had
    // passed does not count, nor does anything after it.
    let mut record = c.stage1().clone();
    record.extensions[1].on = d(2025, 1, 23);
    assert_eq!(
        record.extended_in_time(d(2025, 1, 15)),
        Some(d(2025, 1, 22))
    );
    record.extensions[0].on = d(2025, 1, 16);
    assert_eq!(record.extended_in_time(d(2025, 1, 15)), None);
}
