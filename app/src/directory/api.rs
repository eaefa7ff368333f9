//! Server functions of the services directory. They check what was asked,
//! query the [`live::Directory`](super::live::Directory) from the request
//! context and log database failures in full, answering only with a safe
//! [`DirectoryError`].

use super::{DirectoryError, DirectoryPage, ServicePage};
use crate::model::Choice;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod server_side {
    use super::super::live::Directory;
    use super::super::opening::{london_date, open_now};
    use super::super::search::{validate, ValidSearch};
    use super::super::{
        DirectoryError, DirectoryListing, DirectoryPage, SearchRequest, ServiceSite, StaffFindings,
    };
    use crate::model::{Choice, SiteContent};
    use std::sync::Arc;

    /// The directory and the site content.
    fn context() -> Result<(Arc<Directory>, Arc<SiteContent>), DirectoryError> {
        Ok((crate::context::directory()?, crate::context::content()?))
    }

    /// Checks a request against the limits and the trust's sites.
    pub fn check(
        request: &SearchRequest,
        content: &SiteContent,
    ) -> Result<ValidSearch, DirectoryError> {
        let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
        validate(request, &sites).map_err(DirectoryError::Invalid)
    }

    /// The search page for a request: results or the A to Z; a request
    /// that cannot be searched is `DirectoryError::Invalid`, with what to
    /// correct.
    pub async fn directory_page(request: SearchRequest) -> Result<DirectoryPage, DirectoryError> {
        let (directory, content) = context()?;
        let search = check(&request, &content)?;
        let mut listing = directory
            .listing(&search)
            .map_err(DirectoryError::Invalid)?;
        if let DirectoryListing::Results(results) = &mut listing {
            let now = crate::context::now()?;
            for service in results.services.iter_mut().chain(&mut results.partial) {
                service.open_now = directory.open_now(&service.slug, now).map(|o| o.text());
            }
        }
        let staff = crate::context::request_facts()
            .visitor
            .signed_in()
            .map(|signed_in| {
                let pass = signed_in.pass();
                let on_page = match &listing {
                    DirectoryListing::Results(results) => results
                        .services
                        .iter()
                        .chain(&results.partial)
                        .filter_map(|service| {
                            let details = directory.staff_details(&service.slug, &pass)?;
                            Some((service.slug.clone(), details))
                        })
                        .collect(),
                    DirectoryListing::AToZ(_) => Vec::new(),
                };
                StaffFindings {
                    matches: directory.staff_matches(&search.words, &pass),
                    details: on_page,
                }
            });
        Ok(DirectoryPage {
            request,
            service_count: directory.count(),
            listing,
            staff,
        })
    }

    /// The trust's hospitals, for the site filter.
    pub fn site_options() -> Result<Vec<Choice>, DirectoryError> {
        let (_, content) = context()?;
        Ok(content
            .sites
            .iter()
            .map(|s| Choice {
                value: s.slug.clone(),
                label: s.name.clone(),
            })
            .collect())
    }

    /// A service's page, with its sites' addresses and its centre.
    pub async fn service_page(slug: String) -> Result<super::ServicePage, DirectoryError> {
        let (directory, content) = context()?;
        let service = directory.service(&slug).ok_or(DirectoryError::NotFound)?;
        let sites = service
            .sites
            .iter()
            .filter_map(|location| {
                let site = content.sites.iter().find(|s| s.slug == location.site)?;
                Some(ServiceSite {
                    site: site.clone(),
                    location: location.location.clone(),
                })
            })
            .collect();
        let centre = service.centre.as_deref().and_then(|c| {
            content
                .centres_page()
                .centres
                .into_iter()
                .find(|l| l.slug == c)
        });
        let now = crate::context::now()?;
        let open_now =
            (!service.opening.is_empty()).then(|| open_now(&service.opening, now).text());
        // Only dated changes still to come are shown.
        let today = london_date(now);
        let mut service = service;
        service
            .opening
            .exceptions
            .retain(|dated| dated.date >= today);
        Ok(super::ServicePage {
            trust_name: content.trust.name.clone(),
            open_now,
            service,
            sites,
            centre,
        })
    }
}

#[cfg(feature = "ssr")]
use crate::error::with_status;
#[cfg(feature = "ssr")]
pub use server_side::check;

/// The search page: `?q=&group=&site=&age=&page=` as typed (each
/// optional, so that an address with none of them decodes too).
#[server(prefix = "/api", endpoint = "services", input = server_fn::codec::GetUrl)]
pub async fn search_directory(
    #[server(flatten)] request: super::SearchRequest,
) -> Result<DirectoryPage, DirectoryError> {
    with_status(server_side::directory_page(request).await)
}

/// The hospitals a search can be narrowed to.
#[server(prefix = "/api", endpoint = "service-sites", input = server_fn::codec::GetUrl)]
pub async fn load_directory_sites() -> Result<Vec<Choice>, DirectoryError> {
    with_status(server_side::site_options())
}

/// One service's page, or `DirectoryError::NotFound`.
#[server(prefix = "/api", endpoint = "service", input = server_fn::codec::GetUrl)]
pub async fn load_service(slug: String) -> Result<ServicePage, DirectoryError> {
    with_status(server_side::service_page(slug).await)
}
