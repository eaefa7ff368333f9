//! Single sign-on with an OpenID provider (staff's NHS accounts): the
//! authorization code flow with PKCE, `state` and `nonce`, by the
//! `openidconnect` crate. The ID token's signature is checked against the
//! provider's published keys, with its issuer, audience, expiry and nonce;
//! then the site's own rules: a verified email in `OIDC_ALLOWED_DOMAINS`
//! and, if set, `OIDC_REQUIRED_CLAIM`. The sign-in's pages and session are
//! `staff::nhs_sign_in`'s.

use crate::config::SsoSettings;
use app::staff::StaffError;
use app::storage::Clock;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope,
};
use secrecy::ExposeSecret;
use std::time::{Duration, Instant};

/// How long the provider's metadata and keys are kept before fetching them
/// again (keys are rotated with notice, so an hour is safe).
const METADATA_KEPT: Duration = Duration::from_secs(60 * 60);
/// How long a failure to fetch them is remembered: sign-ins meanwhile are
/// told at once, not each kept waiting for a provider that is down.
const FAILURE_KEPT: Duration = Duration::from_secs(30);

/// A client of the provider as its metadata makes it.
type ProviderClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A sign-in sent to the provider: where, and what to keep for its return.
pub struct Authorization {
    pub address: String,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

/// Why a sign-in with an NHS account did not happen. The reason is for the
/// log and the account audit; the visitor sees the [`StaffError`]'s message.
#[derive(Debug)]
pub enum Failure {
    /// No sign-in under way has this `state` (none, used, another
    /// browser's, late).
    NotUnderWay(String),
    /// The provider sent the browser back with an error (cancelled), or
    /// without a code.
    Unfinished(String),
    /// The provider or the site's checks did not accept it.
    Refused(String),
    /// The provider could not be reached, or answered nonsense; or too many
    /// sign-ins are under way.
    Unavailable(String),
}

impl Failure {
    pub fn error(&self) -> StaffError {
        match self {
            Failure::NotUnderWay(_) | Failure::Unfinished(_) => StaffError::NhsSignInUnfinished,
            Failure::Refused(_) => StaffError::NhsSignInRefused,
            Failure::Unavailable(_) => StaffError::NhsSignInUnavailable,
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Failure::NotUnderWay(reason)
            | Failure::Unfinished(reason)
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
    metadata: tokio::sync::Mutex<Option<(Instant, Result<CoreProviderMetadata, String>)>>,
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
        let fresh = kept.as_ref().filter(|(fetched, metadata)| {
            let keep = if metadata.is_ok() {
                METADATA_KEPT
            } else {
                FAILURE_KEPT
            };
            fetched.elapsed() < keep
        });
        let metadata = match fresh {
            Some((_, metadata)) => metadata.clone(),
            None => {
                let fetched = match IssuerUrl::new(self.settings.issuer_url.clone()) {
                    Ok(issuer) => CoreProviderMetadata::discover_async(issuer, &self.http)
                        .await
                        .map_err(|error| format!("discovery: {error}")),
                    Err(error) => Err(format!("issuer URL: {error}")),
                };
                *kept = Some((Instant::now(), fetched.clone()));
                fetched
            }
        }
        .map_err(Failure::Unavailable)?;
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

    /// Where to send the browser at the provider, with a new `state`, nonce
    /// and PKCE challenge: the address, and the state, PKCE verifier and
    /// nonce to keep for its return.
    pub async fn authorization(&self) -> Result<Authorization, Failure> {
        let client = self.client().await?;
        let (challenge, pkce_verifier) = PkceCodeChallenge::new_random_sha256();
        let (address, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            address: address.to_string(),
            state: state.secret().clone(),
            pkce_verifier: pkce_verifier.secret().clone(),
            nonce: nonce.secret().clone(),
        })
    }

    /// The email an ID token vouches for, once the token and its claims pass
    /// every check.
    pub async fn verified_email(
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
            .filter(|email| email.is_ascii())
            .ok_or_else(|| Failure::Refused("the ID token has no email (in ASCII)".into()))?;
        // The signature was checked above, so the payload can be read as is.
        let payload = payload_of(&id_token.to_string());
        let verified = match claims.email_verified() {
            Some(verified) => verified,
            // Entra ID sends no `email_verified` for organisations' accounts:
            // its optional claim `xms_edov` says the email's domain is the
            // tenant's own, verified.
            None => payload.get("xms_edov") == Some(&serde_json::Value::Bool(true)),
        };
        if !verified {
            return Err(Failure::Refused(format!("{email} is not verified")));
        }
        let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);
        if !self.settings.allowed_domains.iter().any(|d| d == domain) {
            return Err(Failure::Refused(format!(
                "{email} is not in an allowed domain"
            )));
        }
        if let Some((name, value)) = &self.settings.required_claim {
            if !has_claim(&payload, name, value.as_deref()) {
                return Err(Failure::Refused(format!(
                    "the ID token of {email} lacks the required claim {name}"
                )));
            }
        }
        Ok(email)
    }
}

/// The claims of a (verified) compact JWT; `Null` if it cannot be read.
fn payload_of(jwt: &str) -> serde_json::Value {
    jwt.split('.')
        .nth(1)
        .and_then(|part| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Whether an ID token's claims (`payload`) have the claim `name`: any
/// value but null and "" if `value` is `None`, else that value or a list
/// holding it.
fn has_claim(payload: &serde_json::Value, name: &str, value: Option<&str>) -> bool {
    let Some(claim) = payload.get(name) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
        format!("{}.{}.sig", encode("{}"), encode(payload))
    }

    #[test]
    fn a_required_claim_is_present_or_holds_the_value() {
        let token = payload_of(&jwt(
            r#"{"org":"RR8","roles":["a","b"],"empty":"","none":null}"#,
        ));
        assert!(has_claim(&token, "org", None));
        assert!(has_claim(&token, "org", Some("RR8")));
        assert!(!has_claim(&token, "org", Some("RR9")));
        assert!(has_claim(&token, "roles", Some("b")));
        assert!(!has_claim(&token, "empty", None));
        assert!(!has_claim(&token, "none", None));
        assert!(!has_claim(&token, "missing", None));
        assert!(!has_claim(&payload_of("not a token"), "org", None));
    }
}
