//! Turning what someone typed into a safe full-text search: checking the
//! request, splitting words, adding synonyms, correcting typing mistakes
//! against the words the directory holds, and marking matches in results.
//! Pure functions; the in-memory word index matches the words (see
//! `word_index::WordIndex::matching`), never storage.

use super::{
    AgeGroup, Correction, FieldProblem, Highlighted, SearchRequest, ServiceGroup, AGE_FIELD,
    GROUP_FIELD, MAX_QUERY_CHARS, MAX_QUERY_WORDS, QUERY_FIELD, SITE_FIELD,
};
use std::collections::HashMap;

/// Words too common to narrow a search; dropped unless nothing else is left.
const STOP_WORDS: [&str; 14] = [
    "a", "an", "and", "at", "for", "i", "in", "is", "my", "of", "on", "the", "to", "with",
];

/// A search request that has been checked: normalised words and filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidSearch {
    /// Lower-case words of letters and digits only; empty for no text search.
    pub words: Vec<String>,
    pub group: Option<ServiceGroup>,
    pub site: Option<String>,
    pub age: Option<AgeGroup>,
    /// Page of results, from 1.
    pub page: usize,
}

impl ValidSearch {
    /// Whether anything narrows the list (otherwise the page shows the A to Z).
    pub fn is_everything(&self) -> bool {
        self.words.is_empty() && self.group.is_none() && self.site.is_none() && self.age.is_none()
    }
}

/// Lower-cases `text`, drops accents (é is e, ß is ss) and turns
/// everything but letters and digits into spaces: the words searches and
/// services are compared in. The directory is in English: Latin letters
/// are folded with a table of their own (names such as Ménière's), and
/// letters of other scripts kept as typed. Unicode's normalisation and case
/// tables would be most of the browser's search module, which runs this.
pub fn normalise(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match u32::from(c) {
            // Accents typed as marks of their own.
            0x300..=0x36F => {}
            code @ LATIN_FIRST..=LATIN_LAST => {
                let at = usize::try_from(code - LATIN_FIRST).unwrap_or_default();
                folded.push_str(LATIN_PLAIN.get(at).copied().unwrap_or(" "));
            }
            _ if c.is_alphanumeric() => folded.push(c.to_ascii_lowercase()),
            _ => folded.push(' '),
        }
    }
    folded
}

/// The first and last characters of [`LATIN_PLAIN`]: Latin-1's letters
/// and Latin Extended-A (À to ſ).
const LATIN_FIRST: u32 = 0xC0;
const LATIN_LAST: u32 = 0x17F;
/// Each Latin letter from `LATIN_FIRST` to `LATIN_LAST` as the plain lower
/// case letters it is read as; a space for × and ÷.
const LATIN_PLAIN: [&str; 192] = [
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o",
    "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a",
    "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", " ",
    "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c",
    "c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g",
    "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l",
    "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r",
    "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",
    "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z",
    "z", "z", "z", "z", "s",
];

/// The lower-case words of a text, as the search sees them.
pub fn words(text: &str) -> Vec<String> {
    normalise(text)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Each pair of neighbouring words of `text` written as one (`X-ray` gives
/// `xray`, `gall stones` gives `gallstones`): what a word typed whole
/// matches in a text that splits it.
pub fn joined_pairs(text: &str) -> Vec<String> {
    words(text).windows(2).map(<[String]>::concat).collect()
}

/// Checks a request against the limits and the known filter values.
/// `sites` lists the slugs of the trust's hospital sites.
pub fn validate(request: &SearchRequest, sites: &[&str]) -> Result<ValidSearch, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| {
        problems.push(FieldProblem {
            field: field.to_string(),
            message,
        })
    };
    let text = request.query_text();
    let mut words = Vec::new();
    if text.chars().count() > MAX_QUERY_CHARS {
        problem(
            QUERY_FIELD,
            format!("Search must be {MAX_QUERY_CHARS} characters or fewer"),
        );
    } else if !text.is_empty() {
        words = self::words(text);
        if words.is_empty() {
            problem(
                QUERY_FIELD,
                "Search must include a letter or a number, for example heart or X-ray".into(),
            );
        } else if words.len() > MAX_QUERY_WORDS {
            problem(
                QUERY_FIELD,
                format!("Search must be {MAX_QUERY_WORDS} words or fewer"),
            );
        }
        if words.iter().any(|w| !STOP_WORDS.contains(&w.as_str())) {
            words.retain(|w| !STOP_WORDS.contains(&w.as_str()));
        }
    }
    let chosen = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let group = chosen(&request.group).and_then(|value| {
        let group = ServiceGroup::from_slug(&value);
        if group.is_none() {
            problem(
                GROUP_FIELD,
                "Choose a specialist group from the list".into(),
            );
        }
        group
    });
    let site = chosen(&request.site).and_then(|value| {
        let known = sites.contains(&value.as_str());
        if !known {
            problem(SITE_FIELD, "Choose a hospital from the list".into());
        }
        known.then_some(value)
    });
    let age = chosen(&request.age).and_then(|value| {
        let age = AgeGroup::from_slug(&value).filter(|a| AgeGroup::FILTERS.contains(a));
        if age.is_none() {
            problem(AGE_FIELD, "Choose adults or children from the list".into());
        }
        age
    });
    let page = match chosen(&request.page) {
        None => 1,
        Some(value) => match value.parse::<usize>() {
            Ok(page) if (1..=10_000).contains(&page) => page,
            _ => {
                problem(
                    QUERY_FIELD,
                    "The page of results must be a number such as 2".into(),
                );
                1
            }
        },
    };
    if problems.is_empty() {
        Ok(ValidSearch {
            words,
            group,
            site,
            age,
            page,
        })
    } else {
        Err(problems)
    }
}

/// Everyday words and the specialty words they stand for (`synonyms.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms(HashMap<String, Vec<String>>);

impl Synonyms {
    pub fn new(map: HashMap<String, Vec<String>>) -> Self {
        Synonyms(map)
    }

    /// Every lay word with its specialty words, by lay word.
    pub fn sorted(&self) -> Vec<(&String, &Vec<String>)> {
        let mut all: Vec<_> = self.0.iter().collect();
        all.sort();
        all
    }

    /// The specialty words for `word`, if it is a lay word we know.
    pub fn of(&self, word: &str) -> &[String] {
        self.0.get(word).map(Vec::as_slice).unwrap_or_default()
    }
}

/// A searched word and the words a service may match it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWord {
    pub typed: String,
    /// Prefixes to look for: the word itself, its synonyms, or a correction.
    pub alternatives: Vec<String>,
}

/// A text search ready for the in-memory word index: every word must match
/// one of its alternatives, each as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlan {
    pub words: Vec<SearchWord>,
    pub corrections: Vec<Correction>,
}

impl SearchPlan {
    /// Expands checked words with synonyms and with the compound two
    /// neighbours make (`gall stones` may match `gallstones`), and corrects
    /// words that start no word in the directory.
    pub fn new(words: &[String], synonyms: &Synonyms, known_words: &KnownWords) -> Self {
        let mut corrections = Vec::new();
        let mut tried = 0;
        let mut compounds = vec![Vec::new(); words.len()];
        for (at, pair) in words.windows(2).enumerate() {
            let compound = pair.concat();
            if known_words.has_prefix(&compound) {
                compounds[at].push(compound.clone());
                compounds[at + 1].push(compound);
            }
        }
        let words = words
            .iter()
            .zip(compounds)
            .map(|(typed, compounds)| {
                let mut alternatives = vec![typed.clone()];
                alternatives.extend(synonyms.of(typed).iter().cloned());
                for compound in compounds {
                    alternatives.extend(synonyms.of(&compound).iter().cloned());
                    alternatives.push(compound);
                }
                if alternatives.len() == 1
                    && !known_words.has_prefix(typed)
                    && may_correct(typed, &mut tried)
                {
                    let length = typed.chars().count();
                    if let Some(used) = known_words.closest(typed, tolerance(length)) {
                        alternatives.push(used.to_string());
                        alternatives.extend(synonyms.of(used).iter().cloned());
                        corrections.push(Correction {
                            typed: typed.clone(),
                            used: used.to_string(),
                        });
                    }
                }
                alternatives.dedup();
                SearchWord {
                    typed: typed.clone(),
                    alternatives,
                }
            })
            .collect();
        SearchPlan { words, corrections }
    }

    /// The plan as one string, the same for the same words and
    /// alternatives (what the catalogue keeps short searches under).
    pub fn key(&self) -> String {
        self.words
            .iter()
            .map(|word| word.alternatives.join("|"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every prefix a word in a result may start with to be highlighted.
    pub fn prefixes(&self) -> Vec<String> {
        self.words
            .iter()
            .flat_map(|w| w.alternatives.iter().cloned())
            .collect()
    }
}

/// Splits `text` into runs, marking words that start with one of `prefixes`.
pub fn highlight(text: &str, prefixes: &[String]) -> Vec<Highlighted> {
    let mut runs: Vec<Highlighted> = Vec::new();
    let mut push = |piece: &str, matched: bool| match runs.last_mut() {
        Some(last) if last.matched == matched && !matched => last.text.push_str(piece),
        _ => runs.push(Highlighted {
            text: piece.to_string(),
            matched,
        }),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        if word_end == 0 {
            let gap_end = rest
                .char_indices()
                .find(|(_, c)| c.is_alphanumeric())
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            push(&rest[..gap_end], false);
            rest = &rest[gap_end..];
        } else {
            let word = &rest[..word_end];
            let folded = normalise(word);
            let matched = prefixes.iter().any(|p| folded.starts_with(p.as_str()));
            push(word, matched);
            rest = &rest[word_end..];
        }
    }
    runs
}

mod typos;
pub use typos::{did_you_mean, KnownWords};
use typos::{may_correct, tolerance};

#[cfg(test)]
mod tests;
