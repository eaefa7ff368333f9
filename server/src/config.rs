//! Server configuration from environment variables, each with a default.
//!
//! | variable            | default                                   |
//! |---------------------|-------------------------------------------|
//! | `LEPTOS_SITE_ADDR`  | `127.0.0.1:3000`                          |
//! | `LEPTOS_SITE_ROOT`  | `site` beside the binary's folder (`target/site` for `target/release/server`), else `target/site` |
//! | `SITE_URL`          | `http://` + the address                   |
//! | `CONTENT_DIR`       | unset: the content built into the binary  |
//! | `DATABASE_URL`      | `sqlite://lth-directory.sqlite3` (a file in the working directory); or `postgres://...` |
//! | `TRUSTED_PROXIES`   | none: addresses whose `X-Forwarded-For` is believed |
//! | `MAX_CONCURRENT_REQUESTS` | 512: more at once are answered 503 at once |

use crate::storage::{Dialect, DEFAULT_DATABASE_URL};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// Everything the server reads from its environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub site_addr: SocketAddr,
    /// Folder holding `pkg/` (WASM, JS, CSS) and the public assets.
    pub site_root: PathBuf,
    /// Public root of the site, without a trailing slash.
    pub site_url: String,
    /// Folder of content files to use instead of the built-in ones.
    pub content_dir: Option<PathBuf>,
    /// The services directory's database (sqlx's convention).
    pub database_url: String,
    /// Whether the staff session cookie is marked `Secure` (sent over HTTPS
    /// only): `COOKIE_SECURE`, by default when `SITE_URL` is https.
    pub cookie_secure: bool,
    /// Load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// Requests served at once; more are refused with 503 and `Retry-After`.
    pub max_concurrent_requests: usize,
}

/// A setting that cannot be used, with the variable named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("environment variable {variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let exe_dir = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf));
        Self::from_vars(|name| std::env::var(name).ok(), exe_dir.as_deref())
    }

    /// Reads settings through `var`; `exe_dir` is the folder of the running binary.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        exe_dir: Option<&Path>,
    ) -> Result<Self, ConfigError> {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let site_addr = match var("LEPTOS_SITE_ADDR") {
            Some(text) => text.trim().parse().map_err(|_| ConfigError {
                variable: "LEPTOS_SITE_ADDR",
                message: format!("'{text}' is not an address such as 127.0.0.1:3000"),
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let site_root = match var("LEPTOS_SITE_ROOT") {
            Some(root) => PathBuf::from(root),
            None => exe_dir
                .and_then(Path::parent)
                .map(|target| target.join("site"))
                .filter(|candidate| candidate.join("pkg").is_dir())
                .unwrap_or_else(|| PathBuf::from("target/site")),
        };
        let site_url = match var("SITE_URL") {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => {
                return Err(ConfigError {
                    variable: "SITE_URL",
                    message: format!("'{url}' must start with http:// or https://"),
                })
            }
            None => format!("http://{site_addr}"),
        };
        let cookie_secure = match var("COOKIE_SECURE").as_deref() {
            Some("true") => true,
            Some("false") => false,
            Some(other) => {
                return Err(ConfigError {
                    variable: "COOKIE_SECURE",
                    message: format!("'{other}' must be true or false"),
                })
            }
            None => site_url.starts_with("https://"),
        };
        let trusted_proxies =
            crate::client_address::parse_trusted(&var("TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|error| ConfigError {
                    variable: "TRUSTED_PROXIES",
                    message: error.to_string(),
                })?;
        let max_concurrent_requests = match var("MAX_CONCURRENT_REQUESTS") {
            Some(text) => {
                text.trim()
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ConfigError {
                        variable: "MAX_CONCURRENT_REQUESTS",
                        message: format!("'{text}' is not a whole number above 0"),
                    })?
            }
            None => 512,
        };
        Ok(Config {
            trusted_proxies,
            max_concurrent_requests,
            site_addr,
            site_root,
            cookie_secure,
            site_url,
            content_dir: var("CONTENT_DIR").map(PathBuf::from),
            database_url: match var("DATABASE_URL") {
                // Not repeated in the message: it may hold a password.
                Some(url) => match Dialect::of(&url) {
                    Ok(_) => url,
                    Err(error) => {
                        return Err(ConfigError {
                            variable: "DATABASE_URL",
                            message: error.to_string(),
                        })
                    }
                },
                None => DEFAULT_DATABASE_URL.to_string(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)], exe_dir: Option<&Path>) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|name| vars.get(name).cloned(), exe_dir)
    }

    #[test]
    fn defaults() {
        let c = config(&[], None).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.site_root, PathBuf::from("target/site"));
        assert_eq!(c.site_url, "http://127.0.0.1:3000");
        assert!(!c.cookie_secure);
        assert_eq!(c.content_dir, None);
        assert_eq!(c.database_url, "sqlite://lth-directory.sqlite3");
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.max_concurrent_requests, 512);
    }

    #[test]
    fn variables_override_defaults() {
        let c = config(
            &[
                ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
                ("LEPTOS_SITE_ROOT", "/srv/site"),
                ("SITE_URL", "https://www.example.nhs.uk/"),
                ("CONTENT_DIR", "/srv/content"),
            ],
            None,
        )
        .unwrap();
        assert_eq!(c.site_addr.port(), 8080);
        assert_eq!(c.site_root, PathBuf::from("/srv/site"));
        assert_eq!(c.site_url, "https://www.example.nhs.uk");
        assert!(c.cookie_secure);
        assert_eq!(c.content_dir, Some(PathBuf::from("/srv/content")));
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = config(&[("LEPTOS_SITE_ADDR", "localhost")], None).unwrap_err();
        assert_eq!(err.variable, "LEPTOS_SITE_ADDR");
        let err = config(&[("SITE_URL", "www.example.nhs.uk")], None).unwrap_err();
        assert_eq!(err.variable, "SITE_URL");
        let err = config(&[("DATABASE_URL", "mysql://lth:secret@db/lth")], None).unwrap_err();
        assert_eq!(err.variable, "DATABASE_URL");
        assert!(!err.message.contains("secret"));
        let postgres = config(&[("DATABASE_URL", "postgres://db/lth")], None).unwrap();
        assert_eq!(postgres.database_url, "postgres://db/lth");
        let err = config(&[("TRUSTED_PROXIES", "proxy.local")], None).unwrap_err();
        assert_eq!(err.variable, "TRUSTED_PROXIES");
        let err = config(&[("MAX_CONCURRENT_REQUESTS", "0")], None).unwrap_err();
        assert_eq!(err.variable, "MAX_CONCURRENT_REQUESTS");
    }

    #[test]
    fn site_root_defaults_to_the_folder_beside_the_binary() {
        let target = std::env::temp_dir().join(format!("lth-config-test-{}", std::process::id()));
        std::fs::create_dir_all(target.join("site/pkg")).unwrap();
        std::fs::create_dir_all(target.join("release")).unwrap();
        let c = config(&[], Some(&target.join("release"))).unwrap();
        assert_eq!(c.site_root, target.join("site"));
        std::fs::remove_dir_all(&target).unwrap();
    }
}
