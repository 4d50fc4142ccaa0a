//! The integrations with other systems, kept by an administrator
//! (`Action::ManageApiClients`): the integration API's clients, each a name, the role it
//! acts with and the scopes it was granted, with a token; and webhooks, addresses another
//! system gave to be told when a case is logged or moves on, each with a signing key.
//!
//! Both have the same shape: a list; a form that makes one without its secret; its page,
//! which makes the secret and shows it once, to the administrator who made it, the first
//! time they open it (one statement decides, so a second look, in another tab or on another
//! app server, finds it made); and a button that ends it for good (revoking a client,
//! disabling a webhook). So a secret is never in an address, a redirect or a log, and only
//! its hash (a client's token) or the key itself, never shown again (a webhook's), is kept.
//!
//! Rules we chose where SPEC is silent:
//! - **A client's name** is one line of at most [`NAME_MAX_CHARS`] characters. Two clients
//!   may share a name: the last four characters of each token tell them apart.
//! - **A client's role and scopes** are those `domain::access::clients` allows: never an
//!   administrator's, a resident's or a panel member's role, and at least one scope.
//! - **A webhook's address** is one `domain::webhooks::check_url` allows. Two webhooks may
//!   share an address: each has its own key.
//! - **Ending is for good.** To connect again, make a new one; the calls and deliveries of
//!   the old one stay on its page.

use std::collections::HashMap;
use std::future::Future;

use domain::Role;
use domain::access::clients::{Scope, client_may_hold};
use domain::access::{Action, CaseRelation};
use domain::form::checks::CheckAll;
use domain::webhooks::Event;
use storage::api_clients::{ApiCall, ApiClient, NewClient};
use storage::outbox::Message;
use storage::webhooks::Webhook;
use storage::{Db, StorageError};

use crate::{Caller, Context, ServiceError};

/// The longest name a client may have.
pub const NAME_MAX_CHARS: usize = 80;

/// What the page of an integration says of its secret (a client's token, a webhook's
/// signing key).
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// Made just now, for the administrator looking: shown this once.
    New(String),
    /// Made, and shown when it was.
    Made,
    /// Not made yet: it will be, and shown once, to the administrator named, who made it.
    Waiting { by: String },
}

/// Never the secret itself.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Secret::New(_) => f.write_str("New(…)"),
            Secret::Made => f.write_str("Made"),
            Secret::Waiting { by } => f.debug_struct("Waiting").field("by", by).finish(),
        }
    }
}

/// An integration as its page shows it: as it stands, who made it, and its secret as the
/// caller may see it.
#[derive(Debug, Clone)]
pub struct Opened<T> {
    pub kept: T,
    /// The name of the administrator who made it ("An administrator" once their account is
    /// gone).
    pub made_by: String,
    pub secret: Secret,
}

/// What the shared shape needs to know of an API client or a webhook.
trait Integration: Sized + Send {
    fn made_by(&self) -> i32;
    /// Its secret was made (and so shown, once).
    fn secret_made(&self) -> bool;
    /// Revoked or disabled: nothing more is made for it.
    fn ended(&self) -> bool;
    fn find(db: &Db, id: i32) -> impl Future<Output = Result<Self, StorageError>> + Send;
    /// Makes its secret for `by`, who made it, and hands it back; `None` when it was made
    /// already (one statement decides).
    fn make_secret(
        db: &Db,
        id: i32,
        by: i32,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    /// Notes in the log that its secret was shown.
    fn log_shown(caller: &Caller, id: i32);
}

impl Integration for ApiClient {
    fn made_by(&self) -> i32 {
        self.created_by
    }

    fn secret_made(&self) -> bool {
        self.token_issued()
    }

    fn ended(&self) -> bool {
        self.revoked_at.is_some()
    }

    fn find(db: &Db, id: i32) -> impl Future<Output = Result<Self, StorageError>> + Send {
        storage::api_clients::find(db, id)
    }

    async fn make_secret(db: &Db, id: i32, by: i32) -> Result<Option<String>, StorageError> {
        Ok(storage::api_clients::issue_token(db, id, by)
            .await?
            .map(|token| token.expose().to_owned()))
    }

    fn log_shown(caller: &Caller, id: i32) {
        tracing::info!(by = %caller, client = id, "API client's token shown");
    }
}

impl Integration for Webhook {
    fn made_by(&self) -> i32 {
        self.created_by
    }

    fn secret_made(&self) -> bool {
        self.key_issued
    }

    fn ended(&self) -> bool {
        self.disabled_at.is_some()
    }

    fn find(db: &Db, id: i32) -> impl Future<Output = Result<Self, StorageError>> + Send {
        storage::webhooks::find(db, id)
    }

    async fn make_secret(db: &Db, id: i32, by: i32) -> Result<Option<String>, StorageError> {
        Ok(storage::webhooks::issue_key(db, id, by)
            .await?
            .map(|key| key.expose().to_owned()))
    }

    fn log_shown(caller: &Caller, id: i32) {
        tracing::info!(by = %caller, webhook = id, "webhook's signing key shown");
    }
}

/// May the caller keep the integrations?
fn may(caller: &Caller) -> Result<(), ServiceError> {
    caller.may(&CaseRelation::NONE, Action::ManageApiClients)
}

/// The id in a page's address, as typed: anything else is a page that does not exist.
fn id_of(typed: &str) -> Result<i32, ServiceError> {
    typed.trim().parse().map_err(|_| ServiceError::NotFound)
}

/// The integration numbered `id` (as typed in the address), its secret made and handed back
/// when the caller made it and it has none yet: shown this once.
async fn open<T: Integration>(
    ctx: Context<'_>,
    caller: &Caller,
    id: &str,
) -> Result<(i32, Opened<T>), ServiceError> {
    may(caller)?;
    let id = id_of(id)?;
    let mut kept = T::find(ctx.db, id).await?;
    let mut secret = Secret::Made;
    if let Some(me) = caller.user_id()
        && !kept.secret_made()
        && !kept.ended()
        && kept.made_by() == me
        && let Some(made) = T::make_secret(ctx.db, id, me).await?
    {
        T::log_shown(caller, id);
        secret = Secret::New(made);
        kept = T::find(ctx.db, id).await?;
    }
    let made_by = storage::accounts::find(ctx.db, kept.made_by())
        .await?
        .map_or_else(
            || "An administrator".to_owned(),
            |account| account.display_name,
        );
    if !kept.secret_made() && secret == Secret::Made {
        secret = Secret::Waiting {
            by: made_by.clone(),
        };
    }
    Ok((
        id,
        Opened {
            kept,
            made_by,
            secret,
        },
    ))
}

/// Every API client, the newest first. Never a token: only each one's last four characters.
pub async fn clients(ctx: Context<'_>, caller: &Caller) -> Result<Vec<ApiClient>, ServiceError> {
    may(caller)?;
    Ok(storage::api_clients::list(ctx.db).await?)
}

/// A client's page: the client (its token shown once, see the module's note) and its
/// latest `calls`, the newest first.
pub async fn client(
    ctx: Context<'_>,
    caller: &Caller,
    id: &str,
    calls: u64,
) -> Result<(Opened<ApiClient>, Vec<ApiCall>), ServiceError> {
    let (id, opened) = open::<ApiClient>(ctx, caller, id).await?;
    let calls = storage::api_clients::recent_calls(ctx.db, id, calls).await?;
    Ok((opened, calls))
}

/// A new client's answers, as typed.
#[derive(Debug, Clone, Copy)]
pub struct NewClientForm<'a> {
    pub name: &'a str,
    /// The role's code, as chosen.
    pub role: Option<&'a str>,
    /// The scopes' names, as chosen.
    pub scopes: &'a [String],
}

/// A client's name as kept: one line, single spaces.
fn one_line_name(name: &str) -> String {
    domain::text::one_line(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A new client's answers checked, every problem at once: the name, the role and the
/// scopes (sorted, each once).
pub fn check_new_client(
    form: NewClientForm<'_>,
) -> Result<(String, Role, Vec<Scope>), ServiceError> {
    let name = one_line_name(form.name);
    let name = if name.is_empty() {
        Err(ServiceError::invalid("name", "Enter a name for the client"))
    } else if name.chars().count() > NAME_MAX_CHARS {
        Err(ServiceError::invalid(
            "name",
            format!("The name must be {NAME_MAX_CHARS} characters or fewer"),
        ))
    } else {
        Ok(name)
    };
    let role = match form.role.map(str::trim).filter(|r| !r.is_empty()) {
        None => Err(ServiceError::invalid(
            "role",
            "Choose the role the client acts with",
        )),
        Some(text) => match text.parse::<Role>() {
            Ok(role) if client_may_hold(role) => Ok(role),
            Ok(role) => Err(ServiceError::invalid(
                "role",
                format!(
                    "A client cannot act as {}: choose one of the roles listed",
                    role.label().to_lowercase()
                ),
            )),
            Err(_) => Err(ServiceError::invalid(
                "role",
                "Choose the role the client acts with",
            )),
        },
    };
    let chosen: Vec<&str> = form
        .scopes
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let scopes = if chosen.is_empty() {
        Err(ServiceError::invalid(
            "scopes",
            "Choose at least one thing the client may do",
        ))
    } else {
        chosen
            .iter()
            .map(|s| Scope::parse(s))
            .collect::<Option<Vec<Scope>>>()
            .map(|mut list| {
                list.sort_unstable();
                list.dedup();
                list
            })
            .ok_or_else(|| {
                ServiceError::invalid("scopes", "Choose what the client may do from the list")
            })
    };
    (name, role, scopes).check_all()
}

/// Makes a client from the form's answers (every problem at once), without its token: it is
/// made, and shown once, when the caller opens the client's page.
pub async fn make_client(
    ctx: Context<'_>,
    caller: &Caller,
    form: NewClientForm<'_>,
) -> Result<ApiClient, ServiceError> {
    may(caller)?;
    let (name, role, scopes) = check_new_client(form)?;
    let me = caller.account_id()?;
    let client = storage::api_clients::create_pending(
        ctx.db,
        &NewClient {
            name: &name,
            role,
            scopes: &scopes,
            created_by: me,
        },
        ctx.now,
    )
    .await?;
    tracing::info!(
        by = %caller,
        client = client.id,
        role = %role,
        scopes = ?scopes,
        "API client made"
    );
    Ok(client)
}

/// Makes a client from the answers and its token at once, for the operator at the server's
/// command line (`putright api-client add`), who is shown the token there, once.
pub async fn make_client_at_terminal(
    ctx: Context<'_>,
    caller: &Caller,
    form: NewClientForm<'_>,
) -> Result<(ApiClient, storage::api_clients::ApiToken), ServiceError> {
    may(caller)?;
    caller.at_the_terminal()?;
    let (name, role, scopes) = check_new_client(form)?;
    let made = storage::api_clients::create(
        ctx.db,
        &NewClient {
            name: &name,
            role,
            scopes: &scopes,
            // Made at the terminal, by nobody signed in.
            created_by: 0,
        },
        ctx.now,
    )
    .await?;
    tracing::info!(
        by = %caller,
        client = made.0.id,
        role = %role,
        scopes = ?scopes,
        "API client made"
    );
    Ok(made)
}

/// Revokes a client's token: its next call is refused. Revoking one revoked already changes
/// nothing (`false`); either way the client's page says when it was revoked.
pub async fn revoke_client(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
) -> Result<bool, ServiceError> {
    may(caller)?;
    let revoked = storage::api_clients::revoke(ctx.db, id, ctx.now).await?;
    tracing::info!(by = %caller, client = id, revoked, "API client revoked");
    Ok(revoked)
}

/// Every webhook, the newest first, with its latest delivery. Never a key.
pub async fn webhooks(
    ctx: Context<'_>,
    caller: &Caller,
) -> Result<(Vec<Webhook>, HashMap<i32, Message>), ServiceError> {
    may(caller)?;
    let hooks = storage::webhooks::list(ctx.db).await?;
    let ids: Vec<i32> = hooks.iter().map(|h| h.id).collect();
    let latest = storage::webhooks::latest_deliveries(ctx.db, &ids).await?;
    Ok((hooks, latest))
}

/// A webhook's page: the webhook (its key shown once, see the module's note) and its latest
/// `deliveries`, the newest first.
pub async fn webhook(
    ctx: Context<'_>,
    caller: &Caller,
    id: &str,
    deliveries: u64,
) -> Result<(Opened<Webhook>, Vec<Message>), ServiceError> {
    let (id, opened) = open::<Webhook>(ctx, caller, id).await?;
    let deliveries = storage::webhooks::deliveries(ctx.db, id, deliveries).await?;
    Ok((opened, deliveries))
}

/// A new webhook's answers checked, every problem at once: the address and the events (in
/// [`Event::ALL`]'s order, each once).
pub fn check_new_webhook(
    url: &str,
    events: &[String],
) -> Result<(String, Vec<Event>), ServiceError> {
    let url = domain::webhooks::check_url(url)
        .map_err(|problem| ServiceError::invalid("url", problem.to_string()));
    let chosen: Vec<&str> = events
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    let events = if chosen.is_empty() {
        Err(ServiceError::invalid(
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
            .ok_or_else(|| ServiceError::invalid("events", "Choose events from the list"))
    };
    (url, events).check_all()
}

/// Registers a webhook from the form's answers (the address, and the events' names as
/// chosen; every problem at once), without its key: it is made, and shown once, when the
/// caller opens the webhook's page. Nothing is sent to it before.
pub async fn register_webhook(
    ctx: Context<'_>,
    caller: &Caller,
    url: &str,
    events: &[String],
) -> Result<Webhook, ServiceError> {
    may(caller)?;
    let (url, events) = check_new_webhook(url, events)?;
    let me = caller.account_id()?;
    let hook = storage::webhooks::create_pending(ctx.db, &url, &events, me, ctx.now).await?;
    tracing::info!(
        by = %caller,
        webhook = hook.id,
        events = ?events,
        "webhook registered"
    );
    Ok(hook)
}

/// Disables a webhook: nothing more is sent to it, and what is queued for it is not sent.
/// Disabling one disabled already changes nothing (`false`); either way its page says when
/// it was disabled.
pub async fn disable_webhook(
    ctx: Context<'_>,
    caller: &Caller,
    id: i32,
) -> Result<bool, ServiceError> {
    may(caller)?;
    let disabled = storage::webhooks::disable(ctx.db, id, ctx.now).await?;
    tracing::info!(by = %caller, webhook = id, disabled, "webhook disabled");
    Ok(disabled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(error: &ServiceError) -> Vec<&str> {
        match error {
            ServiceError::Invalid(problems) => problems.iter().map(|p| p.field.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    fn message<'a>(error: &'a ServiceError, field: &str) -> Option<&'a str> {
        match error {
            ServiceError::Invalid(problems) => problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.message.as_str()),
            _ => None,
        }
    }

    fn client_form<'a>(
        name: &'a str,
        role: Option<&'a str>,
        scopes: &'a [String],
    ) -> NewClientForm<'a> {
        NewClientForm { name, role, scopes }
    }

    #[test]
    fn a_client_needs_a_name_a_role_it_may_hold_and_a_scope() {
        let read = ["cases:read".to_owned()];
        let error = check_new_client(client_form("  ", None, &[])).expect_err("refused");
        assert_eq!(fields(&error), ["name", "role", "scopes"]);
        let long = "x".repeat(NAME_MAX_CHARS + 1);
        let error =
            check_new_client(client_form(&long, Some("officer"), &read)).expect_err("too long");
        assert_eq!(
            message(&error, "name"),
            Some("The name must be 80 characters or fewer")
        );
        for role in Role::ALL {
            let result =
                check_new_client(client_form("Housing system", Some(role.as_str()), &read));
            assert_eq!(result.is_ok(), client_may_hold(role), "{role:?}");
        }
        let error = check_new_client(client_form("Housing system", Some("admin"), &read))
            .expect_err("an administrator's role");
        assert_eq!(
            message(&error, "role"),
            Some("A client cannot act as administrator: choose one of the roles listed")
        );
        let error = check_new_client(client_form(
            "Housing system",
            Some("officer"),
            &["cases:delete".to_owned()],
        ))
        .expect_err("no such scope");
        assert_eq!(fields(&error), ["scopes"]);
    }

    #[test]
    fn a_clients_answers_are_kept_tidy() {
        let scopes = [
            "reports:read".to_owned(),
            "cases:read".to_owned(),
            "reports:read".to_owned(),
        ];
        let (name, role, scopes) = check_new_client(client_form(
            " Northgate\thousing  system\n",
            Some("complaints_manager"),
            &scopes,
        ))
        .expect("accepted");
        assert_eq!(name, "Northgate housing system");
        assert_eq!(role, Role::ComplaintsManager);
        assert_eq!(scopes, [Scope::ReadCases, Scope::Reports]);
        let long = "é".repeat(NAME_MAX_CHARS);
        assert_eq!(
            check_new_client(client_form(
                &long,
                Some("officer"),
                &["cases:read".to_owned()]
            ))
            .map(|(name, _, _)| name.chars().count())
            .ok(),
            Some(NAME_MAX_CHARS),
            "characters, not bytes"
        );
    }

    #[test]
    fn a_webhook_needs_an_address_it_may_use_and_an_event() {
        let error = check_new_webhook("  ", &[]).expect_err("refused");
        assert_eq!(fields(&error), ["url", "events"]);
        assert_eq!(
            message(&error, "url"),
            Some("Enter the address deliveries go to")
        );
        let error = check_new_webhook("http://example.org/hook", &["case.created".to_owned()])
            .expect_err("not https");
        assert_eq!(fields(&error), ["url"]);
        let error = check_new_webhook("https://example.org/hook", &["case.deleted".to_owned()])
            .expect_err("no such event");
        assert_eq!(
            message(&error, "events"),
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

    #[test]
    fn a_secret_is_never_printed() {
        let shown = Secret::New("pr_live_secret".to_owned());
        assert!(!format!("{shown:?}").contains("secret"));
    }
}
