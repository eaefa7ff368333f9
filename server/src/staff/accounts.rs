//! Admins' posts: inviting members of staff, changing roles, disabling and
//! enabling accounts. Each takes an admin who gave a code lately
//! ([`ConfirmedAdmin`]) and goes in the account audit.

use super::extract::{ConfirmedAdmin, PostedForm};
use super::{page_response, problem, FormRefused};
use crate::state::AppState;
use app::directory::FieldProblem;
use app::paths;
use app::staff::accounts::{check_email, SignedIn};
use app::staff::api::server_side::users_page;
use app::staff::{
    fields, AccountRow, EventFilter, EventKind, FormPage, InvitationMade, Role, StaffError,
};
use app::storage::AccountChange;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// The accounts page again, with the invitation form as typed and what to
/// correct.
async fn refuse(
    state: &AppState,
    admin: &SignedIn,
    (email, role): (String, String),
    problems: Vec<FieldProblem>,
) -> FormRefused {
    match users_page(&state.accounts, admin, EventFilter::default()).await {
        Ok(page) => {
            let page = app::staff::UsersPage {
                new_email: email,
                new_role: role,
                problems,
                ..page
            };
            FormRefused::Page(StatusCode::BAD_REQUEST, FormPage::Users(Box::new(page)))
        }
        Err(error) => FormRefused::failed(error),
    }
}

/// Nothing typed: the invitation form as it first shows.
fn untyped() -> (String, String) {
    (String::new(), Role::Editor.slug().to_string())
}

/// `POST /staff/users/invite`: an admin invites a member of staff. The
/// answer shows the invitation's link, this once.
pub async fn invite(
    State(state): State<AppState>,
    ConfirmedAdmin(admin): ConfirmedAdmin,
    form: PostedForm,
) -> Result<Response, FormRefused> {
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
    let (Some(email), Some(role)) = (email, role) else {
        return Err(refuse(&state, &admin, typed, problems).await);
    };
    let invited = state
        .accounts
        .invite(&email, role, &admin.member.email)
        .await
        .map_err(FormRefused::failed)?;
    let Ok(token) = invited else {
        let problems = vec![problem(
            fields::ACCOUNT_EMAIL,
            "An account with this email address already exists",
        )];
        return Err(refuse(&state, &admin, typed, problems).await);
    };
    let detail = format!("As {}", role.label().to_lowercase());
    state
        .accounts
        .record(
            EventKind::Invited,
            Some(&email),
            Some(&admin.member.email),
            None,
            &detail,
        )
        .await
        .map_err(FormRefused::failed)?;
    let mut page = users_page(&state.accounts, &admin, EventFilter::default())
        .await
        .map_err(FormRefused::failed)?;
    page.invitation = Some(InvitationMade {
        email,
        link: format!("{}{}", state.site_origin, paths::invitation(&token)),
    });
    Ok(page_response(
        StatusCode::OK,
        FormPage::Users(Box::new(page)),
    ))
}

/// The account `id`, or the page for one that does not exist.
async fn account(state: &AppState, id: i64) -> Result<AccountRow, FormRefused> {
    let accounts = state.accounts.list().await.map_err(FormRefused::failed)?;
    accounts
        .into_iter()
        .find(|account| account.id == id)
        .ok_or(FormRefused::Page(
            StatusCode::NOT_FOUND,
            FormPage::Refused(StaffError::NotFound),
        ))
}

/// What an admin's change to another account did, answered: back to the
/// accounts page, noted in the audit; or why not.
async fn answer_change(
    state: &AppState,
    admin: &SignedIn,
    account: &AccountRow,
    change: AccountChange,
    (kind, detail): (EventKind, String),
    last_admin: &str,
) -> Result<Response, FormRefused> {
    match change {
        AccountChange::Done => {
            state
                .accounts
                .record(
                    kind,
                    Some(&account.email),
                    Some(&admin.member.email),
                    None,
                    &detail,
                )
                .await
                .map_err(FormRefused::failed)?;
            Ok(Redirect::to(paths::USERS).into_response())
        }
        AccountChange::NoSuchAccount => Err(FormRefused::Page(
            StatusCode::NOT_FOUND,
            FormPage::Refused(StaffError::NotFound),
        )),
        AccountChange::LastAdmin => {
            let problems = vec![problem(fields::ACCOUNT_EMAIL, last_admin)];
            Err(refuse(state, admin, untyped(), problems).await)
        }
    }
}

/// `POST /staff/users/{id}/disable` (`DISABLED`) and `.../enable`.
pub async fn set_disabled<const DISABLED: bool>(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ConfirmedAdmin(admin): ConfirmedAdmin,
) -> Result<Response, FormRefused> {
    if admin.member.id == id {
        let problems = vec![problem(
            fields::ACCOUNT_EMAIL,
            "You cannot disable your own account: ask another admin",
        )];
        return Err(refuse(&state, &admin, untyped(), problems).await);
    }
    let account = account(&state, id).await?;
    let change = state
        .accounts
        .set_disabled(id, DISABLED)
        .await
        .map_err(FormRefused::failed)?;
    let kind = if DISABLED {
        EventKind::Disabled
    } else {
        EventKind::Enabled
    };
    let last_admin = "This is the last active admin: make another admin before you disable it";
    answer_change(
        &state,
        &admin,
        &account,
        change,
        (kind, String::new()),
        last_admin,
    )
    .await
}

/// `POST /staff/users/{id}/role`: an admin changes an account's role.
pub async fn change_role(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ConfirmedAdmin(admin): ConfirmedAdmin,
    form: PostedForm,
) -> Result<Response, FormRefused> {
    let Some(role) = Role::from_slug(form.field(fields::ROLE)) else {
        let problems = vec![problem(fields::ROLE, "Select a role")];
        return Err(refuse(&state, &admin, untyped(), problems).await);
    };
    let account = account(&state, id).await?;
    let change = state
        .accounts
        .set_role(id, role)
        .await
        .map_err(FormRefused::failed)?;
    let detail = format!(
        "From {} to {}",
        account.role.label().to_lowercase(),
        role.label().to_lowercase()
    );
    let last_admin = "This is the last active admin: make another admin before you change its role";
    answer_change(
        &state,
        &admin,
        &account,
        change,
        (EventKind::RoleChanged, detail),
        last_admin,
    )
    .await
}
