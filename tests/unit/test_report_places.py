"""The map's data: places roll up to countries by their GeoNames country code, else by name."""

from __future__ import annotations

import duckdb
import pytest

from akhbar.warehouse.report import _cities, _places


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE entities (entity_id VARCHAR, name VARCHAR, entity_type VARCHAR, subtype VARCHAR, "
        "country_code VARCHAR, latitude DOUBLE, longitude DOUBLE, article_count BIGINT)"
    )
    con.execute("CREATE TABLE entity_mentions (article_id VARCHAR, entity_id VARCHAR)")
    con.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("jeddah", "جدة", "LOC", "city", "SA", 21.54, 39.17, 2),
            ("riyadh", "الرياض", "LOC", "city", "SA", 24.69, 46.72, 1),
            ("saudi", "السعودية", "LOC", "country", "SA", None, None, 1),
            # Not linked to GeoNames: rolled up by the country lists' lookup of its name.
            ("karabakh", "قره باغ", "LOC", None, None, None, None, 1),
            # A country the lists do not know: drawn at its most mentioned linked city.
            ("ulaanbaatar", "أولان باتور", "LOC", "city", "MN", 47.9, 106.9, 1),
            ("putin", "بوتين", "PERS", None, None, None, None, 1),
        ],
    )
    con.executemany(
        "INSERT INTO entity_mentions VALUES (?, ?)",
        [("a1", "jeddah"), ("a1", "saudi"), ("a2", "jeddah"), ("a2", "riyadh"), ("a3", "karabakh"), ("a4", "ulaanbaatar"), ("a4", "putin")],
    )
    yield con
    con.close()


def test_countries_count_each_article_once_by_geonames_code_then_by_name(con):
    places = {code: (name, n) for code, name, _, _, n in _places(con)}
    assert places["SA"][1] == 2  # a1 and a2, each once though they name two Saudi places
    assert places["AZ"][1] == 1
    assert places["MN"] == ("منغوليا", 1)
    assert [p[0] for p in _places(con)][0] == "SA"


def test_cities_are_the_places_geonames_gave_a_point(con):
    cities = _cities(con)
    assert [c[0] for c in cities] == ["جدة", "أولان باتور", "الرياض"]
    assert cities[0][1:4] == ("SA", 21.54, 39.17)
