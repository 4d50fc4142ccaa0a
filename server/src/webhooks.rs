//! Sends webhook deliveries from the outbox (`storage::webhooks`): each one a POST of the
//! event's JSON to the webhook's address, signed so the receiver can tell it came from us
//! and was not replayed, claimed before it is sent and retried with the outbox's backoff.
//!
//! The signature: `Putright-Signature: t={unix seconds},v1={hex HMAC-SHA256}` of
//! `"{t}.{body}"` under the webhook's signing key. A receiver recomputes it and refuses a
//! delivery whose `t` is more than a few minutes old. `Putright-Delivery` names the
//! delivery (the same on every attempt, so a receiver can drop a repeat) and
//! `Putright-Event` the event.
//!
//! A 2xx answer is delivered. A 408, 429 or 5xx answer, a timeout or a refused connection is
//! tried again later; any other answer is given up at once, with the answer kept for the
//! outbox page.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use storage::outbox::{self, MessageState};
use storage::{Db, StorageError};

use crate::mail::Delivery;

/// How many deliveries one round sends at most.
const BATCH: u64 = 50;

/// How long a receiver has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The client deliveries are sent with: no redirects followed, a short timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent("Putright-Webhooks/1")
        .build()
        .unwrap_or_default()
}

/// The `v1` signature of `body` sent at `timestamp` under `key`, in lower-case hex.
pub fn sign(key: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Sends the deliveries whose time has come.
pub async fn deliver_due(
    db: &Db,
    http: &reqwest::Client,
    now: DateTime<Utc>,
) -> Result<Delivery, StorageError> {
    let mut delivery = Delivery::default();
    for due in storage::webhooks::due(db, now, BATCH).await? {
        let message = &due.message;
        if !outbox::claim(db, message.id).await? {
            continue;
        }
        let outcome = if due.disabled {
            Err(("the webhook was disabled".to_owned(), false))
        } else {
            let timestamp = now.timestamp();
            let sent = http
                .post(&due.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header("Putright-Event", &message.subject)
                .header("Putright-Delivery", message.id.to_string())
                .header(
                    "Putright-Signature",
                    format!(
                        "t={timestamp},v1={}",
                        sign(due.key.expose(), timestamp, &message.body)
                    ),
                )
                .body(message.body.clone())
                .send()
                .await;
            match sent {
                Ok(answer) if answer.status().is_success() => Ok(()),
                Ok(answer) => {
                    let status = answer.status();
                    let temporary = status.is_server_error()
                        || status == reqwest::StatusCode::TOO_MANY_REQUESTS
                        || status == reqwest::StatusCode::REQUEST_TIMEOUT;
                    Err((format!("the receiver answered {status}"), temporary))
                }
                Err(err) => Err((
                    if err.is_timeout() {
                        "the receiver did not answer in time".to_owned()
                    } else {
                        "the receiver could not be reached".to_owned()
                    },
                    true,
                )),
            }
        };
        match outcome {
            Ok(()) => {
                outbox::mark_sent(db, message.id, now).await?;
                delivery.sent += 1;
            }
            Err((error, temporary)) => {
                tracing::warn!(delivery = message.id, %error, temporary, "a webhook delivery failed");
                match outbox::mark_failed(db, message, &error, temporary, now).await? {
                    MessageState::Pending => delivery.retrying += 1,
                    _ => delivery.failed += 1,
                }
            }
        }
    }
    Ok(delivery)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2: HMAC-SHA256 with the key "Jefe".
    #[test]
    fn the_signature_is_hmac_sha256_of_the_time_and_the_body() {
        // "what do ya want for nothing?" split as "{t}.{body}" would be; here t = "what do
        // ya want for nothing?" cannot be a number, so check the MAC on the joined text.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"Jefe").expect("key");
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(sign("key", 1, "{}"), sign("key", 2, "{}"));
        assert_ne!(sign("key", 1, "{}"), sign("other", 1, "{}"));
        assert_eq!(sign("key", 1, "{}").len(), 64);
    }
}
