"""Reading CoNLL files (``token TAG`` per line, blank line between sentences).

Tags are normalized on the way in: the type spellings PER and MIS become PERS and MISC, and the
IOB1 convention (an ``I-`` tag may open an entity) is converted to IOB2, where every entity
starts with ``B-``. That is exactly how conlleval reads an ``I-`` tag after ``O`` or after an
entity of another type.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

ENTITY_TYPES = ("PERS", "LOC", "ORG", "MISC")
# Alternative spellings found in ANERcorp releases and other Arabic NER corpora.
TYPE_ALIASES = {"PER": "PERS", "PERSON": "PERS", "MIS": "MISC", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
OUTSIDE = "O"
# The tagger's label set, in a fixed order (its output layer follows it).
TAGS = (OUTSIDE,) + tuple(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I"))


class Sentence(NamedTuple):
    """Tokens of one sentence with their IOB2 tags."""

    tokens: list[str]
    tags: list[str]


def normalize_tag(tag: str) -> str:
    """Canonical spelling of one tag: ``B-PER`` -> ``B-PERS``, ``I-MIS`` -> ``I-MISC``."""
    if tag == OUTSIDE or "-" not in tag:
        return OUTSIDE
    prefix, kind = tag.split("-", 1)
    kind = TYPE_ALIASES.get(kind.upper(), kind.upper())
    return f"{prefix.upper()}-{kind}"


def to_iob2(tags: list[str]) -> list[str]:
    """Make every entity start with ``B-``: an ``I-X`` after ``O`` or after another type opens one."""
    out, previous = [], OUTSIDE
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def parse_conll(lines) -> list[Sentence]:
    """Sentences from CoNLL lines; the token is the first column and the tag the last."""
    sentences, tokens, tags = [], [], []
    for line in lines:
        fields = line.split()
        if not fields or fields[0] == "-DOCSTART-":
            if tokens:
                sentences.append(Sentence(tokens, to_iob2(tags)))
                tokens, tags = [], []
            continue
        tokens.append(fields[0])
        tags.append(normalize_tag(fields[-1]) if len(fields) > 1 else OUTSIDE)
    if tokens:
        sentences.append(Sentence(tokens, to_iob2(tags)))
    return sentences


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of a CoNLL file (UTF-8)."""
    with open(path, encoding="utf-8") as handle:
        return parse_conll(handle)


def split_dev(sentences: list[Sentence], dev_fraction: float = 0.1) -> tuple[list[Sentence], list[Sentence]]:
    """Train/dev split: the last ``dev_fraction`` of the sentences are dev (the corpus is ordered
    by document, so this keeps dev articles unseen)."""
    cut = len(sentences) - int(round(len(sentences) * dev_fraction))
    return sentences[:cut], sentences[cut:]


def contiguous_folds(sentences: list[Sentence], folds: int) -> list[tuple[int, int]]:
    """``(start, end)`` sentence ranges of ``folds`` contiguous blocks covering ``sentences``.

    Blocks, not a shuffle: ANERcorp keeps each article's sentences together, and an article
    repeats its names, so a random split would put the same names on both sides and overstate
    accuracy on unseen names. A block boundary cuts at most one article in two.
    """
    if not 2 <= folds <= len(sentences):
        raise ValueError(f"need 2 <= folds <= {len(sentences)} sentences, got {folds}")
    bounds = [round(i * len(sentences) / folds) for i in range(folds + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


def split_fold(sentences: list[Sentence], folds: int, fold: int) -> tuple[list[Sentence], list[Sentence]]:
    """Train/held-out split of cross-validation fold ``fold`` (0-based) of ``folds`` contiguous blocks."""
    start, end = contiguous_folds(sentences, folds)[fold]
    return sentences[:start] + sentences[end:], sentences[start:end]
