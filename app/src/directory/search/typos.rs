//! Typing mistakes: the words of the directory, the one nearest to a word
//! typed wrong (edit distance from `strsim`), and how far a correction may go.

use strsim::osa_distance;

/// Every word the directory's services contain: those written, with how
/// many services contain each (what typing mistakes are corrected towards),
/// and those made by joining two written neighbours (matched, never
/// corrected towards: there are many, and a correction should be a word
/// someone wrote).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownWords {
    /// Sorted by word.
    terms: Vec<(String, u32)>,
    /// Sorted.
    compounds: Vec<String>,
}

impl KnownWords {
    pub fn new(mut terms: Vec<(String, u32)>, mut compounds: Vec<String>) -> Self {
        terms.sort();
        terms.dedup_by(|a, b| a.0 == b.0);
        compounds.sort();
        compounds.dedup();
        KnownWords { terms, compounds }
    }

    /// Whether some word of the directory, written or joined, starts with
    /// `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let start = self.terms.partition_point(|(t, _)| t.as_str() < prefix);
        let written = self
            .terms
            .get(start)
            .is_some_and(|(t, _)| t.starts_with(prefix));
        let start = self.compounds.partition_point(|t| t.as_str() < prefix);
        written
            || self
                .compounds
                .get(start)
                .is_some_and(|t| t.starts_with(prefix))
    }

    /// The directory word nearest to `word` within `max_distance` edits
    /// (inserting, deleting or changing a letter, or swapping two next to
    /// each other), also comparing with the start of longer words (someone
    /// still typing). Ties go to the word more services use.
    pub fn closest(&self, word: &str, max_distance: usize) -> Option<&str> {
        let length = word.chars().count();
        let mut best: Option<(usize, u32, &str)> = None;
        for (term, docs) in &self.terms {
            let term_length = term.chars().count();
            if term_length < 2 || term_length + max_distance < length {
                continue;
            }
            let mut distance = usize::MAX;
            if term_length.abs_diff(length) <= max_distance {
                distance = osa_distance(word, term);
            }
            for cut in [length, length + 1] {
                if let Some((end, _)) = term.char_indices().nth(cut) {
                    distance = distance.min(osa_distance(word, &term[..end]));
                }
            }
            if distance > max_distance {
                continue;
            }
            let better = match best {
                None => true,
                Some((d, n, _)) => distance < d || (distance == d && *docs > n),
            };
            if better {
                best = Some((distance, *docs, term));
            }
        }
        best.map(|(_, _, term)| term)
    }
}

/// Words per search that typo correction looks at, and the longest word it
/// tries: each try compares the word with every directory word, so a
/// search of many long made-up words must not cost many times that.
pub(super) const MAX_CORRECTED_WORDS: usize = 3;
pub(super) const MAX_CORRECTED_CHARS: usize = 24;

/// Whether typo correction may try `word`, after `tried` words already.
pub(super) fn may_correct(word: &str, tried: &mut usize) -> bool {
    if *tried >= MAX_CORRECTED_WORDS || word.chars().count() > MAX_CORRECTED_CHARS {
        return false;
    }
    *tried += 1;
    true
}

/// How many edits a word of `length` letters may be from the word it meant.
pub(super) fn tolerance(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// When nothing matched: the search with each word replaced by the nearest
/// directory word, if that changes anything.
pub fn did_you_mean(words: &[String], known_words: &KnownWords) -> Option<String> {
    let mut changed = false;
    let mut tried = 0;
    let suggestion = words
        .iter()
        .map(|word| {
            if known_words.has_prefix(word) || !may_correct(word, &mut tried) {
                return word.clone();
            }
            let length = word.chars().count();
            match known_words.closest(word, tolerance(length) + 1) {
                Some(near) if near != word => {
                    changed = true;
                    near.to_string()
                }
                _ => word.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    changed.then_some(suggestion)
}
