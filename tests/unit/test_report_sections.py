"""The report's new sections and the place-to-country lookup behind its map."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from akhbar import report_sections as sections
from akhbar.places import country_of
from akhbar.warehouse.report import ReportData


def _data(**overrides) -> ReportData:
    base = dict(
        generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        totals={},
        last_run=None,
        articles_per_day=[],
        top_entities={},
        rising_days=30,
        rising_keywords=[],
        network_nodes={"a": ("دميتري بيسكوف", "PERS", 3), "b": ("قره باغ", "LOC", 2), "c": ("باكو", "LOC", 2)},
        network_edges=[("a", "b", 2), ("b", "c", 1)],
        places=[("SA", "السعودية", 24.7, 46.7, 10), ("AZ", "أذربيجان", 40.4, 49.9, 3), ("US", "الولايات المتحدة", 38.9, -77.0, 1)],
    )
    base.update(overrides)
    return ReportData(**base)


def test_places_roll_up_to_countries_by_name_city_or_spelling():
    assert country_of("الرياض").code == "SA"
    assert country_of("المملكة العربية السعودية").code == "SA"
    assert country_of("قره باغ").code == "AZ"
    assert country_of("أميركا").code == country_of("امريكا").code == "US"
    assert country_of("مدينة لا يعرفها أحد") is None


def test_cooccurrence_matrix_is_symmetric_with_zero_diagonal():
    fig = sections.cooccurrence_matrix(_data())
    z = [list(row) for row in fig.data[0].z]
    assert z == [list(col) for col in zip(*z)]
    assert all(z[i][i] == 0 for i in range(len(z)))
    assert sorted(v for row in z for v in row if v) == [1, 1, 2, 2]


def test_place_map_is_inline_svg_with_a_point_per_country_and_rtl_labels():
    svg = sections.place_map(_data())
    assert svg.startswith('<svg class="place-map"') and "http" not in svg
    assert len(re.findall(r"<circle ", svg)) == 3
    assert 'direction="rtl"' in svg and "السعودية (10)" in svg
    assert sections.place_map(_data(places=[])) == sections.EMPTY


def test_attention_chart_marks_spikes():
    series = {"قره باغ": [(date(2023, 9, 19), 0, 0.0, False), (date(2023, 9, 20), 5, 0.5, True)]}
    fig = sections.attention_chart(series)
    spikes = [trace for trace in fig.data if trace.name == "قفزة"]
    assert list(spikes[0].x) == ["2023-09-20"] and list(spikes[0].y) == [0.5]
    assert sections.attention_chart({}) is None


def test_stories_and_source_health_tables_escape_their_text():
    data = _data(
        largest_stories=[("<b>عنوان</b>", date(2015, 7, 22), date(2015, 7, 23), 3, 1, 2, ["okaz", "sabq"])],
        source_health=[("sabq", 2, 10, 0, 0, 1, 3, 0.3, 0.0)],
    )
    assert "&lt;b&gt;عنوان&lt;/b&gt;" in sections.stories_table(data) and "okaz، sabq" in sections.stories_table(data)
    assert "30.0%" in sections.source_health_table(data)


def test_place_map_draws_geonames_cities_and_fits_the_view_to_the_places():
    cities = [("جدة", "SA", 21.54, 39.17, 6), ("باكو", "AZ", 40.38, 49.89, 2)]
    svg = sections.place_map(_data(cities=cities))
    assert len(re.findall(r'<circle [^>]*data-city="', svg)) == 2 and "جدة: 6 مقالات" in svg
    # Saudi Arabia to Washington: nearly the whole width; the Gulf alone: a 10-degree graticule.
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert min(xs) >= 0 and max(xs) <= sections.MAP_WIDTH
    gulf = sections.place_map(_data(places=[("SA", "السعودية", 24.7, 46.7, 10)], cities=cities))
    assert "كل 10°" in gulf
    x_riyadh = float(re.search(r'<circle cx="([\d.]+)"[^>]*data-country="SA"', gulf).group(1))
    assert 0.25 * sections.MAP_WIDTH < x_riyadh < 0.75 * sections.MAP_WIDTH
    assert sections.place_map(_data(places=[], cities=cities)).startswith("<svg")


def test_place_map_zooms_on_the_most_mentioned_region_when_places_span_the_world():
    gulf = [("SA", "السعودية", 24.7, 46.7, 10), ("AE", "الإمارات", 24.4, 54.4, 4), ("YE", "اليمن", 15.4, 44.2, 3),
            ("EG", "مصر", 30.0, 31.2, 3), ("US", "الولايات المتحدة", 38.9, -77.0, 2)]
    cities = [("جدة", "SA", 21.54, 39.17, 6), ("الرياض", "SA", 24.69, 46.72, 5), ("واشنطن", "US", 38.9, -77.04, 1)]
    svg = sections.place_map(_data(places=gulf, cities=cities))
    world, zoom = svg.split("</svg>")[:2]
    assert 'data-country="US"' in world and 'data-country="US"' not in zoom
    assert ">جدة</text>" in zoom and ">جدة</text>" not in world  # cities are labelled in the zoom only
