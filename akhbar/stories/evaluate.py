"""Precision and recall of "same story" on hand-labelled pairs of articles.

The labels (``tests/fixtures/stories/labelled_pairs.jsonl``) say, for pairs of SaudiNewsNet
articles, whether a reader sees one event in both (an announcement and its rewrites, reactions to
one statement, one visit) or not (two days' weather reports, two audiences of the king on one day).
The first set (2015-07-22/23/24) was also used to choose the story threshold, so its figures are
optimistic; the held-out set (``held_out_pairs.jsonl``, 2015-07-26/27, drawn by
``akhbar.warehouse.story_sample`` and labelled without seeing the similarity) was not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

_FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "stories"
LABELS = _FIXTURES / "labelled_pairs.jsonl"
HELD_OUT = _FIXTURES / "held_out_pairs.jsonl"


def read_labels(path: Path = LABELS) -> list[dict]:
    """The labelled pairs: dicts with a, b (article ids) and same_story (bool)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(labels: Iterable[dict], story_of: Mapping[str, str]) -> dict:
    """Counts, precision and recall of "same story id" against the labels (pairs whose two
    articles are both assigned; the others are counted as missing)."""
    tp = fp = fn = tn = missing = 0
    for pair in labels:
        if pair["a"] not in story_of or pair["b"] not in story_of:
            missing += 1
            continue
        predicted = story_of[pair["a"]] == story_of[pair["b"]]
        if predicted and pair["same_story"]:
            tp += 1
        elif predicted:
            fp += 1
        elif pair["same_story"]:
            fn += 1
        else:
            tn += 1
    return {
        "pairs": tp + fp + fn + tn,
        "missing": missing,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "true_negatives": tn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }
