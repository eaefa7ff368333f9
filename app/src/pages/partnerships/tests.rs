//! Unit tests of `partnerships`.

use super::*;

fn values(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn no_kind_shows_everything() {
    let filter = KindFilter::from_values(&[]);
    assert!(PartnerKind::ALL.into_iter().all(|k| filter.shows(k)));
}

#[test]
fn chosen_kinds_are_ordered_and_unique_and_unknown_ones_kept_for_the_message() {
    let filter = KindFilter::from_values(&values(&[
        "international",
        "academic",
        "international",
        "NEAR(",
        "",
    ]));
    assert_eq!(
        filter.kinds,
        [PartnerKind::Academic, PartnerKind::International]
    );
    assert_eq!(filter.unknown, ["NEAR(", ""]);
    assert!(filter.shows(PartnerKind::Academic));
    assert!(!filter.shows(PartnerKind::Charity));
}

#[test]
fn only_mapped_partners_are_numbered() {
    let partner = |slug: &str, located: bool| Partner {
        slug: slug.into(),
        name: slug.into(),
        short_name: slug.into(),
        kind: PartnerKind::Charity,
        member_of: None,
        place: "Leeds".into(),
        latitude: located.then_some(53.8),
        longitude: located.then_some(-1.5),
        summary: String::new(),
        description: vec![],
    };
    let numbered = number_partners(vec![
        partner("a", true),
        partner("b", false),
        partner("c", true),
    ]);
    let numbers: Vec<_> = numbered.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, [Some(1), None, Some(2)]);
}
