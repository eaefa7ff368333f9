//! The second factor: a time-based code from an authenticator app (RFC
//! 6238: SHA-1, six digits, 30-second steps, one step either side), and
//! ten single-use recovery codes for when the app is lost.
//!
//! Recovery codes are about 50 random bits each and are kept as SHA-256 hashes:
//! too many guesses to try within the sign-in limits, so a slow hash would
//! only cost every sign-in time.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Builder, Secret, Totp};

/// The name authenticator apps show for the account.
pub const ISSUER: &str = "Leeds Teaching Hospitals staff";
/// How many recovery codes enrolment makes.
pub const RECOVERY_CODES: usize = 10;
/// The letters recovery codes are made of: no 0/o, 1/l/i to misread.
const RECOVERY_ALPHABET: &[u8; 31] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters in a recovery code, without its hyphen.
const RECOVERY_CHARS: usize = 10;

/// A new random secret for an authenticator app (160 bits, as RFC 4226
/// recommends), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

/// The TOTP of a stored secret for an account.
fn totp(secret: &str, email: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    // An `otpauth` label cannot hold a colon (one email address may).
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(email.replace(':', "."))
        .build()
        .ok()
}

/// The time step a six-digit code from the app belongs to, if it is right
/// at `now` (unix seconds) or one step either side. Spaces are ignored.
pub fn code_step(secret: &str, email: &str, code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = u64::try_from(now).ok()?;
    totp(secret, email)?
        .check(&code, now)
        .and_then(|step| i64::try_from(step).ok())
}

/// The code the app shows at `now` (for tests, and for the server's own
/// checks of this module).
pub fn code_at(secret: &str, now: i64) -> String {
    totp(secret, "")
        .zip(u64::try_from(now).ok())
        .map(|(totp, now)| totp.generate(now).to_string())
        .unwrap_or_default()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, email: &str) -> Option<String> {
    totp(secret, email)?.to_url().ok()
}

/// The QR code of `text`: its width and its modules, row by row (`true`
/// for dark).
pub fn qr_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|colour| colour == qrcode::Color::Dark)
        .collect();
    Some((code.width(), dark))
}

/// A secret in groups of four characters, easier to type from the screen.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Ten new recovery codes, like `abcde-fghjk`.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut letters = String::with_capacity(RECOVERY_CHARS);
            let mut byte = [0u8; 1];
            while letters.len() < RECOVERY_CHARS {
                // 248 = 8 × 31: bytes above it are dropped, so that every
                // letter is as likely.
                OsRng.fill_bytes(&mut byte);
                if byte[0] < 248 {
                    letters.push(char::from(RECOVERY_ALPHABET[usize::from(byte[0] % 31)]));
                }
            }
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect()
}

/// A recovery code as typed, made comparable: lower case, without spaces
/// or hyphens; `None` if it cannot be one.
fn normalised_recovery_code(code: &str) -> Option<String> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == RECOVERY_CHARS && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

/// The hash a recovery code is stored as; `None` if the text cannot be a
/// recovery code.
pub fn recovery_code_hash(code: &str) -> Option<String> {
    let code = normalised_recovery_code(code)?;
    Some(
        Sha256::digest(code.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_right_for_its_step_and_one_either_side() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "160 bits in base32: {secret}");
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        assert_eq!(code.len(), 6);
        assert_eq!(code_step(&secret, "a@nhs.net", &code, now), Some(now / 30));
        assert!(code_step(&secret, "a@nhs.net", &code, now + 30).is_some());
        assert!(code_step(&secret, "a@nhs.net", &code, now - 30).is_some());
        assert_eq!(code_step(&secret, "a@nhs.net", &code, now + 90), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(code_step(&secret, "a@nhs.net", &spaced, now).is_some());
        for wrong in ["", "12345", "1234567", "abcdef", "<script>"] {
            assert_eq!(code_step(&secret, "a@nhs.net", wrong, now), None, "{wrong}");
        }
    }

    #[test]
    fn the_rfc_6238_test_vector() {
        // RFC 6238 appendix B: SHA-1, secret "12345678901234567890", T = 59.
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code_at(&secret, 59), "287082");
        assert_eq!(code_at(&secret, 1_111_111_109), "081804");
    }

    #[test]
    fn the_qr_code_holds_the_otpauth_address() {
        let secret = new_secret();
        let url = otpauth_url(&secret, "ann@nhs.net").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&secret), "{url}");
        // An email address with a colon still makes codes and an address.
        assert!(otpauth_url(&secret, "\"a:b\"@nhs.net").is_some());
        let code = code_at(&secret, 1_800_000_000);
        assert!(code_step(&secret, "\"a:b\"@nhs.net", &code, 1_800_000_000).is_some());
        let (width, dark) = qr_modules(&url).unwrap();
        assert_eq!(dark.len(), width * width);
        assert!(dark.iter().any(|d| *d) && dark.iter().any(|d| !*d));
    }

    #[test]
    fn recovery_codes_are_ten_different_and_hash_as_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        let code = &codes[0];
        let hash = recovery_code_hash(code).unwrap();
        assert_eq!(recovery_code_hash(&code.to_uppercase()), Some(hash.clone()));
        assert_eq!(recovery_code_hash(&code.replace('-', " ")), Some(hash));
        for wrong in ["", "123456", "abcde-fghj", "abcde-fghjkl", "abcde-fghj0"] {
            assert_eq!(recovery_code_hash(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn secrets_are_grouped_in_fours() {
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
