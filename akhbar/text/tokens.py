"""Word tokens with character offsets, and Arabic clitic handling for match keys."""

from __future__ import annotations

import re
from typing import Container, NamedTuple

from akhbar.text.morphology import ARTICLE, PROCLITICS_SINGLE, PROCLITICS_WITH_ARTICLE
from akhbar.text.normalize import INVISIBLE_CONTROLS, match_key

# Arabic letters (base block, supplement, extended-A), diacritics and tatweel are word characters,
# as are Latin letters and digits; everything else separates words.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+(?:[.,]\d+)*", re.UNICODE)

# Proclitics that attach to a following word (conjunctions و/ف, prepositions ب/ل/ك, and the
# article ال with its ل-assimilated form لل) are defined once, in akhbar.text.morphology.

class Token(NamedTuple):
    """A word with its [start, end) offsets in the text it was cut from."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with offsets; punctuation is never part of a token."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """The words of a text, without offsets."""
    return _WORD.findall(text)


# --- phrase boundaries ----------------------------------------------------------------------

# Characters that neither make a word nor end a phrase: horizontal white space, and the invisible
# controls scrapers leave between words. Everything else that is not a word character
# (punctuation, symbols, emoji, line breaks) ends a phrase.
HORIZONTAL_SPACE = "\t \u00a0\u2000-\u200a\u202f\u205f\u3000"
# Word characters exactly as ``_WORD`` has them (Arabic marks and tatweel are not ``\w``).
WORD_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_NOT_BREAKING = rf"\w{WORD_MARKS}{HORIZONTAL_SPACE}{INVISIBLE_CONTROLS}"
# A run of phrase breakers, with the spaces between them (``" (`` is one break). A '.' or ','
# between digits is inside a number (``2.5``) for ``_WORD``, so it does not break.
_PHRASE_BREAK = rf"(?:(?!(?<=\d)[.,]\d)[^{_NOT_BREAKING}][{HORIZONTAL_SPACE}{INVISIBLE_CONTROLS}]*)+"
# One pass: a word comes out as itself (cut exactly as ``words`` cuts it), a break as ''.
_WORD_OR_BREAK = re.compile(rf"({_WORD.pattern})|{_PHRASE_BREAK}", re.UNICODE)

BREAK = ""
"""The mark ``word_stream`` puts where a phrase must stop."""


def word_stream(text: str) -> list[str]:
    """The words of a text in order, with ``BREAK`` ('') wherever punctuation or a line break
    separates them, so that n-grams never span punctuation.

    >>> word_stream("الساعات القليلة المقبلة، قال")
    ['الساعات', 'القليلة', 'المقبلة', '', 'قال']
    """
    return _WORD_OR_BREAK.findall(text)


_NUMBER = re.compile(r"[\d.,\u0660-\u0669\u06f0-\u06f9]+")


def is_number(token: str) -> bool:
    """True for tokens made of digits only (ASCII or Arabic-Indic), with separators."""
    # Compiled once: this runs on every new word of the entity scan and the keywords.
    return _NUMBER.fullmatch(token) is not None


def strip_proclitics(key: str, keep_article: bool = False, known: "Container[str] | None" = None) -> str:
    """Remove attached clitics (and the article) from a match key.

    Clitics glued to the article are unambiguous and always go: ``وبالروسيه`` -> ``روسيه``
    (``الروسيه`` with ``keep_article``). A bare one-letter clitic is ambiguous (``وزاره`` and
    ``باكو`` start with root letters), so it is removed only when the remainder is a word in
    ``known``, e.g. the other words of the same article or a corpus vocabulary.
    """
    for clitic in PROCLITICS_WITH_ARTICLE:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            stem = key[len(clitic) :]
            return ARTICLE + stem if keep_article else stem
    if known is not None and len(key) >= 4 and key[0] in PROCLITICS_SINGLE:
        if key[1:] in known:
            return key[1:]
    return key


def word_key(word: str) -> str:
    """Match key of one word with its clitics and article removed (for clitic-insensitive joins)."""
    return strip_proclitics(match_key(word))


def proclitic_readings(key: str) -> tuple[str, ...]:
    """Every way to read a match key with its glued proclitics removed, the key itself first.

    Ambiguous on purpose (``باكو`` -> ``باكو``, ``اكو``): callers keep a reading only when it meets
    other evidence, e.g. a phrase attested elsewhere. The article stays: ``وبالروسيه`` ->
    ``بالروسيه``, ``الروسيه``; ``للعراق`` -> ``العراق``.
    """
    out = [key]
    if key.startswith("\u0644\u0644") and len(key) > 4:  # لل: ل + ال with the alef elided
        out.append(ARTICLE + key[2:])
    rest = key
    for _ in range(2):
        if len(rest) >= 4 and rest[0] in PROCLITICS_SINGLE:
            rest = rest[1:]
            out.append(rest)
    return tuple(dict.fromkeys(out))


_WORD_SPLIT = re.compile(f"({_WORD.pattern})", re.UNICODE)


def split_with_separators(text: str) -> list[str]:
    """``[sep, word, sep, word, ..., sep]``: the words of ``tokenize`` and the text between them.

    Joining the parts gives back the text, so offsets are the running sums of their lengths; for
    hot loops this is several times faster than building ``Token`` objects.
    """
    return _WORD_SPLIT.split(text)
