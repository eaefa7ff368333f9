//! `server user add --email EMAIL --role editor|admin` (password read from
//! standard input, one line) and `server user disable|enable --email EMAIL`:
//! staff accounts managed from the command line, on the database the site
//! uses (`DATABASE_URL`). The first admin is made this way.

use app::staff::accounts::{check_email, check_password, Accounts};
use app::staff::Role;
use server::config::Config;
use server::{load_content, open_directory};

const USAGE: &str =
    "usage: server user add --email EMAIL --role editor|admin   (password on standard input)
       server user disable --email EMAIL
       server user enable --email EMAIL";

/// Runs an account command; the error is the message to print.
pub async fn run(args: &[String]) -> Result<(), String> {
    let (command, options) = match args {
        [user, command, options @ ..] if user == "user" => (command.as_str(), options),
        _ => return Err(USAGE.into()),
    };
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
    let content = load_content(&config)?;
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
