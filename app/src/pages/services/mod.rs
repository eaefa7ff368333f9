//! `/services`: the services directory. A GET form (`?q=&group=&site=&age=`)
//! that works without JavaScript; with it, results follow the typing (after a
//! short pause) and every search gets its own address, so Back returns to it.
//! With no search, every service is listed A to Z.

use crate::components::error_page::PageErrorView;
use crate::components::forms::ErrorSummary;
use crate::components::layout::PageLayout;
use crate::components::page_meta::PageMeta;
use crate::components::text::TwoThirds;
use crate::directory::api::{load_directory_sites, search_directory};
use crate::directory::{
    AgeGroup, DirectoryError, DirectoryListing, DirectoryPage, SearchRequest, ServiceGroup,
    AGE_FIELD, GROUP_FIELD, MAX_QUERY_CHARS, QUERY_FIELD, SITE_FIELD,
};
use crate::error::set_response_status;
use crate::model::Choice;
use crate::paths;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

mod results;
use results::DirectoryListingView;

/// How long typing must pause before the results follow it.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

const TITLE: &str = "Services directory";
const DESCRIPTION: &str =
    "Find a service at Leeds Teaching Hospitals: what it covers, where it is, how to contact it and how to refer.";

/// The directory's search page.
#[component]
pub fn ServicesDirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| {
        let query = query.read();
        SearchRequest {
            q: query.get("q"),
            group: query.get("group"),
            site: query.get("site"),
            age: query.get("age"),
            page: query.get("page"),
        }
    });
    let page = Resource::new(
        move || request.get(),
        |r| search_directory(r.q, r.group, r.site, r.age, r.page),
    );
    let sites = Resource::new(|| (), |_| load_directory_sites());
    // Read out to screen readers after each search made on this page (not
    // on the first load, which a screen reader reads from the top anyway).
    let announcement = RwSignal::new(String::new());
    let first_listing = StoredValue::new(true);
    view! {
        <PageLayout trail=vec![("Home", paths::HOME)]>
            <Transition>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <DirectoryHead page /> }.into_any(),
                        Err(error) => view! { <PageErrorView error=error.into() /> }.into_any(),
                    }
                })}
            </Transition>
            <TwoThirds>
                <h1>{TITLE}</h1>
                <p class="nhsuk-lede-text">
                    "Find a service by name, condition or symptom: where it is, "
                    "how to contact it and how to refer."
                </p>
            </TwoThirds>
            // The hospitals come from the server once; the form is never
            // redrawn, so typing is not interrupted by new results.
            <Suspense>
                {move || Suspend::new(async move {
                    let sites = sites.await.unwrap_or_default();
                    view! { <SearchForm request sites /> }
                })}
            </Suspense>
            <p class="nhsuk-u-visually-hidden" role="status">{announcement}</p>
            <Transition>
                {move || Suspend::new(async move {
                    page.await
                        .ok()
                        .map(|page| view! { <DirectoryListingView page announcement first_listing /> })
                })}
            </Transition>
        </PageLayout>
    }
}

/// Title, metadata and, for a request we cannot search, the error summary
/// (status 400).
#[component]
fn DirectoryHead(page: DirectoryPage) -> impl IntoView {
    let text = page.request.query_text().to_string();
    let title = if text.is_empty() {
        TITLE.to_string()
    } else {
        format!("Search results for {text} - {TITLE}")
    };
    let problems = match page.listing {
        DirectoryListing::Invalid(problems) => {
            set_response_status(&DirectoryError::Invalid(problems.clone()));
            Some(problems)
        }
        _ => None,
    };
    let title = if problems.is_some() {
        format!("Error: {title}")
    } else {
        title
    };
    view! {
        <PageMeta title description=DESCRIPTION path=page.request.href(paths::SERVICES) noindex=!text.is_empty() />
        {problems.map(|problems| view! { <ErrorSummary problems /> })}
    }
}

/// The search form. Without JavaScript the browser submits it; with it, the
/// address follows the form and the results follow the address.
#[component]
fn SearchForm(request: Memo<SearchRequest>, sites: Vec<Choice>) -> impl IntoView {
    let navigate = use_navigate();
    let form = NodeRef::<html::Form>::new();
    let search_box = NodeRef::<html::Input>::new();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // The search text of the last address this form went to.
    let sent = StoredValue::new(None::<String>);
    let cancel_pending = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_pending);
    // Builds the request the form shows now and goes to its address.
    let search_now = StoredValue::new(move || {
        cancel_pending();
        let Some(form) = form.get_untracked() else {
            return;
        };
        let value = |name: &str| {
            form.elements()
                .named_item(name)
                .and_then(|e| {
                    use leptos::wasm_bindgen::JsCast;
                    e.dyn_into::<leptos::web_sys::HtmlInputElement>()
                        .map(|i| i.value())
                        .or_else(|e| {
                            e.dyn_into::<leptos::web_sys::HtmlSelectElement>()
                                .map(|s| s.value())
                        })
                        .ok()
                })
                .filter(|v| !v.trim().is_empty())
        };
        let next = SearchRequest {
            q: value("q"),
            group: value("group"),
            site: value("site"),
            age: value("age"),
            page: None,
        };
        if next != request.get_untracked() {
            sent.set_value(Some(next.q.clone().unwrap_or_default()));
            navigate(
                &next.href(paths::SERVICES),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    // Back, Forward and links change the address: show its search in the box.
    // Addresses this form made itself are left alone, as the box may already
    // hold more typing.
    Effect::new(move |_| {
        let text = request.read().q.clone().unwrap_or_default();
        let ours = sent.with_value(|sent| sent.as_deref() == Some(text.as_str()));
        if let Some(input) = search_box.get_untracked() {
            if !ours && input.value() != text {
                input.set_value(&text);
            }
        }
    });
    let chosen = move |field: fn(&SearchRequest) -> &Option<String>| {
        move || field(&request.read()).clone().unwrap_or_default()
    };
    // A form sent without JavaScript carries every filter, empty or not.
    let filtered = request.with_untracked(|r| {
        [&r.group, &r.site, &r.age]
            .into_iter()
            .any(|filter| filter.as_deref().is_some_and(|value| !value.is_empty()))
    });
    let group_options = ServiceGroup::ALL
        .into_iter()
        .map(|g| (g.slug().to_string(), g.label().to_string()))
        .collect::<Vec<_>>();
    let site_options = sites
        .into_iter()
        .map(|s| (s.value, s.label))
        .collect::<Vec<_>>();
    let age_options = AgeGroup::FILTERS
        .into_iter()
        .map(|a| (a.slug().to_string(), a.label().to_string()))
        .collect::<Vec<_>>();
    view! {
        <form
            class="lth-search"
            method="get"
            action=paths::SERVICES
            role="search"
            aria-label="Services directory"
            node_ref=form
            on:submit=move |ev| {
                ev.prevent_default();
                search_now.with_value(|search| search());
            }
        >
            <div class="nhsuk-form-group">
                <label class="nhsuk-label nhsuk-label--m" for=QUERY_FIELD>"Search for a service"</label>
                <div class="nhsuk-hint" id="search-q-hint">
                    "For example, cardiology, eczema or X-ray"
                </div>
                <div class="lth-search__row">
                    <input
                        class="nhsuk-input lth-search__input"
                        id=QUERY_FIELD
                        name="q"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="search-q-hint"
                        maxlength=MAX_QUERY_CHARS.to_string()
                        value=chosen(|r| &r.q)
                        node_ref=search_box
                        on:input=move |_| {
                            cancel_pending();
                            // `try_`: the page may be gone when the pause ends.
                            let handle = set_timeout_with_handle(
                                move || {
                                    search_now.try_with_value(|search| search());
                                },
                                TYPING_PAUSE,
                            );
                            pending.set_value(handle.ok());
                        }
                    />
                    <button class="nhsuk-button lth-search__button" type="submit">"Search"</button>
                </div>
            </div>
            // On a phone the filters would fill the screen before the first
            // result, so they wait behind a details control (the browser's
            // own: no script needed), open when a filter is chosen.
            <details class="nhsuk-details lth-search__more" open=filtered>
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">"Narrow the list"</span>
                </summary>
                <div class="nhsuk-details__text">
                    <fieldset class="nhsuk-fieldset lth-search__filters">
                        <legend class="nhsuk-u-visually-hidden">"Narrow the list"</legend>
                        <FilterSelect id=GROUP_FIELD name="group" label="Specialist group" any="Any group"
                            options=group_options chosen=Signal::derive(chosen(|r| &r.group)) search_now />
                        <FilterSelect id=SITE_FIELD name="site" label="Hospital" any="Any hospital"
                            options=site_options chosen=Signal::derive(chosen(|r| &r.site)) search_now />
                        <FilterSelect id=AGE_FIELD name="age" label="Age group" any="Any age"
                            options=age_options chosen=Signal::derive(chosen(|r| &r.age)) search_now />
                    </fieldset>
                </div>
            </details>
        </form>
    }
}

/// One filter of the search form. With JavaScript a change searches at once.
#[component]
fn FilterSelect<F>(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    /// The first option, which filters nothing.
    any: &'static str,
    /// Values and labels.
    options: Vec<(String, String)>,
    chosen: Signal<String>,
    search_now: StoredValue<F>,
) -> impl IntoView
where
    F: Fn() + Send + Sync + 'static,
{
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let selected = {
                let value = value.clone();
                move || chosen.get() == value
            };
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="nhsuk-form-group lth-search__filter">
            <label class="nhsuk-label" for=id>{label}</label>
            <select
                class="nhsuk-select"
                id=id
                name=name
                prop:value=move || chosen.get()
                on:change=move |_| search_now.with_value(|search| search())
            >
                <option value="">{any}</option>
                {options}
            </select>
        </div>
    }
}
