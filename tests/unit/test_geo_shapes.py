"""Country shapes under the report's map: the data shipped, point in country, projection, clipping,
and the shapefile readers that made the data."""

from __future__ import annotations

import re
import struct

import pytest

from akhbar import report_sections as sections
from akhbar.geo import build_shapes
from akhbar.geo.shapes import clip, country_at, inside, on_own_country, svg_path, world_shapes
from akhbar.places import countries
from tests.unit.test_report_sections import _data

RIYADH = (24.69, 46.72)
ARAB_STATES_1_110M_LEAVES_OUT = {"BH", "KM"}  # Bahrain and the Comoros: too small for 1:110m


def _shape(code: str):
    return next(s for s in world_shapes() if s.code == code)


def _path_rings(d: str) -> list[list[tuple[float, float]]]:
    """An SVG path of ``svg_path`` (M x y, then relative steps, z) back to absolute points."""
    rings = []
    for start, steps in re.findall(r"M([^l]+)l([^z]*)z", d):
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", f"{start} {steps}")]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_the_world_and_the_arab_states_have_shapes():
    codes = {s.code for s in world_shapes()}
    assert len(world_shapes()) == 177
    arab_league = {"SA", "AE", "KW", "QA", "BH", "OM", "YE", "IQ", "SY", "LB", "JO", "PS", "EG", "SD", "LY", "TN",
                   "DZ", "MA", "MR", "SO", "DJ", "KM"}
    assert arab_league - codes == ARAB_STATES_1_110M_LEAVES_OUT
    assert {"US", "RU", "CN", "BR", "AU", "XK"} <= codes


def test_riyadh_is_in_saudi_arabia_and_jeddah_too():
    assert country_at(*RIYADH).code == "SA"
    assert country_at(21.54, 39.17).code == "SA"  # Jeddah, on the coast
    assert country_at(30.04, 31.24).code == "EG"  # Cairo
    assert country_at(20.0, 38.0) is None  # the Red Sea


def test_a_country_inside_another_is_a_hole_in_it():
    maseru = (-29.32, 27.48)
    assert country_at(*maseru).code == "LS"
    assert not inside(_shape("ZA").rings, maseru[1], maseru[0])


def test_every_country_point_of_the_map_lies_in_its_own_shape():
    """The map draws a country's circle at its point in countries.tsv: on its own land."""
    codes = {s.code for s in world_shapes()}
    misplaced = {
        c.code: (c.lat, c.lon)
        for c in countries().values()
        if c.code in codes and (country_at(c.lat, c.lon) is None or country_at(c.lat, c.lon).code != c.code)
    }
    assert misplaced == {}


def test_a_dot_and_the_shapes_share_one_projection():
    """Riyadh through the map's projection falls inside Saudi Arabia's path as drawn in the page."""
    view = sections._MapView.fitted([RIYADH, (38.9, -77.0)])
    path = svg_path(_shape("SA").rings, view.xy)
    x, y = view.xy(*RIYADH)
    assert inside(_path_rings(path), x, y)
    assert not inside(_path_rings(svg_path(_shape("EG").rings, view.xy)), x, y)


def test_a_coastal_city_just_off_the_coarse_coast_is_drawn_on_its_own_country():
    off_jeddah = (21.54, 38.9)  # 0.27 degrees out in the Red Sea
    assert country_at(*off_jeddah) is None
    lat, lon = on_own_country("SA", *off_jeddah)
    assert abs(lat - 21.54) < 0.3 and 38.9 < lon < 39.2
    # On Saudi Arabia's outline: land a step away from the drawn point.
    assert any(inside(_shape("SA").rings, lon + dx, lat + dy) for dx, dy in ((0.02, 0), (0, 0.02), (0, -0.02)))
    # Far from its country, or a country with no shape: drawn where it is.
    assert on_own_country("SA", 10.0, 10.0) == (10.0, 10.0)
    assert on_own_country("BH", 26.2, 50.6) == (26.2, 50.6)


def test_clip_keeps_the_part_of_a_ring_inside_the_box():
    square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)]
    assert sorted(clip(square, (0, 0, 20, 20))) == [(0, 0), (0, 10.0), (10.0, 0), (10.0, 10.0)]
    assert clip(square, (50, 50, 60, 60)) == []


def test_path_numbers_are_short_and_exact_to_a_tenth_of_a_pixel():
    d = svg_path([((0.0, 0.0), (1.0, 0.0), (1.0, -1.0), (0.0, -1.0))], lambda lat, lon: (10 * lon + 0.04, -10.5 * lat))
    assert d == "M0 0l10 0 0 10.5-10 0z"
    assert svg_path([((0.0, 0.0), (0.01, 0.0), (0.01, 0.01))], lambda lat, lon: (lon, lat)) == ""  # an island of no pixels


def test_the_place_map_draws_land_under_the_points():
    svg = sections.place_map(_data(places=[("SA", "السعودية", 24.7, 46.7, 10), ("AE", "الإمارات", 24.4, 54.4, 4)]))
    land = re.search(r'<g class="land"[^>]*>(.*?)</g>', svg).group(1)
    shapes = re.findall(r'<path d="[^"]+" data-shape="(\w*)"', land)
    assert {"SA", "EG", "IR"} <= set(shapes) and "US" not in shapes  # the Gulf's view does not reach America
    sa = re.search(r'<path d="[^"]+" data-shape="SA"([^>]*)><title>([^<]*)</title>', land)
    assert 'fill="#' in sa.group(1) and sa.group(2) == "السعودية: 10 مقالات"
    assert re.search(r'data-shape="IR"><title>إيران', land), "a country no article names: land colour, Arabic name"
    assert svg.index('class="land"') < svg.index("<circle "), "the points are drawn over the land"


def _shapefile(rings: list[list[tuple[float, float]]]) -> bytes:
    """One polygon record of an ESRI shapefile, as the format specifies it."""
    points = [p for ring in rings for p in ring]
    starts, at = [], 0
    for ring in rings:
        starts.append(at)
        at += len(ring)
    body = struct.pack("<i4dii", 5, 0, 0, 0, 0, len(rings), len(points))
    body += struct.pack(f"<{len(starts)}i", *starts) + struct.pack(f"<{2 * len(points)}d", *[v for p in points for v in p])
    header = struct.pack(">i", 9994) + b"\0" * 28 + struct.pack("<i", 5) + b"\0" * 64
    return header + struct.pack(">ii", 1, len(body) // 2) + body


def _dbf(rows: list[dict[str, str]], width: int = 12) -> bytes:
    names = list(rows[0])
    header = struct.pack("<4xIHH20x", len(rows), 32 + 32 * len(names) + 1, 1 + width * len(names))
    fields = b"".join(n.encode().ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([width]) + b"\0" * 15 for n in names)
    records = b"".join(b" " + b"".join(r[n].encode("latin-1").ljust(width) for n in names) for r in rows)
    return header + fields + b"\r" + records


def test_the_shapefile_readers_read_what_the_format_says():
    rings = [[(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)], [(5.5, 5.5), (5.5, 6.0), (6.0, 6.0), (5.5, 5.5)]]
    assert build_shapes.read_polygons(_shapefile(rings)) == [rings]
    rows = [{"name": "Côte d'Iv.", "iso_a3": "CIV"}]
    assert build_shapes.read_dbf(_dbf(rows), "ISO-8859-1") == rows
    assert build_shapes.alpha2("CIV", "Côte d'Ivoire") == "CI" and build_shapes.alpha2("-99", "Kosovo") == "XK"
    with pytest.raises(ValueError, match="NO_ISO_CODE"):
        build_shapes.alpha2("-99", "Atlantis")


def test_the_zoom_tints_a_named_country_whose_point_it_does_not_show():
    places = [("SA", "السعودية", 24.7, 46.7, 10), ("AE", "الإمارات", 24.4, 54.4, 4), ("YE", "اليمن", 15.4, 44.2, 3),
              ("EG", "مصر", 30.0, 31.2, 3), ("US", "الولايات المتحدة", 38.9, -77.0, 2), ("TR", "تركيا", 39.9, 32.9, 2)]
    cities = [("جدة", "SA", 21.54, 39.17, 6), ("الرياض", "SA", 24.69, 46.72, 5)]
    world, zoom = sections.place_map(_data(places=places, cities=cities)).split("</svg>")[:2]
    assert 'data-country="TR"' not in zoom, "Ankara lies north of the Gulf's zoom"
    assert re.search(r'data-shape="TR" fill="#[0-9a-f]{6}"><title>تركيا: 2 مقالات', zoom)
    assert re.search(r'data-shape="TR" fill="#[0-9a-f]{6}"', world)
