//! Staff accounts and sessions, in the directory's database. Passwords are
//! kept as Argon2id hashes; sessions as the SHA-256 of a random token that
//! only the browser's cookie holds.

use super::{AccountRow, Role, StaffMember};
use crate::directory::FieldProblem;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use std::sync::OnceLock;

/// How long a session lasts from sign-in: a working day.
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;
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
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("password hashing: {0}")]
    Hashing(String),
    #[error("stored account has unknown role '{0}'")]
    UnknownRole(String),
}

/// Hashes a password with Argon2id (the crate's default parameters) and a
/// random salt.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AccountError::Hashing(e.to_string()))
}

/// Whether `password` matches a stored hash.
fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// How many password hashes may be worked out at once in this process: each
/// takes 19 MiB and a core for a tenth of a second, so a burst of sign-ins
/// waits here rather than filling memory.
static PASSWORD_WORK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Runs password hashing work on the blocking pool, a few at a time.
async fn password_work<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccountError> {
    let _permit = PASSWORD_WORK
        .acquire()
        .await
        .map_err(|e| AccountError::Hashing(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AccountError::Hashing(e.to_string()))
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
pub fn check_password(field: &str, password: &str) -> Result<(), FieldProblem> {
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

type UserRow = (i64, String, String, String, bool);

fn member(id: i64, email: String, role: &str) -> Result<StaffMember, AccountError> {
    let role = Role::from_slug(role).ok_or_else(|| AccountError::UnknownRole(role.into()))?;
    Ok(StaffMember { id, email, role })
}

/// Who a request comes from: put in the request's extensions by the
/// server's session layer, read by server functions and form handlers.
#[derive(Debug, Clone, Default)]
pub struct SignedIn(pub Option<StaffMember>);

/// An account's columns as `find` and `list` read them.
type AccountFields = (i64, String, String, bool, String);

fn account_row(
    (id, email, role, disabled, created_at): AccountFields,
) -> Result<AccountRow, AccountError> {
    let StaffMember { id, email, role } = member(id, email, &role)?;
    Ok(AccountRow {
        id,
        email,
        role,
        disabled,
        created_at,
    })
}

/// Staff accounts and sessions.
#[derive(Clone)]
pub struct Accounts {
    pool: SqlitePool,
}

/// Adding an account found its email taken.
#[derive(Debug, PartialEq, Eq)]
pub struct EmailTaken;

impl Accounts {
    pub fn new(pool: SqlitePool) -> Self {
        Accounts { pool }
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
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO staff_users (email, password_hash, role) VALUES (?, ?, ?) \
             ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(email)
        .bind(hash)
        .bind(role.slug())
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.ok_or(EmailTaken))
    }

    /// Disables or enables an account; disabling also ends its sessions.
    /// `false` if there is no such account.
    pub async fn set_disabled(&self, id: i64, disabled: bool) -> Result<bool, AccountError> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query("UPDATE staff_users SET disabled = ? WHERE id = ?")
            .bind(disabled)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if disabled {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// The account with this email, if any.
    pub async fn find(&self, email: &str) -> Result<Option<AccountRow>, AccountError> {
        let row: Option<AccountFields> = sqlx::query_as(
            "SELECT id, email, role, disabled, created_at FROM staff_users WHERE email = ?",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        row.map(account_row).transpose()
    }

    /// Every account, by email.
    pub async fn list(&self) -> Result<Vec<AccountRow>, AccountError> {
        let rows: Vec<AccountFields> = sqlx::query_as(
            "SELECT id, email, role, disabled, created_at FROM staff_users ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(account_row).collect()
    }

    /// The account an email and password open, if it is enabled. Takes as
    /// long whether or not the email exists.
    pub async fn check_password(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<StaffMember>, AccountError> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT id, email, password_hash, role, disabled FROM staff_users WHERE email = ?",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        let hash = row.as_ref().map(|r| r.2.clone());
        let password = password.to_string();
        let matches = password_work(move || match hash {
            Some(hash) => password_matches(&hash, &password),
            None => password_matches(decoy_hash(), &password),
        })
        .await?;
        match row {
            Some((id, email, _, role, disabled)) if matches && !disabled => {
                Ok(Some(member(id, email, &role)?))
            }
            _ => Ok(None),
        }
    }

    /// Starts a session for an account; returns the cookie's token. Expired
    /// sessions are cleared on the way.
    pub async fn start_session(&self, user_id: i64) -> Result<String, AccountError> {
        let token = new_token();
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= unixepoch()")
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, expires_at) \
             VALUES (?, ?, unixepoch() + ?)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(SESSION_SECONDS)
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Who a session token belongs to, if it is current and the account enabled.
    pub async fn session(&self, token: &str) -> Result<Option<StaffMember>, AccountError> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT u.id, u.email, u.role FROM staff_sessions s \
             JOIN staff_users u ON u.id = s.user_id \
             WHERE s.token_hash = ? AND s.expires_at > unixepoch() AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, email, role)| member(id, email, &role))
            .transpose()
    }

    /// Ends a session.
    pub async fn end_session(&self, token: &str) -> Result<(), AccountError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = ?")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
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
        assert!(check_password("password", "elevenchars").is_err());
        assert!(check_password("password", "twelve chars").is_ok());
        assert!(check_password("password", &"x".repeat(129)).is_err());
    }
}
