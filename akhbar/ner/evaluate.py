"""Evaluate the shipped tagger on a CoNLL file: strict span P/R/F1, micro and per type."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from akhbar.ner.conll import read_conll
from akhbar.ner.metrics import score


def evaluate_file(path: str | Path, model=None) -> dict:
    """Scores of ``model`` (default: the shipped one) on the CoNLL file at ``path``.

    Returns ``precision``, ``recall``, ``f1``, ``per_type`` (each with ``support``), ``tokens``
    and ``sentences``.
    """
    from akhbar.ner import load_model

    sentences = read_conll(path)
    tagger = model or load_model()
    predicted = tagger.tag([s.tokens for s in sentences])
    result = score([s.tags for s in sentences], predicted)
    result["tokens"] = sum(len(s.tokens) for s in sentences)
    result["sentences"] = len(sentences)
    return result


def main(argv=None) -> int:
    """CLI (``akhbar ner-eval FILE [--model PATH]``): print the scores as one JSON object."""
    parser = argparse.ArgumentParser(prog="akhbar ner-eval", description=evaluate_file.__doc__.splitlines()[0])
    parser.add_argument("file", help="CoNLL file: token and tag per line, blank line between sentences")
    parser.add_argument("--model", default=None, help="tagger .npz (default: the shipped model)")
    args = parser.parse_args(argv)
    from akhbar.ner import load_model

    try:
        result = evaluate_file(args.file, load_model(args.model))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        # A missing or unreadable file (or model) is a user error: one line, no traceback.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"akhbar ner-eval: cannot evaluate {getattr(exc, 'filename', None) or args.file}: {reason}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
