//! The directory's search in the browser. Once the services page is idle,
//! the navigation script loads this module and the compact copy of the
//! directory (`/services/search-data`); from then on a search typed into
//! the page is answered here, with the server's own search and listing code
//! (`app::pages::services::in_browser`), with no round trip.

use app::directory::compact;
use app::directory::SearchRequest;
use app::pages::services::in_browser::BrowserDirectory;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The directory last loaded.
    static DIRECTORY: RefCell<Option<BrowserDirectory>> = const { RefCell::new(None) };
}

/// Reads the compact copy of the directory; false, keeping none, if it
/// cannot be read.
#[wasm_bindgen]
pub fn load(data: &str) -> bool {
    let directory = compact::decode(data)
        .ok()
        .and_then(|data| BrowserDirectory::new(data).ok());
    let loaded = directory.is_some();
    DIRECTORY.with_borrow_mut(|kept| *kept = directory);
    loaded
}

/// What the services page shows for a search.
#[wasm_bindgen(getter_with_clone)]
pub struct Shown {
    /// The page's `<title>`.
    #[wasm_bindgen(readonly)]
    pub title: String,
    /// The page's path and query, as its canonical link gives them.
    #[wasm_bindgen(readonly)]
    pub address: String,
    /// Whether search engines should leave the page out.
    #[wasm_bindgen(readonly)]
    pub noindex: bool,
    /// What the search status region reads out.
    #[wasm_bindgen(readonly)]
    pub announcement: String,
    /// The HTML after the search form.
    #[wasm_bindgen(readonly)]
    pub listing: String,
}

/// What the services page shows for the search the form's fields make, or
/// nothing when no directory is loaded or the search needs the server (it
/// cannot be made as asked).
#[wasm_bindgen]
pub fn show(
    q: Option<String>,
    group: Option<String>,
    site: Option<String>,
    age: Option<String>,
    page: Option<String>,
) -> Option<Shown> {
    let request = SearchRequest {
        q,
        group,
        site,
        age,
        page,
    };
    DIRECTORY.with_borrow(|directory| {
        let shown = directory.as_ref()?.show(request)?;
        Some(Shown {
            title: shown.title,
            address: shown.address,
            noindex: shown.noindex,
            announcement: shown.announcement,
            listing: shown.listing,
        })
    })
}
