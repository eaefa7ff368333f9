//! Moving between pages without reloading them, in place of Leptos's islands
//! router (`islands_routing.js`). That router patches the old page node by
//! node from the new one, which only holds when both have the same shape: our
//! pages' lists and head tags differ in length from page to page, and it never
//! removes attributes nor moves focus or scroll. This script swaps whole
//! pages instead (or, for a live form, everything around the form), then does
//! what a full page load does: title and head tags, focus, scroll, history.

use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// The script, run once per full page load.
const SCRIPT: &str = include_str!("navigation.js");

/// The navigation script, inline with the page's CSP nonce.
#[component]
pub fn NavigationScript() -> impl IntoView {
    view! { <script type="module" nonce=use_nonce() inner_html=SCRIPT></script> }
}
