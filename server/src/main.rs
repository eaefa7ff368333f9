//! Starts the site: reads its settings (`server --help`) and content, then
//! serves on the configured address until stopped; or runs one of the
//! commands on the database (`server user ...`, `server backup ...`, in
//! `admin.rs`).

mod admin;

use clap::Parser;
use server::config::{Cli, Config};
use server::{load_content, open_directory, site_router, StartError};
use std::process::ExitCode;
use std::sync::Arc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let log = server::access_log::subscriber(cli.settings.log_format, std::io::stdout, colour);
    if let Err(error) = tracing::subscriber::set_global_default(log) {
        eprintln!("error: the log could not be set up: {error}");
        return ExitCode::FAILURE;
    }
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(std::path::Path::to_path_buf));
    let outcome: Result<(), Box<dyn std::error::Error>> =
        match Config::new(cli.settings, exe_dir.as_deref()) {
            Err(error) => Err(StartError::from(error).into()),
            Ok(config) => match cli.command {
                None => run(config).await.map_err(Into::into),
                Some(command) => admin::run(&config, command).await.map_err(Into::into),
            },
        };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), StartError> {
    let content = load_content(&config)?;
    let directory = open_directory(&config, &content).await?;
    let directory = Arc::new(directory);
    if let Some(address) = config.metrics_addr {
        let handle = server::metrics::install()?;
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|source| StartError::Listen { address, source })?;
        tracing::info!(%address, "serving metrics");
        let router = server::metrics::router(handle.clone(), directory.clone());
        tokio::spawn(server::metrics::serve(listener, router, handle));
    }
    let router = site_router(&config, Arc::new(content), directory.clone());
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|source| StartError::Listen {
            address: config.site_addr,
            source,
        })?;
    tracing::info!(
        address = %config.site_addr,
        site_root = %config.site_root.display(),
        site_url = %config.site_url,
        database = %config.database_for_logs(),
        "serving"
    );
    server::serve::serve(listener, router, shutdown_signal()).await;
    directory.storage().close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
