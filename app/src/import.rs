//! Importing history from the admin page, `/admin/import` (SPEC section 8), for admins and
//! the complaints manager (`domain::access::Action::ImportHistory`).
//!
//! The file goes up as a plain multipart post (`POST /admin/import`, in the server crate),
//! so the page works without JavaScript. The server saves it to a temporary file, starts
//! the import as a background job and sends the browser to `/admin/import?job=N`; the page
//! then shows the job: a progress bar while it runs (read again every second by the
//! browser, or by a refresh without JavaScript), and at the end either what was imported
//! or every problem found, by line and column.
//!
//! Jobs are rows ([`jobs`], `storage::jobs`): any app server shows one's progress and
//! result, and a job whose server stopped is shown as failed (an import that had not
//! committed left no trace). Only the person who started a job can see it.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone in this role may import history (the header shows them the page).
pub fn may_import(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ImportHistory)
}

/// The posted form's field names, shared with the server's handler.
pub const FILE_FIELD: &str = "file";
pub const DRY_RUN_FIELD: &str = "dry_run";

/// Why an upload never became a job, carried back in the address (`?error=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    NoFile,
    Empty,
    /// The post was cut short or could not be saved.
    Failed,
}

impl UploadRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoFile => "no-file",
            Self::Empty => "empty",
            Self::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::NoFile, Self::Empty, Self::Failed]
            .into_iter()
            .find(|r| r.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::NoFile => "Choose a CSV file to import",
            Self::Empty => "The file you chose is empty: choose the CSV file with your cases",
            Self::Failed => {
                "The file did not arrive whole. Check your connection and upload it again"
            }
        }
    }
}

/// One problem in the file, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemLine {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

impl ProblemLine {
    /// "Line 12, stage1_responded: …".
    pub fn text(&self) -> String {
        match &self.column {
            Some(column) => format!("Line {}, {column}: {}", self.line, self.reason),
            None => format!("Line {}: {}", self.line, self.reason),
        }
    }
}

/// Where a job has got to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    /// `checking` is false once rows are being stored.
    Running {
        checking: bool,
        percent: u8,
        rows: u64,
    },
    Finished {
        rows: u64,
        imported: u64,
        already_imported: u64,
    },
    Refused {
        problems: Vec<ProblemLine>,
        rows_with_problems: u64,
    },
    /// Something failed on our side; nothing was imported.
    Failed,
}

/// A job as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: u64,
    pub file_name: String,
    pub dry_run: bool,
    pub state: JobState,
}

/// What the page needs: that the asker may import, and the job named in the address.
#[server(endpoint = "import_page")]
pub async fn import_page(job: Option<u64>) -> Result<Option<ImportView>, AppError> {
    let caller = crate::auth::session::caller().await?;
    // Only someone who may import sees the page, or a job.
    service::history::Importer::for_caller(&caller)?;
    let Some(id) = job else {
        return Ok(None);
    };
    let state = crate::state::app_state()?;
    let id = i32::try_from(id).map_err(|_| AppError::NotFound)?;
    state
        .imports
        .view(&state.db, id, caller.account_id()?, crate::clock::now())
        .await?
        .map(Some)
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
pub mod jobs {
    //! Import jobs as rows (`storage::jobs`), so any app server shows a job's progress and
    //! result. The server running a job writes its progress and heartbeat every
    //! [`storage::jobs::HEARTBEAT`]; a job whose server stopped is shown as failed once its
    //! heartbeat is [`storage::jobs::ABANDONED_AFTER_SECONDS`] old, and marked so by the
    //! next sweep. This server also keeps its own running jobs' latest progress, so its
    //! pages show it even while SQLite's single writer is busy storing the import.

    use std::collections::HashMap;
    use std::future::Future;
    use std::sync::{Arc, Mutex, MutexGuard};

    use storage::import::{ImportError, ImportSummary, Step, Watcher};
    use storage::jobs::NewJob;

    use super::{ImportView, JobState, ProblemLine};

    /// The jobs table's kind for imports.
    pub const KIND: &str = "import";

    /// The imports this server is running, by job id.
    #[derive(Debug, Default)]
    pub struct ImportJobs {
        local: Mutex<HashMap<i32, Arc<JobWatcher>>>,
    }

    /// Keeps an import's latest progress as a job state.
    #[derive(Debug)]
    pub struct JobWatcher {
        dry_run: bool,
        bytes_total: u64,
        latest: Mutex<JobState>,
    }

    fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
        // A panic while holding the lock leaves plain data behind: still usable.
        mutex.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where an import has got to, from what it has read: a dry run only checks; an import
    /// checks (the first half) then stores. Never 100% until it has ended.
    pub fn running_state(
        dry_run: bool,
        bytes_total: u64,
        step: Step,
        rows: u64,
        bytes: u64,
    ) -> JobState {
        let total = bytes_total.max(1);
        let read = (bytes.min(total) * 100 / total) as u8;
        let percent = match (dry_run, step) {
            (true, _) => read,
            (false, Step::Checking) => read / 2,
            (false, Step::Importing) => 50 + read / 2,
        };
        JobState::Running {
            checking: step == Step::Checking,
            percent: percent.min(99),
            rows,
        }
    }

    /// How an import ended. Internal failures are logged here and shown only as "failed".
    pub fn ended(id: i32, result: Result<ImportSummary, ImportError>) -> JobState {
        match result {
            Ok(summary) => JobState::Finished {
                rows: summary.rows,
                imported: summary.imported,
                already_imported: summary.already_imported,
            },
            Err(ImportError::Refused {
                problems,
                rows_with_problems,
            }) => JobState::Refused {
                problems: problems
                    .into_iter()
                    .map(|p| ProblemLine {
                        line: p.line,
                        column: p.column,
                        reason: p.reason,
                    })
                    .collect(),
                rows_with_problems,
            },
            Err(e) => {
                tracing::error!(job = id, error = ?e, "history import failed");
                JobState::Failed
            }
        }
    }

    impl Watcher for JobWatcher {
        fn progress(&self, step: Step, rows: u64, bytes: u64) {
            *lock(&self.latest) = running_state(self.dry_run, self.bytes_total, step, rows, bytes);
        }
    }

    const STARTING: JobState = JobState::Running {
        checking: true,
        percent: 0,
        rows: 0,
    };

    impl ImportJobs {
        /// Records a new job, running on this server; returns its id and the watcher to hand
        /// the import.
        pub async fn start(
            &self,
            db: &storage::Db,
            started_by: i32,
            file_name: &str,
            dry_run: bool,
            bytes_total: u64,
            now: chrono::DateTime<chrono::Utc>,
        ) -> Result<(i32, Arc<JobWatcher>), storage::StorageError> {
            let job = NewJob {
                kind: KIND,
                started_by,
                file_name,
                dry_run,
                bytes_total,
            };
            let id = storage::jobs::start(db, &job, &STARTING, now).await?;
            let watcher = Arc::new(JobWatcher {
                dry_run,
                bytes_total,
                latest: Mutex::new(STARTING),
            });
            lock(&self.local).insert(id, watcher.clone());
            Ok((id, watcher))
        }

        /// Runs `work` as job `id`: its progress and heartbeat written every
        /// [`storage::jobs::HEARTBEAT`] until it ends, then how it ended.
        pub async fn run(
            &self,
            db: &storage::Db,
            clock: crate::clock::Clock,
            id: i32,
            watcher: Arc<JobWatcher>,
            work: impl Future<Output = Result<ImportSummary, ImportError>>,
        ) -> JobState {
            let mut work = std::pin::pin!(work);
            // The heartbeat is polled alongside the work, never instead of it: its write
            // waits while the import holds the database's writer (SQLite's one writer, or
            // the job's row), and an import left unpolled meanwhile would never let go.
            let heartbeat = std::pin::pin!(async {
                let mut beat = tokio::time::interval(storage::jobs::HEARTBEAT);
                beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    beat.tick().await;
                    let state = lock(&watcher.latest).clone();
                    // Best effort: it is written once the writer is free.
                    if let Err(e) = storage::jobs::progress(db, id, &state, clock.now()).await {
                        tracing::debug!(job = id, error = ?e, "job progress not written");
                    }
                }
            });
            let result = tokio::select! {
                result = &mut work => result,
                _ = heartbeat => work.await,
            };
            let state = ended(id, result);
            let mut tries = 0;
            while let Err(e) = storage::jobs::finish(db, id, &state, clock.now()).await {
                tries += 1;
                if tries == 5 {
                    tracing::error!(job = id, error = ?e, "how a job ended could not be written");
                    break;
                }
                tokio::time::sleep(storage::jobs::HEARTBEAT).await;
            }
            lock(&self.local).remove(&id);
            state
        }

        /// The job as its starter sees it, from any server; `None` for anyone else or no
        /// such job.
        pub async fn view(
            &self,
            db: &storage::Db,
            id: i32,
            user: i32,
            now: chrono::DateTime<chrono::Utc>,
        ) -> Result<Option<ImportView>, storage::StorageError> {
            let Some(job) = storage::jobs::find::<JobState>(db, KIND, id, user).await? else {
                return Ok(None);
            };
            let local = lock(&self.local).get(&id).map(|w| lock(&w.latest).clone());
            let state = match local {
                Some(latest) if job.running => latest,
                _ if job.abandoned(now) => JobState::Failed,
                _ => job.state,
            };
            Ok(Some(ImportView {
                id: u64::try_from(job.id).unwrap_or_default(),
                file_name: job.file_name,
                dry_run: job.dry_run,
                state,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_and_the_complaints_manager_import() {
        use domain::Role;
        let allowed: Vec<Role> = Role::ALL.into_iter().filter(|r| may_import(*r)).collect();
        assert_eq!(allowed, [Role::ComplaintsManager, Role::Admin]);
    }

    #[test]
    fn upload_refusals_travel_in_the_address() {
        for refusal in [
            UploadRefusal::NoFile,
            UploadRefusal::Empty,
            UploadRefusal::Failed,
        ] {
            assert_eq!(UploadRefusal::from_code(refusal.code()), Some(refusal));
        }
        assert_eq!(UploadRefusal::from_code("other"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_jobs_progress_moves_from_checking_to_storing_and_stops_short_of_done() {
        use storage::import::Step;
        let state = jobs::running_state(false, 1000, Step::Checking, 10, 500);
        assert_eq!(
            state,
            JobState::Running {
                checking: true,
                percent: 25,
                rows: 10
            }
        );
        let state = jobs::running_state(false, 1000, Step::Importing, 20, 1000);
        assert_eq!(
            state,
            JobState::Running {
                checking: false,
                percent: 99,
                rows: 20
            }
        );
        let state = jobs::running_state(true, 0, Step::Checking, 0, 0);
        assert_eq!(
            state,
            JobState::Running {
                checking: true,
                percent: 0,
                rows: 0
            }
        );
    }
}
