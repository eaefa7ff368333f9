//! Every word of the listed services' names, conditions and descriptions,
//! each with the services using it: what a search's words are matched
//! against (as prefixes, so results come from the first letter), in memory,
//! so that searching needs nothing from the database.

use super::search::{SearchWord, Vocabulary};
use fixedbitset::FixedBitSet;
use std::collections::BTreeMap;

/// A service's place among the listed services (its index in the catalogue).
pub(super) type Place = u32;

/// The words of the listed services, sorted, with their services' places.
#[derive(Debug, Default)]
pub(super) struct WordIndex {
    /// Sorted by word; each word's places ascending, once each.
    words: Vec<(String, Vec<Place>)>,
    /// How many services there are (the size of a set of places).
    services: usize,
}

impl WordIndex {
    /// The index of services given as their words, each service at its
    /// place (its position).
    pub(super) fn new<'a, Words>(services: impl IntoIterator<Item = Words>) -> Self
    where
        Words: IntoIterator<Item = &'a str>,
    {
        let mut words: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
        let mut count = 0;
        for (place, text) in (0..).zip(services) {
            for word in text {
                let places = words.entry(word).or_default();
                if places.last() != Some(&place) {
                    places.push(place);
                }
            }
            count += 1;
        }
        WordIndex {
            words: words
                .into_iter()
                .map(|(word, places)| (word.to_string(), places))
                .collect(),
            services: count,
        }
    }

    /// The places of the services that have, for every searched word, a
    /// word starting with one of its alternatives; in place order.
    pub(super) fn matching(&self, words: &[SearchWord]) -> Vec<Place> {
        let mut found: Option<FixedBitSet> = None;
        for word in words {
            let mut any = FixedBitSet::with_capacity(self.services);
            for alternative in &word.alternatives {
                for (_, places) in self.starting_with(alternative) {
                    for &place in places {
                        any.insert(index(place));
                    }
                }
            }
            match &mut found {
                None => found = Some(any),
                Some(all) => all.intersect_with(&any),
            }
        }
        found
            .map(|all| all.ones().filter_map(|i| Place::try_from(i).ok()).collect())
            .unwrap_or_default()
    }

    /// The indexed words starting with `prefix`, with their places.
    fn starting_with<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = &'a (String, Vec<Place>)> + 'a {
        let start = self
            .words
            .partition_point(|(word, _)| word.as_str() < prefix);
        self.words[start..]
            .iter()
            .take_while(move |(word, _)| word.starts_with(prefix))
    }

    /// The words with how many services use each: what typing mistakes are
    /// corrected towards.
    pub(super) fn vocabulary(&self) -> Vocabulary {
        Vocabulary::new(
            self.words
                .iter()
                .map(|(word, places)| {
                    (
                        word.clone(),
                        u32::try_from(places.len()).unwrap_or(u32::MAX),
                    )
                })
                .collect(),
        )
    }
}

fn index(place: Place) -> usize {
    usize::try_from(place).unwrap_or(usize::MAX)
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
        assert_eq!(index.matching(&[word(&["eart"])]), Vec::<Place>::new());
        assert_eq!(index.matching(&[]), Vec::<Place>::new());
    }

    #[test]
    fn the_vocabulary_counts_services_not_uses() {
        let index = index(&["heart heart heart", "heart"]);
        assert_eq!(
            index.vocabulary(),
            Vocabulary::new(vec![("heart".into(), 2)])
        );
    }
}
