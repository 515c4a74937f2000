"""Listed names the tagger missed: the hand list of countries, capitals and regions
(``data/locations.txt``, LOC) and the names of religions and scriptures
(``data/religion_names.txt``, MISC), matched on every article where the tagger found no name.

The lists fill gaps only: a word inside any of the tagger's names keeps the tagger's boundaries
and type (``[مكة] المكرمة`` as the annotation has it, ``[جامعة القرويين بفاس]``).
"""

from __future__ import annotations

from typing import Mapping

from akhbar.entities.scan import _Candidate, _gazetteer_index, _Scan
from akhbar.text import wordlists
from akhbar.text.morphology import LOC, MISC

# GeoNames' Arabic city names (``data/geonames_places_ar.txt``) are not matched: many are common
# words too (عدن "they returned", حماة "protectors"), and on the cross-validation folds they cost
# LOC precision more than they found (MODEL_CARD.md).
LISTED_NAMES = {**{r: MISC for r in wordlists.entries("religion_names")}, **{p: LOC for p in wordlists.entries("locations")}}
# The gazetteer's other entries (titles, groups) are PERS and ORG: a candidate of these types is listed.
_LISTED_TYPES = frozenset({LOC, MISC})


def with_listed_names(gazetteer: Mapping[str, str]) -> dict:
    """A gazetteer index of ``gazetteer`` (PERS and ORG entries) and the listed names, so that one
    pass over a text finds both; ``is_listed`` tells their candidates apart."""
    if any(etype in _LISTED_TYPES for etype in gazetteer.values()):
        raise ValueError("the other gazetteer must hold PERS and ORG entries only")
    return _gazetteer_index({**LISTED_NAMES, **gazetteer})


def is_listed(cand: _Candidate) -> bool:
    """A candidate of a listed name (a place or a religion), not of the other gazetteer."""
    return cand[3] in _LISTED_TYPES


def missed_by_tagger(s: _Scan, cand: _Candidate, tagged: list[tuple[int, int]]) -> bool:
    """The candidate overlaps none of the tagger's character spans ``tagged``."""
    start, end = s.start(cand[0]), s.end(cand[2])
    return not any(a < end and start < b for a, b in tagged)
