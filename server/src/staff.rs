//! Staff sign-in and the form posts that change the directory. Every handler
//! checks the signed-in member's role itself; two layers run for every
//! request: `session` (who is asking, from the cookie) and `refuse_cross_site`
//! (CSRF: a state-changing request must come from this site's own pages).
//! A refused form is answered with its page rendered again (the same Leptos
//! page, given the typed values and messages), with a 4xx status.

use crate::client_address;
use app::directory::editing::{check_service_form, EditError};
use app::directory::store::Directory;
use app::directory::{service_href, FieldProblem};
use app::model::SiteContent;
use app::shell;
use app::staff::accounts::{
    address_key, check_email, check_password, Accounts, SignInLimiter, SignedIn, MAX_EMAIL_CHARS,
    MAX_PASSWORD_CHARS, SIGN_IN_REFUSED,
};
use app::staff::{
    edit_href, fields, FormReply, Role, ServiceForm, StaffError, StaffMember, NEW_SERVICE_PATH,
    SIGN_IN_PATH, STAFF_PATH, USERS_PATH,
};
use axum::body::Body;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use std::sync::Arc;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "lth_staff_session";

/// What the staff handlers share.
#[derive(Clone)]
pub struct StaffState {
    pub directory: Arc<Directory>,
    pub content: Arc<SiteContent>,
    pub accounts: Accounts,
    pub limiter: Arc<SignInLimiter>,
    /// Proxies whose `X-Forwarded-For` names the client (for the limits).
    pub trusted_proxies: crate::client_address::TrustedProxies,
    pub cookie_secure: bool,
    pub options: LeptosOptions,
    /// Provides what every page needs (content, directory, settings).
    pub page_context: Arc<dyn Fn() + Send + Sync>,
}

/// The session token in a request's cookie, if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token.to_string())
        .filter(|token| !token.is_empty())
}

/// The `Set-Cookie` value for a session token (`None`: clear the cookie).
fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = match token {
        Some(token) => format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            app::staff::accounts::SESSION_SECONDS
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whether a path is a static file (the WASM bundle, images, the icon), which
/// is the same for everyone: no session lookup for those.
pub(crate) fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/assets/") || path == "/favicon.svg"
}

/// Layer: finds who the request comes from and puts it in the request's
/// extensions as [`SignedIn`] (anonymous when the cookie is missing, expired
/// or unknown, or the database fails: the failure is logged).
pub async fn session(
    State(state): State<StaffState>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_static_file(request.uri().path()) {
        return next.run(request).await;
    }
    let staff = match session_token(request.headers()) {
        Some(token) => state
            .accounts
            .session(&token)
            .await
            .unwrap_or_else(|error| {
                tracing::error!(%error, "session lookup failed");
                None
            }),
        None => None,
    };
    request.extensions_mut().insert(SignedIn(staff));
    next.run(request).await
}

/// Whether a state-changing request may be from another site. Browsers
/// send `Sec-Fetch-Site` (which must be `same-origin`) or at least `Origin`
/// (which must be the site's own, `site_origin`); a request with neither
/// cannot show where it comes from and is refused too.
pub fn is_cross_site(headers: &HeaderMap, site_origin: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let fetch_site = header("sec-fetch-site");
    let origin = header("origin");
    if fetch_site.is_some_and(|site| site != "same-origin") {
        return true;
    }
    match origin {
        Some(origin) => !origin.eq_ignore_ascii_case(site_origin),
        None => fetch_site.is_none(),
    }
}

/// The origin (`scheme://host[:port]`) of the site's public URL.
pub fn origin_of(site_url: &str) -> String {
    let (scheme, rest) = site_url.split_once("://").unwrap_or(("http", site_url));
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}")
}

/// Layer: refuses state-changing requests (anything but GET, HEAD and
/// OPTIONS) that may come from other sites with 403, before any handler runs.
/// `site_origin` is the origin of `SITE_URL`.
pub async fn refuse_cross_site(
    State(site_origin): State<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers(), &site_origin) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, StaffError::CrossSite.to_string()).into_response();
    }
    next.run(request).await
}

/// Layer for staff pages: anonymous visitors are sent to sign in. (The pages'
/// server functions check roles again, for client-side navigation.)
pub async fn require_sign_in_for_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let staff_page = path == STAFF_PATH || path.starts_with("/staff/");
    let anonymous = request
        .extensions()
        .get::<SignedIn>()
        .is_none_or(|signed_in| signed_in.0.is_none());
    if request.method() == Method::GET && staff_page && path != SIGN_IN_PATH && anonymous {
        return Redirect::to(SIGN_IN_PATH).into_response();
    }
    next.run(request).await
}

impl StaffState {
    /// The Leptos page at `path`, rendered for `signed_in` with a refused
    /// form's reply, served with `status`.
    async fn page(
        &self,
        path: &str,
        signed_in: SignedIn,
        reply: Option<FormReply>,
        status: StatusCode,
    ) -> Response {
        let page_context = self.page_context.clone();
        let options = self.options.clone();
        let render = leptos_axum::render_app_async_with_context(
            move || {
                page_context();
                if let Some(reply) = reply.clone() {
                    provide_context(reply);
                }
            },
            move || shell(options.clone()),
        );
        let mut request = Request::new(Body::empty());
        *request.uri_mut() = path.parse().unwrap_or_default();
        request.extensions_mut().insert(signed_in);
        let mut response = render(request).await;
        *response.status_mut() = status;
        response
    }

    /// The member of staff signed in if their role is at least
    /// `role`; otherwise the answer: sign in (anonymous), or the page at
    /// `page` refusing with 403.
    async fn require(
        &self,
        signed_in: SignedIn,
        role: Role,
        page: &str,
    ) -> Result<StaffMember, Response> {
        match &signed_in.0 {
            None => Err(Redirect::to(SIGN_IN_PATH).into_response()),
            Some(staff) if staff.role >= role => Ok(staff.clone()),
            Some(_) => Err(self
                .page(page, signed_in, None, StatusCode::FORBIDDEN)
                .await),
        }
    }
}

/// A posted form's fields, in order.
type Fields = Vec<(String, String)>;

async fn form_fields(request: Request) -> Result<Fields, Response> {
    Form::<Fields>::from_request(request, &())
        .await
        .map(|Form(fields)| fields)
        .map_err(|rejection| {
            // 400, 408 (too slow), 413 (too big) or 415 (not a form), with a
            // plain message.
            tracing::warn!(%rejection, "form refused");
            let status = if arrived_too_slowly(&rejection) {
                StatusCode::REQUEST_TIMEOUT
            } else {
                rejection.status()
            };
            (status, "The form could not be read. Go back and try again.").into_response()
        })
}

/// Whether a form could not be read because its body took too long to arrive
/// (see `limits::BODY_TIMEOUT`).
fn arrived_too_slowly(rejection: &FormRejection) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = error.source();
    }
    false
}

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

fn problem(field: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// Who a request comes from (see [`session`]).
fn signed_in_of(request: &Request) -> SignedIn {
    request
        .extensions()
        .get::<SignedIn>()
        .cloned()
        .unwrap_or_default()
}

fn signed_in(staff: &StaffMember) -> SignedIn {
    SignedIn(Some(staff.clone()))
}

/// Today's date (UTC) as `YYYY-MM-DD`, for "last reviewed".
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `POST /staff/sign-in`. Cheap checks come first: the fields' lengths,
/// then the attempt is counted against the limits, and only then is the
/// password hashed (a few at a time: see `accounts`).
pub async fn sign_in(State(state): State<StaffState>, request: Request) -> Response {
    let address = address_key(client_address::of_request(&request, &state.trusted_proxies));
    let old_token = session_token(request.headers());
    let fields = match form_fields(request).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let email = field(&fields, fields::ACCOUNT_EMAIL).trim().to_string();
    let password = field(&fields, fields::PASSWORD);
    let refuse = |problems: Vec<FieldProblem>, status| {
        let reply = FormReply::SignIn {
            email: email.chars().take(MAX_EMAIL_CHARS).collect(),
            problems,
        };
        state.page(SIGN_IN_PATH, SignedIn(None), Some(reply), status)
    };
    let mut missing = Vec::new();
    if email.is_empty() {
        missing.push(problem(fields::ACCOUNT_EMAIL, "Enter your email address"));
    }
    if password.is_empty() {
        missing.push(problem(fields::PASSWORD, "Enter your password"));
    }
    if !missing.is_empty() {
        return refuse(missing, StatusCode::BAD_REQUEST).await;
    }
    if email.chars().count() > MAX_EMAIL_CHARS || password.chars().count() > MAX_PASSWORD_CHARS {
        // No account has such an email or password: no need to look.
        return refuse(
            vec![problem(fields::ACCOUNT_EMAIL, SIGN_IN_REFUSED)],
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    if !state.limiter.attempt(&address, &email) {
        tracing::warn!(%address, "sign-in attempts limited");
        let message = StaffError::TooManyAttempts.to_string();
        return refuse(
            vec![problem(fields::ACCOUNT_EMAIL, &message)],
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let staff = match state.accounts.check_password(&email, password).await {
        Ok(Some(staff)) => staff,
        Ok(None) => {
            return refuse(
                vec![problem(fields::ACCOUNT_EMAIL, SIGN_IN_REFUSED)],
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
        Err(error) => return unavailable(&state, error).await,
    };
    state.limiter.succeeded(&address, &email);
    // A new session id at every sign-in; any old one ends.
    if let Some(old) = old_token {
        if let Err(error) = state.accounts.end_session(&old).await {
            return unavailable(&state, error).await;
        }
    }
    match state.accounts.start_session(staff.id).await {
        Ok(token) => {
            tracing::info!(staff = %staff.email, "signed in");
            let mut response = Redirect::to(STAFF_PATH).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(Some(&token), state.cookie_secure),
            );
            response
        }
        Err(error) => unavailable(&state, error).await,
    }
}

/// `POST /staff/sign-out`: ends the session, clears the cookie.
pub async fn sign_out(State(state): State<StaffState>, request: Request) -> Response {
    if let Some(token) = session_token(request.headers()) {
        if let Err(error) = state.accounts.end_session(&token).await {
            return unavailable(&state, error).await;
        }
    }
    let mut response = Redirect::to(SIGN_IN_PATH).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(None, state.cookie_secure),
    );
    response
}

/// A server failure: logged in full, answered with a plain apology (503).
async fn unavailable(_state: &StaffState, error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "staff request failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        StaffError::Unavailable.to_string(),
    )
        .into_response()
}

/// The service form's fields, as typed.
fn service_form(fields: &Fields) -> ServiceForm {
    let text = |name: &str| field(fields, name).to_string();
    ServiceForm {
        version: field(fields, fields::VERSION).parse().ok(),
        slug: text(fields::SLUG),
        name: text(fields::NAME),
        group: text(fields::GROUP),
        description: text(fields::DESCRIPTION),
        conditions: text(fields::CONDITIONS),
        age_group: text(fields::AGE_GROUP),
        sites: fields
            .iter()
            .filter(|(key, _)| key == fields::SITES)
            .map(|(_, value)| value.clone())
            .collect(),
        locations: fields
            .iter()
            .filter_map(|(key, value)| {
                let site = key.strip_prefix(fields::LOCATION_PREFIX)?;
                Some((site.to_string(), value.clone()))
            })
            .collect(),
        phone: text(fields::PHONE),
        email: text(fields::EMAIL),
        opening_hours: text(fields::OPENING_HOURS),
        referral: text(fields::REFERRAL),
        centre: text(fields::CENTRE),
    }
}

/// `POST /staff/services/new`.
pub async fn create_service(State(state): State<StaffState>, request: Request) -> Response {
    let staff = match state
        .require(signed_in_of(&request), Role::Editor, NEW_SERVICE_PATH)
        .await
    {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    let form = match form_fields(request).await {
        Ok(fields) => service_form(&fields),
        Err(response) => return response,
    };
    let refuse = |problems: Vec<FieldProblem>| {
        let reply = FormReply::Service {
            form: Box::new(form.clone()),
            problems,
            conflict: None,
        };
        state.page(
            NEW_SERVICE_PATH,
            signed_in(&staff),
            Some(reply),
            StatusCode::BAD_REQUEST,
        )
    };
    let record = match check_service_form(&form, &state.content, None, &today()) {
        Ok(record) => record,
        Err(problems) => return refuse(problems).await,
    };
    match state.directory.create_service(&record, &staff).await {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %record.slug, "service added");
            Redirect::to(&service_href(&record.slug)).into_response()
        }
        Err(EditError::SlugTaken) => {
            refuse(vec![problem(
                fields::SLUG,
                "Another service already has this web address name: choose another",
            )])
            .await
        }
        Err(error) => unavailable(&state, error).await,
    }
}

/// `POST /staff/services/{slug}/edit`.
pub async fn edit_service(
    State(state): State<StaffState>,
    Path(slug): Path<String>,
    request: Request,
) -> Response {
    let page = edit_href(&slug);
    let staff = match state
        .require(signed_in_of(&request), Role::Editor, &page)
        .await
    {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    let mut form = match form_fields(request).await {
        Ok(fields) => service_form(&fields),
        Err(response) => return response,
    };
    form.slug = slug.clone();
    let reply = |form: ServiceForm, problems, conflict, status| {
        let reply = FormReply::Service {
            form: Box::new(form),
            problems,
            conflict,
        };
        state.page(&page, signed_in(&staff), Some(reply), status)
    };
    let Some(version) = form.version else {
        let problems = vec![problem(
            fields::NAME,
            "The form is missing the version it was opened at: open the service again",
        )];
        return reply(form, problems, None, StatusCode::BAD_REQUEST).await;
    };
    let record = match check_service_form(&form, &state.content, Some(&slug), &today()) {
        Ok(record) => record,
        Err(problems) => return reply(form, problems, None, StatusCode::BAD_REQUEST).await,
    };
    match state
        .directory
        .update_service(version, &record, &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, "service edited");
            Redirect::to(&service_href(&slug)).into_response()
        }
        Err(error) => edit_refused(&state, &staff, &page, form, error).await,
    }
}

/// The answer to an edit, archive or restore the directory refused.
async fn edit_refused(
    state: &StaffState,
    staff: &StaffMember,
    page: &str,
    mut form: ServiceForm,
    error: EditError,
) -> Response {
    match error {
        EditError::Stale(_, changes) => {
            // What the editor typed stays; the form now carries the newest
            // version, so saving again is a choice made after seeing the changes.
            form.version = match state.directory.stored_service(&form.slug).await {
                Ok(Some(stored)) => Some(stored.version),
                Ok(None) => {
                    return state
                        .page(page, signed_in(staff), None, StatusCode::NOT_FOUND)
                        .await
                }
                Err(error) => return unavailable(state, error).await,
            };
            let reply = FormReply::Service {
                form: Box::new(form),
                problems: Vec::new(),
                conflict: Some(changes),
            };
            state
                .page(page, signed_in(staff), Some(reply), StatusCode::CONFLICT)
                .await
        }
        EditError::NotFound => {
            state
                .page(page, signed_in(staff), None, StatusCode::NOT_FOUND)
                .await
        }
        error => unavailable(state, error).await,
    }
}

/// `POST /staff/services/{slug}/archive` and `.../restore`.
async fn set_archived(
    state: StaffState,
    slug: String,
    request: Request,
    archived: bool,
) -> Response {
    let page = edit_href(&slug);
    let staff = match state
        .require(signed_in_of(&request), Role::Editor, &page)
        .await
    {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    let fields = match form_fields(request).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let version = field(&fields, fields::VERSION).parse().unwrap_or(0);
    match state
        .directory
        .set_archived(&slug, version, archived, &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, archived, "service listing changed");
            Redirect::to(&page).into_response()
        }
        Err(error) => {
            let form = match state.directory.stored_service(&slug).await {
                Ok(Some(stored)) => {
                    app::directory::editing::form_of(&stored.record, stored.version)
                }
                Ok(None) => ServiceForm::default(),
                Err(error) => return unavailable(&state, error).await,
            };
            edit_refused(&state, &staff, &page, form, error).await
        }
    }
}

pub async fn archive_service(
    State(state): State<StaffState>,
    Path(slug): Path<String>,
    request: Request,
) -> Response {
    set_archived(state, slug, request, true).await
}

pub async fn restore_service(
    State(state): State<StaffState>,
    Path(slug): Path<String>,
    request: Request,
) -> Response {
    set_archived(state, slug, request, false).await
}

/// `POST /staff/users`: an admin adds an account.
pub async fn add_account(State(state): State<StaffState>, request: Request) -> Response {
    let staff = match state
        .require(signed_in_of(&request), Role::Admin, USERS_PATH)
        .await
    {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    let fields = match form_fields(request).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let typed_email = field(&fields, fields::ACCOUNT_EMAIL).to_string();
    let typed_role = field(&fields, fields::ROLE).to_string();
    let mut problems = Vec::new();
    let email = check_email(fields::ACCOUNT_EMAIL, &typed_email)
        .map_err(|p| problems.push(p))
        .ok();
    let role = Role::from_slug(&typed_role);
    if role.is_none() {
        problems.push(problem(fields::ROLE, "Select a role"));
    }
    if let Err(p) = check_password(fields::PASSWORD, field(&fields, fields::PASSWORD)) {
        problems.push(p);
    }
    let refuse = |problems| {
        let reply = FormReply::Users {
            email: typed_email.clone(),
            role: typed_role.clone(),
            problems,
            done: None,
        };
        state.page(
            USERS_PATH,
            signed_in(&staff),
            Some(reply),
            StatusCode::BAD_REQUEST,
        )
    };
    let (Some(email), Some(role), true) = (email, role, problems.is_empty()) else {
        return refuse(problems).await;
    };
    match state
        .accounts
        .add(&email, field(&fields, fields::PASSWORD), role)
        .await
    {
        Ok(Ok(_)) => {
            tracing::info!(admin = %staff.email, account = %email, role = role.slug(), "account added");
            Redirect::to(USERS_PATH).into_response()
        }
        Ok(Err(_)) => {
            refuse(vec![problem(
                fields::ACCOUNT_EMAIL,
                "An account with this email address already exists",
            )])
            .await
        }
        Err(error) => unavailable(&state, error).await,
    }
}

/// `POST /staff/users/{id}/disable` and `.../enable`.
async fn set_disabled(state: StaffState, id: i64, request: Request, disabled: bool) -> Response {
    let staff = match state
        .require(signed_in_of(&request), Role::Admin, USERS_PATH)
        .await
    {
        Ok(staff) => staff,
        Err(response) => return response,
    };
    if staff.id == id {
        let reply = FormReply::Users {
            email: String::new(),
            role: Role::Editor.slug().to_string(),
            problems: vec![problem(
                fields::ACCOUNT_EMAIL,
                "You cannot disable your own account: ask another admin",
            )],
            done: None,
        };
        return state
            .page(
                USERS_PATH,
                signed_in(&staff),
                Some(reply),
                StatusCode::BAD_REQUEST,
            )
            .await;
    }
    match state.accounts.set_disabled(id, disabled).await {
        Ok(true) => {
            tracing::info!(admin = %staff.email, account = id, disabled, "account changed");
            Redirect::to(USERS_PATH).into_response()
        }
        Ok(false) => {
            state
                .page(USERS_PATH, signed_in(&staff), None, StatusCode::NOT_FOUND)
                .await
        }
        Err(error) => unavailable(&state, error).await,
    }
}

pub async fn disable_account(
    State(state): State<StaffState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    set_disabled(state, id, request, true).await
}

pub async fn enable_account(
    State(state): State<StaffState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    set_disabled(state, id, request, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn static_files_skip_the_session_lookup_and_pages_do_not() {
        for path in ["/pkg/app.wasm", "/assets/images/logo.svg", "/favicon.svg"] {
            assert!(is_static_file(path), "{path}");
        }
        for path in [
            "/",
            "/services",
            "/staff",
            "/api/staff-home",
            "/pkgs",
            "/favicon.svg/x",
        ] {
            assert!(!is_static_file(path), "{path}");
        }
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let site = "http://127.0.0.1:3000";
        let same = headers(&[("origin", "http://127.0.0.1:3000")]);
        assert!(!is_cross_site(&same, site));
        let fetch_same = headers(&[("origin", site), ("sec-fetch-site", "same-origin")]);
        assert!(!is_cross_site(&fetch_same, site));
        let other = headers(&[("origin", "https://evil.example")]);
        assert!(is_cross_site(&other, site));
        // Another port or scheme is another origin, whatever Host says.
        let port = headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:4000"),
        ]);
        assert!(is_cross_site(&port, site));
        for fetch_site in ["cross-site", "same-site", "none"] {
            let fetch = headers(&[("origin", site), ("sec-fetch-site", fetch_site)]);
            assert!(is_cross_site(&fetch, site), "{fetch_site}");
        }
        let opaque = headers(&[("origin", "null")]);
        assert!(is_cross_site(&opaque, site));
        // A request that says nothing of where it comes from is refused.
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000")]), site));
        // Sec-Fetch-Site alone is enough.
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            site
        ));
    }

    #[test]
    fn site_origin_from_its_url() {
        assert_eq!(
            origin_of("https://www.leedsth.nhs.uk/about"),
            "https://www.leedsth.nhs.uk"
        );
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }

    #[test]
    fn session_cookie_is_http_only_and_same_site() {
        let cookie = session_cookie(Some("abc"), true);
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("lth_staff_session=abc;"));
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(!session_cookie(Some("abc"), false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }

    #[test]
    fn token_is_read_from_among_cookies() {
        let h = headers(&[("cookie", "a=1; lth_staff_session=tok; b=2")]);
        assert_eq!(session_token(&h).as_deref(), Some("tok"));
        assert_eq!(session_token(&headers(&[("cookie", "a=1")])), None);
    }

    #[test]
    fn today_is_an_iso_date() {
        let today = today();
        assert!(crate::seed::is_iso_date(&today), "{today}");
        assert!(today.as_str() >= "2026-01-01");
    }
}
