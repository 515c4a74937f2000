"""Names and their canonical match keys: clitics off, one key per real-world name.

``name_norm`` is the key that makes one ``entities`` row per name within the rules of one
article; corpus-level linking of variants (``akhbar.entities.linking``) starts from it.
"""

from __future__ import annotations

import re
from typing import Iterable

from akhbar.entities.scan import _key
from akhbar.text import lexicons as lx
from akhbar.text import wordlists
from akhbar.text.morphology import (
    ARTICLE,
    CLITIC_LETTERS,
    CLITIC_PAIRS,
    CONJUNCTION_WA,
    GENEALOGY,
    LAM_LAM,
    LOC,
    MISC,
    ORG,
    PERS,
    SPACED_NAME_HEADS,
)
from akhbar.text.normalize import clean_display
from akhbar.text.stopwords import STOPWORDS


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


def display_name(surface: str, norm: str) -> str:
    """Display form of a surface as a canonical name: ``للقوات الأرمينية`` -> ``القوات الأرمينية``."""
    text = clean_display(surface)
    if _key(text).startswith(LAM_LAM) and norm.startswith(ARTICLE):
        return ARTICLE + text[2:]
    return without_leading_clitics(text, norm)


def without_leading_clitics(text: str, norm: str) -> str:
    """A display form without the clitic letters its match key dropped: ``وأحمد عكاش`` (key
    ``احمد عكاش``) -> ``أحمد عكاش``, ``بأمريكا`` -> ``أمريكا``; a name whose key keeps them
    (``وليد``, ``باكو``) stays whole."""
    for n in (1, 2):
        if len(text) > n + 1 and all(c in CLITIC_LETTERS for c in text[:n]) and _key(text[n:]) == norm != _key(text):
            # كال is a foreign name's start (كاليفورنيا، كاليه) far more often than "like the".
            return text if text[:n].endswith(_KAF) and norm.startswith(ARTICLE) else text[n:]
    return text


_KAF = "\u0643"  # ك


def short_forms(surface: str, given_names: bool = False) -> list[str]:
    """Forms a full person name is later shortened to: its last word (``دميتري بيسكوف`` -> ``بيسكوف``).

    A last word that is also a given name (``هادي``, ``صالح``) is a short form only with
    ``given_names`` (for linking a mention the tagger found, never as a gazetteer entry that would
    tag the word everywhere) and only as a family name: in a name of two to four words whose
    last word is not a father's name after ``بن`` (``عبد ربه منصور هادي`` -> ``هادي``, ``محمد صلاح``
    -> ``صلاح``, never ``محمد بن سلمان`` -> ``سلمان``)."""
    words = surface.split()
    if len(words) < 2:
        return []
    last = words[-1]
    key = _key(last)
    if key in STOPWORDS or key in lx.NAME_CONNECTORS or len(key) < 3 or key in lx.PERSON_TITLES:
        return []
    if key in lx.FIRST_NAMES and not (given_names and _ends_with_family_name(words)):
        return []
    return [last]


def _ends_with_family_name(words: list[str]) -> bool:
    """The last word of a name of two to four words is a family name, not a father's name nor a
    dynasty's (``آل سعود``; آل and ال share a match key)."""
    keys = [_key(w) for w in words]
    # آل سعود names a dynasty: سعود alone is not the king of ``سلمان بن عبدالعزيز آل سعود``; a
    # chain with بن or a title inside is two people or a run-on span (محمد بن عبدالوهاب وابنه الشيخ عبدالله).
    return (
        2 <= len(keys) <= 4 and keys[-2] != ARTICLE and not keys[0].startswith(ARTICLE)
        and not any(k in GENEALOGY or k in lx.PERSON_TITLES or k.startswith(CONJUNCTION_WA + ARTICLE) for k in keys)
    )




# The word right after a span, on the same line (letters only: punctuation ends a name).
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def complete_dangling_link(text: str, start: int, end: int) -> int:
    """End of a person span that stops on a genealogical link: the tagger often ends
    ``الأمير عبدالله بن [مساعد]`` before a father's name that is also a common word, and a name
    never ends with ``بن``. The span then takes the next word (two for a spaced ``عبد العزيز``);
    any other span ends where it ended."""
    words = _key(text[start:end]).split()
    if len(words) < 2 or words[-1] not in GENEALOGY:
        return end
    m = _NEXT_WORD.match(text, end)
    if m is None or _key(m.group(1)) in STOPWORDS:
        return end
    if _key(m.group(1)) in SPACED_NAME_HEADS and (rest := _NEXT_WORD.match(text, m.end())) is not None:
        return rest.end()
    return m.end()



ADJECTIVE_PLACE_NAMES = wordlists.keys("adjective_place_names")
# The word right before a span, on the same line (letters only: punctuation ends a noun phrase).
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[ \t]+$")
# Searched only where a run of letters starts, on the window cut out of the text (see
# _TWO_PREVIOUS_WORDS_AT_RUNS below: the same match, found without trying inside every word).
_PREVIOUS_WORD_AT_RUNS = re.compile(r"(?<![^\W\d_])" + _PREVIOUS_WORD.pattern)
# A definite noun, clitics stacked on the article included (والأندية، بالخطوط، للمنتخبات).
# The word before السعودية in the country's own long name (المملكة العربية السعودية).
_COUNTRY_NAME_WORDS = frozenset({"\u0627\u0644\u0639\u0631\u0628\u064a\u0647"})  # العربيه
_DEFINITE_PREFIXES = (ARTICLE, LAM_LAM) + tuple(c + ARTICLE for c in CLITIC_PAIRS + tuple(CLITIC_LETTERS))


def is_adjective_use(text: str, start: int, end: int) -> bool:
    """A place name that is also an adjective (ADJECTIVE_PLACE_NAMES) used as one: right after a
    definite noun that is not itself a place (``الأندية [السعودية]`` but not ``في [السعودية]`` nor
    ``المملكة العربية [السعودية]``)."""
    if _key(text[start:end]) not in ADJECTIVE_PLACE_NAMES:
        return False
    m = _PREVIOUS_WORD_AT_RUNS.search(text[max(0, start - 40) : start])
    if m is None:
        return False
    before = _key(m.group(1))
    if not before.startswith(_DEFINITE_PREFIXES) or before in STOPWORDS:
        return False
    bare = ARTICLE + before[len(LAM_LAM):] if before.startswith(LAM_LAM) else before[before.index(ARTICLE):]
    return bare not in lx.LOCATIONS and bare not in _COUNTRY_NAME_WORDS


NAME_PART_HEADS = wordlists.keys("name_part_heads")
# The two words right before a span, on the same line.
_TWO_PREVIOUS_WORDS = re.compile(r"(?:([^\W\d_]+)[ \t]+)?([^\W\d_]+)[ \t]+$")
# The same, tried only where a run of letters starts: a match starting inside a run means one
# starting at the run's first letter (or the window's), so the leftmost match and its groups are
# the same, and the search skips the letters inside words. Searched on the window cut out of the
# text, so that a run the window cuts still starts a match at the window's first character.
_TWO_PREVIOUS_WORDS_AT_RUNS = re.compile(r"(?<![^\W\d_])" + _TWO_PREVIOUS_WORDS.pattern)


def _is_head(key: str) -> bool:
    """A name-part head, with a clitic or two on it (بمستشفى، لدوري، وبمطار)."""
    return any(key[n:] in NAME_PART_HEADS for n in range(3) if n == 0 or all(c in CLITIC_LETTERS for c in key[:n]))


def is_part_of_another_name(text: str, start: int) -> bool:
    """A person span that is part of another thing's name (NAME_PART_HEADS): right after the head
    (``دوري [عبد اللطيف جميل]``) or after the head and one title (``مستشفى الملك [خالد]``)."""
    m = _TWO_PREVIOUS_WORDS_AT_RUNS.search(text[max(0, start - 60) : start])
    if m is None:
        return False
    last = _key(m.group(2))
    if _is_head(last):
        return True
    return m.group(1) is not None and last in lx.PERSON_TITLES and _is_head(_key(m.group(1)))
