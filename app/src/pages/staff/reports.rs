//! The queue of problems reported with services' entries, on `/staff`:
//! each open report with a form to close it with a note.

use crate::components::forms::TextArea;
use crate::paths;
use crate::reports::{fields, ProblemReport, VISITOR};
use crate::staff::{date_time, RefusedClosing};
use leptos::prelude::*;

/// The open reports the member of staff is to act on (`admin`: every one),
/// oldest first; `refused` is a closing sent back with what to correct.
#[component]
pub fn ProblemReports(
    reports: Vec<ProblemReport>,
    refused: Option<RefusedClosing>,
    admin: bool,
) -> impl IntoView {
    let none = if admin {
        "No problems have been reported."
    } else {
        "No problems have been reported with your services."
    };
    let empty = reports.is_empty();
    let count = match reports.len() {
        0 => String::new(),
        1 => " (1)".to_string(),
        n => format!(" ({n})"),
    };
    let cards = reports
        .into_iter()
        .map(|report| {
            let typed = refused.as_ref().filter(|r| r.report == report.id).cloned();
            view! { <ReportCard report typed /> }
        })
        .collect_view();
    view! {
        <h2 id="problems-reported">"Problems reported" {count}</h2>
        <p class="nhsuk-body-s">
            "Reports come from the \"Report a problem with this entry\" link on each service's page. "
            "They are never shown publicly. Check the entry, correct it if needed, then close the report saying what you did."
        </p>
        {cards}
        {empty.then(|| view! { <p>{none}</p> })}
    }
}

/// One open report and its closing form.
#[component]
fn ReportCard(report: ProblemReport, typed: Option<RefusedClosing>) -> impl IntoView {
    let field = fields::closing_note(report.id);
    let (note, problems) = typed.map_or((String::new(), Vec::new()), |t| (t.note, t.problems));
    let who = report
        .reported_by
        .clone()
        .unwrap_or_else(|| VISITOR.to_lowercase());
    let contact = if report.contact.is_empty() {
        "None given".to_string()
    } else {
        report.contact.clone()
    };
    view! {
        <div class="nhsuk-card lth-report">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">
                    <a href=paths::service(&report.slug)>{report.service_name.clone()}</a>
                    {format!(": report {}", report.id)}
                </h3>
                <dl class="nhsuk-summary-list">
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Reported"</dt>
                        <dd class="nhsuk-summary-list__value">{date_time(report.reported_at)} ", by " {who}</dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"What is wrong"</dt>
                        <dd class="nhsuk-summary-list__value lth-preserve-lines">{report.what_is_wrong.clone()}</dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Contact"</dt>
                        <dd class="nhsuk-summary-list__value">{contact}</dd>
                    </div>
                </dl>
                <form method="post" action=paths::close_report(report.id) novalidate>
                    <TextArea id=field label=format!("What you did about report {}", report.id) value=note
                        problems rows=2 hint="For example: corrected the phone number, or checked and nothing was wrong." />
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                        "Close report" <span class="nhsuk-u-visually-hidden">{format!(" {}", report.id)}</span>
                    </button>
                </form>
            </div>
        </div>
    }
}
