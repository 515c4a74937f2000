"""The words the search index is built from: folded like match keys, function words left out.

Pure, so the transform computes them in its worker processes and the load only stems them.
"""

from __future__ import annotations

import re

from akhbar.text.normalize import fold_ta_marbuta, search_fold
from akhbar.text.stopwords import STOPWORDS

_WORD = re.compile(r"[^\W_]+")


def search_key(text: str) -> str:
    """Fold text for search: ``match_key``'s folds except ta marbuta; words only, no function words.

    Ta marbuta is left to the analyzer macro (it must be folded around the stemmer, not before
    it). Used for indexed text and queries alike.
    """
    # STOPWORDS are match keys; the only fold match_key adds to a search-folded word is ta marbuta.
    return " ".join(w for w in _WORD.findall(search_fold(text)) if fold_ta_marbuta(w) not in STOPWORDS)
