//! Server functions that load the staff pages. Each checks on the server who
//! is asking: the page being hidden is not the protection. Changes are made
//! by form posts the server handles (see the server's `staff` module), which
//! answer a refused form with its page made from what they already have
//! ([`FormPage`](super::FormPage)).

use super::{
    AccountPage, CodePage, EditorPage, EnrolPage, InvitationPage, SignInPage, StaffError,
    StaffHome, UsersPage,
};
use crate::staff::AuditEntry;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod server_side {
    use super::super::accounts::{Accounts, SignedIn};
    use super::super::second_factor;
    use super::super::{
        AccountPage, EditedService, EditorPage, EnrolPage, EventFilter, Role, ServiceForm,
        StaffError, StaffMember, UsersPage,
    };
    use crate::context;
    use crate::directory::live::Directory;
    use crate::directory::FieldProblem;
    use crate::model::SiteContent;
    use crate::staff::service_form::FormChoices;
    use crate::staff::AuditEntry;
    use crate::storage::StoredService;
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

    /// Staff accounts.
    pub fn accounts() -> Result<Accounts, StaffError> {
        Ok(context::accounts()?)
    }

    /// The authenticator app page for `member`'s session (`handle`): the
    /// secret offered to it, as text and as a QR code. Refused for an
    /// account that has an app already.
    pub async fn enrol_page(
        accounts: &Accounts,
        (member, handle): (&StaffMember, &str),
        problems: Vec<FieldProblem>,
    ) -> Result<EnrolPage, StaffError> {
        if accounts
            .has_second_factor(member.id)
            .await
            .map_err(staff_unavailable)?
        {
            return Err(StaffError::SignInRequired);
        }
        let secret = accounts
            .offered_secret(handle)
            .await
            .map_err(staff_unavailable)?;
        let (qr_width, qr_dark) = second_factor::otpauth_url(&secret, &member.email)
            .and_then(|url| second_factor::qr_modules(&url))
            .ok_or_else(|| staff_unavailable("the QR code could not be drawn"))?;
        Ok(EnrolPage {
            secret: second_factor::grouped(&secret),
            qr_width,
            qr_dark,
            problems,
        })
    }

    /// A member of staff's own account page.
    pub async fn account_page(
        accounts: &Accounts,
        signed_in: &SignedIn,
        problems: Vec<FieldProblem>,
        done: Option<String>,
    ) -> Result<AccountPage, StaffError> {
        let id = signed_in.member.id;
        let sessions = accounts.sessions_of(id).await.map_err(staff_unavailable)?;
        let recovery_codes_left = accounts
            .recovery_codes_left(id)
            .await
            .map_err(staff_unavailable)?;
        Ok(AccountPage {
            staff: signed_in.member.clone(),
            this_session: signed_in.session.clone(),
            sessions,
            recovery_codes_left,
            problems,
            done,
        })
    }

    /// The admins' account page, its audit filtered by `filter`.
    pub async fn users_page(
        accounts: &Accounts,
        signed_in: &SignedIn,
        filter: EventFilter,
    ) -> Result<UsersPage, StaffError> {
        let list = accounts.list().await.map_err(staff_unavailable)?;
        let events = accounts.events(&filter).await.map_err(staff_unavailable)?;
        Ok(UsersPage::new(
            signed_in.member.clone(),
            !signed_in.recently_confirmed(accounts.now()),
            list,
            filter,
            events,
        ))
    }

    /// The member of staff asking and their session, if signed in with at
    /// least `role`.
    pub fn require_signed_in(role: Role) -> Result<SignedIn, StaffError> {
        let visitor = context::request_facts().visitor;
        visitor.at_least(role)?;
        visitor
            .signed_in()
            .cloned()
            .ok_or(StaffError::SignInRequired)
    }

    /// Logs a failure in full; the visitor sees only that something failed.
    pub fn staff_unavailable(error: impl Display) -> StaffError {
        tracing::error!(error = %error, "staff request failed");
        StaffError::Unavailable
    }

    /// The staff home page of `staff` on `today` (`YYYY-MM-DD`, London),
    /// with a report's closing refused, if it was.
    pub async fn staff_home(
        directory: &Directory,
        staff: StaffMember,
        today: String,
        refused_closing: Option<super::super::RefusedClosing>,
    ) -> Result<super::super::StaffHome, StaffError> {
        let mut services = directory.staff_list().await.map_err(staff_unavailable)?;
        if !staff.may_act_as(Role::Editor) {
            services.retain(|s| !s.archived && s.owners.contains(&staff.email));
        }
        let reports = directory
            .open_reports(&staff)
            .await
            .map_err(staff_unavailable)?;
        Ok(super::super::StaffHome {
            staff,
            services,
            today,
            reports,
            refused_closing,
        })
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
        problems: Vec<FieldProblem>,
        conflict: Option<Vec<AuditEntry>>,
    ) -> EditorPage {
        let choices = FormChoices::of(content);
        EditorPage {
            staff,
            editing: stored.map(|(stored, history)| EditedService {
                slug: stored.record.slug,
                name: stored.record.name,
                archived: stored.archived,
                owners: stored.owners,
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
        nhs_sign_in: use_context::<crate::SiteSettings>().is_some_and(|s| s.nhs_sign_in),
        ..Default::default()
    })
}

/// The staff home page: for editors, every service, archived ones too;
/// for other staff, the services they own.
#[server(prefix = "/api", endpoint = "staff-home", input = server_fn::codec::GetUrl)]
pub async fn load_staff_home() -> Result<StaffHome, StaffError> {
    use server_side::*;
    with_status(
        async {
            let staff = require(super::Role::Staff)?;
            let today = crate::directory::opening::london_date(crate::context::now()?);
            staff_home(&*directory()?, staff, today, None).await
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
            let signed_in = require_signed_in(super::Role::Editor)?;
            let staff = signed_in.member.clone();
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
            let form = form_of(
                &stored.record,
                stored.details.open(&signed_in.pass()),
                stored.version,
            );
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

/// The admins' account page, its audit filtered by the event kind (a slug,
/// or "" for every kind) and part of an email.
#[server(prefix = "/api", endpoint = "staff-users", input = server_fn::codec::GetUrl)]
pub async fn load_users(event: String, who: String) -> Result<UsersPage, StaffError> {
    use super::{EventFilter, EventKind};
    use server_side::*;
    with_status(
        async {
            let signed_in = require_signed_in(super::Role::Admin)?;
            let filter = EventFilter {
                kind: EventKind::from_slug(&event),
                email: who
                    .trim()
                    .chars()
                    .take(super::accounts::MAX_EMAIL_CHARS)
                    .collect(),
            };
            users_page(&accounts()?, &signed_in, filter).await
        }
        .await,
    )
}

/// The page to enter a code on, for a member of staff whose password was
/// right.
#[server(prefix = "/api", endpoint = "staff-code", input = server_fn::codec::GetUrl)]
pub async fn load_code_page() -> Result<CodePage, StaffError> {
    use crate::storage::SessionStage;
    let facts = crate::context::request_facts();
    with_status(match facts.visitor.halfway_at(SessionStage::Code) {
        Some(_) => Ok(CodePage::default()),
        None => Err(StaffError::SignInRequired),
    })
}

/// The page to set up an authenticator app on, for a member of staff whose
/// password was right and who has none yet.
#[server(prefix = "/api", endpoint = "staff-authenticator", input = server_fn::codec::GetUrl)]
pub async fn load_authenticator() -> Result<EnrolPage, StaffError> {
    use crate::storage::SessionStage;
    use server_side::*;
    with_status(
        async {
            let facts = crate::context::request_facts();
            let halfway = facts
                .visitor
                .halfway_at(SessionStage::Enrol)
                .ok_or(StaffError::SignInRequired)?;
            enrol_page(&accounts()?, halfway, Vec::new()).await
        }
        .await,
    )
}

/// A member of staff's own account: their sessions, and the form to change
/// their password.
#[server(prefix = "/api", endpoint = "staff-account", input = server_fn::codec::GetUrl)]
pub async fn load_account() -> Result<AccountPage, StaffError> {
    use server_side::*;
    with_status(
        async {
            let signed_in = require_signed_in(super::Role::Staff)?;
            account_page(&accounts()?, &signed_in, Vec::new(), None).await
        }
        .await,
    )
}

/// The page an invitation's link opens (`token`, from the link).
#[server(prefix = "/api", endpoint = "staff-invitation", input = server_fn::codec::GetUrl)]
pub async fn load_invitation(token: String) -> Result<InvitationPage, StaffError> {
    use server_side::*;
    with_status(
        async {
            let invitation = accounts()?
                .invitation(&token)
                .await
                .map_err(staff_unavailable)?
                .ok_or(StaffError::InvitationUnusable)?;
            Ok(InvitationPage {
                email: invitation.email,
                token,
                problems: Vec::new(),
            })
        }
        .await,
    )
}

/// A service's change history and version, for editors only: `None` for
/// everyone else, so the public page shows nothing.
#[server(prefix = "/api", endpoint = "staff-history", input = server_fn::codec::GetUrl)]
pub async fn load_history(slug: String) -> Result<Option<Vec<AuditEntry>>, StaffError> {
    use server_side::*;
    with_status(
        async {
            let visitor = crate::context::request_facts().visitor;
            if !visitor
                .staff()
                .is_some_and(|staff| staff.may_act_as(super::Role::Editor))
            {
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

/// A listed service's staff-only details, for a signed-in member of staff;
/// `None` for anyone else (and when the service has none).
#[server(prefix = "/api", endpoint = "staff-service-details", input = server_fn::codec::GetUrl)]
pub async fn load_staff_details(
    slug: String,
) -> Result<Option<super::details::StaffDetails>, StaffError> {
    use server_side::*;
    let facts = crate::context::request_facts();
    let Some(signed_in) = facts.visitor.signed_in() else {
        return Ok(None);
    };
    with_status(directory().map(|directory| directory.staff_details(&slug, &signed_in.pass())))
}
