//! Which characters may appear in text the site stores and shows: one rule
//! for the content files, the seed services and the staff form alike.

/// Unicode's bidirectional formatting characters: they can make text show
/// in a different order from how it is stored (the "Trojan Source" trick).
const BIDI_CONTROLS: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// The first character `text` may not hold: a control character (line
/// breaks and tabs are allowed where `multiline`) or a bidirectional control.
pub fn forbidden_character(text: &str, multiline: bool) -> Option<char> {
    text.chars().find(|&c| {
        let layout = multiline && matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !layout) || BIDI_CONTROLS.contains(&c)
    })
}

/// A slug: lower-case letters and digits in words joined by single hyphens,
/// such as `cancer-centre` (the last part of an address).
pub fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The message for a field holding a forbidden character.
pub const FORBIDDEN_CHARACTER: &str = "must not contain control characters or text direction marks";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_single_hyphens() {
        assert!(is_slug("cancer-centre") && is_slug("a1"));
        for bad in ["Cancer", "a--b", "-a", "a-", "", "a b", "a_b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn control_and_bidi_characters_are_forbidden() {
        assert_eq!(forbidden_character("Cardiology", false), None);
        assert_eq!(forbidden_character("Ear, nose & throat – ENT", false), None);
        assert_eq!(forbidden_character("a\u{0}b", true), Some('\u{0}'));
        assert_eq!(forbidden_character("a\u{1b}[31mb", false), Some('\u{1b}'));
        assert_eq!(
            forbidden_character("abc\u{202E}fdp.exe", false),
            Some('\u{202E}')
        );
        assert_eq!(forbidden_character("x\u{2066}y", true), Some('\u{2066}'));
        assert_eq!(forbidden_character("line one\nline two", false), Some('\n'));
        assert_eq!(forbidden_character("line one\r\nline two\tend", true), None);
        assert_eq!(forbidden_character("\u{85}", true), Some('\u{85}'));
    }
}
