//! What the operator does at the server's command line, as the service's operator caller
//! (`service::Caller::operator`): `putright user add|disable|enable|reset-password|
//! reset-second-factor`, `putright api-client add`, `putright report tsm` and `putright calendar close-day`. These are the
//! administrators' use cases from the pages (`/admin/accounts`, `/admin/staff`,
//! `/admin/api-clients`, `/reports`), for when nobody can sign in to them (the only
//! administrator is locked out, or there is none yet), with the same checks; what only the
//! operator may have (a reset link printed, a client's token shown here) the service gives
//! only to a caller at the terminal.

use domain::Role;
use storage::accounts::{self, Account};

use crate::{config::Settings, open_database};

/// The database and what a use case needs around it, opened once for a command.
struct Terminal {
    db: storage::Db,
    calendar: domain::Calendar,
    public_base: String,
    now: chrono::DateTime<chrono::Utc>,
    caller: service::Caller,
}

impl Terminal {
    async fn open(settings: &Settings) -> Result<Self, String> {
        let db = open_database(settings).await.map_err(|e| e.to_string())?;
        db.migrate()
            .await
            .map_err(|e| format!("migration failed: {e}"))?;
        let calendar = storage::reference::calendar(&db)
            .await
            .map_err(|e| format!("could not read the calendar: {e}"))?;
        Ok(Self {
            db,
            calendar,
            public_base: settings.public_url.clone().unwrap_or_default(),
            now: settings.clock().now(),
            caller: service::Caller::operator(),
        })
    }

    fn ctx(&self) -> service::Context<'_> {
        service::Context {
            db: &self.db,
            calendar: &self.calendar,
            now: self.now,
            public_base: &self.public_base,
        }
    }

    /// The account with this address, or a sentence saying there is none.
    async fn account(&self, email: &str) -> Result<Account, String> {
        accounts::find_by_email(&self.db, email)
            .await
            .map_err(|e| format!("could not read the accounts: {e}"))?
            .ok_or_else(|| format!("there is no account for {}", email.trim()))
    }

    async fn close(self) {
        // Closing checkpoints SQLite's write-ahead log into the database file.
        let _ = self.db.close().await;
    }
}

/// Runs `work` on a terminal opened for `settings`, closing it whatever happens.
async fn at_terminal<T>(
    settings: &Settings,
    work: impl AsyncFnOnce(&Terminal) -> Result<T, String>,
) -> Result<T, String> {
    let terminal = Terminal::open(settings).await?;
    let result = work(&terminal).await;
    terminal.close().await;
    result
}

/// A refusal of the service as one line for the terminal: each problem after the name of
/// the field it is about (`email: …`; the scopes' problem lists the scopes there are).
fn said(e: service::ServiceError) -> String {
    match e {
        service::ServiceError::Invalid(problems) => problems
            .iter()
            .map(|p| match p.field.as_str() {
                "scopes" => format!(
                    "scopes: {} (--scope takes one or more of {})",
                    p.message,
                    domain::access::clients::Scope::ALL
                        .map(domain::access::clients::Scope::as_str)
                        .join(", ")
                ),
                field => format!("{field}: {}", p.message),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// `putright user add`: an account of any role with a first password (piped in, or made
/// up and printed once), by the same checks as the administrators' pages.
pub async fn add_user(
    settings: Settings,
    role: Role,
    email: String,
    name: Option<String>,
) -> Result<(), String> {
    use std::io::{IsTerminal, Read};
    let mut piped = String::new();
    if !std::io::stdin().is_terminal() {
        std::io::stdin()
            .read_to_string(&mut piped)
            .map_err(|e| format!("could not read the password from standard input: {e}"))?;
    }
    let piped = piped.trim_end_matches(['\r', '\n']);
    let (password, generated) = if piped.is_empty() {
        let hex = uuid::Uuid::new_v4().simple().to_string();
        let groups: Vec<&str> = (0..5).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        (groups.join("-"), true)
    } else {
        (piped.to_owned(), false)
    };
    let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
    let new = service::people::NewAccount {
        name: &name,
        email: &email,
        password: &password,
    };
    let account = at_terminal(&settings, async |t| {
        service::people::add_account(t.ctx(), &t.caller, role, new)
            .await
            .map_err(|e| format!("could not create the account: {}", said(e)))
    })
    .await?;
    println!(
        "Created {} account {} for {}",
        account.role.label(),
        account.id,
        account.email
    );
    if generated {
        println!("Password (shown once; pass it on safely): {password}");
    }
    Ok(())
}

/// Disables (every session ends at once) or enables again the account with this address.
pub async fn set_disabled(settings: Settings, email: &str, disabled: bool) -> Result<(), String> {
    let control = if disabled {
        service::accounts::Control::Disable
    } else {
        service::accounts::Control::Enable
    };
    let found = control_account(&settings, email, control).await?;
    if disabled {
        println!(
            "Disabled {} account {} for {}: every session it had has ended",
            found.role.label(),
            found.id,
            found.email
        );
    } else {
        println!(
            "Enabled {} account {} for {}",
            found.role.label(),
            found.id,
            found.email
        );
    }
    Ok(())
}

/// Removes the second factor of the account with this address (a lost phone): every
/// session ends, and the next sign-in sets up an authenticator app again.
pub async fn reset_second_factor(settings: Settings, email: &str) -> Result<(), String> {
    let found = control_account(
        &settings,
        email,
        service::accounts::Control::ResetSecondFactor,
    )
    .await?;
    println!(
        "Reset the second factor of {} account {} for {}: they set up an authenticator app when they next sign in",
        found.role.label(),
        found.id,
        found.email
    );
    Ok(())
}

/// Does `control` (the accounts page's use case) to the account with this address.
async fn control_account(
    settings: &Settings,
    email: &str,
    control: service::accounts::Control,
) -> Result<Account, String> {
    at_terminal(settings, async |t| {
        let found = t.account(email).await?;
        service::accounts::control(t.ctx(), &t.caller, found.id, control)
            .await
            .map_err(|e| format!("could not change the account: {}", said(e)))?;
        Ok(found)
    })
    .await
}

/// Prints a one-time link (good for [`accounts::RESET_HOURS`] hour) that sets a new
/// password for the account with this address. Nothing is e-mailed: whoever runs this
/// passes the link on.
pub async fn reset_password(settings: Settings, email: &str) -> Result<(), String> {
    let (found, token) = at_terminal(&settings, async |t| {
        let found = t.account(email).await?;
        service::accounts::reset_link_at_terminal(t.ctx(), &t.caller, found.id)
            .await
            .map_err(|e| match e {
                service::ServiceError::Invalid(_) => {
                    format!(
                        "the account for {} is disabled: enable it first",
                        found.email
                    )
                }
                other => format!("could not make a link: {other}"),
            })
    })
    .await?;
    let base = settings
        .public_origin()
        .unwrap_or_else(|| format!("http://{}", settings.bind));
    println!(
        "A link to set a new password for {} (works once, for {} hour; pass it on safely):",
        found.email,
        accounts::RESET_HOURS
    );
    println!("{base}/reset-password/{}", token.expose());
    Ok(())
}

/// `putright api-client add`: makes an integration client and prints its token, once. The
/// same rules as `/admin/api-clients`: a role a client may hold, at least one scope.
pub async fn add_api_client(
    settings: Settings,
    name: &str,
    role: Role,
    scopes: &[String],
) -> Result<(), String> {
    let scopes: Vec<String> = scopes
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::to_owned)
        .collect();
    let form = service::integrations::NewClientForm {
        name,
        role: Some(role.as_str()),
        scopes: &scopes,
    };
    let (client, token) = at_terminal(&settings, async |t| {
        service::integrations::make_client_at_terminal(t.ctx(), &t.caller, form)
            .await
            .map_err(|e| format!("could not make the client: {}", said(e)))
    })
    .await?;
    eprintln!(
        "Made API client {} ({}, {}). Its token is below: keep it now, it is not shown again.",
        client.id,
        client.name,
        client.role.as_str()
    );
    println!("{}", token.expose());
    Ok(())
}

/// `putright report tsm`: the year's Tenant Satisfaction Measures as JSON, the reports
/// page's use case.
pub async fn report_tsm(settings: Settings, year: i32, homes: Option<u32>) -> Result<(), String> {
    let year = domain::reports::ReportingYear::new(year).map_err(|e| e.to_string())?;
    let report = at_terminal(&settings, async |t| {
        service::reports::year_over_homes(t.ctx(), &t.caller, year, homes)
            .await
            .map_err(|e| format!("could not count the figures: {}", said(e)))
    })
    .await?;
    let json = serde_json::to_string(&report.tsm).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}

/// `putright calendar close-day DATE NAME`: the calendar page's use case, a closure day
/// added and the open complaints counted again; prints each deadline that moved.
pub async fn close_day(settings: Settings, date: &str, name: &str) -> Result<(), String> {
    let form = domain::calendar::ClosureForm {
        date: date.to_owned(),
        name: name.to_owned(),
    };
    let done = at_terminal(&settings, async |t| {
        service::calendar::change_closure(
            t.ctx(),
            &t.caller,
            domain::calendar::ClosureChange::Add,
            &form,
        )
        .await
        .map_err(|e| match e {
            service::ServiceError::Invalid(problems) => problems
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
                .join("; "),
            other => format!(
                "the closure day was not added, or the open complaints were not counted again: {other}"
            ),
        })
    })
    .await?;
    println!(
        "{} is now a closure day (calendar {}). {} open complaints counted again; {} deadlines moved:",
        domain::deadlines::long_date(done.change.day.date()),
        done.calendar.version(),
        done.counted,
        done.moved.len()
    );
    let date_or_none =
        |d: Option<chrono::NaiveDate>| d.map_or("none".to_owned(), |d| d.to_string());
    for moved in &done.moved {
        println!(
            "{}\t{}\t{}",
            moved.reference,
            date_or_none(moved.from),
            date_or_none(moved.to)
        );
    }
    Ok(())
}
