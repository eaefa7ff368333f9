//! The rules for a service record, in one place and pure (no database, no
//! clock): the staff form is checked against them into a record, and the
//! seed loader checks each seeded record by showing it as the form
//! ([`check_record`]). Also a record shown as the form.

use super::accounts::check_email;
use super::details::{numbers_text, parse_numbers, StaffDetails, StaffNumber};
use super::{fields, ServiceForm};
use crate::directory::opening::{
    dated_text, day_text, parse_dated, parse_day, OpeningTimes, DAY_NAMES,
};
use crate::directory::{
    is_iso_date, AgeGroup, FieldProblem, ServiceGroup, ServiceLocation, ServiceRecord, ISO_DATE,
    REVIEW_INTERVALS, REVIEW_MONTHS,
};
use crate::model::{Choice, SiteContent};
use crate::text_rules::{forbidden_character, is_slug, FORBIDDEN_CHARACTER};
use time::Date;

const MAX_NAME_CHARS: usize = 100;
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 20..=600;
const MAX_CONDITIONS: usize = 60;
const MAX_CONDITION_CHARS: usize = 80;
const MAX_LOCATION_CHARS: usize = 120;
const MAX_PHONE_CHARS: usize = 60;
const MAX_HOURS_CHARS: usize = 300;
const MAX_REFERRAL_CHARS: usize = 1_000;
const SLUG_CHARS: std::ops::RangeInclusive<usize> = 2..=60;
const MAX_STAFF_NUMBERS: usize = 20;
const MAX_STAFF_LABEL_CHARS: usize = 80;
const MAX_STAFF_NUMBER_CHARS: usize = 30;
const MAX_STAFF_TEXT_CHARS: usize = 1_000;
const MAX_FORM_ADDRESS_CHARS: usize = 300;
const MAX_WHEREABOUTS_CHARS: usize = 200;

/// A service form that passed every rule: the public record and the
/// staff-only details, saved together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedService {
    pub record: ServiceRecord,
    pub details: StaffDetails,
}

/// The hospitals and centres a service form may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormChoices {
    pub sites: Vec<Choice>,
    pub centres: Vec<Choice>,
}

impl FormChoices {
    /// The site's hospitals and centres, by slug and name.
    pub fn of(content: &SiteContent) -> Self {
        FormChoices {
            sites: content
                .sites
                .iter()
                .map(|s| Choice {
                    value: s.slug.clone(),
                    label: s.name.clone(),
                })
                .collect(),
            centres: content
                .centres
                .iter()
                .map(|c| Choice {
                    value: c.slug.clone(),
                    label: c.name.clone(),
                })
                .collect(),
        }
    }
}

/// The problems found so far, in the order of the form's fields.
#[derive(Default)]
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// `value`, or a problem saying to choose one.
    fn require<T>(&mut self, value: Option<T>, field: &str, message: &str) -> Option<T> {
        if value.is_none() {
            self.fail(field, message);
        }
        value
    }
}

/// Checks a service form against the site's hospitals and centres. `slug` is the
/// service's own when editing (the form's slug is ignored then); `today` is
/// the new "last reviewed" date. Every problem is reported at once, each
/// naming its field.
pub fn check_service_form(
    form: &ServiceForm,
    choices: &FormChoices,
    slug: Option<&str>,
    today: &str,
) -> Result<CheckedService, Vec<FieldProblem>> {
    let mut problems = Problems::default();
    let slug = match slug {
        Some(slug) => slug.to_string(),
        None => {
            let slug = form.slug.trim().to_string();
            let well_formed = SLUG_CHARS.contains(&slug.len()) && is_slug(&slug);
            if slug.is_empty() {
                problems.fail(fields::SLUG, "Enter a web address name");
            } else if !well_formed {
                problems.fail(
                    fields::SLUG,
                    "Web address name must be 2 to 60 lower-case letters, numbers and single \
                     hyphens, like heart-failure-clinic",
                );
            }
            slug
        }
    };
    let name = form.name.trim().to_string();
    if name.is_empty() {
        problems.fail(fields::NAME, "Enter the service name");
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.fail(
            fields::NAME,
            format!("Service name must be {MAX_NAME_CHARS} characters or fewer"),
        );
    } else if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        problems.fail(
            fields::NAME,
            "Service name must start with a capital letter A to Z",
        );
    }
    let group = problems.require(
        ServiceGroup::from_slug(&form.group),
        fields::GROUP,
        "Select a specialist group",
    );
    let description = form.description.trim().to_string();
    if !DESCRIPTION_CHARS.contains(&description.chars().count()) {
        problems.fail(
            fields::DESCRIPTION,
            format!(
                "Description must be {} to {} characters long",
                DESCRIPTION_CHARS.start(),
                DESCRIPTION_CHARS.end()
            ),
        );
    }
    let conditions: Vec<String> = form
        .conditions
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect();
    if conditions.is_empty() {
        problems.fail(
            fields::CONDITIONS,
            "Enter at least one condition or everyday word, one per line",
        );
    } else if conditions.len() > MAX_CONDITIONS {
        problems.fail(
            fields::CONDITIONS,
            format!("Enter {MAX_CONDITIONS} conditions or fewer"),
        );
    } else if let Some(long) = conditions
        .iter()
        .find(|c| c.chars().count() > MAX_CONDITION_CHARS)
    {
        problems.fail(
            fields::CONDITIONS,
            format!(
                "Each condition must be {MAX_CONDITION_CHARS} characters or fewer: \"{}...\" is longer",
                long.chars().take(30).collect::<String>()
            ),
        );
    } else if conditions.iter().any(|c| c.contains(';')) {
        problems.fail(
            fields::CONDITIONS,
            "Conditions must not contain a semicolon: put each on its own line",
        );
    }
    let age_group = problems.require(
        AgeGroup::from_slug(&form.age_group),
        fields::AGE_GROUP,
        "Select who the service is for",
    );
    let mut sites: Vec<ServiceLocation> = Vec::new();
    let mut unknown_site = false;
    // In the order ticked (a form lists them in the order of `FormChoices::sites`).
    for value in &form.sites {
        let Some(site) = choices.sites.iter().find(|site| &site.value == value) else {
            unknown_site = true;
            continue;
        };
        if sites.iter().any(|s| &s.site == value) {
            problems.fail(fields::SITES, format!("Select {} once", site.label));
            continue;
        }
        let location = form.location(&site.value).trim().to_string();
        let field = format!("{}{}", fields::LOCATION_PREFIX, site.value);
        if location.is_empty() {
            problems.fail(
                &field,
                format!("Enter where at {} the service is", site.label),
            );
        } else if location.chars().count() > MAX_LOCATION_CHARS {
            problems.fail(
                &field,
                format!(
                    "Where at {} must be {MAX_LOCATION_CHARS} characters or fewer",
                    site.label
                ),
            );
        } else if location.contains(';') || location.contains(": ") {
            // Exports join sites as `site: location; site: location`.
            problems.fail(
                &field,
                format!(
                    "Where at {} must not contain a semicolon or a colon followed by a space",
                    site.label
                ),
            );
        }
        sites.push(ServiceLocation {
            site: site.value.clone(),
            location,
        });
    }
    if sites.is_empty() || unknown_site {
        problems.fail(
            fields::SITES,
            "Select at least one hospital where the service is",
        );
    }
    let phone = form.phone.trim().to_string();
    if phone.is_empty() {
        problems.fail(fields::PHONE, "Enter a phone number");
    } else if phone.chars().count() > MAX_PHONE_CHARS
        || phone.chars().filter(char::is_ascii_digit).count() < 6
    {
        problems.fail(
            fields::PHONE,
            "Enter a phone number, like 0113 243 3144 (switchboard)",
        );
    }
    let email = form.email.trim().to_lowercase();
    let email = if email.is_empty() {
        None
    } else {
        match check_email(fields::EMAIL, &email) {
            Ok(email) => Some(email),
            Err(problem) => {
                problems.fail(&problem.field, problem.message);
                None
            }
        }
    };
    let opening_hours = form.opening_hours.trim().to_string();
    if opening_hours.is_empty() || opening_hours.chars().count() > MAX_HOURS_CHARS {
        problems.fail(
            fields::OPENING_HOURS,
            format!("Enter opening hours, {MAX_HOURS_CHARS} characters or fewer"),
        );
    }
    let opening = check_opening(form, &mut problems);
    let referral = form.referral.trim().to_string();
    if referral.is_empty() || referral.chars().count() > MAX_REFERRAL_CHARS {
        problems.fail(
            fields::REFERRAL,
            format!("Enter how professionals refer, {MAX_REFERRAL_CHARS} characters or fewer"),
        );
    }
    let centre = match form.centre.trim() {
        "" => None,
        centre if choices.centres.iter().any(|c| c.value == centre) => Some(centre.to_string()),
        _ => {
            problems.fail(fields::CENTRE, "Select a centre from the list, or none");
            None
        }
    };
    let review_months = match form.review_months.trim() {
        "" => REVIEW_MONTHS,
        months => match months.parse::<u8>() {
            Ok(months) if REVIEW_INTERVALS.contains(&months) => months,
            _ => {
                problems.fail(
                    fields::REVIEW_MONTHS,
                    "Select how often the entry is reviewed",
                );
                REVIEW_MONTHS
            }
        },
    };
    let typed = [
        (fields::SLUG, form.slug.as_str(), false, "Web address name"),
        (fields::NAME, &form.name, false, "Service name"),
        (fields::DESCRIPTION, &form.description, true, "Description"),
        (fields::CONDITIONS, &form.conditions, true, "Conditions"),
        (fields::PHONE, &form.phone, false, "Phone number"),
        (fields::EMAIL, &form.email, false, "Email address"),
        (
            fields::OPENING_HOURS,
            &form.opening_hours,
            true,
            "Opening hours",
        ),
        (fields::REFERRAL, &form.referral, true, "How to refer"),
        (
            fields::STAFF_PHONES,
            &form.staff_phones,
            true,
            "Extensions and direct lines",
        ),
        (fields::BLEEPS, &form.bleeps, true, "Bleeps"),
        (
            fields::OUT_OF_HOURS,
            &form.out_of_hours,
            true,
            "On call and out of hours",
        ),
        (
            fields::INTERNAL_REFERRAL,
            &form.internal_referral,
            true,
            "How to refer from within the trust",
        ),
        (
            fields::REFERRAL_FORM,
            &form.referral_form,
            false,
            "Referral form",
        ),
        (
            fields::WHEREABOUTS,
            &form.whereabouts,
            false,
            "Where in the hospital",
        ),
    ];
    let locations = form.locations.iter().map(|(site, location)| {
        (
            location.as_str(),
            format!("{}{site}", fields::LOCATION_PREFIX),
        )
    });
    for (field, value, multiline, label) in typed {
        if forbidden_character(value, multiline).is_some() {
            problems.fail(field, format!("{label} {FORBIDDEN_CHARACTER}"));
        }
    }
    for (value, field) in locations {
        if forbidden_character(value, false).is_some() {
            problems.fail(
                &field,
                format!("Where at the hospital {FORBIDDEN_CHARACTER}"),
            );
        }
    }
    let details = check_staff_details(form, &mut problems);
    match (group, age_group) {
        (Some(group), Some(age_group)) if problems.0.is_empty() => Ok(CheckedService {
            details,
            record: ServiceRecord {
                slug,
                name,
                group,
                description,
                conditions,
                age_group,
                phone,
                email,
                opening_hours,
                opening,
                referral,
                centre,
                last_reviewed: today.to_string(),
                review_months,
                sites,
            },
        }),
        _ => Err(problems.0),
    }
}

/// The staff-only part of a service form.
fn check_staff_details(form: &ServiceForm, problems: &mut Problems) -> StaffDetails {
    let mut numbers = |field: &str, text: &str, what: &str| -> Vec<StaffNumber> {
        let numbers = match parse_numbers(text) {
            Ok(numbers) => numbers,
            Err(line) => {
                problems.fail(
                    field,
                    format!(
                        "Write each of the {what} as who or where, a colon, then the number, \
                         like Nurses' station: 23456 (\"{}\" is not)",
                        line.chars().take(30).collect::<String>()
                    ),
                );
                return Vec::new();
            }
        };
        if numbers.len() > MAX_STAFF_NUMBERS {
            problems.fail(field, format!("Enter {MAX_STAFF_NUMBERS} {what} or fewer"));
        } else if numbers.iter().any(|n| {
            n.label.chars().count() > MAX_STAFF_LABEL_CHARS
                || n.number.chars().count() > MAX_STAFF_NUMBER_CHARS
                || n.number.chars().filter(char::is_ascii_digit).count() < 3
                || !n
                    .number
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +()-".contains(c))
        }) {
            problems.fail(
                field,
                format!(
                    "Each of the {what} needs a number of 3 digits or more (digits, spaces, + and \
                     brackets only) and who or where in {MAX_STAFF_LABEL_CHARS} characters or fewer"
                ),
            );
        }
        numbers
    };
    let phones = numbers(
        fields::STAFF_PHONES,
        &form.staff_phones,
        "extensions and direct lines",
    );
    let bleeps = numbers(fields::BLEEPS, &form.bleeps, "bleeps");
    let mut text = |field: &str, value: &str, max: usize, label: &str| -> String {
        let value = value.trim().to_string();
        if value.chars().count() > max {
            problems.fail(field, format!("{label} must be {max} characters or fewer"));
        }
        value
    };
    let out_of_hours = text(
        fields::OUT_OF_HOURS,
        &form.out_of_hours,
        MAX_STAFF_TEXT_CHARS,
        "On call and out of hours",
    );
    let internal_referral = text(
        fields::INTERNAL_REFERRAL,
        &form.internal_referral,
        MAX_STAFF_TEXT_CHARS,
        "How to refer from within the trust",
    );
    let whereabouts = text(
        fields::WHEREABOUTS,
        &form.whereabouts,
        MAX_WHEREABOUTS_CHARS,
        "Where in the hospital",
    );
    let referral_form = text(
        fields::REFERRAL_FORM,
        &form.referral_form,
        MAX_FORM_ADDRESS_CHARS,
        "Referral form address",
    );
    let secure_address = url::Url::parse(&referral_form)
        .is_ok_and(|address| address.scheme() == "https" && address.host_str().is_some());
    if !referral_form.is_empty() && !secure_address {
        problems.fail(
            fields::REFERRAL_FORM,
            "Enter the referral form's address starting https://, or leave it empty",
        );
    }
    StaffDetails {
        phones,
        bleeps,
        out_of_hours,
        internal_referral,
        referral_form,
        whereabouts,
    }
}

/// A date as the site writes it, such as `2026-09-14`.
pub fn iso_date(date: Date) -> String {
    date.format(ISO_DATE).unwrap_or_default()
}

/// Checks a record that did not come through the form (a seeded one)
/// against the form's rules: shown as the form and checked, it must give
/// back the same record. Problems name the form's fields.
pub fn check_record(record: &ServiceRecord, choices: &FormChoices) -> Vec<FieldProblem> {
    let mut problems = match check_service_form(
        &form_of(record, &StaffDetails::default(), 0),
        choices,
        None,
        &record.last_reviewed,
    ) {
        Err(problems) => problems,
        Ok(checked) if checked.record != *record => vec![FieldProblem {
            field: fields::NAME.into(),
            message: "The service is not as the form would save it: a value has spaces at \
                 either end, a condition a line break, or the email capital letters"
                .into(),
        }],
        Ok(_) => Vec::new(),
    };
    if !is_iso_date(&record.last_reviewed) {
        problems.push(FieldProblem {
            field: "last-reviewed".into(),
            message: format!(
                "Last reviewed '{}' must be a date such as 2026-09-14",
                record.last_reviewed
            ),
        });
    }
    problems
}

/// The opening times typed on the form, as data; what is wrong with them
/// goes in `problems`.
fn check_opening(form: &ServiceForm, problems: &mut Problems) -> OpeningTimes {
    let mut opening = OpeningTimes::default();
    for (day, typed) in form.opening_days.iter().enumerate() {
        match parse_day(typed) {
            Ok(sessions) => opening.week[day] = sessions,
            Err(problem) => problems.fail(
                &fields::opening_day(day),
                format!("{}: {}", DAY_NAMES[day], problem.message()),
            ),
        }
    }
    match parse_dated(&form.opening_dated) {
        Ok(dated) => opening.exceptions = dated,
        Err(message) => problems.fail(fields::OPENING_DATED, message),
    }
    match form.bank_holidays.as_str() {
        fields::BANK_HOLIDAYS_CLOSED => opening.closed_on_bank_holidays = true,
        fields::BANK_HOLIDAYS_OPEN => opening.closed_on_bank_holidays = false,
        _ => problems.fail(
            fields::BANK_HOLIDAYS,
            "Select whether the service is open on bank holidays",
        ),
    }
    opening
}

/// A record and its staff-only details as the edit form shows them.
pub fn form_of(record: &ServiceRecord, details: &StaffDetails, version: i64) -> ServiceForm {
    ServiceForm {
        version: Some(version),
        slug: record.slug.clone(),
        name: record.name.clone(),
        group: record.group.slug().to_string(),
        description: record.description.clone(),
        conditions: record.conditions.join("\n"),
        age_group: record.age_group.slug().to_string(),
        sites: record.sites.iter().map(|s| s.site.clone()).collect(),
        locations: record
            .sites
            .iter()
            .map(|s| (s.site.clone(), s.location.clone()))
            .collect(),
        phone: record.phone.clone(),
        email: record.email.clone().unwrap_or_default(),
        opening_hours: record.opening_hours.clone(),
        opening_days: std::array::from_fn(|day| day_text(&record.opening.week[day])),
        opening_dated: dated_text(&record.opening.exceptions),
        bank_holidays: if record.opening.closed_on_bank_holidays {
            fields::BANK_HOLIDAYS_CLOSED
        } else {
            fields::BANK_HOLIDAYS_OPEN
        }
        .to_string(),
        referral: record.referral.clone(),
        centre: record.centre.clone().unwrap_or_default(),
        review_months: record.review_months.to_string(),
        staff_phones: numbers_text(&details.phones),
        bleeps: numbers_text(&details.bleeps),
        out_of_hours: details.out_of_hours.clone(),
        internal_referral: details.internal_referral.clone(),
        referral_form: details.referral_form.clone(),
        whereabouts: details.whereabouts.clone(),
    }
}

#[cfg(test)]
mod tests;
