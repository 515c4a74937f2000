"""Distillation data: a teacher ensemble tags SaudiNewsNet sentences ("silver" data).

The shipped tagger is a *student*: it is trained on the ANERcorp training sentences plus a fresh
sample of silver sentences each epoch (``akhbar.ner.train --silver``). The silver sentences are
tagged by an ensemble of six earlier taggers (:data:`TEACHERS`, each trained on the ANERcorp
training split only, never on dev): their CRF scores (emissions, transitions, start and end
scores) are averaged and decoded with Viterbi. The student has the size and speed of one tagger.

Everything is seeded: the teachers are ordinary deterministic training runs, and the silver
sentences are a seeded sample of SaudiNewsNet articles, split and tokenized exactly as
:func:`akhbar.ner.recognize.sentence_tokens` does with punctuation.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import numpy as np

from akhbar.ner.conll import TAGS

# Teacher runs: flags of ``akhbar.ner.train`` (on top of ``--silver none``), in ensemble order.
TEACHERS: dict[str, list[str]] = {
    "baseline-s13": "--seed 13".split(),
    "gaz-pca": "--gazetteer --tune-min-count 2 --vocab-size 80000 --pca-dim 64 --word-dropout 0.1 --epochs 20 --patience 5 --seed 13".split(),
    "gaz-pca-f100-s13": "--gazetteer --tune-min-count 2 --vocab-size 80000 --pca-dim 64 --word-dropout 0.1 --filters 100 --lr-decay 0.9 --seed 13".split(),
    "gaz-pca-f100-s14": "--gazetteer --tune-min-count 2 --vocab-size 80000 --pca-dim 64 --word-dropout 0.1 --filters 100 --lr-decay 0.9 --seed 14".split(),
    "gaz-pca-f100-h100": "--gazetteer --tune-min-count 2 --vocab-size 80000 --pca-dim 64 --word-dropout 0.1 --filters 100 --lr-decay 0.9 --hidden 100 --seed 13".split(),
    "baseline-swa": "--swa-start 10 --epochs 30 --patience 8 --seed 13".split(),
}
SILVER_SENTENCES = 30_000
SILVER_SEED = 7
# Share of articles read (a sample spread over the whole corpus) and sentence lengths kept.
ARTICLE_RATE = 0.25
MIN_TOKENS, MAX_TOKENS = 6, 60


class Ensemble:
    """Averaged CRF scores of several :class:`akhbar.ner.model.Tagger` (inference is K times slower
    than one tagger: used offline, to tag silver data)."""

    def __init__(self, taggers):
        self.taggers = taggers
        self.crf = copy.copy(taggers[0])  # for ``decode`` with averaged transition scores
        for name in ("trans", "start", "end"):
            setattr(self.crf, name, np.mean([getattr(t, name) for t in taggers], axis=0))
        self.crf.trans_to_from = self.crf.trans.T.copy()

    def tag(self, sentences: list[list[str]], batch: int = 256) -> list[list[str]]:
        emissions = [t.emissions(sentences) for t in self.taggers]
        result: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i in range(len(sentences)) if sentences[i]), key=lambda i: len(sentences[i]))
        for lo in range(0, len(order), batch):
            idx = order[lo : lo + batch]
            lengths = np.array([len(sentences[i]) for i in idx])
            scores = np.zeros((len(idx), int(lengths.max()), len(TAGS)), np.float32)
            for k, i in enumerate(idx):
                scores[k, : lengths[k]] = np.mean([e[i] for e in emissions], axis=0)
            paths = self.crf.decode(scores, lengths)
            for k, i in enumerate(idx):
                result[i] = [TAGS[j] for j in paths[k, : lengths[k]]]
        return result


def silver_sentences(saudinewsnet: Path, n: int = SILVER_SENTENCES, seed: int = SILVER_SEED) -> list[list[str]]:
    """A seeded sample of ``n`` SaudiNewsNet sentences, tokenized with punctuation tokens."""
    from akhbar.ner.embeddings import iter_articles
    from akhbar.ner.recognize import sentence_tokens

    rng = random.Random(seed)
    out: list[list[str]] = []
    for text in iter_articles(saudinewsnet):
        if rng.random() > ARTICLE_RATE:
            continue
        for tokens in sentence_tokens(text, punctuation=True):
            if MIN_TOKENS <= len(tokens) <= MAX_TOKENS:
                out.append([t.text for t in tokens])
        if len(out) >= n * 1.5:
            break
    rng.shuffle(out)
    return out[:n]


def build_silver(teacher_paths: list[Path], saudinewsnet: Path, out: Path, n: int = SILVER_SENTENCES) -> Path:
    """Tag the silver sentences with the teacher ensemble and write them as CoNLL to ``out``."""
    from akhbar.ner.model import Tagger

    ensemble = Ensemble([Tagger.load(p) for p in teacher_paths])
    sentences = silver_sentences(saudinewsnet, n)
    tags = ensemble.tag(sentences)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for tokens, sentence_tags in zip(sentences, tags):
            handle.writelines(f"{w} {t}\n" for w, t in zip(tokens, sentence_tags))
            handle.write("\n")
    tmp.replace(out)
    return out


def ensure_silver(args, train_fn, parse_fn) -> Path:
    """The silver CoNLL file for ``args`` (cached in ``args.work_dir``): trains the missing teachers
    (``train_fn(parse_fn(flags))``), then tags the silver sentences with their ensemble."""
    work = Path(args.work_dir)
    out = work / f"silver-{SILVER_SENTENCES}-s{SILVER_SEED}.conll"
    if out.exists():
        return out
    paths = []
    for name, flags in TEACHERS.items():
        path = work / "teachers" / name / "tagger.npz"
        if not path.exists():
            print(f"training teacher {name}", flush=True)
            common = ["--anercorp", str(args.anercorp), "--saudinewsnet", str(args.saudinewsnet), "--work-dir", str(work)]
            train_fn(parse_fn(common + ["--silver", "none", "--out", str(path)] + flags))
        paths.append(path)
    print("tagging silver sentences with the teacher ensemble", flush=True)
    return build_silver(paths, Path(args.saudinewsnet), out)
