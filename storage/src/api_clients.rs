//! Integration clients of the API (migration `m0042_api_clients`): a name, a role, the
//! scopes granted, and a token shown once when the client is made and kept only as its
//! SHA-256, so a copy of the database opens nothing. A revoked token stops working on its
//! next call. Each call a client makes is kept on its trail (`api_calls`).

use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::access::clients::Scope;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use std::fmt;

use crate::accounts::{random_token, sha256_hex};
use crate::entities::{api_calls, api_clients};
use crate::{Db, StorageError};

/// What every token starts with, so a secret scanner (or a person) can tell one when it
/// leaks into a log or a repository.
pub const TOKEN_PREFIX: &str = "putright_";

/// A client as stored (never its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub id: i32,
    pub name: String,
    pub role: Role,
    pub scopes: Vec<Scope>,
    /// The token's last four characters.
    pub token_hint: String,
    pub created_by: i32,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A client to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClient<'a> {
    pub name: &'a str,
    pub role: Role,
    pub scopes: &'a [Scope],
    pub created_by: i32,
}

/// A client's secret: handed back once, when it is made.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(String);

impl ApiToken {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(…)")
    }
}

/// One call on a client's trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCall {
    pub at: DateTime<Utc>,
    pub method: String,
    pub path: String,
    pub status: u16,
}

fn scopes_text(scopes: &[Scope]) -> String {
    let mut names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

fn to_client(row: api_clients::Model) -> Result<ApiClient, StorageError> {
    Ok(ApiClient {
        role: row
            .role
            .parse()
            .map_err(|_| StorageError::Corrupt(format!("api client {}: role", row.id)))?,
        scopes: row
            .scopes
            .split_whitespace()
            .filter_map(Scope::parse)
            .collect(),
        id: row.id,
        name: row.name,
        token_hint: row.token_hint,
        created_by: row.created_by,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
    })
}

/// Makes a client and its token. The caller checks the role and scopes with
/// `domain::access::clients`; this only keeps them.
pub async fn create(
    db: &Db,
    new: &NewClient<'_>,
    now: DateTime<Utc>,
) -> Result<(ApiClient, ApiToken), StorageError> {
    let token = format!("{TOKEN_PREFIX}{}", random_token());
    let hint: String = token.chars().skip(token.len() - 4).collect();
    let row = api_clients::ActiveModel {
        id: NotSet,
        name: Set(new.name.trim().to_owned()),
        role: Set(new.role.as_str().to_owned()),
        scopes: Set(scopes_text(new.scopes)),
        token_hash: Set(sha256_hex(&token)),
        token_hint: Set(hint),
        created_by: Set(new.created_by),
        created_at: Set(now),
        revoked_at: Set(None),
        last_used_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    Ok((to_client(row)?, ApiToken(token)))
}

/// Every client, the newest first.
pub async fn list(db: &Db) -> Result<Vec<ApiClient>, StorageError> {
    api_clients::Entity::find()
        .order_by_desc(api_clients::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(to_client)
        .collect()
}

pub async fn find(db: &Db, id: i32) -> Result<ApiClient, StorageError> {
    let row = api_clients::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StorageError::NotFound)?;
    to_client(row)
}

/// Revokes a client's token; `false` when it was revoked already.
pub async fn revoke(db: &Db, id: i32, now: DateTime<Utc>) -> Result<bool, StorageError> {
    let done = api_clients::Entity::update_many()
        .col_expr(api_clients::Column::RevokedAt, Expr::value(Some(now)))
        .filter(api_clients::Column::Id.eq(id))
        .filter(api_clients::Column::RevokedAt.is_null())
        .exec(db.conn())
        .await?;
    if done.rows_affected == 0 {
        // Revoked before, or no such client.
        find(db, id).await?;
    }
    Ok(done.rows_affected == 1)
}

/// The client a token belongs to, if it is one and not revoked. Its "last used" time is
/// written at most once a minute, so a busy client does not write on every call.
pub async fn authenticate(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<ApiClient>, StorageError> {
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 200 {
        return Ok(None);
    }
    let Some(row) = api_clients::Entity::find()
        .filter(api_clients::Column::TokenHash.eq(sha256_hex(token)))
        .filter(api_clients::Column::RevokedAt.is_null())
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    if row
        .last_used_at
        .is_none_or(|at| now - at >= Duration::minutes(1))
    {
        api_clients::Entity::update_many()
            .col_expr(api_clients::Column::LastUsedAt, Expr::value(Some(now)))
            .filter(api_clients::Column::Id.eq(row.id))
            .exec(db.conn())
            .await?;
    }
    let mut client = to_client(row)?;
    client.last_used_at = Some(client.last_used_at.map_or(now, |at| at.max(now)));
    Ok(Some(client))
}

/// Keeps one call on the client's trail. The path is kept without its query, which may
/// carry a cursor but never a secret; it is cut at 500 characters.
pub async fn record_call(
    db: &Db,
    client_id: i32,
    method: &str,
    path: &str,
    status: u16,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    api_calls::ActiveModel {
        id: NotSet,
        client_id: Set(client_id),
        at: Set(now),
        method: Set(method.chars().take(10).collect()),
        path: Set(path.chars().take(500).collect()),
        status: Set(i16::try_from(status).unwrap_or(i16::MAX)),
    }
    .insert(db.conn())
    .await?;
    Ok(())
}

/// Forgets the calls made before `cutoff`, client by client along the trail's index, and
/// says how many went. Sweeping twice forgets nothing the second time.
pub async fn forget_calls_before(db: &Db, cutoff: DateTime<Utc>) -> Result<u64, StorageError> {
    let clients: Vec<i32> = api_clients::Entity::find()
        .select_only()
        .column(api_clients::Column::Id)
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut forgotten = 0;
    for client in clients {
        forgotten += api_calls::Entity::delete_many()
            .filter(api_calls::Column::ClientId.eq(client))
            .filter(api_calls::Column::At.lt(cutoff))
            .exec(db.conn())
            .await?
            .rows_affected;
    }
    Ok(forgotten)
}

/// A client's latest calls, the newest first.
pub async fn recent_calls(
    db: &Db,
    client_id: i32,
    limit: u64,
) -> Result<Vec<ApiCall>, StorageError> {
    Ok(api_calls::Entity::find()
        .filter(api_calls::Column::ClientId.eq(client_id))
        .order_by_desc(api_calls::Column::At)
        .order_by_desc(api_calls::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|row| ApiCall {
            at: row.at,
            method: row.method,
            path: row.path,
            status: u16::try_from(row.status).unwrap_or_default(),
        })
        .collect())
}

/// What `token_hash` starts with while a client made by [`create_pending`] waits for its
/// token: never a SHA-256 in hexadecimal, so no token matches it.
const AWAITING_TOKEN: &str = "awaiting:";

impl ApiClient {
    /// Whether the client's token was issued (by [`create`], or by [`issue_token`] after
    /// [`create_pending`]).
    pub fn token_issued(&self) -> bool {
        !self.token_hint.is_empty()
    }
}

/// Makes a client whose token is issued afterwards, once, by [`issue_token`]: for the admin
/// page, which shows the token on the page the browser goes to after the form's post, so it
/// is never in an address nor in the redirect. Until then no token opens it.
pub async fn create_pending(
    db: &Db,
    new: &NewClient<'_>,
    now: DateTime<Utc>,
) -> Result<ApiClient, StorageError> {
    let row = api_clients::ActiveModel {
        id: NotSet,
        name: Set(new.name.trim().to_owned()),
        role: Set(new.role.as_str().to_owned()),
        scopes: Set(scopes_text(new.scopes)),
        // Unique, as the column must be, and unlike any hash.
        token_hash: Set(format!("{AWAITING_TOKEN}{}", random_token())),
        token_hint: Set(String::new()),
        created_by: Set(new.created_by),
        created_at: Set(now),
        revoked_at: Set(None),
        last_used_at: Set(None),
    }
    .insert(db.conn())
    .await?;
    to_client(row)
}

/// Issues the token of a client made by [`create_pending`] to `by`, the account that made
/// it, and hands it back: once. `None` when it was issued already (by an earlier call, in
/// another tab or on another app server: one statement decides), the client is revoked, or
/// someone else made it. `NotFound` when there is no such client.
pub async fn issue_token(db: &Db, id: i32, by: i32) -> Result<Option<ApiToken>, StorageError> {
    let token = format!("{TOKEN_PREFIX}{}", random_token());
    let hint: String = token.chars().skip(token.len() - 4).collect();
    let done = api_clients::Entity::update_many()
        .col_expr(
            api_clients::Column::TokenHash,
            Expr::value(sha256_hex(&token)),
        )
        .col_expr(api_clients::Column::TokenHint, Expr::value(hint))
        .filter(api_clients::Column::Id.eq(id))
        .filter(api_clients::Column::CreatedBy.eq(by))
        .filter(api_clients::Column::RevokedAt.is_null())
        .filter(api_clients::Column::TokenHash.starts_with(AWAITING_TOKEN))
        .exec(db.conn())
        .await?;
    if done.rows_affected == 0 {
        find(db, id).await?;
        return Ok(None);
    }
    Ok(Some(ApiToken(token)))
}
