//! Rendered answers to visitors, kept: a GET of a public page or export by
//! someone not signed in (what `http_policy::cache_kind` calls `Public`) is rendered once and then served from memory, until the
//! directory changes (its generation moves on), a minute passes on the
//! site's clock (pages say whether services are open now: a minute, as
//! `Cache-Control` allows browsers too), or the entry is pushed out by
//! newer ones. Each answer still gets its own nonce: the one it was rendered
//! with is replaced by the current response's. Staff requests, errors and
//! answers that set a cookie are never kept.

use crate::access_log::RoutePattern;
use crate::http_policy::{cache_kind, CacheKind};
use app::directory::live::Directory;
use app::paths;
use app::request::RequestFacts;
use app::storage::Clock;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

/// Different addresses (path and query) kept at most.
const ENTRIES: NonZeroUsize = match NonZeroUsize::new(2_000) {
    Some(entries) => entries,
    None => NonZeroUsize::MIN,
};
/// The most bytes of answers kept in all: anyone can ask for many different
/// addresses, so the least recently used go first past this.
const KEPT_BYTES: usize = 32 * 1024 * 1024;
/// The largest answer kept (a full export of a big directory is not).
const MAX_KEPT_BYTES: usize = 512 * 1024;
/// The longest address kept (longer ones are rendered each time).
const MAX_KEY_BYTES: usize = 2 * 1024;
/// Seconds an answer is kept at most.
const KEPT_SECONDS: i64 = 60;
/// Says whether an answer came from the cache (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-cache");

/// The rendered answers, by address.
pub struct RenderedCache {
    directory: Arc<Directory>,
    /// The site's clock, which answers are kept by.
    clock: Clock,
    kept: Mutex<Kept>,
}

/// The answers, least recently used first out, and their size in all.
struct Kept {
    entries: LruCache<String, Arc<Rendered>>,
    bytes: usize,
    /// The most bytes kept.
    budget: usize,
}

impl Kept {
    fn new(budget: usize) -> Self {
        Kept {
            entries: LruCache::new(ENTRIES),
            bytes: 0,
            budget,
        }
    }

    /// Keeps an answer, dropping the least recently used past the budget
    /// (each counts its address and its body).
    fn put(&mut self, key: String, rendered: Rendered) {
        self.bytes += key.len() + rendered.body.len();
        if let Some((key, replaced)) = self.entries.push(key, Arc::new(rendered)) {
            self.bytes -= key.len() + replaced.body.len();
        }
        while self.bytes > self.budget {
            match self.entries.pop_lru() {
                Some((key, dropped)) => self.bytes -= key.len() + dropped.body.len(),
                None => break,
            }
        }
        let (bytes, entries) = (self.bytes, self.entries.len());
        let gauge = |count: usize| f64::from(u32::try_from(count).unwrap_or(u32::MAX));
        metrics::gauge!(crate::metrics::CACHE_BYTES).set(gauge(bytes));
        metrics::gauge!(crate::metrics::CACHE_ENTRIES).set(gauge(entries));
    }
}

/// The address (path and query) a public page is kept under and rendered
/// from: its path and only the parameters it reads
/// ([`paths::query_parameters`]), in their fixed order, each parameter's
/// values in the order they were sent. `None` when the query is not
/// well-formed UTF-8: such a request is rendered as it came and not kept.
fn kept_address(uri: &Uri) -> Option<String> {
    let path = uri.path();
    let Some(sent) = uri.query() else {
        return Some(path.to_string());
    };
    if path.starts_with(paths::SERVER_FUNCTIONS) {
        return Some(format!("{path}?{sent}"));
    }
    let pairs = sent
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((form_decoded(name)?, form_decoded(value)?))
        })
        .collect::<Option<Vec<_>>>()?;
    let mut query = form_urlencoded::Serializer::new(String::new());
    for known in paths::query_parameters(path) {
        for (_, value) in pairs.iter().filter(|(name, _)| name == known) {
            query.append_pair(known, value);
        }
    }
    let query = query.finish();
    Some(if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    })
}

/// `text` as a form encodes it (`+` a space), if it decodes to UTF-8.
fn form_decoded(text: &str) -> Option<String> {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// One kept answer.
struct Rendered {
    /// The directory's generation it was made from.
    generation: u64,
    /// When it was made (unix seconds, the site's clock).
    made_at: i64,
    headers: HeaderMap,
    /// The route that rendered it, for the log.
    route: Option<RoutePattern>,
    body: Bytes,
    /// The body cut where its nonce was: a kept page is sent as these parts
    /// with each response's own nonce between them, so that no answer is
    /// copied or searched again. One part when there is no nonce.
    parts: Vec<Bytes>,
}

/// `body` cut at every `nonce` in it.
fn cut_at(body: &Bytes, nonce: Option<&str>) -> Vec<Bytes> {
    let Some(nonce) = nonce.filter(|n| !n.is_empty()) else {
        return vec![body.clone()];
    };
    let finder = memchr::memmem::Finder::new(nonce.as_bytes());
    let mut parts = Vec::new();
    let mut start = 0;
    for found in finder.find_iter(body) {
        parts.push(body.slice(start..found));
        start = found + nonce.len();
    }
    parts.push(body.slice(start..));
    parts
}

impl RenderedCache {
    pub fn new(directory: Arc<Directory>, clock: Clock) -> Self {
        RenderedCache {
            directory,
            clock,
            kept: Mutex::new(Kept::new(KEPT_BYTES)),
        }
    }

    fn fresh(&self, key: &str, generation: u64) -> Option<Arc<Rendered>> {
        let mut kept = self.kept.lock().ok()?;
        let rendered = kept.entries.get(key)?.clone();
        let young = self.clock.now().saturating_sub(rendered.made_at) < KEPT_SECONDS;
        (rendered.generation == generation && young).then_some(rendered)
    }

    fn keep(&self, key: String, rendered: Rendered) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.put(key, rendered);
        }
    }
}

impl Rendered {
    /// The kept answer, its nonce replaced by `nonce`.
    fn answer(&self, nonce: Option<Arc<str>>) -> Response {
        let body = match (self.parts.as_slice(), nonce) {
            ([_, _, ..], Some(nonce)) => {
                let nonce = Bytes::from(nonce.as_bytes().to_vec());
                let mut parts = Vec::with_capacity(self.parts.len() * 2 - 1);
                for (i, part) in self.parts.iter().enumerate() {
                    if i > 0 {
                        parts.push(nonce.clone());
                    }
                    parts.push(part.clone());
                }
                Body::new(Parts::new(parts))
            }
            _ => Body::from(self.body.clone()),
        };
        let mut response = Response::new(body);
        *response.headers_mut() = self.headers.clone();
        if let Some(route) = &self.route {
            response.extensions_mut().insert(route.clone());
        }
        mark(&mut response, "hit");
        response
    }
}

/// A body sent as the parts it is made of, its length known up front (so
/// it goes with a `Content-Length`, as the whole body would).
struct Parts {
    parts: std::collections::VecDeque<Bytes>,
    remaining: usize,
}

impl Parts {
    fn new(parts: Vec<Bytes>) -> Self {
        let remaining = parts.iter().map(Bytes::len).sum();
        Parts {
            parts: parts.into(),
            remaining,
        }
    }
}

impl http_body::Body for Parts {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let part = self.parts.pop_front();
        if let Some(part) = &part {
            self.remaining -= part.len();
        }
        std::task::Poll::Ready(part.map(|part| Ok(http_body::Frame::data(part))))
    }

    fn is_end_stream(&self) -> bool {
        self.parts.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(u64::try_from(self.remaining).unwrap_or(u64::MAX))
    }
}

fn mark(response: &mut Response, how: &'static str) {
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static(how));
}

/// Whether an answer may be kept: a success that sets no cookie.
fn keepable(status: StatusCode, headers: &HeaderMap) -> bool {
    status == StatusCode::OK && !headers.contains_key(header::SET_COOKIE)
}

/// Layer: answers from the cache when it can, and keeps what it renders.
/// A HEAD is answered from the same entry as a GET (and renders one when
/// there is none: the server sends no body with it).
pub async fn serve_rendered(
    State(cache): State<Arc<RenderedCache>>,
    mut request: Request,
    next: Next,
) -> Response {
    let facts = RequestFacts::of(request.extensions());
    let public = cache_kind(
        &Method::GET,
        facts.asked,
        facts.from_staff(),
        StatusCode::OK,
        false,
    );
    let readable = matches!(*request.method(), Method::GET | Method::HEAD);
    if !readable || public != CacheKind::Public {
        return next.run(request).await;
    }
    let Some(key) = kept_address(request.uri()).filter(|key| key.len() <= MAX_KEY_BYTES) else {
        return next.run(request).await;
    };
    match key.parse() {
        Ok(uri) => *request.uri_mut() = uri,
        Err(_) => return next.run(request).await,
    }
    let head = request.method() == Method::HEAD;
    *request.method_mut() = Method::GET;
    let response = kept_or_rendered(&cache, key, facts.nonce, request, next).await;
    if head {
        let (mut parts, _) = response.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        Response::from_parts(parts, Body::empty())
    } else {
        response
    }
}

/// The answer kept under `key` if it is fresh, else the one `next` renders
/// (kept if it may be).
async fn kept_or_rendered(
    cache: &RenderedCache,
    key: String,
    nonce: Arc<str>,
    request: Request,
    next: Next,
) -> Response {
    let generation = cache.directory.generation();
    let nonce = Some(nonce);
    if let Some(kept) = cache.fresh(&key, generation) {
        metrics::counter!(crate::metrics::CACHE_LOOKUPS, "result" => "hit").increment(1);
        return kept.answer(nonce);
    }
    metrics::counter!(crate::metrics::CACHE_LOOKUPS, "result" => "miss").increment(1);
    let (parts, body) = next.run(request).await.into_parts();
    if !keepable(parts.status, &parts.headers) {
        return Response::from_parts(parts, body);
    }
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "rendering an answer failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if body.len() <= MAX_KEPT_BYTES {
        let page = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        cache.keep(
            key,
            Rendered {
                generation,
                made_at: cache.clock.now(),
                headers: parts.headers.clone(),
                route: parts.extensions.get::<RoutePattern>().cloned(),
                parts: cut_at(&body, nonce.as_deref().filter(|_| page)),
                body: body.clone(),
            },
        );
    }
    let mut response = Response::from_parts(parts, Body::from(body));
    mark(&mut response, "miss");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(size: usize) -> Rendered {
        Rendered {
            generation: 0,
            made_at: 0,
            headers: HeaderMap::new(),
            route: None,
            body: Bytes::from(vec![b'x'; size]),
            parts: Vec::new(),
        }
    }

    #[test]
    fn the_least_recently_used_go_first_past_the_budget() {
        // Each entry costs its address (2 bytes) and its body.
        let mut kept = Kept::new(14);
        kept.put("/a".into(), rendered(4));
        kept.put("/b".into(), rendered(4));
        assert!(
            kept.entries.get("/a").is_some(),
            "/a used: /b is now the oldest"
        );
        kept.put("/c".into(), rendered(4));
        assert_eq!(kept.bytes, 12);
        assert!(kept.entries.contains("/a") && kept.entries.contains("/c"));
        assert!(!kept.entries.contains("/b"));
        kept.put("/a".into(), rendered(2));
        assert_eq!(kept.bytes, 10, "a replaced answer no longer counts");
        kept.put("/huge".into(), rendered(11));
        assert_eq!((kept.bytes, kept.entries.len()), (0, 0));
        // Addresses count: many empty answers under long ones fill it.
        let mut kept = Kept::new(1_000);
        for i in 0..100 {
            kept.put(format!("/services?q={i:0>100}"), rendered(0));
        }
        assert!(kept.bytes <= 1_000 && kept.entries.len() < 10);
    }

    fn address(uri: &str) -> Option<String> {
        kept_address(&uri.parse().unwrap())
    }

    #[test]
    fn a_page_is_kept_under_its_path_and_known_parameters_in_their_order() {
        assert_eq!(
            address("/services?page=2&x=1&q=heart&site=lgi").as_deref(),
            Some("/services?q=heart&site=lgi&page=2")
        );
        assert_eq!(address("/?utm_source=mail").as_deref(), Some("/"));
        assert_eq!(
            address("/partnerships?kind=b&kind=a&q=x").as_deref(),
            Some("/partnerships?kind=b&kind=a"),
            "a parameter's values keep their order"
        );
        assert_eq!(
            address("/services?q=a%20b").as_deref(),
            address("/services?q=a+b").as_deref()
        );
        assert_eq!(address("/services?q=%FF"), None, "not UTF-8: not kept");
        assert_eq!(
            address("/api/search_directory?b=1&a=2").as_deref(),
            Some("/api/search_directory?b=1&a=2"),
            "a server function's query is its own"
        );
    }

    /// Every order of every mix of known and unknown parameters gives one
    /// address, which gives itself again.
    #[test]
    fn every_order_of_the_same_parameters_is_one_address() {
        let known = [
            ("q", "chest x-ray"),
            ("group", "adult"),
            ("site", "lgi"),
            ("page", "2"),
        ];
        let unknown = [
            ("utm_source", "a&b"),
            ("x", "<script>"),
            ("Q", "caps"),
            ("", "empty"),
        ];
        let mut seed = 7_u64;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap() % below
        };
        for _ in 0..500 {
            let mut pairs: Vec<_> = known.iter().filter(|_| next(2) == 0).collect();
            let expected = {
                let mut query = form_urlencoded::Serializer::new(String::new());
                for (name, value) in &pairs {
                    query.append_pair(name, value);
                }
                let query = query.finish();
                if query.is_empty() {
                    "/services".to_string()
                } else {
                    format!("/services?{query}")
                }
            };
            pairs.extend(unknown.iter().filter(|_| next(2) == 0));
            for i in (1..pairs.len()).rev() {
                pairs.swap(i, next(i + 1));
            }
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (name, value) in &pairs {
                query.append_pair(name, value);
            }
            let sent = format!("/services?{}", query.finish());
            let kept = address(&sent).unwrap();
            assert_eq!(kept, expected, "{sent}");
            assert_eq!(address(&kept).unwrap(), kept);
        }
    }

    #[tokio::test]
    async fn a_kept_page_is_sent_whole_with_the_new_nonce_in_every_place() {
        let body =
            Bytes::from_static(b"<script nonce=\"old\">a</script><style nonce=\"old\"></style>");
        let mut kept = rendered(0);
        kept.parts = cut_at(&body, Some("old"));
        kept.body = body;
        assert_eq!(kept.parts.len(), 3);
        let answer = kept.answer(Some("fresh".into()));
        let sent = axum::body::to_bytes(answer.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(
            &sent[..],
            b"<script nonce=\"fresh\">a</script><style nonce=\"fresh\"></style>"
        );
        assert_eq!(cut_at(&Bytes::from_static(b"plain"), None).len(), 1);
    }
}
