//! Limits on sign-in attempts, so that passwords cannot be guessed at
//! speed and yet no stranger can lock a member of staff out (NIST SP
//! 800-63B 5.2.2, the OWASP authentication cheat sheet): attempts are
//! counted per client address, and per account *from* that address, in
//! storage so that every server counts the same attempts.

use crate::storage::{unix_now, SignInAttempts, StoreError};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Sign-in attempts counted per client address and per (account, address),
/// before any password is checked. After too many in a window, that address
/// (or that account from that address) is refused until the window ends;
/// guessing an account from other addresses never stops its owner signing
/// in from theirs.
///
/// What storage holds is bounded: an address refused for its own limit
/// counts no account, so each address has at most `per_address` account
/// rows and one of its own in a window, and counts over a day old are
/// forgotten as attempts are counted. Emails are kept only as a hash.
pub struct SignInLimiter {
    per_address: i64,
    per_account_from_address: i64,
    window: i64,
    attempts: Arc<dyn SignInAttempts>,
}

/// The key an address is counted under: IPv6 clients by their /64 network,
/// which one household or office usually holds whole.
pub fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        },
    }
}

fn address_subject(address: &str) -> String {
    format!("address:{address}")
}

/// An account from an address: the email as typed (trimmed, lower-cased),
/// hashed, so the table holds no email address.
/// Wrong codes an account may have typed for it in a window, from all
/// addresses together.
pub const CODES_PER_ACCOUNT: i64 = 10;

fn account_codes_subject(email: &str) -> String {
    format!("codes:{}", short_hash(email))
}

fn short_hash(email: &str) -> String {
    let email = Sha256::digest(email.trim().to_lowercase().as_bytes());
    email.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

fn pair_subject(address: &str, email: &str) -> String {
    format!("account:{}:from:{address}", short_hash(email))
}

impl SignInLimiter {
    /// 10 attempts per address, 5 of them for one account, in 15 minutes.
    pub fn standard(attempts: Arc<dyn SignInAttempts>) -> Self {
        SignInLimiter::new(attempts, 10, 5, Duration::from_secs(15 * 60))
    }

    pub fn new(
        attempts: Arc<dyn SignInAttempts>,
        per_address: i64,
        per_account_from_address: i64,
        window: Duration,
    ) -> Self {
        SignInLimiter {
            per_address,
            per_account_from_address,
            window: i64::try_from(window.as_secs()).unwrap_or(i64::MAX),
            attempts,
        }
    }

    /// Counts an attempt from `address` for `email`, before its password is
    /// checked; `false` when the address, or the account from it, is over
    /// its limit. A refused attempt counts too: retrying does not help.
    pub async fn attempt(&self, address: &str, email: &str) -> Result<bool, StoreError> {
        self.attempt_at(address, email, unix_now()).await
    }

    /// [`SignInLimiter::attempt`] at `now`, in unix seconds.
    pub async fn attempt_at(
        &self,
        address: &str,
        email: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let by_address = self
            .attempts
            .count_attempt(&address_subject(address), now, self.window)
            .await?;
        if by_address > self.per_address {
            return Ok(false);
        }
        let by_account = self
            .attempts
            .count_attempt(&pair_subject(address, email), now, self.window)
            .await?;
        Ok(by_account <= self.per_account_from_address)
    }

    /// A right password: the address gets its attempt back (so an office
    /// of staff signing in from one address is never limited), but the
    /// account's count from there stays until the code is right too.
    pub async fn password_right(&self, address: &str) -> Result<(), StoreError> {
        self.attempts
            .take_back(&address_subject(address), Some(1))
            .await
    }

    /// A right code (or a right password where no code follows): the
    /// account starts afresh from that address, which gets the attempt back.
    pub async fn succeeded(&self, address: &str, email: &str) -> Result<(), StoreError> {
        self.attempts
            .take_back(&pair_subject(address, email), None)
            .await?;
        self.attempts
            .take_back(&account_codes_subject(email), None)
            .await?;
        self.attempts
            .take_back(&address_subject(address), Some(1))
            .await
    }

    /// Counts a code typed for an account, from anywhere: `false` once its
    /// window holds more than [`CODES_PER_ACCOUNT`]. Only someone who had
    /// the password can type one, so this locks out no stranger, and it
    /// stops a password-holder spreading code guesses over many addresses.
    pub async fn code_attempt(&self, email: &str) -> Result<bool, StoreError> {
        let count = self
            .attempts
            .count_attempt(&account_codes_subject(email), unix_now(), self.window)
            .await?;
        Ok(count <= CODES_PER_ACCOUNT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_by_their_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(address_key(one), address_key(two));
        assert_eq!(address_key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3");
        assert_eq!(address_key("10.1.2.3".parse().unwrap()), "10.1.2.3");
    }
}
