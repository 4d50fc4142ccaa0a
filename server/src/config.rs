//! Settings: built-in defaults, then an optional TOML file, then `PUTRIGHT_*` variables.
//!
//! Nothing needs setting to run: SQLite under `./data`, listening on 127.0.0.1:3000. Bad
//! settings stop the server at start-up with a message naming what to change.

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
};

/// The names that may be set in the file or as `PUTRIGHT_<NAME>` variables.
const KEYS: &[&str] = &[
    "bind",
    "data_dir",
    "database_url",
    "site_root",
    "log_format",
    "smtp_url",
    "mail_from",
    "mail_every_seconds",
    "background_work",
    "test_now",
    "public_url",
    "behind_proxy",
    "intake_per_client",
    "intake_overall",
    "draft_files_mb",
    "file_store",
    "busy_in_flight",
    "busy_queue",
    "busy_wait_ms",
    "api_calls_per_minute",
];

/// Where attachments' bytes are kept (see [`Settings::file_store`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FileStore {
    Directory,
    Database,
}

impl FileStore {
    /// Where files go when the setting is unset: in the database itself on PostgreSQL (the
    /// choice for several app servers, which must all read every file), in the data
    /// directory on SQLite (one server, one disk).
    pub fn default_for(database_url: &str) -> Self {
        if database_url.starts_with("sqlite:") {
            Self::Directory
        } else {
            Self::Database
        }
    }

    /// The setting's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Directory => "directory",
            Self::Database => "database",
        }
    }
}

/// An empty `file_store` (`PUTRIGHT_FILE_STORE=`) is the same as none: the database's own
/// default.
fn empty_is_none<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<FileStore>, D::Error> {
    match Option::<String>::deserialize(deserializer)?
        .as_deref()
        .map(str::trim)
    {
        None | Some("") => Ok(None),
        Some(word) => {
            FileStore::deserialize(serde::de::value::StrDeserializer::new(word)).map(Some)
        }
    }
}

impl FileStore {
    /// The store itself: under `data_dir`, or in `db`.
    pub fn open(
        self,
        data_dir: &Path,
        db: &storage::Db,
    ) -> std::sync::Arc<dyn storage::blobs::BlobStore> {
        match self {
            Self::Directory => std::sync::Arc::new(storage::blobs::DirectoryStore::new(
                data_dir.join("attachments"),
            )),
            Self::Database => std::sync::Arc::new(storage::blobs::DatabaseStore::new(db.clone())),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// Where the SQLite database and uploaded files live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means SQLite in `data_dir`.
    #[serde(default)]
    pub database_url: Option<String>,
    /// The built browser bundle (`pkg/putright.js`, `.wasm`, `.css`).
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    /// The mail server the outbox is sent through (see `crate::mail::Mailer::new`); empty
    /// means no e-mail is sent and messages wait on the outbox page. May hold a password.
    #[serde(default)]
    pub smtp_url: Option<String>,
    /// The sender of every e-mail.
    #[serde(default = "default_mail_from")]
    pub mail_from: String,
    /// How often the mail worker scans for warnings and sends the outbox.
    #[serde(default = "default_mail_every")]
    pub mail_every_seconds: u64,
    /// Run the mail worker in this process. Off for tests that drive the worker themselves;
    /// with several app servers, on for all of them is safe (each message is sent once).
    #[serde(default = "default_true")]
    pub background_work: bool,
    /// For tests and demonstrations only: the clock starts at this instant (RFC 3339, for
    /// example `2027-03-31T22:30:00Z`) and runs on from there, so the service behaves as on
    /// that day. Unset, the real time. Never set it in production: every deadline, letter
    /// and timestamp follows it.
    #[serde(default)]
    pub test_now: Option<chrono::DateTime<chrono::Utc>>,
    /// The address people use to reach the service, such as
    /// `https://complaints.example.org` (see `crate::security`). Its origin is the only one
    /// whose browsers may post to the service; `https` here also turns on HSTS. Empty means
    /// the origin is taken from each request's `Host` header.
    #[serde(default)]
    pub public_url: Option<String>,
    /// The service is behind a reverse proxy that terminates TLS and sets
    /// `X-Forwarded-Proto`: an `https` there turns on HSTS. Leave off when clients reach
    /// the service directly, since they could then send the header themselves.
    #[serde(default)]
    pub behind_proxy: bool,
    /// How many times one client address may send the online form without an account in
    /// ten minutes (correcting mistakes counts); past it, the form answers "too many".
    #[serde(default = "default_intake_per_client")]
    pub intake_per_client: u32,
    /// The same for everyone together: past it, nobody without an account can send the
    /// form until the ten minutes are up (staff and signed-in residents still can).
    #[serde(default = "default_intake_overall")]
    pub intake_overall: u32,
    /// The most space, in megabytes, the files of unconfirmed forms may take up together;
    /// past it, forms are still taken but their files are not.
    #[serde(default = "default_draft_files_mb")]
    pub draft_files_mb: u64,
    /// Where attachments' bytes are kept: `directory` (under `data_dir`: one app server) or
    /// `database` (in the database itself, so several app servers on one PostgreSQL all
    /// read every file). Unset, `database` on PostgreSQL and `directory` on SQLite (see
    /// [`Settings::file_store`]). `putright move-files --to …` copies existing files
    /// across before changing it.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub file_store: Option<FileStore>,
    /// How many requests are worked on at once (see `crate::admission`); 0 means four for
    /// each database connection.
    #[serde(default)]
    pub busy_in_flight: usize,
    /// How many requests may wait for their turn; past it, more are refused at once (503).
    #[serde(default = "default_busy_queue")]
    pub busy_queue: usize,
    /// How long, in milliseconds, a request waits for its turn before it is refused (503).
    #[serde(default = "default_busy_wait_ms")]
    pub busy_wait_ms: u64,
    /// How many calls one integration API client may make in a minute, across every app
    /// server; past it the answer is 429 with `Retry-After`.
    #[serde(default = "default_api_calls_per_minute")]
    pub api_calls_per_minute: u32,
}

fn default_busy_queue() -> usize {
    1000
}

fn default_busy_wait_ms() -> u64 {
    2000
}

fn default_api_calls_per_minute() -> u32 {
    600
}

fn default_intake_per_client() -> u32 {
    30
}

fn default_intake_overall() -> u32 {
    1000
}

fn default_draft_files_mb() -> u64 {
    2048
}

fn default_mail_from() -> String {
    "Putright complaints <complaints@putright.invalid>".to_owned()
}

fn default_mail_every() -> u64 {
    60
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            site_root: PathBuf::from("target/site"),
            log_format: LogFormat::Pretty,
            smtp_url: None,
            mail_from: default_mail_from(),
            mail_every_seconds: default_mail_every(),
            background_work: true,
            test_now: None,
            public_url: None,
            behind_proxy: false,
            intake_per_client: default_intake_per_client(),
            intake_overall: default_intake_overall(),
            draft_files_mb: default_draft_files_mb(),
            file_store: None,
            busy_in_flight: 0,
            busy_queue: default_busy_queue(),
            busy_wait_ms: default_busy_wait_ms(),
            api_calls_per_minute: default_api_calls_per_minute(),
        }
    }
}

/// The database URL is a secret (it may hold a password): never printed whole.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database", &self.database_kind())
            .field("site_root", &self.site_root)
            .field("log_format", &self.log_format)
            .field("smtp", &self.smtp_url.as_ref().map(|_| "configured"))
            .field("mail_from", &self.mail_from)
            .field("mail_every_seconds", &self.mail_every_seconds)
            .field("background_work", &self.background_work)
            .field("test_now", &self.test_now)
            .field("public_url", &self.public_url)
            .field("behind_proxy", &self.behind_proxy)
            .field("intake_per_client", &self.intake_per_client)
            .field("intake_overall", &self.intake_overall)
            .field("draft_files_mb", &self.draft_files_mb)
            .field("file_store", &self.file_store())
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the configuration file {0} does not exist; create it or leave out --config")]
    MissingFile(PathBuf),
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Reads the settings. `file` is the `--config` path; without it `putright.toml` in the
    /// working directory is read when present. Variables win over the file.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        // cargo-leptos tells the server where it put the bundle and which address to use.
        figment = figment.merge(
            Env::raw()
                .only(&["LEPTOS_SITE_ROOT"])
                .map(|_| "site_root".into()),
        );
        figment = figment.merge(
            Env::raw()
                .only(&["LEPTOS_SITE_ADDR"])
                .map(|_| "bind".into()),
        );
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.to_owned())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("putright.toml").is_file() => {
                figment = figment.merge(Toml::file_exact("putright.toml"))
            }
            None => {}
        }
        figment = figment.merge(Env::prefixed("PUTRIGHT_").only(KEYS));
        let settings: Settings = figment
            .extract()
            .map_err(|e| ConfigError::Invalid(explain(e)))?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if let Some(url) = &self.database_url
            && !url.is_empty()
            && !["sqlite:", "postgres:", "postgresql:"]
                .iter()
                .any(|p| url.starts_with(p))
        {
            return Err(ConfigError::Invalid(
                "database_url (PUTRIGHT_DATABASE_URL) must start with sqlite: or postgres:, \
                 for example postgres://user@127.0.0.1:5432/putright"
                    .into(),
            ));
        }
        if let Some(url) = self.public_url.as_deref().filter(|u| !u.is_empty())
            && origin_of(url).is_none()
        {
            return Err(ConfigError::Invalid(
                "public_url (PUTRIGHT_PUBLIC_URL) must be the address people use, starting \
                 with https:// or http://, for example https://complaints.example.org"
                    .into(),
            ));
        }
        Ok(())
    }

    /// How many requests are worked on at once: `busy_in_flight`, or four for each
    /// database connection.
    pub fn in_flight(&self) -> usize {
        match self.busy_in_flight {
            0 => 4 * storage::db::pool_size(&self.database_url()) as usize,
            n => n,
        }
    }

    /// The origin (`scheme://host[:port]`, lower case) of the configured public URL.
    pub fn public_origin(&self) -> Option<String> {
        self.public_url.as_deref().and_then(origin_of)
    }

    /// The clock the service runs on: the real time unless `test_now` moves it.
    pub fn clock(&self) -> app::clock::Clock {
        app::clock::Clock::from_setting(self.test_now)
    }

    /// The URL to connect to: the configured one, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("putright.db").display()
            ),
        }
    }

    /// Where attachments' bytes are kept: the `file_store` setting, or when it is unset
    /// [`FileStore::default_for`] the database.
    pub fn file_store(&self) -> FileStore {
        self.file_store
            .unwrap_or_else(|| FileStore::default_for(&self.database_url()))
    }

    fn database_kind(&self) -> &'static str {
        if self.database_url().starts_with("sqlite:") {
            "sqlite"
        } else {
            "postgres"
        }
    }
}

/// `scheme://host[:port]` of an `http` or `https` URL, lower case and without the path;
/// `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid = !authority.is_empty()
        && !authority.contains('@')
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    valid.then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Turns figment's error into advice that names the setting and how to set it.
fn explain(err: figment::Error) -> String {
    err.into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let how = if key.is_empty() {
                String::new()
            } else {
                format!(
                    " (set `{key}` in the file or PUTRIGHT_{})",
                    key.to_uppercase()
                )
            };
            match &e.kind {
                figment::error::Kind::UnknownField(field, _) => format!(
                    "unknown setting `{field}`; the settings are: {}",
                    KEYS.join(", ")
                ),
                _ => format!("setting `{key}` is not valid: {}{how}", e.kind),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
// figment's `Jail` closures return its own large error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    /// Runs `f` in a jail that starts with no environment at all, so the only settings are
    /// the ones the test makes, whatever the shell running the tests has set (the dated
    /// runs set `PUTRIGHT_TEST_NOW`, for one).
    fn jailed(f: impl FnOnce(&mut Jail) -> figment::Result<()>) {
        Jail::expect_with(|jail| {
            jail.clear_env();
            f(jail)
        });
    }

    #[test]
    fn nothing_needs_setting_to_run() {
        jailed(|_| {
            let s = Settings::load(None).expect("defaults load");
            assert_eq!(s.bind.to_string(), "127.0.0.1:3000");
            assert_eq!(s.database_url(), "sqlite://data/putright.db?mode=rwc");
            Ok(())
        });
    }

    #[test]
    fn environment_variables_override_the_file() {
        jailed(|jail| {
            jail.create_file(
                "putright.toml",
                "bind = \"127.0.0.1:4000\"\ndata_dir = \"/tmp/x\"",
            )?;
            jail.set_env("PUTRIGHT_BIND", "0.0.0.0:5000");
            let s = Settings::load(None).expect("loads");
            assert_eq!(s.bind.to_string(), "0.0.0.0:5000");
            assert_eq!(s.data_dir, PathBuf::from("/tmp/x"));
            Ok(())
        });
    }

    #[test]
    fn a_bad_address_names_the_variable_to_change() {
        jailed(|jail| {
            jail.set_env("PUTRIGHT_BIND", "not an address");
            let err = Settings::load(None).expect_err("refused").to_string();
            assert!(err.contains("PUTRIGHT_BIND"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn a_typo_in_the_file_is_refused_by_name() {
        jailed(|jail| {
            jail.create_file("putright.toml", "bnid = \"127.0.0.1:4000\"")?;
            let err = Settings::load(None).expect_err("refused").to_string();
            assert!(err.contains("unknown setting `bnid`"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn the_clock_can_be_started_on_another_day_for_tests() {
        jailed(|jail| {
            let s = Settings::load(None).expect("defaults load");
            assert!(s.clock().is_system());
            jail.set_env("PUTRIGHT_TEST_NOW", "2027-03-31T22:30:00Z");
            let s = Settings::load(None).expect("loads");
            let today = s.clock().today();
            assert_eq!(
                today.to_string(),
                "2027-03-31",
                "23:30 in London, still 31 March"
            );
            jail.set_env("PUTRIGHT_TEST_NOW", "31/03/2027");
            let err = Settings::load(None).expect_err("refused").to_string();
            assert!(err.contains("PUTRIGHT_TEST_NOW"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn files_go_in_the_database_on_postgresql_unless_the_setting_says_otherwise() {
        jailed(|jail| {
            let s = Settings::load(None).expect("defaults load");
            assert_eq!(
                s.file_store(),
                FileStore::Directory,
                "SQLite: one server, one disk"
            );
            jail.set_env("PUTRIGHT_DATABASE_URL", "postgres://putright@db/putright");
            let s = Settings::load(None).expect("loads");
            assert_eq!(
                s.file_store(),
                FileStore::Database,
                "shared by every server"
            );
            jail.set_env("PUTRIGHT_FILE_STORE", "");
            let s = Settings::load(None).expect("an empty setting is no setting");
            assert_eq!(s.file_store(), FileStore::Database);
            jail.set_env("PUTRIGHT_FILE_STORE", "directory");
            let s = Settings::load(None).expect("loads");
            assert_eq!(s.file_store(), FileStore::Directory, "as set");
            jail.set_env("PUTRIGHT_FILE_STORE", "s3");
            let err = Settings::load(None).expect_err("refused").to_string();
            assert!(err.contains("PUTRIGHT_FILE_STORE"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn a_database_url_of_another_kind_is_refused() {
        jailed(|jail| {
            jail.set_env("PUTRIGHT_DATABASE_URL", "mysql://root@localhost/test");
            let err = Settings::load(None).expect_err("refused").to_string();
            assert!(err.contains("sqlite: or postgres:"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn the_public_url_gives_the_site_s_origin() {
        jailed(|jail| {
            jail.set_env(
                "PUTRIGHT_PUBLIC_URL",
                "https://Complaints.Example.org/start",
            );
            let s = Settings::load(None).expect("loads");
            assert_eq!(
                s.public_origin().as_deref(),
                Some("https://complaints.example.org")
            );
            jail.set_env("PUTRIGHT_PUBLIC_URL", "complaints.example.org");
            let err = Settings::load(None).expect_err("refused").to_string();
            assert!(err.contains("PUTRIGHT_PUBLIC_URL"), "{err}");
            Ok(())
        });
        assert_eq!(
            origin_of("http://127.0.0.1:3000").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://user@evil.example"), None);
    }

    #[test]
    fn the_database_password_never_appears_in_debug_output() {
        let s = Settings {
            database_url: Some("postgres://u:hunter2@db/p".into()),
            smtp_url: Some("smtps://mailer:swordfish@mail.example.org".into()),
            ..Settings::default()
        };
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("swordfish"),
            "{shown}"
        );
    }
}
