"""Stored articles of a reprocess as a format that stages itself (akhbar.formats.stored): a
derivation that raises on one article quarantines that article alone, with the reason."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from akhbar import derivations, formats
from akhbar.derivations import DERIVATIONS
from akhbar.schema import QUARANTINED_ARTICLES, REDERIVED_ARTICLES, STORED_ARTICLES
from akhbar.transform import StageClock, TransformContext

ARTICLES = [
    ("a1", "d1", "وزير الخارجية يزور الرياض", "وصل وزير الخارجية إلى الرياض في زيارة رسمية تستمر يومين."),
    ("a2", "d2", "أمطار غزيرة على جازان", "هطلت أمطار غزيرة على منطقة جازان صباح اليوم."),
    ("a3", "d3", "افتتاح معرض الكتاب في جدة", "افتتح معرض الكتاب الدولي في جدة بمشاركة خمسمئة دار نشر."),
]
CTX = TransformContext("run-1", datetime(2026, 1, 1, tzinfo=timezone.utc), use_tagger=False)


def _staged(tmp_path, derive) -> list[dict[str, pa.Table]]:
    path = tmp_path / "part-00000.parquet"
    pq.write_table(pa.Table.from_pylist([dict(zip(STORED_ARTICLES.columns, a)) for a in ARTICLES], schema=STORED_ARTICLES.schema), path)
    item = formats.stored_articles_item(str(path), path.stat().st_size)
    return list(formats.stage(item, derive, CTX, pafs.LocalFileSystem(), 2, StageClock()))


def test_every_article_is_rederived_chunk_by_chunk(tmp_path):
    chunks = _staged(tmp_path, ("keywords", "search"))
    assert [c[REDERIVED_ARTICLES.name].column("article_id").to_pylist() for c in chunks] == [["a1", "a2"], ["a3"]]
    assert all(c[QUARANTINED_ARTICLES.name].num_rows == 0 for c in chunks)
    assert chunks[1]["staged_search_text"].column("article_id").to_pylist() == ["a3"]


def test_an_article_a_derivation_raises_on_is_quarantined_alone(tmp_path, monkeypatch):
    def failing(articles, ctx):
        if any("جازان" in body for *_, body in articles):
            raise ValueError("the model cannot read this")
        return derivations.search_rows(articles, ctx)

    monkeypatch.setitem(DERIVATIONS, "search", dataclasses.replace(DERIVATIONS["search"], rows=failing))
    first, second = _staged(tmp_path, ("keywords", "search"))
    assert first[REDERIVED_ARTICLES.name].column("article_id").to_pylist() == ["a1"]
    assert first["staged_search_text"].column("article_id").to_pylist() == ["a1"]
    assert set(first["article_terms"].column("article_id").to_pylist()) == {"a1"}
    assert first[QUARANTINED_ARTICLES.name].to_pylist() == [
        {"article_id": "a2", "derivation": name, "doc_id": "d2", "run_id": "run-1",
         "error": "search: internal error (ValueError): the model cannot read this"}
        for name in ("keywords", "search")
    ]  # fmt: skip
    assert second[REDERIVED_ARTICLES.name].column("article_id").to_pylist() == ["a3"]


def test_stored_articles_are_never_read_as_documents(tmp_path):
    item = formats.stored_articles_item(str(tmp_path / "part.parquet"), 10)
    with pytest.raises(TypeError, match="staged by their format"):
        list(formats.read(item))
