//! Involved customers (tenant panel members, SPEC section 1): their invitations to Stage 2
//! reviews, the redacted review file they read, and the independent view they give; and
//! the panel's part in a case as staff see it.
//!
//! A panel member reaches a case only through [`crate::cases::reach`], which answers a case
//! they were not invited to (or whose invitation was declined or withdrawn) exactly as one
//! that does not exist. What a member reads is the file the complaints manager approved
//! ([`crate::redaction`]), never the case as it stands, and never the staff view of it.
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

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::{Action, CaseRelation};
use domain::form::checks::Problems;
use domain::involvement::{IndependentView, Question, ViewError, ViewInput};
use domain::lifecycle::{Involvement, Phase};
use domain::{Case, CaseReference, TimelineItem, TransitionError};
use storage::invitations::InvitationState;
use storage::panel::{GivenView, Invitation};

use crate::cases::Reached;
use crate::redaction::ApprovalStanding;
use crate::steps::OnCase;
use crate::{Caller, Context, ServiceError};

pub use domain::redaction::file::{
    DateLine, FileEvent, PointLine, RedactedFile, ResponseLine, SharedFile, ViewLine,
};

/// A view as given, in words: every question, and "Not asked" for the one about the
/// evidence when none was shared.
pub fn view_line(given: &GivenView) -> ViewLine {
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

/// A moment as the file writes it: its day in London, written out.
pub(crate) fn written_date(at: DateTime<Utc>) -> String {
    domain::deadlines::long_date(domain::london::to_london(at).date())
}

/// A review is open to the panel while the complaint is at Stage 2 (with the Ombudsman
/// too: the file can be read, and the domain refuses a view while the case is locked).
pub fn review_under_way(case: &Case) -> bool {
    case.as_complaint()
        .is_some_and(|c| *c.phase() == Phase::Stage2)
}

/// The member may read the file, and the files shared with it: they accepted (or have
/// answered) and the review is under way.
pub fn may_open(state: InvitationState, case: &Case) -> bool {
    matches!(
        state,
        InvitationState::Accepted | InvitationState::ViewGiven
    ) && review_under_way(case)
}

/// The copy of a shared file that an approval covers: the file is still shared, its copy
/// is the one approved (same bytes), and the approval named it.
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

/// The member may give their view: accepted, and the case still waits for their view (or
/// recorded it but the view itself was not kept: see [`give_view`]).
fn may_give_view(state: InvitationState, case: &Case, member: &domain::UserId) -> bool {
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

/// How a panel member stands to a review they were invited to: what lets them give a view
/// on it ([`Action::RecordInvolvedView`]) is what only a panel member has.
const INVITED: CaseRelation = CaseRelation {
    is_invited_panel_member: true,
    ..CaseRelation::NONE
};

/// The caller's invitation to the case, when they are a panel member on it (only they may
/// give a view on it). Anyone else, and a member without an invitation, is answered as for
/// a missing case.
async fn invitation(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<Invitation, ServiceError> {
    if !caller.permits(case.relation(), Action::RecordInvolvedView) {
        return Err(ServiceError::NotFound);
    }
    let member = caller.user_id().ok_or(ServiceError::NotFound)?;
    storage::panel::invitation(ctx.db, case.id(), member)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// One of the panel member's reviews, for their list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberReview {
    pub reference: CaseReference,
    pub invitation: Invitation,
    /// The review's next deadline (contact, acknowledgement or response).
    pub review_due: Option<NaiveDate>,
    /// The day the member's view is needed by, while it is still to give.
    pub view_needed_by: Option<NaiveDate>,
}

/// The signed-in panel member's reviews: invitations waiting for an answer, accepted, or
/// answered with a view, on reviews still under way (at Stage 2). Newest first. For a panel
/// member only: anyone else is refused.
pub async fn my_reviews(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<Vec<MemberReview>, ServiceError> {
    caller.may(&INVITED, Action::RecordInvolvedView)?;
    let member = caller.account_id()?;
    let lines = storage::panel::for_member(ctx.db, member).await?;
    Ok(lines
        .into_iter()
        .filter(|line| line.phase == "stage2")
        .map(|line| {
            let invitation = line.invitation;
            let view_needed_by = matches!(
                invitation.state,
                InvitationState::Invited | InvitationState::Accepted
            )
            .then(|| {
                let response_due = line
                    .next_due
                    .filter(|_| line.next_step.as_deref() == Some("respond"));
                domain::involvement::view_needed_by(
                    ctx.calendar,
                    domain::london::to_london(invitation.invited_at).date(),
                    response_due,
                )
            });
            MemberReview {
                reference: line.reference,
                invitation,
                review_due: line.next_due,
                view_needed_by,
            }
        })
        .collect())
}

/// How the member answered an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// The review file is open to them: at this case's reference.
    Accepted(CaseReference),
    /// They are off the review.
    Declined,
}

/// Accepts (`answer` is `accept`) or declines (`decline`) the panel member's invitation to
/// the case's review. Accepting opens the review file, while the review is under way;
/// declining takes the member off the review at once, recorded on the case with the
/// lifecycle's transition (possible until they give their view). An invitation already
/// answered is refused at `answer`, as is any other answer.
pub async fn answer_invitation(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    answer: &str,
) -> Result<Answered, ServiceError> {
    use InvitationState as S;
    caller.may(case.relation(), Action::RecordInvolvedView)?;
    let invitation = invitation(ctx, caller, case).await?;
    let answered = || {
        ServiceError::invalid(
            "answer",
            "You have already answered this invitation: see your reviews for where it stands",
        )
    };
    match answer {
        "accept" => {
            let on_case = OnCase::read(ctx, case).await?;
            if !review_under_way(&on_case.stored.case) {
                return Err(ServiceError::NotFound);
            }
            storage::panel::move_invitation(
                ctx.db,
                invitation.id,
                &[S::Invited],
                S::Accepted,
                ctx.now,
            )
            .await
            .map_err(|e| match e {
                storage::StorageError::Conflict => answered(),
                other => other.into(),
            })?;
            let reference = on_case.stored.reference;
            tracing::info!(by = %caller, %reference, "panel invitation accepted");
            Ok(Answered::Accepted(reference))
        }
        "decline" => {
            if !matches!(invitation.state, S::Invited | S::Accepted) {
                return Err(answered());
            }
            let mut on_case = OnCase::read(ctx, case).await?;
            let stored = &mut on_case.stored;
            let Case::Complaint(complaint) = &mut stored.case else {
                return Err(ServiceError::NotFound);
            };
            let event = complaint
                .involved_customer_declined(caller.actor())
                .map_err(|e| ServiceError::invalid("answer", e))?;
            storage::cases::save(
                ctx.db,
                case.id(),
                stored.version,
                &stored.case,
                &[(caller.who(), TimelineItem::Transition { event, note: None })],
                ctx.now,
                ctx.calendar,
            )
            .await?;
            storage::panel::move_invitation(
                ctx.db,
                invitation.id,
                &[S::Invited, S::Accepted],
                S::Declined,
                ctx.now,
            )
            .await?;
            tracing::info!(by = %caller, reference = %stored.reference, "panel invitation declined");
            Ok(Answered::Declined)
        }
        _ => Err(ServiceError::invalid(
            "answer",
            "Choose whether to accept or decline the invitation",
        )),
    }
}

/// The redacted review file. Staff who may see the case's record get the file as the case
/// stands now, to check it (their looking is noted as a view of the case, not as an
/// opening). The invited panel member, once they accepted and while the review is under
/// way, gets the file as the complaints manager last approved it, never the case as it
/// stands, with only the shared files the approval still covers; every such call is an
/// opening, recorded on the case's timeline. Anyone else, and a member whose review has
/// ended, is answered as for a missing case; a member who has not accepted yet, or before
/// the first approval, is told why at `answer`.
pub async fn review_file(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
) -> Result<RedactedFile, ServiceError> {
    use storage::case_views::Viewed;
    caller.may(case.relation(), Action::ViewRedactedCase)?;
    let stored = OnCase::read(ctx, case).await?.stored;
    if caller.permits(case.relation(), Action::ViewCaseRecord) {
        crate::cases::note_view(ctx, caller, case, Viewed::RedactedReview).await?;
        let mut file = crate::redaction::build(ctx, &stored).await?.file;
        file.staff_preview = true;
        return Ok(file);
    }
    let invitation = invitation(ctx, caller, case).await?;
    if !review_under_way(&stored.case) {
        return Err(ServiceError::NotFound);
    }
    if invitation.state == InvitationState::Invited {
        return Err(ServiceError::invalid(
            "answer",
            "Accept the invitation on your reviews page before you read the file",
        ));
    }
    if !may_open(invitation.state, &stored.case) {
        return Err(ServiceError::NotFound);
    }
    crate::cases::note_view(ctx, caller, case, Viewed::RedactedReview).await?;
    let Some(mut file) = approved_for_panel(ctx, case).await? else {
        return Err(ServiceError::invalid(
            "answer",
            "The file is being checked before you can read it: please come back later",
        ));
    };
    storage::cases::append(
        ctx.db,
        case.id(),
        &caller.who(),
        &TimelineItem::RedactedFileOpened,
        ctx.now,
    )
    .await?;
    tracing::info!(by = %caller, reference = %stored.reference, "redacted review file opened");
    file.may_give_view = may_give_view(invitation.state, &stored.case, &caller.actor().id);
    file.own_view = storage::panel::views(ctx.db, &[invitation.id])
        .await?
        .first()
        .map(view_line);
    Ok(file)
}

/// The file a panel member reads: as the complaints manager last approved it, never the
/// case as it stands, with only the shared files whose copy the approval still covers (a
/// file staff stopped sharing since, or whose copy changed, is no longer offered). `None`
/// before the first approval.
async fn approved_for_panel(
    ctx: Context<'_>,
    case: &Reached,
) -> Result<Option<RedactedFile>, ServiceError> {
    let Some(approval) = storage::redaction::approval(ctx.db, case.id()).await? else {
        return Ok(None);
    };
    let mut file = crate::redaction::approved_file(&approval)?;
    let attachments = storage::attachments::for_case(ctx.db, case.id()).await?;
    file.shared_files
        .retain(|shared| approved_copy(&approval, &attachments, &shared.token).is_some());
    Ok(Some(file))
}

/// The answers a panel member gives on the view form: a code per question (`yes`,
/// `partly`, `no`) and their comments.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViewAnswers<'a> {
    pub thorough: Option<&'a str>,
    pub points_answered: Option<&'a str>,
    pub evidence_supports: Option<&'a str>,
    pub remedy_right: Option<&'a str>,
    pub comments: Option<&'a str>,
}

/// The form field of each question.
fn question_field(question: Question) -> &'static str {
    match question {
        Question::Thorough => "thorough",
        Question::PointsAnswered => "points_answered",
        Question::EvidenceSupports => "evidence_supports",
        Question::RemedyRight => "remedy_right",
    }
}

/// Gives the panel member's independent view: checked by the domain (the question about the
/// evidence is asked only when the file they read shares some), recorded on the case with the
/// lifecycle's transition (saved against the version just read, so a change made meanwhile
/// is never overwritten), kept with its answers, and the invitation closed as answered.
/// For the invited member who accepted, while the review is under way; every problem with
/// the answers at once, each at its question's field.
///
/// The case is saved first and the view kept second: should keeping the view fail after
/// the case was saved, sending the form again keeps the view without recording the
/// transition twice.
pub async fn give_view(
    ctx: Context<'_>,
    caller: &Caller,
    case: &Reached,
    answers: ViewAnswers<'_>,
) -> Result<(), ServiceError> {
    caller.may(case.relation(), Action::RecordInvolvedView)?;
    let invitation = invitation(ctx, caller, case).await?;
    let mut stored = OnCase::read(ctx, case).await?.stored;
    if !review_under_way(&stored.case) {
        return Err(ServiceError::NotFound);
    }
    let already_given = || {
        ServiceError::invalid(
            "action",
            "You have already given your view on this review: it cannot be changed",
        )
    };
    match invitation.state {
        InvitationState::Accepted => {}
        InvitationState::Invited => {
            return Err(ServiceError::invalid(
                "action",
                "Accept the invitation before you give your view",
            ));
        }
        _ => return Err(already_given()),
    }
    // Asked about the evidence only when the file they read shares some, as their form
    // asks: a file shared since the approval is not theirs to judge until it is approved.
    let evidence_shared = approved_for_panel(ctx, case)
        .await?
        .is_some_and(|file| !file.shared_files.is_empty());
    let view = IndependentView::check(ViewInput {
        thorough: answers.thorough,
        points_answered: answers.points_answered,
        evidence_supports: answers.evidence_supports,
        remedy_right: answers.remedy_right,
        comments: answers.comments,
        evidence_shared,
    })
    .map_err(|problems| {
        let mut gathered = Problems::<ServiceError>::default();
        for problem in problems {
            let field = match problem {
                ViewError::Unanswered(q) => question_field(q),
                ViewError::CommentsNeeded | ViewError::CommentsTooLong => "comments",
            };
            gathered.take::<()>(Err(ServiceError::invalid(field, problem)));
        }
        gathered.into_error().unwrap_or_else(|| {
            ServiceError::Internal("a view was refused without saying why".to_owned())
        })
    })?;
    let today = domain::london::to_london(ctx.now).date();
    let actor = caller.actor();
    let Case::Complaint(complaint) = &mut stored.case else {
        return Err(ServiceError::NotFound);
    };
    match complaint.record_involved_view(actor, today) {
        Ok(event) => {
            let entry = TimelineItem::Transition { event, note: None };
            storage::cases::save(
                ctx.db,
                case.id(),
                stored.version,
                &stored.case,
                &[(caller.who(), entry)],
                ctx.now,
                ctx.calendar,
            )
            .await?;
        }
        // Recorded on the case by an earlier send whose view was not kept: keep it now.
        Err(TransitionError::NotTheInvitedMember)
            if complaint.stage2().is_some_and(|r| {
                matches!(&r.involvement, Involvement::ViewRecorded { member, .. } if *member == actor.id)
            }) => {}
        Err(e) => return Err(ServiceError::invalid("action", e)),
    }
    storage::panel::record_view(ctx.db, invitation.id, &view, ctx.now)
        .await
        .map_err(|e| match e {
            storage::StorageError::Conflict => already_given(),
            other => other.into(),
        })?;
    tracing::info!(by = %caller, reference = %stored.reference, "involved customer's view given");
    Ok(())
}

/// One invitation on a case, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationOnCase {
    /// The member's name ("A former panel member" once their account is gone).
    pub member: String,
    pub invitation: Invitation,
    /// When the member opened the file, oldest first.
    pub openings: Vec<DateTime<Utc>>,
    pub view: Option<ViewLine>,
}

/// The panel's part in a case, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelPart {
    pub invitations: Vec<InvitationOnCase>,
    pub resident_declined: bool,
    /// The review is under way, so staff may look at the redacted file.
    pub file_open: bool,
    /// The caller runs the panel (adds its members).
    pub may_manage_panel: bool,
    /// The caller checks and approves the redacted file.
    pub may_approve: bool,
    /// Whether the approval in force covers the file as it stands, while the review is
    /// under way.
    pub approval: Option<ApprovalStanding>,
}

/// Whom an invitation names once the member's account is gone.
const FORMER_MEMBER: &str = "A former panel member";

/// The panel's part in a case for the staff case page: each invitation, when the member
/// opened the file, the view given, and where the approval of the redacted file stands.
/// For those who may see the case's record only. `case` is the case as the page read it.
pub async fn on_case(
    ctx: Context<'_>,
    caller: &Caller,
    case: &OnCase,
) -> Result<PanelPart, ServiceError> {
    caller.may(&case.relation, Action::ViewCaseRecord)?;
    let stored = &case.stored;
    let invitations = storage::panel::for_case(ctx.db, case.id).await?;
    let ids: Vec<i32> = invitations.iter().map(|i| i.id).collect();
    let views = storage::panel::views(ctx.db, &ids).await?;
    let openings: Vec<_> = if invitations.is_empty() {
        Vec::new()
    } else {
        storage::cases::timeline(ctx.db, case.id, false)
            .await?
            .into_iter()
            .filter(|e| e.item == TimelineItem::RedactedFileOpened)
            .collect()
    };
    let file_open = review_under_way(&stored.case);
    let approval = if file_open {
        let built = crate::redaction::build(ctx, stored).await?;
        let approval = storage::redaction::approval(ctx.db, case.id).await?;
        Some(crate::redaction::standing(&built, approval))
    } else {
        None
    };
    let members =
        storage::accounts::find_each(ctx.db, invitations.iter().map(|i| i.member_id)).await?;
    let lines = invitations
        .into_iter()
        .map(|invitation| {
            let name = members
                .get(&invitation.member_id)
                .map_or_else(|| FORMER_MEMBER.to_owned(), |a| a.display_name.clone());
            let theirs = openings
                .iter()
                .filter(|e| e.actor_id == Some(invitation.member_id))
                .map(|e| e.at)
                .collect();
            InvitationOnCase {
                view: views
                    .iter()
                    .find(|v| v.invitation_id == invitation.id)
                    .map(view_line),
                member: name,
                invitation,
                openings: theirs,
            }
        })
        .collect();
    Ok(PanelPart {
        invitations: lines,
        resident_declined: stored
            .case
            .as_complaint()
            .is_some_and(|c| c.involvement_declined()),
        file_open,
        may_manage_panel: caller.permits(&CaseRelation::NONE, Action::ManagePanel),
        may_approve: caller.permits(&case.relation, Action::ApproveRedaction),
        approval,
    })
}
