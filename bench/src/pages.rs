//! `putright bench-pages`: how many requests a second each busy page serves, with many
//! people asking at once, over the database as it is.
//!
//! It starts `putright serve` as a child process on a free local port over the database
//! the settings name, exactly as in production (without the mail worker), and drives each
//! page from [`Options::clients`] clients at once for [`Options::seconds`], after a second
//! to warm up. Each request is a plain HTTP/1.1 GET on a new connection, the whole answer
//! read, as a browser without the bundle would. The static sign-in page is measured first:
//! it is the yardstick, since it needs no database, and each page's rate is given as a
//! share of it.
//!
//! The goals (issue-level, see the README's "Pages at scale"): every page at least
//! [`GOAL_SHARE`] of the sign-in page's rate, with p95 at most [`GOAL_P95`], and no answer
//! but 200. A 503 (the server refusing as busy) is counted apart from other failures.
//!
//! Who it signs in as: a complaints manager account of its own (all cases, unassigned,
//! search, a case's page, rotating over the 200 most urgent open cases); the Stage 1
//! handler with the most open cases (their "My cases" and their team's); and a resident
//! account of its own, given for the run the customer with the most cases (their list and
//! each of their cases' pages in turn). Sessions are opened directly: the benchmark
//! measures pages, not signing in. When it is done, its accounts are disabled, the
//! customer gets back the account it had, and the handler's session is closed. Meant for a
//! benchmark database such as `seed-scale` makes, never a live one.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use domain::Role;
use storage::Db;
use storage::accounts::SessionToken;
use storage::worklist::{Scope, WorklistFilter};

use crate::Target;
use crate::durability::{Server, exchange, free_address};
use crate::reports::BenchAccount;

/// Each page serves at least this share of the static page's requests a second.
pub const GOAL_SHARE: f64 = 0.5;

/// Each page's 95th percentile at most this.
pub const GOAL_P95: Duration = Duration::from_millis(100);

/// How the pages are driven.
#[derive(Debug, Clone)]
pub struct Options {
    /// Clients asking at once.
    pub clients: usize,
    /// How long each page is driven, after one second to warm up.
    pub seconds: f64,
    /// Only the pages whose name contains this.
    pub only: Option<String>,
}

/// One page's figures.
#[derive(Debug, Clone)]
pub struct Figures {
    pub name: &'static str,
    pub path: String,
    pub requests: usize,
    /// Answers other than 200 and 503.
    pub failed: usize,
    /// Answers 503: refused as busy.
    pub busy: usize,
    pub elapsed: Duration,
    /// Every answer's time, fastest first.
    pub times: Vec<Duration>,
    pub bytes: usize,
}

impl Figures {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(0.001)
    }

    pub fn percentile(&self, p: f64) -> Duration {
        if self.times.is_empty() {
            return Duration::ZERO;
        }
        let at = ((self.times.len() - 1) as f64 * p).round() as usize;
        self.times[at.min(self.times.len() - 1)]
    }

    /// Whether the page met the goals, against the static page's rate.
    pub fn meets(&self, yardstick: f64) -> bool {
        self.failed == 0
            && self.busy == 0
            && self.percentile(0.95) <= GOAL_P95
            && self.rate() >= GOAL_SHARE * yardstick
    }

    /// One line of the table.
    pub fn line(&self, yardstick: f64) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let share = self.rate() / yardstick.max(0.001);
        format!(
            "{:<26} {:>7.0} req/s {:>5.0}%  p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms  {:>6} KiB  {:>3} failed  {:>4} busy  {}",
            self.name,
            self.rate(),
            share * 100.0,
            ms(self.percentile(0.5)),
            ms(self.percentile(0.95)),
            ms(self.percentile(0.99)),
            self.bytes / 1024,
            self.failed,
            self.busy,
            if self.meets(yardstick) {
                "meets the goal"
            } else {
                "MISSES the goal"
            }
        )
    }
}

/// A page to drive: its name, who asks, and the addresses asked for in turn.
struct Page {
    name: &'static str,
    cookie: Option<String>,
    paths: Vec<String>,
}

/// Runs the benchmark (see the module's notes). The static page's figures come first.
pub async fn run(target: &Target, options: Options) -> Result<Vec<Figures>, String> {
    let db = target.open().await?;
    let cases = storage::cases::count(&db)
        .await
        .map_err(|e| format!("could not count the cases: {e}"))?;
    println!(
        "{cases} cases in the database; each page driven by {} clients for {:.0} s after 1 s to warm up.",
        options.clients, options.seconds
    );
    let people = People::open(&db, target.session_cookie).await?;
    let result = async {
        let pages = people.pages(&db).await?;
        let data_dir = target.data_dir.clone();
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| format!("could not make {}: {e}", data_dir.display()))?;
        let server = Server {
            addr: free_address()?,
            data_dir: data_dir.clone(),
            database_url: target.database_url.clone(),
            site_root: Some(target.site_root.clone()),
            settings: Vec::new(),
            config: target.config.clone(),
        };
        let _child = server.start().await?;
        println!(
            "Server started on {}; its log is {}.",
            server.addr,
            data_dir.join("server.log").display()
        );
        let mut figures = Vec::new();
        for page in pages {
            let wanted = page.name == SIGN_IN
                || options
                    .only
                    .as_deref()
                    .is_none_or(|only| page.name.contains(only));
            if !wanted {
                continue;
            }
            let page = Arc::new(page);
            drive(server.addr, &page, options.clients, Duration::from_secs(1)).await;
            let measured = drive(
                server.addr,
                &page,
                options.clients,
                Duration::from_secs_f64(options.seconds.max(0.1)),
            )
            .await;
            let yardstick = figures.first().map_or(measured.rate(), Figures::rate);
            println!("{}", measured.line(yardstick));
            figures.push(measured);
        }
        Ok(figures)
    }
    .await;
    people.close(&db).await;
    db.close()
        .await
        .map_err(|e| format!("could not close the database: {e}"))?;
    result
}

const SIGN_IN: &str = "sign-in (static)";

/// Drives one page for `how_long` from `clients` clients.
async fn drive(addr: SocketAddr, page: &Arc<Page>, clients: usize, how_long: Duration) -> Figures {
    let started = Instant::now();
    let deadline = started + how_long;
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients.max(1) {
        let (page, next) = (page.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            while Instant::now() < deadline {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let path = &page.paths[n % page.paths.len()];
                let cookie = page
                    .cookie
                    .as_deref()
                    .map(|c| format!("Cookie: {c}\r\n"))
                    .unwrap_or_default();
                let request = format!(
                    "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}Accept: text/html\r\nConnection: close\r\n\r\n"
                );
                let asked = Instant::now();
                let answer = exchange(addr, request.as_bytes()).await;
                let took = asked.elapsed();
                seen.push(match answer {
                    Ok(a) => (took, a.status, a.bytes),
                    Err(_) => (took, 0, 0),
                });
            }
            seen
        }));
    }
    let mut figures = Figures {
        name: page.name,
        path: page.paths[0].clone(),
        requests: 0,
        failed: 0,
        busy: 0,
        elapsed: Duration::ZERO,
        times: Vec::new(),
        bytes: 0,
    };
    for task in tasks {
        for (took, status, bytes) in task.await.unwrap_or_default() {
            figures.requests += 1;
            figures.times.push(took);
            match status {
                200 => figures.bytes = figures.bytes.max(bytes),
                503 => figures.busy += 1,
                _ => figures.failed += 1,
            }
        }
    }
    figures.elapsed = started.elapsed();
    figures.times.sort_unstable();
    figures
}

/// The accounts the benchmark signs in as (see the module's notes).
struct People {
    manager: BenchAccount,
    resident: BenchAccount,
    /// The busiest handler and their session, closed at the end.
    handler: Option<(i32, SessionToken)>,
    /// The session cookie's name.
    cookie_name: &'static str,
    /// The customer lent to the resident account, and the account it had.
    customer: Option<(i32, Option<i32>)>,
}

fn cookie(name: &str, token: &SessionToken) -> String {
    format!("{name}={}", token.expose())
}

impl People {
    async fn open(db: &Db, cookie_name: &'static str) -> Result<Self, String> {
        let failed = |what: &str| {
            let what = what.to_owned();
            move |e: storage::StorageError| format!("could not find {what}: {e}")
        };
        let manager = BenchAccount::open(db, cookie_name, Role::ComplaintsManager).await?;
        let resident = BenchAccount::open(db, cookie_name, Role::Resident).await?;
        let mut people = Self {
            manager,
            resident,
            handler: None,
            cookie_name,
            customer: None,
        };
        if let Some((handler, _)) = storage::bench::busiest_handler(db)
            .await
            .map_err(failed("the busiest handler"))?
        {
            let token = storage::accounts::open_session(db, handler, Utc::now())
                .await
                .map_err(failed("a session for the busiest handler"))?;
            people.handler = Some((handler, token));
        }
        if let Some((customer, _)) = storage::bench::busiest_customer(db)
            .await
            .map_err(failed("the customer with the most cases"))?
        {
            let before = storage::bench::give_customer_to(db, customer, Some(people.resident.id))
                .await
                .map_err(failed("the customer with the most cases"))?;
            people.customer = Some((customer, before));
        }
        Ok(people)
    }

    /// The pages to drive, the static page first.
    async fn pages(&self, db: &Db) -> Result<Vec<Page>, String> {
        let calendar = storage::reference::calendar(db)
            .await
            .map_err(|e| format!("could not read the calendar: {e}"))?;
        let urgent = storage::worklist::list(
            db,
            &WorklistFilter {
                scope: Scope::All,
                limit: Some(200),
                ..WorklistFilter::default()
            },
            &calendar,
        )
        .await
        .map_err(|e| format!("could not read the work queue: {e}"))?;
        let surname = urgent
            .rows
            .iter()
            .find_map(|r| r.customer_name.as_deref()?.split_whitespace().last())
            .unwrap_or("Smith")
            .to_owned();
        let staff_cases: Vec<String> = urgent
            .rows
            .iter()
            .map(|r| format!("/staff/cases/{}", r.reference))
            .collect();
        let resident_cases: Vec<String> = storage::cases::for_resident(db, self.resident.id)
            .await
            .map_err(|e| format!("could not read the resident's cases: {e}"))?
            .iter()
            .map(|c| format!("/cases/{}", c.reference))
            .collect();
        let manager = Some(self.manager.cookie.clone());
        let resident = Some(self.resident.cookie.clone());
        let mut pages = vec![Page {
            name: SIGN_IN,
            cookie: None,
            paths: vec!["/sign-in".into()],
        }];
        if let Some((_, token)) = &self.handler {
            let handler = Some(cookie(self.cookie_name, token));
            pages.push(Page {
                name: "my cases (busiest)",
                cookie: handler.clone(),
                paths: vec!["/staff?scope=mine".into()],
            });
            pages.push(Page {
                name: "my team (busiest)",
                cookie: handler,
                paths: vec!["/staff?scope=team".into()],
            });
        }
        pages.push(Page {
            name: "all cases",
            cookie: manager.clone(),
            paths: vec!["/staff?scope=all".into()],
        });
        pages.push(Page {
            name: "unassigned",
            cookie: manager.clone(),
            paths: vec!["/staff?scope=unassigned".into()],
        });
        pages.push(Page {
            name: "search by surname",
            cookie: manager.clone(),
            paths: vec![format!("/staff?scope=all&search={surname}")],
        });
        if !staff_cases.is_empty() {
            pages.push(Page {
                name: "a case (staff)",
                cookie: manager,
                paths: staff_cases,
            });
        }
        pages.push(Page {
            name: "their cases (resident)",
            cookie: resident.clone(),
            paths: vec!["/cases".into()],
        });
        if !resident_cases.is_empty() {
            pages.push(Page {
                name: "a case (resident)",
                cookie: resident,
                paths: resident_cases,
            });
        }
        Ok(pages)
    }

    /// Puts everything back (see the module's notes); what cannot be is said.
    async fn close(&self, db: &Db) {
        let now = Utc::now();
        if let Some((customer, before)) = self.customer
            && let Err(e) = storage::bench::give_customer_to(db, customer, before).await
        {
            eprintln!("could not give customer {customer} back its account: {e}");
        }
        if let Some((_, token)) = &self.handler
            && let Err(e) = storage::accounts::sign_out(db, token).await
        {
            eprintln!("could not close the busiest handler's session: {e}");
        }
        for account in [&self.manager, &self.resident] {
            if let Err(e) = storage::accounts::set_disabled(db, account.id, true, now).await {
                eprintln!("could not disable benchmark account {}: {e}", account.email);
            }
        }
    }
}
