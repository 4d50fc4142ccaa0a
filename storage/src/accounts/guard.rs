//! Sign-in that holds against guessing and cannot be turned against the account's owner.
//!
//! Every attempt is counted before its password is checked, each count one atomic
//! statement shared by every app server (`crate::throttle`), so parallel guesses cannot
//! slip past a limit between a read and a write; an attempt that succeeds is taken back
//! off the counts afterwards, so they hold wrong passwords and attempts still in flight,
//! and people signing in rightly, however often, never add up. Three limits apply, in
//! fixed windows of [`WINDOW_MINUTES`]:
//!
//! - **one address from one place**: [`TRIES_PER_PLACE`] attempts at an address from one
//!   client address (or, from a browser that signed in to the account before, from that
//!   browser), then that place waits for the window to end;
//! - **one place, any address**: [`CLIENT_TRIES`] attempts from one client address at
//!   addresses it has not signed in to before, against someone trying many accounts;
//! - **one address from anywhere**: once [`ADDRESS_FAILURES`] wrong passwords have been
//!   given for an address in the window, browsers that never signed in to it may try it
//!   only once every [`SLOW_SECONDS`] between them, until the window ends.
//!
//! Nobody is ever locked out: a browser that signed in to the account before keeps a
//! random device token in a cookie ([`DeviceToken`]; the database holds its SHA-256) and
//! is never slowed by other people's failures, only by its own [`TRIES_PER_PLACE`]; and
//! from anywhere else a person can still try once a minute. The counts hold no address:
//! an e-mail address is counted under a digest of it, and counts are swept after a day.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{
    Account, SessionToken, SignInError, normalise_email, random_token, sha256_hex, to_account,
    verify_password,
};
use crate::entities::{known_devices, sessions, users};
use crate::throttle::{self, Window};
use crate::{Db, StorageError};

/// The length of the windows the limits count in.
pub const WINDOW_MINUTES: i64 = 15;
/// Attempts at one address from one place in a window (wrong ones, and ones in flight).
pub const TRIES_PER_PLACE: u32 = 5;
/// Attempts from one client address, at addresses it is not known for, in a window (wrong
/// ones, and ones in flight).
pub const CLIENT_TRIES: u32 = 50;
/// Wrong passwords for one address in a window before unknown browsers are slowed.
pub const ADDRESS_FAILURES: u32 = 10;
/// Then: one attempt from an unknown browser every this many seconds.
pub const SLOW_SECONDS: i64 = 60;
/// A browser not used to sign in for this long is no longer known.
pub const DEVICE_DAYS: i64 = 180;

/// The secret in a browser's device cookie: never in the database or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl DeviceToken {
    /// A token as the cookie carries it; anything that is not one is ignored.
    pub fn from_cookie(value: &str) -> Option<Self> {
        (value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(value.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(…)")
    }
}

/// Where an attempt comes from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The client's address, as the server sees it (`app::state::ClientAddr`).
    pub client: String,
    /// The device token the browser sent, if any.
    pub device: Option<DeviceToken>,
}

impl Origin {
    /// The server itself: command-line tools and benchmarks.
    pub fn local() -> Self {
        Self {
            client: "local".to_owned(),
            device: None,
        }
    }
}

/// A successful sign-in: the account, its new session, and the browser's device token to
/// keep (the one it sent, or a new one). With `then`, the session is pending: the account
/// takes a second factor this browser has not passed lately (`super::second_factor`).
#[derive(Debug)]
pub struct SignedIn {
    pub account: Account,
    pub session: SessionToken,
    pub device: DeviceToken,
    pub then: Option<super::SecondStep>,
}

/// Checks an address and password from `origin` under the limits above and opens a session.
pub async fn sign_in_from(
    db: &Db,
    email: &str,
    password: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<SignedIn, SignInError> {
    let email = normalise_email(email);
    let address = sha256_hex(&email);
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .one(db.conn())
        .await
        .map_err(StorageError::from)?;
    let known = match (&origin.device, &user) {
        (Some(device), Some(user)) => known_device(db, device, user.id, now).await?,
        _ => false,
    };
    let window = Window(Duration::minutes(WINDOW_MINUTES));
    let place = match (&origin.device, known) {
        (Some(device), true) => format!("signin:device:{}", &sha256_hex(device.expose())[..32]),
        _ => format!("signin:place:{}:{}", origin.client, &address[..32]),
    };
    if throttle::hit(db, &place, window, now).await? > TRIES_PER_PLACE {
        return Err(throttled(window, now));
    }
    let client = format!("signin:client:{}", origin.client);
    if !known {
        if throttle::hit(db, &client, window, now).await? > CLIENT_TRIES {
            return Err(throttled(window, now));
        }
        let failures = throttle::count(db, &failures_of(&address), window, now).await?;
        if failures >= ADDRESS_FAILURES {
            let slow = Window(Duration::seconds(SLOW_SECONDS));
            if throttle::hit(db, &format!("signin:slow:{}", &address[..32]), slow, now).await? > 1 {
                return Err(throttled(slow, now));
            }
        }
    }
    // Without an account the hash is still computed, so timing does not reveal which
    // addresses have one.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = verify_password(password.to_owned(), stored).await?;
    let user = match user {
        Some(user) if matches && !user.disabled && user.confirmed_at.is_some() => user,
        _ => {
            throttle::hit(db, &failures_of(&address), window, now).await?;
            return Err(SignInError::WrongCredentials);
        }
    };
    throttle::undo(db, &place, window, now).await?;
    if !known {
        throttle::undo(db, &client, window, now).await?;
    }
    let device = match (&origin.device, known) {
        (Some(device), true) => device.clone(),
        _ => remember_device(db, user.id, now).await?,
    };
    let account = to_account(user)?;
    let remembered = known && super::second_factor_remembered(db, &device, account.id, now).await?;
    if account.role.needs_second_factor() && !remembered {
        let then = super::second_step(db, account.id).await?;
        let session = super::open_pending_session(db, account.id, now).await?;
        return Ok(SignedIn {
            account,
            session,
            device,
            then: Some(then),
        });
    }
    let session = open_session(db, account.id, now).await?;
    Ok(SignedIn {
        account,
        session,
        device,
        then: None,
    })
}

fn failures_of(address: &str) -> String {
    format!("signin:failed:{}", &address[..32])
}

fn throttled(window: Window, now: DateTime<Utc>) -> SignInError {
    SignInError::Throttled {
        seconds: window.seconds_left(now),
    }
}

/// Whether `device` signed in to account `user_id` within [`DEVICE_DAYS`]; if so it is
/// marked used now.
async fn known_device(
    db: &Db,
    device: &DeviceToken,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let touched = known_devices::Entity::update_many()
        .col_expr(
            known_devices::Column::LastUsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(known_devices::Column::TokenHash.eq(sha256_hex(device.expose())))
        .filter(known_devices::Column::UserId.eq(user_id))
        .filter(known_devices::Column::LastUsedAt.gt(now - Duration::days(DEVICE_DAYS)))
        .exec(db.conn())
        .await?;
    Ok(touched.rows_affected == 1)
}

/// A new device token for a browser that has just signed in to `user_id`.
pub async fn remember_device(
    db: &Db,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<DeviceToken, StorageError> {
    let device = DeviceToken(random_token());
    known_devices::ActiveModel {
        token_hash: Set(sha256_hex(device.expose())),
        user_id: Set(user_id),
        created_at: Set(now),
        last_used_at: Set(now),
        second_factor_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    Ok(device)
}

/// Opens a session for `user_id`, lasting [`super::SESSION_HOURS`].
pub async fn open_session(
    db: &Db,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<SessionToken, StorageError> {
    insert_session(db.conn(), user_id, now, false).await
}

/// Inserts a session: a full one for [`super::SESSION_HOURS`], or one pending its second
/// factor for [`super::PENDING_MINUTES`].
pub(crate) async fn insert_session(
    conn: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
    pending: bool,
) -> Result<SessionToken, StorageError> {
    let token = SessionToken(random_token());
    let lasts = if pending {
        Duration::minutes(super::PENDING_MINUTES)
    } else {
        Duration::hours(super::SESSION_HOURS)
    };
    sessions::ActiveModel {
        token_hash: Set(token.hash()),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + lasts),
        pending: Set(pending),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// Forgets browsers not used to sign in for [`DEVICE_DAYS`] (the sweep).
pub async fn forget_old_devices(db: &Db, now: DateTime<Utc>) -> Result<u64, StorageError> {
    Ok(known_devices::Entity::delete_many()
        .filter(known_devices::Column::LastUsedAt.lte(now - Duration::days(DEVICE_DAYS)))
        .exec(db.conn())
        .await?
        .rows_affected)
}
