//! Limits on sign-in attempts, so that passwords cannot be guessed at
//! speed: per client address and per account, counted in storage so that
//! every server counts the same attempts.

use crate::storage::{unix_now, SignInAttempts, StoreError};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Sign-in attempts counted per client address and per account email,
/// before any password is checked. After too many in a window, sign-in is
/// refused until the window ends. Windows over are forgotten as attempts
/// are counted, so storage holds at most one window's subjects.
pub struct SignInLimiter {
    per_address: i64,
    per_account: i64,
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

fn account_subject(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

impl SignInLimiter {
    /// 5 attempts per account and 20 per address in 15 minutes.
    pub fn standard(attempts: Arc<dyn SignInAttempts>) -> Self {
        SignInLimiter::new(attempts, 20, 5, Duration::from_secs(15 * 60))
    }

    pub fn new(
        attempts: Arc<dyn SignInAttempts>,
        per_address: i64,
        per_account: i64,
        window: Duration,
    ) -> Self {
        SignInLimiter {
            per_address,
            per_account,
            window: i64::try_from(window.as_secs()).unwrap_or(i64::MAX),
            attempts,
        }
    }

    /// Counts an attempt from `address` for `email`, before its password is
    /// checked; `false` when either is over its limit. A refused attempt
    /// counts too: retrying does not help.
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
        let by_account = self
            .attempts
            .count_attempt(&account_subject(email), now, self.window)
            .await?;
        Ok(by_address <= self.per_address && by_account <= self.per_account)
    }

    /// An attempt signed in: the account starts afresh and the address gets
    /// its attempt back, so an office of staff signing in is never limited.
    pub async fn succeeded(&self, address: &str, email: &str) -> Result<(), StoreError> {
        self.attempts
            .take_back(&account_subject(email), true)
            .await?;
        self.attempts
            .take_back(&address_subject(address), false)
            .await
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
