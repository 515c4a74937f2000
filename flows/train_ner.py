"""Prefect flow that retrains the Arabic NER tagger (``akhbar.ner.train``) and reports dev scores.

Training needs torch and gensim (a training environment, not the runtime one); the flow is a thin
wrapper so the same code runs from the CLI (``akhbar train-ner``) and from Prefect.
"""

from __future__ import annotations

from prefect import flow, task

from akhbar.ner import train as ner_train


@task(name="train-ner-tagger")
def train_tagger(argv: list[str]) -> dict:
    """Train, select on dev and export the tagger; returns the training report."""
    return ner_train.train(ner_train.parse_args(argv))


@flow(name="train-ner")
def train_ner(
    anercorp: str = str(ner_train.DEFAULT_ANERCORP),
    saudinewsnet: str = str(ner_train.DEFAULT_SAUDINEWSNET),
    out: str = str(ner_train.DEFAULT_OUT),
    seed: int = 14,  # the seed of the shipped model (akhbar/ner/model/train_report.json)
) -> dict:
    """Retrain the NER tagger from the corpora paths given; returns dev F1 and training time."""
    report = train_tagger(["--anercorp", anercorp, "--saudinewsnet", saudinewsnet, "--out", out, "--seed", str(seed)])
    return {"dev_f1": report["dev"]["f1"], "dev_f1_ci95": report["dev_f1_ci95"], "train_seconds": report["train_seconds"]}


if __name__ == "__main__":
    train_ner()
