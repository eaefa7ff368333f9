//! Server functions that load the staff pages. Each checks on the server who
//! is asking: the page being hidden is not the protection. Changes are made
//! by form posts the server handles (see the server's `staff` module), which
//! hand a refused form back through [`FormReply`](super::FormReply).

use super::{EditorPage, SignInPage, StaffError, StaffHome, UsersPage};
use crate::staff::AuditEntry;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod server_side {
    use super::super::accounts::{Accounts, SignedIn};
    use super::super::{Role, StaffError, StaffMember};
    use crate::directory::live::Directory;
    use crate::model::SiteContent;
    use crate::storage::AccountStore;
    use leptos::prelude::*;
    use std::fmt::Display;
    use std::sync::Arc;

    /// Who the request comes from, as the server's session layer found.
    pub fn signed_in() -> SignedIn {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
            .unwrap_or_default()
    }

    /// The member of staff asking, if their role is at least `role` (see
    /// [`SignedIn::at_least`]). A refusal is answered 401 or 403 through
    /// `with_status`, for the page and for `/api/...` calls alike.
    pub fn require(role: Role) -> Result<StaffMember, StaffError> {
        signed_in().at_least(role)
    }

    /// The directory and content from the request context.
    pub fn context() -> Result<(Arc<Directory>, Arc<SiteContent>), StaffError> {
        crate::directory::api::context().map_err(|_| StaffError::Unavailable)
    }

    /// Staff accounts, in the directory's storage.
    pub fn accounts() -> Result<Accounts, StaffError> {
        let (directory, _) = context()?;
        let store: Arc<dyn AccountStore> = directory.storage().clone();
        Ok(Accounts::new(store))
    }

    /// Logs a failure in full; the visitor sees only that something failed.
    pub fn unavailable(error: impl Display) -> StaffError {
        tracing::error!(error = %error, "staff request failed");
        StaffError::Unavailable
    }
}

#[cfg(feature = "ssr")]
use crate::error::with_status;

/// The sign-in page.
#[server(prefix = "/api", endpoint = "staff-sign-in", input = server_fn::codec::GetUrl)]
pub async fn load_sign_in() -> Result<SignInPage, StaffError> {
    use super::FormReply;
    let mut page = SignInPage {
        signed_in: server_side::signed_in().0,
        ..Default::default()
    };
    if let Some(FormReply::SignIn { email, problems }) = use_context::<FormReply>() {
        page.email = email;
        page.problems = problems;
    }
    Ok(page)
}

/// The staff home page: every service, archived ones too.
#[server(prefix = "/api", endpoint = "staff-home", input = server_fn::codec::GetUrl)]
pub async fn load_staff_home() -> Result<StaffHome, StaffError> {
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Editor)?;
            let (directory, _) = context()?;
            let services = directory.staff_list().await.map_err(unavailable)?;
            Ok(StaffHome { staff, services })
        }
        .await,
    )
}

/// The form to add a service (`slug` empty) or edit one.
#[server(prefix = "/api", endpoint = "staff-service", input = server_fn::codec::GetUrl)]
pub async fn load_service_editor(slug: String) -> Result<EditorPage, StaffError> {
    use super::service_form::{form_of, FormPlaces};
    use super::{FormReply, ServiceForm};
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Editor)?;
            let (directory, content) = context()?;
            let (editing, stored_form) = if slug.is_empty() {
                (None, ServiceForm::default())
            } else {
                let stored = directory
                    .stored_service(&slug)
                    .await
                    .map_err(unavailable)?
                    .ok_or(StaffError::NotFound)?;
                let form = form_of(&stored.record, stored.version);
                let edited = super::EditedService {
                    history: directory.history(&slug, None).await.map_err(unavailable)?,
                    slug: stored.record.slug,
                    name: stored.record.name,
                    archived: stored.archived,
                };
                (Some(edited), form)
            };
            let (form, problems, conflict) = match use_context::<FormReply>() {
                Some(FormReply::Service {
                    form,
                    problems,
                    conflict,
                }) => (*form, problems, conflict),
                _ => (stored_form, Vec::new(), None),
            };
            let places = FormPlaces::of(&content);
            Ok(EditorPage {
                staff,
                editing,
                form,
                problems,
                conflict,
                sites: places.sites,
                centres: places.centres,
            })
        }
        .await,
    )
}

/// The admins' account page.
#[server(prefix = "/api", endpoint = "staff-users", input = server_fn::codec::GetUrl)]
pub async fn load_users() -> Result<UsersPage, StaffError> {
    use super::FormReply;
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Admin)?;
            let accounts = accounts()?.list().await.map_err(unavailable)?;
            let mut page = UsersPage {
                staff,
                accounts,
                new_email: String::new(),
                new_role: super::Role::Editor.slug().to_string(),
                problems: Vec::new(),
                done: None,
            };
            if let Some(FormReply::Users {
                email,
                role,
                problems,
                done,
            }) = use_context::<FormReply>()
            {
                page.new_email = email;
                page.new_role = role;
                page.problems = problems;
                page.done = done;
            }
            Ok(page)
        }
        .await,
    )
}

/// A service's change history and version, for staff only: `None` for
/// everyone else, so the public page shows nothing.
#[server(prefix = "/api", endpoint = "staff-history", input = server_fn::codec::GetUrl)]
pub async fn load_history(slug: String) -> Result<Option<Vec<AuditEntry>>, StaffError> {
    use server_side::*;
    with_status(
        async {
            if signed_in().0.is_none() {
                return Ok(None);
            }
            let (directory, _) = context()?;
            directory
                .history(&slug, None)
                .await
                .map(Some)
                .map_err(unavailable)
        }
        .await,
    )
}
