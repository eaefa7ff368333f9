//! Commands on the database the site uses (`DATABASE_URL`):
//! `server user add --email EMAIL --role editor|admin` (password read from
//! standard input, one line) and `server user disable|enable --email EMAIL`
//! manage staff accounts (the first admin is made this way);
//! `server backup --to FILE` copies the live database, consistently, while
//! the site runs.

use app::staff::accounts::{check_email, check_password, AccountError};
use app::staff::Role;
use app::storage::StoreError;
use server::config::Config;
use server::storage::SqlStore;
use server::{accounts_of, load_content, open_directory, StartError};

const USAGE: &str =
    "usage: server user add --email EMAIL --role editor|admin   (password on standard input)
       server user disable --email EMAIL
       server user enable --email EMAIL
       server backup --to FILE";

/// Why a command did nothing; the text is what to print.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{USAGE}")]
    Usage,
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{option}: {message}")]
    Invalid {
        option: &'static str,
        message: String,
    },
    #[error("reading the password: {0}")]
    Password(std::io::Error),
    #[error("an account for {0} already exists")]
    AccountExists(String),
    #[error("no account for {0}")]
    NoAccount(String),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("{0} already exists: choose a new file name")]
    FileExists(String),
    #[error("backup to {file}: {source}")]
    Backup { file: String, source: StoreError },
}

/// Runs a command.
pub async fn run(args: &[String]) -> Result<(), CommandError> {
    match args {
        [backup, to, file] if backup == "backup" && to == "--to" => run_backup(file).await,
        [user, command, options @ ..] if user == "user" => run_user(command, options).await,
        _ => Err(CommandError::Usage),
    }
}

/// `server backup --to FILE`: a consistent copy of the live database in a
/// new file (SQLite's `VACUUM INTO`: one read transaction, so edits saved
/// meanwhile are either wholly in it or not at all).
async fn run_backup(file: &str) -> Result<(), CommandError> {
    let target = std::path::Path::new(file);
    if target.exists() {
        return Err(CommandError::FileExists(file.into()));
    }
    let config = Config::from_env().map_err(StartError::from)?;
    let backup = |source| CommandError::Backup {
        file: file.into(),
        source,
    };
    let storage = SqlStore::connect(&config.database_url)
        .await
        .map_err(backup)?;
    storage.backup_to(target).await.map_err(backup)?;
    println!(
        "Backed up {} to {file}",
        server::storage::without_password(&config.database_url)
    );
    Ok(())
}

async fn run_user(command: &str, options: &[String]) -> Result<(), CommandError> {
    let option = |name: &str| {
        options
            .iter()
            .position(|a| a == name)
            .and_then(|i| options.get(i + 1))
            .cloned()
    };
    let invalid = |option, message| CommandError::Invalid { option, message };
    let email = check_email("email", &option("--email").ok_or(CommandError::Usage)?)
        .map_err(|p| invalid("--email", p.message))?;
    let config = Config::from_env().map_err(StartError::from)?;
    let content = load_content(&config).map_err(StartError::from)?;
    let directory = open_directory(&config, &content).await?;
    let accounts = accounts_of(&directory);
    match command {
        "add" => {
            let role = option("--role")
                .as_deref()
                .and_then(Role::from_slug)
                .ok_or_else(|| invalid("--role", "must be editor or admin".into()))?;
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(CommandError::Password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            check_password("password", password).map_err(|p| invalid("password", p.message))?;
            match accounts.add(&email, password, role).await? {
                Ok(_) => {
                    println!("Added {email} ({})", role.slug());
                    Ok(())
                }
                Err(_) => Err(CommandError::AccountExists(email)),
            }
        }
        "disable" | "enable" => {
            let account = accounts
                .find(&email)
                .await?
                .ok_or_else(|| CommandError::NoAccount(email.clone()))?;
            accounts
                .set_disabled(account.id, command == "disable")
                .await?;
            println!("{email}: {command}d");
            Ok(())
        }
        _ => Err(CommandError::Usage),
    }
}
