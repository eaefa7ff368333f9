//! Unit tests of `directory`.

use super::*;
use crate::error::HttpStatus;

#[test]
fn slugs_round_trip() {
    for group in ServiceGroup::ALL {
        assert_eq!(ServiceGroup::from_slug(group.slug()), Some(group));
    }
    for age in AgeGroup::ALL {
        assert_eq!(AgeGroup::from_slug(age.slug()), Some(age));
    }
    assert_eq!(ServiceGroup::from_slug("NEAR("), None);
}

#[test]
fn all_ages_services_show_under_either_filter() {
    assert!(AgeGroup::AllAges.serves(AgeGroup::Children));
    assert!(AgeGroup::AllAges.serves(AgeGroup::Adults));
    assert!(!AgeGroup::Adults.serves(AgeGroup::Children));
    assert!(AgeGroup::Children.serves(AgeGroup::Children));
}

#[test]
fn request_href_leaves_out_empty_fields_and_encodes_values() {
    let request = SearchRequest {
        q: Some(" heart & lungs ".into()),
        group: Some(String::new()),
        site: Some("st-jamess".into()),
        age: None,
        page: Some("1".into()),
    };
    assert_eq!(
        request.href(crate::paths::SERVICES),
        "/services?q=heart+%26+lungs&site=st-jamess"
    );
    assert_eq!(
        request.with_page(3).href("/services.csv"),
        "/services.csv?q=heart+%26+lungs&site=st-jamess&page=3"
    );
    assert_eq!(
        SearchRequest::default().href(crate::paths::SERVICES),
        "/services"
    );
}

#[test]
fn a_to_z_keeps_every_letter_in_order() {
    let link = |name: &str| ServiceLink {
        slug: name.to_lowercase(),
        name: name.into(),
    };
    let letters = a_to_z(vec![
        link("Audiology"),
        link("Anaesthesia"),
        link("Urology"),
    ]);
    assert_eq!(letters.len(), 26);
    assert_eq!(letters[0].services.len(), 2);
    assert!(letters[1].services.is_empty());
    assert_eq!(letters[20].letter, 'U');
    assert_eq!(letters[20].services[0].name, "Urology");
}

#[test]
fn dates_read_as_in_nhs_style() {
    assert_eq!(long_date("2026-09-04"), "4 September 2026");
    assert_eq!(long_date("not a date"), "not a date");
    assert_eq!(long_date("2026-13-01"), "2026-13-01");
}

#[test]
fn errors_map_to_statuses() {
    assert_eq!(DirectoryError::Invalid(vec![]).status(), 400);
    assert_eq!(DirectoryError::NotFound.status(), 404);
    assert_eq!(DirectoryError::Unavailable.status(), 503);
}

#[test]
fn an_entry_is_due_for_review_six_months_after_its_last() {
    assert_eq!(review_due("2026-10-21", 6).as_deref(), Some("2027-04-21"));
    assert_eq!(review_due("2026-03-15", 6).as_deref(), Some("2026-09-15"));
    // 31 August: no 31 February, so the month's last day.
    assert_eq!(review_due("2026-08-31", 6).as_deref(), Some("2027-02-28"));
    assert_eq!(review_due("2027-08-31", 6).as_deref(), Some("2028-02-29"));
    assert_eq!(review_due("not a date", 6), None);
    assert_eq!(review_due("2026-10-21", 12).as_deref(), Some("2027-10-21"));
    assert_eq!(review_due("2026-11-30", 3).as_deref(), Some("2027-02-28"));
    assert_eq!(review_due("2026-01-31", 24).as_deref(), Some("2028-01-31"));
}
