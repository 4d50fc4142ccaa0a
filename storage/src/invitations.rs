//! Involved-customer invitations to a Stage 2 review. An invitation that is open (invited,
//! accepted) or answered (view given) is what lets a panel member see the redacted case.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::cases::CaseId;
use crate::entities::invitations;
use crate::{Db, StorageError};

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    Invited,
    Accepted,
    Declined,
    /// The resident declined involvement, or staff withdrew it.
    Withdrawn,
    ViewGiven,
}

impl InvitationState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::ViewGiven => "view_given",
        }
    }

    /// States in which the member may open the redacted file.
    pub const GRANTING: [InvitationState; 3] = [Self::Invited, Self::Accepted, Self::ViewGiven];
}

/// Records an invitation and queues the e-mail telling the member, in one transaction:
/// there is never an invitation the member was not told of. Returns the invitation's id.
/// (The invite step keeps both with the case's transition: [`crate::cases::Also`].)
pub async fn invite(
    db: &Db,
    case_id: CaseId,
    member_id: i32,
    invited_by: Option<i32>,
    tell: Option<&crate::outbox::NewMessage>,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    let txn = db.conn().begin().await?;
    let new = NewInvitation {
        member_id,
        invited_by,
        tell: tell.cloned(),
    };
    let id = invite_in(&txn, case_id, &new, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// An invitation a step makes (see [`crate::cases::StepWrites`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub member_id: i32,
    pub invited_by: Option<i32>,
    /// The e-mail that tells the member.
    pub tell: Option<crate::outbox::NewMessage>,
}

/// [`invite`] inside the caller's transaction.
pub(crate) async fn invite_in(
    conn: &impl sea_orm::ConnectionTrait,
    case_id: CaseId,
    new: &NewInvitation,
    now: DateTime<Utc>,
) -> Result<i32, StorageError> {
    let row = invitations::ActiveModel {
        case_id: Set(case_id.0),
        member_id: Set(new.member_id),
        invited_by: Set(new.invited_by),
        invited_at: Set(now),
        state: Set(InvitationState::Invited.as_str().to_owned()),
        answered_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    if let Some(message) = &new.tell {
        crate::outbox::enqueue_in(conn, message, now).await?;
    }
    Ok(row.id)
}

/// Moves every open invitation of a case to `state` (e.g. withdrawn when the resident
/// declines involvement). Returns how many changed.
pub async fn close_open(
    db: &Db,
    case_id: CaseId,
    state: InvitationState,
    now: DateTime<Utc>,
) -> Result<u64, StorageError> {
    close_open_in(db.conn(), case_id, state, now).await
}

/// [`close_open`] on the caller's connection or transaction.
pub(crate) async fn close_open_in(
    conn: &impl sea_orm::ConnectionTrait,
    case_id: CaseId,
    state: InvitationState,
    now: DateTime<Utc>,
) -> Result<u64, StorageError> {
    use sea_orm::sea_query::Expr;
    let result = invitations::Entity::update_many()
        .col_expr(invitations::Column::State, Expr::value(state.as_str()))
        .col_expr(invitations::Column::AnsweredAt, Expr::value(Some(now)))
        .filter(invitations::Column::CaseId.eq(case_id.0))
        .filter(invitations::Column::State.is_in([
            InvitationState::Invited.as_str(),
            InvitationState::Accepted.as_str(),
        ]))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
