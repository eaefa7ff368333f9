//! The NHS.UK shell around every page: skip link, organisation header with the
//! primary navigation, breadcrumbs, the main landmark and the footer.

use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The organisation name as the header shows it, on two lines.
pub const ORGANISATION_NAME: &str = "Leeds Teaching Hospitals";
/// The second line of the organisation name.
pub const ORGANISATION_SPLIT: &str = "NHS Trust";

/// The sections in the primary navigation: label and path.
pub const PRIMARY_NAVIGATION: [(&str, &str); 4] = [
    ("About us", paths::HOME),
    ("Centres of excellence", paths::CENTRES),
    ("Partnerships", paths::PARTNERSHIPS),
    ("Services directory", paths::SERVICES),
];

/// How a navigation item relates to the current path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavState {
    /// The item is the page being shown.
    Page,
    /// The page being shown is inside the item's section.
    Section,
    Elsewhere,
}

/// Which state a navigation item with path `href` is in when `pathname` is shown.
pub fn nav_state(href: &str, pathname: &str) -> NavState {
    let pathname = match pathname.trim_end_matches('/') {
        "" => paths::HOME,
        trimmed => trimmed,
    };
    if pathname == href {
        NavState::Page
    } else if href != paths::HOME && pathname.starts_with(&format!("{href}/")) {
        NavState::Section
    } else {
        NavState::Elsewhere
    }
}

/// The first focusable element: jumps keyboard users past the header to
/// `main`, which takes focus (`tabindex="-1"`). The navigation script leaves
/// links within a page to the browser.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="nhsuk-skip-link" href="#maincontent">
            "Skip to main content"
        </a>
    }
}

/// The NHS logo, as the NHS.UK frontend draws it.
#[component]
fn NhsLogo() -> impl IntoView {
    view! {
        <svg
            class="nhsuk-header__logo"
            xmlns="http://www.w3.org/2000/svg"
            viewBox="0 0 200 80"
            height="40"
            width="100"
            focusable="false"
            role="img"
            aria-label="NHS"
        >
            <title>"NHS"</title>
            <path
                fill="currentcolor"
                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
            ></path>
        </svg>
    }
}

/// The organisation header with the primary navigation. The current section is
/// marked with `aria-current` and bold text, not colour alone.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let pathname = use_location().pathname.get_untracked();
    let items = PRIMARY_NAVIGATION
        .iter()
        .map(|&(label, href)| {
            let state = nav_state(href, &pathname);
            let current = state != NavState::Elsewhere;
            let aria_current = match state {
                NavState::Page => Some("page"),
                NavState::Section => Some("true"),
                NavState::Elsewhere => None,
            };
            let text = if current {
                view! {
                    <strong class="nhsuk-header__navigation-item-current-fallback">{label}</strong>
                }
                .into_any()
            } else {
                label.into_any()
            };
            view! {
                <li
                    class="nhsuk-header__navigation-item"
                    class:nhsuk-header__navigation-item--current=current
                >
                    <a class="nhsuk-header__navigation-link" href=href aria-current=aria_current>
                        {text}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="nhsuk-header nhsuk-header--organisation" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a
                        class="nhsuk-header__service-logo"
                        href=paths::HOME
                        aria-label=format!("NHS {ORGANISATION_NAME} {ORGANISATION_SPLIT} homepage")
                    >
                        <NhsLogo />
                        <span class="nhsuk-header__organisation-name">
                            {ORGANISATION_NAME} " "
                            <span class="nhsuk-header__organisation-name-split">
                                {ORGANISATION_SPLIT}
                            </span>
                        </span>
                    </a>
                </div>
            </div>
            <nav class="nhsuk-header__navigation" aria-label="Menu">
                <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list">{items}</ul>
                </div>
            </nav>
        </header>
    }
}

/// A step in the breadcrumb trail: label and path.
pub type Crumb = (&'static str, &'static str);

/// The breadcrumb trail of a page's ancestors; on small screens it shows as a
/// back link to the nearest one. Pages at the top of the site show none.
#[component]
pub fn Breadcrumbs(trail: Vec<Crumb>) -> impl IntoView {
    let parent = trail.last().copied();
    parent.map(|(parent_label, parent_href)| {
        let items = trail
            .into_iter()
            .map(|(label, href)| {
                view! {
                    <li class="nhsuk-breadcrumb__list-item">
                        <a class="nhsuk-breadcrumb__link" href=href>
                            {label}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
                <ol class="nhsuk-breadcrumb__list">{items}</ol>
                <a class="nhsuk-back-link" href=parent_href>
                    <span class="nhsuk-u-visually-hidden">"Back to "</span>
                    {parent_label}
                </a>
            </nav>
        }
    })
}

/// A page's frame: breadcrumbs, then the `main` landmark the skip link targets.
#[component]
pub fn PageLayout(#[prop(optional)] trail: Vec<Crumb>, children: Children) -> impl IntoView {
    view! {
        <div class="nhsuk-width-container">
            <Breadcrumbs trail />
            <main class="nhsuk-main-wrapper" id="maincontent" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// The pages every footer links to: what a public sector website must
/// publish, and how to reach the trust.
pub const FOOTER_LINKS: [(&str, &str); 4] = [
    ("Accessibility statement", paths::ACCESSIBILITY_STATEMENT),
    ("Contact us", paths::CONTACT),
    ("Cookies", paths::COOKIES),
    ("Privacy", paths::PRIVACY),
];

/// The site footer: the sections again with the hospitals, the pages every
/// public sector site publishes, and the organisation.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let item = |&(label, href): &(&'static str, &'static str)| {
        view! {
            <li class="nhsuk-footer__list-item">
                <a class="nhsuk-footer__list-item-link" href=href>
                    {label}
                </a>
            </li>
        }
    };
    let sections = PRIMARY_NAVIGATION
        .iter()
        .chain(&[("Our hospitals", paths::HOSPITALS)])
        .map(item)
        .collect_view();
    let support = FOOTER_LINKS.iter().map(item).collect_view();
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">"Site sections"</h2>
                    <ul class="nhsuk-footer__list">
                        {sections}
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href=paths::SIGN_IN>"Staff sign in"</a>
                        </li>
                    </ul>
                    <h2 class="nhsuk-u-visually-hidden">"Support links"</h2>
                    <ul class="nhsuk-footer__list lth-footer__support">{support}</ul>
                    <p class="nhsuk-body-s">
                        "© " {ORGANISATION_NAME} " " {ORGANISATION_SPLIT}
                    </p>
                </div>
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_current_only_on_the_home_page() {
        assert_eq!(nav_state("/", "/"), NavState::Page);
        assert_eq!(nav_state("/", "/centres"), NavState::Elsewhere);
    }

    #[test]
    fn a_section_is_current_on_its_pages() {
        assert_eq!(nav_state("/centres", "/centres"), NavState::Page);
        assert_eq!(nav_state("/centres", "/centres/"), NavState::Page);
        assert_eq!(
            nav_state("/centres", "/centres/cancer-centre"),
            NavState::Section
        );
        assert_eq!(nav_state("/centres", "/centresx"), NavState::Elsewhere);
    }
}
