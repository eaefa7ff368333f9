//! Every word of the listed services' names, conditions and descriptions,
//! each with the services using it: what a search's words are matched
//! against (as prefixes, so results come from the first letter), in memory,
//! so that searching needs nothing from the database.

use super::search::{KnownWords, SearchWord};
use fixedbitset::FixedBitSet;
use std::collections::BTreeMap;

/// A service's position among the listed services (its index in the
/// catalogue's entries).
pub(super) type EntryIndex = u32;

/// The words of the listed services, sorted, with their services' indices.
#[derive(Debug, Default)]
pub(super) struct WordIndex {
    /// Sorted by word; each word's entries ascending, once each.
    words: Vec<(String, Vec<EntryIndex>)>,
    /// How many services there are (the size of a set of indices).
    services: usize,
}

impl WordIndex {
    /// The index of services given as their words, each service's index
    /// being its position.
    pub(super) fn new<'a, Words>(services: impl IntoIterator<Item = Words>) -> Self
    where
        Words: IntoIterator<Item = &'a str>,
    {
        let mut words: BTreeMap<&str, Vec<EntryIndex>> = BTreeMap::new();
        let mut count = 0;
        for (at, text) in (0..).zip(services) {
            for word in text {
                let entries = words.entry(word).or_default();
                if entries.last() != Some(&at) {
                    entries.push(at);
                }
            }
            count += 1;
        }
        WordIndex {
            words: words
                .into_iter()
                .map(|(word, entries)| (word.to_string(), entries))
                .collect(),
            services: count,
        }
    }

    /// The indices of the services that have, for every searched word, a
    /// word starting with one of its alternatives; ascending.
    pub(super) fn matching(&self, words: &[SearchWord]) -> Vec<EntryIndex> {
        let mut found: Option<FixedBitSet> = None;
        for any in words.iter().map(|word| self.matching_word(word)) {
            match &mut found {
                None => found = Some(any),
                Some(all) => all.intersect_with(&any),
            }
        }
        found.map(|all| indices(&all)).unwrap_or_default()
    }

    /// For each service, how many of the searched words it has a word for
    /// (by index), and the searched words that no service has.
    pub(super) fn words_matched<'a>(
        &self,
        words: &'a [SearchWord],
    ) -> (Vec<usize>, Vec<&'a SearchWord>) {
        let mut counts = vec![0; self.services];
        let mut unmatched = Vec::new();
        for word in words {
            let any = self.matching_word(word);
            if any.is_clear() {
                unmatched.push(word);
            }
            for at in any.ones() {
                if let Some(count) = counts.get_mut(at) {
                    *count += 1;
                }
            }
        }
        (counts, unmatched)
    }

    /// The services with a word starting with one of `word`'s alternatives.
    fn matching_word(&self, word: &SearchWord) -> FixedBitSet {
        let mut any = FixedBitSet::with_capacity(self.services);
        for alternative in &word.alternatives {
            for (_, entries) in self.starting_with(alternative) {
                for &at in entries {
                    any.insert(index(at));
                }
            }
        }
        any
    }

    /// The indexed words starting with `prefix`, with their entries.
    fn starting_with<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = &'a (String, Vec<EntryIndex>)> + 'a {
        let start = self
            .words
            .partition_point(|(word, _)| word.as_str() < prefix);
        self.words[start..]
            .iter()
            .take_while(move |(word, _)| word.starts_with(prefix))
    }

    /// The words with how many services use each, those `written` apart
    /// from the rest (joined neighbours).
    pub(super) fn known_words(&self, written: impl Fn(&str) -> bool) -> KnownWords {
        let (terms, compounds): (Vec<_>, Vec<_>) =
            self.words.iter().partition(|(word, _)| written(word));
        KnownWords::new(
            terms
                .into_iter()
                .map(|(word, entries)| {
                    let services = u32::try_from(entries.len()).unwrap_or(u32::MAX);
                    (word.clone(), services)
                })
                .collect(),
            compounds
                .into_iter()
                .map(|(word, _)| word.clone())
                .collect(),
        )
    }
}

fn index(at: EntryIndex) -> usize {
    usize::try_from(at).unwrap_or(usize::MAX)
}

/// The entry indices in a set, ascending.
fn indices(set: &FixedBitSet) -> Vec<EntryIndex> {
    set.ones()
        .filter_map(|i| EntryIndex::try_from(i).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(services: &[&str]) -> WordIndex {
        WordIndex::new(services.iter().map(|text| text.split(' ')))
    }

    fn word(alternatives: &[&str]) -> SearchWord {
        SearchWord {
            typed: alternatives[0].into(),
            alternatives: alternatives.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn every_word_must_start_a_word_of_the_service() {
        let index = index(&[
            "cardiology heart failure",
            "heart surgery bypass",
            "skin eczema",
        ]);
        assert_eq!(index.matching(&[word(&["heart"])]), [0, 1]);
        assert_eq!(index.matching(&[word(&["he"]), word(&["fail"])]), [0]);
        assert_eq!(index.matching(&[word(&["skin", "heart"])]), [0, 1, 2]);
        assert_eq!(index.matching(&[word(&["eart"])]), Vec::<EntryIndex>::new());
        assert_eq!(index.matching(&[]), Vec::<EntryIndex>::new());
    }

    #[test]
    fn known_words_count_services_not_uses() {
        let index = index(&["heart heart heart", "heart"]);
        assert_eq!(
            index.known_words(|_| true),
            KnownWords::new(vec![("heart".into(), 2)], Vec::new())
        );
    }

    #[test]
    fn joined_words_are_known_but_not_corrected_towards() {
        let index = index(&["x ray xray", "gall stones gallstones"]);
        let known = index.known_words(|word| !["xray", "gallstones"].contains(&word));
        assert!(known.has_prefix("xra") && known.has_prefix("gallst"));
        assert_eq!(known.closest("gallstonez", 2), None);
        assert_eq!(known.closest("stonez", 1), Some("stones"));
    }
}
