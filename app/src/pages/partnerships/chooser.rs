//! The `MarkerChooser` island: with JavaScript, choosing a numbered marker
//! shows its partner's card beside the maps instead of opening the partner's
//! page. The cards come with the page, in a `<template>` ([`PartnerCards`]),
//! so the island carries no data of its own.

use crate::components::islands::{clicked, modified_click, ready_marker};
use crate::model::Partner;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlTemplateElement, Node};

/// Class of the marker whose partner shows beside the maps.
const SELECTED: &str = "lth-map__marker--selected";

/// The `id` of the template holding every partner's card.
const CARDS_ID: &str = "partner-cards";

/// The card of every partner on the maps, each marked with its page's
/// address (`data-partner`, also its marker's `href`), in an inert template
/// the island copies from. `partners`: each partner with its marker's number.
#[component]
pub fn PartnerCards(partners: Vec<(Option<usize>, Partner)>) -> impl IntoView {
    let cards = partners
        .into_iter()
        .filter(|(_, partner)| partner.location().is_some())
        .map(|(number, partner)| {
            view! {
                <div data-partner=partner.href()>
                    <h3 class="nhsuk-card__heading nhsuk-heading-s">
                        {number.map(|n| view! { <span class="lth-map-number">{n}</span> " " })}
                        {partner.name.clone()}
                    </h3>
                    <p class="nhsuk-body-s">{partner.kind.label()} ", " {partner.place.clone()}</p>
                    <p class="nhsuk-body-s">{partner.summary.clone()}</p>
                    <a href=partner.href()>{format!("Read more about {}", partner.short_name)}</a>
                </div>
            }
        })
        .collect_view();
    view! { <template id=CARDS_ID>{cards}</template> }
}

/// A copy of the card of the partner whose page is `href`.
fn card_for(href: &str) -> Option<Node> {
    let template = document()
        .get_element_by_id(CARDS_ID)?
        .dyn_into::<HtmlTemplateElement>()
        .ok()?;
    let cards = template.content().children();
    (0..cards.length())
        .filter_map(|i| cards.item(i))
        .find(|card| card.get_attribute("data-partner").as_deref() == Some(href))
        .and_then(|card| card.clone_node_with_deep(true).ok())
}

/// Marks `marker` as the chosen one of those in `chooser`.
fn select(chooser: &Element, marker: &Element) {
    if let Ok(Some(previous)) = chooser.query_selector(".lth-map__marker--selected") {
        let _ = previous.class_list().remove_1(SELECTED);
    }
    let _ = marker.class_list().add_1(SELECTED);
}

/// The maps (the `children`, rendered on the server) with a card beside them
/// for the chosen marker's partner. A click on a marker (or Enter on it)
/// chooses it; Ctrl-, Shift- or middle-clicks still open the partner's page.
// An island where pages are rendered or hydrated; a plain component in the
// browser's search module, which only renders listings (see `finder`).
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn MarkerChooser(children: Children) -> impl IntoView {
    let card = NodeRef::<leptos::html::Div>::new();
    let choose = move |ev: leptos::ev::MouseEvent| {
        if modified_click(&ev) {
            return;
        }
        let Some(marker) = clicked(&ev, "a.lth-map__marker") else {
            return;
        };
        let href = marker.get_attribute("href").unwrap_or_default();
        let (Some(details), Some(card), Some(chooser)) = (
            card_for(&href),
            card.get(),
            clicked(&ev, ".lth-map-chooser"),
        ) else {
            return;
        };
        ev.prevent_default();
        select(&chooser, &marker);
        card.replace_children_with_node_1(&details);
    };
    view! {
        <div class="nhsuk-grid-row lth-map-chooser" data-ready=ready_marker() on:click=choose>
            <div class="nhsuk-grid-column-two-thirds">{children()}</div>
            <div class="nhsuk-grid-column-one-third">
                <div class="nhsuk-card lth-map-details">
                    <div class="nhsuk-card__content" aria-live="polite" node_ref=card>
                        <p class="nhsuk-body-s">"Select a numbered marker to find out about that partner."</p>
                    </div>
                </div>
            </div>
        </div>
    }
}
