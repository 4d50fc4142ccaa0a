//! The `putright` server: configuration, the axum application and its command line.
//!
//! [`Application::build`] binds the listener (port 0 in tests), opens and migrates the
//! database and assembles the router; `main.rs` only parses the command line.
#![forbid(unsafe_code)]
// Leptos views are deeply nested types; the longest page needs more than the default 128.
#![recursion_limit = "256"]

pub mod admission;
pub mod api;
pub mod assets;
pub mod config;
pub mod dates;
mod files;
pub mod history;
mod holiday_upload;
mod import_upload;
pub mod macros;
pub mod mail;
pub mod operator;
mod reports_csv;
mod routes;
pub mod security;
pub mod subject_access;
pub mod submit;
pub mod sweep;
pub mod telemetry;
pub mod webhooks;

/// The demo landlord and the data at scale, from their own crate (`seed`).
pub use seed::{demo, scale};

use app::state::AppState;
use assets::Assets;
use config::Settings;
use std::{net::SocketAddr, sync::Arc};
use storage::Db;
use tokio::net::TcpListener;

/// Why the server could not start, each worded as advice.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("could not create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "could not open the database: {0}. Check PUTRIGHT_DATABASE_URL, and that the database server is running"
    )]
    Database(#[source] storage::StorageError),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[source] storage::StorageError),
    #[error(
        "could not listen on {addr}: {source}. Is another program using that port? Set PUTRIGHT_BIND to use another"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("could not read the browser bundle: {0}")]
    Assets(#[source] std::io::Error),
    #[error("the e-mail settings are wrong: {0}")]
    Mail(#[source] mail::MailConfigError),
}

/// How often the sweep removes expired drafts (`sweep`).
const SWEEP_EVERY_SECONDS: u64 = 600;

/// The runtime the server runs on: worker threads with 8 MB stacks, because rendering a
/// long page walks deeply nested view types (and a debug build's frames are large).
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
}

/// Opens the database named by the settings, creating the data directory first for SQLite.
pub async fn open_database(settings: &Settings) -> Result<Db, StartError> {
    let url = settings.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| StartError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    Db::connect(&url).await.map_err(StartError::Database)
}

/// A server that is bound and ready to run.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    db: Db,
    /// The background tasks: reading again what another server changed, and the mail
    /// worker and the sweep when this process runs them.
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        let db = open_database(&settings).await?;
        db.migrate().await.map_err(StartError::Migrate)?;
        storage::reference::sync_policies(&db)
            .await
            .map_err(StartError::Migrate)?;
        storage::learning::ensure_starting_categories(&db)
            .await
            .map_err(StartError::Migrate)?;
        let calendar = storage::reference::calendar(&db)
            .await
            .map_err(StartError::Database)?;
        let filled = storage::worklist::fill_next_steps(&db, &calendar)
            .await
            .map_err(StartError::Database)?;
        if filled > 0 {
            tracing::info!(cases = filled, "next steps stored for the work queue");
        }
        let contacts = app::state::SharedContacts::read(&db)
            .await
            .map_err(StartError::Database)?;
        let site_root = settings.site_root.clone();
        let assets = tokio::task::spawn_blocking(move || Assets::load(&site_root))
            .await
            .map_err(|e| StartError::Assets(std::io::Error::other(e)))?
            .map_err(StartError::Assets)?;
        for (ext, size) in assets.sizes() {
            tracing::info!(file = %ext, bytes = size.identity, brotli = size.brotli, "browser bundle");
        }
        let listener =
            TcpListener::bind(settings.bind)
                .await
                .map_err(|source| StartError::Bind {
                    addr: settings.bind,
                    source,
                })?;
        let state = AppState {
            db: db.clone(),
            calendar: app::state::SharedCalendar::new(calendar),
            contacts,
            blobs: settings.file_store().open(&settings.data_dir, &db),
            imports: Arc::default(),
            mail_configured: settings.smtp_url.as_deref().is_some_and(|u| !u.is_empty()),
            clock: settings.clock(),
            intake: app::state::IntakeLimits {
                per_client: settings.intake_per_client,
                overall: settings.intake_overall,
                draft_file_bytes: settings.draft_files_mb.saturating_mul(1024 * 1024),
            },
            public_base: settings.public_origin().unwrap_or_else(|| {
                let addr = listener
                    .local_addr()
                    .map_or_else(|_| settings.bind.to_string(), |a| a.to_string());
                tracing::warn!(
                    %addr,
                    "public_url is not set: links in e-mails point at the address listened on"
                );
                format!("http://{addr}")
            }),
        };
        if let Some(at) = settings.test_now {
            tracing::warn!(%at, "the clock was started at test_now: not the real time");
        }
        let mailer = match settings.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => {
                Some(mail::Mailer::new(url, &settings.mail_from).map_err(StartError::Mail)?)
            }
            None => None,
        };
        // Every server reads again what another may have changed, background work or not.
        let mut workers = vec![tokio::spawn(app::state::refresh(
            db.clone(),
            state.calendar.clone(),
            state.contacts.clone(),
            std::time::Duration::from_secs(app::state::REFRESH_SECONDS),
        ))];
        if settings.background_work {
            tracing::info!(
                smtp = mailer.is_some(),
                every_seconds = settings.mail_every_seconds,
                "mail worker started"
            );
            workers.push(tokio::spawn(mail::run(
                db.clone(),
                state.calendar.clone(),
                mailer,
                std::time::Duration::from_secs(settings.mail_every_seconds.max(1)),
                state.clock,
            )));
            workers.push(tokio::spawn(sweep::run(
                db.clone(),
                state.blobs.clone(),
                std::time::Duration::from_secs(SWEEP_EVERY_SECONDS),
                state.clock,
            )));
        }
        let router = routes::router(&settings, state, Arc::new(assets));
        Ok(Self {
            listener,
            router,
            db,
            workers,
        })
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight and closes
    /// the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        for worker in self.workers {
            worker.abort();
        }
        if let Err(e) = self.db.close().await {
            tracing::warn!(error = ?e, "closing the database");
        }
        Ok(())
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
