//! `putright check-cluster`: two app servers on one PostgreSQL behind a real load balancer,
//! one of them killed mid-journey, lose nothing and send nothing twice.
//!
//! It makes a database of its own on the PostgreSQL server given (`putright_cluster_…`,
//! dropped afterwards when all is well), loads the demo accounts into it, and starts:
//! a small SMTP server ([`crate::smtp_sink`]) that keeps every message it is given; two
//! `putright serve` processes, A and B, each with a data directory of its own (so nothing
//! can be shared through a disk), files kept in the database, the mail worker and the sweep
//! on, sending every second; and HAProxy in front of them, round-robin with no sticky
//! sessions, checking each server's `/healthz`. Every request below goes through HAProxy.
//!
//! 1. **Both servers up.** A complaints manager and an administrator sign in (the second
//!    factor included). Residents send complaints through the online form, every other one
//!    with a file (the form and its confirmation are two requests, so a draft made on one
//!    server is confirmed on the other). Each is accepted and acknowledged, which writes a
//!    letter and queues its e-mail. Each file is opened twice. The administrator imports a
//!    history file and watches its progress page to the end.
//! 2. **A server dies.** More complaints are sent from several clients at once, and
//!    halfway through, server A is killed with SIGKILL, requests in flight. A request cut
//!    off counts as not accepted, as it would for the resident, who saw no reference.
//! 3. **The survivor.** The complaints accepted in step 2 are accepted and acknowledged.
//!
//! Then it checks: every complaint answered with a reference is stored whole (its words,
//! its customer, its file's bytes); every step answered as done took effect (the case in
//! Stage 1, the acknowledgement letter written); every file opens through the load
//! balancer, now only the survivor, byte for byte; the import brought in every row; no case
//! is half-written (`storage::integrity`); and once the outbox is sent, the SMTP server got
//! every sent message exactly once (counted by `Message-ID`, which is the same on every
//! attempt), and nothing still waits. A message A had claimed when it died is left "may not
//! have been sent", never sent twice. It prints the figures and fails when anything is off.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::{StatusCode, header};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

use crate::Target;
use crate::durability::{self, Answered, Server, free_address};
use crate::smtp_sink::SmtpSink;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// A PostgreSQL server to make the check's own database on, as a URL to any database
    /// there the account may connect to.
    pub database_url: String,
    /// The HAProxy program.
    pub haproxy: PathBuf,
    /// Complaints sent while both servers are up, and again around the kill.
    pub complaints: usize,
    /// Clients sending at once around the kill.
    pub clients: usize,
    /// Rows of the history file imported.
    pub import_rows: u64,
    /// Keep the database and the data directories afterwards.
    pub keep: bool,
}

/// What happened and what was found.
#[derive(Debug, Default)]
pub struct Report {
    /// The figures, one per line.
    pub lines: Vec<String>,
    /// Everything that is not as it must be.
    pub problems: Vec<String>,
}

impl Report {
    pub fn sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Who the journey signs in as (demo accounts).
const COMPLAINTS_MANAGER: &str = "chris.complaints@example.org";
const ADMIN: &str = "ada.admin@example.org";

/// Runs the check; an error is a check that could not be made (HAProxy missing, say), not
/// a finding.
pub async fn run(target: &Target, options: Options) -> Result<Report, String> {
    if !options.database_url.starts_with("postgres") {
        return Err(
            "check-cluster needs a PostgreSQL server: give --database-url postgres://user@host:5432/postgres \
             (it makes a database of its own there)"
                .into(),
        );
    }
    let name = format!(
        "putright_cluster_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let url = storage::db::create_postgres_database(&options.database_url, &name)
        .await
        .map_err(|e| format!("could not make a database on the PostgreSQL server: {e}"))?;
    let dir = target.data_dir.join(&name);
    let result = Cluster::start(&url, &dir, &options).await;
    let report = match result {
        Ok(mut cluster) => {
            let report = cluster.journey(&options).await;
            cluster.stop().await;
            report
        }
        Err(e) => Err(e),
    };
    let clean = report.as_ref().is_ok_and(Report::sound) && !options.keep;
    if clean {
        let _ = std::fs::remove_dir_all(&dir);
        storage::db::drop_postgres_database(&options.database_url, &name)
            .await
            .map_err(|e| format!("could not drop the check's database {name}: {e}"))?;
    } else {
        println!(
            "Kept for a look: the database {name} and {} (the servers' and HAProxy's logs).",
            dir.display()
        );
    }
    report
}

/// The running parts.
struct Cluster {
    db: storage::Db,
    sink: SmtpSink,
    servers: Vec<(Server, Option<Child>)>,
    haproxy: Child,
    /// HAProxy's front door, and its statistics page.
    front: SocketAddr,
    stats: SocketAddr,
    client: reqwest::Client,
    started: Instant,
}

impl Cluster {
    async fn start(url: &str, dir: &Path, options: &Options) -> Result<Self, String> {
        let started = Instant::now();
        let db = storage::Db::connect(url)
            .await
            .map_err(|e| format!("could not open the check's database: {e}"))?;
        db.migrate()
            .await
            .map_err(|e| format!("could not make the schema: {e}"))?;
        seed::demo::load(&db, Utc::now())
            .await
            .map_err(|e| format!("could not load the demo accounts: {e}"))?;
        let sink = SmtpSink::start(&[])
            .await
            .map_err(|e| format!("could not start the SMTP server: {e}"))?;
        let mut servers = Vec::new();
        for name in ["a", "b"] {
            let data_dir = dir.join(name);
            std::fs::create_dir_all(&data_dir)
                .map_err(|e| format!("could not make {}: {e}", data_dir.display()))?;
            let server = Server {
                addr: free_address()?,
                data_dir,
                database_url: url.to_owned(),
                site_root: None,
                settings: vec![
                    ("PUTRIGHT_FILE_STORE", "database".into()),
                    ("PUTRIGHT_BACKGROUND_WORK", "true".into()),
                    ("PUTRIGHT_SMTP_URL", sink.url()),
                    ("PUTRIGHT_MAIL_EVERY_SECONDS", "1".into()),
                    ("PUTRIGHT_BEHIND_PROXY", "true".into()),
                ],
                config: None,
            };
            let child = server.start().await?;
            servers.push((server, Some(child)));
        }
        let (front, stats) = (free_address()?, free_address()?);
        let config = dir.join("haproxy.cfg");
        std::fs::write(
            &config,
            haproxy_config(front, stats, servers.iter().map(|(s, _)| s.addr)),
        )
        .map_err(|e| format!("could not write {}: {e}", config.display()))?;
        let log = std::fs::File::create(dir.join("haproxy.log"))
            .map_err(|e| format!("could not open HAProxy's log: {e}"))?;
        let haproxy = Command::new(&options.haproxy)
            .arg("-db")
            .arg("-f")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                format!(
                    "could not start HAProxy ({}): {e}. Install Debian's package: sudo apt-get install haproxy",
                    options.haproxy.display()
                )
            })?;
        durability::wait_until_up(front, Duration::from_secs(30))
            .await
            .map_err(|()| "HAProxy did not answer within 30 seconds".to_owned())?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("could not make an HTTP client: {e}"))?;
        Ok(Self {
            db,
            sink,
            servers,
            haproxy,
            front,
            stats,
            client,
            started,
        })
    }

    async fn stop(&mut self) {
        for (_, child) in &mut self.servers {
            if let Some(child) = child {
                let _ = child.start_kill();
                let _ = child.wait().await;
            }
        }
        let _ = self.haproxy.start_kill();
        let _ = self.haproxy.wait().await;
        let _ = self.db.clone().close().await;
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.front)
    }

    async fn journey(&mut self, options: &Options) -> Result<Report, String> {
        let mut report = Report::default();
        let chris = self.sign_in(COMPLAINTS_MANAGER).await?;
        let ada = self.sign_in(ADMIN).await?;
        let chris_id = storage::accounts::find_by_email(&self.db, COMPLAINTS_MANAGER)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the demo complaints manager is missing")?
            .id
            .to_string();

        // 1. Both servers up.
        let first = send_complaints(self.front, 0, options.complaints, 1, None).await;
        let mut steps = Steps::default();
        for complaint in &first.answered {
            self.take_steps(&chris, &chris_id, complaint, &mut steps)
                .await?;
        }
        let opened_before = self.open_files(&chris, &first.answered).await?;
        let imported = self.import(&ada, options.import_rows).await?;
        report.lines.push(format!(
            "Both servers up: {} of {} complaints answered, {} steps taken, {opened_before} files opened; the history import brought in {imported} of {} rows, watched to the end.",
            first.answered.len(),
            options.complaints,
            steps.done.len(),
            options.import_rows
        ));
        if first.answered.len() != options.complaints {
            report.problems.push(format!(
                "with both servers up, {} complaints were not answered",
                options.complaints - first.answered.len()
            ));
        }
        if imported != options.import_rows {
            report.problems.push(format!(
                "the import brought in {imported} of {} rows",
                options.import_rows
            ));
        }

        // 2. A server dies while complaints arrive.
        let kill_after = options.complaints / 2;
        let (killer_tx, killer_rx) = tokio::sync::oneshot::channel::<()>();
        let second = {
            let sending = send_complaints(
                self.front,
                options.complaints,
                options.complaints,
                options.clients,
                Some((kill_after, killer_tx)),
            );
            let (second, killed) = tokio::join!(sending, async {
                if killer_rx.await.is_err() {
                    return Err("the complaints were sent before the kill".to_owned());
                }
                let child = self.servers[0]
                    .1
                    .as_mut()
                    .ok_or("server A is not running")?;
                child
                    .start_kill()
                    .map_err(|e| format!("could not kill server A: {e}"))?;
                let _ = child.wait().await;
                Ok(())
            });
            killed?;
            self.servers[0].1 = None;
            second
        };
        report.lines.push(format!(
            "Server A killed (SIGKILL) after {} answers: {} of {} complaints answered, {} cut off or refused.",
            second.answered_before_kill,
            second.answered.len(),
            options.complaints,
            options.complaints - second.answered.len()
        ));

        // 3. The survivor.
        for complaint in &second.answered {
            self.take_steps(&chris, &chris_id, complaint, &mut steps)
                .await?;
        }
        let answered: Vec<Answered> = first
            .answered
            .iter()
            .chain(&second.answered)
            .cloned()
            .collect();
        let opened_after = self.open_files(&chris, &answered).await?;

        // The checks.
        let blobs = storage::blobs::DatabaseStore::new(self.db.clone());
        let (missing, incomplete) = durability::check_answered(&self.db, &blobs, &answered).await?;
        report.problems.extend(
            missing
                .into_iter()
                .map(|c| format!("{c} was answered but is missing")),
        );
        report
            .problems
            .extend(incomplete.into_iter().map(|c| format!("{c} is missing")));
        report
            .problems
            .extend(self.check_steps(&steps, &answered).await?);
        let files = answered.iter().filter(|a| a.with_file).count();
        if opened_after != files {
            report.problems.push(format!(
                "only {opened_after} of {files} files opened through the survivor"
            ));
        }
        let findings = storage::integrity::check(&self.db)
            .await
            .map_err(|e| format!("could not check the cases: {e}"))?;
        if findings.half_written() > 0 {
            report.problems.push(format!(
                "{} cases are half-written",
                findings.half_written()
            ));
        }
        report.lines.push(format!(
            "Through the survivor: {} steps taken in all ({} refused), {opened_after} of {files} files opened byte for byte; {} cases checked, {} half-written.",
            steps.done.len(),
            steps.refused,
            findings.cases,
            findings.half_written()
        ));
        let (mail_lines, mail_problems) = self.check_mail().await?;
        report.lines.extend(mail_lines);
        report.problems.extend(mail_problems);
        report.lines.push(self.shares().await);
        report.lines.push(format!(
            "The whole check took {:.1} s.",
            self.started.elapsed().as_secs_f64()
        ));
        Ok(report)
    }

    /// Signs in as a demo account through the front door, the second factor included, and
    /// answers the cookies to send afterwards.
    async fn sign_in(&self, email: &str) -> Result<String, String> {
        let failed = |what: &str| format!("signing in as {email}: {what}");
        let response = self
            .client
            .post(self.url("/api/sign_in"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, self.url("/sign-in"))
            .form(&[
                ("email", email),
                ("password", seed::demo::DEMO_PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .map_err(|e| failed(&e.to_string()))?;
        let to = location(&response).ok_or_else(|| failed("no redirect"))?;
        if !to.starts_with("/sign-in/code") {
            return Err(failed(&format!("sent to {to}, not the code page")));
        }
        let session =
            set_cookie(&response, "putright_session").ok_or_else(|| failed("no session cookie"))?;
        let device =
            set_cookie(&response, "putright_device").ok_or_else(|| failed("no device cookie"))?;
        let pending = format!("{session}; {device}");
        // The code shown now, else the next one.
        for step in [0, 30] {
            let at = Utc::now() + chrono::Duration::seconds(step);
            let code = storage::accounts::code_at(seed::demo::DEMO_TOTP_SECRET, at)
                .map_err(|e| failed(&e.to_string()))?;
            let response = self
                .client
                .post(self.url("/api/enter_second_factor"))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, self.url(&to))
                .header(header::COOKIE, &pending)
                .form(&[("code", code.as_str()), ("next", "/")])
                .send()
                .await
                .map_err(|e| failed(&e.to_string()))?;
            if location(&response).is_some_and(|l| !l.contains("/sign-in"))
                && let Some(session) = set_cookie(&response, "putright_session")
            {
                return Ok(format!("{session}; {device}"));
            }
        }
        Err(failed("the code was refused"))
    }

    /// Accepts the complaint for `handler` and acknowledges it, as the staff page's forms do
    /// without JavaScript; each step answered as done is noted.
    async fn take_steps(
        &self,
        who: &str,
        handler: &str,
        complaint: &Answered,
        steps: &mut Steps,
    ) -> Result<(), String> {
        let calendar = domain::Calendar::england_and_wales();
        let Ok(case) =
            storage::cases::find_by_tracking_token(&self.db, &complaint.token, &calendar).await
        else {
            return Ok(());
        };
        let reference = case.reference.to_string();
        for (step, extra) in [
            ("accept", ("person", handler)),
            (
                "acknowledge",
                ("text", "The entry phone has not worked for a month"),
            ),
        ] {
            // The version the page would show now.
            let version = storage::cases::load(&self.db, case.id, &calendar)
                .await
                .map_err(|e| e.to_string())?
                .version;
            let today = domain::london::to_london(Utc::now()).date();
            let (day, month, year) = (
                chrono::Datelike::day(&today).to_string(),
                chrono::Datelike::month(&today).to_string(),
                chrono::Datelike::year(&today).to_string(),
            );
            let page = format!("/staff/cases/{reference}");
            let answer = self
                .client
                .post(self.url("/api/take_step"))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, self.url(&page))
                .header(header::COOKIE, who)
                .form(&[
                    ("reference", reference.as_str()),
                    ("version", &version.to_string()),
                    ("step", step),
                    ("on_day", &day),
                    ("on_month", &month),
                    ("on_year", &year),
                    extra,
                ])
                .send()
                .await;
            // Done: sent on with no problem to show (a problem comes back as `__err`).
            let done = answer.as_ref().is_ok_and(|a| a.status().is_redirection())
                && answer
                    .as_ref()
                    .ok()
                    .and_then(location)
                    .is_some_and(|to| !to.contains("__err="));
            if !done {
                steps.refused += 1;
                return Ok(());
            }
            steps.done.push((complaint.token.clone(), step));
        }
        Ok(())
    }

    /// Every step answered as done took effect.
    async fn check_steps(
        &self,
        steps: &Steps,
        answered: &[Answered],
    ) -> Result<Vec<String>, String> {
        let calendar = domain::Calendar::england_and_wales();
        let mut problems = Vec::new();
        for complaint in answered {
            let taken: Vec<&str> = steps
                .done
                .iter()
                .filter(|(token, _)| *token == complaint.token)
                .map(|(_, step)| *step)
                .collect();
            let Ok(case) =
                storage::cases::find_by_tracking_token(&self.db, &complaint.token, &calendar).await
            else {
                continue;
            };
            let in_stage_1 = case
                .case
                .as_complaint()
                .is_some_and(|c| matches!(c.phase(), domain::lifecycle::Phase::Stage1));
            if taken.contains(&"accept") && !in_stage_1 {
                problems.push(format!(
                    "complaint {} was accepted but is not in Stage 1",
                    complaint.number
                ));
            }
            let letters = storage::letters::for_case(&self.db, case.id)
                .await
                .map_err(|e| e.to_string())?;
            let acknowledged = letters
                .iter()
                .any(|l| l.kind == domain::letters::LetterKind::Acknowledgement);
            if taken.contains(&"acknowledge") && !acknowledged {
                problems.push(format!(
                    "complaint {} was acknowledged but has no acknowledgement letter",
                    complaint.number
                ));
            }
        }
        Ok(problems)
    }

    /// Opens each complaint's file through the front door; answers how many came back
    /// whole.
    async fn open_files(&self, who: &str, answered: &[Answered]) -> Result<usize, String> {
        let calendar = domain::Calendar::england_and_wales();
        let mut opened = 0;
        for complaint in answered.iter().filter(|a| a.with_file) {
            let Ok(case) =
                storage::cases::find_by_tracking_token(&self.db, &complaint.token, &calendar).await
            else {
                continue;
            };
            let files = storage::attachments::for_case(&self.db, case.id)
                .await
                .map_err(|e| e.to_string())?;
            for file in files {
                let mut whole = true;
                // Twice: once through each server while both are up.
                for _ in 0..2 {
                    let bytes = match self
                        .client
                        .get(self.url(&format!("/files/{}", file.token)))
                        .header(header::COOKIE, who)
                        .send()
                        .await
                    {
                        Ok(answer) if answer.status() == StatusCode::OK => {
                            answer.bytes().await.ok()
                        }
                        _ => None,
                    };
                    whole &= bytes.is_some_and(|b| b == durability::evidence(complaint.number));
                }
                opened += usize::from(whole);
            }
        }
        Ok(opened)
    }

    /// Imports a made-up history file as the administrator and follows its progress page
    /// until it ends; answers how many cases it brought in.
    async fn import(&self, who: &str, rows: u64) -> Result<u64, String> {
        let csv = std::env::temp_dir().join(format!("putright-cluster-{}.csv", std::process::id()));
        crate::import::generate(&csv, rows, Utc::now())
            .map_err(|e| format!("could not write the history file: {e}"))?;
        let bytes = std::fs::read(&csv).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&csv);
        let cases = || async {
            storage::integrity::check(&self.db)
                .await
                .map(|found| found.cases)
                .map_err(|e| e.to_string())
        };
        let before = cases().await?;
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("old-system.csv"),
        );
        let answer = self
            .client
            .post(self.url("/admin/import"))
            .header(header::COOKIE, who)
            .header(header::REFERER, self.url("/admin/import"))
            .multipart(form)
            .send()
            .await
            .map_err(|e| format!("the import's upload: {e}"))?;
        let progress = location(&answer)
            .filter(|to| to.starts_with("/admin/import?job="))
            .ok_or_else(|| format!("the import's upload answered {}", answer.status()))?;
        let deadline = Instant::now() + Duration::from_secs(300);
        let mut looks = 0;
        loop {
            let page = self
                .client
                .get(self.url(&progress))
                .header(header::COOKIE, who)
                .send()
                .await
                .map_err(|e| format!("the import's progress page: {e}"))?;
            if page.status() != StatusCode::OK {
                return Err(format!(
                    "the import's progress page answered {}",
                    page.status()
                ));
            }
            let html = page.text().await.map_err(|e| e.to_string())?;
            looks += 1;
            if !html.contains("<progress") {
                if !html.contains(&format!("{rows} cases imported")) {
                    return Err(format!(
                        "the import ended without saying {rows} cases imported (after {looks} looks at its page)"
                    ));
                }
                break;
            }
            if Instant::now() > deadline {
                return Err("the import did not end within five minutes".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(u64::try_from(cases().await? - before).unwrap_or_default())
    }

    /// Waits for the outbox to be sent, then compares it with what the SMTP server got.
    async fn check_mail(&self) -> Result<(Vec<String>, Vec<String>), String> {
        let deadline = Instant::now() + Duration::from_secs(120);
        let counts = loop {
            let counts = storage::outbox::counts(&self.db)
                .await
                .map_err(|e| e.to_string())?;
            if counts[0] == 0 || Instant::now() > deadline {
                break counts;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        };
        let [pending, sending, sent, failed] = counts;
        let mut problems = Vec::new();
        if pending > 0 {
            problems.push(format!(
                "{pending} messages were still waiting after two minutes"
            ));
        }
        if failed > 0 {
            problems.push(format!("{failed} messages failed"));
        }
        let messages = storage::outbox::newest(&self.db, u64::MAX >> 1)
            .await
            .map_err(|e| e.to_string())?;
        let mut received: HashMap<String, usize> = HashMap::new();
        let mut without_id = 0;
        for message in self.sink.received() {
            match message.message_id() {
                Some(id) => *received.entry(id.to_owned()).or_default() += 1,
                None => without_id += 1,
            }
        }
        if without_id > 0 {
            problems.push(format!("{without_id} e-mails came without a Message-ID"));
        }
        let twice = received.values().filter(|n| **n > 1).count();
        if twice > 0 {
            problems.push(format!("{twice} messages were sent more than once"));
        }
        let mut letters = 0;
        for message in &messages {
            let id = format!(
                "<putright.{}.{}@putright.invalid>",
                message.id,
                message.created_at.timestamp_micros()
            );
            let got = received.remove(&id).unwrap_or(0);
            letters += usize::from(message.dedupe_key.starts_with("letter:") && got == 1);
            let expected = match message.state {
                storage::outbox::MessageState::Sent => got == 1,
                // Claimed by the server that was killed: sent at most once.
                storage::outbox::MessageState::Sending => got <= 1,
                _ => got == 0,
            };
            if !expected {
                problems.push(format!(
                    "message {} ({}) is {} but the mail server got it {got} times",
                    message.id,
                    message.dedupe_key,
                    message.state.as_str()
                ));
            }
        }
        if !received.is_empty() {
            problems.push(format!(
                "{} e-mails received match no message in the outbox",
                received.len()
            ));
        }
        let lines = vec![format!(
            "Mail: {sent} messages sent ({letters} of them letters), each received exactly once; {sending} left \"may not have been sent\" by the killed server; {pending} waiting, {failed} failed."
        )];
        Ok((lines, problems))
    }

    /// How HAProxy shared the requests out, from its statistics page.
    async fn shares(&self) -> String {
        let csv = match self
            .client
            .get(format!("http://{}/stats;csv", self.stats))
            .send()
            .await
        {
            Ok(answer) => answer.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let mut parts = Vec::new();
        for line in csv.lines() {
            let fields: Vec<&str> = line.split(',').collect();
            if fields.first() == Some(&"putright") && matches!(fields.get(1), Some(&"a" | &"b")) {
                // Column 8 is the number of sessions (requests, here) each server took.
                parts.push(format!(
                    "server {} {}",
                    fields[1].to_uppercase(),
                    fields.get(7).unwrap_or(&"?")
                ));
            }
        }
        format!("HAProxy's shares: {}.", parts.join(", "))
    }
}

/// The steps taken: the complaint (by tracking token) and the step, for each answered as
/// done, and how many were refused.
#[derive(Default)]
struct Steps {
    done: Vec<(String, &'static str)>,
    refused: usize,
}

/// Complaints sent and answered.
struct Sent {
    answered: Vec<Answered>,
    answered_before_kill: usize,
}

/// Sends `count` complaints numbered from `first` from `clients` at once; with `kill`,
/// signals once that many have been answered (the sending goes on meanwhile).
async fn send_complaints(
    front: SocketAddr,
    first: usize,
    count: usize,
    clients: usize,
    kill: Option<(usize, tokio::sync::oneshot::Sender<()>)>,
) -> Sent {
    let next = Arc::new(AtomicUsize::new(first));
    let answered = Arc::new(Mutex::new(Vec::<Answered>::new()));
    let (kill_after, kill) = match kill {
        Some((after, tx)) => (after, Some(tx)),
        None => (usize::MAX, None),
    };
    let kill = Arc::new(Mutex::new(kill));
    let before_kill = Arc::new(AtomicUsize::new(usize::MAX));
    let tasks: Vec<_> = (0..clients.max(1))
        .map(|_| {
            let (next, answered, kill, before_kill) = (
                next.clone(),
                answered.clone(),
                kill.clone(),
                before_kill.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let number = next.fetch_add(1, Ordering::SeqCst);
                    if number >= first + count {
                        break;
                    }
                    let with_file = number % 2 == 0;
                    match durability::send(front, number, with_file).await {
                        Ok(token) => {
                            let mut answered = answered.lock().await;
                            answered.push(Answered {
                                number,
                                token,
                                with_file,
                            });
                            if answered.len() >= kill_after
                                && let Some(tx) = kill.lock().await.take()
                            {
                                before_kill.store(answered.len(), Ordering::SeqCst);
                                let _ = tx.send(());
                            }
                        }
                        // Cut off or refused: the resident saw no reference.
                        Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    let mut answered = std::mem::take(&mut *answered.lock().await);
    answered.sort_by_key(|a| a.number);
    Sent {
        answered,
        answered_before_kill: before_kill.load(Ordering::SeqCst),
    }
}

/// HAProxy in front of the servers: round-robin, no sticky sessions, each server's
/// `/healthz` checked twice a second, and a request whose server cannot be reached sent to
/// another. Its statistics (CSV) on `stats`.
fn haproxy_config(
    front: SocketAddr,
    stats: SocketAddr,
    servers: impl Iterator<Item = SocketAddr>,
) -> String {
    let mut config = format!(
        "global\n    maxconn 2000\n\n\
         defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n    \
         option redispatch\n    retries 3\n\n\
         frontend front\n    bind {front}\n    option forwardfor\n    default_backend putright\n\n\
         backend putright\n    balance roundrobin\n    option httpchk GET /healthz\n    \
         http-check expect status 200\n    default-server inter 500ms fall 2 rise 2\n"
    );
    for (name, addr) in ["a", "b"].iter().zip(servers) {
        config.push_str(&format!("    server {name} {addr} check\n"));
    }
    config.push_str(&format!(
        "\nlisten stats\n    bind {stats}\n    stats enable\n    stats uri /stats\n"
    ));
    config
}

fn location(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned)
}

/// The `name=value` part of a cookie the answer sets.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}
