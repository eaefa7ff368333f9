#![recursion_limit = "256"]
//! The Leeds Teaching Hospitals "About us" site and services directory: the
//! pages, components and server functions. Pages render on the server only
//! (Leptos islands); the few parts that react in the browser are `#[island]`s,
//! hydrated from WASM, and `components::navigation` moves between pages
//! without reloading them.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod context;
pub mod convert;
pub mod directory;
pub mod error;
pub mod map;
pub mod model;
pub mod pages;
pub mod paths;
pub mod reports;
#[cfg(feature = "ssr")]
pub mod request;
pub mod staff;
#[cfg(feature = "ssr")]
pub mod storage;
pub mod structured_data;
pub mod text_rules;
mod vocabulary;

use components::error_page::NotFound;
use components::layout::{SiteFooter, SiteHeader, SkipLink};
use components::navigation::NavigationScript;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::about_site::{AccessibilityStatementPage, ContactPage, CookiesPage, PrivacyPage};
use pages::centre::CentreDetailPage;
use pages::centres::CentresListPage;
use pages::home::TrustProfilePage;
use pages::hospitals::{HospitalDetailPage, HospitalsListPage};
use pages::partner::PartnerDetailPage;
use pages::partnerships::PartnershipsListPage;
use pages::report::{ReportProblemPage, ReportSentPage};
use pages::service::ServiceDetailPage;
use pages::services::ServicesDirectoryPage;
use pages::staff::{
    AcceptInvitationPage, AuthenticatorPage, OwnAccountPage, ServiceEditorPage, SignInCodePage,
    StaffHomePage, StaffSignInPage, StaffUsersPage,
};

/// Settings the pages need from the server's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    /// Public root of the site, without a trailing slash, for canonical links.
    pub site_url: String,
    /// Whether staff may sign in with their NHS account (single sign-on).
    pub nhs_sign_in: bool,
    /// Whether cookies are `Secure` with `__Host-` names (an https site).
    pub secure_cookies: bool,
    /// The browser's search module, if the build has one (`/pkg/finder-….js`).
    pub finder: Option<String>,
}

/// The whole HTML document of a routed page, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let settings = settings();
    document(options, view! { <App settings /> })
}

/// The document of a page already made on the server (a refused staff
/// form's, from `pages::staff::form_page`): the same head and frame
/// as every page, with `page` in place of the routes.
pub fn shell_with(options: LeptosOptions, page: AnyView) -> impl IntoView {
    let settings = settings();
    document(options, view! { <Frame settings>{page}</Frame> })
}

fn settings() -> SiteSettings {
    use_context::<SiteSettings>().unwrap_or(SiteSettings {
        site_url: String::new(),
        nhs_sign_in: false,
        secure_cookies: false,
        finder: None,
    })
}

fn document(options: LeptosOptions, body: impl IntoView) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#005eb8" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <NavigationScript />
                <MetaTags />
            </head>
            <body>{body}</body>
        </html>
    }
}

/// The NHS frame round every page's content: skip link, header, footer.
#[component]
fn Frame(settings: SiteSettings, children: Children) -> impl IntoView {
    provide_meta_context();
    provide_context(settings);
    view! {
        <Link rel="icon" href=paths::FAVICON type_="image/svg+xml" />
        <Meta name="format-detection" content="telephone=no" />
        <Router>
            <SkipLink />
            <SiteHeader />
            {children()}
            <SiteFooter />
        </Router>
    }
}

/// The application: the NHS frame around the routed pages.
#[component]
pub fn App(settings: SiteSettings) -> impl IntoView {
    view! {
        <Frame settings>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=TrustProfilePage ssr=SsrMode::Async />
                <Route path=path!("/centres") view=CentresListPage ssr=SsrMode::Async />
                <Route path=path!("/centres/:slug") view=CentreDetailPage ssr=SsrMode::Async />
                <Route path=path!("/partnerships") view=PartnershipsListPage ssr=SsrMode::Async />
                <Route path=path!("/partnerships/:slug") view=PartnerDetailPage ssr=SsrMode::Async />
                <Route path=path!("/hospitals") view=HospitalsListPage ssr=SsrMode::Async />
                <Route path=path!("/hospitals/:slug") view=HospitalDetailPage ssr=SsrMode::Async />
                <Route path=path!("/accessibility-statement") view=AccessibilityStatementPage ssr=SsrMode::Async />
                <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                <Route path=path!("/cookies") view=CookiesPage ssr=SsrMode::Async />
                <Route path=path!("/contact") view=ContactPage ssr=SsrMode::Async />
                <Route path=path!("/services") view=ServicesDirectoryPage ssr=SsrMode::Async />
                <Route path=path!("/services/:slug") view=ServiceDetailPage ssr=SsrMode::Async />
                <Route path=path!("/services/:slug/report") view=ReportProblemPage ssr=SsrMode::Async />
                <Route path=path!("/services/:slug/report/sent") view=ReportSentPage ssr=SsrMode::Async />
                <Route path=path!("/staff") view=StaffHomePage ssr=SsrMode::Async />
                <Route path=path!("/staff/sign-in") view=StaffSignInPage ssr=SsrMode::Async />
                <Route path=path!("/staff/services/new") view=ServiceEditorPage ssr=SsrMode::Async />
                <Route path=path!("/staff/services/:slug/edit") view=ServiceEditorPage ssr=SsrMode::Async />
                <Route path=path!("/staff/users") view=StaffUsersPage ssr=SsrMode::Async />
                <Route path=path!("/staff/sign-in/code") view=SignInCodePage ssr=SsrMode::Async />
                <Route path=path!("/staff/authenticator-app") view=AuthenticatorPage ssr=SsrMode::Async />
                <Route path=path!("/staff/account") view=OwnAccountPage ssr=SsrMode::Async />
                <Route path=path!("/staff/invitation/:slug") view=AcceptInvitationPage ssr=SsrMode::Async />
            </Routes>
        </Frame>
    }
}
