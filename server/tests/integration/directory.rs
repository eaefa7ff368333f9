//! The services directory on a real database (SQLite, or PostgreSQL when
//! `TEST_POSTGRES_URL` is set) seeded from the site's
//! data: migrations, search (prefixes, synonyms, typing mistakes, ranking,
//! filters, hostile input) and the open-data exports.

use app::directory::live::Directory;
use app::directory::search::{validate, ValidSearch};
use app::directory::{AgeGroup, SearchRequest, SearchResults, ServiceGroup, QUERY_FIELD};
use server::{content, exports, seed};

fn seed() -> seed::DirectorySeed {
    seed::load_embedded(&content::load_embedded().unwrap()).unwrap()
}

use crate::support::database::TestDatabase;

/// The seeded directory on a database of its own.
struct TestDirectory {
    directory: Directory,
    _database: TestDatabase,
}

impl std::ops::Deref for TestDirectory {
    type Target = Directory;
    fn deref(&self) -> &Directory {
        &self.directory
    }
}

async fn directory() -> TestDirectory {
    let seed = seed();
    let database = TestDatabase::new(&format!("search_{}", next_number())).await;
    TestDirectory {
        directory: server::storage::directory_at(database.url(), &seed.services, seed.synonyms)
            .await
            .unwrap(),
        _database: database,
    }
}

/// A number no other test in this process has had.
fn next_number() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: Some(q.into()),
        ..Default::default()
    }
}

fn checked(request: &SearchRequest) -> ValidSearch {
    let content = content::load_embedded().unwrap();
    let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
    validate(request, &sites).unwrap()
}

async fn search(directory: &Directory, request: &SearchRequest) -> SearchResults {
    directory.search(&checked(request))
}

fn names(results: &SearchResults) -> Vec<String> {
    results
        .services
        .iter()
        .map(|s| s.name.iter().map(|r| r.text.as_str()).collect())
        .collect()
}

#[tokio::test]
async fn migrations_create_a_new_database_and_seeding_twice_changes_nothing() {
    let database = TestDatabase::new("migrate").await;
    let seed = seed();
    let first =
        server::storage::directory_at(database.url(), &seed.services, seed.synonyms.clone())
            .await
            .unwrap();
    assert_eq!(first.count(), seed.services.len());
    drop(first);
    // Opening the existing database again: migrations already applied, no
    // service added twice, nothing lost.
    let again =
        server::storage::directory_at(database.url(), &seed.services, seed.synonyms.clone())
            .await
            .unwrap();
    assert_eq!(again.count(), seed.services.len());
    assert_eq!(again.add_missing(&seed.services).await.unwrap(), 0);
    let stored = again
        .storage()
        .stored_service("cardiology")
        .await
        .unwrap()
        .unwrap()
        .record;
    let original = seed
        .services
        .iter()
        .find(|s| s.slug == "cardiology")
        .unwrap();
    assert_eq!(&stored, original);
}

#[tokio::test]
async fn a_later_seed_adds_only_new_services() {
    let database = TestDatabase::new("later_seed").await;
    let seed = seed();
    let (first_half, _) = seed.services.split_at(50);
    let directory =
        server::storage::directory_at(database.url(), first_half, seed.synonyms.clone())
            .await
            .unwrap();
    assert_eq!(directory.count(), 50);
    assert_eq!(
        directory.add_missing(&seed.services).await.unwrap(),
        seed.services.len() - 50
    );
}

#[tokio::test]
async fn results_appear_from_the_first_letter() {
    let directory = directory().await;
    let content = content::load_embedded().unwrap();
    let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
    for prefix in ["d", "de", "der", "derm"] {
        let results = search(&directory, &request(prefix)).await;
        assert!(results.total > 0, "nothing for '{prefix}'");
        // Every match, not only the first page's.
        let search = validate(&request(prefix), &sites).unwrap();
        let found = directory.records(&search);
        assert_eq!(found.len(), results.total, "'{prefix}'");
        assert!(
            found.iter().any(|s| s.name == "Dermatology"),
            "Dermatology not found for '{prefix}'"
        );
    }
    let results = search(&directory, &request("derm")).await;
    assert_eq!(names(&results)[0], "Dermatology");
}

#[tokio::test]
async fn lay_words_find_specialties() {
    let directory = directory().await;
    for (lay, specialty) in [
        ("heart", "Cardiology"),
        ("kidney", "Renal medicine"),
        ("cancer", "Clinical oncology"),
        ("skin", "Dermatology"),
        ("bones", "Orthopaedics"),
        ("children", "General paediatrics"),
    ] {
        let results = search(&directory, &request(lay)).await;
        let found = directory
            .records(&checked(&request(lay)))
            .iter()
            .any(|r| r.name == specialty);
        assert!(
            found,
            "'{lay}' did not find {specialty}: {:?}",
            names(&results)
        );
    }
}

/// Every search of the lay table finds a right service in its first five
/// results, and names only services that exist.
#[tokio::test]
async fn every_lay_query_finds_a_right_service() {
    use crate::support::lay_queries::{lay_queries, top_slugs};
    let directory = directory().await;
    let queries = lay_queries();
    assert!(queries.len() >= 100, "{} lay queries", queries.len());
    let mut missed = Vec::new();
    for lay in &queries {
        for wanted in &lay.wanted {
            assert!(
                directory.service(wanted).is_some(),
                "{}: no service {wanted}",
                lay.query
            );
        }
        let results = search(&directory, &request(lay.query)).await;
        if !lay.found_in(&results) {
            missed.push(format!("{}: {:?}", lay.query, top_slugs(&results)));
        }
    }
    assert!(
        missed.is_empty(),
        "missed {} of {}:\n{}",
        missed.len(),
        queries.len(),
        missed.join("\n")
    );
}

/// A query that only partly matches shows the best partial matches and
/// names the words nothing matched; split, joined and hyphenated compounds
/// find the same services.
#[tokio::test]
async fn partial_matches_and_compounds() {
    let directory = directory().await;
    let results = search(&directory, &request("dermatology qqqqqqqqqq")).await;
    assert_eq!(results.total, 0);
    assert_eq!(results.not_found, ["qqqqqqqqqq"]);
    assert!(names(&results).is_empty());
    assert!(
        results.partial.iter().any(|s| s.slug == "dermatology"),
        "{:?}",
        results.partial
    );
    assert!(results.partial.len() <= app::directory::PARTIAL_MATCHES_SHOWN);
    // Every word matched by some service, none by one service: the best
    // partial matches, nothing called unknown.
    let results = search(&directory, &request("dermatology dialysis")).await;
    assert_eq!(results.total, 0);
    assert!(results.not_found.is_empty());
    assert!(!results.partial.is_empty());
    // Full matches come without partial ones while there are more pages.
    let results = search(&directory, &request("heart")).await;
    assert!(results.partial.is_empty());
    // Nothing at all: no partial matches either.
    let results = search(&directory, &request("qqqqqqqqqq zzzzzzzzzz")).await;
    assert_eq!((results.total, results.partial.len()), (0, 0));
    assert_eq!(results.not_found.len(), 2);
    let slugs = |results: &SearchResults| {
        let mut all: Vec<String> = results.services.iter().map(|s| s.slug.clone()).collect();
        all.sort();
        all
    };
    let xray = slugs(&search(&directory, &request("xray")).await);
    assert!(!xray.is_empty());
    for spelling in ["x-ray", "x ray", "X-Ray"] {
        let found = slugs(&search(&directory, &request(spelling)).await);
        for slug in &xray {
            assert!(found.contains(slug), "'{spelling}' did not find {slug}");
        }
    }
    for spelling in ["gall stones", "gallstones", "gall-stones"] {
        let found = slugs(&search(&directory, &request(spelling)).await);
        assert!(
            found.contains(&"hepatobiliary-and-pancreatic-surgery".to_string()),
            "'{spelling}': {found:?}"
        );
    }
}

#[tokio::test]
async fn typing_mistakes_still_find_the_service() {
    let directory = directory().await;
    for (typed, wanted) in [
        ("cardiolgy", "Cardiology"),
        ("dermatolgy", "Dermatology"),
        ("opthalmology", "Ophthalmology"),
    ] {
        let results = search(&directory, &request(typed)).await;
        assert_eq!(
            names(&results).first().map(String::as_str),
            Some(wanted),
            "{typed}"
        );
        assert_eq!(results.corrections[0].typed, typed);
    }
}

#[tokio::test]
async fn did_you_mean_when_nothing_matches() {
    let directory = directory().await;
    // Three mistakes: too far to search for, near enough to suggest.
    let results = search(&directory, &request("dermmatollogyy")).await;
    assert_eq!(results.total, 0);
    assert_eq!(results.did_you_mean.as_deref(), Some("dermatology"));
    let results = search(&directory, &request(&results.did_you_mean.unwrap())).await;
    assert!(results.total > 0);
    // A suggestion that would find nothing with the chosen filters is not made.
    let filtered = SearchRequest {
        group: Some("cardiac".into()),
        ..request("dermmatollogyy")
    };
    assert_eq!(search(&directory, &filtered).await.did_you_mean, None);
    // Nothing near: no suggestion.
    let results = search(&directory, &request("qqqqqqqqqq")).await;
    assert_eq!((results.total, results.did_you_mean), (0, None));
}

#[tokio::test]
async fn name_matches_rank_first_and_matches_are_marked() {
    let directory = directory().await;
    let results = search(&directory, &request("cardiology")).await;
    let names = names(&results);
    let first_without = names
        .iter()
        .position(|n| !n.to_lowercase().contains("cardiology"))
        .unwrap_or(names.len());
    assert!(first_without >= 2, "{names:?}");
    assert!(names[first_without..]
        .iter()
        .all(|n| !n.to_lowercase().contains("cardiology")));
    let marked: Vec<_> = results.services[0]
        .name
        .iter()
        .filter(|r| r.matched)
        .map(|r| r.text.to_lowercase())
        .collect();
    assert_eq!(marked, ["cardiology"]);
    assert!(results.total >= names.len());
}

#[tokio::test]
async fn filters_combine_with_each_other_and_the_query() {
    let directory = directory().await;
    let all = directory.count();
    let by_group = SearchRequest {
        group: Some("cardiac".into()),
        ..Default::default()
    };
    let cardiac = directory.records(&checked(&by_group));
    assert!(!cardiac.is_empty() && cardiac.len() < all);
    assert!(cardiac.iter().all(|r| r.group == ServiceGroup::Cardiac));

    let children_at_lgi = SearchRequest {
        site: Some("leeds-general-infirmary".into()),
        age: Some("children".into()),
        ..Default::default()
    };
    let found = directory.records(&checked(&children_at_lgi));
    assert!(!found.is_empty());
    assert!(found.iter().all(|r| r.age_group.serves(AgeGroup::Children)
        && r.sites.iter().any(|s| s.site == "leeds-general-infirmary")));

    let heart_for_children = SearchRequest {
        q: Some("heart".into()),
        age: Some("children".into()),
        group: Some("childrens".into()),
        ..Default::default()
    };
    let found = directory.records(&checked(&heart_for_children));
    let names: Vec<_> = found.iter().map(|r| r.name.as_str()).collect();
    assert!(names.contains(&"Paediatric cardiology"), "{names:?}");
    assert!(!names.contains(&"Cardiology"), "{names:?}");

    let nothing = SearchRequest {
        q: Some("dentistry".into()),
        site: Some("wharfedale".into()),
        group: Some("cardiac".into()),
        ..Default::default()
    };
    assert_eq!(search(&directory, &nothing).await.total, 0);
}

#[tokio::test]
async fn hostile_input_is_searched_as_plain_words() {
    let directory = directory().await;
    let content = content::load_embedded().unwrap();
    let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
    // Text with letters or digits is searched as words; anything else is a
    // message, never a query the database sees.
    for (text, searchable) in [
        ("NEAR(", true),
        ("heart\" OR \"", true),
        ("a* OR b*", true),
        ("{name}: x", true),
        ("'; DROP TABLE services; --", true),
        ("ÉCZÉMA", true),
        ("\u{0}\u{1F600}", false),
        ("\"*\" -- ;", false),
    ] {
        match validate(&request(text), &sites) {
            Ok(search) => {
                assert!(searchable, "{text:?} should not be searchable");
                directory.search(&search);
            }
            Err(problems) => {
                assert!(!searchable, "{text:?} refused: {problems:?}");
                assert_eq!(problems[0].field, QUERY_FIELD, "{text:?}");
            }
        }
    }
    // The table is still whole: read from the database, not the memory copy.
    let stored = directory.staff_list().await.unwrap();
    assert_eq!(stored.len(), seed().services.len());
}

#[tokio::test]
async fn pages_of_results_cover_every_match_once() {
    let directory = directory().await;
    let first = search(&directory, &request("c")).await;
    assert!(first.pages > 1, "'c' should need several pages");
    let mut seen = Vec::new();
    for page in 1..=first.pages {
        let results = search(&directory, &request("c").with_page(page)).await;
        seen.extend(results.services.into_iter().map(|s| s.slug));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen.len(), first.total);
    assert_eq!(unique.len(), first.total);
}

#[tokio::test]
async fn the_csv_export_parses_back_to_the_same_records() {
    let directory = directory().await;
    let everything = directory.records(&checked(&SearchRequest::default()));
    assert_eq!(everything.len(), seed().services.len());
    let csv = exports::to_csv(everything.clone()).unwrap();
    assert_eq!(exports::from_csv(&csv).unwrap(), everything);
    let mut from_seed = seed().services;
    from_seed.sort_by_key(|s| s.slug.clone());
    let mut exported = everything;
    exported.sort_by_key(|s| s.slug.clone());
    assert_eq!(exported, from_seed);
}
