//! `putright import --csv FILE [--dry-run]`: history from the previous system (SPEC
//! section 8), checked whole and imported whole by the service's importer, as the
//! operator. (`putright bench-import`, which times it on a made-up file, is in `bench`.)

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Utc};
use storage::Db;
use storage::import::{ImportError, ImportSummary, RowProblem, Step, Watcher};

/// Logs progress every [`Logged::EVERY`] rows on the command line.
struct Logged {
    next: AtomicU64,
}

impl Logged {
    const EVERY: u64 = 100_000;
}

impl Watcher for Logged {
    fn progress(&self, step: Step, rows: u64, _bytes: u64) {
        let next = self.next.load(Ordering::Relaxed);
        if step == Step::Importing && next < Self::EVERY {
            // The first report of the second pass starts the count again.
            self.next.store(Self::EVERY, Ordering::Relaxed);
        }
        if rows >= self.next.load(Ordering::Relaxed) {
            self.next.store(rows + Self::EVERY, Ordering::Relaxed);
            let what = match step {
                Step::Checking => "checked",
                Step::Importing => "imported",
            };
            tracing::info!(rows, "{what}");
        }
    }
}

/// One problem as a line of text: `line 12, stage1_responded: …`.
pub fn problem_line(problem: &RowProblem) -> String {
    match &problem.column {
        Some(column) => format!("line {}, {column}: {}", problem.line, problem.reason),
        None => format!("line {}: {}", problem.line, problem.reason),
    }
}

/// What `putright import` prints when it succeeds.
pub fn summary_line(summary: &ImportSummary, seconds: f64) -> String {
    if summary.dry_run {
        return format!(
            "Checked {} rows: every row is fine. Nothing was imported (dry run).",
            summary.rows
        );
    }
    format!(
        "Imported {} cases from {} rows ({} were imported before and were left as they are) in {seconds:.1} s.",
        summary.imported, summary.rows, summary.already_imported
    )
}

/// Runs `putright import`: the summary on standard output, or every problem on standard
/// error and a failure.
pub async fn import(db: &Db, csv: &Path, dry_run: bool, now: DateTime<Utc>) -> Result<(), String> {
    let calendar = storage::reference::calendar(db)
        .await
        .map_err(|e| format!("could not read the calendar: {e}"))?;
    let started = Instant::now();
    let watcher = Arc::new(Logged {
        next: AtomicU64::new(Logged::EVERY),
    });
    let ctx = service::Context {
        db,
        calendar: &calendar,
        now,
        // An import sends no messages, so writes no links.
        public_base: "",
    };
    let importer = service::history::Importer::for_caller(&service::Caller::operator())
        .map_err(|e| format!("the import was refused: {e}"))?;
    match importer.import(ctx, csv, dry_run, watcher).await {
        Ok(summary) => {
            println!(
                "{}",
                summary_line(&summary, started.elapsed().as_secs_f64())
            );
            Ok(())
        }
        Err(ImportError::Refused {
            problems,
            rows_with_problems,
        }) => {
            let mut err = std::io::stderr().lock();
            for problem in &problems {
                let _ = writeln!(err, "{}", problem_line(problem));
            }
            let listed = problems
                .iter()
                .map(|p| p.line)
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u64;
            if rows_with_problems > listed {
                let _ = writeln!(
                    err,
                    "… and {} more rows with problems, not listed.",
                    rows_with_problems - listed
                );
            }
            Err(format!(
                "{rows_with_problems} {} of {} {} problems, so nothing was imported. Correct the file and run the import again.",
                if rows_with_problems == 1 {
                    "row"
                } else {
                    "rows"
                },
                csv.display(),
                if rows_with_problems == 1 {
                    "has"
                } else {
                    "have"
                },
            ))
        }
        Err(ImportError::Read(e)) => Err(format!("could not read {}: {e}", csv.display())),
        Err(ImportError::Storage(e)) => {
            Err(format!("the import failed and nothing was imported: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_as_one_line_each() {
        let with = RowProblem {
            line: 12,
            column: Some("stage1_responded".into()),
            reason: "The Stage 1 response is in the future".into(),
        };
        assert_eq!(
            problem_line(&with),
            "line 12, stage1_responded: The Stage 1 response is in the future"
        );
        let without = RowProblem {
            column: None,
            ..with
        };
        assert_eq!(
            problem_line(&without),
            "line 12: The Stage 1 response is in the future"
        );
    }
}
