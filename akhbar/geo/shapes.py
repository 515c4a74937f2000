"""Country shapes (lon/lat rings) and the geometry the map needs: which country a point is in, and
a ring projected to an SVG path.

The shapes are in plain longitude and latitude, and the report's map is equirectangular (x from
longitude, y from latitude, one scale for both), so a shape and a place drawn through the same
``xy`` function line up: a dot is in a country on the page exactly when its coordinates are in the
country's rings, which ``country_at`` checks without drawing anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Ring = tuple[tuple[float, float], ...]  # (lon, lat) pairs, the closing point left out

# A ring's vertex is dropped when it lies closer than this, in pixels, to the last one kept: the
# 1:110m lines hold more detail than a world map shows, and every vertex costs bytes in the page.
MIN_STEP_PX = 0.8
# How far, in degrees, a place may lie outside its own country's shape and still be drawn on that
# country's outline: a coastal city against the coarse 1:110m coast (Jeddah sits ~0.2 degrees out
# in the Red Sea). Farther than that, the point is drawn where it is.
SNAP_DEGREES = 0.75
# Rings smaller than this on the page (islands of a pixel) are left out.
MIN_RING_PX = 1.5


@dataclass(frozen=True)
class CountryShape:
    code: str  # ISO 3166 alpha-2 as GeoNames has it ("XK" for Kosovo); "" for areas with no code
    name: str  # Natural Earth's English name
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=1)
def world_shapes() -> tuple[CountryShape, ...]:
    """Natural Earth's 1:110m countries (akhbar.geo.build_shapes says where they come from)."""
    text = resources.files("akhbar.geo").joinpath("data", "ne_110m_countries.json").read_text(encoding="utf-8")
    shapes = []
    for country in json.loads(text)["countries"]:
        rings = tuple(tuple(zip(flat[0::2], flat[1::2])) for flat in country["rings"])
        lons = [lon for ring in rings for lon, _ in ring]
        lats = [lat for ring in rings for _, lat in ring]
        shapes.append(CountryShape(country["code"], country["name"], rings, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(shapes)


def inside(rings: Sequence[Sequence[tuple[float, float]]], x: float, y: float) -> bool:
    """Even-odd rule over every ring (a hole, or a country inside another, counts as outside):
    a ray cast from (x, y) crosses the boundary an odd number of times from inside."""
    crossings = 0
    for ring in rings:
        for i in range(len(ring)):
            (x1, y1), (x2, y2) = ring[i - 1], ring[i]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def country_at(lat: float, lon: float) -> CountryShape | None:
    """The country whose shape holds the point, or None (the sea, or a country 1:110m leaves out)."""
    for shape in world_shapes():
        west, south, east, north = shape.bbox
        if west <= lon <= east and south <= lat <= north and inside(shape.rings, lon, lat):
            return shape
    return None


@lru_cache(maxsize=1)
def _by_code() -> dict[str, CountryShape]:
    return {shape.code: shape for shape in world_shapes() if shape.code}


def on_own_country(code: str, lat: float, lon: float, reach: float = SNAP_DEGREES) -> tuple[float, float]:
    """(lat, lon) of a place of country ``code`` as the map draws it: where it is when that is
    inside the country's shape (or the country has none), else the nearest point of the shape's
    outline when within ``reach`` degrees, so that a dot sits on its own country, not in the sea."""
    shape = _by_code().get(code)
    if shape is None or inside(shape.rings, lon, lat):
        return lat, lon
    best, best_d2 = None, reach * reach
    for ring in shape.rings:
        for i in range(len(ring)):
            (x1, y1), (x2, y2) = ring[i - 1], ring[i]
            dx, dy = x2 - x1, y2 - y1
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((lon - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy)))
            x, y = x1 + t * dx, y1 + t * dy
            d2 = (x - lon) ** 2 + (y - lat) ** 2
            if d2 <= best_d2:
                best, best_d2 = (y, x), d2
    return best or (lat, lon)


def svg_path(
    rings: Sequence[Ring],
    xy: Callable[[float, float], tuple[float, float]],
    box: tuple[float, float, float, float] | None = None,
) -> str:
    """The rings as one SVG path, projected by ``xy(lat, lon)`` -> (x, y) in pixels, in relative
    steps of a tenth of a pixel (shorter than absolute coordinates), thinned to what shows and,
    given a ``box`` (x0, y0, x1, y1), clipped to it: a zoomed map does not carry the whole
    outline of every country it touches."""
    parts = []
    for ring in rings:
        points = [xy(lat, lon) for lon, lat in ring]
        if box is not None:
            points = clip(points, box)
            if len(points) < 3:
                continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if max(xs) - min(xs) < MIN_RING_PX and max(ys) - min(ys) < MIN_RING_PX:
            continue
        kept = [points[0]]
        for x, y in points[1:]:
            if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= MIN_STEP_PX:
                kept.append((x, y))
        if len(kept) < 3:
            continue
        # Steps between rounded points, so that rounding never accumulates along the ring.
        tenths = [(round(x * 10), round(y * 10)) for x, y in kept]
        steps = [f"{_num(b[0] - a[0])}{_sep(b[1] - a[1])}" for a, b in zip(tenths, tenths[1:])]
        parts.append(f"M{_num(tenths[0][0])}{_sep(tenths[0][1])}l{_join(steps)}z")
    return "".join(parts)


def clip(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """A ring clipped to a rectangle (Sutherland-Hodgman). A concave ring may gain edges that run
    along the rectangle's sides; the caller's box lies outside the visible area, so they never show."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    )
    for keeps, cut in edges:
        if not points:
            break
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if keeps(current):
                if not keeps(previous):
                    out.append(cut(previous, current))
                out.append(current)
            elif keeps(previous):
                out.append(cut(previous, current))
        points = out
    return points


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def _num(tenths: int) -> str:
    """A length in tenths of a pixel, as short as SVG allows: 12.0 -> "12", 0.5 -> ".5", -0.5 -> "-.5"."""
    sign, whole, frac = "-" if tenths < 0 else "", abs(tenths) // 10, abs(tenths) % 10
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{frac}"


def _sep(tenths: int) -> str:
    """The second number of a pair: a minus sign separates it by itself, else a space."""
    text = _num(tenths)
    return text if text.startswith("-") else " " + text


def _join(steps: list[str]) -> str:
    return "".join(s if s.startswith("-") or i == 0 else " " + s for i, s in enumerate(steps))
