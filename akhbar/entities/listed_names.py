"""Listed names the tagger missed: the hand list of countries, capitals and regions
(``data/locations.txt``, LOC), the names of religions and scriptures
(``data/religion_names.txt``, MISC) and of well-known organisations (``data/org_names.txt``,
ORG: الأمم المتحدة، الكرملين، الفيفا), matched on every article where the tagger found no name.

The lists fill gaps only: a word inside any of the tagger's names keeps the tagger's boundaries
and type (``[مكة] المكرمة`` as the annotation has it, ``[جامعة القرويين بفاس]``).
"""

from __future__ import annotations

from typing import Mapping

from akhbar.entities.scan import _Candidate, _gazetteer_index, _key, _Scan
from akhbar.text import wordlists
from akhbar.text.morphology import LOC, MISC, ORG

# GeoNames' Arabic city names (``data/geonames_places_ar.txt``) are not matched: many are common
# words too (عدن "they returned", حماة "protectors"), and on the cross-validation folds they cost
# LOC precision more than they found (MODEL_CARD.md).
LISTED_NAMES = {
    **{o: ORG for o in wordlists.entries("org_names")},
    **{r: MISC for r in wordlists.entries("religion_names")},
    **{p: LOC for p in wordlists.entries("locations")},
}


class ListedGazetteer:
    """One gazetteer index of the listed names and of ``static`` names (titles, groups: matched
    wherever they occur), so that one pass over a text finds both; ``is_listed`` tells a
    candidate of a listed name (kept only where the tagger found nothing) from a static one."""

    def __init__(self, static: Mapping[str, str]):
        self.index = _gazetteer_index({**LISTED_NAMES, **static})
        static_keys = frozenset(_key(name) for name in static)
        self._listed = frozenset(_key(name) for name in LISTED_NAMES) - static_keys

    def is_listed(self, s: _Scan, cand: _Candidate) -> bool:
        """The candidate spells a listed name (its first word read as the index read it)."""
        first = s.words[cand[0]]
        core = next(c for _, c in first.readings if c in self.index)
        phrase = " ".join([core, *(s.words[k].key for k in range(cand[0] + 1, cand[2] + 1))])
        return phrase in self._listed


def missed_by_tagger(s: _Scan, cand: _Candidate, tagged: list[tuple[int, int]]) -> bool:
    """The candidate overlaps none of the tagger's character spans ``tagged``."""
    start, end = s.start(cand[0]), s.end(cand[2])
    return not any(a < end and start < b for a, b in tagged)
