//! Shutting accounts off and setting passwords again: disabling and enabling, ending every
//! session, changing one's own password, and one-time links to set a new one.
//!
//! Rules:
//! - **Disabling is immediate.** The account's sessions and unused reset links are deleted in
//!   the same transaction as the flag, and the session lookup checks the flag as well.
//! - **A reset link** is 244 random bits, good for one use within [`RESET_HOURS`]; the
//!   database keeps only its SHA-256. Using it marks it used and sets the password in one
//!   transaction, only if nobody used it first, and ends every session of the account.
//!   Issuing one deletes the account's earlier unused links; a link asked for again within
//!   [`RESET_RESEND_MINUTES`] is not issued (so nobody can fill a person's inbox).
//! - **A new resident's address is confirmed by a link**: the account is made without a
//!   password anyone knows ([`create_unconfirmed_resident`]) and opens when the link sent to
//!   the address is used to choose one.
//! - **Changing one's password** needs the current one and ends the account's other sessions,
//!   keeping the one that made the change.

use super::{
    Account, SessionToken, hash_password, random_token, sha256_hex, to_account, verify_password,
};
use crate::{
    Db, StorageError,
    entities::{password_resets, sessions, users},
    outbox::{self, NewMessage},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use std::fmt;

/// How long a reset link works.
pub const RESET_HOURS: i64 = domain::password::RESET_LINK_HOURS;
/// A second link for the same account within this time is not issued.
pub const RESET_RESEND_MINUTES: i64 = 5;
/// The most accounts the admin list shows at once.
pub const LIST_LIMIT: u64 = 500;

/// An account with whether it is shut off, for the administrators' pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStatus {
    pub account: Account,
    /// When it was disabled; `None` while it works.
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When the person followed the link sent to the address; `None` until then.
    pub confirmed_at: Option<DateTime<Utc>>,
}

impl AccountStatus {
    pub fn disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

/// The secret in a reset link: goes into the e-mail (or is printed once), never into the
/// database or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct ResetToken(String);

impl ResetToken {
    /// The token in a link's address, if it has the shape of one (64 hexadecimal
    /// characters); anything else cannot name a link and is not looked up.
    pub fn from_link(text: &str) -> Option<Self> {
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(text.to_ascii_lowercase()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

impl fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetToken(…)")
    }
}

/// Why a password could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error("Your current password is not right: type it again")]
    WrongCurrent,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Why a reset link did not set a password. One refusal for every reason, so the page tells
/// a guesser nothing.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error(
        "This link has expired or has already been used. Ask for a new one: links work once, for {RESET_HOURS} hour"
    )]
    Unusable,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Disables an account, or enables it again. Disabling ends every session of it and deletes
/// its unused reset links, in the same transaction. Returns the account as it now stands.
pub async fn set_disabled(
    db: &Db,
    id: i32,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<AccountStatus, StorageError> {
    let txn = db.conn().begin().await?;
    let updated = users::Entity::update_many()
        .col_expr(users::Column::Disabled, Expr::value(disabled))
        .col_expr(
            users::Column::DisabledAt,
            Expr::value(disabled.then_some(now)),
        )
        .filter(users::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    if disabled {
        delete_sessions(&txn, id, None).await?;
        delete_unused_resets(&txn, id).await?;
    }
    let row = users::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    txn.commit().await?;
    to_status(row)
}

/// Ends every session of an account (it stays enabled). Returns how many were ended.
pub async fn end_all_sessions(db: &Db, id: i32) -> Result<u64, StorageError> {
    if users::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .is_none()
    {
        return Err(StorageError::NotFound);
    }
    delete_sessions(db.conn(), id, None).await
}

/// How many live sessions an account has.
pub async fn session_count(db: &Db, id: i32, now: DateTime<Utc>) -> Result<u64, StorageError> {
    use sea_orm::PaginatorTrait;
    Ok(sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(id))
        .filter(sessions::Column::Pending.eq(false))
        .filter(sessions::Column::ExpiresAt.gt(now))
        .count(db.conn())
        .await?)
}

/// Changes the password of the account signed in with `keep`, after checking its current
/// one; every other session of the account ends, `keep` stays. The new password's rule
/// (`domain::password`) is the caller's to check first.
pub async fn change_password(
    db: &Db,
    id: i32,
    keep: &SessionToken,
    current: &str,
    new: &str,
) -> Result<(), ChangePasswordError> {
    let row = users::Entity::find_by_id(id)
        .one(db.conn())
        .await
        .map_err(StorageError::from)?
        .filter(|u| !u.disabled)
        .ok_or(StorageError::NotFound)?;
    if !verify_password(current.to_owned(), Some(row.password_hash)).await? {
        return Err(ChangePasswordError::WrongCurrent);
    }
    let hash = hash_password(new.to_owned()).await?;
    let txn = db.conn().begin().await.map_err(StorageError::from)?;
    set_hash(&txn, id, hash).await?;
    delete_sessions(&txn, id, Some(keep)).await?;
    delete_unused_resets(&txn, id).await?;
    txn.commit().await.map_err(StorageError::from)?;
    Ok(())
}

/// Issues a reset link for the enabled account with this address, with the e-mail that
/// carries it (made by `message` from the account and the token) queued in the outbox in the
/// same transaction. `None` when there is no such enabled account, or when one was issued
/// within the last [`RESET_RESEND_MINUTES`] and `resend_gap` is asked for: the caller says
/// the same either way.
pub async fn issue_reset(
    db: &Db,
    id: i32,
    now: DateTime<Utc>,
    resend_gap: bool,
    message: impl FnOnce(&Account, &ResetToken) -> Option<NewMessage>,
) -> Result<Option<(Account, ResetToken)>, StorageError> {
    let txn = db.conn().begin().await?;
    let Some(row) = users::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|u| !u.disabled)
    else {
        txn.rollback().await?;
        return Ok(None);
    };
    if resend_gap {
        let recent = password_resets::Entity::find()
            .filter(password_resets::Column::UserId.eq(id))
            .filter(password_resets::Column::UsedAt.is_null())
            .filter(
                password_resets::Column::CreatedAt
                    .gt(now - Duration::minutes(RESET_RESEND_MINUTES)),
            )
            .limit(1)
            .all(&txn)
            .await?;
        if !recent.is_empty() {
            txn.rollback().await?;
            return Ok(None);
        }
    }
    delete_unused_resets(&txn, id).await?;
    let token = ResetToken(random_token());
    password_resets::Entity::insert(password_resets::ActiveModel {
        token_hash: Set(token.hash()),
        user_id: Set(id),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(RESET_HOURS)),
        used_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    let account = to_account(row)?;
    if let Some(message) = message(&account, &token) {
        outbox::enqueue_in(&txn, &message, now).await?;
    }
    txn.commit().await?;
    Ok(Some((account, token)))
}

/// The account a reset link would set the password of, if the link can still be used.
pub async fn reset_account(
    db: &Db,
    token: &ResetToken,
    now: DateTime<Utc>,
) -> Result<Option<Account>, StorageError> {
    let Some(reset) = password_resets::Entity::find_by_id(token.hash())
        .one(db.conn())
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
    else {
        return Ok(None);
    };
    users::Entity::find_by_id(reset.user_id)
        .one(db.conn())
        .await?
        .filter(|u| !u.disabled)
        .map(to_account)
        .transpose()
}

/// Sets a new password through a reset link: the link is marked used and the password set
/// in one transaction, only if the link was unused, unexpired and its account enabled; every
/// session of the account ends. The new password's rule is the caller's to check first.
pub async fn redeem_reset(
    db: &Db,
    token: &ResetToken,
    new: &str,
    now: DateTime<Utc>,
) -> Result<Account, ResetError> {
    // Hashed before the transaction, so no lock is held while argon2 works.
    let hash = hash_password(new.to_owned()).await?;
    let txn = db.conn().begin().await.map_err(StorageError::from)?;
    let Some(reset) = password_resets::Entity::find_by_id(token.hash())
        .one(&txn)
        .await
        .map_err(StorageError::from)?
    else {
        txn.rollback().await.map_err(StorageError::from)?;
        return Err(ResetError::Unusable);
    };
    let Some(user) = users::Entity::find_by_id(reset.user_id)
        .one(&txn)
        .await
        .map_err(StorageError::from)?
        .filter(|u| !u.disabled)
    else {
        txn.rollback().await.map_err(StorageError::from)?;
        return Err(ResetError::Unusable);
    };
    // Only one use can win, however many arrive together.
    let claimed = password_resets::Entity::update_many()
        .col_expr(password_resets::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_resets::Column::TokenHash.eq(token.hash()))
        .filter(password_resets::Column::UsedAt.is_null())
        .filter(password_resets::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await
        .map_err(StorageError::from)?;
    if claimed.rows_affected != 1 {
        // Rolled back at once, not when the transaction is dropped: the update took
        // SQLite's write lock, which the next writer must not wait for.
        txn.rollback().await.map_err(StorageError::from)?;
        return Err(ResetError::Unusable);
    }
    set_hash(&txn, user.id, hash).await?;
    // Following a link sent to the address shows it is the person's.
    if user.confirmed_at.is_none() {
        users::Entity::update_many()
            .col_expr(users::Column::ConfirmedAt, Expr::value(Some(now)))
            .filter(users::Column::Id.eq(user.id))
            .exec(&txn)
            .await
            .map_err(StorageError::from)?;
    }
    delete_sessions(&txn, user.id, None).await?;
    delete_unused_resets(&txn, user.id).await?;
    txn.commit().await.map_err(StorageError::from)?;
    Ok(to_account(user)?)
}

/// A resident's account whose address is not yet confirmed: it has no password anyone
/// knows and cannot sign in until the person follows a link sent to the address
/// ([`issue_reset`], [`redeem_reset`]). An address already in use is a
/// [`StorageError::Conflict`].
pub async fn create_unconfirmed_resident(
    db: &Db,
    email: &str,
    display_name: &str,
    now: DateTime<Utc>,
) -> Result<Account, StorageError> {
    use sea_orm::ActiveModelTrait;
    // Not a hash at all, so no password matches it; and nothing slow is done here that an
    // address with an account would not also take, so timing tells nobody which is which.
    let no_password = "!".to_owned();
    let row = users::ActiveModel {
        confirmed_at: Set(None),
        ..super::user_row(
            email,
            display_name,
            domain::Role::Resident,
            no_password,
            now,
        )
    }
    .insert(db.conn())
    .await?;
    to_account(row)
}

/// Accounts with whether each is disabled: those whose address contains `search` (all when
/// it is blank), staff before residents, by name, at most [`LIST_LIMIT`].
pub async fn list_with_status(db: &Db, search: &str) -> Result<Vec<AccountStatus>, StorageError> {
    let search = super::normalise_email(search);
    let mut query = users::Entity::find();
    if !search.is_empty() {
        // `%` and `_` in the search are letters, not wildcards.
        query = query
            .filter(Expr::col(users::Column::Email).like(crate::worklist::contains_text(&search)));
    }
    let mut rows: Vec<AccountStatus> = query
        .order_by_asc(users::Column::DisplayName)
        .order_by_asc(users::Column::Id)
        .limit(LIST_LIMIT)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_status)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|s| s.account.role == domain::Role::Resident);
    Ok(rows)
}

/// One account with whether it is disabled, enabled or not.
pub async fn status(db: &Db, id: i32) -> Result<Option<AccountStatus>, StorageError> {
    users::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .map(to_status)
        .transpose()
}

fn to_status(row: users::Model) -> Result<AccountStatus, StorageError> {
    // Accounts disabled before the time was kept count from their creation.
    let disabled_at = row
        .disabled
        .then(|| row.disabled_at.unwrap_or(row.created_at));
    let (created_at, confirmed_at) = (row.created_at, row.confirmed_at);
    Ok(AccountStatus {
        account: to_account(row)?,
        disabled_at,
        created_at,
        confirmed_at,
    })
}

async fn set_hash(conn: &impl ConnectionTrait, id: i32, hash: String) -> Result<(), StorageError> {
    let updated = users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .filter(users::Column::Id.eq(id))
        .exec(conn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    Ok(())
}

/// Deletes the account's sessions, all but `keep` when given; returns how many.
async fn delete_sessions(
    conn: &impl ConnectionTrait,
    id: i32,
    keep: Option<&SessionToken>,
) -> Result<u64, StorageError> {
    let mut delete = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(id));
    if let Some(keep) = keep {
        delete = delete.filter(sessions::Column::TokenHash.ne(keep.hash()));
    }
    Ok(delete.exec(conn).await?.rows_affected)
}

async fn delete_unused_resets(conn: &impl ConnectionTrait, id: i32) -> Result<(), StorageError> {
    password_resets::Entity::delete_many()
        .filter(password_resets::Column::UserId.eq(id))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
