"""The report's strongest entity pairs equal the full co-occurrence ranking, computed cheaply."""

from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb
import pyarrow as pa
import pytest

from akhbar.warehouse.report import strongest_pairs

ALL_PAIRS = """
WITH ae AS (SELECT DISTINCT article_id, entity_id FROM entity_mentions)
SELECT x.entity_id, y.entity_id, count(*) AS articles
FROM ae AS x JOIN ae AS y ON y.article_id = x.article_id AND x.entity_id < y.entity_id
JOIN articles AS a ON a.article_id = x.article_id
GROUP BY x.entity_id, y.entity_id
ORDER BY articles DESC, max(a.published_date) DESC NULLS LAST, x.entity_id, y.entity_id
LIMIT ?
"""


@pytest.fixture(scope="module")
def con():
    rng = random.Random(7)
    con = duckdb.connect()
    con.execute("CREATE TABLE entities (entity_id VARCHAR, article_count BIGINT)")
    # Zipf-like popularity, as in news: a few entities everywhere, a long tail.
    weights = [1 / (k + 1) for k in range(300)]
    articles, mentions = [], []
    for a in range(2000):
        day = date(2015, 7, 1) + timedelta(days=rng.randrange(40)) if rng.random() > 0.05 else None
        articles.append((f"a{a:04d}", day))
        mentions += [(f"a{a:04d}", f"e{e:03d}") for e in sorted(set(rng.choices(range(300), weights, k=rng.randrange(1, 9))))]
    con.register("a", pa.table({"article_id": [a for a, _ in articles], "published_date": pa.array([d for _, d in articles], pa.date32())}))
    con.register("m", pa.table({"article_id": [a for a, _ in mentions], "entity_id": [e for _, e in mentions]}))
    con.execute("CREATE TABLE articles AS SELECT * FROM a")
    con.execute("CREATE TABLE entity_mentions AS SELECT * FROM m")
    con.execute(
        "INSERT INTO entities SELECT entity_id, count(DISTINCT article_id) FROM entity_mentions GROUP BY entity_id"
    )
    yield con
    con.close()


@pytest.mark.parametrize("limit, pool", [(1, 2), (10, 2), (40, 4), (200, 8), (5000, 16)])
def test_same_pairs_as_counting_every_pair(con, limit, pool):
    # A tiny starting pool forces the pool to grow until the answer is exact.
    assert strongest_pairs(con, limit, pool=pool) == con.execute(ALL_PAIRS, [limit]).fetchall()
