//! Reads the outline data file made by `scripts/make-map-data.mjs` from Natural
//! Earth's country outlines (see that script and the README).

use super::GeoBox;

/// Country outlines: rings of (longitude, latitude) in degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlines {
    /// The area the rings were clipped to.
    pub area: GeoBox,
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Why an outline file could not be read: the line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("map outline data, line {line}: {message}")]
pub struct OutlineError {
    pub line: usize,
    pub message: String,
}

/// Parses the outline format: `box W S E N`, `scale N`, then `ring` lines of
/// integers, the first pair absolute and the rest differences, in 1/scale degree.
pub fn parse(text: &str) -> Result<Outlines, OutlineError> {
    let mut area = None;
    let mut scale = None;
    let mut rings = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fail = |message: String| OutlineError { line, message };
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let (keyword, rest) = raw.split_once(' ').unwrap_or((raw, ""));
        match keyword {
            "box" => {
                let v = numbers::<f64>(rest).map_err(fail)?;
                let [west, south, east, north] = v[..] else {
                    return Err(fail(format!("box needs 4 numbers, found {}", v.len())));
                };
                area = Some(GeoBox {
                    west,
                    south,
                    east,
                    north,
                });
            }
            "scale" => {
                let value: f64 = rest
                    .trim()
                    .parse()
                    .map_err(|_| fail(format!("bad scale '{rest}'")))?;
                if value <= 0.0 {
                    return Err(fail("scale must be positive".into()));
                }
                scale = Some(value);
            }
            "ring" => {
                let scale = scale.ok_or_else(|| fail("ring before scale".into()))?;
                let v = numbers::<i32>(rest).map_err(fail)?;
                if v.len() < 6 || v.len() % 2 != 0 {
                    return Err(fail(format!(
                        "a ring needs 3 or more x y pairs, found {} numbers",
                        v.len()
                    )));
                }
                let (mut x, mut y) = (0_i32, 0_i32);
                let ring = v
                    .chunks_exact(2)
                    .map(|pair| {
                        x += pair[0];
                        y += pair[1];
                        (f64::from(x) / scale, f64::from(y) / scale)
                    })
                    .collect();
                rings.push(ring);
            }
            other => return Err(fail(format!("unknown keyword '{other}'"))),
        }
    }
    let area = area.ok_or(OutlineError {
        line: 0,
        message: "no box line".into(),
    })?;
    Ok(Outlines { area, rings })
}

fn numbers<T: std::str::FromStr>(text: &str) -> Result<Vec<T>, String> {
    text.split_whitespace()
        .map(|word| {
            word.parse()
                .map_err(|_| format!("'{word}' is not a number"))
        })
        .collect()
}

/// The outlines built into the server, read once.
#[cfg(feature = "ssr")]
#[expect(
    clippy::expect_used,
    reason = "the file is built in and its tests parse it: it cannot fail at run time"
)]
pub fn embedded() -> &'static Outlines {
    static OUTLINES: std::sync::OnceLock<Outlines> = std::sync::OnceLock::new();
    OUTLINES.get_or_init(|| {
        parse(include_str!("outlines.txt")).expect("outlines.txt is checked by its tests")
    })
}

/// Each view's land as SVG path data, drawn once from the built-in outlines.
#[cfg(feature = "ssr")]
pub fn view_paths() -> &'static [(super::MapView, String)] {
    static PATHS: std::sync::OnceLock<Vec<(super::MapView, String)>> = std::sync::OnceLock::new();
    PATHS.get_or_init(|| {
        super::MapView::ALL
            .into_iter()
            .map(|view| {
                (
                    view,
                    super::path_data(&embedded().rings, &view.projection()),
                )
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_differences_into_degrees() {
        let o =
            parse("# comment\nbox -14 26 46 62\nscale 20\nring -40 985 -1 -2 -4 1 1 1\n").unwrap();
        assert_eq!(o.area.west, -14.0);
        assert_eq!(o.rings.len(), 1);
        assert_eq!(
            o.rings[0],
            vec![(-2.0, 49.25), (-2.05, 49.15), (-2.25, 49.2), (-2.2, 49.25)]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("box 0 0 1 1\nscale 20\nring 1 2 x 4 5 6\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("'x'"));
        assert_eq!(parse("box 0 0 1\n").unwrap_err().line, 1);
        assert_eq!(
            parse("box 0 0 1 1\nring 1 2 3 4 5 6\n").unwrap_err().line,
            2
        );
        assert_eq!(
            parse("box 0 0 1 1\nscale 20\nring 1 2 3\n")
                .unwrap_err()
                .line,
            3
        );
        assert_eq!(parse("scale 20\n").unwrap_err().line, 0);
    }

    #[test]
    fn the_data_file_decodes_and_covers_both_maps() {
        let o = parse(include_str!("outlines.txt")).unwrap();
        assert!(o.rings.len() > 50, "{}", o.rings.len());
        for ring in &o.rings {
            for &(lon, lat) in ring {
                assert!(
                    o.area.contains(lon, lat),
                    "({lon}, {lat}) outside the clip box"
                );
            }
        }
        // Great Britain's coast passes near Flamborough Head (0.1 W, 54.1 N).
        let near_flamborough = o
            .rings
            .iter()
            .flatten()
            .any(|&(lon, lat)| (lon + 0.1).abs() < 0.2 && (lat - 54.1).abs() < 0.2);
        assert!(near_flamborough);
        for view in super::super::MapView::ALL {
            let a = view.area();
            assert!(
                o.area.west <= a.west
                    && a.east <= o.area.east
                    && o.area.south <= a.south
                    && a.north <= o.area.north
            );
        }
    }
}
