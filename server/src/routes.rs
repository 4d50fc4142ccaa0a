//! The HTTP surface: pages and server functions from `app`, the bundle, `/healthz`.

use crate::{assets, config::Settings, security};
use app::{App, shell, state::AppState};
use axum::{
    Json, Router,
    extract::{FromRef, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    routing::get,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower_http::{
    compression::{CompressionLayer, DefaultPredicate, Predicate},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

#[derive(Clone)]
struct ServerState {
    leptos: LeptosOptions,
    app: AppState,
    assets: Arc<assets::Assets>,
    admission: Arc<crate::admission::Admission>,
}

impl FromRef<ServerState> for Arc<crate::admission::Admission> {
    fn from_ref(s: &ServerState) -> Self {
        s.admission.clone()
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(s: &ServerState) -> Self {
        s.leptos.clone()
    }
}

impl FromRef<ServerState> for Arc<assets::Assets> {
    fn from_ref(s: &ServerState) -> Self {
        s.assets.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(s: &ServerState) -> Self {
        s.app.clone()
    }
}

pub fn router(settings: &Settings, app_state: AppState, assets: Arc<assets::Assets>) -> Router {
    let leptos = LeptosOptions::builder()
        .output_name("putright")
        .site_root(settings.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(settings.bind)
        .build();
    let links = assets.links();
    let admission = crate::admission::Admission::new(
        settings.in_flight(),
        settings.busy_queue,
        std::time::Duration::from_millis(settings.busy_wait_ms),
        links.css.as_deref(),
    );
    let state = ServerState {
        leptos: leptos.clone(),
        app: app_state.clone(),
        assets,
        admission: admission.clone(),
    };

    let guard = security::Guard::new(settings);
    // The application's state, and the nonce `security::response_headers` made for this
    // answer's policy, which the page puts on its scripts.
    let context = {
        let app_state = app_state.clone();
        move || {
            provide_context(app_state.clone());
            provide_context(app::auth::session::SignedIn::default());
            if let Some(nonce) = use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<security::CspNonce>().cloned())
            {
                provide_context(Nonce::from_value(nonce.0));
            }
        }
    };
    let page = {
        let (leptos, links) = (leptos.clone(), links.clone());
        move || shell(leptos.clone(), links.clone())
    };
    let not_found = leptos_axum::render_app_to_stream_with_context(context.clone(), page.clone());

    Router::new()
        .route("/healthz", get(healthz))
        .route("/pkg/{file}", get(assets::serve))
        .route(
            "/make",
            axum::routing::post(crate::submit::post)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::submit::BODY_LIMIT,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    2 * crate::submit::BODY_LIMIT,
                    security::refuse_declared_over,
                )),
        )
        .route("/files/{token}", get(crate::files::download))
        .route(
            "/admin/import",
            axum::routing::post(crate::import_upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::import_upload::BODY_LIMIT,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    crate::import_upload::BODY_LIMIT,
                    security::refuse_declared_over,
                )),
        )
        .route(
            app::calendar::HOLIDAYS_UPLOAD_PATH,
            axum::routing::post(crate::holiday_upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::holiday_upload::BODY_LIMIT,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    crate::holiday_upload::BODY_LIMIT,
                    security::refuse_declared_over,
                )),
        )
        .route("/reports/{year}/{file}", get(crate::reports_csv::download))
        .route(
            "/staff/customers/{id}/data.zip",
            get(crate::subject_access::download),
        )
        .route(
            "/cases/{reference}/files",
            axum::routing::post(crate::files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::submit::BODY_LIMIT,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    2 * crate::submit::BODY_LIMIT,
                    security::refuse_declared_over,
                )),
        )
        .merge(crate::api::router(
            app_state.clone(),
            links.css.clone(),
            settings.api_calls_per_minute,
        ))
        .leptos_routes_with_context(&state, generate_route_list(App), context, page)
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            admission,
            crate::admission::admit,
        ))
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            security::seal_url_errors,
        ))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(not_a_file)))
        .layer(axum::middleware::from_fn(security::limit_server_fn_bodies))
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            security::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            security::response_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            guard,
            security::note_client,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Tracking links carry a private token: never send it to another site.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Files people added (answers with a `Content-Disposition`) are sent as they were stored:
/// most are compressed already, and a download keeps its length so the browser can show
/// its progress.
fn not_a_file(_: StatusCode, _: http::Version, headers: &HeaderMap, _: &http::Extensions) -> bool {
    !headers.contains_key(header::CONTENT_DISPOSITION)
}

/// The HTTP status a server function's error deserves. Leptos answers every server-function
/// error with 500; a refused answer or a missing case is the asker's problem, not the
/// server's, and logs, proxies and monitoring should see it so.
fn status_of(error: &app::error::AppError) -> StatusCode {
    use app::error::AppError;
    match error {
        AppError::Validation { .. } | AppError::Invalid(_) | AppError::BadRequest => {
            StatusCode::BAD_REQUEST
        }
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Stale => StatusCode::CONFLICT,
        AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal | AppError::Network => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Gives server-function errors (`/api/…` answering 500 with an [`app::error::AppError`]
/// body) their proper status. The body is left exactly as it was.
async fn server_fn_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let is_server_fn = security::is_server_fn(request.uri().path());
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are a few hundred bytes of JSON.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = status_of(&error);
        if matches!(error, app::error::AppError::Busy) {
            parts.headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(app::error::RETRY_AFTER_SECONDS),
            );
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not; with how many
/// requests were refused as busy since the start, and how many found the pool dry.
async fn healthz(
    State(state): State<AppState>,
    State(admission): State<Arc<crate::admission::Admission>>,
) -> (StatusCode, Json<serde_json::Value>) {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({
                "status": "ok",
                "database": "ok",
                "busy_refused": admission.shed(),
                "pool_timeouts": storage::db::pool_timeouts(),
            })),
        ),
        Err(e) => {
            tracing::error!(error = ?e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
