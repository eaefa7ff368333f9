//! Admins' posts: adding, disabling and enabling staff accounts.

use super::extract::{Admin, AtLeast, PostedForm};
use super::{problem, signed_in, unavailable, StaffState};
use app::paths;
use app::staff::accounts::{check_email, check_password};
use app::staff::{fields, FormReply, Role};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// `POST /staff/users`: an admin adds an account.
pub async fn add_account(
    State(state): State<StaffState>,
    AtLeast { staff, .. }: AtLeast<Admin>,
    form: PostedForm,
) -> Response {
    let typed_email = form.field(fields::ACCOUNT_EMAIL).to_string();
    let typed_role = form.field(fields::ROLE).to_string();
    let mut problems = Vec::new();
    let email = check_email(fields::ACCOUNT_EMAIL, &typed_email)
        .map_err(|p| problems.push(p))
        .ok();
    let role = Role::from_slug(&typed_role);
    if role.is_none() {
        problems.push(problem(fields::ROLE, "Select a role"));
    }
    if let Err(p) = check_password(fields::PASSWORD, form.field(fields::PASSWORD)) {
        problems.push(p);
    }
    let refuse = |problems| {
        let reply = FormReply::Users {
            email: typed_email.clone(),
            role: typed_role.clone(),
            problems,
            done: None,
        };
        state.page(
            paths::USERS,
            signed_in(&staff),
            Some(reply),
            StatusCode::BAD_REQUEST,
        )
    };
    let (Some(email), Some(role), true) = (email, role, problems.is_empty()) else {
        return refuse(problems).await;
    };
    match state
        .accounts
        .add(&email, form.field(fields::PASSWORD), role)
        .await
    {
        Ok(Ok(_)) => {
            tracing::info!(admin = %staff.email, account = %email, role = role.slug(), "account added");
            Redirect::to(paths::USERS).into_response()
        }
        Ok(Err(_)) => {
            refuse(vec![problem(
                fields::ACCOUNT_EMAIL,
                "An account with this email address already exists",
            )])
            .await
        }
        Err(error) => unavailable(error),
    }
}

/// `POST /staff/users/{id}/disable` (`DISABLED`) and `.../enable`.
pub async fn set_disabled<const DISABLED: bool>(
    State(state): State<StaffState>,
    Path(id): Path<i64>,
    AtLeast { staff, .. }: AtLeast<Admin>,
) -> Response {
    let disabled = DISABLED;
    if staff.id == id {
        let reply = FormReply::Users {
            email: String::new(),
            role: Role::Editor.slug().to_string(),
            problems: vec![problem(
                fields::ACCOUNT_EMAIL,
                "You cannot disable your own account: ask another admin",
            )],
            done: None,
        };
        return state
            .page(
                paths::USERS,
                signed_in(&staff),
                Some(reply),
                StatusCode::BAD_REQUEST,
            )
            .await;
    }
    match state.accounts.set_disabled(id, disabled).await {
        Ok(true) => {
            tracing::info!(admin = %staff.email, account = id, disabled, "account changed");
            Redirect::to(paths::USERS).into_response()
        }
        Ok(false) => {
            state
                .page(paths::USERS, signed_in(&staff), None, StatusCode::NOT_FOUND)
                .await
        }
        Err(error) => unavailable(error),
    }
}
