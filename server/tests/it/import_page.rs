//! The admin page's import (`POST /admin/import`, then `/admin/import?job=N`), against the
//! real server on SQLite and (when configured) PostgreSQL: who may use it, a file imported
//! and shown, a file with problems listed by line and column with nothing imported, and a
//! dry run that writes nothing.

use crate::support;

use domain::Role;
use reqwest::{StatusCode, header};
use storage::test_support::{backends, count_rows};
use support::*;

const PASSWORD: &str = "correct horse battery";

const GOOD: &str = "\
reference,kind,channel,received_at,status,stage1_acknowledged,stage1_responded
OLD-1,complaint,email,2025-06-02T09:00:00Z,closed,2025-06-04,2025-06-16
OLD-2,service_request,phone,2025-06-03T09:00:00Z,open,,
";

const BAD: &str = "\
reference,kind,channel,received_at,status,stage1_acknowledged,stage1_responded
OLD-3,complaint,email,2025-06-02T09:00:00Z,closed,2025-06-04,2025-02-30
";

async fn post(app: &TestApp, cookie: Option<&str>, csv: &str, dry_run: bool) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("old-system.csv"),
    );
    if dry_run {
        form = form.text("dry_run", "yes");
    }
    let mut request = app.client.post(app.url("/admin/import")).multipart(form);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

/// Posts the file and waits for its job to finish; returns the job's page.
async fn import(app: &TestApp, cookie: &str, csv: &str, dry_run: bool) -> String {
    let response = post(app, Some(cookie), csv, dry_run).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(location.starts_with("/admin/import?job="), "{location}");
    // Generous: a machine busy with other builds runs a debug import slowly.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while std::time::Instant::now() < deadline {
        let (status, html) = get_page(app, &location, Some(cookie)).await;
        assert_eq!(status, StatusCode::OK);
        if !html.contains("<progress") {
            return main_part(&html).to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish within 90 seconds");
}

#[tokio::test]
async fn an_admin_imports_a_file_and_sees_each_problem_of_a_bad_one() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.add_account("admin@example.org", "Ada Admin", Role::Admin, PASSWORD)
            .await;
        app.add_account(
            "officer@example.org",
            "Olu Officer",
            Role::Officer,
            PASSWORD,
        )
        .await;
        app.add_account(
            "chris@example.org",
            "Chris Complaints",
            Role::ComplaintsManager,
            PASSWORD,
        )
        .await;
        let admin = session_for(&app, "admin@example.org", PASSWORD).await;
        let officer = session_for(&app, "officer@example.org", PASSWORD).await;
        let db = app.db().await;
        let cases = || async {
            count_rows(&db, "SELECT COUNT(*) FROM cases")
                .await
                .expect("counted")
        };

        // Nobody else may post or see the page.
        assert_eq!(
            post(&app, None, GOOD, false).await.status(),
            StatusCode::NOT_FOUND,
            "{backend}"
        );
        assert_eq!(
            post(&app, Some(&officer), GOOD, false).await.status(),
            StatusCode::FORBIDDEN,
            "{backend}"
        );
        let (status, _) = get_page(&app, "/admin/import", Some(&officer)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, html) = get_page(&app, "/admin/import", Some(&admin)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            html.contains(r#"href="/admin" aria-current="page""#),
            "the header's Administration link is marked as the page they are in"
        );
        assert!(main_part(&html).contains("enctype=\"multipart/form-data\""));

        let checked = import(&app, &admin, GOOD, true).await;
        assert!(
            checked.contains("old-system.csv is ready to import"),
            "{backend}: {checked}"
        );
        assert_eq!(cases().await, 0, "{backend}");

        let imported = import(&app, &admin, GOOD, false).await;
        assert!(
            imported.contains("2 cases imported"),
            "{backend}: {imported}"
        );
        assert_eq!(cases().await, 2, "{backend}");

        // Staff find an imported case by its old reference and see where it came from.
        let chris = session_for(&app, "chris@example.org", PASSWORD).await;
        let (status, queue) = get_page(
            &app,
            "/staff?scope=all&search=OLD-1&closed=include",
            Some(&chris),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let queue = main_part(&queue);
        let start = queue
            .find("/staff/cases/CX-")
            .expect("the imported case is listed");
        let reference = &queue[start + "/staff/cases/".len()..][..14];
        let (status, case) =
            get_page(&app, &format!("/staff/cases/{reference}"), Some(&chris)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(
            case.contains("Imported from the previous system (reference OLD-1)"),
            "{backend}: {}",
            main_part(&case)
        );

        let refused = import(&app, &admin, BAD, false).await;
        assert!(
            refused.contains("There is a problem"),
            "{backend}: {refused}"
        );
        assert!(
            refused.contains("Line 2, stage1_responded: “2025-02-30” is not a real date: February 2025 has 28 days"),
            "{backend}: {refused}"
        );
        assert!(refused.contains("Nothing was imported from old-system.csv"));
        assert_eq!(cases().await, 2, "{backend}");

        // A post without a file goes back to the form with the reason next to the field.
        let empty = reqwest::multipart::Form::new().text("dry_run", "yes");
        let response = app
            .client
            .post(app.url("/admin/import"))
            .header(header::COOKIE, &admin)
            .multipart(empty)
            .send()
            .await
            .expect("request");
        let location = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii");
        assert_eq!(location, "/admin/import?error=no-file");
        let (_, html) = get_page(&app, location, Some(&admin)).await;
        assert!(html.contains("Choose a CSV file to import"));

        // Jobs are private to whoever started them.
        let (status, _) = get_page(&app, "/admin/import?job=1", Some(&officer)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");

        db.close().await.expect("closed");
        app.stop().await;
    }
}

/// Two app servers on one database: a job started through one shows its progress and
/// result through the other, and a job whose server stopped shows as failed at once and is
/// marked failed by the next sweep on any server.
#[tokio::test]
async fn a_job_is_seen_from_every_server_and_one_whose_server_stopped_is_failed() {
    for backend in backends() {
        let first = spawn_app(backend).await;
        let url = first.database.as_ref().expect("database").url.clone();
        let second = spawn_app_with(backend, |s| s.database_url = Some(url)).await;
        first
            .add_account("admin@example.org", "Ada Admin", Role::Admin, PASSWORD)
            .await;
        let admin = session_for(&first, "admin@example.org", PASSWORD).await;

        let response = post(&first, Some(&admin), GOOD, false).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let location = response.headers()[header::LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        let mut seen = None;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        while std::time::Instant::now() < deadline {
            let (status, html) = get_page(&second, &location, Some(&admin)).await;
            assert_eq!(
                status,
                StatusCode::OK,
                "{backend}: the other server finds the job"
            );
            if !html.contains("<progress") {
                seen = Some(main_part(&html).to_owned());
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let seen = seen.expect("the import finished");
        assert!(seen.contains("old-system.csv"), "{backend}: {seen}");
        assert!(!seen.contains("The import stopped"), "{backend}: {seen}");

        // A job its server left running two minutes ago.
        let db = first.db().await;
        let owner = storage::accounts::find_by_email(&db, "admin@example.org")
            .await
            .expect("read")
            .expect("the admin")
            .id;
        let stale = now() - chrono::Duration::minutes(2);
        let id = storage::jobs::start(
            &db,
            &storage::jobs::NewJob {
                kind: app::import::jobs::KIND,
                started_by: owner,
                file_name: "lost.csv",
                dry_run: false,
                bytes_total: 100,
            },
            &app::import::JobState::Running {
                checking: false,
                percent: 60,
                rows: 7,
            },
            stale,
        )
        .await
        .expect("recorded");
        let (_, html) = get_page(&second, &format!("/admin/import?job={id}"), Some(&admin)).await;
        assert!(
            main_part(&html).contains("The import stopped and nothing was imported."),
            "{backend}"
        );
        let blobs = first.blobs().await;
        let swept = server::sweep::sweep_once(&db, &*blobs, now())
            .await
            .expect("swept");
        assert_eq!(swept.jobs_failed, 1, "{backend}");
        let job =
            storage::jobs::find::<app::import::JobState>(&db, app::import::jobs::KIND, id, owner)
                .await
                .expect("read")
                .expect("the job");
        assert!(!job.running, "{backend}");
        assert_eq!(job.state, app::import::JobState::Failed, "{backend}");
        db.close().await.expect("closed");
        second.stop().await;
        first.stop().await;
    }
}

/// A job's heartbeat never holds up its own work: while the work keeps the database's
/// writer (here, a transaction that has changed the job's own row) the heartbeat's write
/// waits, and the work must still run to its end. Before, the work was not polled while
/// a heartbeat waited: SQLite stalled for its whole busy timeout and PostgreSQL never
/// finished (the heartbeat waited on the row, the transaction on the heartbeat).
#[tokio::test]
async fn a_jobs_heartbeat_waits_for_the_writer_without_stopping_the_work() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.add_account("admin@example.org", "Ada Admin", Role::Admin, PASSWORD)
            .await;
        let db = app.db().await;
        let owner = storage::accounts::find_by_email(&db, "admin@example.org")
            .await
            .expect("read")
            .expect("the admin")
            .id;
        let jobs = app::import::jobs::ImportJobs::default();
        let (id, watcher) = jobs
            .start(&db, owner, "held.csv", false, 100, now())
            .await
            .expect("started");
        let hold = format!("UPDATE jobs SET file_name = 'held.csv' WHERE id = {id}");
        let work = storage::test_support::while_writing(
            &db,
            &hold,
            // Long enough for two heartbeats to queue behind the writer.
            tokio::time::sleep(std::time::Duration::from_millis(2500)),
        );
        let work = async {
            work.await.map_err(storage::import::ImportError::from)?;
            Ok(storage::import::ImportSummary::default())
        };
        let started = std::time::Instant::now();
        let ended = tokio::time::timeout(
            std::time::Duration::from_secs(60),
            jobs.run(&db, app::clock::Clock::system(), id, watcher, work),
        )
        .await
        .unwrap_or_else(|_| panic!("{backend}: the job never ended"));
        assert!(
            matches!(ended, app::import::JobState::Finished { .. }),
            "{backend}: {ended:?}"
        );
        // SQLite's busy timeout is ten seconds: a heartbeat that stopped the work for it
        // shows here.
        assert!(
            started.elapsed() < std::time::Duration::from_secs(8),
            "{backend}: the work waited on its heartbeat ({:?})",
            started.elapsed()
        );
        let job =
            storage::jobs::find::<app::import::JobState>(&db, app::import::jobs::KIND, id, owner)
                .await
                .expect("read")
                .expect("the job");
        assert!(!job.running, "{backend}");
        db.close().await.expect("closed");
        app.stop().await;
    }
}
