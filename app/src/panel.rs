//! Involved customers (tenant panel members, SPEC section 1): their invitations to Stage 2
//! reviews, the redacted review file, and the independent view they give; the view as
//! staff see it on the case; and the panel's accounts ([`members`]).
//!
//! Every function here that names a case goes through [`crate::cases::guard::case_access`]:
//! a panel member who was not invited to a review (or whose invitation was declined or
//! withdrawn) gets exactly the answer for a case that does not exist. What a panel member
//! sees of a case is built by [`file`] through the domain's redactor, never from the staff
//! view of it.
//!
//! Rules we chose where SPEC is silent:
//! - a panel member opens the review file only after accepting the invitation (accepting
//!   says they will keep it confidential and that they do not know who it is about), and
//!   only while the review is under way (the complaint is at Stage 2): once it has ended,
//!   the file is gone from their workspace;
//! - every opening of the file by a panel member is recorded on the case's timeline (staff
//!   see it; the customer does not); staff may look at the redacted file too, to check it
//!   before or while sharing it, and their looking is not recorded as an opening;
//! - the view is one per invitation and final: it cannot be changed once given, and after
//!   it the resident can no longer decline the panel's part;
//! - declining the invitation is possible until the view is given; the review carries on
//!   and staff may invite another panel member;
//! - only files staff marked shareable are named in the file, and they are named, not
//!   offered for download (downloads are for people who may see the whole case).

#[cfg(feature = "ssr")]
pub(crate) mod file;
pub mod members;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One of the signed-in panel member's reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLine {
    pub reference: String,
    pub invited_on: String,
    /// `invited`, `accepted` or `view_given`.
    pub state: String,
    /// Where it stands, in plain words.
    pub status: String,
    /// The review's next deadline (contact, acknowledgement or response), written out.
    pub review_due: Option<String>,
    /// The day the member's view is needed by, written out, while it is still to give.
    pub view_needed_by: Option<String>,
}

/// A point the customer raised and what we found, as the panel member reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointLine {
    pub point: String,
    pub finding: String,
    pub outcome: String,
}

/// A stage's written response, redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseLine {
    /// "Stage 1 response" or "Stage 2 response".
    pub title: String,
    pub sent_on: Option<String>,
    pub outcome: String,
    pub points: Vec<PointLine>,
    pub remedies: Vec<String>,
}

/// A date on the review, labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateLine {
    pub label: String,
    pub date: String,
}

/// One customer-visible step on the case's timeline, redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEvent {
    pub on: String,
    pub text: String,
}

/// An independent view, as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewLine {
    pub given_on: String,
    /// (question, answer) in the order asked.
    pub answers: Vec<(String, String)>,
    pub comments: Option<String>,
}

/// A review file with the customer's personal details taken out: everything in it has been
/// through the domain's redactor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedFile {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub received_on: String,
    pub what_happened: String,
    pub what_was_said: Option<String>,
    pub outcomes_sought: Option<String>,
    pub responses: Vec<ResponseLine>,
    /// The remedies we promised and where each stands.
    pub remedies: Vec<String>,
    pub review_dates: Vec<DateLine>,
    pub timeline: Vec<FileEvent>,
    /// Files staff marked shareable, by (redacted) name.
    pub shared_files: Vec<SharedFile>,
    /// The reader is a member of staff checking what the panel member sees.
    pub staff_preview: bool,
    /// The reader is the invited panel member and may give their view now.
    pub may_give_view: bool,
    /// The reader's own view, once given.
    pub own_view: Option<ViewLine>,
}

/// A file staff shared for the review: opened at `/files/{token}`, named with the
/// customer's details taken out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    pub token: String,
    pub name: String,
}

/// One invitation on a case, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInvitationLine {
    pub member: String,
    pub invited_on: String,
    pub status: String,
    /// How often the member opened the file, and when last.
    pub openings: String,
    pub view: Option<ViewLine>,
}

/// The involved customer's part in a case, for the staff case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInvolvement {
    pub invitations: Vec<StaffInvitationLine>,
    pub resident_declined: bool,
    /// Staff may look at the redacted file (the complaint is at Stage 2).
    pub file_open: bool,
    /// The reader runs the panel (adds its members).
    pub may_manage_panel: bool,
    /// The reader checks and approves the redacted file.
    pub may_approve: bool,
    /// Where the approval of the redacted file stands, in words.
    pub approval: String,
}

/// Plain words for an invitation's state.
#[cfg(feature = "ssr")]
fn state_words(state: storage::invitations::InvitationState) -> &'static str {
    use storage::invitations::InvitationState as S;
    match state {
        S::Invited => "Waiting for an answer",
        S::Accepted => "Accepted: reading the file",
        S::Declined => "Declined the invitation",
        S::Withdrawn => "Withdrawn",
        S::ViewGiven => "View given",
    }
}

#[cfg(feature = "ssr")]
fn written_date(at: chrono::DateTime<chrono::Utc>) -> String {
    domain::deadlines::long_date(domain::london::to_london(at).date())
}

#[cfg(feature = "ssr")]
fn view_line(given: &storage::panel::GivenView) -> ViewLine {
    use domain::involvement::Question;
    ViewLine {
        given_on: written_date(given.given_at),
        answers: Question::ALL
            .iter()
            .map(|q| {
                let answer = match given.view.answer(*q) {
                    Some(answer) => answer.label(),
                    None => "Not asked: no evidence was shared",
                };
                (q.text().to_owned(), answer.to_owned())
            })
            .collect(),
        comments: given.view.comments().map(str::to_owned),
    }
}

#[cfg(feature = "ssr")]
pub mod rules {
    //! When a panel member may do what, beyond `domain::access`.

    use domain::Case;
    use domain::lifecycle::{Involvement, Phase};
    use storage::invitations::InvitationState;

    /// A review is open to the panel while the complaint is at Stage 2 (with the
    /// Ombudsman too: the file can be read, and the domain refuses a view while the case
    /// is locked).
    pub fn review_under_way(case: &Case) -> bool {
        case.as_complaint()
            .is_some_and(|c| *c.phase() == Phase::Stage2)
    }

    /// The member may read the file: they accepted (or have answered) and the review is
    /// under way.
    pub fn may_open(state: InvitationState, case: &Case) -> bool {
        matches!(
            state,
            InvitationState::Accepted | InvitationState::ViewGiven
        ) && review_under_way(case)
    }

    /// The copy of a shared file that an approval covers: the file is still shared, its
    /// copy is the one approved (same bytes), and the approval named it.
    pub fn approved_copy<'a>(
        approval: &storage::redaction::Approval,
        attachments: &'a [storage::attachments::Attachment],
        token: &str,
    ) -> Option<&'a storage::attachments::SharedCopy> {
        let attachment = attachments.iter().find(|a| a.token == token)?;
        let copy = attachment
            .shared_copy
            .as_ref()
            .filter(|_| attachment.shareable)?;
        approval
            .files
            .iter()
            .any(|f| f.token == token && f.sha256 == copy.sha256)
            .then_some(copy)
    }

    /// The member may give their view: accepted, and the case still waits for their view
    /// (or recorded it but the view itself was not kept: see [`super::give_view`]).
    pub fn may_give_view(state: InvitationState, case: &Case, member: &domain::UserId) -> bool {
        state == InvitationState::Accepted
            && review_under_way(case)
            && case
                .as_complaint()
                .and_then(|c| c.stage2())
                .is_some_and(|r| {
                    matches!(&r.involvement,
                    Involvement::Invited { member: m } | Involvement::ViewRecorded { member: m, .. }
                    if m == member)
                })
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::cases::guard::{self, CaseAccess};
    use crate::error::AppError;
    use domain::Role;
    use domain::access::Action;
    use storage::panel::Invitation;

    /// The signed-in panel member's standing on a case, with their invitation.
    pub struct MemberAccess {
        pub access: CaseAccess,
        pub invitation: Invitation,
    }

    /// Checks `action` for a panel member on a case they were invited to. Anyone else, and
    /// a member without a live invitation, is answered as for a missing case.
    pub async fn member(reference: &str, action: Action) -> Result<MemberAccess, AppError> {
        let access = guard::case_access(reference, action).await?;
        if access.account.role != Role::InvolvedCustomer {
            return Err(AppError::NotFound);
        }
        let state = crate::state::app_state()?;
        let invitation = storage::panel::invitation(&state.db, access.id, access.account.id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(MemberAccess { access, invitation })
    }
}

/// The signed-in panel member's reviews: invitations waiting for an answer, accepted, or
/// answered with a view, on reviews still under way. Newest first.
#[server(endpoint = "my_invitations")]
pub async fn my_invitations() -> Result<Vec<InvitationLine>, AppError> {
    use storage::invitations::InvitationState as S;
    let account = crate::auth::session::require_account().await?;
    if account.role != domain::Role::InvolvedCustomer {
        return Err(AppError::Forbidden);
    }
    let state = crate::state::app_state()?;
    let lines = storage::panel::for_member(&state.db, account.id).await?;
    Ok(lines
        .into_iter()
        .filter(|line| line.phase == "stage2")
        .map(|line| {
            let invitation = &line.invitation;
            InvitationLine {
                reference: line.reference.to_string(),
                invited_on: written_date(invitation.invited_at),
                state: invitation.state.as_str().to_owned(),
                status: match invitation.state {
                    S::Invited => "Waiting for your answer".to_owned(),
                    S::Accepted => "Accepted: your view is needed".to_owned(),
                    _ => format!(
                        "You gave your view on {}",
                        invitation.answered_at.map(written_date).unwrap_or_default()
                    ),
                },
                review_due: line.next_due.map(domain::deadlines::long_date),
                view_needed_by: matches!(invitation.state, S::Invited | S::Accepted).then(|| {
                    let response_due = line
                        .next_due
                        .filter(|_| line.next_step.as_deref() == Some("respond"));
                    domain::deadlines::long_date(domain::involvement::view_needed_by(
                        &state.calendar.current(),
                        domain::london::to_london(invitation.invited_at).date(),
                        response_due,
                    ))
                }),
            }
        })
        .collect())
}

/// Accepts (`answer=accept`) or declines (`answer=decline`) an invitation to a review.
/// Accepting opens the review file; declining takes the member off the review at once.
#[server(endpoint = "answer_invitation")]
pub async fn answer_invitation(reference: String, answer: String) -> Result<(), AppError> {
    use domain::TimelineItem;
    use domain::access::Action;
    use storage::invitations::InvitationState as S;
    let member = ssr::member(&reference, Action::RecordInvolvedView).await?;
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    let invitation = &member.invitation;
    let answered = || {
        AppError::validation(
            "answer",
            "You have already answered this invitation: see your reviews for where it stands",
        )
    };
    match answer.as_str() {
        "accept" => {
            let stored =
                storage::cases::load(&state.db, member.access.id, &state.calendar.current())
                    .await?;
            if !rules::review_under_way(&stored.case) {
                return Err(AppError::NotFound);
            }
            storage::panel::move_invitation(
                &state.db,
                invitation.id,
                &[S::Invited],
                S::Accepted,
                now,
            )
            .await
            .map_err(|e| match e {
                storage::StorageError::Conflict => answered(),
                other => other.into(),
            })?;
            tracing::info!(user = member.access.account.id, %reference, "panel invitation accepted");
            leptos_axum::redirect(&format!("/panel/{}", stored.reference));
        }
        "decline" => {
            if !matches!(invitation.state, S::Invited | S::Accepted) {
                return Err(answered());
            }
            let mut stored =
                storage::cases::load(&state.db, member.access.id, &state.calendar.current())
                    .await?;
            let domain::Case::Complaint(complaint) = &mut stored.case else {
                return Err(AppError::NotFound);
            };
            let event = complaint
                .involved_customer_declined(&member.access.actor)
                .map_err(|e| AppError::validation("answer", e))?;
            let account = &member.access.account;
            let who = storage::cases::Who::account(account.id, account.role, &account.display_name);
            storage::cases::save(
                &state.db,
                member.access.id,
                stored.version,
                &stored.case,
                &[(who, TimelineItem::Transition { event, note: None })],
                now,
                &state.calendar.current(),
            )
            .await?;
            storage::panel::move_invitation(
                &state.db,
                invitation.id,
                &[S::Invited, S::Accepted],
                S::Declined,
                now,
            )
            .await?;
            tracing::info!(user = account.id, %reference, "panel invitation declined");
            leptos_axum::redirect("/panel");
        }
        _ => {
            return Err(AppError::validation(
                "answer",
                "Choose whether to accept or decline the invitation",
            ));
        }
    }
    Ok(())
}

/// The redacted review file. For the invited panel member (once they accepted) every call
/// is an opening, recorded on the case's timeline; staff who may see the case in full may
/// look at it too, unrecorded.
#[server(endpoint = "review_file")]
pub async fn review_file(reference: String) -> Result<RedactedFile, AppError> {
    use domain::TimelineItem;
    use domain::access::Action;
    use storage::invitations::InvitationState as S;
    let access = crate::cases::guard::case_access(&reference, Action::ViewRedactedCase).await?;
    let state = crate::state::app_state()?;
    let stored = storage::cases::load(&state.db, access.id, &state.calendar.current()).await?;
    let account = &access.account;
    if access.sees_record() {
        access
            .note_view(storage::case_views::Viewed::RedactedReview)
            .await?;
        let mut file = file::build(&state, &stored).await?;
        file.staff_preview = true;
        return Ok(file);
    }
    if account.role != domain::Role::InvolvedCustomer {
        return Err(AppError::NotFound);
    }
    let invitation = storage::panel::invitation(&state.db, access.id, account.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !rules::review_under_way(&stored.case) {
        return Err(AppError::NotFound);
    }
    if invitation.state == S::Invited {
        return Err(AppError::validation(
            "answer",
            "Accept the invitation on your reviews page before you read the file",
        ));
    }
    if !rules::may_open(invitation.state, &stored.case) {
        return Err(AppError::NotFound);
    }
    access
        .note_view(storage::case_views::Viewed::RedactedReview)
        .await?;
    // The file as the complaints manager last approved it, never the case as it stands.
    let Some(approval) = storage::redaction::approval(&state.db, access.id).await? else {
        return Err(AppError::validation(
            "answer",
            "The file is being checked before you can read it: please come back later",
        ));
    };
    let mut file = file::approved_file(&approval)?;
    // A file staff stopped sharing since (or whose copy changed) is no longer offered.
    let attachments = storage::attachments::for_case(&state.db, access.id).await?;
    file.shared_files
        .retain(|shared| rules::approved_copy(&approval, &attachments, &shared.token).is_some());
    let who = storage::cases::Who::account(account.id, account.role, &account.display_name);
    storage::cases::append(
        &state.db,
        access.id,
        &who,
        &TimelineItem::RedactedFileOpened,
        crate::clock::now(),
    )
    .await?;
    tracing::info!(user = account.id, %reference, "redacted review file opened");
    file.may_give_view = rules::may_give_view(invitation.state, &stored.case, &access.actor.id);
    file.own_view = storage::panel::views(&state.db, &[invitation.id])
        .await?
        .first()
        .map(view_line);
    Ok(file)
}

/// Gives the panel member's independent view: checked by the domain, recorded on the case
/// with the lifecycle's transition (saved against the version just read, so a change made
/// meanwhile is never overwritten), kept with its answers, and the invitation closed as
/// answered. Then back to their reviews.
///
/// The case is saved first and the view kept second: should keeping the view fail after
/// the case was saved, sending the form again keeps the view without recording the
/// transition twice.
#[server(endpoint = "give_view")]
pub async fn give_view(
    reference: String,
    #[server(default)] thorough: Option<String>,
    #[server(default)] points_answered: Option<String>,
    #[server(default)] evidence_supports: Option<String>,
    #[server(default)] remedy_right: Option<String>,
    #[server(default)] comments: Option<String>,
) -> Result<(), AppError> {
    use domain::TransitionError;
    use domain::access::Action;
    use domain::involvement::{IndependentView, ViewError, ViewInput};
    use domain::lifecycle::Involvement;
    use storage::invitations::InvitationState as S;
    let typed = crate::refusal::Typed::new(&[
        ("thorough", thorough.as_deref()),
        ("points_answered", points_answered.as_deref()),
        ("evidence_supports", evidence_supports.as_deref()),
        ("remedy_right", remedy_right.as_deref()),
        ("comments", comments.as_deref()),
    ]);
    let result = async {
        let member = ssr::member(&reference, Action::RecordInvolvedView).await?;
        let state = crate::state::app_state()?;
        let mut stored = storage::cases::load(&state.db, member.access.id, &state.calendar.current()).await?;
        if !rules::review_under_way(&stored.case) {
            return Err(AppError::NotFound);
        }
        match member.invitation.state {
            S::Accepted => {}
            S::Invited => {
                return Err(AppError::validation(
                    "action",
                    "Accept the invitation before you give your view",
                ));
            }
            _ => {
                return Err(AppError::validation(
                    "action",
                    "You have already given your view on this review: it cannot be changed",
                ));
            }
        }
        let evidence_shared = file::evidence_shared(&state.db, member.access.id).await?;
        let view = IndependentView::check(ViewInput {
            thorough: thorough.as_deref(),
            points_answered: points_answered.as_deref(),
            evidence_supports: evidence_supports.as_deref(),
            remedy_right: remedy_right.as_deref(),
            comments: comments.as_deref(),
            evidence_shared,
        })
        .map_err(|problems| {
            AppError::of_problems(problems.into_iter().map(|e| {
                let field = match e {
                    ViewError::Unanswered(q) => question_field(q),
                    ViewError::CommentsNeeded | ViewError::CommentsTooLong => "comments",
                };
                (field, e)
            }))
        })?;
        let now = crate::clock::now();
        let today = domain::london::to_london(now).date();
        let actor = member.access.actor.clone();
        let domain::Case::Complaint(complaint) = &mut stored.case else {
            return Err(AppError::NotFound);
        };
        match complaint.record_involved_view(&actor, today) {
            Ok(event) => {
                let account = &member.access.account;
                let who = storage::cases::Who::account(account.id, account.role, &account.display_name);
                let entry = domain::TimelineItem::Transition { event, note: None };
                storage::cases::save(
                    &state.db,
                    member.access.id,
                    stored.version,
                    &stored.case,
                    &[(who, entry)],
                    now,
                    &state.calendar.current(),
                )
                .await?;
            }
            // Recorded on the case by an earlier send whose view was not kept: keep it now.
            Err(TransitionError::NotTheInvitedMember)
                if complaint.stage2().is_some_and(|r| {
                    matches!(&r.involvement, Involvement::ViewRecorded { member, .. } if *member == actor.id)
                }) => {}
            Err(e) => return Err(AppError::validation("action", e)),
        }
        storage::panel::record_view(&state.db, member.invitation.id, &view, now)
            .await
            .map_err(|e| match e {
                storage::StorageError::Conflict => AppError::validation(
                    "action",
                    "You have already given your view on this review: it cannot be changed",
                ),
                other => other.into(),
            })?;
        tracing::info!(user = member.access.account.id, %reference, "involved customer's view given");
        leptos_axum::redirect("/panel?view=given");
        Ok(())
    }
    .await;
    typed.keep_on_refusal(
        "/panel",
        &reference,
        "",
        <GiveView as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// The form field of each question.
pub fn question_field(question: domain::involvement::Question) -> &'static str {
    use domain::involvement::Question;
    match question {
        Question::Thorough => "thorough",
        Question::PointsAnswered => "points_answered",
        Question::EvidenceSupports => "evidence_supports",
        Question::RemedyRight => "remedy_right",
    }
}

/// The involved customer's part in a case for the staff case page: each invitation, how
/// often the file was opened, and the view given. Staff who may see the case only.
#[server(endpoint = "involvement_for_staff")]
pub async fn involvement_for_staff(reference: String) -> Result<StaffInvolvement, AppError> {
    use domain::TimelineItem;
    use domain::access::Action;
    let access = crate::cases::guard::case_access(&reference, Action::ViewCaseRecord).await?;
    let state = crate::state::app_state()?;
    let stored = storage::cases::load(&state.db, access.id, &state.calendar.current()).await?;
    let invitations = storage::panel::for_case(&state.db, access.id).await?;
    let ids: Vec<i32> = invitations.iter().map(|i| i.id).collect();
    let views = storage::panel::views(&state.db, &ids).await?;
    let openings: Vec<_> = if invitations.is_empty() {
        Vec::new()
    } else {
        storage::cases::timeline(&state.db, access.id, false)
            .await?
            .into_iter()
            .filter(|e| e.item == TimelineItem::RedactedFileOpened)
            .collect()
    };
    let approval = if rules::review_under_way(&stored.case) {
        let built = file::build_full(&state.db, &state.calendar.current(), &stored).await?;
        let approval = storage::redaction::approval(&state.db, access.id).await?;
        match crate::redaction::ssr::approval_state(&built, approval.as_ref()) {
            crate::redaction::ApprovalState::NotApproved => {
                "Not yet approved: a panel member sees nothing until the complaints manager checks and approves the redacted file".to_owned()
            }
            crate::redaction::ApprovalState::Current { by, on, .. } => {
                format!("Approved by {by} on {on}")
            }
            crate::redaction::ApprovalState::Stale { by, on, .. } => format!(
                "Approved by {by} on {on}, but the case has changed since: the panel sees the file as approved until it is approved again"
            ),
        }
    } else {
        String::new()
    };
    let mut lines = Vec::new();
    for invitation in &invitations {
        let member = storage::accounts::find(&state.db, invitation.member_id).await?;
        let name = member.map_or_else(|| "A former panel member".to_owned(), |a| a.display_name);
        let theirs: Vec<_> = openings
            .iter()
            .filter(|e| e.actor_name.as_deref() == Some(name.as_str()))
            .collect();
        lines.push(StaffInvitationLine {
            invited_on: written_date(invitation.invited_at),
            status: state_words(invitation.state).to_owned(),
            openings: match theirs.last() {
                None => "Has not opened the file".to_owned(),
                Some(last) => format!(
                    "Opened the file {} {}, last on {}",
                    theirs.len(),
                    if theirs.len() == 1 { "time" } else { "times" },
                    written_date(last.at)
                ),
            },
            view: views
                .iter()
                .find(|v| v.invitation_id == invitation.id)
                .map(view_line),
            member: name,
        });
    }
    Ok(StaffInvolvement {
        invitations: lines,
        resident_declined: stored
            .case
            .as_complaint()
            .is_some_and(|c| c.involvement_declined()),
        file_open: rules::review_under_way(&stored.case),
        may_manage_panel: members::may_manage_panel(access.account.role),
        may_approve: domain::access::permits(
            &access.actor,
            &access.relation,
            Action::ApproveRedaction,
        ),
        approval,
    })
}
