//! The `MarkerChooser` island: with JavaScript, choosing a numbered marker
//! shows its partner beside the maps instead of opening the partner's page.

use crate::components::islands::{clicked, modified_click, ready_marker};
use crate::model::Partner;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Class of the marker whose partner shows beside the maps.
const SELECTED: &str = "lth-map__marker--selected";

/// What the card beside the maps says about one partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkerDetail {
    /// The partner's page: also the `href` of its marker.
    pub href: String,
    pub number: Option<usize>,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub place: String,
    pub summary: String,
}

impl MarkerDetail {
    /// The card's text for `partner`, marker `number`.
    pub fn of(number: Option<usize>, partner: &Partner) -> Self {
        MarkerDetail {
            href: partner.href(),
            number,
            name: partner.name.clone(),
            short_name: partner.short_name.clone(),
            kind: partner.kind.label().to_string(),
            place: partner.place.clone(),
            summary: partner.summary.clone(),
        }
    }
}

/// The maps (the `children`, rendered on the server) with a card beside them
/// for the chosen marker's partner, one of `partners`. A click on a marker
/// (or Enter on it) chooses it; Ctrl-, Shift- or middle-clicks still open
/// the partner's page.
#[island]
pub fn MarkerChooser(partners: Vec<MarkerDetail>, children: Children) -> impl IntoView {
    let partners = StoredValue::new(partners);
    let chosen = RwSignal::new(None::<MarkerDetail>);
    let choose = move |ev: leptos::ev::MouseEvent| {
        if modified_click(&ev) {
            return;
        }
        let Some(marker) = clicked(&ev, "a.lth-map__marker") else {
            return;
        };
        let href = marker.get_attribute("href").unwrap_or_default();
        let Some(partner) = partners.with_value(|all| all.iter().find(|p| p.href == href).cloned())
        else {
            return;
        };
        ev.prevent_default();
        if let Some(previous) = clicked(&ev, ".lth-map-chooser").and_then(|chooser| {
            chooser
                .query_selector(&format!(".{SELECTED}"))
                .ok()
                .flatten()
        }) {
            let _ = previous.class_list().remove_1(SELECTED);
        }
        let _ = marker.class_list().add_1(SELECTED);
        chosen.set(Some(partner));
    };
    let card = move || match chosen.get() {
        Some(partner) => view! {
            <h3 class="nhsuk-card__heading nhsuk-heading-s">
                {partner.number.map(|n| view! { <span class="lth-map-number">{n}</span> " " })}
                {partner.name}
            </h3>
            <p class="nhsuk-body-s">{partner.kind} ", " {partner.place}</p>
            <p class="nhsuk-body-s">{partner.summary}</p>
            <a href=partner.href>{format!("Read more about {}", partner.short_name)}</a>
        }
        .into_any(),
        None => view! {
            <p class="nhsuk-body-s">"Select a numbered marker to find out about that partner."</p>
        }
        .into_any(),
    };
    view! {
        <div class="nhsuk-grid-row lth-map-chooser" data-ready=ready_marker() on:click=choose>
            <div class="nhsuk-grid-column-two-thirds">{children()}</div>
            <div class="nhsuk-grid-column-one-third">
                <div class="nhsuk-card lth-map-details">
                    <div class="nhsuk-card__content" aria-live="polite">{card}</div>
                </div>
            </div>
        </div>
    }
}
