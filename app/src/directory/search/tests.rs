//! Unit tests of `search`.

use super::typos::{MAX_CORRECTED_CHARS, MAX_CORRECTED_WORDS};
use super::*;

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: Some(q.into()),
        ..Default::default()
    }
}

fn known_words(words: &[&str]) -> KnownWords {
    KnownWords::new(
        words.iter().map(|w| (w.to_string(), 1)).collect(),
        Vec::new(),
    )
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
fn a_swap_of_two_letters_is_one_edit() {
    let known = known_words(&["heart", "hearing"]);
    assert_eq!(known.closest("haert", 1), Some("heart"));
    assert_eq!(known.closest("ehart", 1), Some("heart"));
    assert_eq!(known.closest("hreat", 1), None);
}

#[test]
fn typing_mistakes_are_corrected_towards_directory_words() {
    let known = known_words(&["cardiology", "dermatology", "ophthalmology", "heart"]);
    assert_eq!(known.closest("cardiolgy", 2), Some("cardiology"));
    assert_eq!(known.closest("dermatolgy", 2), Some("dermatology"));
    assert_eq!(known.closest("opthalmology", 2), Some("ophthalmology"));
    assert_eq!(known.closest("opthal", 1), Some("ophthalmology"));
    assert_eq!(known.closest("zzzzzz", 2), None);
    assert!(known.has_prefix("cardio"));
    assert!(!known.has_prefix("cardiolgy"));
}

#[test]
fn plans_add_synonyms_and_corrections() {
    let synonyms = Synonyms::new(HashMap::from([(
        "heart".to_string(),
        vec!["cardiology".to_string(), "cardiac".to_string()],
    )]));
    let known = known_words(&["cardiac", "cardiology", "dermatology", "scan"]);
    let plan = SearchPlan::new(
        &["heart".into(), "dermatolgy".into(), "sc".into()],
        &synonyms,
        &known,
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
    let known = known_words(&["cardiology", "dermatology", "neurology", "urology"]);
    let typed = words("cardiolgy dermatolgy neurolgy urolgy");
    let plan = SearchPlan::new(&typed, &Synonyms::default(), &known);
    assert_eq!(plan.corrections.len(), MAX_CORRECTED_WORDS);
    let long = format!("cardiolgy{}", "x".repeat(MAX_CORRECTED_CHARS));
    let plan = SearchPlan::new(&[long], &Synonyms::default(), &known);
    assert!(plan.corrections.is_empty());
}

#[test]
fn did_you_mean_only_when_a_word_changes() {
    let known = known_words(&["cardiology", "renal"]);
    assert_eq!(
        did_you_mean(&["cardiolgyy".into()], &known).as_deref(),
        Some("cardiology")
    );
    assert_eq!(did_you_mean(&["renal".into()], &known), None);
    assert_eq!(did_you_mean(&["qqqqqqq".into()], &known), None);
}

#[test]
fn accents_are_dropped_so_either_spelling_finds_the_other() {
    assert_eq!(words("Ménière's DISEASE"), ["meniere", "s", "disease"]);
    assert_eq!(words("Me\u{0301}nie\u{0300}re"), ["meniere"]);
    assert_eq!(
        words("SJÖGREN Straße Øre İzmir Łódź"),
        ["sjogren", "strasse", "ore", "izmir", "lodz"]
    );
    assert_eq!(
        words("2×3 ÆON œdema Þorn"),
        ["2", "3", "aeon", "oedema", "thorn"]
    );
    // Letters of other scripts are kept as typed.
    assert_eq!(words("Καρδιά кардиология"), ["Καρδιά", "кардиология"]);
    let runs = highlight("Ménière's disease", &["meni".to_string()]);
    assert!(runs[0].matched && runs[0].text == "Ménière", "{runs:?}");
}

#[test]
fn neighbouring_words_are_also_indexed_as_one() {
    assert_eq!(
        joined_pairs("X-ray of gall stones"),
        ["xray", "rayof", "ofgall", "gallstones"]
    );
    assert!(joined_pairs("Dermatology").is_empty());
}

#[test]
fn two_words_that_make_a_known_word_may_match_it() {
    let known = known_words(&["gall", "gallstones", "stones", "heart"]);
    let plan = SearchPlan::new(
        &["gall".into(), "stones".into(), "heart".into()],
        &Synonyms::default(),
        &known,
    );
    let alternatives = |at: usize| plan.words[at].alternatives.clone();
    assert_eq!(alternatives(0), ["gall", "gallstones"]);
    assert_eq!(alternatives(1), ["stones", "gallstones"]);
    // "stonesheart" starts no word: left alone.
    assert_eq!(alternatives(2), ["heart"]);
    // A compound's synonyms come with it.
    let synonyms = Synonyms::new([("xray".to_string(), vec!["radiology".to_string()])].into());
    let plan = SearchPlan::new(
        &["x".into(), "ray".into()],
        &synonyms,
        &known_words(&["xray", "x", "ray"]),
    );
    assert_eq!(plan.words[1].alternatives, ["ray", "radiology", "xray"]);
    assert!(plan.corrections.is_empty());
}
