//! `putright bench-durability`: nothing a resident was told we have is lost when the server
//! dies.
//!
//! It starts `putright serve` as a child process on a free local port with a data
//! directory of its own (and SQLite in it, or the database given), then sends complaints
//! through the online form exactly as a browser without JavaScript does (the form's
//! multipart post, then "Check your answers" confirmed), from many clients at once, every
//! few with an evidence file. Once a set number have been answered with their tracking
//! page it kills the server with SIGKILL, with posts in flight, starts it again on the same
//! database and carries on. Each complaint is tried once: one cut off by the kill counts as
//! unanswered, as it would for the resident, who saw no reference.
//!
//! Afterwards it opens the database and checks that every complaint answered with success
//! is there whole (its words, its customer, its file with the same bytes) and that no case
//! at all is half-written (`storage::integrity`). It prints the figures and fails when
//! anything is missing.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

use crate::Target;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The database; none means SQLite in the run's own data directory.
    pub database_url: Option<String>,
    /// Complaints to send in all.
    pub complaints: usize,
    /// Clients sending at once.
    pub clients: usize,
    /// Kill the server once this many have been answered.
    pub kill_after: usize,
    /// Every n-th complaint carries a file (0: none do).
    pub file_every: usize,
    /// Keep the data directory afterwards.
    pub keep: bool,
}

/// What happened, and what the database held afterwards.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub complaints: usize,
    /// Answered with a tracking page.
    pub answered: usize,
    /// Cut off by the kill, refused or failed: the resident saw no reference.
    pub unanswered: usize,
    /// Answered before the kill.
    pub answered_before_kill: usize,
    /// Answered complaints the database does not have.
    pub missing: Vec<String>,
    /// Answered complaints stored without some part (words, customer, file).
    pub incomplete: Vec<String>,
    /// Every case's check, answered or not.
    pub findings: storage::integrity::Findings,
    /// From the first post to the last answer, the restart included.
    pub elapsed: Duration,
    /// The time each answered complaint took (post and confirmation), fastest first.
    pub latencies: Vec<Duration>,
    pub data_dir: PathBuf,
}

impl Report {
    /// Nothing answered is missing or incomplete, and nothing is half-written.
    pub fn sound(&self) -> bool {
        self.missing.is_empty() && self.incomplete.is_empty() && self.findings.half_written() == 0
    }

    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let at = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[at.min(self.latencies.len() - 1)]
    }

    /// The figures, one per line.
    pub fn lines(&self) -> Vec<String> {
        let rate = self.answered as f64 / self.elapsed.as_secs_f64().max(0.001);
        vec![
            format!(
                "{} complaints sent; {} answered with a reference ({} before the kill), {} not answered (cut off by the kill).",
                self.complaints, self.answered, self.answered_before_kill, self.unanswered
            ),
            format!(
                "{:.0} complaints answered a second over {:.1} s, the restart included; each took median {:.0} ms, p95 {:.0} ms.",
                rate,
                self.elapsed.as_secs_f64(),
                self.percentile(0.5).as_secs_f64() * 1000.0,
                self.percentile(0.95).as_secs_f64() * 1000.0,
            ),
            format!(
                "Afterwards: {} answered complaints missing, {} incomplete; {} cases in the database, {} half-written.",
                self.missing.len(),
                self.incomplete.len(),
                self.findings.cases,
                self.findings.half_written()
            ),
        ]
    }
}

/// A complaint the server answered: its number, its tracking token, whether it had a file.
#[derive(Debug, Clone)]
pub(crate) struct Answered {
    pub(crate) number: usize,
    pub(crate) token: String,
    pub(crate) with_file: bool,
}

/// Runs the benchmark; an error is a run that could not be made (the server would not
/// start, say), not a finding.
pub async fn run(target: &Target, options: Options) -> Result<Report, String> {
    let data_dir = target.data_dir.join(format!(
        "bench-durability-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| format!("could not make {}: {e}", data_dir.display()))?;
    let database_url = options.database_url.clone().unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("putright.db").display()
        )
    });
    let server = Server {
        addr: free_address()?,
        data_dir: data_dir.clone(),
        database_url: database_url.clone(),
        site_root: None,
        settings: Vec::new(),
        config: None,
    };
    println!(
        "Sending {} complaints from {} clients to a server on {} ({}), killing it after {}.",
        options.complaints,
        options.clients,
        server.addr,
        if options.database_url.is_some() {
            "the database given"
        } else {
            "SQLite"
        },
        options.kill_after
    );
    let mut child = server.start().await?;

    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(Mutex::new(Vec::<(Answered, Duration)>::new()));
    let unanswered = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..options.clients.max(1))
        .map(|_| {
            let (next, answered, unanswered) = (next.clone(), answered.clone(), unanswered.clone());
            let addr = server.addr;
            let (total, file_every) = (options.complaints, options.file_every);
            tokio::spawn(async move {
                loop {
                    let number = next.fetch_add(1, Ordering::SeqCst);
                    if number >= total {
                        break;
                    }
                    let with_file = file_every > 0 && number % file_every == 0;
                    let began = Instant::now();
                    match send(addr, number, with_file).await {
                        Ok(token) => answered.lock().await.push((
                            Answered {
                                number,
                                token,
                                with_file,
                            },
                            began.elapsed(),
                        )),
                        Err(_) => {
                            unanswered.fetch_add(1, Ordering::SeqCst);
                            // The server is down: wait for it before the next complaint.
                            wait_until_up(addr, Duration::from_secs(60)).await.ok();
                        }
                    }
                }
            })
        })
        .collect();

    // Kill the server once enough are answered, then start it again at once.
    let answered_before_kill = loop {
        let so_far = answered.lock().await.len();
        let all_taken = next.load(Ordering::SeqCst) >= options.complaints;
        if so_far >= options.kill_after || all_taken {
            child
                .start_kill()
                .map_err(|e| format!("could not kill the server: {e}"))?;
            let _ = child.wait().await;
            let before = answered.lock().await.len();
            println!("Killed the server (SIGKILL) after {before} answers.");
            child = server.start().await?;
            break before;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    for client in clients {
        let _ = client.await;
    }
    let elapsed = started.elapsed();
    let _ = child.start_kill();
    let _ = child.wait().await;

    let answered = std::mem::take(&mut *answered.lock().await);
    let mut report = Report {
        complaints: options.complaints,
        answered: answered.len(),
        unanswered: unanswered.load(Ordering::SeqCst),
        answered_before_kill,
        elapsed,
        data_dir: data_dir.clone(),
        ..Report::default()
    };
    report.latencies = answered.iter().map(|(_, took)| *took).collect();
    report.latencies.sort_unstable();
    check(target, &database_url, &data_dir, &answered, &mut report).await?;
    if !options.keep && report.sound() {
        let _ = std::fs::remove_dir_all(&data_dir);
    }
    Ok(report)
}

/// Looks up every answered complaint and checks every case.
async fn check(
    target: &Target,
    database_url: &str,
    data_dir: &std::path::Path,
    answered: &[(Answered, Duration)],
    report: &mut Report,
) -> Result<(), String> {
    let db = storage::Db::connect(database_url)
        .await
        .map_err(|e| format!("could not open the database afterwards: {e}"))?;
    let blobs = (target.files)(database_url, data_dir, &db);
    let answered: Vec<Answered> = answered.iter().map(|(a, _)| a.clone()).collect();
    (report.missing, report.incomplete) = check_answered(&db, blobs.as_ref(), &answered).await?;
    report.findings = storage::integrity::check(&db)
        .await
        .map_err(|e| format!("could not check the cases: {e}"))?;
    db.close().await.map_err(|e| e.to_string())
}

/// Finds each answered complaint in the database and checks that it is whole: its words,
/// its customer, and its file with the bytes sent. Answers the complaints missing and those
/// incomplete (each with what is missing).
pub(crate) async fn check_answered(
    db: &storage::Db,
    blobs: &dyn storage::blobs::BlobStore,
    answered: &[Answered],
) -> Result<(Vec<String>, Vec<String>), String> {
    let calendar = domain::Calendar::england_and_wales();
    let (mut missing, mut incomplete) = (Vec::new(), Vec::new());
    for complaint in answered {
        let label = format!("complaint {}", complaint.number);
        let Ok(case) =
            storage::cases::find_by_tracking_token(db, &complaint.token, &calendar).await
        else {
            missing.push(label);
            continue;
        };
        let mut gaps = Vec::new();
        if case.details.what_happened.as_str() != what_happened(complaint.number) {
            gaps.push("its words");
        }
        if case.customer.is_none() {
            gaps.push("its customer");
        }
        let files = storage::attachments::for_case(db, case.id)
            .await
            .map_err(|e| format!("could not read the files of a case: {e}"))?;
        if files.len() != usize::from(complaint.with_file) {
            gaps.push("its file");
        }
        for file in files {
            let mut bytes = Vec::new();
            let read = match blobs.open(&file.storage_key).await {
                Ok(mut reader) => reader.read_to_end(&mut bytes).await.is_ok(),
                Err(_) => false,
            };
            if !read || bytes != evidence(complaint.number) {
                gaps.push("its file's bytes");
            }
        }
        if !gaps.is_empty() {
            incomplete.push(format!("{label}: {}", gaps.join(", ")));
        }
    }
    Ok((missing, incomplete))
}

/// The server under test: `putright serve` in a child process.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    pub(crate) data_dir: PathBuf,
    pub(crate) database_url: String,
    /// The browser bundle, when the pages should link it.
    pub(crate) site_root: Option<PathBuf>,
    /// Settings (`PUTRIGHT_…` variables) over the ones set here.
    pub(crate) settings: Vec<(&'static str, String)>,
    /// A settings file to read first (the `PUTRIGHT_…` variables set here win over it).
    pub(crate) config: Option<PathBuf>,
}

impl Server {
    /// Starts `putright serve` and waits until it answers.
    pub(crate) async fn start(&self) -> Result<Child, String> {
        let exe = std::env::current_exe()
            .map_err(|e| format!("could not find the putright binary: {e}"))?;
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| format!("could not make {}: {e}", self.data_dir.display()))?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.join("server.log"))
            .map_err(|e| format!("could not open the server's log: {e}"))?;
        let mut command = Command::new(exe);
        if let Some(site_root) = &self.site_root {
            command.env("PUTRIGHT_SITE_ROOT", site_root);
        }
        match &self.config {
            Some(config) => command.env("PUTRIGHT_CONFIG", config),
            None => command.env_remove("PUTRIGHT_CONFIG"),
        };
        let child = command
            .arg("serve")
            .env_remove("PUTRIGHT_TEST_NOW")
            .env("PUTRIGHT_BIND", self.addr.to_string())
            .env("PUTRIGHT_DATA_DIR", &self.data_dir)
            .env("PUTRIGHT_DATABASE_URL", &self.database_url)
            .env("PUTRIGHT_BACKGROUND_WORK", "false")
            .env("PUTRIGHT_INTAKE_PER_CLIENT", "1000000")
            .env("PUTRIGHT_INTAKE_OVERALL", "1000000")
            .envs(self.settings.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("could not start the server: {e}"))?;
        wait_until_up(self.addr, Duration::from_secs(120))
            .await
            .map_err(|()| {
                format!(
                    "the server did not answer within two minutes; see {}",
                    self.data_dir.join("server.log").display()
                )
            })?;
        Ok(child)
    }
}

/// A port nobody is listening on.
pub(crate) fn free_address() -> Result<SocketAddr, String> {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("could not find a free port: {e}"))
}

pub(crate) async fn wait_until_up(addr: SocketAddr, within: Duration) -> Result<(), ()> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Ok(answer) = exchange(addr, get("/healthz", addr).as_bytes()).await
            && answer.status == 200
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(())
}

fn get(path: &str, addr: SocketAddr) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
}

/// What a complaint says: unique, so it can be found again.
pub(crate) fn what_happened(number: usize) -> String {
    format!("Complaint {number} of the durability run: the entry phone has not worked for a month.")
}

/// The evidence file of a complaint: a small PDF unique to it.
pub(crate) fn evidence(number: usize) -> Vec<u8> {
    let mut pdf = format!("%PDF-1.7\n% complaint {number}\n1 0 obj << >> endobj\n").into_bytes();
    pdf.extend(Sha256::digest(number.to_le_bytes()).iter());
    pdf.extend_from_slice(b"\ntrailer\n%%EOF\n");
    pdf
}

/// Sends one complaint (the form, then its confirmation); its tracking token when the
/// server answered with the tracking page.
pub(crate) async fn send(
    addr: SocketAddr,
    number: usize,
    with_file: bool,
) -> Result<String, String> {
    let boundary = format!("durability{}", uuid::Uuid::new_v4().simple());
    let day = (chrono::Utc::now() - chrono::Duration::days(7)).date_naive();
    let fields = [
        ("kind", "complaint".to_owned()),
        ("describes_you", "tenant".to_owned()),
        ("name", format!("Resident {number}")),
        ("phone", "07700 900456".to_owned()),
        ("email", format!("resident{number}@example.org")),
        ("preferred_contact", "email".to_owned()),
        ("what_happened", what_happened(number)),
        ("when_happened-day", chrono::Datelike::day(&day).to_string()),
        (
            "when_happened-month",
            chrono::Datelike::month(&day).to_string(),
        ),
        (
            "when_happened-year",
            chrono::Datelike::year(&day).to_string(),
        ),
        ("reported_before", "no".to_owned()),
        ("outcomes_sought", "Repair it.".to_owned()),
    ];
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .into_bytes(),
        );
    }
    if with_file {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"door-{number}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .into_bytes(),
        );
        body.extend(evidence(number));
        body.extend_from_slice(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").into_bytes());
    let mut request = format!(
        "POST /make HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend(body);
    let answer = exchange(addr, &request).await?;
    let to = answer
        .location
        .filter(|to| answer.status == 303 && to.starts_with("/make/check?draft="))
        .ok_or_else(|| format!("the form answered {}", answer.status))?;
    let draft = to.trim_start_matches("/make/check?draft=");

    let form = format!("draft={draft}");
    let request = format!(
        "POST /api/confirm_draft HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nReferer: http://{addr}{to}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let answer = exchange(addr, request.as_bytes()).await?;
    answer
        .location
        .filter(|to| answer.status == 302 && to.starts_with("/track/"))
        .map(|to| to.trim_start_matches("/track/").to_owned())
        .ok_or_else(|| format!("the confirmation answered {}", answer.status))
}

/// The parts of an HTTP answer a benchmark reads.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: u16,
    pub location: Option<String>,
    /// Every byte received, headers included.
    pub bytes: usize,
}

/// Sends `request` over a new connection and reads the whole answer.
pub(crate) async fn exchange(addr: SocketAddr, request: &[u8]) -> Result<Answer, String> {
    let failed = |e: std::io::Error| format!("{addr}: {e}");
    let mut stream = TcpStream::connect(addr).await.map_err(failed)?;
    stream.write_all(request).await.map_err(failed)?;
    let mut answer = Vec::with_capacity(16 * 1024);
    stream.read_to_end(&mut answer).await.map_err(failed)?;
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..head_end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("{addr}: not an HTTP answer"))?;
    let location = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_owned())
    });
    Ok(Answer {
        status,
        location,
        bytes: answer.len(),
    })
}
