//! Tracking links are kept as the SHA-256 of their token, like sessions: a copy of the
//! database opens no case. `cases.tracking_token` holds the digest (64 hex digits, the same
//! width as the token it replaces); this migration turns each stored token into its digest,
//! so links already sent keep working.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "UPDATE cases SET tracking_token = encode(sha256(convert_to(tracking_token, 'UTF8')), 'hex')",
                )
                .await?;
            }
            backend => {
                let rows = db
                    .query_all_raw(Statement::from_string(
                        backend,
                        "SELECT id, tracking_token FROM cases",
                    ))
                    .await?;
                for row in rows {
                    let id: i32 = row.try_get("", "id")?;
                    let token: String = row.try_get("", "tracking_token")?;
                    db.execute_raw(Statement::from_sql_and_values(
                        backend,
                        "UPDATE cases SET tracking_token = ? WHERE id = ?",
                        [digest(&token).into(), id.into()],
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // A digest cannot be turned back into its token: links stay as digests, and a
        // release before this one would find no case by them.
        Ok(())
    }
}
