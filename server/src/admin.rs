//! Commands on the database the site uses (`DATABASE_URL`):
//! `server user add --email EMAIL --role editor|admin` (password read from
//! standard input, one line) and `server user disable|enable --email EMAIL`
//! manage staff accounts (the first admin is made this way);
//! `server backup --to FILE` copies the live database, consistently, while
//! the site runs.

use app::staff::accounts::{check_email, check_password, Accounts};
use app::staff::Role;
use server::config::Config;
use server::{load_content, open_directory};

const USAGE: &str =
    "usage: server user add --email EMAIL --role editor|admin   (password on standard input)
       server user disable --email EMAIL
       server user enable --email EMAIL
       server backup --to FILE";

/// Runs a command; the error is the message to print.
pub async fn run(args: &[String]) -> Result<(), String> {
    match args {
        [backup, to, file] if backup == "backup" && to == "--to" => run_backup(file).await,
        [user, command, options @ ..] if user == "user" => run_user(command, options).await,
        _ => Err(USAGE.into()),
    }
}

/// `server backup --to FILE`: a consistent copy of the live database in a
/// new file (SQLite's `VACUUM INTO`: one read transaction, so edits saved
/// meanwhile are either wholly in it or not at all).
async fn run_backup(file: &str) -> Result<(), String> {
    let target = std::path::Path::new(file);
    if target.exists() {
        return Err(format!("{file} already exists: choose a new file name"));
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let directory = app::directory::store::Directory::connect(&config.database_url)
        .await
        .map_err(|e| format!("database {}: {e}", config.database_url))?;
    directory
        .backup_to(target)
        .await
        .map_err(|e| format!("backup to {file}: {e}"))?;
    println!("Backed up {} to {file}", config.database_url);
    Ok(())
}

async fn run_user(command: &str, options: &[String]) -> Result<(), String> {
    let option = |name: &str| {
        options
            .iter()
            .position(|a| a == name)
            .and_then(|i| options.get(i + 1))
            .cloned()
    };
    let email = check_email("email", &option("--email").ok_or(USAGE)?)
        .map_err(|p| format!("--email: {}", p.message))?;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let content = load_content(&config).map_err(|e| e.to_string())?;
    let directory = open_directory(&config, &content).await?;
    let accounts = Accounts::new(directory.pool().clone());
    match command {
        "add" => {
            let role = option("--role")
                .as_deref()
                .and_then(Role::from_slug)
                .ok_or("--role must be editor or admin")?;
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| format!("reading the password: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']);
            check_password("password", password).map_err(|p| p.message)?;
            match accounts.add(&email, password, role).await {
                Ok(Ok(_)) => {
                    println!("Added {email} ({})", role.slug());
                    Ok(())
                }
                Ok(Err(_)) => Err(format!("an account for {email} already exists")),
                Err(e) => Err(e.to_string()),
            }
        }
        "disable" | "enable" => {
            let account = accounts
                .find(&email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or(format!("no account for {email}"))?;
            accounts
                .set_disabled(account.id, command == "disable")
                .await
                .map_err(|e| e.to_string())?;
            println!("{email}: {command}d");
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}
