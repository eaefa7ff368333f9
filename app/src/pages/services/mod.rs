//! `/services`: the services directory. A GET form (`?q=&group=&site=&age=`)
//! that works without JavaScript; with it (a live form of the navigation
//! script, in the [`SearchAsYouType`] island), results follow the typing
//! after a short pause and every search gets its own address, so Back
//! returns to it. With no search, every service is listed A to Z.

use crate::components::error_page::PageErrorView;
use crate::components::forms::ErrorSummary;
use crate::components::layout::PageLayout;
use crate::components::page_meta::PageMeta;
use crate::components::text::TwoThirds;
use crate::directory::api::{load_directory_sites, search_directory};
use crate::directory::{
    AgeGroup, DirectoryError, DirectoryPage, FieldProblem, SearchRequest, ServiceGroup, AGE_FIELD,
    GROUP_FIELD, MAX_QUERY_CHARS, QUERY_FIELD, SITE_FIELD,
};
use crate::model::Choice;
use crate::paths;
use crate::SiteSettings;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "search")]
pub mod in_browser;
mod results;
mod typing;
use results::{announcement, DirectoryListingView};
use typing::SearchAsYouType;

const TITLE: &str = "Services directory";
const DESCRIPTION: &str =
    "Find a service at Leeds Teaching Hospitals: what it covers, where it is, how to contact it and how to refer.";

/// The search form's `id`: the navigation script keeps the form (focus,
/// typing) while the results around it change.
const FORM_ID: &str = "services-search";

/// The directory's search page.
#[component]
pub fn ServicesDirectoryPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let request = SearchRequest {
        q: query.get("q"),
        group: query.get("group"),
        site: query.get("site"),
        age: query.get("age"),
        page: query.get("page"),
    };
    let page = Resource::new(
        {
            let request = request.clone();
            move || request.clone()
        },
        search_directory,
    );
    let sites = Resource::new(|| (), |_| load_directory_sites());
    view! {
        <PageLayout trail=vec![("Home", paths::HOME)]>
            <Suspense>
                {move || {
                    let request = request.clone();
                    Suspend::new(async move {
                        let sites = sites.await.unwrap_or_default();
                        match page.await {
                            Ok(page) => view! { <DirectoryView request shown=Ok(page) sites /> }.into_any(),
                            Err(DirectoryError::Invalid(problems)) => {
                                view! { <DirectoryView request shown=Err(problems) sites /> }.into_any()
                            }
                            Err(error) => view! { <PageErrorView error=error.into() /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </PageLayout>
    }
}

/// The page for one search: heading, form, then the A to Z or the results
/// (`shown`), or what to correct in a search that cannot be made (the
/// server function's error has set the status, 400).
#[component]
fn DirectoryView(
    request: SearchRequest,
    shown: Result<DirectoryPage, Vec<FieldProblem>>,
    sites: Vec<Choice>,
) -> impl IntoView {
    let said = match &shown {
        Ok(page) => announcement(page),
        Err(_) => "There is a problem".to_string(),
    };
    // The browser's search module, if the build has one: it answers the
    // public's searches once the page is idle (staff see what their
    // staff-only details add, from the server), and anyone's with no signal.
    let finder = use_context::<SiteSettings>().and_then(|settings| settings.finder);
    let search_here = matches!(&shown, Ok(page) if page.staff.is_none());
    let keep_copy = finder
        .clone()
        .map(|module| view! { <TwoThirds><KeepCopy module /></TwoThirds> });
    let (page, problems) = match shown {
        Ok(page) => (Some(page), None),
        Err(problems) => (None, Some(problems)),
    };
    let listing = page.map(|page| view! { <DirectoryListingView page sites=sites.clone() /> });
    view! {
        <DirectoryHead request=request.clone() problems />
        <TwoThirds>
            <h1>{TITLE}</h1>
            <p class="nhsuk-lede-text">
                "Find a service by name, condition or symptom: where it is, "
                "how to contact it and how to refer."
            </p>
        </TwoThirds>
        <SearchAsYouType>
            <SearchForm request sites said finder search_here />
        </SearchAsYouType>
        {listing}
        {keep_copy}
    }
}

/// The page's own title for `request` (before the organisation's name).
fn page_title(request: &SearchRequest) -> String {
    let text = request.query_text();
    if text.is_empty() {
        TITLE.to_string()
    } else {
        format!("Search results for {text} - {TITLE}")
    }
}

/// Whether search engines should leave the page for `request` out: a
/// search's results are not a page of their own.
fn noindex(request: &SearchRequest) -> bool {
    !request.query_text().is_empty()
}

/// Title, metadata and, for a request we cannot search, the error summary.
#[component]
fn DirectoryHead(request: SearchRequest, problems: Option<Vec<FieldProblem>>) -> impl IntoView {
    let title = page_title(&request);
    let title = if problems.is_some() {
        format!("Error: {title}")
    } else {
        title
    };
    view! {
        <PageMeta title description=DESCRIPTION path=request.href(paths::SERVICES) noindex=noindex(&request) />
        {problems.map(|problems| view! { <ErrorSummary problems /> })}
    }
}

/// "Keep the directory on this device": the navigation script shows it
/// where the browser can keep a copy (service workers), and saves the
/// pages, the search `module` and the directory's copy for use with no
/// signal. Hidden without JavaScript, which cannot use the copy.
#[component]
fn KeepCopy(module: String) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text lth-keep-copy" id="keep-copy" data-copy-of=module hidden>
            <h2 class="nhsuk-heading-s">"Use the directory with no signal"</h2>
            <p>
                "Keep a copy of the directory on this device to search it and open services where there is no signal. "
                <a href=format!("{}#saved-on-this-device", paths::COOKIES)>"What this saves on your device"</a>
            </p>
            <p role="status" id="keep-copy-status"></p>
            <div class="lth-keep-copy__buttons">
                <button type="button" class="nhsuk-button nhsuk-button--secondary" data-keep-copy="save">
                    "Keep the directory on this device"
                </button>
                <button type="button" class="nhsuk-button nhsuk-button--secondary" data-keep-copy="remove" hidden>
                    "Remove it from this device"
                </button>
            </div>
        </div>
    }
}

/// The search form, sent by the browser without JavaScript. `said` is what
/// its status region reads out once a search made on the page shows (the
/// navigation script takes it from `data-announce`; a page load says nothing).
/// `finder`: the browser's search module, for the navigation script to load
/// once the page is idle (with the directory's copy, `data-finder-data`);
/// it answers searches with a signal only when `search_here`.
#[component]
fn SearchForm(
    request: SearchRequest,
    sites: Vec<Choice>,
    said: String,
    finder: Option<String>,
    search_here: bool,
) -> impl IntoView {
    let chosen = |value: &Option<String>| value.clone().unwrap_or_default();
    // A form sent without JavaScript carries every filter, empty or not.
    let filtered = [&request.group, &request.site, &request.age]
        .into_iter()
        .any(|filter| filter.as_deref().is_some_and(|value| !value.is_empty()));
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
            id=FORM_ID
            data-lth-live=""
            method="get"
            action=paths::SERVICES
            role="search"
            aria-label="Services directory"
            data-search-here=(finder.is_some() && search_here).then_some("")
            data-finder-data=finder.as_ref().map(|_| paths::SEARCH_DATA)
            data-finder=finder
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
                        value=chosen(&request.q)
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
                            options=group_options chosen=chosen(&request.group) />
                        <FilterSelect id=SITE_FIELD name="site" label="Hospital" any="Any hospital"
                            options=site_options chosen=chosen(&request.site) />
                        <FilterSelect id=AGE_FIELD name="age" label="Age group" any="Any age"
                            options=age_options chosen=chosen(&request.age) />
                    </fieldset>
                </div>
            </details>
            <p class="nhsuk-u-visually-hidden" role="status" id="search-status" data-announce=said></p>
        </form>
    }
}

/// One filter of the search form.
#[component]
fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    /// The first option, which filters nothing.
    any: &'static str,
    /// Values and labels.
    options: Vec<(String, String)>,
    chosen: String,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let selected = chosen == value;
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="nhsuk-form-group lth-search__filter">
            <label class="nhsuk-label" for=id>{label}</label>
            <select class="nhsuk-select" id=id name=name>
                <option value="">{any}</option>
                {options}
            </select>
        </div>
    }
}
