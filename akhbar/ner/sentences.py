"""Sentence splitting of raw text for tagging."""

from __future__ import annotations

import re

# Sentence ends: full stop, exclamation mark, Latin and Arabic question marks (U+061F), newlines.
# A full stop between two digits is a decimal separator, not a sentence end.
SENTENCE_END = re.compile(r"(?<!\d)\.|\.(?!\d)|[!?\u061f\n]")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) character ranges of the sentences of ``text`` (empty ones included)."""
    bounds, start = [], 0
    for m in SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def split_sentences(text: str) -> list[str]:
    """The non-blank sentences of ``text``."""
    return [text[a:b] for a, b in sentence_bounds(text) if not text[a:b].isspace() and a < b]
