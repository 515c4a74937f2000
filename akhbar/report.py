"""``akhbar report``: one self-contained, right-to-left Arabic HTML page about the warehouse.

Charts are Plotly figures. plotly.js is inlined from the Python wheel (which ships it), so the page
needs no network when it is opened. ``render_html`` is a pure function of ``ReportData`` (the
queries live in ``akhbar.warehouse.report``), which keeps it testable without a warehouse.

The page is ``dir="rtl"``; each chart's box is ``dir="ltr"`` because plotly.js positions its
labels and margins wrongly inside right-to-left boxes (plotly.js issues #2790, #6837). The charts
still read right to left where it matters: bar charts put their labels on the right and grow
leftwards, and Arabic text inside them is laid out by the browser's bidi algorithm.
"""

from __future__ import annotations

import html
import math
from datetime import date
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from akhbar import report_sections as more
from akhbar.report_dates import choose_period, is_sparse, period_start
from akhbar.warehouse.report import ENTITY_TYPES, ReportData, collect

TYPE_LABELS = {"PERS": "أشخاص", "LOC": "أماكن", "ORG": "منظمات", "MISC": "أخرى"}
TYPE_COLORS = {"PERS": "#1f77b4", "LOC": "#2ca02c", "ORG": "#d62728", "MISC": "#9467bd"}
FONT = "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', Tahoma, sans-serif"
# No mode bar: it covers the right-hand labels, and a report is for reading, not editing.
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}

CSS = """
body { font-family: %(font)s; margin: 0; background: #f6f7f9; color: #1d2330; }
header { background: #1d2330; color: #fff; padding: 1.2rem 2rem; }
header h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
header p { margin: 0; opacity: .8; }
main { padding: 1rem 2rem 3rem; max-width: 1200px; margin: auto; }
section { background: #fff; border-radius: 8px; padding: 1rem 1.2rem; margin: 1rem 0; box-shadow: 0 1px 3px #0001; }
h2 { font-size: 1.2rem; margin: 0 0 .6rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; }
.card { background: #fff; border-radius: 8px; padding: .8rem 1.2rem; box-shadow: 0 1px 3px #0001; min-width: 9rem; }
.card b { display: block; font-size: 1.6rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem; }
/* auto-fill, not auto-fit: charts are drawn as the page is parsed, and auto-fit would give the
   first chart the whole row before its neighbours exist. */
.grid > div { min-width: 0; }
.chart { width: 100%%; }
.empty { color: #777; }
table { border-collapse: collapse; width: 100%%; }
th, td { text-align: start; padding: .35rem .5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
svg.place-map { width: 100%%; height: auto; display: block; }
svg.place-map + svg.place-map { margin-top: 12px; }
svg.place-map .land path:hover { stroke: #5b5348; stroke-width: 1.4; }
.note { color: #555; font-size: .9rem; }
td.uri { direction: ltr; unicode-bidi: isolate; font-family: monospace; font-size: .85rem; }
""" % {"font": FONT}


def write_report(warehouse: Path, out: Path) -> Path:
    """Query the warehouse and write the report page to ``out``."""
    data = collect(warehouse)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(data), encoding="utf-8")
    return out


def render_html(data: ReportData, plotly_js: str | None = None) -> str:
    """The whole page. ``plotly_js`` defaults to the bundle shipped in the plotly wheel."""
    e = html.escape
    period, per_period = _articles_per_period(data)
    # The window's end, when it is not simply the newest article's day (akhbar.report_dates).
    as_of = f" حتى {data.rising_as_of.isoformat()}" if data.rising_as_of else ""
    sections = [
        _cards(data),
        _section(PERIOD_TITLES[period], "chart-articles-per-day", per_period),
        _entities_section(data),
        _section(
            f"الكلمات المفتاحية الصاعدة: آخر {data.rising_days} يومًا{as_of} مقابل الفترة التي قبلها",
            "chart-rising-keywords",
            _rising_keywords(data),
        ),
        # The force-directed network overlapped its labels into a blob: the same strongest pairs
        # as a matrix of shared articles.
        _section("الكيانات التي تُذكر معًا (عدد المقالات المشتركة)", "chart-entity-network", more.cooccurrence_matrix(data), 560),
        f'<section id="places"><h2>الأماكن حسب الدولة</h2>{more.place_map(data)}</section>',
        _new_chart("الاهتمام اليومي بأبرز الكيانات (حصة من مقالات اليوم)", "chart-entity-attention", more.attention_chart(data.entity_attention)),
        _new_chart("الاهتمام اليومي بأكبر القصص", "chart-story-attention", more.attention_chart(data.story_attention)),
        f'<section id="stories"><h2>أكبر القصص وناشروها</h2>{more.stories_table(data)}</section>',
        f'<section id="sources"><h2>صحة المصادر</h2>{more.source_health_table(data)}</section>',
        _quarantined(data),
    ]
    generated = data.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>تقرير أخبار</title>
<style>{CSS}</style>
<script>{plotly_js if plotly_js is not None else get_plotlyjs()}</script>
</head>
<body>
<header><h1>تقرير مستودع أخبار</h1><p>أُنشئ في <bdi>{e(generated)}</bdi></p></header>
<main>
{chr(10).join(sections)}
</main>
</body>
</html>
"""


# --- pieces ------------------------------------------------------------------------------------


def _cards(data: ReportData) -> str:
    labels = {
        "articles": "مقالات",
        "documents": "وثائق",
        "quarantined": "وثائق معزولة",
        "entities": "كيانات",
        "keywords": "كلمات مفتاحية",
    }
    cards = "".join(f'<div class="card"><b>{data.totals.get(k, 0):,}</b>{v}</div>' for k, v in labels.items())
    run = ""
    if data.last_run:
        r = data.last_run
        run = (
            f'<p>آخر تشغيل: <bdi>{html.escape(str(r["run_id"]))}</bdi> في '
            f'<bdi>{html.escape(r["finished_at"].strftime("%Y-%m-%d %H:%M"))}</bdi>، '
            f'حُمّلت {r["documents_loaded"]} وثيقة وعُزلت {r["documents_quarantined"]}.</p>'
        )
    return f'<section id="summary"><h2>نظرة عامة</h2><div class="cards">{cards}</div>{run}</section>'


def _section(title: str, div_id: str, fig: go.Figure | None, height: int = 380) -> str:
    return f'<section><h2>{html.escape(title)}</h2>{_chart(div_id, fig, height)}</section>'


def _new_chart(title: str, div_id: str, fig: go.Figure | None) -> str:
    """A section of the copies-and-stories part, with its own empty-state wording."""
    return _section(title, div_id, fig) if fig is not None else f"<section><h2>{html.escape(title)}</h2>{more.EMPTY}</section>"


def _chart(div_id: str, fig: go.Figure | None, height: int) -> str:
    if fig is None:
        return '<p class="empty">لا توجد بيانات بعد.</p>'
    fig.update_layout(
        height=height,
        font={"family": FONT, "size": 13},
        paper_bgcolor="white",
        plot_bgcolor="white",
        # Fixed margins: plotly's automargin miscomputes on right-to-left pages (plotly.js #6837).
        margin=fig.layout.margin.to_plotly_json() or {"l": 50, "r": 30, "t": 20, "b": 50},
    )
    div = pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOT_CONFIG)
    return f'<div class="chart" dir="ltr">{div}</div>'


PERIOD_TITLES = {"day": "المقالات يوميًا", "week": "المقالات أسبوعيًا", "month": "المقالات شهريًا", "year": "المقالات سنويًا"}
_PERIOD_LABELS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _articles_per_period(data: ReportData) -> tuple[str, go.Figure | None]:
    """Articles per day, week, month or year, whichever fits the data's range (akhbar.report_dates);
    a calendar axis, or only the periods that have articles when the calendar would be mostly blank."""
    if not data.articles_per_day:
        return "day", None
    period = choose_period(d for d, _, _ in data.articles_per_day)
    counts: dict[tuple[date, str], int] = {}
    for d, outlet, n in data.articles_per_day:
        key = (period_start(d, period), outlet)
        counts[key] = counts.get(key, 0) + n
    starts = sorted({start for start, _ in counts})
    sparse = is_sparse(starts, period)
    label = (lambda d: d.strftime(_PERIOD_LABELS[period])) if sparse else (lambda d: d.isoformat())
    fig = go.Figure()
    for outlet in sorted({o for _, o in counts}):
        rows = [(start, counts[(start, outlet)]) for start in starts if (start, outlet) in counts]
        fig.add_bar(x=[label(start) for start, _ in rows], y=[n for _, n in rows], name=outlet)
    totals: dict = {}
    for (start, _), n in counts.items():
        totals[start] = totals.get(start, 0) + n
    xaxis = (
        {"type": "category", "categoryorder": "array", "categoryarray": [label(s) for s in starts], "title": None}
        if sparse
        else {"type": "date", "title": None}
    )
    fig.update_layout(barmode="stack", xaxis=xaxis,
                      yaxis={"title": "مقالات", "rangemode": "tozero", **_count_ticks(max(totals.values()))},
                      legend={"orientation": "h", "y": -0.2}, margin={"l": 50, "r": 30, "t": 10, "b": 90})
    return period, fig


def _count_ticks(largest: int) -> dict:
    """Whole-number ticks for small counts (plotly would label 0.2, 0.4, ... of an article)."""
    return {"dtick": 1, "tick0": 0} if largest <= 10 else {"tickformat": ",d"}


def _horizontal_bars(labels: list[str], values: list[int], color: str, hover: list[str] | None = None) -> go.Figure:
    """Bars growing leftwards from labels on the right: the right-to-left reading order."""
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=color,
            hovertext=hover,
            hoverinfo="text" if hover else "x+y",
        )
    )
    longest = max((len(s) for s in labels), default=0)
    fig.update_layout(
        xaxis={"autorange": "reversed", "rangemode": "tozero", **_count_ticks(max(values, default=0))},
        yaxis={"side": "right", "autorange": "reversed", "ticksuffix": " "},
        margin={"l": 20, "r": min(20 + 8 * longest, 260), "t": 10, "b": 30},
        showlegend=False,
    )
    return fig


def _entities_section(data: ReportData) -> str:
    charts = []
    for kind in ENTITY_TYPES:
        rows = data.top_entities.get(kind) or []
        fig = None
        if rows:
            fig = _horizontal_bars(
                [name for name, _, _ in rows],
                [articles for _, articles, _ in rows],
                TYPE_COLORS[kind],
                [f"{name}: {a} مقالات، {m} إشارة" for name, a, m in rows],
            )
        height = 80 + 28 * max(len(rows), 1)
        charts.append(f"<div><h3>{TYPE_LABELS[kind]}</h3>{_chart(f'chart-entities-{kind.lower()}', fig, height)}</div>")
    return f'<section><h2>أبرز الكيانات حسب النوع (عدد المقالات)</h2><div class="grid">{"".join(charts)}</div></section>'


def _rising_keywords(data: ReportData) -> go.Figure | None:
    if not data.rising_keywords:
        return None
    rows = data.rising_keywords
    fig = _horizontal_bars(
        [k for k, _, _, _ in rows],
        [change for _, _, _, change in rows],
        "#ff7f0e",
        [f"{k}: {recent} مقابل {previous}" for k, recent, previous, _ in rows],
    )
    fig.update_layout(height=80 + 28 * len(rows))
    return fig


def _network(data: ReportData) -> go.Figure | None:
    if not data.network_edges:
        return None
    ids = sorted(data.network_nodes)
    index = {entity_id: i for i, entity_id in enumerate(ids)}
    pairs = [(index[a], index[b], w) for a, b, w in data.network_edges if a in index and b in index]
    pos = spring_layout(len(ids), pairs)
    fig = go.Figure()
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for i, j, _ in pairs:
        edge_x += [pos[i, 0], pos[j, 0], None]
        edge_y += [pos[i, 1], pos[j, 1], None]
    fig.add_scatter(x=edge_x, y=edge_y, mode="lines", line={"width": 1, "color": "#b8bec9"}, hoverinfo="skip", showlegend=False)
    for kind in ENTITY_TYPES:
        members = [i for i, entity_id in enumerate(ids) if data.network_nodes[entity_id][1] == kind]
        if not members:
            continue
        names = [data.network_nodes[ids[i]][0] for i in members]
        articles = [data.network_nodes[ids[i]][2] or 0 for i in members]
        fig.add_scatter(
            x=pos[members, 0],
            y=pos[members, 1],
            mode="markers+text",
            name=TYPE_LABELS[kind],
            text=names,
            textposition="top center",
            hovertext=[f"{n}: {a} مقالات" for n, a in zip(names, articles)],
            hoverinfo="text",
            marker={"size": [10 + 4 * math.sqrt(a) for a in articles], "color": TYPE_COLORS[kind], "line": {"width": 1, "color": "white"}},
        )
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(xaxis=hidden, yaxis=hidden, legend={"orientation": "h", "y": -0.05},
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


def spring_layout(n: int, edges: list[tuple[int, int, int]], iterations: int = 200, seed: int = 7) -> np.ndarray:
    """Fruchterman-Reingold positions in [-1, 1]^2 (deterministic: a fixed seed, no randomness left).

    A few lines of numpy rather than a graph library: the network has at most a few dozen nodes.
    """
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(n, 2))
    if n < 2:
        return pos * 0
    k = 1.0 / math.sqrt(n)
    weight = np.zeros((n, n))
    for i, j, w in edges:
        weight[i, j] = weight[j, i] = 1.0 + math.log(w)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        # Every pair repels (k^2/d); linked pairs attract (d^2/k), more for more shared articles;
        # a weak pull to the centre keeps unconnected groups from drifting apart.
        repel = (k * k / dist**2)[:, :, None] * delta
        attract = (weight * dist / k)[:, :, None] * delta
        step = (repel - attract).sum(axis=1) - 0.5 * pos
        length = np.maximum(np.linalg.norm(step, axis=1, keepdims=True), 1e-9)
        pos += step / length * np.minimum(length, temperature)
        temperature = max(temperature * 0.98, 0.005)
    pos -= pos.mean(axis=0)
    return pos / max(np.abs(pos).max(), 1e-9)


def _quarantined(data: ReportData) -> str:
    title = "أحدث الوثائق المعزولة وأسبابها"
    if not data.quarantined:
        return f'<section id="quarantined"><h2>{title}</h2><p class="empty">لا توجد وثائق معزولة.</p></section>'
    rows = "".join(
        f'<tr><td><bdi>{html.escape(at.strftime("%Y-%m-%d %H:%M"))}</bdi></td>'
        f'<td class="uri">{html.escape(uri)}</td><td>{html.escape(reason or "")}</td></tr>'
        for at, uri, reason in data.quarantined
    )
    return (
        f'<section id="quarantined"><h2>{title}</h2><table><thead><tr><th>الوقت</th><th>المصدر</th><th>السبب</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
