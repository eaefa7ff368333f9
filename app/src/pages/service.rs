//! `/services/{slug}`: everything the directory holds about one service.

use crate::components::error_page::{loaded_content, slug_in_address};
use crate::components::history::History;
use crate::components::layout::PageLayout;
use crate::components::page_meta::PageMeta;
use crate::components::staff_details::StaffOnlyDetails;
use crate::components::text::{CaptionedHeading, TwoThirds};
use crate::directory::api::load_service;
use crate::directory::opening::{sessions_text, OpeningTimes, DAY_NAMES};
use crate::directory::{long_date, review_due, ServicePage};
use crate::error::PageError;
use crate::paths;
use crate::staff::api::{load_history, load_staff_details};
use crate::staff::details::StaffDetails;
use crate::structured_data;
use leptos::prelude::*;

/// A service's page; an unknown slug gives "page not found" with status 404.
#[component]
pub fn ServiceDetailPage() -> impl IntoView {
    let slug = slug_in_address();
    let page = Resource::new(slug.clone(), |slug| async move {
        load_service(slug).await.map_err(PageError::from)
    });
    // Staff also see the staff-only details, editors the change history;
    // everyone else gets `None`.
    let details = Resource::new(slug.clone(), |slug| async move {
        load_staff_details(slug).await.ok().flatten()
    });
    let history = Resource::new(slug.clone(), |slug| async move {
        load_history(slug).await.ok().flatten()
    });
    view! {
        <PageLayout trail=vec![("Home", paths::HOME), ("Services directory", paths::SERVICES)]>
            {loaded_content(page, move |page| view! { <ServiceDetail page details /> }.into_any())}
            <Suspense>
                {move || {
                    let slug = untrack(&slug);
                    Suspend::new(async move {
                        history.await.map(|entries| view! {
                            <TwoThirds class="lth-no-print">
                                <p><a class="nhsuk-button nhsuk-button--secondary" href=paths::edit_service(&slug)>"Edit this service"</a></p>
                                <History entries />
                            </TwoThirds>
                        })
                    })
                }}
            </Suspense>
        </PageLayout>
    }
}

/// A row of the summary list.
#[component]
fn Row(key: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">{key}</dt>
            <dd class="nhsuk-summary-list__value">{children()}</dd>
        </div>
    }
}

/// The service's page; `details`, its staff-only details for signed-in
/// staff, show at the top.
#[component]
fn ServiceDetail(page: ServicePage, details: Resource<Option<StaffDetails>>) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::service(&page, site_url));
    let (service, sites, centre, page_open_now) =
        (page.service, page.sites, page.centre, page.open_now);
    let phone_href = format!(
        "tel:{}",
        service
            .phone
            .chars()
            .take_while(|c| *c != '(')
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect::<String>()
    );
    let sites_view = sites
        .into_iter()
        .map(|site| {
            view! {
                <div class="lth-service-site">
                    <p class="nhsuk-body nhsuk-u-margin-bottom-1">
                        <strong><a href=site.site.href()>{site.site.name.clone()}</a></strong>
                    </p>
                    <p class="nhsuk-body nhsuk-u-margin-bottom-1">{site.location}</p>
                    <p class="nhsuk-body-s lth-address">{site.site.address_line()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <PageMeta title=service.name.clone() description=service.description.clone() path=paths::service(&service.slug) json_ld />
        <TwoThirds class="lth-service">
            <CaptionedHeading kind="Specialist group: " caption={service.group.label()} title={service.name.clone()} />
            <p class="nhsuk-lede-text">{service.description.clone()}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    details.await.map(|details| view! { <StaffOnlyDetails details in_results=false /> })
                })}
            </Suspense>
            <h2>"About this service"</h2>
            <dl class="nhsuk-summary-list">
                <Row key="Conditions and symptoms">
                    <ul class="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
                        {service.conditions.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                    </ul>
                </Row>
                <Row key="Who it is for">{service.age_group.label()}</Row>
                <Row key="Where">{sites_view}</Row>
                <Row key="Opening hours">
                    <OpeningTimesView text=service.opening_hours.clone() times=service.opening.clone() status=page_open_now />
                </Row>
                <Row key="Phone">
                    <a href=phone_href>{service.phone.clone()}</a>
                </Row>
                {service.email.clone().map(|email| view! {
                    <Row key="Email">
                        <a href=format!("mailto:{email}")>{email.clone()}</a>
                    </Row>
                })}
                {centre.map(|centre| view! {
                    <Row key="Part of">
                        <a href=centre.href()>{centre.name.clone()}</a>
                    </Row>
                })}
            </dl>
            <h2>"For health professionals"</h2>
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{service.referral.clone()}</p>
            </div>
            <p class="nhsuk-body-s">
                "Page last reviewed: " {long_date(&service.last_reviewed)}
                {review_due(&service.last_reviewed, service.review_months).map(|due| view! { <br /> "Next review due: " {long_date(&due)} })}
            </p>
            <p class="nhsuk-body-s lth-no-print">
                <a href=paths::report_problem(&service.slug)>"Report a problem with this entry"</a>
            </p>
            <p class="nhsuk-body-s lth-no-print">
                <a href=paths::SERVICES>"Back to the services directory"</a>
            </p>
        </TwoThirds>
    }
}

/// A service's opening hours: whether it is open now (`status`), its note,
/// and when it has times (other than open all the time), the week as a
/// table, then its dated changes still to come.
#[component]
fn OpeningTimesView(text: String, times: OpeningTimes, status: Option<String>) -> impl IntoView {
    let dated = (!times.exceptions.is_empty()).then(|| {
        let items = times
            .exceptions
            .iter()
            .map(|dated| view! { <li>{long_date(&dated.date)} ": " {sessions_text(&dated.sessions)}</li> })
            .collect_view();
        view! {
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">"Other times on these dates:"</p>
            <ul class="nhsuk-list nhsuk-list--bullet nhsuk-body-s lth-dated-times">{items}</ul>
        }
    });
    let table = (!times.is_empty() && times != OpeningTimes::always()).then(|| {
        let rows = DAY_NAMES
            .iter()
            .zip(&times.week)
            .map(|(day, sessions)| {
                view! {
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="row">{*day}</th>
                        <td class="nhsuk-table__cell">{sessions_text(sessions)}</td>
                    </tr>
                }
            })
            .collect_view();
        let bank_holidays = if times.closed_on_bank_holidays {
            "Closed on bank holidays."
        } else {
            "Open on bank holidays."
        };
        view! {
            <table class="nhsuk-table lth-opening-times">
                <caption class="nhsuk-u-visually-hidden">"Opening times, Monday to Sunday"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Day"</th>
                        <th class="nhsuk-table__header" scope="col">"Times"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">{rows}</tbody>
            </table>
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{bank_holidays}</p>
        }
    });
    view! {
        {status.map(|status| view! { <p class="nhsuk-body nhsuk-u-margin-bottom-1"><strong>{status}</strong></p> })}
        <p class="nhsuk-body nhsuk-u-margin-bottom-2">{text}</p>
        {table}
        {dated}
    }
}
