//! `cargo xtask`: the two commands a newcomer needs, in plain Rust so that nothing but
//! rustup's toolchain is required to start.
//!
//! - `cargo xtask run`  builds the browser bundle and the server, then runs Putright on
//!   <http://127.0.0.1:3000> with its data under `./data`.
//! - `cargo xtask test` runs every check CI runs: formatting, clippy on the server and the
//!   browser builds, the Rust tests (on SQLite, and on PostgreSQL when
//!   `PUTRIGHT_TEST_DATABASE_URL` is set) and the browser tests in Chromium.
//!
//! Each installs what it is missing (the wasm target, and for the tests Node.js packages and
//! Debian's `chromium`) and explains any failure in plain words. The bundle's JavaScript glue
//! is written here, by the library the `wasm-bindgen` command wraps, at the version
//! `Cargo.lock` pins for the bundle.
#![forbid(unsafe_code)]

mod tools;

use std::{
    env,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, ExitCode},
    time::{Duration, Instant},
};
use tools::{Failure, cargo, run_step, step};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = workspace_root();
    if let Err(e) = env::set_current_dir(&root) {
        eprintln!(
            "xtask: cannot enter the repository at {}: {e}",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("frontend") => tools::ensure_frontend_tools().and_then(|()| build_frontend(None)),
        _ => {
            eprintln!(
                "usage: cargo xtask run [--release]   build and run Putright on http://127.0.0.1:3000\n       \
                 cargo xtask test                  run every check and test CI runs\n       \
                 cargo xtask frontend              build only the browser bundle"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The checkout we were started in: the nearest directory upwards holding `xtask/`.
///
/// Found at run time, never baked in at compile time: two checkouts sharing one target
/// directory (a fresh clone and a working copy) share this binary, and each must test
/// itself.
fn workspace_root() -> PathBuf {
    let start = env::current_dir().unwrap_or_default();
    start
        .ancestors()
        .find(|dir| {
            dir.join("xtask").join("Cargo.toml").is_file() && dir.join("Cargo.toml").is_file()
        })
        .map(Path::to_path_buf)
        .unwrap_or(start)
}

/// Cargo's target directory, wherever `CARGO_TARGET_DIR` puts it.
fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn site_root() -> PathBuf {
    target_dir().join("site")
}

fn run(args: &[String]) -> Result<(), Failure> {
    let release = args.iter().any(|a| a == "--release");
    tools::ensure_frontend_tools()?;
    build_frontend(None)?;
    let profile = if release { "release" } else { "debug" };
    let mut build = cargo(&["build", "--package", "server", "--bin", "putright"]);
    if release {
        build.arg("--release");
    }
    run_step("Building the server", &mut build)?;
    let binary = target_dir().join(profile).join("putright");
    run_step(
        "Loading the demo data",
        Command::new(&binary).arg("seed-demo"),
    )?;
    step("Starting Putright on http://127.0.0.1:3000 (Ctrl-C to stop)");
    let status = Command::new(&binary)
        .arg("serve")
        .env("PUTRIGHT_SITE_ROOT", site_root())
        .status()
        .map_err(|e| Failure(format!("could not start {}: {e}", binary.display())))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(
            "Putright stopped with an error (see the messages above)".into(),
        ))
    }
}

/// Builds the browser bundle into `target/site/pkg`: the wasm module (size-optimised
/// profile, then wasm-bindgen and wasm-opt) and the stylesheet.
/// With `lint`, clippy's driver, the crates of the bundle are linted as they compile.
fn build_frontend(lint: Option<&Path>) -> Result<(), Failure> {
    let mut build = cargo(&[
        "build",
        "--package",
        "frontend",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]);
    let title = match lint {
        Some(driver) => {
            tools::linted(&mut build, driver);
            "Linting and building the browser bundle (clippy, hydrate, wasm)"
        }
        None => "Building the browser bundle (wasm)",
    };
    run_step(title, &mut build)?;
    let pkg = site_root().join("pkg");
    std::fs::create_dir_all(&pkg)
        .map_err(|e| Failure(format!("could not create {}: {e}", pkg.display())))?;
    let wasm = target_dir().join("wasm32-unknown-unknown/wasm-release/frontend.wasm");
    let module = pkg.join("putright_bg.wasm");
    // wasm-bindgen and wasm-opt take a minute: not again for a module they already made.
    if tools::newer(&module, &wasm) && pkg.join("putright.js").is_file() {
        println!("   The browser bundle is up to date");
        return copy_stylesheet(&pkg);
    }
    tools::bindgen(&wasm, &pkg)?;
    if let Some(wasm_opt) = tools::wasm_opt_path() {
        run_step(
            "Shrinking the wasm module (wasm-opt -Oz)",
            Command::new(wasm_opt)
                .args(tools::WASM_OPT_FEATURES)
                .args(["-Oz", "--strip-debug", "-o"])
                .arg(&module)
                .arg(&module),
        )?;
    } else {
        println!("   wasm-opt is not installed: the bundle works but is larger");
    }
    copy_stylesheet(&pkg)
}

fn copy_stylesheet(pkg: &Path) -> Result<(), Failure> {
    std::fs::copy("style/main.css", pkg.join("putright.css"))
        .map_err(|e| Failure(format!("could not copy the stylesheet: {e}")))?;
    Ok(())
}

fn test(_args: &[String]) -> Result<(), Failure> {
    let started = Instant::now();
    tools::ensure_frontend_tools()?;
    tools::ensure_browser_test_tools()?;
    let postgres = env::var("PUTRIGHT_TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty());
    let haproxy = match postgres {
        Some(_) => Some(tools::ensure_haproxy()?),
        None => None,
    };
    let schemathesis = tools::ensure_schemathesis()?;

    run_step(
        "Checking formatting (cargo fmt)",
        &mut cargo(&["fmt", "--all", "--", "--check"]),
    )
    .map_err(|_| Failure("the code is not formatted: run `cargo fmt --all` and commit".into()))?;
    // The lints run as the crates compile (see `tools::linted`): the server build with its
    // tests here, the browser build with the bundle. The `putright` binary the browser
    // tests start is the one built here, with the features the tests unify: `cargo build
    // -p server` alone would unify them differently and compile a hundred crates again.
    let driver = tools::clippy_driver()?;
    run_step(
        "Linting and building the server and its tests (clippy, ssr)",
        tools::linted(
            &mut cargo(&[
                "test",
                "--workspace",
                "--exclude",
                "frontend",
                "--all-targets",
                "--no-run",
            ]),
            &driver,
        ),
    )?;
    build_frontend(Some(&driver))?;

    match &postgres {
        Some(url) => println!("\nPostgreSQL tests: on ({})", redact(url)),
        None => {
            println!("\nPostgreSQL tests: off (set PUTRIGHT_TEST_DATABASE_URL to run them too)")
        }
    }
    run_step(
        "Running the Rust tests",
        tools::linted(&mut rust_tests(None), &driver),
    )?;
    for day in DAYS {
        let mut dated = rust_tests(Some(DATED_RUST_TESTS));
        tools::linted(&mut dated, &driver)
            .env("PUTRIGHT_TEST_NOW", day.at)
            // The calendar is the same on either database: SQLite is enough here.
            .env_remove("PUTRIGHT_TEST_DATABASE_URL");
        run_step(
            &format!("The date-sensitive Rust tests on {}", day.what),
            &mut dated,
        )?;
    }

    if let (Some(url), Some(haproxy)) = (&postgres, &haproxy) {
        check_cluster(url, haproxy)?;
    }
    api_check(&schemathesis)?;
    let clear = clear_of_midnight(chrono::Utc::now());
    browser_tests(
        clear.as_deref(),
        &[],
        "Running the browser tests (Playwright, Chromium)",
    )?;
    for day in DAYS {
        browser_tests(
            Some(day.at),
            &["tests/dates.test.mjs"],
            &format!("The date-sensitive pages in Chromium on {}", day.what),
        )?;
    }
    println!("\nAll checks passed in {}s.", started.elapsed().as_secs());
    Ok(())
}

/// The instant the browser tests' clock starts at when no day is asked for: none (the real
/// time), unless London's midnight may fall while they run. A test reads "today" and then
/// a page reads it again; across midnight the two would differ. London's midnight is at
/// 23:00 UTC in summer time and 00:00 UTC otherwise, so from 22:30 UTC the run starts its
/// clock at 01:00 UTC the next day instead, past midnight on either. (The Rust tests keep
/// clear of midnight in their own harness.)
fn clear_of_midnight(now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    use chrono::Timelike;
    if now.hour() < 22 || (now.hour() == 22 && now.minute() < 30) {
        return None;
    }
    let tomorrow = now.date_naive().succ_opt()?;
    Some(format!("{tomorrow}T01:00:00Z"))
}

/// A day the date-sensitive tests run on again: the server, the browser and the tests'
/// own expectations all take their clock from it (`PUTRIGHT_TEST_NOW`).
struct Day {
    /// The instant the clock starts at, RFC 3339.
    at: &'static str,
    what: &'static str,
}

/// Days on which counting working days, London's time and the reporting year go wrong if
/// anything does.
const DAYS: &[Day] = &[
    Day {
        at: "2027-01-04T09:05:00Z",
        what: "4 January 2027 (a single-digit day and month)",
    },
    Day {
        at: "2026-12-25T10:00:00Z",
        what: "Christmas Day 2026 (a bank holiday, with Boxing Day's substitute after it)",
    },
    Day {
        at: "2027-03-27T21:00:00Z",
        what: "27 March 2027, the evening before the clocks go forward",
    },
    Day {
        at: "2027-03-29T07:30:00Z",
        what: "29 March 2027, the morning after the clocks went forward",
    },
    Day {
        at: "2027-03-31T22:30:00Z",
        what: "31 March 2027 at 23:30 in London (the reporting year's last hour)",
    },
    Day {
        at: "2027-03-31T23:30:00Z",
        what: "1 April 2027 at 00:30 in London (still 31 March in UTC)",
    },
    Day {
        at: "2028-02-29T16:30:00Z",
        what: "29 February 2028",
    },
];

/// The modules of the server's tests whose answers depend on today: the work queue's due
/// dates, the warnings, the reports' and learning's current year, the steps' dates and
/// prefilled forms, the deadlines command, a policy version taking effect today and an
/// improvement action's due dates.
const DATED_RUST_TESTS: &[&str] = &[
    "worklist",
    "outbox",
    "reports",
    "learning",
    "staff_steps",
    "cli",
    "policies",
    "root_causes",
];

/// The Rust tests of every crate but the browser bundle, or with `only` just those modules
/// of the server's tests: nextest where it is installed (one process a test), `cargo test`
/// otherwise.
fn rust_tests(only: Option<&[&str]>) -> Command {
    // Always the same packages, so that every run shares one build: selecting the server
    // alone would unify features differently and compile a hundred crates again.
    let nextest = tools::has("cargo-nextest");
    let mut c = rust_test_command(&["--no-fail-fast"]);
    if let Some(modules) = only {
        if nextest {
            let names = modules.join("|");
            c.args([
                "--filterset",
                &format!("package(server) & test(/^({names})::/)"),
            ]);
        } else {
            c.arg("--");
            c.args(modules.iter().map(|m| format!("{m}::")));
        }
    }
    c
}

/// `cargo nextest run` (or `cargo test`) over every crate but the browser bundle, with
/// `args`: one build for every run of the tests, and for the browser tests' server.
fn rust_test_command(args: &[&str]) -> Command {
    let mut c = if tools::has("cargo-nextest") {
        cargo(&["nextest", "run", "--workspace", "--exclude", "frontend"])
    } else {
        cargo(&["test", "--workspace", "--exclude", "frontend"])
    };
    c.args(args);
    c
}

/// `putright check-cluster`, short: two servers on one PostgreSQL behind HAProxy, one
/// killed midway, lose nothing and send no e-mail twice.
fn check_cluster(url: &str, haproxy: &Path) -> Result<(), Failure> {
    let data = env::temp_dir().join(format!("putright-cluster-{}", std::process::id()));
    let mut check = Command::new(target_dir().join("debug/putright"));
    check
        .args([
            "check-cluster",
            "--database-url",
            url,
            "--complaints",
            "16",
            "--clients",
            "4",
            "--import-rows",
            "400",
        ])
        .arg("--haproxy")
        .arg(haproxy)
        .env("PUTRIGHT_DATA_DIR", &data)
        .env("RUST_LOG", "warn");
    let result = run_step(
        "Two servers on PostgreSQL behind HAProxy, one killed midway (putright check-cluster)",
        &mut check,
    );
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&data);
    }
    result
}

/// The `putright` binary the tests built, with the settings of a test server on `port`
/// keeping its data in `data`, to run `command`.
fn putright(port: u16, data: &Path, test_now: Option<&str>, command: &str) -> Command {
    let mut c = Command::new(target_dir().join("debug/putright"));
    c.arg(command)
        .env("PUTRIGHT_BIND", format!("127.0.0.1:{port}"))
        .env("PUTRIGHT_DATA_DIR", data)
        .env("PUTRIGHT_DATABASE_URL", "")
        .env("PUTRIGHT_SITE_ROOT", site_root())
        .env("RUST_LOG", "warn");
    match test_now {
        Some(at) => c.env("PUTRIGHT_TEST_NOW", at),
        None => c.env_remove("PUTRIGHT_TEST_NOW"),
    };
    c
}

/// A server on a free port with the demo accounts, on SQLite in a directory of its own
/// (removed when it stops), with `settings` as extra environment.
struct TestServer {
    server: Option<KillOnDrop>,
    port: u16,
    base_url: String,
    data: PathBuf,
    test_now: Option<String>,
}

impl TestServer {
    fn start(test_now: Option<&str>, settings: &[(&str, &str)]) -> Result<Self, Failure> {
        let data = env::temp_dir().join(format!("putright-e2e-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| Failure(format!("could not find a free port: {e}")))?;
        let base_url = format!("http://127.0.0.1:{port}");
        run_step(
            "Loading the demo accounts into the test database",
            &mut putright(port, &data, test_now, "seed-demo"),
        )?;
        step(&format!("Starting a test server on {base_url}"));
        let mut serve = putright(port, &data, test_now, "serve");
        serve.envs(settings.iter().copied());
        let server = serve
            .spawn()
            .map_err(|e| Failure(format!("could not start the test server: {e}")))?;
        let mut server = KillOnDrop(server);
        wait_until_healthy(&mut server.0, &base_url)?;
        Ok(Self {
            server: Some(server),
            port,
            base_url,
            data,
            test_now: test_now.map(str::to_owned),
        })
    }

    /// `putright {command}` against this server's database.
    fn command(&self, command: &str) -> Command {
        putright(self.port, &self.data, self.test_now.as_deref(), command)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        drop(self.server.take());
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// Starts the real server on a free port with the demo accounts on SQLite and runs the
/// Playwright tests in `files` (all when empty) against it: on the real clock, or with
/// `test_now` the server, the browser and the tests all on that clock.
fn browser_tests(test_now: Option<&str>, files: &[&str], title: &str) -> Result<(), Failure> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let server = TestServer::start(test_now, &[])?;
    let mut npm = Command::new("npm");
    npm.args(["test", "--silent"])
        .current_dir("end2end")
        .env("BASE_URL", &server.base_url)
        .env(
            "PUTRIGHT_BIN",
            std::path::absolute(target_dir().join("debug/putright")).unwrap_or_default(),
        )
        // So that a test can run `putright user …` against the test server's database.
        .env("PUTRIGHT_DATA_DIR", &server.data)
        .env("PUTRIGHT_DATABASE_URL", "");
    if !files.is_empty() {
        npm.arg("--").args(files);
    }
    match test_now {
        Some(at) => {
            npm.env("PUTRIGHT_TEST_NOW", at)
                .env("PUTRIGHT_TEST_NOW_SINCE", since.to_string());
        }
        None => {
            npm.env_remove("PUTRIGHT_TEST_NOW");
        }
    }
    run_step(title, &mut npm)
}

/// The integration API checked against its OpenAPI document by schemathesis: requests
/// generated from the document (valid ones and broken ones), every answer checked against
/// what the document says, and none may be a server error. A fixed seed, so that a failure
/// here happens again on the next run; `st run` with another seed explores further.
fn api_check(st: &Path) -> Result<(), Failure> {
    // The check makes hundreds of calls a minute with one token.
    let server = TestServer::start(None, &[("PUTRIGHT_API_CALLS_PER_MINUTE", "1000000")])?;
    let made = server
        .command("api-client")
        .args([
            "add",
            "--name",
            "Schema check",
            "--role",
            "complaints_manager",
            "--scope",
            "cases:read,cases:create,cases:steps,reports:read",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Failure(format!("could not make an API client: {e}")))?;
    let token = String::from_utf8_lossy(&made.stdout).trim().to_owned();
    if !made.status.success() || token.is_empty() {
        return Err(Failure("could not make an API client for the check".into()));
    }
    run_step(
        "Checking the API against its OpenAPI document (schemathesis)",
        Command::new(st)
            .current_dir("end2end/api")
            .args(["--config-file", "schemathesis.toml", "run"])
            .arg(format!("{}/api/v1/openapi.json", server.base_url))
            .args(["--header", &format!("Authorization: Bearer {token}")])
            .args(["--checks", "all", "--max-examples", "50", "--seed", "1"])
            .env("NO_COLOR", "1"),
    )
}

fn wait_until_healthy(server: &mut Child, base_url: &str) -> Result<(), Failure> {
    let deadline = Instant::now() + Duration::from_secs(120);
    let addr = base_url.trim_start_matches("http://").to_owned();
    while Instant::now() < deadline {
        if let Ok(Some(status)) = server.try_wait() {
            return Err(Failure(format!(
                "the test server stopped at start-up ({status})"
            )));
        }
        if tools::http_get_status(&addr, "/healthz") == Some(200) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(Failure(
        "the test server did not become healthy within two minutes".into(),
    ))
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Hides a password in a database URL before printing it.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("instant")
            .to_utc()
    }

    #[test]
    fn the_browser_tests_keep_clear_of_london_midnight() {
        assert_eq!(clear_of_midnight(at("2026-12-06T22:29:59Z")), None);
        assert_eq!(
            clear_of_midnight(at("2026-12-06T22:30:00Z")).as_deref(),
            Some("2026-12-07T01:00:00Z")
        );
        // The reporting year turns at London's midnight too (23:00 UTC in summer time).
        assert_eq!(
            clear_of_midnight(at("2027-03-31T22:45:00Z")).as_deref(),
            Some("2027-04-01T01:00:00Z")
        );
        assert_eq!(
            clear_of_midnight(at("2028-02-28T23:59:59Z")).as_deref(),
            Some("2028-02-29T01:00:00Z")
        );
        assert_eq!(clear_of_midnight(at("2027-04-01T00:00:00Z")), None);
    }
}
