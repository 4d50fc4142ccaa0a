//! Admission control: how many requests the server works on at once, and what it says when
//! more arrive than it can take.
//!
//! Rules we chose:
//! - **What counts.** Every page, server function and download. The bundle (`/pkg/…`) and
//!   `/healthz` are never held back: they need no database, and a load balancer must see a
//!   busy server as alive. Nor are the uploads (the online form's post, a case's files, a
//!   history import): they stream their bodies, and someone sending slowly must not hold a
//!   turn others need. A server function's body is read whole before it gets here
//!   (`crate::security::limit_server_fn_bodies`), so a slow sender holds no turn there
//!   either.
//! - **How many at once.** [`Admission::in_flight`] requests are worked on together (by
//!   default four for each database connection: a page spends much of its time outside
//!   the database, rendering). The rest wait their turn, first come first served.
//! - **When to say no.** A request that has waited [`Admission::wait`] without its turn, or
//!   that arrives when [`Admission::queue`] others are already waiting, is answered at once
//!   with 503 and `Retry-After`: a short page in plain words for a browser, the
//!   [`app::error::AppError::Busy`] error for a server function, so the page shows it next
//!   to what the person typed. Nothing is half-done: the request never started.
//! - **Measured.** Each refusal is counted ([`Admission::shed`]) and logged, at most once a
//!   second so that a flood does not flood the log too.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use tokio::sync::Semaphore;

/// The server's admission state, shared by every request.
#[derive(Debug)]
pub struct Admission {
    permits: Semaphore,
    in_flight: usize,
    queue: usize,
    wait: Duration,
    waiting: AtomicUsize,
    shed: AtomicU64,
    /// When the last refusal was logged, in milliseconds since `started`.
    logged_at: AtomicU64,
    started: Instant,
    /// The page a browser is shown when refused.
    page: String,
}

impl Admission {
    /// At most `in_flight` requests at once; at most `queue` waiting, each for at most `wait`.
    /// `stylesheet` is the bundle's stylesheet, for the refusal page.
    pub fn new(
        in_flight: usize,
        queue: usize,
        wait: Duration,
        stylesheet: Option<&str>,
    ) -> Arc<Self> {
        let in_flight = in_flight.max(1);
        Arc::new(Self {
            permits: Semaphore::new(in_flight),
            in_flight,
            queue,
            wait,
            waiting: AtomicUsize::new(0),
            shed: AtomicU64::new(0),
            logged_at: AtomicU64::new(0),
            started: Instant::now(),
            page: busy_page(stylesheet),
        })
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Requests refused as busy since the server started.
    pub fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }

    fn refuse(&self, why: &'static str) {
        let n = self.shed.fetch_add(1, Ordering::Relaxed) + 1;
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = self.logged_at.load(Ordering::Relaxed);
        if (n == 1 || now.saturating_sub(last) >= 1000)
            && self
                .logged_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                shed_total = n,
                in_flight = self.in_flight,
                waiting = self.waiting.load(Ordering::Relaxed),
                why,
                "busy: requests refused with 503"
            );
        }
    }
}

/// Requests that are never held back (see the module's rules).
fn exempt(method: &http::Method, path: &str) -> bool {
    let upload = method == http::Method::POST
        && (path == "/make"
            || path == "/admin/import"
            || (path.starts_with("/cases/") && path.ends_with("/files")));
    upload || path.starts_with("/pkg/") || path == "/healthz"
}

/// The middleware: waits for a turn, or answers 503 (see the module's rules).
pub async fn admit(
    State(admission): State<Arc<Admission>>,
    request: Request,
    next: Next,
) -> Response {
    if exempt(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    // Most of the time a turn is free: no waiting, no counting.
    let permit = match admission.permits.try_acquire() {
        Ok(permit) => permit,
        Err(_) => {
            if admission.waiting.fetch_add(1, Ordering::AcqRel) >= admission.queue {
                admission.waiting.fetch_sub(1, Ordering::AcqRel);
                admission.refuse("too many waiting");
                return busy(request.uri().path(), &admission.page);
            }
            let turn = tokio::time::timeout(admission.wait, admission.permits.acquire()).await;
            admission.waiting.fetch_sub(1, Ordering::AcqRel);
            match turn {
                Ok(Ok(permit)) => permit,
                _ => {
                    admission.refuse("waited too long");
                    return busy(request.uri().path(), &admission.page);
                }
            }
        }
    };
    let response = next.run(request).await;
    drop(permit);
    response
}

/// The 503 answer: a problem for the integration API, the server function's error for
/// `/api/…`, a short page otherwise.
fn busy(path: &str, page: &str) -> Response {
    let (content_type, body) = if crate::api::is_api(path) {
        (
            "application/problem+json",
            serde_json::to_string(&crate::api::busy()).unwrap_or_default(),
        )
    } else if crate::security::is_server_fn(path) {
        (
            "application/json",
            serde_json::to_string(&app::error::AppError::Busy).unwrap_or_default(),
        )
    } else {
        ("text/html; charset=utf-8", page.to_owned())
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::RETRY_AFTER,
        HeaderValue::from(app::error::RETRY_AFTER_SECONDS),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page that needs nothing else from a busy server but its stylesheet, which is never
/// held back.
fn busy_page(stylesheet: Option<&str>) -> String {
    let link = stylesheet
        .map(|href| format!(r#"<link rel="stylesheet" href="{href}">"#))
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Putright is very busy</title>
{link}
</head>
<body>
<div class="width-container">
<main id="main-content" class="main">
<h1 class="heading-l">Sorry, Putright is very busy just now</h1>
<p class="body">Wait a moment, then reload the page. Nothing you did caused this.</p>
<p class="body">If you were sending a form, it was not sent: go back and send it again.</p>
</main>
</div>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use axum::Router;
    use axum::routing::get;
    use http::Method;
    use tower::ServiceExt;

    #[test]
    fn the_bundle_the_health_check_and_uploads_are_never_held_back() {
        let get = Method::GET;
        let post = Method::POST;
        assert!(exempt(&get, "/pkg/putright.wasm"));
        assert!(exempt(&get, "/healthz"));
        assert!(exempt(&post, "/make"));
        assert!(exempt(&post, "/cases/CX-2026-000001/files"));
        assert!(exempt(&post, "/admin/import"));
        assert!(!exempt(&get, "/make"));
        assert!(!exempt(&get, "/cases/CX-2026-000001"));
        assert!(!exempt(&get, "/staff"));
        assert!(!exempt(&post, "/api/staff_case"));
        assert!(!exempt(&get, "/healthz/x"));
    }

    /// A server whose `/slow` page answers only when told to, behind `admission`; the
    /// returned receiver hears when `/slow` has started.
    fn server(
        admission: Arc<Admission>,
    ) -> (
        Router,
        Arc<tokio::sync::Notify>,
        tokio::sync::mpsc::Receiver<()>,
    ) {
        let release = Arc::new(tokio::sync::Notify::new());
        let (started, started_rx) = tokio::sync::mpsc::channel(8);
        let router = Router::new()
            .route(
                "/slow",
                get({
                    let release = release.clone();
                    move || async move {
                        let _ = started.send(()).await;
                        release.notified().await;
                        "done"
                    }
                }),
            )
            .route("/fast", get(|| async { "ok" }))
            .route("/healthz", get(|| async { "alive" }))
            .layer(axum::middleware::from_fn_with_state(admission, admit));
        (router, release, started_rx)
    }

    /// Takes the only turn with `/slow`, once it has started.
    async fn hold(
        router: &Router,
        started: &mut tokio::sync::mpsc::Receiver<()>,
    ) -> tokio::task::JoinHandle<(StatusCode, Option<String>)> {
        let slow = tokio::spawn({
            let router = router.clone();
            async move { status(&router, "/slow").await }
        });
        started.recv().await.expect("the slow page started");
        slow
    }

    async fn status(router: &Router, path: &str) -> (StatusCode, Option<String>) {
        let response = router
            .clone()
            .oneshot(
                http::Request::get(path)
                    .body(Body::empty())
                    .expect("a request"),
            )
            .await
            .expect("an answer");
        let retry = response
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        (response.status(), retry)
    }

    #[tokio::test]
    async fn with_every_turn_taken_and_no_room_to_wait_a_request_is_refused_at_once() {
        let admission = Admission::new(1, 0, Duration::from_secs(60), None);
        let (router, release, mut started) = server(admission.clone());
        let slow = hold(&router, &mut started).await;

        let asked = Instant::now();
        assert_eq!(
            status(&router, "/fast").await,
            (StatusCode::SERVICE_UNAVAILABLE, Some("5".to_owned()))
        );
        assert!(
            asked.elapsed() < Duration::from_secs(30),
            "not after a wait"
        );
        assert_eq!(status(&router, "/healthz").await.0, StatusCode::OK);
        assert_eq!(admission.shed(), 1);

        release.notify_one();
        assert_eq!(slow.await.expect("joined").0, StatusCode::OK);
        assert_eq!(status(&router, "/fast").await.0, StatusCode::OK);
        assert_eq!(admission.shed(), 1);
    }

    #[tokio::test]
    async fn a_request_waits_for_a_turn_and_is_served_when_one_comes_in_time() {
        let admission = Admission::new(1, 10, Duration::from_secs(60), None);
        let (router, release, mut started) = server(admission.clone());
        let slow = hold(&router, &mut started).await;
        let waiting = tokio::spawn({
            let router = router.clone();
            async move { status(&router, "/fast").await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "it waits its turn");
        release.notify_one();
        assert_eq!(slow.await.expect("joined").0, StatusCode::OK);
        assert_eq!(waiting.await.expect("joined").0, StatusCode::OK);
        assert_eq!(admission.shed(), 0);
    }

    #[tokio::test]
    async fn a_request_that_waits_too_long_is_refused() {
        let admission = Admission::new(1, 10, Duration::from_millis(200), None);
        let (router, release, mut started) = server(admission.clone());
        let slow = hold(&router, &mut started).await;
        let asked = Instant::now();
        assert_eq!(
            status(&router, "/fast").await.0,
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert!(
            asked.elapsed() >= Duration::from_millis(200),
            "it waited first"
        );
        assert_eq!(admission.shed(), 1);
        release.notify_one();
        assert_eq!(slow.await.expect("joined").0, StatusCode::OK);
    }

    #[test]
    fn a_server_function_is_refused_with_the_error_its_page_shows() {
        let response = busy("/api/queue", "");
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "5");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let page = busy("/staff", "<p>busy</p>");
        assert!(
            page.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap_or_default()
                .starts_with("text/html")
        );
    }
}
