//! The staff session's cookie, and the layer that sends anonymous visitors
//! of staff pages to sign in.

use app::paths;
use app::request::RequestFacts;
use app::staff::accounts::{is_token_shaped, Visitor, SESSION_LIMIT};
use app::storage::SessionStage;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use app::staff::cookies;

/// The session token in a request's cookie of the name the site uses
/// (`secure`: the `__Host-` one), if it has the shape of one.
pub(crate) fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    cookie(headers, cookies::session(secure)).filter(|token| is_token_shaped(token))
}

/// The value of the cookie `name` in a request, if it has one not empty.
pub(super) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, token)| token.to_string())
        .filter(|token| !token.is_empty())
}

/// The `Set-Cookie` value for a session token (`None`: clear the cookie).
/// It lasts as long as a session may ([`SESSION_LIMIT`]); the server ends
/// an idle session sooner.
pub(super) fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let name = cookies::session(secure);
    let secure = if secure { "; Secure" } else { "" };
    let (token, max_age) = match token {
        Some(token) => (token, SESSION_LIMIT.as_secs()),
        None => ("", 0),
    };
    let value =
        format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Where a visitor asking for a staff page is sent instead, if anywhere:
/// anonymous visitors to sign in; staff halfway through signing in to
/// their next step (a code, or setting up the app), which is all they may
/// do. Sign-in and invitation pages are open to all.
fn sent_elsewhere(path: &str, visitor: &Visitor) -> Option<&'static str> {
    let open_to_all =
        path == paths::SIGN_IN || path == paths::NHS_SIGN_IN_RETURN || paths::is_invitation(path);
    if !paths::is_staff(path) || open_to_all {
        return None;
    }
    let to = match visitor {
        Visitor::Staff(_) => return None,
        Visitor::Anonymous => paths::SIGN_IN,
        Visitor::Halfway {
            next: SessionStage::Code,
            ..
        } => paths::SIGN_IN_CODE,
        Visitor::Halfway { .. } => paths::AUTHENTICATOR,
    };
    (path != to).then_some(to)
}

/// Layer for staff pages: sends visitors who may not see one where they
/// should go ([`sent_elsewhere`]). (The pages' server functions check
/// roles again, for client-side navigation.)
pub async fn require_sign_in_for_pages(request: Request, next: Next) -> Response {
    if request.method() == Method::GET {
        let visitor = RequestFacts::of(request.extensions()).visitor;
        if let Some(to) = sent_elsewhere(request.uri().path(), &visitor) {
            return Redirect::to(to).into_response();
        }
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
        assert!(cookie.starts_with("__Host-lth_staff_session=abc;"));
        assert!(
            cookie.contains("Max-Age=43200"),
            "12 hours at most: {cookie}"
        );
        assert!(!cookie.contains("Domain"));
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        let plain = session_cookie(Some("abc"), false);
        let plain = plain.to_str().unwrap();
        assert!(plain.starts_with("lth_staff_session=abc;") && !plain.contains("Secure"));
    }

    #[test]
    fn token_is_read_from_among_cookies() {
        const TOK: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let h = headers(&[(
            "cookie",
            "a=1; lth_staff_session=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef; b=2",
        )]);
        assert_eq!(session_token(&h, false).as_deref(), Some(TOK));
        assert_eq!(session_token(&headers(&[("cookie", "a=1")]), false), None);
        // An https site reads only the `__Host-` cookie.
        assert_eq!(session_token(&h, true), None);
        let h = headers(&[(
            "cookie",
            "__Host-lth_staff_session=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        )]);
        assert_eq!(session_token(&h, true).as_deref(), Some(TOK));
        // A value no token could have is not read at all.
        let h = headers(&[("cookie", "lth_staff_session=forged")]);
        assert_eq!(session_token(&h, false), None);
    }
}
