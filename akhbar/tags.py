"""Segmenting a publisher's tag line ("كلمات دلالية: ...") into its multi-word tags.

Tags are joined by single spaces with no delimiter, so the boundaries are inferred: a dynamic
program over the words picks the segmentation with the highest total evidence. A segment is
favoured when it

* equals a name the recognizer found in the article or a tag known from earlier runs,
* occurs contiguously in the title or body (clitic-tolerant on its first word), longer attested
  phrases scoring more than their parts,
* looks like a person's name (a given name plus a name word) or an organisation (an ORG head
  plus its idafa chain), or is a lexicon place/organisation.

A single function word can never be a tag; an unattested multi-word segment costs a little, so
that without evidence words stay separate tags.
"""

from __future__ import annotations

from typing import Container, Iterable, NamedTuple

from akhbar.text import lexicons as lx
from akhbar.text.morphology import ARTICLE
from akhbar.text.normalize import clean_display, match_key
from akhbar.text.stopwords import STOPWORDS
from akhbar.text.tokens import proclitic_readings, tokenize

MAX_TAG_WORDS = 6
IMPOSSIBLE = float("-inf")

# Evidence weights per word of a segment. Attested phrases score super-linearly (a bonus per
# join), so a longer attested phrase beats every split of it into attested parts; a known name
# scores above any attested phrase of the same words plus a neighbour, so it wins a conflict.
W_KNOWN = 3.0  # the article's entity names and tags of earlier runs (plus S_KNOWN per segment)
S_KNOWN = 1.0
W_ATTESTED = 2.0  # a multi-word phrase occurring in the text (plus B_JOIN per join)
B_JOIN = 0.5
W_PATTERN = 2.0  # given name + name, or a lexicon multi-word entry
W_ORG_CHAIN = 1.0  # ORG head + idafa chain: weaker, it also matches "head + next tag"
S_ATTESTED_WORD = 1.0  # a single word occurring in the text
S_LEXICON_WORD = 2.0  # a single word that is a lexicon place or organisation
UNATTESTED_JOIN = -1.0  # per extra word of a multi-word segment without evidence


class Tag(NamedTuple):
    """One publisher tag: display form (clean_display) and match key."""

    display: str
    norm: str


def _attested_phrases(text: str, max_words: int = MAX_TAG_WORDS) -> set[str]:
    """Match keys of the word n-grams of ``text`` not broken by punctuation or a line break.

    The first word of each n-gram is also entered with its glued proclitics removed
    (``وقوات حفظ السلام`` attests ``قوات حفظ السلام``).
    """
    out: set[str] = set()
    run: list[str] = []
    prev_end = -1
    for tok in tokenize(text):
        gap = text[prev_end : tok.start]
        if run and not (gap.isspace() and "\n" not in gap):
            _add_ngrams(run, out, max_words)
            run = []
        run.append(match_key(tok.text))
        prev_end = tok.end
    _add_ngrams(run, out, max_words)
    return out


def _add_ngrams(run: list[str], out: set[str], max_words: int) -> None:
    """Add every n-gram of a punctuation-free run of word keys to ``out``."""
    for i, first in enumerate(run):
        tail = ""
        for k in range(i + 1, min(i + max_words, len(run))):
            tail += " " + run[k]
            for reading in proclitic_readings(first):
                out.add(reading + tail)
        out.update(proclitic_readings(first))


def _is_name_word(key: str) -> bool:
    """Could this word be the family name after a given name (not a function or lexicon word)?"""
    return not (
        key in STOPWORDS or key in lx.ORG_HEADS or key in lx.PERSON_TITLES or key in lx.LOCATIONS
        or key in lx.ORG_NAMES or key in lx.TIME_WORDS or key in lx.COMMON_VERBS
    )


def _looks_like_person(keys: tuple[str, ...]) -> bool:
    """Given name + one name word (``نيكول باشينيان``), or عبد X Y / X بن Y (three words)."""
    if len(keys) == 2:
        return keys[0] in lx.FIRST_NAMES and _is_name_word(keys[1]) and keys[1] not in lx.NAME_CONNECTORS
    if len(keys) == 3:
        compound = keys[0] in lx.COMPOUND_NAME_HEADS
        connected = keys[0] in lx.FIRST_NAMES and keys[1] in lx.NAME_CONNECTORS
        return (compound or connected) and _is_name_word(keys[2]) and keys[2] not in lx.NAME_CONNECTORS
    return False


def _looks_like_org(keys: tuple[str, ...]) -> bool:
    """ORG head + definite nouns, or + one indefinite noun then definite ones (``قوات حفظ السلام``)."""
    if len(keys) < 2 or keys[0] not in lx.ORG_HEADS:
        return False
    rest = keys[1:]
    if not rest[0].startswith(ARTICLE):
        rest = rest[1:]
        if not rest:
            return False
    return all(k.startswith(ARTICLE) and k not in STOPWORDS and k not in lx.TIME_WORDS for k in rest)


def _segment_score(keys: tuple[str, ...], attested: set[str], names: Container[str], known: Container[str]) -> float:
    """Evidence that the words ``keys`` form one tag (see module docstring)."""
    n = len(keys)
    phrase = " ".join(keys)
    if n == 1 and phrase in STOPWORDS:
        return IMPOSSIBLE
    if phrase in names or phrase in known:
        return W_KNOWN * n + S_KNOWN
    if n == 1:
        if phrase in lx.LOCATIONS or phrase in lx.ORG_NAMES:
            return S_LEXICON_WORD
        return S_ATTESTED_WORD if phrase in attested else 0.0
    if keys[-1] in STOPWORDS and phrase not in attested:
        return IMPOSSIBLE
    if phrase in attested:
        return W_ATTESTED * n + B_JOIN * (n - 1)
    if _looks_like_person(keys) or phrase in lx.LOCATIONS or phrase in lx.ORG_NAMES:
        return W_PATTERN * n
    if _looks_like_org(keys):
        return W_ORG_CHAIN * n
    return UNATTESTED_JOIN * (n - 1)


def segment_tags(
    tag_text: str,
    *,
    title: str,
    body: str,
    entity_names: Iterable[str] = (),
    known_tags: Container[str] = (),
) -> list[Tag]:
    """Split a tag line into tags by maximising total evidence over all segmentations.

    ``entity_names`` are names found in the article (any spelling; compared on match keys);
    ``known_tags`` holds match keys of tags seen in earlier runs.
    """
    words = clean_display(tag_text).split()
    if not words:
        return []
    keys = [match_key(w) for w in words]
    attested = _attested_phrases(title + "\n" + body)
    names = {match_key(n) for n in entity_names}
    best = [0.0] + [IMPOSSIBLE] * len(words)
    back = [0] * (len(words) + 1)
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - MAX_TAG_WORDS), end):
            if best[start] == IMPOSSIBLE:
                continue
            score = best[start] + _segment_score(tuple(keys[start:end]), attested, names, known_tags)
            if score > best[end]:
                best[end], back[end] = score, start
    if best[-1] == IMPOSSIBLE:  # e.g. a line of function words only: keep what the line says
        return [Tag(w, k) for w, k in zip(words, keys) if k not in STOPWORDS]
    return _backtrack(words, back)


def _backtrack(words: list[str], back: list[int]) -> list[Tag]:
    """The segments of the best path, in line order."""
    tags = []
    end = len(words)
    while end > 0:
        start = back[end]
        display = " ".join(words[start:end])
        tags.append(Tag(display, match_key(display)))
        end = start
    return tags[::-1]
