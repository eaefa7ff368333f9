//! The commands on the site's database (`server user ...`, `server backup
//! ...`; `config::Command` declares them and their options).

use app::paths;
use app::staff::accounts::{check_email, AccountError, CLI_INVITER};
use app::staff::EventKind;
use app::storage::{AccountChange, StoreError};
use secrecy::ExposeSecret;
use server::config::{Command, Config, UserCommand};
use server::storage::SqlStore;
use server::{accounts_of, load_content, open_directory, StartError};
use std::path::Path;

/// Why a command did nothing; the text is what to print.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{option}: {message}")]
    Invalid {
        option: &'static str,
        message: String,
    },
    #[error("an account for {0} already exists")]
    AccountExists(String),
    #[error("no account for {0}")]
    NoAccount(String),
    #[error("{0} is the last active admin: add another admin first")]
    LastAdmin(String),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("{0} already exists: choose a new file name")]
    FileExists(String),
    #[error("backup to {file}: {source}")]
    Backup { file: String, source: StoreError },
}

/// Runs a command.
pub async fn run(config: &Config, command: Command) -> Result<(), CommandError> {
    match command {
        Command::Backup { to } => run_backup(config, &to).await,
        Command::User(command) => run_user(config, command).await,
    }
}

/// `server backup --to FILE`: a consistent copy of the live database in a
/// new file (SQLite's `VACUUM INTO`: one read transaction, so edits saved
/// meanwhile are either wholly in it or not at all).
async fn run_backup(config: &Config, target: &Path) -> Result<(), CommandError> {
    let file = target.display().to_string();
    if target.exists() {
        return Err(CommandError::FileExists(file));
    }
    let backup = |source| CommandError::Backup {
        file: file.clone(),
        source,
    };
    let storage = SqlStore::connect(config.database_url.expose_secret())
        .await
        .map_err(backup)?;
    storage.backup_to(target).await.map_err(backup)?;
    println!("Backed up {} to {file}", config.database_for_logs());
    Ok(())
}

async fn run_user(config: &Config, command: UserCommand) -> Result<(), CommandError> {
    let invalid = |option, message| CommandError::Invalid { option, message };
    let email = match &command {
        UserCommand::Invite { email, .. }
        | UserCommand::Disable { email }
        | UserCommand::Enable { email } => email,
    };
    let email = check_email("email", email).map_err(|p| invalid("--email", p.message))?;
    let content = load_content(config).map_err(StartError::from)?;
    let directory = open_directory(config, &content).await?;
    let accounts = accounts_of(&directory);
    match command {
        UserCommand::Invite { role, .. } => {
            match accounts.invite(&email, role, CLI_INVITER).await? {
                Ok(token) => {
                    accounts
                        .record(
                            EventKind::Invited,
                            Some(&email),
                            Some(CLI_INVITER),
                            None,
                            "",
                        )
                        .await?;
                    println!(
                        "Send {email} ({}) this link. It works once, for 72 hours:\n{}{}",
                        role.slug(),
                        config.site_origin(),
                        paths::invitation(&token)
                    );
                    Ok(())
                }
                Err(_) => Err(CommandError::AccountExists(email)),
            }
        }
        UserCommand::Disable { .. } | UserCommand::Enable { .. } => {
            let disable = matches!(command, UserCommand::Disable { .. });
            let account = accounts
                .find(&email)
                .await?
                .ok_or_else(|| CommandError::NoAccount(email.clone()))?;
            if accounts.set_disabled(account.id, disable).await? == AccountChange::LastAdmin {
                return Err(CommandError::LastAdmin(email));
            }
            let done = if disable { "disabled" } else { "enabled" };
            println!("{email}: {done}");
            Ok(())
        }
    }
}
