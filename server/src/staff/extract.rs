//! What a staff handler takes from its request before it runs: who is signed
//! in, with at least the role the action needs (and, for changes to
//! accounts, a code given lately); the client's address; and
//! the posted form. Each answers a request that does not qualify itself, so
//! no handler repeats those checks.

use super::FormRefused;
use crate::client_address;
use crate::state::AppState;
use app::paths;
use app::request::RequestFacts;
use app::staff::accounts::SignedIn;
use app::staff::api::server_side::users_page;
use app::staff::details::StaffPass;
use app::staff::limiter::address_key;
use app::staff::{EventFilter, FormPage, Role, StaffError, StaffMember};
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use std::marker::PhantomData;

/// A role an action needs.
pub trait RoleNeeded {
    const ROLE: Role;
}

/// Actions every member of staff may take: their own account and sessions.
pub struct Member;

impl RoleNeeded for Member {
    const ROLE: Role = Role::Staff;
}

/// Actions that keep the directory up to date.
pub struct Editor;

impl RoleNeeded for Editor {
    const ROLE: Role = Role::Editor;
}

/// Actions for admins only: staff accounts.
pub struct Admin;

impl RoleNeeded for Admin {
    const ROLE: Role = Role::Admin;
}

/// The member of staff signed in, whose role is at least `R`'s. Anyone else
/// is answered before the handler runs: sent to sign in (anonymous), or told
/// they may not, with 403 (a role below it).
pub struct AtLeast<R> {
    pub staff: StaffMember,
    /// Opens the staff-only details they see and edit.
    pub pass: StaffPass,
    role: PhantomData<fn() -> R>,
}

impl<R: RoleNeeded> FromRequestParts<AppState> for AtLeast<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = &RequestFacts::of(&parts.extensions).visitor;
        match (visitor.at_least(R::ROLE), visitor.signed_in()) {
            (Ok(staff), Some(signed_in)) => Ok(AtLeast {
                staff,
                pass: signed_in.pass(),
                role: PhantomData,
            }),
            (Ok(_), None) => Err(Redirect::to(paths::SIGN_IN).into_response()),
            (Err(StaffError::SignInRequired | StaffError::SecondStepRequired), _) => {
                Err(Redirect::to(paths::SIGN_IN).into_response())
            }
            (Err(error), _) => Err(FormRefused::Page(
                StatusCode::FORBIDDEN,
                FormPage::Refused(error),
            )
            .into_response()),
        }
    }
}

/// An admin who gave their password or a code within the last
/// `REAUTHENTICATE_AFTER_MINUTES`: what every change to accounts takes.
/// Other admins are answered with the accounts page asking for a code
/// (403), anyone else as [`AtLeast`] answers them.
pub struct ConfirmedAdmin(pub SignedIn);

impl FromRequestParts<AppState> for ConfirmedAdmin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        AtLeast::<Admin>::from_request_parts(parts, state).await?;
        let facts = RequestFacts::of(&parts.extensions);
        let Some(signed_in) = facts.visitor.signed_in() else {
            return Err(Redirect::to(paths::SIGN_IN).into_response());
        };
        if signed_in.recently_confirmed(state.accounts.now()) {
            return Ok(ConfirmedAdmin(signed_in.clone()));
        }
        let refusal = match users_page(&state.accounts, signed_in, EventFilter::default()).await {
            Ok(page) => FormRefused::Page(StatusCode::FORBIDDEN, FormPage::Users(Box::new(page))),
            Err(error) => FormRefused::failed(error),
        };
        Err(refusal.into_response())
    }
}

/// The key the sign-in limits count a request's client under (see
/// `client_address` and `TRUSTED_PROXIES`).
pub struct ClientKey(pub String);

impl FromRequestParts<AppState> for ClientKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = client_address::peer(&parts.extensions);
        let client = client_address::client_address(peer, &parts.headers, &state.trusted_proxies);
        Ok(ClientKey(address_key(client)))
    }
}

/// A posted form's fields, in order. A body that is not a form, too big or
/// too slow is answered 400, 413, 415 or 408 with a plain message.
pub struct PostedForm(pub Vec<(String, String)>);

impl PostedForm {
    /// The first value of the field `name`, or "" when it is missing.
    pub fn field(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every value of the field `name` (ticked boxes), in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for PostedForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map(|Form(fields)| PostedForm(fields))
            .map_err(|rejection| {
                tracing::warn!(%rejection, "form refused");
                let status = if arrived_too_slowly(&rejection) {
                    StatusCode::REQUEST_TIMEOUT
                } else {
                    rejection.status()
                };
                (status, "The form could not be read. Go back and try again.").into_response()
            })
    }
}

/// Whether a form could not be read because its body took too long to arrive
/// (see `limits::BODY_TIMEOUT`).
fn arrived_too_slowly(rejection: &FormRejection) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = error.source();
    }
    false
}
