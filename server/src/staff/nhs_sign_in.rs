//! Signing in with an NHS account (single sign-on): OpenID Connect's
//! authorization code flow with PKCE, `state` and `nonce`, by the
//! `openidconnect` crate. The ID token's signature is checked against the
//! provider's published keys, with its issuer, audience, expiry and nonce;
//! then the site's own rules: a verified email in `OIDC_ALLOWED_DOMAINS` and,
//! if set, `OIDC_REQUIRED_CLAIM`. Whoever passes is a member of staff at
//! once (the `staff` role), in the account their email already has if any.
//!
//! The `state` is kept server-side with the PKCE verifier and the nonce,
//! used once, within [`SSO_LIMIT_SECONDS`], by the browser that started
//! (a cookie of its own, so no one can finish another's sign-in).

use super::extract::{ClientKey, PostedForm};
use super::session::cookie;
use super::sign_in::{going_to, note_failure, session_in_place};
use super::FormRefused;
use crate::config::SsoSettings;
use crate::state::AppState;
use app::paths;
use app::staff::accounts::{new_token, SSO_LIMIT_SECONDS};
use app::staff::{EventKind, FormPage, StaffError};
use app::storage::{Clock, SessionStage};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope,
};
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The cookie naming the browser that started a sign-in: `__Secure-` on
/// an https site (kept only if `Secure`), plain on http.
const BROWSER_COOKIE: &str = "__Secure-lth_sso";
const PLAIN_BROWSER_COOKIE: &str = "lth_sso";

/// How long the provider's metadata and keys are kept before fetching them
/// again (keys are rotated with notice, so an hour is safe).
const METADATA_KEPT: Duration = Duration::from_secs(60 * 60);

/// A client of the provider as its metadata makes it.
type ProviderClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in with an NHS account did not happen. The reason is for the
/// log and the account audit; the visitor sees the [`StaffError`]'s message.
#[derive(Debug)]
enum Failure {
    /// No `state`, one used before, from another browser or too late; or
    /// the provider sent the browser back with an error (cancelled).
    Unfinished(String),
    /// The provider or the site's checks did not accept it.
    Refused(String),
    /// The provider could not be reached, or answered nonsense.
    Unavailable(String),
}

impl Failure {
    fn error(&self) -> StaffError {
        match self {
            Failure::Unfinished(_) => StaffError::NhsSignInUnfinished,
            Failure::Refused(_) => StaffError::NhsSignInRefused,
            Failure::Unavailable(_) => StaffError::NhsSignInUnavailable,
        }
    }

    fn reason(&self) -> &str {
        match self {
            Failure::Unfinished(reason)
            | Failure::Refused(reason)
            | Failure::Unavailable(reason) => reason,
        }
    }
}

/// The site's single sign-on: its settings, an HTTP client for the
/// provider, and the provider's metadata once fetched.
pub struct SingleSignOn {
    settings: SsoSettings,
    http: openidconnect::reqwest::Client,
    metadata: tokio::sync::Mutex<Option<(Instant, CoreProviderMetadata)>>,
    clock: Clock,
}

impl SingleSignOn {
    /// Single sign-on with `settings`; ID tokens' times are checked by `clock`.
    pub fn new(settings: SsoSettings, clock: Clock) -> Result<Self, String> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let the provider's answers send us elsewhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|error| format!("single sign-on's HTTP client: {error}"))?;
        Ok(SingleSignOn {
            settings,
            http,
            metadata: tokio::sync::Mutex::default(),
            clock,
        })
    }

    /// The provider's client, from its metadata (fetched if not kept).
    async fn client(&self) -> Result<ProviderClient, Failure> {
        let mut kept = self.metadata.lock().await;
        let fresh = kept
            .as_ref()
            .filter(|(fetched, _)| fetched.elapsed() < METADATA_KEPT)
            .map(|(_, metadata)| metadata.clone());
        let metadata = match fresh {
            Some(metadata) => metadata,
            None => {
                let issuer = IssuerUrl::new(self.settings.issuer_url.clone())
                    .map_err(|error| Failure::Unavailable(format!("issuer URL: {error}")))?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
                    .await
                    .map_err(|error| Failure::Unavailable(format!("discovery: {error}")))?;
                *kept = Some((Instant::now(), metadata.clone()));
                metadata
            }
        };
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|error| Failure::Unavailable(format!("redirect URL: {error}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose_secret().to_string(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// The email an ID token vouches for, once the token and its claims pass
    /// every check.
    async fn verified_email(
        &self,
        code: &str,
        pkce_verifier: String,
        nonce: String,
    ) -> Result<String, Failure> {
        let client = self.client().await?;
        let exchange = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|error| Failure::Unavailable(format!("token endpoint: {error}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier));
        let tokens = exchange
            .request_async(&self.http)
            .await
            .map_err(|error| match error {
                RequestTokenError::ServerResponse(answer) => {
                    Failure::Refused(format!("the provider refused the code: {}", answer.error()))
                }
                other => Failure::Unavailable(format!("exchanging the code: {other}")),
            })?;
        let id_token = openidconnect::TokenResponse::id_token(&tokens)
            .ok_or_else(|| Failure::Refused("no ID token".into()))?;
        let clock = self.clock.clone();
        let verifier = client.id_token_verifier().set_time_fn(move || {
            chrono::DateTime::from_timestamp(clock.now(), 0).unwrap_or_default()
        });
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce))
            .map_err(|error| Failure::Refused(format!("ID token: {error}")))?;
        let email = claims
            .email()
            .map(|email| email.as_str().trim().to_lowercase())
            .ok_or_else(|| Failure::Refused("the ID token has no email".into()))?;
        if claims.email_verified() != Some(true) {
            return Err(Failure::Refused(format!("{email} is not verified")));
        }
        let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);
        if !self.settings.allowed_domains.iter().any(|d| d == domain) {
            return Err(Failure::Refused(format!(
                "{email} is not in an allowed domain"
            )));
        }
        if let Some((name, value)) = &self.settings.required_claim {
            // The signature was checked above, so the payload can be read as is.
            if !has_claim(&id_token.to_string(), name, value.as_deref()) {
                return Err(Failure::Refused(format!(
                    "the ID token of {email} lacks the required claim {name}"
                )));
            }
        }
        Ok(email)
    }
}

/// Whether a (verified) compact JWT's payload has the claim `name`: any
/// value but null and "" if `value` is `None`, else that value or a list
/// holding it.
fn has_claim(jwt: &str, name: &str, value: Option<&str>) -> bool {
    let payload = jwt
        .split('.')
        .nth(1)
        .and_then(|part| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    let Some(claim) = payload.as_ref().and_then(|payload| payload.get(name)) else {
        return false;
    };
    let matches = |one: &serde_json::Value| match (one, value) {
        (serde_json::Value::String(text), Some(wanted)) => text == wanted,
        (serde_json::Value::String(text), None) => !text.is_empty(),
        (serde_json::Value::Null, _) => false,
        (other, Some(wanted)) => serde_json::to_string(other).is_ok_and(|text| text == wanted),
        (_, None) => true,
    };
    match claim {
        serde_json::Value::Array(items) => items.iter().any(matches),
        one => matches(one),
    }
}

fn browser_cookie_name(secure: bool) -> &'static str {
    if secure {
        BROWSER_COOKIE
    } else {
        PLAIN_BROWSER_COOKIE
    }
}

/// The `Set-Cookie` value naming the browser that started (`None`: clear it).
fn browser_cookie(value: Option<&str>, secure: bool) -> HeaderValue {
    let name = browser_cookie_name(secure);
    let (value, max_age) = value.map_or(("", 0), |value| (value, SSO_LIMIT_SECONDS));
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path={}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        paths::NHS_SIGN_IN
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The answer to a sign-in that did not happen: logged and audited with its
/// reason, the visitor told what they can do.
async fn refused(state: &AppState, address: &str, failure: Failure) -> FormRefused {
    tracing::warn!(reason = failure.reason(), %address, "sign-in with an NHS account refused");
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
    let client = match sso.client().await {
        Ok(client) => client,
        Err(failure) => return Err(refused(&state, &address, failure).await),
    };
    let (challenge, pkce_verifier) = PkceCodeChallenge::new_random_sha256();
    let (address_at_provider, csrf_state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let browser = new_token();
    state
        .accounts
        .start_sso(
            csrf_state.secret(),
            &browser,
            pkce_verifier.secret(),
            nonce.secret(),
        )
        .await
        .map_err(FormRefused::failed)?;
    let mut response = Redirect::to(address_at_provider.as_str()).into_response();
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
    let token = session_in_place(&state, &headers, member.id, SessionStage::Full).await?;
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
        .ok_or_else(|| Failure::Unfinished("no state".into()))?;
    let browser = cookie(headers, browser_cookie_name(state.cookie_secure));
    let started = state
        .accounts
        .finish_sso(csrf_state, browser.as_deref())
        .await
        .map_err(|error| Failure::Unavailable(error.to_string()))?;
    let (pkce_verifier, nonce) = started.ok_or_else(|| {
        Failure::Unfinished("a state that is unknown, used, late or another browser's".into())
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

    fn jwt(payload: &str) -> String {
        let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
        format!("{}.{}.sig", encode("{}"), encode(payload))
    }

    #[test]
    fn a_required_claim_is_present_or_holds_the_value() {
        let token = jwt(r#"{"org":"RR8","roles":["a","b"],"empty":"","none":null}"#);
        assert!(has_claim(&token, "org", None));
        assert!(has_claim(&token, "org", Some("RR8")));
        assert!(!has_claim(&token, "org", Some("RR9")));
        assert!(has_claim(&token, "roles", Some("b")));
        assert!(!has_claim(&token, "empty", None));
        assert!(!has_claim(&token, "none", None));
        assert!(!has_claim(&token, "missing", None));
        assert!(!has_claim("not a token", "org", None));
    }

    #[test]
    fn the_browser_cookie_is_for_the_sign_in_path_only() {
        let cookie = browser_cookie(Some("abc"), true);
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("__Secure-lth_sso=abc;"), "{cookie}");
        for part in [
            "Path=/staff/sign-in/nhs;",
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
        ] {
            assert!(cookie.contains(part), "{cookie}");
        }
    }
}
