//! Signing in with an NHS account: the sign-in page's button
//! (`POST /staff/sign-in/nhs`) and the provider's return
//! (`GET /staff/sign-in/nhs/callback`). The flow's checks are
//! `crate::single_sign_on`'s; here, what the browser is given and keeps.
//! Whoever passes is a member of staff at once (the `staff` role), in the
//! account their email already has if any.
//!
//! The `state` is kept server-side with the PKCE verifier and the nonce,
//! used once, within [`SSO_LIMIT_SECONDS`], by the browser that started
//! (a cookie of its own, so no one can finish another's sign-in).

use super::extract::{ClientKey, PostedForm};
use super::session::cookie;
use super::sign_in::{going_to, note_failure, session_in_place};
use super::FormRefused;
use crate::single_sign_on::{Failure, SingleSignOn};
use crate::state::AppState;
use app::paths;
use app::staff::accounts::{new_token, SSO_LIMIT_SECONDS};
use app::staff::cookies;
use app::staff::{EventKind, FormPage, StaffError};
use app::storage::{Proof, SessionStage};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

/// The `Set-Cookie` value naming the browser that started (`None`: clear it).
fn browser_cookie(value: Option<&str>, secure: bool) -> HeaderValue {
    let name = cookies::sign_in_browser(secure);
    let (value, max_age) = value.map_or(("", 0), |value| (value, SSO_LIMIT_SECONDS));
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The answer to a sign-in that did not happen: logged and audited with its
/// reason, the visitor told what they can do.
async fn refused(state: &AppState, address: &str, failure: Failure) -> FormRefused {
    tracing::warn!(reason = failure.reason(), %address, "sign-in with an NHS account refused");
    // Only a sign-in that went through the provider is audited: what anyone
    // can ask for (no state, a provider down) is logged, not kept.
    if matches!(failure, Failure::Unfinished(_) | Failure::Refused(_)) {
        let email = match &failure {
            Failure::Refused(reason) => reason.split_whitespace().find(|word| word.contains('@')),
            _ => None,
        };
        note_failure(
            state,
            address,
            email.unwrap_or_default(),
            &format!("NHS account: {}", failure.reason()),
        )
        .await;
    }
    let error = failure.error();
    let status = StatusCode::from_u16(app::error::HttpStatus::status(&error))
        .unwrap_or(StatusCode::BAD_REQUEST);
    FormRefused::Page(status, FormPage::Refused(error))
}

/// `POST /staff/sign-in/nhs`: off to the provider, with a new `state`,
/// nonce and PKCE challenge kept for this browser.
pub async fn start_nhs_sign_in(
    State(state): State<AppState>,
    ClientKey(address): ClientKey,
    _: PostedForm,
) -> Result<Response, FormRefused> {
    let Some(sso) = state.sso.as_ref() else {
        return Err(FormRefused::Page(
            StatusCode::NOT_FOUND,
            FormPage::Refused(StaffError::NotFound),
        ));
    };
    let to_provider = match sso.authorization().await {
        Ok(to_provider) => to_provider,
        Err(failure) => return Err(refused(&state, &address, failure).await),
    };
    let browser = new_token();
    let kept = state
        .accounts
        .start_sso(
            &to_provider.state,
            &browser,
            &to_provider.pkce_verifier,
            &to_provider.nonce,
        )
        .await
        .map_err(FormRefused::failed)?;
    if !kept {
        let failure = Failure::Unavailable("too many sign-ins under way".into());
        return Err(refused(&state, &address, failure).await);
    }
    let mut response = Redirect::to(&to_provider.address).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        browser_cookie(Some(&browser), state.cookie_secure),
    );
    Ok(response)
}

/// `GET /staff/sign-in/nhs/callback`: where the provider sends the browser
/// back, with a code to exchange (or an error) and the `state`.
pub async fn finish_nhs_sign_in(
    State(state): State<AppState>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, FormRefused> {
    let Some(sso) = state.sso.as_ref() else {
        return Err(FormRefused::Page(
            StatusCode::NOT_FOUND,
            FormPage::Refused(StaffError::NotFound),
        ));
    };
    let answer: HashMap<String, String> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let email = match signed_in_email(&state, sso, &headers, &answer).await {
        Ok(email) => email,
        Err(failure) => return Err(refused(&state, &address, failure).await),
    };
    let member = match state.accounts.single_sign_on(&email).await {
        Ok(Some((member, made))) => {
            if made {
                record(
                    &state,
                    EventKind::Joined,
                    &member.email,
                    &address,
                    "NHS account",
                )
                .await?;
            }
            member
        }
        Ok(None) => {
            let failure = Failure::Refused(format!("{email} is disabled"));
            return Err(refused(&state, &address, failure).await);
        }
        Err(error) => return Err(FormRefused::failed(error)),
    };
    let token = session_in_place(
        &state,
        &headers,
        member.id,
        SessionStage::Full,
        Proof::Provider,
    )
    .await?;
    record(
        &state,
        EventKind::SignedIn,
        &member.email,
        &address,
        "NHS account",
    )
    .await?;
    let mut response = going_to(paths::STAFF, Some(&token), state.cookie_secure);
    response.headers_mut().append(
        header::SET_COOKIE,
        browser_cookie(None, state.cookie_secure),
    );
    Ok(response)
}

/// The verified email of the sign-in the provider's answer finishes.
async fn signed_in_email(
    state: &AppState,
    sso: &SingleSignOn,
    headers: &HeaderMap,
    answer: &HashMap<String, String>,
) -> Result<String, Failure> {
    let csrf_state = answer
        .get("state")
        .filter(|value| !value.is_empty())
        .ok_or_else(|| Failure::NotUnderWay("no state".into()))?;
    let browser = cookie(headers, cookies::sign_in_browser(state.cookie_secure));
    let started = state
        .accounts
        .finish_sso(csrf_state, browser.as_deref())
        .await
        .map_err(|error| Failure::Unavailable(error.to_string()))?;
    let (pkce_verifier, nonce) = started.ok_or_else(|| {
        Failure::NotUnderWay("a state that is unknown, used, late or another browser's".into())
    })?;
    if let Some(error) = answer.get("error") {
        let error: String = error.chars().take(60).collect();
        return Err(Failure::Unfinished(format!(
            "the provider answered {error:?}"
        )));
    }
    let code = answer
        .get("code")
        .filter(|code| !code.is_empty())
        .ok_or_else(|| Failure::Unfinished("no code".into()))?;
    sso.verified_email(code, pkce_verifier, nonce).await
}

async fn record(
    state: &AppState,
    kind: EventKind,
    email: &str,
    address: &str,
    detail: &str,
) -> Result<(), FormRefused> {
    state
        .accounts
        .record(kind, Some(email), None, Some(address), detail)
        .await
        .map_err(FormRefused::failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_cookie_is_this_hosts_alone() {
        let cookie = browser_cookie(Some("abc"), true);
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("__Host-lth_sso=abc;"), "{cookie}");
        assert!(!cookie.contains("Domain"));
        for part in ["Path=/;", "HttpOnly", "SameSite=Lax", "Secure"] {
            assert!(cookie.contains(part), "{cookie}");
        }
    }
}
