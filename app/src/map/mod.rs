//! The partner map's geometry: our own projection, the outline data file, SVG
//! path drawing and the spreading of markers that would overlap. No tiles and
//! no third-party code: the browser is sent finished SVG.

pub mod outlines;

use crate::convert::count_f64;
use serde::{Deserialize, Serialize};

/// Width of every map's SVG view box, in user units.
pub const MAP_WIDTH: f64 = 600.0;
/// Radius of a marker's target, in user units. A map is at least 343 px wide on
/// a 375 px screen, so each target is at least 42 × 343 / 600 = 24 px across.
pub const MARKER_RADIUS: f64 = 21.0;

/// A rectangle of longitude and latitude, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl GeoBox {
    /// Whether a point lies inside the box, edges included.
    pub fn contains(&self, longitude: f64, latitude: f64) -> bool {
        (self.west..=self.east).contains(&longitude)
            && (self.south..=self.north).contains(&latitude)
    }
}

/// An equirectangular projection of a box of the earth onto a view box `width`
/// units wide, true to scale along the box's middle latitude. North is up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub area: GeoBox,
    pub width: f64,
    pub height: f64,
    units_per_degree_longitude: f64,
    units_per_degree_latitude: f64,
}

impl Projection {
    /// Fits `area` to a view box `width` units wide.
    pub fn fit(area: GeoBox, width: f64) -> Self {
        let middle = ((area.north + area.south) / 2.0).to_radians().cos();
        let per_degree = width / ((area.east - area.west) * middle);
        Projection {
            area,
            width,
            height: (area.north - area.south) * per_degree,
            units_per_degree_longitude: per_degree * middle,
            units_per_degree_latitude: per_degree,
        }
    }

    /// User units per kilometre, north to south (one degree of latitude is about 111.2 km).
    pub fn units_per_km(&self) -> f64 {
        self.units_per_degree_latitude / 111.2
    }

    /// View box coordinates of a longitude and latitude.
    pub fn project(&self, longitude: f64, latitude: f64) -> (f64, f64) {
        (
            (longitude - self.area.west) * self.units_per_degree_longitude,
            (self.area.north - latitude) * self.units_per_degree_latitude,
        )
    }
}

/// The two maps: the region around Leeds, and Europe and the Middle East.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapView {
    Region,
    World,
}

impl MapView {
    /// Both views, region first.
    pub const ALL: [MapView; 2] = [MapView::Region, MapView::World];

    /// The part of the earth the view shows.
    pub fn area(self) -> GeoBox {
        match self {
            // West Yorkshire and Harrogate: Airedale to Seacroft, Wakefield to Harrogate.
            MapView::Region => GeoBox {
                west: -2.15,
                south: 53.62,
                east: -1.25,
                north: 54.06,
            },
            // Leeds, Malta and Amman.
            MapView::World => GeoBox {
                west: -12.0,
                south: 28.0,
                east: 40.0,
                north: 60.0,
            },
        }
    }

    pub fn projection(self) -> Projection {
        Projection::fit(self.area(), MAP_WIDTH)
    }

    /// A short name, used in element ids.
    pub fn key(self) -> &'static str {
        match self {
            MapView::Region => "region",
            MapView::World => "world",
        }
    }

    /// The map's heading and SVG title.
    pub fn title(self) -> &'static str {
        match self {
            MapView::Region => "Partners in West Yorkshire and Harrogate",
            MapView::World => "Partners in Europe and the Middle East",
        }
    }

    /// The distance the view's scale bar shows, in kilometres.
    pub fn scale_bar_km(self) -> f64 {
        match self {
            MapView::Region => 10.0,
            MapView::World => 500.0,
        }
    }

    /// The first view whose area holds the point.
    pub fn for_point(longitude: f64, latitude: f64) -> Option<MapView> {
        MapView::ALL
            .into_iter()
            .find(|view| view.area().contains(longitude, latitude))
    }
}

/// The trust's hospitals in and around Leeds: Wharfedale in Otley to
/// Seacroft in the east, for the hospital pages' map.
pub const HOSPITALS_AREA: GeoBox = GeoBox {
    west: -1.74,
    south: 53.78,
    east: -1.42,
    north: 53.93,
};

/// The distance between two points (longitude, latitude) in kilometres, on
/// the flat projection of their middle latitude: close enough for the few
/// kilometres between hospitals.
pub fn distance_km(from: (f64, f64), to: (f64, f64)) -> f64 {
    let middle = ((from.1 + to.1) / 2.0).to_radians().cos();
    let east = (to.0 - from.0) * middle * 111.2;
    let north = (to.1 - from.1) * 111.2;
    east.hypot(north)
}

/// Which of the 8 compass points `to` lies in, seen from `from`.
pub fn compass_point(from: (f64, f64), to: (f64, f64)) -> &'static str {
    const POINTS: [&str; 8] = [
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    ];
    let middle = ((from.1 + to.1) / 2.0).to_radians().cos();
    let east = (to.0 - from.0) * middle;
    let north = to.1 - from.1;
    let bearing = east.atan2(north).to_degrees().rem_euclid(360.0);
    let sector = ((bearing + 22.5) / 45.0).floor().rem_euclid(8.0);
    POINTS
        .into_iter()
        .zip(0_u8..)
        .find(|&(_, i)| f64::from(i) == sector)
        .map_or("north", |(point, _)| point)
}

/// Rings of longitude and latitude as SVG path data in a projection, to one
/// decimal place. Rings wholly outside the view box are left out.
pub fn path_data(rings: &[Vec<(f64, f64)>], projection: &Projection) -> String {
    let mut d = String::new();
    for ring in rings {
        let points: Vec<(f64, f64)> = ring
            .iter()
            .map(|&(lon, lat)| projection.project(lon, lat))
            .collect();
        let outside = points.iter().all(|p| p.0 < 0.0)
            || points.iter().all(|p| p.0 > projection.width)
            || points.iter().all(|p| p.1 < 0.0)
            || points.iter().all(|p| p.1 > projection.height);
        if points.len() < 3 || outside {
            continue;
        }
        for (i, (x, y)) in points.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&format!("{x:.1} {y:.1}"));
        }
        d.push('Z');
    }
    d
}

/// Where to centre a label of `chars` characters below a marker at `x`, so the
/// whole text stays inside a view `width` wide (estimating 0.55 em a character).
pub fn label_x(x: f64, chars: usize, font_size: f64, width: f64) -> f64 {
    let half = count_f64(chars) * font_size * 0.55 / 2.0;
    x.clamp(half.min(width / 2.0), (width - half).max(width / 2.0))
}

/// Where a marker is drawn, and the true point it stands for. They differ when
/// markers had to be moved apart; a leader line then joins them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub anchor_x: f64,
    pub anchor_y: f64,
}

impl Placement {
    /// Whether the marker was moved away from its true point.
    pub fn moved(&self) -> bool {
        (self.x - self.anchor_x).abs() > 0.05 || (self.y - self.anchor_y).abs() > 0.05
    }
}

/// Places markers at `points`, moving apart those closer than `spacing`: each
/// group of crowded markers is set on a circle around the group's middle, in
/// the order given, starting at the top. Results are kept inside the view box.
pub fn spread_markers(
    points: &[(f64, f64)],
    spacing: f64,
    width: f64,
    height: f64,
) -> Vec<Placement> {
    // Group by chains of nearness (union-find over all pairs).
    let mut group: Vec<usize> = (0..points.len()).collect();
    fn root(group: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while group[r] != r {
            r = group[r];
        }
        group[i] = r;
        r
    }
    for i in 0..points.len() {
        for j in i + 1..points.len() {
            let (a, b) = (points[i], points[j]);
            if (a.0 - b.0).hypot(a.1 - b.1) < spacing {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let roots: Vec<usize> = (0..points.len()).map(|i| root(&mut group, i)).collect();
    let margin = spacing / 2.0;
    let keep_in = |v: f64, low: f64, size: f64| v.clamp(low, (size - low).max(low));
    let mut placements = Vec::with_capacity(points.len());
    for (i, &(x, y)) in points.iter().enumerate() {
        let members: Vec<usize> = (0..points.len())
            .filter(|&j| roots[j] == roots[i])
            .collect();
        let (px, py) = if members.len() == 1 {
            (x, y)
        } else {
            let n = count_f64(members.len());
            // Neighbours on the circle are `spacing` apart: chord = 2r sin(pi/n).
            let radius = spacing / (2.0 * (std::f64::consts::PI / n).sin());
            let cx = members.iter().map(|&j| points[j].0).sum::<f64>() / n;
            let cy = members.iter().map(|&j| points[j].1).sum::<f64>() / n;
            let cx = keep_in(cx, radius + margin, width);
            let cy = keep_in(cy, radius + margin, height);
            let position = count_f64(members.iter().position(|&j| j == i).unwrap_or(0));
            let angle = -std::f64::consts::FRAC_PI_2 + position * std::f64::consts::TAU / n;
            (cx + radius * angle.cos(), cy + radius * angle.sin())
        };
        placements.push(Placement {
            x: keep_in(px, margin, width),
            y: keep_in(py, margin, height),
            anchor_x: x,
            anchor_y: y,
        });
    }
    placements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compass_points_and_distances_between_hospitals() {
        let infirmary = (-1.5517, 53.8017);
        let st_jamess = (-1.5186, 53.8081);
        let wharfedale = (-1.6927, 53.9087);
        assert_eq!(compass_point(infirmary, st_jamess), "east");
        assert_eq!(compass_point(st_jamess, infirmary), "west");
        assert_eq!(compass_point(infirmary, wharfedale), "north-west");
        assert_eq!(compass_point(infirmary, (-1.5517, 53.70)), "south");
        assert_eq!(compass_point(infirmary, (-1.40, 53.70)), "south-east");
        let km = distance_km(infirmary, st_jamess);
        assert!((2.0..2.5).contains(&km), "{km}");
        let km = distance_km(infirmary, wharfedale);
        assert!((14.0..16.0).contains(&km), "{km}");
        for site in [infirmary, st_jamess, wharfedale] {
            let (lon, lat) = site;
            assert!(HOSPITALS_AREA.contains(lon, lat));
        }
    }

    const LEEDS: (f64, f64) = (-1.5491, 53.8008);
    const BRADFORD: (f64, f64) = (-1.7934, 53.8056);
    const HARROGATE: (f64, f64) = (-1.5564, 53.9934);
    const WAKEFIELD: (f64, f64) = (-1.5072, 53.6941);
    const MALTA: (f64, f64) = (14.4783, 35.9017);
    const AMMAN: (f64, f64) = (35.8650, 31.9850);

    fn inside(p: &Projection, (x, y): (f64, f64)) -> bool {
        (0.0..=p.width).contains(&x) && (0.0..=p.height).contains(&y)
    }

    #[test]
    fn corners_land_on_the_view_box_corners() {
        let p = MapView::World.projection();
        let a = p.area;
        let (x, y) = p.project(a.west, a.north);
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
        let (x, y) = p.project(a.east, a.south);
        assert!((x - MAP_WIDTH).abs() < 1e-9 && (y - p.height).abs() < 1e-9);
    }

    #[test]
    fn scale_is_true_along_the_middle_latitude() {
        // One degree of latitude and cos(middle) degrees of longitude cover the same distance.
        let p = MapView::Region.projection();
        let middle = ((p.area.north + p.area.south) / 2.0).to_radians().cos();
        let (x0, y0) = p.project(-2.0, 54.0);
        let (x1, _) = p.project(-2.0 + 1.0 / middle, 54.0);
        let (_, y1) = p.project(-2.0, 53.0);
        assert!(((x1 - x0) - (y1 - y0)).abs() < 1e-6);
    }

    #[test]
    fn region_places_are_inside_and_in_the_right_order() {
        let p = MapView::Region.projection();
        let [leeds, bradford, harrogate, wakefield] =
            [LEEDS, BRADFORD, HARROGATE, WAKEFIELD].map(|(lon, lat)| p.project(lon, lat));
        for point in [leeds, bradford, harrogate, wakefield] {
            assert!(
                inside(&p, point),
                "{point:?} outside {}x{}",
                p.width,
                p.height
            );
        }
        assert!(bradford.0 < leeds.0, "Bradford is west of Leeds");
        assert!(harrogate.1 < leeds.1, "Harrogate is north of Leeds");
        assert!(wakefield.1 > leeds.1, "Wakefield is south of Leeds");
        // Leeds to Bradford is about 16 km; the region is about 59 km across.
        let ratio = (leeds.0 - bradford.0) / p.width;
        assert!((0.25..0.30).contains(&ratio), "{ratio}");
    }

    #[test]
    fn world_places_are_inside_and_in_the_right_order() {
        let p = MapView::World.projection();
        let [leeds, malta, amman] = [LEEDS, MALTA, AMMAN].map(|(lon, lat)| p.project(lon, lat));
        for point in [leeds, malta, amman] {
            assert!(inside(&p, point), "{point:?}");
        }
        assert!(
            leeds.0 < malta.0 && malta.0 < amman.0,
            "west to east: Leeds, Malta, Amman"
        );
        assert!(
            leeds.1 < malta.1 && malta.1 < amman.1,
            "north to south: Leeds, Malta, Amman"
        );
    }

    #[test]
    fn a_point_belongs_to_the_first_view_that_holds_it() {
        assert_eq!(MapView::for_point(LEEDS.0, LEEDS.1), Some(MapView::Region));
        assert_eq!(MapView::for_point(MALTA.0, MALTA.1), Some(MapView::World));
        assert_eq!(MapView::for_point(-74.0, 40.7), None);
    }

    #[test]
    fn path_data_draws_rings_and_skips_those_outside() {
        let p = MapView::World.projection();
        let square = vec![(0.0, 50.0), (1.0, 50.0), (1.0, 51.0), (0.0, 51.0)];
        let far_away = vec![(100.0, 10.0), (101.0, 10.0), (101.0, 11.0)];
        let d = path_data(&[square, far_away], &p);
        assert_eq!(d.matches('M').count(), 1);
        assert_eq!(d.matches('L').count(), 3);
        assert!(d.ends_with('Z'));
        let (x, y) = p.project(0.0, 50.0);
        assert!(d.starts_with(&format!("M{x:.1} {y:.1}L")), "{d}");
    }

    #[test]
    fn scale_bars_fit_their_maps() {
        for view in MapView::ALL {
            let p = view.projection();
            let length = view.scale_bar_km() * p.units_per_km();
            assert!((40.0..200.0).contains(&length), "{view:?}: {length}");
        }
        // Leeds to Harrogate is about 21 km.
        let p = MapView::Region.projection();
        let (_, y0) = p.project(LEEDS.0, LEEDS.1);
        let (_, y1) = p.project(HARROGATE.0, HARROGATE.1);
        let km = (y0 - y1) / p.units_per_km();
        assert!((20.0..23.0).contains(&km), "{km}");
    }

    #[test]
    fn labels_stay_inside_the_view() {
        assert_eq!(label_x(300.0, 10, 16.0, 600.0), 300.0);
        let x = label_x(590.0, 26, 16.0, 600.0);
        assert!(x + 26.0 * 16.0 * 0.55 / 2.0 <= 600.0 + 1e-9);
        let x = label_x(5.0, 26, 16.0, 600.0);
        assert!(x - 26.0 * 16.0 * 0.55 / 2.0 >= -1e-9);
    }

    #[test]
    fn markers_far_apart_stay_where_they_are() {
        let placed = spread_markers(&[(100.0, 100.0), (300.0, 200.0)], 44.0, 600.0, 500.0);
        assert!(placed.iter().all(|p| !p.moved()));
        assert_eq!((placed[1].x, placed[1].y), (300.0, 200.0));
    }

    #[test]
    fn crowded_markers_are_spread_to_the_spacing_and_kept_in_view() {
        let points = [
            (300.0, 250.0),
            (301.0, 250.0),
            (300.0, 252.0),
            (299.0, 249.0),
            (300.0, 250.0),
        ];
        let placed = spread_markers(&points, 44.0, 600.0, 500.0);
        for (i, a) in placed.iter().enumerate() {
            assert!(a.moved());
            assert_eq!((a.anchor_x, a.anchor_y), points[i]);
            for b in &placed[i + 1..] {
                let distance = (a.x - b.x).hypot(a.y - b.y);
                assert!(distance >= 44.0 - 1e-6, "{distance}");
            }
        }
        // A crowd in a corner is pulled inside the view box.
        let corner = spread_markers(&[(1.0, 1.0), (2.0, 2.0)], 44.0, 600.0, 500.0);
        assert!(
            corner.iter().all(|p| p.x >= 22.0 && p.y >= 22.0),
            "{corner:?}"
        );
    }
}
