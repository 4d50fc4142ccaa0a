//! Webhooks (migration `m0042_api_clients`): addresses a housing-management system gave to
//! be told of events as they happen. Each delivery is a row of the outbox written in the
//! same transaction as the change it announces, so it is sent, claimed, retried and shown
//! exactly as e-mails are (`crate::outbox`); the row names the webhook, the subject is the
//! event and the body its JSON. The key deliveries are signed with is shown once, when the
//! webhook is made.
//!
//! The admin page makes a webhook with [`create_pending`] and shows its key on the page the
//! browser goes to after the form's post, where [`issue_key`] makes it, once, as
//! `crate::api_clients::issue_token` does for a client's token. Until then nothing is
//! queued for the webhook: no receiver could check a delivery's signature.

use chrono::{DateTime, Utc};
use domain::webhooks::Event;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::fmt;

use crate::accounts::random_token;
use crate::cases::CaseId;
use crate::entities::{outbox, webhooks};
use crate::outbox::{Message, MessageState};
use crate::{Db, StorageError};

/// A webhook as stored (never its key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: i32,
    pub url: String,
    pub events: Vec<Event>,
    pub created_by: i32,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    /// Whether its signing key was made (by [`create`], or by [`issue_key`] after
    /// [`create_pending`]).
    pub key_issued: bool,
}

/// The key a webhook's deliveries are signed with.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(String);

impl SigningKey {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

fn events_text(events: &[Event]) -> String {
    let mut names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

/// What `secret` starts with while a webhook made by [`create_pending`] waits for its key.
const AWAITING_KEY: &str = "awaiting:";

fn to_webhook(row: webhooks::Model) -> Webhook {
    Webhook {
        key_issued: !row.secret.starts_with(AWAITING_KEY),
        events: row
            .events
            .split_whitespace()
            .filter_map(Event::parse)
            .collect(),
        id: row.id,
        url: row.url,
        created_by: row.created_by,
        created_at: row.created_at,
        disabled_at: row.disabled_at,
    }
}

/// Registers `url` (checked by `domain::webhooks::check_url`) for `events`; hands back the
/// webhook and its signing key.
pub async fn create(
    db: &Db,
    url: &str,
    events: &[Event],
    created_by: i32,
    now: DateTime<Utc>,
) -> Result<(Webhook, SigningKey), StorageError> {
    let key = format!("whsec_{}", random_token());
    let row = webhooks::ActiveModel {
        id: NotSet,
        url: Set(url.to_owned()),
        events: Set(events_text(events)),
        secret: Set(key.clone()),
        created_by: Set(created_by),
        created_at: Set(now),
        disabled_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    Ok((to_webhook(row), SigningKey(key)))
}

/// Registers `url` (checked by `domain::webhooks::check_url`) for `events` without a key:
/// [`issue_key`] makes it, once, for the account that made it. Until then nothing is queued
/// for it.
pub async fn create_pending(
    db: &Db,
    url: &str,
    events: &[Event],
    created_by: i32,
    now: DateTime<Utc>,
) -> Result<Webhook, StorageError> {
    let row = webhooks::ActiveModel {
        id: NotSet,
        url: Set(url.to_owned()),
        events: Set(events_text(events)),
        secret: Set(format!("{AWAITING_KEY}{}", random_token())),
        created_by: Set(created_by),
        created_at: Set(now),
        disabled_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    Ok(to_webhook(row))
}

/// Makes the signing key of a webhook made by [`create_pending`] for `by`, the account that
/// made it, and hands it back: once. `None` when it was made already (by an earlier call,
/// in another tab or on another app server: one statement decides), the webhook is
/// disabled, or someone else made it. `NotFound` when there is no such webhook.
pub async fn issue_key(db: &Db, id: i32, by: i32) -> Result<Option<SigningKey>, StorageError> {
    let key = format!("whsec_{}", random_token());
    let done = webhooks::Entity::update_many()
        .col_expr(webhooks::Column::Secret, Expr::value(key.clone()))
        .filter(webhooks::Column::Id.eq(id))
        .filter(webhooks::Column::CreatedBy.eq(by))
        .filter(webhooks::Column::DisabledAt.is_null())
        .filter(webhooks::Column::Secret.starts_with(AWAITING_KEY))
        .exec(db.conn())
        .await?;
    if done.rows_affected == 0 {
        find(db, id).await?;
        return Ok(None);
    }
    Ok(Some(SigningKey(key)))
}

pub async fn find(db: &Db, id: i32) -> Result<Webhook, StorageError> {
    webhooks::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .map(to_webhook)
        .ok_or(StorageError::NotFound)
}

/// Every webhook, the newest first.
pub async fn list(db: &Db) -> Result<Vec<Webhook>, StorageError> {
    Ok(webhooks::Entity::find()
        .order_by_desc(webhooks::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_webhook)
        .collect())
}

/// Stops a webhook: nothing more is queued for it, and what is queued is not sent.
pub async fn disable(db: &Db, id: i32, now: DateTime<Utc>) -> Result<bool, StorageError> {
    let done = webhooks::Entity::update_many()
        .col_expr(webhooks::Column::DisabledAt, Expr::value(Some(now)))
        .filter(webhooks::Column::Id.eq(id))
        .filter(webhooks::Column::DisabledAt.is_null())
        .exec(db.conn())
        .await?;
    if done.rows_affected == 0 {
        webhooks::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or(StorageError::NotFound)?;
    }
    Ok(done.rows_affected == 1)
}

/// What an event says about its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent<'a> {
    pub event: Event,
    pub case_id: CaseId,
    pub reference: &'a str,
    pub kind: &'a str,
    pub phase: &'a str,
    /// For a change of phase: the phase it left.
    pub previous_phase: Option<&'a str>,
}

/// Whether any webhook is live, read in the transaction of a change.
pub(crate) async fn any_live(txn: &DatabaseTransaction) -> Result<bool, StorageError> {
    Ok(webhooks::Entity::find()
        .select_only()
        .column(webhooks::Column::Id)
        .filter(webhooks::Column::DisabledAt.is_null())
        .limit(1)
        .into_tuple::<i32>()
        .one(txn)
        .await?
        .is_some())
}

/// Queues a delivery of `event` to each live webhook that asked for it, in the transaction
/// of the change it announces.
pub(crate) async fn announce_in(
    txn: &impl ConnectionTrait,
    event: &CaseEvent<'_>,
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let hooks = webhooks::Entity::find()
        .filter(webhooks::Column::DisabledAt.is_null())
        .all(txn)
        .await?;
    let mut queued = 0;
    for hook in hooks.into_iter().map(to_webhook) {
        if !hook.key_issued || !hook.events.contains(&event.event) {
            continue;
        }
        let body = serde_json::json!({
            "event": event.event.as_str(),
            "occurred_at": now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "case": {
                "reference": event.reference,
                "kind": event.kind,
                "phase": event.phase,
                "previous_phase": event.previous_phase,
                "href": format!("/api/v1/cases/{}", event.reference),
            }
        });
        let message = crate::outbox::NewMessage {
            dedupe_key: format!(
                "webhook:{}:{}:{}:{}",
                hook.id,
                event.event.as_str(),
                event.case_id.0,
                now.timestamp_micros()
            ),
            case_id: Some(event.case_id),
            to_user_id: None,
            to_email: None,
            to_name: None,
            subject: event.event.as_str().to_owned(),
            body: body.to_string(),
        };
        if crate::outbox::enqueue_for_webhook_in(txn, &message, hook.id, now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// A delivery to make: the outbox row, where it goes and the key to sign it with.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub message: Message,
    pub url: String,
    pub key: SigningKey,
    /// The webhook was disabled after the delivery was queued: it is not sent.
    pub disabled: bool,
}

/// The webhook deliveries whose attempt time has come, oldest first, at most `limit`.
pub async fn due(db: &Db, now: DateTime<Utc>, limit: u64) -> Result<Vec<Delivery>, StorageError> {
    let rows = outbox::Entity::find()
        .filter(outbox::Column::State.eq(MessageState::Pending.as_str()))
        .filter(outbox::Column::WebhookId.is_not_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(hook) = webhooks::Entity::find_by_id(row.webhook_id.unwrap_or_default())
            .one(db.conn())
            .await?
        else {
            continue;
        };
        out.push(Delivery {
            message: crate::outbox::to_message(row)?,
            url: hook.url,
            key: SigningKey(hook.secret),
            disabled: hook.disabled_at.is_some(),
        });
    }
    Ok(out)
}

/// Each webhook's latest delivery, if it has one (for the list of webhooks): one look along
/// the index `outbox_by_webhook` for each.
pub async fn latest_deliveries(
    db: &Db,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, Message>, StorageError> {
    let mut latest = std::collections::HashMap::with_capacity(ids.len());
    for &id in ids {
        if let Some(message) = deliveries(db, id, 1).await?.pop() {
            latest.insert(id, message);
        }
    }
    Ok(latest)
}

/// A webhook's latest deliveries, the newest first.
pub async fn deliveries(db: &Db, id: i32, limit: u64) -> Result<Vec<Message>, StorageError> {
    outbox::Entity::find()
        .filter(outbox::Column::WebhookId.eq(id))
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(crate::outbox::to_message)
        .collect()
}
