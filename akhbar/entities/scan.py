"""The word scan every entity pass shares: per-word analysis, gazetteer matching, span selection.

A text is scanned once into words with their offsets and the separators between them; each
distinct surface word is analysed once (``_word``, cached), and the scan over a text is a single
pass in which words that trigger nothing cost one dict lookup. Document evidence
(``akhbar.entities.document``) matches gazetteers of names on the scan; the pattern rules
(``akhbar.entities.rules``) read the same words.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Mapping, NamedTuple

from akhbar.text import lexicons as lx
from akhbar.text.morphology import ARTICLE, CLITIC_LETTERS, CLITIC_PAIRS, LAM_LAM
from akhbar.text.normalize import DIACRITICS, TATWEEL, match_key
from akhbar.text.stopwords import STOPWORDS
from akhbar.text.tokens import is_number, split_with_separators

_key = lru_cache(maxsize=1 << 14)(match_key)  # names and tags repeat across articles

MARKS = DIACRITICS + TATWEEL
# Distinct words analysed and kept (least recently used leave first): the trade-off between a
# worker's memory and the share of an article's words that miss is in the performance notes.
_CACHE_LIMIT = 1 << 15
# Names from the document (tagger, publisher tags) win ties against every pattern rule.
GAZETTEER_PRIORITY = 3


class Mention(NamedTuple):
    """A recognised name: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entity_type: str



# --- per-word analysis ------------------------------------------------------------------------


def _readings(key: str) -> tuple[tuple[int, str], ...]:
    """Ways to read a word as clitics + core: ``(key letters of clitics, core key)``, exact first.

    ``وبالروسيه`` -> core ``الروسيه`` after 2 letters; ``للعراق`` -> core ``العراق`` after 0 letters
    (ل+ال fused: the clitic cannot be cut out of the surface, so the whole word is kept).
    """
    out = [(0, key)]
    if key.startswith(LAM_LAM) and len(key) > 4:
        out.append((0, ARTICLE + key[2:]))
    if len(key) >= 4 and key[0] in CLITIC_LETTERS:
        out.append((1, key[1:]))
        if key[:2] in CLITIC_PAIRS and len(key) >= 5:
            out.append((2, key[2:]))
    return tuple(out)


def _surface_offset(surface: str, letters: int) -> int:
    """Surface characters covering the first ``letters`` key letters (diacritics ride along)."""
    i = 0
    for _ in range(letters):
        i += 1
        while i < len(surface) and surface[i] in MARKS:
            i += 1
    return i


def _first_hit(readings, table) -> int:
    """Key letters of clitics before the first reading whose core is in ``table``, else -1."""
    for n, core in readings:
        if core in table:
            return n
    return -1


def _index(entries: Iterable[str], entity_type: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(other words, type)], longest first: multi-word lookup in one probe."""
    idx: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for entry in entries:
        first, *rest = entry.split()
        idx.setdefault(first, []).append((tuple(rest), entity_type))
    for alts in idx.values():
        alts.sort(key=lambda a: -len(a[0]))
    return idx


# The given name علي as written, alone or after و or ل: its match key is the preposition على's
# (ى and ي fold together), but spelt with a dotted ي it starts a name (علي عبدالله صالح).
GIVEN_NAME_ALI = frozenset({"\u0639\u0644\u064a", "\u0648\u0639\u0644\u064a", "\u0644\u0639\u0644\u064a"})


class _Word:
    """What the rules need to know about one distinct surface word (computed once).

    The match key, its clitic readings and whether it blocks a name are always computed: the
    gazetteer passes of document evidence need nothing else. The rest only the pattern rules
    read, so it is worked out on first use (with the trained tagger on, the rules never run and
    that analysis was a tenth of the transform's time).
    """

    __slots__ = ("key", "readings", "blocker", "cores", "definite", "first", "compound", "connector",
                 "title", "org", "ctx", "nat", "lex", "trigger", "namelike", "loc")

    def __init__(self, surface: str):
        key = match_key(surface)
        # Most words are their own key: one string object then serves the cache and the word.
        self.key = key = surface if key == surface else key
        self.readings = readings = _readings(key)
        self.cores = tuple([core for _, core in readings])
        self.blocker = (
            key in STOPWORDS or key in lx.TIME_WORDS or key in lx.COMMON_VERBS or key in lx.NON_NAME_WORDS
            or is_number(surface) or len(key) < 2
        ) and surface not in GIVEN_NAME_ALI

    def __getattr__(self, name: str):
        # Reached only when a slot is unset: a rule attribute before the analysis for the rules.
        if name not in _RULE_ATTRIBUTES:
            raise AttributeError(name)
        from akhbar.entities.rules import analyse_for_rules  # the rules' module needs this one

        analyse_for_rules(self)
        return object.__getattribute__(self, name)


_RULE_ATTRIBUTES = frozenset(_Word.__slots__) - {"key", "readings", "blocker", "cores"}


@lru_cache(maxsize=_CACHE_LIMIT)
def word_analysis(surface: str) -> _Word:
    """Cached analysis of a surface word (least recently used words leave a full cache)."""
    return _Word(surface)


# --- the scan ---------------------------------------------------------------------------------


def _same_line_space(sep: str) -> bool:
    """A separator that keeps two words in one phrase: white space without a line break."""
    return sep == " " or (sep.isspace() and "\n" not in sep)


class _Scan:
    """Words of one text with their analyses, offsets and the separators between them."""

    def __init__(self, text: str):
        parts = split_with_separators(text)  # [sep, word, sep, ..., word, sep]
        self.text = text
        self.seps = parts[0::2]  # seps[i] precedes word i
        self.toks = parts[1::2]
        self.pos = list(accumulate(map(len, parts), initial=0))  # word i is pos[2i+1]:pos[2i+2]
        # Distinct surfaces with their analyses, for the gazetteer passes: the cache is asked
        # once per distinct word, and the words of the text are read from this dict.
        self.distinct = dict.fromkeys(self.toks)
        for surface in self.distinct:
            self.distinct[surface] = word_analysis(surface)
        self.words = list(map(self.distinct.__getitem__, self.toks))
        self._core_surfaces: dict[str, list[str]] | None = None

    def core_surfaces(self) -> dict[str, list[str]]:
        """Clitic-reading core -> the distinct surfaces (blockers left out) that can be read as
        it: built once per text, so that each gazetteer pass looks up only the cores it shares
        with the text instead of going over every distinct word."""
        if self._core_surfaces is None:
            out: dict[str, list[str]] = {}
            for surface, w in self.distinct.items():
                if not w.blocker:
                    for core in w.cores:
                        out.setdefault(core, []).append(surface)
            self._core_surfaces = out
        return self._core_surfaces

    def start(self, i: int) -> int:
        return self.pos[2 * i + 1]

    def end(self, i: int) -> int:
        return self.pos[2 * i + 2]

    def joined(self, i: int) -> bool:
        """True if word ``i`` follows word ``i - 1`` on the same line with only spaces between."""
        return 0 < i < len(self.toks) and _same_line_space(self.seps[i])

    def gap(self, i: int) -> str:
        """The text between word ``i - 1`` and word ``i``, stripped."""
        return self.seps[i].strip()

    def match_words(self, i: int, rest: tuple[str, ...]) -> int:
        """Index of the last word if words ``i+1..`` spell ``rest`` joined by spaces, else -1."""
        for k, key in enumerate(rest, start=i + 1):
            if k >= len(self.toks) or not _same_line_space(self.seps[k]) or self.words[k].key != key:
                return -1
        return i + len(rest)


def _gazetteer_index(gazetteer: Mapping[str, str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Index caller-supplied surface strings by the match key of their first word."""
    idx: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for surface, etype in gazetteer.items():
        words = _key(surface).split()
        if words:
            idx.setdefault(words[0], []).append((tuple(words[1:]), etype))
    for alts in idx.values():
        alts.sort(key=lambda a: -len(a[0]))
    return idx


# (first word, key letters of clitics cut off the first word, last word, type, priority)
_Candidate = tuple[int, int, int, str, int]


def _gazetteer_candidates(s: _Scan, gidx: dict) -> list[_Candidate]:
    """Spans matching gazetteer entries, clitic-tolerant on the first word (``وبيسكوف``)."""
    hits = {}
    by_core = s.core_surfaces()
    for shared in by_core.keys() & gidx.keys():
        for surface in by_core[shared]:
            if surface not in hits:
                # The first reading found in the gazetteer (exact first), as the surface reads.
                n, core = next(r for r in s.distinct[surface].readings if r[1] in gidx)
                hits[surface] = (n, gidx[core])
    return _hit_spans(s, hits)


def _hit_spans(s: _Scan, hits: dict) -> list[_Candidate]:
    """The candidates starting at each word whose surface is a gazetteer hit (surface ->
    clitic letters cut, alternatives): the longest alternative the following words spell."""
    out = []
    if hits:
        for i in [i for i, t in enumerate(s.toks) if t in hits]:
            n, alts = hits[s.toks[i]]
            for rest, etype in alts:
                j = s.match_words(i, rest)
                if j >= 0:
                    out.append((i, n, j, etype, GAZETTEER_PRIORITY))
                    break
    return out


def _resolve(s: _Scan, cands: list[_Candidate]) -> list[Mention]:
    """Greedy non-overlapping selection: longest span first, then higher priority, then leftmost."""
    spans = sorted(
        ((s.start(a) + _surface_offset(s.toks[a], n), s.end(b), prio, etype) for a, n, b, etype, prio in cands),
        key=lambda x: (x[0] - x[1], -x[2], x[0]),
    )
    starts: list[int] = []  # sorted starts of taken spans, with their ends alongside
    ends: list[int] = []
    out = []
    for start, end, _, etype in spans:
        k = bisect_right(starts, start)
        if (k and ends[k - 1] > start) or (k < len(starts) and starts[k] < end):
            continue
        starts.insert(k, start)
        ends.insert(k, end)
        out.append(Mention(start, end, s.text[start:end], etype))
    out.sort()
    return out

