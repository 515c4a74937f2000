"""Closed word lists for entity recognition and tag segmentation, as match-key sets.

The lists themselves are data files in ``akhbar/text/data`` (see ``akhbar.text.wordlists``);
this module names them and adds the few rules that read them (nationality adjectives).
``FIRST_NAMES`` is the hand list plus, when present, ``data/first_names_anercorp.txt`` (built
offline by ``akhbar.text.anercorp_names``).
"""

from __future__ import annotations

from functools import lru_cache

from akhbar.text import wordlists
from akhbar.text.morphology import ARTICLE, COMPOUND_NAME_HEADS, NAME_CONNECTORS, NISBA_SUFFIXES
from akhbar.text.normalize import match_key

__all__ = [
    "AMBIGUOUS_NAMES", "COMMON_VERBS", "COMMON_WORD_NAMES", "COMPOUND_NAME_HEADS", "FIRST_NAMES",
    "GENERIC_PLACE_NOUNS", "HAND_NAMES", "LOCATIONS", "LOCATION_CONTEXT", "MULTIWORD_TITLES",
    "NAME_CONNECTORS", "NON_NAME_WORDS", "ORG_HEADS", "ORG_NAMES", "PERSON_TITLES", "TIME_WORDS",
    "is_nationality_adj", "nationality_location",
]

ANERCORP_NAMES = "first_names_anercorp"
ANERCORP_NAMES_FILE = wordlists.path(ANERCORP_NAMES)

# Given names written by hand, and the glued عبد compounds (عبدالله).
HAND_NAMES = wordlists.keys("first_names") | wordlists.keys("glued_compound_names")
PERSON_TITLES = wordlists.keys("person_titles")
MULTIWORD_TITLES = wordlists.keys("multiword_titles")
ORG_HEADS = wordlists.keys("org_heads")
ORG_NAMES = wordlists.keys("org_names")
LOCATIONS = wordlists.keys("locations")
_DEMONYM_STEMS = wordlists.keys("demonym_stems")
LOCATION_CONTEXT = wordlists.keys("location_context")
GENERIC_PLACE_NOUNS = wordlists.keys("generic_place_nouns")
TIME_WORDS = wordlists.keys("time_words")
NON_NAME_WORDS = wordlists.keys("non_name_words")
COMMON_VERBS = wordlists.keys("common_verbs")
AMBIGUOUS_NAMES = wordlists.keys("ambiguous_names")
COMMON_WORD_NAMES = wordlists.keys("common_word_names")


def _with_anercorp(names: frozenset[str]) -> frozenset[str]:
    """Add the committed ANERcorp-derived names when the file is present."""
    if not wordlists.path(ANERCORP_NAMES).exists():
        return names
    return names | wordlists.keys(ANERCORP_NAMES)


FIRST_NAMES: frozenset[str] = _with_anercorp(HAND_NAMES) - AMBIGUOUS_NAMES
"""Match keys of given names (hand list, glued عبد compounds, ANERcorp-derived names)."""


def anercorp_first_names(lines):
    """Given names from ANERcorp CoNLL lines: see ``akhbar.text.anercorp_names`` (the build tool)."""
    from akhbar.text.anercorp_names import anercorp_first_names as build  # the tool imports this module

    return build(lines)


@lru_cache(maxsize=1 << 14)
def nationality_location(key: str) -> str | None:
    """The place a definite nisba adjective refers to, or None: ``الروسيه`` -> ``روسيا``.

    The adjective is ال + stem + ي/يه where the stem is a known place with its final ا/يا
    dropped or an ال-place (``العراقي`` -> ``العراق``), or a demonym stem (``العربيه``).
    """
    if not key.startswith(ARTICLE) or " " in key:
        return None
    body = key[len(ARTICLE) :]
    for suffix in NISBA_SUFFIXES:
        if body.endswith(suffix) and len(body) - len(suffix) >= 2:
            stem = body[: -len(suffix)]
            for place in (stem, stem + "\u0627", stem + "\u064a\u0627", ARTICLE + stem, ARTICLE + stem + "\u064a\u0647"):
                if place in LOCATIONS:
                    return place
            if stem in _DEMONYM_STEMS:
                return stem
    return None


def is_nationality_adj(word: str) -> bool:
    """True for definite nationality adjectives: ``الروسية``, ``الأذربيجانية``, ``الليبي``."""
    return nationality_location(match_key(word)) is not None
