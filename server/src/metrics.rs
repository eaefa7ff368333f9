//! Metrics for the operations team, in Prometheus's text format, served by
//! [`serve`] on a listen address of their own (`METRICS_ADDR`), never on the
//! site's. The names of everything measured, and what each is, are the
//! constants below; `docs/grafana-dashboard.json` charts them. Until
//! [`install`] runs (no `METRICS_ADDR`), recording costs nothing.

use app::directory::live::Directory;
use app::storage::Connections;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};

/// Requests answered, by route pattern and status.
pub const REQUESTS: &str = "lth_http_requests_total";
/// How long requests took to answer (to their headers), by route pattern.
pub const REQUEST_SECONDS: &str = "lth_http_request_duration_seconds";
/// Requests being served now.
pub const IN_FLIGHT: &str = "lth_http_requests_in_flight";
/// Requests refused at once because too many were being served (sign-ins
/// turned away for too many at once among them).
pub const SHED: &str = "lth_http_requests_shed_total";
/// Public pages asked of the page cache, by `result`: `hit` or `miss`.
pub const CACHE_LOOKUPS: &str = "lth_page_cache_lookups_total";
/// Bytes the page cache holds (addresses and bodies), and its entries.
pub const CACHE_BYTES: &str = "lth_page_cache_bytes";
pub const CACHE_ENTRIES: &str = "lth_page_cache_entries";
/// The state of the directory held in memory: up by one with each reload.
pub const GENERATION: &str = "lth_directory_generation";
/// How long reloading the directory into memory took, and how often it
/// failed (recorded where it reloads).
pub use app::directory::live::{RELOAD_FAILURES, RELOAD_SECONDS};
/// Database connections, by `state`: `in_use` or `idle`.
pub const CONNECTIONS: &str = "lth_database_connections";
/// Staff account events (sign-in outcomes among them), by `event`.
pub const ACCOUNT_EVENTS: &str = "lth_account_events_total";

/// Latency buckets, in seconds: a cached page takes well under a
/// millisecond, a search a few, a sign-in's password hash tens.
const SECONDS_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Metrics could not be recorded.
#[derive(Debug, thiserror::Error)]
#[error("metrics: {0}")]
pub struct MetricsError(String);

/// Starts recording (once per process; later calls give the same handle).
pub fn install() -> Result<PrometheusHandle, MetricsError> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS_BUCKETS)
        .map_err(|error| MetricsError(error.to_string()))?
        .build_recorder();
    let handle = recorder.handle();
    metrics::set_global_recorder(recorder).map_err(|error| MetricsError(error.to_string()))?;
    describe();
    Ok(HANDLE.get_or_init(|| handle).clone())
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(REQUESTS, "Requests answered, by route pattern and status.");
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to answer a request, by route pattern."
    );
    describe_gauge!(IN_FLIGHT, "Requests being served now.");
    describe_counter!(SHED, "Requests refused at once: too many being served.");
    describe_counter!(
        CACHE_LOOKUPS,
        "Public pages asked of the page cache, by result."
    );
    describe_gauge!(CACHE_BYTES, Unit::Bytes, "Bytes the page cache holds.");
    describe_gauge!(CACHE_ENTRIES, "Answers the page cache holds.");
    describe_gauge!(GENERATION, "The directory's generation in memory.");
    describe_histogram!(
        RELOAD_SECONDS,
        Unit::Seconds,
        "Time to reload the directory into memory."
    );
    describe_counter!(RELOAD_FAILURES, "Reloads of the directory that failed.");
    describe_gauge!(CONNECTIONS, "Database connections, by state.");
    describe_counter!(ACCOUNT_EVENTS, "Staff account events, by kind.");
}

/// What the metrics address serves.
#[derive(Clone)]
struct Scrape {
    handle: PrometheusHandle,
    directory: Arc<Directory>,
}

/// The metrics router: `GET /metrics`, nothing else.
pub fn router(handle: PrometheusHandle, directory: Arc<Directory>) -> Router {
    Router::new()
        .route("/metrics", get(metrics_text))
        .with_state(Scrape { handle, directory })
}

/// `GET /metrics`: what is measured as it changes, and what is read now
/// (the directory's generation, database connections).
async fn metrics_text(State(scrape): State<Scrape>) -> Response {
    let Connections { open, idle } = scrape.directory.storage().connections();
    metrics::gauge!(CONNECTIONS, "state" => "in_use").set(f64::from(open.saturating_sub(idle)));
    metrics::gauge!(CONNECTIONS, "state" => "idle").set(f64::from(idle));
    let generation = u32::try_from(scrape.directory.generation()).unwrap_or(u32::MAX);
    metrics::gauge!(GENERATION).set(f64::from(generation));
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        scrape.handle.render(),
    )
        .into_response()
}

/// How often histograms are folded into their buckets between scrapes, so
/// that samples do not pile up when no one scrapes.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Serves the metrics on `listener` until the process ends, keeping the
/// recorder of `handle` tidy meanwhile.
pub async fn serve(listener: tokio::net::TcpListener, router: Router, handle: PrometheusHandle) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(UPKEEP_EVERY);
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    });
    if let Err(error) = axum::serve(listener, router).await {
        tracing::error!(%error, "the metrics listener stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every metric the Grafana dashboard charts is one the server records,
    /// and it charts each of them.
    #[test]
    fn the_dashboard_charts_the_metrics_the_server_records() {
        let dashboard = include_str!("../../docs/grafana-dashboard.json");
        let _: serde_json::Value = serde_json::from_str(dashboard).unwrap();
        let recorded = [
            REQUESTS,
            REQUEST_SECONDS,
            IN_FLIGHT,
            SHED,
            CACHE_LOOKUPS,
            CACHE_BYTES,
            CACHE_ENTRIES,
            GENERATION,
            RELOAD_SECONDS,
            RELOAD_FAILURES,
            CONNECTIONS,
            ACCOUNT_EVENTS,
        ];
        let charted: std::collections::BTreeSet<&str> = dashboard
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| word.starts_with("lth_"))
            .map(|name| {
                ["_bucket", "_count", "_sum"]
                    .iter()
                    .find_map(|suffix| name.strip_suffix(suffix))
                    .unwrap_or(name)
            })
            .collect();
        for name in &charted {
            assert!(
                recorded.contains(name),
                "the dashboard charts {name}, which nothing records"
            );
        }
        for name in recorded {
            assert!(
                charted.contains(name),
                "the dashboard does not chart {name}"
            );
        }
    }
}
