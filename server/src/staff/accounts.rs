//! Admins' posts: adding, disabling and enabling staff accounts.

use super::extract::{Admin, AtLeast, PostedForm};
use super::{problem, FormRefused};
use crate::state::AppState;
use app::directory::FieldProblem;
use app::paths;
use app::staff::accounts::{check_email, check_new_password};
use app::staff::{fields, RefusedForm, Role, StaffError, StaffMember, UsersPage};
use app::storage::AccountChange;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Redirect;

/// The accounts page again, with the add-account form as typed and what to
/// correct.
async fn refuse(
    state: &AppState,
    staff: &StaffMember,
    (email, role): (String, String),
    problems: Vec<FieldProblem>,
) -> FormRefused {
    match state.accounts.list().await {
        Ok(accounts) => {
            let page = UsersPage {
                new_email: email,
                new_role: role,
                problems,
                ..UsersPage::new(staff.clone(), accounts)
            };
            FormRefused::Page(StatusCode::BAD_REQUEST, RefusedForm::Users(page))
        }
        Err(error) => FormRefused::failed(error),
    }
}

/// `POST /staff/users`: an admin adds an account.
pub async fn add_account(
    State(state): State<AppState>,
    AtLeast { staff, .. }: AtLeast<Admin>,
    form: PostedForm,
) -> Result<Redirect, FormRefused> {
    let typed = (
        form.field(fields::ACCOUNT_EMAIL).to_string(),
        form.field(fields::ROLE).to_string(),
    );
    let mut problems = Vec::new();
    let email = check_email(fields::ACCOUNT_EMAIL, &typed.0)
        .map_err(|p| problems.push(p))
        .ok();
    let role = Role::from_slug(&typed.1);
    if role.is_none() {
        problems.push(problem(fields::ROLE, "Select a role"));
    }
    if let Err(p) = check_new_password(fields::PASSWORD, form.field(fields::PASSWORD)) {
        problems.push(p);
    }
    let (Some(email), Some(role), true) = (email, role, problems.is_empty()) else {
        return Err(refuse(&state, &staff, typed, problems).await);
    };
    match state
        .accounts
        .add(&email, form.field(fields::PASSWORD), role)
        .await
    {
        Ok(Ok(_)) => {
            tracing::info!(admin = %staff.email, account = %email, role = role.slug(), "account added");
            Ok(Redirect::to(paths::USERS))
        }
        Ok(Err(_)) => {
            let problems = vec![problem(
                fields::ACCOUNT_EMAIL,
                "An account with this email address already exists",
            )];
            Err(refuse(&state, &staff, typed, problems).await)
        }
        Err(error) => Err(FormRefused::failed(error)),
    }
}

/// `POST /staff/users/{id}/disable` (`DISABLED`) and `.../enable`.
pub async fn set_disabled<const DISABLED: bool>(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AtLeast { staff, .. }: AtLeast<Admin>,
) -> Result<Redirect, FormRefused> {
    let disabled = DISABLED;
    if staff.id == id {
        let problems = vec![problem(
            fields::ACCOUNT_EMAIL,
            "You cannot disable your own account: ask another admin",
        )];
        let typed = (String::new(), Role::Editor.slug().to_string());
        return Err(refuse(&state, &staff, typed, problems).await);
    }
    match state.accounts.set_disabled(id, disabled).await {
        Ok(AccountChange::Done) => {
            tracing::info!(admin = %staff.email, account = id, disabled, "account changed");
            Ok(Redirect::to(paths::USERS))
        }
        Ok(AccountChange::NoSuchAccount) => Err(FormRefused::Page(
            StatusCode::NOT_FOUND,
            RefusedForm::Refused(StaffError::NotFound),
        )),
        Ok(AccountChange::LastAdmin) => {
            let problems = vec![problem(
                fields::ACCOUNT_EMAIL,
                "This is the last active admin: make another admin before you disable it",
            )];
            let typed = (String::new(), Role::Editor.slug().to_string());
            Err(refuse(&state, &staff, typed, problems).await)
        }
        Err(error) => Err(FormRefused::failed(error)),
    }
}
