//! Staff sign-in and the form posts that change the directory.
//!
//! Two layers run for every request: [`session`] (who is asking, from the
//! cookie) and [`refuse_cross_site`] (a state-changing request must show it
//! comes from this site's own pages). Every form handler takes who is signed
//! in as [`AtLeast<Editor>`] or [`AtLeast<Admin>`], which answers anyone else
//! before the handler runs, and the posted fields as [`PostedForm`]. A refused
//! form is answered with its page rendered again (the same Leptos page, given
//! the typed values and messages), with a 4xx status.

mod accounts;
mod cross_site;
mod extract;
mod services;
mod session;
mod sign_in;

pub use accounts::{add_account, set_disabled};
pub use cross_site::{is_cross_site, origin_of, refuse_cross_site};
pub use extract::{Admin, AtLeast, Editor, PostedForm, RoleNeeded};
pub use services::{create_service, edit_service, set_archived};
pub(crate) use session::{is_static_file, session_token};
pub use session::{require_sign_in_for_pages, session, SESSION_COOKIE};
pub use sign_in::{sign_in, sign_out};

use crate::client_address;
use app::directory::live::Directory;
use app::directory::FieldProblem;
use app::model::SiteContent;
use app::shell;
use app::staff::accounts::{Accounts, SignedIn};
use app::staff::limiter::SignInLimiter;
use app::staff::{FormReply, StaffError, StaffMember};
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use std::sync::Arc;

/// What the staff handlers share, behind one `Arc`: axum clones a handler's
/// state for every request (and this layer sees every request).
#[derive(Clone)]
pub struct StaffState(Arc<StaffContext>);

impl StaffState {
    pub fn new(context: StaffContext) -> Self {
        StaffState(Arc::new(context))
    }
}

impl std::ops::Deref for StaffState {
    type Target = StaffContext;
    fn deref(&self) -> &StaffContext {
        &self.0
    }
}

/// What [`StaffState`] holds.
pub struct StaffContext {
    pub directory: Arc<Directory>,
    pub content: Arc<SiteContent>,
    pub accounts: Accounts,
    pub limiter: Arc<SignInLimiter>,
    /// Proxies whose `X-Forwarded-For` names the client (for the limits).
    pub trusted_proxies: client_address::TrustedProxies,
    pub cookie_secure: bool,
    pub options: LeptosOptions,
    /// Provides what every page needs (content, directory, settings).
    pub page_context: Arc<dyn Fn() + Send + Sync>,
}

impl StaffContext {
    /// The Leptos page at `path`, rendered for `signed_in` with a refused
    /// form's reply, served with `status`.
    pub(crate) async fn page(
        &self,
        path: &str,
        signed_in: SignedIn,
        reply: Option<FormReply>,
        status: StatusCode,
    ) -> Response {
        let page_context = self.page_context.clone();
        let options = self.options.clone();
        let render = leptos_axum::render_app_async_with_context(
            move || {
                page_context();
                if let Some(reply) = reply.clone() {
                    provide_context(reply);
                }
            },
            move || shell(options.clone()),
        );
        let mut request = Request::new(Body::empty());
        *request.uri_mut() = path.parse().unwrap_or_default();
        request.extensions_mut().insert(signed_in);
        let mut response = render(request).await;
        *response.status_mut() = status;
        response
    }
}

/// A server failure: logged in full, answered with a plain apology (503).
fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "staff request failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        StaffError::Unavailable.to_string(),
    )
        .into_response()
}

/// A message for one field of a form.
fn problem(field: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// The page's view of a member of staff who is signed in.
fn signed_in(staff: &StaffMember) -> SignedIn {
    SignedIn(Some(staff.clone()))
}

/// Request headers from name and value pairs, for the layers' tests.
#[cfg(test)]
fn test_headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, http::HeaderValue::from_static(value));
    }
    headers
}
