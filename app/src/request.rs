//! The facts of one request, worked out once by the server's first layer
//! after its limits and kept in the request's extensions: what it asks for,
//! who asks, and the nonce of its page's scripts. Layers, handlers, server
//! functions and pages read them from there, never from the request again.

use crate::paths;
use crate::staff::accounts::Visitor;
use std::sync::Arc;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// A public page, export or server function.
    Public,
    /// A staff page, form or server function (the sign-in page included).
    Staff,
    /// A sign-in (its form posted): work of its own, with a budget of its own.
    SignIn,
    /// The build's WASM, JS and CSS.
    Bundle,
    /// Another file that is the same for everyone (icons, images).
    StaticFile,
    /// `/healthz` or `/readyz`.
    Check,
    /// The service worker script: checked with the server on every use.
    ServiceWorker,
}

impl Asked {
    /// What a `method` request for `path` asks for.
    pub fn of(method: &http::Method, path: &str) -> Asked {
        if path == paths::SIGN_IN && method == http::Method::POST {
            Asked::SignIn
        } else if path.starts_with(paths::BUNDLE) {
            Asked::Bundle
        } else if path.starts_with(paths::ASSETS) || path == paths::FAVICON {
            Asked::StaticFile
        } else if path == paths::HEALTH || path == paths::READY {
            Asked::Check
        } else if path == paths::SERVICE_WORKER {
            Asked::ServiceWorker
        } else if paths::is_staff(path) || path.starts_with(paths::STAFF_API) {
            Asked::Staff
        } else {
            Asked::Public
        }
    }

    /// Whether the answer depends on who asks (a session is looked up).
    pub fn differs_by_visitor(self) -> bool {
        matches!(self, Asked::Public | Asked::Staff)
    }
}

/// The facts of one request.
#[derive(Debug, Clone)]
pub struct RequestFacts {
    pub asked: Asked,
    /// Who asks: a member of staff only when the cookie names a valid session.
    pub visitor: Visitor,
    /// The nonce this response's content security policy allows, which the
    /// page's scripts carry.
    pub nonce: Arc<str>,
}

impl RequestFacts {
    /// The facts in a request's extensions. Every request the site serves
    /// has them; one without (made by hand) is anonymous and public.
    pub fn of(extensions: &http::Extensions) -> RequestFacts {
        extensions
            .get::<RequestFacts>()
            .cloned()
            .unwrap_or_else(|| RequestFacts {
                asked: Asked::Public,
                visitor: Visitor::Anonymous,
                nonce: Arc::from(""),
            })
    }

    /// Whether a member of staff is signed in.
    pub fn from_staff(&self) -> bool {
        self.visitor.staff().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_asks_for_one_thing() {
        let get = http::Method::GET;
        assert_eq!(
            Asked::of(&http::Method::POST, "/staff/sign-in"),
            Asked::SignIn
        );
        assert_eq!(Asked::of(&http::Method::POST, "/staff"), Asked::Staff);
        for (path, asked) in [
            ("/", Asked::Public),
            ("/services", Asked::Public),
            ("/services.csv", Asked::Public),
            ("/api/services", Asked::Public),
            ("/staffing", Asked::Public),
            ("/pkgs", Asked::Public),
            ("/favicon.svg/x", Asked::Public),
            ("/staff", Asked::Staff),
            ("/staff/sign-in", Asked::Staff),
            ("/staff/services/cardiology/edit", Asked::Staff),
            ("/api/staff-home", Asked::Staff),
            ("/pkg/lth.wasm", Asked::Bundle),
            ("/assets/images/logo.svg", Asked::StaticFile),
            ("/favicon.svg", Asked::StaticFile),
            ("/healthz", Asked::Check),
            ("/readyz", Asked::Check),
        ] {
            assert_eq!(Asked::of(&get, path), asked, "{path}");
        }
    }
}
