"""What each recognition rule of the pipeline buys, on the cross-validation folds.

For every rule of ``akhbar.entities.span_repairs``, ``institution_bounds`` and ``listed_names``,
the pipeline (``pipeline_eval.pipeline_scores``: as stored, and by ANERcorp conventions) is
scored on each fold's held-out block with that one rule switched off, using the fold taggers
that ``akhbar ner-cv`` cached. Each fold is tagged once; only the document stage is rerun.

Usage: ``python -m akhbar.ner.recognition_ablation [--work-dir /tmp/akhbar-ner]`` (numpy only);
prints one line per condition: the mean over the folds, folds 0-2 and 3-4.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from contextlib import contextmanager
from pathlib import Path

from akhbar.ner.conll import ENTITY_TYPES, contiguous_folds, read_conll
from akhbar.ner.crossval import DEFAULT_ANERCORP, fold_dir
from akhbar.ner.pipeline_eval import BEYOND_ANERCORP_METHODS, _scores, documents

REPAIRS = (
    "join_adjacent", "split_coordinated", "drop_leading_nationality", "extend_to_given_name",
    "complete_link_end", "extend_over_given_names",
)
CONDITIONS = ("all", "no_span_repairs", *(f"no_{r}" for r in REPAIRS), "no_title_drop", "no_institution_bounds",
              "no_listed_places", "no_listed_religions", "no_listed_organisations", "no_listed_names")


def _identity_spans(text, spans):
    return list(spans)


@contextmanager
def switched_off(condition: str):
    """The pipeline with the rule(s) of ``condition`` replaced by no-ops, restored on exit."""
    import akhbar.entities.document as document
    import akhbar.entities.listed_names as listed
    import akhbar.entities.span_repairs as repairs

    saved = []

    def patch(module, name, value):
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, value)

    rule = condition.removeprefix("no_")
    if rule == "span_repairs":
        patch(document, "repair_spans", _identity_spans)
    elif rule in REPAIRS:
        patch(repairs, rule, _identity_spans)
    elif rule == "title_drop":
        patch(document, "drop_titles_before_holder", lambda mentions, texts: mentions)
    elif rule == "institution_bounds":
        patch(document, "trim_institution", lambda s, i, offset, j: j)
    elif rule.startswith("listed_"):
        dropped = {"listed_places": {"LOC"}, "listed_religions": {"MISC"}, "listed_organisations": {"ORG"},
                   "listed_names": {"LOC", "MISC", "ORG"}}[rule]
        patch(listed, "LISTED_NAMES", {k: v for k, v in listed.LISTED_NAMES.items() if v not in dropped})
        patch(document, "_STATIC_GAZETTEER", listed.ListedGazetteer(document._STATIC_NAMES))
    try:
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def _fold_scores(docs, tagger_spans) -> tuple[dict, dict]:
    from akhbar.entities.document import recognize_document

    rows = []
    for doc, spans in zip(docs, tagger_spans):
        found = recognize_document("", doc.body, (), ([], spans))
        rows.append([(m.start, m.end, m.entity_type, m.method) for m in found.mentions if m.field == "body"])
    stored = _scores(docs, [[(a, b, k) for a, b, k, _ in row] for row in rows])
    conventions = _scores(docs, [[(a, b, k) for a, b, k, m in row if m not in BEYOND_ANERCORP_METHODS] for row in rows])
    return stored, conventions


def ablate(anercorp: str, work_dir: str, recipe: str = "single", folds: int = 5, vectors: str = "shipped") -> dict:
    """Per condition: per-fold micro F1 as stored and by ANERcorp conventions, and per-type F1 as stored."""
    from akhbar.ner import recognize_many
    from akhbar.ner.model import Tagger

    sentences = read_conll(anercorp)
    tagged = []
    for fold, (start, end) in enumerate(contiguous_folds(sentences, folds)):
        tagger = Tagger.load(fold_dir(Path(work_dir), recipe, folds, fold, vectors) / "tagger.npz")
        docs = documents(sentences[start:end], 10)
        tagged.append((docs, recognize_many([t for d in docs for t in ("", d.body)], tagger)[1::2]))
    out = {}
    for condition in CONDITIONS:
        with switched_off(condition):
            scores = [_fold_scores(docs, spans) for docs, spans in tagged]
        out[condition] = {
            "as_stored": [s["f1"] for s, _ in scores],
            "conventions": [c["f1"] for _, c in scores],
            "per_type": {k: [s["per_type"].get(k, {"f1": 0.0})["f1"] for s, _ in scores] for k in ENTITY_TYPES},
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m akhbar.ner.recognition_ablation", description=__doc__.splitlines()[0])
    parser.add_argument("--anercorp", default=str(DEFAULT_ANERCORP))
    parser.add_argument("--work-dir", default="/tmp/akhbar-ner", help="where akhbar ner-cv cached the fold taggers")
    args = parser.parse_args(argv)
    if not Path(args.anercorp).exists():
        print(f"recognition_ablation: no such file: {args.anercorp}", file=sys.stderr)
        return 2
    mean = statistics.fmean
    for condition, r in ablate(args.anercorp, args.work_dir).items():
        stored, conventions = r["as_stored"], r["conventions"]
        print(
            f"{condition:28s} as stored {mean(stored):.4f} (folds 0-2 {mean(stored[:3]):.4f}, 3-4 {mean(stored[3:]):.4f}) "
            f"ANERcorp conventions {mean(conventions):.4f} | "
            + " ".join(f"{k} {mean(v):.3f}" for k, v in r["per_type"].items())
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
