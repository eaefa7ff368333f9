//! Server functions that load the staff pages. Each checks on the server who
//! is asking: the page being hidden is not the protection. Changes are made
//! by form posts the server handles (see the server's `staff` module), which
//! answer a refused form with its page made from what they already have
//! ([`RefusedForm`](super::RefusedForm)).

use super::{EditorPage, SignInPage, StaffError, StaffHome, UsersPage};
use crate::staff::AuditEntry;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod server_side {
    use super::super::accounts::Accounts;
    use super::super::{EditedService, EditorPage, Role, ServiceForm, StaffError, StaffMember};
    use crate::context;
    use crate::directory::live::Directory;
    use crate::model::SiteContent;
    use crate::staff::service_form::FormChoices;
    use crate::staff::AuditEntry;
    use crate::storage::{AccountStore, StoredService};
    use std::fmt::Display;
    use std::sync::Arc;

    /// The member of staff asking, if their role is at least `role` (see
    /// [`Visitor::at_least`](super::super::accounts::Visitor::at_least)).
    /// A refusal is answered 401 or 403 through `with_status`, for the page
    /// and for `/api/...` calls alike.
    pub fn require(role: Role) -> Result<StaffMember, StaffError> {
        context::request_facts().visitor.at_least(role)
    }

    /// The directory.
    pub fn directory() -> Result<Arc<Directory>, StaffError> {
        Ok(context::directory()?)
    }

    /// Staff accounts, in the directory's storage.
    pub fn accounts() -> Result<Accounts, StaffError> {
        let store: Arc<dyn AccountStore> = directory()?.storage().clone();
        Ok(Accounts::new(store))
    }

    /// Logs a failure in full; the visitor sees only that something failed.
    pub fn staff_unavailable(error: impl Display) -> StaffError {
        tracing::error!(error = %error, "staff request failed");
        StaffError::Unavailable
    }

    /// The service form's page for `staff`: a new service (`stored` is
    /// `None`), or the stored one with its history, showing `form` (as
    /// stored, or as typed in a refused save) with `problems` and, when
    /// someone saved first, their `conflict`ing changes.
    pub fn editor_page(
        staff: StaffMember,
        content: &SiteContent,
        stored: Option<(StoredService, Vec<AuditEntry>)>,
        form: ServiceForm,
        problems: Vec<crate::directory::FieldProblem>,
        conflict: Option<Vec<AuditEntry>>,
    ) -> EditorPage {
        let choices = FormChoices::of(content);
        EditorPage {
            staff,
            editing: stored.map(|(stored, history)| EditedService {
                slug: stored.record.slug,
                name: stored.record.name,
                archived: stored.archived,
                history,
            }),
            form,
            problems,
            conflict,
            sites: choices.sites,
            centres: choices.centres,
        }
    }
}

#[cfg(feature = "ssr")]
use crate::error::with_status;

/// The sign-in page.
#[server(prefix = "/api", endpoint = "staff-sign-in", input = server_fn::codec::GetUrl)]
pub async fn load_sign_in() -> Result<SignInPage, StaffError> {
    Ok(SignInPage {
        signed_in: crate::context::request_facts().visitor.staff().cloned(),
        ..Default::default()
    })
}

/// The staff home page: every service, archived ones too.
#[server(prefix = "/api", endpoint = "staff-home", input = server_fn::codec::GetUrl)]
pub async fn load_staff_home() -> Result<StaffHome, StaffError> {
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Editor)?;
            let services = directory()?.staff_list().await.map_err(staff_unavailable)?;
            Ok(StaffHome { staff, services })
        }
        .await,
    )
}

/// The form to add a service (`slug` empty) or edit one.
#[server(prefix = "/api", endpoint = "staff-service", input = server_fn::codec::GetUrl)]
pub async fn load_service_editor(slug: String) -> Result<EditorPage, StaffError> {
    use super::service_form::form_of;
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Editor)?;
            let content = crate::context::content()?;
            if slug.is_empty() {
                return Ok(editor_page(
                    staff,
                    &content,
                    None,
                    Default::default(),
                    Vec::new(),
                    None,
                ));
            }
            let directory = directory()?;
            let stored = directory
                .stored_service(&slug)
                .await
                .map_err(staff_unavailable)?
                .ok_or(StaffError::NotFound)?;
            let history = directory.history(&slug).await.map_err(staff_unavailable)?;
            let form = form_of(&stored.record, stored.version);
            Ok(editor_page(
                staff,
                &content,
                Some((stored, history)),
                form,
                Vec::new(),
                None,
            ))
        }
        .await,
    )
}

/// The admins' account page.
#[server(prefix = "/api", endpoint = "staff-users", input = server_fn::codec::GetUrl)]
pub async fn load_users() -> Result<UsersPage, StaffError> {
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Admin)?;
            let accounts = accounts()?.list().await.map_err(staff_unavailable)?;
            Ok(UsersPage::new(staff, accounts))
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
            if !crate::context::request_facts().from_staff() {
                return Ok(None);
            }
            directory()?
                .history(&slug)
                .await
                .map(Some)
                .map_err(staff_unavailable)
        }
        .await,
    )
}
