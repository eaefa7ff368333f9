//! Browser entry point: hydrates the server-rendered page with the shared `App`.

use app::{App, SiteSettings};
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the hydration script cargo-leptos injects into every page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let settings = SiteSettings::from_document();
    hydrate_body(move || view! { <App settings /> });
}
