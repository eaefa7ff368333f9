//! The one state the site's layers and handlers share, made once from the
//! configuration. Handlers take it whole (`State<AppState>`) or the part
//! they need through `FromRef` (`State<Arc<Directory>>`, ...): the headers
//! layer and the page cache take only theirs, so that this module, which
//! holds them, is not also what they depend on.

use crate::config::Config;
use crate::http_policy::HeaderSettings;
use crate::limits::Limits;
use crate::page_cache::RenderedCache;
use crate::single_sign_on::SingleSignOn;
use crate::{hashed_assets, leptos_options};
use app::directory::live::Directory;
use app::model::SiteContent;
use app::request::RequestFacts;
use app::staff::accounts::Accounts;
use app::staff::limiter::SignInLimiter;
use app::SiteSettings;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The site's shared state, behind one `Arc`: axum clones the state of
/// every layer and route for every request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] holds.
pub struct Shared {
    pub options: LeptosOptions,
    pub settings: SiteSettings,
    pub content: Arc<SiteContent>,
    pub directory: Arc<Directory>,
    pub accounts: Accounts,
    pub limiter: SignInLimiter,
    /// Load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// The staff session cookie is sent over HTTPS only.
    pub cookie_secure: bool,
    /// What the headers layer needs to know of the site.
    pub headers: HeaderSettings,
    /// The origin (`scheme://host[:port]`) of `SITE_URL`, which staff
    /// forms must come from.
    pub site_origin: String,
    /// How much work is taken on at once: request slots, sign-ins.
    pub limits: Arc<Limits>,
    /// Rendered answers kept for visitors.
    pub rendered: Arc<RenderedCache>,
    /// Signing in with an NHS account, if set up.
    pub sso: Option<Arc<SingleSignOn>>,
    /// What `/.well-known/security.txt` says, if anything.
    pub security_txt: Option<crate::config::SecurityTxt>,
    /// Whether session lookups failed a moment ago (the database is down).
    pub session_lookups: SessionLookups,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(config: &Config, content: Arc<SiteContent>, directory: Arc<Directory>) -> Self {
        let sso = config.sso.clone().and_then(|settings| {
            SingleSignOn::new(settings, config.clock.clone())
                .inspect_err(|error| tracing::error!(%error, "single sign-on is off"))
                .ok()
                .map(Arc::new)
        });
        AppState(Arc::new(Shared {
            options: leptos_options(config),
            settings: SiteSettings {
                site_url: config.site_url.clone(),
                nhs_sign_in: sso.is_some(),
                secure_cookies: config.cookie_secure,
                finder: crate::finder_module(&config.site_root),
            },
            sso,
            security_txt: config.security_txt.clone(),
            accounts: crate::accounts_of(&directory)
                .with_idle(config.session_idle)
                .with_clock(config.clock.clone()),
            limiter: SignInLimiter::standard(directory.storage().clone()),
            rendered: Arc::new(RenderedCache::new(directory.clone(), config.clock.clone())),
            content,
            directory,
            trusted_proxies: config.trusted_proxies.clone(),
            cookie_secure: config.cookie_secure,
            headers: HeaderSettings {
                sign_in_origin: config.sso.as_ref().and_then(|sso| {
                    url::Url::parse(&sso.issuer_url)
                        .ok()
                        .map(|issuer| issuer.origin().ascii_serialization())
                }),
                https: config.site_url.starts_with("https://"),
                hashed_assets: hashed_assets(),
            },
            site_origin: config.site_origin(),
            limits: Arc::new(Limits::new(config.max_concurrent_requests)),
            session_lookups: Default::default(),
        }))
    }

    /// What every page's render reads from its Leptos context: the content,
    /// the directory, the settings, and the nonce of this response (from
    /// the request's facts).
    pub fn provide_page_context(&self) {
        provide_context(self.content.clone());
        provide_context(self.directory.clone());
        provide_context(self.accounts.clone());
        provide_context(self.settings.clone());
        if let Some(parts) = use_context::<http::request::Parts>() {
            let facts = RequestFacts::of(&parts.extensions);
            provide_context(Nonce::from_value(facts.nonce));
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.options.clone()
    }
}

impl FromRef<AppState> for Arc<Directory> {
    fn from_ref(state: &AppState) -> Self {
        state.directory.clone()
    }
}

impl FromRef<AppState> for Arc<SiteContent> {
    fn from_ref(state: &AppState) -> Self {
        state.content.clone()
    }
}

impl FromRef<AppState> for HeaderSettings {
    fn from_ref(state: &AppState) -> Self {
        state.headers.clone()
    }
}

impl FromRef<AppState> for Arc<RenderedCache> {
    fn from_ref(state: &AppState) -> Self {
        state.rendered.clone()
    }
}

impl FromRef<AppState> for Arc<Limits> {
    fn from_ref(state: &AppState) -> Self {
        state.limits.clone()
    }
}

/// How long after a failed lookup public pages do not look sessions up.
const SKIP_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// When a session lookup last failed: while the database is down, public
/// pages do not wait for it (a cookie anyone can make up must not hold a
/// request slot for seconds).
#[derive(Debug, Default)]
pub struct SessionLookups {
    failed_at: Mutex<Option<Instant>>,
}

impl SessionLookups {
    pub(crate) fn failing(&self) -> bool {
        self.failed_at
            .lock()
            .ok()
            .and_then(|at| *at)
            .is_some_and(|at| at.elapsed() < SKIP_AFTER_FAILURE)
    }

    pub(crate) fn record(&self, failed: bool) {
        if let Ok(mut at) = self.failed_at.lock() {
            *at = failed.then(Instant::now);
        }
    }
}
