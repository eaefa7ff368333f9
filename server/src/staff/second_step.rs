//! The second step of signing in (a code, or setting up an authenticator
//! app), and giving a code again before admin actions. A code is counted
//! against the sign-in limits like a password, and checked in its turn.

use super::extract::{ClientKey, PostedForm};
use super::sign_in::{going_to, note_failure};
use super::{page_response, problem, FormRefused};
use crate::state::AppState;
use app::paths;
use app::request::RequestFacts;
use app::staff::accounts::{CodeCheck, Visitor};
use app::staff::api::server_side::{enrol_page, users_page};
use app::staff::{
    fields, CodePage, EventFilter, EventKind, FormPage, RecoveryCodesPage, StaffError, StaffMember,
};
use app::storage::SessionStage;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// The message for a code that is wrong, used, or not a code.
const CODE_REFUSED: &str = "Enter a correct code. Codes change every 30 seconds";

/// The member of staff at `step` of signing in, or the reason to refuse.
fn halfway(facts: &RequestFacts, step: SessionStage) -> Result<StaffMember, FormRefused> {
    facts
        .visitor
        .halfway_at(step)
        .cloned()
        .ok_or(FormRefused::Page(
            StatusCode::UNAUTHORIZED,
            FormPage::Refused(StaffError::SignInRequired),
        ))
}

/// What checking a code in its turn found.
pub(super) enum Checked<T> {
    /// The limits refused the attempt before the code was looked at.
    Limited,
    Done(T),
}

/// Waits for a sign-in turn, counts the attempt against the limits, and
/// then runs `check` (the code's check) in the turn.
pub(super) async fn in_turn<T, F>(
    state: &AppState,
    address: &str,
    email: &str,
    check: F,
) -> Result<Checked<T>, FormRefused>
where
    F: std::future::Future<Output = Result<T, app::staff::accounts::AccountError>>,
{
    let _turn = state
        .limits
        .sign_in_turn()
        .await
        .map_err(FormRefused::Busy)?;
    match state.limiter.attempt(address, email).await {
        Ok(true) => check.await.map(Checked::Done).map_err(FormRefused::failed),
        Ok(false) => {
            tracing::warn!(%address, "sign-in attempts limited");
            Ok(Checked::Limited)
        }
        Err(error) => Err(FormRefused::failed(error)),
    }
}

/// The message a code field shows: `None` if it may be checked.
fn empty_code(code: &str) -> Option<String> {
    code.trim()
        .is_empty()
        .then(|| "Enter the code from your authenticator app".to_string())
}

/// Ends the session of `headers`' cookie and starts a signed-in one in its
/// place (a new id whenever what a session may do grows): its token.
async fn signed_in_session(
    state: &AppState,
    headers: &HeaderMap,
    member: &StaffMember,
) -> Result<String, FormRefused> {
    if let Some(old) = super::session_token(headers, state.cookie_secure) {
        state
            .accounts
            .end_session(&old)
            .await
            .map_err(FormRefused::failed)?;
    }
    state
        .accounts
        .start_session(
            member.id,
            SessionStage::Full,
            &super::sign_in::device(headers),
        )
        .await
        .map_err(FormRefused::failed)
}

/// `POST /staff/sign-in/code`: a code from the app, or a recovery code.
pub async fn enter_code(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let member = halfway(&facts, SessionStage::Code)?;
    let refuse = |status, message: String| {
        let page = CodePage {
            problems: vec![problem(fields::CODE, &message)],
        };
        FormRefused::Page(status, FormPage::Code(page))
    };
    let code = form.field(fields::CODE);
    if let Some(message) = empty_code(code) {
        return Err(refuse(StatusCode::BAD_REQUEST, message));
    }
    let checked = in_turn(
        &state,
        &address,
        &member.email,
        state.accounts.check_code(&member, code),
    )
    .await?;
    let check = match checked {
        Checked::Limited => {
            let message = StaffError::TooManyAttempts.to_string();
            return Err(refuse(StatusCode::TOO_MANY_REQUESTS, message));
        }
        Checked::Done(CodeCheck::Wrong) => {
            note_failure(&state, &address, &member.email, "Wrong code").await;
            return Err(refuse(StatusCode::BAD_REQUEST, CODE_REFUSED.to_string()));
        }
        Checked::Done(check) => check,
    };
    state
        .limiter
        .succeeded(&address, &member.email, 2)
        .await
        .map_err(FormRefused::failed)?;
    let token = signed_in_session(&state, &headers, &member).await?;
    let (kind, detail) = match check {
        CodeCheck::Recovery => (
            EventKind::RecoveryCodeUsed,
            "Signed in with a recovery code",
        ),
        _ => (EventKind::SignedIn, ""),
    };
    state
        .accounts
        .record(kind, Some(&member.email), None, Some(&address), detail)
        .await
        .map_err(FormRefused::failed)?;
    tracing::info!(staff = %member.email, "signed in");
    Ok(going_to(paths::STAFF, Some(&token), state.cookie_secure))
}

/// `POST /staff/authenticator-app`: the first code from a newly set up app.
/// It answers with the recovery codes, shown this once, signed in.
pub async fn set_up_app(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let member = halfway(&facts, SessionStage::Enrol)?;
    let refuse = |status, message: String| {
        let (state, member) = (&state, &member);
        async move {
            let problems = vec![problem(fields::CODE, &message)];
            match enrol_page(&state.accounts, member, problems).await {
                Ok(page) => FormRefused::Page(status, FormPage::Enrol(page)),
                Err(error) => FormRefused::failed(error),
            }
        }
    };
    let code = form.field(fields::CODE);
    if let Some(message) = empty_code(code) {
        return Err(refuse(StatusCode::BAD_REQUEST, message).await);
    }
    let checked = in_turn(
        &state,
        &address,
        &member.email,
        state.accounts.enrol(&member, code),
    )
    .await?;
    let codes = match checked {
        Checked::Limited => {
            let message = StaffError::TooManyAttempts.to_string();
            return Err(refuse(StatusCode::TOO_MANY_REQUESTS, message).await);
        }
        Checked::Done(None) => {
            return Err(refuse(StatusCode::BAD_REQUEST, CODE_REFUSED.to_string()).await);
        }
        Checked::Done(Some(codes)) => codes,
    };
    state
        .limiter
        .succeeded(&address, &member.email, 2)
        .await
        .map_err(FormRefused::failed)?;
    let token = signed_in_session(&state, &headers, &member).await?;
    state
        .accounts
        .record(
            EventKind::Enrolled,
            Some(&member.email),
            None,
            Some(&address),
            "",
        )
        .await
        .map_err(FormRefused::failed)?;
    let mut response = page_response(
        StatusCode::OK,
        FormPage::RecoveryCodes(RecoveryCodesPage { codes }),
    );
    let signed_in = going_to(paths::STAFF, Some(&token), state.cookie_secure);
    if let Some(cookie) = signed_in.headers().get(header::SET_COOKIE) {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, cookie.clone());
    }
    Ok(response)
}

/// `POST /staff/confirm`: a code again, so that a signed-in admin may
/// change accounts for the next 15 minutes.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let Visitor::Staff(signed_in) = &facts.visitor else {
        return Err(FormRefused::Page(
            StatusCode::UNAUTHORIZED,
            FormPage::Refused(StaffError::SignInRequired),
        ));
    };
    let member = &signed_in.member;
    let refuse = |status, message: String| {
        let state = &state;
        async move {
            match users_page(&state.accounts, signed_in, EventFilter::default()).await {
                Ok(mut page) => {
                    page.problems = vec![problem(fields::CODE, &message)];
                    FormRefused::Page(status, FormPage::Users(Box::new(page)))
                }
                Err(error) => FormRefused::failed(error),
            }
        }
    };
    let code = form.field(fields::CODE);
    if let Some(message) = empty_code(code) {
        return Err(refuse(StatusCode::BAD_REQUEST, message).await);
    }
    let checked = in_turn(
        &state,
        &address,
        &member.email,
        state.accounts.check_code(member, code),
    )
    .await?;
    match checked {
        Checked::Limited => {
            let message = StaffError::TooManyAttempts.to_string();
            return Err(refuse(StatusCode::TOO_MANY_REQUESTS, message).await);
        }
        Checked::Done(CodeCheck::Wrong) => {
            note_failure(
                &state,
                &address,
                &member.email,
                "Wrong code when confirming",
            )
            .await;
            return Err(refuse(StatusCode::BAD_REQUEST, CODE_REFUSED.to_string()).await);
        }
        Checked::Done(_) => {}
    }
    state
        .limiter
        .succeeded(&address, &member.email, 1)
        .await
        .map_err(FormRefused::failed)?;
    if let Some(token) = super::session_token(&headers, state.cookie_secure) {
        state
            .accounts
            .confirm(&token, SessionStage::Full)
            .await
            .map_err(FormRefused::failed)?;
    }
    Ok(Redirect::to(paths::USERS).into_response())
}
