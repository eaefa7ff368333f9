//! Staff sign-in and the form posts that change the directory.
//!
//! Two layers run for every page and form: [`refuse_cross_site`] (a
//! state-changing request must show it comes from this site's own pages)
//! and [`require_sign_in_for_pages`]. (Who is asking is one of the
//! request's facts: `request_facts`.) Every form handler takes who is
//! signed in as [`AtLeast<Editor>`] or [`AtLeast<Admin>`], which answers
//! anyone else before the handler runs, and the posted fields as
//! [`PostedForm`]; it returns a [`FormRefused`] when it does not act, which
//! [`render_form_page`] renders as the form's page with what was typed
//! and what to correct, with a 4xx status.

mod accounts;
mod cross_site;
mod extract;
mod nhs_sign_in;
mod own_account;
mod reports;
mod second_step;
mod services;
mod session;
mod sign_in;

pub use accounts::{change_role, invite, set_disabled};
pub use cross_site::{is_cross_site, refuse_cross_site};
pub use extract::{Admin, AtLeast, Editor, Member, PostedForm, RoleNeeded};
pub use nhs_sign_in::{finish_nhs_sign_in, start_nhs_sign_in};
pub use own_account::{accept_invitation, change_password, end_own_session};
pub use reports::{close_report, report_problem};
pub use second_step::{confirm, enter_code, set_up_app};
pub use services::{create_service, edit_service, mark_reviewed, set_archived, set_owners};
pub use session::require_sign_in_for_pages;
pub(crate) use session::session_token;
pub use sign_in::{sign_in, sign_out, sign_out_everywhere};

use crate::limits::TooManySignIns;
use crate::state::AppState;
use app::directory::FieldProblem;
use app::pages::staff::form_page;
use app::request::RequestFacts;
use app::shell_with;
use app::staff::{FormPage, StaffError};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Why a staff form post was not carried out: the error value every form
/// handler returns. It answers with the form's page again (what was typed,
/// what to correct), or why it was refused, with its status; or, for a
/// failure of ours, a plain apology (logged in full where it happened).
#[derive(Debug)]
pub enum FormRefused {
    Page(StatusCode, FormPage),
    /// Too many sign-ins at once (503, `Retry-After`).
    Busy(TooManySignIns),
    Unavailable,
}

impl FormRefused {
    /// A failure of ours: logged in full here.
    fn failed(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "staff request failed");
        FormRefused::Unavailable
    }
}

/// The page a refused form is answered with, on its way out to
/// [`render_form_page`].
#[derive(Clone)]
struct PageToRender(FormPage);

/// A response with `page` on it, which [`render_form_page`] renders: a
/// page cannot be rendered while a response is made (rendering waits on
/// Leptos), so the response carries it there.
pub(crate) fn page_response(status: StatusCode, page: FormPage) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(PageToRender(page));
    response
}

impl IntoResponse for FormRefused {
    fn into_response(self) -> Response {
        match self {
            FormRefused::Page(status, page) => page_response(status, page),
            FormRefused::Busy(busy) => busy.into_response(),
            FormRefused::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                StaffError::Unavailable.to_string(),
            )
                .into_response(),
        }
    }
}

/// Layer round the form routes: renders the page a response carries
/// ([`page_response`]), as the request's own page (its facts: who asks,
/// its nonce), keeping the response's status and any cookie it sets.
pub async fn render_form_page(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut page_request = Request::new(Body::empty());
    *page_request.method_mut() = Method::GET;
    *page_request.uri_mut() = request.uri().clone();
    page_request
        .extensions_mut()
        .insert(RequestFacts::of(request.extensions()));
    let mut response = next.run(request).await;
    let Some(PageToRender(page)) = response.extensions_mut().remove::<PageToRender>() else {
        return response;
    };
    let status = response.status();
    let cookies: Vec<_> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    let render = leptos_axum::render_app_async_with_context(
        {
            let state = state.clone();
            move || state.provide_page_context()
        },
        {
            let options = state.options.clone();
            move || shell_with(options.clone(), form_page(page.clone()))
        },
    );
    let mut response = render(page_request).await;
    *response.status_mut() = status;
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// A message for one field of a form.
fn problem(field: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_string(),
        message: message.to_string(),
    }
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
