//! Bounds on the work requests can cause: how many are served at once (and
//! how many sign-ins, apart), how long one may take, how big its body may
//! be. Past a bound the answer is a quick 4xx or 503, never a queue
//! without end.

use app::request::{Asked, RequestFacts};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};
use tower_http::limit::RequestBodyLimitLayer;

/// Longest a request may take from its headers to its answer (503 after).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest a request body may take to arrive (408 after).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a client may take to send a request's headers before the
/// connection is closed (see `serve`).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest body of any request: the service form with every field full is
/// about 20 KB.
pub const FORM_BODY_BYTES: usize = 64 * 1024;
/// Largest sign-in body: an email and a password.
pub const SIGN_IN_BODY_BYTES: usize = 4 * 1024;
/// Sign-ins worked on at once (counting, the password hash, a session):
/// Argon2 takes 19 MiB and a core for a tenth of a second each.
const SIGN_INS_AT_ONCE: usize = 2;
/// Sign-ins that may wait for a turn; more are answered 503 at once.
const SIGN_INS_WAITING: usize = 32;
/// How long a sign-in may wait for its turn before it is answered 503.
pub const SIGN_IN_WAIT: Duration = Duration::from_secs(2);

/// Refuses bodies over `bytes` with 413 (at once when `Content-Length` says so).
pub fn body_limit(bytes: usize) -> RequestBodyLimitLayer {
    RequestBodyLimitLayer::new(bytes)
}

/// How much work the site takes on at once: request slots that every page
/// shares, and a budget of its own for sign-ins, so that a flood of them
/// never holds a slot a visitor's page needs.
pub struct Limits {
    request_slots: Arc<Semaphore>,
    sign_ins_working: Semaphore,
    sign_ins_waiting: Semaphore,
}

impl Limits {
    /// `requests` served at once (sign-ins apart).
    pub fn new(requests: usize) -> Self {
        Limits {
            request_slots: Arc::new(Semaphore::new(requests)),
            sign_ins_working: Semaphore::new(SIGN_INS_AT_ONCE),
            sign_ins_waiting: Semaphore::new(SIGN_INS_WAITING),
        }
    }

    /// A sign-in's turn to be worked on (counting, the password hash, a
    /// session), held while it is: a few at once, a few more waiting a
    /// short while, the rest refused at once. Only sign-ins wait here:
    /// pages never do, and a sign-in waits only once its form has arrived.
    pub async fn sign_in_turn(&self) -> Result<SemaphorePermit<'_>, TooManySignIns> {
        let waiting = self.sign_ins_waiting.try_acquire().map_err(|_| {
            tracing::warn!("sign-in refused: too many waiting");
            TooManySignIns
        })?;
        let turn = tokio::time::timeout(SIGN_IN_WAIT, self.sign_ins_working.acquire()).await;
        drop(waiting);
        match turn {
            Ok(Ok(turn)) => Ok(turn),
            _ => {
                tracing::warn!("sign-in refused: no turn in time");
                Err(TooManySignIns)
            }
        }
    }
}

/// A 503 with `Retry-After`, for work refused because too much is going on.
fn busy(message: &'static str, retry_after: &'static str) -> Response {
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(retry_after));
    response
}

/// Layer: serves a request if a slot is free; otherwise answers 503 with
/// `Retry-After` at once, so that overload sheds work instead of queueing it.
/// A sign-in takes no slot: [`Limits::sign_in_turn`] bounds it.
pub async fn shed_load(
    State(limits): State<Arc<Limits>>,
    request: Request,
    next: Next,
) -> Response {
    let sign_in = request
        .extensions()
        .get::<RequestFacts>()
        .is_some_and(|facts| facts.asked == Asked::SignIn);
    if sign_in {
        return next.run(request).await;
    }
    let Ok(_slot) = limits.request_slots.clone().try_acquire_owned() else {
        tracing::warn!(
            path = app::paths::for_logs(request.uri().path()),
            "busy: request refused"
        );
        metrics::counter!(crate::metrics::SHED).increment(1);
        return busy("The site is busy. Try again in a moment.", "1");
    };
    next.run(request).await
}

/// Too many sign-ins at once: answered 503 with `Retry-After`, for the
/// sign-in alone.
#[derive(Debug)]
pub struct TooManySignIns;

impl IntoResponse for TooManySignIns {
    fn into_response(self) -> Response {
        metrics::counter!(crate::metrics::SHED).increment(1);
        busy(
            "Too many people are signing in at once. Try again in a few seconds.",
            "5",
        )
    }
}
