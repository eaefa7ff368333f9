//! The layers that work out a request's facts ([`RequestFacts`]) once and
//! put them in its extensions for every later layer and handler: first of
//! all [`classify`] (what it asks for, its nonce), and after the limits
//! [`identify`] (who asks, from the session cookie).

use crate::staff::session_token;
use crate::state::AppState;
use app::request::{Asked, RequestFacts};
use app::staff::accounts::Visitor;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use std::time::Duration;

/// Layer: what the request asks for and the nonce of its page's scripts,
/// with an anonymous visitor until [`identify`] looks.
pub async fn classify(mut request: Request, next: Next) -> Response {
    let asked = Asked::of(request.method(), request.uri().path());
    request.extensions_mut().insert(RequestFacts {
        asked,
        visitor: Visitor::Anonymous,
        nonce: Nonce::new().to_string().into(),
    });
    next.run(request).await
}

/// How long a public page waits for its session lookup before it is
/// answered as to anyone.
const PUBLIC_LOOKUP_WAIT: Duration = Duration::from_millis(500);
/// Layer: who the request comes from. The session is looked up only where
/// answers differ by who asks (pages, forms, server functions); a cookie
/// that names no valid session is anonymous. While the database fails
/// (logged), a staff page or form answers a plain 503 (nothing staff can do
/// works without it), and a public page is answered as to anyone: after
/// half a second's wait at most, and at once for a few seconds after a
/// lookup failed.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let asked = RequestFacts::of(request.extensions()).asked;
    let token = session_token(request.headers(), state.cookie_secure)
        .filter(|_| asked.differs_by_visitor())
        .filter(|_| asked != Asked::Public || !state.session_lookups.failing());
    if let Some(token) = token {
        let lookup = state.accounts.session(&token);
        let looked_up = if asked == Asked::Public {
            match tokio::time::timeout(PUBLIC_LOOKUP_WAIT, lookup).await {
                Ok(looked_up) => looked_up.map_err(|error| error.to_string()),
                Err(_) => Err("no answer in time".to_string()),
            }
        } else {
            lookup.await.map_err(|error| error.to_string())
        };
        state.session_lookups.record(looked_up.is_err());
        let session = match looked_up {
            Ok(session) => session,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                if asked == Asked::Staff {
                    return crate::staff::FormRefused::Unavailable.into_response();
                }
                None
            }
        };
        let facts = request.extensions_mut().get_mut::<RequestFacts>();
        if let (Some(session), Some(facts)) = (session, facts) {
            facts.visitor = Visitor::of_session(session);
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use app::staff::Role;
    use axum::body::Body;
    use axum::middleware::from_fn_with_state;
    use axum::Router;
    use std::sync::{Arc, Mutex};
    use tower::ServiceExt;

    /// The site's state on a database in memory, with one editor signed in:
    /// their session cookie.
    async fn site() -> (AppState, String) {
        let config = Config::from_args(["server", "--database-url=sqlite::memory:"]).unwrap();
        let content = crate::load_content(&config).unwrap();
        let directory = crate::open_directory(&config, &content).await.unwrap();
        let state = AppState::new(&config, Arc::new(content), Arc::new(directory));
        let id = state
            .accounts
            .add("editor@nhs.net", "a long enough password", Role::Editor)
            .await
            .unwrap()
            .unwrap();
        let token = state
            .accounts
            .start_session(
                id,
                app::storage::SessionStage::Full,
                "",
                app::storage::Proof::Ours,
            )
            .await
            .unwrap();
        (
            state,
            format!("{}={token}", app::staff::cookies::session(false)),
        )
    }

    /// The facts `classify`, then `identify` if `state` is given, put in a
    /// `method` request for `path` with `cookie`.
    async fn facts_after(
        state: Option<&AppState>,
        method: &str,
        path: &str,
        cookie: Option<&str>,
    ) -> RequestFacts {
        let seen = Arc::new(Mutex::new(None));
        let mut router = Router::new().fallback({
            let seen = seen.clone();
            move |request: Request| {
                *seen.lock().unwrap() = request.extensions().get::<RequestFacts>().cloned();
                async {}
            }
        });
        if let Some(state) = state {
            router = router.layer(from_fn_with_state(state.clone(), identify));
        }
        let router = router.layer(axum::middleware::from_fn(classify));
        let mut request = Request::builder().method(method).uri(path);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        router
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let facts = seen.lock().unwrap().take();
        facts.expect("the layers put the facts in the request")
    }

    async fn facts_of(state: &AppState, path: &str, cookie: Option<&str>) -> RequestFacts {
        facts_after(Some(state), "GET", path, cookie).await
    }

    #[tokio::test]
    async fn classify_puts_what_is_asked_and_a_nonce_and_looks_up_no_one() {
        let (_, cookie) = site().await;
        let facts = facts_after(None, "GET", "/staff", Some(&cookie)).await;
        assert_eq!(facts.asked, Asked::Staff);
        assert!(facts.nonce.len() >= 16);
        assert!(!facts.from_staff(), "who asks is identify's to say");
        let sign_in = facts_after(None, "POST", "/staff/sign-in", None).await;
        assert_eq!(sign_in.asked, Asked::SignIn);
    }

    #[tokio::test]
    async fn the_layers_put_what_is_asked_who_asks_and_a_new_nonce_in_the_request() {
        let (state, cookie) = site().await;
        let anonymous = facts_of(&state, "/services", None).await;
        assert_eq!(anonymous.asked, Asked::Public);
        assert!(!anonymous.from_staff());
        let staff = facts_of(&state, "/services", Some(&cookie)).await;
        assert_eq!(
            staff.visitor.staff().map(|staff| staff.email.as_str()),
            Some("editor@nhs.net")
        );
        let forged = format!("{}=forged", app::staff::cookies::session(false));
        assert!(!facts_of(&state, "/services", Some(&forged))
            .await
            .from_staff());
        let bundle = facts_of(&state, "/pkg/lth.wasm", Some(&cookie)).await;
        assert_eq!(bundle.asked, Asked::Bundle);
        assert!(!bundle.from_staff(), "no session is looked up for a file");
        let staff_page = facts_of(&state, "/staff", Some(&cookie)).await;
        assert_eq!(staff_page.asked, Asked::Staff);
        assert!(staff_page.nonce.len() >= 16);
        assert_ne!(
            staff_page.nonce, staff.nonce,
            "a nonce of its own each time"
        );
    }
}
