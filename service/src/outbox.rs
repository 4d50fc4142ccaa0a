//! The outbox as people read it: every message the service wrote (e-mails and letters'
//! covering notes) with how its sending went, and each member of staff's own warnings and
//! reminders.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::CaseReference;
use domain::access::{Action, CaseRelation};
use storage::cases::CaseId;
use storage::outbox::Message;

use crate::{Caller, Context, ServiceError};

/// Messages as the caller may read them.
#[derive(Debug, Clone)]
pub struct Messages {
    pub messages: Vec<Message>,
    /// The reference of each message's case (one query for them all).
    pub references: HashMap<CaseId, CaseReference>,
    /// Whether the caller may read the wording of a message about a case (those who see
    /// cases as staff do); otherwise it is left out.
    pub reads_cases: bool,
}

async fn messages(
    ctx: Context<'_>,
    caller: &Caller,
    messages: Vec<Message>,
) -> Result<Messages, ServiceError> {
    let references =
        storage::cases::references_of(ctx.db, messages.iter().filter_map(|m| m.case_id)).await?;
    Ok(Messages {
        messages,
        references,
        reads_cases: caller.permits(&CaseRelation::NONE, Action::ViewCaseRecord),
    })
}

/// How many messages are waiting, being sent, sent and given up on; and the newest
/// `listed`.
pub async fn newest(
    ctx: Context<'_>,
    caller: &Caller,
    listed: u64,
) -> Result<([u64; 4], Messages), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ReadOutbox)?;
    let counts = storage::outbox::counts(ctx.db).await?;
    let newest = storage::outbox::newest(ctx.db, listed).await?;
    Ok((counts, messages(ctx, caller, newest).await?))
}

/// The warnings and reminders sent to the caller since `since`, newest first (at most
/// `listed`).
pub async fn my_warnings(
    ctx: Context<'_>,
    caller: &Caller,
    since: DateTime<Utc>,
    listed: u64,
) -> Result<Messages, ServiceError> {
    caller.may(&CaseRelation::NONE, Action::UseWorkQueue)?;
    let user = caller.account_id()?;
    let mine = storage::outbox::to_user_since(ctx.db, user, since, listed).await?;
    messages(ctx, caller, mine).await
}
