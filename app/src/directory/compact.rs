//! The compact copy of the directory that the browser's search module
//! searches: of each listed service only what a search matches and a result
//! shows (slug, name, group, age group, description, conditions and sites),
//! with the hospitals' names and the lay words. Never staff-only details.
//!
//! Plain text, not JSON, so that the module needs no JSON parser: records
//! apart by `RECORD`, their fields by `FIELD`, the items of a list by
//! `ITEM`. These are ASCII control characters, which no text of the
//! directory may hold (see `text_rules`); any that did would become spaces.

use super::search::Synonyms;
use super::{AgeGroup, ServiceGroup, ServiceLocation, ServiceRecord, REVIEW_MONTHS};
use crate::model::Choice;
use std::collections::HashMap;

/// The first record: what the text is, and its version.
const FORMAT: &str = "lth-directory 1";
const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';
const ITEM: char = '\u{1d}';

/// What the browser's search needs of the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchData {
    /// The listed services, by name, with their public search fields only.
    pub services: Vec<ServiceRecord>,
    /// The trust's hospitals: the site filter's values and names.
    pub sites: Vec<Choice>,
    pub synonyms: Synonyms,
}

/// Why a text is not a copy of the directory this code can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a copy of the directory: {0}")]
pub struct CompactError(&'static str);

/// `text` with the separators made spaces.
fn clean(text: &str) -> String {
    text.replace([RECORD, FIELD, ITEM], " ")
}

/// The items of a list field.
fn list<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    items
        .into_iter()
        .map(|item| clean(item))
        .collect::<Vec<_>>()
        .join(&ITEM.to_string())
}

/// The compact copy of `services` (the listed ones, by name), `sites` and
/// `synonyms`, the same text for the same directory.
pub fn encode<'a>(
    services: impl IntoIterator<Item = &'a ServiceRecord>,
    sites: &[Choice],
    synonyms: &Synonyms,
) -> String {
    let mut records = vec![FORMAT.to_string()];
    for site in sites {
        records.push(["site", &clean(&site.value), &clean(&site.label)].join(&FIELD.to_string()));
    }
    for (word, alternatives) in synonyms.sorted() {
        records.push(["synonym", &clean(word), &list(alternatives)].join(&FIELD.to_string()));
    }
    for service in services {
        let sites: Vec<&String> = service.sites.iter().map(|s| &s.site).collect();
        records.push(
            [
                "service",
                &clean(&service.slug),
                &clean(&service.name),
                service.group.slug(),
                service.age_group.slug(),
                &clean(&service.description),
                &list(&service.conditions),
                &list(sites),
            ]
            .join(&FIELD.to_string()),
        );
    }
    records.join(&RECORD.to_string())
}

/// Reads a compact copy made by [`encode`].
pub fn decode(text: &str) -> Result<SearchData, CompactError> {
    let mut records = text.split(RECORD);
    if records.next() != Some(FORMAT) {
        return Err(CompactError("unknown format"));
    }
    let items = |field: &str| -> Vec<String> {
        field
            .split(ITEM)
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut data = SearchData::default();
    let mut synonyms = HashMap::new();
    for record in records {
        let fields: Vec<&str> = record.split(FIELD).collect();
        match fields.as_slice() {
            ["site", value, label] => data.sites.push(Choice {
                value: value.to_string(),
                label: label.to_string(),
            }),
            ["synonym", word, alternatives] => {
                synonyms.insert(word.to_string(), items(alternatives));
            }
            ["service", slug, name, group, age, description, conditions, sites] => {
                data.services.push(ServiceRecord {
                    slug: slug.to_string(),
                    name: name.to_string(),
                    group: ServiceGroup::from_slug(group).ok_or(CompactError("unknown group"))?,
                    age_group: AgeGroup::from_slug(age).ok_or(CompactError("unknown age group"))?,
                    description: description.to_string(),
                    conditions: items(conditions),
                    sites: items(sites)
                        .into_iter()
                        .map(|site| ServiceLocation {
                            site,
                            location: String::new(),
                        })
                        .collect(),
                    phone: String::new(),
                    email: None,
                    opening_hours: String::new(),
                    opening: Default::default(),
                    referral: String::new(),
                    centre: None,
                    last_reviewed: String::new(),
                    review_months: REVIEW_MONTHS,
                })
            }
            _ => return Err(CompactError("a record of an unknown kind")),
        }
    }
    data.synonyms = Synonyms::new(synonyms);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(slug: &str, description: &str) -> ServiceRecord {
        ServiceRecord {
            slug: slug.into(),
            name: format!("Name of {slug}"),
            group: ServiceGroup::Cardiac,
            description: description.into(),
            conditions: vec!["heart failure".into(), "palpitations".into()],
            age_group: AgeGroup::Adults,
            phone: "0113 000 0000".into(),
            email: Some("staff@example.nhs.uk".into()),
            opening_hours: "Monday to Friday".into(),
            opening: Default::default(),
            referral: "GP referral".into(),
            centre: Some("a-centre".into()),
            last_reviewed: "2026-01-01".into(),
            review_months: REVIEW_MONTHS,
            sites: vec![ServiceLocation {
                site: "st-jamess".into(),
                location: "Bexley Wing".into(),
            }],
        }
    }

    #[test]
    fn search_fields_survive_and_nothing_else_is_sent() {
        let services = vec![service("cardiology", "Hearts & <minds> 'quoted'")];
        let sites = vec![Choice {
            value: "st-jamess".into(),
            label: "St James's University Hospital".into(),
        }];
        let synonyms = Synonyms::new(HashMap::from([(
            "heart".to_string(),
            vec!["cardiac".to_string(), "cardiology".to_string()],
        )]));
        let text = encode(&services, &sites, &synonyms);
        for absent in [
            "0113",
            "staff@",
            "Monday",
            "GP referral",
            "a-centre",
            "Bexley",
        ] {
            assert!(!text.contains(absent), "{absent} was sent");
        }
        let data = decode(&text).unwrap();
        assert_eq!(data.sites, sites);
        assert_eq!(data.synonyms, synonyms);
        let got = &data.services[0];
        let sent = &services[0];
        assert_eq!(
            (&got.slug, &got.name, got.group, got.age_group),
            (&sent.slug, &sent.name, sent.group, sent.age_group)
        );
        assert_eq!(
            (&got.description, &got.conditions),
            (&sent.description, &sent.conditions)
        );
        assert_eq!(got.sites[0].site, "st-jamess");
    }

    #[test]
    fn separators_in_a_text_cannot_make_fields() {
        let text = encode(
            &[service("a", "one\u{1f}two\u{1e}service")],
            &[],
            &Synonyms::default(),
        );
        let data = decode(&text).unwrap();
        assert_eq!(data.services.len(), 1);
        assert_eq!(data.services[0].description, "one two service");
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "{}",
            "lth-directory 2",
            "lth-directory 1\u{1e}service\u{1f}x",
        ] {
            assert!(decode(text).is_err(), "{text:?}");
        }
    }
}
