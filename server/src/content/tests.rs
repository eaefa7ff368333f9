//! Unit tests of `content`.

use super::*;

fn with_trust(edit: impl FnOnce(&str) -> String) -> Result<SiteContent, ContentError> {
    let trust = edit(EMBEDDED_TRUST);
    parse(ContentFiles {
        trust: (TRUST_FILE, &trust),
        ..ContentFiles::embedded()
    })
}

fn with_centres(edit: impl FnOnce(&str) -> String) -> Result<SiteContent, ContentError> {
    let centres = edit(EMBEDDED_CENTRES);
    parse(ContentFiles {
        centres: (CENTRES_FILE, &centres),
        ..ContentFiles::embedded()
    })
}

fn with_partners(edit: impl FnOnce(&str) -> String) -> Result<SiteContent, ContentError> {
    let partners = edit(EMBEDDED_PARTNERS);
    parse(ContentFiles {
        partners: (PARTNERS_FILE, &partners),
        ..ContentFiles::embedded()
    })
}

#[test]
fn embedded_content_loads() {
    let content = load_embedded().expect("embedded content is valid");
    let slugs: Vec<_> = content.centres.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "childrens-hospital",
            "cancer-centre",
            "major-trauma-centre",
            "cardiac-services",
            "transplantation"
        ]
    );
    assert_eq!(content.trust.groups.len(), 5);
    assert!(content.sites.len() >= 6);
    assert_eq!(content.trust.ods_code, "RR8");
}

#[test]
fn every_centre_page_resolves_its_sites_and_related_centres() {
    let content = load_embedded().unwrap();
    for centre in &content.centres {
        let page = content.centre_page(&centre.slug).unwrap();
        assert_eq!(page.sites.len(), centre.sites.len(), "{}", centre.slug);
        assert_eq!(page.related.len(), centre.related.len(), "{}", centre.slug);
    }
    assert!(content.centre_page("no-such-centre").is_none());
}

#[test]
fn a_missing_field_names_the_file_and_the_field() {
    let err = with_trust(|t| {
        t.replacen("postcode = \"LS1 3EX\"\n", "", 1)
            .replacen("latitude = 53.8017\n", "", 1)
    })
    .unwrap_err();
    assert_eq!(err.problems[0].file, TRUST_FILE);
    let text = err.to_string();
    assert!(text.contains("trust.toml"), "{text}");
    assert!(text.contains("latitude"), "{text}");
    assert!(text.contains("line "), "{text}");
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let err = with_centres(|c| format!("{c}\n[[centres]\n")).unwrap_err();
    assert_eq!(err.problems[0].file, CENTRES_FILE);
    assert!(err.problems[0].field.starts_with("line "), "{err}");
}

#[test]
fn an_unknown_field_is_refused() {
    let err = with_trust(|t| {
        t.replacen(
            "ods_code = \"RR8\"",
            "ods_code = \"RR8\"\nodscode = \"x\"",
            1,
        )
    })
    .unwrap_err();
    assert!(err.to_string().contains("odscode"), "{err}");
}

#[test]
fn a_broken_reference_names_the_field() {
    let err = with_centres(|c| c.replacen("\"cancer-centre\"", "\"cancer-centr\"", 1)).unwrap_err();
    let problem = &err.problems[0];
    assert_eq!(problem.file, CENTRES_FILE);
    assert!(problem.field.starts_with("centres[0].related["), "{err}");
    assert!(problem.message.contains("cancer-centr"), "{err}");
}

#[test]
fn empty_text_bad_slug_and_bad_postcode_are_all_reported() {
    let err = with_trust(|t| {
        t.replacen("slug = \"wharfedale\"", "slug = \"Wharfedale Hospital\"", 1)
            .replacen("\"LS9 7TF\"", "\"LS97TF\"", 1)
            .replacen("formed = \"April 1998\"", "formed = \"  \"", 1)
    })
    .unwrap_err();
    let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.iter().any(|f| f.ends_with(".slug")), "{err}");
    assert!(fields.iter().any(|f| f.ends_with(".postcode")), "{err}");
    assert!(fields.contains(&"trust.formed"), "{err}");
}

#[test]
fn duplicate_slugs_are_refused() {
    let err = with_centres(|c| {
        c.replacen(
            "slug = \"cancer-centre\"",
            "slug = \"childrens-hospital\"",
            1,
        )
    })
    .unwrap_err();
    assert!(err.to_string().contains("used twice"), "{err}");
}

#[test]
fn load_dir_reads_files_and_names_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("lth-content-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(TRUST_FILE), EMBEDDED_TRUST).unwrap();
    let err = load_dir(&dir).unwrap_err();
    assert!(err.problems[0].file.ends_with(CENTRES_FILE), "{err}");
    std::fs::write(dir.join(CENTRES_FILE), EMBEDDED_CENTRES).unwrap();
    std::fs::write(dir.join(PARTNERS_FILE), EMBEDDED_PARTNERS).unwrap();
    let err = load_dir(&dir).unwrap_err();
    assert!(err.problems[0].file.ends_with(ACCESSIBILITY_FILE), "{err}");
    std::fs::write(dir.join(ACCESSIBILITY_FILE), EMBEDDED_ACCESSIBILITY).unwrap();
    assert_eq!(load_dir(&dir).unwrap(), load_embedded().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_partner_kind_has_partners_and_member_pages_resolve() {
    let content = load_embedded().unwrap();
    for kind in app::model::PartnerKind::ALL {
        assert!(content.partners.iter().any(|p| p.kind == kind), "{kind:?}");
    }
    let wyaat = content.partner_page("wyaat").unwrap();
    assert_eq!(wyaat.members.len(), 5);
    let airedale = content.partner_page("airedale").unwrap();
    assert_eq!(airedale.member_of.unwrap().slug, "wyaat");
    assert!(content.partner_page("nope").is_none());
}

#[test]
fn partner_problems_name_the_field() {
    let err = with_partners(|p| p.replacen("member_of = \"wyaat\"", "member_of = \"wyat\"", 1))
        .unwrap_err();
    assert_eq!(err.problems[0].file, PARTNERS_FILE);
    assert!(err.problems[0].field.ends_with(".member_of"), "{err}");

    let err = with_partners(|p| p.replacen("latitude = 53.8972\n", "", 1)).unwrap_err();
    assert!(
        err.to_string().contains("both latitude and longitude"),
        "{err}"
    );

    let err =
        with_partners(|p| p.replacen("latitude = 31.9850", "latitude = -31.9850", 1)).unwrap_err();
    assert!(err.to_string().contains("outside both maps"), "{err}");

    let err = with_partners(|p| p.replacen("kind = \"academic\"", "kind = \"university\"", 1))
        .unwrap_err();
    assert!(err.to_string().contains("university"), "{err}");
}

#[test]
fn postcodes() {
    assert!(is_postcode("LS9 7TF"));
    assert!(is_postcode("LS21 2LY"));
    assert!(is_postcode("LS1 3EX"));
    assert!(!is_postcode("LS97TF"));
    assert!(!is_postcode("ls9 7tf"));
    assert!(!is_postcode("9LS 7TF"));
}

#[test]
fn travel_facts_and_contacts_are_checked_by_field() {
    let err = with_trust(|t| {
        t.replacen("postcode = \"LS2 9DA\"", "postcode = \"LS29DA\"", 1)
            .replacen(
                "parking_enquiries = \"0113 39 25057\"",
                "parking_enquiries = \"call us\"",
                1,
            )
            .replacen(
                "website_email = \"communications.lth@nhs.net\"",
                "website_email = \"nobody\"",
                1,
            )
            .replacen(
                "switchboard = \"0113 243 3144\"",
                "switchboard = \"0113\"",
                1,
            )
    })
    .unwrap_err();
    let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "sites[0].travel.entrances[0].postcode",
            "sites[0].travel.parking_enquiries",
            "contacts.switchboard",
            "contacts.website_email",
        ],
        "{err}"
    );
}

#[test]
fn the_accessibility_record_needs_real_dates_in_order() {
    let parse_record = |text: &str| {
        parse(ContentFiles {
            accessibility: (ACCESSIBILITY_FILE, text),
            ..ContentFiles::embedded()
        })
    };
    let err = parse_record(
        "prepared = \"2026-12-06\"\nlast_reviewed = \"2026-12-06\"\nlast_tested = \"2026-02-30\"\n",
    )
    .unwrap_err();
    assert_eq!(err.problems[0].field, "last_tested", "{err}");
    let err = parse_record(
        "prepared = \"2026-12-06\"\nlast_reviewed = \"2026-12-06\"\nlast_tested = \"2026-12-05\"\n",
    )
    .unwrap_err();
    assert!(err.problems[0].message.contains("before"), "{err}");
    assert!(parse_record(
        "prepared = \"2026-12-06\"\nlast_reviewed = \"2026-12-06\"\nlast_tested = \"2027-01-05\"\n"
    )
    .is_ok());
}
