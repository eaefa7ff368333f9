//! The services page's search as the browser's search module shows it: the
//! server's checks, search and listing, over the compact copy of the
//! directory ([`compact`](crate::directory::compact)), rendered to the HTML
//! the server would put around the search form. Public results only: the
//! copy holds no staff-only details, and no "open now" (that needs the
//! clock and the opening times, which stay on the server).

use super::results::{announcement, DirectoryListingView};
use super::{noindex, page_title};
use crate::components::page_meta::full_title;
use crate::directory::catalogue::{Catalogue, CatalogueError};
use crate::directory::compact::SearchData;
use crate::directory::search::{validate, Synonyms};
use crate::directory::{DirectoryPage, SearchRequest};
use crate::model::Choice;
use crate::paths;
use leptos::prelude::*;

/// What a search shows: the page's title, address and whether search
/// engines may index it, what its status region reads out, and the HTML of
/// the listing that follows the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub title: String,
    /// The page's path and query, as its canonical link gives them.
    pub address: String,
    pub noindex: bool,
    pub announcement: String,
    pub listing: String,
}

/// The directory as the browser searches it.
pub struct BrowserDirectory {
    catalogue: Catalogue,
    sites: Vec<Choice>,
    synonyms: Synonyms,
}

impl BrowserDirectory {
    pub fn new(data: SearchData) -> Result<Self, CatalogueError> {
        Ok(BrowserDirectory {
            catalogue: Catalogue::new(data.services)?,
            sites: data.sites,
            synonyms: data.synonyms,
        })
    }

    /// What the page shows for `request`; `None` when the request cannot be
    /// searched as asked (the server's page says what to correct).
    pub fn show(&self, request: SearchRequest) -> Option<Shown> {
        let site_slugs: Vec<&str> = self.sites.iter().map(|s| s.value.as_str()).collect();
        let search = validate(&request, &site_slugs).ok()?;
        let listing = self.catalogue.listing(&self.synonyms, &search).ok()?;
        let page = DirectoryPage {
            request,
            service_count: self.catalogue.service_count(),
            listing,
            staff: None,
        };
        let title = full_title(&page_title(&page.request));
        let address = page.request.href(paths::SERVICES);
        let noindex = noindex(&page.request);
        let announcement = announcement(&page);
        let sites = self.sites.clone();
        let listing = Owner::new().with(|| view! { <DirectoryListingView page sites /> }.to_html());
        Some(Shown {
            title,
            address,
            noindex,
            announcement,
            listing,
        })
    }
}
