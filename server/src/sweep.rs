//! The sweep: removes what the service no longer needs to keep, on a timer, on every app
//! server. Today that is drafts of the online form a day after their last save, with their
//! files, the counts of past rate-limit windows (sign-in failures among them), browsers
//! that have not signed in for half a year, integration clients' calls after a year and
//! their idempotency keys after a day, files a stopped server stored but never recorded,
//! and
//! the personal data of cases past the
//! retention schedule's date (`storage::retention`), with their files; and it marks failed
//! the jobs a stopped server left running (`storage::jobs`).
//!
//! Safe with several app servers sweeping at once: each draft is removed by one statement
//! that only one sweep can win, and only the winner deletes its file
//! (`storage::drafts::purge_expired`); removing old counts twice removes nothing the
//! second time; a case is erased by the one sweep whose claim on it succeeds, and only
//! that sweep deletes its files.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use storage::Db;
use storage::blobs::{BlobError, BlobStore};

/// Drafts removed in one statement's batch.
const BATCH: u64 = 500;
/// Cases erased (each in its own transaction) between looks for more.
const ERASE_BATCH: u64 = 50;
/// Counts of windows older than this are removed.
const KEEP_COUNTS_HOURS: i64 = 24;
/// How long an integration client's calls stay on its trail.
pub const KEEP_API_CALLS_DAYS: i64 = 365;

/// What one sweep removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub drafts: usize,
    pub counts: u64,
    /// Browsers no longer known for the accounts they signed in to.
    pub devices: u64,
    /// Cases whose personal data was erased under the retention schedule.
    pub erased: usize,
    /// Customers whose own details went with their last case.
    pub customers_erased: usize,
    /// Jobs left running by a server that stopped, now marked failed.
    pub jobs_failed: u64,
    /// Integration clients' calls older than [`KEEP_API_CALLS_DAYS`], forgotten.
    pub api_calls: u64,
    /// Integration clients' idempotency keys past `storage::idempotency::KEEP_HOURS`.
    pub idempotency_keys: u64,
    /// Files a server stored but stopped before recording (`storage::in_flight`), deleted.
    pub files_left_behind: u64,
}

/// Sweeps once at `now`.
pub async fn sweep_once(
    db: &Db,
    blobs: &dyn BlobStore,
    now: DateTime<Utc>,
) -> Result<Swept, storage::StorageError> {
    let mut swept = Swept::default();
    loop {
        let purged = storage::drafts::purge_expired(db, now, BATCH).await?;
        for key in &purged.keys {
            match blobs.delete(key).await {
                Ok(()) | Err(BlobError::NotFound) => {}
                Err(e) => tracing::warn!(error = ?e, "could not delete a draft's file"),
            }
        }
        swept.drafts += purged.removed;
        if (purged.found as u64) < BATCH {
            break;
        }
    }
    // Files left on their way in by a server that stopped before recording them.
    loop {
        let stale = storage::in_flight::stale(
            db,
            now - Duration::hours(storage::in_flight::KEEP_HOURS),
            BATCH,
        )
        .await?;
        let mut deleted = 0;
        for key in &stale {
            match blobs.delete(key).await {
                Ok(()) | Err(BlobError::NotFound) => {
                    // Its note goes next; if it cannot, the next sweep finds the file gone.
                    if let Err(e) = storage::in_flight::forget(db, key).await {
                        tracing::warn!(error = ?e, "could not forget a deleted file's note");
                    }
                    deleted += 1;
                }
                Err(e) => tracing::warn!(error = ?e, "could not delete a file left behind"),
            }
        }
        swept.files_left_behind += deleted;
        // A store that refuses deletes is tried again at the next sweep.
        if (stale.len() as u64) < BATCH || deleted == 0 {
            break;
        }
    }
    swept.counts = storage::throttle::purge(db, now - Duration::hours(KEEP_COUNTS_HOURS)).await?;
    swept.devices = storage::accounts::forget_old_devices(db, now).await?;
    swept.api_calls =
        storage::api_clients::forget_calls_before(db, now - Duration::days(KEEP_API_CALLS_DAYS))
            .await?;
    swept.idempotency_keys = storage::idempotency::forget_before(
        db,
        now - Duration::hours(storage::idempotency::KEEP_HOURS),
    )
    .await?;
    swept.jobs_failed =
        storage::jobs::fail_abandoned(db, &app::import::JobState::Failed, now).await?;
    storage::retention::fill_ended_on_once(db, BATCH, now).await?;
    let schedule = storage::retention::schedule(db).await?;
    let today = domain::london::to_london(now).date();
    loop {
        let (erased, found) =
            storage::retention::erase_due(db, schedule, today, now, ERASE_BATCH).await?;
        for key in &erased.files {
            match blobs.delete(key).await {
                Ok(()) | Err(BlobError::NotFound) => {}
                Err(e) => tracing::warn!(error = ?e, "could not delete an erased case's file"),
            }
        }
        swept.erased += erased.cases;
        swept.customers_erased += erased.customers;
        if (found as u64) < ERASE_BATCH {
            break;
        }
    }
    Ok(swept)
}

/// Sweeps every `every`, until the task is dropped.
pub async fn run(db: Db, blobs: Arc<dyn BlobStore>, every: StdDuration, clock: app::clock::Clock) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match sweep_once(&db, blobs.as_ref(), clock.now()).await {
            Ok(swept) if swept == Swept::default() => {}
            Ok(swept) => tracing::info!(
                drafts = swept.drafts,
                counts = swept.counts,
                devices = swept.devices,
                erased = swept.erased,
                customers_erased = swept.customers_erased,
                api_calls = swept.api_calls,
                idempotency_keys = swept.idempotency_keys,
                files_left_behind = swept.files_left_behind,
                "swept expired drafts, old counts, old devices, old API calls and cases past the retention schedule"
            ),
            Err(e) => tracing::error!(error = ?e, "the sweep failed"),
        }
    }
}
