//! What a search shows: the A to Z, or the results with their count,
//! corrections, pages and export links. Rendered on the server and by the
//! browser's search module; views of different shapes are told apart with
//! `Either`, not erased with `into_any` (an erased view keeps its browser
//! rendering code in that module's WASM).

use crate::components::staff_details::StaffOnlyDetails;
use crate::directory::{
    DirectoryListing, DirectoryPage, Highlighted, Letter, SearchRequest, SearchResults,
    ServiceSummary, PAGE_SIZE,
};
use crate::model::{Choice, ServiceLink};
use crate::paths;
use crate::staff::details::StaffDetails;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// The A to Z or the results; `sites` names the hospitals results are at.
#[component]
pub(super) fn DirectoryListingView(page: DirectoryPage, sites: Vec<Choice>) -> impl IntoView {
    let request = page.request;
    match page.listing {
        DirectoryListing::AToZ(letters) => {
            Either::Left(view! { <AToZ letters total=page.service_count /> })
        }
        DirectoryListing::Results(results) => {
            let heading = results_heading(&request, &results);
            let staff = page.staff.unwrap_or_default();
            Either::Right(view! {
                <StaffMatches matches=staff.matches />
                <Results request results heading sites staff_details=staff.details />
            })
        }
    }
}

/// For signed-in staff: services found by their staff-only details (a
/// ward, a bleep number), with those details.
#[component]
fn StaffMatches(matches: Vec<(ServiceLink, StaffDetails)>) -> impl IntoView {
    (!matches.is_empty()).then(|| {
        let count = match matches.len() {
            1 => "1 service".to_string(),
            n => format!("{n} services"),
        };
        let items = matches
            .into_iter()
            .map(|(link, details)| {
                view! {
                    <li class="lth-result">
                        <h3 class="nhsuk-heading-s lth-result__name">
                            <a href=paths::service(&link.slug)>{link.name.clone()}</a>
                        </h3>
                        <StaffOnlyDetails details in_results=true />
                    </li>
                }
            })
            .collect_view();
        view! {
            <h2 id="staff-matches-heading">{format!("Found in staff-only details: {count}")}</h2>
            <ul class="nhsuk-list lth-results" aria-labelledby="staff-matches-heading">{items}</ul>
        }
    })
}

/// What the page says to screen readers when a search on it shows new results.
pub(super) fn announcement(page: &DirectoryPage) -> String {
    match &page.listing {
        DirectoryListing::AToZ(_) => format!("All {} services, A to Z", page.service_count),
        DirectoryListing::Results(results) => results_heading(&page.request, results),
    }
}

/// "12 services found for 'heart'"; "No services match every word of
/// 'eczema cream'" when only some do.
fn results_heading(request: &SearchRequest, results: &SearchResults) -> String {
    let some_words = results.total == 0 && !results.partial.is_empty();
    let count = match results.total {
        _ if some_words => "No services match every word".to_string(),
        0 => "No services found".to_string(),
        1 => "1 service found".to_string(),
        n => format!("{n} services found"),
    };
    let text = request.query_text();
    match (text.is_empty(), some_words) {
        (true, _) => count,
        (false, true) => format!("{count} of '{text}'"),
        (false, false) => format!("{count} for '{text}'"),
    }
}

/// Search results with their count, corrections and pages.
#[component]
fn Results(
    request: SearchRequest,
    results: SearchResults,
    heading: String,
    sites: Vec<Choice>,
    /// Signed-in staff only: the staff-only details of services on this page.
    staff_details: Vec<(String, StaffDetails)>,
) -> impl IntoView {
    let SearchResults {
        total,
        page,
        pages,
        services,
        corrections,
        did_you_mean,
        partial,
        not_found,
    } = results;
    let item = {
        let sites = sites.clone();
        move |service: ServiceSummary| {
            let details = staff_details
                .iter()
                .find(|(slug, _)| *slug == service.slug)
                .map(|(_, d)| d.clone());
            view! { <ResultItem service sites=sites.clone() details /> }
        }
    };
    let unknown = (!not_found.is_empty()).then(|| {
        let words = not_found
            .iter()
            .map(|word| format!("'{word}'"))
            .collect::<Vec<_>>()
            .join(" or ");
        view! { <p>{format!("No service in the directory mentions {words}.")}</p> }
    });
    let some_words = (!partial.is_empty()).then(|| {
        view! {
            <h2 id="partial-heading">"Services that match some of your words"</h2>
            <ul class="nhsuk-list lth-results" aria-labelledby="partial-heading">
                {partial.into_iter().map(item.clone()).collect_view()}
            </ul>
        }
    });
    let corrected = (!corrections.is_empty()).then(|| {
        let words = corrections
            .iter()
            .map(|c| format!("'{}' for '{}'", c.used, c.typed))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p>{format!("We also searched for {words}.")}</p> }
    });
    let suggestion = did_you_mean.map(|words| {
        let href = SearchRequest {
            q: Some(words.clone()),
            page: None,
            ..request.clone()
        }
        .href(paths::SERVICES);
        view! { <p class="nhsuk-body-l">"Did you mean " <a href=href>{words}</a> "?"</p> }
    });
    let exports = view! { <ExportLinks request=request.clone() what="these services" /> };
    let body = if total == 0 && some_words.is_some() {
        EitherOf3::A(some_words)
    } else if total == 0 {
        EitherOf3::B(view! {
            <p>"Try:"</p>
            <ul>
                <li>"checking the spelling"</li>
                <li>"fewer or more general words, such as a part of the body"</li>
                <li>"removing a filter"</li>
            </ul>
            <p><a href=paths::SERVICES>"See every service, A to Z"</a></p>
        })
    } else {
        EitherOf3::C(view! {
            <ol
                class="nhsuk-list lth-results"
                aria-labelledby="results-heading"
                start=((page - 1) * PAGE_SIZE + 1).to_string()
            >
                {services.into_iter().map(item).collect_view()}
            </ol>
            {some_words}
            <Pagination request page pages />
            {exports}
        })
    };
    view! {
        <h2 id="results-heading">{heading}</h2>
        {unknown}
        {corrected}
        {suggestion}
        {body}
    }
}

/// Text with its matched words marked.
fn marked(runs: Vec<Highlighted>) -> impl IntoView {
    runs.into_iter()
        .map(|run| {
            if run.matched {
                Either::Left(view! { <mark class="lth-match">{run.text}</mark> })
            } else {
                Either::Right(run.text)
            }
        })
        .collect_view()
}

/// One service in the results; `sites` names its hospitals.
#[component]
fn ResultItem(
    service: ServiceSummary,
    sites: Vec<Choice>,
    details: Option<StaffDetails>,
) -> impl IntoView {
    let site_names = service
        .sites
        .iter()
        .map(|slug| {
            sites
                .iter()
                .find(|site| &site.value == slug)
                .map_or(slug.as_str(), |site| site.label.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let covers = (!service.matched_conditions.is_empty()).then(|| {
        let count = service.matched_conditions.len();
        let items = service
            .matched_conditions
            .into_iter()
            .enumerate()
            .map(|(i, runs)| {
                let separator = if i + 1 < count { ", " } else { "" };
                view! { {marked(runs)} {separator} }
            })
            .collect_view();
        view! { <p class="nhsuk-body-s lth-result__covers">"Covers: " {items}</p> }
    });
    view! {
        <li class="lth-result">
            <h3 class="nhsuk-heading-s lth-result__name">
                <a href=paths::service(&service.slug)>{marked(service.name)}</a>
            </h3>
            <p class="nhsuk-body-s">{marked(service.description)}</p>
            {covers}
            <p class="nhsuk-body-s lth-result__meta">
                {site_names} " | " {service.group.label()} " | " {service.age_group.label()}
            </p>
            {service.open_now.map(|status| view! { <p class="nhsuk-body-s lth-result__open"><strong>{status}</strong></p> })}
            {details.map(|details| view! { <StaffOnlyDetails details in_results=true /> })}
        </li>
    }
}

/// NHS previous and next links between pages of results.
#[component]
fn Pagination(request: SearchRequest, page: usize, pages: usize) -> impl IntoView {
    (pages > 1).then(|| {
        let previous = (page > 1).then(|| {
            let href = request.with_page(page - 1).href(paths::SERVICES);
            view! {
                <li class="nhsuk-pagination-item--previous">
                    <a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href=href>
                        <span class="nhsuk-pagination__title">"Previous"</span>
                        <span class="nhsuk-u-visually-hidden">":"</span>
                        <span class="nhsuk-pagination__page">{format!("Page {} of {pages}", page - 1)}</span>
                    </a>
                </li>
            }
        });
        let next = (page < pages).then(|| {
            let href = request.with_page(page + 1).href(paths::SERVICES);
            view! {
                <li class="nhsuk-pagination-item--next">
                    <a class="nhsuk-pagination__link nhsuk-pagination__link--next" href=href>
                        <span class="nhsuk-pagination__title">"Next"</span>
                        <span class="nhsuk-u-visually-hidden">":"</span>
                        <span class="nhsuk-pagination__page">{format!("Page {} of {pages}", page + 1)}</span>
                    </a>
                </li>
            }
        });
        view! {
            <nav class="nhsuk-pagination" role="navigation" aria-label="Pages of results">
                <ul class="nhsuk-list nhsuk-pagination__list">{previous}{next}</ul>
            </nav>
        }
    })
}

/// Links to the open-data exports of a search (every page of it).
#[component]
fn ExportLinks(request: SearchRequest, what: &'static str) -> impl IntoView {
    let request = SearchRequest {
        page: None,
        ..request
    };
    view! {
        <p class="nhsuk-body-s lth-no-print">
            {format!("Download {what} as ")}
            <a href=request.href(paths::SERVICES_CSV)>"CSV (spreadsheet)"</a>
            " or "
            <a href=request.href(paths::SERVICES_JSON)>"JSON"</a>
            "."
        </p>
    }
}

/// Every service under its initial; letters without services are plain text.
#[component]
fn AToZ(letters: Vec<Letter>, total: usize) -> impl IntoView {
    let anchor = |letter: char| format!("letter-{}", letter.to_ascii_lowercase());
    let index = letters
        .iter()
        .map(|l| {
            if l.services.is_empty() {
                Either::Left(view! { <li class="lth-a-to-z__letter lth-a-to-z__letter--empty">{l.letter.to_string()}</li> })
            } else {
                Either::Right(view! {
                    <li class="lth-a-to-z__letter">
                        <a href=format!("#{}", anchor(l.letter))>
                            <span class="nhsuk-u-visually-hidden">"Services starting with "</span>
                            {l.letter.to_string()}
                        </a>
                    </li>
                })
            }
        })
        .collect_view();
    let sections = letters
        .into_iter()
        .filter(|l| !l.services.is_empty())
        .map(|l| {
            view! {
                <h3 id=anchor(l.letter) tabindex="-1">{l.letter.to_string()}</h3>
                <ul class="nhsuk-list lth-columns">
                    {l.services.into_iter().map(|s| view! {
                        <li><a href=paths::service(&s.slug)>{s.name}</a></li>
                    }).collect_view()}
                </ul>
                <p class="nhsuk-body-s lth-no-print"><a href="#services-a-to-z">"Back to A to Z"</a></p>
            }
        })
        .collect_view();
    view! {
        <h2 id="services-a-to-z">{format!("All {total} services, A to Z")}</h2>
        <nav aria-labelledby="services-a-to-z">
            <ul class="nhsuk-list lth-a-to-z">{index}</ul>
        </nav>
        {sections}
        <ExportLinks request=SearchRequest::default() what="every service" />
    }
}
