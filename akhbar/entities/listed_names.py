"""Listed names the tagger missed: the hand list of countries, capitals and regions
(``data/locations.txt``, LOC) and the names of religions and scriptures
(``data/religion_names.txt``, MISC), matched on every article where the tagger found no name.

The lists fill gaps only: a word inside any of the tagger's names keeps the tagger's boundaries
and type (``[مكة] المكرمة`` as the annotation has it, ``[جامعة القرويين بفاس]``).
"""

from __future__ import annotations

from akhbar.entities.scan import _Candidate, _gazetteer_candidates, _gazetteer_index, _Scan
from akhbar.text import wordlists
from akhbar.text.morphology import LOC, MISC

# GeoNames' Arabic city names (``data/geonames_places_ar.txt``) are not matched: many are common
# words too (عدن "they returned", حماة "protectors"), and on the cross-validation folds they cost
# LOC precision more than they found (MODEL_CARD.md).
LISTED_NAMES = _gazetteer_index(
    {**{r: MISC for r in wordlists.entries("religion_names")}, **{p: LOC for p in wordlists.entries("locations")}}
)


def listed_names_missed(s: _Scan, model_spans: list[tuple[int, int]]) -> list[_Candidate]:
    """Candidates of listed names in ``s`` that overlap none of the tagger's character spans."""
    out = []
    for cand in _gazetteer_candidates(s, LISTED_NAMES):
        start, end = s.start(cand[0]), s.end(cand[2])
        if not any(a < end and start < b for a, b in model_spans):
            out.append(cand)
    return out
