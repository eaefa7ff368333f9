//! The access log. Every request has an id: the one a trusted proxy sent in
//! `X-Request-Id`, or one of ours. It is returned on the answer, and it is a
//! field of the request's tracing span, with the method, the route pattern,
//! the status and the latency, so that every line logged while the request
//! is served carries it, and the span ends with one "answered" line.
//! `LOG_FORMAT=json` writes each line as one JSON object.

use crate::client_address::peer;
use app::request::{Asked, RequestFacts};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// The header a request's id comes in (from a trusted proxy) and goes back in.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The log target of the "answered" lines alone (`RUST_LOG=info,access=off`
/// leaves them out, and the request's span and id on every other line).
pub const ACCESS_TARGET: &str = "access";

/// The longest id taken from a proxy.
const MOST_ID_BYTES: usize = 128;

/// How log lines are written (`LOG_FORMAT`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text for people.
    #[default]
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

/// The server's log: to `writer`, in `format` (text in colour if
/// `colour`), at the levels `RUST_LOG` sets (`info` when it is not set).
pub fn subscriber<W>(
    format: LogFormat,
    writer: W,
    colour: bool,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour && format == LogFormat::Text)
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(
            builder
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        ),
    }
}

/// The route pattern that answered (`/services/{slug}`), put in the
/// response's extensions by [`remember_route`], kept with a kept page.
#[derive(Debug, Clone)]
pub struct RoutePattern(pub Arc<str>);

/// Route layer: puts the pattern the router matched in the response, and
/// in the request's span at once, for every line logged while it is served.
pub async fn remember_route(request: Request, next: Next) -> Response {
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| RoutePattern(matched.as_str().into()));
    if let Some(pattern) = &pattern {
        tracing::Span::current().record("route", &*pattern.0);
    }
    let mut response = next.run(request).await;
    if let Some(pattern) = pattern {
        response.extensions_mut().insert(pattern);
    }
    response
}

/// What a request's route is called in the log and the metrics: the pattern
/// the router matched, else a name for what it asked for, never the path
/// itself (a visitor can make as many paths as they like).
pub fn route_label(response: &Response, asked: Asked) -> Arc<str> {
    static UNMATCHED: LazyLock<Arc<str>> = LazyLock::new(|| "unmatched".into());
    static BUNDLE: LazyLock<Arc<str>> = LazyLock::new(|| "/pkg/{file}".into());
    static FILES: LazyLock<Arc<str>> = LazyLock::new(|| "/assets/{file}".into());
    static STAFF: LazyLock<Arc<str>> = LazyLock::new(|| "/staff/...".into());
    match (response.extensions().get::<RoutePattern>(), asked) {
        (Some(pattern), _) => pattern.0.clone(),
        (None, Asked::Bundle) => BUNDLE.clone(),
        (None, Asked::StaticFile) => FILES.clone(),
        // Answered before a route was matched: refused, or sent to sign in.
        (None, Asked::Staff | Asked::SignIn) => STAFF.clone(),
        (None, _) => UNMATCHED.clone(),
    }
}

/// Makes request ids: a random prefix for this process, and a count.
#[derive(Debug)]
pub struct RequestIds {
    prefix: String,
    count: AtomicU64,
    /// Proxies whose `X-Request-Id` is taken.
    trusted: Vec<IpAddr>,
}

impl RequestIds {
    pub fn new(trusted: Vec<IpAddr>) -> Self {
        let token = app::staff::accounts::new_token();
        RequestIds {
            prefix: token[..16].to_string(),
            count: AtomicU64::new(0),
            trusted,
        }
    }

    /// The id of `request`: its proxy's, if the connection is from a
    /// trusted proxy and the id is short and plain, else a new one.
    fn of(&self, request: &Request) -> HeaderValue {
        let from_proxy = self
            .trusted
            .contains(&peer(request.extensions()))
            .then(|| request.headers().get(REQUEST_ID))
            .flatten()
            .filter(|id| is_plain_id(id.as_bytes()));
        match from_proxy {
            Some(id) => id.clone(),
            None => {
                let count = self.count.fetch_add(1, Ordering::Relaxed);
                HeaderValue::try_from(format!("{}-{count:x}", self.prefix))
                    .unwrap_or(HeaderValue::from_static("unnamed"))
            }
        }
    }
}

/// One request counted in flight while this lives (however its future ends:
/// answered, dropped when the client hangs up, or unwound by a panic).
struct InFlight(metrics::Gauge);

impl InFlight {
    fn new() -> Self {
        let gauge = metrics::gauge!(crate::metrics::IN_FLIGHT);
        gauge.increment(1.0);
        InFlight(gauge)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Letters, digits and `-_.:/+=` only: safe in a header and in a log line.
fn is_plain_id(id: &[u8]) -> bool {
    (1..=MOST_ID_BYTES).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=".contains(b))
}

/// Layer (outermost but for the request's facts): the request's id, its
/// span, the id on the answer and the "answered" line.
pub async fn log_request(
    State(ids): State<Arc<RequestIds>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = ids.of(&request);
    let asked = RequestFacts::of(request.extensions()).asked;
    let in_flight = InFlight::new();
    let span = tracing::info_span!(
        "request",
        id = id.to_str().unwrap_or_default(),
        method = %request.method(),
        route = Empty,
        status = Empty,
        latency_ms = Empty,
    );
    let mut response = next.run(request).instrument(span.clone()).await;
    drop(in_flight);
    let route = route_label(&response, asked);
    let latency = started.elapsed();
    let status = response.status().as_u16();
    metrics::counter!(crate::metrics::REQUESTS, "route" => route.to_string(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(crate::metrics::REQUEST_SECONDS, "route" => route.to_string())
        .record(latency.as_secs_f64());
    span.record("route", &*route);
    span.record("status", status);
    span.record("latency_ms", latency.as_secs_f64() * 1_000.0);
    tracing::info!(target: ACCESS_TARGET, parent: &span, "answered");
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_taken_from_a_proxy() {
        assert!(is_plain_id(b"5f1c0e7a-22b1-4c1e-9f35-9a8d3b2c1d00"));
        assert!(is_plain_id(b"Root=1-67891233-abcdef012345678912345678"));
        for refused in [
            &b""[..],
            b"has space",
            b"new\nline",
            b"<script>",
            b"quote\"",
            &[b'a'; MOST_ID_BYTES + 1],
        ] {
            assert!(!is_plain_id(refused), "{refused:?}");
        }
    }
}
