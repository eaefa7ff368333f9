//! `GET /sw.js`: the service worker that keeps the directory on a device
//! for wards with no signal, registered only when someone asks for it (see
//! the navigation script's "Keep the directory on this device"). Served
//! `no-cache`, so that each release's worker replaces the last, with a
//! policy that lets it fetch from this site only.

use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The worker, with the release's name of its copy still to write in.
const WORKER: &str = include_str!("offline/service-worker.js");

/// The name of this release's copy: the browser's search module's file
/// name, which changes with every release; "dev" in a build without one.
pub fn release(finder: Option<&str>) -> String {
    finder
        .and_then(|path| path.rsplit('/').next())
        .map(|name| name.trim_end_matches(".js").to_string())
        .unwrap_or_else(|| "dev".to_string())
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    let script = WORKER.replace("__RELEASE__", &release(state.settings.finder.as_deref()));
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ],
        script,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_named_after_the_search_module() {
        assert_eq!(release(Some("/pkg/finder-0123abcd.js")), "finder-0123abcd");
        assert_eq!(release(None), "dev");
    }
}
