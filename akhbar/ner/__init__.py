"""Arabic named-entity recognition: a numpy BiLSTM-CRF tagger trained on ANERcorp with word2vec
vectors from SaudiNewsNet (see ``MODEL_CARD.md``).

Public API::

    model = load_model()                 # cached; the shipped artifact by default
    model.tag([["زار", "محمد", "الرياض"]])  # -> [["O", "B-PERS", "B-LOC"]]
    recognize(text)                      # -> [(start_char, end_char, "PERS"), ...]
    recognize_many(texts)                # the same for many texts, batched
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from akhbar.ner.model import Tagger
from akhbar.ner.recognize import recognize_many as _recognize_many

MODEL_PATH = Path(__file__).resolve().parent / "model" / "tagger.npz"

__all__ = ["MODEL_PATH", "Tagger", "load_model", "recognize", "recognize_many"]


@lru_cache(maxsize=4)
def _load(path: str) -> Tagger:
    return Tagger.load(path)


def load_model(path: str | Path | None = None) -> Tagger:
    """The tagger stored at ``path`` (default: the shipped model), loaded once per process."""
    return _load(str(Path(path).resolve()) if path is not None else str(MODEL_PATH))


def recognize_many(texts: list[str], model: Tagger | None = None) -> list[list[tuple[int, int, str]]]:
    """Entity spans ``(start_char, end_char, type)`` of each text, tagged in one batch."""
    return _recognize_many(texts, model or load_model())


def recognize(text: str, model: Tagger | None = None) -> list[tuple[int, int, str]]:
    """Entity spans ``(start_char, end_char, type)`` of one raw Arabic text."""
    return recognize_many([text], model)[0]
