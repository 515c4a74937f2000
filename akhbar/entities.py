"""Document-level entities for Arabic news: consistent labels and canonical names per article.

``recognize_document`` takes the trained tagger's names (``akhbar.ner``) for an article's title
and body, labels every repetition of a found name the same way, gives each name one type, and
links short forms (``بيسكوف``) to the full name given earlier in the article (``دميتري بيسكوف``);
``name_norm`` is the canonical key that makes one ``entities`` row per real-world name.

``recognize`` is a rule-based recognizer (given names, titles, organisation heads and their
idafa chains, places and place contexts). It is the fallback when the tagger is off: with the
tagger it lowered F1 on the ANERcorp dev split (see ``recognize_document``). ``Mention``,
``recognize``, ``recognize_document`` and ``name_norm`` are the stable API.

Speed: each distinct surface word is analysed once (``_word``, cached); the scan over a text is a
single pass in which words that trigger no rule cost one dict lookup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Mapping, NamedTuple, Sequence

from akhbar.text import lexicons as lx
from akhbar.text.normalize import DIACRITICS, TATWEEL, clean_display, match_key
from akhbar.text.stopwords import STOPWORDS
from akhbar.text.tokens import is_number, split_with_separators

_key = lru_cache(maxsize=1 << 14)(match_key)  # names and tags repeat across articles

PERS, LOC, ORG, MISC = "PERS", "LOC", "ORG", "MISC"
ENTITY_TYPES = (PERS, LOC, ORG, MISC)

ARTICLE = "\u0627\u0644"  # ال
# Clitic letters that glue to the next word: و ف (conjunctions), ب ل ك (prepositions).
CLITIC_LETTERS = "\u0648\u0641\u0628\u0644\u0643"
# Two-clitic stacks seen before names: وب ول فب فل وك.
CLITIC_PAIRS = ("\u0648\u0628", "\u0648\u0644", "\u0641\u0628", "\u0641\u0644", "\u0648\u0643")
LAM_LAM = "\u0644\u0644"  # لل: ل + ال with the alef elided, so the article cannot be cut out
# Letters a present-tense verb starts with (يقول، يؤكد): such a word is not a surname.
IMPERFECT_PREFIX = "\u064a"
MARKS = DIACRITICS + TATWEEL
# Separators that may stand between a place and a following "(عاصمة ...)" apposition.
APPOSITION_GAPS = frozenset({"(", "\u060c", ","})
# "المتحدث باسم الكرملين": باسم means "in the name of" after a spokesperson, not the name Basem.
_BASEM = match_key("باسم")
_NOUN_NAMES = lx.COMMON_WORD_NAMES | {_BASEM}
# الله ends a name (آية الله، توفيق الله) except right after عبد, where it is the name.
_ALLAH = match_key("الله")
_SPOKESPERSON = frozenset(match_key(w) for w in "المتحدث المتحدثة الناطق الناطقة متحدث ناطق متحدثا ناطقا".split())

# Definite function words that end an idafa chain (other definite stopwords, e.g. العام, may
# belong to a name: جهاز الأمن العام).
_CHAIN_ENDERS = frozenset(match_key(w) for w in "الذي التي الذين اللذين اللتين اللواتي الآن".split())
# Only the conjunctions glue to given names in practice (ومحمد); reading ب/ل/ك off a word would
# turn common words into names (بيان -> يان).
NAME_CLITICS = "\u0648\u0641"

MAX_NAME_WORDS = 3  # words after the given name (connectors included): محمد بن سلمان آل
MAX_CHAIN = 5  # idafa words after an organisation head
# Distinct words analysed and kept (least recently used leave first): a bound on a worker's
# memory, at a miss rate measured in docs/PERFORMANCE.md.
_CACHE_LIMIT = 1 << 15


class Mention(NamedTuple):
    """A recognised name: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entity_type: str


class DocMention(NamedTuple):
    """A mention in an article, with the canonical name it refers to in that article."""

    field: str  # 'title' | 'body'
    start: int
    end: int
    surface: str
    entity_type: str
    name: str  # canonical display form (the full name for a linked short form)
    name_norm: str  # name_norm(name)


class DocumentEntities(NamedTuple):
    """All entity mentions of one article, title first, in text order."""

    mentions: list[DocMention]

    def names(self, entity_type: str | None = None) -> list[str]:
        """Distinct canonical names, in order of first mention."""
        seen = dict.fromkeys(m.name for m in self.mentions if entity_type in (None, m.entity_type))
        return list(seen)


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


_LEXICON_INDEX = _index(lx.LOCATIONS, LOC)
for _first, _alts in _index(lx.ORG_NAMES, ORG).items():
    _LEXICON_INDEX.setdefault(_first, []).extend(_alts)


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
        self.cores = tuple(core for _, core in readings)
        self.blocker = (
            key in STOPWORDS or key in lx.TIME_WORDS or key in lx.COMMON_VERBS or key in lx.NON_NAME_WORDS
            or is_number(surface) or len(key) < 2
        )

    def __getattr__(self, name: str):
        # Reached only when a slot is unset: a rule attribute before the analysis for the rules.
        if name not in _RULE_ATTRIBUTES:
            raise AttributeError(name)
        self._analyse_for_rules()
        return object.__getattribute__(self, name)

    def _analyse_for_rules(self) -> None:
        key, readings = self.key, self.readings
        self.definite = (
            key.startswith(ARTICLE) and len(key) >= 4 and key not in _CHAIN_ENDERS
            and key not in lx.TIME_WORDS and key not in lx.COMMON_VERBS
        )
        name_readings = [(n, c) for n, c in readings if n == 0 or (n == 1 and key[0] in NAME_CLITICS)]
        self.compound = _first_hit(readings, lx.COMPOUND_NAME_HEADS)
        self.connector = key in lx.NAME_CONNECTORS
        title_word = _first_hit(readings, lx.PERSON_TITLES) >= 0
        self.title = title_word and any(c.startswith(ARTICLE) and c in lx.PERSON_TITLES for _, c in readings)
        self.org = _first_hit(readings, lx.ORG_HEADS)
        self.ctx = _first_hit(readings, lx.LOCATION_CONTEXT)
        self.nat = lx.nationality_location(key) is not None
        self.lex = [(n, alts) for n, core in readings if (alts := _LEXICON_INDEX.get(core))]
        self.loc = any(core in lx.LOCATIONS for _, core in readings)
        first = -1 if self.blocker else _first_hit(name_readings, lx.FIRST_NAMES)
        verbish = key.startswith(IMPERFECT_PREFIX) and 4 <= len(key) <= 6 and first < 0
        self.namelike = not (
            self.blocker or verbish or title_word or self.org >= 0 or self.loc or key == _ALLAH
            or (key[0] == "\u0648" and first < 0)  # و-initial: a conjunction, not a surname
            or any(n and core.startswith(ARTICLE) for n, core in readings)  # بال/وال: a prepositional phrase
            or key.startswith(LAM_LAM)
        )
        self.first = first
        self.trigger = first >= 0 or self.compound >= 0 or self.title or self.org >= 0 or self.ctx >= 0 or bool(self.lex)


_RULE_ATTRIBUTES = frozenset(_Word.__slots__) - {"key", "readings", "blocker", "cores"}


@lru_cache(maxsize=_CACHE_LIMIT)
def _word(surface: str) -> _Word:
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
        self.words = list(map(_word, self.toks))
        # Distinct surfaces with their analyses, for the gazetteer passes.
        self.distinct = dict(zip(self.toks, self.words))

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


def _persons(s: _Scan, i: int, w: _Word) -> Iterable[tuple[int, int, int, str]]:
    """Given name (or عبد + word) followed by name words: ``محمد البرغثي``, ``عبد الحميد الدبيبة``."""
    offset = w.first if w.first >= 0 else w.compound
    if offset < 0 or (w.key == _BASEM and i and s.words[i - 1].key in _SPOKESPERSON):
        return
    if next(c for n, c in w.readings if n == offset) in _NOUN_NAMES and _next_definite(s, i):
        return  # باسم الحكومة "in the name of", عمر السيارات "the age of": nouns, not names
    j = i
    if w.compound >= 0 and w.first < 0:
        if not (s.joined(i + 1) and (s.words[i + 1].namelike or s.words[i + 1].key == _ALLAH)):
            return
        j = i + 1
    taken, more, after_connector = 0, True, False
    while more and taken < MAX_NAME_WORDS and s.joined(j + 1):
        nxt = s.words[j + 1]
        if not (nxt.namelike or nxt.connector):
            break
        j, taken = j + 1, taken + 1
        # Another word only after a connector or عبد (محمد بن سلمان، سلمان بن عبد العزيز), or after a
        # middle given name not itself reached through a connector (محمد علي حسن).
        more = nxt.connector or nxt.compound >= 0 or (nxt.first >= 0 and not after_connector)
        after_connector = nxt.connector
    while j > i and s.words[j].connector:  # never end on بن / أبو
        j -= 1
    if j > i and not (w.compound >= 0 and w.first < 0 and j == i + 1):
        yield i, offset, j, PERS


def _next_definite(s: _Scan, i: int) -> bool:
    """True if word ``i + 1`` is a definite noun on the same line (``باسم الحكومة``: "in the name of")."""
    return s.joined(i + 1) and s.words[i + 1].definite


def _titled(s: _Scan, i: int, w: _Word) -> Iterable[tuple[int, int, int, str]]:
    """Definite title, optional nationality adjectives, then an indefinite name: ``الرئيس ماكرون``."""
    if not w.title:
        return
    j = i + 1
    while j < len(s.toks) and s.joined(j) and s.words[j].nat:
        j += 1
    if j < len(s.toks) and s.joined(j):
        nxt = s.words[j]
        # A word opening with a clitic letter is more often a preposition phrase (هنأ الرئيس
        # بذكرى) than a name; full names (فلاديمير بوتين) reach such short forms via the document.
        if (nxt.namelike and not nxt.definite and nxt.first < 0 and nxt.compound < 0 and not nxt.connector
                and nxt.key[0] not in CLITIC_LETTERS):
            yield j, 0, j, PERS


def _organisation(s: _Scan, i: int, w: _Word) -> Iterable[tuple[int, int, int, str]]:
    """ORG head + idafa chain: ``وزارة الدفاع الروسية``, ``قوات حفظ السلام الروسية``.

    The chain takes definite nouns, or once an indefinite noun followed by a definite one. A
    definite head (``القوات``) alone is a common noun, so it needs a nationality or place in the
    chain (``القوات المسلحة الأرمينية``).
    """
    if w.org < 0:
        return
    j, indefinite_used, national = i, False, False
    n = len(s.toks)
    while j - i < MAX_CHAIN and s.joined(j + 1):
        nxt = s.words[j + 1]
        if nxt.definite and not nxt.title:
            if j + 2 < n and s.joined(j + 2) and s.words[j + 2].key in lx.TIME_WORDS:
                break  # العام الماضي: a date, not part of the name
            j += 1
        elif (not indefinite_used and not nxt.blocker and not nxt.definite and nxt.org < 0
              and nxt.key[0] not in CLITIC_LETTERS and j + 2 < n and s.joined(j + 2)
              and s.words[j + 2].definite):
            j, indefinite_used = j + 2, True
        else:
            break
        national = national or s.words[j].nat or s.words[j].loc
    head = next(core for _, core in w.readings if core in lx.ORG_HEADS)
    if j > i and (not head.startswith(ARTICLE) or national):
        yield i, w.org, j, ORG


def _lexicon(s: _Scan, i: int, w: _Word) -> Iterable[tuple[int, int, int, str]]:
    """Places and organisation names from the lexicons, multi-word entries first."""
    for offset, alts in w.lex:
        for rest, etype in alts:
            j = s.match_words(i, rest)
            if j >= 0:
                yield i, offset, j, etype
                return


def _place_context(s: _Scan, i: int, w: _Word) -> Iterable[tuple[int, int, int, str]]:
    """``مدينة X`` / ``إقليم X`` / ``عاصمة X`` and ``X (عاصمة ...)``: X names a place."""
    if w.ctx < 0:
        return
    if i + 1 < len(s.toks) and s.joined(i + 1) and _place_name(s.words[i + 1]):
        yield i + 1, 0, i + 1, LOC
    if i >= 1 and s.gap(i) in APPOSITION_GAPS and _place_name(s.words[i - 1]):
        yield i - 1, 0, i - 1, LOC


def _place_name(w: _Word) -> bool:
    """Could this word be the name after a place noun? Not a function word, adjective or generic noun."""
    if w.loc:
        return True
    if not w.namelike:
        return False
    if w.key in lx.GENERIC_PLACE_NOUNS or w.nat or w.org >= 0 or w.definite or w.key.startswith(ARTICLE):
        return False  # definite places are in the lexicon; other definite words are common nouns
    # An indefinite feminine word after مدينة is an adjective (مدينة كبيرة).
    return not w.key.endswith("\u0647")


_RULES = (_lexicon, _organisation, _persons, _titled, _place_context)
_PRIORITY = {"gazetteer": 3, _lexicon: 2, _organisation: 1, _persons: 1, _titled: 1, _place_context: 0}


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


def _rule_candidates(s: _Scan) -> list[_Candidate]:
    """Every span any rule proposes, overlapping; only words that trigger a rule are visited."""
    out = []
    words = s.words
    for i in [i for i, w in enumerate(words) if w.trigger]:
        w = words[i]
        for rule in _RULES:
            for a, n, b, etype in rule(s, i, w):
                out.append((a, n, b, etype, _PRIORITY[rule]))
    return out


def _gazetteer_candidates(s: _Scan, gidx: dict) -> list[_Candidate]:
    """Spans matching gazetteer entries, clitic-tolerant on the first word (``وبيسكوف``)."""
    hits = {}
    cores = gidx.keys()
    for surface, w in s.distinct.items():
        if w.blocker or cores.isdisjoint(w.cores):
            continue
        n, core = next(r for r in w.readings if r[1] in gidx)
        hits[surface] = (n, gidx[core])
    out = []
    if hits:
        for i in [i for i, t in enumerate(s.toks) if t in hits]:
            n, alts = hits[s.toks[i]]
            for rest, etype in alts:
                j = s.match_words(i, rest)
                if j >= 0:
                    out.append((i, n, j, etype, _PRIORITY["gazetteer"]))
                    break
    return out


def recognize(text: str, *, gazetteer: Mapping[str, str] = {}) -> list[Mention]:  # noqa: B006 - read only
    """Find named entities in ``text``: non-overlapping mentions in text order.

    ``gazetteer`` maps extra surface strings (publisher tags, names found elsewhere in the
    document) to an entity type; they are matched clitic-tolerantly like the lexicons and win
    ties against the rules. Overlaps are resolved longest first, then by rule priority.
    """
    s = _Scan(text)
    cands = _rule_candidates(s)
    if gazetteer:
        cands += _gazetteer_candidates(s, _gazetteer_index(gazetteer))
    return _resolve(s, cands)


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


# --- canonical names --------------------------------------------------------------------------

# A clitic stacked on the article is unambiguous: وال/بال/فال/كال/وبال/فبال + stem -> ال + stem.
_ARTICLE_COMBOS = tuple(c + ARTICLE for c in CLITIC_PAIRS + tuple(CLITIC_LETTERS) if c[-1] != "\u0644")
_FULL_NAMES = {ORG: lx.ORG_NAMES, LOC: lx.LOCATIONS}
_TYPE_LEXICON = {
    PERS: lx.FIRST_NAMES | lx.COMPOUND_NAME_HEADS,
    LOC: lx.LOCATIONS | frozenset(e.split()[0] for e in lx.LOCATIONS),
    ORG: lx.ORG_NAMES | lx.ORG_HEADS | frozenset(e.split()[0] for e in lx.ORG_NAMES),
    MISC: frozenset(),
}


def _strip_word_clitics(word: str, whole: str, known: frozenset[str] | set[str], lexicon: frozenset[str]) -> str:
    """Remove clitics from the first word of a name key (see ``name_norm``)."""
    for combo in _ARTICLE_COMBOS:
        if word.startswith(combo) and len(word) - len(combo) >= 2:
            return ARTICLE + word[len(combo) :]
    if word.startswith(LAM_LAM) and len(word) > 4:
        return ARTICLE + word[2:]
    rest = whole[len(word) :]
    if word in lexicon or whole in known or whole in lexicon:
        return word
    for n in (1, 2):
        if len(word) - n >= 2 and all(c in CLITIC_LETTERS for c in word[:n]):
            stem = word[n:]
            if stem in lexicon or stem + rest in known or stem + rest in lexicon:
                return stem
    return word


def name_norm(name: str, entity_type: str, known: Iterable[str] = ()) -> str:
    """Canonical match key of a name: the key with attached clitics removed.

    * Clitics stacked on the article always go (``والبرغثي`` -> ``البرغثي``, ``للعراق`` ->
      ``العراق``): the article stays because it is part of the name.
    * A bare clitic letter (و ب ل ك ف) goes only when the name without it is known (the type's
      lexicon, or ``known`` match keys such as the article's other names) and the name with it is
      not: ``وموسكو`` -> ``موسكو`` but ``باكو`` and ``وليد`` stay whole.
    * The article itself is removed only where it is not part of the name, which the lexicon
      says: an ORG/LOC whose bare form is a listed full name (``الناتو`` -> ``ناتو``). Person
      names and places keep it (``البرغثي``, ``العراق``).
    """
    key = _key(name)
    if not key:
        return key
    known_keys = known if isinstance(known, (set, frozenset)) else frozenset(known)
    lexicon = _TYPE_LEXICON.get(entity_type, frozenset())
    first = key.split(" ", 1)[0]
    key = _strip_word_clitics(first, key, known_keys, lexicon) + key[len(first) :]
    if key.startswith(ARTICLE) and key[2:] in _FULL_NAMES.get(entity_type, ()):
        key = key[2:]
    return key


def _display(surface: str, norm: str) -> str:
    """Display form of a surface as a canonical name: ``للقوات الأرمينية`` -> ``القوات الأرمينية``."""
    text = clean_display(surface)
    if _key(text).startswith(LAM_LAM) and norm.startswith(ARTICLE):
        return ARTICLE + text[2:]
    return text


def _short_forms(surface: str) -> list[str]:
    """Forms a full person name is later shortened to: its last word (``دميتري بيسكوف`` -> ``بيسكوف``)."""
    words = surface.split()
    if len(words) < 2:
        return []
    last = words[-1]
    key = _key(last)
    if key in lx.FIRST_NAMES or key in STOPWORDS or key in lx.NAME_CONNECTORS or len(key) < 3:
        return []
    return [last]


def _model_surface_ok(surface: str) -> bool:
    """A tagger span worth trusting as a name: some letters, not a lone function word."""
    key = _key(surface)
    return len(key.replace(" ", "")) >= 2 and key not in STOPWORDS


def _whole_type(phrase: str) -> str | None:
    """The entity type of a phrase the rules recognise as one whole mention, else None."""
    found = recognize(phrase)
    if len(found) == 1 and found[0].surface == phrase.strip():
        return found[0].entity_type
    return None


def recognize_document(
    title: str,
    body: str,
    tags: Iterable[str] = (),
    model_spans: tuple[Sequence[tuple[int, int, str]], Sequence[tuple[int, int, str]]] | None = None,
    rules: bool | None = None,
) -> DocumentEntities:
    """Entities of one article with document-level consistency and short-form linking.

    ``model_spans`` are the trained tagger's names per field (title, body). ``rules`` adds the
    pattern rules (given names, titles, organisation heads, lexicons, place contexts); by default
    they run only when there are no tagger spans. With the tagger they cost F1: on the ANERcorp
    dev split (``python -m akhbar.ner.pipeline_eval``) tagger + document evidence scores 0.774,
    tagger + rules 0.719, mostly through organisation heads (الحكومة العراقية) that the
    annotation does not count as names and through boundaries overriding the tagger's.

    1. Names are proposed on title and body: the tagger's names and the publisher tags typed as
       a whole name act as a gazetteer (with the rules' names when ``rules``).
    2. Every name found, and the last word of every full person name, becomes a gazetteer for a
       second pass, so each repetition is labelled too (``بيسكوف:`` in the title).
    3. Each mention gets one type per name (majority in the article) and a canonical name: a short
       person form links to the nearest preceding full name ending with it (``بيسكوف`` ->
       ``دميتري بيسكوف``), or the first full name after it when none precedes.
    """
    if rules is None:
        rules = model_spans is None
    scans = [(field, _Scan(text)) for field, text in (("title", title), ("body", body))]
    proposed = [_rule_candidates(sc) if rules else [] for _, sc in scans]
    tag_gaz = {t: etype for t in tags if (etype := _whole_type(t))}
    if model_spans is not None:
        # The trained tagger's names act like publisher tags: document evidence that the rules
        # then label consistently, link (short forms) and canonicalise.
        for text, spans in zip((title, body), model_spans):
            for start, end, etype in spans:
                surface = text[start:end]
                if _model_surface_ok(surface):
                    tag_gaz.setdefault(surface, etype)
    tag_idx = _gazetteer_index(tag_gaz) if tag_gaz else None
    doc_gaz = dict(tag_gaz)
    for (_, sc), cands in zip(scans, proposed):
        extra = _gazetteer_candidates(sc, tag_idx) if tag_idx else []
        for m in _resolve(sc, cands + extra):
            doc_gaz.setdefault(m.surface, m.entity_type)
            if m.entity_type == PERS:
                for short in _short_forms(m.surface):
                    doc_gaz.setdefault(short, PERS)
    doc_idx = _gazetteer_index(doc_gaz)
    found = [
        (order, field, m)
        for order, ((field, sc), cands) in enumerate(zip(scans, proposed))
        for m in _resolve(sc, cands + _gazetteer_candidates(sc, doc_idx))
    ]
    known = {_key(m.surface) for _, _, m in found}
    norms = [name_norm(m.surface, m.entity_type, known) for _, _, m in found]
    types = _majority_types(norms, [m.entity_type for _, _, m in found])
    full_names = _full_person_names(found, norms, types)
    display: dict[str, str] = {}
    out = []
    for (order, field, m), norm in zip(found, norms):
        etype = types[norm]
        name, canon = display.setdefault(norm, _display(m.surface, norm)), norm
        if etype == PERS and " " not in norm and norm in full_names:
            name, canon = _nearest(full_names[norm], (order, m.start))
        out.append(DocMention(field, m.start, m.end, m.surface, etype, name, canon))
    return DocumentEntities(out)


def _majority_types(norms: list[str], etypes: list[str]) -> dict[str, str]:
    """One type per name in an article: the most frequent, ties to the first seen."""
    counts: dict[str, Counter[str]] = {}
    for norm, etype in zip(norms, etypes):
        counts.setdefault(norm, Counter())[etype] += 1
    return {norm: c.most_common(1)[0][0] for norm, c in counts.items()}


def _full_person_names(found, norms, types) -> dict[str, list[tuple[tuple[int, int], str, str]]]:
    """Short-form key -> [(position, display, norm)] of the full person names ending with it."""
    out: dict[str, list[tuple[tuple[int, int], str, str]]] = {}
    for (order, _, m), norm in zip(found, norms):
        if types[norm] != PERS or " " not in norm:
            continue
        for short in _short_forms(m.surface):
            key = name_norm(short, PERS)
            out.setdefault(key, []).append(((order, m.start), _display(m.surface, norm), norm))
    return out


def _nearest(candidates: list[tuple[tuple[int, int], str, str]], pos: tuple[int, int]) -> tuple[str, str]:
    """The full name mentioned last before ``pos``, else the first one after it."""
    before = [c for c in candidates if c[0] < pos]
    best = max(before) if before else min(candidates)
    return best[1], best[2]
