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
        Some("browser-tests") => browser_only(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask run [--release]   build and run Putright on http://127.0.0.1:3000\n       \
                 cargo xtask test                  run every check and test CI runs\n       \
                 cargo xtask frontend              build only the browser bundle\n       \
                 cargo xtask browser-tests [FILE…] only the browser tests (all, or these files\n       \
                                                   of end2end/tests), against the server and\n       \
                                                   bundle the last build made"
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
    let (mut build, title) = frontend_build(lint);
    run_step(title, &mut build)?;
    finish_frontend()
}

/// The cargo command that compiles the bundle's wasm module, and what it is called.
fn frontend_build(lint: Option<&Path>) -> (Command, &'static str) {
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
    (build, title)
}

/// The bundle's wasm module compiling in the background, its messages kept in a file:
/// its last minutes are one compiler thread (the whole program optimised at once), so the
/// Rust tests run beside it on the other core.
struct BackgroundBuild {
    child: KillOnDrop,
    log: PathBuf,
    title: &'static str,
    started: Instant,
}

impl BackgroundBuild {
    fn start(lint: Option<&Path>) -> Result<Self, Failure> {
        let (mut build, title) = frontend_build(lint);
        let log = env::temp_dir().join(format!("putright-bundle-{}.log", std::process::id()));
        let _ = std::fs::remove_file(&log);
        tools::output_to(&mut build, &log)?;
        step(&format!("{title}, in the background"));
        let child = build
            .spawn()
            .map_err(|e| Failure(format!("{title}: could not start cargo: {e}")))?;
        Ok(Self {
            child: KillOnDrop(child),
            log,
            title,
            started: Instant::now(),
        })
    }

    /// Waits for the build, prints its messages, then writes the glue and shrinks the module.
    fn finish(mut self) -> Result<(), Failure> {
        step(&format!("{} (finishing)", self.title));
        let status = self
            .child
            .0
            .wait()
            .map_err(|e| Failure(format!("{}: {e}", self.title)));
        let messages = std::fs::read_to_string(&self.log).unwrap_or_default();
        let _ = std::fs::remove_file(&self.log);
        print!("{messages}");
        println!(
            "    ({}: {:.0}s since it started)",
            self.title,
            self.started.elapsed().as_secs_f64()
        );
        if !status?.success() {
            return Err(Failure(format!(
                "{} failed (see the messages above)",
                self.title
            )));
        }
        finish_frontend()
    }
}

/// The glue, wasm-opt and the stylesheet, once the wasm module is built.
fn finish_frontend() -> Result<(), Failure> {
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
    let bundle = BackgroundBuild::start(Some(&driver))?;

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
        let mut dated = rust_tests((!day.every_test).then_some(DATED_RUST_TESTS));
        tools::linted(&mut dated, &driver)
            .env("PUTRIGHT_TEST_NOW", day.at)
            // The calendar is the same on either database: SQLite is enough here.
            .env_remove("PUTRIGHT_TEST_DATABASE_URL");
        let which = if day.every_test {
            "Every Rust test"
        } else {
            "The date-sensitive Rust tests"
        };
        run_step(&format!("{which} on {}", day.what), &mut dated)?;
    }

    // The servers from here on serve the bundle.
    bundle.finish()?;
    if let (Some(url), Some(haproxy)) = (&postgres, &haproxy) {
        check_cluster(url, haproxy)?;
    }
    api_check(&schemathesis)?;
    let clear = clear_of_midnight(chrono::Utc::now());
    browser_tests(
        browser_runs(clear.as_deref())?,
        "Running the browser tests (Playwright, Chromium)",
    )?;
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
    /// Whether every Rust test runs on it (on SQLite), not only [`DATED_RUST_TESTS`]: a
    /// test anywhere may read the time of day without knowing it (the demo data's dates
    /// follow it), and a whole run on SQLite takes under a minute.
    every_test: bool,
}

/// Days on which counting working days, London's time and the reporting year go wrong if
/// anything does.
const DAYS: &[Day] = &[
    Day {
        at: "2026-12-11T17:30:00Z",
        what: "Friday 11 December 2026 at 17:30 (after the day's cut-off, the weekend next)",
        every_test: true,
    },
    Day {
        at: "2027-01-04T09:05:00Z",
        what: "4 January 2027 (a single-digit day and month)",
        every_test: false,
    },
    Day {
        at: "2026-12-25T10:00:00Z",
        what: "Christmas Day 2026 (a bank holiday, with Boxing Day's substitute after it)",
        every_test: false,
    },
    Day {
        at: "2027-03-27T21:00:00Z",
        what: "27 March 2027, the evening before the clocks go forward",
        every_test: false,
    },
    Day {
        at: "2027-03-29T07:30:00Z",
        what: "29 March 2027, the morning after the clocks went forward",
        every_test: false,
    },
    Day {
        at: "2027-03-31T22:30:00Z",
        what: "31 March 2027 at 23:30 in London (the reporting year's last hour)",
        every_test: false,
    },
    Day {
        at: "2027-03-31T23:30:00Z",
        what: "1 April 2027 at 00:30 in London (still 31 March in UTC)",
        every_test: false,
    },
    Day {
        at: "2028-02-29T16:30:00Z",
        what: "29 February 2028",
        every_test: false,
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
    /// Where the server's own messages go, when not to the terminal.
    log: PathBuf,
    /// When it started, in milliseconds since 1970 by the real clock: its clock reads
    /// `test_now` then and runs on from there.
    since: u128,
}

impl TestServer {
    /// A server whose start and messages show on the terminal.
    fn start(test_now: Option<&str>, settings: &[(&str, &str)]) -> Result<Self, Failure> {
        Self::start_with(test_now, settings, false)
    }

    /// A server whose start and messages go to a log file in its directory, for a browser
    /// test lane: several start side by side.
    fn start_logged(test_now: Option<&str>) -> Result<Self, Failure> {
        Self::start_with(test_now, &[], true)
    }

    fn start_with(
        test_now: Option<&str>,
        settings: &[(&str, &str)],
        logged: bool,
    ) -> Result<Self, Failure> {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let data = env::temp_dir().join(format!("putright-e2e-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let log = env::temp_dir().join(format!("putright-e2e-{}-{n}.log", std::process::id()));
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| Failure(format!("could not find a free port: {e}")))?;
        let base_url = format!("http://127.0.0.1:{port}");
        let mut seed = putright(port, &data, test_now, "seed-demo");
        let mut serve = putright(port, &data, test_now, "serve");
        serve.envs(settings.iter().copied());
        if logged {
            let _ = std::fs::remove_file(&log);
            tools::output_to(&mut seed, &log)?;
            tools::output_to(&mut serve, &log)?;
            let seeded = seed
                .status()
                .map_err(|e| Failure(format!("could not load the demo accounts: {e}")))?;
            if !seeded.success() {
                return Err(Failure(format!(
                    "could not load the demo accounts into a test database:\n{}",
                    tail(&log, 40)
                )));
            }
        } else {
            run_step(
                "Loading the demo accounts into the test database",
                &mut seed,
            )?;
            step(&format!("Starting a test server on {base_url}"));
        }
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        let server = serve
            .spawn()
            .map_err(|e| Failure(format!("could not start the test server: {e}")))?;
        let mut server = KillOnDrop(server);
        wait_until_healthy(&mut server.0, &base_url).map_err(|Failure(message)| {
            Failure(if logged {
                format!("{message}:\n{}", tail(&log, 40))
            } else {
                message
            })
        })?;
        Ok(Self {
            server: Some(server),
            port,
            base_url,
            data,
            test_now: test_now.map(str::to_owned),
            log,
            since,
        })
    }

    /// `putright {command}` against this server's database.
    fn command(&self, command: &str) -> Command {
        putright(self.port, &self.data, self.test_now.as_deref(), command)
    }

    /// Whether the server is still running.
    fn running(&mut self) -> bool {
        self.server
            .as_mut()
            .is_some_and(|s| matches!(s.0.try_wait(), Ok(None)))
    }

    /// The last `lines` lines of the server's log.
    fn log_tail(&self, lines: usize) -> String {
        tail(&self.log, lines)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        drop(self.server.take());
        let _ = std::fs::remove_dir_all(&self.data);
        let _ = std::fs::remove_file(&self.log);
    }
}

/// The last `lines` lines of a file, or nothing.
fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// `cargo xtask browser-tests [FILE…]`: the browser tests alone (every file and the dated
/// runs, or just the files named, on the real clock), in lanes as `cargo xtask test` runs
/// them, with the `putright` binary and the bundle the last build made.
fn browser_only(files: &[String]) -> Result<(), Failure> {
    tools::ensure_browser_test_tools()?;
    let binary = target_dir().join("debug/putright");
    if !binary.is_file() || !site_root().join("pkg/putright_bg.wasm").is_file() {
        return Err(Failure(format!(
            "there is no build to test yet ({} and the bundle): run `cargo xtask test` once",
            binary.display()
        )));
    }
    let clear = clear_of_midnight(chrono::Utc::now());
    let runs = if files.is_empty() {
        browser_runs(clear.as_deref())?
    } else {
        files
            .iter()
            .map(|file| {
                let name = Path::new(file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                BrowserRun {
                    title: format!("tests/{name}"),
                    file: format!("tests/{name}"),
                    test_now: clear.clone(),
                    server: ServerKind::Shared,
                }
            })
            .collect()
    };
    browser_tests(runs, "Running the browser tests (Playwright, Chromium)")
}

/// What the browser tests run: every test file on the real clock (or clear of London's
/// midnight), then the date-sensitive pages on each of [`DAYS`].
fn browser_runs(clear: Option<&str>) -> Result<Vec<BrowserRun>, Failure> {
    browser_runs_in(Path::new("end2end/tests"), clear)
}

fn browser_runs_in(dir: &Path, clear: Option<&str>) -> Result<Vec<BrowserRun>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure(format!("could not list {}: {e}", dir.display())))?;
    let mut files: Vec<(u64, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let size = entry.metadata().ok()?.len();
            name.ends_with(".test.mjs")
                .then(|| (size, format!("tests/{name}")))
        })
        .collect();
    // The longest first (their size stands for their time), so that no lane is left
    // with a long file at the end while the others wait.
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut runs: Vec<BrowserRun> = files
        .into_iter()
        .map(|(_, file)| BrowserRun {
            title: file.clone(),
            file,
            test_now: clear.map(str::to_owned),
            server: ServerKind::Shared,
        })
        .collect();
    runs.extend(DAYS.iter().map(|day| BrowserRun {
        title: format!("tests/dates.test.mjs on {}", day.what),
        file: "tests/dates.test.mjs".into(),
        test_now: Some(day.at.to_owned()),
        server: ServerKind::OwnClock,
    }));
    Ok(runs)
}

/// One test file run in Chromium.
struct BrowserRun {
    title: String,
    file: String,
    /// The instant the server's and the browser's clocks start at; the real time when none.
    test_now: Option<String>,
    server: ServerKind,
}

/// Which server a run goes to.
#[derive(PartialEq)]
enum ServerKind {
    /// The lane's own server on the real clock, which the lane's earlier files used before.
    Shared,
    /// A server of the run's own, started on the run's day and stopped after it.
    OwnClock,
}

/// How many browser test files run at once: one for each processor, at least two (a test
/// mostly waits on the debug-built server and on Chromium, and two lanes keep both cores
/// busy), at most four; `PUTRIGHT_BROWSER_LANES` says otherwise.
fn browser_lanes() -> usize {
    env::var("PUTRIGHT_BROWSER_LANES")
        .ok()
        .and_then(|lanes| lanes.parse().ok())
        .filter(|&lanes| lanes > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(usize::from)
                .unwrap_or(2)
                .clamp(2, 4)
        })
}

/// Runs the Playwright tests in `runs`, [`browser_lanes`] at once. Each lane starts a server
/// of its own on a free port with the demo accounts on SQLite and takes the next file as it
/// finishes one, so no two files ever share a server at the same time; a dated run gets a
/// server of its own on its day. A file that passes is a line; one that fails prints what
/// it printed and the end of its server's log.
fn browser_tests(runs: Vec<BrowserRun>, title: &str) -> Result<(), Failure> {
    let lanes = browser_lanes().min(runs.len()).max(1);
    step(&format!(
        "{title}: {} files, {lanes} at once, each lane with a server of its own",
        runs.len()
    ));
    let started = Instant::now();
    let queue = std::sync::Mutex::new(std::collections::VecDeque::from(runs));
    let failed = std::sync::Mutex::new(Vec::<String>::new());
    let totals = std::sync::Mutex::new((0u64, 0u64));
    std::thread::scope(|scope| {
        for lane in 1..=lanes {
            let (queue, failed, totals) = (&queue, &failed, &totals);
            scope.spawn(move || {
                let mut shared: Option<TestServer> = None;
                // The queue is locked only to take the next file.
                let next = || queue.lock().map(|mut q| q.pop_front()).ok().flatten();
                while let Some(run) = next() {
                    let outcome = run_browser_file(&run, &mut shared);
                    let mut totals = totals.lock().unwrap_or_else(|e| e.into_inner());
                    totals.0 += outcome.passed;
                    totals.1 += outcome.failed;
                    drop(totals);
                    let mut out = std::io::stdout().lock();
                    let _ = std::io::Write::write_fmt(
                        &mut out,
                        format_args!("{}\n", outcome.report(lane, &run.title)),
                    );
                    drop(out);
                    if !outcome.ok {
                        failed
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(run.title.clone());
                    }
                }
            });
        }
    });
    let (passed, failures) = totals.into_inner().unwrap_or_else(|e| e.into_inner());
    println!(
        "    ({title}: {passed} passed, {failures} failed, {:.0}s)",
        started.elapsed().as_secs_f64()
    );
    let failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure(format!(
            "{title}: {} failed (see the messages above): {}",
            failed.len(),
            failed.join(", ")
        )))
    }
}

/// What one file's run came to.
struct FileOutcome {
    ok: bool,
    passed: u64,
    failed: u64,
    seconds: f64,
    /// Everything it printed, and the end of its server's log: shown when it failed.
    output: String,
}

impl FileOutcome {
    fn report(&self, lane: usize, title: &str) -> String {
        if self.ok {
            format!(
                "    ok    {title}: {} passed ({:.0}s, lane {lane})",
                self.passed, self.seconds
            )
        } else {
            format!(
                "    FAIL  {title}: {} passed, {} failed ({:.0}s, lane {lane})\n{}",
                self.passed, self.failed, self.seconds, self.output
            )
        }
    }
}

/// Runs one file against the lane's shared server (started on first use, or again if it
/// stopped) or a server of its own on the run's day.
fn run_browser_file(run: &BrowserRun, shared: &mut Option<TestServer>) -> FileOutcome {
    let started = Instant::now();
    let failure = |output: String| FileOutcome {
        ok: false,
        passed: 0,
        failed: 1,
        seconds: started.elapsed().as_secs_f64(),
        output,
    };
    let own;
    let server = match run.server {
        ServerKind::OwnClock => match TestServer::start_logged(run.test_now.as_deref()) {
            Ok(server) => {
                own = server;
                &own
            }
            Err(Failure(message)) => return failure(message),
        },
        ServerKind::Shared => {
            if shared.as_mut().is_none_or(|s| !s.running()) {
                *shared = None;
                match TestServer::start_logged(run.test_now.as_deref()) {
                    Ok(server) => *shared = Some(server),
                    Err(Failure(message)) => return failure(message),
                }
            }
            match shared.as_ref() {
                Some(server) => server,
                None => return failure("no test server".into()),
            }
        }
    };
    let mut node = Command::new("node");
    node.args(["--test", "--test-reporter=spec", &run.file])
        .current_dir("end2end")
        .env("BASE_URL", &server.base_url)
        .env(
            "PUTRIGHT_BIN",
            std::path::absolute(target_dir().join("debug/putright")).unwrap_or_default(),
        )
        // So that a test can run `putright user …` against the test server's database.
        .env("PUTRIGHT_DATA_DIR", &server.data)
        .env("PUTRIGHT_DATABASE_URL", "")
        .stdin(std::process::Stdio::null());
    match &run.test_now {
        Some(at) => {
            node.env("PUTRIGHT_TEST_NOW", at)
                .env("PUTRIGHT_TEST_NOW_SINCE", server.since.to_string());
        }
        None => {
            node.env_remove("PUTRIGHT_TEST_NOW");
        }
    }
    let out = match node.output() {
        Ok(out) => out,
        Err(e) => return failure(format!("could not run node: {e}")),
    };
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    // The spec reporter ends with "ℹ pass N" and "ℹ fail N".
    let count = |label: &str| {
        output
            .lines()
            .filter_map(|line| line.trim().strip_prefix('ℹ'))
            .filter_map(|line| line.trim().strip_prefix(label))
            .filter_map(|n| n.trim().parse::<u64>().ok())
            .next_back()
    };
    let passed = count("pass ").unwrap_or(0);
    let failed = count("fail ").unwrap_or(0);
    let ok = out.status.success() && failed == 0;
    if !ok {
        output.push_str(&format!(
            "\n--- the end of the test server's log ---\n{}",
            server.log_tail(60)
        ));
    }
    FileOutcome {
        ok,
        passed,
        failed: if ok { 0 } else { failed.max(1) },
        seconds: started.elapsed().as_secs_f64(),
        output,
    }
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
    fn every_browser_test_file_runs_once_the_longest_first_then_the_dated_pages_on_each_day() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/tests");
        let runs = browser_runs_in(&dir, None).expect("the test files");
        let files: Vec<&BrowserRun> = runs
            .iter()
            .filter(|r| r.server == ServerKind::Shared)
            .collect();
        let mut names: Vec<&str> = files.iter().map(|r| r.file.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), files.len(), "a file runs once");
        assert!(names.contains(&"tests/staff_journey.test.mjs"));
        assert!(!names.contains(&"tests/support.mjs"), "not a test file");
        assert!(files.iter().all(|r| r.test_now.is_none()));
        let size = |r: &&BrowserRun| {
            std::fs::metadata(dir.join(r.file.trim_start_matches("tests/")))
                .expect("a file")
                .len()
        };
        assert!(
            files.windows(2).all(|w| size(&w[0]) >= size(&w[1])),
            "the longest first"
        );
        let dated: Vec<&BrowserRun> = runs[files.len()..].iter().collect();
        assert_eq!(dated.len(), DAYS.len(), "the dated runs come last");
        for (run, day) in dated.iter().zip(DAYS) {
            assert!(run.server == ServerKind::OwnClock);
            assert_eq!(run.file, "tests/dates.test.mjs");
            assert_eq!(run.test_now.as_deref(), Some(day.at));
        }
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
