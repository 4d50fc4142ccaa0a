//! Files kept in the database itself (`DatabaseStore`), on SQLite and (when configured)
//! PostgreSQL: a file of several chunks reads back byte for byte with its size and digest,
//! one over the limit leaves nothing, a deleted one is gone, and a key that could name
//! something else is refused.

use sha2::{Digest, Sha256};
use storage::blobs::{BlobError, BlobStore, CHUNK_BYTES, DatabaseStore, new_key};
use storage::test_support::{count_rows, on_each_backend};
use tokio::io::AsyncReadExt;

fn bytes(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 % 251) as u8).collect()
}

async fn read_back(store: &DatabaseStore, key: &str) -> Vec<u8> {
    let mut reader = store.open(key).await.expect("opened");
    let mut out = Vec::new();
    reader.read_to_end(&mut out).await.expect("read");
    out
}

#[tokio::test]
async fn a_file_of_several_chunks_reads_back_exactly_and_a_deleted_one_is_gone() {
    on_each_backend(|db, backend| async move {
        let store = DatabaseStore::new(db.clone());
        for size in [0, 5, CHUNK_BYTES, 2 * CHUNK_BYTES + 17] {
            let key = new_key();
            let content = bytes(size);
            let stored = store
                .put(&key, Box::new(&content[..]), 10 * 1024 * 1024)
                .await
                .expect("stored");
            assert_eq!(stored.size, size as u64, "{backend}");
            let digest: String = Sha256::digest(&content)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(stored.sha256, digest, "{backend}");
            assert_eq!(
                read_back(&store, &key).await,
                content,
                "{backend}: {size} bytes"
            );
            store.delete(&key).await.expect("deleted");
            assert!(
                matches!(store.open(&key).await, Err(BlobError::NotFound)),
                "{backend}"
            );
            assert!(
                matches!(store.delete(&key).await, Err(BlobError::NotFound)),
                "{backend}"
            );
        }
        let left = count_rows(&db, "SELECT COUNT(*) FROM file_chunks")
            .await
            .expect("counted");
        assert_eq!(left, 0, "{backend}: no chunk left behind");
    })
    .await;
}

#[tokio::test]
async fn a_file_over_the_limit_leaves_nothing_and_a_bad_key_is_refused() {
    on_each_backend(|db, backend| async move {
        let store = DatabaseStore::new(db.clone());
        let key = new_key();
        let big = bytes(3 * CHUNK_BYTES);
        let err = store
            .put(&key, Box::new(&big[..]), 2 * CHUNK_BYTES as u64)
            .await
            .expect_err("too large");
        assert!(matches!(err, BlobError::TooLarge), "{backend}");
        assert!(
            matches!(store.open(&key).await, Err(BlobError::NotFound)),
            "{backend}"
        );
        for table in ["file_chunks", "file_blobs"] {
            let rows = count_rows(&db, &format!("SELECT COUNT(*) FROM {table}"))
                .await
                .expect("counted");
            assert_eq!(rows, 0, "{backend}: {table}");
        }
        for bad in ["../../etc/passwd", "ABCDEF0123456789", "short"] {
            assert!(
                matches!(store.open(bad).await, Err(BlobError::BadKey)),
                "{backend}"
            );
            assert!(matches!(
                store.put(bad, Box::new(&b"x"[..]), 10).await,
                Err(BlobError::BadKey)
            ));
        }
        // A key is stored once.
        store
            .put(&key, Box::new(&b"first"[..]), 10)
            .await
            .expect("stored");
        assert!(
            store.put(&key, Box::new(&b"again"[..]), 10).await.is_err(),
            "{backend}"
        );
        assert_eq!(read_back(&store, &key).await, b"first", "{backend}");
    })
    .await;
}

/// A file is written in one transaction, which on SQLite holds the one writer's lock from
/// its start: it begins only once the file's first chunk has arrived, so a small file that
/// arrives slowly keeps no one else's write waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_still_arriving_keeps_no_one_else_waiting_to_write() {
    use tokio::io::AsyncWriteExt;
    on_each_backend(|db, backend| async move {
        let store = DatabaseStore::new(db.clone());
        let key = new_key();
        let (mut sender, arriving) = tokio::io::duplex(64);
        let (reading, read_from) = tokio::sync::oneshot::channel::<()>();
        let arriving = FirstRead {
            inner: arriving,
            tell: Some(reading),
        };
        let (written, go) = tokio::sync::oneshot::channel::<()>();
        let storing = tokio::spawn({
            let (store, key) = (store.clone(), key.clone());
            async move { store.put(&key, Box::new(arriving), 1024).await }
        });
        read_from.await.expect("the store reads the file");
        let client = tokio::spawn(async move {
            go.await.expect("told to send");
            sender.write_all(b"hello").await.expect("sent");
            sender.shutdown().await.expect("closed");
        });
        let other = storage::test_support::execute_raw(
            &db,
            "INSERT INTO files_in_flight (storage_key, created_at) VALUES ('meanwhile', '2026-02-02 11:00:00')",
        );
        let inserted = tokio::time::timeout(std::time::Duration::from_secs(5), other)
            .await
            .unwrap_or_else(|_| panic!("{backend}: another write waited for a file still arriving"))
            .expect("the other write");
        assert_eq!(inserted, 1, "{backend}");
        written.send(()).expect("the client waits");
        client.await.expect("the client ran");
        let stored = storing
            .await
            .expect("the store ran")
            .expect("the file is stored once it has arrived");
        assert_eq!(stored.size, 5, "{backend}");
        assert_eq!(read_back(&store, &key).await, b"hello", "{backend}");
    })
    .await;
}

/// A reader that says when it is first read from.
struct FirstRead<R> {
    inner: R,
    tell: Option<tokio::sync::oneshot::Sender<()>>,
}

impl<R: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for FirstRead<R> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if let Some(tell) = self.tell.take() {
            let _ = tell.send(());
        }
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}
