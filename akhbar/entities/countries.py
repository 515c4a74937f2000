"""Country names in Arabic: every form of a country (press name, long and official forms) -> one.

Forms come from ``data/country_forms.txt`` (how the press writes them, canonical name first) and
from pycountry's Arabic translations of ISO 3166 names and official names; a form shared by two
countries is dropped (it would merge them).
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from typing import NamedTuple

from akhbar.text import wordlists
from akhbar.text.normalize import match_key

ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B)) | {" "}


class Country(NamedTuple):
    key: str  # match key of the canonical name
    alpha_2: str | None  # ISO 3166 code, when pycountry knows the country


def _arabic(text: str) -> str | None:
    """The match key of an Arabic name, or None for a name pycountry left untranslated or inverted."""
    key = match_key(text)
    return key if key and set(key) <= ARABIC_LETTERS else None


@lru_cache(maxsize=1)
def country_forms() -> dict[str, Country]:
    """Match key of every known form of a country -> the country (canonical key, ISO code)."""
    import pycountry

    arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    lines = [[match_key(f) for f in line.split("|")] for line in wordlists.entries("country_forms")]
    group_of = {form: i for i, forms in enumerate(lines) for form in forms}
    codes: dict[int, str] = {}
    out: dict[str, Country] = {}
    seen: dict[str, set[str]] = {}
    for c in pycountry.countries:
        names = [getattr(c, a, None) for a in ("name", "official_name", "common_name")]
        forms = [k for n in names if n and (k := _arabic(arabic.gettext(n)))]
        if not forms:
            continue
        group = next((group_of[f] for f in forms if f in group_of), None)
        if group is not None:
            codes.setdefault(group, c.alpha_2)
            canonical = lines[group][0]
        else:
            canonical = forms[0]
        for form in forms:
            seen.setdefault(form, set()).add(c.alpha_2)
            out[form] = Country(canonical, c.alpha_2)
    for form, countries in seen.items():
        if len(countries) > 1:
            del out[form]
    for i, forms in enumerate(lines):
        for form in forms:
            out[form] = Country(forms[0], codes.get(i))
    for form in wordlists.keys("ambiguous_places"):
        out.pop(form, None)
    return out
