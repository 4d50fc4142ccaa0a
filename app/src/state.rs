//! What server functions need from the server, handed to them through Leptos context.

use std::sync::Arc;

use domain::Calendar;
use storage::Db;

/// Shared, cheap-to-clone application state: given to axum as router state and to every
/// server function through `leptos_routes_with_context`.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    /// Bank holidays, our closure days and any business-continuity period: every deadline
    /// is counted on it. Read it once per use case with [`SharedCalendar::current`].
    pub calendar: SharedCalendar,
    /// The landlord's and the Ombudsman's contact details, for every page's footer.
    pub contacts: SharedContacts,
    /// Where attachment bytes go (by default, under the data directory).
    pub blobs: Arc<dyn storage::blobs::BlobStore>,
    /// History imports started from the admin page, with their progress.
    pub imports: Arc<crate::import::jobs::ImportJobs>,
    /// A mail server is set up, so the outbox is being sent.
    pub mail_configured: bool,
    /// Where "now" and "today" come from.
    pub clock: crate::clock::Clock,
    /// What people without an account may make the server keep.
    pub intake: IntakeLimits,
    /// The start of every link the service writes into an e-mail (`https://host`, no path):
    /// the `public_url` setting's origin, never a request's `Host`, which anyone can write.
    pub public_base: String,
}

impl AppState {
    /// What a use case reads the world through, with the calendar as it stands for this
    /// request.
    pub fn context<'a>(
        &'a self,
        calendar: &'a Calendar,
        now: chrono::DateTime<chrono::Utc>,
    ) -> service::Context<'a> {
        service::Context {
            db: &self.db,
            calendar,
            now,
            public_base: &self.public_base,
        }
    }
}

/// A value every request reads and a change replaces whole: each reader holds the one it
/// took for as long as it needs it, unaffected by a replacement meanwhile.
#[derive(Debug)]
pub struct Latest<T>(Arc<std::sync::RwLock<Arc<T>>>);

impl<T> Clone for Latest<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> Latest<T> {
    pub fn new(value: T) -> Self {
        Self(Arc::new(std::sync::RwLock::new(Arc::new(value))))
    }

    /// The value as it stands.
    pub fn current(&self) -> Arc<T> {
        match self.0.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Puts `value` in place.
    pub fn put(&self, value: T) {
        let fresh = Arc::new(value);
        match self.0.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
    }
}

/// The working-day calendar every request counts with, replaced whole when an admin changes
/// it (a business-continuity period declared or ended) and read again from the database by
/// every server ([`refresh`]), so a change made through one app server reaches the others
/// within [`REFRESH_SECONDS`].
#[derive(Debug, Clone)]
pub struct SharedCalendar(Latest<Calendar>);

/// How often each server reads again what another server may have changed: the calendar
/// and the contact details in every page's footer.
pub const REFRESH_SECONDS: u64 = 30;

impl SharedCalendar {
    pub fn new(calendar: Calendar) -> Self {
        Self(Latest::new(calendar))
    }

    /// The calendar as it stands: one use case counts every date with the same one.
    pub fn current(&self) -> Arc<Calendar> {
        self.0.current()
    }

    /// Puts `calendar` in place; returns whether its version differs from the one before.
    pub fn replace(&self, calendar: Calendar) -> bool {
        let changed = self.current().version() != calendar.version();
        self.0.put(calendar);
        changed
    }

    /// After a use case that changes the calendar: puts in place the calendar it made or,
    /// when it failed part-way (the change may be saved though its recount was not), the
    /// calendar as the database has it now. The use case's answer is passed on.
    pub async fn after_change<T>(
        &self,
        db: &Db,
        changed: Result<service::calendar::Changed<T>, service::ServiceError>,
    ) -> Result<service::calendar::Changed<T>, service::ServiceError> {
        match &changed {
            Ok(done) => {
                self.replace(done.calendar.clone());
            }
            Err(_) => {
                if let Err(e) = self.reload(db).await {
                    tracing::warn!(error = %e, "could not read the calendar again");
                }
            }
        }
        changed
    }

    /// Reads the calendar from the database again and puts it in place.
    pub async fn reload(&self, db: &Db) -> Result<bool, storage::StorageError> {
        Ok(self.replace(storage::reference::calendar(db).await?))
    }
}

/// How residents reach the landlord and the Housing Ombudsman, as every page's footer gives
/// them: read at start-up, again at once after an administrator changes either on this
/// server, and every [`REFRESH_SECONDS`] by [`refresh`] for a change made through another.
#[derive(Debug, Clone)]
pub struct SharedContacts(Latest<crate::landlord::Contacts>);

impl SharedContacts {
    /// The details as the database has them now.
    pub async fn read(db: &Db) -> Result<Self, storage::StorageError> {
        let (landlord, ombudsman) = storage::settings::contacts(db).await?;
        Ok(Self(Latest::new(crate::landlord::Contacts {
            landlord,
            ombudsman,
        })))
    }

    pub fn current(&self) -> Arc<crate::landlord::Contacts> {
        self.0.current()
    }

    /// Reads the details from the database again and puts them in place.
    pub async fn reload(&self, db: &Db) -> Result<(), storage::StorageError> {
        let (landlord, ombudsman) = storage::settings::contacts(db).await?;
        self.0.put(crate::landlord::Contacts {
            landlord,
            ombudsman,
        });
        Ok(())
    }
}

/// Reads again, every `every` ([`REFRESH_SECONDS`] in a server) until the task is dropped,
/// what another app server may have changed: the calendar and the contact details. Every
/// server runs it, whether or not it does the background work. A failed read is logged and
/// the value in place kept.
pub async fn refresh(
    db: Db,
    calendar: SharedCalendar,
    contacts: SharedContacts,
    every: std::time::Duration,
) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is at once: the values were read a moment ago.
    ticker.tick().await;
    loop {
        ticker.tick().await;
        match calendar.reload(&db).await {
            Ok(true) => tracing::info!(
                version = %calendar.current().version(),
                "the calendar changed: counting with the new one"
            ),
            Ok(false) => {}
            Err(e) => tracing::error!(error = ?e, "reading the calendar again failed"),
        }
        if let Err(e) = contacts.reload(&db).await {
            tracing::error!(error = ?e, "reading the contact details again failed");
        }
    }
}

/// Limits on what people without an account can make the server keep through the online
/// form, so that nobody can fill its disk: counted in windows of [`INTAKE_WINDOW_MINUTES`]
/// shared by every app server (`storage::throttle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeLimits {
    /// Form posts without an account from one client address in a window.
    pub per_client: u32,
    /// Form posts without an account from everyone together in a window.
    pub overall: u32,
    /// Bytes the files of unconfirmed drafts may take up together.
    pub draft_file_bytes: u64,
}

/// The length of the intake limits' window.
pub const INTAKE_WINDOW_MINUTES: i64 = 10;

/// Where a request came from, as far as the server can tell: the peer's address, or the
/// address a trusted proxy saw; an IPv6 address is kept to its /64 network, what one
/// household or host usually has. Put on each request by the server (`note_client`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// What one server function runs its use case with: the server's state, and the calendar
/// and the time, each read once.
pub struct Scope {
    pub state: AppState,
    pub calendar: Arc<Calendar>,
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Scope {
    /// The use case's context (`service::Context`).
    pub fn ctx(&self) -> service::Context<'_> {
        self.state.context(&self.calendar, self.now)
    }
}

/// The [`Scope`] of this request.
pub fn scope() -> Result<Scope, crate::error::AppError> {
    let state = app_state()?;
    Ok(Scope {
        calendar: state.calendar.current(),
        now: state.clock.now(),
        state,
    })
}

/// The [`Scope`] of this request for a page's reads alone: every query it asks runs on one
/// connection and sees one snapshot (`storage::Db::reading`), so a page of a dozen queries
/// takes a connection once and its parts agree. A write through it is refused: a server
/// function that writes anything (a note that the case was viewed, say) does so before,
/// through [`scope`].
pub async fn read_scope() -> Result<Scope, crate::error::AppError> {
    let mut scope = scope()?;
    scope.state.db = scope.state.db.reading().await?;
    Ok(scope)
}

/// The state of the running server, or an internal error if a server function is somehow
/// called outside a request.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        crate::error::AppError::Internal
    })
}
