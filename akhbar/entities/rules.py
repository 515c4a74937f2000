"""Pattern rules for Arabic names: given names, titles, organisation heads, lexicons, place contexts.

Production does not run these on the tagger's output: with the trained tagger they lowered F1 on
the ANERcorp dev split (``akhbar.ner.pipeline_eval`` measures both). They remain the fallback when
the tagger is off, the typer of publisher tags (``whole_type``), and what the evaluation ablates
rule by rule (``_RULES``).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from akhbar.entities.scan import (
    GAZETTEER_PRIORITY,
    Mention,
    _Candidate,
    _first_hit,
    _gazetteer_candidates,
    _gazetteer_index,
    _index,
    _resolve,
    _Scan,
    _Word,
)
from akhbar.text import lexicons as lx
from akhbar.text.morphology import (
    ALLAH,
    ARTICLE,
    CLITIC_LETTERS,
    CONJUNCTION_WA,
    IMPERFECT_PREFIX,
    LAM_LAM,
    LOC,
    NAME_CLITICS,
    ORG,
    PERS,
)
from akhbar.text.normalize import match_key

# Separators that may stand between a place and a following "(عاصمة ...)" apposition.
APPOSITION_GAPS = frozenset({"(", "\u060c", ","})
# "المتحدث باسم الكرملين": باسم means "in the name of" after a spokesperson, not the name Basem.
_BASEM = match_key("باسم")
_NOUN_NAMES = lx.COMMON_WORD_NAMES | {_BASEM}
# الله ends a name (آية الله، توفيق الله) except right after عبد, where it is the name.
_ALLAH = ALLAH
_SPOKESPERSON = frozenset(match_key(w) for w in "المتحدث المتحدثة الناطق الناطقة متحدث ناطق متحدثا ناطقا".split())

# Definite function words that end an idafa chain (other definite stopwords, e.g. العام, may
# belong to a name: جهاز الأمن العام).
_CHAIN_ENDERS = frozenset(match_key(w) for w in "الذي التي الذين اللذين اللتين اللواتي الآن".split())

MAX_NAME_WORDS = 3  # words after the given name (connectors included): محمد بن سلمان آل
MAX_CHAIN = 5  # idafa words after an organisation head

_LEXICON_INDEX = _index(lx.LOCATIONS, LOC)
for _first, _alts in _index(lx.ORG_NAMES, ORG).items():
    _LEXICON_INDEX.setdefault(_first, []).extend(_alts)



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
_PRIORITY = {"gazetteer": GAZETTEER_PRIORITY, _lexicon: 2, _organisation: 1, _persons: 1, _titled: 1, _place_context: 0}


def _active_rules() -> tuple:
    """The rules in force: ``akhbar.entities._RULES``, which the evaluation's ablations replace."""
    import akhbar.entities

    return akhbar.entities._RULES


def _rule_candidates(s: _Scan) -> list[_Candidate]:
    """Every span any rule proposes, overlapping; only words that trigger a rule are visited."""
    out = []
    words = s.words
    rules = _active_rules()
    for i in [i for i, w in enumerate(words) if w.trigger]:
        w = words[i]
        for rule in rules:
            for a, n, b, etype in rule(s, i, w):
                out.append((a, n, b, etype, _PRIORITY[rule]))
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



def whole_type(phrase: str) -> str | None:
    """The entity type of a phrase the rules recognise as one whole mention, else None."""
    found = recognize(phrase)
    if len(found) == 1 and found[0].surface == phrase.strip():
        return found[0].entity_type
    return None



def analyse_for_rules(w: _Word) -> None:
    """Fill in the attributes of a word that only the pattern rules read (see ``_Word``)."""
    key, readings = w.key, w.readings
    w.definite = (
        key.startswith(ARTICLE) and len(key) >= 4 and key not in _CHAIN_ENDERS
        and key not in lx.TIME_WORDS and key not in lx.COMMON_VERBS
    )
    name_readings = [(n, c) for n, c in readings if n == 0 or (n == 1 and key[0] in NAME_CLITICS)]
    w.compound = _first_hit(readings, lx.COMPOUND_NAME_HEADS)
    w.connector = key in lx.NAME_CONNECTORS
    title_word = _first_hit(readings, lx.PERSON_TITLES) >= 0
    w.title = title_word and any(c.startswith(ARTICLE) and c in lx.PERSON_TITLES for _, c in readings)
    w.org = _first_hit(readings, lx.ORG_HEADS)
    w.ctx = _first_hit(readings, lx.LOCATION_CONTEXT)
    w.nat = lx.nationality_location(key) is not None
    w.lex = [(n, alts) for n, core in readings if (alts := _LEXICON_INDEX.get(core))]
    w.loc = any(core in lx.LOCATIONS for _, core in readings)
    first = -1 if w.blocker else _first_hit(name_readings, lx.FIRST_NAMES)
    verbish = key.startswith(IMPERFECT_PREFIX) and 4 <= len(key) <= 6 and first < 0
    w.namelike = not (
        w.blocker or verbish or title_word or w.org >= 0 or w.loc or key == _ALLAH
        or (key[0] == CONJUNCTION_WA and first < 0)  # و-initial: a conjunction, not a surname
        or any(n and core.startswith(ARTICLE) for n, core in readings)  # بال/وال: a prepositional phrase
        or key.startswith(LAM_LAM)
    )
    w.first = first
    w.trigger = first >= 0 or w.compound >= 0 or w.title or w.org >= 0 or w.ctx >= 0 or bool(w.lex)


