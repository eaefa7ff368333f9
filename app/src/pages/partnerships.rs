//! `/partnerships`: partners by kind, on two maps and in a list, filtered by
//! `?kind=` (a GET form; with JavaScript each change shows at once, at its
//! own address). With JavaScript, choosing a marker shows its partner beside
//! the maps.

use crate::api::load_partnerships;
use crate::components::error_page::loaded_page;
use crate::components::page_meta::PageMeta;
use crate::components::partner_map::{Landmark, MapLegend, MapMarker, PartnerMap};
use crate::components::text::PageIntro;
use crate::error::{set_response_status, PageError};
use crate::map::MapView;
use crate::model::{Partner, PartnerKind, PartnershipsPage};
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

mod chooser;
use chooser::{MarkerChooser, PartnerCards};

/// The filter form's `id`: the navigation script keeps it while the maps and
/// list around it change.
const FORM_ID: &str = "partner-filter";

/// The partner kinds chosen with `?kind=`, and any values we did not recognise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KindFilter {
    /// Chosen kinds, in page order, each once. None chosen shows every kind.
    pub kinds: Vec<PartnerKind>,
    pub unknown: Vec<String>,
}

impl KindFilter {
    /// Reads the values of every `kind` parameter.
    pub fn from_values(values: &[String]) -> Self {
        let mut unknown = Vec::new();
        let mut chosen = Vec::new();
        for value in values {
            match PartnerKind::from_slug(value.trim()) {
                Some(kind) => chosen.push(kind),
                None => unknown.push(value.clone()),
            }
        }
        KindFilter {
            kinds: PartnerKind::ALL
                .into_iter()
                .filter(|k| chosen.contains(k))
                .collect(),
            unknown,
        }
    }

    /// Whether partners of `kind` are shown.
    pub fn shows(&self, kind: PartnerKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// Partners with their marker numbers: those with coordinates (on a map) are
/// numbered 1, 2, 3… in content order, the same whatever the filter.
pub fn number_partners(partners: Vec<Partner>) -> Vec<(Option<usize>, Partner)> {
    let mut next = 0;
    partners
        .into_iter()
        .map(|partner| {
            let number = partner.location().map(|_| {
                next += 1;
                next
            });
            (number, partner)
        })
        .collect()
}

loaded_page! {
    /// The partnerships page.
    pub PartnershipsListPage: vec![("Home", paths::HOME)], |_| load_partnerships() => Partnerships
}

#[component]
fn Partnerships(page: PartnershipsPage) -> impl IntoView {
    let query = use_query_map().get_untracked();
    let filter = KindFilter::from_values(&query.get_all(paths::PARTNER_KIND).unwrap_or_default());
    if !filter.unknown.is_empty() {
        set_response_status(&PageError::BadRequest);
    }
    let json_ld =
        structured_data::for_page(|site_url| structured_data::partnerships(&page, site_url));
    let description = page.intro.first().cloned().unwrap_or_default();
    let total = page.partners.len();
    let numbered = number_partners(page.partners);
    let shown: Vec<_> = numbered
        .into_iter()
        .filter(|(_, p)| filter.shows(p.kind))
        .collect();
    let outline = |view: MapView| {
        page.outlines
            .iter()
            .find(|(v, _)| *v == view)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    };
    let site_landmarks: Vec<Landmark> = page
        .sites
        .iter()
        .map(|site| Landmark {
            name: site.name.clone(),
            longitude: site.longitude,
            latitude: site.latitude,
            label_offset: None,
        })
        .collect();
    // Leeds, named at our first site: on the region map below the crowd of
    // partners in the city, on the world map just above the point.
    let leeds = |label_offset| {
        page.sites.first().map(|site| Landmark {
            name: "Leeds".into(),
            longitude: site.longitude,
            latitude: site.latitude,
            label_offset: Some(label_offset),
        })
    };
    let region_landmarks: Vec<Landmark> = site_landmarks
        .into_iter()
        .chain(leeds((0.0, 78.0)))
        .collect();
    let world_landmarks: Vec<Landmark> = leeds((0.0, -12.0)).into_iter().collect();
    let maps = MapView::ALL
        .into_iter()
        .map(|view| {
            let markers = shown
                .iter()
                .filter_map(|(number, partner)| {
                    let (lon, lat) = partner.location()?;
                    (MapView::for_point(lon, lat) == Some(view)).then(|| MapMarker {
                        number: number.unwrap_or_default(),
                        partner: partner.clone(),
                    })
                })
                .collect();
            let landmarks = match view {
                MapView::Region => region_landmarks.clone(),
                MapView::World => world_landmarks.clone(),
            };
            view! {
                <h3>{view.title()}</h3>
                <PartnerMap view outline=outline(view) markers landmarks />
            }
        })
        .collect_view();
    let legend_kinds = PartnerKind::ALL
        .into_iter()
        .filter(|k| filter.shows(*k))
        .collect::<Vec<_>>();
    let count = if shown.len() == total {
        format!("Showing all {total} partners")
    } else {
        format!("Showing {} of {total} partners", shown.len())
    };
    view! {
        <PageMeta title="Partnerships and collaboration" description path=paths::PARTNERSHIPS json_ld />
        <PageIntro title="Partnerships and collaboration" texts=page.intro />
        <UnknownKinds unknown=filter.unknown.clone() />
        <KindFilterForm filter count />
        <h2>"Map of our partners"</h2>
        <MarkerChooser>
            {maps}
            <MapLegend kinds=legend_kinds />
        </MarkerChooser>
        <PartnerCards partners=shown.clone() />
        <h2>"Our partners"</h2>
        <PartnerList shown />
    }
}

/// An NHS error summary for `?kind=` values we do not recognise (status 400).
#[component]
fn UnknownKinds(unknown: Vec<String>) -> impl IntoView {
    (!unknown.is_empty()).then(|| {
        let items = unknown
            .into_iter()
            .map(|value| {
                let shown: String = value.chars().take(40).collect();
                view! {
                    <li>
                        <a href="#kind-filter">{format!("We do not recognise the partner type '{shown}'. Choose from the list.")}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
                <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                </div>
            </div>
        }
    })
}

/// Checkboxes for the partner kinds: a GET form the browser sends without
/// JavaScript; with it (a live form of the navigation script), each change shows its
/// partners at once, at their own address (so Back and sharing work). `count`
/// ends the form as its status region, read out after each change.
#[component]
fn KindFilterForm(filter: KindFilter, count: String) -> impl IntoView {
    let boxes = PartnerKind::ALL
        .into_iter()
        .map(|kind| {
            let id = format!("kind-{}", kind.slug());
            let checked = filter.kinds.contains(&kind);
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input
                        class="nhsuk-checkboxes__input"
                        id=id.clone()
                        name=paths::PARTNER_KIND
                        type="checkbox"
                        value=kind.slug()
                        checked=checked
                    />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{kind.label()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <form id=FORM_ID data-lth-live="" method="get" action=paths::PARTNERSHIPS>
            <div class="nhsuk-form-group">
                <fieldset class="nhsuk-fieldset" id="kind-filter" aria-describedby="kind-filter-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                        <h2 class="nhsuk-fieldset__heading">"Show partners by type"</h2>
                    </legend>
                    <div class="nhsuk-hint" id="kind-filter-hint">"Choose none to see every partner."</div>
                    <div class="nhsuk-checkboxes nhsuk-checkboxes--small">{boxes}</div>
                </fieldset>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show partners"</button>
            <p class="nhsuk-body-l" role="status" id="partners-count">{count}</p>
        </form>
    }
}

/// Every shown partner as text, grouped by kind: the map's text equivalent.
#[component]
fn PartnerList(shown: Vec<(Option<usize>, Partner)>) -> impl IntoView {
    PartnerKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let items: Vec<_> = shown.iter().filter(|(_, p)| p.kind == kind).cloned().collect();
            (!items.is_empty()).then(|| {
                let items = items
                    .into_iter()
                    .map(|(number, partner)| {
                        view! {
                            <li class="lth-partner-list__item">
                                {number.map(|n| view! {
                                    <span class="lth-map-number" aria-hidden="true">{n}</span>
                                    <span class="nhsuk-u-visually-hidden">{format!("Map marker {n}: ")}</span>
                                })}
                                <a href=partner.href()>{partner.name.clone()}</a>
                                <p class="nhsuk-body-s">{partner.summary.clone()} " " {partner.place.clone()} "."</p>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h3>{kind.label()}</h3>
                    <ul class="nhsuk-list lth-partner-list">{items}</ul>
                }
            })
        })
        .collect_view()
}

#[cfg(test)]
mod tests;
