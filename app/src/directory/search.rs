//! Turning what someone typed into a safe full-text search: checking the
//! request, splitting words, adding synonyms, correcting typing mistakes
//! against the words the directory holds, and marking matches in results.
//! Pure functions; storage matches the words (see `storage::DirectoryStore::matching`).

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

/// Lower-cases `text` and turns everything but letters and digits into spaces,
/// so no character can reach the full-text query syntax.
pub fn normalise(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The lower-case words of a text, as the search sees them.
pub fn words(text: &str) -> Vec<String> {
    normalise(text)
        .split_whitespace()
        .map(str::to_string)
        .collect()
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

    /// The specialty words for `word`, if it is a lay word we know.
    pub fn of(&self, word: &str) -> &[String] {
        self.0.get(word).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Every word the directory's services contain, with how many services
/// contain it: what typing mistakes are corrected towards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// Sorted by word.
    terms: Vec<(String, u32)>,
}

impl Vocabulary {
    pub fn new(mut terms: Vec<(String, u32)>) -> Self {
        terms.sort();
        terms.dedup_by(|a, b| a.0 == b.0);
        Vocabulary { terms }
    }

    /// Whether some word of the directory starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let start = self.terms.partition_point(|(t, _)| t.as_str() < prefix);
        self.terms
            .get(start)
            .is_some_and(|(t, _)| t.starts_with(prefix))
    }

    /// The directory word nearest to `word` within `max_distance` edits, also
    /// comparing with the start of longer words (someone still typing).
    /// Ties go to the word more services use.
    pub fn closest(&self, word: &str, max_distance: usize) -> Option<&str> {
        let word: Vec<char> = word.chars().collect();
        let length = word.len();
        let mut scratch = EditScratch::default();
        let mut term_chars = Vec::new();
        let mut best: Option<(usize, u32, &str)> = None;
        for (term, docs) in &self.terms {
            term_chars.clear();
            term_chars.extend(term.chars());
            let term_length = term_chars.len();
            if term_length < 2 || term_length + max_distance < length {
                continue;
            }
            let mut distance = usize::MAX;
            if term_length.abs_diff(length) <= max_distance {
                distance = scratch.distance(&word, &term_chars);
            }
            for cut in [length, length + 1] {
                if cut < term_length {
                    distance = distance.min(scratch.distance(&word, &term_chars[..cut]));
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

/// Rows reused between edit distance calculations.
#[derive(Default)]
struct EditScratch {
    before: Vec<usize>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl EditScratch {
    /// Edits (insert, delete, substitute, swap neighbours) from `a` to `b`.
    fn distance(&mut self, a: &[char], b: &[char]) -> usize {
        let width = b.len() + 1;
        for row in [&mut self.before, &mut self.previous, &mut self.current] {
            row.clear();
            row.resize(width, 0);
        }
        for (j, cell) in self.previous.iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            self.current[0] = i;
            for j in 1..width {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (self.previous[j] + 1)
                    .min(self.current[j - 1] + 1)
                    .min(self.previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(self.before[j - 2] + 1);
                }
                self.current[j] = best;
            }
            std::mem::swap(&mut self.before, &mut self.previous);
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        self.previous[b.len()]
    }
}

/// Edits (insert, delete, substitute, swap neighbours) from `a` to `b`.
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    EditScratch::default().distance(&a, &b)
}

/// Words per search that typo correction looks at, and the longest word it
/// tries: each try compares the word with every directory word, so a
/// search of many long made-up words must not cost many times that.
const MAX_CORRECTED_WORDS: usize = 3;
const MAX_CORRECTED_CHARS: usize = 24;

/// Whether typo correction may try `word`, after `tried` words already.
fn may_correct(word: &str, tried: &mut usize) -> bool {
    if *tried >= MAX_CORRECTED_WORDS || word.chars().count() > MAX_CORRECTED_CHARS {
        return false;
    }
    *tried += 1;
    true
}

/// How many edits a word of `length` letters may be from the word it meant.
fn tolerance(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// A searched word and the words a service may match it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWord {
    pub typed: String,
    /// Prefixes to look for: the word itself, its synonyms, or a correction.
    pub alternatives: Vec<String>,
}

/// A text search ready for storage: every word must match one of its
/// alternatives, each as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlan {
    pub words: Vec<SearchWord>,
    pub corrections: Vec<Correction>,
}

impl SearchPlan {
    /// Expands checked words with synonyms, and corrects words that start no
    /// word in the directory.
    pub fn new(words: &[String], synonyms: &Synonyms, vocabulary: &Vocabulary) -> Self {
        let mut corrections = Vec::new();
        let mut tried = 0;
        let words = words
            .iter()
            .map(|typed| {
                let mut alternatives = vec![typed.clone()];
                alternatives.extend(synonyms.of(typed).iter().cloned());
                if alternatives.len() == 1
                    && !vocabulary.has_prefix(typed)
                    && may_correct(typed, &mut tried)
                {
                    let length = typed.chars().count();
                    if let Some(used) = vocabulary.closest(typed, tolerance(length)) {
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
            let lower = word.to_lowercase();
            let matched = prefixes.iter().any(|p| lower.starts_with(p.as_str()));
            push(word, matched);
            rest = &rest[word_end..];
        }
    }
    runs
}

/// When nothing matched: the search with each word replaced by the nearest
/// directory word, if that changes anything.
pub fn did_you_mean(words: &[String], vocabulary: &Vocabulary) -> Option<String> {
    let mut changed = false;
    let mut tried = 0;
    let suggestion = words
        .iter()
        .map(|word| {
            if vocabulary.has_prefix(word) || !may_correct(word, &mut tried) {
                return word.clone();
            }
            let length = word.chars().count();
            match vocabulary.closest(word, tolerance(length) + 1) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(q: &str) -> SearchRequest {
        SearchRequest {
            q: Some(q.into()),
            ..Default::default()
        }
    }

    fn vocabulary(words: &[&str]) -> Vocabulary {
        Vocabulary::new(words.iter().map(|w| (w.to_string(), 1)).collect())
    }

    fn words(text: &str) -> Vec<String> {
        validate(&request(text), &[]).unwrap().words
    }

    #[test]
    fn query_syntax_never_reaches_the_database() {
        assert_eq!(words("NEAR( heart*"), ["near", "heart"]);
        assert_eq!(words("\"kidney\" OR -skin^"), ["kidney", "or", "skin"]);
        assert_eq!(words("children's ENT"), ["children", "s", "ent"]);
    }

    #[test]
    fn hostile_and_oversized_queries_get_a_message() {
        for text in ["\"", "*", "()", "^-:"] {
            let problems = validate(&request(text), &[]).unwrap_err();
            assert_eq!(problems[0].field, QUERY_FIELD);
            assert!(problems[0].message.contains("letter or a number"));
        }
        let long = "a".repeat(2_000);
        let problems = validate(&request(&long), &[]).unwrap_err();
        assert_eq!(
            problems[0].message,
            "Search must be 200 characters or fewer"
        );
        let many = "heart ".repeat(13);
        assert!(validate(&request(&many), &[]).is_err());
    }

    #[test]
    fn empty_search_is_everything_and_stop_words_drop() {
        assert!(validate(&request("   "), &[]).unwrap().is_everything());
        assert_eq!(words("care for the heart"), ["care", "heart"]);
        assert_eq!(words("the"), ["the"]);
    }

    #[test]
    fn filters_are_checked_against_known_values() {
        let good = SearchRequest {
            group: Some("cardiac".into()),
            site: Some("st-jamess".into()),
            age: Some("children".into()),
            page: Some("2".into()),
            ..Default::default()
        };
        let valid = validate(&good, &["st-jamess"]).unwrap();
        assert_eq!(valid.group, Some(ServiceGroup::Cardiac));
        assert_eq!(valid.age, Some(AgeGroup::Children));
        assert_eq!(valid.page, 2);
        let bad = SearchRequest {
            group: Some("NEAR(".into()),
            site: Some("mars".into()),
            age: Some("all-ages".into()),
            page: Some("-1".into()),
            ..Default::default()
        };
        let fields: Vec<_> = validate(&bad, &["st-jamess"])
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, [GROUP_FIELD, SITE_FIELD, AGE_FIELD, QUERY_FIELD]);
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("cardiolgy", "cardiology"), 1);
        assert_eq!(edit_distance("opthalmology", "ophthalmology"), 1);
        assert_eq!(edit_distance("haert", "heart"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn typing_mistakes_are_corrected_towards_directory_words() {
        let vocabulary = vocabulary(&["cardiology", "dermatology", "ophthalmology", "heart"]);
        assert_eq!(vocabulary.closest("cardiolgy", 2), Some("cardiology"));
        assert_eq!(vocabulary.closest("dermatolgy", 2), Some("dermatology"));
        assert_eq!(vocabulary.closest("opthalmology", 2), Some("ophthalmology"));
        assert_eq!(vocabulary.closest("opthal", 1), Some("ophthalmology"));
        assert_eq!(vocabulary.closest("zzzzzz", 2), None);
        assert!(vocabulary.has_prefix("cardio"));
        assert!(!vocabulary.has_prefix("cardiolgy"));
    }

    #[test]
    fn plans_add_synonyms_and_corrections() {
        let synonyms = Synonyms::new(HashMap::from([(
            "heart".to_string(),
            vec!["cardiology".to_string(), "cardiac".to_string()],
        )]));
        let vocabulary = vocabulary(&["cardiac", "cardiology", "dermatology", "scan"]);
        let plan = SearchPlan::new(
            &["heart".into(), "dermatolgy".into(), "sc".into()],
            &synonyms,
            &vocabulary,
        );
        assert_eq!(
            plan.key(),
            "heart|cardiology|cardiac dermatolgy|dermatology sc"
        );
        assert_eq!(
            plan.corrections,
            [Correction {
                typed: "dermatolgy".into(),
                used: "dermatology".into()
            }]
        );
    }

    #[test]
    fn highlighting_marks_words_by_prefix() {
        let runs = highlight("Heart scans, and heartburn", &["heart".into()]);
        let marked: Vec<_> = runs
            .iter()
            .filter(|r| r.matched)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(marked, ["Heart", "heartburn"]);
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "Heart scans, and heartburn");
        assert_eq!(runs.len(), 3);
    }

    #[test]
    fn typo_correction_tries_a_few_short_words_per_search() {
        let vocabulary = vocabulary(&["cardiology", "dermatology", "neurology", "urology"]);
        let typed = words("cardiolgy dermatolgy neurolgy urolgy");
        let plan = SearchPlan::new(&typed, &Synonyms::default(), &vocabulary);
        assert_eq!(plan.corrections.len(), MAX_CORRECTED_WORDS);
        let long = format!("cardiolgy{}", "x".repeat(MAX_CORRECTED_CHARS));
        let plan = SearchPlan::new(&[long], &Synonyms::default(), &vocabulary);
        assert!(plan.corrections.is_empty());
    }

    #[test]
    fn did_you_mean_only_when_a_word_changes() {
        let vocabulary = vocabulary(&["cardiology", "renal"]);
        assert_eq!(
            did_you_mean(&["cardiolgyy".into()], &vocabulary).as_deref(),
            Some("cardiology")
        );
        assert_eq!(did_you_mean(&["renal".into()], &vocabulary), None);
        assert_eq!(did_you_mean(&["qqqqqqq".into()], &vocabulary), None);
    }
}
