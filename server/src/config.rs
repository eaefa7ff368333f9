//! The server's command line: every setting, each an option that its
//! environment variable may give instead (`server --help` lists them with
//! their defaults), and the commands on the site's database (`server user
//! ...`, `server backup ...`). [`Settings`] is what was given; [`Config`] is
//! what the server runs with, every default worked out.

use crate::access_log::LogFormat;
use crate::storage::{Dialect, DEFAULT_DATABASE_URL};
use app::staff::Role;
use clap::{Args, Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// The Leeds Teaching Hospitals "About us" site and services directory.
/// With no command, serves the site.
#[derive(Debug, Parser)]
#[command(name = "server", version)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What the server does instead of serving the site.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage staff accounts on the site's database (the first admin is
    /// made this way).
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the live database, consistently, to a new SQLite file while
    /// the site runs.
    Backup {
        /// The new file (it must not exist).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
}

/// `server user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Invite a member of staff: prints the link (single use, 72 hours) on
    /// which they choose their password and set up their authenticator app.
    Invite {
        /// Their NHS email address.
        #[arg(long)]
        email: String,
        /// `editor` (keeps the directory up to date) or `admin` (and manages accounts).
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Stop an account from signing in (its sessions end).
    Disable {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        /// The account's email address.
        #[arg(long)]
        email: String,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_slug(text).ok_or_else(|| "must be staff, editor or admin".to_string())
}

/// The settings as given, on the command line or in the environment.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// The address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: SocketAddr,
    /// The folder holding `pkg/` (WASM, JS, CSS) and the public assets.
    /// [default: `site` beside the binary's folder if it has `pkg/`, else
    /// `target/site`]
    #[arg(long, env = "LEPTOS_SITE_ROOT", value_name = "DIR")]
    pub site_root: Option<PathBuf>,
    /// The site's public address, for canonical links and the cross-site
    /// check. [default: http:// and the listening address]
    #[arg(long, env = "SITE_URL", value_name = "URL", value_parser = parse_site_url)]
    pub site_url: Option<String>,
    /// A folder of content files to use instead of those built in.
    #[arg(long, env = "CONTENT_DIR", value_name = "DIR")]
    pub content_dir: Option<PathBuf>,
    /// The database: `sqlite://FILE` or `postgres://USER:PASSWORD@HOST/NAME`.
    #[arg(
        long,
        env = "DATABASE_URL",
        value_name = "URL",
        default_value = DEFAULT_DATABASE_URL,
        hide_env_values = true,
        value_parser = parse_secret
    )]
    pub database_url: SecretString,
    /// Whether the staff session cookie is sent over HTTPS only.
    /// [default: true when the site URL is https]
    #[arg(long, env = "COOKIE_SECURE", value_name = "true|false")]
    pub cookie_secure: Option<bool>,
    /// Load balancers whose `X-Forwarded-For` names the client, separated
    /// by commas. [default: none]
    #[arg(
        long,
        env = "TRUSTED_PROXIES",
        value_name = "ADDRESSES",
        value_delimiter = ',',
        value_parser = parse_address
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// Requests served at once; more are answered 503 with `Retry-After`.
    #[arg(long, env = "MAX_CONCURRENT_REQUESTS", default_value = "512")]
    pub max_concurrent_requests: NonZeroUsize,
    /// Minutes a staff session may go unused before it ends (it ends 12
    /// hours after sign-in in any case).
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value = "30", value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_idle_minutes: u64,
    /// Single sign-on: the OpenID provider's issuer, such as
    /// `https://login.microsoftonline.com/TENANT-ID/v2.0`. [default: none,
    /// staff sign in with a password only]
    #[arg(long, env = "OIDC_ISSUER_URL", value_name = "URL")]
    pub oidc_issuer_url: Option<String>,
    /// The site's client id at the provider.
    #[arg(long, env = "OIDC_CLIENT_ID", value_name = "ID")]
    pub oidc_client_id: Option<String>,
    /// The site's client secret at the provider.
    #[arg(
        long,
        env = "OIDC_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true,
        value_parser = parse_secret
    )]
    pub oidc_client_secret: Option<SecretString>,
    /// Email domains that may sign in with single sign-on, separated by
    /// commas, such as `nhs.net`.
    #[arg(
        long,
        env = "OIDC_ALLOWED_DOMAINS",
        value_name = "DOMAINS",
        value_delimiter = ','
    )]
    pub oidc_allowed_domains: Vec<String>,
    /// A claim the ID token must carry: `NAME` (any value) or `NAME=VALUE`
    /// (that value, or a list holding it). [default: none]
    #[arg(long, env = "OIDC_REQUIRED_CLAIM", value_name = "NAME[=VALUE]")]
    pub oidc_required_claim: Option<String>,
    /// Where to report a security problem, for `/.well-known/security.txt`
    /// (RFC 9116): `mailto:`, `https:` or `tel:` addresses, separated by
    /// commas. [default: none, and no security.txt]
    #[arg(
        long,
        env = "SECURITY_CONTACT",
        value_name = "URIS",
        value_delimiter = ','
    )]
    pub security_contact: Vec<String>,
    /// The trust's vulnerability disclosure policy (an `https:` address),
    /// for security.txt. [default: none]
    #[arg(long, env = "SECURITY_POLICY", value_name = "URL")]
    pub security_policy: Option<String>,
    /// Where to serve `/metrics` (Prometheus's text format) for the
    /// operations team: an address of its own, never the site's. [default:
    /// none, no metrics]
    #[arg(long, env = "METRICS_ADDR", value_name = "ADDRESS")]
    pub metrics_addr: Option<SocketAddr>,
    /// How log lines are written: `text`, or `json` (one object a line).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t)]
    pub log_format: LogFormat,
}

/// What security.txt says, from its settings: nothing without a contact.
/// A value with a line break, or not an address of the kinds allowed, is
/// refused (it would add a field of its own to the file).
fn security_txt(
    contact: Vec<String>,
    policy: Option<String>,
) -> Result<Option<SecurityTxt>, ConfigError> {
    let usable = |value: &str, schemes: &[&str]| {
        schemes.iter().any(|scheme| value.starts_with(scheme))
            && !value.chars().any(char::is_control)
            && value.len() > 8
    };
    let contact: Vec<String> = contact
        .into_iter()
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
        .collect();
    let policy = policy
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty());
    for value in &contact {
        if !usable(value, &["mailto:", "https://", "tel:"]) {
            return Err(ConfigError::SecurityTxt(value.clone()));
        }
    }
    if let Some(value) = &policy {
        if !usable(value, &["https://"]) {
            return Err(ConfigError::SecurityTxt(value.clone()));
        }
    }
    Ok((!contact.is_empty()).then_some(SecurityTxt { contact, policy }))
}

/// Never fails, so that a database URL, which may hold a password, is
/// never repeated in an error: [`Config::new`] checks it.
fn parse_secret(text: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(text.trim()))
}

fn parse_site_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.starts_with("http://") || text.starts_with("https://") {
        Ok(text.trim_end_matches('/').to_string())
    } else {
        Err("must start with http:// or https://".into())
    }
}

fn parse_address(text: &str) -> Result<IpAddr, String> {
    text.trim()
        .parse()
        .map_err(|_| "not an IP address".to_string())
}

/// What the server runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub site_addr: SocketAddr,
    /// Where `/metrics` is served, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// Folder holding `pkg/` (WASM, JS, CSS) and the public assets.
    pub site_root: PathBuf,
    /// Public root of the site, without a trailing slash.
    pub site_url: String,
    /// Folder of content files to use instead of the built-in ones.
    pub content_dir: Option<PathBuf>,
    /// The services directory's database (sqlx's convention).
    pub database_url: SecretString,
    /// Whether the staff session cookie is marked `Secure`.
    pub cookie_secure: bool,
    /// Load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// Requests served at once; more are refused with 503 and `Retry-After`.
    pub max_concurrent_requests: usize,
    /// How long a staff session may go unused before it ends.
    pub session_idle: std::time::Duration,
    /// The clock staff accounts are kept by: the system's, which tests
    /// move on.
    pub clock: app::storage::Clock,
    /// Single sign-on with an OpenID provider, if set up.
    pub sso: Option<SsoSettings>,
    /// What `/.well-known/security.txt` says, if anything.
    pub security_txt: Option<SecurityTxt>,
}

/// Where to report a security problem (RFC 9116).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityTxt {
    /// `mailto:`, `https:` or `tel:` addresses, in order of preference.
    pub contact: Vec<String>,
    /// An `https:` address.
    pub policy: Option<String>,
}

/// Single sign-on with an OpenID provider (see `staff::nhs_sign_in`).
#[derive(Debug, Clone)]
pub struct SsoSettings {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Lower case, without `@`.
    pub allowed_domains: Vec<String>,
    /// A claim's name, and the value it must have if one is given.
    pub required_claim: Option<(String, Option<String>)>,
    /// Where the provider sends the browser back: the site's
    /// `/staff/sign-in/nhs/callback`.
    pub redirect_url: String,
}

/// A setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Not repeated: it may hold a password.
    #[error("DATABASE_URL (--database-url) must start with sqlite: or postgres://")]
    DatabaseUrl,
    #[error(
        "OIDC_ISSUER_URL (--oidc-issuer-url) needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and \
         OIDC_ALLOWED_DOMAINS as well"
    )]
    SsoIncomplete,
    #[error(
        "SECURITY_CONTACT (--security-contact) takes mailto:, https: or tel: addresses, and \
         SECURITY_POLICY (--security-policy) an https: address: '{0}' is neither"
    )]
    SecurityTxt(String),
}

impl Config {
    /// The settings with every default worked out; `exe_dir` is the folder
    /// of the running binary.
    pub fn new(settings: Settings, exe_dir: Option<&Path>) -> Result<Self, ConfigError> {
        let Settings {
            site_addr,
            site_root,
            site_url,
            content_dir,
            database_url,
            cookie_secure,
            trusted_proxies,
            max_concurrent_requests,
            session_idle_minutes,
            oidc_issuer_url,
            oidc_client_id,
            oidc_client_secret,
            oidc_allowed_domains,
            oidc_required_claim,
            security_contact,
            security_policy,
            metrics_addr,
            // Read by `main` before anything is logged.
            log_format: _,
        } = settings;
        let security_txt = security_txt(security_contact, security_policy)?;
        Dialect::of(database_url.expose_secret()).map_err(|_| ConfigError::DatabaseUrl)?;
        let site_url = site_url.unwrap_or_else(|| format!("http://{site_addr}"));
        let allowed_domains: Vec<String> = oidc_allowed_domains
            .iter()
            .map(|domain| domain.trim().trim_start_matches('@').to_lowercase())
            .filter(|domain| !domain.is_empty())
            .collect();
        let sso = match (oidc_issuer_url, oidc_client_id, oidc_client_secret) {
            (None, ..) => None,
            (Some(issuer_url), Some(client_id), Some(client_secret))
                if !allowed_domains.is_empty() =>
            {
                Some(SsoSettings {
                    issuer_url: issuer_url.trim().to_string(),
                    client_id: client_id.trim().to_string(),
                    client_secret,
                    allowed_domains,
                    required_claim: oidc_required_claim
                        .map(|claim| claim.trim().to_string())
                        .filter(|claim| !claim.is_empty())
                        .map(|claim| match claim.split_once('=') {
                            Some((name, value)) => (name.to_string(), Some(value.to_string())),
                            None => (claim, None),
                        }),
                    redirect_url: format!("{site_url}{}", app::paths::NHS_SIGN_IN_RETURN),
                })
            }
            _ => return Err(ConfigError::SsoIncomplete),
        };
        Ok(Config {
            metrics_addr,
            site_root: site_root.unwrap_or_else(|| {
                exe_dir
                    .and_then(Path::parent)
                    .map(|target| target.join("site"))
                    .filter(|candidate| candidate.join("pkg").is_dir())
                    .unwrap_or_else(|| PathBuf::from("target/site"))
            }),
            cookie_secure: cookie_secure.unwrap_or(site_url.starts_with("https://")),
            site_url,
            site_addr,
            content_dir,
            database_url,
            trusted_proxies,
            max_concurrent_requests: max_concurrent_requests.get(),
            session_idle: std::time::Duration::from_secs(session_idle_minutes * 60),
            clock: app::storage::Clock::default(),
            sso,
            security_txt,
        })
    }

    /// The configuration `args` give (the first is the program's name),
    /// with the environment filling in what they leave out.
    pub fn from_args<I, T>(args: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let cli = Cli::try_parse_from(args).map_err(|error| error.to_string())?;
        Config::new(cli.settings, None).map_err(|error| error.to_string())
    }

    /// The origin (`scheme://host[:port]`) of the site's public address,
    /// which staff forms must come from.
    pub fn site_origin(&self) -> String {
        url::Url::parse(&self.site_url)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_else(|_| self.site_url.clone())
    }

    /// The database URL fit for a log or a message: its password left out.
    pub fn database_for_logs(&self) -> String {
        redacted(self.database_url.expose_secret())
    }
}

/// `url` without its password (SQLite paths have none).
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn config(args: &[&str]) -> Result<Config, String> {
        Config::from_args(std::iter::once("server").chain(args.iter().copied()))
    }

    #[test]
    fn defaults() {
        let c = config(&[]).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.site_root, PathBuf::from("target/site"));
        assert_eq!(c.site_url, "http://127.0.0.1:3000");
        assert!(!c.cookie_secure);
        assert_eq!(c.content_dir, None);
        assert_eq!(
            c.database_url.expose_secret(),
            "sqlite://lth-directory.sqlite3"
        );
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.max_concurrent_requests, 512);
    }

    #[test]
    fn options_override_defaults() {
        let c = config(&[
            "--site-addr=0.0.0.0:8080",
            "--site-root=/srv/site",
            "--site-url=https://www.example.nhs.uk/",
            "--content-dir=/srv/content",
            "--trusted-proxies=10.0.0.1, 10.0.0.2",
        ])
        .unwrap();
        assert_eq!(c.site_addr.port(), 8080);
        assert_eq!(c.site_root, PathBuf::from("/srv/site"));
        assert_eq!(c.site_url, "https://www.example.nhs.uk");
        assert!(c.cookie_secure);
        assert_eq!(c.content_dir, Some(PathBuf::from("/srv/content")));
        assert_eq!(c.trusted_proxies.len(), 2);
    }

    #[test]
    fn single_sign_on_needs_every_setting_and_derives_its_redirect() {
        let issuer = "--oidc-issuer-url=https://login.example.com/tenant/v2.0";
        assert!(config(&[issuer]).unwrap_err().contains("OIDC_CLIENT_ID"));
        let c = config(&[
            "--site-url=https://www.example.nhs.uk/",
            issuer,
            "--oidc-client-id=site",
            "--oidc-client-secret=s3cret",
            "--oidc-allowed-domains=nhs.net, @NHS.UK",
            "--oidc-required-claim=org_code=RR8",
        ])
        .unwrap();
        let sso = c.sso.expect("single sign-on is on");
        assert_eq!(
            sso.redirect_url,
            "https://www.example.nhs.uk/staff/sign-in/nhs/callback"
        );
        assert_eq!(sso.allowed_domains, ["nhs.net", "nhs.uk"]);
        assert_eq!(
            sso.required_claim,
            Some(("org_code".to_string(), Some("RR8".to_string())))
        );
        assert!(
            !format!("{sso:?}").contains("s3cret"),
            "the secret stays out of logs"
        );
        assert!(config(&[]).unwrap().sso.is_none());
    }

    #[test]
    fn every_setting_has_its_environment_variable() {
        let command = Cli::command();
        let variables: Vec<_> = command
            .get_arguments()
            .filter_map(|arg| arg.get_env()?.to_str())
            .collect();
        assert_eq!(
            variables,
            [
                "LEPTOS_SITE_ADDR",
                "LEPTOS_SITE_ROOT",
                "SITE_URL",
                "CONTENT_DIR",
                "DATABASE_URL",
                "COOKIE_SECURE",
                "TRUSTED_PROXIES",
                "MAX_CONCURRENT_REQUESTS",
                "SESSION_IDLE_MINUTES",
                "OIDC_ISSUER_URL",
                "OIDC_CLIENT_ID",
                "OIDC_CLIENT_SECRET",
                "OIDC_ALLOWED_DOMAINS",
                "OIDC_REQUIRED_CLAIM",
                "SECURITY_CONTACT",
                "SECURITY_POLICY",
                "METRICS_ADDR",
                "LOG_FORMAT"
            ]
        );
        command.debug_assert();
    }

    #[test]
    fn bad_values_name_the_setting() {
        for (arg, name) in [
            ("--site-addr=localhost", "--site-addr"),
            ("--site-url=www.example.nhs.uk", "--site-url"),
            ("--trusted-proxies=proxy.local", "--trusted-proxies"),
            ("--max-concurrent-requests=0", "--max-concurrent-requests"),
            ("--cookie-secure=maybe", "--cookie-secure"),
            ("--session-idle-minutes=0", "--session-idle-minutes"),
            (
                "--security-contact=security@example.nhs.uk",
                "SECURITY_CONTACT",
            ),
            ("--security-contact=javascript:alert(1)", "SECURITY_CONTACT"),
            (
                "--security-policy=http://example.nhs.uk/policy",
                "SECURITY_POLICY",
            ),
        ] {
            let error = config(&[arg]).unwrap_err();
            assert!(error.contains(name), "{arg}: {error}");
        }
    }

    #[test]
    fn a_database_password_is_in_no_message() {
        let error = config(&["--database-url=mysql://lth:s3cret@db/lth"]).unwrap_err();
        assert!(
            error.contains("DATABASE_URL") && !error.contains("s3cret"),
            "{error}"
        );
        let c =
            config(&["--database-url=postgres://lth:s3cret@db.example:5432/lth?sslmode=require"])
                .unwrap();
        assert_eq!(
            c.database_for_logs(),
            "postgres://lth:***@db.example:5432/lth?sslmode=require"
        );
        assert!(!format!("{c:?}").contains("s3cret"));
        let c = config(&["--database-url=postgres://lth@db/lth"]).unwrap();
        assert_eq!(c.database_for_logs(), "postgres://lth@db/lth");
        assert_eq!(
            config(&[]).unwrap().database_for_logs(),
            "sqlite://lth-directory.sqlite3"
        );
    }

    #[test]
    fn site_origin_from_its_url() {
        let origin = |url: &str| {
            config(&[&format!("--site-url={url}")])
                .unwrap()
                .site_origin()
        };
        assert_eq!(
            origin("https://www.leedsth.nhs.uk/about"),
            "https://www.leedsth.nhs.uk"
        );
        assert_eq!(origin("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(
            origin("https://WWW.Example.NHS.uk:443/"),
            "https://www.example.nhs.uk"
        );
    }

    #[test]
    fn site_root_defaults_to_the_folder_beside_the_binary() {
        let target = std::env::temp_dir().join(format!("lth-config-test-{}", std::process::id()));
        std::fs::create_dir_all(target.join("site/pkg")).unwrap();
        std::fs::create_dir_all(target.join("release")).unwrap();
        let settings = Cli::try_parse_from(["server"]).unwrap().settings;
        let c = Config::new(settings, Some(&target.join("release"))).unwrap();
        assert_eq!(c.site_root, target.join("site"));
        std::fs::remove_dir_all(&target).unwrap();
    }
}
