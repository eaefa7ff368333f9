//! Open data: the directory as `/services.csv` and `/services.json`, whole or
//! filtered with the search page's parameters (`?q=&group=&site=&age=`).

use app::directory::api::check;
use app::directory::live::Directory;
use app::directory::opening::{
    dated_text, day_text, parse_dated, parse_day, OpeningTimes, WeeklySession, DAY_NAMES,
};
use app::directory::{
    AgeGroup, DirectoryError, SearchRequest, ServiceGroup, ServiceLocation, ServiceRecord,
};
use app::error::HttpStatus;
use app::model::{Choice, SiteContent};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Separates the entries of a list in one CSV cell.
const LIST_SEPARATOR: &str = "; ";
/// Separates a site's slug from the location in it.
const SITE_SEPARATOR: &str = ": ";

/// One service as a CSV row: lists joined with `; `, each site as
/// `slug: location`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRow {
    pub slug: String,
    pub name: String,
    pub group: ServiceGroup,
    pub description: String,
    pub conditions: String,
    pub age_group: AgeGroup,
    pub sites: String,
    pub phone: String,
    pub email: Option<String>,
    pub opening_hours: String,
    pub referral: String,
    pub centre: Option<String>,
    pub last_reviewed: String,
    /// Months between reviews.
    #[serde(default = "standard_review_months")]
    pub review_months: u8,
    /// Its weekly sessions, as `Monday: 09:00-12:30, 13:30-17:00; Tuesday: ...`
    /// (days closed left out).
    #[serde(default)]
    pub opening_times: String,
    /// Other times on dates, as `2026-12-24: 09:00-13:00; 2026-12-25: closed`.
    #[serde(default)]
    pub dated_times: String,
    #[serde(default)]
    pub closed_on_bank_holidays: bool,
}

/// The week of `times` as the CSV's `opening_times` cell writes it.
fn week_cell(times: &OpeningTimes) -> String {
    DAY_NAMES
        .iter()
        .zip(&times.week)
        .filter(|(_, sessions)| !sessions.is_empty())
        .map(|(day, sessions)| format!("{day}: {}", day_text(sessions)))
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR)
}

/// The opening times a CSV row's cells hold; closed on a day, or on no
/// date, where a cell cannot be read.
fn opening_of(row: &CsvRow) -> OpeningTimes {
    let mut times = OpeningTimes {
        closed_on_bank_holidays: row.closed_on_bank_holidays,
        exceptions: parse_dated(&row.dated_times.replace(LIST_SEPARATOR, "\n")).unwrap_or_default(),
        ..OpeningTimes::default()
    };
    for entry in row.opening_times.split(LIST_SEPARATOR) {
        let Some((day, sessions)) = entry.split_once(": ") else {
            continue;
        };
        if let Some(index) = DAY_NAMES.iter().position(|d| *d == day) {
            times.week[index] = parse_day(sessions).unwrap_or_default();
        }
    }
    times
}

/// One service in the JSON export: its record, with the weekly sessions its
/// opening hours give as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedService {
    #[serde(flatten)]
    pub record: ServiceRecord,
    pub opening_times: Vec<WeeklySession>,
    pub closed_on_bank_holidays: bool,
    /// Dates with other times: `times` as `09:00-13:00, 14:00-16:00`, or
    /// `closed`.
    pub dated_times: Vec<DatedExport>,
}

/// A date with other times, as the JSON export gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedExport {
    pub date: String,
    pub times: String,
}

impl From<ServiceRecord> for ExportedService {
    fn from(record: ServiceRecord) -> Self {
        let times = &record.opening;
        ExportedService {
            opening_times: times.weekly_sessions(),
            closed_on_bank_holidays: times.closed_on_bank_holidays,
            dated_times: times
                .exceptions
                .iter()
                .map(|dated| DatedExport {
                    date: dated.date.clone(),
                    times: match dated.sessions.as_slice() {
                        [] => "closed".to_string(),
                        sessions => day_text(sessions),
                    },
                })
                .collect(),
            record,
        }
    }
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP's
/// list), and the quote that neutralises them.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
const TEXT_MARK: char = '\'';

/// A cell a spreadsheet shows as text: a value that would start a formula
/// gets a leading `'` (as does one already starting with `'`, so that
/// [`cell_value`] gives every value back exactly).
fn text_cell(value: String) -> String {
    if value.starts_with(FORMULA_STARTS) || value.starts_with(TEXT_MARK) {
        format!("{TEXT_MARK}{value}")
    } else {
        value
    }
}

/// The value of a cell written by [`text_cell`].
fn cell_value(cell: String) -> String {
    match cell.strip_prefix(TEXT_MARK) {
        Some(value) if value.starts_with(FORMULA_STARTS) || value.starts_with(TEXT_MARK) => {
            value.to_string()
        }
        _ => cell,
    }
}

impl From<ServiceRecord> for CsvRow {
    fn from(record: ServiceRecord) -> Self {
        CsvRow {
            opening_times: week_cell(&record.opening),
            dated_times: dated_text(&record.opening.exceptions).replace('\n', LIST_SEPARATOR),
            closed_on_bank_holidays: record.opening.closed_on_bank_holidays,
            conditions: text_cell(record.conditions.join(LIST_SEPARATOR)),
            sites: text_cell(
                record
                    .sites
                    .iter()
                    .map(|s| format!("{}{SITE_SEPARATOR}{}", s.site, s.location))
                    .collect::<Vec<_>>()
                    .join(LIST_SEPARATOR),
            ),
            slug: record.slug,
            name: text_cell(record.name),
            group: record.group,
            description: text_cell(record.description),
            age_group: record.age_group,
            phone: text_cell(record.phone),
            email: record.email.map(text_cell),
            opening_hours: text_cell(record.opening_hours),
            referral: text_cell(record.referral),
            centre: record.centre,
            last_reviewed: record.last_reviewed,
            review_months: record.review_months,
        }
    }
}

fn standard_review_months() -> u8 {
    app::directory::REVIEW_MONTHS
}

impl From<CsvRow> for ServiceRecord {
    fn from(row: CsvRow) -> Self {
        let list = |text: &str| -> Vec<String> {
            text.split(LIST_SEPARATOR)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        ServiceRecord {
            opening: opening_of(&row),
            conditions: list(&cell_value(row.conditions)),
            sites: list(&cell_value(row.sites))
                .into_iter()
                .map(|entry| {
                    let (site, location) = entry.split_once(SITE_SEPARATOR).unwrap_or((&entry, ""));
                    ServiceLocation {
                        site: site.to_string(),
                        location: location.to_string(),
                    }
                })
                .collect(),
            slug: row.slug,
            name: cell_value(row.name),
            group: row.group,
            description: cell_value(row.description),
            age_group: row.age_group,
            phone: cell_value(row.phone),
            email: row.email.map(cell_value),
            opening_hours: cell_value(row.opening_hours),
            referral: cell_value(row.referral),
            centre: row.centre,
            last_reviewed: row.last_reviewed,
            review_months: row.review_months,
        }
    }
}

/// Writes services as CSV with a header row; the `csv` crate quotes cells.
pub fn to_csv(records: Vec<ServiceRecord>) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.serialize(CsvRow::from(record))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// Reads services back from CSV written by [`to_csv`].
pub fn from_csv(data: &[u8]) -> Result<Vec<ServiceRecord>, csv::Error> {
    csv::Reader::from_reader(data)
        .deserialize::<CsvRow>()
        .map(|row| row.map(ServiceRecord::from))
        .collect()
}

/// A plain-text answer for an export that cannot be made.
fn refusal(error: DirectoryError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let message = match &error {
        DirectoryError::Invalid(problems) => problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("Sorry, {other}. Try again later."),
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

fn matching(
    directory: &Directory,
    content: &SiteContent,
    request: &SearchRequest,
) -> Result<Vec<ServiceRecord>, DirectoryError> {
    let search = check(request, content)?;
    Ok(directory.records(&search))
}

/// `GET /services.json`: the matching services as a JSON array.
pub async fn services_json(
    State(directory): State<Arc<Directory>>,
    State(content): State<Arc<SiteContent>>,
    Query(request): Query<SearchRequest>,
) -> Response {
    match matching(&directory, &content, &request) {
        Ok(records) => (
            [(header::CONTENT_TYPE, "application/json")],
            axum::Json(
                records
                    .into_iter()
                    .map(ExportedService::from)
                    .collect::<Vec<_>>(),
            ),
        )
            .into_response(),
        Err(error) => refusal(error),
    }
}

/// `GET /services.csv`: the matching services as CSV, one row each.
pub async fn services_csv(
    State(directory): State<Arc<Directory>>,
    State(content): State<Arc<SiteContent>>,
    Query(request): Query<SearchRequest>,
) -> Response {
    let records = match matching(&directory, &content, &request) {
        Ok(records) => records,
        Err(error) => return refusal(error),
    };
    match to_csv(records) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"lth-services.csv\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "writing the services CSV failed");
            refusal(DirectoryError::Unavailable)
        }
    }
}

/// `GET /services/directory.txt`: the compact copy of the directory the
/// browser's search module searches (public fields only; see
/// `app::directory::compact`).
pub async fn search_data(
    State(directory): State<Arc<Directory>>,
    State(content): State<Arc<SiteContent>>,
) -> Response {
    let sites: Vec<Choice> = content
        .sites
        .iter()
        .map(|site| Choice {
            value: site.slug.clone(),
            label: site.name.clone(),
        })
        .collect();
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        directory.search_data(&sites),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_quotes_commas_and_lists() {
        let record = ServiceRecord {
            slug: "ear-nose-and-throat".into(),
            name: "Ear, nose and throat (\"ENT\")".into(),
            group: ServiceGroup::Other,
            description: "Line one,\nline two".into(),
            conditions: vec!["hearing loss".into(), "tonsils, adenoids".into()],
            age_group: AgeGroup::AllAges,
            phone: "0113 243 3144 (switchboard)".into(),
            email: None,
            opening_hours: "Monday to Friday, 9am to 5pm".into(),
            opening: OpeningTimes {
                exceptions: parse_dated("2026-12-24: 09:00-13:00\n2026-12-25: closed").unwrap(),
                ..OpeningTimes::from_text("Monday to Friday, 9am to 5pm")
            },
            referral: "Through the NHS e-Referral Service.".into(),
            centre: Some("childrens-hospital".into()),
            last_reviewed: "2026-09-14".into(),
            review_months: 6,
            sites: vec![
                ServiceLocation {
                    site: "leeds-general-infirmary".into(),
                    location: "Clarendon Wing, level 2".into(),
                },
                ServiceLocation {
                    site: "st-jamess".into(),
                    location: "Outpatients".into(),
                },
            ],
        };
        let csv = to_csv(vec![record.clone()]).unwrap();
        assert_eq!(from_csv(&csv).unwrap(), vec![record]);
    }

    #[test]
    fn cells_that_would_be_formulas_are_text_and_read_back() {
        let mut record = from_csv(&to_csv(Vec::new()).unwrap()).unwrap();
        assert!(record.is_empty());
        record.push(ServiceRecord {
            slug: "formulas".into(),
            name: "=HYPERLINK(\"http://evil.example\",\"Click\")".into(),
            group: ServiceGroup::Other,
            description: "+1 more".into(),
            conditions: vec!["-minus".into(), "plain".into()],
            age_group: AgeGroup::AllAges,
            phone: "+44 113 243 3144".into(),
            email: Some("@odd".into()),
            opening_hours: "'quoted".into(),
            opening: OpeningTimes::default(),
            referral: "\tTabbed".into(),
            centre: None,
            last_reviewed: "2026-09-14".into(),
            review_months: 6,
            sites: vec![ServiceLocation {
                site: "st-jamess".into(),
                location: "Outpatients".into(),
            }],
        });
        let csv = to_csv(record.clone()).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let cells: Vec<String> = reader
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        for cell in &cells {
            assert!(!cell.starts_with(FORMULA_STARTS), "{cell}");
        }
        assert!(cells.contains(&"'=HYPERLINK(\"http://evil.example\",\"Click\")".to_string()));
        assert!(cells.contains(&"'+44 113 243 3144".to_string()));
        assert_eq!(from_csv(&csv).unwrap(), record);
    }
}
