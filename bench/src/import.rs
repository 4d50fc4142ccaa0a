//! `putright bench-import --rows N`: a made-up file of history from the previous system,
//! checked and imported by [`storage::import`] exactly as `putright import` does, each pass
//! timed, with the process's peak memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use storage::Db;
use storage::import::import_file;

use crate::Target;

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

/// Runs `putright bench-import` over the target's database: writes `rows` made-up rows to
/// `csv` (by default `history-bench.csv` in the data directory), then checks the file and
/// imports it, timing each.
pub async fn run(target: &Target, rows: u64, csv: Option<PathBuf>) -> Result<(), String> {
    let db = target.open().await?;
    let csv = csv.unwrap_or_else(|| target.data_dir.join("history-bench.csv"));
    let result = bench(&db, rows, &csv).await;
    // Closing checkpoints SQLite's write-ahead log into the database file.
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))?;
    result
}

async fn bench(db: &Db, rows: u64, csv: &Path) -> Result<(), String> {
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
