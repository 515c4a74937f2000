"""The report's time charts fit the data's real range and density: a dense 2015 corpus plus a
2023 page is neither a blank calendar nor a rising-keywords window holding one article."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from akhbar.report import _articles_per_period, render_html
from akhbar.report_dates import choose_period, is_sparse, period_start, rising_anchor
from tests.unit.test_report_render import _data

# A year of 2015 news, 40 articles a day from two outlets, and the 2023 seed page.
CORPUS_2015 = [(date(2015, 1, 1) + timedelta(days=i), outlet, 20) for i in range(365) for outlet in ("okaz", "sabq")]
SEED_2023 = [(date(2023, 9, 20), "RT", 1)]


def test_periods_start_where_the_calendar_says():
    day = date(2023, 9, 20)  # a Wednesday
    assert [period_start(day, p) for p in ("day", "week", "month", "year")] == [
        day, date(2023, 9, 18), date(2023, 9, 1), date(2023, 1, 1),
    ]  # fmt: skip


def test_the_finest_period_that_fits():
    assert choose_period([date(2023, 9, 20)]) == "day"
    assert choose_period([date(2015, 1, 1), date(2015, 3, 1)]) == "day"
    assert choose_period([date(2015, 1, 1), date(2015, 12, 31)]) == "week"
    assert choose_period([date(2015, 1, 1), date(2023, 9, 20)]) == "month"
    assert choose_period([date(1990, 1, 1), date(2023, 9, 20)]) == "year"


def test_a_mostly_empty_calendar_is_sparse():
    days = [d for d, _, _ in CORPUS_2015 + SEED_2023]
    assert is_sparse(days, "month")  # 13 of 105 months hold articles
    assert not is_sparse([d for d, _, _ in CORPUS_2015], "week")
    assert not is_sparse([date(2023, 9, 20)], "day")


def test_rising_window_is_anchored_where_the_articles_are():
    per_day: dict[date, int] = {}
    for day, _, n in CORPUS_2015 + SEED_2023:
        per_day[day] = per_day.get(day, 0) + n
    assert rising_anchor(per_day, 30) == date(2015, 12, 31)
    # A warehouse of one day compares what it has: the newest day.
    assert rising_anchor({date(2023, 9, 20): 6}, 30) == date(2023, 9, 20)
    assert rising_anchor({}, 30) is None


def test_articles_chart_of_years_is_monthly_and_lists_only_filled_months():
    period, fig = _articles_per_period(_data(articles_per_day=CORPUS_2015 + SEED_2023))
    assert period == "month"
    assert fig.layout.xaxis.type == "category"
    months = list(fig.layout.xaxis.categoryarray)
    assert months[0] == "2015-01" and months[-2] == "2015-12" and months[-1] == "2023-09" and len(months) == 13
    okaz = next(trace for trace in fig.data if trace.name == "okaz")
    assert okaz.y[0] == 31 * 20  # January 2015: every day's articles, not one day's


def test_articles_chart_of_a_dense_stretch_keeps_the_calendar():
    period, fig = _articles_per_period(_data())
    assert period == "day" and fig.layout.xaxis.type == "date"


def test_page_titles_follow_the_period_and_the_window_end():
    page = render_html(_data(articles_per_day=CORPUS_2015 + SEED_2023, rising_as_of=date(2015, 12, 31)), plotly_js="")
    assert "المقالات شهريًا" in page
    assert "آخر 30 يومًا حتى 2015-12-31 مقابل الفترة التي قبلها" in page
    figure = re.search(r'Plotly.newPlot\(\s*"chart-articles-per-day",\s*(\[.*?\]),\s*\{', page, re.DOTALL)
    assert figure and json.loads(figure.group(1))[0]["x"][-1] == "2023-09"
