//! Bounds on the work one request can cause: how many are served at once,
//! how long one may take, how big its body may be. Past a bound the answer is
//! a quick 4xx or 503, never a queue without end.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;
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
/// How long a client refused for load is asked to wait, in seconds.
const RETRY_AFTER_SECONDS: &str = "1";

/// Refuses bodies over `bytes` with 413 (at once when `Content-Length` says so).
pub fn body_limit(bytes: usize) -> RequestBodyLimitLayer {
    RequestBodyLimitLayer::new(bytes)
}

/// Layer: serves a request if a slot is free; otherwise answers 503 with
/// `Retry-After` at once, so that overload sheds work instead of queueing it.
pub async fn shed_load(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Ok(_slot) = state.request_slots.clone().try_acquire_owned() else {
        tracing::warn!(path = %request.uri().path(), "busy: request refused");
        let mut response = (
            StatusCode::SERVICE_UNAVAILABLE,
            "The site is busy. Try again in a moment.",
        )
            .into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
        return response;
    };
    next.run(request).await
}
