//! Webhooks, kept by an administrator ([`domain::access::Action::ManageApiClients`]) at
//! `/admin/webhooks`: addresses another system gave to be told at once when a case is logged
//! or moves on (`domain::webhooks`). Each webhook's page lists its latest deliveries, sent
//! through the outbox (`server::webhooks`), and it is disabled there.
//!
//! The signing key is shown once, to the administrator who registered the webhook, on its
//! page the browser goes to after the form's post, and never again: the post registers the
//! webhook without a key (`storage::webhooks::create_pending`) and that page's answer makes
//! it (`storage::webhooks::issue_key`, one statement), as an API client's token is
//! (`crate::api_clients`). So the key is never in an address, a redirect or a log. Nothing
//! is sent to a webhook before its key is shown. The use cases, and the rules we chose where
//! SPEC is silent, are `service::integrations`'s.

use crate::error::AppError;
use domain::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many of a webhook's latest deliveries its page lists.
pub const DELIVERIES_SHOWN: u64 = 50;

/// The page's address.
pub const PAGE: &str = "/admin/webhooks";

/// The form's fields, in the order the error summary lists them.
pub const FIELDS: [&str; 2] = ["url", "events"];

/// Whether someone with this role registers and disables webhooks (the administration page
/// lists the page for them).
pub fn may_manage(role: Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageApiClients)
}

/// How a delivery stands, for its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Delivered,
    Waiting,
    Sending,
    GivenUp,
}

/// A delivery's state, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryState {
    pub standing: Standing,
    /// "Delivered", "Waiting to be tried again at 10:16 on 5 December 2026", "Sending",
    /// "Given up: the receiver answered 404 Not Found".
    pub words: String,
}

/// One webhook in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookLine {
    pub id: i32,
    pub url: String,
    /// The events' names, as a receiver sees them: "case.created".
    pub events: Vec<String>,
    /// "5 December 2026".
    pub created: String,
    /// "5 December 2026 at 10:15", once disabled.
    pub disabled: Option<String>,
    /// Its latest delivery's state, when it has had one.
    pub latest: Option<DeliveryState>,
}

/// An event asked for, with what it tells in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    pub name: String,
    pub what: String,
}

/// One delivery on a webhook's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLine {
    /// "5 December 2026 at 10:15:07", in London.
    pub queued: String,
    pub event: String,
    pub state: DeliveryState,
    pub attempts: i32,
}

/// The signing key, as the webhook's page may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyView {
    /// Made just now, for the administrator looking: shown this once.
    New(String),
    /// Made, and shown when it was.
    Issued,
    /// Not made yet: it will be, and shown once, to the administrator named.
    Waiting { by: String },
}

/// One webhook's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDetail {
    pub line: WebhookLine,
    pub events: Vec<EventLine>,
    /// "Saturday 5 December 2026 at 10:15".
    pub created_at: String,
    /// The administrator who registered it.
    pub created_by: String,
    /// "Saturday 5 December 2026 at 10:15", once disabled.
    pub disabled_at: Option<String>,
    pub key: KeyView,
    /// The latest deliveries, the newest first: at most [`DELIVERIES_SHOWN`].
    pub deliveries: Vec<DeliveryLine>,
}

#[cfg(feature = "ssr")]
mod read {
    use super::*;
    use chrono::{DateTime, Utc};
    use domain::deadlines::day_month_year;
    use storage::outbox::{Message, MessageState};

    /// "5 December 2026 at 10:15", in London.
    pub fn when(at: DateTime<Utc>) -> String {
        let london = domain::london::to_london(at);
        format!(
            "{} at {}",
            day_month_year(london.date()),
            london.format("%H:%M")
        )
    }

    /// "5 December 2026 at 10:15:07", in London: deliveries come seconds apart.
    pub fn when_exactly(at: DateTime<Utc>) -> String {
        let london = domain::london::to_london(at);
        format!(
            "{} at {}",
            day_month_year(london.date()),
            london.format("%H:%M:%S")
        )
    }

    pub fn state(message: &Message) -> DeliveryState {
        let (standing, words) = match message.state {
            MessageState::Sent => (Standing::Delivered, "Delivered".to_owned()),
            MessageState::Sending => (Standing::Sending, "Sending".to_owned()),
            MessageState::Failed => (
                Standing::GivenUp,
                format!(
                    "Given up: {}",
                    message
                        .last_error
                        .as_deref()
                        .unwrap_or("the receiver did not take it")
                ),
            ),
            MessageState::Pending if message.attempts == 0 => {
                (Standing::Waiting, "Waiting to be sent".to_owned())
            }
            MessageState::Pending => {
                let london = domain::london::to_london(message.next_attempt_at);
                (
                    Standing::Waiting,
                    format!(
                        "Waiting to be tried again at {} on {}",
                        london.format("%H:%M"),
                        day_month_year(london.date())
                    ),
                )
            }
        };
        DeliveryState { standing, words }
    }

    pub fn line(hook: &storage::webhooks::Webhook, latest: Option<&Message>) -> WebhookLine {
        WebhookLine {
            id: hook.id,
            url: hook.url.clone(),
            events: hook.events.iter().map(|e| e.as_str().to_owned()).collect(),
            created: day_month_year(domain::london::to_london(hook.created_at).date()),
            disabled: hook.disabled_at.map(when),
            latest: latest.map(state),
        }
    }
}

/// Every webhook, the newest first, with its latest delivery's state. Never a key.
#[server(endpoint = "webhooks")]
pub async fn webhooks() -> Result<Vec<WebhookLine>, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let (hooks, latest) = service::integrations::webhooks(scope.ctx(), &caller).await?;
    Ok(hooks
        .iter()
        .map(|hook| read::line(hook, latest.get(&hook.id)))
        .collect())
}

/// One webhook's page. The first time the administrator who registered it opens it, its key
/// is made and handed back in this answer, once (see the module's note).
#[server(endpoint = "webhook")]
pub async fn webhook(id: String) -> Result<WebhookDetail, AppError> {
    use service::integrations::Secret;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let (opened, messages) =
        service::integrations::webhook(scope.ctx(), &caller, &id, DELIVERIES_SHOWN).await?;
    let hook = opened.kept;
    let key = match opened.secret {
        Secret::New(key) => KeyView::New(key),
        Secret::Made => KeyView::Issued,
        Secret::Waiting { by } => KeyView::Waiting { by },
    };
    let deliveries = messages
        .iter()
        .map(|message| DeliveryLine {
            queued: read::when_exactly(message.created_at),
            event: message.subject.clone(),
            state: read::state(message),
            attempts: message.attempts,
        })
        .collect();
    Ok(WebhookDetail {
        line: read::line(&hook, messages.first()),
        events: hook
            .events
            .iter()
            .map(|e| EventLine {
                name: e.as_str().to_owned(),
                what: e.describe().to_owned(),
            })
            .collect(),
        created_at: domain::deadlines::long_date_time(hook.created_at),
        created_by: opened.made_by,
        disabled_at: hook.disabled_at.map(domain::deadlines::long_date_time),
        key,
        deliveries,
    })
}

/// Registers a webhook, then sends the browser to its page, where its key is shown once.
/// Every problem with the form at once; a refused plain post goes back with what was typed.
#[server(endpoint = "create_webhook")]
pub async fn create_webhook(
    #[server(default)] url: String,
    #[server(default)] events: Vec<String>,
) -> Result<(), AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageApiClients).await?;
    let chosen = events.join(",");
    let typed = crate::refusal::Typed::new(&[("url", Some(&url)), ("events", Some(&chosen))]);
    let result = async {
        let scope = crate::state::scope()?;
        let hook =
            service::integrations::register_webhook(scope.ctx(), &caller, &url, &events).await?;
        leptos_axum::redirect(&format!("{PAGE}/{}", hook.id));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(PAGE, <CreateWebhook as server_fn::ServerFn>::PATH, &result);
    result
}

/// Disables a webhook: nothing more is sent to it. Disabling one disabled already changes
/// nothing; either way its page says when it was disabled.
#[server(endpoint = "disable_webhook")]
pub async fn disable_webhook(id: i32) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::integrations::disable_webhook(scope.ctx(), &caller, id).await?;
    leptos_axum::redirect(&format!("{PAGE}/{id}?disabled=1"));
    Ok(())
}
