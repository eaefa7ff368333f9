//! Loads the site's content (TOML files, built into the binary or read from
//! `CONTENT_DIR`) and checks it, so a mistake stops the server at start-up with
//! a message naming the file and the field.

use app::map::MapView;
use app::model::{Centre, HospitalSite, Partner, SiteContent, TrustProfile};
use app::text_rules::{forbidden_character, is_slug, FORBIDDEN_CHARACTER};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// The trust profile and hospital sites.
pub const TRUST_FILE: &str = "trust.toml";
/// The centres of excellence.
pub const CENTRES_FILE: &str = "centres.toml";
/// The partners.
pub const PARTNERS_FILE: &str = "partners.toml";

const EMBEDDED_TRUST: &str = include_str!("../content/trust.toml");
const EMBEDDED_CENTRES: &str = include_str!("../content/centres.toml");
const EMBEDDED_PARTNERS: &str = include_str!("../content/partners.toml");

/// The content files' texts, each with the name errors show for it.
#[derive(Debug, Clone, Copy)]
pub struct ContentFiles<'a> {
    pub trust: (&'a str, &'a str),
    pub centres: (&'a str, &'a str),
    pub partners: (&'a str, &'a str),
}

impl ContentFiles<'static> {
    /// The files built into the binary.
    pub fn embedded() -> Self {
        ContentFiles {
            trust: (TRUST_FILE, EMBEDDED_TRUST),
            centres: (CENTRES_FILE, EMBEDDED_CENTRES),
            partners: (PARTNERS_FILE, EMBEDDED_PARTNERS),
        }
    }
}

/// One thing wrong in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// Where: a field path such as `centres[2].related[0]`, or a line number.
    pub field: String,
    pub message: String,
}

/// Why the content could not be loaded: every problem found, each with its file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentError {
    pub problems: Vec<Problem>,
}

impl ContentError {
    pub(crate) fn one(file: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        ContentError {
            problems: vec![Problem {
                file: file.to_string(),
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the site's content is not valid:")?;
        for p in &self.problems {
            write!(
                f,
                "\n  - content file {}, field {}: {}",
                p.file, p.field, p.message
            )?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    trust: TrustProfile,
    sites: Vec<HospitalSite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CentresFile {
    centres: Vec<Centre>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnersFile {
    intro: Vec<String>,
    partners: Vec<Partner>,
}

/// The content built into the binary.
pub fn load_embedded() -> Result<SiteContent, ContentError> {
    parse(ContentFiles::embedded())
}

/// Reads the content file `name` in `dir`: `(path as shown in errors, text)`.
pub(crate) fn read_file(dir: &Path, name: &str) -> Result<(String, String), ContentError> {
    let path = dir.join(name);
    let shown = path.display().to_string();
    std::fs::read_to_string(&path)
        .map(|text| (shown.clone(), text))
        .map_err(|e| ContentError::one(&shown, "(file)", format!("cannot be read: {e}")))
}

/// The content files in `dir`, for changing content without a rebuild.
pub fn load_dir(dir: &Path) -> Result<SiteContent, ContentError> {
    let (trust_name, trust_text) = read_file(dir, TRUST_FILE)?;
    let (centres_name, centres_text) = read_file(dir, CENTRES_FILE)?;
    let (partners_name, partners_text) = read_file(dir, PARTNERS_FILE)?;
    parse(ContentFiles {
        trust: (&trust_name, &trust_text),
        centres: (&centres_name, &centres_text),
        partners: (&partners_name, &partners_text),
    })
}

/// Parses and checks the content files.
pub fn parse(files: ContentFiles<'_>) -> Result<SiteContent, ContentError> {
    let trust_file: TrustFile = decode(files.trust.0, files.trust.1)?;
    let centres_file: CentresFile = decode(files.centres.0, files.centres.1)?;
    let partners_file: PartnersFile = decode(files.partners.0, files.partners.1)?;
    let content = SiteContent {
        trust: trust_file.trust,
        sites: trust_file.sites,
        centres: centres_file.centres,
        partners_intro: partners_file.intro,
        partners: partners_file.partners,
    };
    let problems = validate(&content, files);
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(ContentError { problems })
    }
}

pub(crate) fn decode<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<T, ContentError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
        ContentError::one(
            file,
            line.map_or_else(|| "(file)".into(), |l| format!("line {l}")),
            e.message().trim(),
        )
    })
}

/// Collects the problems of one file, with field paths.
pub(crate) struct Checker<'a> {
    pub(crate) problems: Vec<Problem>,
    file: &'a str,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(file: &'a str) -> Self {
        Checker {
            file,
            problems: Vec::new(),
        }
    }

    pub(crate) fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            field: field.into(),
            message: message.into(),
        });
    }

    pub(crate) fn text(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        }
        if forbidden_character(value, true).is_some() {
            self.fail(field, FORBIDDEN_CHARACTER);
        }
    }

    pub(crate) fn texts(&mut self, field: &str, values: &[String]) {
        if values.is_empty() {
            self.fail(field, "must have at least one entry");
        }
        for (i, value) in values.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), value);
        }
    }

    pub(crate) fn slug(&mut self, field: &str, value: &str, seen: &mut HashSet<String>) {
        if !is_slug(value) {
            self.fail(
                field,
                format!("'{value}' is not a slug (lower-case letters, digits and single hyphens)"),
            );
        }
        if !seen.insert(value.to_string()) {
            self.fail(field, format!("'{value}' is used twice"));
        }
    }

    pub(crate) fn reference(
        &mut self,
        field: &str,
        value: &str,
        known: &HashSet<String>,
        what: &str,
    ) {
        if !known.contains(value) {
            self.fail(field, format!("'{value}' is not a known {what}"));
        }
    }

    fn figures(&mut self, field: &str, figures: &[app::model::KeyFigure]) {
        if figures.is_empty() {
            self.fail(field, "must have at least one entry");
        }
        for (i, figure) in figures.iter().enumerate() {
            self.text(&format!("{field}[{i}].value"), &figure.value);
            self.text(&format!("{field}[{i}].label"), &figure.label);
        }
    }
}

/// A UK postcode in its usual written form, such as `LS9 7TF`.
pub fn is_postcode(value: &str) -> bool {
    let Some((outward, inward)) = value.split_once(' ') else {
        return false;
    };
    let outward_ok = (2..=4).contains(&outward.len())
        && outward
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase())
        && outward
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && outward.bytes().any(|b| b.is_ascii_digit());
    let inward = inward.as_bytes();
    let inward_ok = inward.len() == 3
        && inward[0].is_ascii_digit()
        && inward[1..].iter().all(|b| b.is_ascii_uppercase());
    outward_ok && inward_ok
}

/// Every problem in the content, file by file.
fn validate(content: &SiteContent, files: ContentFiles<'_>) -> Vec<Problem> {
    let mut site_slugs = HashSet::new();
    let mut centre_slugs = HashSet::new();
    let mut trust = Checker::new(files.trust.0);
    let mut centres = Checker::new(files.centres.0);

    for (i, site) in content.sites.iter().enumerate() {
        let at = format!("sites[{i}]");
        trust.slug(&format!("{at}.slug"), &site.slug, &mut site_slugs);
        trust.text(&format!("{at}.name"), &site.name);
        trust.texts(&format!("{at}.address"), &site.address);
        trust.text(&format!("{at}.summary"), &site.summary);
        if let Some(postcode) = &site.postcode {
            if !is_postcode(postcode) {
                trust.fail(
                    format!("{at}.postcode"),
                    format!("'{postcode}' is not a UK postcode"),
                );
            }
        }
        if !(-90.0..=90.0).contains(&site.latitude) {
            trust.fail(format!("{at}.latitude"), "must be between -90 and 90");
        }
        if !(-180.0..=180.0).contains(&site.longitude) {
            trust.fail(format!("{at}.longitude"), "must be between -180 and 180");
        }
    }
    if content.sites.is_empty() {
        trust.fail("sites", "must have at least one entry");
    }
    for (i, centre) in content.centres.iter().enumerate() {
        centres.slug(
            &format!("centres[{i}].slug"),
            &centre.slug,
            &mut centre_slugs,
        );
    }

    let profile = &content.trust;
    trust.text("trust.name", &profile.name);
    trust.text("trust.ods_code", &profile.ods_code);
    trust.text("trust.formed", &profile.formed);
    trust.text("trust.description", &profile.description);
    trust.texts("trust.intro", &profile.intro);
    trust.figures("trust.key_figures", &profile.key_figures);
    trust.text("trust.groups_intro", &profile.groups_intro);
    trust.texts("trust.centres_intro", &profile.centres_intro);
    trust.reference(
        "trust.headquarters",
        &profile.headquarters,
        &site_slugs,
        "site",
    );
    if profile.groups.is_empty() {
        trust.fail("trust.groups", "must have at least one entry");
    }
    let mut group_names = HashSet::new();
    for (i, group) in profile.groups.iter().enumerate() {
        let at = format!("trust.groups[{i}]");
        trust.text(&format!("{at}.name"), &group.name);
        trust.text(&format!("{at}.summary"), &group.summary);
        trust.reference(
            &format!("{at}.centre"),
            &group.centre,
            &centre_slugs,
            "centre",
        );
        group_names.insert(group.name.clone());
    }
    for (i, link) in profile.onward.iter().enumerate() {
        let at = format!("trust.onward[{i}]");
        trust.text(&format!("{at}.title"), &link.title);
        trust.text(&format!("{at}.description"), &link.description);
        if !link.href.starts_with('/') {
            trust.fail(
                format!("{at}.href"),
                "must be a path on this site, starting with /",
            );
        }
    }

    if content.centres.is_empty() {
        centres.fail("centres", "must have at least one entry");
    }
    for (i, centre) in content.centres.iter().enumerate() {
        let at = format!("centres[{i}]");
        centres.text(&format!("{at}.name"), &centre.name);
        centres.text(&format!("{at}.summary"), &centre.summary);
        centres.texts(&format!("{at}.intro"), &centre.intro);
        centres.figures(&format!("{at}.highlights"), &centre.highlights);
        centres.texts(&format!("{at}.offers"), &centre.offers);
        centres.text(&format!("{at}.location"), &centre.location);
        centres.reference(
            &format!("{at}.group"),
            &centre.group,
            &group_names,
            "specialist group",
        );
        if centre.sites.is_empty() {
            centres.fail(format!("{at}.sites"), "must have at least one entry");
        }
        for (j, site) in centre.sites.iter().enumerate() {
            centres.reference(&format!("{at}.sites[{j}]"), site, &site_slugs, "site");
        }
        for (j, related) in centre.related.iter().enumerate() {
            let field = format!("{at}.related[{j}]");
            centres.reference(&field, related, &centre_slugs, "centre");
            if related == &centre.slug {
                centres.fail(field, "a centre cannot be related to itself");
            }
        }
    }
    trust.problems.extend(centres.problems);
    trust
        .problems
        .extend(validate_partners(content, files.partners.0));
    trust.problems
}

fn validate_partners(content: &SiteContent, file: &str) -> Vec<Problem> {
    let mut check = Checker::new(file);
    check.texts("intro", &content.partners_intro);
    if content.partners.is_empty() {
        check.fail("partners", "must have at least one entry");
    }
    let mut slugs = HashSet::new();
    for (i, partner) in content.partners.iter().enumerate() {
        check.slug(&format!("partners[{i}].slug"), &partner.slug, &mut slugs);
    }
    for (i, partner) in content.partners.iter().enumerate() {
        let at = format!("partners[{i}]");
        check.text(&format!("{at}.name"), &partner.name);
        check.text(&format!("{at}.short_name"), &partner.short_name);
        check.text(&format!("{at}.place"), &partner.place);
        check.text(&format!("{at}.summary"), &partner.summary);
        check.texts(&format!("{at}.description"), &partner.description);
        if let Some(parent) = &partner.member_of {
            check.reference(&format!("{at}.member_of"), parent, &slugs, "partner");
            if parent == &partner.slug {
                check.fail(
                    format!("{at}.member_of"),
                    "a partner cannot be a member of itself",
                );
            }
        }
        match (partner.latitude, partner.longitude) {
            (None, None) => {}
            (Some(lat), Some(lon)) => {
                if MapView::for_point(lon, lat).is_none() {
                    check.fail(
                        format!("{at}.latitude"),
                        format!("({lat}, {lon}) is outside both maps"),
                    );
                }
            }
            _ => check.fail(
                format!("{at}.longitude"),
                "give both latitude and longitude, or neither",
            ),
        }
    }
    check.problems
}

#[cfg(test)]
mod tests {
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
        let err =
            with_centres(|c| c.replacen("\"cancer-centre\"", "\"cancer-centr\"", 1)).unwrap_err();
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

        let err = with_partners(|p| p.replacen("latitude = 31.9850", "latitude = -31.9850", 1))
            .unwrap_err();
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
}
