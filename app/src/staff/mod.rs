//! Staff accounts and editing of the services directory: the types pages and
//! server share. Accounts and sessions are in `accounts` (server only), the
//! editing of services in `editing` (server only), the server functions that
//! load staff pages in `api`.

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
pub mod cookies;
pub mod details;
#[cfg(feature = "ssr")]
pub mod editing;
#[cfg(feature = "ssr")]
pub mod limiter;
#[cfg(feature = "ssr")]
pub mod second_factor;
#[cfg(feature = "ssr")]
pub mod service_form;

use crate::directory::FieldProblem;
use crate::model::Choice;
use serde::{Deserialize, Serialize};

crate::vocabulary::vocabulary! {
    /// What a member of staff may do, least powerful first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Role {
        /// Sees the directory's staff-only information: everyone who signs
        /// in with their NHS account starts here.
        Staff => ("staff", "Staff"),
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
    /// Signed in with a password, but the second step (a code, or setting
    /// up an authenticator app) is not done.
    #[error("Finish signing in to continue")]
    SecondStepRequired,
    /// An invitation's link that is unknown, used or expired.
    #[error("This invitation link does not work")]
    InvitationUnusable,
    /// Signing in with an NHS account came back without what it needs:
    /// no `state`, one used before or from another browser, too late.
    #[error("Signing in with your NHS account did not finish. Go back to the sign-in page and start again.")]
    NhsSignInUnfinished,
    /// The provider, or this site's checks, did not accept the sign-in.
    #[error("You cannot sign in here with this NHS account. If you work for the trust and think you should, contact the IT service desk.")]
    NhsSignInRefused,
    /// The provider could not be reached.
    #[error("Signing in with your NHS account is not working at the moment. Try again later.")]
    NhsSignInUnavailable,
    /// Someone changed the service since the page was opened.
    #[error(
        "This service changed since you opened the page. Go back, check it again, then try again."
    )]
    Changed,
    #[error("Sorry, there is a problem with the service. Try again later.")]
    Unavailable,
}

impl crate::error::HttpStatus for StaffError {
    fn status(&self) -> u16 {
        match self {
            StaffError::SignInRequired | StaffError::SecondStepRequired => 401,
            StaffError::Forbidden | StaffError::CrossSite => 403,
            StaffError::BadRequest | StaffError::NhsSignInUnfinished => 400,
            StaffError::NhsSignInRefused => 403,
            StaffError::Changed => 409,
            StaffError::NotFound | StaffError::InvitationUnusable => 404,
            StaffError::TooManyAttempts => 429,
            StaffError::Unavailable | StaffError::NhsSignInUnavailable => 503,
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
        /// Checked by an editor and still correct: reviewed today.
        Verified => ("verified", "Checked: still correct"),
        Restored => ("restored", "Restored"),
        /// A visitor or a member of staff reported a problem with the entry.
        Reported => ("reported", "Problem reported"),
        /// An owner or admin closed a report, with a note.
        ReportClosed => ("report-closed", "Problem report closed"),
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
    /// Each day's sessions as typed, Monday first.
    pub opening_days: [String; 7],
    /// One dated change a line.
    pub opening_dated: String,
    /// `closed` or `open`.
    pub bank_holidays: String,
    pub referral: String,
    pub centre: String,
    /// Months between reviews, as chosen.
    pub review_months: String,
    /// Staff-only: one `label: number` per line.
    pub staff_phones: String,
    /// Staff-only: one `label: number` per line.
    pub bleeps: String,
    pub out_of_hours: String,
    pub internal_referral: String,
    pub referral_form: String,
    pub whereabouts: String,
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
    pub const REVIEW_MONTHS: &str = "review-months";
    pub const OPENING_DATED: &str = "opening-dated";
    pub const BANK_HOLIDAYS: &str = "bank-holidays";
    /// The values of [`BANK_HOLIDAYS`].
    pub const BANK_HOLIDAYS_CLOSED: &str = "closed";
    pub const BANK_HOLIDAYS_OPEN: &str = "open";

    /// The field of one day's opening times (0 is Monday).
    pub fn opening_day(day: usize) -> String {
        let name = crate::directory::opening::DAY_NAMES
            .get(day)
            .copied()
            .unwrap_or("day");
        format!("opening-{}", name.to_lowercase())
    }
    /// A service's owners: emails, one per line.
    pub const OWNERS: &str = "owners";
    /// The staff-only fields.
    pub const STAFF_PHONES: &str = "staff-phones";
    pub const BLEEPS: &str = "bleeps";
    pub const OUT_OF_HOURS: &str = "out-of-hours";
    pub const INTERNAL_REFERRAL: &str = "internal-referral";
    pub const REFERRAL_FORM: &str = "referral-form";
    pub const WHEREABOUTS: &str = "whereabouts";
    /// Sign-in and account forms.
    pub const ACCOUNT_EMAIL: &str = "email";
    pub const PASSWORD: &str = "password";
    pub const ROLE: &str = "role";
    /// A code from the authenticator app, or a recovery code.
    pub const CODE: &str = "code";
    /// The password a member of staff chooses, and the one they have now.
    pub const NEW_PASSWORD: &str = "new-password";
    pub const CURRENT_PASSWORD: &str = "current-password";
    /// The account audit's filters on `/staff/users`.
    pub const EVENT_KIND: &str = "event";
    pub const EVENT_EMAIL: &str = "who";
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
    /// Its owners' emails.
    pub owners: Vec<String>,
    pub history: Vec<AuditEntry>,
}

/// A service in the staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffServiceRow {
    pub slug: String,
    pub name: String,
    pub archived: bool,
    pub last_reviewed: String,
    /// Months between reviews.
    pub review_months: u8,
    pub version: i64,
    /// Its owners' emails, in order.
    pub owners: Vec<String>,
}

/// The staff home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHome {
    pub staff: StaffMember,
    /// Every service (editors), or those the member of staff owns.
    pub services: Vec<StaffServiceRow>,
    /// Today, `YYYY-MM-DD` (London), for what is due for review.
    pub today: String,
    /// Open reports of problems with the services they own (every open
    /// report, for admins), oldest first.
    pub reports: Vec<crate::reports::ProblemReport>,
    /// A report's closing as typed, refused with what to correct.
    pub refused_closing: Option<RefusedClosing>,
}

/// A report's closing, refused: which report, the note as typed and what
/// to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedClosing {
    pub report: i64,
    pub note: String,
    pub problems: Vec<FieldProblem>,
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

/// The admins' account page: the accounts, the invitation form as typed,
/// and the account audit as filtered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub staff: StaffMember,
    /// The admin must give a code again before changing accounts: they
    /// last did over [`REAUTHENTICATE_AFTER_MINUTES`] ago. The page shows
    /// that form instead of the others.
    pub confirm_first: bool,
    pub accounts: Vec<AccountRow>,
    pub new_email: String,
    pub new_role: String,
    pub problems: Vec<FieldProblem>,
    /// The link of an invitation just made, shown this once.
    pub invitation: Option<InvitationMade>,
    pub filter: EventFilter,
    pub events: Vec<AccountEvent>,
}

impl UsersPage {
    /// The page as it first shows: the invitation form empty.
    pub fn new(
        staff: StaffMember,
        confirm_first: bool,
        accounts: Vec<AccountRow>,
        filter: EventFilter,
        events: Vec<AccountEvent>,
    ) -> Self {
        UsersPage {
            staff,
            confirm_first,
            accounts,
            new_email: String::new(),
            new_role: Role::Editor.slug().to_string(),
            problems: Vec::new(),
            invitation: None,
            filter,
            events,
        }
    }
}

/// The hint of every field that takes a code.
pub const CODE_HINT: &str =
    "The 6-digit code from your authenticator app, or one of your recovery codes";
/// The hint of every field where staff choose a password.
pub const NEW_PASSWORD_HINT: &str = "Use 12 characters or more. 3 or 4 random words together are easy to remember and hard to guess.";

/// Admins give a code again before changing accounts when they last gave
/// their password or a code this long ago.
pub const REAUTHENTICATE_AFTER_MINUTES: i64 = 15;

/// An invitation an admin has just made, with its link to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationMade {
    pub email: String,
    pub link: String,
}

crate::vocabulary::vocabulary! {
    /// What happened to a staff account, in its audit.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum EventKind {
        SignedIn => ("signed-in", "Signed in"),
        SignInFailed => ("sign-in-failed", "Sign-in failed"),
        RecoveryCodeUsed => ("recovery-code-used", "Recovery code used"),
        Enrolled => ("enrolled", "Authenticator app set up"),
        Invited => ("invited", "Invited"),
        Joined => ("joined", "Invitation accepted"),
        PasswordChanged => ("password-changed", "Password changed"),
        RoleChanged => ("role-changed", "Role changed"),
        Disabled => ("disabled", "Disabled"),
        Enabled => ("enabled", "Enabled"),
        SignedOutEverywhere => ("signed-out-everywhere", "Signed out everywhere"),
    }
}

/// One event in the account audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEvent {
    /// Unix seconds.
    pub at: i64,
    pub kind: EventKind,
    /// The account it happened to, by email, if there is one.
    pub account: Option<String>,
    /// The admin who did it, when not the account's owner.
    pub actor: Option<String>,
    /// The client's address.
    pub address: Option<String>,
    /// What changed, or why it failed (never a password or code).
    pub detail: String,
}

/// Which account events `/staff/users` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    pub kind: Option<EventKind>,
    /// Part of the account's or the admin's email.
    pub email: String,
}

/// How many events `/staff/users` shows at most.
pub const EVENTS_SHOWN: i64 = 100;

/// A time in UTC as pages show it: "6 December 2026, 10:32 UTC".
pub fn date_time(unix: i64) -> String {
    let format = time::macros::format_description!(
        "[day padding:none] [month repr:long] [year], [hour]:[minute] UTC"
    );
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|at| at.format(format).ok())
        .unwrap_or_default()
}

/// One of a member of staff's sessions, as their account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionListing {
    pub handle: String,
    pub device: String,
    /// `false` for a session whose password was right but whose code has
    /// not been given: someone else may have the password.
    pub signed_in: bool,
    /// Unix seconds.
    pub started_at: i64,
    pub last_seen: i64,
}

/// The page to enter a code on: at sign-in, or before an admin action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePage {
    pub problems: Vec<FieldProblem>,
}

/// The page to set up an authenticator app on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolPage {
    /// The secret, base32, in groups of four to copy by hand.
    pub secret: String,
    /// The QR code of its `otpauth://` address: `width` rows of modules,
    /// dark or light, row by row.
    pub qr_width: usize,
    pub qr_dark: Vec<bool>,
    pub problems: Vec<FieldProblem>,
}

/// The recovery codes made at enrolment, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodesPage {
    pub codes: Vec<String>,
}

/// The page an invitation's link opens: who it is for, and the form to
/// choose a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPage {
    pub email: String,
    pub token: String,
    pub problems: Vec<FieldProblem>,
}

/// A member of staff's own account page: change their password, see and
/// end their sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPage {
    pub staff: StaffMember,
    /// The handle of the session this page was asked for in.
    pub this_session: String,
    pub sessions: Vec<SessionListing>,
    pub recovery_codes_left: i64,
    pub problems: Vec<FieldProblem>,
    /// A confirmation after a change, e.g. "Your password has been changed".
    pub done: Option<String>,
}

/// The sign-in page: who is signed in already, and the last attempt's email
/// and problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInPage {
    pub signed_in: Option<StaffMember>,
    /// Whether "Sign in with your NHS account" is offered.
    pub nhs_sign_in: bool,
    pub email: String,
    pub problems: Vec<FieldProblem>,
}

/// A staff page the server makes from what it already has, in answer to a
/// refused form post: the form's page again, with what was typed and what
/// to correct, or the reason it was refused.
#[derive(Debug, Clone)]
pub enum FormPage {
    SignIn(SignInPage),
    Code(CodePage),
    Enrol(EnrolPage),
    /// Not a refusal: the recovery codes, shown once, in answer to the
    /// code that finished enrolment.
    RecoveryCodes(RecoveryCodesPage),
    Invitation(InvitationPage),
    Account(Box<AccountPage>),
    Service(Box<EditorPage>),
    Users(Box<UsersPage>),
    /// A report of a problem with a service's entry, refused (from anyone).
    Report(Box<crate::reports::ReportPage>),
    /// The staff home page, with a report's closing refused.
    Home(Box<StaffHome>),
    /// A public page that is not there ("Page not found").
    NotFound,
    /// Not allowed, or no longer there.
    Refused(StaffError),
}
