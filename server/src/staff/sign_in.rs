//! Signing in and out.

use super::extract::{AtLeast, ClientKey, Member, PostedForm};
use super::session::{session_cookie, session_token};
use super::{problem, FormRefused};
use crate::state::AppState;
use app::directory::FieldProblem;
use app::paths;
use app::staff::accounts::{MAX_EMAIL_CHARS, MAX_PASSWORD_CHARS, SIGN_IN_REFUSED};
use app::staff::{fields, EventKind, FormPage, SignInPage, StaffError};
use app::storage::{Proof, SessionStage};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// `POST /staff/sign-in`: the first step, the password. Cheap checks come
/// first: the fields' lengths; then the sign-in waits its turn
/// (`Limits::sign_in_turn`), is counted against the limits, and only then
/// is the password hashed. A right password starts a session that can only
/// take the second step: a code, or setting up the app.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let email = form.field(fields::ACCOUNT_EMAIL).trim().to_string();
    let password = form.field(fields::PASSWORD);
    let refuse = |problems: Vec<FieldProblem>, status| {
        let page = SignInPage {
            signed_in: None,
            nhs_sign_in: state.sso.is_some(),
            email: email.chars().take(MAX_EMAIL_CHARS).collect(),
            problems,
        };
        FormRefused::Page(status, FormPage::SignIn(page))
    };
    let mut missing = Vec::new();
    if email.is_empty() {
        missing.push(problem(fields::ACCOUNT_EMAIL, "Enter your email address"));
    }
    if password.is_empty() {
        missing.push(problem(fields::PASSWORD, "Enter your password"));
    }
    if !missing.is_empty() {
        return Err(refuse(missing, StatusCode::BAD_REQUEST));
    }
    if email.chars().count() > MAX_EMAIL_CHARS || password.chars().count() > MAX_PASSWORD_CHARS {
        // No account has such an email or password: no need to look.
        return Err(refuse(
            vec![problem(fields::ACCOUNT_EMAIL, SIGN_IN_REFUSED)],
            StatusCode::BAD_REQUEST,
        ));
    }
    // From here each sign-in waits its turn: counting, hashing and the
    // session are a few at a time, and never hold a page's request slot.
    let _turn = state
        .limits
        .sign_in_turn()
        .await
        .map_err(FormRefused::Busy)?;
    match state.limiter.attempt(&address, &email).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(%address, "sign-in attempts limited");
            let message = StaffError::TooManyAttempts.to_string();
            return Err(refuse(
                vec![problem(fields::ACCOUNT_EMAIL, &message)],
                StatusCode::TOO_MANY_REQUESTS,
            ));
        }
        Err(error) => return Err(FormRefused::failed(error)),
    }
    let staff = match state.accounts.authenticate(&email, password).await {
        Ok(Some(staff)) => staff,
        Ok(None) => {
            note_failure(&state, &address, &email, "Wrong email address or password").await;
            return Err(refuse(
                vec![problem(fields::ACCOUNT_EMAIL, SIGN_IN_REFUSED)],
                StatusCode::BAD_REQUEST,
            ));
        }
        Err(error) => return Err(FormRefused::failed(error)),
    };
    // The address gets this attempt back; the account's count from there
    // stays until the code is right too.
    state
        .limiter
        .password_right(&address)
        .await
        .map_err(FormRefused::failed)?;
    let (stage, next) = match state.accounts.has_second_factor(staff.id).await {
        Ok(true) => (SessionStage::Code, paths::SIGN_IN_CODE),
        Ok(false) => (SessionStage::Enrol, paths::AUTHENTICATOR),
        Err(error) => return Err(FormRefused::failed(error)),
    };
    let token = session_in_place(&state, &headers, staff.id, stage, Proof::Ours).await?;
    Ok(going_to(next, Some(&token), state.cookie_secure))
}

/// Ends the session of `headers`' cookie, if any, and starts one at
/// `stage` in its place: a new session id at every sign-in, and whenever
/// what a session may do grows. Its token.
pub(super) async fn session_in_place(
    state: &AppState,
    headers: &HeaderMap,
    user_id: i64,
    stage: SessionStage,
    proof: Proof,
) -> Result<String, FormRefused> {
    if let Some(old) = session_token(headers, state.cookie_secure) {
        state
            .accounts
            .end_session(&old)
            .await
            .map_err(FormRefused::failed)?;
    }
    state
        .accounts
        .start_session(user_id, stage, &device(headers), proof)
        .await
        .map_err(FormRefused::failed)
}

/// The browser a request comes from, as its `User-Agent` names it: shown
/// to its owner on their list of sessions.
pub(super) fn device(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Notes a failed sign-in in the account audit: the account's email if it
/// has one (an email no account has is not kept, so guesses cannot fill
/// the audit with text of their choosing), the address, and why.
pub(super) async fn note_failure(state: &AppState, address: &str, email: &str, why: &str) {
    let account = match state.accounts.find(&email.to_lowercase()).await {
        Ok(found) => found.map(|account| account.email),
        Err(error) => {
            tracing::error!(%error, "looking up a failed sign-in's account");
            None
        }
    };
    let recorded = state
        .accounts
        .record(
            EventKind::SignInFailed,
            account.as_deref(),
            None,
            Some(address),
            why,
        )
        .await;
    if let Err(error) = recorded {
        tracing::error!(%error, "recording a failed sign-in");
    }
}

/// A redirect to `path` that sets the session cookie to `token` (`None`:
/// clears it, and asks the browser to drop what this site stored on the
/// device: a copy of the directory kept there may hold staff-only numbers).
pub(super) fn going_to(path: &str, token: Option<&str>, secure: bool) -> Response {
    let mut response = Redirect::to(path).into_response();
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, session_cookie(token, secure));
    if token.is_none() {
        headers.insert(
            HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    response
}

/// `POST /staff/sign-out`: ends the session (at any step), clears the
/// cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, FormRefused> {
    if let Some(token) = session_token(&headers, state.cookie_secure) {
        state
            .accounts
            .end_session(&token)
            .await
            .map_err(FormRefused::failed)?;
    }
    Ok(going_to(paths::SIGN_IN, None, state.cookie_secure))
}

/// `POST /staff/sign-out-everywhere`: ends every session of the member of
/// staff (a lost phone, a shared computer), this one included.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    AtLeast { staff, .. }: AtLeast<Member>,
) -> Result<Response, FormRefused> {
    state
        .accounts
        .end_sessions_of(staff.id, None)
        .await
        .map_err(FormRefused::failed)?;
    state
        .accounts
        .record(
            EventKind::SignedOutEverywhere,
            Some(&staff.email),
            None,
            None,
            "",
        )
        .await
        .map_err(FormRefused::failed)?;
    Ok(going_to(paths::SIGN_IN, None, state.cookie_secure))
}
