//! The `SearchAsYouType` island around the services search form: once the
//! WASM runs, typing in the search box sends the form when it pauses, and
//! the navigation script shows the results around the form. Without it the
//! form is sent by its button or Enter, as plain HTML.

use crate::components::islands::ready_marker;
use leptos::ev::{Event, SubmitEvent};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlInputElement;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How long typing must pause before the form sends itself: one search per
/// pause, not one per key.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// The search form (the `children`), sent when typing in its search box
/// pauses.
// An island where pages are rendered or hydrated; a plain component in the
// browser's search module, which only renders listings (see `finder`).
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn SearchAsYouType(children: Children) -> impl IntoView {
    // Counts keys and sends: a pause's timer sends the form only if nothing
    // happened since it started.
    let latest = Rc::new(Cell::new(0_u32));
    let moved_on = {
        let latest = Rc::clone(&latest);
        move || latest.set(latest.get().wrapping_add(1))
    };
    let typed = {
        let moved_on = moved_on.clone();
        move |ev: Event| {
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .filter(|input| input.type_() == "search")
                .and_then(|input| input.form())
            else {
                return;
            };
            moved_on();
            let this_key = latest.get();
            let latest = Rc::clone(&latest);
            let send = move || {
                if latest.get() == this_key && form.is_connected() {
                    let _ = form.request_submit();
                }
            };
            set_timeout(send, TYPING_PAUSE);
        }
    };
    // Sent now (Enter, the button, a changed filter): a pause has nothing
    // left to send.
    let sent = move |_: SubmitEvent| moved_on();
    view! {
        <div data-ready=ready_marker() on:input=typed on:submit=sent>
            {children()}
        </div>
    }
}
