//! The outbox: every e-mail to a customer or a member of staff is first a row here, written
//! in the same transaction as the change that causes it, and sent later by the server's
//! mail worker.
//!
//! Rules:
//! - **Once only.** Each message has a dedupe key naming what caused it (`letter:17`,
//!   `warning:…`); a second message with the same key is not queued, so a retried change or
//!   a warning scan run twice adds nothing.
//! - **At most once on the wire.** A worker claims a message (`pending` → `sending`) before
//!   it talks to the mail server, and only one claim can win, however many app servers run.
//!   A message left `sending` by a worker that stopped mid-send is not sent again
//!   automatically: nobody can know whether the mail server took it. It shows on the outbox
//!   page as "may not have been sent".
//! - **Retries.** A failure the mail server calls temporary goes back to `pending` with a
//!   later attempt time (see [`backoff`]); a permanent one, or the last allowed attempt,
//!   ends as `failed` with the error kept for the outbox page.
//! - **No mail server.** Messages stay `pending` and readable on the outbox page.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::cases::CaseId;
use crate::entities::outbox;
use crate::{Db, StorageError};

/// After this many attempts a message is given up as failed.
pub const MAX_ATTEMPTS: i32 = 6;

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageState {
    Pending,
    Sending,
    Sent,
    Failed,
}

impl MessageState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    fn parse(code: &str) -> Result<Self, StorageError> {
        [Self::Pending, Self::Sending, Self::Sent, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == code)
            .ok_or_else(|| StorageError::Corrupt(format!("outbox state {code:?}")))
    }
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// What caused it; the same key is never queued twice.
    pub dedupe_key: String,
    pub case_id: Option<CaseId>,
    /// The member of staff or resident it is for, when they have an account.
    pub to_user_id: Option<i32>,
    /// `None` when we hold no address: kept, and shown on the outbox page, but not sent.
    pub to_email: Option<String>,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
}

impl NewMessage {
    /// A message to a customer about their case: e-mailed only where they chose e-mail, the
    /// same rule as their letters (never to someone who asked for calls instead of letters);
    /// otherwise kept on the outbox page, not sent.
    pub fn to_customer(
        customer: &crate::customers::Customer,
        case_id: CaseId,
        dedupe_key: String,
        (subject, body): (String, String),
    ) -> Self {
        let details = &customer.details;
        let emailed =
            domain::letters::delivery(details.preferred_contact, &details.adjustments).email;
        Self {
            dedupe_key,
            case_id: Some(case_id),
            to_user_id: customer.user_id,
            to_email: details
                .email
                .as_ref()
                .filter(|_| emailed)
                .map(|e| e.as_str().to_owned()),
            to_name: Some(details.name.clone()),
            subject,
            body,
        }
    }
}

/// A message as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub case_id: Option<CaseId>,
    pub to_user_id: Option<i32>,
    pub to_email: Option<String>,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
    pub dedupe_key: String,
    pub state: MessageState,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// A webhook delivery: the webhook it goes to.
    pub webhook_id: Option<i32>,
}

pub(crate) fn to_message(row: outbox::Model) -> Result<Message, StorageError> {
    Ok(Message {
        state: MessageState::parse(&row.state)?,
        id: row.id,
        created_at: row.created_at,
        case_id: row.case_id.map(CaseId),
        to_user_id: row.to_user_id,
        to_email: row.to_email,
        to_name: row.to_name,
        subject: row.subject,
        body: row.body,
        dedupe_key: row.dedupe_key,
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        sent_at: row.sent_at,
        last_error: row.last_error,
        webhook_id: row.webhook_id,
    })
}

/// Queues a message on `conn` (a transaction, so it is written with the change that causes
/// it). Returns whether it was new: `false` when its dedupe key was queued before.
pub async fn enqueue_in(
    conn: &impl ConnectionTrait,
    message: &NewMessage,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    insert(conn, message, None, now).await
}

/// Queues a webhook's delivery (`crate::webhooks`) as [`enqueue_in`] queues an e-mail.
pub(crate) async fn enqueue_for_webhook_in(
    conn: &impl ConnectionTrait,
    message: &NewMessage,
    webhook: i32,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    insert(conn, message, Some(webhook), now).await
}

async fn insert(
    conn: &impl ConnectionTrait,
    message: &NewMessage,
    webhook: Option<i32>,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    use sea_orm::ActiveValue::Set;
    let row = outbox::ActiveModel {
        created_at: Set(now),
        case_id: Set(message.case_id.map(|c| c.0)),
        to_user_id: Set(message.to_user_id),
        to_email: Set(message.to_email.clone()),
        to_name: Set(message.to_name.clone()),
        subject: Set(message.subject.clone()),
        body: Set(message.body.clone()),
        dedupe_key: Set(message.dedupe_key.clone()),
        state: Set(MessageState::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        last_error: Set(None),
        webhook_id: Set(webhook),
        ..Default::default()
    };
    let inserted = outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(inserted > 0)
}

/// Queues a message on its own.
pub async fn enqueue(
    db: &Db,
    message: &NewMessage,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    enqueue_in(db.conn(), message, now).await
}

/// Queues those of `messages` whose keys were never queued, all in one transaction, and
/// returns how many were new. The keys are looked up first, so a scan that finds nothing
/// new (the usual case, minute after minute) writes nothing at all.
pub async fn enqueue_new(
    db: &Db,
    messages: &[NewMessage],
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let keys: Vec<&str> = messages.iter().map(|m| m.dedupe_key.as_str()).collect();
    let known = known_keys(db, &keys).await?;
    let fresh: Vec<&NewMessage> = messages
        .iter()
        .filter(|m| !known.contains(&m.dedupe_key))
        .collect();
    if fresh.is_empty() {
        return Ok(0);
    }
    let txn = db.conn().begin().await?;
    let mut queued = 0;
    for message in fresh {
        // Another app server may have queued it since the look-up: then it is skipped here.
        queued += usize::from(enqueue_in(&txn, message, now).await?);
    }
    txn.commit().await?;
    Ok(queued)
}

/// Which of `keys` were queued before, looked up 500 at a time.
pub async fn known_keys(
    db: &Db,
    keys: &[&str],
) -> Result<std::collections::HashSet<String>, StorageError> {
    let mut known = std::collections::HashSet::new();
    for some in keys.chunks(500) {
        let found: Vec<String> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::DedupeKey)
            .filter(outbox::Column::DedupeKey.is_in(some.iter().copied()))
            .into_tuple()
            .all(db.conn())
            .await?;
        known.extend(found);
    }
    Ok(known)
}

/// The pending messages with an address whose attempt time has come, oldest first, at
/// most `limit`.
pub async fn due(db: &Db, now: DateTime<Utc>, limit: u64) -> Result<Vec<Message>, StorageError> {
    outbox::Entity::find()
        .filter(outbox::Column::State.eq(MessageState::Pending.as_str()))
        .filter(outbox::Column::ToEmail.is_not_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_message)
        .collect()
}

/// Claims a pending message for sending. Only one claim can succeed; `false` means another
/// worker has it (or it is no longer pending).
pub async fn claim(db: &Db, id: i64) -> Result<bool, StorageError> {
    let result = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::State,
            Expr::value(MessageState::Sending.as_str()),
        )
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::State.eq(MessageState::Pending.as_str()))
        .exec(db.conn())
        .await?;
    Ok(result.rows_affected == 1)
}

/// The mail server took a claimed message.
pub async fn mark_sent(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), StorageError> {
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::State,
            Expr::value(MessageState::Sent.as_str()),
        )
        .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::State.eq(MessageState::Sending.as_str()))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// How long to wait before attempt `attempts + 1`: 1, 4, 16, 64 minutes, then 4 hours.
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 4_i64.saturating_pow(u32::try_from(Ord::max(attempts, 1) - 1).unwrap_or(0));
    Duration::minutes(Ord::min(minutes, 240))
}

/// A claimed message could not be sent. A temporary failure is tried again later unless it
/// was the last allowed attempt; a permanent one is given up at once.
pub async fn mark_failed(
    db: &Db,
    message: &Message,
    error: &str,
    temporary: bool,
    now: DateTime<Utc>,
) -> Result<MessageState, StorageError> {
    // The claim counted this attempt.
    let attempts = message.attempts + 1;
    let (state, next) = if temporary && attempts < MAX_ATTEMPTS {
        (MessageState::Pending, now + backoff(attempts))
    } else {
        (MessageState::Failed, now)
    };
    let error: String = error.chars().take(500).collect();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(state.as_str()))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(outbox::Column::LastError, Expr::value(Some(error)))
        .filter(outbox::Column::Id.eq(message.id))
        .filter(outbox::Column::State.eq(MessageState::Sending.as_str()))
        .exec(db.conn())
        .await?;
    Ok(state)
}

/// The newest messages first, at most `limit`, for the outbox page.
pub async fn newest(db: &Db, limit: u64) -> Result<Vec<Message>, StorageError> {
    outbox::Entity::find()
        .order_by_desc(outbox::Column::CreatedAt)
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_message)
        .collect()
}

/// The newest messages to one person since `since`, newest first (their warnings in the
/// app).
pub async fn to_user_since(
    db: &Db,
    user_id: i32,
    since: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Message>, StorageError> {
    outbox::Entity::find()
        .filter(outbox::Column::ToUserId.eq(user_id))
        .filter(outbox::Column::CreatedAt.gte(since))
        .order_by_desc(outbox::Column::CreatedAt)
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_message)
        .collect()
}

/// How many messages are in each state: (pending, sending, sent, failed).
pub async fn counts(db: &Db) -> Result<[u64; 4], StorageError> {
    use sea_orm::PaginatorTrait;
    let mut out = [0; 4];
    for (i, state) in [
        MessageState::Pending,
        MessageState::Sending,
        MessageState::Sent,
        MessageState::Failed,
    ]
    .into_iter()
    .enumerate()
    {
        out[i] = outbox::Entity::find()
            .filter(outbox::Column::State.eq(state.as_str()))
            .count(db.conn())
            .await?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_fourfold_to_four_hours() {
        let minutes: Vec<i64> = (1..=7).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(minutes, [1, 4, 16, 64, 240, 240, 240]);
    }
}
