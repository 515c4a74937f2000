"""Evaluate the shipped NER on a CoNLL file: strict span P/R/F1, micro and per type.

Two figures, labelled in the output, because they answer different questions:

* the top-level scores are the **tagger alone** on the file's own tokens (``condition``
  ``tagger``): the model as trained;
* ``pipeline`` is what the warehouse stores: the file's sentences joined ten at a time into
  pseudo-articles, tagged from raw text and passed through the document evidence exactly as
  ``akhbar.transform`` does (``akhbar.ner.pipeline_eval``). ``pipeline_anercorp_conventions`` is
  the same without the institution layer's and the titles' mentions, which ANERcorp annotates
  ``O`` and akhbar stores on purpose.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from akhbar.ner.conll import read_conll
from akhbar.ner.metrics import score


TAGGER_CONDITION = "tagger alone, on the file's tokens"
PIPELINE_CONDITION = "pipeline as the warehouse stores it: raw text of 10-sentence pseudo-articles, tagger + document evidence"
CONVENTIONS_CONDITION = "pipeline without institution and title mentions (ANERcorp annotates them O)"


def evaluate_file(path: str | Path, model=None, pipeline: bool = True) -> dict:
    """Scores of ``model`` (default: the shipped one) on the CoNLL file at ``path``.

    Returns the tagger alone's ``precision``, ``recall``, ``f1``, ``per_type`` (each with
    ``support``), ``tokens``, ``sentences`` and ``condition``; with ``pipeline``, also the
    ``pipeline`` and ``pipeline_anercorp_conventions`` scores (same keys, each with its
    ``condition``).
    """
    from akhbar.ner import load_model

    sentences = read_conll(path)
    tagger = model or load_model()
    predicted = tagger.tag([s.tokens for s in sentences])
    result = {"condition": TAGGER_CONDITION, **score([s.tags for s in sentences], predicted)}
    result["tokens"] = sum(len(s.tokens) for s in sentences)
    result["sentences"] = len(sentences)
    if pipeline:
        from akhbar.ner.pipeline_eval import pipeline_scores

        scores = pipeline_scores(sentences, tagger)
        result["pipeline"] = {"condition": PIPELINE_CONDITION, **scores["pipeline"]}
        result["pipeline_anercorp_conventions"] = {"condition": CONVENTIONS_CONDITION, **scores["pipeline_anercorp_conventions"]}
    return result


def main(argv=None) -> int:
    """CLI (``akhbar ner-eval FILE [--model PATH] [--tagger-only]``): print the scores as one JSON object."""
    parser = argparse.ArgumentParser(prog="akhbar ner-eval", description=evaluate_file.__doc__.splitlines()[0])
    parser.add_argument("file", help="CoNLL file: token and tag per line, blank line between sentences")
    parser.add_argument("--model", default=None, help="tagger .npz (default: the shipped model)")
    parser.add_argument("--tagger-only", action="store_true", help="score the tagger alone, not the pipeline")
    args = parser.parse_args(argv)
    from akhbar.ner import load_model

    try:
        result = evaluate_file(args.file, load_model(args.model), pipeline=not args.tagger_only)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        # A missing or unreadable file (or model) is a user error: one line, no traceback.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"akhbar ner-eval: cannot evaluate {getattr(exc, 'filename', None) or args.file}: {reason}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
