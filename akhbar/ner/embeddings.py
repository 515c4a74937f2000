"""Word2vec pre-training on the unlabelled SaudiNewsNet corpus (training time only).

The corpus is read straight from its zip files (never copied). Each article's title and
content are cut into sentences and words with the same tokenizer and word keys the tagger uses,
so every key the tagger looks up at inference has the spelling the embeddings were trained on.
``gensim`` is imported lazily: it is a training dependency, not a runtime one.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from akhbar.ner.features import word_key
from akhbar.ner.sentences import split_sentences
from akhbar.text.tokens import words


def iter_articles(corpus_dir: str | Path) -> Iterator[str]:
    """Title and content of every article of every ``*.zip`` in ``corpus_dir``, in file order."""
    for path in sorted(Path(corpus_dir).glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                for article in json.loads(archive.read(name)):
                    yield f"{article.get('title') or ''}\n{article.get('content') or ''}"


def iter_key_sentences(corpus_dir: str | Path) -> Iterator[list[str]]:
    """Sentences of word keys from the corpus, the way the tagger will see them."""
    cache: dict[str, str] = {}
    for text in iter_articles(corpus_dir):
        for sentence in split_sentences(text):
            keys = []
            for w in words(sentence):
                key = cache.get(w)
                if key is None:
                    key = cache[w] = word_key(w)
                keys.append(key)
            if keys:
                yield keys


def _stable_hash(text: str) -> int:
    # gensim seeds each initial vector with hash(word + seed); Python's hash() is salted per
    # process, which would make training irreproducible.
    return zlib.crc32(text.encode("utf-8"))


def train_word2vec(sentences: list[list[str]], dim: int = 100, min_count: int = 3, epochs: int = 5, seed: int = 13):
    """Skip-gram word2vec on one worker thread (deterministic for a fixed seed)."""
    from gensim.models import Word2Vec  # training-only dependency

    return Word2Vec(
        sentences=sentences,
        vector_size=dim,
        window=5,
        min_count=min_count,
        sg=1,
        negative=5,
        sample=1e-4,
        epochs=epochs,
        workers=1,
        seed=seed,
        hashfxn=_stable_hash,
    )
