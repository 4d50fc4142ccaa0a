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
//! Jobs live in memory ([`jobs::ImportJobs`], in the app's state): a restart forgets them,
//! which loses nothing, because an import that had not committed left no trace. Only the
//! person who started a job can see it.

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
    let account = crate::auth::session::require(domain::access::Action::ImportHistory).await?;
    let Some(id) = job else {
        return Ok(None);
    };
    let state = crate::state::app_state()?;
    state
        .imports
        .view(id, account.id)
        .map(Some)
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
pub mod jobs {
    //! The import jobs of this server process.

    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard};

    use storage::import::{ImportError, ImportSummary, Step, Watcher};

    use super::{ImportView, JobState, ProblemLine};

    /// Finished jobs kept for their pages; older ones are forgotten.
    const KEPT: usize = 20;

    #[derive(Debug, Default)]
    pub struct ImportJobs {
        next: AtomicU64,
        jobs: Mutex<VecDeque<Job>>,
    }

    #[derive(Debug)]
    struct Job {
        id: u64,
        started_by: i32,
        file_name: String,
        dry_run: bool,
        bytes_total: u64,
        state: JobState,
    }

    impl ImportJobs {
        fn lock(&self) -> MutexGuard<'_, VecDeque<Job>> {
            // A panic while holding the lock leaves plain data behind: still usable.
            self.jobs.lock().unwrap_or_else(|e| e.into_inner())
        }

        /// Records a new job; returns its id and the watcher to hand the import.
        pub fn start(
            self: &Arc<Self>,
            started_by: i32,
            file_name: &str,
            dry_run: bool,
            bytes_total: u64,
        ) -> (u64, Arc<dyn Watcher>) {
            let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
            let mut jobs = self.lock();
            while jobs.len() >= KEPT {
                match jobs
                    .iter()
                    .position(|j| !matches!(j.state, JobState::Running { .. }))
                {
                    Some(i) => {
                        jobs.remove(i);
                    }
                    None => break,
                }
            }
            jobs.push_back(Job {
                id,
                started_by,
                file_name: file_name.to_owned(),
                dry_run,
                bytes_total: bytes_total.max(1),
                state: JobState::Running {
                    checking: true,
                    percent: 0,
                    rows: 0,
                },
            });
            let watcher = JobWatcher {
                jobs: self.clone(),
                id,
            };
            (id, Arc::new(watcher))
        }

        /// Records how the job ended. Internal failures are logged here and shown only as
        /// "failed".
        pub fn finish(&self, id: u64, result: Result<ImportSummary, ImportError>) {
            let state = match result {
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
            };
            if let Some(job) = self.lock().iter_mut().find(|j| j.id == id) {
                job.state = state;
            }
        }

        /// The job as its starter sees it; `None` for anyone else or a forgotten job.
        pub fn view(&self, id: u64, user: i32) -> Option<ImportView> {
            self.lock()
                .iter()
                .find(|j| j.id == id && j.started_by == user)
                .map(|j| ImportView {
                    id: j.id,
                    file_name: j.file_name.clone(),
                    dry_run: j.dry_run,
                    state: j.state.clone(),
                })
        }

        fn progress(&self, id: u64, step: Step, rows: u64, bytes: u64) {
            if let Some(job) = self.lock().iter_mut().find(|j| j.id == id) {
                let read = (bytes.min(job.bytes_total) * 100 / job.bytes_total) as u8;
                // A dry run only checks; an import checks (first half) then stores.
                let percent = match (job.dry_run, step) {
                    (true, _) => read,
                    (false, Step::Checking) => read / 2,
                    (false, Step::Importing) => 50 + read / 2,
                };
                job.state = JobState::Running {
                    checking: step == Step::Checking,
                    percent: percent.min(99),
                    rows,
                };
            }
        }
    }

    /// Passes an import's progress to its job.
    struct JobWatcher {
        jobs: Arc<ImportJobs>,
        id: u64,
    }

    impl Watcher for JobWatcher {
        fn progress(&self, step: Step, rows: u64, bytes: u64) {
            self.jobs.progress(self.id, step, rows, bytes);
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
    fn a_job_is_seen_only_by_its_starter_and_moves_from_checking_to_done() {
        use std::sync::Arc;
        use storage::import::{ImportSummary, Step};
        let jobs = Arc::new(jobs::ImportJobs::default());
        let (id, watcher) = jobs.start(7, "old.csv", false, 1000);
        watcher.progress(Step::Checking, 10, 500);
        assert_eq!(
            jobs.view(id, 7).map(|v| v.state),
            Some(JobState::Running {
                checking: true,
                percent: 25,
                rows: 10
            })
        );
        assert_eq!(jobs.view(id, 8), None);
        jobs.finish(
            id,
            Ok(ImportSummary {
                rows: 20,
                imported: 20,
                already_imported: 0,
                dry_run: false,
            }),
        );
        assert_eq!(
            jobs.view(id, 7).map(|v| v.state),
            Some(JobState::Finished {
                rows: 20,
                imported: 20,
                already_imported: 0
            })
        );
    }
}
