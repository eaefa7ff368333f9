//! The second step of signing in (a code, or setting up an authenticator
//! app), and giving a code again before admin actions. A code is counted
//! against the sign-in limits like a password, and checked in its turn.

use super::extract::{Admin, AtLeast, ClientKey, PostedForm};
use super::sign_in::session_in_place;
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
use app::storage::{Proof, SessionStage};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// The message for a code that is wrong, used, or not a code.
const CODE_REFUSED: &str = "Enter a correct code. Codes change every 30 seconds";

/// The member of staff at `step` of signing in and their session's handle,
/// or the reason to refuse.
fn halfway(facts: &RequestFacts, step: SessionStage) -> Result<(StaffMember, String), FormRefused> {
    facts
        .visitor
        .halfway_at(step)
        .map(|(member, handle)| (member.clone(), handle.to_string()))
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

/// Why a code was not taken: the status, and the message for its field.
struct CodeRefused(StatusCode, String);

/// Checks a code a member of staff typed: an empty one is refused at once;
/// otherwise it counts against the account's codes from everywhere, waits
/// its turn, counts as an attempt from its address, and `check` runs
/// (`None`: the code is wrong, which goes in the account audit as `why`).
async fn checked_code<T, F>(
    state: &AppState,
    address: &str,
    member: &StaffMember,
    (code, why): (&str, &str),
    check: F,
) -> Result<Result<T, CodeRefused>, FormRefused>
where
    F: std::future::Future<Output = Result<Option<T>, app::staff::accounts::AccountError>>,
{
    if code.trim().is_empty() {
        let message = "Enter the code from your authenticator app".to_string();
        return Ok(Err(CodeRefused(StatusCode::BAD_REQUEST, message)));
    }
    let within_account_limit = state
        .limiter
        .code_attempt(&member.email)
        .await
        .map_err(FormRefused::failed)?;
    if !within_account_limit {
        tracing::warn!(staff = %member.email, "codes limited for the account");
        let message = StaffError::TooManyAttempts.to_string();
        return Ok(Err(CodeRefused(StatusCode::TOO_MANY_REQUESTS, message)));
    }
    match in_turn(state, address, &member.email, check).await? {
        Checked::Limited => {
            let message = StaffError::TooManyAttempts.to_string();
            Ok(Err(CodeRefused(StatusCode::TOO_MANY_REQUESTS, message)))
        }
        Checked::Done(None) => {
            note_failure(state, address, &member.email, why).await;
            let message = CODE_REFUSED.to_string();
            Ok(Err(CodeRefused(StatusCode::BAD_REQUEST, message)))
        }
        Checked::Done(Some(value)) => Ok(Ok(value)),
    }
}

/// A code's check as [`checked_code`] takes it: what it was, if right.
async fn right_code(
    state: &AppState,
    member: &StaffMember,
    code: &str,
) -> Result<Option<CodeCheck>, app::staff::accounts::AccountError> {
    let check = state.accounts.check_code(member, code).await?;
    Ok((check != CodeCheck::Wrong).then_some(check))
}

/// `POST /staff/sign-in/code`: a code from the app, or a recovery code.
pub async fn enter_code(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let (member, _) = halfway(&facts, SessionStage::Code)?;
    let code = form.field(fields::CODE);
    let checked = checked_code(
        &state,
        &address,
        &member,
        (code, "Wrong code"),
        right_code(&state, &member, code),
    )
    .await?;
    let check = checked.map_err(|CodeRefused(status, message)| {
        let page = CodePage {
            problems: vec![problem(fields::CODE, &message)],
        };
        FormRefused::Page(status, FormPage::Code(page))
    })?;
    state
        .limiter
        .succeeded(&address, &member.email)
        .await
        .map_err(FormRefused::failed)?;
    let token =
        session_in_place(&state, &headers, member.id, SessionStage::Full, Proof::Ours).await?;
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
    let (member, handle) = halfway(&facts, SessionStage::Enrol)?;
    let code = form.field(fields::CODE);
    let checked = checked_code(
        &state,
        &address,
        &member,
        (code, "Wrong code when setting up the app"),
        state.accounts.enrol(&member, &handle, code),
    )
    .await?;
    let codes = match checked {
        Ok(codes) => codes,
        Err(CodeRefused(status, message)) => {
            let problems = vec![problem(fields::CODE, &message)];
            let page = enrol_page(&state.accounts, (&member, &handle), problems).await;
            return Err(match page {
                Ok(page) => FormRefused::Page(status, FormPage::Enrol(page)),
                Err(error) => FormRefused::failed(error),
            });
        }
    };
    state
        .limiter
        .succeeded(&address, &member.email)
        .await
        .map_err(FormRefused::failed)?;
    let token =
        session_in_place(&state, &headers, member.id, SessionStage::Full, Proof::Ours).await?;
    // Any other session halfway through signing in ends: it proved the
    // password only.
    state
        .accounts
        .end_sessions_of(member.id, Some(&token))
        .await
        .map_err(FormRefused::failed)?;
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
/// change accounts for the next 15 minutes. Admins only: the page it
/// answers with lists the accounts.
pub async fn confirm(
    State(state): State<AppState>,
    _: AtLeast<Admin>,
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
    let code = form.field(fields::CODE);
    let checked = checked_code(
        &state,
        &address,
        member,
        (code, "Wrong code when confirming"),
        right_code(&state, member, code),
    )
    .await?;
    if let Err(CodeRefused(status, message)) = checked {
        return Err(
            match users_page(&state.accounts, signed_in, EventFilter::default()).await {
                Ok(mut page) => {
                    page.problems = vec![problem(fields::CODE, &message)];
                    FormRefused::Page(status, FormPage::Users(Box::new(page)))
                }
                Err(error) => FormRefused::failed(error),
            },
        );
    }
    state
        .limiter
        .succeeded(&address, &member.email)
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
