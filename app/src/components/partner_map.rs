//! The partner map as SVG: outlines drawn on the server, numbered markers that
//! are links to partner pages (with JavaScript, choosing one shows its details
//! beside the map instead), and a text description for assistive technology.

use crate::map::{label_x, spread_markers, MapView, MARKER_RADIUS};
use crate::model::{Partner, PartnerKind};
use leptos::prelude::*;

/// Font size of place and partner labels, in user units.
const LABEL_SIZE: f64 = 17.0;

/// A place drawn on a map for orientation, not a partner (our hospitals, Leeds).
#[derive(Debug, Clone, PartialEq)]
pub struct Landmark {
    pub name: String,
    pub longitude: f64,
    pub latitude: f64,
    /// Where to print the name, from the point, in user units; `None` for no label
    /// (where landmarks are crowded).
    pub label_offset: Option<(f64, f64)>,
}

/// A partner as a map marker: its number matches the list beside the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    pub number: usize,
    pub partner: Partner,
}

/// The shape of a marker, centred on the origin.
#[component]
fn MarkerShape(kind: PartnerKind, #[prop(default = 17.0)] size: f64) -> impl IntoView {
    let class = format!("lth-map__shape lth-map__shape--{}", kind.slug());
    let s = size;
    match kind.shape() {
        "square" => {
            let half = s * 0.85;
            view! { <rect class=class x=-half y=-half width=half * 2.0 height=half * 2.0></rect> }.into_any()
        }
        "diamond" => {
            view! { <path class=class d=format!("M0 {0}L{1} 0L0 {1}L{0} 0Z", -s * 1.1, s * 1.1)></path> }.into_any()
        }
        "triangle" => view! {
            <path class=class d=format!("M0 {}L{} {}L{} {}Z", -s * 1.15, s * 1.05, s * 0.8, -s * 1.05, s * 0.8)></path>
        }
        .into_any(),
        "hexagon" => {
            let d = (0_u8..6)
                .map(|i| {
                    let a = std::f64::consts::FRAC_PI_3 * f64::from(i);
                    format!("{}{:.1} {:.1}", if i == 0 { 'M' } else { 'L' }, s * a.cos(), s * a.sin())
                })
                .collect::<String>()
                + "Z";
            view! { <path class=class d=d></path> }.into_any()
        }
        _ => view! { <circle class=class r=s></circle> }.into_any(),
    }
}

/// One map: outlines, landmarks, and a marker for each of `markers`.
#[component]
pub fn PartnerMap(
    view: MapView,
    /// SVG path data of the land, already projected for this view.
    outline: String,
    markers: Vec<MapMarker>,
    landmarks: Vec<Landmark>,
) -> impl IntoView {
    let projection = view.projection();
    let (width, height) = (projection.width, projection.height);
    let title_id = format!("map-{}-title", view.key());
    let desc_id = format!("map-{}-desc", view.key());
    let description = if markers.is_empty() {
        "No partners of the chosen types are on this map.".to_string()
    } else {
        let names = markers
            .iter()
            .map(|m| format!("{}: {}, {}", m.number, m.partner.name, m.partner.place))
            .collect::<Vec<_>>()
            .join("; ");
        format!("Numbered markers show {} partners: {names}.", markers.len())
    };
    let points: Vec<_> = markers
        .iter()
        .filter_map(|m| m.partner.location())
        .map(|(lon, lat)| projection.project(lon, lat))
        .collect();
    let placements = spread_markers(&points, 2.0 * MARKER_RADIUS + 2.0, width, height);
    let landmark_views = landmarks
        .into_iter()
        .map(|landmark| {
            let (x, y) = projection.project(landmark.longitude, landmark.latitude);
            view! {
                <g class="lth-map__landmark" transform=format!("translate({x:.1} {y:.1})")>
                    <rect x="-5" y="-5" width="10" height="10"></rect>
                    {landmark.label_offset.map(|(dx, dy)| view! {
                        <text class="lth-map__label" x=dx y=dy text-anchor="middle">{landmark.name}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    let marker_views = markers
        .into_iter()
        .zip(placements)
        .map(|(marker, place)| {
                let label = format!(
                    "{}. {}, {}",
                    marker.number,
                    marker.partner.name,
                    marker.partner.kind.label().to_lowercase()
                );
                // Markers standing alone are named below; crowded ones are in Leeds.
                let name_below = (!place.moved()).then(|| {
                    let name = marker.partner.short_name.clone();
                    let x = label_x(place.x, name.chars().count(), LABEL_SIZE, width);
                    view! {
                        <text class="lth-map__label" x=format!("{x:.1}") y=format!("{:.1}", place.y + MARKER_RADIUS + LABEL_SIZE)
                            text-anchor="middle" aria-hidden="true">{name}</text>
                    }
                });
                view! {
                    {name_below}
                    {place.moved().then(|| view! {
                        <line class="lth-map__leader" x1=format!("{:.1}", place.anchor_x) y1=format!("{:.1}", place.anchor_y)
                            x2=format!("{:.1}", place.x) y2=format!("{:.1}", place.y)></line>
                        <circle class="lth-map__anchor" cx=format!("{:.1}", place.anchor_x) cy=format!("{:.1}", place.anchor_y) r="3"></circle>
                    })}
                    <a class="lth-map__marker" href=marker.partner.href() aria-label=label>
                        <g transform=format!("translate({:.1} {:.1})", place.x, place.y)>
                            <g class="lth-map__marker-body">
                                <circle class="lth-map__target" r=MARKER_RADIUS></circle>
                                <MarkerShape kind=marker.partner.kind />
                                <text class="lth-map__number" text-anchor="middle" dy="0.35em">
                                    {marker.number}
                                </text>
                            </g>
                        </g>
                    </a>
                }
        })
        .collect_view();
    view! {
        <svg
            class="lth-map"
            viewBox=format!("0 0 {width:.0} {height:.0}")
            role="group"
            aria-labelledby=title_id
            aria-describedby=desc_id
        >
            <title id=title_id.clone()>{view.title()}</title>
            <desc id=desc_id.clone()>{description}</desc>
            <rect class="lth-map__sea" width=format!("{width:.0}") height=format!("{height:.0}")></rect>
            <path class="lth-map__land" d=outline fill-rule="evenodd"></path>
            {landmark_views}
            {marker_views}
            <ScaleBar view />
        </svg>
    }
}

/// A scale bar in the bottom left corner.
#[component]
fn ScaleBar(view: MapView) -> impl IntoView {
    let projection = view.projection();
    let length = view.scale_bar_km() * projection.units_per_km();
    let (x, y) = (12.0, projection.height - 14.0);
    view! {
        <g class="lth-map__scale" aria-hidden="true" transform=format!("translate({x} {y:.1})")>
            <path d=format!("M0 -8V0H{length:.1}V-8")></path>
            <text x=format!("{:.1}", length + 6.0) y="0">{format!("{} km", view.scale_bar_km())}</text>
        </g>
    }
}

/// The key to marker shapes for the kinds shown.
#[component]
pub fn MapLegend(kinds: Vec<PartnerKind>) -> impl IntoView {
    view! {
        <ul class="lth-map-legend">
            {
                kinds
                    .into_iter()
                    .filter(|kind| *kind != PartnerKind::NationalNhs)
                    .map(|kind| {
                        view! {
                            <li>
                                <svg class="lth-map-legend__symbol" viewBox="-22 -22 44 44" aria-hidden="true" focusable="false">
                                    <MarkerShape kind />
                                </svg>
                                {format!("{} ({})", kind.label(), kind.shape())}
                            </li>
                        }
                    })
                    .collect_view()
            }
            <li>
                <svg class="lth-map-legend__symbol" viewBox="-22 -22 44 44" aria-hidden="true" focusable="false">
                    <g class="lth-map__landmark"><rect x="-7" y="-7" width="14" height="14"></rect></g>
                </svg>
                "Our hospitals (small square)"
            </li>
        </ul>
    }
}
