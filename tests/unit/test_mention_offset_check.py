"""The load's mention-offset check: only this run's articles, and it still catches a bad offset."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from akhbar.schema import ARTICLES, ENTITY_MENTIONS
from akhbar.warehouse.checks import CHECKS

CHECK = CHECKS["mention offsets match the text of this run's articles"]
BODY = "\u0632\u0627\u0631 \u0627\u0644\u0631\u064a\u0627\u0636 \u0623\u0645\u0633"  # زار الرياض أمس


def _warehouse(surface: str, staged_doc: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    article = pa.Table.from_pylist([{"article_id": "a1", "doc_id": "d1", "title": "t", "body": BODY}], schema=ARTICLES.schema)
    mention = pa.Table.from_pylist(
        [{"article_id": "a1", "field": "body", "start_char": 4, "end_char": 10, "surface": surface}],
        schema=ENTITY_MENTIONS.schema,
    )
    con.execute("CREATE TABLE articles AS SELECT * FROM article")
    con.execute("CREATE TABLE entity_mentions AS SELECT * FROM mention")
    con.execute("CREATE TABLE stg_documents AS SELECT ? AS doc_id", [staged_doc])
    return con


@pytest.mark.parametrize(
    ("surface", "staged_doc", "violations"),
    [
        ("\u0627\u0644\u0631\u064a\u0627\u0636", "d1", 0),  # الرياض at 4..10: right
        ("\u0627\u0644\u0631\u064a\u0627", "d1", 1),  # offsets and surface disagree
        ("\u0627\u0644\u0631\u064a\u0627", "other", 0),  # not this run's article: not re-checked
    ],
)
def test_mention_offset_check(surface, staged_doc, violations):
    assert _warehouse(surface, staged_doc).execute(CHECK).fetchone()[0] == violations
