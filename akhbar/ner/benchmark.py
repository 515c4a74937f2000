"""Tagging speed of the shipped tagger on one core, feature extraction included.

Each run starts with an empty per-word cache, so the figure includes normalization and the
character CNN for every distinct word (a warm-cache figure is printed too). Sources: a CoNLL file
(tokens already cut), or with ``--texts`` raw SaudiNewsNet articles through ``recognize_many``
(sentence splitting and tokenization included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONLL = REPO_ROOT / "../shared/corpora/anercorp/train.txt"
DEFAULT_TEXTS = REPO_ROOT / "../shared/corpora/saudinewsnet"


def _time(fn, runs: int, reset) -> tuple[list[float], list[float]]:
    """CPU seconds and wall seconds of each run. CPU time is the one-core figure that matters on
    a shared machine (the process is single-threaded); wall time also counts waiting for a core."""
    cpu, wall = [], []
    for _ in range(runs):
        reset()
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return cpu, wall


def main(argv=None) -> int:
    """Print median tokens/s over several runs (cold word cache unless stated) as one JSON object."""
    # One core, as in the pipeline budget; must be set before numpy loads its BLAS. Under
    # ``python -m akhbar.ner.benchmark`` the package ``akhbar.ner`` has already imported numpy by
    # now, so setting the variables here would be too late: restart the process with them set
    # (otherwise OpenBLAS threads spin on a loaded machine and inflate the CPU time several-fold).
    blas_vars = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    if any(var not in os.environ for var in blas_vars):
        env = {**os.environ, **{var: os.environ.get(var, "1") for var in blas_vars}}
        args = sys.argv[1:] if argv is None else list(argv)
        os.execve(sys.executable, [sys.executable, "-m", "akhbar.ner.benchmark", *args], env)
    parser = argparse.ArgumentParser(prog="akhbar ner-bench", description="NER tagging speed (one core).")
    parser.add_argument("--conll", default=str(DEFAULT_CONLL), help="CoNLL file whose sentences are tagged")
    parser.add_argument("--texts", action="store_true", help="tag raw SaudiNewsNet articles instead")
    parser.add_argument("--articles", type=int, default=2000, help="articles read with --texts")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    source = Path(DEFAULT_TEXTS if args.texts else args.conll)
    if not source.exists():
        print(f"akhbar ner-bench: no such {'corpus directory' if args.texts else 'CoNLL file'}: {source}", file=sys.stderr)
        return 2

    from akhbar.ner import load_model, recognize_many
    from akhbar.ner.conll import read_conll
    from akhbar.text.tokens import words

    model = load_model(args.model)
    if args.texts:
        from itertools import islice

        from akhbar.ner.embeddings import iter_articles

        texts = list(islice(iter_articles(DEFAULT_TEXTS), args.articles))
        n_tokens = sum(len(words(t)) for t in texts)
        work = lambda: recognize_many(texts, model)  # noqa: E731
    else:
        sentences = [s.tokens for s in read_conll(args.conll)]
        n_tokens = sum(map(len, sentences))
        work = lambda: model.tag(sentences)  # noqa: E731
    cold_cpu, cold_wall = _time(work, args.runs, model.clear_word_cache)
    warm_cpu, _ = _time(work, args.runs, lambda: None)
    rate = lambda seconds: round(n_tokens / statistics.median(seconds))  # noqa: E731
    print(
        json.dumps(
            {
                "source": "saudinewsnet articles" if args.texts else str(args.conll),
                "tokens": n_tokens,
                "runs": args.runs,
                "tokens_per_cpu_second": rate(cold_cpu),
                "tokens_per_wall_second": rate(cold_wall),
                "tokens_per_cpu_second_warm_cache": rate(warm_cpu),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
