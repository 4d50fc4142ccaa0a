//! The outbox, as people read it: every message for administrators and the complaints
//! manager (`/admin/outbox`), and each member of staff's own warnings on their work queue.
//!
//! Who reads the outbox is `domain::access::Action::ReadOutbox`'s rule.
//!
//! Rules we chose where SPEC is silent:
//! - **Warnings in the app.** The work queue shows the messages sent to the signed-in person
//!   in the last [`WARNINGS_DAYS`] days (deadline warnings, remedy reminders, the digest),
//!   whether or not e-mail is set up.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How far back the work queue's warnings go.
pub const WARNINGS_DAYS: i64 = 7;
/// How many messages the outbox page lists.
pub const PAGE_SIZE: u64 = 200;

/// Whether someone with this role may read the outbox.
pub fn may_read_outbox(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ReadOutbox)
}

/// One message as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLine {
    pub id: i64,
    /// "Monday 23 November 2026 at 07:00".
    pub created: String,
    /// "Rita Resident <rita@example.org>", or who it is for when we hold no address.
    pub to: String,
    pub subject: String,
    /// The wording; `None` for a message about a case when the reader works no cases (an
    /// admin sees who was sent what and whether it went, never a letter about a case).
    pub body: Option<String>,
    /// "Waiting to be sent", "Sent on …", "Not sent: …".
    pub status: String,
    /// `pending`, `sending`, `sent` or `failed`, for the tag's colour.
    pub state: String,
    /// The case it is about, for a link.
    pub reference: Option<String>,
}

/// The outbox page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    /// Whether a mail server is set up (otherwise nothing is sent).
    pub sending: bool,
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
    pub messages: Vec<MessageLine>,
}

#[cfg(feature = "ssr")]
mod read {
    use super::*;
    use storage::outbox::MessageState;

    fn when(at: chrono::DateTime<chrono::Utc>) -> String {
        domain::deadlines::long_date_time(at)
    }

    /// The messages as lines, each with its case's reference (one query for them all). The
    /// wording of a message about a case is left out unless `reader` may see cases as staff
    /// do ([`domain::access::Action::ViewCaseRecord`]).
    pub fn lines(listed: service::outbox::Messages) -> Vec<MessageLine> {
        let service::outbox::Messages {
            messages,
            references,
            reads_cases,
        } = listed;
        messages
            .into_iter()
            .map(|m| {
                let to = match (&m.to_name, &m.to_email) {
                    (Some(name), Some(email)) => format!("{name} <{email}>"),
                    (None, Some(email)) => email.clone(),
                    (Some(name), None) => format!("{name} (no e-mail address: post only)"),
                    (None, None) => "Nobody (no e-mail address)".to_owned(),
                };
                let status = match m.state {
                    MessageState::Pending if m.to_email.is_none() => {
                        "Not sent by e-mail: we hold no address".to_owned()
                    }
                    MessageState::Pending if m.attempts > 0 => format!(
                        "Waiting to try again ({} attempts so far): {}",
                        m.attempts,
                        m.last_error.clone().unwrap_or_default()
                    ),
                    MessageState::Pending => "Waiting to be sent".to_owned(),
                    MessageState::Sending => {
                        "May not have been sent: the sender stopped while sending it".to_owned()
                    }
                    MessageState::Sent => {
                        format!("Sent on {}", m.sent_at.map(when).unwrap_or_default())
                    }
                    MessageState::Failed => format!(
                        "Not sent: {}",
                        m.last_error.clone().unwrap_or_else(|| "gave up".to_owned())
                    ),
                };
                MessageLine {
                    id: m.id,
                    created: when(m.created_at),
                    to,
                    subject: m.subject,
                    // Whoever reads the outbox could use a link to set a password: it is
                    // never shown.
                    body: if m.dedupe_key.starts_with(crate::accounts::RESET_MESSAGE_KEY) {
                        Some("This message holds a one-time link to set a password, so it is not shown here.".to_owned())
                    } else {
                        (m.case_id.is_none() || reads_cases).then_some(m.body)
                    },
                    status,
                    state: m.state.as_str().to_owned(),
                    reference: m
                        .case_id
                        .and_then(|id| references.get(&id))
                        .map(ToString::to_string),
                }
            })
            .collect()
    }
}

/// The newest messages, for administrators and the complaints manager.
#[server(endpoint = "outbox_messages")]
pub async fn outbox_messages() -> Result<OutboxView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let ([pending, _sending, sent, failed], messages) =
        service::outbox::newest(scope.ctx(), &caller, PAGE_SIZE).await?;
    Ok(OutboxView {
        sending: scope.state.mail_configured,
        pending,
        sent,
        failed,
        messages: read::lines(messages),
    })
}

/// The warnings and reminders sent to the caller lately, newest first (part of
/// `crate::staff::for_you`).
#[cfg(feature = "ssr")]
pub(crate) async fn warnings_for(
    scope: &crate::state::Scope,
    caller: &service::Caller,
) -> Result<Vec<MessageLine>, AppError> {
    let since = scope.now - chrono::Duration::days(WARNINGS_DAYS);
    let messages = service::outbox::my_warnings(scope.ctx(), caller, since, 20).await?;
    Ok(read::lines(messages))
}
