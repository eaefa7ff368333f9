//! The error a page can meet while loading its content: each variant maps to an
//! HTTP status and a message that is safe to show to anyone.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a page could not show its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PageError {
    /// The address names nothing we have (for example an unknown centre).
    #[error("page not found")]
    NotFound,
    /// Something failed on our side or on the way; details stay in the server log.
    #[error("service unavailable")]
    Unavailable,
}

/// An error served with an HTTP status of its own.
pub trait HttpStatus {
    /// The HTTP status this error is served with.
    fn status(&self) -> u16;
}

impl HttpStatus for PageError {
    fn status(&self) -> u16 {
        match self {
            PageError::NotFound => 404,
            PageError::Unavailable => 503,
        }
    }
}

/// Sets the HTTP status of the server's response; nothing in the browser.
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let code =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// A server function's result with its error's status on the response:
/// without it, every error reaches `/api/...` callers as a 500.
pub fn with_status<T, E: HttpStatus>(result: Result<T, E>) -> Result<T, E> {
    if let Err(error) = &result {
        set_response_status(error.status());
    }
    result
}

impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // Transport and decoding failures: the detail is not for the visitor.
        #[cfg(feature = "ssr")]
        tracing::error!(error = %value, "server function failed");
        #[cfg(not(feature = "ssr"))]
        let _ = value;
        PageError::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_http_meaning() {
        assert_eq!(PageError::NotFound.status(), 404);
        assert_eq!(PageError::Unavailable.status(), 503);
    }

    #[test]
    fn transport_failures_become_unavailable_without_detail() {
        let err = PageError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "database password wrong at 10.0.0.1".into(),
        ));
        assert_eq!(err, PageError::Unavailable);
        assert!(!err.to_string().contains("password"));
    }
}
