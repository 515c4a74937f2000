"""Rendering the report is a pure function of its data: checked without a warehouse or browser."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import numpy as np

from akhbar.report import render_html, spring_layout
from akhbar.warehouse.report import ReportData

EVIL = "</script><script>alert(1)</script>"


def _data(**overrides) -> ReportData:
    values = dict(
        generated_at=datetime(2024, 3, 2, 12, 0, tzinfo=timezone.utc),
        totals={"articles": 3, "documents": 4, "quarantined": 1, "entities": 3, "keywords": 2},
        last_run={"run_id": "r1", "finished_at": datetime(2024, 3, 2, tzinfo=timezone.utc), "documents_loaded": 3, "documents_quarantined": 1},
        articles_per_day=[(date(2024, 3, 1), "RT", 2), (date(2024, 3, 2), "كونا", 1)],
        top_entities={"PERS": [("دميتري بيسكوف", 2, 5)], "LOC": [(EVIL, 1, 1)], "ORG": [], "MISC": []},
        rising_days=30,
        rising_keywords=[("قره باغ", 2, 0, 2)],
        network_nodes={"a": ("دميتري بيسكوف", "PERS", 2), "b": ("قره باغ", "LOC", 1)},
        network_edges=[("a", "b", 1)],
        quarantined=[(datetime(2024, 3, 2, tzinfo=timezone.utc), "inbox/<bad>.txt", "empty document")],
    )
    values.update(overrides)
    return ReportData(**values)


def test_page_is_rtl_arabic_with_one_div_per_chart():
    page = render_html(_data(), plotly_js="")
    assert '<html lang="ar" dir="rtl">' in page
    ids = re.findall(r'id="(chart-[\w-]+)"', page)
    assert {"chart-articles-per-day", "chart-rising-keywords", "chart-entity-network", "chart-entities-pers"} <= set(ids)
    assert "لا توجد بيانات بعد" in page  # ORG and MISC have nothing


def test_nothing_is_fetched_and_data_cannot_break_out_of_the_page():
    page = render_html(_data(), plotly_js="")
    assert not re.search(r"https?://(?!www\.w3\.org)", page)
    assert EVIL not in page  # inside chart JSON '</' is escaped
    assert "inbox/&lt;bad&gt;.txt" in page


def test_empty_warehouse_renders():
    page = render_html(
        _data(articles_per_day=[], top_entities={}, rising_keywords=[], network_nodes={}, network_edges=[], quarantined=[], last_run=None),
        plotly_js="",
    )
    assert page.count("لا توجد بيانات بعد") == 7 and "لا توجد وثائق معزولة" in page


def test_plotly_js_is_inlined_by_default():
    page = render_html(_data())
    assert len(page) > 1_000_000 and "<script src" not in page


def test_spring_layout_is_deterministic_and_bounded():
    edges = [(0, 1, 3), (1, 2, 1), (3, 4, 1)]
    a, b = spring_layout(5, edges), spring_layout(5, edges)
    assert np.array_equal(a, b) and np.abs(a).max() <= 1.0 + 1e-9
    linked = np.linalg.norm(a[0] - a[1])
    assert linked < np.linalg.norm(a[0] - a[4])  # linked nodes end up closer than unlinked ones
