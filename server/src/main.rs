//! `putright`: the server and its command line.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use server::{Application, config::Settings, open_database, shutdown_signal, telemetry};
use std::{path::PathBuf, process::ExitCode};

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
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("putright: configuration problem: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    tracing::debug!(?settings, "settings");

    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
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
