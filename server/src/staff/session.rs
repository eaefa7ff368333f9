//! The staff session's cookie, and the layer that sends anonymous visitors
//! of staff pages to sign in.

use app::paths;
use app::request::RequestFacts;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "lth_staff_session";

/// The session token in a request's cookie, if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token.to_string())
        .filter(|token| !token.is_empty())
}

/// The `Set-Cookie` value for a session token (`None`: clear the cookie).
pub(super) fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = match token {
        Some(token) => format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            app::staff::accounts::SESSION_SECONDS
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Layer for staff pages: anonymous visitors are sent to sign in. (The pages'
/// server functions check roles again, for client-side navigation.)
pub async fn require_sign_in_for_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let staff_page = paths::is_staff(path);
    let anonymous = !RequestFacts::of(request.extensions()).from_staff();
    if request.method() == Method::GET && staff_page && path != paths::SIGN_IN && anonymous {
        return Redirect::to(paths::SIGN_IN).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::test_headers as headers;

    #[test]
    fn session_cookie_is_http_only_and_same_site() {
        let cookie = session_cookie(Some("abc"), true);
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("lth_staff_session=abc;"));
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(!session_cookie(Some("abc"), false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }

    #[test]
    fn token_is_read_from_among_cookies() {
        let h = headers(&[("cookie", "a=1; lth_staff_session=tok; b=2")]);
        assert_eq!(session_token(&h).as_deref(), Some("tok"));
        assert_eq!(session_token(&headers(&[("cookie", "a=1")])), None);
    }
}
