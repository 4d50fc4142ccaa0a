//! What the `putright` binary measures and checks over a database its settings name, kept
//! apart from the server that serves pages. All but the import's benchmark start
//! `putright serve` as a child process (this same binary) and drive it over TCP as browsers
//! would; the import's runs the import itself.
//!
//! - [`pages`]: the busy pages under load (`putright bench-pages`);
//! - [`reports`]: every reports page's time (`putright bench-reports`);
//! - [`import`]: the history import over a made-up file (`putright bench-import`);
//! - [`durability`]: nothing answered is lost when the server is killed
//!   (`putright bench-durability`);
//! - [`cluster`]: two servers behind HAProxy on one PostgreSQL database
//!   (`putright check-cluster`), with [`smtp_sink`] as its mail server.
#![forbid(unsafe_code)]

pub mod cluster;
pub mod durability;
pub mod import;
pub mod pages;
pub mod reports;
pub mod smtp_sink;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use storage::Db;
use storage::blobs::BlobStore;

/// The server a benchmark runs against, as its settings describe it.
#[derive(Clone)]
pub struct Target {
    /// The settings file the server under measurement reads, if one was given.
    pub config: Option<PathBuf>,
    /// Where the server keeps its files (and the benchmark its logs and own data).
    pub data_dir: PathBuf,
    /// The database: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// The browser bundle, so that pages link it as they would in use.
    pub site_root: PathBuf,
    /// The name of the cookie a signed-in person's session travels in.
    pub session_cookie: &'static str,
    /// The file store the settings choose for a database at a URL, over a data directory.
    pub files: fn(&str, &Path, &Db) -> Arc<dyn BlobStore>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("data_dir", &self.data_dir)
            .field("site_root", &self.site_root)
            .finish_non_exhaustive()
    }
}

impl Target {
    /// Opens the database (making the data directory first for SQLite).
    pub async fn open(&self) -> Result<Db, String> {
        if self.database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(&self.data_dir)
                .map_err(|e| format!("could not make {}: {e}", self.data_dir.display()))?;
        }
        let db = Db::connect(&self.database_url)
            .await
            .map_err(|e| format!("could not open the database: {e}"))?;
        db.migrate()
            .await
            .map_err(|e| format!("migration failed: {e}"))?;
        Ok(db)
    }
}
