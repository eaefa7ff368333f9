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
    use super::super::search::{validate, ValidSearch};
    use super::super::{
        a_to_z, DirectoryError, DirectoryListing, DirectoryPage, FieldProblem, SearchRequest,
        ServiceSite, QUERY_FIELD,
    };
    use crate::model::{Choice, SiteContent};
    use crate::storage::StoreError;
    use leptos::prelude::*;
    use std::sync::Arc;

    /// The directory and the site content from the request context.
    pub fn context() -> Result<(Arc<Directory>, Arc<SiteContent>), DirectoryError> {
        let directory = use_context::<Arc<Directory>>();
        let content = use_context::<Arc<SiteContent>>();
        match (directory, content) {
            (Some(directory), Some(content)) => Ok((directory, content)),
            _ => {
                tracing::error!("directory or site content missing from the request context");
                Err(DirectoryError::Unavailable)
            }
        }
    }

    /// Logs a database failure in full; the visitor is told only that the
    /// directory is unavailable.
    pub fn unavailable(error: StoreError) -> DirectoryError {
        tracing::error!(%error, "services directory query failed");
        DirectoryError::Unavailable
    }

    /// Checks a request against the limits and the trust's sites.
    pub fn check(
        request: &SearchRequest,
        content: &SiteContent,
    ) -> Result<ValidSearch, DirectoryError> {
        let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
        validate(request, &sites).map_err(DirectoryError::Invalid)
    }

    /// The name of the site with `slug`, or the slug.
    fn site_name(content: &SiteContent, slug: &str) -> String {
        content
            .sites
            .iter()
            .find(|s| s.slug == slug)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| slug.to_string())
    }

    /// The search page for a request: results, the A to Z, or what to correct.
    pub async fn directory_page(request: SearchRequest) -> Result<DirectoryPage, DirectoryError> {
        let (directory, content) = context()?;
        let service_count = directory.count();
        let listing = match check(&request, &content) {
            Err(DirectoryError::Invalid(problems)) => DirectoryListing::Invalid(problems),
            Err(other) => return Err(other),
            Ok(search) if search.is_everything() => {
                DirectoryListing::AToZ(a_to_z(directory.links(None).await.map_err(unavailable)?))
            }
            Ok(search) => {
                let mut results = directory.search(&search);
                if results.total > 0 && results.page > results.pages {
                    return Ok(DirectoryPage {
                        request,
                        service_count,
                        listing: DirectoryListing::Invalid(vec![FieldProblem {
                            field: QUERY_FIELD.to_string(),
                            message: match results.pages {
                                1 => "There is only 1 page of results".to_string(),
                                n => format!(
                                    "There are only {n} pages of results: choose a page from 1 to {n}"
                                ),
                            },
                        }]),
                    });
                }
                for service in &mut results.services {
                    for site in &mut service.sites {
                        *site = site_name(&content, site);
                    }
                }
                DirectoryListing::Results(results)
            }
        };
        Ok(DirectoryPage {
            request,
            service_count,
            listing,
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
        let service = directory
            .service(&slug)
            .await
            .map_err(unavailable)?
            .ok_or(DirectoryError::NotFound)?;
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
        Ok(super::ServicePage {
            trust_name: content.trust.name.clone(),
            service,
            sites,
            centre,
        })
    }
}

#[cfg(feature = "ssr")]
use crate::error::with_status;
#[cfg(feature = "ssr")]
pub use server_side::{check, context, unavailable};

/// The search page: `?q=&group=&site=&age=&page=` as typed. Separate
/// optional arguments, so that an address with none of them decodes too.
#[server(prefix = "/api", endpoint = "services", input = server_fn::codec::GetUrl)]
pub async fn search_directory(
    q: Option<String>,
    group: Option<String>,
    site: Option<String>,
    age: Option<String>,
    page: Option<String>,
) -> Result<DirectoryPage, DirectoryError> {
    with_status(
        server_side::directory_page(super::SearchRequest {
            q,
            group,
            site,
            age,
            page,
        })
        .await,
    )
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
