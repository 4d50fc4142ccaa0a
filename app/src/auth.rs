//! Signing in and out, and who is asking.
//!
//! The session cookie is HttpOnly (scripts cannot read it), SameSite=Lax (other sites cannot
//! post with it) and Secure whenever the request came over HTTPS, directly or through a
//! proxy that says so in `X-Forwarded-Proto`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as pages may show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub role: domain::Role,
}

#[cfg(feature = "ssr")]
pub mod session {
    //! Reading and writing the session cookie on the server.

    use crate::error::AppError;
    use http::{HeaderValue, header, request::Parts};
    use leptos::prelude::*;
    use storage::accounts::{self, Account, SessionToken};

    pub const COOKIE: &str = "putright_session";

    fn request() -> Option<Parts> {
        use_context::<Parts>()
    }

    /// The session token the browser sent, if any.
    pub fn token() -> Option<SessionToken> {
        token_from_headers(&request()?.headers)
    }

    /// The session token in a request's `Cookie` headers, if any (for handlers outside
    /// Leptos, such as the form's multipart post).
    pub fn token_from_headers(headers: &http::HeaderMap) -> Option<SessionToken> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .map(|(_, value)| SessionToken::from_cookie(value))
    }

    /// The account signed in on this request, if any.
    pub async fn account() -> Result<Option<Account>, AppError> {
        let Some(token) = token() else {
            return Ok(None);
        };
        let state = crate::state::app_state()?;
        Ok(accounts::session_account(&state.db, &token, crate::clock::now()).await?)
    }

    /// The signed-in account, or `Forbidden` for anyone else.
    pub async fn require_account() -> Result<Account, AppError> {
        account().await?.ok_or(AppError::Forbidden)
    }

    /// The signed-in account, when its role may take `action`, an action on no one case
    /// (`domain::access::role_may`); `Forbidden` for anyone else. Every use case that is
    /// not about one case comes in this way; those about a case come in through
    /// `crate::cases::guard::case_access`.
    pub async fn require(action: domain::access::Action) -> Result<Account, AppError> {
        let account = require_account().await?;
        if domain::access::role_may(account.role, action) {
            Ok(account)
        } else {
            tracing::info!(user = account.id, ?action, "refused: the role may not");
            Err(AppError::Forbidden)
        }
    }

    fn secure() -> bool {
        request().is_some_and(|p| {
            p.uri.scheme_str() == Some("https")
                || p.headers
                    .get("x-forwarded-proto")
                    .is_some_and(|v| v.as_bytes() == b"https")
        })
    }

    /// Sets (or, with `None`, clears) the session cookie on the response.
    pub fn set_cookie(token: Option<&SessionToken>) {
        let secure = if secure() { "; Secure" } else { "" };
        let value = match token {
            Some(token) => format!(
                "{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
                token.expose(),
                accounts::SESSION_HOURS * 3600
            ),
            None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
        };
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            HeaderValue::from_str(&value),
        ) {
            response.append_header(header::SET_COOKIE, value);
        }
    }
}

/// Who is signed in, for the header and for pages that change with the role.
#[server(endpoint = "current_viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    Ok(session::account().await?.map(|a| Viewer {
        name: a.display_name,
        role: a.role,
    }))
}

/// Signs in with an email address and password, then goes to `next` (a path on this site,
/// see [`safe_next`]). Without one, or with anything else, people land on their own home
/// page ([`landing_for`]): staff who work cases on their work queue, and so on; residents on
/// the front page.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use storage::accounts::{self, SignInError};
    if email.trim().is_empty() {
        return Err(AppError::validation("email", "Enter your email address"));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", "Enter your password"));
    }
    let state = crate::state::app_state()?;
    match accounts::sign_in(&state.db, &email, &password, crate::clock::now()).await {
        Ok((account, token)) => {
            tracing::info!(user = account.id, role = %account.role, "signed in");
            session::set_cookie(Some(&token));
            let landing = safe_next(next.as_deref())
                .unwrap_or_else(|| landing_for(account.role).unwrap_or("/").to_owned());
            leptos_axum::redirect(&landing);
            Ok(())
        }
        Err(e @ SignInError::WrongCredentials) => Err(AppError::validation("email", e)),
        Err(e @ SignInError::Throttled) => Err(AppError::validation("email", e)),
        Err(SignInError::Storage(e)) => Err(e.into()),
    }
}

/// Where someone goes after signing in when no page asked for them: their own workspace
/// (the work queue, the panel's reviews, an admin's homes count, the reports), or the front
/// page for residents.
pub fn landing_for(role: domain::Role) -> Option<&'static str> {
    if crate::worklist::may_use_queue(role) {
        Some("/staff")
    } else if role == domain::Role::InvolvedCustomer {
        Some("/panel")
    } else if crate::homes::may_set_homes(role) {
        Some("/admin/homes")
    } else if crate::reports::may_view_reports(role) {
        Some("/reports")
    } else {
        None
    }
}

/// Creates a resident's account and signs them in, then goes to `next` (a path on this
/// site) or their cases. Staff, panel and board accounts are made by an administrator.
#[server(endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    confirm_password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use storage::accounts;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::validation("name", "Enter your full name"));
    }
    if name.chars().count() > domain::form::MAX_NAME_CHARS {
        return Err(AppError::validation(
            "name",
            format!(
                "Keep your name to {} characters or fewer",
                domain::form::MAX_NAME_CHARS
            ),
        ));
    }
    let email =
        domain::form::EmailAddress::parse(&email).map_err(|e| AppError::validation("email", e))?;
    domain::password::check_new_password(&password)
        .map_err(|e| AppError::validation("password", e))?;
    if password != confirm_password {
        return Err(AppError::validation(
            "confirm_password",
            "The passwords do not match: type the same password twice",
        ));
    }
    let state = crate::state::app_state()?;
    let now = crate::clock::now();
    match accounts::create(
        &state.db,
        email.as_str(),
        name,
        domain::Role::Resident,
        &password,
        now,
    )
    .await
    {
        Ok(_) => {}
        Err(storage::StorageError::Conflict) => {
            return Err(AppError::validation(
                "email",
                "There is already an account for this email address: sign in instead, or use another address",
            ));
        }
        Err(other) => return Err(other.into()),
    }
    match accounts::sign_in(&state.db, email.as_str(), &password, now).await {
        Ok((account, token)) => {
            tracing::info!(user = account.id, "resident registered");
            session::set_cookie(Some(&token));
            let next = safe_next(next.as_deref()).filter(|n| n != "/");
            leptos_axum::redirect(next.as_deref().unwrap_or("/cases"));
            Ok(())
        }
        Err(_) => Err(AppError::Internal),
    }
}

/// Ends the session and returns to the front page.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    if let Some(token) = session::token() {
        let state = crate::state::app_state()?;
        storage::accounts::sign_out(&state.db, &token).await?;
    }
    session::set_cookie(None);
    leptos_axum::redirect("/");
    Ok(())
}

/// The longest `next` followed.
const MAX_NEXT: usize = 2048;

/// `next` when it is a path on this site, read strictly; `None` for anything else, and the
/// caller falls back to the person's home page. A path starts with one `/` (not `//`, which
/// a browser reads as another site, nor `/\`, which some read the same way), and holds only
/// printable ASCII without a backslash: no spaces, tabs, CR, LF or other control characters
/// (which could split the `Location` header or be dropped by a browser to make `//`), and
/// nothing outside ASCII. Starting with `/` it cannot carry a scheme of its own.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let path = next?;
    let bytes = path.as_bytes();
    let ok = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && path.len() <= MAX_NEXT
        && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\');
    ok.then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_on_this_site_are_followed_after_signing_in() {
        assert_eq!(safe_next(Some("/cases")).as_deref(), Some("/cases"));
        assert_eq!(
            safe_next(Some("/staff/cases/CX-2026-000123?x=1#files")).as_deref(),
            Some("/staff/cases/CX-2026-000123?x=1#files")
        );
        for refused in [
            "//evil.example/x",
            "https://evil.example",
            "javascript:alert(1)",
            "/\\evil.example",
            "/x\\y",
            "\\\\evil.example",
            "/\t/evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/x\ny",
            "/x y",
            "/caf\u{e9}",
            "/\u{202e}x",
            "/x\u{7f}",
            "",
            " /cases",
            "cases",
        ] {
            assert_eq!(safe_next(Some(refused)), None, "{refused:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), None);
        assert_eq!(safe_next(None), None);
    }
}
