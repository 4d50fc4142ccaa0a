//! Messages out of the outbox, and the deadline warnings, remedy reminders and daily digests
//! put into it.
//!
//! The worker ([`run`]) wakes every interval and does two things:
//! - [`scan`]: queues what is due today (see below). Every message carries a dedupe key, so
//!   scanning twice, or on several app servers at once, queues each message once. The scan
//!   gathers every message first and looks their keys up together: a minute with nothing
//!   new writes nothing;
//! - [`deliver_due`], when SMTP is configured: sends the pending messages over SMTP, each
//!   claimed first so only one worker sends it (see `storage::outbox`).
//!
//! With no SMTP configured (the demo default) nothing is sent: messages wait, readable on
//! the outbox page.
//!
//! What the scan queues (rules we chose where SPEC is silent):
//! - **Deadline warnings** for the next deadline of every open complaint, at the points
//!   `domain::deadlines::warnings` sets: the handler (or Stage 2 reviewer) first, then their
//!   manager, then every complaints manager. A complaint waiting for triage has no handler
//!   yet: its handler-level warning goes to the complaints managers, who triage.
//! - **Remedy reminders** to each remedy's owner once it turns amber (two working days or
//!   fewer left) and again once it is overdue; once overdue, the customer is told too
//!   (e-mailed when they chose e-mail, otherwise kept for staff to pass on). A remedy done
//!   sends the customer its letter through the step itself.
//! - **Update reminders** to the case's owner once an update agreed with the customer is
//!   due (`domain::updates`), one for each date it falls due.
//! - **A daily digest** for each member of staff who owns an open complaint with a deadline
//!   in the next five working days or overdue: on working days, from 07:00 London time.
//!
//! Messages to staff name the case by reference only, never the customer.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::deadlines::warnings::{Escalation, escalations};
use domain::deadlines::{Deadline, Progress, Step, TimeLeft, long_date};
use domain::lifecycle::CaseKind;
use domain::{Calendar, Role};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message as Email};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use storage::accounts::{self, Account};
use storage::outbox::{self, MessageState, NewMessage};
use storage::worklist::{WorklistFilter, WorklistRow};
use storage::{Db, StorageError};

/// How many messages one round sends at most.
const BATCH: u64 = 100;
/// The digest lists deadlines up to this many working days ahead.
const DIGEST_HORIZON: u32 = 5;
/// The digest is queued from this London time on a working day.
const DIGEST_FROM: NaiveTime = match NaiveTime::from_hms_opt(7, 0, 0) {
    Some(t) => t,
    None => panic!("impossible time"),
};

/// An SMTP connection's settings and the address mail comes from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error(
        "smtp_url (PUTRIGHT_SMTP_URL) is not a mail server address: use smtp://host:port, smtp://host:587?tls=required or smtps://user:password@host ({0})"
    )]
    Url(String),
    #[error(
        "mail_from (PUTRIGHT_MAIL_FROM) is not an e-mail address, for example Complaints <complaints@example.org>"
    )]
    From,
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:25` (plain, for a relay on the same network),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://host` (TLS).
    pub fn new(url: &str, from: &str) -> Result<Self, MailConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailConfigError::Url(e.to_string()))?
            .timeout(Some(StdDuration::from_secs(30)))
            .build();
        let from = from.parse().map_err(|_| MailConfigError::From)?;
        Ok(Self { transport, from })
    }
}

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    /// Failed for now; tried again later.
    pub retrying: usize,
    /// Given up.
    pub failed: usize,
}

/// Sends the pending messages whose time has come.
pub async fn deliver_due(
    db: &Db,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<Delivery, StorageError> {
    let mut delivery = Delivery::default();
    for message in outbox::due(db, now, BATCH).await? {
        if !outbox::claim(db, message.id).await? {
            continue;
        }
        let outcome = match email_of(&message, &mailer.from) {
            Ok(email) => mailer
                .transport
                .send(email)
                .await
                .map_err(|e| (e.to_string(), e.is_transient() || e.is_timeout())),
            Err(reason) => Err((reason, false)),
        };
        match outcome {
            Ok(_) => {
                outbox::mark_sent(db, message.id, now).await?;
                delivery.sent += 1;
            }
            Err((error, temporary)) => {
                tracing::warn!(message = message.id, %error, temporary, "a message was not sent");
                match outbox::mark_failed(db, &message, &error, temporary, now).await? {
                    MessageState::Pending => delivery.retrying += 1,
                    _ => delivery.failed += 1,
                }
            }
        }
    }
    Ok(delivery)
}

/// The e-mail for a queued message, or why it cannot be one.
fn email_of(message: &outbox::Message, from: &Mailbox) -> Result<Email, String> {
    let address = message
        .to_email
        .as_deref()
        .ok_or("no e-mail address")?
        .parse()
        .map_err(|_| "the e-mail address is not valid".to_owned())?;
    let to = Mailbox::new(message.to_name.clone(), address);
    Email::builder()
        .from(from.clone())
        .to(to)
        .message_id(Some(message_id(message, from)))
        .subject(message.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(message.body.clone())
        .map_err(|e| e.to_string())
}

/// The message's `Message-ID`, the same on every attempt to send it: made of the outbox
/// row and the time it was queued, at the sender's domain. A receiving system that sees a
/// message twice (a retry after a lost answer) can tell it is the same one, and so can
/// `putright check-cluster`.
fn message_id(message: &outbox::Message, from: &Mailbox) -> String {
    format!(
        "<putright.{}.{}@{}>",
        message.id,
        message.created_at.timestamp_micros(),
        from.email.domain()
    )
}

/// Who is who, read once per scan.
struct People {
    db: Db,
    accounts: HashMap<i32, Option<Account>>,
    managers: HashMap<i32, Option<Account>>,
    complaints_managers: Vec<Account>,
}

impl People {
    async fn new(db: &Db) -> Result<Self, StorageError> {
        Ok(Self {
            db: db.clone(),
            accounts: HashMap::new(),
            managers: HashMap::new(),
            complaints_managers: accounts::with_roles(db, &[Role::ComplaintsManager]).await?,
        })
    }

    async fn account(&mut self, id: i32) -> Result<Option<Account>, StorageError> {
        if let Some(found) = self.accounts.get(&id) {
            return Ok(found.clone());
        }
        let found = accounts::find(&self.db, id).await?;
        self.accounts.insert(id, found.clone());
        Ok(found)
    }

    async fn manager_of(&mut self, id: i32) -> Result<Option<Account>, StorageError> {
        if let Some(found) = self.managers.get(&id) {
            return Ok(found.clone());
        }
        let found = accounts::manager_of(&self.db, id).await?;
        self.managers.insert(id, found.clone());
        Ok(found)
    }

    /// Who gets a warning at `level` for a case owned by `owner` (nobody for triage).
    async fn recipients(
        &mut self,
        level: Escalation,
        owner: Option<i32>,
    ) -> Result<Vec<Account>, StorageError> {
        Ok(match (level, owner) {
            (Escalation::Handler, Some(owner)) => self.account(owner).await?.into_iter().collect(),
            (Escalation::Handler, None) => self.complaints_managers.clone(),
            (Escalation::Manager, Some(owner)) => {
                self.manager_of(owner).await?.into_iter().collect()
            }
            (Escalation::Manager, None) => Vec::new(),
            (Escalation::ComplaintsManager, owner) => self
                .complaints_managers
                .iter()
                .filter(|a| Some(a.id) != owner)
                .cloned()
                .collect(),
        })
    }
}

fn step_words(step: Step) -> &'static str {
    match step {
        Step::Contact => "contact the customer",
        Step::Acknowledge => "send the acknowledgement",
        Step::Respond => "send the response",
        Step::ExtensionLimit => "send the response (extension limit)",
    }
}

fn time_left_words(progress: &Progress) -> String {
    match progress.time_left {
        TimeLeft::Overdue(_) => "Overdue".to_owned(),
        TimeLeft::Remaining(0) => "Due today".to_owned(),
        TimeLeft::Remaining(1) => "1 working day left".to_owned(),
        TimeLeft::Remaining(n) => format!("{n} working days left"),
    }
}

fn to_staff(account: &Account, key: String, case: Option<&WorklistRow>) -> NewMessage {
    NewMessage {
        dedupe_key: key,
        case_id: case.map(|c| c.id),
        to_user_id: Some(account.id),
        to_email: Some(account.email.clone()),
        to_name: Some(account.display_name.clone()),
        subject: String::new(),
        body: String::new(),
    }
}

/// What a scan did: the open complaints and outstanding remedies it read, and how many
/// messages were new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scanned {
    /// Open complaints read: those whose next deadline is near or past, and those with an
    /// agreed update due (a case that is both is read twice).
    pub cases: usize,
    /// Outstanding remedies and Ombudsman's orders read as nearly due or overdue.
    pub owed: usize,
    /// Messages queued that were never queued before.
    pub queued: usize,
}

/// Calendar days past the digest's horizon that the scan still reads a stored next
/// deadline, so that a case whose stored date is a step behind a change to the calendar
/// (recounted moments later, `storage::recount`) is not missed: each case's warnings are
/// worked out from its live deadline, and the stored one only chooses which cases to read.
const STORED_DATE_SLACK: u64 = 14;

/// The open complaints a scan on `today` could warn about, put in a digest or remind an
/// update of: those whose stored next deadline is within the digest's horizon (a handler's
/// warning comes at most `amber_threshold` working days before, fewer than the digest's
/// five) or overdue, read off the open cases' index in deadline order; and those whose
/// next agreed update is due, looked for among the open cases (no index of their own).
/// So a scan parses only the cases it may act on, not every open complaint.
async fn complaints_to_scan(
    db: &Db,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<(Vec<WorklistRow>, Vec<WorklistRow>), StorageError> {
    let horizon = calendar
        .add_working_days(today, DIGEST_HORIZON)
        .checked_add_days(chrono::Days::new(STORED_DATE_SLACK + 1))
        .unwrap_or(NaiveDate::MAX);
    let complaints = WorklistFilter {
        kind: Some(CaseKind::Complaint),
        ..WorklistFilter::default()
    };
    let due = WorklistFilter {
        due: Some(storage::worklist::Due::Before(horizon)),
        ..complaints.clone()
    };
    let updates = WorklistFilter {
        update_due_by: Some(today),
        ..complaints
    };
    Ok((
        storage::worklist::list(db, &due, calendar).await?.rows,
        storage::worklist::list(db, &updates, calendar).await?.rows,
    ))
}

/// Queues today's warnings, reminders and digests.
pub async fn scan(
    db: &Db,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Scanned, StorageError> {
    let london = domain::london::to_london(now);
    let today = london.date();
    let (rows, updates_due) = complaints_to_scan(db, calendar, today).await?;
    let mut people = People::new(db).await?;
    let mut messages = Vec::new();
    // Each owner's open deadlines within the digest's horizon.
    let mut digests: HashMap<i32, Vec<(NaiveDate, String)>> = HashMap::new();
    for row in &rows {
        let Some(deadline) = row.case.next_deadline(calendar) else {
            continue;
        };
        let owner = row.owner().map(|o| o.id);
        let progress = Progress::towards(deadline.due, 0, calendar, today);
        if let Some(owner) = owner {
            let within = match progress.time_left {
                TimeLeft::Overdue(_) => true,
                TimeLeft::Remaining(n) => n <= DIGEST_HORIZON,
            };
            if within {
                digests.entry(owner).or_default().push((
                    deadline.due,
                    format!(
                        "{}: {} by {} ({})",
                        row.reference,
                        step_words(deadline.step),
                        long_date(deadline.due),
                        time_left_words(&progress).to_lowercase()
                    ),
                ));
            }
        }
        messages.extend(warn(&mut people, row, &deadline, owner, calendar, now).await?);
    }
    for row in &updates_due {
        messages.extend(update_due(&mut people, row, today).await?);
    }
    let (remedies, remedies_read) = remind_remedies(db, &mut people, calendar, now).await?;
    messages.extend(remedies);
    let (orders, orders_read) = remind_orders(db, &mut people, calendar, now).await?;
    messages.extend(orders);
    if calendar.is_working_day(today) && london.time() >= DIGEST_FROM {
        for (owner, mut lines) in digests {
            let Some(account) = people.account(owner).await? else {
                continue;
            };
            lines.sort();
            let mut message = to_staff(&account, format!("digest:{owner}:{today}"), None);
            message.subject = format!(
                "Your complaints deadlines for {}: {} to watch",
                long_date(today),
                lines.len()
            );
            message.body = format!(
                "Good morning {},\n\nThese complaints you own have a deadline in the next {DIGEST_HORIZON} working days, or have passed one:\n\n{}\n\nOpen your work queue for the details.\n",
                account.display_name,
                lines
                    .iter()
                    .map(|(_, line)| format!("- {line}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            messages.push(message);
        }
    }
    Ok(Scanned {
        cases: rows.len() + updates_due.len(),
        owed: remedies_read + orders_read,
        queued: outbox::enqueue_new(db, &messages, now).await?,
    })
}

/// The warnings due for one case's next deadline.
async fn warn(
    people: &mut People,
    row: &WorklistRow,
    deadline: &Deadline,
    owner: Option<i32>,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Vec<NewMessage>, StorageError> {
    let today = domain::london::to_london(now).date();
    let progress = Progress::towards(deadline.due, 0, calendar, today);
    let mut messages = Vec::new();
    // One message per person per scan: a complaints manager who also manages the handler
    // hears once.
    let mut told = std::collections::HashSet::new();
    for level in escalations(deadline.due, deadline.working_days, calendar, today) {
        for account in people.recipients(level, owner).await? {
            if !told.insert(account.id) {
                continue;
            }
            let key = format!(
                "warning:{}:{:?}:{}:{}:{}",
                row.id.0,
                deadline.step,
                deadline.due,
                level.as_str(),
                account.id
            );
            let mut message = to_staff(&account, key, Some(row));
            let when = time_left_words(&progress);
            message.subject = format!("{when}: {} on {}", step_words(deadline.step), row.reference);
            let why = match level {
                Escalation::Handler => "You are handling this complaint.",
                Escalation::Manager => "You manage the person handling this complaint.",
                Escalation::ComplaintsManager => {
                    "You are a complaints manager: this deadline has passed."
                }
            };
            message.body = format!(
                "{why}\n\nCase: {}\nStep: {}\nDue: {} ({})\nWhy this date: {}\n\nOpen the case: /staff/cases/{}\n",
                row.reference,
                step_words(deadline.step),
                long_date(deadline.due),
                when.to_lowercase(),
                deadline.explanation,
                row.reference
            );
            messages.push(message);
        }
    }
    Ok(messages)
}

/// A reminder to the case's owner that an update agreed with the customer is due
/// (`domain::updates`): once for each date an update falls due. Nobody owns a case in
/// triage, so its reminder goes to the complaints managers.
async fn update_due(
    people: &mut People,
    row: &WorklistRow,
    today: NaiveDate,
) -> Result<Vec<NewMessage>, StorageError> {
    let Some(next) = row.next_update_on else {
        return Ok(Vec::new());
    };
    if !domain::updates::update_due(Some(next), today) {
        return Ok(Vec::new());
    }
    let mut messages = Vec::new();
    for account in people
        .recipients(Escalation::Handler, row.owner().map(|o| o.id))
        .await?
    {
        let key = format!("update:{}:{next}:{}", row.id.0, account.id);
        let mut message = to_staff(&account, key, Some(row));
        message.subject = format!("Update due: {}", row.reference);
        message.body = format!(
            "We agreed to keep the customer updated, and the next update was due by {}.\n\nRecord it on the case: /staff/cases/{}/updates\n",
            long_date(next),
            row.reference
        );
        messages.push(message);
    }
    Ok(messages)
}

/// Something a member of staff owes by a date: a promised remedy, or an order of the
/// Ombudsman's.
struct Owed {
    case_id: storage::cases::CaseId,
    due: NaiveDate,
    /// Names it among its kind in the reminder's key (`remedy:…`, `order:…`).
    key: String,
    /// "a remedy you promised on CX-…".
    what: String,
    body: String,
}

/// The reminder to `account` of `owed`, once as its date nears and once when it has
/// passed (the key says which), and whether it is overdue.
fn owed_reminder(
    account: &Account,
    owed: &Owed,
    calendar: &Calendar,
    today: NaiveDate,
) -> (NewMessage, bool) {
    // Amber within two working days, as a 5-day step.
    let progress = Progress::towards(owed.due, 2, calendar, today);
    let overdue = matches!(progress.time_left, TimeLeft::Overdue(_));
    let point = if overdue { "overdue" } else { "soon" };
    let mut message = to_staff(account, format!("{}:{point}", owed.key), None);
    message.case_id = Some(owed.case_id);
    message.subject = format!("{}: {}", time_left_words(&progress), owed.what);
    message.body = owed.body.clone();
    (message, overdue)
}

/// Reminders to the owners of remedies that are nearly due or overdue, with how many
/// remedies were read.
async fn remind_remedies(
    db: &Db,
    people: &mut People,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<(Vec<NewMessage>, usize), StorageError> {
    let today = domain::london::to_london(now).date();
    // Anything due within two working days of today.
    let horizon = calendar.add_working_days(today, 2);
    let owed = storage::remedies::outstanding_due_by(db, horizon).await?;
    let mut messages = Vec::new();
    let mut late = Vec::new();
    for (owner, action) in &owed {
        let Some(account) = people.account(*owner).await? else {
            continue;
        };
        let body = format!(
            "You own this remedy:\n\n{}\n\nDue: {}\n\nWhen it is done, record it on the case: /staff/cases/{}/remedy-done\n",
            action.description,
            long_date(action.due),
            action.reference
        );
        let owed = Owed {
            case_id: action.case_id,
            due: action.due,
            key: format!(
                "remedy:{}:{}:{}",
                action.case_id.0, action.index, action.due
            ),
            what: format!("a remedy you promised on {}", action.reference),
            body,
        };
        let (message, overdue) = owed_reminder(&account, &owed, calendar, today);
        messages.push(message);
        if overdue {
            late.push(action);
        }
    }
    messages.extend(tell_customers_late(db, &late, calendar).await?);
    Ok((messages, owed.len()))
}

/// Reminders to the owners of the Ombudsman's orders and recommendations that are nearly
/// due or overdue: once as the date nears, once when it has passed. With how many were
/// read.
async fn remind_orders(
    db: &Db,
    people: &mut People,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<(Vec<NewMessage>, usize), StorageError> {
    let today = domain::london::to_london(now).date();
    let horizon = calendar.add_working_days(today, domain::ombudsman::AMBER_WITHIN);
    let owed = storage::ombudsman::owed_by(db, horizon).await?;
    let mut messages = Vec::new();
    for (owner, order) in &owed {
        let Some(account) = people.account(*owner).await? else {
            continue;
        };
        let kind = order.kind.label().to_lowercase();
        let body = format!(
            "You own this {kind} of the Housing Ombudsman's:\n\n{}\n\nDue: {}\n\nWhen it is done, send the evidence to the complaints manager, who records it on the case and sends it to the Ombudsman: /staff/cases/{}\n",
            order.what,
            long_date(order.due),
            order.reference
        );
        let owed = Owed {
            case_id: order.case_id,
            due: order.due,
            key: format!(
                "order:{}:{}:{}:{}",
                order.case_id.0, order.referral, order.index, order.due
            ),
            what: format!("an Ombudsman {kind} on {}", order.reference),
            body,
        };
        messages.push(owed_reminder(&account, &owed, calendar, today).0);
    }
    Ok((messages, owed.len()))
}

/// The key of the customer's message that a remedy promised to them is late: once for
/// each remedy and due date.
fn late_remedy_key(action: &storage::remedies::OutstandingAction) -> String {
    format!(
        "remedy-late-customer:{}:{}:{}",
        action.case_id.0, action.index, action.due
    )
}

/// The customers' messages when remedies promised to them are late (`domain::updates`):
/// e-mailed when they chose e-mail; otherwise kept on the outbox page for staff to pass on
/// by their way of contact. A remedy late for weeks is told once: only the cases of the
/// messages never queued are read.
async fn tell_customers_late(
    db: &Db,
    late: &[&storage::remedies::OutstandingAction],
    calendar: &Calendar,
) -> Result<Vec<NewMessage>, StorageError> {
    let keys: Vec<String> = late.iter().map(|action| late_remedy_key(action)).collect();
    let known =
        outbox::known_keys(db, &keys.iter().map(String::as_str).collect::<Vec<_>>()).await?;
    let mut messages = Vec::new();
    for (action, key) in late.iter().zip(keys) {
        if known.contains(&key) {
            continue;
        }
        let Some(customer) = storage::cases::load(db, action.case_id, calendar)
            .await?
            .customer
        else {
            continue;
        };
        let message = domain::updates::late_remedy_message(
            &action.reference.to_string(),
            &customer.details.name,
            &action.description,
            action.due,
        );
        messages.push(NewMessage::to_customer(
            &customer,
            action.case_id,
            key,
            message,
        ));
    }
    Ok(messages)
}

/// The worker: scans, sends webhook deliveries, then e-mails when SMTP is configured, every `every`, until the task is
/// dropped. A failed round is logged and tried again next time.
pub async fn run(
    db: Db,
    calendar: app::state::SharedCalendar,
    mailer: Option<Mailer>,
    every: StdDuration,
    clock: app::clock::Clock,
) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let http = crate::webhooks::client();
    loop {
        ticker.tick().await;
        let now = clock.now();
        match scan(&db, &calendar.current(), now).await {
            Ok(Scanned { queued: 0, .. }) => {}
            Ok(Scanned {
                cases,
                owed,
                queued,
            }) => tracing::info!(
                queued,
                cases,
                owed,
                "deadline warnings and reminders queued"
            ),
            Err(e) => tracing::error!(error = ?e, "the warning scan failed"),
        }
        // Webhooks are sent whether or not a mail server is set up.
        match crate::webhooks::deliver_due(&db, &http, now).await {
            Ok(d) if d == Delivery::default() => {}
            Ok(d) => tracing::info!(
                sent = d.sent,
                retrying = d.retrying,
                failed = d.failed,
                "webhooks delivered"
            ),
            Err(e) => tracing::error!(error = ?e, "sending webhooks failed"),
        }
        if let Some(mailer) = &mailer {
            match deliver_due(&db, mailer, now).await {
                Ok(d) if d == Delivery::default() => {}
                Ok(d) => tracing::info!(
                    sent = d.sent,
                    retrying = d.retrying,
                    failed = d.failed,
                    "outbox delivered"
                ),
                Err(e) => tracing::error!(error = ?e, "sending the outbox failed"),
            }
        }
    }
}
