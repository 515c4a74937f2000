"""Keyphrase candidates of one article: every distinct 1-3-word phrase worth scoring.

This module is pure (no Prefect, no DuckDB): ``extract_candidates`` turns a title and a body into
rows of ``article_terms``; ``warehouse/sql/score_keywords.sql`` ranks them against the corpus.

Rules, and why:

* A phrase never crosses punctuation or a line break (``القليلة المقبلة،`` cannot come out with
  its comma, nor a phrase run across two sentences).
* It never starts or ends with a function word (``والذي يحل`` is not a phrase), nor has one
  inside: Arabic compounds are construct chains (``وزارة الدفاع``, ``قوات حفظ السلام``), and
  phrases bridged by a preposition (``عرقي في قره``) were noise on the seed. A function word
  glued to a clitic (``والذي``, ``فهذا``) counts as one.
* Numbers and one-letter tokens break phrases: a candidate never contains them.
* Clitic variants merge: the match key of each word drops its clitics (``والروسية``,
  ``بالروسية`` and ``الروسية`` meet on ``الروسيه``); a bare one-letter clitic is dropped only
  when the remainder is another word of the same article (``ووزارة`` -> ``وزارة`` but ``وزارة``
  stays whole), see ``akhbar.text.tokens.strip_proclitics``.
* The display form of a phrase loses the clitics of its first word only: those bind the phrase
  to its context (*and* / *with* the Russian ...), while a clitic inside it is part of the phrase
  (``الأمن والسلام``, ``وقف لإطلاق النار``).
* Title words come first in word positions and their occurrences count double.
* A 2-3-word phrase must be written at least twice (title included, counted once here): a
  phrase seen once carries no evidence of being a unit and would multiply the table by ~4.

Speed matters (8.8M words in the pipeline's two-minute budget): per-word work is memoized across
articles, and per-token work runs inside ``re.findall``, ``map``, ``zip``, ``compress`` and
``collections.Counter``; Python-level loops only visit the few words and phrases that need it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import Counter
from functools import partial
from itertools import accumulate, compress, count, repeat
from operator import and_, itemgetter
from typing import NamedTuple

from akhbar.text.normalize import DIACRITICS, INVISIBLE_CONTROLS, TATWEEL, match_key
from akhbar.text.stopwords import STOPWORDS
from akhbar.text.tokens import ARTICLE, BREAK, PROCLITICS_SINGLE, is_number, strip_proclitics, word_stream

MAX_WORDS = 3
"""Longest candidate phrase, in words."""

TITLE_WEIGHT = 2
"""Each title occurrence counts this many times in ``tf``."""

LEAD_WORDS = 60
"""A single word written once is a candidate only in the title and lead (its first words).

Single words seen once were about 70% of all candidate rows on SaudiNewsNet, and deep in an
article they are rarely what it is about; the lead states the story.
"""

MIN_PHRASE_OCCURRENCES = 2
"""Least occurrences (title ones counted once) a 2-3-word phrase needs to be a candidate.

Single words need one. A phrase written once is no evidence of a unit: on SaudiNewsNet the
once-only phrases were mostly title fragments (``يجعل البيض أغلى``) and they would multiply
the table by ~4."""

# Marks that ride on a letter: skipped when counting the letters of a clitic off a display word.
_NON_LETTERS = frozenset(DIACRITICS + TATWEEL + INVISIBLE_CONTROLS)
_CONJUNCTIONS = "\u0648\u0641"  # و ف
_PREPOSITIONS = "\u0628\u0644\u0643"  # ب ل ك
# Words that open a name part and never end a phrase: ``محمد بن سلمان`` and ``عبد الله`` are
# phrases, ``الأمير مشاري بن`` and ``الملك عبد`` are not.
NAME_CONNECTORS = frozenset(map(match_key, "بن بنت ابن ابنة أبو أبي عبد آل".split()))
# Content words that read as clitic + function word (ب+لديه, ف+تحت, ب+الي): found on the most
# frequent such forms of SaudiNewsNet.
_NOT_CLITIC_FORMS = frozenset(map(match_key, "بلدية بلدي بلديات فتحت بالي".split()))

class Candidate(NamedTuple):
    """One candidate keyphrase of an article (a row of ``article_terms`` without the id)."""

    term_norm: str
    term: str
    n_words: int
    tf: int
    first_pos: int


class _Word(NamedTuple):
    """What an article-independent look at one written word tells."""

    key: str  # match key as written
    norm: str | None  # key without clitics glued to the article; None if no phrase may hold it
    head: str | None  # display form without those clitics
    single: str | None  # norm without a bare one-letter clitic, if the word may carry one
    single_head: str | None  # display form without that clitic


# The stream's phrase break reads as a word no phrase may hold.
_BREAK_WORD = _Word(BREAK, None, None, None, None)
_KEY, _NORM, _HEAD, _SINGLE = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)

# Memo of ``_word``: news vocabulary is Zipfian, so after a few hundred articles almost every word
# is a hit. Bounded in two generations (it would otherwise grow with the corpus): a full memo
# becomes the previous one, whose words still in use move back, so frequent words stay. The size
# trades a worker's memory against misses (the measurements: docs/PERFORMANCE.md).
_WORD_MEMO: dict[str, _Word] = {BREAK: _BREAK_WORD}
_PREVIOUS_MEMO: dict[str, _Word] = {}
_WORD_MEMO_MAX = 49_152

# ``Candidate(*fields)`` without the Python-level ``__new__`` frame, for ``map``.
_candidate = partial(tuple.__new__, Candidate)
# Candidates are appended by phrase length, so a stable sort on first_pos alone orders them by
# (first_pos, n_words); two candidates never share both.
_FIRST_POS = itemgetter(4)


# --- one word -----------------------------------------------------------------------------


def drop_letters(word: str, n: int) -> str:
    """Drop the first ``n`` letters of a display word, with the marks riding on them.

    >>> drop_letters("\u0648\u064e\u0627\u0644\u0631\u0648\u0633\u064a\u0629", 1)  # وَالروسية
    '\u0627\u0644\u0631\u0648\u0633\u064a\u0629'
    """
    i = 0
    while n and i < len(word):
        if word[i] not in _NON_LETTERS:
            n -= 1
        i += 1
    while i < len(word) and word[i] in _NON_LETTERS:
        i += 1
    return word[i:]


def display_without(word: str, key: str, norm: str) -> str:
    """The display form of ``word`` once its key ``key`` lost clitics and became ``norm``.

    The article stays as written (``بالروسية`` -> ``الروسية``); an article merged into a
    preposition is written out again (``للرئيس`` -> ``الرئيس``).
    """
    if norm == key:
        return word
    if not unicodedata.is_normalized("NFKC", word):
        # Presentation forms (``ﻻ``) are one character for two key letters: count on the key's.
        word = unicodedata.normalize("NFKC", word)
    cut = len(key) - len(norm)
    if key[cut:] == norm:
        return drop_letters(word, cut)
    return ARTICLE + drop_letters(word, cut + len(ARTICLE))


def is_function_word(key: str) -> bool:
    """True if a match key is a function word, alone or behind a conjunction and a preposition.

    ``والذي``, ``فهذا``, ``وبعد``, ``بذلك`` all are, so the stopword list need not spell out every
    clitic combination.
    """
    if key in STOPWORDS:
        return True
    if key in _NOT_CLITIC_FORMS:
        return False
    rest = key[1:] if key and key[0] in _CONJUNCTIONS else key
    if rest is not key and len(rest) >= 2 and rest in STOPWORDS:
        return True
    return len(rest) >= 3 and rest[0] in _PREPOSITIONS and rest[1:] in STOPWORDS


def _word(word: str) -> _Word:
    """Everything about a written word that does not depend on its article (memoized)."""
    found = _WORD_MEMO.get(word)
    if found is None:
        found = _PREVIOUS_MEMO.get(word) or _analyse(word)
        _remember(word, found)
    return found


def _remember(word: str, info: _Word) -> None:
    global _PREVIOUS_MEMO
    if len(_WORD_MEMO) >= _WORD_MEMO_MAX:
        _PREVIOUS_MEMO = _WORD_MEMO.copy()
        _WORD_MEMO.clear()
        _WORD_MEMO[BREAK] = _BREAK_WORD
    _WORD_MEMO[word] = info


def _analyse(word: str) -> _Word:
    # Most words are their own key, norm and head: equal strings are kept as one object, which
    # makes a memo entry about half the size (the memo holds ~100k of them).
    key = _one_of(match_key(word), word)
    norm = _one_of(strip_proclitics(key, keep_article=True), key)
    if len(norm) < 2 or is_number(word) or is_function_word(key):
        info = _Word(key, None, word, None, None)
    elif norm == key and len(key) >= 4 and key[0] in PROCLITICS_SINGLE:
        # Whether the one letter is a clitic depends on the article: keep both readings.
        single = strip_proclitics(key, keep_article=True, known=(key[1:],))
        info = _Word(key, norm, word, _one_of(single, norm), drop_letters(word, 1))
    else:
        info = _Word(key, norm, _one_of(display_without(word, key, norm), word), None, None)
    return info


def _one_of(text: str, same: str) -> str:
    """``same`` if it equals ``text`` (one string object kept instead of two equal ones)."""
    return same if text == same else text


# --- the article --------------------------------------------------------------------------


def _stream(title: str, body: str) -> tuple[list[str], int]:
    """Title then body words in order with ``BREAK`` marks, and the title part's length."""
    stream = word_stream(title)
    stream.append(BREAK)
    title_len = len(stream)
    stream += word_stream(body)
    return stream, title_len


def _resolve(stream: list[str]) -> tuple[list[str | None], list[str | None]]:
    """Per stream position: the word's key without clitics, and its display form without them.

    The key is ``None`` where no phrase may hold the word (break, function word, number, single
    letter). A bare one-letter clitic is dropped when the remainder is a word of this article.
    """
    infos = list(map(_WORD_MEMO.get, stream))
    if not all(infos):  # some word is new: every _Word is a non-empty tuple, a miss is None
        infos = [info or _word(word) for word, info in zip(stream, infos)]
    keys = list(map(_NORM, infos))
    heads = list(map(_HEAD, infos))
    known = set(map(_KEY, infos))
    for i in compress(count(), map(known.__contains__, map(_SINGLE, infos))):
        keys[i], heads[i] = infos[i].single, infos[i].single_head
    return keys, heads


def _best_display(keys: list, shows: list) -> dict:
    """Most frequent display per key over parallel lists; ties go to the first seen.

    Most keys have a single display in an article, so occurrences are counted only for the
    keys that have several.
    """
    pairs = dict.fromkeys(zip(keys, shows))  # distinct (key, display), in first-seen order
    shown = dict(pairs.keys())
    if len(shown) == len(pairs):
        return shown
    per_key = Counter(map(_KEY, pairs))
    varied = set(compress(per_key, map((1).__lt__, per_key.values())))
    best: dict = {}
    for (key, show), n in Counter(compress(zip(keys, shows), map(varied.__contains__, keys))).items():
        if n > best.get(key, (0,))[0]:
            best[key] = (n, show)
    shown.update((key, show) for key, (_, show) in best.items())
    return shown


def extract_candidates(title: str, body: str) -> list[Candidate]:
    """All distinct 1-3-word candidate keyphrases of an article, ordered by first position.

    ``term_norm`` is the phrase's per-word match keys without clitics, joined by one space;
    ``term`` its most frequent display form; ``tf`` its occurrences (title ones count
    ``TITLE_WEIGHT`` times); ``first_pos`` the word index of its first occurrence, title first.
    """
    stream, title_len = _stream(title, body)
    keys, heads = _resolve(stream)
    # Word index of each stream position: the breaks before it do not count.
    pos = list(accumulate(map(bool, stream), initial=0))
    usable = list(map(bool, keys))
    # ``isdisjoint`` of a 1-tuple is "not a connector", computed in C.
    ends = list(map(and_, usable, map(NAME_CONNECTORS.isdisjoint, zip(keys))))

    # Single words: every usable one that may end a phrase is a candidate.
    uni_keys = list(compress(keys, ends))
    uni_at = list(compress(count(), ends))
    tf1 = Counter(uni_keys)
    in_title = uni_keys[: bisect_left(uni_at, title_len)]
    for _ in range(TITLE_WEIGHT - 1):
        tf1.update(in_title)
    first1 = dict(zip(reversed(uni_keys), reversed(uni_at)))
    shown1 = _best_display(uni_keys, list(compress(heads, ends)))
    firsts = map(pos.__getitem__, map(first1.__getitem__, tf1))
    out = [
        c
        for c in map(_candidate, zip(tf1, map(shown1.__getitem__, tf1), repeat(1), tf1.values(), firsts))
        if c.tf > 1 or c.first_pos < LEAD_WORDS
    ]

    # Phrases: the first word's display loses its clitics, the others stay as written.
    runs = usable  # runs[i]: the n words from i are all usable
    for n in range(2, MAX_WORDS + 1):
        runs = list(map(and_, runs, usable[n - 1 :]))
        starts = list(map(and_, runs, ends[n - 1 :]))
        at = list(compress(count(), starts))
        if not any(runs):
            break
        grams = list(compress(zip(*(keys[k:] for k in range(n))), starts))
        tf = Counter(grams)
        chosen = set(compress(tf, map((MIN_PHRASE_OCCURRENCES - 1).__lt__, tf.values())))
        if not chosen:
            continue
        wanted = list(map(chosen.__contains__, grams))
        where = list(compress(at, wanted))
        later = (map(stream.__getitem__, map(k.__add__, where)) for k in range(1, n))
        shows = list(zip(map(heads.__getitem__, where), *later))
        shown = _best_display(list(compress(grams, wanted)), shows)
        first = dict(zip(reversed(grams), reversed(at)))
        in_title = grams[: bisect_left(at, title_len)]
        for _ in range(TITLE_WEIGHT - 1):
            tf.update(in_title)
        for g in chosen:
            out.append(_candidate((" ".join(g), " ".join(shown[g]), n, tf[g], pos[first[g]])))

    out.sort(key=_FIRST_POS)
    return out
