//! Staff accounts and editing of the services directory: the types pages and
//! server share. Accounts and sessions are in `accounts` (server only), the
//! editing of services in `editing` (server only), the server functions that
//! load staff pages in `api`.

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
#[cfg(feature = "ssr")]
pub mod editing;
#[cfg(feature = "ssr")]
pub mod limiter;
#[cfg(feature = "ssr")]
pub mod service_form;

use crate::directory::FieldProblem;
use crate::model::Choice;
use serde::{Deserialize, Serialize};

crate::vocabulary::vocabulary! {
    /// What a member of staff may do, least powerful first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Role {
        /// Adds, edits, archives and restores services.
        Editor => ("editor", "Editor"),
        /// What editors do, and manages staff accounts.
        Admin => ("admin", "Admin"),
    }
}

/// The member of staff a request comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub email: String,
    pub role: Role,
}

impl StaffMember {
    /// Whether they may do what `role` may (roles include those below them).
    pub fn may_act_as(&self, role: Role) -> bool {
        self.role >= role
    }
}

/// Why a staff request was refused. Each maps to an HTTP status and a
/// message safe to show; details of server failures go to the server log only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum StaffError {
    #[error("Sign in to continue")]
    SignInRequired,
    #[error("You do not have permission to do this. Ask an admin if you need it.")]
    Forbidden,
    #[error("Page not found")]
    NotFound,
    #[error("The request could not be read")]
    BadRequest,
    #[error("This request came from another site, so it was refused")]
    CrossSite,
    #[error("Too many sign-in attempts. Wait 15 minutes, then try again.")]
    TooManyAttempts,
    #[error("Sorry, there is a problem with the service. Try again later.")]
    Unavailable,
}

impl crate::error::HttpStatus for StaffError {
    fn status(&self) -> u16 {
        match self {
            StaffError::SignInRequired => 401,
            StaffError::Forbidden | StaffError::CrossSite => 403,
            StaffError::BadRequest => 400,
            StaffError::NotFound => 404,
            StaffError::TooManyAttempts => 429,
            StaffError::Unavailable => 503,
        }
    }
}

crate::server_fn_error!(StaffError);

/// One field's value before and after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's label, as the form shows it.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One change to a service in its audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The version of the service the change made.
    pub version: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    pub staff_email: String,
    pub action: AuditAction,
    pub changes: Vec<FieldChange>,
}

crate::vocabulary::vocabulary! {
    /// What a change did.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum AuditAction {
        Created => ("created", "Added"),
        Edited => ("edited", "Edited"),
        Archived => ("archived", "Archived"),
        Restored => ("restored", "Restored"),
    }
}

/// A service's edit form, every field as typed. Sites are the slugs ticked,
/// with the wing or department typed for each site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceForm {
    /// The version the editor started from; `None` for a new service.
    pub version: Option<i64>,
    pub slug: String,
    pub name: String,
    pub group: String,
    pub description: String,
    /// One per line.
    pub conditions: String,
    pub age_group: String,
    pub sites: Vec<String>,
    /// `(site slug, location)` for every site with something typed.
    pub locations: Vec<(String, String)>,
    pub phone: String,
    pub email: String,
    pub opening_hours: String,
    pub referral: String,
    pub centre: String,
}

impl ServiceForm {
    /// The location typed for `site`, or "".
    pub fn location(&self, site: &str) -> &str {
        self.locations
            .iter()
            .find(|(s, _)| s == site)
            .map_or("", |(_, l)| l.as_str())
    }
}

/// The `name` (and `id`) of each field of the service form.
pub mod fields {
    pub const VERSION: &str = "version";
    pub const SLUG: &str = "slug";
    pub const NAME: &str = "name";
    pub const GROUP: &str = "group";
    pub const DESCRIPTION: &str = "description";
    pub const CONDITIONS: &str = "conditions";
    pub const AGE_GROUP: &str = "age-group";
    /// Checkboxes, one per site, with the site's slug as value.
    pub const SITES: &str = "sites";
    /// Prefix of the location field of each site: `location-{slug}`.
    pub const LOCATION_PREFIX: &str = "location-";
    pub const PHONE: &str = "phone";
    pub const EMAIL: &str = "email";
    pub const OPENING_HOURS: &str = "opening-hours";
    pub const REFERRAL: &str = "referral";
    pub const CENTRE: &str = "centre";
    /// Sign-in and account forms.
    pub const ACCOUNT_EMAIL: &str = "email";
    pub const PASSWORD: &str = "password";
    pub const ROLE: &str = "role";
}

/// Everything the service form page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorPage {
    pub staff: StaffMember,
    /// `None` when adding a service.
    pub editing: Option<EditedService>,
    pub form: ServiceForm,
    /// What to correct, when a save was refused.
    pub problems: Vec<FieldProblem>,
    /// When the save was refused because someone else saved first: their
    /// changes since the version the editor started from.
    pub conflict: Option<Vec<AuditEntry>>,
    pub sites: Vec<Choice>,
    pub centres: Vec<Choice>,
}

/// The service an edit form is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditedService {
    pub slug: String,
    pub name: String,
    pub archived: bool,
    pub history: Vec<AuditEntry>,
}

/// A service in the staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffServiceRow {
    pub slug: String,
    pub name: String,
    pub archived: bool,
    pub last_reviewed: String,
}

/// The staff home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHome {
    pub staff: StaffMember,
    pub services: Vec<StaffServiceRow>,
}

/// A staff account as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
}

/// The admins' account page, with the add-account form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub staff: StaffMember,
    pub accounts: Vec<AccountRow>,
    pub new_email: String,
    pub new_role: String,
    pub problems: Vec<FieldProblem>,
    /// A confirmation after a change, e.g. "Account added".
    pub done: Option<String>,
}

impl UsersPage {
    /// The page as it first shows: the add-account form empty.
    pub fn new(staff: StaffMember, accounts: Vec<AccountRow>) -> Self {
        UsersPage {
            staff,
            accounts,
            new_email: String::new(),
            new_role: Role::Editor.slug().to_string(),
            problems: Vec::new(),
            done: None,
        }
    }
}

/// The sign-in page: who is signed in already, and the last attempt's email
/// and problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInPage {
    pub signed_in: Option<StaffMember>,
    pub email: String,
    pub problems: Vec<FieldProblem>,
}

/// A staff page the server makes from what it already has, in answer to a
/// refused form post: the form's page again, with what was typed and what
/// to correct, or the reason it was refused.
#[derive(Debug, Clone)]
pub enum RefusedForm {
    SignIn(SignInPage),
    Service(Box<EditorPage>),
    Users(UsersPage),
    /// Not allowed, or no longer there.
    Refused(StaffError),
}
