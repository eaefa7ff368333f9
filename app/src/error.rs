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

impl PageError {
    /// The HTTP status this error is served with.
    pub fn status(&self) -> u16 {
        match self {
            PageError::NotFound => 404,
            PageError::Unavailable => 503,
        }
    }
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
