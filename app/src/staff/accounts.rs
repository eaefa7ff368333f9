//! Staff accounts and sessions, kept in storage ([`AccountStore`]).
//! Passwords are kept as Argon2id hashes; sessions as the SHA-256 of a
//! random token that only the browser's cookie holds.

use super::{AccountRow, Role, StaffError, StaffMember};
use crate::directory::FieldProblem;
use crate::storage::unix_now;
use crate::storage::{AccountChange, AccountStore, Credentials, StoreError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The longest a session lasts from sign-in, however much it is used: a
/// long shift.
pub const SESSION_LIMIT: Duration = Duration::from_secs(12 * 60 * 60);
/// How long a session may go unused before it ends, unless configured.
pub const SESSION_IDLE: Duration = Duration::from_secs(30 * 60);
/// Shortest password accepted (NCSC: length over complexity).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted.
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Longest email address (RFC 5321).
pub const MAX_EMAIL_CHARS: usize = 254;

/// The one message for an unknown email, a wrong password or a disabled
/// account, so that sign-in tells nobody which accounts exist.
pub const SIGN_IN_REFUSED: &str = "Enter a correct email address and password";

/// Why an account operation failed. The text is for the server log only.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("password hashing: {0}")]
    Hashing(String),
}

thread_local! {
    /// The Argon2 memory of the thread running a hash (19 MiB with the
    /// default parameters), made once and used again for every hash: a
    /// new 19 MiB for each hash left the allocator holding one per hash in
    /// a burst of sign-ins (600 MB for 1,500 sign-ins at once).
    static ARGON2_MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2 (`version`, `params`) of `password` with `salt` into `out`, in
/// this thread's memory.
fn argon2id(
    version: Version,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    ARGON2_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < params.block_count() {
            memory.resize(params.block_count(), Block::default());
        }
        Argon2::new(Algorithm::Argon2id, version, params.clone()).hash_password_into_with_memory(
            password,
            salt,
            out,
            &mut memory[..],
        )
    })
}

fn hashing(error: impl std::fmt::Display) -> AccountError {
    AccountError::Hashing(error.to_string())
}

/// Hashes a password with Argon2id (the crate's default parameters) and a
/// random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(hashing)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2id(
        Version::V0x13,
        &params,
        password.as_bytes(),
        raw_salt,
        &mut out,
    )
    .map_err(hashing)?;
    let hash = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(hashing)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(hashing)?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches a stored Argon2id hash (compared in constant
/// time).
fn password_matches(hash: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let version = Version::try_from(parsed.version.unwrap_or(Version::V0x13.into()));
    let (Ok(version), Ok(params)) = (version, Params::try_from(&parsed)) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(raw_salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    parsed.algorithm == argon2::ARGON2ID_IDENT
        && argon2id(version, &params, password.as_bytes(), raw_salt, &mut out).is_ok()
        && Output::new(&out).is_ok_and(|out| out == expected)
}

/// Password hashing work runs on two threads of its own for the whole
/// process, a job at a time each: each thread keeps its Argon2 memory, so
/// hashing costs 2 × 19 MiB whatever the burst, and a burst of sign-ins
/// takes two cores at most.
const PASSWORD_THREADS: usize = 2;

type PasswordJob = Box<dyn FnOnce() + Send>;

fn password_threads() -> &'static std::sync::Mutex<std::sync::mpsc::Sender<PasswordJob>> {
    static JOBS: OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<PasswordJob>>> = OnceLock::new();
    JOBS.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<PasswordJob>();
        let receiver = Arc::new(std::sync::Mutex::new(receiver));
        for i in 0..PASSWORD_THREADS {
            let receiver = receiver.clone();
            let started = std::thread::Builder::new()
                .name(format!("password-{i}"))
                .spawn(move || loop {
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(error) = started {
                tracing::error!(%error, "starting a password thread failed");
            }
        }
        std::sync::Mutex::new(sender)
    })
}

/// Runs password hashing work on the password threads, in turn.
async fn password_work<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccountError> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: PasswordJob = Box::new(move || {
        let _ = reply.send(work());
    });
    password_threads()
        .lock()
        .map_err(hashing)?
        .send(job)
        .map_err(hashing)?;
    answer.await.map_err(hashing)
}

/// A hash no password matches, checked when the email is unknown so that a
/// wrong email takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("no account has this password").unwrap_or_default())
}

/// Checks an email address as typed for an account: lower-cased and trimmed.
pub fn check_email(field: &str, email: &str) -> Result<String, FieldProblem> {
    let email = email.trim().to_lowercase();
    let problem = |message: &str| FieldProblem {
        field: field.to_string(),
        message: message.to_string(),
    };
    if email.is_empty() {
        return Err(problem("Enter an email address"));
    }
    let well_formed = email.chars().count() <= MAX_EMAIL_CHARS
        && !email.contains(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if well_formed {
        Ok(email)
    } else {
        Err(problem(
            "Enter an email address in the correct format, like name@nhs.net",
        ))
    }
}

/// Checks a new password's length.
pub fn check_new_password(field: &str, password: &str) -> Result<(), FieldProblem> {
    let length = password.chars().count();
    if (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        Ok(())
    } else {
        Err(FieldProblem {
            field: field.to_string(),
            message: format!(
                "Password must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters long"
            ),
        })
    }
}

/// A new random session token (256 bits, hex).
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Who a request comes from (one of its facts: `request::RequestFacts`).
#[derive(Debug, Clone, Default)]
pub enum Visitor {
    /// Not signed in, or with a cookie that names no valid session.
    #[default]
    Anonymous,
    Staff(StaffMember),
}

impl Visitor {
    /// The member of staff, if one is signed in.
    pub fn staff(&self) -> Option<&StaffMember> {
        match self {
            Visitor::Staff(staff) => Some(staff),
            Visitor::Anonymous => None,
        }
    }

    /// The member of staff, if their role is at least `role`: the one role
    /// check, used by the form handlers' extractor and the server functions.
    pub fn at_least(&self, role: Role) -> Result<StaffMember, StaffError> {
        match self {
            Visitor::Staff(staff) if staff.may_act_as(role) => Ok(staff.clone()),
            Visitor::Staff(_) => Err(StaffError::Forbidden),
            Visitor::Anonymous => Err(StaffError::SignInRequired),
        }
    }
}

/// Staff accounts and sessions.
#[derive(Clone)]
pub struct Accounts {
    store: Arc<dyn AccountStore>,
    /// Seconds a session may go unused before it ends.
    idle: i64,
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// Adding an account found its email taken.
#[derive(Debug, PartialEq, Eq)]
pub struct EmailTaken;

impl Accounts {
    /// Accounts whose sessions end after [`SESSION_IDLE`] unused.
    pub fn new(store: Arc<dyn AccountStore>) -> Self {
        Accounts {
            store,
            idle: seconds(SESSION_IDLE),
        }
    }

    /// The same accounts, their sessions ending after `idle` unused.
    pub fn with_idle(self, idle: Duration) -> Self {
        Accounts {
            idle: seconds(idle),
            ..self
        }
    }

    /// Adds an account (email already checked); `Ok(Err(EmailTaken))` if it exists.
    pub async fn add(
        &self,
        email: &str,
        password: &str,
        role: Role,
    ) -> Result<Result<i64, EmailTaken>, AccountError> {
        let password = password.to_string();
        let hash = password_work(move || hash_password(&password)).await??;
        let id = self.store.add_account(email, &hash, role).await?;
        Ok(id.ok_or(EmailTaken))
    }

    /// Disables or enables an account; disabling also ends its sessions,
    /// and is refused for the last enabled admin.
    pub async fn set_disabled(
        &self,
        id: i64,
        disabled: bool,
    ) -> Result<AccountChange, AccountError> {
        Ok(self.store.set_disabled(id, disabled).await?)
    }

    /// The account with this email, if any.
    pub async fn find(&self, email: &str) -> Result<Option<AccountRow>, AccountError> {
        Ok(self.store.account(email).await?)
    }

    /// Every account, by email.
    pub async fn list(&self) -> Result<Vec<AccountRow>, AccountError> {
        Ok(self.store.accounts().await?)
    }

    /// The account an email and password open, if it is enabled. Takes as
    /// long whether or not the email exists.
    pub async fn authenticate(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<StaffMember>, AccountError> {
        let found = self.store.credentials(&email.trim().to_lowercase()).await?;
        let hash = found.as_ref().map(|c| c.password_hash.clone());
        let password = password.to_string();
        let matches = password_work(move || match hash {
            Some(hash) => password_matches(&hash, &password),
            None => password_matches(decoy_hash(), &password),
        })
        .await?;
        Ok(match found {
            Some(Credentials {
                member, disabled, ..
            }) if matches && !disabled => Some(member),
            _ => None,
        })
    }

    /// Starts a session for an account; returns the cookie's token.
    pub async fn start_session(&self, user_id: i64) -> Result<String, AccountError> {
        self.start_session_at(user_id, unix_now()).await
    }

    /// [`Accounts::start_session`] at `now`, in unix seconds.
    pub async fn start_session_at(&self, user_id: i64, now: i64) -> Result<String, AccountError> {
        let token = new_token();
        self.store
            .start_session(&token_hash(&token), user_id, now, seconds(SESSION_LIMIT))
            .await?;
        Ok(token)
    }

    /// Who a session token belongs to, if the session has not ended (used
    /// in the idle time, within its limit) and the account is enabled.
    pub async fn session(&self, token: &str) -> Result<Option<StaffMember>, AccountError> {
        self.session_at(token, unix_now()).await
    }

    /// [`Accounts::session`] at `now`, in unix seconds.
    pub async fn session_at(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<StaffMember>, AccountError> {
        Ok(self
            .store
            .session_member(&token_hash(token), now, self.idle)
            .await?)
    }

    /// Ends every session of an account ("sign out everywhere").
    pub async fn end_sessions_of(&self, user_id: i64) -> Result<(), AccountError> {
        Ok(self.store.end_sessions_of(user_id).await?)
    }

    /// Ends a session.
    pub async fn end_session(&self, token: &str) -> Result<(), AccountError> {
        Ok(self.store.end_session(&token_hash(token)).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_salted() {
        let one = hash_password("correct horse battery").unwrap();
        let two = hash_password("correct horse battery").unwrap();
        assert!(one.starts_with("$argon2id$"), "{one}");
        assert_ne!(one, two);
        assert!(password_matches(&one, "correct horse battery"));
        assert!(!password_matches(&one, "correct horse batterz"));
        assert!(!password_matches("not a hash", "anything"));
        // The same PHC strings as the crate's own hasher and verifier.
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let parsed = PasswordHash::new(&one).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(password_matches(&theirs, "correct horse battery"));
        assert!(!password_matches(&theirs, "correct horse batterz"));
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            check_email("email", "  Ann.Smith@NHS.net ").unwrap(),
            "ann.smith@nhs.net"
        );
        for bad in ["", "ann", "ann@nhs", "a nn@nhs.net", "@nhs.net"] {
            assert!(check_email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(check_new_password("password", "elevenchars").is_err());
        assert!(check_new_password("password", "twelve chars").is_ok());
        assert!(check_new_password("password", &"x".repeat(129)).is_err());
    }
}
