//! What the site needs from its database, and nothing about how a database
//! gives it. Pages, server functions and the server's handlers reach storage
//! only through these traits: the request context holds the
//! [`Directory`](crate::directory::live::Directory), whose `storage()` is
//! the [`Storage`]. There is one implementation, with all the SQL: the
//! server's `storage::SqlStore`, for SQLite and PostgreSQL (where they
//! differ, by its `Dialect`).

use crate::directory::ServiceRecord;
use crate::staff::details::{StaffDetails, StaffOnly};
use crate::staff::{
    AccountEvent, AccountRow, AuditAction, AuditEntry, EventFilter, FieldChange, Role,
    SessionListing, StaffMember, StaffServiceRow,
};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Unix seconds now: the clock sessions and sign-in windows are kept by
/// (the servers', so every database compares the same numbers).
pub fn unix_now() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX)
}

/// The clock staff accounts are kept by: sessions' idle time and limit,
/// second-factor codes, invitations, re-authentication. The server's
/// clock, moved on by tests (`advance`) to show what happens later; every
/// copy shares the same time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    ahead: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Clock {
    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        unix_now().saturating_add(self.ahead.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Moves this clock, and every copy of it, `seconds` on.
    pub fn advance(&self, seconds: i64) {
        self.ahead
            .fetch_add(seconds, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A service's key in storage: stable while the service exists.
pub type ServiceId = i64;

/// Why storage could not answer. The text is for the server log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed or could not be reached (the driver's words).
    #[error("database: {0}")]
    Database(String),
    /// Something stored cannot be read back as the site's types.
    #[error("stored {what}: {message}")]
    Corrupt { what: String, message: String },
    /// The in-memory copy of the directory could not be rebuilt.
    #[error("reloading the directory into memory: {0}")]
    Reload(String),
}

/// A stored service as staff see it, archived or not.
#[derive(Debug, Clone)]
pub struct StoredService {
    pub record: ServiceRecord,
    /// Its owners' emails, in order.
    pub owners: Vec<String>,
    pub details: StaffOnly<StaffDetails>,
    pub version: i64,
    pub archived: bool,
}

/// What setting a service's owners did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnersSet {
    Done,
    /// The service is no longer at the version the change was made from.
    Stale,
    /// No staff account has this email.
    NoSuchAccount(String),
}

/// The audit log entry a change writes with it, in the same transaction.
#[derive(Debug, Clone)]
pub struct AuditNote<'a> {
    pub staff: &'a StaffMember,
    pub action: AuditAction,
    pub changes: Vec<FieldChange>,
}

/// What signing in checks an email address against.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub member: StaffMember,
    /// Argon2id, PHC string format.
    pub password_hash: String,
    pub disabled: bool,
}

/// The public directory: the listed services (searched in memory, see
/// `directory::live`).
#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// Every listed (not archived) service, by name.
    async fn listed_services(&self) -> Result<Vec<ServiceRecord>, StoreError>;
    /// Adds the services whose slugs are not stored yet; returns how many.
    async fn add_missing(&self, records: &[ServiceRecord]) -> Result<usize, StoreError>;
    /// Changes other servers make to the directory, as they commit; `None`
    /// when no other server can write (SQLite: one server).
    async fn watch_changes(&self) -> Result<Option<Box<dyn ChangeFeed>>, StoreError>;
    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
    /// The connections open to the database now.
    fn connections(&self) -> Connections;
    /// Closes every connection, once the server has stopped serving: later
    /// calls fail.
    async fn close(&self);
}

/// Connections open to the database, and how many of them are idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connections {
    pub open: u32,
    pub idle: u32,
}

/// Tells a server that the directory changed, wherever the change was made.
#[async_trait]
pub trait ChangeFeed: Send {
    /// Waits for the next change. A lost connection counts as one, since
    /// changes made meanwhile were missed.
    async fn next_change(&mut self) -> Result<(), StoreError>;
}

/// Staff changes to services: versioned, each with its audit entry.
#[async_trait]
pub trait EditStore: Send + Sync {
    /// A service, archived or not, with its version.
    async fn stored_service(&self, slug: &str) -> Result<Option<StoredService>, StoreError>;
    /// Every service, archived or not, by name.
    async fn staff_list(&self) -> Result<Vec<StaffServiceRow>, StoreError>;
    /// A service's audit log, newest first.
    async fn history(&self, slug: &str) -> Result<Vec<AuditEntry>, StoreError>;
    /// The staff-only details of every listed service that has some, by slug.
    async fn listed_staff_details(
        &self,
    ) -> Result<Vec<(String, StaffOnly<StaffDetails>)>, StoreError>;
    /// Stores a new service as version 1; `false` if its slug is taken.
    async fn create_service(
        &self,
        record: &ServiceRecord,
        details: &StaffDetails,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError>;
    /// Replaces a service's fields and staff-only details if it is still at
    /// `version`; `false` if not.
    async fn update_service(
        &self,
        version: i64,
        record: &ServiceRecord,
        details: &StaffDetails,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError>;
    /// Makes the accounts with `emails` a service's owners if it is still
    /// at `version`.
    async fn set_owners(
        &self,
        slug: &str,
        version: i64,
        emails: &[String],
        note: AuditNote<'_>,
    ) -> Result<OwnersSet, StoreError>;
    /// Sets a service's "last reviewed" date to `today` if it is still at
    /// `version`; `false` if not.
    async fn mark_reviewed(
        &self,
        slug: &str,
        version: i64,
        today: &str,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError>;
    /// Archives or restores a service if it is still at `version`; `false` if not.
    async fn set_archived(
        &self,
        slug: &str,
        version: i64,
        archived: bool,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError>;
}

/// Staff accounts: who they are, their password and role.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Adds an account; `None` if the email is taken.
    async fn add_account(
        &self,
        email: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<i64>, StoreError>;
    /// Disables (ending its sessions) or enables an account; never the last
    /// enabled admin.
    async fn set_disabled(&self, id: i64, disabled: bool) -> Result<AccountChange, StoreError>;
    /// Changes an account's role; never the last enabled admin's to a
    /// lesser one.
    async fn set_role(&self, id: i64, role: Role) -> Result<AccountChange, StoreError>;
    /// The account with this email.
    async fn account(&self, email: &str) -> Result<Option<AccountRow>, StoreError>;
    /// Every account, by email.
    async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError>;
    /// What a sign-in with this email is checked against.
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError>;
    /// Replaces an account's password hash.
    async fn set_password(&self, id: i64, password_hash: &str) -> Result<(), StoreError>;
}

crate::vocabulary::vocabulary! {
    /// How far a session's sign-in has gone.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum SessionStage {
        /// The password was right; a code from the authenticator app is next.
        Code => ("code", "Entering a code"),
        /// The password was right, and the account has no second factor
        /// yet: setting one up is next.
        Enrol => ("enrol", "Setting up an authenticator app"),
        /// Signed in.
        Full => ("full", "Signed in"),
    }
}

/// A new session, as it is stored.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    /// A random id to name the session by on the member of staff's own
    /// sessions list (the token's hash is never shown).
    pub handle: &'a str,
    pub user_id: i64,
    pub stage: SessionStage,
    /// The browser, as its `User-Agent` names it (shortened).
    pub device: &'a str,
    pub now: i64,
    /// Seconds it lasts at most.
    pub lasts: i64,
    /// Whether it starts confirmed (see [`Proof`]).
    pub proof: Proof,
}

/// What a session was started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// The member of staff's password or a code, just now: it counts as a
    /// recent confirmation for admin actions.
    Ours,
    /// A sign-in elsewhere (an NHS account): admin actions ask for a code.
    Provider,
}

/// A live session and whose it is.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub member: StaffMember,
    pub stage: SessionStage,
    pub handle: String,
    /// When the member of staff last gave their password or a code (unix
    /// seconds).
    pub confirmed_at: i64,
}

/// Staff sessions, each keyed by the hash of a random token that only the
/// browser's cookie holds.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Starts a session; clears ended ones on the way.
    async fn start_session(&self, session: NewSession<'_>) -> Result<(), StoreError>;
    /// The session, if it has not ended at `now` (its limit not reached,
    /// used within the last `idle` seconds) and its account is enabled; it
    /// counts as used at `now` (noted once a minute at most).
    async fn live_session(
        &self,
        token_hash: &str,
        now: i64,
        idle: i64,
    ) -> Result<Option<LiveSession>, StoreError>;
    /// Moves a session to `stage`, confirmed at `now`.
    async fn confirm_session(
        &self,
        token_hash: &str,
        stage: SessionStage,
        now: i64,
    ) -> Result<(), StoreError>;
    /// An account's sessions that have not ended at `now`, signed in or
    /// halfway, newest first.
    async fn sessions_of(
        &self,
        user_id: i64,
        now: i64,
        idle: i64,
    ) -> Result<Vec<SessionListing>, StoreError>;
    /// Ends a session.
    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Ends one of an account's sessions, by its handle; `false` if there
    /// was none.
    async fn end_session_by_handle(&self, user_id: i64, handle: &str) -> Result<bool, StoreError>;
    /// Ends every session of an account but `keep` (a token hash), if given.
    async fn end_sessions_of(&self, user_id: i64, keep: Option<&str>) -> Result<(), StoreError>;
}

/// An account's second factor as stored.
#[derive(Debug, Clone, Default)]
pub struct StoredSecondFactor {
    /// The authenticator app's secret (base32), once set up.
    pub secret: Option<String>,
    /// The last time step a code was accepted for: no code is accepted
    /// twice.
    pub last_step: i64,
}

/// Second factors: authenticator app secrets and recovery codes (stored as
/// hashes). A secret is offered to one session (by its handle) at a time:
/// another session of the same account is offered one of its own.
#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    async fn second_factor(&self, user_id: i64) -> Result<StoredSecondFactor, StoreError>;
    /// The secret offered to a session setting up the app, if any.
    async fn offered_secret(&self, handle: &str) -> Result<Option<String>, StoreError>;
    /// Keeps a secret offered to a session setting up the app.
    async fn offer_secret(&self, handle: &str, secret: &str) -> Result<(), StoreError>;
    /// Makes `secret` the account's, if it has none yet and the session
    /// (`handle`) was offered it, with `step` used and these recovery codes;
    /// `false` if not.
    async fn enrol(
        &self,
        user_id: i64,
        (handle, secret): (&str, &str),
        step: i64,
        recovery_code_hashes: &[String],
    ) -> Result<bool, StoreError>;
    /// Uses a time step, if it is later than the last used; `false` if not.
    async fn use_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError>;
    /// Uses up a recovery code; `false` if the account has no such code.
    async fn use_recovery_code(&self, user_id: i64, code_hash: &str) -> Result<bool, StoreError>;
    /// How many unused recovery codes an account has.
    async fn recovery_codes_left(&self, user_id: i64) -> Result<i64, StoreError>;
}

/// An invitation to make an account, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInvitation {
    pub email: String,
    pub role: Role,
}

/// Invitations to make a staff account, each keyed by the hash of a random
/// token that only the link holds.
#[async_trait]
pub trait InvitationStore: Send + Sync {
    /// Stores an invitation; `false` if an account has the email already.
    async fn add_invitation(
        &self,
        token_hash: &str,
        invitation: &StoredInvitation,
        invited_by: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError>;
    /// The invitation, if it is unused, has not expired at `now`, and its
    /// inviter is still an enabled admin (or the server's command).
    async fn invitation(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<StoredInvitation>, StoreError>;
    /// Uses the invitation (if unused and unexpired at `now`) and makes its
    /// account with this password, in one transaction; the account's id.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        now: i64,
        password_hash: &str,
    ) -> Result<Option<(i64, StoredInvitation)>, StoreError>;
}

/// The audit of staff accounts: sign-ins, failures, enrolments,
/// invitations, password and role changes, disabling and enabling.
#[async_trait]
pub trait AccountEventStore: Send + Sync {
    /// Adds an event.
    async fn record_event(&self, event: &AccountEvent) -> Result<(), StoreError>;
    /// The newest events that `filter` lets through, newest first.
    async fn events(
        &self,
        filter: &EventFilter,
        limit: i64,
    ) -> Result<Vec<AccountEvent>, StoreError>;
}

/// What disabling or enabling an account did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    Done,
    NoSuchAccount,
    /// Refused: it is the last enabled admin, and the site would have none
    /// (checked in the same transaction as the change).
    LastAdmin,
}

/// Sign-in attempts, counted where every server sees them. Each subject (a
/// client address or an account) is counted in windows: a window begins
/// with the subject's first attempt and lasts a given number of seconds.
/// The longest window attempts are counted in, in seconds: a day.
pub const LONGEST_ATTEMPT_WINDOW: i64 = 24 * 60 * 60;

#[async_trait]
pub trait SignInAttempts: Send + Sync {
    /// Counts an attempt at `now` (unix seconds) and returns how many the
    /// subject's current window holds, this one included; forgets every
    /// subject's counts begun over [`LONGEST_ATTEMPT_WINDOW`] ago (a count
    /// is per subject, so one caller's short window never ends another's).
    async fn count_attempt(&self, subject: &str, now: i64, window: i64) -> Result<i64, StoreError>;
    /// Takes back `attempts` of the subject's attempts, or all of them.
    async fn take_back(&self, subject: &str, attempts: Option<i64>) -> Result<(), StoreError>;
}

/// A sign-in with an NHS account under way: sent to the provider, not
/// back yet.
#[derive(Debug, Clone)]
pub struct SsoStart {
    /// SHA-256, hex, of the `state` sent to the provider.
    pub state_hash: String,
    /// SHA-256, hex, of the cookie the browser that started it was given.
    pub browser_hash: String,
    pub pkce_verifier: String,
    pub nonce: String,
    /// Unix seconds.
    pub started_at: i64,
}

/// Sign-ins with an NHS account under way, each used once.
#[async_trait]
pub trait SsoStore: Send + Sync {
    /// Forgets the sign-ins started before `stale_before`, then keeps this
    /// one unless `most` are under way (`false`).
    async fn save_sso_start(
        &self,
        start: &SsoStart,
        stale_before: i64,
        most: i64,
    ) -> Result<bool, StoreError>;
    /// Takes (removes and returns) the sign-in under way with this state.
    async fn take_sso_start(&self, state_hash: &str) -> Result<Option<SsoStart>, StoreError>;
}

/// Reports of problems with services' entries, each audited with its
/// service.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Keeps a report about the listed service `slug` from `reporter` (a
    /// member of staff's email, or `None` for a visitor), at `at` (unix
    /// seconds), with its audit entry; `false` if no listed service has
    /// that slug.
    async fn add_report(
        &self,
        slug: &str,
        report: &crate::reports::CheckedReport,
        reporter: Option<&str>,
        at: i64,
    ) -> Result<bool, StoreError>;
    /// The open reports, oldest first: every one, or (`owner`) those about
    /// services that account owns.
    async fn open_reports(
        &self,
        owner: Option<&str>,
    ) -> Result<Vec<crate::reports::ProblemReport>, StoreError>;
    /// Closes report `id` with `note` by `staff_email` at `at`, with its
    /// audit entry, if it is open and (`owner`) about a service that
    /// account owns.
    async fn close_report(
        &self,
        id: i64,
        owner: Option<&str>,
        note: &str,
        staff_email: &str,
        at: i64,
    ) -> Result<crate::reports::Closing, StoreError>;
}

/// Everything the site stores: what the directory is open on (see
/// [`Directory::storage`](crate::directory::live::Directory::storage)).
pub trait Storage:
    DirectoryStore
    + EditStore
    + AccountStore
    + SessionStore
    + SecondFactorStore
    + InvitationStore
    + AccountEventStore
    + SignInAttempts
    + SsoStore
    + ReportStore
{
}

impl<T> Storage for T where
    T: DirectoryStore
        + EditStore
        + AccountStore
        + SessionStore
        + SecondFactorStore
        + InvitationStore
        + AccountEventStore
        + SsoStore
        + SignInAttempts
        + ReportStore
{
}
