//! Limits on sign-in attempts, so that passwords cannot be guessed at
//! speed: per client address and per account, in memory, bounded.

use lru::LruCache;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sign-in attempts counted per client address and per account email, in
/// memory, before any password is checked. After too many in a window,
/// sign-in is refused until the window ends. Each table keeps at most
/// [`LIMITER_KEYS`] keys, dropping the least recently used, so a flood of new
/// addresses or emails cannot grow it without end.
pub struct SignInLimiter {
    per_address: u32,
    per_account: u32,
    window: Duration,
    addresses: Mutex<LruCache<String, Attempts>>,
    accounts: Mutex<LruCache<String, Attempts>>,
}

/// How many keys each of the limiter's tables keeps (about 1 MB each).
pub const LIMITER_KEYS: usize = 10_000;

/// Attempts counted since a window began.
#[derive(Debug, Clone, Copy)]
struct Attempts {
    count: u32,
    since: Instant,
}

impl Default for SignInLimiter {
    /// 5 attempts per account and 20 per address in 15 minutes.
    fn default() -> Self {
        SignInLimiter::new(20, 5, Duration::from_secs(15 * 60))
    }
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

fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl SignInLimiter {
    pub fn new(per_address: u32, per_account: u32, window: Duration) -> Self {
        let keys = NonZeroUsize::new(LIMITER_KEYS).unwrap_or(NonZeroUsize::MIN);
        SignInLimiter {
            per_address,
            per_account,
            window,
            addresses: Mutex::new(LruCache::new(keys)),
            accounts: Mutex::new(LruCache::new(keys)),
        }
    }

    /// The attempts counted under `key` now (a finished window counts none).
    fn current(&self, table: &mut LruCache<String, Attempts>, key: &str, now: Instant) -> u32 {
        table
            .get(key)
            .filter(|attempts| now.duration_since(attempts.since) < self.window)
            .map_or(0, |attempts| attempts.count)
    }

    fn count(&self, table: &mut LruCache<String, Attempts>, key: String, now: Instant) {
        let count = self.current(table, &key, now);
        let since = match table.get(&key) {
            Some(attempts) if count > 0 => attempts.since,
            _ => now,
        };
        table.put(
            key,
            Attempts {
                count: count.saturating_add(1),
                since,
            },
        );
    }

    /// Counts an attempt from `address` for `email`, before its password is
    /// checked; `false` (and nothing counted) when either is over its limit.
    pub fn attempt(&self, address: &str, email: &str) -> bool {
        let (Ok(mut addresses), Ok(mut accounts)) = (self.addresses.lock(), self.accounts.lock())
        else {
            return false;
        };
        let now = Instant::now();
        let account = account_key(email);
        if self.current(&mut addresses, address, now) >= self.per_address
            || self.current(&mut accounts, &account, now) >= self.per_account
        {
            return false;
        }
        self.count(&mut addresses, address.to_string(), now);
        self.count(&mut accounts, account, now);
        true
    }

    /// An attempt signed in: the account starts afresh and the address gets
    /// its attempt back, so an office of staff signing in is never limited.
    pub fn succeeded(&self, address: &str, email: &str) {
        if let Ok(mut accounts) = self.accounts.lock() {
            accounts.pop(&account_key(email));
        }
        if let Ok(mut addresses) = self.addresses.lock() {
            if let Some(attempts) = addresses.get_mut(address) {
                attempts.count = attempts.count.saturating_sub(1);
            }
        }
    }

    /// How many addresses and accounts are being counted.
    pub fn tracked(&self) -> (usize, usize) {
        let addresses = self.addresses.lock().map_or(0, |t| t.len());
        let accounts = self.accounts.lock().map_or(0, |t| t.len());
        (addresses, accounts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_counts_attempts_per_account_and_per_address() {
        let limiter = SignInLimiter::new(3, 2, Duration::from_secs(60));
        assert!(limiter.attempt("1.1.1.1", "a@nhs.net"));
        assert!(limiter.attempt("2.2.2.2", "A@nhs.net"));
        // The account has had two attempts, from any address.
        assert!(!limiter.attempt("3.3.3.3", "a@nhs.net"));
        assert!(limiter.attempt("1.1.1.1", "b@nhs.net"));
        assert!(limiter.attempt("1.1.1.1", "c@nhs.net"));
        // The address has had three attempts, for any account.
        assert!(!limiter.attempt("1.1.1.1", "d@nhs.net"));
        // A success forgets the account and gives the address one back.
        limiter.succeeded("1.1.1.1", "a@nhs.net");
        assert!(limiter.attempt("1.1.1.1", "a@nhs.net"));
        assert!(!limiter.attempt("1.1.1.1", "e@nhs.net"));
    }

    #[test]
    fn limiter_forgets_after_the_window() {
        let limiter = SignInLimiter::new(1, 1, Duration::from_millis(1));
        assert!(limiter.attempt("1.1.1.1", "a@nhs.net"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(limiter.attempt("1.1.1.1", "a@nhs.net"));
    }

    #[test]
    fn limiter_memory_is_bounded() {
        let limiter = SignInLimiter::default();
        for i in 0..(LIMITER_KEYS + 500) {
            limiter.attempt(
                &format!("10.0.{}.{}", i / 256, i % 256),
                &format!("{i}@nhs.net"),
            );
        }
        assert_eq!(limiter.tracked(), (LIMITER_KEYS, LIMITER_KEYS));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(address_key(one), address_key(two));
        assert_eq!(address_key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3");
        assert_eq!(address_key("10.1.2.3".parse().unwrap()), "10.1.2.3");
    }
}
