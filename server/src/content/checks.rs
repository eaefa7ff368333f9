//! The checks content must pass before the site starts: every problem in
//! every file, each naming its file and field.

use super::{ContentFiles, Problem};
use app::map::MapView;
use app::model::SiteContent;
use app::text_rules::{forbidden_character, is_slug, FORBIDDEN_CHARACTER};
use std::collections::HashSet;

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

    /// Several text fields of the record at `at` (`centres[2]`), each named
    /// by its key.
    fn text_fields<const N: usize>(&mut self, at: &str, fields: [(&str, &str); N]) {
        for (key, value) in fields {
            self.text(&format!("{at}.{key}"), value);
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

impl Checker<'_> {
    /// A UK telephone number as people write it: `0113 243 3144`.
    fn phone(&mut self, field: &str, value: &str) {
        let digits = value.bytes().filter(u8::is_ascii_digit).count();
        let shape = value.starts_with('0')
            && value.bytes().all(|b| b.is_ascii_digit() || b == b' ')
            && (10..=11).contains(&digits);
        if !shape {
            self.fail(field, format!("'{value}' is not a UK telephone number"));
        }
    }

    fn postcode(&mut self, field: &str, value: &str) {
        if !is_postcode(value) {
            self.fail(field, format!("'{value}' is not a UK postcode"));
        }
    }

    fn travel(&mut self, at: &str, travel: &app::model::Travel) {
        for (i, entrance) in travel.entrances.iter().enumerate() {
            self.text(&format!("{at}.entrances[{i}].name"), &entrance.name);
            self.postcode(&format!("{at}.entrances[{i}].postcode"), &entrance.postcode);
        }
        for (i, car_park) in travel.car_parks.iter().enumerate() {
            self.text(&format!("{at}.car_parks[{i}]"), car_park);
        }
        for (key, text) in [("buses", &travel.buses), ("trains", &travel.trains)] {
            if let Some(text) = text {
                self.text(&format!("{at}.{key}"), text);
            }
        }
        if let Some(phone) = &travel.parking_enquiries {
            self.phone(&format!("{at}.parking_enquiries"), phone);
        }
    }

    fn contacts(&mut self, contacts: &app::model::Contacts) {
        self.phone("contacts.switchboard", &contacts.switchboard);
        self.phone("contacts.website_phone", &contacts.website_phone);
        let email = &contacts.website_email;
        if email.split_once('@').is_none_or(|(local, domain)| {
            local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace)
        }) {
            self.fail(
                "contacts.website_email",
                format!("'{email}' is not an email address"),
            );
        }
        if contacts.website_reply_days == 0 {
            self.fail("contacts.website_reply_days", "must be at least 1");
        }
        self.text("contacts.pals_office_hours", &contacts.pals_office_hours);
        self.text("contacts.pals_phone_hours", &contacts.pals_phone_hours);
    }
}

/// The accessibility record's dates: real, and tested no earlier than prepared.
fn validate_accessibility(record: &app::model::AccessibilityRecord, file: &str) -> Vec<Problem> {
    let mut check = Checker::new(file);
    for (field, date) in [
        ("prepared", &record.prepared),
        ("last_reviewed", &record.last_reviewed),
        ("last_tested", &record.last_tested),
    ] {
        if !app::directory::is_iso_date(date) {
            check.fail(
                field,
                format!("'{date}' is not a date written as YYYY-MM-DD"),
            );
        } else if date < &record.prepared {
            check.fail(field, "must not be before the statement was prepared");
        }
    }
    check.problems
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
pub(super) fn validate(content: &SiteContent, files: ContentFiles<'_>) -> Vec<Problem> {
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
            trust.postcode(&format!("{at}.postcode"), postcode);
        }
        if let Some(phone) = &site.phone {
            trust.phone(&format!("{at}.phone"), phone);
        }
        trust.travel(&format!("{at}.travel"), &site.travel);
        if !app::map::HOSPITALS_AREA.contains(site.longitude, site.latitude) {
            trust.fail(
                format!("{at}.latitude"),
                "places the hospital outside the hospitals' map (app::map::HOSPITALS_AREA)",
            );
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

    trust.contacts(&content.contacts);
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
        trust.text_fields(&at, [("name", &group.name), ("summary", &group.summary)]);
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
        trust.text_fields(
            &at,
            [("title", &link.title), ("description", &link.description)],
        );
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
        centres.text_fields(&at, [("name", &centre.name), ("summary", &centre.summary)]);
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
    trust.problems.extend(validate_accessibility(
        &content.accessibility,
        files.accessibility.0,
    ));
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
        check.text_fields(
            &at,
            [
                ("name", &partner.name),
                ("short_name", &partner.short_name),
                ("place", &partner.place),
                ("summary", &partner.summary),
            ],
        );
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
