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

/// The hospitals as numbered points (numbered as in the list of hospitals
/// below the map), with `current` drawn larger and named.
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
    let points = sites
        .iter()
        .zip(placements)
        .zip(1..)
        .map(|((site, place), number): ((&HospitalSite, _), u32)| {
            let here = site.slug == current.slug;
            let label = here.then(|| {
                let name = site.name.clone();
                let x = label_x(place.x, name.chars().count(), LABEL_SIZE, width);
                let below = place.y + 2.0 * POINT_RADIUS + LABEL_SIZE < height;
                let y = if below {
                    place.y + POINT_RADIUS + LABEL_SIZE + 2.0
                } else {
                    place.y - POINT_RADIUS - 8.0
                };
                view! {
                    <text class="lth-map__label" x=format!("{x:.1}") y=format!("{y:.1}") text-anchor="middle">
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
