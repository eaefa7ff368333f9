// Makes app/src/map/outlines.txt, the partner map's country outlines, from
// Natural Earth's 1:50m countries (public domain) as packaged in npm
// `world-atlas` 2.0.2 (countries-50m.json, TopoJSON).
//
// It decodes the TopoJSON arcs into rings of longitude/latitude, clips each ring
// to the area the maps can show (Europe and the Middle East), simplifies them
// (Douglas-Peucker, 0.06 degrees), leaves out islands under half a degree across and stores them quantised to 1/20 degree:
// one ring a line, the first point absolute, then differences.
//
// Run: npm run map-data  (the output is committed; run again only to change it)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'node_modules/world-atlas/countries-50m.json';
const OUTPUT = 'app/src/map/outlines.txt';
const BOX = { west: -14, south: 26, east: 46, north: 62 };
const SCALE = 20; // stored units per degree
const TOLERANCE = 0.06; // degrees
const MIN_EXTENT = 0.5; // degrees: smaller islands are left out

const topo = JSON.parse(fs.readFileSync(path.join(root, SOURCE), 'utf8'));
const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/world-atlas/package.json'), 'utf8')).version;
const [sx, sy] = topo.transform.scale;
const [tx, ty] = topo.transform.translate;

const arcs = topo.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});

function ring(indices) {
  const points = [];
  for (const index of indices) {
    const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
    arc.forEach((p, k) => {
      if (k > 0 || points.length === 0) points.push(p);
    });
  }
  return points;
}

// Sutherland-Hodgman clipping of a closed ring against one edge of the box.
function clipEdge(points, inside, intersect) {
  const out = [];
  for (let i = 0; i < points.length; i++) {
    const current = points[i];
    const previous = points[(i + points.length - 1) % points.length];
    if (inside(current)) {
      if (!inside(previous)) out.push(intersect(previous, current));
      out.push(current);
    } else if (inside(previous)) {
      out.push(intersect(previous, current));
    }
  }
  return out;
}

const atX = (x) => (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY = (y) => (a, b) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

function clip(points) {
  points = clipEdge(points, (p) => p[0] >= BOX.west, atX(BOX.west));
  points = clipEdge(points, (p) => p[0] <= BOX.east, atX(BOX.east));
  points = clipEdge(points, (p) => p[1] >= BOX.south, atY(BOX.south));
  points = clipEdge(points, (p) => p[1] <= BOX.north, atY(BOX.north));
  return points;
}

function simplify(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Array(points.length).fill(false);
  keep[0] = keep[points.length - 1] = true;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    const [ax, ay] = points[first];
    const [bx, by] = points[last];
    const length = Math.hypot(bx - ax, by - ay);
    let worst = -1;
    let worstDistance = 0;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i];
      const d = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
      if (d > worstDistance) {
        worstDistance = d;
        worst = i;
      }
    }
    if (worstDistance > tolerance) {
      keep[worst] = true;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const lines = [];
let pointCount = 0;
for (const geometry of topo.objects.countries.geometries) {
  const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : geometry.type === 'MultiPolygon' ? geometry.arcs : [];
  for (const polygon of polygons) {
    for (const indices of polygon) {
      const clipped = clip(ring(indices));
      const lons = clipped.map((p) => p[0]);
      const lats = clipped.map((p) => p[1]);
      const extent = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats));
      if (!(extent >= MIN_EXTENT)) continue;
      const quantised = [];
      for (const [lon, lat] of simplify(clipped, TOLERANCE)) {
        const q = [Math.round(lon * SCALE), Math.round(lat * SCALE)];
        const last = quantised[quantised.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) quantised.push(q);
      }
      if (quantised.length < 4) continue;
      const parts = [`${quantised[0][0]} ${quantised[0][1]}`];
      for (let i = 1; i < quantised.length; i++) {
        parts.push(`${quantised[i][0] - quantised[i - 1][0]} ${quantised[i][1] - quantised[i - 1][1]}`);
      }
      lines.push(`ring ${parts.join(' ')}`);
      pointCount += quantised.length;
    }
  }
}

const header = [
  '# Country outlines for the partner map. Made by scripts/make-map-data.mjs; do not edit.',
  `# Source: Natural Earth 1:50m countries (public domain), npm world-atlas ${version}, countries-50m.json.`,
  '# Format: "box west south east north" in degrees, "scale N" stored units per degree, then one',
  '# "ring" a line: longitude latitude of the first point, then differences, all in stored units.',
  `box ${BOX.west} ${BOX.south} ${BOX.east} ${BOX.north}`,
  `scale ${SCALE}`,
];
fs.mkdirSync(path.dirname(path.join(root, OUTPUT)), { recursive: true });
fs.writeFileSync(path.join(root, OUTPUT), [...header, ...lines].join('\n') + '\n');
console.log(`${OUTPUT}: ${lines.length} rings, ${pointCount} points, ${fs.statSync(path.join(root, OUTPUT)).size} bytes`);
