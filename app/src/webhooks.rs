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
//! is sent to a webhook before its key is shown.
//!
//! Rules we chose where SPEC is silent:
//! - **Addresses** are those `domain::webhooks::check_url` allows. Two webhooks may share an
//!   address: each has its own key.
//! - **Disabling is for good.** What is queued for it is not sent; to be told again, register
//!   the address again, with a new key. Its deliveries stay on its page.

use crate::error::AppError;
use domain::Role;
use domain::webhooks::Event;
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

/// The form's answers checked, every problem at once: the address and the events (in
/// [`Event::ALL`]'s order, each once).
pub fn check_new_webhook(url: &str, events: &[String]) -> Result<(String, Vec<Event>), AppError> {
    use crate::error::CheckAll;
    let url = domain::webhooks::check_url(url)
        .map_err(|problem| AppError::validation("url", problem.to_string()));
    let chosen: Vec<&str> = events
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    let events = if chosen.is_empty() {
        Err(AppError::validation(
            "events",
            "Choose at least one event to be told of",
        ))
    } else {
        chosen
            .iter()
            .map(|e| Event::parse(e))
            .collect::<Option<Vec<Event>>>()
            .map(|mut list| {
                list.sort_unstable();
                list.dedup();
                list
            })
            .ok_or_else(|| AppError::validation("events", "Choose events from the list"))
    };
    (url, events).check_all()
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

#[cfg(feature = "ssr")]
async fn administrator() -> Result<storage::accounts::Account, AppError> {
    crate::auth::session::require(domain::access::Action::ManageApiClients).await
}

/// Every webhook, the newest first, with its latest delivery's state. Never a key.
#[server(endpoint = "webhooks")]
pub async fn webhooks() -> Result<Vec<WebhookLine>, AppError> {
    administrator().await?;
    let state = crate::state::app_state()?;
    let hooks = storage::webhooks::list(&state.db).await?;
    let ids: Vec<i32> = hooks.iter().map(|h| h.id).collect();
    let latest = storage::webhooks::latest_deliveries(&state.db, &ids).await?;
    Ok(hooks
        .iter()
        .map(|hook| read::line(hook, latest.get(&hook.id)))
        .collect())
}

/// One webhook's page. The first time the administrator who registered it opens it, its key
/// is made and handed back in this answer, once (see the module's note).
#[server(endpoint = "webhook")]
pub async fn webhook(id: String) -> Result<WebhookDetail, AppError> {
    let admin = administrator().await?;
    let id = id.trim().parse::<i32>().map_err(|_| AppError::NotFound)?;
    let state = crate::state::app_state()?;
    let mut hook = storage::webhooks::find(&state.db, id).await?;
    let mut key = KeyView::Issued;
    if !hook.key_issued
        && hook.disabled_at.is_none()
        && hook.created_by == admin.id
        && let Some(issued) = storage::webhooks::issue_key(&state.db, id, admin.id).await?
    {
        tracing::info!(user = admin.id, webhook = id, "webhook's signing key shown");
        key = KeyView::New(issued.expose().to_owned());
        hook = storage::webhooks::find(&state.db, id).await?;
    }
    let created_by = storage::accounts::find(&state.db, hook.created_by)
        .await?
        .map_or_else(
            || "An administrator".to_owned(),
            |account| account.display_name,
        );
    if !hook.key_issued && key == KeyView::Issued {
        key = KeyView::Waiting {
            by: created_by.clone(),
        };
    }
    let messages = storage::webhooks::deliveries(&state.db, id, DELIVERIES_SHOWN).await?;
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
        created_by,
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
    let admin = administrator().await?;
    let chosen = events.join(",");
    let typed = crate::refusal::Typed::new(&[("url", Some(&url)), ("events", Some(&chosen))]);
    let result = async {
        let (url, events) = check_new_webhook(&url, &events)?;
        let state = crate::state::app_state()?;
        let hook = storage::webhooks::create_pending(
            &state.db,
            &url,
            &events,
            admin.id,
            crate::clock::now(),
        )
        .await?;
        tracing::info!(
            user = admin.id,
            webhook = hook.id,
            events = ?events,
            "webhook registered"
        );
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
    let admin = administrator().await?;
    let state = crate::state::app_state()?;
    let disabled = storage::webhooks::disable(&state.db, id, crate::clock::now()).await?;
    tracing::info!(user = admin.id, webhook = id, disabled, "webhook disabled");
    leptos_axum::redirect(&format!("{PAGE}/{id}?disabled=1"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(error: &AppError) -> Vec<&str> {
        error.problems().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_webhook_needs_an_address_it_may_use_and_an_event() {
        let error = check_new_webhook("  ", &[]).expect_err("refused");
        assert_eq!(fields(&error), ["url", "events"]);
        assert_eq!(
            error.for_field("url").as_deref(),
            Some("Enter the address deliveries go to")
        );
        let error = check_new_webhook("http://example.org/hook", &["case.created".to_owned()])
            .expect_err("not https");
        assert_eq!(fields(&error), ["url"]);
        let error = check_new_webhook("https://example.org/hook", &["case.deleted".to_owned()])
            .expect_err("no such event");
        assert_eq!(
            error.for_field("events").as_deref(),
            Some("Choose events from the list")
        );
        let (url, events) = check_new_webhook(
            " https://example.org/hook ",
            &[
                "case.phase_changed".to_owned(),
                "case.created".to_owned(),
                "case.created".to_owned(),
            ],
        )
        .expect("accepted");
        assert_eq!(url, "https://example.org/hook");
        assert_eq!(events, [Event::CaseCreated, Event::PhaseChanged]);
    }
}
