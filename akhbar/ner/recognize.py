"""From raw text to character-offset entity spans: tokenize, split sentences, tag, map back."""

from __future__ import annotations

from akhbar.ner.metrics import spans
from akhbar.ner.sentences import sentence_bounds
from akhbar.text.tokens import Token, tokenize


def sentence_tokens(text: str) -> list[list[Token]]:
    """Tokens of each non-empty sentence of ``text``, offsets relative to ``text``.

    The text is tokenized once and the tokens are dealt to sentences by their start offset (a
    token never contains a sentence end, except the rare ``word.5``, which stays whole).
    """
    out: list[list[Token]] = []
    bounds = iter(sentence_bounds(text))
    end = -1
    current: list[Token] = []
    for token in tokenize(text):
        if token.start >= end:
            if current:
                out.append(current)
                current = []
            while token.start >= end:
                _, end = next(bounds)
        current.append(token)
    if current:
        out.append(current)
    return out


def recognize_many(texts: list[str], model) -> list[list[tuple[int, int, str]]]:
    """Entity spans of each text; all sentences of all texts go through ``model.tag`` at once."""
    owners, batch = [], []
    for i, text in enumerate(texts):
        for tokens in sentence_tokens(text):
            owners.append(i)
            batch.append(tokens)
    tags = model.tag([[t.text for t in tokens] for tokens in batch])
    result: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for owner, tokens, sentence_tags in zip(owners, batch, tags):
        for first, end, kind in sorted(spans(sentence_tags)):
            result[owner].append((tokens[first].start, tokens[end - 1].end, kind))
    return result
