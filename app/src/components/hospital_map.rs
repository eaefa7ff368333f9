//! The map on each hospital's page: the trust's hospitals in and around
//! Leeds as numbered points drawn on the server, the page's own one marked,
//! and a description that says the same in words.

use crate::map::{
    compass_point, distance_km, label_x, spread_markers, Projection, HOSPITALS_AREA, MAP_WIDTH,
};
use crate::model::HospitalSite;
use leptos::prelude::*;

/// Radius of a hospital's point, in user units.
const POINT_RADIUS: f64 = 15.0;
/// Font size of the page's own hospital's name, in user units.
const LABEL_SIZE: f64 = 17.0;
/// The scale bar's length, in kilometres.
const SCALE_KM: f64 = 2.0;

/// `km` as people say a distance between hospitals: whole kilometres,
/// "less than 1 km" when closer.
fn about_km(km: f64) -> String {
    if km < 1.0 {
        "less than 1 km".to_string()
    } else {
        format!("about {km:.0} km")
    }
}

/// The map's description: where `site` is from each other hospital, in
/// words, so it stands without the picture.
pub fn map_description(site: &HospitalSite, sites: &[HospitalSite]) -> String {
    let here = (site.longitude, site.latitude);
    let others = sites
        .iter()
        .filter(|other| other.slug != site.slug)
        .map(|other| {
            let there = (other.longitude, other.latitude);
            format!(
                "{} is {} to the {}",
                other.name,
                about_km(distance_km(here, there)),
                compass_point(here, there)
            )
        })
        .collect::<Vec<_>>();
    format!(
        "A map of our {} hospitals in and around Leeds, with {} marked. From there, {}.",
        sites.len(),
        site.name,
        others.join("; ")
    )
}

/// Where the name of the point at (`x`, `y`) goes: beside it on the first
/// side (left, right, above, below) where the text covers no other point
/// and stays inside the map, else along the top. `(x, y, text-anchor)`.
fn label_place(
    (x, y): (f64, f64),
    chars: usize,
    points: &[(f64, f64)],
    (width, height): (f64, f64),
) -> (f64, f64, &'static str) {
    let length = crate::convert::count_f64(chars) * LABEL_SIZE * 0.55;
    let gap = POINT_RADIUS + 6.0;
    let clear = |left: f64, right: f64, baseline: f64| {
        let (top, bottom) = (baseline - LABEL_SIZE, baseline + 4.0);
        left >= 0.0
            && right <= width
            && top >= 0.0
            && bottom <= height
            && points.iter().all(|&(px, py)| {
                (px, py) == (x, y)
                    || px + POINT_RADIUS < left
                    || px - POINT_RADIUS > right
                    || py + POINT_RADIUS < top
                    || py - POINT_RADIUS > bottom
            })
    };
    let beside = y + LABEL_SIZE * 0.35;
    let (above, below) = (y - gap, y + gap + LABEL_SIZE * 0.7);
    let centre = label_x(x, chars, LABEL_SIZE, width);
    let half = length / 2.0;
    [
        (x - gap - length, x - gap, beside, (x - gap, "end")),
        (x + gap, x + gap + length, beside, (x + gap, "start")),
        (centre - half, centre + half, above, (centre, "middle")),
        (centre - half, centre + half, below, (centre, "middle")),
    ]
    .into_iter()
    .find(|&(left, right, baseline, _)| clear(left, right, baseline))
    .map_or(
        (width / 2.0, LABEL_SIZE + 8.0, "middle"),
        |(_, _, baseline, (at, anchor))| (at, baseline, anchor),
    )
}

/// The hospitals as numbered points (numbered as in the list of hospitals
/// below the map), with `current` in NHS blue and named.
#[component]
pub fn HospitalMap(sites: Vec<HospitalSite>, current: HospitalSite) -> impl IntoView {
    let projection = Projection::fit(HOSPITALS_AREA, MAP_WIDTH);
    let (width, height) = (projection.width, projection.height);
    let points: Vec<_> = sites
        .iter()
        .map(|s| projection.project(s.longitude, s.latitude))
        .collect();
    let placements = spread_markers(&points, 2.0 * POINT_RADIUS + 2.0, width, height);
    let description = map_description(&current, &sites);
    let drawn: Vec<(f64, f64)> = placements.iter().map(|p| (p.x, p.y)).collect();
    let points = sites
        .iter()
        .zip(placements)
        .zip(1..)
        .map(|((site, place), number): ((&HospitalSite, _), u32)| {
            let here = site.slug == current.slug;
            let label = here.then(|| {
                let name = site.name.clone();
                let (x, y, anchor) = label_place((place.x, place.y), name.chars().count(), &drawn, (width, height));
                view! {
                    <text class="lth-map__label" x=format!("{x:.1}") y=format!("{y:.1}") text-anchor=anchor>
                        {name}
                    </text>
                }
            });
            view! {
                {place.moved().then(|| view! {
                    <line class="lth-map__leader" x1=format!("{:.1}", place.anchor_x) y1=format!("{:.1}", place.anchor_y)
                        x2=format!("{:.1}", place.x) y2=format!("{:.1}", place.y)></line>
                    <circle class="lth-map__anchor" cx=format!("{:.1}", place.anchor_x) cy=format!("{:.1}", place.anchor_y) r="3"></circle>
                })}
                <g transform=format!("translate({:.1} {:.1})", place.x, place.y)>
                    <circle class="lth-hospital-map__point" class:lth-hospital-map__point--here=here r=POINT_RADIUS></circle>
                    <text class="lth-map__number" text-anchor="middle" dy="0.35em">{number}</text>
                </g>
                {label}
            }
        })
        .collect_view();
    let scale = SCALE_KM * projection.units_per_km();
    view! {
        <svg
            class="lth-map lth-hospital-map"
            viewBox=format!("0 0 {width:.0} {height:.0}")
            role="img"
            aria-labelledby="hospital-map-title"
            aria-describedby="hospital-map-desc"
        >
            <title id="hospital-map-title">{format!("Map: where {} is", current.name)}</title>
            <desc id="hospital-map-desc">{description}</desc>
            <rect class="lth-hospital-map__ground" width=format!("{width:.0}") height=format!("{height:.0}")></rect>
            {points}
            <g class="lth-map__scale" transform=format!("translate(12 {:.1})", height - 14.0)>
                <path d=format!("M0 -8V0H{scale:.1}V-8")></path>
                <text x=format!("{:.1}", scale + 6.0) y="0">{format!("{SCALE_KM} km")}</text>
            </g>
            <text class="lth-hospital-map__north" x=format!("{:.1}", width - 20.0) y="28" text-anchor="middle">"N ↑"</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(slug: &str, longitude: f64, latitude: f64) -> HospitalSite {
        HospitalSite {
            slug: slug.into(),
            name: format!("{slug} hospital"),
            address: vec!["A street".into(), "Leeds".into()],
            postcode: None,
            latitude,
            longitude,
            ods_code: None,
            summary: "A hospital.".into(),
            phone: None,
            travel: Default::default(),
        }
    }

    #[test]
    fn a_name_goes_where_it_covers_no_other_point() {
        let map = (600.0, 400.0);
        let at = (300.0, 100.0);
        let anchor = |points: &[(f64, f64)]| label_place(at, 10, points, map);
        // Room on the left.
        assert_eq!(anchor(&[at]).2, "end");
        // A point on the left: the right.
        assert_eq!(anchor(&[at, (250.0, 100.0)]).2, "start");
        // Points on both sides: above.
        let (x, y, side) = anchor(&[at, (250.0, 100.0), (350.0, 100.0)]);
        assert_eq!((x, side), (300.0, "middle"));
        assert!(y < 100.0);
        // And above: below.
        let (_, y, _) = anchor(&[at, (250.0, 100.0), (350.0, 100.0), (300.0, 70.0)]);
        assert!(y > 100.0);
        // Too near the left edge for the left.
        assert_eq!(
            label_place((20.0, 100.0), 10, &[(20.0, 100.0)], map).2,
            "start"
        );
        // Hemmed in: along the top.
        let crowd = [
            at,
            (250.0, 100.0),
            (350.0, 100.0),
            (300.0, 70.0),
            (300.0, 130.0),
        ];
        assert_eq!(anchor(&crowd), (300.0, LABEL_SIZE + 8.0, "middle"));
    }

    #[test]
    fn the_description_places_the_hospital_from_every_other() {
        let sites = vec![
            site("infirmary", -1.5517, 53.8017),
            site("dental", -1.5536, 53.8046),
            site("otley", -1.6927, 53.9087),
        ];
        let text = map_description(&sites[0], &sites);
        assert_eq!(
            text,
            "A map of our 3 hospitals in and around Leeds, with infirmary hospital marked. \
             From there, dental hospital is less than 1 km to the north; \
             otley hospital is about 15 km to the north-west."
        );
    }
}
