"""The words the search index is built from: folded like match keys, function words left out.

Pure, so the transform computes them in its worker processes and the load only stems them.
"""

from __future__ import annotations

import re
from itertools import filterfalse, product

from akhbar.text.normalize import HA, TA_MARBUTA, ZERO_WIDTH_NON_JOINER, search_fold
from akhbar.text.stopwords import STOPWORDS

_WORD = re.compile(r"[^\W_]+")


def _search_forms(key: str) -> set[str]:
    """Every search-folded spelling whose ta-marbuta fold is ``key``: each ha may have been a
    ta marbuta (``هذه`` -> ``هذه``, ``هذة``)."""
    options = [(c, TA_MARBUTA) if c == HA else (c,) for c in key]
    return {"".join(letters) for letters in product(*options)}


# Function words as they appear in search-folded text, so filtering needs no fold per word.
_SEARCH_STOPWORDS = frozenset(form for key in STOPWORDS for form in _search_forms(key))


def search_key(text: str) -> str:
    """Fold text for search: ``match_key``'s folds except ta marbuta; words only, no function words.

    Ta marbuta is left to the analyzer macro (it must be folded around the stemmer, not before
    it). Used for indexed text and queries alike.
    """
    # A zero-width non-joiner separates words the way a Persian keyboard types them (قره‌باغ is
    # قره باغ): it splits words here, where the folds below would delete it and join them.
    text = text.replace(ZERO_WIDTH_NON_JOINER, " ")
    # STOPWORDS are match keys; the only fold match_key adds to a search-folded word is ta marbuta.
    return " ".join(filterfalse(_SEARCH_STOPWORDS.__contains__, _WORD.findall(search_fold(text))))
