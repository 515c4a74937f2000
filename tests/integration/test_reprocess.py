"""``--reprocess``: stored articles go through the same workers and the same load as new documents.

Each part (akhbar.derivations) is damaged in a copy of a loaded warehouse, the way a stale model
or a changed rule leaves it, then re-derived: every table, the search index included, must equal
the fresh run's row for row, and the parts not chosen must stay exactly as they were.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from akhbar import derivations
from akhbar.derivations import DERIVATIONS
from akhbar.warehouse.checks import DataCheckError
from tests.conftest import SEEDS, needs_corpus
from tests.integration.conftest import query, run_flow, table_snapshot
from tests.reliability.conftest import assert_lake_mirrors_warehouse

# What a stale derivation looks like, per part; each must show in the table snapshot.
DAMAGE = {
    "keywords": [
        "UPDATE article_terms SET tf = tf + 7",
        "DELETE FROM article_keywords WHERE origin = 'extracted' AND rank <= 3",
    ],
    "entities": [
        "DELETE FROM entity_mentions WHERE surface = 'باكو'",
        "UPDATE entity_mentions SET name = 'اسم من نموذج قديم' WHERE field = 'title'",
        "INSERT INTO entities (entity_id, name, name_norm, entity_type, mention_count, article_count, is_name) "
        "VALUES ('stale-entity', 'كيان قديم', 'كيان قديم', 'ORG', 1, 1, true)",
    ],
    "search": [
        "UPDATE search.postings SET body_tf = body_tf + 1 WHERE body_tf > 0",
        "UPDATE search.indexed_articles SET length = length + 1",
    ],
    # Thresholds or features that changed: stale signatures and bands, a wrong grouping, a stale
    # story row, an article with no signature at all (loaded before signatures existed).
    "stories": [
        "UPDATE article_signatures SET story_features = [1, 2, 3] WHERE article_id = (SELECT min(article_id) FROM articles)",
        "DELETE FROM article_bands WHERE kind = 'copy' AND article_id = (SELECT max(article_id) FROM articles)",
        "DELETE FROM article_signatures WHERE article_id = (SELECT max(article_id) FROM articles)",
        "UPDATE article_stories SET story_id = (SELECT min(article_id) FROM articles)",
        "UPDATE stories SET headline = 'عنوان قديم', article_count = article_count + 1",
    ],
}
# The tables each part owns in the snapshot.
PART_TABLES = {
    "keywords": {"article_terms", "article_keywords", "keywords"},
    "entities": {"entity_mentions", "entities"},
    "search": {"search.postings", "search.indexed_articles"},
    "stories": {"article_signatures", "article_bands", "article_stories", "stories"},
}


def test_every_derivation_is_covered():
    assert set(DAMAGE) == set(PART_TABLES) == set(DERIVATIONS)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    warehouse = tmp_path_factory.mktemp("reference") / "wh" / "akhbar.duckdb"
    run_flow([SEEDS], warehouse, workers=1)
    return warehouse


def copy_of(warehouse: Path, tmp_path: Path) -> Path:
    """The warehouse with its lake, copied."""
    target = tmp_path / "copy" / warehouse.name
    shutil.copytree(warehouse.parent, target.parent)
    return target


def damage(warehouse: Path, parts) -> None:
    with duckdb.connect(str(warehouse)) as con:
        for part in parts:
            for statement in DAMAGE[part]:
                con.execute(statement)


def changed_tables(a: dict, b: dict) -> set[str]:
    return {name for name in a if a[name] != b[name]}


@pytest.mark.parametrize("part", list(DAMAGE))
def test_reprocessing_a_part_gives_the_tables_of_a_fresh_run(part, reference, tmp_path):
    expected = table_snapshot(reference)
    warehouse = copy_of(reference, tmp_path)
    damage(warehouse, [part])
    changed = changed_tables(table_snapshot(warehouse), expected)
    assert changed and changed <= PART_TABLES[part], "the damage must show, and only in the part's tables"
    runs = query(warehouse, "SELECT count(*) FROM runs")[0][0]
    summary = run_flow([SEEDS], warehouse, reprocess=[part], workers=1, batch_size=3)
    assert summary["documents_new"] == summary["documents_seen"] == 0
    assert table_snapshot(warehouse) == expected
    assert query(warehouse, "SELECT count(*) FROM runs")[0][0] == runs + 1


def test_a_part_not_chosen_is_left_as_it_was(reference, tmp_path):
    warehouse = copy_of(reference, tmp_path)
    damage(warehouse, ["keywords", "search"])
    damaged = table_snapshot(warehouse)
    run_flow([SEEDS], warehouse, reprocess=["entities"], workers=1)
    assert table_snapshot(warehouse) == damaged


def test_all_parts_at_once_in_worker_processes(reference, tmp_path):
    # Several batches on two worker processes; a comma-separated choice, as on the command line.
    warehouse = copy_of(reference, tmp_path)
    damage(warehouse, DAMAGE)
    summary = run_flow([SEEDS], warehouse, reprocess=["keywords,entities", "search,stories"], workers=2, batch_size=2)
    assert summary["documents_new"] == 0
    assert table_snapshot(warehouse) == table_snapshot(reference)
    assert_lake_mirrors_warehouse(warehouse)


def test_reprocessing_a_warehouse_without_articles_writes_nothing(tmp_path):
    # No article ever loaded, so no search index yet either: every part re-derives nothing.
    warehouse = tmp_path / "new" / "akhbar.duckdb"
    summary = run_flow([SEEDS], warehouse, reprocess=["keywords,entities,search,stories"], workers=1)
    assert summary["documents_seen"] == 0
    snapshot = table_snapshot(warehouse)
    assert {name: rows for name, rows in snapshot.items() if rows} == {}


def test_an_unknown_part_is_refused_before_anything_changes(reference, tmp_path):
    warehouse = copy_of(reference, tmp_path)
    before = table_snapshot(warehouse)
    with pytest.raises(ValueError, match="cannot reprocess topics: choose from keywords, entities, search, stories"):
        run_flow([SEEDS], warehouse, reprocess=["entities,topics"])
    assert table_snapshot(warehouse) == before


def test_a_new_derived_column_is_backfilled_by_a_reprocess(reference, tmp_path):
    # entity_mentions.paragraph came with schema version 4. A warehouse of version 3 is migrated
    # forward with the column empty for its stored mentions; re-deriving entities fills it, and
    # the warehouse then equals one loaded fresh by this version.
    warehouse = copy_of(reference, tmp_path)
    with duckdb.connect(str(warehouse)) as con:
        # Version 3 had neither paragraph nor the columns of entity resolution (version 6).
        for column in ("alias_id", "method", "paragraph"):
            con.execute(f"ALTER TABLE entity_mentions DROP COLUMN {column}")
        con.execute("DELETE FROM schema_migrations WHERE version >= 4")
    from akhbar.warehouse.db import connect_writer

    connect_writer(warehouse).close()  # the migration: the column is back, empty
    assert query(warehouse, "SELECT count(*), count(paragraph) FROM entity_mentions")[0][1] == 0
    run_flow([SEEDS], warehouse, reprocess=["entities"], workers=1)
    assert query(warehouse, "SELECT count(*) FROM entity_mentions WHERE paragraph IS NULL") == [(0,)]
    assert query(warehouse, "SELECT max(paragraph) FROM entity_mentions")[0][0] > 0
    assert table_snapshot(warehouse) == table_snapshot(reference)


def test_rederived_rows_go_through_the_loads_data_checks(reference, tmp_path, monkeypatch):
    # A model whose offsets are off by one: the load's check of mention offsets, which covers the
    # articles the run re-derived, rolls the whole reprocess back.
    def shifted(articles, ctx):
        table = derivations.entity_rows(articles, ctx)["staged_mentions"]
        start = table.column("start_char").to_pylist()
        return {"staged_mentions": table.set_column(table.schema.get_field_index("start_char"), "start_char",
                                                    pa.array([s + 1 for s in start], pa.int32()))}

    monkeypatch.setitem(DERIVATIONS, "entities", dataclasses.replace(DERIVATIONS["entities"], rows=shifted))
    warehouse = copy_of(reference, tmp_path)
    before = table_snapshot(warehouse)
    with pytest.raises(DataCheckError, match="mention offsets match the text of this run's articles"):
        run_flow([SEEDS], warehouse, reprocess=["entities"], workers=1)
    assert table_snapshot(warehouse) == before


def test_an_article_a_derivation_fails_on_is_quarantined_and_every_other_is_rederived(reference, tmp_path, monkeypatch):
    warehouse = copy_of(reference, tmp_path)
    damage(warehouse, ["keywords", "search"])
    bad = query(warehouse, "SELECT min(article_id) FROM articles")[0][0]

    def failing(articles, ctx):
        if any(article[0] == bad for article in articles):
            raise ValueError("a crafted failure")
        return derivations.keyword_rows(articles, ctx)

    monkeypatch.setitem(DERIVATIONS, "keywords", dataclasses.replace(DERIVATIONS["keywords"], rows=failing))
    stale = table_snapshot(warehouse)
    summary = run_flow([SEEDS], warehouse, reprocess=["keywords,search"], workers=1, batch_size=3)
    assert summary["articles_quarantined"] == 1
    reason = "keywords: internal error (ValueError): a crafted failure"
    assert query(warehouse, "SELECT article_id, derivation, error FROM quarantined_articles ORDER BY ALL") == [
        (bad, "keywords", reason), (bad, "search", reason)
    ]
    got, expected = table_snapshot(warehouse), table_snapshot(reference)
    # The quarantined article keeps the rows it had in both parts; every other is re-derived.
    for table in ("article_terms", "search.postings"):
        mine = [r for r in got[table] if bad in r]
        assert mine and mine == [r for r in stale[table] if bad in r] != [r for r in expected[table] if bad in r]
        assert [r for r in got[table] if bad not in r] == [r for r in expected[table] if bad not in r]
    # Fixed, the next reprocess re-derives it and lifts the quarantine: a fresh run's tables.
    monkeypatch.undo()
    summary = run_flow([SEEDS], warehouse, reprocess=["keywords,search"], workers=1)
    assert summary["articles_quarantined"] == 0
    assert table_snapshot(warehouse) == expected


@pytest.mark.slow
def test_reprocessing_a_saudinewsnet_day_gives_the_tables_of_a_fresh_run(tmp_path):
    archive = needs_corpus("saudinewsnet", "2015-07-23.zip")  # the smallest day
    # Its first 400 articles, as the zip they came in: real news at a fraction of CI's time.
    day = tmp_path / "corpus" / archive.name
    day.parent.mkdir()
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(day, "w", zipfile.ZIP_DEFLATED) as out:
        member = source.namelist()[0]
        out.writestr(member, json.dumps(json.loads(source.read(member))[:400], ensure_ascii=False))
    fresh = tmp_path / "fresh" / "akhbar.duckdb"
    run_flow([day], fresh)
    expected = table_snapshot(fresh)
    assert len(expected["articles"]) > 100 and len(expected["entity_mentions"]) > 1000
    warehouse = copy_of(fresh, tmp_path)
    damage(warehouse, DAMAGE)
    run_flow([day], warehouse, reprocess=["keywords,entities,search,stories"])
    assert table_snapshot(warehouse) == expected
