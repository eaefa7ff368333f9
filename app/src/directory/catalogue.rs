//! The catalogue: every listed service as searches need it, in memory, so
//! that matching, filtering, ordering and showing results never ask the
//! database. The database stays the record; the catalogue is rebuilt from it
//! after every change (see `live::InMemory`).

use super::search::{
    did_you_mean, highlight, joined_pairs, words, KnownWords, SearchPlan, SearchWord, Synonyms,
    ValidSearch,
};
pub(super) use super::word_index::EntryIndex;
use super::word_index::WordIndex;
use super::{
    a_to_z, AgeGroup, DirectoryListing, FieldProblem, SearchResults, ServiceGroup, ServiceRecord,
    ServiceSummary, PAGE_SIZE, PARTIAL_MATCHES_SHOWN, QUERY_FIELD,
};
use crate::convert::count_f64;
use crate::model::ServiceLink;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// A listed service as the search results need it, held in memory so that
/// filtering, ordering and showing results never scan the table. The
/// database stays the record; this is rebuilt after every change.
#[derive(Debug, Clone)]
pub(super) struct CatalogueEntry {
    /// The words of the name, conditions and description, lower case, for
    /// ranking.
    pub(super) name_words: Vec<String>,
    pub(super) condition_words: Vec<String>,
    pub(super) description_words: Vec<String>,
    /// Neighbouring words of each of those texts written as one (`xray` for
    /// `X-ray`), so that a word typed whole finds them.
    pub(super) joined_words: Vec<String>,
    pub(super) group: ServiceGroup,
    pub(super) age: AgeGroup,
    /// Everything a result or an export shows.
    pub(super) record: ServiceRecord,
}

/// A service the catalogue cannot hold, and why.
#[derive(Debug)]
pub struct CatalogueError {
    pub slug: String,
    pub message: &'static str,
}

impl CatalogueEntry {
    /// The service as one search result, words starting with `prefixes` marked.
    pub(super) fn summary(&self, prefixes: &[String]) -> ServiceSummary {
        let record = &self.record;
        let matched_conditions = if prefixes.is_empty() {
            Vec::new()
        } else {
            record
                .conditions
                .iter()
                .map(|c| highlight(c, prefixes))
                .filter(|runs| runs.iter().any(|r| r.matched))
                .take(3)
                .collect()
        };
        ServiceSummary {
            slug: record.slug.clone(),
            name: highlight(&record.name, prefixes),
            description: highlight(&record.description, prefixes),
            matched_conditions,
            group: self.group,
            age_group: self.age,
            sites: record.sites.iter().map(|l| l.site.clone()).collect(),
            open_now: None,
        }
    }

    /// How well the name matches a plan: 0 when every word matches a word of
    /// the name and the first word starts it, 1 when every word matches, else 2.
    pub(super) fn name_tier(&self, plan: &SearchPlan) -> u8 {
        let matches = |word: &SearchWord, name_word: &String| {
            word.alternatives
                .iter()
                .any(|a| name_word.starts_with(a.as_str()))
        };
        let all_in_name = plan
            .words
            .iter()
            .all(|word| self.name_words.iter().any(|n| matches(word, n)));
        let starts = match (plan.words.first(), self.name_words.first()) {
            (Some(word), Some(first)) => matches(word, first),
            _ => false,
        };
        match (all_in_name, starts) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        }
    }

    /// How much of the text is about the search: for each searched word, the
    /// share of each field's words it matches, a name match counting 10 times
    /// and a condition 4 times as much as one in the description.
    pub(super) fn relevance(&self, plan: &SearchPlan) -> u32 {
        let share = |words: &[String], word: &SearchWord| {
            let hits = words
                .iter()
                .filter(|w| word.alternatives.iter().any(|a| w.starts_with(a.as_str())))
                .count();
            count_f64(hits) / (count_f64(words.len()) + 2.0)
        };
        let score: f64 = plan
            .words
            .iter()
            .map(|word| {
                10.0 * share(&self.name_words, word)
                    + 4.0 * share(&self.condition_words, word)
                    + share(&self.description_words, word)
            })
            .sum();
        #[expect(
            clippy::as_conversions,
            reason = "a score of 0 to 150,000 to whole units; `as` saturates, never wraps"
        )]
        let rank = (score * 10_000.0) as u32;
        rank
    }
}

/// What the filters test of one service, packed small so that filtering
/// thousands of services reads little memory.
#[derive(Debug, Clone, Copy)]
pub(super) struct Facets {
    pub(super) group: ServiceGroup,
    pub(super) age: AgeGroup,
    /// One bit per site (see `Catalogue::site_bits`).
    pub(super) sites: u64,
}

/// A search's filters in the catalogue's terms.
pub(super) struct Filter {
    pub(super) group: Option<ServiceGroup>,
    pub(super) age: Option<AgeGroup>,
    /// The bit of the chosen site; 0 when no listed service is there.
    pub(super) site: Option<u64>,
}

impl Facets {
    pub(super) fn pass(&self, filter: &Filter) -> bool {
        filter.group.is_none_or(|g| g == self.group)
            && filter.age.is_none_or(|a| self.age.serves(a))
            && filter.site.is_none_or(|bit| self.sites & bit != 0)
    }
}

/// Every listed service, by name. Searches work with entry indices, not
/// ids, so that looking a service up is indexing a vector.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub(super) entries: Vec<CatalogueEntry>,
    /// The filter fields of `entries`, in the same order.
    pub(super) facets: Vec<Facets>,
    /// Which bit of `Facets::sites` stands for each site in use.
    pub(super) site_bits: HashMap<String, u64>,
    /// The services' words, for matching searches.
    pub(super) index: WordIndex,
    /// The same words with their counts, for correcting typing mistakes.
    pub(super) known_words: KnownWords,
    /// Ordered matches of searches whose words all have one or two
    /// characters: every search starts so while someone types, and they
    /// match most services. Few (36 + 36² single words), so kept until the
    /// next change, when a new catalogue starts empty.
    pub(super) short_searches: Mutex<HashMap<String, Arc<Vec<EntryIndex>>>>,
    /// Where each service's entry is, by slug.
    pub(super) by_slug: HashMap<String, EntryIndex>,
}

/// Where an entry index is in the catalogue's vectors.
fn index(at: EntryIndex) -> usize {
    usize::try_from(at).unwrap_or(usize::MAX)
}

impl Catalogue {
    /// The catalogue of the listed `services`, by name.
    pub fn new(services: Vec<ServiceRecord>) -> Result<Self, CatalogueError> {
        let mut catalogue = Catalogue::default();
        for record in services {
            let refuse = |message| CatalogueError {
                slug: record.slug.clone(),
                message,
            };
            let mut site_mask = 0;
            for location in &record.sites {
                let next_bit = catalogue.site_bits.len();
                let bit = match catalogue.site_bits.get(&location.site) {
                    Some(&bit) => bit,
                    None if next_bit < 64 => {
                        catalogue
                            .site_bits
                            .insert(location.site.clone(), 1 << next_bit);
                        1 << next_bit
                    }
                    None => return Err(refuse("more than 64 sites have services")),
                };
                site_mask |= bit;
            }
            if EntryIndex::try_from(catalogue.entries.len()).is_err() {
                return Err(refuse("too many services"));
            }
            let joined_words = std::iter::once(&record.name)
                .chain(&record.conditions)
                .chain(std::iter::once(&record.description))
                .flat_map(|text| joined_pairs(text))
                .collect();
            let entry = CatalogueEntry {
                joined_words,
                name_words: words(&record.name),
                condition_words: words(&record.conditions.join("\n")),
                description_words: words(&record.description),
                group: record.group,
                age: record.age_group,
                record,
            };
            catalogue.facets.push(Facets {
                group: entry.group,
                age: entry.age,
                sites: site_mask,
            });
            let at = EntryIndex::try_from(catalogue.entries.len()).unwrap_or(EntryIndex::MAX);
            catalogue.by_slug.insert(entry.record.slug.clone(), at);
            catalogue.entries.push(entry);
        }
        catalogue.index = WordIndex::new(catalogue.entries.iter().map(|entry| {
            let text = entry.name_words.iter().chain(&entry.condition_words);
            text.chain(&entry.description_words)
                .chain(&entry.joined_words)
                .map(String::as_str)
        }));
        let written: HashSet<&str> = catalogue
            .entries
            .iter()
            .flat_map(|entry| {
                let text = entry.name_words.iter().chain(&entry.condition_words);
                text.chain(&entry.description_words).map(String::as_str)
            })
            .collect();
        catalogue.known_words = catalogue.index.known_words(|word| written.contains(word));
        Ok(catalogue)
    }

    pub(super) fn entry(&self, at: EntryIndex) -> &CatalogueEntry {
        &self.entries[index(at)]
    }

    pub(super) fn filter(&self, search: &ValidSearch) -> Filter {
        Filter {
            group: search.group,
            age: search.age,
            site: search
                .site
                .as_ref()
                .map(|site| self.site_bits.get(site).copied().unwrap_or(0)),
        }
    }

    pub(super) fn passes(&self, at: EntryIndex, filter: &Filter) -> bool {
        self.facets[index(at)].pass(filter)
    }

    /// Orders matched entries best first: services whose names hold every
    /// word and start with the first, then those whose names hold every word,
    /// then the rest; within each, by relevance for up to [`RANKED_MATCHES`]
    /// matches, then by name.
    pub(super) fn order(&self, plan: &SearchPlan, found: &mut [EntryIndex]) {
        let ranked = found.len() <= RANKED_MATCHES;
        found.sort_by_cached_key(|&at| {
            let entry = self.entry(at);
            let relevance = if ranked { entry.relevance(plan) } else { 0 };
            (entry.name_tier(plan), std::cmp::Reverse(relevance), at)
        });
    }

    /// The entry indices of every listed service a search finds, best first (see
    /// [`Catalogue::order`]); without words, by name.
    pub(super) fn find(&self, search: &ValidSearch, plan: Option<&SearchPlan>) -> Vec<EntryIndex> {
        let filter = self.filter(search);
        let Some(plan) = plan else {
            return (0..EntryIndex::try_from(self.facets.len()).unwrap_or(EntryIndex::MAX))
                .filter(|&at| self.passes(at, &filter))
                .collect();
        };
        let short = plan
            .words
            .iter()
            .all(|w| w.typed.chars().count() <= SHORT_WORD);
        if !short {
            let mut found = self.index.matching(&plan.words);
            found.retain(|&at| self.passes(at, &filter));
            self.order(plan, &mut found);
            return found;
        }
        let key = plan.key();
        let kept = self
            .short_searches
            .lock()
            .ok()
            .and_then(|kept| kept.get(&key).cloned());
        let ordered = match kept {
            Some(ordered) => ordered,
            None => {
                let mut found = self.index.matching(&plan.words);
                self.order(plan, &mut found);
                let ordered = Arc::new(found);
                if let Ok(mut kept) = self.short_searches.lock() {
                    if kept.len() < SHORT_SEARCHES_KEPT {
                        kept.insert(key, ordered.clone());
                    }
                }
                ordered
            }
        };
        ordered
            .iter()
            .copied()
            .filter(|&at| self.passes(at, &filter))
            .collect()
    }

    /// The plan of a search's words, if it has any.
    pub(super) fn plan(&self, synonyms: &Synonyms, search: &ValidSearch) -> Option<SearchPlan> {
        (!search.words.is_empty())
            .then(|| SearchPlan::new(&search.words, synonyms, &self.known_words))
    }

    /// One page of results for a checked search.
    pub fn search(&self, synonyms: &Synonyms, search: &ValidSearch) -> SearchResults {
        let plan = self.plan(synonyms, search);
        let found = self.find(search, plan.as_ref());
        let total = found.len();
        let offset = ((search.page - 1) * PAGE_SIZE).min(total);
        let prefixes = plan.as_ref().map(SearchPlan::prefixes).unwrap_or_default();
        let services = found[offset..(offset + PAGE_SIZE).min(total)]
            .iter()
            .map(|&at| self.entry(at).summary(&prefixes))
            .collect();
        let did_you_mean = if total == 0 {
            self.did_you_mean(synonyms, search)
        } else {
            None
        };
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let (partial, not_found) = match &plan {
            Some(plan) if search.page >= pages => {
                let (partial, not_found) = self.partial_matches(search, plan);
                let partial = partial
                    .into_iter()
                    .map(|at| self.entry(at).summary(&prefixes))
                    .collect();
                (partial, not_found)
            }
            _ => (Vec::new(), Vec::new()),
        };
        SearchResults {
            total,
            page: search.page,
            pages,
            services,
            corrections: plan.map(|p| p.corrections).unwrap_or_default(),
            did_you_mean,
            partial,
            not_found,
        }
    }

    /// For a search that found nothing: the nearest words that would find
    /// something with the same filters, if any.
    fn did_you_mean(&self, synonyms: &Synonyms, search: &ValidSearch) -> Option<String> {
        let suggestion = did_you_mean(&search.words, &self.known_words)?;
        let suggested = ValidSearch {
            words: suggestion.split(' ').map(str::to_string).collect(),
            ..search.clone()
        };
        let plan = self.plan(synonyms, &suggested)?;
        // Only whether anything matches: no ordering needed.
        let filter = self.filter(&suggested);
        let finds = self
            .index
            .matching(&plan.words)
            .into_iter()
            .any(|at| self.passes(at, &filter));
        finds.then_some(suggestion)
    }

    /// Names and slugs of the services, by name; only `centre`'s if given.
    pub fn links(&self, centre: Option<&str>) -> Vec<ServiceLink> {
        self.entries
            .iter()
            .map(|entry| &entry.record)
            .filter(|record| centre.is_none_or(|centre| record.centre.as_deref() == Some(centre)))
            .map(|record| ServiceLink {
                slug: record.slug.clone(),
                name: record.name.clone(),
            })
            .collect()
    }

    /// How many services there are.
    pub fn service_count(&self) -> usize {
        self.entries.len()
    }

    /// What the search page lists for a checked search: every service A to
    /// Z when nothing narrows it, otherwise a page of results. A page past
    /// the last is a problem with the search, saying which pages there are.
    pub fn listing(
        &self,
        synonyms: &Synonyms,
        search: &ValidSearch,
    ) -> Result<DirectoryListing, Vec<FieldProblem>> {
        if search.is_everything() {
            return Ok(DirectoryListing::AToZ(a_to_z(self.links(None))));
        }
        let results = self.search(synonyms, search);
        if results.total > 0 && results.page > results.pages {
            return Err(vec![FieldProblem {
                field: QUERY_FIELD.to_string(),
                message: match results.pages {
                    1 => "There is only 1 page of results".to_string(),
                    n => {
                        format!("There are only {n} pages of results: choose a page from 1 to {n}")
                    }
                },
            }]);
        }
        Ok(DirectoryListing::Results(results))
    }

    /// For a search of several words: the services that match the most of
    /// its words short of all of them, best first (at most
    /// [`PARTIAL_MATCHES_SHOWN`]); and, for any search, the words typed that
    /// no listed service matches.
    pub(super) fn partial_matches(
        &self,
        search: &ValidSearch,
        plan: &SearchPlan,
    ) -> (Vec<EntryIndex>, Vec<String>) {
        let (counts, unmatched) = self.index.words_matched(&plan.words);
        let unmatched = unmatched.into_iter().map(|w| w.typed.clone()).collect();
        let all = plan.words.len();
        if all < 2 {
            return (Vec::new(), unmatched);
        }
        let filter = self.filter(search);
        let partly: Vec<(EntryIndex, usize)> = (0..)
            .zip(counts)
            .filter(|&(at, count)| count > 0 && count < all && self.passes(at, &filter))
            .collect();
        let most = partly.iter().map(|&(_, count)| count).max().unwrap_or(0);
        let mut best: Vec<EntryIndex> = partly
            .into_iter()
            .filter(|&(_, count)| count == most)
            .map(|(at, _)| at)
            .collect();
        self.order(plan, &mut best);
        best.truncate(PARTIAL_MATCHES_SHOWN);
        (best, unmatched)
    }
}

/// Words this short are searched once per catalogue (see `short_searches`).
pub(super) const SHORT_WORD: usize = 2;
/// At most this many short searches are kept.
pub(super) const SHORT_SEARCHES_KEPT: usize = 4_096;

/// Up to this many matches are ordered by relevance (which costs a little per
/// match); more are ordered by name within each tier.
pub(super) const RANKED_MATCHES: usize = 300;
