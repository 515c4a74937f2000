"""Publication dates as news pages write them, in English or Arabic, to UTC."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from akhbar.text.normalize import fold_digits, match_key

ENGLISH_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

# Egyptian/Gulf (يناير...), Levantine/Iraqi (كانون الثاني...) and Maghrebi (غشت...) month names,
# stored as match keys so hamza and ta-marbuta spellings all hit.
_ARABIC_MONTH_NAMES = {
    1: ("يناير", "كانون الثاني", "جانفي"),
    2: ("فبراير", "شباط", "فيفري"),
    3: ("مارس", "آذار"),
    4: ("أبريل", "إبريل", "ابريل", "نيسان", "أفريل"),
    5: ("مايو", "أيار", "ماي"),
    6: ("يونيو", "يونيه", "حزيران", "جوان"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "يوليوز"),
    8: ("أغسطس", "آب", "أوت", "غشت"),
    9: ("سبتمبر", "أيلول", "شتنبر"),
    10: ("أكتوبر", "تشرين الأول", "اكتوبر"),
    11: ("نوفمبر", "تشرين الثاني", "نونبر"),
    12: ("ديسمبر", "كانون الأول", "دجنبر"),
}
ARABIC_MONTHS = {match_key(name): month for month, names in _ARABIC_MONTH_NAMES.items() for name in names}

# Zone words: GMT/UTC and Arabic "Greenwich time" are UTC; Mecca/Riyadh time is UTC+3.
_UTC_WORDS = ("gmt", "utc", "z", "غرينتش", "جرينتش")
_ZONE_OFFSETS = {match_key("مكة"): 3, match_key("مكه المكرمة"): 3, match_key("الرياض"): 3}

_MONTH_WORD = r"[^\W\d_]+(?: (?:الثاني|الاول|الأول))?"
_ORDINAL = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_TIME = r"(?:[ ,\-\u2013]+(?:الساعة )?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?: ?(?P<ampm>am|pm|ص|م)\b)?)?"
_ZONE = r"(?:[ ,]*(?:بتوقيت )?(?P<zone>gmt|utc|z|[^\W\d_]+(?: [^\W\d_]+)?)?(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?)?"

_DAY_MONTH_YEAR = re.compile(rf"{_ORDINAL}[ ,.\-/]*(?:of )?(?P<month>{_MONTH_WORD})[ ,.\-/]*(?P<year>\d{{4}}){_TIME}{_ZONE}", re.I)
_MONTH_DAY_YEAR = re.compile(rf"(?P<month>[a-z]+)[ .]+{_ORDINAL},? (?P<year>\d{{4}}){_TIME}{_ZONE}", re.I)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?)?"
    r"\s*(?P<zone>z|gmt|utc)?(?P<offset>[+-]\d{2}:?\d{2})?",
    re.I,
)
_NUMERIC_DMY = re.compile(r"(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}){_TIME}".replace("{_TIME}", _TIME), re.I)

MIN_YEAR = 1900
# A page dated more than this after it was ingested is wrong (a typo, a bad template).
FUTURE_TOLERANCE = timedelta(days=1)


class DateResult(NamedTuple):
    """A parsed UTC datetime (or None) and a warning explaining why it is None, if it is."""

    value: datetime | None
    warning: str | None


def parse_date(text: str, *, now: datetime | None = None) -> DateResult:
    """Parse a publication date such as ``20th, September 2023 GMT`` or ``٢٠ سبتمبر ٢٠٢٣``.

    Returns an aware UTC datetime; a date with no zone is taken as UTC. Impossible dates
    (31 February), years before 1900 and dates in the future give ``None`` with a warning.
    """
    raw = text.strip()
    if not raw:
        return DateResult(None, "empty date")
    cleaned = " ".join(fold_digits(raw).replace("\u060c", ",").split())
    parts = _match(cleaned)
    if parts is None:
        return DateResult(None, f"unrecognized date: {raw!r}")
    year, month, day, hour, minute, second, offset = parts
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=timezone(timedelta(hours=offset)))
    except ValueError:
        return DateResult(None, f"impossible date: {raw!r}")
    value = local.astimezone(timezone.utc)
    if year < MIN_YEAR:
        return DateResult(None, f"implausible date before {MIN_YEAR}: {raw!r}")
    now = now or datetime.now(timezone.utc)
    if value > now + FUTURE_TOLERANCE:
        return DateResult(None, f"date in the future: {raw!r}")
    return DateResult(value, None)


def _match(text: str) -> tuple[int, int, int, int, int, int, float] | None:
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC_DMY):
        m = pattern.search(text)
        if not m:
            continue
        month = _month_number(m.group("month"))
        if month is None:
            continue
        groups = m.groupdict()
        hour = int(groups.get("hour") or 0)
        if (groups.get("ampm") or "").lower() in ("pm", "م") and hour < 12:
            hour += 12
        return (
            int(m.group("year")),
            month,
            int(m.group("day")),
            hour,
            int(groups.get("minute") or 0),
            int(groups.get("second") or 0),
            _offset_hours(groups.get("zone"), groups.get("offset")),
        )
    return None


def _month_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    key = word.lower()
    if key in ENGLISH_MONTHS:
        return ENGLISH_MONTHS[key]
    return ARABIC_MONTHS.get(match_key(word))


def _offset_hours(zone: str | None, offset: str | None) -> float:
    hours = 0.0
    if zone and zone.lower() not in _UTC_WORDS:
        hours = _ZONE_OFFSETS.get(match_key(zone), 0)
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        h, m = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        hours += sign * (int(h) + int(m) / 60)
    return hours
