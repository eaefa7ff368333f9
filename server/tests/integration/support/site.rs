//! A site on a database of its own (an SQLite file or a PostgreSQL
//! database: see `database.rs`) with three staff accounts, and the requests
//! a browser sends to it: what the staff and hostile-input tests share.

pub use app::directory::live::Directory;
pub use app::staff::accounts::Accounts;
pub use app::staff::second_factor::code_at;
pub use app::staff::service_form::form_of;
pub use app::staff::{Role, ServiceForm, StaffMember};
pub use app::storage::{SessionStage, StoredService};
pub use axum::body::Body;
pub use axum::extract::ConnectInfo;
pub use axum::http::{header, HeaderMap, Request, StatusCode};
pub use http_body_util::BodyExt;
pub use server::config::Config;
pub use server::{content, open_directory, site_router};
pub use std::net::SocketAddr;
pub use std::sync::Arc;
pub use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";
pub const EDITOR: &str = "editor@nhs.net";
pub const ADMIN: &str = "admin@nhs.net";
pub const DISABLED: &str = "disabled@nhs.net";
pub const SERVICE: &str = "cardiology";

/// A form's fields, in order.
pub type Fields = Vec<(String, String)>;

pub use super::database::TestDatabase;

pub struct Site {
    pub router: axum::Router,
    pub directory: Arc<Directory>,
    pub accounts: Accounts,
    pub config: Config,
    /// Each enrolled account's second factor, by email.
    pub secrets: Arc<std::sync::Mutex<std::collections::HashMap<String, Enrolled>>>,
    /// Dropped last: the site's connections close first.
    pub database: TestDatabase,
}

/// An account's authenticator app secret and recovery codes.
#[derive(Clone)]
pub struct Enrolled {
    pub secret: String,
    pub recovery: Vec<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// A header's value, or "" when it is missing.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn cookie(&self) -> Option<String> {
        let set = self.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        let pair = set.split(';').next()?;
        (!pair.ends_with('=')).then(|| pair.to_string())
    }
}

/// `value` encoded for a query string or a form body (a space as `+`).
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `value` encoded for one segment of a path, where `+` is not a space.
pub fn encode_segment(value: &str) -> String {
    encode(value).replace('+', "%20")
}

pub fn form_body(fields: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

pub fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The fields a browser posts for a service form.
pub fn service_fields(form: &ServiceForm) -> Vec<(String, String)> {
    let mut fields = pairs(&[
        (
            "version",
            &form.version.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("slug", &form.slug),
        ("name", &form.name),
        ("group", &form.group),
        ("description", &form.description),
        ("conditions", &form.conditions),
        ("age-group", &form.age_group),
        ("phone", &form.phone),
        ("email", &form.email),
        ("opening-hours", &form.opening_hours),
        ("referral", &form.referral),
        ("centre", &form.centre),
        ("review-months", &form.review_months),
        ("opening-dated", &form.opening_dated),
        ("bank-holidays", &form.bank_holidays),
        ("staff-phones", &form.staff_phones),
        ("bleeps", &form.bleeps),
        ("out-of-hours", &form.out_of_hours),
        ("internal-referral", &form.internal_referral),
        ("referral-form", &form.referral_form),
        ("whereabouts", &form.whereabouts),
    ]);
    for (day, times) in form.opening_days.iter().enumerate() {
        fields.push((app::staff::fields::opening_day(day), times.clone()));
    }
    for site in &form.sites {
        fields.push(("sites".into(), site.clone()));
    }
    for (site, location) in &form.locations {
        fields.push((format!("location-{site}"), location.clone()));
    }
    fields
}

impl Site {
    pub async fn new(name: &str) -> Site {
        Site::configured(name, |_| {}).await
    }

    /// A site whose configuration `adjust` changes first.
    pub async fn configured(name: &str, adjust: impl FnOnce(&mut Config)) -> Site {
        let database = TestDatabase::new(&format!("site_{name}")).await;
        let mut config = Config::from_args([
            "server",
            "--site-url=http://localhost",
            &format!("--database-url={}", database.url()),
        ])
        .unwrap();
        adjust(&mut config);
        let content = content::load_embedded().unwrap();
        let directory = Arc::new(open_directory(&config, &content).await.unwrap());
        let accounts = server::accounts_of(&directory).with_clock(config.clock.clone());
        let router = site_router(&config, Arc::new(content), directory.clone());
        let site = Site {
            router,
            directory,
            accounts,
            config,
            secrets: Default::default(),
            database,
        };
        for (email, role) in [
            (EDITOR, Role::Editor),
            (ADMIN, Role::Admin),
            (DISABLED, Role::Editor),
        ] {
            site.add_enrolled(email, role).await;
        }
        let disabled = site.accounts.find(DISABLED).await.unwrap().unwrap();
        site.accounts.set_disabled(disabled.id, true).await.unwrap();
        site
    }

    /// Adds an account with [`PASSWORD`] and an authenticator app set up.
    pub async fn add_enrolled(&self, email: &str, role: Role) -> StaffMember {
        let id = self
            .accounts
            .add(email, PASSWORD, role)
            .await
            .unwrap()
            .unwrap();
        let member = StaffMember {
            id,
            email: email.to_string(),
            role,
        };
        // As a browser would: a session setting up the app, offered a secret.
        let token = self
            .accounts
            .start_session(id, SessionStage::Enrol, "", app::storage::Proof::Ours)
            .await
            .unwrap();
        let handle = self.accounts.session(&token).await.unwrap().unwrap().handle;
        let secret = self.accounts.offered_secret(&handle).await.unwrap();
        let code = code_at(&secret, self.accounts.now());
        let recovery = self
            .accounts
            .enrol(&member, &handle, &code)
            .await
            .unwrap()
            .unwrap();
        self.accounts.end_session(&token).await.unwrap();
        self.secrets
            .lock()
            .unwrap()
            .insert(email.to_string(), Enrolled { secret, recovery });
        member
    }

    /// The recovery codes `email` was given when their app was set up.
    pub fn recovery_codes(&self, email: &str) -> Vec<String> {
        self.secrets.lock().unwrap()[email].recovery.clone()
    }

    /// A code from `email`'s authenticator app, for a time step no code of
    /// theirs was used in: the site's clock moves on 30 seconds first.
    pub fn code(&self, email: &str) -> String {
        self.config.clock.advance(30);
        let secret = self.secrets.lock().unwrap()[email].secret.clone();
        code_at(&secret, self.accounts.now())
    }

    /// Enters a code for a session halfway through signing in (`cookie`);
    /// the answer.
    pub async fn enter_code(&self, cookie: &str, code: &str, address: [u8; 4]) -> Reply {
        self.post_from(
            "/staff/sign-in/code",
            Some(cookie),
            &pairs(&[("code", code)]),
            address,
        )
        .await
    }

    /// Another server on this site's database, as a second machine behind
    /// a load balancer would run: its own memory, its own kept pages.
    pub async fn beside(&self) -> Site {
        let content = content::load_embedded().unwrap();
        let directory = Arc::new(open_directory(&self.config, &content).await.unwrap());
        Site {
            router: site_router(&self.config, Arc::new(content), directory.clone()),
            accounts: server::accounts_of(&directory).with_clock(self.config.clock.clone()),
            directory,
            config: self.config.clone(),
            secrets: self.secrets.clone(),
            database: self.database.shared(),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(path).header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A same-site form post, as a browser sends it, from `address`.
    pub async fn post_from(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(String, String)],
        address: [u8; 4],
    ) -> Reply {
        let mut request = Request::post(path)
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(Body::from(form_body(fields))).unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((address, 50_000))));
        self.send(request).await
    }

    /// Posts the test service's edit form, as the member of staff with `cookie`.
    pub async fn save(&self, cookie: &str, form: &ServiceForm) -> Reply {
        let path = format!("/staff/services/{SERVICE}/edit");
        self.post(&path, Some(cookie), &service_fields(form)).await
    }

    /// A same-site post of any body and content type.
    pub async fn post_raw(
        &self,
        path: &str,
        cookie: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let mut request = Request::post(path)
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CONTENT_LENGTH, body.len());
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// A same-site request with any method and no body.
    pub async fn method(&self, method: &str, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "localhost")
            .header("origin", "http://localhost");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn post(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(String, String)],
    ) -> Reply {
        self.post_from(path, cookie, fields, [10, 0, 0, 1]).await
    }

    pub async fn sign_in_from(&self, email: &str, password: &str, address: [u8; 4]) -> Reply {
        self.post_from(
            "/staff/sign-in",
            None,
            &pairs(&[("email", email), ("password", password)]),
            address,
        )
        .await
    }

    /// Signs in, password then code; the session cookie (`name=token`).
    pub async fn cookie(&self, email: &str) -> String {
        self.cookie_from(email, [10, 0, 0, 9]).await
    }

    /// Signs in from `address`; the session cookie.
    pub async fn cookie_from(&self, email: &str, address: [u8; 4]) -> String {
        let reply = self.sign_in_from(email, PASSWORD, address).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(reply.location(), "/staff/sign-in/code");
        let halfway = reply.cookie().expect("session cookie");
        let reply = self.enter_code(&halfway, &self.code(email), address).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(reply.location(), "/staff");
        reply.cookie().expect("session cookie")
    }

    /// The test service as stored now.
    pub async fn stored(&self) -> StoredService {
        self.directory
            .stored_service(SERVICE)
            .await
            .unwrap()
            .unwrap()
    }

    /// The test service's edit form as an editor sees it, staff-only
    /// details included.
    pub async fn edit_form(&self) -> ServiceForm {
        let stored = self.stored().await;
        form_of(
            &stored.record,
            stored.details.open(&test_pass()),
            stored.version,
        )
    }
}

/// A pass to staff-only details, for tests that read storage directly.
pub fn test_pass() -> app::staff::details::StaffPass {
    let member = StaffMember {
        id: 0,
        email: "test@nhs.net".into(),
        role: Role::Staff,
    };
    app::staff::accounts::SignedIn {
        member,
        session: String::new(),
        confirmed_at: 0,
    }
    .pass()
}
