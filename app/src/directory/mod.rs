//! The services directory: what a service is, how a search is asked for and
//! what it returns. These types travel between server and browser. The
//! search engine (`search`, `catalogue`, `word_index`) runs on the server and
//! in the browser's search module, over the compact copy of the listed
//! services (`compact`); the directory held in memory over storage (`live`)
//! is on the server only.

pub mod api;
#[cfg(feature = "search")]
pub mod catalogue;
#[cfg(feature = "search")]
pub mod compact;
#[cfg(feature = "ssr")]
pub mod live;
pub mod opening;
#[cfg(feature = "search")]
pub mod search;
#[cfg(feature = "search")]
mod word_index;

use crate::model::ServiceLink;
use serde::{Deserialize, Serialize};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::Date;

/// The most characters a search may have.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most words a search may have.
pub const MAX_QUERY_WORDS: usize = 12;
/// The `id` of the search box, which error messages link to.
pub const QUERY_FIELD: &str = "search-q";
/// The `id` of the group filter.
pub const GROUP_FIELD: &str = "search-group";
/// The `id` of the site filter.
pub const SITE_FIELD: &str = "search-site";
/// The `id` of the age filter.
pub const AGE_FIELD: &str = "search-age";

/// Results on one page of search results.
pub const PAGE_SIZE: usize = 20;
/// At most this many services matching only some words of a search are
/// shown, after those that match every word.
pub const PARTIAL_MATCHES_SHOWN: usize = 10;

crate::vocabulary::vocabulary! {
    /// The specialist group a service belongs to: the trust's five groups, or none.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum ServiceGroup {
        Childrens => ("childrens", "Specialist children's services"),
        CancerBloodGenetics => ("cancer-blood-genetics", "Cancer, blood and genetics"),
        TraumaNeurosciences => ("trauma-neurosciences", "Major trauma and neurosciences"),
        Cardiac => ("cardiac", "Cardiac services"),
        TransplantSurgery => (
            "transplant-surgery",
            "Specialised transplantation and other specialised surgery"
        ),
        Other => ("other", "Other specialties"),
    }
}

crate::vocabulary::vocabulary! {
    /// Who a service sees.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum AgeGroup {
        Adults => ("adults", "Adults"),
        Children => ("children", "Children and young people"),
        AllAges => ("all-ages", "Adults and children"),
    }
}

impl AgeGroup {
    /// The age groups a visitor can filter by (a service for all ages shows
    /// under both).
    pub const FILTERS: [AgeGroup; 2] = [AgeGroup::Adults, AgeGroup::Children];

    /// Whether a service for `self` shows when filtering by `filter`.
    pub fn serves(self, filter: AgeGroup) -> bool {
        self == filter || self == AgeGroup::AllAges
    }
}

/// Where at one of the trust's sites a service is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceLocation {
    /// Slug of a hospital site in `trust.toml`.
    pub site: String,
    /// Wing, building, floor or department.
    pub location: String,
}

/// One service of the directory, as the data file, the database and the
/// exports hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRecord {
    pub slug: String,
    pub name: String,
    pub group: ServiceGroup,
    pub description: String,
    /// Conditions, symptoms and the everyday words people use for them.
    pub conditions: Vec<String>,
    pub age_group: AgeGroup,
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A note of when it is open, in words.
    pub opening_hours: String,
    /// When it is open, as data: what the week table, "open now", the
    /// structured data and the exports use. Not sent to browsers (pages
    /// render on the server); seeded services get it from their note.
    #[serde(default, skip_serializing)]
    pub opening: opening::OpeningTimes,
    /// How professionals refer a patient.
    pub referral: String,
    /// Slug of the centre of excellence the service belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<String>,
    /// When the entry was last checked, as `YYYY-MM-DD`.
    pub last_reviewed: String,
    /// How many months after `last_reviewed` the entry is due for review
    /// again: one of [`REVIEW_INTERVALS`].
    #[serde(default = "standard_review_months")]
    pub review_months: u8,
    pub sites: Vec<ServiceLocation>,
}

fn standard_review_months() -> u8 {
    REVIEW_MONTHS
}

/// A search as typed into the address or the form: every field as text, so
/// that anything a visitor sends can be answered with a clear message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub site: Option<String>,
    #[serde(default)]
    pub age: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
}

impl SearchRequest {
    /// The address of the search page (or an export, with `path`) for this
    /// request, leaving out empty fields and page 1.
    pub fn href(&self, path: &str) -> String {
        let values = [&self.q, &self.group, &self.site, &self.age, &self.page];
        let pairs = crate::paths::SEARCH_PARAMETERS.into_iter().zip(values);
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            let value = value.as_deref().map(str::trim).unwrap_or_default();
            if !(value.is_empty() || (name == "page" && value == "1")) {
                query.append_pair(name, value);
            }
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// The same request on another page of results.
    pub fn with_page(&self, page: usize) -> Self {
        SearchRequest {
            page: Some(page.to_string()),
            ..self.clone()
        }
    }

    /// The text of the search box, trimmed.
    pub fn query_text(&self) -> &str {
        self.q.as_deref().map(str::trim).unwrap_or_default()
    }
}

/// A field of the search form and what is wrong with its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The `id` of the form field the message is about.
    pub field: String,
    pub message: String,
}

/// A run of text, marked when it matched a searched word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlighted {
    pub text: String,
    pub matched: bool,
}

/// One service in a list of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub slug: String,
    pub name: Vec<Highlighted>,
    pub description: Vec<Highlighted>,
    /// Conditions that matched the search, if any, highlighted.
    pub matched_conditions: Vec<Vec<Highlighted>>,
    pub group: ServiceGroup,
    pub age_group: AgeGroup,
    /// The slugs of the hospitals it is at (the page shows their names).
    pub sites: Vec<String>,
    /// "Open now, closes at 5pm", when its opening times are known.
    pub open_now: Option<String>,
}

/// A searched word we changed, because nothing started with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub typed: String,
    pub used: String,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// How many services match, over all pages.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    pub pages: usize,
    pub services: Vec<ServiceSummary>,
    /// Words we read as typing mistakes, and the word we searched for instead.
    pub corrections: Vec<Correction>,
    /// When nothing matched: a search that would, if we can think of one.
    pub did_you_mean: Option<String>,
    /// On the last page, for a search of several words: services that match
    /// some of them, best first (after the `total` that match every word).
    pub partial: Vec<ServiceSummary>,
    /// Words typed that no listed service matches.
    pub not_found: Vec<String>,
}

/// Services whose names start with one letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub letter: char,
    pub services: Vec<ServiceLink>,
}

/// Groups services (sorted by name) under the letters A to Z; letters with no
/// services are kept, empty, so the page can show them as plain text.
pub fn a_to_z(services: Vec<ServiceLink>) -> Vec<Letter> {
    let mut letters: Vec<Letter> = ('A'..='Z')
        .map(|letter| Letter {
            letter,
            services: Vec::new(),
        })
        .collect();
    for service in services {
        let initial = service
            .name
            .chars()
            .next()
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or('#');
        if let Some(entry) = letters.iter_mut().find(|l| l.letter == initial) {
            entry.services.push(service);
        }
    }
    letters
}

/// What the search page shows below the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DirectoryListing {
    /// No search and no filter: every service, A to Z.
    AToZ(Vec<Letter>),
    Results(SearchResults),
}

/// Everything the search page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub request: SearchRequest,
    /// How many services the directory has.
    pub service_count: usize,
    pub listing: DirectoryListing,
    /// For a signed-in member of staff only: what the staff-only details add.
    pub staff: Option<StaffFindings>,
}

/// What a search shows a signed-in member of staff on top of the public
/// results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffFindings {
    /// Services whose staff-only details hold every word searched, by name.
    pub matches: Vec<(ServiceLink, crate::staff::details::StaffDetails)>,
    /// The staff-only details of the services on this page of results.
    pub details: Vec<(String, crate::staff::details::StaffDetails)>,
}

/// A hospital site of a service, and where the service is in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSite {
    pub site: crate::model::HospitalSite,
    pub location: String,
}

/// What a service's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServicePage {
    pub trust_name: String,
    pub service: ServiceRecord,
    /// "Open now, closes at 5pm", when its opening times are known.
    pub open_now: Option<String>,
    pub sites: Vec<ServiceSite>,
    pub centre: Option<crate::model::CentreLink>,
}

/// Why the directory could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DirectoryError {
    /// The request cannot be searched, with what to correct.
    #[error("{}", .0.first().map(|p| p.message.as_str()).unwrap_or("invalid search"))]
    Invalid(Vec<FieldProblem>),
    /// No service has this address.
    #[error("service not found")]
    NotFound,
    /// The request could not be read (a malformed `/api/...` call).
    #[error("the request could not be read")]
    BadRequest,
    /// The database failed or could not be reached; details are in the server log.
    #[error("the services directory is not available")]
    Unavailable,
}

impl crate::error::HttpStatus for DirectoryError {
    fn status(&self) -> u16 {
        match self {
            DirectoryError::Invalid(_) | DirectoryError::BadRequest => 400,
            DirectoryError::NotFound => 404,
            DirectoryError::Unavailable => 503,
        }
    }
}

impl From<DirectoryError> for crate::error::PageError {
    fn from(error: DirectoryError) -> Self {
        match error {
            DirectoryError::NotFound => crate::error::PageError::NotFound,
            _ => crate::error::PageError::Unavailable,
        }
    }
}

crate::server_fn_error!(DirectoryError);

/// `YYYY-MM-DD`, the one way the site writes a date.
pub(crate) const ISO_DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Whether `value` is a date written `YYYY-MM-DD`.
pub fn is_iso_date(value: &str) -> bool {
    Date::parse(value, ISO_DATE).is_ok()
}

/// A date as pages show it, such as "14 September 2026".
const LONG_DATE: &[FormatItem<'static>] =
    format_description!("[day padding:none] [month repr:long] [year]");

/// How many months after its last review a service's entry is due for
/// another, unless it says otherwise.
pub const REVIEW_MONTHS: u8 = 6;

/// The review intervals, in months, an entry may have.
pub const REVIEW_INTERVALS: [u8; 4] = [3, 6, 12, 24];

/// When an entry last reviewed on `iso` (`YYYY-MM-DD`) is next due for
/// review, `months` later (the month's last day when that month is
/// shorter), as `YYYY-MM-DD`; `None` for anything else.
pub fn review_due(iso: &str, months: u8) -> Option<String> {
    months_after(iso, months)
}

/// The date `months` after `iso` (`YYYY-MM-DD`), the month's last day when
/// that month is shorter; `None` for anything but a date.
pub fn months_after(iso: &str, months: u8) -> Option<String> {
    let reviewed = Date::parse(iso, ISO_DATE).ok()?;
    let months = u32::from(u8::from(reviewed.month())) - 1 + u32::from(months);
    let year = reviewed.year() + i32::try_from(months / 12).ok()?;
    let month = time::Month::try_from(u8::try_from(months % 12).ok()? + 1).ok()?;
    let day = reviewed.day().min(month.length(year));
    Date::from_calendar_date(year, month, day)
        .ok()?
        .format(ISO_DATE)
        .ok()
}

/// Formats `YYYY-MM-DD` as "14 September 2026"; anything else, or a date
/// that does not exist, is shown as is.
pub fn long_date(iso: &str) -> String {
    Date::parse(iso, ISO_DATE)
        .ok()
        .and_then(|date| date.format(LONG_DATE).ok())
        .unwrap_or_else(|| iso.to_string())
}

#[cfg(test)]
mod tests;
