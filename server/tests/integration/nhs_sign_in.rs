//! Signing in with an NHS account against a real OpenID provider
//! (`support::provider`): a full sign-in, and each way one must be refused.
//! Each refusal is pinned to its reason by the account audit, so a test
//! cannot pass because an earlier check failed instead.

use crate::support::provider::{self, ProviderBrowser};
use crate::support::run;
use crate::support::site::*;
use app::staff::{EventFilter, EventKind};
use server::config::SsoSettings;

async fn sso_site(name: &str) -> Site {
    Site::configured(name, |config| {
        config.sso = Some(SsoSettings {
            issuer_url: provider::issuer(),
            client_id: provider::CLIENT_ID.into(),
            client_secret: provider::CLIENT_SECRET.into(),
            allowed_domains: vec!["nhs.net".into()],
            required_claim: Some(("org_code".into(), Some("RR8".into()))),
            redirect_url: provider::REDIRECT.into(),
        });
    })
    .await
}

/// A sign-in under way: where the site sent the browser at the provider,
/// and the cookie it gave the browser.
struct Started {
    authorize: String,
    browser: String,
}

async fn start(site: &Site) -> Started {
    let reply = site.post("/staff/sign-in/nhs", None, &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let authorize = reply.location().to_string();
    assert!(authorize.starts_with(&provider::issuer()), "{authorize}");
    for part in [
        "code_challenge_method=S256",
        "state=",
        "nonce=",
        "scope=openid",
    ] {
        assert!(authorize.contains(part), "{authorize}");
    }
    Started {
        authorize,
        browser: reply.cookie().expect("the browser's cookie"),
    }
}

/// The site's path and query that the provider's redirect back names.
fn callback(back: &str) -> String {
    let path = back.strip_prefix("http://localhost");
    assert!(path.is_some(), "not sent back to the site: {back}");
    path.unwrap().to_string()
}

/// Signs in as `login` at the provider and comes back to the site.
async fn finish(site: &Site, started: &Started, login: &str) -> (Reply, String) {
    let back = ProviderBrowser::new()
        .sign_in(&started.authorize, login)
        .await;
    let path = callback(&back);
    (site.get(&path, Some(&started.browser)).await, path)
}

/// Whether a reply starts a staff session.
fn signs_in(reply: &Reply) -> bool {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|cookie| {
            let cookie = cookie.to_str().unwrap_or_default();
            cookie.starts_with("lth_staff_session=") && !cookie.starts_with("lth_staff_session=;")
        })
}

/// The reason recorded for the newest failed sign-in.
async fn last_failure(site: &Site) -> String {
    let filter = EventFilter {
        kind: Some(EventKind::SignInFailed),
        email: String::new(),
    };
    let events = site.accounts.events(&filter).await.unwrap();
    events.first().map(|e| e.detail.clone()).unwrap_or_default()
}

#[test]
fn a_member_of_staff_signs_in_with_their_nhs_account_and_is_staff_at_once() {
    run(async {
        let site = sso_site("sso_full").await;
        let page = site.get("/staff/sign-in", None).await;
        assert!(page.body.contains("Sign in with your NHS account"));
        // Its form may lead to the provider (`form-action` covers the
        // redirect), from whichever page the browser loaded first.
        let to_provider = format!("form-action 'self' {}", provider::issuer());
        for path in ["/staff/sign-in", "/services"] {
            let reply = site.get(path, None).await;
            let policy = reply.header("content-security-policy");
            assert!(policy.ends_with(&to_provider), "{path}: {policy}");
        }
        let started = start(&site).await;
        let (reply, _) = finish(&site, &started, "Nurse@nhs.net").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(reply.location(), "/staff");
        assert!(signs_in(&reply));
        let session = reply.cookie().unwrap();
        let home = site.get("/staff", Some(&session)).await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("nurse@nhs.net"), "{}", home.body);
        assert!(home.body.contains("The services directory for staff"));
        let account = site.accounts.find("nurse@nhs.net").await.unwrap().unwrap();
        assert_eq!(account.role, Role::Staff);
        // Staff do not edit; and the account has no password to sign in with.
        let editor = site.get("/staff/services/new", Some(&session)).await;
        assert_eq!(editor.status, StatusCode::FORBIDDEN);
        let confirm = site.post("/staff/confirm", Some(&session), &[]).await;
        assert_eq!(confirm.status, StatusCode::FORBIDDEN);
        assert!(!confirm.body.contains(ADMIN), "no accounts list for staff");
        let by_password = site.sign_in_from("nurse@nhs.net", "", [10, 9, 9, 9]).await;
        assert!(!signs_in(&by_password));
        let by_password = site
            .sign_in_from("nurse@nhs.net", PASSWORD, [10, 9, 9, 9])
            .await;
        assert!(!signs_in(&by_password));
        // The audit has the account made and the sign-in.
        let events = site.accounts.events(&EventFilter::default()).await.unwrap();
        let of_nurse: Vec<_> = events
            .iter()
            .filter(|e| e.account.as_deref() == Some("nurse@nhs.net"))
            .map(|e| (e.kind, e.detail.as_str()))
            .collect();
        assert!(of_nurse.contains(&(EventKind::Joined, "NHS account")));
        assert!(of_nurse.contains(&(EventKind::SignedIn, "NHS account")));
    });
}

#[test]
fn an_nhs_account_and_a_local_account_with_the_same_email_are_one_member_of_staff() {
    run(async {
        let site = sso_site("sso_same").await;
        let before = site.accounts.list().await.unwrap().len();
        let started = start(&site).await;
        let (reply, _) = finish(&site, &started, EDITOR).await;
        assert!(signs_in(&reply), "{}", reply.body);
        assert_eq!(site.accounts.list().await.unwrap().len(), before);
        let home = site.get("/staff", Some(&reply.cookie().unwrap())).await;
        assert!(
            home.body.contains("Edit the services directory"),
            "the editor's own role"
        );
        // An admin signed in so changes no account without a code of theirs.
        let started = start(&site).await;
        let (reply, _) = finish(&site, &started, ADMIN).await;
        let admin = reply.cookie().unwrap();
        let invite = [("email", "new@nhs.net"), ("role", "editor")];
        let reply = site
            .post("/staff/users/invite", Some(&admin), &pairs(&invite))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        assert!(site.accounts.find("new@nhs.net").await.unwrap().is_none());
        // Entra ID's `xms_edov` stands for `email_verified`.
        let started = start(&site).await;
        let (reply, _) = finish(&site, &started, "entra@nhs.net").await;
        assert!(signs_in(&reply), "{}", reply.body);
        // A disabled account stays out.
        let started = start(&site).await;
        let (reply, _) = finish(&site, &started, DISABLED).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(!signs_in(&reply));
        assert!(last_failure(&site).await.contains("disabled"));
    });
}

#[test]
fn id_tokens_and_accounts_the_site_must_not_trust_are_refused() {
    run(async {
        let site = sso_site("sso_refused").await;
        for (login, reason) in [
            ("expired@nhs.net", "expired"),
            ("other-audience@nhs.net", "audience"),
            ("other-key@nhs.net", "signature"),
            ("someone@gmail.com", "not in an allowed domain"),
            ("unverified@nhs.net", "not verified"),
            ("entra-unverified@nhs.net", "not verified"),
            ("no-org@nhs.net", "required claim org_code"),
        ] {
            let started = start(&site).await;
            let (reply, _) = finish(&site, &started, login).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{login}: {}",
                reply.body
            );
            assert!(!signs_in(&reply), "{login}");
            assert!(reply
                .body
                .contains("You cannot sign in here with this NHS account"));
            let failure = last_failure(&site).await;
            assert!(
                failure.to_lowercase().contains(reason),
                "{login}: refused for {failure:?}, not {reason:?}"
            );
        }
        assert_eq!(site.accounts.find("someone@gmail.com").await.unwrap(), None);
    });
}

#[test]
fn a_wrong_nonce_or_pkce_verifier_is_refused() {
    run(async {
        let site = sso_site("sso_nonce_pkce").await;
        // The nonce sent to the provider is not the one the site kept.
        let mut started = start(&site).await;
        let nonce = started
            .authorize
            .split(['?', '&'])
            .find(|pair| pair.starts_with("nonce="))
            .unwrap()
            .to_string();
        started.authorize = started.authorize.replace(&nonce, "nonce=another");
        let (reply, _) = finish(&site, &started, "nurse@nhs.net").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(!signs_in(&reply));
        assert!(last_failure(&site).await.to_lowercase().contains("nonce"));
        // The verifier the site sends is not the challenge's: the provider
        // refuses the code.
        let started = start(&site).await;
        let wrong = "w".repeat(43);
        site.database
            .execute(&format!(
                "UPDATE staff_sso_starts SET pkce_verifier = '{wrong}'"
            ))
            .await;
        let (reply, _) = finish(&site, &started, "nurse@nhs.net").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(!signs_in(&reply));
        let failure = last_failure(&site).await;
        assert!(
            failure.contains("refused the code: invalid_grant"),
            "{failure}"
        );
    });
}

#[test]
fn a_missing_replayed_late_or_other_browsers_state_is_refused() {
    run(async {
        let site = sso_site("sso_state").await;
        let unfinished = |reply: &Reply| {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
            assert!(!signs_in(reply));
            assert!(reply.body.contains("did not finish"));
        };
        // Missing.
        let started = start(&site).await;
        let audited = site
            .accounts
            .events(&EventFilter::default())
            .await
            .unwrap()
            .len();
        let reply = site
            .get(
                "/staff/sign-in/nhs/callback?code=abc",
                Some(&started.browser),
            )
            .await;
        unfinished(&reply);
        // What anyone can ask for is not kept in the account audit.
        let now = site
            .accounts
            .events(&EventFilter::default())
            .await
            .unwrap()
            .len();
        assert_eq!(now, audited);
        // Replayed: the first use signs in, the second does not.
        let (reply, path) = finish(&site, &started, "nurse@nhs.net").await;
        assert!(signs_in(&reply));
        unfinished(&site.get(&path, Some(&started.browser)).await);
        // Another browser's: the state is right, the cookie is not.
        let started = start(&site).await;
        let back = ProviderBrowser::new()
            .sign_in(&started.authorize, "nurse@nhs.net")
            .await;
        unfinished(&site.get(&callback(&back), Some("lth_sso=another")).await);
        unfinished(&site.get(&callback(&back), None).await);
        // Late: over 10 minutes after it started.
        let started = start(&site).await;
        let back = ProviderBrowser::new()
            .sign_in(&started.authorize, "nurse@nhs.net")
            .await;
        site.config.clock.advance(11 * 60);
        unfinished(&site.get(&callback(&back), Some(&started.browser)).await);
        // Cancelled at the provider: its error comes back with the state.
        let started = start(&site).await;
        let state = started
            .authorize
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("state="))
            .unwrap()
            .to_string();
        let path = format!("/staff/sign-in/nhs/callback?error=access_denied&state={state}");
        unfinished(&site.get(&path, Some(&started.browser)).await);
        assert!(last_failure(&site).await.contains("access_denied"));
    });
}

#[test]
fn without_single_sign_on_the_site_offers_passwords_only() {
    run(async {
        let site = Site::new("sso_off").await;
        let page = site.get("/staff/sign-in", None).await;
        assert!(!page.body.contains("Sign in with your NHS account"));
        let reply = site.post("/staff/sign-in/nhs", None, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let reply = site
            .get("/staff/sign-in/nhs/callback?state=x&code=y", None)
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    });
}
