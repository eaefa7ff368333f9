//! The generic islands: parts of a server-rendered page that react in the
//! browser once the WASM has hydrated them. Each wraps server-rendered
//! `children` and only listens to them, so it carries no data of its own;
//! without JavaScript the children work as plain HTML.

use leptos::ev::{Event, MouseEvent};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlInputElement};

/// `data-ready` for an island's root element, set once the island has
/// hydrated: how tests tell an island runs.
pub(crate) fn ready_marker() -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    move || ready.get().then_some("")
}

/// Shows or hides the panel a checkbox controls (`aria-controls`), as the
/// NHS conditional reveal does.
fn reveal(checkbox: &HtmlInputElement) {
    let Some(panel) = checkbox
        .get_attribute("aria-controls")
        .and_then(|id| document().get_element_by_id(&id))
    else {
        return;
    };
    let shown = checkbox.checked();
    let _ = panel
        .class_list()
        .toggle_with_force("lth-reveal--hidden", !shown);
    let _ = checkbox.set_attribute("aria-expanded", if shown { "true" } else { "false" });
}

/// Checkboxes (the `children`) that each control a panel with
/// `aria-controls`: without JavaScript every panel shows; once hydrated, only
/// those of ticked boxes do.
// An island where pages are rendered or hydrated; a plain component in the
// browser's search module, which only renders listings (see `finder`).
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn ConditionalReveal(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(root) = root.get() else {
            return;
        };
        let inputs = root.get_elements_by_tag_name("input");
        for i in 0..inputs.length() {
            if let Some(checkbox) = inputs
                .item(i)
                .filter(|e| e.has_attribute("aria-controls"))
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            {
                reveal(&checkbox);
            }
        }
    });
    let changed = |ev: Event| {
        if let Some(checkbox) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            reveal(&checkbox);
        }
    };
    view! {
        <div node_ref=root data-ready=ready_marker() on:change=changed>
            {children()}
        </div>
    }
}

/// The element a click landed in, or its nearest ancestor matching `selector`.
pub fn clicked(ev: &MouseEvent, selector: &str) -> Option<Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest(selector).ok().flatten())
}

/// Whether a click asked for something else than a plain follow (a new tab
/// or window, a download).
pub fn modified_click(ev: &MouseEvent) -> bool {
    ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0
}
