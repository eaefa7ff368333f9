//! A member of staff's own account: accepting an invitation (choosing a
//! password), changing their password, and ending one of their sessions.

use super::extract::{AtLeast, ClientKey, Member, PostedForm};
use super::second_step::{in_turn, Checked};
use super::sign_in::{device, going_to, note_failure};
use super::{problem, FormRefused};
use crate::state::AppState;
use app::directory::FieldProblem;
use app::paths;
use app::request::RequestFacts;
use app::staff::accounts::{check_new_password, CodeCheck, SignedIn, MAX_PASSWORD_CHARS};
use app::staff::api::server_side::account_page;
use app::staff::{fields, EventKind, FormPage, InvitationPage, StaffError};
use app::storage::{Proof, SessionStage};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// `POST /staff/invitation/{token}`: the invited member of staff chooses a
/// password. The invitation is used up and the account made at once; a
/// session starts whose next step is setting up the authenticator app.
pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let unusable = || {
        FormRefused::Page(
            StatusCode::NOT_FOUND,
            FormPage::Refused(StaffError::InvitationUnusable),
        )
    };
    let invitation = state
        .accounts
        .invitation(&token)
        .await
        .map_err(FormRefused::failed)?
        .ok_or_else(unusable)?;
    let password = form.field(fields::NEW_PASSWORD);
    if let Err(problem) = check_new_password(fields::NEW_PASSWORD, password, &invitation.email) {
        let page = InvitationPage {
            email: invitation.email,
            token,
            problems: vec![problem],
        };
        return Err(FormRefused::Page(
            StatusCode::BAD_REQUEST,
            FormPage::Invitation(page),
        ));
    }
    // Counted like a password, and given back when it is right.
    let accepted = in_turn(
        &state,
        &address,
        &invitation.email,
        state.accounts.accept_invitation(&token, password),
    )
    .await?;
    let member = match accepted {
        Checked::Limited => {
            let page = InvitationPage {
                email: invitation.email,
                token,
                problems: vec![problem(
                    fields::NEW_PASSWORD,
                    &StaffError::TooManyAttempts.to_string(),
                )],
            };
            return Err(FormRefused::Page(
                StatusCode::TOO_MANY_REQUESTS,
                FormPage::Invitation(page),
            ));
        }
        Checked::Done(member) => member.ok_or_else(unusable)?,
    };
    state
        .limiter
        .password_right(&address)
        .await
        .map_err(FormRefused::failed)?;
    state
        .accounts
        .record(
            EventKind::Joined,
            Some(&member.email),
            None,
            Some(&address),
            "",
        )
        .await
        .map_err(FormRefused::failed)?;
    let session = state
        .accounts
        .start_session(
            member.id,
            SessionStage::Enrol,
            &device(&headers),
            Proof::Ours,
        )
        .await
        .map_err(FormRefused::failed)?;
    Ok(going_to(
        paths::AUTHENTICATOR,
        Some(&session),
        state.cookie_secure,
    ))
}

/// The account page again, with what to correct.
async fn refuse(
    state: &AppState,
    signed_in: &SignedIn,
    status: StatusCode,
    problems: Vec<FieldProblem>,
) -> FormRefused {
    match account_page(&state.accounts, signed_in, problems, None).await {
        Ok(page) => FormRefused::Page(status, FormPage::Account(Box::new(page))),
        Err(error) => FormRefused::failed(error),
    }
}

/// The signed-in member of staff and their session (an [`AtLeast`] has
/// made sure there is one).
fn signed_in(facts: &RequestFacts) -> Result<SignedIn, FormRefused> {
    facts.visitor.signed_in().cloned().ok_or(FormRefused::Page(
        StatusCode::UNAUTHORIZED,
        FormPage::Refused(StaffError::SignInRequired),
    ))
}

/// `POST /staff/account/password`: the current password and a code, then
/// the new password. Every other session of theirs ends.
pub async fn change_password(
    State(state): State<AppState>,
    _: AtLeast<Member>,
    Extension(facts): Extension<RequestFacts>,
    ClientKey(address): ClientKey,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let signed_in = signed_in(&facts)?;
    let member = &signed_in.member;
    let (current, new, code) = (
        form.field(fields::CURRENT_PASSWORD),
        form.field(fields::NEW_PASSWORD),
        form.field(fields::CODE),
    );
    let mut problems = Vec::new();
    if current.is_empty() {
        problems.push(problem(
            fields::CURRENT_PASSWORD,
            "Enter your current password",
        ));
    }
    if let Err(problem) = check_new_password(fields::NEW_PASSWORD, new, &member.email) {
        problems.push(problem);
    }
    if code.trim().is_empty() {
        problems.push(problem(
            fields::CODE,
            "Enter the code from your authenticator app",
        ));
    }
    if !problems.is_empty() || current.chars().count() > MAX_PASSWORD_CHARS {
        if problems.is_empty() {
            problems.push(problem(
                fields::CURRENT_PASSWORD,
                "Enter your current password correctly",
            ));
        }
        return Err(refuse(&state, &signed_in, StatusCode::BAD_REQUEST, problems).await);
    }
    // The password's and the code's checks, and the new password's hash,
    // in one sign-in turn.
    let checked = in_turn(&state, &address, &member.email, async {
        let password_right = state
            .accounts
            .authenticate(&member.email, current)
            .await?
            .is_some();
        if !password_right || state.accounts.check_code(member, code).await? == CodeCheck::Wrong {
            return Ok(false);
        }
        state.accounts.set_password(member.id, new).await?;
        Ok(true)
    })
    .await?;
    match checked {
        Checked::Limited => {
            let message = StaffError::TooManyAttempts.to_string();
            let problems = vec![problem(fields::CURRENT_PASSWORD, &message)];
            return Err(refuse(&state, &signed_in, StatusCode::TOO_MANY_REQUESTS, problems).await);
        }
        Checked::Done(false) => {
            let why = "Wrong password or code when changing password";
            note_failure(&state, &address, &member.email, why).await;
            let problems = vec![problem(
                fields::CURRENT_PASSWORD,
                "Enter your current password and a correct code",
            )];
            return Err(refuse(&state, &signed_in, StatusCode::BAD_REQUEST, problems).await);
        }
        Checked::Done(true) => {}
    }
    state
        .limiter
        .succeeded(&address, &member.email)
        .await
        .map_err(FormRefused::failed)?;
    let this_session = super::session_token(&headers, state.cookie_secure);
    state
        .accounts
        .end_sessions_of(member.id, this_session.as_deref())
        .await
        .map_err(FormRefused::failed)?;
    if let Some(token) = &this_session {
        state
            .accounts
            .confirm(token, SessionStage::Full)
            .await
            .map_err(FormRefused::failed)?;
    }
    state
        .accounts
        .record(
            EventKind::PasswordChanged,
            Some(&member.email),
            None,
            Some(&address),
            "",
        )
        .await
        .map_err(FormRefused::failed)?;
    let page = account_page(
        &state.accounts,
        &signed_in,
        Vec::new(),
        Some(
            "Your password has been changed. You have been signed out on your other devices."
                .to_string(),
        ),
    )
    .await
    .map_err(FormRefused::failed)?;
    Ok(super::page_response(
        StatusCode::OK,
        FormPage::Account(Box::new(page)),
    ))
}

/// `POST /staff/account/sessions/{handle}/end`: ends one of their own
/// sessions (another device).
pub async fn end_own_session(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    AtLeast { staff, .. }: AtLeast<Member>,
) -> Result<Response, FormRefused> {
    let ended = state
        .accounts
        .end_session_by_handle(staff.id, &handle)
        .await
        .map_err(FormRefused::failed)?;
    if !ended {
        return Err(FormRefused::Page(
            StatusCode::NOT_FOUND,
            FormPage::Refused(StaffError::NotFound),
        ));
    }
    Ok(Redirect::to(paths::ACCOUNT).into_response())
}
