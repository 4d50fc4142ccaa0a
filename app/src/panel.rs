//! Involved customers (tenant panel members, SPEC section 1): their invitations to Stage 2
//! reviews, the redacted review file, and the independent view they give; the view as
//! staff see it on the case; and the panel's accounts ([`members`]).
//!
//! Every function here that names a case goes through [`crate::cases::guard::case_access`]:
//! a panel member who was not invited to a review (or whose invitation was declined or
//! withdrawn) gets exactly the answer for a case that does not exist. The use cases, and
//! the rules we chose where SPEC is silent, are `service::panel`'s; what a panel member
//! sees of a case is built by `service::redaction` through the domain's redactor, never
//! from the staff view of it.

pub mod members;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use domain::redaction::file::{
    DateLine, FileEvent, PointLine, RedactedFile, ResponseLine, SharedFile, ViewLine,
};

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

/// The signed-in panel member's reviews: invitations waiting for an answer, accepted, or
/// answered with a view, on reviews still under way. Newest first.
#[server(endpoint = "my_invitations")]
pub async fn my_invitations() -> Result<Vec<InvitationLine>, AppError> {
    use storage::invitations::InvitationState as S;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let reviews = service::panel::my_reviews(scope.ctx(), &caller).await?;
    Ok(reviews
        .into_iter()
        .map(|review| {
            let invitation = &review.invitation;
            InvitationLine {
                reference: review.reference.to_string(),
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
                review_due: review.review_due.map(domain::deadlines::long_date),
                view_needed_by: review.view_needed_by.map(domain::deadlines::long_date),
            }
        })
        .collect())
}

/// Accepts (`answer=accept`) or declines (`answer=decline`) an invitation to a review.
/// Accepting opens the review file; declining takes the member off the review at once.
#[server(endpoint = "answer_invitation")]
pub async fn answer_invitation(reference: String, answer: String) -> Result<(), AppError> {
    use service::panel::Answered;
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::RecordInvolvedView)
            .await?;
    let scope = crate::state::scope()?;
    match service::panel::answer_invitation(scope.ctx(), &access.caller, &access.reached, &answer)
        .await?
    {
        Answered::Accepted(reference) => leptos_axum::redirect(&format!("/panel/{reference}")),
        Answered::Declined => leptos_axum::redirect("/panel"),
    }
    Ok(())
}

/// The redacted review file. For the invited panel member (once they accepted) every call
/// is an opening, recorded on the case's timeline; staff who may see the case in full may
/// look at it too, unrecorded.
#[server(endpoint = "review_file")]
pub async fn review_file(reference: String) -> Result<RedactedFile, AppError> {
    let access =
        crate::cases::guard::case_access(&reference, domain::access::Action::ViewRedactedCase)
            .await?;
    let scope = crate::state::scope()?;
    Ok(service::panel::review_file(scope.ctx(), &access.caller, &access.reached).await?)
}

/// Gives the panel member's independent view (`service::panel::give_view`), then back to
/// their reviews.
#[server(endpoint = "give_view")]
pub async fn give_view(
    reference: String,
    #[server(default)] thorough: Option<String>,
    #[server(default)] points_answered: Option<String>,
    #[server(default)] evidence_supports: Option<String>,
    #[server(default)] remedy_right: Option<String>,
    #[server(default)] comments: Option<String>,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[
        ("thorough", thorough.as_deref()),
        ("points_answered", points_answered.as_deref()),
        ("evidence_supports", evidence_supports.as_deref()),
        ("remedy_right", remedy_right.as_deref()),
        ("comments", comments.as_deref()),
    ]);
    let result = async {
        let access = crate::cases::guard::case_access(
            &reference,
            domain::access::Action::RecordInvolvedView,
        )
        .await?;
        let scope = crate::state::scope()?;
        service::panel::give_view(
            scope.ctx(),
            &access.caller,
            &access.reached,
            service::panel::ViewAnswers {
                thorough: thorough.as_deref(),
                points_answered: points_answered.as_deref(),
                evidence_supports: evidence_supports.as_deref(),
                remedy_right: remedy_right.as_deref(),
                comments: comments.as_deref(),
            },
        )
        .await?;
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
    let read =
        crate::cases::guard::page_read(&reference, domain::access::Action::ViewCaseRecord).await?;
    staff_involvement(&read.scope, &read.access.caller, &read.case).await
}

/// [`involvement_for_staff`] for a case the page has read already.
#[cfg(feature = "ssr")]
pub(crate) async fn staff_involvement(
    scope: &crate::state::Scope,
    caller: &service::Caller,
    case: &service::steps::OnCase,
) -> Result<StaffInvolvement, AppError> {
    use crate::redaction::ApprovalState;
    let part = service::panel::on_case(scope.ctx(), caller, case).await?;
    let approval = match part.approval.map(crate::redaction::approval_state) {
        None => String::new(),
        Some(ApprovalState::NotApproved) => {
            "Not yet approved: a panel member sees nothing until the complaints manager checks and approves the redacted file".to_owned()
        }
        Some(ApprovalState::Current { by, on, .. }) => format!("Approved by {by} on {on}"),
        Some(ApprovalState::Stale { by, on, .. }) => format!(
            "Approved by {by} on {on}, but the case has changed since: the panel sees the file as approved until it is approved again"
        ),
    };
    Ok(StaffInvolvement {
        invitations: part
            .invitations
            .into_iter()
            .map(|line| StaffInvitationLine {
                invited_on: written_date(line.invitation.invited_at),
                status: state_words(line.invitation.state).to_owned(),
                openings: match line.openings.last() {
                    None => "Has not opened the file".to_owned(),
                    Some(last) => format!(
                        "Opened the file {} {}, last on {}",
                        line.openings.len(),
                        if line.openings.len() == 1 {
                            "time"
                        } else {
                            "times"
                        },
                        written_date(*last)
                    ),
                },
                view: line.view,
                member: line.member,
            })
            .collect(),
        resident_declined: part.resident_declined,
        file_open: part.file_open,
        may_manage_panel: part.may_manage_panel,
        may_approve: part.may_approve,
        approval,
    })
}
