//! The integration API's clients, kept by an administrator
//! ([`domain::access::Action::ManageApiClients`]) at `/admin/api-clients`: each a name, the
//! role it acts with and the scopes it was granted (`domain::access::clients`), with a
//! token; its page lists the calls it made, and its token is revoked there. The use cases,
//! and the rules we chose where SPEC is silent, are `service::integrations`'s.
//!
//! The token is shown once, to the administrator who made the client, on the client's page
//! the browser goes to after the form's post, and never again. The post makes the client
//! without a token (`storage::api_clients::create_pending`) and sends the browser to its
//! page; that page's answer issues the token (`storage::api_clients::issue_token`, one
//! statement, so a second look, in another tab or on another app server, finds it issued),
//! as the recovery codes of a second factor are made by the page that shows them. So the
//! token is never in an address, a redirect or a log, and only its SHA-256 is kept.

use crate::error::AppError;
use domain::Role;
use domain::access::clients::client_may_hold;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest name a client may have (`service::integrations::NAME_MAX_CHARS`, for the
/// form's box).
pub const NAME_MAX_CHARS: usize = 80;

#[cfg(feature = "ssr")]
const _: () = assert!(NAME_MAX_CHARS == service::integrations::NAME_MAX_CHARS);

/// How many of a client's latest calls its page lists.
pub const CALLS_SHOWN: u64 = 50;

/// The page's address.
pub const PAGE: &str = "/admin/api-clients";

/// The form's fields, in the order the error summary lists them.
pub const FIELDS: [&str; 3] = ["name", "role", "scopes"];

/// Whether someone with this role makes and revokes API clients (the administration page
/// lists the page for them).
pub fn may_manage(role: Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageApiClients)
}

/// The roles a client may act with, in the form's order.
pub fn client_roles() -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|role| client_may_hold(*role))
        .collect()
}

/// One client in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientLine {
    pub id: i32,
    pub name: String,
    /// The role's name for people: "Complaints manager".
    pub role: String,
    /// The scopes' names, as the API's reference gives them: "cases:read".
    pub scopes: Vec<String>,
    /// "…ab12": the token's last four characters; `None` while it waits to be shown.
    pub token_hint: Option<String>,
    /// "5 December 2026".
    pub created: String,
    /// "5 December 2026 at 10:15"; `None` when it was never used.
    pub last_used: Option<String>,
    /// "5 December 2026 at 10:15", once revoked.
    pub revoked: Option<String>,
}

/// A scope granted, with what it allows in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeLine {
    pub name: String,
    pub what: String,
}

/// One call on a client's trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallLine {
    /// "5 December 2026 at 10:15:07", in London.
    pub at: String,
    pub method: String,
    pub path: String,
    pub status: u16,
}

/// The token, as the client's page may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenView {
    /// Issued just now, to the administrator looking: shown this once.
    New(String),
    /// Issued, and shown when it was: only its last four characters are known.
    Issued,
    /// Not shown yet: it will be, once, to the administrator named, who made the client.
    Waiting { by: String },
}

/// One client's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub line: ClientLine,
    pub scopes: Vec<ScopeLine>,
    /// "Saturday 5 December 2026 at 10:15".
    pub created_at: String,
    /// The administrator who made it.
    pub created_by: String,
    /// "Saturday 5 December 2026 at 10:15"; `None` when it was never used.
    pub last_used_at: Option<String>,
    /// "Saturday 5 December 2026 at 10:15", once revoked.
    pub revoked_at: Option<String>,
    pub token: TokenView,
    /// The latest calls, the newest first: at most [`CALLS_SHOWN`].
    pub calls: Vec<CallLine>,
}

#[cfg(feature = "ssr")]
mod read {
    use super::*;
    use chrono::{DateTime, Utc};
    use domain::deadlines::day_month_year;

    /// "5 December 2026 at 10:15", in London.
    pub fn when(at: DateTime<Utc>) -> String {
        let london = domain::london::to_london(at);
        format!(
            "{} at {}",
            day_month_year(london.date()),
            london.format("%H:%M")
        )
    }

    /// "5 December 2026 at 10:15:07", in London: calls come seconds apart.
    pub fn when_exactly(at: DateTime<Utc>) -> String {
        let london = domain::london::to_london(at);
        format!(
            "{} at {}",
            day_month_year(london.date()),
            london.format("%H:%M:%S")
        )
    }

    pub fn line(client: &storage::api_clients::ApiClient) -> ClientLine {
        ClientLine {
            id: client.id,
            name: client.name.clone(),
            role: client.role.label().to_owned(),
            scopes: client
                .scopes
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            token_hint: client
                .token_issued()
                .then(|| format!("…{}", client.token_hint)),
            created: day_month_year(domain::london::to_london(client.created_at).date()),
            last_used: client.last_used_at.map(when),
            revoked: client.revoked_at.map(when),
        }
    }
}

/// Every client, the newest first. Never a token: only each one's last four characters.
#[server(endpoint = "api_clients")]
pub async fn api_clients() -> Result<Vec<ClientLine>, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    Ok(service::integrations::clients(scope.ctx(), &caller)
        .await?
        .iter()
        .map(read::line)
        .collect())
}

/// One client's page. The first time the administrator who made it opens it, its token is
/// issued and handed back in this answer, once (see the module's note).
#[server(endpoint = "api_client")]
pub async fn api_client(id: String) -> Result<ClientDetail, AppError> {
    use service::integrations::Secret;
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let (opened, calls) =
        service::integrations::client(scope.ctx(), &caller, &id, CALLS_SHOWN).await?;
    let client = opened.kept;
    let token = match opened.secret {
        Secret::New(token) => TokenView::New(token),
        Secret::Made => TokenView::Issued,
        Secret::Waiting { by } => TokenView::Waiting { by },
    };
    let calls = calls
        .into_iter()
        .map(|call| CallLine {
            at: read::when_exactly(call.at),
            method: call.method,
            path: call.path,
            status: call.status,
        })
        .collect();
    Ok(ClientDetail {
        line: read::line(&client),
        scopes: client
            .scopes
            .iter()
            .map(|s| ScopeLine {
                name: s.as_str().to_owned(),
                what: s.describe().to_owned(),
            })
            .collect(),
        created_at: domain::deadlines::long_date_time(client.created_at),
        created_by: opened.made_by,
        last_used_at: client.last_used_at.map(domain::deadlines::long_date_time),
        revoked_at: client.revoked_at.map(domain::deadlines::long_date_time),
        token,
        calls,
    })
}

/// Makes a client, then sends the browser to its page, where its token is shown once.
/// Every problem with the form at once; a refused plain post goes back with what was typed.
#[server(endpoint = "create_api_client")]
pub async fn create_api_client(
    #[server(default)] name: String,
    #[server(default)] role: Option<String>,
    #[server(default)] scopes: Vec<String>,
) -> Result<(), AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageApiClients).await?;
    let chosen = scopes.join(",");
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("role", role.as_deref()),
        ("scopes", Some(&chosen)),
    ]);
    let result = async {
        let scope = crate::state::scope()?;
        let client = service::integrations::make_client(
            scope.ctx(),
            &caller,
            service::integrations::NewClientForm {
                name: &name,
                role: role.as_deref(),
                scopes: &scopes,
            },
        )
        .await?;
        leptos_axum::redirect(&format!("{PAGE}/{}", client.id));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        PAGE,
        <CreateApiClient as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Revokes a client's token: its next call is refused. Revoking one revoked already
/// changes nothing; either way the client's page says when it was revoked.
#[server(endpoint = "revoke_api_client")]
pub async fn revoke_api_client(id: i32) -> Result<(), AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    service::integrations::revoke_client(scope.ctx(), &caller, id).await?;
    leptos_axum::redirect(&format!("{PAGE}/{id}?revoked=1"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_offers_the_roles_a_client_may_hold() {
        assert_eq!(
            client_roles(),
            [
                Role::Officer,
                Role::Manager,
                Role::ComplaintsManager,
                Role::HeadOfService,
                Role::BoardMember
            ]
        );
    }
}
