"""The report's sections on copies, stories, attention, places and sources (see akhbar.report).

Pure functions of ``ReportData``: a co-occurrence matrix (readable where a force-directed network
of a few dozen names is a blob of overlapping labels), a map of places drawn as inline SVG (no
map tiles or topology to fetch: Natural Earth's country shapes shipped with akhbar (akhbar.geo),
equirectangular, fitted to the places, one circle per country and one dot per GeoNames city),
daily attention with spikes marked, the largest stories with their publishers, and source health.
"""

from __future__ import annotations

import html
import math
from dataclasses import replace

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from akhbar.geo.shapes import on_own_country, svg_path, world_shapes
from akhbar.places import country_name

if TYPE_CHECKING:
    # Annotations only: this module stays free of DuckDB, which the warehouse module imports.
    from akhbar.warehouse.report import ReportData

SPIKE_COLOR = "#d62728"
MATRIX_ENTITIES = 15
MAP_WIDTH, MAP_HEIGHT = 960, 480
MAP_LABELS = 12
# Degrees of margin around the places drawn, and the narrowest span of longitude shown.
MAP_PAD_DEGREES = 6.0
MAP_MIN_SPAN = 40.0
# Longitudes shown by the zoom on the most mentioned country's region (the Gulf, the Levant and
# Egypt for Saudi news), drawn when the places span more than that.
MAP_ZOOM_SPAN = 50.0
# ...and when that region holds this many places at least (else the world map reads well enough).
MAP_ZOOM_MIN_PLACES = 6
# Pixels of shape kept around a map's edges when a country is clipped to the view.
MAP_CLIP_MARGIN = 8
# Land colours: the sea, land no article names, and the two ends of the tint of countries that
# articles name (stronger for more articles; the circles carry the exact count).
SEA, LAND, BORDER = "#dce9f5", "#f3f1ec", "#b4ada0"
COVERED_LOW, COVERED_HIGH = (0xF6, 0xE7, 0xC1), (0xE3, 0xA8, 0x4A)
EMPTY = '<p class="empty">لا شيء لعرضه بعد.</p>'


def cooccurrence_matrix(data: ReportData) -> go.Figure | None:
    """Heatmap of shared articles among the entities of the strongest pairs."""
    if not data.network_edges:
        return None
    strength: dict[str, int] = {}
    for a, b, w in data.network_edges:
        strength[a] = strength.get(a, 0) + w
        strength[b] = strength.get(b, 0) + w
    ids = [i for i in sorted(strength, key=lambda i: (-strength[i], i)) if i in data.network_nodes][:MATRIX_ENTITIES]
    index = {entity_id: k for k, entity_id in enumerate(ids)}
    z = [[0] * len(ids) for _ in ids]
    for a, b, w in data.network_edges:
        if a in index and b in index:
            z[index[a]][index[b]] = z[index[b]][index[a]] = w
    names = [data.network_nodes[i][0] for i in ids]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=names,
            y=names,
            colorscale="Blues",
            text=[[str(v) if v else "" for v in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y} + %{x}: %{z} مقالات<extra></extra>",
            showscale=False,
        )
    )
    longest = max((len(n) for n in names), default=0)
    fig.update_layout(
        xaxis={"tickangle": -45, "autorange": "reversed"},
        yaxis={"side": "right", "autorange": "reversed"},
        margin={"l": 20, "r": min(20 + 8 * longest, 220), "t": 10, "b": min(40 + 7 * longest, 200)},
    )
    return fig


def attention_chart(series: dict[str, list[tuple]]) -> go.Figure | None:
    """Daily share of all articles per subject, spikes marked with a red ring."""
    if not series:
        return None
    fig = go.Figure()
    spikes_x, spikes_y, spikes_text = [], [], []
    for name, rows in series.items():
        label = name if len(name) <= 40 else name[:39] + "\u2026"
        fig.add_scatter(
            x=[d.isoformat() for d, _, _, _ in rows],
            y=[share for _, _, share, _ in rows],
            mode="lines+markers",
            name=label,
            hovertext=[f"{name}: {n} مقالات" for _, n, _, _ in rows],
            hoverinfo="text+x",
        )
        for d, n, share, spike in rows:
            if spike:
                spikes_x.append(d.isoformat())
                spikes_y.append(share)
                spikes_text.append(f"قفزة: {name} ({n} مقالات)")
    fig.add_scatter(
        x=spikes_x, y=spikes_y, mode="markers", name="قفزة",
        marker={"size": 16, "color": "rgba(0,0,0,0)", "line": {"width": 2, "color": SPIKE_COLOR}},
        hovertext=spikes_text, hoverinfo="text",
    )
    fig.update_layout(
        xaxis={"type": "date"}, yaxis={"title": "حصة من مقالات اليوم", "tickformat": ".0%", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25}, margin={"l": 60, "r": 30, "t": 10, "b": 110},
    )
    return fig


def place_map(data: ReportData) -> str:
    """Inline SVG in equirectangular projection, fitted to the places drawn: a graticule, one
    circle per country (area ~ articles) and one dot per city linked to GeoNames, the largest
    labelled. When the places span the world, a second map zooms on the most mentioned country's
    region (on a world map the Gulf is a smudge). Under the points, every country's shape
    (akhbar.geo: Natural Earth 1:110m, in the page itself), tinted when articles name it."""
    if not data.places and not data.cities:
        return EMPTY
    points = [(lat, lon) for *_, lat, lon, _ in data.places] + [(lat, lon) for *_, lat, lon, _ in data.cities]
    world = _MapView.fitted(points)
    # Countries are tinted by their articles on every map, the zoom too (whose data keeps only the
    # points it shows).
    coverage = {code: n for code, _, _, _, n in data.places}
    maps = [_map_svg(world, data, coverage, label_cities=False)]
    if world.span > MAP_ZOOM_SPAN and data.places:
        _, _, lat, lon, _ = data.places[0]
        zoom = _MapView.around(lat, lon, MAP_ZOOM_SPAN)
        inside = replace(
            data,
            places=[p for p in data.places if zoom.shows(*zoom.xy(p[2], p[3]))],
            cities=[c for c in data.cities if zoom.shows(*zoom.xy(c[2], c[3]))],
        )
        if len(inside.places) + len(inside.cities) >= MAP_ZOOM_MIN_PLACES:
            maps.append(_map_svg(zoom, inside, coverage, label_cities=True))
    return "".join(maps) + (
        '<p class="note">الدول الملوّنة تذكرها المقالات، ولونها أغمق كلما كثرت؛ دائرة خضراء لكل دولة (عند عاصمتها تقريبًا)، مساحتها بعدد المقالات التي تذكر الدولة أو أماكن فيها؛ '
        "ونقطة زرقاء لكل مدينة معروفة الموقع في GeoNames. خطوط الطول والعرض كل "
        f"{world.step}°" + ("؛ والخريطة الثانية تكبير لمنطقة الدولة الأكثر ذكرًا." if len(maps) > 1 else ".")
        + " حدود الدول من Natural Earth بمقياس 1:110 مليون (لا تظهر فيه الدول الصغيرة جدًا كالبحرين).</p>"
    )


def _map_svg(view: _MapView, data: ReportData, coverage: dict[str, int], label_cities: bool) -> str:
    e = html.escape
    circles, labels, placed = [], [], []
    largest = max((n for *_, n in data.places), default=1)
    for rank, (code, name, lat, lon, n) in enumerate(data.places):
        x, y = view.xy(*on_own_country(code, lat, lon))
        r = 3 + 22 * math.sqrt(n / largest)
        circles.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" data-country="{e(code)}"><title>{e(name)}: {n} مقالات</title></circle>'
        )
        if rank < MAP_LABELS:
            _label(x, y, r, f"{name} ({n})", placed, labels)
    largest_city = max((n for *_, n in data.cities), default=1)
    dots = []
    for rank, (name, code, lat, lon, n) in enumerate(data.cities):
        x, y = view.xy(*on_own_country(code, lat, lon))
        r = 2 + 6 * math.sqrt(n / largest_city)
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" data-city="{e(name)}" data-country="{e(code)}">'
            f"<title>{e(name)}: {n} مقالات</title></circle>"
        )
        if label_cities and rank < MAP_LABELS:
            _label(x, y, r, name, placed, labels)
    return (
        f'<svg class="place-map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" aria-label="خريطة الأماكن">'
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="{SEA}"/>'
        f'<g stroke="#c3d3e4" stroke-width="0.6">{"".join(view.graticule())}</g>'
        f'<g class="land" fill="{LAND}" stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">{_land(view, coverage)}</g>'
        f'<g fill="#2ca02c" fill-opacity="0.45" stroke="#1b6e1b">{"".join(circles)}</g>'
        f'<g fill="#1f4e99" fill-opacity="0.8" stroke="#ffffff" stroke-width="0.8">{"".join(dots)}</g>'
        # A white halo under each label keeps it legible over the circles it crosses.
        f'<g font-size="13" text-anchor="middle" direction="rtl" fill="#1d2330" stroke="#ffffff" stroke-width="3" '
        f'paint-order="stroke" stroke-linejoin="round">{"".join(labels)}</g></svg>'
    )


def _land(view: _MapView, counts: dict[str, int]) -> str:
    """One path per country in view, clipped to it, tinted by its articles (country code -> count);
    a tooltip with its Arabic name (and its articles, when named)."""
    e = html.escape
    largest = max(counts.values(), default=1)
    box = (-MAP_CLIP_MARGIN, -MAP_CLIP_MARGIN, MAP_WIDTH + MAP_CLIP_MARGIN, MAP_HEIGHT + MAP_CLIP_MARGIN)
    paths = []
    for shape in world_shapes():
        if not view.overlaps(shape.bbox):
            continue
        d = svg_path(shape.rings, view.xy, box)
        if not d:
            continue
        # Natural Earth's English name where no Arabic one is known (Kosovo, N. Cyprus, Somaliland).
        name = country_name(shape.code) if shape.code else ""
        name = shape.name if name in ("", shape.code) else name
        n = counts.get(shape.code) if shape.code else None
        fill, title = "", name
        if n:
            fill, title = f' fill="{_tint(math.sqrt(n / largest))}"', f"{name}: {n} مقالات"
        paths.append(f'<path d="{d}" data-shape="{e(shape.code)}"{fill}><title>{e(title)}</title></path>')
    return "".join(paths)


def _tint(weight: float) -> str:
    low, high = COVERED_LOW, COVERED_HIGH
    return "#" + "".join(f"{round(a + (b - a) * weight):02x}" for a, b in zip(low, high))


def _label(x: float, y: float, r: float, text: str, placed: list, labels: list) -> None:
    """A label above its point, else below; one that would overlap a label already drawn is left
    to the point's tooltip. SVG text runs left to right unless told: the group says rtl."""
    e = html.escape
    half = 4.5 * len(text)
    for ty in (y - r - 3, y + r + 13):
        # Arabic letters reach well below the baseline: the box keeps lines of labels apart.
        box = (x - half, ty - 13, x + half, ty + 6)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            placed.append(box)
            labels.append(f'<text x="{x:.1f}" y="{ty:.1f}">{e(text)}</text>')
            return


class _MapView:
    """The box of longitudes and latitudes drawn, kept at the SVG's 2:1 aspect so degrees stay square."""

    def __init__(self, west: float, north: float, span: float):
        self.west, self.north, self.span = west, north, span
        self.step = 30 if span > 150 else 10 if span > 40 else 5

    @classmethod
    def fitted(cls, points: list[tuple[float, float]], pad: float = MAP_PAD_DEGREES) -> _MapView:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        lon_span = max(max(lons) - min(lons) + 2 * pad, 2 * (max(lats) - min(lats) + 2 * pad), MAP_MIN_SPAN)
        lon_span = min(lon_span, 360.0)
        centre_lon, centre_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        west = min(max(centre_lon - lon_span / 2, -180.0), 180.0 - lon_span)
        north = max(min(centre_lat + lon_span / 4, 90.0), -90.0 + lon_span / 2)
        return cls(west, north, lon_span)

    @classmethod
    def around(cls, lat: float, lon: float, span: float) -> _MapView:
        return cls.fitted([(lat - span / 4, lon - span / 2), (lat + span / 4, lon + span / 2)], pad=0.0)

    def overlaps(self, bbox: tuple[float, float, float, float]) -> bool:
        """Whether a (west, south, east, north) box of degrees reaches into the view."""
        west, south, east, north = bbox
        return west <= self.west + self.span and east >= self.west and south <= self.north and north >= self.north - self.span / 2

    def shows(self, x: float, y: float) -> bool:
        return 0 <= x <= MAP_WIDTH and 0 <= y <= MAP_HEIGHT

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        scale = MAP_WIDTH / self.span
        return (lon - self.west) * scale, (self.north - lat) * scale

    def graticule(self) -> list[str]:
        lines = []
        south, east = self.north - self.span / 2, self.west + self.span
        for lon in range(-180, 181, self.step):
            if self.west <= lon <= east:
                x, _ = self.xy(0, lon)
                lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{MAP_HEIGHT}"/>')
        for lat in range(-90, 91, self.step):
            if south <= lat <= self.north:
                _, y = self.xy(lat, 0)
                lines.append(f'<line x1="0" y1="{y:.1f}" x2="{MAP_WIDTH}" y2="{y:.1f}"/>')
        return lines


def stories_table(data: ReportData) -> str:
    e = html.escape
    return _table(
        "largest-stories",
        ("العنوان", "المدة", "مقالات", "نسخ", "ناشرون", "الناشرون"),
        [
            (e(headline), f"<bdi>{first or ''}</bdi> – <bdi>{last or ''}</bdi>", articles, copies, publishers_n,
             e("، ".join(publishers or [])))
            for headline, first, last, articles, copies, publishers_n, publishers in data.largest_stories
        ],
    )


def source_health_table(data: ReportData) -> str:
    e = html.escape
    return _table(
        "source-health",
        ("المصدر", "أيام", "مقالات", "شبه فارغة", "معزولة", "تواريخ غير معقولة", "نسخ", "نسبة النسخ", "غير عربية"),
        [
            (f"<bdi>{e(outlet)}</bdi>", days, articles, empty, quarantined, implausible, copies, _percent(rate), _percent(non_arabic))
            for outlet, days, articles, empty, quarantined, implausible, copies, rate, non_arabic in data.source_health
        ],
    )


def _table(table_id: str, headers: tuple[str, ...], rows: list[tuple]) -> str:
    """An HTML table of cells already escaped (or numbers); EMPTY when there are no rows."""
    if not rows:
        return EMPTY
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _percent(value) -> str:
    return "" if value is None else f"{100 * value:.1f}%"
