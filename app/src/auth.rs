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
        cookie(headers, COOKIE).map(SessionToken::from_cookie)
    }

    /// Who this request is signed in as, looked up once however many server functions a
    /// page calls (the header's viewer, the page's own data, its side panels). The server
    /// gives each request its own (`provide_context`); signing in or out on the request
    /// forgets it.
    #[derive(Clone, Default)]
    pub struct SignedIn(std::sync::Arc<tokio::sync::Mutex<Option<Option<Account>>>>);

    /// Forgets who this request was signed in as: it has just signed in or out.
    pub async fn forget() {
        if let Some(known) = use_context::<SignedIn>() {
            *known.0.lock().await = None;
        }
    }

    /// The account signed in on this request, if any.
    pub async fn account() -> Result<Option<Account>, AppError> {
        let Some(token) = token() else {
            return Ok(None);
        };
        let state = crate::state::app_state()?;
        let look_up = || accounts::session_account(&state.db, &token, crate::clock::now());
        let Some(known) = use_context::<SignedIn>() else {
            return Ok(look_up().await?);
        };
        let mut known = known.0.lock().await;
        if let Some(account) = known.as_ref() {
            return Ok(account.clone());
        }
        let account = look_up().await?;
        *known = Some(account.clone());
        Ok(account)
    }

    /// The signed-in account, or `Forbidden` for anyone else.
    pub async fn require_account() -> Result<Account, AppError> {
        account().await?.ok_or(AppError::Forbidden)
    }

    /// The signed-in person as the use cases take them (`service::Caller`), who then
    /// establish what they may do; `Forbidden` for anyone not signed in.
    pub async fn caller() -> Result<service::Caller, AppError> {
        Ok(service::Caller::person(&require_account().await?))
    }

    /// The signed-in account and the [`caller`] it makes, for a page that also shows the
    /// account (its name on a letter, say).
    pub async fn account_and_caller() -> Result<(Account, service::Caller), AppError> {
        let account = require_account().await?;
        let caller = service::Caller::person(&account);
        Ok((account, caller))
    }

    /// [`caller`], refused at once unless they may take `action` (an action on no one
    /// case): for a server function that reads its input before its use case asks, so
    /// that someone who may not is refused before their input is looked at.
    pub async fn caller_who_may(
        action: domain::access::Action,
    ) -> Result<service::Caller, AppError> {
        let caller = caller().await?;
        caller.may(&domain::access::CaseRelation::NONE, action)?;
        Ok(caller)
    }

    fn secure() -> bool {
        request().is_some_and(|p| {
            p.uri.scheme_str() == Some("https")
                || p.headers
                    .get("x-forwarded-proto")
                    .is_some_and(|v| v.as_bytes() == b"https")
        })
    }

    /// The browser's device cookie: it signed in before (`storage::accounts::DeviceToken`).
    pub const DEVICE_COOKIE: &str = "putright_device";

    /// A cookie's value from a request's `Cookie` headers.
    fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value)
    }

    /// Where this request comes from, for sign-in's limits: the client's address and the
    /// device token its browser sent.
    pub fn origin() -> accounts::Origin {
        let parts = request();
        accounts::Origin {
            client: parts
                .as_ref()
                .and_then(|p| p.extensions.get::<crate::state::ClientAddr>())
                .map_or_else(|| "unknown".to_owned(), |c| c.0.clone()),
            device: parts
                .as_ref()
                .and_then(|p| cookie(&p.headers, DEVICE_COOKIE))
                .and_then(accounts::DeviceToken::from_cookie),
        }
    }

    /// Keeps the browser's device token for [`accounts::DEVICE_DAYS`].
    pub fn set_device_cookie(device: &accounts::DeviceToken) {
        let secure = if secure() { "; Secure" } else { "" };
        let value = format!(
            "{DEVICE_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            device.expose(),
            accounts::DEVICE_DAYS * 24 * 3600
        );
        append_cookie(&value);
    }

    fn append_cookie(value: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            HeaderValue::from_str(value),
        ) {
            response.append_header(header::SET_COOKIE, value);
        }
    }

    /// Counts one more request of kind `what` from this connection in the current hour;
    /// past `limit`, the refusal (by the email field, which every such form has).
    pub async fn within_hourly_limit(what: &str, limit: u32) -> Result<(), AppError> {
        use storage::throttle::{self, Window};
        let state = crate::state::app_state()?;
        let now = crate::clock::now();
        let window = Window(chrono::Duration::hours(1));
        let bucket = format!("{what}:{}", origin().client);
        if throttle::hit(&state.db, &bucket, window, now).await? <= limit {
            return Ok(());
        }
        tracing::warn!(what, client = %origin().client, "over the hourly limit");
        let minutes = (window.seconds_left(now) + 59) / 60;
        Err(AppError::validation(
            "email",
            format!(
                "We have had a lot of requests from your connection in the last hour: wait {minutes} minutes and try again"
            ),
        ))
    }

    /// Signs `account` in on this browser: a new session and its device token.
    pub async fn open(account: &Account) -> Result<(), AppError> {
        forget().await;
        let state = crate::state::app_state()?;
        let now = crate::clock::now();
        let token = accounts::open_session(&state.db, account.id, now).await?;
        let device = accounts::remember_device(&state.db, account.id, now).await?;
        set_cookie(Some(&token));
        set_device_cookie(&device);
        Ok(())
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
        append_cookie(&value);
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
    // Without JavaScript, a refused sign-in comes back with the address (never the
    // password) and where the person was going.
    let typed = crate::refusal::Typed::new(&[("email", Some(&email)), ("next", next.as_deref())]);
    let result = check_and_sign_in(&email, &password, next.as_deref()).await;
    typed.keep_on_refusal_at("/sign-in", <SignIn as server_fn::ServerFn>::PATH, &result);
    result
}

#[cfg(feature = "ssr")]
async fn check_and_sign_in(
    email: &str,
    password: &str,
    next: Option<&str>,
) -> Result<(), AppError> {
    use storage::accounts::{self, SignInError};
    if email.trim().is_empty() {
        return Err(AppError::validation("email", "Enter your email address"));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", "Enter your password"));
    }
    let state = crate::state::app_state()?;
    let origin = session::origin();
    match accounts::sign_in_from(&state.db, email, password, &origin, crate::clock::now()).await {
        Ok(accounts::SignedIn {
            account,
            session: token,
            device,
            then,
        }) => {
            session::set_cookie(Some(&token));
            session::set_device_cookie(&device);
            let Some(then) = then else {
                tracing::info!(user = account.id, role = %account.role, "signed in");
                leptos_axum::redirect(&landing(next, account.role));
                return Ok(());
            };
            // The password was right; the second factor comes next, on its own page.
            tracing::info!(
                user = account.id,
                ?then,
                "password accepted: second factor next"
            );
            let page = match then {
                accounts::SecondStep::EnterCode => "/sign-in/code",
                accounts::SecondStep::SetUp => "/sign-in/set-up",
            };
            let next = safe_next(next)
                .map(|n| format!("?next={}", crate::second_factor::encode_next(&n)))
                .unwrap_or_default();
            leptos_axum::redirect(&format!("{page}{next}"));
            Ok(())
        }
        Err(e @ SignInError::WrongCredentials) => Err(AppError::validation("email", e)),
        Err(e @ SignInError::Throttled { .. }) => {
            tracing::warn!(client = %origin.client, "sign-in slowed: too many attempts");
            Err(AppError::validation("email", e))
        }
        Err(SignInError::Storage(e)) => Err(e.into()),
    }
}

/// Where someone goes once signed in: `next` when it is a path on this site, else their
/// home page.
#[cfg(feature = "ssr")]
pub(crate) fn landing(next: Option<&str>, role: domain::Role) -> String {
    safe_next(next).unwrap_or_else(|| landing_for(role).unwrap_or("/").to_owned())
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

/// Registrations asked for from one connection in an hour.
pub const REGISTRATIONS_PER_HOUR: u32 = 10;

/// Starts a resident's account: checks the name and address, then sends a link to the
/// address and shows "Check your email". The link opens the account, where they choose a
/// password (`crate::accounts::reset_password`). Staff, panel and board accounts are made
/// by an administrator.
///
/// The page says the same whether or not the address has an account, so nobody learns
/// which addresses do: a resident who has one is e-mailed a reminder with a link to set a
/// new password instead; a member of staff's address gets nothing. Limited per connection
/// ([`REGISTRATIONS_PER_HOUR`]) and, per address, by the links' resend gap.
#[server(endpoint = "register")]
pub async fn register(name: String, email: String) -> Result<(), AppError> {
    // Without JavaScript, a refused form comes back with the name and address as typed.
    let typed = crate::refusal::Typed::new(&[("name", Some(&name)), ("email", Some(&email))]);
    let result = start_registration(&name, &email).await;
    typed.keep_on_refusal_at(
        "/register",
        <Register as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

#[cfg(feature = "ssr")]
async fn start_registration(name: &str, email: &str) -> Result<(), AppError> {
    use crate::error::CheckAll;
    let name = name.trim();
    let name_check = if name.is_empty() {
        Err(AppError::validation("name", "Enter your full name"))
    } else if name.chars().count() > domain::form::MAX_NAME_CHARS {
        Err(AppError::validation(
            "name",
            format!(
                "Keep your name to {} characters or fewer",
                domain::form::MAX_NAME_CHARS
            ),
        ))
    } else {
        Ok(())
    };
    // Both fields are checked before answering: every problem at once.
    let ((), email) = (
        name_check,
        domain::form::EmailAddress::parse(email).map_err(|e| AppError::validation("email", e)),
    )
        .check_all()?;
    session::within_hourly_limit("register", REGISTRATIONS_PER_HOUR).await?;
    let scope = crate::state::scope()?;
    service::accounts::register(scope.ctx(), name, &email).await?;
    leptos_axum::redirect("/register?sent=1");
    Ok(())
}

/// Ends the session and returns to the front page.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    if let Some(token) = session::token() {
        let scope = crate::state::scope()?;
        service::accounts::sign_out(scope.ctx(), &token).await?;
    }
    session::forget().await;
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
