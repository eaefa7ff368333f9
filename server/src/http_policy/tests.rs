//! Unit tests of `http_policy`.

use super::*;

#[test]
fn page_policy_allows_only_our_scripts_and_the_nonce() {
    let policy = page_policy("abc123", None);
    assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(policy.contains(directive), "{directive}");
    }
    assert!(!policy.contains("unsafe-inline"));
    assert!(!policy.contains("'unsafe-eval'"));
}

#[test]
fn cache_kinds_by_answer() {
    let ok = StatusCode::OK;
    let get = Method::GET;
    let kind = |method: &Method, path: &str, status, staff, hashed| {
        cache_kind(method, Asked::of(method, path), staff, status, hashed)
    };
    assert_eq!(
        kind(&get, "/pkg/lth.abc.wasm", ok, false, true),
        CacheKind::HashedAsset
    );
    assert_eq!(
        kind(&get, "/pkg/lth.wasm", ok, false, false),
        CacheKind::NoStore
    );
    assert_eq!(
        kind(&get, "/favicon.svg", ok, false, true),
        CacheKind::StaticFile
    );
    assert_eq!(kind(&get, "/services", ok, false, true), CacheKind::Public);
    assert_eq!(
        kind(&get, "/services.csv", ok, false, true),
        CacheKind::Public
    );
    assert_eq!(kind(&get, "/services", ok, true, true), CacheKind::NoStore);
    assert_eq!(
        kind(&get, "/staff/sign-in", ok, false, true),
        CacheKind::NoStore
    );
    assert_eq!(
        kind(&get, "/api/staff-home", ok, false, true),
        CacheKind::NoStore
    );
    assert_eq!(kind(&get, "/readyz", ok, false, true), CacheKind::NoStore);
    assert_eq!(
        kind(&get, "/nowhere", StatusCode::NOT_FOUND, false, true),
        CacheKind::NoStore
    );
    assert_eq!(
        kind(&Method::POST, "/services", ok, false, true),
        CacheKind::NoStore
    );
}
