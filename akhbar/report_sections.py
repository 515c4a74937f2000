"""The report's sections on copies, stories, attention, places and sources (see akhbar.report).

Pure functions of ``ReportData``: a co-occurrence matrix (readable where a force-directed network
of a few dozen names is a blob of overlapping labels), a map of places drawn as inline SVG (no
map tiles or topology to fetch: an equirectangular graticule with one point per country), daily
attention with spikes marked, the largest stories with their publishers, and source health.
"""

from __future__ import annotations

import html
import math

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    # Annotations only: this module stays free of DuckDB, which the warehouse module imports.
    from akhbar.warehouse.report import ReportData

SPIKE_COLOR = "#d62728"
MATRIX_ENTITIES = 15
MAP_WIDTH, MAP_HEIGHT = 960, 480
MAP_LABELS = 12
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
    """Inline SVG: a graticule in equirectangular projection, one circle per country (area ~
    articles), the largest labelled. Right-to-left labels need no help: SVG text runs bidi."""
    if not data.places:
        return EMPTY
    e = html.escape

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon + 180) / 360 * MAP_WIDTH, (90 - lat) / 180 * MAP_HEIGHT

    lines = []
    for lon in range(-180, 181, 30):
        x, _ = xy(0, lon)
        lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{MAP_HEIGHT}"/>')
    for lat in range(-90, 91, 30):
        _, y = xy(lat, 0)
        lines.append(f'<line x1="0" y1="{y:.1f}" x2="{MAP_WIDTH}" y2="{y:.1f}"/>')
    largest = max(n for *_, n in data.places)
    circles, labels, placed = [], [], []
    for rank, (code, name, lat, lon, n) in enumerate(data.places):
        x, y = xy(lat, lon)
        r = 3 + 22 * math.sqrt(n / largest)
        circles.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" data-country="{e(code)}"><title>{e(name)}: {n} مقالات</title></circle>'
        )
        if rank >= MAP_LABELS:
            continue
        # A label goes above its point, else below; one that would overlap a label already
        # drawn is left to the point's tooltip (the Gulf is crowded at this scale). SVG text runs left to right unless told: labels are rtl.
        text = f"{name} ({n})"
        half = 4.5 * len(text)
        for ty in (y - r - 3, y + r + 13):
            box = (x - half, ty - 12, x + half, ty + 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                placed.append(box)
                labels.append(f'<text x="{x:.1f}" y="{ty:.1f}">{e(text)}</text>')
                break
    return (
        f'<svg class="place-map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" aria-label="خريطة الأماكن">'
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#eef3f8"/>'
        f'<g stroke="#c9d3df" stroke-width="0.6">{"".join(lines)}</g>'
        f'<g fill="#2ca02c" fill-opacity="0.55" stroke="#1b6e1b">{"".join(circles)}</g>'
        f'<g font-size="13" text-anchor="middle" direction="rtl" fill="#1d2330">{"".join(labels)}</g></svg>'
        '<p class="note">نقطة لكل دولة (عند عاصمتها تقريبًا)، مساحتها بعدد المقالات التي تذكر الدولة أو مدنها.</p>'
    )


def stories_table(data: ReportData) -> str:
    if not data.largest_stories:
        return EMPTY
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(headline)}</td><td><bdi>{first or ''}</bdi> – <bdi>{last or ''}</bdi></td>"
        f"<td>{articles}</td><td>{copies}</td><td>{publishers_n}</td><td>{e('، '.join(publishers or []))}</td></tr>"
        for headline, first, last, articles, copies, publishers_n, publishers in data.largest_stories
    )
    return (
        '<table id="largest-stories"><thead><tr><th>العنوان</th><th>المدة</th><th>مقالات</th><th>نسخ</th>'
        f"<th>ناشرون</th><th>الناشرون</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def source_health_table(data: ReportData) -> str:
    if not data.source_health:
        return EMPTY
    e = html.escape
    rows = "".join(
        f"<tr><td><bdi>{e(outlet)}</bdi></td><td>{days}</td><td>{articles}</td><td>{empty}</td><td>{quarantined}</td>"
        f"<td>{implausible}</td><td>{copies}</td><td>{_percent(rate)}</td><td>{_percent(non_arabic)}</td></tr>"
        for outlet, days, articles, empty, quarantined, implausible, copies, rate, non_arabic in data.source_health
    )
    return (
        '<table id="source-health"><thead><tr><th>المصدر</th><th>أيام</th><th>مقالات</th><th>شبه فارغة</th><th>معزولة</th>'
        "<th>تواريخ غير معقولة</th><th>نسخ</th><th>نسبة النسخ</th><th>غير عربية</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _percent(value) -> str:
    return "" if value is None else f"{100 * value:.1f}%"
