//! What the site needs from its database, and nothing about how a database
//! gives it. Pages, server functions and the server's handlers reach storage
//! only through these traits: the request context holds the
//! [`Directory`](crate::directory::live::Directory), whose `storage()` is
//! the [`Storage`]. There is one implementation, with all the SQL: the
//! server's `storage::SqlStore`, for SQLite and PostgreSQL (where they
//! differ, by its `Dialect`).

use crate::directory::ServiceRecord;
use crate::model::ServiceLink;
use crate::staff::{
    AccountRow, AuditAction, AuditEntry, FieldChange, Role, StaffMember, StaffServiceRow,
};
use async_trait::async_trait;

/// Unix seconds now: the clock sessions and sign-in windows are kept by
/// (the servers', so every database compares the same numbers).
pub fn unix_now() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX)
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
    pub version: i64,
    pub archived: bool,
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
    /// One listed service.
    async fn listed_service(&self, slug: &str) -> Result<Option<ServiceRecord>, StoreError>;
    /// Names and slugs of listed services, by name; only `centre`'s if given.
    async fn links(&self, centre: Option<&str>) -> Result<Vec<ServiceLink>, StoreError>;
    /// Adds the services whose slugs are not stored yet; returns how many.
    async fn add_missing(&self, records: &[ServiceRecord]) -> Result<usize, StoreError>;
    /// Changes other servers make to the directory, as they commit; `None`
    /// when no other server can write (SQLite: one server).
    async fn watch_changes(&self) -> Result<Option<Box<dyn ChangeFeed>>, StoreError>;
    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Closes every connection, once the server has stopped serving: later
    /// calls fail.
    async fn close(&self);
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
    /// Stores a new service as version 1; `false` if its slug is taken.
    async fn create_service(
        &self,
        record: &ServiceRecord,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError>;
    /// Replaces a service's fields if it is still at `version`; `false` if not.
    async fn update_service(
        &self,
        version: i64,
        record: &ServiceRecord,
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

/// Staff accounts and their sessions.
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
    /// The account with this email.
    async fn account(&self, email: &str) -> Result<Option<AccountRow>, StoreError>;
    /// Every account, by email.
    async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError>;
    /// What a sign-in with this email is checked against.
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError>;
    /// Starts a session at `now` lasting `seconds` at most, keyed by its
    /// token's hash; clears ended ones on the way.
    async fn start_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        seconds: i64,
    ) -> Result<(), StoreError>;
    /// Who a session belongs to, if it has not ended at `now` (its limit
    /// not reached, used within the last `idle` seconds) and their account
    /// is enabled; it counts as used at `now` (noted once a minute at most).
    async fn session_member(
        &self,
        token_hash: &str,
        now: i64,
        idle: i64,
    ) -> Result<Option<StaffMember>, StoreError>;
    /// Ends a session.
    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Ends every session of an account.
    async fn end_sessions_of(&self, user_id: i64) -> Result<(), StoreError>;
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
#[async_trait]
pub trait SignInAttempts: Send + Sync {
    /// Counts an attempt at `now` (unix seconds) and returns how many the
    /// subject's current window holds, this one included; forgets windows
    /// over `window` seconds old.
    async fn count_attempt(&self, subject: &str, now: i64, window: i64) -> Result<i64, StoreError>;
    /// Takes back one of the subject's attempts, or all of them.
    async fn take_back(&self, subject: &str, all: bool) -> Result<(), StoreError>;
}

/// Everything the site stores: what the directory is open on (see
/// [`Directory::storage`](crate::directory::live::Directory::storage)).
pub trait Storage: DirectoryStore + EditStore + AccountStore + SignInAttempts {}

impl<T: DirectoryStore + EditStore + AccountStore + SignInAttempts> Storage for T {}
