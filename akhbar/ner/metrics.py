"""Strict entity-span scores with conlleval semantics.

An entity counts as found only when its type and both boundaries match a gold entity exactly.
Tags are read as conlleval reads them: ``I-X`` after ``O`` or after another type opens an entity.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from akhbar.ner.conll import OUTSIDE, to_iob2


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entities of one tag sequence as ``(first_token, end_token_exclusive, type)``."""
    found, start, kind = set(), None, None
    for i, tag in enumerate(to_iob2(list(tags)) + [OUTSIDE]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            found.add((start, i, kind))
            start = None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return found


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def count_spans(gold: Iterable[list[str]], predicted: Iterable[list[str]]) -> list[tuple[Counter, Counter, Counter]]:
    """Per sentence: (correct, predicted, gold) entity counts by type (bootstrap resampling uses these)."""
    rows = []
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        g, p = spans(g_tags), spans(p_tags)
        rows.append(
            (Counter(s[2] for s in g & p), Counter(s[2] for s in p), Counter(s[2] for s in g))
        )
    return rows


def score_counts(rows: list[tuple[Counter, Counter, Counter]]) -> dict:
    """Micro P/R/F1 over all entities plus per-type scores with gold support."""
    correct, predicted, gold = Counter(), Counter(), Counter()
    for c, p, g in rows:
        correct.update(c)
        predicted.update(p)
        gold.update(g)
    result = _prf(sum(correct.values()), sum(predicted.values()), sum(gold.values()))
    result["per_type"] = {
        kind: {**_prf(correct[kind], predicted[kind], gold[kind]), "support": gold[kind]}
        for kind in sorted(set(gold) | set(predicted))
    }
    return result


def score(gold: Iterable[list[str]], predicted: Iterable[list[str]]) -> dict:
    """Strict span micro P/R/F1 and per-type scores of predicted against gold tag sequences."""
    return score_counts(count_spans(gold, predicted))


def bootstrap_f1(gold: list[list[str]], predicted: list[list[str]], samples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% confidence interval of the micro F1 by resampling sentences with replacement."""
    import numpy as np

    rows = count_spans(gold, predicted)
    counts = np.array([[sum(c.values()), sum(p.values()), sum(g.values())] for c, p, g in rows], dtype=np.float64)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(rows), size=(samples, len(rows)))
    c, p, g = (counts[picks].sum(axis=1)).T
    f1 = np.where(p + g > 0, 2 * c / np.maximum(p + g, 1), 0.0)
    low, high = np.percentile(f1, [2.5, 97.5])
    return float(low), float(high)
