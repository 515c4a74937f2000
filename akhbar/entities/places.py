"""GeoNames places by Arabic name (``data/geonames_places_ar.txt``, see ``places_build``)."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from akhbar.text import wordlists


class Place(NamedTuple):
    geonames_id: int
    kind: str  # 'city' | 'country'
    country_code: str
    latitude: float | None
    longitude: float | None
    population: int


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[Place, ...]]:
    """Match key -> the GeoNames places of that name (several when the name is ambiguous)."""
    out: dict[str, list[Place]] = {}
    for line in wordlists.entries("geonames_places_ar"):
        key, gid, kind, cc, lat, lon, pop = line.split("\t")
        out.setdefault(key, []).append(
            Place(int(gid), kind, cc, float(lat) if lat else None, float(lon) if lon else None, int(pop))
        )
    return {k: tuple(v) for k, v in out.items()}


def places_named(key: str) -> tuple[Place, ...]:
    """The places a LOC entity's key may name; the names of ``ambiguous_places.txt`` get all of
    theirs even when GeoNames lists one (عمان: Oman's capital is عمّان's namesake)."""
    found = places().get(key, ())
    if key in wordlists.keys("ambiguous_places") and len(found) == 1:
        return ()
    return found
