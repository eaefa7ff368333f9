//! Browser entry point. Pages are rendered on the server only; the WASM
//! hydrates the islands in them (the `#[island]` components of the `app`
//! crate, which exports one function per island).

use wasm_bindgen::prelude::wasm_bindgen;

// Links the `app` crate, and with it the islands' exported functions.
use app as _;

/// Called by the islands script Leptos puts in every page, before it hydrates
/// each island. Marks the document, so tests can tell the WASM ran.
#[wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console while developing; a release build
    // aborts on a panic and leaves the formatting code out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
