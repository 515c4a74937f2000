"""Training-data variations: mention replacement and punctuation removal.

* :func:`mention_replace` swaps entity spans for other training entities of the same type, so
  the tagger learns from the context and the shape of a name rather than from the name itself
  (helps names never seen in training);
* :func:`drop_punctuation` removes the tokens that :func:`akhbar.text.tokens.tokenize` would not
  produce (``،`` ``"`` ``(`` ...): that is what the tagger sees in the pipeline, where raw text
  is tokenized without punctuation. ANERcorp never tags punctuation as part of an entity.
"""

from __future__ import annotations

import numpy as np

from akhbar.ner.conll import Sentence, to_iob2
from akhbar.ner.metrics import spans
from akhbar.text.tokens import words


def is_punctuation(token: str) -> bool:
    """True for a token the pipeline tokenizer drops (no word characters at all)."""
    return not words(token)


def drop_punctuation(sentence: Sentence) -> Sentence:
    """The sentence without its punctuation tokens, tags re-read as IOB2."""
    keep = [i for i, w in enumerate(sentence.tokens) if not is_punctuation(w)]
    if len(keep) == len(sentence.tokens):
        return sentence
    return Sentence([sentence.tokens[i] for i in keep], to_iob2([sentence.tags[i] for i in keep]))


def mention_table(sentences: list[Sentence]) -> dict[str, list[tuple[str, ...]]]:
    """Entity type -> token tuples of every entity mention in ``sentences`` (with repetitions,
    so frequent names are drawn more often)."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for s in sentences:
        for a, b, kind in spans(s.tags):
            table.setdefault(kind, []).append(tuple(s.tokens[a:b]))
    return table


def mention_replace(sentence: Sentence, table, probability: float, rng: np.random.Generator) -> Sentence:
    """Each entity of the sentence is replaced, with ``probability``, by a random training mention
    of the same type (its tokens tagged ``B-X I-X ...``)."""
    found = sorted(spans(sentence.tags))
    if not found or probability <= 0:
        return sentence
    tokens, tags, pos, changed = [], [], 0, False
    for a, b, kind in found:
        tokens += sentence.tokens[pos:a]
        tags += sentence.tags[pos:a]
        if rng.random() < probability:
            pool = table[kind]
            mention = pool[int(rng.integers(len(pool)))]
            changed = True
        else:
            mention = tuple(sentence.tokens[a:b])
        tokens += mention
        tags += [f"B-{kind}"] + [f"I-{kind}"] * (len(mention) - 1)
        pos = b
    tokens += sentence.tokens[pos:]
    tags += sentence.tags[pos:]
    return Sentence(tokens, tags) if changed else sentence
