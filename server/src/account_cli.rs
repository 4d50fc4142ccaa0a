//! `putright user disable|enable|reset-password|reset-second-factor EMAIL`: the
//! administrators' account controls
//! from the command line, for when nobody can sign in to the pages (the only administrator
//! is locked out). Disabling, enabling and resetting a second factor are the use cases of
//! `/admin/accounts` (`service::accounts::control`), run as the operator.

use crate::{config::Settings, open_database};
use storage::accounts;

/// The account with this address, or a sentence saying there is none.
async fn account(db: &storage::Db, email: &str) -> Result<accounts::Account, String> {
    accounts::find_by_email(db, email)
        .await
        .map_err(|e| format!("could not read the accounts: {e}"))?
        .ok_or_else(|| format!("there is no account for {}", email.trim()))
}

async fn open(settings: &Settings) -> Result<storage::Db, String> {
    let db = open_database(settings).await.map_err(|e| e.to_string())?;
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    Ok(db)
}

/// Runs `control` on account `id` as the person at the server's command line.
async fn as_operator(
    db: &storage::Db,
    settings: &Settings,
    id: i32,
    control: service::accounts::Control,
) -> Result<(), String> {
    let calendar = storage::reference::calendar(db)
        .await
        .map_err(|e| format!("could not read the calendar: {e}"))?;
    let public_base = settings.public_url.clone().unwrap_or_default();
    let ctx = service::Context {
        db,
        calendar: &calendar,
        now: settings.clock().now(),
        public_base: &public_base,
    };
    service::accounts::control(ctx, &service::Caller::operator(), id, control)
        .await
        .map_err(|e| format!("could not change the account: {e}"))
}

/// Disables (every session ends at once) or enables again the account with this address.
pub async fn set_disabled(settings: Settings, email: &str, disabled: bool) -> Result<(), String> {
    let db = open(&settings).await?;
    let result = async {
        let found = account(&db, email).await?;
        let control = if disabled {
            service::accounts::Control::Disable
        } else {
            service::accounts::Control::Enable
        };
        as_operator(&db, &settings, found.id, control).await?;
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
    .await;
    let _ = db.close().await;
    result
}

/// Removes the second factor of the account with this address (a lost phone): every
/// session ends, and the next sign-in sets up an authenticator app again.
pub async fn reset_second_factor(settings: Settings, email: &str) -> Result<(), String> {
    let db = open(&settings).await?;
    let result = async {
        let found = account(&db, email).await?;
        as_operator(
            &db,
            &settings,
            found.id,
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
    .await;
    let _ = db.close().await;
    result
}

/// Prints a one-time link (good for [`accounts::RESET_HOURS`] hour) that sets a new
/// password for the account with this address. Nothing is e-mailed: whoever runs this
/// passes the link on.
pub async fn reset_password(settings: Settings, email: &str) -> Result<(), String> {
    let db = open(&settings).await?;
    let result = async {
        let found = account(&db, email).await?;
        let (_, token) =
            accounts::issue_reset(&db, found.id, settings.clock().now(), false, |_, _| None)
                .await
                .map_err(|e| format!("could not make a link: {e}"))?
                .ok_or_else(|| {
                    format!(
                        "the account for {} is disabled: enable it first",
                        found.email
                    )
                })?;
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
    .await;
    let _ = db.close().await;
    result
}

/// `putright api-client add`: makes an integration client and prints its token, once. The
/// same rules as `/admin/api-clients`: a role a client may hold, at least one scope.
pub async fn add_api_client(
    settings: Settings,
    name: &str,
    role: domain::Role,
    scopes: &[String],
) -> Result<(), String> {
    use domain::access::clients::{Scope, client_may_hold};
    if name.trim().is_empty() {
        return Err("give the client a name with --name".into());
    }
    if !client_may_hold(role) {
        return Err(format!(
            "an API client cannot act as {}: choose officer, manager, complaints_manager, head_of_service or board_member",
            role.as_str()
        ));
    }
    let scopes = scopes
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| {
            Scope::parse(s).ok_or_else(|| {
                format!(
                    "{s:?} is not a scope: choose from {}",
                    Scope::ALL.map(Scope::as_str).join(", ")
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if scopes.is_empty() {
        return Err("grant at least one scope with --scope".into());
    }
    let db = open(&settings).await?;
    let made = storage::api_clients::create(
        &db,
        &storage::api_clients::NewClient {
            name,
            role,
            scopes: &scopes,
            // Made at the terminal, by nobody signed in.
            created_by: 0,
        },
        settings.clock().now(),
    )
    .await
    .map_err(|e| format!("could not make the client: {e}"));
    let _ = db.close().await;
    let (client, token) = made?;
    eprintln!(
        "Made API client {} ({}, {}). Its token is below: keep it now, it is not shown again.",
        client.id,
        client.name,
        client.role.as_str()
    );
    println!("{}", token.expose());
    Ok(())
}
