//! The error a page can meet while loading its content: each variant maps to an
//! HTTP status and a message that is safe to show to anyone.

use leptos::server_fn::error::ServerFnErrorErr;
use serde::{Deserialize, Serialize};

/// Why a page could not show its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PageError {
    /// The address names nothing we have (for example an unknown centre).
    #[error("page not found")]
    NotFound,
    /// The request could not be read (a malformed `/api/...` call).
    #[error("the request could not be read")]
    BadRequest,
    /// Something failed on our side or on the way; details stay in the server log.
    #[error("service unavailable")]
    Unavailable,
}

/// Something the server provides every render is missing from its context
/// (see `context`): a fault of ours, logged there, which each domain's error
/// answers as "unavailable".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingContext;

/// An error served with an HTTP status of its own.
pub trait HttpStatus {
    /// The HTTP status this error is served with.
    fn status(&self) -> u16;
}

impl HttpStatus for PageError {
    fn status(&self) -> u16 {
        match self {
            PageError::BadRequest => 400,
            PageError::NotFound => 404,
            PageError::Unavailable => 503,
        }
    }
}

/// Answers the server's response with `error`'s status, the only way the
/// app sets one (so each status comes from its domain's one mapping);
/// nothing in the browser.
pub fn set_response_status(error: &impl HttpStatus) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let code = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// A server function's result with its error's status on the response:
/// without it, every error reaches `/api/...` callers as a 500.
pub fn with_status<T, E: HttpStatus>(result: Result<T, E>) -> Result<T, E> {
    if let Err(error) = &result {
        set_response_status(error);
    }
    result
}

/// Logs a server function that failed before or after its body, and tells
/// whether the caller is to blame: sent arguments it cannot read (a repeated,
/// missing or malformed parameter; answered 400, logged at warn) rather than
/// a failure of ours on the way (logged as an error).
pub fn answer_transport_failure(error: &ServerFnErrorErr) -> bool {
    let bad = matches!(
        error,
        ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_)
    );
    #[cfg(feature = "ssr")]
    if bad {
        tracing::warn!(%error, "malformed server function call");
        set_response_status(&PageError::BadRequest);
    } else {
        tracing::error!(%error, "server function failed");
    }
    bad
}

/// Implements `FromServerFnError` for a domain error with `BadRequest` and
/// `Unavailable` variants: a malformed call is the caller's 400, anything
/// else on the way (transport, encoding) is our 503 with no detail shown.
/// On the server, something missing from the request context is
/// `Unavailable` too.
#[macro_export]
macro_rules! server_fn_error {
    ($error:ty) => {
        impl From<$crate::error::MissingContext> for $error {
            fn from(_: $crate::error::MissingContext) -> Self {
                <$error>::Unavailable
            }
        }

        impl leptos::server_fn::error::FromServerFnError for $error {
            type Encoder = leptos::server_fn::codec::JsonEncoding;

            fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
                if $crate::error::answer_transport_failure(&value) {
                    <$error>::BadRequest
                } else {
                    <$error>::Unavailable
                }
            }
        }
    };
}

server_fn_error!(PageError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_http_meaning() {
        assert_eq!(PageError::NotFound.status(), 404);
        assert_eq!(PageError::Unavailable.status(), 503);
    }

    #[test]
    fn malformed_calls_are_bad_requests() {
        use leptos::server_fn::error::FromServerFnError;
        for error in [
            ServerFnErrorErr::Args("duplicate field `slug`".into()),
            ServerFnErrorErr::MissingArg("slug".into()),
        ] {
            assert_eq!(
                PageError::from_server_fn_error(error),
                PageError::BadRequest
            );
        }
        assert_eq!(PageError::BadRequest.status(), 400);
    }

    #[test]
    fn transport_failures_become_unavailable_without_detail() {
        use leptos::server_fn::error::FromServerFnError;
        let err = PageError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "database password wrong at 10.0.0.1".into(),
        ));
        assert_eq!(err, PageError::Unavailable);
        assert!(!err.to_string().contains("password"));
    }
}
