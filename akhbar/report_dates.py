"""Date handling of the report's time charts, fitted to the data's real range and density.

A warehouse can hold a dense stretch of days (a corpus from 2015) and a few articles years away
(a page from 2023). Drawn day by day on a calendar axis, such data is a blank chart: one-day bars
on a nine-year axis. And a "last N days" window anchored on the newest article compares that one
article with nothing. So:

* articles are counted per day, week, month or year: the finest period that gives at most
  ``MAX_BARS`` periods over the range; and when most periods would be empty, the axis lists only
  the periods that have articles (in order) instead of the calendar;
* the rising-keywords window ends on the newest day whose two windows (the last ``days`` and the
  ``days`` before) both hold a fair share of the articles, not on a lone newest article.

Pure: no Prefect, no DuckDB.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

PERIODS = ("day", "week", "month", "year")
MAX_BARS = 120
# Below this share of periods holding articles, the calendar axis is mostly blank.
MIN_FILLED_SHARE = 0.25
# A rising-keywords window must hold at least this many articles, or this share of the dated
# articles if that is more, to compare anything.
MIN_WINDOW_ARTICLES = 5
MIN_WINDOW_SHARE = 0.05


def period_start(day: date, period: str) -> date:
    """The first day of the period (ISO week: its Monday) that ``day`` falls in."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period {period!r}")


def _periods_between(first: date, last: date, period: str) -> int:
    if period == "day":
        return (last - first).days + 1
    if period == "week":
        return (period_start(last, "week") - period_start(first, "week")).days // 7 + 1
    if period == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def choose_period(days: Iterable[date], max_bars: int = MAX_BARS) -> str:
    """The finest period giving at most ``max_bars`` periods from the first to the last day."""
    days = list(days)
    if not days:
        return "day"
    first, last = min(days), max(days)
    for period in PERIODS:
        if _periods_between(first, last, period) <= max_bars:
            return period
    return "year"


def is_sparse(days: Iterable[date], period: str) -> bool:
    """True when most periods between the first and last day hold no article."""
    starts = {period_start(d, period) for d in days}
    if len(starts) <= 1:
        return False
    return len(starts) / _periods_between(min(starts), max(starts), period) < MIN_FILLED_SHARE


def rising_anchor(per_day: dict[date, int], days: int) -> date | None:
    """The day the rising-keywords windows end on: the newest day whose last ``days`` days and
    the ``days`` before both hold enough articles; the newest day when none does (a warehouse of
    one day or one window compares what it has)."""
    if not per_day:
        return None
    ordered = sorted(per_day)
    total = sum(per_day.values())
    needed = max(MIN_WINDOW_ARTICLES, int(total * MIN_WINDOW_SHARE))
    # cumulative[i]: articles on the days before ordered[i]; a window is two bisections.
    cumulative = [0]
    for day in ordered:
        cumulative.append(cumulative[-1] + per_day[day])

    def upto(day: date) -> int:  # articles published on or before ``day``
        return cumulative[bisect_right(ordered, day)]

    window = timedelta(days=days)
    for anchor in reversed(ordered):
        recent = upto(anchor) - upto(anchor - window)
        previous = upto(anchor - window) - upto(anchor - 2 * window)
        if recent >= needed and previous >= needed:
            return anchor
    return ordered[-1]
