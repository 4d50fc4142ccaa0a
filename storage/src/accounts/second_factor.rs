//! The second factor of staff and administrators (`domain::Role::needs_second_factor`): a
//! code from an authenticator app (TOTP, RFC 6238: HMAC-SHA1, six digits, 30-second steps,
//! one step of clock drift either way), or a one-time recovery code.
//!
//! Rules:
//! - **The password alone opens a pending session** ([`open_pending_session`]), good for
//!   [`PENDING_MINUTES`], which signs nobody in (`super::session_account` ignores it). The
//!   code completes it: the pending session is deleted and a new one opened, so the
//!   session's token changes as it gains its rights.
//! - **Setting up** ([`set_up`], [`confirm_set_up`]): a new secret (160 random bits) is kept
//!   as a candidate until a code made from it is typed, so nobody ends up with a secret
//!   their app does not have.
//! - **No code works twice**: the step of each accepted code is kept, and a code is taken
//!   only for a later step, by one conditional update.
//! - **Recovery codes**: [`RECOVERY_CODES`] of them, each used once, kept as SHA-256;
//!   making new ones voids the old.
//! - **Wrong codes are limited**: [`CODE_TRIES`] a quarter of an hour for an account,
//!   counted before the check; a right code is taken off the count.
//! - **A browser that passed the second factor** is not asked again for
//!   [`REMEMBER_DAYS`] (its device token, `known_devices.second_factor_at`).
//! - **An administrator can reset it** ([`reset_second_factor`]): the secret, recovery codes
//!   and remembered browsers go, every session ends, and the next sign-in sets it up again.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait,
    QueryFilter, sea_query::Expr,
};
use totp_rs::{Builder, Secret, Totp};

use super::guard::DeviceToken;
use super::{Account, SessionToken, sha256_hex, to_account};
use crate::entities::{known_devices, recovery_codes, sessions, users};
use crate::throttle::{self, Window};
use crate::{Db, StorageError};

/// How long the password alone holds a pending session.
pub const PENDING_MINUTES: i64 = 10;
/// How long a browser that passed the second factor is not asked again.
pub const REMEMBER_DAYS: i64 = 30;
/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;
/// Wrong codes allowed for an account in a quarter of an hour.
pub const CODE_TRIES: u32 = 5;
/// The name authenticator apps show for the account.
pub const ISSUER: &str = "Putright";

/// What a password's pending session needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// A code from the app set up before, or a recovery code.
    EnterCode,
    /// Setting up an authenticator app (the first sign-in, or after a reset).
    SetUp,
}

/// What the set-up page shows: the secret to type into an app, and the `otpauth://`
/// address a QR code carries.
#[derive(Clone, PartialEq, Eq)]
pub struct SetUp {
    pub secret: String,
    pub url: String,
}

impl std::fmt::Debug for SetUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetUp(…)")
    }
}

/// Why a code was not taken. Worded for the person.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error(
        "Enter the 6-digit code your authenticator app shows now, or one of your recovery codes"
    )]
    Wrong,
    #[error("That code has been used already: wait for your app to show the next one")]
    Used,
    #[error("Too many wrong codes: wait {} minutes and sign in again", (.seconds + 59) / 60)]
    TooManyTries { seconds: i64 },
    #[error("Signing in took too long: enter your email address and password again")]
    Expired,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn totp(secret: &str, label: &str) -> Result<Totp, StorageError> {
    let bytes = Secret::try_from_base32(secret)
        .map_err(|_| StorageError::Database(sea_orm::DbErr::Custom("a bad TOTP secret".into())))?;
    Builder::new()
        .with_secret(bytes)
        .with_issuer(Some(ISSUER))
        .with_account_name(label.replace(':', " "))
        .build()
        .map_err(|e| StorageError::Database(sea_orm::DbErr::Custom(format!("TOTP: {e}"))))
}

/// A new secret: 160 bits from the operating system's generator, as base32.
fn new_secret() -> String {
    Secret::from(random_bytes::<20>()).to_base32()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// The code an authenticator app with `secret` shows at `at` (for tests and the demo).
pub fn code_at(secret: &str, at: DateTime<Utc>) -> Result<String, StorageError> {
    Ok(totp(secret, "code")?
        .generate(u64::try_from(at.timestamp()).unwrap_or(0))
        .to_string())
}

/// A code as typed, without spaces and dashes, lower case.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether signing in to this account asks for a code or for setting up an app.
pub async fn second_step(db: &Db, user_id: i32) -> Result<SecondStep, StorageError> {
    let user = users::Entity::find_by_id(user_id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(if user.totp_secret.is_some() {
        SecondStep::EnterCode
    } else {
        SecondStep::SetUp
    })
}

/// Opens a session that waits for the second factor.
pub async fn open_pending_session(
    db: &Db,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<SessionToken, StorageError> {
    super::insert_session(db.conn(), user_id, now, true).await
}

/// The account a pending session waits for, while it is unexpired and the account enabled.
pub async fn pending_account(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
) -> Result<Option<Account>, StorageError> {
    let Some(session) = sessions::Entity::find_by_id(token.hash())
        .one(db.conn())
        .await?
        .filter(|s| s.pending && s.expires_at > now)
    else {
        return Ok(None);
    };
    users::Entity::find_by_id(session.user_id)
        .one(db.conn())
        .await?
        .filter(|u| !u.disabled)
        .map(to_account)
        .transpose()
}

/// The secret to set up for the account of a pending session: the candidate made before
/// (a reload shows the same one), or a new one. `None` when the account has a second factor
/// already or the session is not pending.
pub async fn set_up(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
) -> Result<Option<SetUp>, StorageError> {
    let Some(account) = pending_account(db, token, now).await? else {
        return Ok(None);
    };
    let user = users::Entity::find_by_id(account.id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    if user.totp_secret.is_some() {
        return Ok(None);
    }
    let secret = match user.totp_candidate {
        Some(candidate) => candidate,
        None => {
            let secret = new_secret();
            users::Entity::update_many()
                .col_expr(
                    users::Column::TotpCandidate,
                    Expr::value(Some(secret.clone())),
                )
                .filter(users::Column::Id.eq(account.id))
                .exec(db.conn())
                .await?;
            secret
        }
    };
    let url = totp(&secret, &account.email)?
        .to_url()
        .map_err(|e| StorageError::Database(sea_orm::DbErr::Custom(format!("TOTP: {e}"))))?;
    Ok(Some(SetUp { secret, url }))
}

/// Confirms the app being set up with a code from it, and completes the pending session.
pub async fn confirm_set_up(
    db: &Db,
    token: &SessionToken,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(Account, SessionToken), CodeError> {
    let (account, user) = pending_try(db, token, now).await?;
    let Some(candidate) = user.totp_candidate else {
        return Err(CodeError::Expired);
    };
    let step = totp(&candidate, "code")?
        .check(&normalise(code), seconds(now))
        .ok_or(CodeError::Wrong)?;
    let txn = db.conn().begin().await.map_err(StorageError::from)?;
    users::Entity::update_many()
        .col_expr(
            users::Column::TotpSecret,
            Expr::value(Some(candidate.clone())),
        )
        .col_expr(users::Column::TotpCandidate, Expr::value(None::<String>))
        .col_expr(users::Column::TotpLastStep, Expr::value(Some(step as i64)))
        .filter(users::Column::Id.eq(account.id))
        .filter(users::Column::TotpCandidate.eq(candidate))
        .exec(&txn)
        .await
        .map_err(StorageError::from)?;
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(account.id))
        .exec(&txn)
        .await
        .map_err(StorageError::from)?;
    finish(db, txn, token, account, now).await
}

/// Takes a code (from the app, or a recovery code) for a pending session and completes it.
pub async fn enter_code(
    db: &Db,
    token: &SessionToken,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(Account, SessionToken), CodeError> {
    let (account, user) = pending_try(db, token, now).await?;
    let Some(secret) = user.totp_secret else {
        return Err(CodeError::Expired);
    };
    let code = normalise(code);
    let txn = db.conn().begin().await.map_err(StorageError::from)?;
    let taken = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let Some(step) = totp(&secret, "code")?.check(&code, seconds(now)) else {
            txn.rollback().await.map_err(StorageError::from)?;
            return Err(CodeError::Wrong);
        };
        // Only a step later than the last one taken: no code works twice.
        let updated = users::Entity::update_many()
            .col_expr(users::Column::TotpLastStep, Expr::value(Some(step as i64)))
            .filter(users::Column::Id.eq(account.id))
            .filter(
                Condition::any()
                    .add(users::Column::TotpLastStep.is_null())
                    .add(users::Column::TotpLastStep.lt(step as i64)),
            )
            .exec(&txn)
            .await
            .map_err(StorageError::from)?;
        if updated.rows_affected != 1 {
            txn.rollback().await.map_err(StorageError::from)?;
            return Err(CodeError::Used);
        }
        true
    } else {
        recovery_codes::Entity::update_many()
            .col_expr(recovery_codes::Column::UsedAt, Expr::value(Some(now)))
            .filter(recovery_codes::Column::UserId.eq(account.id))
            .filter(recovery_codes::Column::CodeHash.eq(sha256_hex(&code)))
            .filter(recovery_codes::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .map_err(StorageError::from)?
            .rows_affected
            == 1
    };
    if !taken {
        txn.rollback().await.map_err(StorageError::from)?;
        return Err(CodeError::Wrong);
    }
    finish(db, txn, token, account, now).await
}

fn window() -> Window {
    Window(Duration::minutes(15))
}

fn tries_bucket(user_id: i32) -> String {
    format!("second-factor:{user_id}")
}

fn seconds(at: DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp()).unwrap_or(0)
}

/// The account of a pending session and its row, once the try is counted (before its code
/// is checked); past [`CODE_TRIES`], the refusal.
async fn pending_try(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
) -> Result<(Account, users::Model), CodeError> {
    let account = pending_account(db, token, now)
        .await?
        .ok_or(CodeError::Expired)?;
    let user = users::Entity::find_by_id(account.id)
        .one(db.conn())
        .await
        .map_err(StorageError::from)?
        .ok_or(StorageError::NotFound)?;
    if throttle::hit(db, &tries_bucket(account.id), window(), now).await? > CODE_TRIES {
        return Err(CodeError::TooManyTries {
            seconds: window().seconds_left(now),
        });
    }
    Ok((account, user))
}

/// Swaps the pending session for a full one in `txn` and commits; the try that succeeded
/// comes off the count.
async fn finish(
    db: &Db,
    txn: sea_orm::DatabaseTransaction,
    pending: &SessionToken,
    account: Account,
    now: DateTime<Utc>,
) -> Result<(Account, SessionToken), CodeError> {
    let removed = sessions::Entity::delete_many()
        .filter(sessions::Column::TokenHash.eq(pending.hash()))
        .filter(sessions::Column::Pending.eq(true))
        .exec(&txn)
        .await
        .map_err(StorageError::from)?;
    if removed.rows_affected != 1 {
        txn.rollback().await.map_err(StorageError::from)?;
        return Err(CodeError::Expired);
    }
    let session = super::insert_session(&txn, account.id, now, false).await?;
    txn.commit().await.map_err(StorageError::from)?;
    throttle::undo(db, &tries_bucket(account.id), window(), now).await?;
    Ok((account, session))
}

/// Notes that this browser passed the second factor for the account just now.
pub async fn remember_second_factor(
    db: &Db,
    device: &DeviceToken,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    known_devices::Entity::update_many()
        .col_expr(
            known_devices::Column::SecondFactorAt,
            Expr::value(Some(now)),
        )
        .filter(known_devices::Column::TokenHash.eq(sha256_hex(device.expose())))
        .filter(known_devices::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Whether this browser passed the second factor for the account within [`REMEMBER_DAYS`].
pub(crate) async fn second_factor_remembered(
    db: &Db,
    device: &DeviceToken,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    Ok(known_devices::Entity::find()
        .filter(known_devices::Column::TokenHash.eq(sha256_hex(device.expose())))
        .filter(known_devices::Column::UserId.eq(user_id))
        .filter(known_devices::Column::SecondFactorAt.gt(now - Duration::days(REMEMBER_DAYS)))
        .count(db.conn())
        .await?
        == 1)
}

/// Sets the account's authenticator secret directly (the demo accounts, and `putright user
/// add` when given one): no candidate, no code needed.
pub async fn enrol(db: &Db, user_id: i32, secret: &str) -> Result<(), StorageError> {
    totp(secret, "check")?;
    users::Entity::update_many()
        .col_expr(
            users::Column::TotpSecret,
            Expr::value(Some(secret.to_owned())),
        )
        .col_expr(users::Column::TotpCandidate, Expr::value(None::<String>))
        .filter(users::Column::Id.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Removes the account's second factor: secret, recovery codes, remembered browsers, and
/// every session. The next sign-in sets up an app again.
pub async fn reset_second_factor(db: &Db, user_id: i32) -> Result<(), StorageError> {
    let txn = db.conn().begin().await?;
    let updated = users::Entity::update_many()
        .col_expr(users::Column::TotpSecret, Expr::value(None::<String>))
        .col_expr(users::Column::TotpCandidate, Expr::value(None::<String>))
        .col_expr(users::Column::TotpLastStep, Expr::value(None::<i64>))
        .filter(users::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        txn.rollback().await?;
        return Err(StorageError::NotFound);
    }
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    known_devices::Entity::update_many()
        .col_expr(
            known_devices::Column::SecondFactorAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(known_devices::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The account's recovery codes: `None` when it has none at all, else how many are unused.
pub async fn recovery_codes_left(db: &Db, user_id: i32) -> Result<Option<u64>, StorageError> {
    let codes = recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .all(db.conn())
        .await?;
    Ok((!codes.is_empty()).then(|| codes.iter().filter(|c| c.used_at.is_none()).count() as u64))
}

/// Voids every recovery code of the account (the next visit to the codes page makes new
/// ones).
pub async fn void_recovery_codes(db: &Db, user_id: i32) -> Result<(), StorageError> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Makes [`RECOVERY_CODES`] new recovery codes for an account with a second factor,
/// voiding the old ones; returns them, to be shown once. `only_if_none`: make them only
/// when the account has none at all (so a page shows new codes once, not on every visit),
/// else `None`.
pub async fn make_recovery_codes(
    db: &Db,
    user_id: i32,
    only_if_none: bool,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>, StorageError> {
    let txn = db.conn().begin().await?;
    let enrolled = users::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .is_some_and(|u| u.totp_secret.is_some());
    let existing = recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .count(&txn)
        .await?;
    if !enrolled || (only_if_none && existing > 0) {
        txn.rollback().await?;
        return Ok(None);
    }
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    for code in &codes {
        recovery_codes::ActiveModel {
            code_hash: Set(sha256_hex(&normalise(code))),
            user_id: Set(user_id),
            created_at: Set(now),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Some(codes))
}

/// Ten characters from an alphabet without look-alikes (about 50 bits), as `abcde-fghjk`.
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    // 31 letters: each byte is used only below 248 (8 × 31), so every letter is as likely.
    let mut chars = Vec::with_capacity(10);
    while chars.len() < 10 {
        for b in random_bytes::<16>() {
            if usize::from(b) < 248 && chars.len() < 10 {
                chars.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
    }
    format!(
        "{}-{}",
        chars[..5].iter().collect::<String>(),
        chars[5..].iter().collect::<String>()
    )
}
