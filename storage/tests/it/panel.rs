//! The tenant panel's records, on SQLite and (when configured) PostgreSQL with the same code:
//! a member's invitations moving one step at a time, the view kept once and only on an
//! accepted invitation, and the panel's list with what each member has on.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::involvement::{Answer, IndependentView, Question, ViewInput};
use domain::{Calendar, Channel, Description, Role};
use storage::StorageError;
use storage::accounts;
use storage::cases::{self, CaseDetails, CaseId, NewCase, Opening, Who};
use storage::invitations::{self, InvitationState as S};
use storage::panel;
use storage::test_support::{count_rows, on_each_backend};

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
        .single()
        .expect("a valid time")
}

async fn account(db: &storage::Db, email: &str, role: Role) -> i32 {
    accounts::create(db, email, email, role, "three random words", noon())
        .await
        .expect("account")
        .id
}

async fn case(db: &storage::Db) -> CaseId {
    let calendar = Calendar::england_and_wales();
    let details = CaseDetails::describing(
        Description::parse("Mould in the bathroom came back").expect("description"),
    );
    let new = NewCase {
        channel: Channel::Phone,
        received_at: noon(),
        customer: None,
        case: NewCase::initial_state(Opening::Complaint, noon(), &details, &calendar),
        details,
        recorded_by: Who::system(),
        linked_case: None,
        legacy_reference: None,
    };
    cases::create(db, new, &calendar).await.expect("case").id
}

fn view(code: &str, comments: Option<&str>) -> IndependentView {
    IndependentView::parse(ViewInput {
        thorough: Some(code),
        points_answered: Some("yes"),
        evidence_supports: Some(code),
        remedy_right: Some("yes"),
        comments,
        evidence_shared: true,
    })
    .expect("a valid view")
}

/// A view given on a case with no evidence shared: the evidence question was not asked.
fn view_without_evidence() -> IndependentView {
    IndependentView::parse(ViewInput {
        thorough: Some("yes"),
        points_answered: Some("yes"),
        evidence_supports: None,
        remedy_right: Some("yes"),
        comments: None,
        evidence_shared: false,
    })
    .expect("a valid view")
}

#[tokio::test]
async fn a_member_answers_an_invitation_one_step_at_a_time() {
    on_each_backend(|db, backend| async move {
        let ian = account(&db, "ian@example.org", Role::InvolvedCustomer).await;
        let chris = account(&db, "chris@example.org", Role::ComplaintsManager).await;
        let id = case(&db).await;
        let invitation = invitations::invite(&db, id, ian, Some(chris), None, noon())
            .await
            .expect("invited");

        let mine = panel::for_member(&db, ian).await.expect("listed");
        assert_eq!(mine.len(), 1, "{backend}");
        assert_eq!(mine[0].invitation.id, invitation, "{backend}");
        assert_eq!(mine[0].invitation.state, S::Invited, "{backend}");
        assert_eq!(mine[0].reference.to_string(), "CX-2026-000001", "{backend}");
        assert_eq!(mine[0].phase, "received", "{backend}");
        assert!(
            panel::for_member(&db, chris)
                .await
                .expect("listed")
                .is_empty()
        );

        let later = noon() + Duration::hours(2);
        panel::move_invitation(&db, invitation, &[S::Invited], S::Accepted, later)
            .await
            .expect("accepted");
        let read = panel::invitation(&db, id, ian)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(read.state, S::Accepted, "{backend}");
        assert_eq!(read.answered_at, Some(later), "{backend}");
        assert_eq!(read.invited_by, Some(chris), "{backend}");

        let again =
            panel::move_invitation(&db, invitation, &[S::Invited], S::Accepted, later).await;
        assert!(
            matches!(again, Err(StorageError::Conflict)),
            "{backend}: {again:?}"
        );
        let missing = panel::move_invitation(&db, 9999, &[S::Invited], S::Accepted, later).await;
        assert!(
            matches!(missing, Err(StorageError::NotFound)),
            "{backend}: {missing:?}"
        );
        assert_eq!(panel::invitation(&db, id, chris).await.expect("read"), None);
    })
    .await;
}

#[tokio::test]
async fn a_view_is_kept_once_and_only_on_an_accepted_invitation() {
    on_each_backend(|db, backend| async move {
        let ian = account(&db, "ian@example.org", Role::InvolvedCustomer).await;
        let id = case(&db).await;
        let invitation = invitations::invite(&db, id, ian, None, None, noon())
            .await
            .expect("invited");
        let given = view(
            "partly",
            Some("The photos of the mould were not looked at."),
        );

        let early = panel::record_view(&db, invitation, &given, noon()).await;
        assert!(
            matches!(early, Err(StorageError::Conflict)),
            "{backend}: {early:?}"
        );
        let rows = count_rows(&db, "SELECT COUNT(*) FROM involved_views").await;
        assert_eq!(
            rows.expect("counted"),
            0,
            "{backend}: nothing kept before accepting"
        );

        panel::move_invitation(&db, invitation, &[S::Invited], S::Accepted, noon())
            .await
            .expect("accepted");
        let at = noon() + Duration::days(1);
        panel::record_view(&db, invitation, &given, at)
            .await
            .expect("kept");
        let read = panel::invitation(&db, id, ian)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(read.state, S::ViewGiven, "{backend}");
        assert_eq!(read.answered_at, Some(at), "{backend}");

        let views = panel::views(&db, &[invitation]).await.expect("views");
        assert_eq!(views.len(), 1, "{backend}");
        assert_eq!(views[0].view, given, "{backend}");
        assert_eq!(views[0].given_at, at, "{backend}");
        assert_eq!(
            views[0].view.answer(Question::Thorough),
            Some(Answer::Partly)
        );

        let twice = panel::record_view(&db, invitation, &view("yes", None), at).await;
        assert!(
            matches!(twice, Err(StorageError::Conflict)),
            "{backend}: {twice:?}"
        );
        let views = panel::views(&db, &[invitation]).await.expect("views");
        assert_eq!(views[0].view, given, "{backend}: the first view stands");
        assert!(panel::views(&db, &[]).await.expect("none").is_empty());
    })
    .await;
}

#[tokio::test]
async fn withdrawn_and_declined_invitations_leave_the_members_list_but_stay_on_the_case() {
    on_each_backend(|db, backend| async move {
        let ian = account(&db, "ian@example.org", Role::InvolvedCustomer).await;
        let una = account(&db, "una@example.org", Role::InvolvedCustomer).await;
        let first = case(&db).await;
        let second = case(&db).await;
        let declined = invitations::invite(&db, first, ian, None, None, noon())
            .await
            .expect("invited");
        panel::move_invitation(
            &db,
            declined,
            &[S::Invited, S::Accepted],
            S::Declined,
            noon(),
        )
        .await
        .expect("declined");
        invitations::invite(&db, first, una, None, None, noon() + Duration::hours(1))
            .await
            .expect("invited");
        invitations::invite(&db, second, ian, None, None, noon())
            .await
            .expect("invited");
        invitations::close_open(&db, second, S::Withdrawn, noon())
            .await
            .expect("withdrawn");

        assert!(
            panel::for_member(&db, ian)
                .await
                .expect("listed")
                .is_empty(),
            "{backend}"
        );
        let on_case = panel::for_case(&db, first).await.expect("listed");
        let states: Vec<S> = on_case.iter().map(|i| i.state).collect();
        assert_eq!(states, [S::Declined, S::Invited], "{backend}: oldest first");
        assert_eq!(on_case[1].member_id, una, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn the_panel_lists_its_members_with_what_each_has_on() {
    on_each_backend(|db, backend| async move {
        let ian = account(&db, "ian@example.org", Role::InvolvedCustomer).await;
        account(&db, "una@example.org", Role::InvolvedCustomer).await;
        account(&db, "sam@example.org", Role::Officer).await;
        let cases = [case(&db).await, case(&db).await, case(&db).await];
        let mut ids = Vec::new();
        for id in cases {
            ids.push(
                invitations::invite(&db, id, ian, None, None, noon())
                    .await
                    .expect("invited"),
            );
        }
        panel::move_invitation(&db, ids[0], &[S::Invited], S::Accepted, noon())
            .await
            .expect("accepted");
        panel::record_view(&db, ids[0], &view_without_evidence(), noon())
            .await
            .expect("kept");
        let kept = panel::views(&db, &ids[..1]).await.expect("views");
        assert_eq!(kept[0].view, view_without_evidence(), "{backend}");
        assert_eq!(
            kept[0].view.answer(Question::EvidenceSupports),
            None,
            "{backend}: read back as not asked"
        );
        panel::move_invitation(&db, ids[1], &[S::Invited], S::Accepted, noon())
            .await
            .expect("accepted");

        let members = panel::members(&db).await.expect("members");
        let summary: Vec<(&str, u64, u64)> = members
            .iter()
            .map(|m| (m.account.email.as_str(), m.open_invitations, m.views_given))
            .collect();
        assert_eq!(
            summary,
            [("ian@example.org", 2, 1), ("una@example.org", 0, 0)],
            "{backend}: only the panel, by name"
        );
    })
    .await;
}
