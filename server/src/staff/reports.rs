//! "Report a problem with this entry" (a public form) and closing a report
//! (its service's owners and the admins).

use super::extract::{AtLeast, ClientKey, Member, PostedForm};
use super::FormRefused;
use crate::state::AppState;
use app::directory::FieldProblem;
use app::paths;
use app::reports::{
    check_closing_note, check_report, fields, Closing, ReportForm, ReportPage, REPORTS_PER_HOUR,
};
use app::request::RequestFacts;
use app::staff::api::server_side::staff_home;
use app::staff::{FormPage, RefusedClosing, StaffError};
use axum::extract::{Path, State};
use axum::http::{Extensions, StatusCode};
use axum::response::Redirect;

/// How long reports from one address are counted for.
const REPORT_WINDOW_SECONDS: i64 = 60 * 60;

/// `POST /services/{slug}/report`: anyone reports a problem with a listed
/// service's entry. What was typed comes back with what to correct (400),
/// or, from an address that sent [`REPORTS_PER_HOUR`] already, with why
/// it was not sent (429); signed-in staff are not counted.
pub async fn report_problem(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ClientKey(address): ClientKey,
    extensions: Extensions,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let Some(service) = state.directory.service(&slug) else {
        return Err(FormRefused::Page(StatusCode::NOT_FOUND, FormPage::NotFound));
    };
    let form = ReportForm {
        what_is_wrong: posted.field(fields::WHAT_IS_WRONG).to_string(),
        contact: posted.field(fields::CONTACT).to_string(),
    };
    let refuse = |status, problems| {
        let page = ReportPage {
            slug: slug.clone(),
            service_name: service.name.clone(),
            form: form.clone(),
            problems,
        };
        FormRefused::Page(status, FormPage::Report(Box::new(page)))
    };
    let checked =
        check_report(&form).map_err(|problems| refuse(StatusCode::BAD_REQUEST, problems))?;
    let facts = RequestFacts::of(&extensions);
    let now = state.accounts.now();
    let reporter = facts.visitor.staff();
    if reporter.is_none() {
        let sent = state
            .directory
            .storage()
            .count_attempt(&format!("report:{address}"), now, REPORT_WINDOW_SECONDS)
            .await
            .map_err(FormRefused::failed)?;
        if sent > REPORTS_PER_HOUR {
            tracing::warn!(%address, "problem reports limited");
            let problem = FieldProblem {
                field: fields::WHAT_IS_WRONG.to_string(),
                message: format!(
                    "You have sent {REPORTS_PER_HOUR} reports in the last hour, which is as many as we take: try again in an hour"
                ),
            };
            return Err(refuse(StatusCode::TOO_MANY_REQUESTS, vec![problem]));
        }
    }
    match state
        .directory
        .report_problem(&slug, &checked, reporter, now)
        .await
    {
        Ok(true) => {
            tracing::info!(service = %slug, from_staff = reporter.is_some(), "problem reported");
            Ok(Redirect::to(&paths::report_sent(&slug)))
        }
        Ok(false) => Err(FormRefused::Page(StatusCode::NOT_FOUND, FormPage::NotFound)),
        Err(error) => Err(FormRefused::failed(error)),
    }
}

/// `POST /staff/reports/{id}/close`: a service's owner, or an admin, closes
/// an open report about it with a note saying what they did.
pub async fn close_report(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AtLeast { staff, .. }: AtLeast<Member>,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let typed = posted.field(&fields::closing_note(id));
    let note = match check_closing_note(id, typed) {
        Ok(note) => note,
        Err(problem) => {
            let today = app::directory::opening::london_date(state.accounts.now());
            let refused = RefusedClosing {
                report: id,
                note: typed.to_string(),
                problems: vec![problem],
            };
            return match staff_home(&state.directory, staff, today, Some(refused)).await {
                Ok(home) => Err(FormRefused::Page(
                    StatusCode::BAD_REQUEST,
                    FormPage::Home(Box::new(home)),
                )),
                Err(error) => Err(FormRefused::Page(
                    error_status(&error),
                    FormPage::Refused(error),
                )),
            };
        }
    };
    let refused = |status, error| Err(FormRefused::Page(status, FormPage::Refused(error)));
    match state
        .directory
        .close_report(id, &note, &staff, state.accounts.now())
        .await
    {
        Ok(Closing::Closed(slug)) => {
            tracing::info!(staff = %staff.email, service = %slug, report = id, "problem report closed");
            Ok(Redirect::to(paths::STAFF))
        }
        Ok(Closing::NotOpen) => refused(StatusCode::NOT_FOUND, StaffError::NotFound),
        Ok(Closing::NotTheirs) => refused(StatusCode::FORBIDDEN, StaffError::Forbidden),
        Err(error) => Err(FormRefused::failed(error)),
    }
}

/// The status a staff page's error is served with.
fn error_status(error: &StaffError) -> StatusCode {
    use app::error::HttpStatus;
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE)
}
