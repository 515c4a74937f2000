"""The numbers behind ``akhbar report``: read-only queries over the curated views.

Everything the page shows is gathered here into plain Python data (``ReportData``); rendering
(``akhbar.report``) is a pure function of it and never touches the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

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
ATTENTION_SERIES = 5
LARGEST_STORIES = 10
MAP_CITIES = 60

_SOURCE_HEALTH = """
SELECT outlet, count(DISTINCT day) AS days, sum(articles) AS articles, sum(empty_articles) AS empty,
       sum(quarantined_documents) AS quarantined, sum(implausible_dates) AS implausible, sum(copies) AS copies,
       CASE WHEN sum(articles) > 0 THEN round(sum(copies) / sum(articles), 3) END AS duplicate_rate,
       round(sum(coalesce(non_arabic_share, 0) * articles) / nullif(sum(articles), 0), 3) AS non_arabic_share
FROM source_health
GROUP BY outlet
ORDER BY articles DESC, outlet
"""


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
    # Places rolled up by country: (code, name, lat, lon, articles), most articles first.
    places: list[tuple[str, str, float, float, int]] = field(default_factory=list)
    # Cities linked to GeoNames: (name, country code, lat, lon, articles), most articles first.
    cities: list[tuple[str, str, float, float, int]] = field(default_factory=list)
    # Daily attention of the top entities / largest stories: name -> [(day, articles, share, spike)].
    entity_attention: dict[str, list[tuple[date, int, float, bool]]] = field(default_factory=dict)
    story_attention: dict[str, list[tuple[date, int, float, bool]]] = field(default_factory=dict)
    # (headline, first_date, last_date, article_count, copy_count, publisher_count, publishers)
    largest_stories: list[tuple] = field(default_factory=list)
    # (outlet, days, articles, empty, quarantined, implausible dates, copies, duplicate rate, non-Arabic share)
    source_health: list[tuple] = field(default_factory=list)


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
        places=_places(con),
        cities=_cities(con),
        entity_attention=_attention(con, "entity_attention", "entity_id", "name", _top_entity_ids(con)),
        story_attention=_attention(con, "story_attention", "story_id", "headline", _largest_story_ids(con)),
        largest_stories=con.execute(
            "SELECT headline, first_date, last_date, article_count, copy_count, publisher_count, publishers FROM stories "
            "ORDER BY article_count DESC, publisher_count DESC, first_date, story_id LIMIT ?",
            [LARGEST_STORIES],
        ).fetchall(),
        source_health=con.execute(_SOURCE_HEALTH).fetchall(),
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


def _top_entity_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT entity_id FROM entities ORDER BY article_count DESC, entity_id LIMIT ?", [ATTENTION_SERIES]
    ).fetchall()
    return [r[0] for r in rows]


def _largest_story_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT story_id FROM stories WHERE article_count > 1 ORDER BY article_count DESC, publisher_count DESC, story_id LIMIT ?",
        [ATTENTION_SERIES],
    ).fetchall()
    return [r[0] for r in rows]


def _attention(con: duckdb.DuckDBPyConnection, view: str, key: str, label: str, ids: list[str]) -> dict:
    """Daily series of the given subjects from an attention view (view and columns are code)."""
    out: dict[str, list] = {}
    if not ids:
        return out
    rows = con.execute(
        f"SELECT {key}, {label}, period_start, articles, share, spike FROM {view} "
        f"WHERE period = 'day' AND list_contains(?, {key}) ORDER BY {key}, period_start",
        [ids],
    ).fetchall()
    names = {}
    for subject, name, day, articles, share, spike in rows:
        names[subject] = name
        out.setdefault(subject, []).append((day, articles, share, spike))
    return {names[i]: out[i] for i in ids if i in out}


def _places(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, float, float, int]]:
    """Articles per country, each article counted once: LOC entities roll up by the country
    GeoNames linked them to (entities.country_code), else by the country lists' lookup of their
    name (a place GeoNames left ambiguous, a region it does not list). A country is drawn at its
    point in the lists, else at its most mentioned linked city; one with neither is left out."""
    from akhbar.places import countries, country_name, country_of

    mapping = {}
    for entity_id, name, code in con.execute(
        "SELECT entity_id, name, country_code FROM entities WHERE entity_type = 'LOC'"
    ).fetchall():
        if code is None:
            country = country_of(name)
            code = country.code if country else None
        if code:
            mapping[entity_id] = code
    if not mapping:
        return []
    # An Arrow table, not list parameters: DuckDB binds long lists slowly.
    con.register("place_countries", pa.table({"entity_id": list(mapping), "code": list(mapping.values())}))
    try:
        rows = con.execute(
            "SELECT m.code, count(DISTINCT x.article_id) FROM entity_mentions x "
            "JOIN place_countries m USING (entity_id) GROUP BY m.code ORDER BY 2 DESC, 1"
        ).fetchall()
    finally:
        con.unregister("place_countries")
    known = countries()
    city_points = {}
    for _, code, lat, lon, _ in _cities(con):
        city_points.setdefault(code, (lat, lon))
    out = []
    for code, n in rows:
        if code in known:
            out.append((code, known[code].name, known[code].lat, known[code].lon, n))
        elif code in city_points:
            out.append((code, country_name(code), *city_points[code], n))
    return out


def _cities(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, float, float, int]]:
    """The most mentioned places GeoNames linked to a point (cities; countries carry none)."""
    return con.execute(
        "SELECT name, country_code, latitude, longitude, article_count FROM entities "
        "WHERE entity_type = 'LOC' AND latitude IS NOT NULL AND longitude IS NOT NULL AND article_count > 0 "
        "ORDER BY article_count DESC, name LIMIT ?",
        [MAP_CITIES],
    ).fetchall()
