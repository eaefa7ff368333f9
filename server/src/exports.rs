//! Open data: the directory as `/services.csv` and `/services.json`, whole or
//! filtered with the search page's parameters (`?q=&group=&site=&age=`).

use app::directory::api::check;
use app::directory::live::Directory;
use app::directory::opening::{OpeningTimes, WeeklySession};
use app::directory::{
    AgeGroup, DirectoryError, SearchRequest, ServiceGroup, ServiceLocation, ServiceRecord,
};
use app::error::HttpStatus;
use app::model::SiteContent;
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
    /// The weekly sessions its opening hours give, as
    /// `Monday 09:00-17:00; Tuesday ...` (written, not read back).
    #[serde(default)]
    pub opening_times: String,
}

/// One service in the JSON export: its record, with the weekly sessions its
/// opening hours give as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedService {
    #[serde(flatten)]
    pub record: ServiceRecord,
    pub opening_times: Vec<WeeklySession>,
    pub closed_on_bank_holidays: bool,
}

impl From<ServiceRecord> for ExportedService {
    fn from(record: ServiceRecord) -> Self {
        let times = OpeningTimes::from_text(&record.opening_hours);
        ExportedService {
            opening_times: times.weekly_sessions(),
            closed_on_bank_holidays: times.closed_on_bank_holidays,
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
        let opening_times = OpeningTimes::from_text(&record.opening_hours)
            .weekly_sessions()
            .iter()
            .map(|s| format!("{} {}-{}", s.day, s.opens, s.closes))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR);
        CsvRow {
            opening_times,
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
