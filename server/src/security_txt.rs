//! `/.well-known/security.txt` (RFC 9116): where to report a security
//! problem, when `SECURITY_CONTACT` says; "Page not found" otherwise.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// How far ahead the file says it expires: RFC 9116 asks for under a year,
/// so that a stale file is not trusted.
const EXPIRES_AFTER_DAYS: i64 = 180;

/// `GET /.well-known/security.txt`.
pub async fn security_txt(State(state): State<AppState>) -> Response {
    let Some(settings) = &state.security_txt else {
        return (StatusCode::NOT_FOUND, "Page not found").into_response();
    };
    let expires = time::OffsetDateTime::from_unix_timestamp(state.accounts.now())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date()
        .saturating_add(time::Duration::days(EXPIRES_AFTER_DAYS));
    let mut text: String = settings
        .contact
        .iter()
        .map(|contact| format!("Contact: {contact}\n"))
        .collect();
    text.push_str(&format!("Expires: {expires}T00:00:00Z\n"));
    if let Some(policy) = &settings.policy {
        text.push_str(&format!("Policy: {policy}\n"));
    }
    text.push_str(&format!(
        "Canonical: {}{}\nPreferred-Languages: en\n",
        state.settings.site_url,
        app::paths::SECURITY_TXT
    ));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
