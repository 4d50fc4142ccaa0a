//! `putright`: the server and its command line.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use domain::Role;
use server::{Application, config::Settings, dates, open_database, shutdown_signal, telemetry};
use std::{path::PathBuf, process::ExitCode};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "putright",
    version,
    about = "Putright: complaints handling for social housing"
)]
struct Cli {
    /// A TOML settings file (default: ./putright.toml when it exists).
    #[arg(long, global = true, env = "PUTRIGHT_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Load the demo data: an account for each role and cases in every state (see
    /// README.md). Loading it again adds nothing.
    #[command(alias = "demo")]
    SeedDemo,
    /// Copy every file (case files, their copies made safe to share, drafts' files) from the
    /// store the `file_store` setting names to the other one, checking each copy's SHA-256
    /// against the digest recorded when it arrived. Run it before changing the setting;
    /// running it again copies only what is missing. The old store is left as it was.
    MoveFiles {
        /// The store to copy into: `database` or `directory`.
        #[arg(long, value_enum)]
        to: server::config::FileStore,
    },
    /// Fill the database with synthetic data for benchmarks: CASES cases received over the
    /// last ten years, 300 staff and customers in proportion. Only for a fresh database:
    /// it refuses one that already has scale data.
    SeedScale {
        /// How many cases to make.
        #[arg(long)]
        cases: usize,
    },
    /// Bring in cases from the previous system: a UTF-8 CSV file with a header row (see
    /// README.md for its columns). Every row is checked first; if any is wrong, nothing is
    /// imported and each problem is listed with its line and column. Rows imported before
    /// (the same old reference) are left as they are.
    Import {
        /// The CSV file.
        #[arg(long)]
        csv: PathBuf,
        /// Check the file without importing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Measure the import: write a CSV file of ROWS made-up cases, check it, import it, and
    /// print the rates and peak memory. Use a fresh database.
    BenchImport {
        /// How many rows to write.
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Where to write the file (default: history-bench.csv in the data directory).
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// Measure the reports pages over the database as it is: start the server on a free
    /// local port, fetch each reports page and CSV download RUNS times, and print how long
    /// each took. Makes two accounts of its own for this, disabled when it is done.
    BenchReports {
        /// The reporting year: 2025 is 1 April 2025 to 31 March 2026 (default: the last
        /// year that has ended).
        #[arg(long)]
        year: Option<i32>,
        /// Timed fetches of each page, after one to warm up.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Measure the mail worker's scan (deadline warnings, reminders, digests) over the
    /// database as it is: run it RUNS times at the current time, one after another, and
    /// print how long each took and what it read. The first run queues whatever is due and
    /// was never queued, as a server's worker would; the rest show a minute with nothing new.
    BenchScan {
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Measure the busy pages under load over the database as it is: start the server on a
    /// free local port, drive the sign-in page, the work queue's scopes, search, a case's
    /// page and a resident's pages from CLIENTS at once for SECONDS each, and print each
    /// page's requests a second, p50/p95/p99 and share of the sign-in page's rate against
    /// the goals. Makes two accounts of its own for this, disabled when it is done.
    BenchPages {
        /// Clients asking at once.
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// How long each page is driven, after a second to warm up.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Only the pages whose name contains this (the sign-in page is always measured).
        #[arg(long)]
        only: Option<String>,
    },
    /// Prove that nothing answered is lost when the server dies: start a server of its own
    /// (its own data directory, SQLite unless --database-url is given), send COMPLAINTS
    /// through the online form from CLIENTS at once, kill it with SIGKILL after KILL_AFTER
    /// answers, start it again, then check that every complaint answered is stored whole
    /// and no case is half-written. Prints the figures; fails when anything is missing.
    BenchDurability {
        /// A database to use instead (PostgreSQL: a fresh, empty one).
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long, default_value_t = 1000)]
        complaints: usize,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 400)]
        kill_after: usize,
        /// Every n-th complaint carries an evidence file (0: none).
        #[arg(long, default_value_t = 10)]
        file_every: usize,
        /// Keep the run's data directory (it is removed when all is well).
        #[arg(long)]
        keep: bool,
    },
    /// Prove that several app servers on one PostgreSQL share everything: make a database
    /// of its own on the PostgreSQL server given, start two servers behind HAProxy
    /// (round-robin, no sticky sessions) and a local SMTP server, run a journey through it
    /// (complaints with files, staff steps, files opened, an import watched to the end),
    /// kill one server with SIGKILL midway, then check that everything answered is there,
    /// every file opens through the survivor and no e-mail was sent twice. Prints the
    /// figures; fails when anything is off. Needs HAProxy (Debian's `haproxy` package).
    CheckCluster {
        /// The PostgreSQL server, as a URL to any database there (default: the
        /// database_url setting).
        #[arg(long)]
        database_url: Option<String>,
        /// The HAProxy program.
        #[arg(long, default_value = "haproxy")]
        haproxy: PathBuf,
        /// Complaints sent with both servers up, and again around the kill.
        #[arg(long, default_value_t = 60)]
        complaints: usize,
        /// Clients sending at once around the kill.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Rows of the history file imported.
        #[arg(long, default_value_t = 5000)]
        import_rows: u64,
        /// Keep the database and the servers' data directories afterwards.
        #[arg(long)]
        keep: bool,
    },
    /// Working days in England and Wales.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// The deadlines of a stage for a case received at a given time, as JSON.
    Deadlines {
        /// The policy in force: 2024 (current) or 2020.
        #[arg(long, default_value = "2024")]
        policy: String,
        /// When it was received (or the review requested), RFC 3339: 2024-12-20T10:00:00Z.
        #[arg(long)]
        received: String,
        /// When it was acknowledged, YYYY-MM-DD: the response then runs from this date.
        #[arg(long)]
        acknowledged: Option<String>,
        /// 1 or 2.
        #[arg(long, default_value_t = 1)]
        stage: u8,
    },
    /// The regulator's figures.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the integration API's clients.
    ApiClient {
        #[command(subcommand)]
        command: ApiClientCommand,
    },
}

#[derive(Subcommand)]
enum ApiClientCommand {
    /// Make a client and print its token, once (the same as `/admin/api-clients`).
    Add {
        #[arg(long)]
        name: String,
        /// officer, manager, complaints_manager, head_of_service or board_member.
        #[arg(long)]
        role: Role,
        /// cases:read, cases:create, cases:steps, reports:read; repeat or separate with commas.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Print the date N working days after DATE (YYYY-MM-DD).
    Add { date: String, n: String },
    /// Print the number of working days after A up to and including B.
    Between { a: String, b: String },
    /// Close the office on DATE (YYYY-MM-DD), a working day no longer, and count every open
    /// complaint's next deadline again: each one that moves says so on its timeline. Running
    /// servers count with the new calendar once restarted.
    Close {
        date: String,
        /// What the day is, as staff and residents will read it: "Staff training day".
        name: String,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Print TSM CH01 and CH02 for reporting year N (1 April N to 31 March N+1) as one JSON
    /// object, computed by the same code as the reports page.
    Tsm {
        /// The year the reporting year starts in: 2025 is 1 April 2025 to 31 March 2026.
        #[arg(long)]
        year: i32,
        /// The number of homes, instead of the count an admin set for the year.
        #[arg(long)]
        homes: Option<u32>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input when it is piped in;
    /// otherwise one is generated and printed once.
    Add {
        /// resident, officer, manager, complaints_manager, head_of_service,
        /// involved_customer, admin or board_member.
        #[arg(long)]
        role: Role,
        #[arg(long)]
        email: String,
        /// The name shown to others (default: the part of the address before the @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable an account: it cannot sign in, and every session it has ends at once.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// Print a one-time link, good for an hour, that sets a new password for the account.
    /// Nothing is e-mailed: pass the link on yourself.
    ResetPassword { email: String },
    /// Remove the account's second factor (a lost phone): every session ends, and the next
    /// sign-in sets up an authenticator app again.
    ResetSecondFactor { email: String },
}

fn main() -> ExitCode {
    match server::runtime() {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("putright: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    // Date commands need no settings, database or logs: they only compute.
    let dates = match &cli.command {
        Some(Command::Calendar {
            command: CalendarCommand::Add { date, n },
        }) => Some(dates::add(date, n)),
        Some(Command::Calendar {
            command: CalendarCommand::Between { a, b },
        }) => Some(dates::between(a, b)),
        Some(Command::Deadlines {
            policy,
            received,
            acknowledged,
            stage,
        }) => Some(dates::deadlines(
            policy,
            received,
            acknowledged.as_deref(),
            *stage,
        )),
        _ => None,
    };
    if let Some(result) = dates {
        return match result {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(dates::Usage(message)) => {
                eprintln!("putright: {message}");
                ExitCode::from(2)
            }
        };
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("putright: configuration problem: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    tracing::debug!(?settings, "settings");

    // The benchmarks start `putright serve` with the same settings file.
    let config = cli.config.clone();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
        Command::SeedDemo => load_demo(settings).await,
        Command::MoveFiles { to } => move_files(settings, to).await,
        Command::SeedScale { cases } => seed_scale(settings, cases).await,
        Command::Import { csv, dry_run } => import(settings, csv, dry_run).await,
        Command::BenchImport { rows, csv } => bench_import(settings, rows, csv).await,
        Command::BenchReports { year, runs } => {
            bench_reports(&bench_target(&settings, config), year, runs).await
        }
        Command::BenchScan { runs } => bench_scan(settings, runs).await,
        Command::BenchPages {
            clients,
            seconds,
            only,
        } => bench_pages(&bench_target(&settings, config), clients, seconds, only).await,
        Command::BenchDurability {
            database_url,
            complaints,
            clients,
            kill_after,
            file_every,
            keep,
        } => {
            let options = bench::durability::Options {
                database_url,
                complaints,
                clients,
                kill_after,
                file_every,
                keep,
            };
            bench_durability(settings, options).await
        }
        Command::CheckCluster {
            database_url,
            haproxy,
            complaints,
            clients,
            import_rows,
            keep,
        } => {
            let options = bench::cluster::Options {
                database_url: database_url.unwrap_or_else(|| settings.database_url()),
                haproxy,
                complaints,
                clients,
                import_rows,
                keep,
            };
            check_cluster(settings, options).await
        }
        Command::Calendar {
            command: CalendarCommand::Close { date, name },
        } => server::operator::close_day(settings, &date, &name).await,
        Command::Calendar { .. } | Command::Deadlines { .. } => Ok(()),
        Command::User {
            command: UserCommand::Add { role, email, name },
        } => server::operator::add_user(settings, role, email, name).await,
        Command::User {
            command: UserCommand::Disable { email },
        } => server::operator::set_disabled(settings, &email, true).await,
        Command::User {
            command: UserCommand::Enable { email },
        } => server::operator::set_disabled(settings, &email, false).await,
        Command::User {
            command: UserCommand::ResetPassword { email },
        } => server::operator::reset_password(settings, &email).await,
        Command::User {
            command: UserCommand::ResetSecondFactor { email },
        } => server::operator::reset_second_factor(settings, &email).await,
        Command::Report {
            command: ReportCommand::Tsm { year, homes },
        } => server::operator::report_tsm(settings, year, homes).await,
        Command::ApiClient {
            command: ApiClientCommand::Add { name, role, scopes },
        } => server::operator::add_api_client(settings, &name, role, &scopes).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("putright: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    let addr = app.local_addr();
    tracing::info!("Putright is running at http://{addr} (Ctrl-C to stop)");
    app.run_until(shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

async fn migrate(settings: Settings) -> Result<(), String> {
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    tracing::info!("the database schema is up to date");
    Ok(())
}

async fn load_demo(settings: Settings) -> Result<(), String> {
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    // The demo's letters are e-mailed with links to where the server will answer.
    let base = settings
        .public_origin()
        .unwrap_or_else(|| format!("http://{}", settings.bind));
    let loaded = server::demo::load_for(&db, settings.clock().now(), &base)
        .await
        .map_err(|e| format!("could not load the demo data: {e}"))?;
    println!(
        "Demo data: {} accounts and {} cases added. Sign in as any account with the password `{}`:",
        loaded.accounts,
        loaded.cases,
        server::demo::DEMO_PASSWORD
    );
    for (role, email, _) in server::demo::DEMO_ACCOUNTS {
        println!("  {:<20} {email}", role.label());
    }
    Ok(())
}

async fn seed_scale(settings: Settings, cases: usize) -> Result<(), String> {
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    let started = std::time::Instant::now();
    let report = server::scale::seed(&db, cases, settings.clock().now())
        .await
        .map_err(|e| format!("could not load the scale data: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    // Closing checkpoints SQLite's write-ahead log into the database file.
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))?;
    println!(
        "Scale data: {} cases ({} service requests, {} complaints of which {} reached Stage 2, \
         {} compliments), {} customers, {} staff and {} timeline entries.",
        report.cases,
        report.service_requests,
        report.complaints,
        report.stage2,
        report.compliments,
        report.customers,
        report.staff,
        report.timeline_entries,
    );
    println!(
        "Took {seconds:.1} s: {:.0} cases a second.",
        report.cases as f64 / seconds.max(f64::EPSILON)
    );
    println!(
        "Staff sign in as {} to {} with the password `{}`.",
        server::scale::staff_email(1),
        server::scale::staff_email(report.staff),
        server::scale::SCALE_PASSWORD
    );
    Ok(())
}

async fn move_files(settings: Settings, to: server::config::FileStore) -> Result<(), String> {
    if to == settings.file_store() {
        let from = match to {
            server::config::FileStore::Directory => "database",
            server::config::FileStore::Database => "directory",
        };
        return Err(format!(
            "The file_store setting (or, when it is unset, the default for this database) \
             already names the {} store, so there is nothing to copy from. To copy the files \
             from the {from} store, name it for this command: \
             PUTRIGHT_FILE_STORE={from} putright move-files --to {}",
            to.as_str(),
            to.as_str()
        ));
    }
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    let from = settings.file_store().open(&settings.data_dir, &db);
    let into = to.open(&settings.data_dir, &db);
    let moved = storage::move_files::move_files(&db, from.as_ref(), into.as_ref())
        .await
        .map_err(|e| format!("could not read the files' list: {e}"));
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))?;
    let moved = moved?;
    println!(
        "Copied {} files, each checked by its SHA-256; {} were there already.",
        moved.copied, moved.already
    );
    if moved.problems.is_empty() {
        println!("Now set file_store to the new store and restart every app server.");
        Ok(())
    } else {
        for problem in &moved.problems {
            eprintln!("{problem}");
        }
        Err(format!(
            "{} files could not be copied (listed above): keep file_store as it is",
            moved.problems.len()
        ))
    }
}

/// The server the settings (read from `config`, if a file was given) describe, as the
/// benchmarks and checks see it.
fn bench_target(settings: &Settings, config: Option<PathBuf>) -> bench::Target {
    bench::Target {
        config,
        data_dir: settings.data_dir.clone(),
        database_url: settings.database_url(),
        site_root: settings.site_root.clone(),
        session_cookie: app::auth::session::COOKIE,
        files: |url, data_dir, db| server::config::FileStore::default_for(url).open(data_dir, db),
    }
}

async fn check_cluster(settings: Settings, options: bench::cluster::Options) -> Result<(), String> {
    let report = bench::cluster::run(&bench_target(&settings, None), options).await?;
    for line in &report.lines {
        println!("{line}");
    }
    if report.sound() {
        println!("Nothing answered was lost, every file opened, and no e-mail was sent twice.");
        Ok(())
    } else {
        for problem in &report.problems {
            eprintln!("problem: {problem}");
        }
        Err(format!("{} problems (listed above)", report.problems.len()))
    }
}

async fn import(settings: Settings, csv: PathBuf, dry_run: bool) -> Result<(), String> {
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    let result = server::history::import(&db, &csv, dry_run, settings.clock().now()).await;
    // Closing checkpoints SQLite's write-ahead log into the database file.
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))?;
    result
}

async fn bench_import(settings: Settings, rows: u64, csv: Option<PathBuf>) -> Result<(), String> {
    bench::import::run(&bench_target(&settings, None), rows, csv).await
}

async fn bench_scan(settings: Settings, runs: usize) -> Result<(), String> {
    let db = open_database(&settings).await.map_err(|e| e.to_string())?;
    let calendar = storage::reference::calendar(&db)
        .await
        .map_err(|e| format!("could not read the calendar: {e}"))?;
    let now = settings.clock().now();
    for run in 1..=runs.max(1) {
        let started = std::time::Instant::now();
        let scanned = server::mail::scan(&db, &calendar, now)
            .await
            .map_err(|e| format!("the scan failed: {e}"))?;
        println!(
            "Scan {run}: {:.1} ms, {} open complaints and {} remedies and orders read, {} messages queued.",
            started.elapsed().as_secs_f64() * 1000.0,
            scanned.cases,
            scanned.owed,
            scanned.queued
        );
    }
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))
}

async fn bench_durability(
    settings: Settings,
    options: bench::durability::Options,
) -> Result<(), String> {
    let report = bench::durability::run(&bench_target(&settings, None), options).await?;
    for line in report.lines() {
        println!("{line}");
    }
    if report.sound() {
        println!("Every complaint answered is there, whole.");
        return Ok(());
    }
    for label in report.missing.iter().chain(&report.incomplete) {
        println!("  {label}");
    }
    Err(format!(
        "answered complaints lost or incomplete, or cases half-written; the run's data is in {}",
        report.data_dir.display()
    ))
}

async fn bench_reports(
    target: &bench::Target,
    year: Option<i32>,
    runs: usize,
) -> Result<(), String> {
    use bench::reports::{GOAL, Options, last_full_year, run};
    let year = match year {
        Some(y) => domain::reports::ReportingYear::new(y).map_err(|e| e.to_string())?,
        None => last_full_year(),
    };
    let timings = run(
        target,
        Options {
            year,
            runs: runs.max(1),
        },
    )
    .await?;
    let over = timings.iter().filter(|t| t.slowest() > GOAL).count();
    if over > 0 {
        return Err(format!(
            "{over} of {} pages took longer than {} s at least once",
            timings.len(),
            GOAL.as_secs()
        ));
    }
    println!("Every page answered within {} s.", GOAL.as_secs());
    Ok(())
}

async fn bench_pages(
    target: &bench::Target,
    clients: usize,
    seconds: f64,
    only: Option<String>,
) -> Result<(), String> {
    use bench::pages::{Options, run};
    let figures = run(
        target,
        Options {
            clients: clients.max(1),
            seconds,
            only,
        },
    )
    .await?;
    let yardstick = figures.first().map_or(0.0, |f| f.rate());
    let missed: Vec<&str> = figures
        .iter()
        .skip(1)
        .filter(|f| !f.meets(yardstick))
        .map(|f| f.name)
        .collect();
    if missed.is_empty() {
        println!("Every page met the goal.");
        Ok(())
    } else {
        Err(format!(
            "{} pages missed the goal: {}",
            missed.len(),
            missed.join(", ")
        ))
    }
}
