"""Repairs of the tagger's span boundaries before the document evidence reads them.

The tagger labels tokens, so its spans break where one name is cut in two (``[هونج] [كونج]``,
``[جان مارك دو] [لا سابليير]``), join two names coordinated with و (``[بوش وبلير]``), or start a
name at its genealogical link (``علي [بن أبي طالب]``). Each repair is one small rule on the
article's text and the spans ``(start, end, type)``; none adds a name the tagger did not find.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from akhbar.entities.scan import _key
from akhbar.text import lexicons as lx
from akhbar.entities.institutions import INSTITUTION_HEADS
from akhbar.entities.places import places
from akhbar.text.morphology import ARTICLE, BINT, CONJUNCTION_WA, IBN, LOC, MISC, NAME_CONNECTORS, ORG, PERS
from akhbar.text.stopwords import STOPWORDS

Span = tuple[int, int, str]
# Match keys of single words, memoised: the repairs look at the same words article after article.
_word_key = lru_cache(maxsize=1 << 16)(_key)

# Types whose names the tagger cuts into adjacent pieces (a transliterated name of several words,
# a currency and its country: جنيه إسترليني).
_JOINABLE = frozenset({PERS, LOC, MISC})
# Words that open with و and are themselves a name part, not the conjunction: وليد، وائل، ولد
# (ولد in Mauritanian names, محمد ولد عبد العزيز).
_WA_NAME_WORDS = frozenset(_key(w) for w in ("ولد", "ولي")) | frozenset(k for k in lx.HAND_NAMES if k.startswith(CONJUNCTION_WA))
# A word and the white space before it, on one line.
_WORD = re.compile(r"\S+")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+) $")


# و then a bare alef other than the article's (وايت، وانغ, transliterated W-names): a name that
# starts with و, where the conjunction before a name would carry a hamza (وأحمد) or the article (والحسين).
_WAW_ALEF = CONJUNCTION_WA + "\u0627"
# Links after which the next word belongs to the same name (أبي وقاص، بن ود).
_LINKS = NAME_CONNECTORS - {ARTICLE}


def _is_conjoined(word: str, previous: str = "") -> bool:
    """``word`` opens with the conjunction و (``وبلير``), not with a name that starts with و
    (``وليد``, ``وايت``, ``أبي وقاص``)."""
    key = _word_key(word)
    if not key.startswith(CONJUNCTION_WA) or len(key) < 3 or key in _WA_NAME_WORDS:
        return False
    if word.startswith(_WAW_ALEF) and not word.startswith(_WAW_ALEF + "\u0644"):
        return False
    return _word_key(previous) not in _LINKS


def _known_place(word: str) -> bool:
    """A word that names a place alone (a country, a city of GeoNames or of the place list)."""
    key = _word_key(word)
    stems = [key] + [key[n:] for n in (1, 2) if len(key) - n >= 2]
    return any(k in lx.LOCATIONS or k in places() for k in stems)


def join_adjacent(text: str, spans: Sequence[Span]) -> list[Span]:
    """Two PERS or MISC spans one space apart are one name the tagger cut (``جان مارك دو`` +
    ``لا سابليير``, ``جنيه`` + ``إسترليني``), unless the second opens with the conjunction و
    (``شافيز ولوكاشنكو`` are two); two LOC spans likewise when neither piece names a place alone
    (``هونج كونج``, not ``غوانتانامو الدوحة``)."""
    out: list[Span] = []
    for start, end, etype in sorted(spans):
        if (
            out and etype in _JOINABLE and out[-1][2] == etype and text[out[-1][1] : start] == " "
            and not _is_conjoined(text[start:end].split(maxsplit=1)[0], text[out[-1][0] : out[-1][1]].split()[-1])
            and (etype != LOC or not any(map(_known_place, text[out[-1][0] : end].split())))
        ):
            out[-1] = (out[-1][0], end, etype)
        else:
            out.append((start, end, etype))
    return out


def split_coordinated(text: str, spans: Sequence[Span]) -> list[Span]:
    """A PERS span with an inner word opening with the conjunction و is two names
    (``بوش وبلير`` -> ``بوش``, ``بلير``); an ORG span likewise where the و opens another
    institution (``الويبو وجامعة الدول العربية``), not a coordinated noun of one name
    (``وزارة الثقافة والإعلام``). The second name starts after the و."""
    out: list[Span] = []
    for start, end, etype in spans:
        if etype not in (PERS, ORG):
            out.append((start, end, etype))
            continue
        piece, previous = start, ""
        for m in _WORD.finditer(text, start, end):
            if (m.start() > piece and m.group()[0] == CONJUNCTION_WA
                    and (_opens_institution(m.group()) if etype == ORG else _is_conjoined(m.group(), previous))):
                out.append((piece, _trim_end(text, piece, m.start()), etype))
                piece = m.start() + len(CONJUNCTION_WA)
            previous = m.group()
        out.append((piece, end, etype))
    return out


def _opens_institution(word: str) -> bool:
    """``word`` is و + an institution head, with or without the article (وجامعة، والمنظمة)."""
    key = _word_key(word)
    if not key.startswith(CONJUNCTION_WA):
        return False
    bare = key[1:]
    return bare in INSTITUTION_HEADS or (bare.startswith(ARTICLE) and bare[2:] in INSTITUTION_HEADS)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def extend_to_given_name(text: str, spans: Sequence[Span]) -> list[Span]:
    """A PERS span that opens with بن/بنت takes the word before it: a genealogical link inside a
    name always follows a name (``علي [بن أبي طالب]``), unless that word is a title, a definite
    word or a function word that is no given name (``الرئيس بن علي``, ``المغربي بن``). ``ابن``
    often opens a name itself (``ابن بطوطة``) and is left alone."""
    out: list[Span] = []
    for start, end, etype in spans:
        words = text[start:end].split(maxsplit=1) if etype == PERS else ()
        if len(words) > 1 and _word_key(words[0]) in (IBN, BINT):
            m = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
            if m is not None and _takes_link(_word_key(m.group(1))) and not any(s[1] > m.start(1) and s[0] < start for s in out):
                start = m.start(1)
        out.append((start, end, etype))
    return out


def _takes_link(key: str) -> bool:
    """Could this word be the name a genealogical link follows?"""
    if key in lx.HAND_NAMES:
        return True  # علي is a name here, not the preposition
    return (
        len(key) >= 2 and key not in STOPWORDS and key not in lx.PERSON_TITLES and key not in NAME_CONNECTORS
        and not key.startswith(ARTICLE) and not lx.is_nationality_adj(key)
    )


# The next word after a span, on the same line.
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")


def complete_link_end(text: str, spans: Sequence[Span]) -> list[Span]:
    """A PERS span never ends on a link (بن، بنت، ابن، أبو، أبي، عبد): it takes the next word, a given
    name even when it is also a function word (``الحسين بن [علي]``, ``علي بن [أبي] طالب``)."""
    out: list[Span] = []
    for start, end, etype in spans:
        for _ in range(2):  # بن أبي طالب: a link may follow a link
            if etype != PERS or _word_key(text[start:end].rsplit(maxsplit=1)[-1]) not in _LINKS:
                break
            m = _NEXT_WORD.match(text, end)
            if m is None or (_word_key(m.group(1)) in STOPWORDS and _word_key(m.group(1)) not in lx.HAND_NAMES):
                break
            end = m.end()
        out.append((start, end, etype))
    return out


def drop_leading_nationality(text: str, spans: Sequence[Span]) -> list[Span]:
    """A PERS span that opens with a nationality adjective starts after it: the adjective
    describes the person (``السنغالي [سيدي بيه]``, ``النيجيري [أرجنتا]``) and is no part of the name."""
    out: list[Span] = []
    for start, end, etype in spans:
        m = _WORD.match(text, start)
        if etype == PERS and m is not None and m.end() < end and m.group().startswith(ARTICLE) and lx.is_nationality_adj(m.group()):
            start = m.end() + len(text[m.end() : end]) - len(text[m.end() : end].lstrip())
        out.append((start, end, etype))
    return out


def extend_over_given_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """A PERS span that stops on a given name goes on over the given names and the family name
    after it (``[طه ياسين] رمضان``, ``[محمد] علي العظمي``): an Arabic full name is a chain of given
    names closed by a family nisba (ال + stem + ي). The given names come from the hand list
    (so علي counts, though it is also how على is written); a nationality adjective or any other
    word ends the name (``محمد المصري`` is left alone)."""
    out: list[Span] = []
    taken = sorted(spans)
    for n, (start, end, etype) in enumerate(taken):
        if etype == PERS and _word_key(text[start:end].rsplit(maxsplit=1)[-1]) in lx.HAND_NAMES:
            limit = taken[n + 1][0] if n + 1 < len(taken) else len(text)
            for _ in range(_MAX_NAME_EXTENSION):
                m = _NEXT_WORD.match(text, end)
                if m is None or m.end() > limit:
                    break
                key = _word_key(m.group(1))
                if key in lx.HAND_NAMES and not (key in STOPWORDS and m.group(1).endswith(_ALEF_MAKSURA)):
                    end = m.end()  # علي the name, not على the preposition
                    continue
                if _family_nisba(key):
                    end = m.end()
                break
        out.append((start, end, etype))
    return out


# Words a name may take after a given name the tagger stopped on (a given name and a family name).
_MAX_NAME_EXTENSION = 2
_NISBA_ENDING = "\u064a"  # ي
_ALEF_MAKSURA = "\u0649"  # ى: على is the preposition, علي the name


def _family_nisba(key: str) -> bool:
    """ال + stem + ي, not a nationality adjective nor a function word: البكري، العظمي، الخطابي."""
    return (
        key.startswith(ARTICLE) and key.endswith(_NISBA_ENDING) and len(key) >= 6
        and not lx.is_nationality_adj(key) and key not in STOPWORDS and key not in lx.PERSON_TITLES
    )


def repair_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """Every repair above, in order: join cut names, split coordinated ones, drop a leading
    nationality adjective, reach the given name, complete a name cut after a link, go on over
    given names and a family name."""
    spans = drop_leading_nationality(text, split_coordinated(text, join_adjacent(text, spans)))
    spans = complete_link_end(text, extend_to_given_name(text, spans))
    return extend_over_given_names(text, spans)


def drop_titles_before_holder(mentions: list, texts: dict[str, str]) -> list:
    """A title mention right before the name of the person it stands for (``[الرئيس السوري]
    [بشار الأسد]``) is the same reference twice: the name's mention stays, the title's goes.
    A title alone (``قال الرئيس السوري``) stays a mention of its holder. Runs after the titles
    are linked, so a title and its holder share ``name_norm``."""
    drop = set()
    for k, (m, nxt) in enumerate(zip(mentions, mentions[1:])):
        if m.method != "title" or nxt.field != m.field or nxt.entity_type != PERS or nxt.name_norm != m.name_norm:
            continue
        gap = texts[m.field][m.end : nxt.start].split()
        if all(_word_key(w) in lx.PERSON_TITLES for w in gap) and len(gap) <= 1:
            drop.add(k)
    return [m for k, m in enumerate(mentions) if k not in drop]
