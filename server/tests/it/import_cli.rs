//! `putright import` run as a process, on SQLite and (when configured) PostgreSQL: a dry
//! run, an import, the same file again, and a file with problems listed by line and column.
//! The rules themselves are tested in `domain` and `storage`.

use std::process::Output;

use storage::test_support::{TestDatabase, backends, count_rows};

const GOOD: &str = "\
reference,status,kind,channel,received_at,stage1_acknowledged,stage1_responded
OLD-1,closed,complaint,email,2025-06-02T09:00:00Z,2025-06-04,2025-06-16
OLD-2,open,service_request,phone,2025-06-03T09:00:00Z,,
";

const BAD: &str = "\
reference,kind,channel,received_at,status,stage1_responded,colour
";

const BAD_ROWS: &str = "\
reference,kind,channel,received_at,status,stage1_responded
OLD-3,complaint,email,2025-06-02T09:00:00Z,closed,2025-05-30
OLD-4,complaint,fax,2025-06-02T09:00:00Z,open,
";

fn putright(url: &str, args: &[&str]) -> Output {
    crate::support::putright_command()
        .args(args)
        .env("PUTRIGHT_DATABASE_URL", url)
        .env_remove("PUTRIGHT_CONFIG")
        .output()
        .expect("putright runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn the_import_command_checks_imports_once_and_lists_each_problem() {
    let dir = tempfile::tempdir().expect("a directory");
    let good = dir.path().join("good.csv");
    let bad = dir.path().join("bad.csv");
    let bad_rows = dir.path().join("bad-rows.csv");
    std::fs::write(&good, GOOD).expect("written");
    std::fs::write(&bad, BAD).expect("written");
    std::fs::write(&bad_rows, BAD_ROWS).expect("written");
    let path = |p: &std::path::Path| p.display().to_string();

    for backend in backends() {
        let test_db = TestDatabase::create(backend).await.expect("a database");
        let db = test_db.open().await.expect("migrated");
        let cases = || async {
            count_rows(&db, "SELECT COUNT(*) FROM cases")
                .await
                .expect("counted")
        };

        let dry = putright(
            &test_db.url,
            &["import", "--csv", &path(&good), "--dry-run"],
        );
        assert!(dry.status.success(), "{backend}: {}", text(&dry.stderr));
        assert!(
            text(&dry.stdout).contains("Checked 2 rows: every row is fine. Nothing was imported"),
            "{backend}: {}",
            text(&dry.stdout)
        );
        assert_eq!(cases().await, 0, "{backend}");

        let first = putright(&test_db.url, &["import", "--csv", &path(&good)]);
        assert!(first.status.success(), "{backend}: {}", text(&first.stderr));
        assert!(
            text(&first.stdout).contains("Imported 2 cases from 2 rows (0 were imported before"),
            "{backend}: {}",
            text(&first.stdout)
        );
        assert_eq!(cases().await, 2, "{backend}");

        let again = putright(&test_db.url, &["import", "--csv", &path(&good)]);
        assert!(again.status.success(), "{backend}: {}", text(&again.stderr));
        assert!(
            text(&again.stdout).contains("Imported 0 cases from 2 rows (2 were imported before"),
            "{backend}: {}",
            text(&again.stdout)
        );
        assert_eq!(cases().await, 2, "{backend}");

        let refused = putright(&test_db.url, &["import", "--csv", &path(&bad)]);
        assert!(!refused.status.success(), "{backend}");
        let stderr = text(&refused.stderr);
        assert!(
            stderr.contains("line 1, colour: “colour” is not a column we know"),
            "{backend}: {stderr}"
        );

        let refused = putright(&test_db.url, &["import", "--csv", &path(&bad_rows)]);
        assert!(!refused.status.success(), "{backend}");
        let stderr = text(&refused.stderr);
        assert!(
            stderr.contains("line 2, stage1_responded: The Stage 1 response (30 May 2025) is before the complaint was received (2 June 2025)"),
            "{backend}: {stderr}"
        );
        assert!(
            stderr.contains("line 3, channel: “fax” is not a channel we know"),
            "{backend}: {stderr}"
        );
        assert!(
            stderr.contains("2 rows of") && stderr.contains("nothing was imported"),
            "{backend}: {stderr}"
        );
        assert_eq!(cases().await, 2, "{backend}");

        db.close().await.expect("closed");
        test_db.drop_now().await.expect("dropped");
    }
}
