//! Staff accounts, their sessions, second factors, invitations and audit,
//! kept in storage ([`Storage`]). Passwords are kept as Argon2id hashes;
//! sessions and invitations as the SHA-256 of a random token that only the
//! browser's cookie or the invitation's link holds.

use super::second_factor;
use super::{
    AccountEvent, AccountRow, EventFilter, EventKind, Role, SessionListing, StaffError,
    StaffMember, EVENTS_SHOWN, REAUTHENTICATE_AFTER_MINUTES,
};
use crate::directory::FieldProblem;
use crate::storage::{
    AccountChange, Clock, Credentials, LiveSession, NewSession, Proof, SessionStage, SsoStart,
    Storage, StoreError, StoredInvitation,
};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The longest a session lasts from sign-in, however much it is used: a
/// long shift.
pub const SESSION_LIMIT: Duration = Duration::from_secs(super::cookies::SESSION_HOURS * 60 * 60);
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

/// Checks a password a member of staff chooses: 12 to 128 characters,
/// and hard to guess (zxcvbn's score of 3 or more: about 10^10 guesses),
/// counting their email address as something a guesser knows.
pub fn check_new_password(field: &str, password: &str, email: &str) -> Result<(), FieldProblem> {
    let problem = |message: String| FieldProblem {
        field: field.to_string(),
        message,
    };
    let length = password.chars().count();
    if length == 0 {
        return Err(problem("Enter a password".to_string()));
    }
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(problem(format!(
            "Password must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters long"
        )));
    }
    // The whole address, its local part and each word of it.
    let local = email.split('@').next().unwrap_or_default();
    let known: Vec<&str> = [email, local]
        .into_iter()
        .chain(email.split(['@', '.', '-', '_']))
        .collect();
    if zxcvbn::zxcvbn(password, &known).score() < zxcvbn::Score::Three {
        return Err(problem(
            "Password is too easy to guess. Try 3 or 4 random words together".to_string(),
        ));
    }
    Ok(())
}

/// A new random session token (256 bits, hex).
/// The stored "hash" of an account with no password (made by single
/// sign-on): no password hashes to it.
pub const NO_PASSWORD: &str = "";

/// How long a sign-in with an NHS account may take, from leaving for the
/// provider to coming back.
pub const SSO_LIMIT_SECONDS: i64 = super::cookies::SIGN_IN_BROWSER_MINUTES * 60;

/// How many sign-ins with an NHS account may be under way at once (each
/// is a row, and anyone can start one): far more than 20,000 staff start
/// in 10 minutes.
pub const SSO_MOST_UNDER_WAY: i64 = 10_000;

/// A random token: 256 bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Whether `text` has the shape of a token [`new_token`] makes: a cookie
/// that has not names no session, and is not looked up.
pub fn is_token_shaped(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
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
    /// Signed in: password and second factor.
    Staff(SignedIn),
    /// The password was right; the second step (`next`: a code, or setting
    /// up an authenticator app) is not done, and nothing else may be.
    Halfway {
        member: StaffMember,
        next: SessionStage,
        /// Their session's handle.
        session: String,
    },
}

/// A member of staff signed in, and when they last proved it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub member: StaffMember,
    /// Their session's handle (see [`NewSession::handle`]).
    pub session: String,
    /// When they last gave their password or a code (unix seconds).
    pub confirmed_at: i64,
}

impl SignedIn {
    /// What opens their view of staff-only information.
    pub fn pass(&self) -> super::details::StaffPass {
        super::details::StaffPass::issue()
    }

    /// Whether they gave their password or a code within the last
    /// [`REAUTHENTICATE_AFTER_MINUTES`] by `now`: admin actions ask again
    /// after that.
    pub fn recently_confirmed(&self, now: i64) -> bool {
        now.saturating_sub(self.confirmed_at) < REAUTHENTICATE_AFTER_MINUTES * 60
    }
}

impl Visitor {
    /// Who a live session makes the visitor.
    pub fn of_session(session: LiveSession) -> Self {
        match session.stage {
            SessionStage::Full => Visitor::Staff(SignedIn {
                member: session.member,
                session: session.handle,
                confirmed_at: session.confirmed_at,
            }),
            next => Visitor::Halfway {
                member: session.member,
                next,
                session: session.handle,
            },
        }
    }

    /// The member of staff, if one is signed in.
    pub fn staff(&self) -> Option<&StaffMember> {
        self.signed_in().map(|signed_in| &signed_in.member)
    }

    /// The member of staff and their session, if one is signed in.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        match self {
            Visitor::Staff(signed_in) => Some(signed_in),
            Visitor::Anonymous | Visitor::Halfway { .. } => None,
        }
    }

    /// The member of staff halfway through signing in, and their
    /// session's handle, if their next step is `next`.
    pub fn halfway_at(&self, next: SessionStage) -> Option<(&StaffMember, &str)> {
        match self {
            Visitor::Halfway {
                member,
                next: theirs,
                session,
            } if *theirs == next => Some((member, session.as_str())),
            _ => None,
        }
    }

    /// The member of staff, if their role is at least `role`: the one role
    /// check, used by the form handlers' extractor and the server functions.
    pub fn at_least(&self, role: Role) -> Result<StaffMember, StaffError> {
        match self {
            Visitor::Staff(staff) if staff.member.may_act_as(role) => Ok(staff.member.clone()),
            Visitor::Staff(_) => Err(StaffError::Forbidden),
            Visitor::Halfway { .. } => Err(StaffError::SecondStepRequired),
            Visitor::Anonymous => Err(StaffError::SignInRequired),
        }
    }
}

/// Staff accounts, their sessions, second factors, invitations and audit.
#[derive(Clone)]
pub struct Accounts {
    store: Arc<dyn Storage>,
    /// Seconds a session may go unused before it ends.
    idle: i64,
    clock: Clock,
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// Adding an account (or inviting one) found its email taken.
#[derive(Debug, PartialEq, Eq)]
pub struct EmailTaken;

/// What a code typed at sign-in (or before an admin action) turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The authenticator app's code, not used before.
    App,
    /// One of the account's recovery codes, now used up.
    Recovery,
    /// Neither: wrong, already used, or no second factor set up.
    Wrong,
}

/// The inviter of invitations made with `server user invite`. Other
/// invitations work only while the admin who made them is an enabled
/// admin.
pub const CLI_INVITER: &str = "server user invite";

/// How long an invitation's link works.
pub const INVITATION_LIFETIME: Duration = Duration::from_secs(72 * 60 * 60);

/// The longest description of a device kept with a session.
const MAX_DEVICE_CHARS: usize = 120;

impl Accounts {
    /// Accounts whose sessions end after [`SESSION_IDLE`] unused, on the
    /// server's clock.
    pub fn new(store: Arc<dyn Storage>) -> Self {
        Accounts {
            store,
            idle: seconds(SESSION_IDLE),
            clock: Clock::default(),
        }
    }

    /// The same accounts, their sessions ending after `idle` unused.
    pub fn with_idle(self, idle: Duration) -> Self {
        Accounts {
            idle: seconds(idle),
            ..self
        }
    }

    /// The same accounts, kept by `clock`.
    pub fn with_clock(self, clock: Clock) -> Self {
        Accounts { clock, ..self }
    }

    /// Unix seconds now, by the accounts' clock.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Adds an account (email already checked); `Ok(Err(EmailTaken))` if it exists.
    pub async fn add(
        &self,
        email: &str,
        password: &str,
        role: Role,
    ) -> Result<Result<i64, EmailTaken>, AccountError> {
        let hash = hash_on_password_threads(password).await?;
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

    /// Changes an account's role; refused for the last enabled admin.
    pub async fn set_role(&self, id: i64, role: Role) -> Result<AccountChange, AccountError> {
        Ok(self.store.set_role(id, role).await?)
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
        // An account made by single sign-on has no password (`NO_PASSWORD`):
        // checked against the decoy, so it takes as long and never matches.
        let hash = found
            .as_ref()
            .map(|c| c.password_hash.clone())
            .filter(|hash| hash != NO_PASSWORD);
        let password = password.to_string();
        let matches = password_work(move || match hash {
            Some(hash) => password_matches(&hash, &password),
            None => password_matches(decoy_hash(), &password),
        })
        .await?;
        Ok(match found {
            Some(Credentials {
                member,
                disabled,
                password_hash,
            }) if matches && !disabled && password_hash != NO_PASSWORD => Some(member),
            _ => None,
        })
    }

    /// The member of staff a verified email from single sign-on is: their
    /// account, made now (`true`) with the `staff` role and no password if
    /// there is none. `None` if the account is disabled.
    pub async fn single_sign_on(
        &self,
        email: &str,
    ) -> Result<Option<(StaffMember, bool)>, AccountError> {
        let email = email.trim().to_lowercase();
        let made = self
            .store
            .add_account(&email, NO_PASSWORD, Role::Staff)
            .await?
            .is_some();
        let found = self.store.credentials(&email).await?;
        Ok(found
            .filter(|credentials| !credentials.disabled)
            .map(|credentials| (credentials.member, made)))
    }

    /// Keeps a sign-in with an NHS account under way, by its `state`, for
    /// the browser holding `browser` (its cookie); `false` when
    /// [`SSO_MOST_UNDER_WAY`] already are.
    pub async fn start_sso(
        &self,
        state: &str,
        browser: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<bool, AccountError> {
        let now = self.now();
        let start = SsoStart {
            state_hash: token_hash(state),
            browser_hash: token_hash(browser),
            pkce_verifier: pkce_verifier.to_string(),
            nonce: nonce.to_string(),
            started_at: now,
        };
        Ok(self
            .store
            .save_sso_start(&start, now - SSO_LIMIT_SECONDS, SSO_MOST_UNDER_WAY)
            .await?)
    }

    /// Takes the sign-in under way with `state`, once: only for the
    /// browser that started it (`browser`, its cookie) and within
    /// [`SSO_LIMIT_SECONDS`]; its PKCE verifier and nonce.
    pub async fn finish_sso(
        &self,
        state: &str,
        browser: Option<&str>,
    ) -> Result<Option<(String, String)>, AccountError> {
        let Some(start) = self.store.take_sso_start(&token_hash(state)).await? else {
            return Ok(None);
        };
        let same_browser = browser.is_some_and(|browser| token_hash(browser) == start.browser_hash);
        let in_time = self.now().saturating_sub(start.started_at) <= SSO_LIMIT_SECONDS;
        Ok((same_browser && in_time).then_some((start.pkce_verifier, start.nonce)))
    }

    /// Gives an account a new password (already checked).
    pub async fn set_password(&self, id: i64, password: &str) -> Result<(), AccountError> {
        let hash = hash_on_password_threads(password).await?;
        Ok(self.store.set_password(id, &hash).await?)
    }

    /// Whether an account has set up its authenticator app.
    pub async fn has_second_factor(&self, id: i64) -> Result<bool, AccountError> {
        Ok(self.store.second_factor(id).await?.secret.is_some())
    }

    /// Checks a code for an account: the app's (each time step accepted
    /// once) or a recovery code (each used once).
    pub async fn check_code(
        &self,
        member: &StaffMember,
        code: &str,
    ) -> Result<CodeCheck, AccountError> {
        let stored = self.store.second_factor(member.id).await?;
        let Some(secret) = stored.secret else {
            return Ok(CodeCheck::Wrong);
        };
        if let Some(step) = second_factor::code_step(&secret, &member.email, code, self.now()) {
            let fresh = step > stored.last_step && self.store.use_step(member.id, step).await?;
            return Ok(if fresh {
                CodeCheck::App
            } else {
                CodeCheck::Wrong
            });
        }
        match second_factor::recovery_code_hash(code) {
            Some(hash) if self.store.use_recovery_code(member.id, &hash).await? => {
                Ok(CodeCheck::Recovery)
            }
            _ => Ok(CodeCheck::Wrong),
        }
    }

    /// The secret offered to a session (`handle`) setting up the app: the
    /// one offered before, if any, so that reloading the page keeps the QR
    /// code the app may have read. Each session is offered its own.
    pub async fn offered_secret(&self, handle: &str) -> Result<String, AccountError> {
        if let Some(offered) = self.store.offered_secret(handle).await? {
            return Ok(offered);
        }
        let secret = second_factor::new_secret();
        self.store.offer_secret(handle, &secret).await?;
        Ok(secret)
    }

    /// Finishes setting up the app with a code from it for the secret
    /// offered to the session (`handle`): the new recovery codes, or `None`
    /// if the code is wrong or the account has an app already.
    pub async fn enrol(
        &self,
        member: &StaffMember,
        handle: &str,
        code: &str,
    ) -> Result<Option<Vec<String>>, AccountError> {
        let Some(secret) = self.store.offered_secret(handle).await? else {
            return Ok(None);
        };
        let Some(step) = second_factor::code_step(&secret, &member.email, code, self.now()) else {
            return Ok(None);
        };
        let codes = second_factor::new_recovery_codes();
        let hashes: Vec<String> = codes
            .iter()
            .filter_map(|code| second_factor::recovery_code_hash(code))
            .collect();
        let enrolled = self
            .store
            .enrol(member.id, (handle, &secret), step, &hashes)
            .await?;
        Ok(enrolled.then_some(codes))
    }

    /// How many unused recovery codes an account has.
    pub async fn recovery_codes_left(&self, id: i64) -> Result<i64, AccountError> {
        Ok(self.store.recovery_codes_left(id).await?)
    }

    /// Starts a session for an account at `stage`, from a browser that
    /// names itself `device`, signed in with `proof`; returns the cookie's
    /// token.
    pub async fn start_session(
        &self,
        user_id: i64,
        stage: SessionStage,
        device: &str,
        proof: Proof,
    ) -> Result<String, AccountError> {
        let token = new_token();
        let handle = new_token();
        let device: String = device.chars().take(MAX_DEVICE_CHARS).collect();
        self.store
            .start_session(NewSession {
                token_hash: &token_hash(&token),
                handle: &handle[..16],
                user_id,
                stage,
                device: &device,
                now: self.now(),
                lasts: seconds(SESSION_LIMIT),
                proof,
            })
            .await?;
        Ok(token)
    }

    /// A session token's session, if it has not ended (used in the idle
    /// time, within its limit) and the account is enabled.
    pub async fn session(&self, token: &str) -> Result<Option<LiveSession>, AccountError> {
        Ok(self
            .store
            .live_session(&token_hash(token), self.now(), self.idle)
            .await?)
    }

    /// Notes that the session's owner just gave their password or a code,
    /// moving it on to `stage`.
    pub async fn confirm(&self, token: &str, stage: SessionStage) -> Result<(), AccountError> {
        Ok(self
            .store
            .confirm_session(&token_hash(token), stage, self.now())
            .await?)
    }

    /// An account's sessions that are signed in, newest first.
    pub async fn sessions_of(&self, user_id: i64) -> Result<Vec<SessionListing>, AccountError> {
        Ok(self
            .store
            .sessions_of(user_id, self.now(), self.idle)
            .await?)
    }

    /// Ends one of an account's sessions; `false` if it had none by that
    /// handle.
    pub async fn end_session_by_handle(
        &self,
        user_id: i64,
        handle: &str,
    ) -> Result<bool, AccountError> {
        Ok(self.store.end_session_by_handle(user_id, handle).await?)
    }

    /// Ends every session of an account ("sign out everywhere"), or every
    /// one but the session of `keep` (a token).
    pub async fn end_sessions_of(
        &self,
        user_id: i64,
        keep: Option<&str>,
    ) -> Result<(), AccountError> {
        let keep = keep.map(token_hash);
        Ok(self.store.end_sessions_of(user_id, keep.as_deref()).await?)
    }

    /// Ends a session.
    pub async fn end_session(&self, token: &str) -> Result<(), AccountError> {
        Ok(self.store.end_session(&token_hash(token)).await?)
    }

    /// Invites `email` to make an account with `role`: the token for the
    /// link, or `Err(EmailTaken)` if the account exists.
    pub async fn invite(
        &self,
        email: &str,
        role: Role,
        invited_by: &str,
    ) -> Result<Result<String, EmailTaken>, AccountError> {
        let token = new_token();
        let invitation = StoredInvitation {
            email: email.to_string(),
            role,
        };
        let expires_at = self.now().saturating_add(seconds(INVITATION_LIFETIME));
        let added = self
            .store
            .add_invitation(&token_hash(&token), &invitation, invited_by, expires_at)
            .await?;
        Ok(if added { Ok(token) } else { Err(EmailTaken) })
    }

    /// The invitation a link's token names, if it is unused and unexpired.
    pub async fn invitation(&self, token: &str) -> Result<Option<StoredInvitation>, AccountError> {
        Ok(self
            .store
            .invitation(&token_hash(token), self.now())
            .await?)
    }

    /// Uses an invitation to make its account with `password` (already
    /// checked): the new member of staff, or `None` if the invitation is
    /// unknown, used or expired.
    pub async fn accept_invitation(
        &self,
        token: &str,
        password: &str,
    ) -> Result<Option<StaffMember>, AccountError> {
        let hash = hash_on_password_threads(password).await?;
        let accepted = self
            .store
            .accept_invitation(&token_hash(token), self.now(), &hash)
            .await?;
        Ok(accepted.map(|(id, invitation)| StaffMember {
            id,
            email: invitation.email,
            role: invitation.role,
        }))
    }

    /// Adds an event to the account audit, at the accounts' clock's now.
    pub async fn record(
        &self,
        kind: EventKind,
        account: Option<&str>,
        actor: Option<&str>,
        address: Option<&str>,
        detail: &str,
    ) -> Result<(), AccountError> {
        let event = AccountEvent {
            at: self.now(),
            kind,
            account: account.map(str::to_string),
            actor: actor.map(str::to_string),
            address: address.map(str::to_string),
            detail: detail.to_string(),
        };
        Ok(self.store.record_event(&event).await?)
    }

    /// The newest events that `filter` lets through.
    pub async fn events(&self, filter: &EventFilter) -> Result<Vec<AccountEvent>, AccountError> {
        Ok(self.store.events(filter, EVENTS_SHOWN).await?)
    }
}

/// Hashes a new password on the password threads.
async fn hash_on_password_threads(password: &str) -> Result<String, AccountError> {
    let password = password.to_string();
    password_work(move || hash_password(&password)).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_new_token_could_make_is_token_shaped() {
        for _ in 0..100 {
            assert!(is_token_shaped(&new_token()));
        }
        let token = new_token();
        for forged in [
            "",
            "forged",
            &token[1..],
            &format!("{token}0"),
            &token.to_uppercase(),
            &format!("{}g", &token[1..]),
        ] {
            assert!(!is_token_shaped(forged), "{forged}");
        }
    }

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
    fn passwords_need_twelve_characters_and_to_be_hard_to_guess() {
        let check = |password: &str| check_new_password("password", password, "ann.smith@nhs.net");
        assert!(check("").is_err());
        assert!(check("elevenchars").is_err());
        assert!(check(&"x".repeat(129)).is_err());
        for weak in [
            "password1234",
            "aaaaaaaaaaaaa",
            "ann.smith2026",
            "qwertyuiop12",
            "123456789012",
        ] {
            assert!(check(weak).is_err(), "{weak}");
        }
        for strong in ["correct horse battery staple", "wardround kettle pylon"] {
            assert!(check(strong).is_ok(), "{strong}");
        }
    }
}
