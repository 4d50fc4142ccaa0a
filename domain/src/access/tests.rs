use super::*;

fn actor(role: Role) -> Actor {
    Actor::new("someone", role)
}

fn relations() -> Vec<CaseRelation> {
    let mut all = Vec::new();
    for is_customer in [false, true] {
        for representative in [
            Authority::None,
            Authority::AwaitingConfirmation,
            Authority::Confirmed,
        ] {
            for is_handler in [false, true] {
                for is_reviewer in [false, true] {
                    for is_invited_panel_member in [false, true] {
                        all.push(CaseRelation {
                            is_customer,
                            representative,
                            is_handler,
                            is_reviewer,
                            is_invited_panel_member,
                        });
                    }
                }
            }
        }
    }
    all
}

const CUSTOMER: CaseRelation = CaseRelation {
    is_customer: true,
    ..CaseRelation::NONE
};

#[test]
fn a_resident_sees_and_acts_on_their_own_case_only() {
    let r = actor(Role::Resident);
    for action in [
        Action::ViewCase,
        Action::RequestReview,
        Action::DeclineInvolvement,
        Action::Withdraw,
        Action::AuthoriseRepresentative,
        Action::AddInformation,
    ] {
        assert!(permits(&r, &CUSTOMER, action), "{action:?}");
        assert_eq!(
            check(&r, &CaseRelation::NONE, action),
            Err(Denied::NotYourCase)
        );
    }
    assert!(permits(&r, &CaseRelation::NONE, Action::MakeOwnCase));
    for action in [
        Action::Triage,
        Action::RecordContact,
        Action::ViewReports,
        Action::ViewRedactedCase,
    ] {
        assert_eq!(
            check(&r, &CUSTOMER, action),
            Err(Denied::RoleCannot),
            "{action:?}"
        );
    }
}

#[test]
fn a_representative_acts_only_once_authority_is_confirmed() {
    let rep = actor(Role::Resident);
    let awaiting = CaseRelation {
        representative: Authority::AwaitingConfirmation,
        ..CaseRelation::NONE
    };
    let confirmed = CaseRelation {
        representative: Authority::Confirmed,
        ..CaseRelation::NONE
    };
    assert_eq!(
        check(&rep, &awaiting, Action::ViewCase),
        Err(Denied::AuthorityNotConfirmed)
    );
    assert!(permits(&rep, &confirmed, Action::ViewCase));
    assert!(permits(&rep, &confirmed, Action::RequestReview));
    assert!(permits(&rep, &confirmed, Action::Withdraw));
    assert!(permits(&rep, &confirmed, Action::AddInformation));
    assert_eq!(
        check(&rep, &awaiting, Action::AddInformation),
        Err(Denied::AuthorityNotConfirmed)
    );
    // A representative cannot appoint another.
    assert!(!permits(&rep, &confirmed, Action::AuthoriseRepresentative));
}

#[test]
fn an_officer_logs_records_and_resolves_but_does_not_decide_complaints() {
    let o = actor(Role::Officer);
    for action in [
        Action::LogCaseForCustomer,
        Action::ViewCase,
        Action::RecordContact,
        Action::ResolveServiceRequest,
        Action::ConfirmRepresentative,
        Action::AddInformation,
        // On the customer's behalf, when they ask by phone, letter or in person.
        Action::RequestReview,
        Action::Withdraw,
    ] {
        assert!(permits(&o, &CaseRelation::NONE, action), "{action:?}");
    }
    for action in [
        Action::Triage,
        Action::RespondStage1,
        Action::Extend,
        Action::SignOffStage2,
    ] {
        assert!(!permits(
            &o,
            &CaseRelation {
                is_handler: true,
                ..CaseRelation::NONE
            },
            action
        ));
    }
}

#[test]
fn information_is_added_by_the_customers_side_and_by_staff_on_any_case() {
    for role in [Role::Officer, Role::Manager, Role::ComplaintsManager] {
        assert!(
            permits(&actor(role), &CaseRelation::NONE, Action::AddInformation),
            "{role:?}"
        );
    }
    for role in [
        Role::InvolvedCustomer,
        Role::Admin,
        Role::BoardMember,
        Role::HeadOfService,
    ] {
        for relation in relations() {
            assert!(
                !permits(&actor(role), &relation, Action::AddInformation),
                "{role:?}"
            );
        }
    }
    let r = actor(Role::Resident);
    assert!(permits(&r, &CUSTOMER, Action::AddInformation));
    assert_eq!(
        check(&r, &CaseRelation::NONE, Action::AddInformation),
        Err(Denied::NotYourCase)
    );
}

#[test]
fn a_manager_answers_stage_1_only_on_cases_they_handle() {
    let m = actor(Role::Manager);
    let handling = CaseRelation {
        is_handler: true,
        ..CaseRelation::NONE
    };
    for action in [
        Action::Acknowledge,
        Action::Extend,
        Action::RespondStage1,
        Action::TrackRemedies,
    ] {
        assert!(permits(&m, &handling, action), "{action:?}");
        assert_eq!(
            check(&m, &CaseRelation::NONE, action),
            Err(Denied::NotAssigned)
        );
    }
    for action in [
        Action::Triage,
        Action::MakeUnownedCalls,
        Action::ApproveLongExtension,
        Action::RespondStage2,
        Action::AssignReviewer,
    ] {
        assert_eq!(
            check(&m, &handling, action),
            Err(Denied::RoleCannot),
            "{action:?}"
        );
    }
}

#[test]
fn the_complaints_manager_triages_reviews_approves_and_invites() {
    let cm = actor(Role::ComplaintsManager);
    for action in [
        Action::Triage,
        Action::MakeUnownedCalls,
        Action::ApproveLongExtension,
        Action::AssignReviewer,
        Action::InviteInvolvedCustomer,
        Action::RecordOmbudsmanReferral,
        Action::RespondStage1,
    ] {
        assert!(permits(&cm, &CaseRelation::NONE, action), "{action:?}");
    }
    assert_eq!(
        check(&cm, &CaseRelation::NONE, Action::RespondStage2),
        Err(Denied::NotAssigned)
    );
    let reviewing = CaseRelation {
        is_reviewer: true,
        ..CaseRelation::NONE
    };
    assert!(permits(&cm, &reviewing, Action::RespondStage2));
    assert!(!permits(&cm, &reviewing, Action::SignOffStage2));
}

#[test]
fn only_the_complaints_manager_approves_a_redacted_review_file() {
    for role in Role::ALL {
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ApproveRedaction),
                role == Role::ComplaintsManager,
                "{role:?} {relation:?}"
            );
        }
    }
}

#[test]
fn the_head_of_service_signs_off_stage_2_and_nothing_else_on_a_case() {
    let h = actor(Role::HeadOfService);
    assert!(permits(&h, &CaseRelation::NONE, Action::SignOffStage2));
    assert!(permits(&h, &CaseRelation::NONE, Action::ViewCase));
    assert!(!permits(&h, &CaseRelation::NONE, Action::RespondStage2));
    assert!(!permits(&h, &CaseRelation::NONE, Action::Triage));
}

#[test]
fn an_involved_customer_sees_only_invited_reviews_and_only_redacted() {
    let p = actor(Role::InvolvedCustomer);
    let invited = CaseRelation {
        is_invited_panel_member: true,
        ..CaseRelation::NONE
    };
    assert!(permits(&p, &invited, Action::ViewRedactedCase));
    assert!(permits(&p, &invited, Action::RecordInvolvedView));
    assert_eq!(
        check(&p, &CaseRelation::NONE, Action::ViewRedactedCase),
        Err(Denied::NotInvited)
    );
    for relation in relations() {
        assert!(!permits(&p, &relation, Action::ViewCase));
    }
}

#[test]
fn the_panel_is_run_by_an_admin_or_the_complaints_manager_only() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Admin | Role::ComplaintsManager);
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ManagePanel),
                expected,
                "{role:?}"
            );
        }
    }
    assert_eq!(
        check(
            &actor(Role::InvolvedCustomer),
            &CaseRelation::NONE,
            Action::ManagePanel
        ),
        Err(Denied::RoleCannot)
    );
}

#[test]
fn history_is_imported_by_an_admin_or_the_complaints_manager_only() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Admin | Role::ComplaintsManager);
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ImportHistory),
                expected,
                "{role:?}"
            );
        }
    }
    assert_eq!(
        check(
            &actor(Role::Manager),
            &CaseRelation::NONE,
            Action::ImportHistory
        ),
        Err(Denied::RoleCannot)
    );
}

#[test]
fn the_outbox_is_read_by_an_admin_or_the_complaints_manager_only() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Admin | Role::ComplaintsManager);
        assert_eq!(role_may(role, Action::ReadOutbox), expected, "{role:?}");
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ReadOutbox),
                expected,
                "{role:?}: a relation to a case changes nothing"
            );
        }
    }
}

#[test]
fn improvement_actions_are_managed_by_managers_and_the_complaints_manager_only() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Manager | Role::ComplaintsManager);
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ManageLearning),
                expected,
                "{role:?}"
            );
        }
    }
}

#[test]
fn root_causes_are_kept_by_an_admin_or_the_complaints_manager_only() {
    for role in Role::ALL {
        let expected = matches!(role, Role::Admin | Role::ComplaintsManager);
        assert_eq!(
            role_may(role, Action::ManageRootCauses),
            expected,
            "{role:?}"
        );
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ManageRootCauses),
                expected,
                "{role:?}: a relation to a case changes nothing"
            );
        }
    }
}

#[test]
fn the_retention_schedule_is_set_by_an_admin_or_the_complaints_manager_and_only_they_hold_a_case() {
    for role in Role::ALL {
        let schedule = matches!(role, Role::Admin | Role::ComplaintsManager);
        let hold = role == Role::ComplaintsManager;
        assert_eq!(
            role_may(role, Action::ExportPersonalData),
            hold,
            "{role:?}: a subject access request is answered by the complaints manager"
        );
        assert_eq!(
            role_may(role, Action::ManageRetention),
            schedule,
            "{role:?}"
        );
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::HoldCase),
                hold,
                "{role:?}: handling or owning the case gives no say in how long it is kept"
            );
        }
    }
}

#[test]
fn only_an_admin_makes_and_revokes_api_clients() {
    for role in Role::ALL {
        let admin = role == Role::Admin;
        assert_eq!(role_may(role, Action::ManageApiClients), admin, "{role:?}");
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ManageApiClients),
                admin,
                "{role:?}: a relation to a case changes nothing"
            );
        }
    }
    // No client's token, whatever its role and scopes, makes or revokes another.
    assert_eq!(clients::Scope::of(Action::ManageApiClients), None);
    for role in Role::ALL {
        assert!(
            clients::check_client(
                &actor(role),
                &clients::Scope::ALL,
                &CaseRelation::NONE,
                Action::ManageApiClients
            )
            .is_err(),
            "{role:?}"
        );
    }
}

#[test]
fn admins_manage_the_system_but_never_see_a_case() {
    let a = actor(Role::Admin);
    for action in [
        Action::ManageUsers,
        Action::ManagePolicies,
        Action::ManageCalendar,
        Action::ManageLetterTemplates,
        Action::SetHousingStock,
        Action::SetLandlordDetails,
        Action::ManagePanel,
        Action::ViewReports,
    ] {
        assert!(permits(&a, &CaseRelation::NONE, action), "{action:?}");
    }
    // The landlord's details are the administrator's alone.
    for role in Role::ALL {
        assert_eq!(
            permits(
                &actor(role),
                &CaseRelation::NONE,
                Action::SetLandlordDetails
            ),
            role == Role::Admin,
            "{role:?}"
        );
    }
    for relation in relations() {
        assert!(!permits(&a, &relation, Action::ViewCase));
        assert!(!permits(&a, &relation, Action::ViewRedactedCase));
    }
}

#[test]
fn a_board_member_reads_reports_approves_the_self_assessment_and_never_sees_personal_data() {
    let b = actor(Role::BoardMember);
    for relation in relations() {
        for action in Action::ALL {
            assert_eq!(
                permits(&b, &relation, action),
                matches!(
                    action,
                    Action::ViewReports | Action::ApproveSelfAssessment | Action::ChangeOwnPassword
                ),
                "{action:?}"
            );
        }
    }
}

#[test]
fn only_staff_and_residents_ever_see_a_full_case() {
    for role in Role::ALL {
        let can_ever_view = relations()
            .iter()
            .any(|rel| permits(&actor(role), rel, Action::ViewCase));
        let expected = !matches!(
            role,
            Role::Admin | Role::BoardMember | Role::InvolvedCustomer
        );
        assert_eq!(can_ever_view, expected, "{role:?}");
    }
}

#[test]
fn only_staff_can_ever_change_a_case_on_the_landlords_side() {
    let landlord_side = [
        Action::RecordContact,
        Action::Triage,
        Action::Acknowledge,
        Action::Extend,
        Action::RespondStage1,
        Action::RespondStage2,
        Action::AssignReviewer,
        Action::ApproveLongExtension,
    ];
    for role in [
        Role::Resident,
        Role::InvolvedCustomer,
        Role::Admin,
        Role::BoardMember,
    ] {
        for relation in relations() {
            for action in landlord_side {
                assert!(
                    !permits(&actor(role), &relation, action),
                    "{role:?} {action:?}"
                );
            }
        }
    }
}

#[test]
fn only_admins_shut_accounts_off_and_everyone_changes_their_own_password() {
    for role in Role::ALL {
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ManageAccounts),
                role == Role::Admin,
                "{role:?}"
            );
            assert!(
                permits(&actor(role), &relation, Action::ChangeOwnPassword),
                "{role:?}"
            );
        }
    }
}

#[test]
fn every_action_is_allowed_to_someone() {
    for action in Action::ALL {
        let someone = Role::ALL.iter().any(|role| {
            relations()
                .iter()
                .any(|rel| permits(&actor(*role), rel, action))
        });
        assert!(someone, "{action:?} is allowed to nobody");
    }
}

#[test]
fn refusals_are_sentences_without_full_stops() {
    for denied in [
        Denied::NotYourCase,
        Denied::AuthorityNotConfirmed,
        Denied::NotInvited,
        Denied::NotAssigned,
        Denied::RoleCannot,
    ] {
        assert!(!denied.to_string().ends_with('.'));
    }
}

#[test]
fn the_staff_case_page_and_a_work_queue_are_for_landlord_staff_who_work_cases_only() {
    // A resident sees their own case, never its full record; an admin works no case.
    for role in Role::ALL {
        let works_cases = matches!(
            role,
            Role::Officer | Role::Manager | Role::ComplaintsManager | Role::HeadOfService
        );
        assert_eq!(
            role_may(role, Action::UseWorkQueue),
            works_cases,
            "{role:?}"
        );
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ViewCaseRecord),
                works_cases,
                "{role:?} {relation:?}"
            );
        }
    }
}

#[test]
fn only_the_complaints_manager_reads_who_looked_at_a_case() {
    for role in Role::ALL {
        for relation in relations() {
            assert_eq!(
                permits(&actor(role), &relation, Action::ReadCaseViews),
                role == Role::ComplaintsManager,
                "{role:?} {relation:?}"
            );
        }
    }
}

#[test]
fn the_customers_own_choices_are_made_only_by_the_customer_or_their_confirmed_representative() {
    let choices = [
        Action::RequestReview,
        Action::DeclineInvolvement,
        Action::Withdraw,
    ];
    for role in Role::ALL {
        for relation in relations() {
            for action in choices {
                let own = check_in_own_name(&actor(role), &relation, action);
                let expected = role == Role::Resident
                    && (relation.is_customer || relation.representative == Authority::Confirmed);
                assert_eq!(own.is_ok(), expected, "{role:?} {relation:?} {action:?}");
                // Never wider than the general rule.
                if own.is_ok() {
                    assert!(permits(&actor(role), &relation, action));
                }
            }
        }
    }
    // Staff may still record a withdrawal or a review request through a step.
    let chris = actor(Role::Officer);
    assert!(permits(&chris, &CaseRelation::NONE, Action::Withdraw));
    assert_eq!(
        check_in_own_name(&chris, &CaseRelation::NONE, Action::Withdraw),
        Err(Denied::CustomersOwnChoice)
    );
}

#[test]
fn only_the_complaints_manager_answers_the_self_assessment_and_only_the_board_member_approves_it() {
    for role in Role::ALL {
        assert_eq!(
            role_may(role, Action::EditSelfAssessment),
            role == Role::ComplaintsManager,
            "{role:?}"
        );
        assert_eq!(
            role_may(role, Action::ApproveSelfAssessment),
            role == Role::BoardMember,
            "{role:?}"
        );
    }
}
