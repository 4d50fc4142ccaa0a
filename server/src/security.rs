//! What every request and answer goes through before and after the application: the
//! cross-site check, the response headers (Content-Security-Policy with a fresh nonce, HSTS,
//! `Cache-Control`), the size limits of bodies, and the seal on errors carried in an
//! address. The rules are written down in `SECURITY.md`.
//!
//! # Cross-site requests
//!
//! Every request that may change something (any method but GET, HEAD, OPTIONS and TRACE:
//! server functions under `/api`, the multipart posts, signing in and out) must come from a
//! page of this site:
//!
//! 1. when the browser sends `Sec-Fetch-Site` (every current browser does), it must be
//!    `same-origin` or `none` (typed or bookmarked by the person themselves): the browser
//!    works it out itself, and no page can make it say otherwise;
//! 2. otherwise, when it sends `Origin`, that must be the site's own origin: the configured
//!    `public_url`'s, or, without one, `http(s)://` and the request's own `Host`;
//! 3. with neither of those, a `Referer`, when sent, must name a page of this site;
//! 4. a request with none of the three is not from a browser that could be made to send it
//!    by another site (browsers send `Origin` on every cross-site POST), so it is let
//!    through: command-line tools send none.
//!
//! Anything else is answered 403 with a plain page, before the application sees it. The
//! session cookie is also `SameSite=Lax`, so another site's post would arrive without it,
//! but signing in needs no cookie: this check is what makes login CSRF impossible.
//!
//! # Errors in an address
//!
//! A form posted without JavaScript that the server refuses is sent back to its page with
//! the error in the address (Leptos's `?__path=…&__err=…`), and the page shows it. Left
//! alone, anyone could write an address that puts words of their choosing on our page. So
//! the server seals each such address it writes (`__sig`: an HMAC-SHA256 over the error,
//! the server function, the browser's session and an expiry ten minutes ahead, with a key
//! made at start-up), and a page address that carries an error without a valid seal is
//! redirected to the same page without it. Pages only ever show errors this server wrote,
//! to this browser, in the last ten minutes. With several app servers the seal made by one
//! is not valid on another, and the person simply sees the form again without the message.
//!
//! # Where a request came from
//!
//! [`note_client`] puts the client's address on each request ([`ClientAddr`]) for the
//! limits that count per client: the peer's address, or with `behind_proxy` the last
//! address in `X-Forwarded-For` (the one the proxy itself added; earlier ones are the
//! client's to write). An IPv6 address counts by its /64 network, since one host usually
//! has a whole /64 to choose from.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use app::state::ClientAddr;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

use crate::config::Settings;

/// The most a server function's body may hold. Their arguments are short forms; the files
/// go to the multipart routes, which have their own limits.
pub const SERVER_FN_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// How long a sealed error in an address stays valid.
const SEAL_SECONDS: u64 = 600;

/// What the checks need to know about the site.
pub struct Guard {
    /// The configured public URL's origin, if any.
    origin: Option<String>,
    /// The public URL is `https`.
    https: bool,
    /// Trust `X-Forwarded-Proto` from the proxy in front.
    behind_proxy: bool,
    /// The key errors in addresses are sealed with.
    key: [u8; 32],
}

impl Guard {
    pub fn new(settings: &Settings) -> Arc<Self> {
        let origin = settings.public_origin();
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        Arc::new(Self {
            https: origin.as_deref().is_some_and(|o| o.starts_with("https://")),
            origin,
            behind_proxy: settings.behind_proxy,
            key,
        })
    }

    /// Whether the request comes from a page of this site (see the module's rules).
    fn is_from_this_site(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site") {
            return matches!(site.as_bytes(), b"same-origin" | b"none");
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            return self.is_own_origin(origin.to_str().ok(), headers);
        }
        match headers.get(header::REFERER) {
            Some(referer) => {
                let referer = referer.to_str().ok();
                self.is_own_origin(referer.map(origin_of), headers)
            }
            None => true,
        }
    }

    /// Whether `origin` (`scheme://host[:port]`) is this site's: the configured public
    /// URL's, or without one, `http(s)://` and the request's own `Host`.
    fn is_own_origin(&self, origin: Option<&str>, headers: &HeaderMap) -> bool {
        let Some(origin) = origin else {
            return false;
        };
        let origin = origin.trim().to_ascii_lowercase();
        match &self.origin {
            Some(own) => origin == *own,
            None => {
                let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
                    return false;
                };
                let host = host.trim().to_ascii_lowercase();
                origin.split_once("://").is_some_and(|(scheme, authority)| {
                    matches!(scheme, "http" | "https") && authority == host
                })
            }
        }
    }

    /// Whether the answer goes out over HTTPS, as far as we can know.
    fn over_https(&self, headers: &HeaderMap) -> bool {
        self.https
            || (self.behind_proxy
                && headers
                    .get("x-forwarded-proto")
                    .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")))
    }

    fn seal(&self, expiry: u64, path: &str, err: &str, session: &str) -> String {
        let message = format!("{expiry}\n{path}\n{err}\n{session}");
        let tag = hmac_sha256(&self.key, message.as_bytes());
        format!("{expiry}.{}", hex(&tag))
    }

    fn seal_holds(&self, seal: &str, path: &str, err: &str, session: &str, now: u64) -> bool {
        let Some((expiry, _)) = seal.split_once('.') else {
            return false;
        };
        let Ok(expiry) = expiry.parse::<u64>() else {
            return false;
        };
        expiry >= now
            && expiry <= now + SEAL_SECONDS
            && constant_time_eq(
                self.seal(expiry, path, err, session).as_bytes(),
                seal.as_bytes(),
            )
    }
}

/// The nonce this answer's scripts carry; the page reads it from the request's extensions
/// (see `crate::routes`).
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The policy of every answer but files: scripts only with this answer's nonce (and what
/// they load), WebAssembly allowed to compile, everything else from this site only, no
/// plugins, no `<base>`, never in a frame, forms only to this site.
fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// A small page for an answer the application never saw. It closes the connection: the
/// request's body may not have been read, so the connection cannot carry another request.
pub fn plain_page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Putright</title></head>\
         <body><main><h1>{title}</h1><p>{text}</p><p><a href=\"/\">Go to the front page</a></p>\
         </main></body></html>\n"
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONNECTION, "close"),
        ],
        body,
    )
        .into_response()
}

/// Puts the client's address on the request (see the module's notes).
pub async fn note_client(
    State(guard): State<Arc<Guard>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let forwarded = guard
        .behind_proxy
        .then(|| last_forwarded_for(request.headers()))
        .flatten();
    let client = ClientAddr(
        forwarded
            .or(peer)
            .map_or_else(|| "unknown".to_owned(), bounded),
    );
    request.extensions_mut().insert(client);
    next.run(request).await
}

/// The `scheme://authority` a full address starts with (the whole text when it has no
/// path, query or fragment after it).
fn origin_of(address: &str) -> &str {
    let Some((scheme, rest)) = address.split_once("://") else {
        return address;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &address[..scheme.len() + 3 + end]
}

/// The last address in the `X-Forwarded-For` headers, if it is one.
fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?;
    last.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
}

/// An address as limits count it: IPv4 whole, IPv6 by its /64.
fn bounded(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Whether `path` is a server function's (the pages' own calls, under `/api/`), as opposed
/// to the integration API's (`/api/v1/`, `crate::api`).
pub fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/") && !crate::api::is_api(path)
}

/// 403 for a request another site made the browser send.
pub async fn refuse_cross_site(
    State(guard): State<Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    // The integration API reads a token from each request and never a cookie: a page on
    // another site that makes the browser call it carries no one's authority.
    if request.method().is_safe() || crate::api::is_api(request.uri().path()) {
        return next.run(request).await;
    }
    if guard.is_from_this_site(request.headers()) {
        if is_server_fn(request.uri().path()) && !is_form(request.headers()) {
            // Every server function takes a form; anything else (text/plain, which a page
            // on another site could send without asking) is not read.
            return plain_page(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Request refused",
                "This request was not a form, so we did not act on it. Go back to the page, \
                 reload it and try again.",
            );
        }
        return next.run(request).await;
    }
    tracing::info!(
        method = %request.method(),
        path = request.uri().path(),
        site = ?request.headers().get("sec-fetch-site"),
        origin = ?request.headers().get(header::ORIGIN),
        "refused a request from another site"
    );
    plain_page(
        StatusCode::FORBIDDEN,
        "Request refused",
        "This request came from another website, so we did not act on it. If you were using \
         Putright, go back to the page, reload it and try again.",
    )
}

/// Whether a request's body is declared as a form (`application/x-www-form-urlencoded`), or
/// not declared at all (a post without a body, such as signing out from a script).
fn is_form(headers: &HeaderMap) -> bool {
    let Some(declared) = headers.get(header::CONTENT_TYPE) else {
        return true;
    };
    declared
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The headers of every answer: the Content-Security-Policy (with a nonce made for this
/// answer and handed to the page), `Cache-Control: no-store` for everything but the
/// bundle's content-hashed files (pages, server functions and files all carry personal
/// data), and HSTS when served over HTTPS.
///
/// Files people added get no page policy: they are never pages of ours (HTML and SVG are
/// only ever downloads, see `crate::files`), and a policy on them can stop a browser's own
/// PDF viewer.
pub async fn response_headers(
    State(guard): State<Arc<Guard>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let bundle = request.uri().path().starts_with("/pkg/");
    let https = guard.over_https(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_DISPOSITION)
        && let Ok(value) = HeaderValue::from_str(&policy(&nonce))
    {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(value);
    }
    if !bundle {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// 400 for a post no page of ours sends: not a readable form.
pub fn bad_request() -> Response {
    plain_page(
        StatusCode::BAD_REQUEST,
        "We could not read that",
        "What your browser sent could not be read as one of our forms. Go back, reload the \
         page and try again.",
    )
}

fn too_large() -> Response {
    plain_page(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Too much to send",
        "What you sent is larger than we accept. A file must be smaller than 32 MB: go back, \
         choose a smaller file (or send it to us by email) and try again.",
    )
}

/// The length the request says its body has, if it says one.
fn declared_length(request: &Request) -> Option<u64> {
    request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// 413 at once for a post that says it is larger than `limit`, without reading it. The
/// form and a case's files give twice their body limit here: a body a little over their
/// limit (a 40 MB video) is read up to the limit and comes back to the form with "the file
/// must be smaller than 32 MB" next to the field and what was typed kept, as SPEC asks; one
/// far over is refused at once. A body that says nothing and runs over is stopped by the
/// route's `DefaultBodyLimit` as it streams.
pub async fn refuse_declared_over(
    State(limit): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    if declared_length(&request).is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    next.run(request).await
}

/// Server functions' bodies, read whole (the framework would read them whole anyway) but
/// only up to [`SERVER_FN_BODY_LIMIT`]: more is 413.
pub async fn limit_server_fn_bodies(request: Request, next: Next) -> Response {
    if !is_server_fn(request.uri().path()) {
        return next.run(request).await;
    }
    if declared_length(&request).is_some_and(|n| n > SERVER_FN_BODY_LIMIT as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, SERVER_FN_BODY_LIMIT).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// Seals the error in the address a refused plain form post is sent back to, and sends a
/// page address carrying an error without a valid seal to the same page without it.
pub async fn seal_url_errors(
    State(guard): State<Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    let session = session_of(request.headers());
    let is_server_fn = is_server_fn(request.uri().path());
    if request.method() == Method::POST && is_server_fn {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_ascii_lowercase);
        let mut response = next.run(request).await;
        keep_on_this_site(&guard, &mut response, host.as_deref());
        seal_location(&guard, &mut response, &session);
        return response;
    }
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && !is_server_fn
        && let Some(query) = request.uri().query()
        && query.contains("__")
    {
        let pairs = query_pairs(query);
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let (path, err, seal) = (get("__path"), get("__err"), get("__sig"));
        if path.is_none() && err.is_none() && seal.is_none() {
            return next.run(request).await;
        }
        let sealed = match (path, err, seal) {
            (Some(path), Some(err), Some(seal)) => {
                guard.seal_holds(seal, path, err, &session, unix_now())
            }
            _ => false,
        };
        if !sealed {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|part| {
                    let key = percent_decode(part.split('=').next().unwrap_or_default());
                    !matches!(key.as_str(), "__path" | "__err" | "__sig")
                })
                .collect();
            let mut clean = request.uri().path().to_owned();
            if !kept.is_empty() {
                clean.push('?');
                clean.push_str(&kept.join("&"));
            }
            return Redirect::to(&clean).into_response();
        }
    }
    next.run(request).await
}

/// A form post refused without JavaScript is sent back to the page it came from, as its
/// `Referer` says; a `Referer` naming another site (which a browser would not send with a
/// post this server accepts, but any client can write) is not followed there, nor given the
/// error: the same path on this site is used instead.
fn keep_on_this_site(guard: &Guard, response: &mut Response, host: Option<&str>) {
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    let own = guard
        .origin
        .as_deref()
        .and_then(|o| o.split_once("://"))
        .map(|(_, authority)| authority);
    let kept = same_site_location(location, own, host);
    if kept != location
        && let Ok(value) = HeaderValue::from_str(&kept)
    {
        tracing::info!(%location, "a redirect to another site was kept on this one");
        response.headers_mut().insert(header::LOCATION, value);
    }
}

/// `location` when it stays on this site (a path, or an address on `own` or `host`), else
/// the same path and query on this site.
fn same_site_location(location: &str, own: Option<&str>, host: Option<&str>) -> String {
    let bytes = location.as_bytes();
    let path_only = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
    if path_only && !location.contains('\\') {
        return location.to_owned();
    }
    let rest = match location.split_once("://") {
        Some((scheme, rest))
            if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") =>
        {
            rest
        }
        _ => location.trim_start_matches(['/', '\\']),
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let authority = authority.to_ascii_lowercase();
    let ours = Some(authority.as_str()) == own || Some(authority.as_str()) == host;
    if ours && location.contains("://") && !location.contains('\\') {
        return location.to_owned();
    }
    let path = path.replace('\\', "/");
    format!("/{}", path.trim_start_matches('/'))
}

fn seal_location(guard: &Guard, response: &mut Response, session: &str) {
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    let (before_fragment, fragment) = match location.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (location, None),
    };
    let Some((_, query)) = before_fragment.split_once('?') else {
        return;
    };
    let pairs = query_pairs(query);
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let (Some(path), Some(err)) = (get("__path"), get("__err")) else {
        return;
    };
    let seal = guard.seal(unix_now() + SEAL_SECONDS, path, err, session);
    let mut sealed = format!("{before_fragment}&__sig={seal}");
    if let Some(fragment) = fragment {
        sealed.push('#');
        sealed.push_str(fragment);
    }
    if let Ok(value) = HeaderValue::from_str(&sealed) {
        response.headers_mut().insert(header::LOCATION, value);
    }
}

/// The browser's session, as the seal binds it: a digest of the cookie's value, or nothing.
fn session_of(headers: &HeaderMap) -> String {
    app::auth::session::token_from_headers(headers)
        .map(|token| hex(&Sha256::digest(token.expose().as_bytes())))
        .unwrap_or_default()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// `application/x-www-form-urlencoded` pairs, decoded.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    fn digit(b: u8) -> Option<u8> {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(digit),
                bytes.get(i + 2).copied().and_then(digit),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut inner_pad = [0x36u8; 64];
    let mut outer_pad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        inner_pad[i] ^= k;
        outer_pad[i] ^= k;
    }
    let inner = Sha256::new()
        .chain_update(inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(outer_pad)
        .chain_update(inner)
        .finalize()
        .into()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_redirect_stays_on_this_site() {
        use super::same_site_location as kept;
        let host = Some("127.0.0.1:3000");
        let own = Some("complaints.example.org");
        for (location, expected) in [
            ("/sign-in?__err=x", "/sign-in?__err=x"),
            (
                "http://127.0.0.1:3000/sign-in?a=1",
                "http://127.0.0.1:3000/sign-in?a=1",
            ),
            (
                "https://complaints.example.org/make",
                "https://complaints.example.org/make",
            ),
            ("https://evil.example/x?__err=y", "/x?__err=y"),
            ("https://EVIL.example", "/"),
            ("//evil.example", "/"),
            ("//evil.example/steal?q=1", "/steal?q=1"),
            ("/\\evil.example/x", "/x"),
            ("http://127.0.0.1:3000\\@evil.example/", "/"),
            ("javascript:alert(1)", "/"),
            ("evil.example/x", "/x"),
        ] {
            assert_eq!(kept(location, own, host), expected, "{location}");
        }
    }
    use super::*;

    fn guard(public_url: Option<&str>) -> Arc<Guard> {
        Guard::new(&Settings {
            public_url: public_url.map(str::to_owned),
            ..Settings::default()
        })
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_client_is_its_address_or_its_ipv6_network_and_the_proxys_last_word() {
        assert_eq!(bounded("203.0.113.9".parse().unwrap()), "203.0.113.9");
        assert_eq!(
            bounded("2001:db8:a:b:1:2:3:4".parse().unwrap()),
            "2001:db8:a:b::/64"
        );
        assert_eq!(
            bounded("2001:db8:a:b:ffff::9".parse().unwrap()),
            bounded("2001:db8:a:b::1".parse().unwrap()),
            "one /64 is one client"
        );
        assert_eq!(
            bounded("::ffff:198.51.100.7".parse().unwrap()),
            "198.51.100.7"
        );
        let forwarded = headers(&[
            ("x-forwarded-for", "10.0.0.1, 192.0.2.1"),
            ("x-forwarded-for", "not an address, 198.51.100.20"),
        ]);
        assert_eq!(
            last_forwarded_for(&forwarded),
            Some("198.51.100.20".parse().unwrap())
        );
        assert_eq!(
            last_forwarded_for(&headers(&[("x-forwarded-for", "198.51.100.20, junk")])),
            None
        );
    }

    #[test]
    fn fetch_metadata_decides_when_the_browser_sends_it() {
        let g = guard(None);
        assert!(g.is_from_this_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(g.is_from_this_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(!g.is_from_this_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!g.is_from_this_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ])));
    }

    #[test]
    fn otherwise_the_origin_must_be_the_site_s_own() {
        let g = guard(None);
        assert!(g.is_from_this_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!g.is_from_this_site(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!g.is_from_this_site(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
        let g = guard(Some("https://complaints.example.org"));
        assert!(g.is_from_this_site(&headers(&[
            ("origin", "https://complaints.example.org"),
            ("host", "10.0.0.5:3000")
        ])));
        assert!(!g.is_from_this_site(&headers(&[
            ("origin", "http://complaints.example.org"),
            ("host", "complaints.example.org")
        ])));
        // Neither header: not a browser another site could drive.
        assert!(g.is_from_this_site(&HeaderMap::new()));
    }

    #[test]
    fn without_fetch_metadata_or_an_origin_the_referring_page_decides() {
        let g = guard(None);
        let host = ("host", "127.0.0.1:3000");
        assert!(!g.is_from_this_site(&headers(&[
            ("referer", "http://evil.example/form?x=1"),
            host,
        ])));
        assert!(!g.is_from_this_site(&headers(&[
            ("referer", "http://127.0.0.1:3000.evil.example/"),
            host,
        ])));
        assert!(g.is_from_this_site(&headers(&[
            ("referer", "http://127.0.0.1:3000/cases/CX-2025-000001"),
            host,
        ])));
        assert!(!g.is_from_this_site(&headers(&[("referer", "not an address"), host])));
        assert_eq!(
            origin_of("https://a.example:8443/x?y#z"),
            "https://a.example:8443"
        );
        assert_eq!(origin_of("https://a.example"), "https://a.example");
    }

    #[test]
    fn a_seal_holds_only_for_its_error_session_and_time() {
        let g = guard(None);
        let now = unix_now();
        let seal = g.seal(now + 60, "/api/sign_in", "abc", "s1");
        assert!(g.seal_holds(&seal, "/api/sign_in", "abc", "s1", now));
        assert!(!g.seal_holds(&seal, "/api/sign_in", "abd", "s1", now));
        assert!(!g.seal_holds(&seal, "/api/sign_in", "abc", "s2", now));
        assert!(!g.seal_holds(&seal, "/api/sign_in", "abc", "s1", now + 61));
        assert!(!g.seal_holds("nonsense", "/api/sign_in", "abc", "s1", now));
        // Another server's key.
        let other = guard(None);
        assert!(!other.seal_holds(&seal, "/api/sign_in", "abc", "s1", now));
    }

    #[test]
    fn hmac_matches_the_rfc_4231_vector() {
        // RFC 4231 test case 2 uses a 4-byte key; ours are 32 bytes, so check case 1's
        // construction with the key padded as HMAC pads it.
        let mut key = [0u8; 32];
        key[..20].copy_from_slice(&[0x0b; 20]);
        assert_eq!(
            hex(&hmac_sha256(&key, b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

    #[test]
    fn addresses_are_decoded_as_browsers_encode_them() {
        assert_eq!(
            query_pairs("a=1&__err=eyJ%3D&b=x+y&c=%zz"),
            vec![
                ("a".into(), "1".into()),
                ("__err".into(), "eyJ=".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "%zz".into()),
            ]
        );
        assert_eq!(percent_decode("%4"), "%4");
    }
}
