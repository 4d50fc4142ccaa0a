//! `putright bench-reports`: how long each reports page takes over the database as it is,
//! measured through the real server.
//!
//! `putright serve` is started as a child process on a free local port (without the mail
//! worker; its log is `server.log` in the data directory), and every page is fetched over TCP with a
//! plain HTTP/1.1 GET, the whole body read, as a browser without the bundle would: the
//! reports page (as the complaints manager and as the board member), the annual report,
//! the learning page and every table's CSV download. Each is fetched once to warm up and
//! then [`Options::runs`] times.
//!
//! To sign in it makes two accounts of its own (a complaints manager and a board member,
//! `bench-…@putright.invalid`, with random passwords nobody is told), and disables them
//! when it is done. Meant for a benchmark database such as `seed-scale` or `bench-import`
//! makes, not for a live one.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::Utc;
use domain::Role;
use domain::reports::{ReportingYear, TABLE_SLUGS};
use storage::Db;

use crate::Target;
use crate::durability::{Server, exchange, free_address};

/// The goal: each page in at most this long.
pub const GOAL: Duration = Duration::from_secs(1);

/// What to measure.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The reporting year shown.
    pub year: ReportingYear,
    /// Timed fetches of each page, after one to warm up.
    pub runs: usize,
}

/// One page's times, fastest first.
#[derive(Debug, Clone)]
pub struct Timing {
    pub page: String,
    pub who: &'static str,
    pub bytes: usize,
    pub times: Vec<Duration>,
}

impl Timing {
    pub fn median(&self) -> Duration {
        self.times
            .get(self.times.len() / 2)
            .copied()
            .unwrap_or_default()
    }

    pub fn slowest(&self) -> Duration {
        self.times.last().copied().unwrap_or_default()
    }
}

/// The last reporting year that has ended by today (London): the busiest full year of a
/// benchmark database.
pub fn last_full_year() -> ReportingYear {
    let today = domain::london::to_london(Utc::now()).date();
    let current = ReportingYear::containing(today);
    ReportingYear::new(current.year() - 1).unwrap_or(current)
}

/// Runs the benchmark (see the module's notes) and returns each page's times.
pub async fn run(target: &Target, options: Options) -> Result<Vec<Timing>, String> {
    let db = target.open().await?;
    let cases = storage::cases::count(&db)
        .await
        .map_err(|e| format!("could not count the cases: {e}"))?;
    println!(
        "{cases} cases in the database; measuring the pages for {} ({} timed fetches of each after one to warm up).",
        options.year.label(),
        options.runs
    );

    let server = Server {
        addr: free_address()?,
        data_dir: target.data_dir.clone(),
        database_url: target.database_url.clone(),
        site_root: Some(target.site_root.clone()),
        settings: Vec::new(),
        config: target.config.clone(),
    };
    let child = server.start().await?;

    let manager = BenchAccount::open(&db, target.session_cookie, Role::ComplaintsManager).await?;
    let board = BenchAccount::open(&db, target.session_cookie, Role::BoardMember).await?;
    let result = measure(server.addr, &manager, &board, options).await;
    for account in [&manager, &board] {
        if let Err(e) = storage::accounts::set_disabled(&db, account.id, true, Utc::now()).await {
            eprintln!(
                "could not disable the benchmark account {}: {e}",
                account.email
            );
        }
    }
    drop(child);
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))?;
    result
}

async fn measure(
    addr: SocketAddr,
    manager: &BenchAccount,
    board: &BenchAccount,
    options: Options,
) -> Result<Vec<Timing>, String> {
    let year = options.year.year();
    let mut pages: Vec<(String, &BenchAccount)> = vec![
        (format!("/reports?year={year}"), manager),
        (format!("/reports?year={year}"), board),
        (format!("/reports/annual?year={year}"), manager),
        (format!("/learning?year={year}"), manager),
    ];
    pages.extend(
        TABLE_SLUGS
            .iter()
            .map(|slug| (format!("/reports/{year}/{slug}.csv"), manager)),
    );
    let mut timings = Vec::with_capacity(pages.len());
    for (page, account) in pages {
        let mut times = Vec::with_capacity(options.runs);
        let mut bytes = 0;
        for run in 0..=options.runs {
            let started = Instant::now();
            let (status, body) = get(addr, &page, &account.cookie).await?;
            let took = started.elapsed();
            if status != 200 {
                return Err(format!("{page} answered {status} for the {}", account.who));
            }
            bytes = body;
            if run > 0 {
                times.push(took);
            }
        }
        times.sort_unstable();
        let timing = Timing {
            page,
            who: account.who,
            bytes,
            times,
        };
        println!("{}", line(&timing));
        timings.push(timing);
    }
    Ok(timings)
}

/// `/reports?year=2025 (board member, 41 KiB): median 212 ms, slowest 230 ms`.
pub fn line(timing: &Timing) -> String {
    let verdict = if timing.slowest() <= GOAL {
        "within 1 s"
    } else {
        "OVER 1 s"
    };
    format!(
        "{:<36} {:<20} {:>5} KiB  median {:>6.0} ms  slowest {:>6.0} ms  {verdict}",
        timing.page,
        timing.who,
        timing.bytes / 1024,
        timing.median().as_secs_f64() * 1000.0,
        timing.slowest().as_secs_f64() * 1000.0,
    )
}

/// An account made for one run, signed in: its session cookie, `name=value`.
pub(crate) struct BenchAccount {
    pub(crate) id: i32,
    pub(crate) email: String,
    pub(crate) who: &'static str,
    pub(crate) cookie: String,
}

impl BenchAccount {
    pub(crate) async fn open(db: &Db, cookie_name: &str, role: Role) -> Result<Self, String> {
        let now = Utc::now();
        let email = format!("bench-{}@putright.invalid", uuid::Uuid::new_v4().simple());
        let password = uuid::Uuid::new_v4().to_string();
        let account = storage::accounts::create(db, &email, "Benchmark", role, &password, now)
            .await
            .map_err(|e| format!("could not make a benchmark account: {e}"))?;
        // Signed in directly: the benchmark measures pages, not sign-in and its second factor.
        let token = storage::accounts::open_session(db, account.id, now)
            .await
            .map_err(|e| format!("could not sign the benchmark account in: {e}"))?;
        Ok(Self {
            id: account.id,
            email,
            who: match role {
                Role::BoardMember => "board member",
                Role::Resident => "resident",
                _ => "complaints manager",
            },
            cookie: format!("{cookie_name}={}", token.expose()),
        })
    }
}

/// Fetches `path` over a new connection and reads the whole answer: the status and the
/// bytes received.
async fn get(addr: SocketAddr, path: &str, cookie: &str) -> Result<(u16, usize), String> {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
    );
    let answer = exchange(addr, request.as_bytes())
        .await
        .map_err(|e| format!("fetching {path}: {e}"))?;
    Ok((answer.status, answer.bytes))
}
