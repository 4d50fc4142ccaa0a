//! The integration API, `/api/v1`: JSON over HTTP for housing-management systems and
//! reporting tools, on the same use cases as the pages (the `service` crate).
//!
//! - Every call carries an API client's token (`Authorization: Bearer putright_…`), made by
//!   an administrator with a role and scopes; a session cookie is never read here, so a page
//!   on another site cannot borrow anyone's authority.
//! - Each call is authorised by the client's scopes and role through `service::Caller`, kept
//!   on the client's trail (`api_calls`) and counted against a limit per minute shared by
//!   every app server.
//! - Errors are RFC 9457 problem details (`application/problem+json`).
//! - The OpenAPI 3.1 document is generated from these handlers and types and served at
//!   [`OPENAPI_PATH`], with a readable reference at [`DOCS_PATH`].

// utoipa's generated code names the query parameters' type by its full path.
#![allow(unused_qualifications)]

use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRef, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use service::Caller;
use std::collections::BTreeMap;
use utoipa::openapi::RefOr;
use utoipa::{IntoParams, IntoResponses, OpenApi, ToSchema};

/// Where the API lives. Paths under it are the API's, never the pages' server functions.
pub const PREFIX: &str = "/api/v1/";
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";
pub const DOCS_PATH: &str = "/api/v1/docs";

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;
/// The largest case the API reads: the answers and an evidence file of the online form's
/// largest size, in base64.
pub const CASE_BODY_LIMIT: usize =
    BODY_LIMIT + (domain::evidence::MAX_BYTES as usize).div_ceil(3) * 4;

/// Whether `path` is the integration API's.
pub fn is_api(path: &str) -> bool {
    path.starts_with(PREFIX)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Putright integration API",
        version = "1",
        description = "Log, follow and report complaints, service requests and compliments from a housing-management system. Every call needs an API client's token, made by an administrator at /admin/api-clients with the scopes it needs."
    ),
    paths(create_case, list_changes, case_status, take_step, write_response, year_report),
    components(schemas(
        NewCase, NewCustomer, Logged, CaseStatus, Deadline, TimelineEntry, Changes,
        ChangedCase, YearFigures, Problem, FieldProblem, Kind, ReceivedBy
    )),
    modifiers(&BearerToken),
    tags(
        (name = "cases", description = "Cases and their timelines"),
        (name = "reports", description = "The year's complaint-handling figures")
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API client's token, shown once when an administrator makes the client",
                    ))
                    .build(),
            ),
        );
        openapi.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
            "token",
            Vec::<String>::new(),
        )]);
    }
}

/// The API's routes. The document and its reference page are open to all; everything else
/// goes through [`gate`].
pub fn router<S>(state: AppState, stylesheet: Option<String>, calls_per_minute: u32) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
{
    // Each route answers every method, so that a wrong one is answered behind the gate
    // too (405 with the methods it takes): the gate runs only for requests a route takes.
    let guarded = Router::new()
        .route(
            "/api/v1/cases",
            get(list_changes)
                .post(create_case)
                .fallback(|| wrong_method("GET,HEAD,POST"))
                .layer(axum::extract::DefaultBodyLimit::max(CASE_BODY_LIMIT)),
        )
        .route(
            "/api/v1/cases/{reference}",
            get(case_status).fallback(|| wrong_method("GET,HEAD")),
        )
        .route(
            "/api/v1/cases/{reference}/steps/{step}",
            axum::routing::post(take_step).fallback(|| wrong_method("POST")),
        )
        .route(
            "/api/v1/cases/{reference}/response",
            axum::routing::post(write_response).fallback(|| wrong_method("POST")),
        )
        .route(
            "/api/v1/reports/{year}",
            get(year_report).fallback(|| wrong_method("GET,HEAD")),
        )
        // Behind the gate too: a client feeling for operations is on its trail.
        .route("/api/v1/{*rest}", axum::routing::any(no_such_operation))
        // Inside the gate: a key is the caller's own.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotent,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            (state, calls_per_minute),
            gate,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT));
    Router::new()
        .route(OPENAPI_PATH, get(openapi_json))
        .route(
            DOCS_PATH,
            get(move || {
                let stylesheet = stylesheet.clone();
                async move { docs_page(stylesheet.as_deref(), calls_per_minute) }
            }),
        )
        .merge(guarded)
}

// ---------------------------------------------------------------------------------------
// Problems (RFC 9457)

/// The media type of a problem (RFC 9457).
const PROBLEM_JSON: &str = "application/problem+json";

/// A refusal as the document describes it: an RFC 9457 problem, with what it means here.
fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    utoipa::openapi::ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

/// The refusals of `(status, description)` as a path's responses.
fn problem_responses(rows: &[(&str, &str)]) -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
    rows.iter()
        .map(|(status, description)| ((*status).to_owned(), problem_response(description)))
        .collect()
}

/// The refusals any call may meet, whatever it asks.
struct EveryCall;

impl IntoResponses for EveryCall {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        problem_responses(&[
            ("401", "No token, or not one we know"),
            ("429", "Too many calls this minute"),
        ])
    }
}

/// The refusals of a call that sends JSON, with an optional Idempotency-Key.
struct JsonBody;

impl IntoResponses for JsonBody {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        problem_responses(&[
            (
                "400",
                "The body is not JSON of this shape, or the Idempotency-Key is not 1 to 255 visible characters",
            ),
            ("415", "The body is not declared as JSON"),
        ])
    }
}

/// The refusals of a change to a case at the version the caller read (a step, a response).
struct AtCaseVersion;

impl IntoResponses for AtCaseVersion {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        problem_responses(&[
            (
                "409",
                "The case changed since the version sent, or a request with this Idempotency-Key is under way or stopped before it was answered",
            ),
            ("413", "The body is larger than 64 KB"),
        ])
    }
}

/// An RFC 9457 problem: what went wrong, for a program and for the person reading its log.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status and title say what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For a request whose content broke the rules: each field's problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One field's problem, named by its JSON Pointer in the request body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    /// A JSON Pointer (RFC 6901) to the field, e.g. `/customer/phone`.
    pub pointer: String,
    pub detail: String,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    fn with_header(self, name: header::HeaderName, value: HeaderValue) -> Response {
        let mut response = self.into_response();
        response.headers_mut().insert(name, value);
        response
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
            body,
        )
            .into_response()
    }
}

impl From<service::ServiceError> for Problem {
    fn from(err: service::ServiceError) -> Self {
        use service::ServiceError as E;
        match err {
            E::Forbidden(why) => Problem::new(StatusCode::FORBIDDEN, why),
            E::NotFound => Problem::new(StatusCode::NOT_FOUND, "There is no such case or record"),
            E::Invalid(errors) => Problem {
                errors: errors
                    .into_iter()
                    .map(|e| FieldProblem {
                        pointer: pointer_of(&e.field).to_owned(),
                        detail: e.message,
                    })
                    .collect(),
                ..Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Some of what was sent breaks the rules: see errors",
                )
            },
            E::Stale => Problem::new(
                StatusCode::CONFLICT,
                "The case changed while this was being done: read it again and retry",
            ),
            E::Busy => busy(),
            E::Internal(what) => {
                tracing::error!(error = %what, "API call failed");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side; nothing was changed. Try again later.",
                )
            }
        }
    }
}

/// The problem of a server too busy to answer.
pub fn busy() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "Putright is very busy just now: try again in a few seconds",
    )
}

impl From<storage::StorageError> for Problem {
    fn from(err: storage::StorageError) -> Self {
        service::ServiceError::from(err).into()
    }
}

/// Answers a problem, with `Retry-After` when it is about being busy.
fn answer(problem: Problem) -> Response {
    if problem.status == StatusCode::SERVICE_UNAVAILABLE.as_u16() {
        return problem.with_header(
            header::RETRY_AFTER,
            HeaderValue::from(app::error::RETRY_AFTER_SECONDS),
        );
    }
    problem.into_response()
}

/// Where a form field's answer sits in [`NewCase`].
fn pointer_of(field: &str) -> &'static str {
    match field {
        "kind" => "/kind",
        "channel" => "/channel",
        "received_on" | "received_time" => "/received_at",
        "customer_id" => "/customer/id",
        "name" => "/customer/name",
        "phone" => "/customer/phone",
        "email" => "/customer/email",
        "preferred_contact" => "/customer/preferred_contact",
        "address" => "/customer/address",
        "postcode" => "/customer/postcode",
        "describes_you" | "describes_you_other" => "/customer/describes",
        "adjustments" | "adjustments_other" => "/customer/adjustments",
        "what_happened" => "/what_happened",
        "when_happened" => "/when_happened",
        "became_aware" => "/became_aware",
        "reported_before" => "/reported_before",
        "what_was_said" => "/what_was_said",
        "outcomes_sought" => "/outcomes_sought",
        "compliment_about" => "/compliment_about",
        "costs_description" | "costs_amount" => "/costs",
        _ => "",
    }
}

/// A known operation's address with a method it does not take.
async fn wrong_method(allow: &'static str) -> Response {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("This address takes {allow} only: the API is described at {OPENAPI_PATH}"),
    )
    .with_header(header::ALLOW, HeaderValue::from_static(allow))
}

async fn no_such_operation() -> Response {
    Problem::new(
        StatusCode::NOT_FOUND,
        format!("There is no such operation: the API is described at {OPENAPI_PATH}"),
    )
    .into_response()
}

// ---------------------------------------------------------------------------------------
// The gate: token, limit, trail

/// Establishes the caller from the token, once; counts the call against the client's limit;
/// keeps it on the client's trail with the status it was answered.
async fn gate(
    State((state, calls_per_minute)): State<(AppState, u32)>,
    mut request: Request,
    next: Next,
) -> Response {
    let now = state.clock.now();
    let Some(token) = bearer(request.headers()) else {
        return unauthorised("Send an API client's token as `Authorization: Bearer …`");
    };
    let client = match storage::api_clients::authenticate(&state.db, token, now).await {
        Ok(Some(client)) => client,
        Ok(None) => {
            return unauthorised("This token is not one we know, or it was revoked");
        }
        Err(err) => return answer(err.into()),
    };
    let (method, path) = (
        request.method().as_str().to_owned(),
        request.uri().path().to_owned(),
    );
    let window = storage::throttle::Window(chrono::Duration::minutes(1));
    let response =
        match storage::throttle::hit(&state.db, &format!("api-client:{}", client.id), window, now)
            .await
        {
            Ok(calls) if calls > calls_per_minute => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("This client made more than {calls_per_minute} calls this minute"),
            )
            .with_header(
                header::RETRY_AFTER,
                HeaderValue::from(window.seconds_left(now)),
            ),
            Err(err) => answer(err.into()),
            Ok(_) => {
                request.extensions_mut().insert(Caller::client(&client));
                next.run(request).await
            }
        };
    if let Err(err) = storage::api_clients::record_call(
        &state.db,
        client.id,
        &method,
        &path,
        response.status().as_u16(),
        now,
    )
    .await
    {
        tracing::warn!(error = ?err, client = client.id, "could not keep an API call on the trail");
    }
    tracing::info!(client = client.id, %method, %path, status = response.status().as_u16(), "API call");
    response
}

/// The header a client names a change with (IETF draft "The Idempotency-Key HTTP Header
/// Field"): sent again with the same key, the change is made once and the first answer
/// given back.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The header that marks an answer given back under its idempotency key.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// Marks an error answer to a change that was kept all the same (the case could not be
/// read back): kept under the request's idempotency key, so that sending it again does not
/// make the change twice.
#[derive(Debug, Clone, Copy)]
struct ChangeKept;

/// Whether `key` may name a request: 1 to 255 visible ASCII characters.
fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Makes a `POST` sent with an `Idempotency-Key` run once: the key is claimed before the
/// change runs, and the answer kept (`storage::idempotency`). The same request sent again
/// gets the kept answer, marked `Idempotent-Replayed: true`; while the first still runs, 409;
/// the key with another request, 422. An answer that changed nothing (a refusal, a failure)
/// gives the key up, so the request may be sent again under it.
async fn idempotent(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use storage::idempotency::Claim;
    if request.method() != axum::http::Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(IDEMPOTENCY_KEY) else {
        return next.run(request).await;
    };
    let Some(key) = key
        .to_str()
        .ok()
        .filter(|k| valid_key(k))
        .map(str::to_owned)
    else {
        return Problem::new(
            StatusCode::BAD_REQUEST,
            "An Idempotency-Key is 1 to 255 visible characters, without spaces: a new UUID for each change is a good choice",
        )
        .into_response();
    };
    let Some(client) = request
        .extensions()
        .get::<Caller>()
        .and_then(Caller::client_id)
    else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    // Read to the route's own limit: only a new case carries a file.
    let limit = if parts.uri.path() == "/api/v1/cases" {
        CASE_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        return Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The body is larger than the API reads, or was cut off",
        )
        .into_response();
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let fingerprint = storage::idempotency::fingerprint(
        parts.method.as_str(),
        parts.uri.path(),
        content_type,
        &body,
    );
    let now = state.clock.now();
    match storage::idempotency::claim(&state.db, client, &key, &fingerprint, now).await {
        Err(err) => answer(err.into()),
        Ok(Claim::Mismatch) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This Idempotency-Key was sent with a different request: use a new key for each change",
        )
        .into_response(),
        Ok(Claim::Running) => Problem::new(
            StatusCode::CONFLICT,
            "A request with this Idempotency-Key is under way, or stopped before it was answered: read the case to see whether the change was kept before sending it again under a new key",
        )
        .into_response(),
        Ok(Claim::Answered(kept)) => replayed(kept),
        Ok(Claim::Fresh) => {
            // Run to the end even if the client goes away meanwhile (a dropped connection,
            // a proxy's timeout): its answer is kept for the request sent again.
            let request = Request::from_parts(parts, body.into());
            let work = tokio::spawn(async move {
                let response = next.run(request).await;
                keep_answer(&state, client, &key, response).await
            });
            work.await.unwrap_or_else(|err| {
                // The key stays claimed: whether the change was made is not known.
                tracing::error!(error = ?err, client, "a request under an idempotency key failed");
                answer(Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side: read the case to see whether the change was kept",
                ))
            })
        }
    }
}

/// Keeps the answer to the request that claimed `key` when it made the change (a success,
/// or a change kept but not read back), and passes it on. A refusal or failure changed
/// nothing: the key is given up, so the request may be sent again under it, corrected or not.
async fn keep_answer(state: &AppState, client: i32, key: &str, response: Response) -> Response {
    let kept =
        response.status().is_success() || response.extensions().get::<ChangeKept>().is_some();
    if !kept {
        if let Err(err) = storage::idempotency::release(&state.db, client, key).await {
            tracing::warn!(error = ?err, client, "could not give up an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    // The API's own answers: small JSON.
    let body = match axum::body::to_bytes(body, CASE_BODY_LIMIT).await {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(error = ?err, "could not read an answer to keep it");
            return answer(Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side",
            ));
        }
    };
    let header_text = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let kept = storage::idempotency::Answer {
        status: parts.status.as_u16(),
        content_type: header_text(header::CONTENT_TYPE),
        location: header_text(header::LOCATION),
        body: body.to_vec(),
    };
    if let Err(err) =
        storage::idempotency::answer(&state.db, client, key, &kept, state.clock.now()).await
    {
        // The change stands; a copy sent again is told the first is under way.
        tracing::warn!(error = ?err, client, "could not keep the answer under its idempotency key");
    }
    Response::from_parts(parts, body.into())
}

/// A kept answer, given again.
fn replayed(kept: storage::idempotency::Answer) -> Response {
    let status = StatusCode::from_u16(kept.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, kept.body).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, kept.content_type),
        (header::LOCATION, kept.location),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    response
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn unauthorised(detail: &str) -> Response {
    Problem::new(StatusCode::UNAUTHORIZED, detail).with_header(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"putright\""),
    )
}

/// The request body as `T`, from JSON.
fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<T, Problem> {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "The body is larger than the {} KB a call may send",
                    BODY_LIMIT / 1024
                ),
            ));
        }
        Err(_) => {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "The body could not be read",
            ));
        }
    };
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the body as JSON, with `Content-Type: application/json`",
        ));
    }
    serde_json::from_slice(body).map_err(|err| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            format!("The body could not be read: {err}"),
        )
    })
}

// ---------------------------------------------------------------------------------------
// Cases

/// What kind of case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Complaint,
    ServiceRequest,
    Compliment,
}

impl From<domain::lifecycle::CaseKind> for Kind {
    fn from(kind: domain::lifecycle::CaseKind) -> Self {
        use domain::lifecycle::CaseKind as K;
        match kind {
            K::Complaint => Kind::Complaint,
            K::ServiceRequest => Kind::ServiceRequest,
            K::Compliment => Kind::Compliment,
        }
    }
}

/// How a case reached the landlord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceivedBy {
    Letter,
    Email,
    SocialMedia,
    Phone,
    InPerson,
    /// A member of staff raising it for the customer.
    Staff,
    /// Only ever in answers: cases customers sent themselves.
    OnlineForm,
}

impl From<domain::Channel> for ReceivedBy {
    fn from(channel: domain::Channel) -> Self {
        use domain::Channel as C;
        match channel {
            C::Letter => ReceivedBy::Letter,
            C::Email => ReceivedBy::Email,
            C::SocialMedia => ReceivedBy::SocialMedia,
            C::Phone => ReceivedBy::Phone,
            C::InPerson => ReceivedBy::InPerson,
            C::Staff => ReceivedBy::Staff,
            C::OnlineForm => ReceivedBy::OnlineForm,
        }
    }
}

/// A case to log for a customer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub kind: Kind,
    /// How it reached you. `online_form` is refused: those come through the form.
    pub channel: ReceivedBy,
    /// When it reached you; now when left out. Not in the future.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    pub customer: NewCustomer,
    /// What happened, in the customer's words (at most 5,000 characters).
    pub what_happened: String,
    #[serde(default)]
    pub when_happened: Option<NaiveDate>,
    #[serde(default)]
    pub became_aware: Option<NaiveDate>,
    #[serde(default)]
    pub reported_before: Option<bool>,
    #[serde(default)]
    pub what_was_said: Option<String>,
    #[serde(default)]
    pub outcomes_sought: Option<String>,
    /// For a compliment: the member of staff or the service it is about.
    #[serde(default)]
    pub compliment_about: Option<String>,
    /// A file the customer sent with it (a photograph, a letter, a recording), checked as
    /// the online form checks its file and kept on the case.
    #[serde(default)]
    pub evidence: Option<NewEvidence>,
}

/// A file, sent inside the JSON.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvidence {
    /// Its name, with the extension that says its type (`boiler.jpg`, `letter.pdf`).
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Its bytes in base64 (RFC 4648, with padding): at most 32 MB before encoding.
    #[schema(content_encoding = "base64")]
    pub content_base64: String,
}

/// The customer a case is about: one you hold (`id`, as an earlier answer gave it) or new.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    /// A customer already held: their details are the ones held, and the rest is ignored.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 2147483647)]
    pub id: Option<i32>,
    #[serde(default)]
    pub name: String,
    /// A UK phone number.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
    /// `email`, `letter`, `phone` or `text`.
    #[serde(default)]
    pub preferred_contact: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    /// `tenant`, `shared_owner`, `leaseholder`, `applicant`, `member_of_public`,
    /// `representing_a_customer`, or words of their own. Tenant when left out.
    #[serde(default)]
    pub describes: Option<String>,
    /// `large_print`, `easy_read`, `interpreter`, `british_sign_language`, `text_relay`,
    /// `phone_not_letters`, `extra_time`, or words of their own.
    #[serde(default)]
    pub adjustments: Vec<String>,
}

/// A whole number that JSON may write as `12` or `12.0` (both are integers to JSON
/// Schema), within an `i32`.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    use serde::de::Error;
    match Option::<serde_json::Number>::deserialize(d)? {
        None => Ok(None),
        Some(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .and_then(|n| i32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| D::Error::custom("expected a whole number from 1 to 2147483647")),
    }
}

impl NewCase {
    /// The answers as the form's rules read them, received `now` unless they say when.
    fn input(&self, now: DateTime<Utc>) -> domain::ComplaintFormInput {
        let received_at = self.received_at.unwrap_or(now);
        let london = |at: DateTime<Utc>| domain::london::to_london(at);
        let customer = &self.customer;
        let describes = customer
            .describes
            .clone()
            .unwrap_or_else(|| "tenant".to_owned());
        let known_type = domain::form::CustomerType::CHOICES
            .iter()
            .any(|(code, _)| *code == describes && *code != "other");
        let adjustment_codes: Vec<String> = customer
            .adjustments
            .iter()
            .filter(|a| {
                domain::form::Adjustment::CHOICES
                    .iter()
                    .any(|(code, _)| code == a)
            })
            .cloned()
            .collect();
        let own_words: Vec<&String> = customer
            .adjustments
            .iter()
            .filter(|a| !adjustment_codes.contains(a))
            .collect();
        let mut adjustments = adjustment_codes.clone();
        if !own_words.is_empty() {
            adjustments.push("other".to_owned());
        }
        domain::ComplaintFormInput {
            kind: match self.kind {
                Kind::Complaint => "complaint",
                Kind::ServiceRequest => "service_request",
                Kind::Compliment => "compliment",
            }
            .to_owned(),
            channel: Some(
                match self.channel {
                    ReceivedBy::Letter => "letter",
                    ReceivedBy::Email => "email",
                    ReceivedBy::SocialMedia => "social_media",
                    ReceivedBy::Phone => "phone",
                    ReceivedBy::InPerson => "in_person",
                    ReceivedBy::Staff => "staff",
                    ReceivedBy::OnlineForm => "online_form",
                }
                .to_owned(),
            ),
            received_on: Some(london(received_at).format("%Y-%m-%d").to_string()),
            received_time: Some(london(received_at).format("%H:%M").to_string()),
            customer_id: customer.id.map(|id| id.to_string()),
            name: customer.name.clone(),
            phone: customer.phone.clone(),
            email: customer.email.clone(),
            preferred_contact: customer.preferred_contact.clone(),
            address: customer.address.clone(),
            postcode: customer.postcode.clone(),
            describes_you: if known_type {
                describes.clone()
            } else {
                "other".to_owned()
            },
            describes_you_other: (!known_type).then_some(describes),
            adjustments,
            adjustments_other: (!own_words.is_empty()).then(|| {
                own_words
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            what_happened: self.what_happened.clone(),
            when_happened: self.when_happened.map(|d| d.format("%Y-%m-%d").to_string()),
            became_aware: self.became_aware.map(|d| d.format("%Y-%m-%d").to_string()),
            reported_before: self
                .reported_before
                .map(|yes| if yes { "yes" } else { "no" }.to_owned()),
            what_was_said: self.what_was_said.clone(),
            outcomes_sought: self.outcomes_sought.clone(),
            costs_description: None,
            costs_amount: None,
            compliment_about: self.compliment_about.clone(),
        }
    }
}

/// A case just logged.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Logged {
    /// The case's reference, as the customer is told it.
    pub reference: String,
    /// Where to read the case.
    pub href: String,
}

/// Log a case for a customer
///
/// Logs a complaint, service request or compliment that reached you by phone, letter,
/// e-mail, social media or in person. The answers are checked by the same rules as the
/// staff form; a complaint's deadlines start from when it was received.
#[utoipa::path(
    post,
    path = "/api/v1/cases",
    tag = "cases",
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Optional: a new value (a UUID) for each change. Sent again with the same key and request, the change is made once and the first answer is given back, marked `Idempotent-Replayed: true`; with a different request, 422; while the first is under way (or if its server stopped before answering), 409. A refusal or failure gives the key up. Keys are kept for a day.")),
    request_body = NewCase,
    responses(
        (status = 201, description = "Logged", body = Logged, headers(("Location" = String, description = "The case"))),
        (status = 403, description = "The token lacks `cases:create`, or its role cannot log cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The customer named by id is not held", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is under way, or stopped before it was answered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than the answers and a 32 MB file in base64", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The answers break the rules; or the Idempotency-Key was sent with a different request", body = Problem, content_type = "application/problem+json"),
        EveryCall,
        JsonBody,
    )
)]
async fn create_case(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let new: NewCase = match json_body(&headers, &body) {
        Ok(new) => new,
        Err(problem) => return problem.into_response(),
    };
    let (calendar, now) = (state.calendar.current(), state.clock.now());
    let ctx = state.context(&calendar, now);
    // The answers and the right to log cases first: nothing is stored, not even for a
    // moment, for a client that may not or answers that would be refused.
    let checked = match service::intake::check_for_customer(ctx, &caller, &new.input(now)).await {
        Ok(checked) => checked,
        Err(err) => return answer(err.into()),
    };
    let evidence = match &new.evidence {
        None => None,
        Some(file) => match store_evidence(&state, file).await {
            Ok(stored) => Some(stored),
            Err(problem) => return answer(problem),
        },
    };
    match service::intake::log_checked(ctx, checked, evidence.as_ref()).await {
        Ok(logged) => {
            let href = format!("/api/v1/cases/{}", logged.reference);
            let mut response = (
                StatusCode::CREATED,
                axum::Json(Logged {
                    reference: logged.reference.to_string(),
                    href: href.clone(),
                }),
            )
                .into_response();
            if let Ok(location) = HeaderValue::from_str(&href) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        Err(err) => {
            if let Some(file) = &evidence {
                crate::submit::discard(&state, &file.storage_key).await;
            }
            answer(err.into())
        }
    }
}

/// Decodes the evidence, stores it and checks it as the online form checks its file: a
/// file refused is removed again and answered 422 at `/evidence`.
async fn store_evidence(
    state: &AppState,
    file: &NewEvidence,
) -> Result<storage::attachments::NewAttachment, Problem> {
    use base64::Engine;
    let refused = |pointer: &str, detail: String| Problem {
        errors: vec![FieldProblem {
            pointer: pointer.to_owned(),
            detail,
        }],
        ..Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The evidence file was refused: see errors",
        )
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64.trim())
        .map_err(|_| {
            refused(
                "/evidence/content_base64",
                "Send the file's bytes in base64 (RFC 4648, with padding)".to_owned(),
            )
        })?;
    let reader = Box::new(std::io::Cursor::new(bytes));
    match crate::submit::store_read(state, file.name.clone(), reader).await {
        Ok(Ok(stored)) => Ok(storage::attachments::NewAttachment {
            file_name: stored.name,
            content_type: stored.content_type,
            size_bytes: stored.size,
            sha256: stored.sha256,
            storage_key: stored.key,
        }),
        Ok(Err(refusal)) => Err(refused("/evidence", refusal.to_string())),
        Err(crate::submit::Internal) => Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; nothing was changed. Try again later.",
        )),
    }
}

/// A case: where it is, its next deadline and its timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseStatus {
    pub reference: String,
    pub kind: Kind,
    /// Where the case is: `received`, `stage1`, `stage1_responded`, `stage2`, `closed`,
    /// `service_request_open`, … (stable codes).
    pub phase: String,
    /// Where the case is, in the customer's plain words.
    pub status: String,
    pub channel: ReceivedBy,
    pub received_at: DateTime<Utc>,
    pub changed_at: Option<DateTime<Utc>>,
    /// The version of the case as read: send it with a step, which is refused (409) if the
    /// case changed since.
    pub version: i32,
    /// The steps this client may take on the case now (`accept`, `acknowledge`, …), each at
    /// `POST /api/v1/cases/{reference}/steps/{step}`.
    pub steps: Vec<String>,
    pub next_deadline: Option<Deadline>,
    pub timeline: Vec<TimelineEntry>,
}

/// The next step with a deadline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Deadline {
    /// `contact`, `acknowledge`, `respond` or `extension_limit`.
    pub step: String,
    /// The last working day on which the step is on time (London).
    pub due: NaiveDate,
    /// How the date was counted, in words.
    pub explanation: String,
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// The role of whoever did it (`officer`, `resident`, …); none for Putright itself.
    pub by_role: Option<String>,
    pub by_name: Option<String>,
    pub what: String,
    pub detail: Option<String>,
}

/// Read a case
///
/// A case's status, its next deadline and its whole timeline, as staff see them.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}",
    tag = "cases",
    params(("reference" = String, Path, description = "The case's reference, e.g. `2026-000123`")),
    responses(
        (status = 200, description = "The case", body = CaseStatus),
        (status = 403, description = "The token lacks `cases:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        EveryCall,
    )
)]
async fn case_status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(reference): Path<String>,
) -> Response {
    let (calendar, now) = (state.calendar.current(), state.clock.now());
    match service::cases::status(state.context(&calendar, now), &caller, &reference).await {
        Ok(case) => axum::Json(CaseStatus::from(case)).into_response(),
        Err(err) => answer(err.into()),
    }
}

impl From<service::cases::CaseStatus> for CaseStatus {
    fn from(case: service::cases::CaseStatus) -> Self {
        CaseStatus {
            reference: case.reference.to_string(),
            kind: case.kind.into(),
            phase: case.phase.to_owned(),
            status: case.status.to_owned(),
            channel: case.channel.into(),
            received_at: case.received_at,
            changed_at: case.changed_at,
            version: case.version,
            steps: case.steps.iter().map(|s| s.as_str().to_owned()).collect(),
            next_deadline: case.next_deadline.map(|d| Deadline {
                step: code_of(&d.step),
                due: d.due,
                explanation: d.explanation,
            }),
            timeline: case
                .timeline
                .into_iter()
                .map(|line| TimelineEntry {
                    at: line.at,
                    by_role: line.by_role.map(|r| r.as_str().to_owned()),
                    by_name: line.by_name,
                    what: line.what,
                    detail: line.detail,
                })
                .collect(),
        }
    }
}

/// A step's answers. Each step reads those it asks for and ignores the rest; a refusal
/// names the field it is about.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepAnswers {
    /// The `version` of the case these answers were written against, as read.
    #[serde(deserialize_with = "version_number")]
    #[schema(minimum = 0, maximum = 2147483647)]
    pub version: i32,
    /// The day it happened (London), not in the future: most steps ask for it.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// A date to come: an extension's new deadline (`extend`), an order's due date
    /// (`ombudsman-order`), a promised date (`resolve`).
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// The step's text: a summary of contact, our understanding of the complaint, a note,
    /// what was agreed, the Ombudsman's reference…
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub text: Option<String>,
    /// A reason, where the step needs one (an extension, a change of handler, a refusal).
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub reason: Option<String>,
    /// A choice from the step's list: how you were in touch (`call`, `visit`, `email`,
    /// `letter`), why a complaint is not accepted, the Ombudsman's finding…
    #[serde(default)]
    #[schema(max_length = 100)]
    pub code: Option<String>,
    /// A person, by account id: a handler, a reviewer, an order's owner.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 2147483647)]
    pub person: Option<i32>,
    /// Approve your own extension, where your role may.
    #[serde(default)]
    pub approve: bool,
    /// One item of the case: a remedy's number, an order, the Ombudsman's stage.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub item: Option<String>,
}

fn version_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    use serde::de::Error;
    let n = serde_json::Number::deserialize(d)?;
    n.as_i64()
        .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
        .and_then(|n| i32::try_from(n).ok())
        .filter(|n| *n >= 0)
        .ok_or_else(|| D::Error::custom("expected a whole number from 0 to 2147483647"))
}

impl StepAnswers {
    /// The answers as the step's form posts them.
    fn fields(self) -> service::steps::StepFields {
        service::steps::StepFields {
            on: date_parts(self.on),
            to: date_parts(self.to),
            text: self.text,
            reason: self.reason,
            code: self.code,
            person: self.person.map(|p| p.to_string()),
            approve: self.approve,
            item: self.item,
        }
    }
}

/// What a step did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StepTaken {
    /// The case as it stands after the step.
    pub case: CaseStatus,
    /// The complaint the step opened, when a customer unhappy with a service request chose
    /// to complain (`dissatisfied` with `code` `complain`).
    pub opened: Option<Logged>,
}

/// Take a step
///
/// Takes one of the procedure's steps on a case, as a member of staff would on its page:
/// the same rules, the same letter to the customer, the same timeline entry (named as
/// this client's). The token needs `cases:read` and `cases:steps`, and its role must be
/// allowed the step. A stage's written response (`respond`, `propose-outcome`) is written
/// at `POST /api/v1/cases/{reference}/response`.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/steps/{step}",
    tag = "cases",
    params(
        ("reference" = String, Path, description = "The case's reference, e.g. `2026-000123`"),
        ("step" = String, Path, description = "The step, one of the case's `steps`: `contact`, `acknowledge`, `accept`, `not-accept`, `extend`, `record-review`, `close`, …"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Optional: a new value (a UUID) for each change. Sent again with the same key and request, the change is made once and the first answer is given back, marked `Idempotent-Replayed: true`; with a different request, 422; while the first is under way (or if its server stopped before answering), 409. A refusal or failure gives the key up. Keys are kept for a day."),
    ),
    request_body = StepAnswers,
    responses(
        (status = 200, description = "Taken", body = StepTaken),
        (status = 403, description = "The token lacks a scope, or its role may not take this step", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case, or no such step", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The answers break the rules, or the procedure does not allow the step now; or the Idempotency-Key was sent with a different request", body = Problem, content_type = "application/problem+json"),
        EveryCall,
        JsonBody,
        AtCaseVersion,
    )
)]
async fn take_step(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((reference, step)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let Some(step) = domain::lifecycle::steps::Step::parse(&step) else {
        return Problem::new(
            StatusCode::NOT_FOUND,
            "There is no such step: a case's `steps` lists those you may take",
        )
        .into_response();
    };
    let answers: StepAnswers = match json_body(&headers, &body) {
        Ok(answers) => answers,
        Err(problem) => return problem.into_response(),
    };
    let version = answers.version;
    let (calendar, now) = (state.calendar.current(), state.clock.now());
    let ctx = state.context(&calendar, now);
    let taken = async {
        let case = service::steps::OnCase::open(ctx, &caller, &reference).await?;
        let file = service::redaction::PanelFile;
        service::steps::take(
            ctx,
            &caller,
            case,
            Some(version),
            step,
            answers.fields(),
            false,
            &file,
        )
        .await
    };
    let taken = match taken.await {
        Ok(taken) => taken,
        Err(err) => return answer(step_problem(err)),
    };
    tracing::info!(client = caller.client_id(), %reference, step = step.as_str(), "step taken through the API");
    let status = match service::cases::status(ctx, &caller, &reference).await {
        Ok(status) => status,
        Err(err) => return kept_but_unread(&reference, err),
    };
    let opened = match taken {
        service::steps::Taken::Opened(opened) => Some(Logged {
            href: format!("/api/v1/cases/{opened}"),
            reference: opened.to_string(),
        }),
        _ => None,
    };
    axum::Json(StepTaken {
        case: status.into(),
        opened,
    })
    .into_response()
}

/// What a client is told when its change was kept but the case could not be read back
/// for the answer: that it was kept (so it does not send it again) and where to read it.
fn kept_but_unread(reference: &str, err: service::ServiceError) -> Response {
    tracing::error!(%reference, error = ?err, "a change was kept but the case could not be read back");
    let status = match err {
        service::ServiceError::Busy => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut response = answer(Problem::new(
        status,
        format!(
            "The change was kept, but the case could not be read back: do not send the change again; read /api/v1/cases/{reference} for where it stands"
        ),
    ));
    response.extensions_mut().insert(ChangeKept);
    response
}

/// A stage's written response.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseAnswers {
    /// The `version` of the case these answers were written against, as read.
    #[serde(deserialize_with = "version_number")]
    #[schema(minimum = 0, maximum = 2147483647)]
    pub version: i32,
    /// At Stage 2, write the outcome for the head of service to sign off rather than send
    /// it: it is dated, and sent, once signed off (then `respond` sends it).
    #[serde(default)]
    pub propose: bool,
    /// The day the response is sent (London), not in the future; not asked when proposing.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// `upheld`, `partly_upheld` or `not_upheld`.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub outcome: Option<String>,
    /// The complaint as we defined it, restated in the response.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub definition: Option<String>,
    /// Each point the customer raised, with what we found.
    #[serde(default)]
    #[schema(max_items = 40)]
    pub points: Vec<PointAnswer>,
    #[serde(default)]
    pub apology: bool,
    #[serde(default)]
    pub explanation: bool,
    #[serde(default)]
    pub record_amended: bool,
    #[serde(default)]
    pub decision_reconsidered: bool,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub payments: Vec<PaymentAnswer>,
    /// Actions we will take, each with a date and an owner.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub actions: Vec<ActionAnswer>,
    /// What we learned.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub learning: Option<String>,
    /// The main root cause, by the id of one of the landlord's learning categories.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 2147483647)]
    pub category: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointAnswer {
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub point: Option<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub finding: Option<String>,
    /// `upheld`, `partly_upheld` or `not_upheld`.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentAnswer {
    /// In pounds: `50`, `50.00`, `£50`.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub amount: Option<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub for_what: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionAnswer {
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub text: Option<String>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The member of staff who owns it, by account id.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 2147483647)]
    pub owner: Option<i32>,
}

/// A date as the form's three boxes post it.
fn date_parts(date: Option<NaiveDate>) -> service::steps::DateParts {
    date.map_or((None, None, None), service::steps::date_parts)
}

impl ResponseAnswers {
    fn fields(self) -> service::respond::ResponseFields {
        service::respond::ResponseFields {
            on: date_parts(self.on),
            outcome: self.outcome,
            definition: self.definition,
            points: self
                .points
                .into_iter()
                .map(|p| service::respond::PointAnswer {
                    point: p.point,
                    finding: p.finding,
                    outcome: p.outcome,
                })
                .collect(),
            apology: self.apology,
            explanation: self.explanation,
            record_amended: self.record_amended,
            decision_reconsidered: self.decision_reconsidered,
            payments: self
                .payments
                .into_iter()
                .map(|p| service::respond::PaymentAnswer {
                    amount: p.amount,
                    for_what: p.for_what,
                })
                .collect(),
            actions: self
                .actions
                .into_iter()
                .map(|a| service::respond::ActionAnswer {
                    text: a.text,
                    due: date_parts(a.due),
                    owner: a.owner.map(|o| o.to_string()),
                })
                .collect(),
            learning: self.learning,
            category: self.category.map(|c| c.to_string()),
        }
    }
}

/// Write a stage's response
///
/// Sends the response of the stage the complaint is at, with its letter to the customer:
/// every point the customer raised with what was found, the outcome, the remedies and the
/// learning, under the same rules as the response form. At Stage 2, `propose` writes the
/// outcome for the head of service to sign off. The token needs `cases:read` and
/// `cases:steps`, and its role must be allowed to respond at the stage.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/response",
    tag = "cases",
    params(
        ("reference" = String, Path, description = "The case's reference, e.g. `2026-000123`"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Optional: a new value (a UUID) for each change. Sent again with the same key and request, the change is made once and the first answer is given back, marked `Idempotent-Replayed: true`; with a different request, 422; while the first is under way (or if its server stopped before answering), 409. A refusal or failure gives the key up. Keys are kept for a day."),
    ),
    request_body = ResponseAnswers,
    responses(
        (status = 200, description = "Sent, or written for sign-off", body = CaseStatus),
        (status = 403, description = "The token lacks a scope, or its role may not respond", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The answers break the rules, or the procedure does not allow a response now; or the Idempotency-Key was sent with a different request", body = Problem, content_type = "application/problem+json"),
        EveryCall,
        JsonBody,
        AtCaseVersion,
    )
)]
async fn write_response(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let answers: ResponseAnswers = match json_body(&headers, &body) {
        Ok(answers) => answers,
        Err(problem) => return problem.into_response(),
    };
    let (version, propose) = (answers.version, answers.propose);
    let (calendar, now) = (state.calendar.current(), state.clock.now());
    let ctx = state.context(&calendar, now);
    let written = async {
        let case = service::steps::OnCase::open(ctx, &caller, &reference).await?;
        service::respond::respond(ctx, &caller, case, version, answers.fields(), propose).await
    };
    if let Err(err) = written.await {
        return answer(response_problem(err));
    }
    match service::cases::status(ctx, &caller, &reference).await {
        Ok(status) => axum::Json(CaseStatus::from(status)).into_response(),
        Err(err) => kept_but_unread(&reference, err),
    }
}

/// A response's refusal, with each field named by its pointer in [`ResponseAnswers`]: a
/// row's field by its place in its list.
fn response_problem(err: service::ServiceError) -> Problem {
    let row = |name: &str, prefix: &str| -> Option<usize> {
        name.strip_prefix(prefix)?
            .parse::<usize>()
            .ok()?
            .checked_sub(1)
    };
    refused_at(err, "The response was refused: see errors", |field| {
        let rows: [(&str, &str, &str); 7] = [
            ("point-outcome-", "points", "outcome"),
            ("point-", "points", "point"),
            ("finding-", "points", "finding"),
            ("payment-", "payments", "amount"),
            ("action-due-", "actions", "due"),
            ("action-owner-", "actions", "owner"),
            ("action-", "actions", "text"),
        ];
        for (prefix, list, name) in rows {
            if let Some(i) = row(field, prefix) {
                return format!("/{list}/{i}/{name}");
            }
        }
        match field {
            "add-points" => "/points".to_owned(),
            "add-payments" => "/payments".to_owned(),
            "add-actions" => "/actions".to_owned(),
            "on" | "outcome" | "definition" | "apology" | "category" => format!("/{field}"),
            _ => String::new(),
        }
    })
}

/// A use case's refusal as a 422 problem, each field's problem at the pointer `pointer`
/// gives it (empty for the request as a whole); any other error as itself.
fn refused_at(
    err: service::ServiceError,
    detail: &str,
    pointer: impl Fn(&str) -> String,
) -> Problem {
    let service::ServiceError::Invalid(list) = err else {
        return err.into();
    };
    Problem {
        errors: list
            .into_iter()
            .map(|e| FieldProblem {
                pointer: pointer(&e.field),
                detail: e.message,
            })
            .collect(),
        ..Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }
}

/// A step's refusal, with each field named by its pointer in [`StepAnswers`].
fn step_problem(err: service::ServiceError) -> Problem {
    refused_at(
        err,
        "The step was refused: see errors",
        |field| match field {
            "on" | "to" | "text" | "reason" | "code" | "person" | "approve" | "item" => {
                format!("/{field}")
            }
            _ => String::new(),
        },
    )
}

/// A value's serde name (`respond` for `Step::Respond`).
fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next_cursor` of the page before; leave out to start from the first case.
    #[serde(default)]
    #[param(pattern = r"^[0-9]{1,18}\.[0-9]{1,9}$")]
    pub after: Option<String>,
    /// How many cases a page lists: 1 to 500, 100 when left out.
    #[serde(default)]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
}

/// A page of the cases changed since a cursor.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Changes {
    /// Oldest change first.
    pub cases: Vec<ChangedCase>,
    /// Where the next page starts. Keep it, and ask again with it later: cases changed
    /// since come after it. A change appears a few seconds after it is made.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangedCase {
    pub reference: String,
    pub changed_at: DateTime<Utc>,
    pub href: String,
}

/// List cases changed since a cursor
///
/// Every case logged or changed after the cursor, oldest change first, a page at a time.
/// A case changed again later comes again, at its new place.
#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    params(ChangesQuery),
    responses(
        (status = 200, description = "A page of changes", body = Changes),
        (status = 400, description = "The cursor or limit cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `cases:read`", body = Problem, content_type = "application/problem+json"),
        EveryCall,
    )
)]
async fn list_changes(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<ChangesQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return Problem::new(
            StatusCode::BAD_REQUEST,
            "Give `after` as a cursor from an earlier page and `limit` as a number from 1 to 500",
        )
        .into_response();
    };
    let after = match query.after.as_deref() {
        None => None,
        Some(text) => match service::cases::Cursor::decode(text) {
            Some(cursor) => Some(cursor),
            None => {
                return Problem::new(
                    StatusCode::BAD_REQUEST,
                    "`after` is not a cursor this API gave: use an earlier page's `next_cursor`",
                )
                .into_response();
            }
        },
    };
    let limit = query.limit.unwrap_or(100);
    if !(1..=service::cases::MAX_PAGE).contains(&limit) {
        return Problem::new(StatusCode::BAD_REQUEST, "`limit` is a number from 1 to 500")
            .into_response();
    }
    let (calendar, now) = (state.calendar.current(), state.clock.now());
    match service::cases::changed_since(state.context(&calendar, now), &caller, after, limit).await
    {
        Ok(page) => axum::Json(Changes {
            cases: page
                .cases
                .into_iter()
                .map(|(reference, changed_at)| ChangedCase {
                    href: format!("/api/v1/cases/{reference}"),
                    reference: reference.to_string(),
                    changed_at,
                })
                .collect(),
            next_cursor: page.next.map(|c| c.encode()),
        })
        .into_response(),
        Err(err) => answer(err.into()),
    }
}

// ---------------------------------------------------------------------------------------
// Reports

/// The year's complaint-handling figures: the Tenant Satisfaction Measures CH01 and CH02
/// and what they are counted from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct YearFigures {
    /// The reporting year, named by the calendar year it starts in (April to March).
    pub year: i32,
    /// Low-cost rental homes, when a count is held for the year.
    pub homes: Option<u32>,
    pub stage1_received: u64,
    pub stage2_received: u64,
    /// CH01: Stage 1 complaints per 1,000 homes.
    pub ch01_stage1_per_1000: Option<f64>,
    pub ch01_stage2_per_1000: Option<f64>,
    pub stage1_responded: u64,
    pub stage1_on_time: u64,
    /// CH02: the share of Stage 1 responses within the Code's timescales, in percent.
    pub ch02_stage1_percent: Option<f64>,
    pub stage2_responded: u64,
    pub stage2_on_time: u64,
    pub ch02_stage2_percent: Option<f64>,
    /// Complaints withdrawn in the year.
    pub withdrawn: u64,
}

/// Read a year's figures
///
/// The Tenant Satisfaction Measures for complaints (CH01, CH02) of a reporting year, from
/// April to March; the year in progress is counted to today.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{year}",
    tag = "reports",
    params(("year" = i32, Path, minimum = 2000, maximum = 2100, description = "The year the reporting year starts in, e.g. 2025 for April 2025 to March 2026")),
    responses(
        (status = 200, description = "The figures", body = YearFigures),
        (status = 400, description = "Not a year", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `reports:read`", body = Problem, content_type = "application/problem+json"),
        EveryCall,
    )
)]
async fn year_report(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(year): Path<String>,
) -> Response {
    let Ok(year) = domain::reports::ReportingYear::parse(&year) else {
        return Problem::new(
            StatusCode::BAD_REQUEST,
            "Give the year as four digits, for example 2025",
        )
        .into_response();
    };
    let (calendar, now) = (state.calendar.current(), state.clock.now());
    match service::reports::year(state.context(&calendar, now), &caller, year).await {
        Ok(report) => {
            let t = report.tsm;
            axum::Json(YearFigures {
                year: t.year,
                homes: t.homes,
                stage1_received: t.stage1_received,
                stage2_received: t.stage2_received,
                ch01_stage1_per_1000: t.ch01_stage1_per_1000,
                ch01_stage2_per_1000: t.ch01_stage2_per_1000,
                stage1_responded: t.stage1_responded,
                stage1_on_time: t.stage1_on_time,
                ch02_stage1_percent: t.ch02_stage1_percent,
                stage2_responded: t.stage2_responded,
                stage2_on_time: t.stage2_on_time,
                ch02_stage2_percent: t.ch02_stage2_percent,
                withdrawn: report.withdrawn,
            })
            .into_response()
        }
        Err(err) => answer(err.into()),
    }
}

// ---------------------------------------------------------------------------------------
// The document and its reference page

/// The OpenAPI document, as served.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi_json() -> Response {
    match document().to_json() {
        Ok(json) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "could not write the OpenAPI document");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A readable reference drawn from the document on the server: no script, no other site.
fn docs_page(stylesheet: Option<&str>, calls_per_minute: u32) -> Response {
    let doc = serde_json::to_value(document()).unwrap_or_default();
    axum::response::Html(reference_html(&doc, stylesheet, calls_per_minute)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The reference page's HTML, from the OpenAPI document as JSON.
pub fn reference_html(
    doc: &serde_json::Value,
    stylesheet: Option<&str>,
    calls_per_minute: u32,
) -> String {
    use std::fmt::Write;
    let css = stylesheet
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", escape(href)))
        .unwrap_or_default();
    let text = |v: &serde_json::Value| v.as_str().map(escape).unwrap_or_default();
    let mut html = String::new();
    let title = text(&doc["info"]["title"]);
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title>{css}</head><body><div class=\"width-container\"><main class=\"main\" id=\"main-content\"><h1 class=\"heading-xl\">{title}</h1><p class=\"body\">{}</p>\
         <p class=\"body\">Version {}. The machine-readable document: <a href=\"{OPENAPI_PATH}\"><code>{OPENAPI_PATH}</code></a> (OpenAPI {}).</p>\
         <p class=\"body\">Send the token as <code>Authorization: Bearer putright_…</code>. Errors are \
         <code>application/problem+json</code> (RFC 9457). Each client may make {calls_per_minute} calls a minute.</p>\
         <h2 class=\"heading-l\">Operations</h2><ul class=\"list list--bullet\">",
        text(&doc["info"]["description"]),
        text(&doc["info"]["version"]),
        text(&doc["openapi"]),
    );
    let mut operations = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    operations.push((path.clone(), method, op.clone()));
                }
            }
        }
    }
    for (i, (path, method, op)) in operations.iter().enumerate() {
        let _ = write!(
            html,
            "<li><a href=\"#op-{i}\">{}</a>: <code>{} {}</code></li>",
            text(&op["summary"]),
            method.to_uppercase(),
            escape(path)
        );
    }
    html.push_str("</ul>");
    for (i, (path, method, op)) in operations.iter().enumerate() {
        let _ = write!(
            html,
            "<h2 class=\"heading-l\" id=\"op-{i}\">{}</h2><p class=\"body\"><code>{} {}</code></p><p class=\"body\">{}</p>",
            text(&op["summary"]),
            method.to_uppercase(),
            escape(path),
            text(&op["description"])
        );
        if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
            html.push_str("<h3 class=\"heading-m\">Parameters</h3><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Parameters\"><table class=\"table\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Description</th></tr></thead><tbody>");
            for p in params {
                let _ = write!(
                    html,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                    text(&p["name"]),
                    text(&p["in"]),
                    text(&p["description"])
                );
            }
            html.push_str("</tbody></table></div>");
        }
        if let Some(body) =
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
        {
            let name = body.rsplit('/').next().unwrap_or_default();
            let _ = write!(
                html,
                "<h3 class=\"heading-m\">Body</h3><p class=\"body\">JSON: <a href=\"#schema-{0}\">{0}</a></p>",
                escape(name)
            );
        }
        html.push_str("<h3 class=\"heading-m\">Answers</h3><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Answers\"><table class=\"table\"><thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Meaning</th></tr></thead><tbody>");
        if let Some(responses) = op["responses"].as_object() {
            for (status, response) in responses {
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    escape(status),
                    text(&response["description"])
                );
            }
        }
        html.push_str("</tbody></table></div>");
    }
    html.push_str("<h2 class=\"heading-l\">Types</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<h3 class=\"heading-m\" id=\"schema-{0}\">{0}</h3><p class=\"body\">{1}</p>",
                escape(name),
                text(&schema["description"])
            );
            if let Some(values) = schema["enum"].as_array() {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| format!("<code>{}</code>", text(v)))
                    .collect();
                let _ = write!(html, "<p class=\"body\">One of {}.</p>", values.join(", "));
            }
            if let Some(properties) = schema["properties"].as_object() {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                    .unwrap_or_default();
                let _ = write!(
                    html,
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Fields of {}\">",
                    escape(name)
                );
                html.push_str("<table class=\"table\"><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Required</th><th scope=\"col\">Description</th></tr></thead><tbody>");
                for (field, property) in properties {
                    let _ = write!(
                        html,
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                        escape(field),
                        if required.contains(&field.as_str()) {
                            "Yes"
                        } else {
                            "No"
                        },
                        text(&property["description"])
                    );
                }
                html.push_str("</tbody></table></div>");
            }
        }
    }
    html.push_str("</main></div></body></html>");
    html
}
