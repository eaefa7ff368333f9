//! The headers every answer carries: the content security policy (with the
//! page's own nonce on HTML), the browser isolation and permission policies,
//! HSTS on an https site, and how long each kind of answer may be cached.

use app::request::{Asked, RequestFacts};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The policy for a page whose inline hydration script carries `nonce`:
/// scripts only from our origin or with the nonce, WASM compiled but no
/// `eval`, nothing inline otherwise, no plugins, no framing, no `<base>`, and
/// forms posting only to us (and `sign_in_origin`: the OpenID provider that
/// "Sign in with your NHS account" redirects to, which `form-action`
/// governs too; on every page, as a page reached by client-side navigation
/// keeps the policy of the page the browser loaded).
pub fn page_policy(nonce: &str, sign_in_origin: Option<&str>) -> String {
    let provider = sign_in_origin.map_or(String::new(), |origin| format!(" {origin}"));
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'{provider}"
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

/// What kind of answer a response is, for caching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheKind {
    /// Files whose names carry their content's hash: never change.
    HashedAsset,
    /// Other static files (icons): a day.
    StaticFile,
    /// The service worker: kept, but checked with the server before each
    /// use, so that a release's worker replaces the last at once.
    Revalidate,
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
            CacheKind::Revalidate => "no-cache",
            CacheKind::Public => "public, max-age=60",
            CacheKind::NoStore => "private, no-store",
        }
    }
}

/// The cache kind of an answer with `status` to a `method` request for
/// what `asked` names; `staff` when a member of staff is signed in,
/// `hashed_assets` when the build hashed its file names.
pub fn cache_kind(
    method: &Method,
    asked: Asked,
    staff: bool,
    status: StatusCode,
    hashed_assets: bool,
) -> CacheKind {
    let readable = method == Method::GET || method == Method::HEAD;
    if !readable || !status.is_success() {
        return CacheKind::NoStore;
    }
    match asked {
        Asked::Bundle if hashed_assets => CacheKind::HashedAsset,
        Asked::StaticFile => CacheKind::StaticFile,
        Asked::ServiceWorker => CacheKind::Revalidate,
        Asked::Public if !staff => CacheKind::Public,
        Asked::Bundle | Asked::Public | Asked::Staff | Asked::SignIn | Asked::Check => {
            CacheKind::NoStore
        }
    }
}

/// What the headers layer needs to know of the site.
#[derive(Debug, Clone)]
pub struct HeaderSettings {
    /// The site is served over https: answers carry HSTS.
    pub https: bool,
    /// The build's asset names carry hashes: they may be cached for a year.
    pub hashed_assets: bool,
    /// The OpenID provider's origin, when staff may sign in there.
    pub sign_in_origin: Option<String>,
}

fn set_if_missing(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Layer: the security and caching headers of every response, from the
/// request's facts.
pub async fn security_headers(
    State(settings): State<HeaderSettings>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let facts = RequestFacts::of(request.extensions());
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        if let Ok(policy) = HeaderValue::from_str(&page_policy(
            &facts.nonce,
            settings.sign_in_origin.as_deref(),
        )) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    let kind = if headers.contains_key(header::SET_COOKIE) {
        CacheKind::NoStore
    } else {
        cache_kind(
            &method,
            facts.asked,
            facts.from_staff(),
            status,
            settings.hashed_assets,
        )
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
