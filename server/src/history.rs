//! `putright import --csv FILE [--dry-run]` and `putright bench-import --rows N`: history
//! from the previous system (SPEC section 8), checked whole and imported whole by
//! [`storage::import`], and a re-runnable measure of how fast that goes.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use storage::Db;
use storage::import::{ImportError, ImportSummary, RowProblem, Step, Watcher, import_file};

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
    let importer = service::history::Importer::command_line();
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

/// Writes `rows` rows of made-up history to `path`: the same file for the same `rows` and
/// day. About 55% service requests, 40% complaints (a seventh of them reviewed at Stage 2,
/// some extended, some late, a few not accepted or withdrawn) and 5% compliments, received
/// over the ten years before `now`; cases of the last two months are still open.
pub fn generate(path: &Path, rows: u64, now: DateTime<Utc>) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    writeln!(
        out,
        "reference,kind,channel,received_at,status,stage1_acknowledged,stage1_extended_to,stage1_responded,review_requested_at,stage2_acknowledged,stage2_extended_to,stage2_responded"
    )?;
    let today = now.date_naive();
    let first = today - Duration::days(3650);
    let span = (today - first).num_days() - 1;
    let mut rng = fastrand::Rng::with_seed(0x4849_5354_4f52_5921);
    const CHANNELS: [&str; 7] = [
        "letter",
        "email",
        "social_media",
        "phone",
        "in_person",
        "online_form",
        "staff",
    ];
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    for i in 0..rows {
        let received = first + Duration::days((i as i64 * span) / rows.max(1) as i64);
        let at = format!(
            "{}T{:02}:{:02}:00Z",
            date(received),
            rng.u32(7..22),
            rng.u32(0..60)
        );
        let channel = CHANNELS[rng.usize(..CHANNELS.len())];
        let roll = rng.f64();
        let recent = today - received < Duration::days(60);
        let mut fields: [String; 7] = Default::default();
        let (kind, status) = if roll < 0.55 {
            ("service_request", if recent { "open" } else { "closed" })
        } else if roll < 0.60 {
            ("compliment", if recent { "open" } else { "closed" })
        } else {
            let acknowledged = received + Duration::days(rng.i64(1..6));
            let extended = rng.f64() < 0.1;
            let responded =
                acknowledged + Duration::days(rng.i64(5..if extended { 25 } else { 16 }));
            let refused = rng.f64() < 0.03;
            if refused {
                ("complaint", "not_accepted")
            } else if recent || responded > today {
                fields[0] = date(acknowledged.min(today));
                ("complaint", "open")
            } else {
                fields[0] = date(acknowledged);
                if extended {
                    fields[1] = date(acknowledged + Duration::days(rng.i64(15..30)));
                }
                fields[2] = date(responded);
                let review = responded + Duration::days(rng.i64(1..20));
                let s2_ack = review + Duration::days(rng.i64(1..6));
                let s2_responded = s2_ack + Duration::days(rng.i64(10..32));
                if rng.f64() < 0.14 && s2_responded <= today {
                    fields[3] = format!("{}T10:30:00+01:00", date(review));
                    fields[4] = date(s2_ack);
                    fields[6] = date(s2_responded);
                    ("complaint", "closed")
                } else if rng.f64() < 0.03 {
                    ("complaint", "withdrawn")
                } else {
                    ("complaint", "closed")
                }
            }
        };
        writeln!(
            out,
            "OLD-{:04}-{i:08},{kind},{channel},{at},{status},{}",
            received.year(),
            fields.join(",")
        )?;
    }
    out.flush()
}

/// The peak resident memory of this process so far, in MiB (Linux only).
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs `putright bench-import`: makes the file, then checks it and imports it, timing each.
pub async fn bench(db: &Db, rows: u64, csv: &Path) -> Result<(), String> {
    let started = Instant::now();
    generate(csv, rows, Utc::now())
        .map_err(|e| format!("could not write {}: {e}", csv.display()))?;
    let bytes = std::fs::metadata(csv).map_or(0, |m| m.len());
    println!(
        "Wrote {rows} rows ({:.0} MiB) to {} in {:.1} s.",
        bytes as f64 / 1048576.0,
        csv.display(),
        started.elapsed().as_secs_f64()
    );
    let calendar = storage::reference::calendar(db)
        .await
        .map_err(|e| format!("could not read the calendar: {e}"))?;
    let before = peak_memory_mib();
    let started = Instant::now();
    let checked = import_file(
        db,
        &calendar,
        csv,
        true,
        Utc::now(),
        Arc::new(storage::import::Unwatched),
    )
    .await
    .map_err(|e| format!("the dry run failed: {e}"))?;
    let check_seconds = started.elapsed().as_secs_f64();
    println!(
        "Dry run: {} rows checked in {check_seconds:.1} s ({:.0} rows/s).",
        checked.rows,
        checked.rows as f64 / check_seconds.max(f64::EPSILON)
    );
    let started = Instant::now();
    let summary = import_file(
        db,
        &calendar,
        csv,
        false,
        Utc::now(),
        Arc::new(storage::import::Unwatched),
    )
    .await
    .map_err(|e| format!("the import failed: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "Import: {} cases imported ({} already there) in {seconds:.1} s: {:.0} rows/s, checking included.",
        summary.imported,
        summary.already_imported,
        summary.rows as f64 / seconds.max(f64::EPSILON)
    );
    if let (Some(before), Some(after)) = (before, peak_memory_mib()) {
        println!("Peak memory: {before:.0} MiB before the import, {after:.0} MiB after.");
    }
    Ok(())
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

    #[test]
    fn the_generated_file_passes_every_check() {
        let now = Utc::now();
        let path = std::env::temp_dir().join(format!("putright-gen-{}.csv", uuid::Uuid::new_v4()));
        generate(&path, 5_000, now).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        let _ = std::fs::remove_file(&path);
        let mut lines = text.lines();
        let header = domain::history::Header::parse(lines.next().expect("a header").split(','))
            .expect("a good header");
        let mut rows = 0;
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            header
                .row(|i| fields.get(i).copied(), now)
                .unwrap_or_else(|p| panic!("{line}: {p:?}"));
            rows += 1;
        }
        assert_eq!(rows, 5_000);
    }
}
