"""Word-level gazetteer of training entities, with the jackknife needed to train on it.

A key (and, separately, a clitic-stripped stem) belongs to type T when at least half of its
occurrences in the training sentences are inside T entities. Built on all training data, such a
feature is perfectly reliable on the training set itself, so a model would learn to trust it
blindly and fail on unseen names (PERS recall collapses). Training therefore uses jackknifed
gazetteers: the features of each fold of sentences come from a gazetteer of the other folds.
"""

from __future__ import annotations

from collections import Counter

from akhbar.ner.conll import ENTITY_TYPES, Sentence
from akhbar.ner.features import stem_key, word_key

TYPE_BIT = {kind: 1 << i for i, kind in enumerate(ENTITY_TYPES)}
# A key counts as a T name when at least this share of its occurrences are inside T entities.
MIN_SHARE = 0.5


def build(sentences: list[Sentence]) -> dict[str, int]:
    """Map of key/stem -> bit mask of entity types (bit i = ENTITY_TYPES[i])."""
    total: Counter = Counter()
    inside: Counter = Counter()
    for s in sentences:
        for token, tag in zip(s.tokens, s.tags):
            key = word_key(token)
            for k in {key, stem_key(key)}:
                total[k] += 1
                if tag != "O":
                    inside[k, tag[2:]] += 1
    gazetteer: dict[str, int] = {}
    for (k, kind), n in inside.items():
        if n >= MIN_SHARE * total[k]:
            gazetteer[k] = gazetteer.get(k, 0) | TYPE_BIT[kind]
    return gazetteer


def jackknife(sentences: list[Sentence], folds: int = 10) -> list[dict[str, int]]:
    """For each sentence, the gazetteer built without its fold (contiguous folds = documents)."""
    size = -(-len(sentences) // folds)
    out = []
    for f in range(folds):
        held = sentences[f * size : (f + 1) * size]
        if held:
            gaz = build(sentences[: f * size] + sentences[(f + 1) * size :])
            out.extend([gaz] * len(held))
    return out


def bits(mask: int) -> list[float]:
    """The mask as one float per entity type."""
    return [float(mask >> i & 1) for i in range(len(ENTITY_TYPES))]
