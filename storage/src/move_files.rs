//! Moving files between stores (`putright move-files --to database|directory`): copies every file Putright holds (case
//! files, their copies made safe to share, and drafts' files) from the store in use to the
//! other, and checks each copy's SHA-256 against the digest recorded when it arrived. Run it
//! before changing the `file_store` setting. Running it again copies only what is missing;
//! the old store is left as it was, to remove once the server runs on the new one.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::Db;
use crate::blobs::{BlobError, BlobStore};
use crate::entities::{attachments, drafts};

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Moved {
    pub copied: u64,
    /// Already in the new store with the right digest.
    pub already: u64,
    /// Each file that could not be copied, and why.
    pub problems: Vec<String>,
}

/// Rows read per query.
const PAGE: u64 = 500;

/// Every file's key and recorded digest, a page at a time.
async fn each_file(
    db: &Db,
    mut visit: impl AsyncFnMut(String, String),
) -> Result<(), crate::StorageError> {
    let mut pages = attachments::Entity::find()
        .select_only()
        .columns([
            attachments::Column::StorageKey,
            attachments::Column::Sha256,
            attachments::Column::SharedStorageKey,
            attachments::Column::SharedSha256,
        ])
        .order_by_asc(attachments::Column::Id)
        .into_tuple::<(String, String, Option<String>, Option<String>)>()
        .paginate(db.conn(), PAGE);
    while let Some(rows) = pages.fetch_and_next().await? {
        for (key, sha, shared, shared_sha) in rows {
            visit(key, sha).await;
            if let (Some(key), Some(sha)) = (shared, shared_sha) {
                visit(key, sha).await;
            }
        }
    }
    let mut pages = drafts::Entity::find()
        .select_only()
        .columns([drafts::Column::EvidenceKey, drafts::Column::EvidenceSha256])
        .filter(drafts::Column::EvidenceKey.is_not_null())
        .order_by_asc(drafts::Column::TokenHash)
        .into_tuple::<(Option<String>, Option<String>)>()
        .paginate(db.conn(), PAGE);
    while let Some(rows) = pages.fetch_and_next().await? {
        for (key, sha) in rows {
            if let (Some(key), Some(sha)) = (key, sha) {
                visit(key, sha).await;
            }
        }
    }
    Ok(())
}

async fn digest_of(store: &dyn BlobStore, key: &str) -> Result<String, BlobError> {
    let mut reader = store.open(key).await?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buffer).await?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(crate::blobs::hex(hasher))
}

/// Copies every file from `from` to `to`, each checked by its recorded digest.
pub async fn move_files(
    db: &Db,
    from: &dyn BlobStore,
    to: &dyn BlobStore,
) -> Result<Moved, crate::StorageError> {
    let mut moved = Moved::default();
    each_file(db, async |key: String, sha: String| {
        match digest_of(to, &key).await {
            Ok(found) if found == sha => {
                moved.already += 1;
                return;
            }
            Ok(_) => {
                // A copy that does not match (an earlier run cut short): made again.
                let _ = to.delete(&key).await;
            }
            Err(_) => {}
        }
        let reader = match from.open(&key).await {
            Ok(reader) => reader,
            Err(e) => {
                moved
                    .problems
                    .push(format!("{key}: not in the store in use ({e})"));
                return;
            }
        };
        match to.put(&key, reader, u64::MAX).await {
            Ok(stored) if stored.sha256 == sha => moved.copied += 1,
            Ok(stored) => {
                let _ = to.delete(&key).await;
                moved.problems.push(format!(
                    "{key}: the copy's SHA-256 {} is not the {sha} recorded when it arrived",
                    stored.sha256
                ));
            }
            Err(e) => moved
                .problems
                .push(format!("{key}: could not be copied ({e})")),
        }
    })
    .await?;
    Ok(moved)
}
