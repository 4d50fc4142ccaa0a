//! `putright bench-durability`, small: the server is killed with SIGKILL while complaints
//! arrive, and every complaint it answered is there afterwards, whole, on each database.

use storage::test_support::{TestDatabase, backends};

#[tokio::test]
async fn a_server_killed_while_complaints_arrive_loses_none_it_answered() {
    for backend in backends() {
        let database = TestDatabase::create(backend).await.expect("test database");
        let data = tempfile::tempdir().expect("data dir");
        let mut command = crate::support::putright_command();
        command
            .args([
                "bench-durability",
                "--complaints",
                "40",
                "--clients",
                "8",
                "--kill-after",
                "12",
                "--file-every",
                "3",
            ])
            .env_remove("PUTRIGHT_CONFIG")
            .env("PUTRIGHT_DATA_DIR", data.path())
            .env("PUTRIGHT_LOG_FORMAT", "json");
        if backend == "postgres" {
            command.args(["--database-url", &database.url]);
        }
        let out = tokio::task::spawn_blocking(move || command.output())
            .await
            .expect("joined")
            .expect("putright runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{backend}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("Killed the server (SIGKILL) after"),
            "{backend}: {stdout}"
        );
        assert!(
            stdout.contains("0 answered complaints missing, 0 incomplete"),
            "{backend}: {stdout}"
        );
        assert!(stdout.contains(", 0 half-written."), "{backend}: {stdout}");
        // Most complaints are answered: the kill cuts off only those in flight.
        let answered: usize = stdout
            .split(" answered with a reference")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("the count answered");
        assert!(answered >= 40 - 8, "{backend}: {stdout}");
        database.drop_now().await.expect("dropped");
    }
}
