"""The numbers behind ``akhbar report``: read-only queries over the curated views.

Everything the page shows is gathered here into plain Python data (``ReportData``); rendering
(``akhbar.report``) is a pure function of it and never touches the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from akhbar.report_dates import rising_anchor
from akhbar.text.morphology import ENTITY_TYPES
from akhbar.warehouse.db import connect_reader
from akhbar.warehouse.examples import example

TOP_ENTITIES = 10
RISING_DAYS = 30
RISING_KEYWORDS = 15
# The co-occurrence network shows the strongest pairs only: past a few dozen edges it is a hairball.
NETWORK_EDGES = 40
RECENT_QUARANTINED = 20


@dataclass(frozen=True)
class ReportData:
    """What the report shows, as plain values."""

    generated_at: datetime
    totals: dict[str, int]
    last_run: dict | None
    # (date, outlet, articles)
    articles_per_day: list[tuple[date, str, int]]
    # entity type -> [(name, articles, mentions)], most mentioned first
    top_entities: dict[str, list[tuple[str, int, int]]]
    rising_days: int
    # (keyword, recent, previous, change)
    rising_keywords: list[tuple[str, int, int, int]]
    # nodes: entity_id -> (name, type, articles); edges: (id_a, id_b, shared articles)
    network_nodes: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    network_edges: list[tuple[str, str, int]] = field(default_factory=list)
    # (ingested_at, source_uri, reason)
    quarantined: list[tuple[datetime, str, str]] = field(default_factory=list)
    # The day the rising-keywords windows end on (akhbar.report_dates.rising_anchor).
    rising_as_of: date | None = None


# Pairs among the entities in most articles; the pool grows until the answer is provably exact.
_PAIRS_AMONG_TOP = """
WITH pool AS (SELECT entity_id FROM entities ORDER BY article_count DESC, entity_id LIMIT $pool),
article_entities AS (SELECT DISTINCT article_id, entity_id FROM entity_mentions SEMI JOIN pool USING (entity_id))
SELECT x.entity_id, y.entity_id, count(*) AS articles, max(a.published_date) AS last_date
FROM article_entities AS x
JOIN article_entities AS y ON y.article_id = x.article_id AND x.entity_id < y.entity_id
JOIN articles AS a ON a.article_id = x.article_id
GROUP BY x.entity_id, y.entity_id
ORDER BY articles DESC, last_date DESC NULLS LAST, x.entity_id, y.entity_id
LIMIT $limit
"""


def strongest_pairs(con: duckdb.DuckDBPyConnection, limit: int, pool: int = 256) -> list[tuple[str, str, int]]:
    """The ``limit`` entity pairs sharing most articles, ordered as ``entity_cooccurrence`` would
    order them (articles, then latest date, then ids).

    Every pair of a large warehouse is millions of rows (2 s on SaudiNewsNet, each run), yet a
    pair never shares more articles than either entity has. So pairs are counted among the
    ``pool`` entities in most articles, and the pool grows until the weakest pair kept shares
    more articles than any entity left out has: then no pair outside can rank among them.
    """
    while True:
        rows = con.execute(_PAIRS_AMONG_TOP, {"pool": pool, "limit": limit}).fetchall()
        left_out = con.execute(
            "SELECT article_count FROM entities ORDER BY article_count DESC, entity_id LIMIT 1 OFFSET ?", [pool]
        ).fetchone()
        if left_out is None or (len(rows) == limit and rows[-1][2] > left_out[0]):
            return [(a, b, articles) for a, b, articles, _ in rows]
        pool *= 4


def collect(warehouse: Path, now: datetime | None = None) -> ReportData:
    """Query everything the report needs, read-only."""
    with connect_reader(warehouse) as con:
        return _collect(con, now or datetime.now().astimezone())


def _collect(con: duckdb.DuckDBPyConnection, now: datetime) -> ReportData:
    totals = dict(
        zip(
            ("articles", "documents", "quarantined", "entities", "keywords"),
            con.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM documents), "
                "(SELECT count(*) FROM quarantined_documents), (SELECT count(*) FROM entities), "
                "(SELECT count(*) FROM keywords)"
            ).fetchone(),
        )
    )
    run = con.execute(
        "SELECT run_id, finished_at, documents_loaded, documents_quarantined FROM runs ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()
    last_run = dict(zip(("run_id", "finished_at", "documents_loaded", "documents_quarantined"), run)) if run else None
    per_day = con.execute(
        "SELECT published_date, outlet, articles FROM publisher_daily_volume ORDER BY published_date, outlet"
    ).fetchall()
    top = example("02_top_entities")
    top_entities = {
        kind: [
            (name, articles, mentions)
            for name, _, articles, mentions in con.execute(top.sql, top.bind(entity_type=kind, limit=TOP_ENTITIES)).fetchall()
        ]
        for kind in ENTITY_TYPES
    }
    daily: dict[date, int] = {}
    for day, _, articles in per_day:
        daily[day] = daily.get(day, 0) + articles
    as_of = rising_anchor(daily, RISING_DAYS)
    rising = example("03_rising_keywords")
    rising_keywords = con.execute(rising.sql, rising.bind(days=RISING_DAYS, as_of=as_of, limit=RISING_KEYWORDS)).fetchall()
    edges = strongest_pairs(con, NETWORK_EDGES)
    ids = sorted({e[0] for e in edges} | {e[1] for e in edges})
    nodes = {
        entity_id: (name, kind, articles)
        for entity_id, name, kind, articles in con.execute(
            "SELECT entity_id, name, entity_type, article_count FROM entities WHERE list_contains(?, entity_id) ORDER BY entity_id",
            [ids],
        ).fetchall()
    }
    quarantined = con.execute(
        "SELECT ingested_at, source_uri, reason FROM quarantined_documents ORDER BY ingested_at DESC, source_uri LIMIT ?",
        [RECENT_QUARANTINED],
    ).fetchall()
    return ReportData(
        generated_at=now,
        totals=totals,
        last_run=last_run,
        articles_per_day=per_day,
        top_entities=top_entities,
        rising_days=RISING_DAYS,
        rising_keywords=rising_keywords,
        network_nodes=nodes,
        network_edges=edges,
        quarantined=quarantined,
        rising_as_of=as_of,
    )
