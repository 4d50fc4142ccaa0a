//! The tenant panel: who is on it, the invitations its members answer, and the independent
//! views they give.
//!
//! Invitations are made with the step that invites, in its transaction
//! ([`crate::cases::Also::invitation`]), and closed in bulk with [`crate::invitations::close_open`]. Here an
//! invitation moves one step at a time, and only from the state the caller expects: a
//! member who accepts an invitation that was withdrawn meanwhile changes nothing and gets
//! [`StorageError::Conflict`].

use chrono::{DateTime, NaiveDate, Utc};
use domain::CaseReference;
use domain::Role;
use domain::involvement::{IndependentView, ViewInput};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::accounts::{self, Account};
use crate::cases::CaseId;
use crate::entities::{cases, invitations, involved_views};
use crate::invitations::InvitationState;
use crate::{Db, StorageError};

/// An invitation as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: i32,
    pub case_id: CaseId,
    pub member_id: i32,
    pub invited_by: Option<i32>,
    pub invited_at: DateTime<Utc>,
    pub state: InvitationState,
    /// When it was accepted, declined, withdrawn or answered with a view.
    pub answered_at: Option<DateTime<Utc>>,
}

/// One of a member's invitations with what a list needs of its case (never who it is
/// about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInvitation {
    pub invitation: Invitation,
    pub reference: CaseReference,
    /// The case's phase code (`stage2`, `closed`, …).
    pub phase: String,
    /// The next date the landlord owes the customer something on the case.
    pub next_due: Option<NaiveDate>,
    /// The step that date is for (`respond`, `acknowledge`, …).
    pub next_step: Option<String>,
}

/// A view as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenView {
    pub invitation_id: i32,
    pub given_at: DateTime<Utc>,
    pub view: IndependentView,
}

/// A panel member with how busy they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelMember {
    pub account: Account,
    /// Invitations waiting for an answer or accepted and not yet answered with a view.
    pub open_invitations: u64,
    pub views_given: u64,
}

fn state_of(code: &str) -> Result<InvitationState, StorageError> {
    [
        InvitationState::Invited,
        InvitationState::Accepted,
        InvitationState::Declined,
        InvitationState::Withdrawn,
        InvitationState::ViewGiven,
    ]
    .into_iter()
    .find(|s| s.as_str() == code)
    .ok_or_else(|| StorageError::Corrupt(format!("invitation state {code:?}")))
}

fn to_invitation(row: invitations::Model) -> Result<Invitation, StorageError> {
    Ok(Invitation {
        id: row.id,
        case_id: CaseId(row.case_id),
        member_id: row.member_id,
        invited_by: row.invited_by,
        invited_at: row.invited_at,
        state: state_of(&row.state)?,
        answered_at: row.answered_at,
    })
}

/// The enabled involved-customer accounts, by name, each with their open invitations and
/// the views they have given (two queries, however many members).
pub async fn members(db: &Db) -> Result<Vec<PanelMember>, StorageError> {
    let accounts = accounts::with_roles(db, &[Role::InvolvedCustomer]).await?;
    let counts: Vec<(i32, String, i64)> = invitations::Entity::find()
        .select_only()
        .column(invitations::Column::MemberId)
        .column(invitations::Column::State)
        .column_as(invitations::Column::Id.count(), "n")
        .filter(invitations::Column::MemberId.is_in(accounts.iter().map(|a| a.id)))
        .group_by(invitations::Column::MemberId)
        .group_by(invitations::Column::State)
        .into_tuple()
        .all(db.conn())
        .await?;
    Ok(accounts
        .into_iter()
        .map(|account| {
            let count = |states: &[InvitationState]| {
                counts
                    .iter()
                    .filter(|(member, state, _)| {
                        *member == account.id && states.iter().any(|s| s.as_str() == state)
                    })
                    .map(|(_, _, n)| u64::try_from(*n).unwrap_or_default())
                    .sum()
            };
            PanelMember {
                open_invitations: count(&[InvitationState::Invited, InvitationState::Accepted]),
                views_given: count(&[InvitationState::ViewGiven]),
                account,
            }
        })
        .collect())
}

/// A member's invitations that still give them a part to play (invited, accepted, or
/// answered with a view), newest first, with their cases' references (two queries).
pub async fn for_member(db: &Db, member_id: i32) -> Result<Vec<MemberInvitation>, StorageError> {
    let rows = invitations::Entity::find()
        .filter(invitations::Column::MemberId.eq(member_id))
        .filter(invitations::Column::State.is_in(InvitationState::GRANTING.map(|s| s.as_str())))
        .order_by_desc(invitations::Column::InvitedAt)
        .order_by_desc(invitations::Column::Id)
        .all(db.conn())
        .await?;
    let case_rows = cases::Entity::find()
        .filter(cases::Column::Id.is_in(rows.iter().map(|r| r.case_id)))
        .all(db.conn())
        .await?;
    rows.into_iter()
        .map(|row| {
            let case = case_rows
                .iter()
                .find(|c| c.id == row.case_id)
                .ok_or(StorageError::NotFound)?;
            Ok(MemberInvitation {
                reference: crate::cases::reference_of(case)?,
                phase: case.phase.clone(),
                next_due: case.next_due,
                next_step: case.next_step.clone().filter(|s| !s.is_empty()),
                invitation: to_invitation(row)?,
            })
        })
        .collect()
}

/// The member's invitation to this case, if they have one (one per member and case).
pub async fn invitation(
    db: &Db,
    case_id: CaseId,
    member_id: i32,
) -> Result<Option<Invitation>, StorageError> {
    invitations::Entity::find()
        .filter(invitations::Column::CaseId.eq(case_id.0))
        .filter(invitations::Column::MemberId.eq(member_id))
        .one(db.conn())
        .await?
        .map(to_invitation)
        .transpose()
}

/// Every invitation of a case, oldest first.
pub async fn for_case(db: &Db, case_id: CaseId) -> Result<Vec<Invitation>, StorageError> {
    invitations::Entity::find()
        .filter(invitations::Column::CaseId.eq(case_id.0))
        .order_by_asc(invitations::Column::InvitedAt)
        .order_by_asc(invitations::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_invitation)
        .collect()
}

/// Moves an invitation to `to`, only if it is in one of `from`. Another state is a
/// [`StorageError::Conflict`]; no such invitation, [`StorageError::NotFound`].
pub async fn move_invitation(
    db: &Db,
    invitation_id: i32,
    from: &[InvitationState],
    to: InvitationState,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let result = invitations::Entity::update_many()
        .col_expr(invitations::Column::State, Expr::value(to.as_str()))
        .col_expr(invitations::Column::AnsweredAt, Expr::value(Some(now)))
        .filter(invitations::Column::Id.eq(invitation_id))
        .filter(invitations::Column::State.is_in(from.iter().map(|s| s.as_str())))
        .exec(db.conn())
        .await?;
    if result.rows_affected == 1 {
        return Ok(());
    }
    let exists = invitations::Entity::find_by_id(invitation_id)
        .one(db.conn())
        .await?
        .is_some();
    Err(if exists {
        StorageError::Conflict
    } else {
        StorageError::NotFound
    })
}

/// Keeps a member's view and closes their invitation as answered, together. Only an
/// accepted invitation takes a view: anything else (not yet accepted, declined, withdrawn,
/// already answered) is a [`StorageError::Conflict`] and nothing is written.
pub async fn record_view(
    db: &Db,
    invitation_id: i32,
    view: &IndependentView,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    use domain::involvement::Question as Q;
    let txn = db.conn().begin().await?;
    let moved = invitations::Entity::update_many()
        .col_expr(
            invitations::Column::State,
            Expr::value(InvitationState::ViewGiven.as_str()),
        )
        .col_expr(invitations::Column::AnsweredAt, Expr::value(Some(now)))
        .filter(invitations::Column::Id.eq(invitation_id))
        .filter(invitations::Column::State.eq(InvitationState::Accepted.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(StorageError::Conflict);
    }
    involved_views::ActiveModel {
        invitation_id: Set(invitation_id),
        thorough: Set(code(view, Q::Thorough)),
        points_answered: Set(code(view, Q::PointsAnswered)),
        // Blank when the question was not asked (no evidence was shared).
        evidence_supports: Set(code(view, Q::EvidenceSupports)),
        remedy_right: Set(code(view, Q::RemedyRight)),
        comments: Set(view.comments().unwrap_or_default().to_owned()),
        given_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A question's stored answer: its code, or blank when it was not asked (the evidence
/// question, when no evidence was shared).
fn code(view: &IndependentView, question: domain::involvement::Question) -> String {
    view.answer(question)
        .map_or("", domain::involvement::Answer::as_str)
        .to_owned()
}

/// The views given on these invitations (one query).
pub async fn views(db: &Db, invitation_ids: &[i32]) -> Result<Vec<GivenView>, StorageError> {
    if invitation_ids.is_empty() {
        return Ok(Vec::new());
    }
    involved_views::Entity::find()
        .filter(involved_views::Column::InvitationId.is_in(invitation_ids.iter().copied()))
        .order_by_asc(involved_views::Column::GivenAt)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| {
            let view = IndependentView::parse(ViewInput {
                thorough: Some(&row.thorough),
                points_answered: Some(&row.points_answered),
                evidence_supports: Some(&row.evidence_supports),
                remedy_right: Some(&row.remedy_right),
                comments: Some(&row.comments),
                evidence_shared: !row.evidence_supports.is_empty(),
            })
            .map_err(|e| {
                StorageError::Corrupt(format!("view on invitation {}: {e}", row.invitation_id))
            })?;
            Ok(GivenView {
                invitation_id: row.invitation_id,
                given_at: row.given_at,
                view,
            })
        })
        .collect()
}
