//! The integration API's clients, kept by an administrator
//! ([`domain::access::Action::ManageApiClients`]) at `/admin/api-clients`: each a name, the
//! role it acts with and the scopes it was granted (`domain::access::clients`), with a
//! token; its page lists the calls it made, and its token is revoked there.
//!
//! The token is shown once, to the administrator who made the client, on the client's page
//! the browser goes to after the form's post, and never again. The post makes the client
//! without a token (`storage::api_clients::create_pending`) and sends the browser to its
//! page; that page's answer issues the token (`storage::api_clients::issue_token`, one
//! statement, so a second look, in another tab or on another app server, finds it issued),
//! as the recovery codes of a second factor are made by the page that shows them. So the
//! token is never in an address, a redirect or a log, and only its SHA-256 is kept.
//!
//! Rules we chose where SPEC is silent:
//! - **A client's name** is one line of at most [`NAME_MAX_CHARS`] characters. Two clients
//!   may share a name: the last four characters of each token tell them apart.
//! - **Roles and scopes** are those `domain::access::clients` allows: never an
//!   administrator's, a resident's or a panel member's role, and at least one scope.
//! - **Revoking is for good.** To connect the system again, make a new client; its calls
//!   stay on the old client's page.

use crate::error::AppError;
use domain::Role;
use domain::access::clients::{Scope, client_may_hold};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest name a client may have.
pub const NAME_MAX_CHARS: usize = 80;

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

/// A client's name as kept: one line, single spaces.
fn one_line_name(name: &str) -> String {
    domain::text::one_line(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form's answers checked, every problem at once: the name, the role and the scopes
/// (sorted, each once).
pub fn check_new_client(
    name: &str,
    role: Option<&str>,
    scopes: &[String],
) -> Result<(String, Role, Vec<Scope>), AppError> {
    use crate::error::CheckAll;
    let name = one_line_name(name);
    let name = if name.is_empty() {
        Err(AppError::validation("name", "Enter a name for the client"))
    } else if name.chars().count() > NAME_MAX_CHARS {
        Err(AppError::validation(
            "name",
            format!("The name must be {NAME_MAX_CHARS} characters or fewer"),
        ))
    } else {
        Ok(name)
    };
    let role = match role.map(str::trim).filter(|r| !r.is_empty()) {
        None => Err(AppError::validation(
            "role",
            "Choose the role the client acts with",
        )),
        Some(text) => match text.parse::<Role>() {
            Ok(role) if client_may_hold(role) => Ok(role),
            Ok(role) => Err(AppError::validation(
                "role",
                format!(
                    "A client cannot act as {}: choose one of the roles listed",
                    role.label().to_lowercase()
                ),
            )),
            Err(_) => Err(AppError::validation(
                "role",
                "Choose the role the client acts with",
            )),
        },
    };
    let chosen: Vec<&str> = scopes
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let scopes = if chosen.is_empty() {
        Err(AppError::validation(
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
                AppError::validation("scopes", "Choose what the client may do from the list")
            })
    };
    (name, role, scopes).check_all()
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

#[cfg(feature = "ssr")]
async fn administrator() -> Result<storage::accounts::Account, AppError> {
    crate::auth::session::require(domain::access::Action::ManageApiClients).await
}

/// Every client, the newest first. Never a token: only each one's last four characters.
#[server(endpoint = "api_clients")]
pub async fn api_clients() -> Result<Vec<ClientLine>, AppError> {
    administrator().await?;
    let state = crate::state::app_state()?;
    Ok(storage::api_clients::list(&state.db)
        .await?
        .iter()
        .map(read::line)
        .collect())
}

/// One client's page. The first time the administrator who made it opens it, its token is
/// issued and handed back in this answer, once (see the module's note).
#[server(endpoint = "api_client")]
pub async fn api_client(id: String) -> Result<ClientDetail, AppError> {
    let admin = administrator().await?;
    let id = id.trim().parse::<i32>().map_err(|_| AppError::NotFound)?;
    let state = crate::state::app_state()?;
    let mut client = storage::api_clients::find(&state.db, id).await?;
    let mut token = TokenView::Issued;
    if !client.token_issued()
        && client.revoked_at.is_none()
        && client.created_by == admin.id
        && let Some(issued) = storage::api_clients::issue_token(&state.db, id, admin.id).await?
    {
        tracing::info!(user = admin.id, client = id, "API client's token shown");
        token = TokenView::New(issued.expose().to_owned());
        client = storage::api_clients::find(&state.db, id).await?;
    }
    let created_by = storage::accounts::find(&state.db, client.created_by)
        .await?
        .map_or_else(
            || "An administrator".to_owned(),
            |account| account.display_name,
        );
    if !client.token_issued() && token == TokenView::Issued {
        token = TokenView::Waiting {
            by: created_by.clone(),
        };
    }
    let calls = storage::api_clients::recent_calls(&state.db, id, CALLS_SHOWN)
        .await?
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
        created_by,
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
    let admin = administrator().await?;
    let chosen = scopes.join(",");
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("role", role.as_deref()),
        ("scopes", Some(&chosen)),
    ]);
    let result = async {
        let (name, role, scopes) = check_new_client(&name, role.as_deref(), &scopes)?;
        let state = crate::state::app_state()?;
        let client = storage::api_clients::create_pending(
            &state.db,
            &storage::api_clients::NewClient {
                name: &name,
                role,
                scopes: &scopes,
                created_by: admin.id,
            },
            crate::clock::now(),
        )
        .await?;
        tracing::info!(
            user = admin.id,
            client = client.id,
            role = %role,
            scopes = ?scopes,
            "API client made"
        );
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
    let admin = administrator().await?;
    let state = crate::state::app_state()?;
    let revoked = storage::api_clients::revoke(&state.db, id, crate::clock::now()).await?;
    tracing::info!(user = admin.id, client = id, revoked, "API client revoked");
    leptos_axum::redirect(&format!("{PAGE}/{id}?revoked=1"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(error: &AppError) -> Vec<&str> {
        error.problems().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_client_needs_a_name_a_role_it_may_hold_and_a_scope() {
        let error = check_new_client("  ", None, &[]).expect_err("refused");
        assert_eq!(fields(&error), ["name", "role", "scopes"]);
        let error = check_new_client(
            &"x".repeat(NAME_MAX_CHARS + 1),
            Some("officer"),
            &["cases:read".to_owned()],
        )
        .expect_err("too long");
        assert_eq!(
            error.for_field("name").as_deref(),
            Some("The name must be 80 characters or fewer")
        );
        for role in Role::ALL {
            let result = check_new_client(
                "Housing system",
                Some(role.as_str()),
                &["cases:read".to_owned()],
            );
            assert_eq!(result.is_ok(), client_roles().contains(&role), "{role:?}");
        }
        let error = check_new_client("Housing system", Some("admin"), &["cases:read".to_owned()])
            .expect_err("an administrator's role");
        assert_eq!(
            error.for_field("role").as_deref(),
            Some("A client cannot act as administrator: choose one of the roles listed")
        );
        let error = check_new_client(
            "Housing system",
            Some("officer"),
            &["cases:delete".to_owned()],
        )
        .expect_err("no such scope");
        assert_eq!(fields(&error), ["scopes"]);
    }

    #[test]
    fn the_answers_are_kept_tidy() {
        let (name, role, scopes) = check_new_client(
            " Northgate\thousing  system\n",
            Some("complaints_manager"),
            &[
                "reports:read".to_owned(),
                "cases:read".to_owned(),
                "reports:read".to_owned(),
            ],
        )
        .expect("accepted");
        assert_eq!(name, "Northgate housing system");
        assert_eq!(role, Role::ComplaintsManager);
        assert_eq!(scopes, [Scope::ReadCases, Scope::Reports]);
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
        assert_eq!(
            check_new_client(
                &"é".repeat(NAME_MAX_CHARS),
                Some("officer"),
                &["cases:read".to_owned()]
            )
            .map(|(name, _, _)| name.chars().count()),
            Ok(NAME_MAX_CHARS),
            "characters, not bytes"
        );
    }
}
