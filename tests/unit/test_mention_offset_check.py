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
    # The run's articles (TEMP run_articles in the load): those of the document it staged.
    con.execute("CREATE TABLE run_articles AS SELECT article_id, doc_id, false AS repeated FROM articles WHERE doc_id = ?", [staged_doc])
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


def test_paragraph_of_a_mention_counts_the_line_breaks_before_it():
    from bisect import bisect_right

    from akhbar.transform import paragraph_breaks

    # Three paragraphs: "زار الرياض أمس" / "وفي جدة" / "ثم عاد إلى الرياض"
    body = BODY + "\n\u0648\u0641\u064a \u062c\u062f\u0629\n\u062b\u0645 \u0639\u0627\u062f \u0625\u0644\u0649 \u0627\u0644\u0631\u064a\u0627\u0636"
    breaks = paragraph_breaks(body)
    riyadh = "\u0627\u0644\u0631\u064a\u0627\u0636"
    jeddah = "\u062c\u062f\u0629"
    assert [bisect_right(breaks, i) for i in (body.find(riyadh), body.find(jeddah), body.rfind(riyadh))] == [0, 1, 2]
    assert paragraph_breaks(BODY) == []
