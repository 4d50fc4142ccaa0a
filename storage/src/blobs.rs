//! Where attachment bytes live, behind one small interface.
//!
//! The database keeps each attachment's metadata (see [`crate::attachments`]); the bytes go
//! to a [`BlobStore`]. [`DirectoryStore`] keeps them under the data directory, which suits
//! one app server (SQLite's default); [`DatabaseStore`] keeps them in the database itself,
//! in chunks, so several app servers on one PostgreSQL all read every file. Keys are ours (random, lower-case hex), never a file
//! name a person chose, so a key can never climb out of the store.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// What went wrong storing or reading bytes.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// More bytes arrived than the limit allows; nothing was kept.
    #[error("the file is larger than the limit")]
    TooLarge,
    #[error("no such file")]
    NotFound,
    #[error("not a valid key")]
    BadKey,
    #[error("storage failed")]
    Io(#[from] std::io::Error),
}

/// What storing a file measured on the way through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub size: u64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// A stream of bytes to read from.
pub type Reader<'a> = Box<dyn AsyncRead + Send + Unpin + 'a>;

pub trait BlobStore: fmt::Debug + Send + Sync {
    /// Stores what `reader` yields under `key`, refusing (and keeping nothing) once more than
    /// `limit` bytes have arrived. A key is stored at most once.
    fn put<'a>(
        &'a self,
        key: &'a str,
        reader: Reader<'a>,
        limit: u64,
    ) -> BoxFuture<'a, Result<Stored, BlobError>>;

    /// The bytes stored under `key`, as a stream.
    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Reader<'static>, BlobError>>;

    /// Removes the bytes under `key` (a file refused after storing, for example).
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), BlobError>>;
}

/// A digest as lower-case hex.
pub fn hex(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new random key.
pub fn new_key() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn valid_key(key: &str) -> bool {
    (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Files under a directory, fanned out by the key's first two characters.
#[derive(Debug, Clone)]
pub struct DirectoryStore {
    root: PathBuf,
}

impl DirectoryStore {
    /// A store under `root` (created on first use).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &str) -> Result<PathBuf, BlobError> {
        if !valid_key(key) {
            return Err(BlobError::BadKey);
        }
        Ok(self.root.join(&key[..2]).join(key))
    }

    async fn put_inner(
        &self,
        key: &str,
        mut reader: Reader<'_>,
        limit: u64,
    ) -> Result<Stored, BlobError> {
        let path = self.path(key)?;
        let dir = path.parent().ok_or(BlobError::BadKey)?;
        tokio::fs::create_dir_all(dir).await?;
        // Written beside the final name and renamed into place: a reader never sees half
        // a file, and a refused or failed upload leaves nothing under the key.
        let partial = dir.join(format!(".{key}.partial"));
        let result = async {
            let mut file = tokio::fs::File::create(&partial).await?;
            let mut hasher = Sha256::new();
            let mut size: u64 = 0;
            let mut buffer = vec![0u8; 64 * 1024];
            loop {
                let n = reader.read(&mut buffer).await?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                if size > limit {
                    return Err(BlobError::TooLarge);
                }
                hasher.update(&buffer[..n]);
                file.write_all(&buffer[..n]).await?;
            }
            file.sync_all().await?;
            Ok(Stored {
                size,
                sha256: hex(hasher),
            })
        }
        .await;
        match result {
            Ok(stored) => {
                tokio::fs::rename(&partial, &path).await?;
                Ok(stored)
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&partial).await;
                Err(e)
            }
        }
    }
}

impl BlobStore for DirectoryStore {
    fn put<'a>(
        &'a self,
        key: &'a str,
        reader: Reader<'a>,
        limit: u64,
    ) -> BoxFuture<'a, Result<Stored, BlobError>> {
        Box::pin(self.put_inner(key, reader, limit))
    }

    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Reader<'static>, BlobError>> {
        Box::pin(async move {
            let path = self.path(key)?;
            match tokio::fs::File::open(&path).await {
                Ok(file) => Ok(Box::new(file) as Reader<'static>),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BlobError::NotFound),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        Box::pin(async move {
            let path = self.path(key)?;
            match tokio::fs::remove_file(&path).await {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BlobError::NotFound),
                Err(e) => Err(e.into()),
            }
        })
    }
}

/// The most bytes one chunk of a [`DatabaseStore`] file holds.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Files in the database (`file_blobs`, `file_chunks`): written chunk by chunk in one
/// transaction, so a reader never sees half a file and a refused upload leaves nothing;
/// read back chunk by chunk, one query each, so a file is never whole in memory.
#[derive(Debug, Clone)]
pub struct DatabaseStore {
    db: crate::Db,
}

impl DatabaseStore {
    pub fn new(db: crate::Db) -> Self {
        Self { db }
    }

    async fn put_inner(
        &self,
        key: &str,
        mut reader: Reader<'_>,
        limit: u64,
    ) -> Result<Stored, BlobError> {
        use crate::entities::{file_blobs, file_chunks};
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        if !valid_key(key) {
            return Err(BlobError::BadKey);
        }
        // Begun once the first chunk is in hand: on SQLite a transaction holds the one
        // writer's lock from its start, so a small file sent slowly keeps nobody waiting.
        let mut txn = None;
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut seq = 0;
        loop {
            let mut chunk = Vec::with_capacity(CHUNK_BYTES);
            while chunk.len() < CHUNK_BYTES {
                let n = (&mut reader)
                    .take((CHUNK_BYTES - chunk.len()) as u64)
                    .read_to_end(&mut chunk)
                    .await?;
                if n == 0 {
                    break;
                }
            }
            if chunk.is_empty() && seq > 0 {
                break;
            }
            size += chunk.len() as u64;
            if size > limit {
                // Dropping the transaction rolls back the chunks written so far.
                return Err(BlobError::TooLarge);
            }
            hasher.update(&chunk);
            let last = chunk.len() < CHUNK_BYTES;
            let txn = match &mut txn {
                Some(txn) => txn,
                None => txn.insert(self.db.conn().begin().await.map_err(database)?),
            };
            file_chunks::ActiveModel {
                key: Set(key.to_owned()),
                seq: Set(seq),
                bytes: Set(chunk),
            }
            .insert(&*txn)
            .await
            .map_err(database)?;
            seq += 1;
            if last {
                break;
            }
        }
        let stored = Stored {
            size,
            sha256: hex(hasher),
        };
        // The loop writes at least one chunk (an empty file is one empty chunk).
        let Some(txn) = txn else {
            return Err(BlobError::Io(std::io::Error::other("no chunk was written")));
        };
        file_blobs::ActiveModel {
            key: Set(key.to_owned()),
            size: Set(i64::try_from(size).unwrap_or(i64::MAX)),
            sha256: Set(stored.sha256.clone()),
        }
        .insert(&txn)
        .await
        .map_err(database)?;
        txn.commit().await.map_err(database)?;
        Ok(stored)
    }
}

fn database(e: sea_orm::DbErr) -> BlobError {
    BlobError::Io(std::io::Error::other(e))
}

impl BlobStore for DatabaseStore {
    fn put<'a>(
        &'a self,
        key: &'a str,
        reader: Reader<'a>,
        limit: u64,
    ) -> BoxFuture<'a, Result<Stored, BlobError>> {
        Box::pin(self.put_inner(key, reader, limit))
    }

    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Reader<'static>, BlobError>> {
        use crate::entities::{file_blobs, file_chunks};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        Box::pin(async move {
            if !valid_key(key) {
                return Err(BlobError::BadKey);
            }
            file_blobs::Entity::find_by_id(key.to_owned())
                .one(self.db.conn())
                .await
                .map_err(database)?
                .ok_or(BlobError::NotFound)?;
            let db = self.db.clone();
            let key = key.to_owned();
            let chunks = futures_util::stream::unfold(Some(0), move |seq| {
                let db = db.clone();
                let key = key.clone();
                async move {
                    let seq = seq?;
                    let found: Result<Option<Vec<u8>>, _> = file_chunks::Entity::find()
                        .select_only()
                        .column(file_chunks::Column::Bytes)
                        .filter(file_chunks::Column::Key.eq(key))
                        .filter(file_chunks::Column::Seq.eq(seq))
                        .into_tuple()
                        .one(db.conn())
                        .await;
                    match found {
                        Ok(Some(bytes)) => Some((Ok(bytes::Bytes::from(bytes)), Some(seq + 1))),
                        Ok(None) => None,
                        // The reader sees the failure, then the end.
                        Err(e) => Some((Err(std::io::Error::other(e)), None)),
                    }
                }
            });
            Ok(Box::new(tokio_util::io::StreamReader::new(Box::pin(chunks))) as Reader<'static>)
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        use crate::entities::{file_blobs, file_chunks};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        Box::pin(async move {
            if !valid_key(key) {
                return Err(BlobError::BadKey);
            }
            let txn = self.db.conn().begin().await.map_err(database)?;
            let removed = file_blobs::Entity::delete_by_id(key.to_owned())
                .exec(&txn)
                .await
                .map_err(database)?;
            file_chunks::Entity::delete_many()
                .filter(file_chunks::Column::Key.eq(key))
                .exec(&txn)
                .await
                .map_err(database)?;
            txn.commit().await.map_err(database)?;
            if removed.rows_affected == 0 {
                return Err(BlobError::NotFound);
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (DirectoryStore, PathBuf) {
        let root = std::env::temp_dir().join(format!("putright-blobs-{}", new_key()));
        (DirectoryStore::new(&root), root)
    }

    async fn read_all(mut reader: Reader<'static>) -> Vec<u8> {
        let mut out = Vec::new();
        reader.read_to_end(&mut out).await.expect("read");
        out
    }

    #[tokio::test]
    async fn bytes_come_back_as_stored_with_their_size_and_digest() {
        let (store, root) = store();
        let key = new_key();
        let stored = store
            .put(&key, Box::new(&b"hello"[..]), 1024)
            .await
            .expect("stored");
        assert_eq!(stored.size, 5);
        assert_eq!(
            stored.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        let back = read_all(store.open(&key).await.expect("opened")).await;
        assert_eq!(back, b"hello");
        store.delete(&key).await.expect("deleted");
        assert!(matches!(store.open(&key).await, Err(BlobError::NotFound)));
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn a_file_over_the_limit_is_refused_and_nothing_is_left_behind() {
        let (store, root) = store();
        let key = new_key();
        let big = vec![7u8; 200 * 1024];
        let err = store
            .put(&key, Box::new(&big[..]), 100 * 1024)
            .await
            .expect_err("too large");
        assert!(matches!(err, BlobError::TooLarge));
        assert!(matches!(store.open(&key).await, Err(BlobError::NotFound)));
        let leftovers: Vec<_> = std::fs::read_dir(root.join(&key[..2]))
            .expect("fan-out directory")
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn a_key_that_could_name_another_path_is_refused() {
        let (store, _root) = store();
        for key in [
            "../../etc/passwd",
            "ABCDEF0123456789",
            "short",
            "0123456789abcdef/x",
        ] {
            assert!(
                matches!(store.open(key).await, Err(BlobError::BadKey)),
                "{key}"
            );
            assert!(matches!(
                store.put(key, Box::new(&b"x"[..]), 10).await,
                Err(BlobError::BadKey)
            ));
        }
    }
}
