"""Publication dates as pages write them."""

from datetime import datetime, timezone

import pytest

from akhbar.parse.dates import parse_date

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20th, September 2023 GMT", datetime(2023, 9, 20, tzinfo=timezone.utc)),
        ("1st, March 2024 GMT", datetime(2024, 3, 1, tzinfo=timezone.utc)),
        ("2nd, January 2024 GMT", datetime(2024, 1, 2, tzinfo=timezone.utc)),
        ("3rd, June 2023 GMT", datetime(2023, 6, 3, tzinfo=timezone.utc)),
        ("11th, November 2022 GMT", datetime(2022, 11, 11, tzinfo=timezone.utc)),
        ("22nd, February 2024 GMT", datetime(2024, 2, 22, tzinfo=timezone.utc)),
        ("11th, November 2022 14:35 GMT", datetime(2022, 11, 11, 14, 35, tzinfo=timezone.utc)),
        ("20th, September 2023 GMT+3", datetime(2023, 9, 19, 21, tzinfo=timezone.utc)),
        ("٢٠ سبتمبر ٢٠٢٣", datetime(2023, 9, 20, tzinfo=timezone.utc)),
        ("الأربعاء 20 أيلول 2023", datetime(2023, 9, 20, tzinfo=timezone.utc)),
        ("2 تشرين الأول 2020", datetime(2020, 10, 2, tzinfo=timezone.utc)),
        ("5 كانون الثاني 2022 الساعة 13:00 بتوقيت مكة", datetime(2022, 1, 5, 10, tzinfo=timezone.utc)),
        ("2023-09-20T13:00:00+03:00", datetime(2023, 9, 20, 10, tzinfo=timezone.utc)),
        ("20/09/2023", datetime(2023, 9, 20, tzinfo=timezone.utc)),
        ("September 20, 2023", datetime(2023, 9, 20, tzinfo=timezone.utc)),
    ],
)
def test_dates_parse_to_utc(text, expected):
    result = parse_date(text, now=NOW)
    assert result.value == expected
    assert result.warning is None


@pytest.mark.parametrize(
    "text, warning",
    [
        ("31st, February 2023 GMT", "impossible"),
        ("20th, September 2099 GMT", "future"),
        ("1st, January 1800 GMT", "before 1900"),
        ("قريبا", "unrecognized"),
        ("", "empty"),
    ],
)
def test_bad_dates_become_null_with_a_warning(text, warning):
    result = parse_date(text, now=NOW)
    assert result.value is None
    assert warning in result.warning
