//! Rendered answers to visitors, kept: a GET of a public page or export by
//! someone with no staff cookie (what `http_policy::cache_kind` calls
//! `Public`) is rendered once and then served from memory, until the
//! directory changes (its generation moves on) or the entry is pushed out by
//! newer ones. Each answer still gets its own nonce: the one it was rendered
//! with is replaced by the current response's. Staff requests, errors and
//! answers that set a cookie are never kept.

use crate::http_policy::{cache_kind, current_nonce, CacheKind};
use app::directory::live::Directory;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
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
/// Says whether an answer came from the cache (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-cache");

/// The rendered answers, by address.
pub struct RenderedCache {
    directory: Arc<Directory>,
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

    /// Keeps an answer, dropping the least recently used past the budget.
    fn put(&mut self, key: String, rendered: Rendered) {
        self.bytes += rendered.body.len();
        if let Some((_, replaced)) = self.entries.push(key, Arc::new(rendered)) {
            self.bytes -= replaced.body.len();
        }
        while self.bytes > self.budget {
            match self.entries.pop_lru() {
                Some((_, dropped)) => self.bytes -= dropped.body.len(),
                None => break,
            }
        }
    }
}

/// One kept answer.
struct Rendered {
    /// The directory's generation it was made from.
    generation: u64,
    headers: HeaderMap,
    body: Bytes,
    /// The nonce it was rendered with, if it is a page.
    nonce: Option<Arc<str>>,
}

impl RenderedCache {
    pub fn new(directory: Arc<Directory>) -> Self {
        RenderedCache {
            directory,
            kept: Mutex::new(Kept::new(KEPT_BYTES)),
        }
    }

    fn fresh(&self, key: &str, generation: u64) -> Option<Arc<Rendered>> {
        let mut kept = self.kept.lock().ok()?;
        let rendered = kept.entries.get(key)?.clone();
        (rendered.generation == generation).then_some(rendered)
    }

    fn keep(&self, key: String, rendered: Rendered) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.put(key, rendered);
        }
    }
}

impl Rendered {
    /// The kept answer, its nonce replaced by `nonce`.
    fn answer(&self, nonce: Option<&str>) -> Response {
        let body = match (&self.nonce, nonce, std::str::from_utf8(&self.body)) {
            (Some(old), Some(new), Ok(text)) => Body::from(text.replace(&**old, new)),
            _ => Body::from(self.body.clone()),
        };
        let mut response = Response::new(body);
        *response.headers_mut() = self.headers.clone();
        mark(&mut response, "hit");
        response
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
pub async fn serve_rendered(
    State(cache): State<Arc<RenderedCache>>,
    request: Request,
    next: Next,
) -> Response {
    let staff_cookie = crate::staff::session_token(request.headers()).is_some();
    let path = request.uri().path();
    let public = cache_kind(&Method::GET, path, StatusCode::OK, staff_cookie, false);
    if request.method() != Method::GET || public != CacheKind::Public {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    let generation = cache.directory.generation();
    let nonce = current_nonce();
    if let Some(kept) = cache.fresh(&key, generation) {
        return kept.answer(nonce.as_deref());
    }
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
                headers: parts.headers.clone(),
                body: body.clone(),
                nonce: nonce.filter(|_| page),
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
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; size]),
            nonce: None,
        }
    }

    #[test]
    fn the_least_recently_used_go_first_past_the_budget() {
        let mut kept = Kept::new(10);
        kept.put("/a".into(), rendered(4));
        kept.put("/b".into(), rendered(4));
        assert!(
            kept.entries.get("/a").is_some(),
            "/a used: /b is now the oldest"
        );
        kept.put("/c".into(), rendered(4));
        assert_eq!(kept.bytes, 8);
        assert!(kept.entries.contains("/a") && kept.entries.contains("/c"));
        assert!(!kept.entries.contains("/b"));
        kept.put("/a".into(), rendered(2));
        assert_eq!(kept.bytes, 6, "a replaced answer no longer counts");
        kept.put("/huge".into(), rendered(11));
        assert_eq!((kept.bytes, kept.entries.len()), (0, 0));
    }
}
