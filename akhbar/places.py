"""Places to countries: the country-level roll-up behind the report's map.

A LOC entity is a country when its name is one of the country's names, or in a country when it
is one of the cities and regions listed for it (``akhbar/text/data/countries.tsv`` and
``places_in_countries.tsv``, compared on match keys). Each country has one point to draw it at
(its capital region). The lists cover the countries and places Arabic news names most; a place
they do not know is left out of the map, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from akhbar.text.normalize import match_key


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    lat: float
    lon: float


def _rows(name: str) -> list[list[str]]:
    text = resources.files("akhbar.text").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """ISO 3166 alpha-2 code -> country."""
    return {code: Country(code, names.split("|")[0], float(lat), float(lon)) for code, lat, lon, names in _rows("countries.tsv")}


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    keys = {}
    for code, _, _, names in _rows("countries.tsv"):
        for name in names.split("|"):
            keys.setdefault(match_key(name), code)
    for place, code in _rows("places_in_countries.tsv"):
        keys.setdefault(match_key(place), code)
    return keys


def country_name(code: str) -> str:
    """A country's display name: the lists' name, else pycountry's Arabic one, else the code."""
    if code in countries():
        return countries()[code].name
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"]).gettext(country.name)


def country_of(name: str) -> Country | None:
    """The country a place name is, or lies in; None when the lists do not know it."""
    code = _keys().get(match_key(name))
    return countries()[code] if code else None
