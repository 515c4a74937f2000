"""Span cleaning: what the tagger takes into a name, or leaves out of it, in this press.

Small rules on the words around one span, applied to the tagger's names before they become
document evidence (``akhbar.entities.document``). Each returns new offsets, never new text, so
``body[start:end] == surface`` still holds.
"""

from __future__ import annotations

import re

from akhbar.entities.linking import is_given_name
from akhbar.entities.scan import _key
from akhbar.text import lexicons as lx
from akhbar.text import wordlists
from akhbar.text.morphology import ABD, ALLAH, CLITIC_LETTERS, CONJUNCTION_WA, FAMILY, GENEALOGY, LOC, ORG, PERS, SPACED_NAME_HEADS

# Religious formulas that follow a name (محمد صلى الله عليه وسلم، سعود الفيصل رحمه الله): the
# multi-word entries of non_entities.txt with الله or السلام in them, not starting with الله, as
# word tuples of match keys (not the fragment الحرمين الشريفين: خادم الحرمين الشريفين is a title).
_FORMULA_WORDS = frozenset({ALLAH, "\u0627\u0644\u0633\u0644\u0627\u0645"})  # الله، السلام
TRAILING_FORMULAS = frozenset(
    words
    for words in (tuple(k.split(" ")) for k in wordlists.keys("non_entities") if " " in k)
    if words[0] != ALLAH and not _FORMULA_WORDS.isdisjoint(words)
)
_LONGEST_FORMULA = max(map(len, TRAILING_FORMULAS))
# علي, the given name, with its dotted final ي: the tagger reads it as the preposition على
# (one match key for both) and starts the name after it (علي [عبدالله صالح]).
ALI = "\u0639\u0644\u064a"
_WORD = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
# The word before a span, on the same line, with any clitic letters glued on (وعلي، لعلي).
_WORD_BEFORE = re.compile(r"([\u0621-\u064a]+)[ \t]+$")
_TWO_WORDS_BEFORE = re.compile(r"(?:([\u0621-\u064a]+)[ \t]+)?([\u0621-\u064a]+)[ \t]+$")
KING = "\u0627\u0644\u0645\u0644\u0643"  # الملك


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(start, end, match key)`` of each whitespace-separated word of ``text[start:end]``."""
    return [(start + m.start(), start + m.end(), _key(m.group())) for m in _WORD.finditer(text[start:end])]


def trim_name_end(text: str, start: int, end: int, entity_type: str) -> int:
    """End of a span without the words the tagger ran into after the name: a religious formula
    (``عمر بن الخطاب [رضي الله عنه]``), a person's title that starts the next phrase (``مجلس الوزراء
    [الدكتور]``), a reporting verb (``عبدالله المطيري [يقول]``) or a Latin transcription after an
    Arabic name (``رونالد ريغان [Regan]``). The first word always stays."""
    words = _words(text, start, end)
    arabic = bool(words) and _ARABIC.search(text[words[0][0] : words[0][1]]) is not None
    while len(words) > 1:
        keys = tuple(k for _, _, k in words)
        cut = next(
            (n for n in range(min(_LONGEST_FORMULA, len(words) - 1), 1, -1) if keys[-n:] in TRAILING_FORMULAS), 0
        )
        last_key, last = keys[-1], text[words[-1][0] : words[-1][1]]
        if cut:
            words = words[:-cut]
        elif (last_key in lx.PERSON_TITLES and keys[-2] != FAMILY) or last_key in lx.COMMON_VERBS:
            words.pop()  # not a family name such as آل الشيخ
        elif arabic and _LATIN.search(last) and not _ARABIC.search(last):
            words.pop()
        else:
            break
    return words[-1][1] if words else end


def extend_name_start(text: str, start: int, entity_type: str) -> int:
    """Start of a person span with the given names the tagger left out before it: ``علي`` (see
    ``extend_given_name_ali``) and a compound name (``عبدالله``, ``عبد الله``): ``علي عبد الله
    [صالح]`` is one name. At most three words are taken in."""
    if entity_type != PERS or text.startswith(CONJUNCTION_WA, start):
        return start  # محمد علي [ونايف فايز]: a second name joined by و, not علي's
    for _ in range(3):
        new = extend_given_name_ali(text, start, entity_type)
        if new == start:
            new = _extend_compound_name(text, start)
        if new == start:
            return start
        start = new
    return start


def _extend_compound_name(text: str, start: int) -> int:
    """Start of a person span with the compound given name before it (``عبدالله``, ``عبد الله``)."""
    m = _TWO_WORDS_BEFORE.search(text, max(0, start - 24), start)
    if m is None:
        return start
    first, second = m.group(1), m.group(2)
    if first is not None and _key(first) in SPACED_NAME_HEADS and len(second) >= 3:
        new = m.start(1)  # عبد الله
    elif _key(second).startswith(ABD) and len(_key(second)) > len(ABD) + 2:
        new = m.start(2)  # عبدالله
    else:
        return start
    before = _WORD_BEFORE.search(text, max(0, new - 12), new)
    if before is not None and _key(before.group(1)) in GENEALOGY:
        return start  # محمد بن عبدالله [الزامل]: a father's name; half a chain would name another man
    return new


def extend_king_title(text: str, start: int, end: int, entity_type: str) -> int:
    """Start of a person span that is a given name alone right after ``الملك``: the title goes in
    (``الملك [عبدالعزيز]`` -> ``الملك عبدالعزيز``, the founder, not a given name of no one in
    particular). A prince's given name stays alone: many princes share one."""
    if entity_type != PERS or not is_given_name(_key(text[start:end])):
        return start
    m = _WORD_BEFORE.search(text, max(0, start - 12), start)
    if m is None or _key(m.group(1)) != KING:
        return start
    return m.start(1)


def extend_given_name_ali(text: str, start: int, entity_type: str) -> int:
    """Start of a person span with the given name علي the tagger left out before it: ``علي
    [عبدالله صالح]``, ``لعلي [عبدالله صالح]`` -> the span starts at علي (its clitic, if any, stays in
    the surface and the match key drops it). Only the spelling with a dotted ي: ``على`` is the
    preposition."""
    if entity_type != PERS or text.startswith(CONJUNCTION_WA, start):
        return start  # محمد علي [ونايف فايز]: a second name joined by و, not علي's
    m = _WORD_BEFORE.search(text, max(0, start - 12), start)
    if m is None:
        return start
    word = m.group(1)
    if word == ALI or (word.endswith(ALI) and len(word) <= len(ALI) + 2 and all(c in CLITIC_LETTERS for c in word[: -len(ALI)])):
        return m.start(1)
    return start


def is_inside_facility_name(text: str, start: int, entity_type: str) -> bool:
    """A place or organisation span right after a facility's or index's head word
    (``data/place_part_heads.txt``): ``مستشفى [حائل]``, ``مكتبة [الكونغرس]``, ``مؤشر [شنغهاي]`` name
    the hospital, the library, the index, not the place. Heads such as ``مدينة`` (``مدينة [جدة]``
    is Jeddah) are not in the list."""
    if entity_type not in (LOC, ORG):
        return False
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and _is_place_part_head(_key(m.group(1)))


PLACE_PART_HEADS = wordlists.keys("place_part_heads")


def _is_place_part_head(key: str) -> bool:
    """A place-part head, with a clitic or two on it (بمستشفى، لمؤشر)."""
    return any(
        key[n:] in PLACE_PART_HEADS for n in range(3) if n == 0 or all(c in CLITIC_LETTERS for c in key[:n])
    )



def clean_model_span(text: str, start: int, end: int, entity_type: str) -> tuple[int, int]:
    """A tagger span with the rules above: علي, a compound given name and a king's title taken in,
    formulas, titles, verbs and transcriptions after the name left out."""
    end = trim_name_end(text, start, end, entity_type)
    start = extend_name_start(text, start, entity_type)
    return extend_king_title(text, start, end, entity_type), end


# At most this many words between a title standing for a person and the holder's name after it.
TITLE_GAP_WORDS = 4


def holder_gap_ok(gap: str) -> bool:
    """The words between a title standing for a person and a name after it make that name the
    holder's: none, a title (``الملك``), or a short chain of offices that starts and ends with a
    title word (``ولي العهد [وزير الداخلية الأمير] محمد بن نايف``), on one line, no punctuation."""
    words = gap.split()
    if "\n" in gap or len(words) > TITLE_GAP_WORDS or any(not _ARABIC.fullmatch(w[-1]) for w in words):
        return False
    if len(words) <= 1:
        return all(_key(w) in lx.PERSON_TITLES for w in words)
    return _key(words[0]) in lx.PERSON_TITLES and _key(words[-1]) in lx.PERSON_TITLES


def apposition_gap_ok(gap: str) -> bool:
    """A name right before a title, in apposition (``الأمير محمد بن سلمان [ولي ولي العهد]``, a
    comma between allowed): the name is the holder's."""
    return "\n" not in gap and gap.strip() in ("", "\u060c", ",")
