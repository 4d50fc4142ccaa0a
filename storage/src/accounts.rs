//! Accounts, sign-in and sessions.
//!
//! Passwords are hashed with argon2id (the crate's defaults: 19 MiB, two passes), off the
//! async runtime. A session is a random token in an HttpOnly cookie; the database keeps only
//! its SHA-256, so a copy of the table opens no session. Sessions live in the database so
//! that several app servers share them. Sign-in is throttled without locking anyone out
//! (see `guard`).

use crate::{
    Db, StorageError,
    entities::{sessions, users},
};
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use chrono::{DateTime, Utc};
use domain::Role;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::{fmt, sync::LazyLock};

/// How long a session lasts from sign-in: a working day with some to spare.
pub const SESSION_HOURS: i64 = 12;

/// An account as the rest of the product sees it: never its password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// The secret half of a session: goes into the cookie, never into the database or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

/// The SHA-256 of a secret, in lower-case hexadecimal: what the database keeps of session
/// and reset tokens.
pub(crate) fn sha256_hex(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 244 random bits from the operating system's generator, as 64 hexadecimal characters.
pub(crate) fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Why a sign-in was refused. The two refusals are worded for the person; neither says
/// whether the address has an account.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("Enter a correct email address and password")]
    WrongCredentials,
    #[error("{}", wait_message(*seconds))]
    Throttled { seconds: i64 },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// "Too many attempts to sign in: wait 4 minutes and try again".
fn wait_message(seconds: i64) -> String {
    let minutes = (seconds.max(1) + 59) / 60;
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("Too many attempts to sign in: wait {minutes} {unit} and try again")
}

/// Addresses are compared without regard to capitals or surrounding spaces.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates an account. An address already in use is a [`StorageError::Conflict`].
pub async fn create(
    db: &Db,
    email: &str,
    display_name: &str,
    role: Role,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Account, StorageError> {
    let password_hash = hash_password(password.to_owned()).await?;
    let row = user_row(email, display_name, role, password_hash, now)
        .insert(db.conn())
        .await?;
    to_account(row)
}

/// An account's row, as [`create`] and the bulk loader write it: the address normalised,
/// the name trimmed, enabled.
pub(crate) fn user_row(
    email: &str,
    display_name: &str,
    role: Role,
    password_hash: String,
    now: DateTime<Utc>,
) -> users::ActiveModel {
    users::ActiveModel {
        email: Set(normalise_email(email)),
        display_name: Set(display_name.trim().to_owned()),
        role: Set(role.as_str().to_owned()),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(now),
        confirmed_at: Set(Some(now)),
        ..Default::default()
    }
}

/// Checks an address and password and opens a session, from the server itself (command
/// line and benchmarks): [`sign_in_from`] with [`Origin::local`].
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(Account, SessionToken), SignInError> {
    let signed_in = sign_in_from(db, email, password, &Origin::local(), now).await?;
    // The session of an account that takes a second factor is still pending then.
    Ok((signed_in.account, signed_in.session))
}

/// The account behind a session token, if the session exists, has not expired and the
/// account is still enabled.
pub async fn session_account(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
) -> Result<Option<Account>, StorageError> {
    // One query: every page asks it, often several times.
    let Some((session, user)) = sessions::Entity::find_by_id(token.hash())
        .find_also_related(users::Entity)
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    // A session waiting for its second factor signs nobody in (see `second_factor`).
    if session.pending {
        return Ok(None);
    }
    if session.expires_at <= now {
        sessions::Entity::delete_by_id(session.token_hash)
            .exec(db.conn())
            .await?;
        return Ok(None);
    }
    match user {
        Some(user) if !user.disabled => Ok(Some(to_account(user)?)),
        _ => Ok(None),
    }
}

/// The account with this address, if there is one.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Account>, StorageError> {
    users::Entity::find()
        .filter(users::Column::Email.eq(normalise_email(email)))
        .one(db.conn())
        .await?
        .map(to_account)
        .transpose()
}

/// The account with this id, enabled or not (a case keeps naming its past handler).
pub async fn find(db: &Db, id: i32) -> Result<Option<Account>, StorageError> {
    users::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .map(to_account)
        .transpose()
}

/// The accounts with these ids, by id, in one query; ids with no account are left out.
pub async fn find_each(
    db: &Db,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, Account>, StorageError> {
    let ids: std::collections::BTreeSet<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| to_account(row).map(|account| (account.id, account)))
        .collect()
}

/// The enabled accounts with any of these roles, by name: the people a case can be given to.
pub async fn with_roles(db: &Db, roles: &[Role]) -> Result<Vec<Account>, StorageError> {
    use sea_orm::QueryOrder;
    users::Entity::find()
        .filter(users::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
        .filter(users::Column::Disabled.eq(false))
        .order_by_asc(users::Column::DisplayName)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_account)
        .collect()
}

/// Why a manager could not be set.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("Choose a manager from the list")]
    NotAManager,
    #[error("Someone cannot be their own manager")]
    OwnManager,
    #[error(
        "That would make a circle: they already manage the person chosen, directly or through others"
    )]
    Circle,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Sets (or clears) who manages a member of staff. The manager must be a manager, the
/// complaints manager or a head of service, and must not already report to the member
/// (directly or through others).
pub async fn set_manager(db: &Db, member: i32, manager: Option<i32>) -> Result<(), TeamError> {
    use sea_orm::sea_query::Expr;
    if let Some(manager_id) = manager {
        if manager_id == member {
            return Err(TeamError::OwnManager);
        }
        let boss = find(db, manager_id).await?.ok_or(TeamError::NotAManager)?;
        if !boss.role.manages_people() {
            return Err(TeamError::NotAManager);
        }
        // Walk up from the chosen manager: meeting the member means a circle.
        let mut above = manager_of(db, manager_id).await?;
        let mut steps = 0;
        while let Some(up) = above {
            if up.id == member {
                return Err(TeamError::Circle);
            }
            steps += 1;
            if steps > 64 {
                return Err(TeamError::Circle);
            }
            above = manager_of(db, up.id).await?;
        }
    }
    let result = users::Entity::update_many()
        .col_expr(users::Column::ManagerId, Expr::value(manager))
        .filter(users::Column::Id.eq(member))
        .exec(db.conn())
        .await
        .map_err(StorageError::from)?;
    if result.rows_affected == 0 {
        return Err(StorageError::NotFound.into());
    }
    Ok(())
}

/// The enabled accounts with these roles, by name, each with the id of their manager.
pub async fn with_managers(
    db: &Db,
    roles: &[Role],
) -> Result<Vec<(Account, Option<i32>)>, StorageError> {
    use sea_orm::QueryOrder;
    users::Entity::find()
        .filter(users::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
        .filter(users::Column::Disabled.eq(false))
        .order_by_asc(users::Column::DisplayName)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| {
            let manager = row.manager_id;
            Ok((to_account(row)?, manager))
        })
        .collect()
}

/// A member of staff's manager, if they have one (and it still names an account).
pub async fn manager_of(db: &Db, member: i32) -> Result<Option<Account>, StorageError> {
    let Some(row) = users::Entity::find_by_id(member).one(db.conn()).await? else {
        return Ok(None);
    };
    match row.manager_id {
        Some(id) => find(db, id).await,
        None => Ok(None),
    }
}

/// The enabled accounts a manager manages directly, by name.
pub async fn team_of(db: &Db, manager: i32) -> Result<Vec<Account>, StorageError> {
    use sea_orm::QueryOrder;
    users::Entity::find()
        .filter(users::Column::ManagerId.eq(manager))
        .filter(users::Column::Disabled.eq(false))
        .order_by_asc(users::Column::DisplayName)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_account)
        .collect()
}

/// Ends a session. Ending one that does not exist is not an error.
pub async fn sign_out(db: &Db, token: &SessionToken) -> Result<(), StorageError> {
    sessions::Entity::delete_by_id(token.hash())
        .exec(db.conn())
        .await?;
    Ok(())
}

mod controls;
mod guard;
mod second_factor;
pub use controls::*;
pub use guard::*;
pub use second_factor::*;

fn to_account(row: users::Model) -> Result<Account, StorageError> {
    let role = row.role.parse().map_err(|_| {
        StorageError::Database(sea_orm::DbErr::Type(format!(
            "user {} has an unknown role",
            row.id
        )))
    })?;
    Ok(Account {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        role,
    })
}

pub(crate) async fn hash_password(password: String) -> Result<String, StorageError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| StorageError::Database(sea_orm::DbErr::Custom(format!("hashing task: {e}"))))?
    .map_err(|e| StorageError::Database(sea_orm::DbErr::Custom(format!("hashing: {e}"))))
}

/// An argon2id hash of a random password, verified against when there is no account so
/// that the work done is the same. Made once, on first use.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

async fn verify_password(password: String, stored: Option<String>) -> Result<bool, StorageError> {
    tokio::task::spawn_blocking(move || {
        let has_account = stored.is_some();
        let hash = stored.unwrap_or_else(|| DECOY_HASH.clone());
        let verified = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        has_account && verified
    })
    .await
    .map_err(|e| StorageError::Database(sea_orm::DbErr::Custom(format!("verifying task: {e}"))))
}
