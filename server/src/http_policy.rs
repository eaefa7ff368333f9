//! The headers every answer carries: the content security policy (with the
//! page's own nonce on HTML), the browser isolation and permission policies,
//! HSTS on an https site, and how long each kind of answer may be cached.

use app::paths;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use leptos::prelude::provide_context;
use std::sync::Arc;

/// The policy for a page whose inline hydration script carries `nonce`:
/// scripts only from our origin or with the nonce, WASM compiled but no
/// `eval`, nothing inline otherwise, no plugins, no framing, no `<base>`, and
/// forms posting only to us.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// The policy for anything that is not a page (JSON, CSV, files, messages):
/// nothing in it may load or run anything.
const NOT_A_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Powerful browser features no page of ours uses.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
     interest-cohort=(), browsing-topics=()";

/// Two years, subdomains included (the NHS.UK and GOV.UK setting).
const HSTS: &str = "max-age=63072000; includeSubDomains";

tokio::task_local! {
    /// The nonce of the response being made, set by [`security_headers`] for
    /// the whole of the request's handling.
    static PAGE_NONCE: Arc<str>;
}

/// Called while a page renders (the request's Leptos context): the page's
/// scripts get the nonce that [`security_headers`] put in this response's
/// policy. (Leptos makes a nonce of its own per render, but setting the
/// policy from inside the render lost the header now and then when several
/// pages rendered at once, so the layer owns the nonce and the header.)
pub fn provide_page_nonce() {
    if let Ok(nonce) = PAGE_NONCE.try_with(Arc::clone) {
        provide_context(Nonce::from_value(nonce));
    }
}

/// The nonce of the response being made, if any.
pub fn current_nonce() -> Option<Arc<str>> {
    PAGE_NONCE.try_with(Arc::clone).ok()
}

/// What kind of answer a response is, for caching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheKind {
    /// Files whose names carry their content's hash: never change.
    HashedAsset,
    /// Other static files (icons): a day.
    StaticFile,
    /// Public pages, exports and their data, for a visitor with no staff
    /// cookie: a short while, in any cache.
    Public,
    /// Anything for a signed-in member of staff, any change, error or check.
    NoStore,
}

impl CacheKind {
    /// The `Cache-Control` value for this kind.
    pub fn header(self) -> &'static str {
        match self {
            CacheKind::HashedAsset => "public, max-age=31536000, immutable",
            CacheKind::StaticFile => "public, max-age=86400",
            CacheKind::Public => "public, max-age=60",
            CacheKind::NoStore => "private, no-store",
        }
    }
}

/// The cache kind of an answer to `method path` with `status`; `staff_cookie`
/// when the request carried the staff session cookie, `hashed_assets` when
/// the build hashed its file names.
pub fn cache_kind(
    method: &Method,
    path: &str,
    status: StatusCode,
    staff_cookie: bool,
    hashed_assets: bool,
) -> CacheKind {
    let readable = method == Method::GET || method == Method::HEAD;
    if !readable || !status.is_success() {
        return CacheKind::NoStore;
    }
    if path.starts_with("/pkg/") {
        return if hashed_assets {
            CacheKind::HashedAsset
        } else {
            CacheKind::NoStore
        };
    }
    if crate::staff::is_static_file(path) {
        return CacheKind::StaticFile;
    }
    let staff_only = paths::is_staff(path) || path.starts_with("/api/staff");
    let checks = path == "/healthz" || path == "/readyz";
    if staff_cookie || staff_only || checks {
        CacheKind::NoStore
    } else {
        CacheKind::Public
    }
}

/// What the headers layer needs to know about the site.
#[derive(Debug, Clone, Copy)]
pub struct HeaderSettings {
    /// The site is served over https: send HSTS.
    pub https: bool,
    /// The build's asset names carry hashes: cache them for a year.
    pub hashed_assets: bool,
}

fn set_if_missing(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Layer: the security and caching headers of every response.
pub async fn security_headers(
    State(settings): State<HeaderSettings>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let staff_cookie = crate::staff::session_token(request.headers()).is_some();
    let nonce: Arc<str> = Nonce::new().to_string().into();
    let mut response = PAGE_NONCE.scope(nonce.clone(), next.run(request)).await;
    let status = response.status();
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        if let Ok(policy) = HeaderValue::from_str(&page_policy(&nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    let kind = if headers.contains_key(header::SET_COOKIE) {
        CacheKind::NoStore
    } else {
        cache_kind(&method, &path, status, staff_cookie, settings.hashed_assets)
    };
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(kind.header()),
    );
    if kind != CacheKind::HashedAsset && kind != CacheKind::StaticFile {
        // One answer for visitors, another for each member of staff.
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Encoding"),
        );
    }
    set_if_missing(headers, header::CONTENT_SECURITY_POLICY, NOT_A_PAGE_POLICY);
    set_if_missing(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_if_missing(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    set_if_missing(headers, header::X_FRAME_OPTIONS, "DENY");
    set_if_missing(
        headers,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set_if_missing(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set_if_missing(
        headers,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    if settings.https {
        set_if_missing(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

#[cfg(test)]
mod tests;
