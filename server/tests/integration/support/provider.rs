//! A real OpenID provider on loopback for the single sign-on tests: npm's
//! `oidc-provider` (certified; it checks PKCE), run by
//! `end2end/oidc-provider.mjs` once for the whole test binary. It ends when
//! the tests do: it stops when its standard input closes. And a browser's
//! part of signing in there: its login page and redirects.

use openidconnect::reqwest;
use std::collections::HashMap;
use std::io::BufRead;
use std::sync::OnceLock;

/// Where the provider sends browsers back: the test site's callback.
pub const REDIRECT: &str = "http://localhost/staff/sign-in/nhs/callback";
pub const CLIENT_ID: &str = "lth-directory";
pub const CLIENT_SECRET: &str = "test-client-secret-not-for-production";

struct Running {
    issuer: String,
    /// Its standard input held open: the provider exits when it closes, as
    /// the test binary does.
    _provider: std::process::Child,
}

static PROVIDER: OnceLock<Running> = OnceLock::new();

/// The provider's issuer URL, starting it the first time.
pub fn issuer() -> String {
    PROVIDER
        .get_or_init(|| {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/oidc-provider.mjs");
            let mut child = std::process::Command::new("node")
                .arg(script)
                .env("OIDC_TEST_REDIRECT_URIS", REDIRECT)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("node runs end2end/oidc-provider.mjs (make setup installs it)");
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            let issuer = line
                .trim()
                .strip_prefix("issuer=")
                .expect("the provider prints its issuer")
                .to_string();
            Running {
                issuer,
                _provider: child,
            }
        })
        .issuer
        .clone()
}

/// A browser at the provider: its cookies, no redirects followed.
pub struct ProviderBrowser {
    http: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl ProviderBrowser {
    pub fn new() -> Self {
        ProviderBrowser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> String {
        let cookie = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ");
        let response = request.header("cookie", cookie).send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.insert(name.to_string(), value.to_string());
        }
        let location = response
            .headers()
            .get("location")
            .map(|value| value.to_str().unwrap().to_string());
        assert!(
            location.is_some(),
            "the provider did not redirect: {}",
            response.status()
        );
        location.unwrap()
    }

    /// Signs in at the provider as `login` from its authorization address
    /// (`authorize`); returns where it sends the browser back (the site's
    /// callback, with the code and state).
    pub async fn sign_in(&mut self, authorize: &str, login: &str) -> String {
        let issuer = issuer();
        let absolute = |location: String| {
            if location.starts_with('/') {
                format!("{issuer}{location}")
            } else {
                location
            }
        };
        let interaction = absolute(self.send(self.http.get(authorize)).await);
        assert!(interaction.contains("/interaction/"), "{interaction}");
        let form = [("prompt", "login"), ("login", login), ("password", "any")];
        let resume = absolute(self.send(self.http.post(&interaction).form(&form)).await);
        absolute(self.send(self.http.get(&resume)).await)
    }
}
