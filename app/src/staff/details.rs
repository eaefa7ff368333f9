//! Staff-only information about a service: the numbers staff dial and
//! bleep, the routes they follow out of hours and for referrals, where the
//! department is within its hospital. None of it may reach a public answer:
//! storage hands it out wrapped in [`StaffOnly`], which opens only with the
//! [`StaffPass`] of a signed-in member of staff, and has no `Serialize`,
//! `Display` or revealing `Debug`.

use serde::{Deserialize, Serialize};

/// A number staff dial or bleep, with who or what answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffNumber {
    /// Such as "Ward 12 nurses' station".
    pub label: String,
    pub number: String,
}

impl StaffNumber {
    /// The number as a `tel:` address: its digits, and a leading `+`.
    pub fn tel(&self) -> String {
        let plus = if self.number.trim_start().starts_with('+') {
            "+"
        } else {
            ""
        };
        let digits: String = self.number.chars().filter(char::is_ascii_digit).collect();
        format!("tel:{plus}{digits}")
    }
}

/// A service's staff-only information; every part may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDetails {
    /// Internal extensions and direct lines.
    pub phones: Vec<StaffNumber>,
    pub bleeps: Vec<StaffNumber>,
    /// On-call and out-of-hours routes.
    pub out_of_hours: String,
    /// How to refer from inside the trust.
    pub internal_referral: String,
    /// The internal referral form's address (`https://`), or "".
    pub referral_form: String,
    /// Where the department is within its hospital: ward, floor.
    pub whereabouts: String,
}

impl StaffDetails {
    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        *self == StaffDetails::default()
    }

    /// Whether every word of `words` (lower case) starts a word of these
    /// details: what staff search them by (a ward, a bleep number).
    pub fn matches(&self, words: &[String]) -> bool {
        if words.is_empty() {
            return false;
        }
        // "bleep 2345" finds a bleep number.
        let bleep = if self.bleeps.is_empty() { "" } else { "bleep" };
        let text = [
            numbers_text(&self.phones),
            numbers_text(&self.bleeps),
            bleep.to_string(),
            self.out_of_hours.clone(),
            self.internal_referral.clone(),
            self.whereabouts.clone(),
        ]
        .join(" ")
        .to_lowercase();
        let own: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words
            .iter()
            .all(|word| own.iter().any(|own| own.starts_with(word.as_str())))
    }
}

/// Numbers as the form and storage write them: one per line, `label: number`.
pub fn numbers_text(numbers: &[StaffNumber]) -> String {
    numbers
        .iter()
        .map(|n| format!("{}: {}", n.label, n.number))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Numbers read back from [`numbers_text`]'s form: each line split at its
/// last colon. A line without one is the line that could not be read.
pub fn parse_numbers(text: &str) -> Result<Vec<StaffNumber>, String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.rsplit_once(':') {
            Some((label, number)) if !label.trim().is_empty() && !number.trim().is_empty() => {
                Ok(StaffNumber {
                    label: label.trim().to_string(),
                    number: number.trim().to_string(),
                })
            }
            _ => Err(line.to_string()),
        })
        .collect()
}

#[cfg(feature = "ssr")]
pub use sealed::{StaffOnly, StaffPass};

#[cfg(feature = "ssr")]
mod sealed {
    /// Proof that a request comes from a signed-in member of staff: only
    /// [`SignedIn::pass`](crate::staff::accounts::SignedIn::pass) makes one,
    /// and only the request's session makes a `SignedIn`.
    pub struct StaffPass {
        _sealed: (),
    }

    impl StaffPass {
        pub(in crate::staff) fn issue() -> Self {
            StaffPass { _sealed: () }
        }
    }

    /// Staff-only data. It opens only with a [`StaffPass`], so code that
    /// answers an anonymous request cannot reach what it holds (it has no
    /// pass to give); it cannot be serialized, shown or logged closed.
    #[derive(Clone, Default, PartialEq, Eq)]
    pub struct StaffOnly<T>(T);

    impl<T> StaffOnly<T> {
        /// Marks `value` as staff-only.
        pub fn new(value: T) -> Self {
            StaffOnly(value)
        }

        /// What it holds, for a signed-in member of staff.
        pub fn open(&self, _pass: &StaffPass) -> &T {
            &self.0
        }
    }

    impl<T> std::fmt::Debug for StaffOnly<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("StaffOnly(..)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(label: &str, number: &str) -> StaffNumber {
        StaffNumber {
            label: label.into(),
            number: number.into(),
        }
    }

    #[test]
    fn numbers_are_written_and_read_back_one_per_line() {
        let numbers = vec![
            number("Ward 12: nurses' station", "23456"),
            number("Direct line", "+44 113 206 0000"),
        ];
        assert_eq!(parse_numbers(&numbers_text(&numbers)), Ok(numbers));
        assert_eq!(
            parse_numbers("Ward 12 23456"),
            Err("Ward 12 23456".to_string())
        );
        assert_eq!(number("x", "+44 (0)113 206").tel(), "tel:+440113206");
    }

    #[test]
    fn details_match_when_every_word_starts_one_of_theirs() {
        let details = StaffDetails {
            bleeps: vec![number("On-call registrar", "2345")],
            whereabouts: "Ward J24, level 2".into(),
            ..StaffDetails::default()
        };
        let words = |text: &str| -> Vec<String> {
            text.split_whitespace().map(str::to_lowercase).collect()
        };
        assert!(details.matches(&words("bleep 2345")));
        assert!(details.matches(&words("j24")));
        assert!(details.matches(&words("registrar")));
        assert!(!details.matches(&words("ward 9")));
        assert!(!details.matches(&[]));
        assert!(!StaffDetails::default().matches(&words("bleep")));
    }
}
