//! Server functions for the trust profile, centre and partner pages. They read the
//! content the server loaded at start-up from the request context.

use crate::error::PageError;
use crate::model::{
    AboutSitePage, CentrePage, CentresPage, HospitalPage, HospitalsPage, PartnerPage,
    PartnershipsPage, TrustPage,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::context::{content as site_content, directory};
#[cfg(feature = "ssr")]
use crate::error::with_status;

/// The content of the home page (the trust profile).
#[server(prefix = "/api", endpoint = "trust", input = server_fn::codec::GetUrl)]
pub async fn load_trust_profile() -> Result<TrustPage, PageError> {
    with_status(
        site_content()
            .map_err(PageError::from)
            .map(|content| content.trust_page()),
    )
}

/// The list of centres of excellence.
#[server(prefix = "/api", endpoint = "centres", input = server_fn::codec::GetUrl)]
pub async fn load_centres() -> Result<CentresPage, PageError> {
    with_status(
        site_content()
            .map_err(PageError::from)
            .map(|content| content.centres_page()),
    )
}

/// One centre's page with its services from the directory, or
/// `PageError::NotFound` for an unknown slug.
#[server(prefix = "/api", endpoint = "centre", input = server_fn::codec::GetUrl)]
pub async fn load_centre(slug: String) -> Result<CentrePage, PageError> {
    with_status(
        async {
            let mut page = site_content()?
                .centre_page(&slug)
                .ok_or(PageError::NotFound)?;
            page.services = directory()?.links(Some(&slug));
            Ok(page)
        }
        .await,
    )
}

/// Every partner, with the maps' outlines.
#[server(prefix = "/api", endpoint = "partners", input = server_fn::codec::GetUrl)]
pub async fn load_partnerships() -> Result<PartnershipsPage, PageError> {
    with_status(
        site_content()
            .map_err(PageError::from)
            .map(|content| content.partnerships_page()),
    )
}

/// One partner's page, or `PageError::NotFound` for an unknown slug.
#[server(prefix = "/api", endpoint = "partner", input = server_fn::codec::GetUrl)]
pub async fn load_partner(slug: String) -> Result<PartnerPage, PageError> {
    with_status(
        site_content()
            .map_err(PageError::from)
            .and_then(|content| content.partner_page(&slug).ok_or(PageError::NotFound)),
    )
}

/// The list of the trust's hospitals.
#[server(prefix = "/api", endpoint = "hospitals", input = server_fn::codec::GetUrl)]
pub async fn load_hospitals() -> Result<HospitalsPage, PageError> {
    with_status(
        site_content()
            .map_err(PageError::from)
            .map(|content| content.hospitals_page()),
    )
}

/// One hospital's page with the services the directory lists there (from
/// memory), or `PageError::NotFound` for an unknown slug.
#[server(prefix = "/api", endpoint = "hospital", input = server_fn::codec::GetUrl)]
pub async fn load_hospital(slug: String) -> Result<HospitalPage, PageError> {
    with_status((|| {
        let mut page = site_content()?
            .hospital_page(&slug)
            .ok_or(PageError::NotFound)?;
        page.services = directory()?.links_at_site(&slug);
        Ok(page)
    })())
}

/// The trust's contacts and accessibility record, for the contact page,
/// the accessibility statement, the privacy notice and the cookies page.
#[server(prefix = "/api", endpoint = "about-site", input = server_fn::codec::GetUrl)]
pub async fn load_about_site() -> Result<AboutSitePage, PageError> {
    with_status(
        site_content()
            .map_err(PageError::from)
            .map(|content| content.about_site_page()),
    )
}
