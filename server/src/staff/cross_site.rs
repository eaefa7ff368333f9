//! The cross-site check: a state-changing request must show that it comes
//! from this site's own pages.

use crate::state::AppState;
use app::staff::StaffError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a state-changing request may be from another site. Browsers
/// send `Sec-Fetch-Site` (which must be `same-origin`) or at least `Origin`
/// (which must be the site's own, `site_origin`); a request with neither
/// cannot show where it comes from and is refused too.
pub fn is_cross_site(headers: &HeaderMap, site_origin: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let fetch_site = header("sec-fetch-site");
    let origin = header("origin");
    if fetch_site.is_some_and(|site| site != "same-origin") {
        return true;
    }
    match origin {
        Some(origin) => !origin.eq_ignore_ascii_case(site_origin),
        None => fetch_site.is_none(),
    }
}

/// Layer: refuses state-changing requests (anything but GET, HEAD and
/// OPTIONS) that may come from other sites with 403, before any handler runs.
/// The site's origin is that of `SITE_URL`.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers(), &state.site_origin) {
        tracing::warn!(
            path = app::paths::for_logs(request.uri().path()),
            "cross-site request refused"
        );
        return (StatusCode::FORBIDDEN, StaffError::CrossSite.to_string()).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::test_headers as headers;

    #[test]
    fn cross_site_requests_are_recognised() {
        let site = "http://127.0.0.1:3000";
        let same = headers(&[("origin", "http://127.0.0.1:3000")]);
        assert!(!is_cross_site(&same, site));
        let fetch_same = headers(&[("origin", site), ("sec-fetch-site", "same-origin")]);
        assert!(!is_cross_site(&fetch_same, site));
        let other = headers(&[("origin", "https://evil.example")]);
        assert!(is_cross_site(&other, site));
        // Another port or scheme is another origin, whatever Host says.
        let port = headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:4000"),
        ]);
        assert!(is_cross_site(&port, site));
        for fetch_site in ["cross-site", "same-site", "none"] {
            let fetch = headers(&[("origin", site), ("sec-fetch-site", fetch_site)]);
            assert!(is_cross_site(&fetch, site), "{fetch_site}");
        }
        let opaque = headers(&[("origin", "null")]);
        assert!(is_cross_site(&opaque, site));
        // A request that says nothing of where it comes from is refused.
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000")]), site));
        // Sec-Fetch-Site alone is enough.
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            site
        ));
    }
}
