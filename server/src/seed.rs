//! The services directory's starting data: `services.toml` (the services the
//! database is seeded with) and `synonyms.toml` (everyday words for
//! specialties), checked against the sites and centres of the site's content.

use crate::content::{decode, read_file, Checker, ContentError};
use app::directory::opening::OpeningTimes;
use app::directory::search::Synonyms;
use app::directory::ServiceRecord;
use app::model::SiteContent;
use app::staff::fields;
use app::staff::service_form::{check_record, FormChoices};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The services the database starts with.
pub const SERVICES_FILE: &str = "services.toml";
/// Everyday words and the specialty words they stand for.
pub const SYNONYMS_FILE: &str = "synonyms.toml";

const EMBEDDED_SERVICES: &str = include_str!("../content/services.toml");
const EMBEDDED_SYNONYMS: &str = include_str!("../content/synonyms.toml");

/// Services and synonyms, checked.
#[derive(Debug, Clone)]
pub struct DirectorySeed {
    pub services: Vec<ServiceRecord>,
    pub synonyms: Synonyms,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    services: Vec<ServiceRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    synonyms: HashMap<String, Vec<String>>,
}

/// The seed built into the binary.
pub fn load_embedded(content: &SiteContent) -> Result<DirectorySeed, ContentError> {
    parse(
        (SERVICES_FILE, EMBEDDED_SERVICES),
        (SYNONYMS_FILE, EMBEDDED_SYNONYMS),
        content,
    )
}

/// The seed files in `dir` (`CONTENT_DIR`).
pub fn load_dir(dir: &Path, content: &SiteContent) -> Result<DirectorySeed, ContentError> {
    let services = read_file(dir, SERVICES_FILE)?;
    let synonyms = read_file(dir, SYNONYMS_FILE)?;
    parse(
        (&services.0, &services.1),
        (&synonyms.0, &synonyms.1),
        content,
    )
}

/// Parses and checks the two files: `(name, text)` each.
pub fn parse(
    services: (&str, &str),
    synonyms: (&str, &str),
    content: &SiteContent,
) -> Result<DirectorySeed, ContentError> {
    let mut services_file: ServicesFile = decode(services.0, services.1)?;
    // Seeded services state their times in words; the times as data come
    // from those words.
    for service in &mut services_file.services {
        service.opening = OpeningTimes::from_text(&service.opening_hours);
    }
    let synonyms_file: SynonymsFile = decode(synonyms.0, synonyms.1)?;
    let mut problems = check_services(services.0, &services_file.services, content);
    problems.extend(check_synonyms(synonyms.0, &synonyms_file.synonyms));
    if problems.is_empty() {
        Ok(DirectorySeed {
            services: services_file.services,
            synonyms: Synonyms::new(synonyms_file.synonyms),
        })
    } else {
        Err(ContentError { problems })
    }
}

/// Checks the seeded services with the staff form's rules
/// ([`check_record`]), and that no slug or name is used twice in the file.
fn check_services(
    file: &str,
    services: &[ServiceRecord],
    content: &SiteContent,
) -> Vec<crate::content::Problem> {
    let choices = FormChoices::of(content);
    let mut check = Checker::new(file);
    let mut slugs = HashSet::new();
    let mut names = HashSet::new();
    for (i, service) in services.iter().enumerate() {
        let at = |field: &str| format!("services[{i}].{field}");
        check.slug(&at("slug"), &service.slug, &mut slugs);
        if !names.insert(service.name.to_lowercase()) {
            check.fail(at("name"), format!("'{}' is used twice", service.name));
        }
        for problem in check_record(service, &choices) {
            check.fail(at(&seed_key(&problem.field)), problem.message);
        }
    }
    check.problems
}

/// The key in `services.toml` of a service form's field.
fn seed_key(form_field: &str) -> String {
    match form_field.strip_prefix(fields::LOCATION_PREFIX) {
        Some(site) => format!("sites({site}).location"),
        None => form_field.replace('-', "_"),
    }
}

fn check_synonyms(
    file: &str,
    synonyms: &HashMap<String, Vec<String>>,
) -> Vec<crate::content::Problem> {
    let mut check = Checker::new(file);
    let is_word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
    let mut words: Vec<_> = synonyms.iter().collect();
    words.sort();
    for (word, targets) in words {
        let field = format!("synonyms.{word}");
        if !is_word(word) {
            check.fail(&field, format!("'{word}' must be one lower-case word"));
        }
        if targets.is_empty() {
            check.fail(&field, "must have at least one entry");
        }
        for target in targets {
            if !is_word(target) {
                check.fail(&field, format!("'{target}' must be one lower-case word"));
            }
        }
    }
    check.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::directory::ServiceGroup;

    fn content() -> SiteContent {
        crate::content::load_embedded().unwrap()
    }

    #[test]
    fn embedded_seed_loads_with_over_100_services_in_every_group() {
        let seed = load_embedded(&content()).unwrap();
        assert!(seed.services.len() >= 100, "{}", seed.services.len());
        for group in ServiceGroup::ALL {
            assert!(
                seed.services.iter().any(|s| s.group == group),
                "no service in {group:?}"
            );
        }
        assert!(!seed.synonyms.of("heart").is_empty());
    }

    #[test]
    fn broken_references_and_dates_name_the_field() {
        let text = EMBEDDED_SERVICES
            .replacen("site = \"", "site = \"mars-", 1)
            .replacen("last_reviewed = \"", "last_reviewed = \"x", 1);
        let err = parse(
            (SERVICES_FILE, &text),
            (SYNONYMS_FILE, EMBEDDED_SYNONYMS),
            &content(),
        )
        .unwrap_err();
        let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"services[0].sites"), "{fields:?}");
        assert!(fields.contains(&"services[0].last_reviewed"), "{fields:?}");
    }

    #[test]
    fn synonyms_must_be_single_words() {
        let err = parse(
            (SERVICES_FILE, EMBEDDED_SERVICES),
            (
                SYNONYMS_FILE,
                "[synonyms]\n\"big toe\" = [\"podiatry\"]\nskin = []\n",
            ),
            &content(),
        )
        .unwrap_err();
        assert_eq!(err.problems.len(), 2, "{:?}", err.problems);
    }
}
