"""The load's memory-bounded paths give the same warehouse as the plain ones.

The load runs under a DuckDB memory limit with join reordering off (akhbar.warehouse.load), scores
keywords in several statements (score_keywords.sql) and indexes search terms in slices of articles
(search_count.sql). Here the seeds are loaded with a limit far below the default (they fail at
48MB) and one-article slices, and the result must equal a load with the defaults, row for row;
so must a search index rebuilt through the re-analysis path.
"""

from __future__ import annotations

import duckdb
import pytest

from akhbar import staging
from akhbar.warehouse import db, search_index
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.search_index import refresh_search_index
from tests.conftest import SEEDS
from tests.integration.conftest import query, run_flow, table_snapshot


def search_snapshot(warehouse) -> dict[str, list[tuple]]:
    return {
        "postings": sorted(query(warehouse, "SELECT term, article_id, title_tf, body_tf FROM search.postings")),
        "indexed_articles": sorted(
            query(warehouse, "SELECT article_id, length, source_hash, analyzer_version FROM search.indexed_articles")
        ),
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("reference") / "akhbar.duckdb"
    run_flow([SEEDS], warehouse)
    return warehouse


def test_a_tight_memory_limit_and_one_article_slices_load_the_same_warehouse(reference, tmp_path, monkeypatch):
    monkeypatch.setattr(db, "WRITER_MEMORY_LIMIT", "80MB")
    monkeypatch.setattr(search_index, "INDEX_SLICE_ARTICLES", 1)
    warehouse = tmp_path / "w" / "akhbar.duckdb"
    run_flow([SEEDS], warehouse)
    assert table_snapshot(warehouse) == table_snapshot(reference)
    assert search_snapshot(warehouse) == search_snapshot(reference)
    assert query(warehouse, "SELECT count(*) FROM search.postings")[0][0] > 0


def test_the_reanalysis_path_rebuilds_the_same_index(reference, tmp_path, monkeypatch):
    # Articles without postings (an older warehouse, an analyzer change) are re-analysed in
    # Python and indexed through the same SQL, here in chunks of two and slices of one.
    monkeypatch.setattr(search_index, "REANALYZE_CHUNK", 2)
    monkeypatch.setattr(search_index, "INDEX_SLICE_ARTICLES", 1)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(reference.read_bytes())
    with connect_writer(copy) as con:
        con.execute("BEGIN")
        con.execute("DELETE FROM search.postings")
        con.execute("DELETE FROM search.indexed_articles")
        refresh_search_index(con)
        con.execute("COMMIT")
    assert search_snapshot(copy) == search_snapshot(reference)


def test_a_reprocess_in_one_article_chunks_under_a_tight_limit_gives_the_same_warehouse(reference, tmp_path, monkeypatch):
    # Re-deriving every part of stored articles: exported a file per two articles, derived one
    # article at a time (the worker's chunk), loaded under the tight limit in one-article
    # slices. Entity mentions are deleted first, so the reprocess has to put every one back.
    monkeypatch.setattr(db, "WRITER_MEMORY_LIMIT", "80MB")
    monkeypatch.setattr(search_index, "INDEX_SLICE_ARTICLES", 1)
    monkeypatch.setattr(staging, "CHUNK_DOCUMENTS", 1)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(reference.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM entity_mentions")
    run_flow([SEEDS], copy, reprocess=["entities,keywords,search"], workers=1, batch_size=2)
    assert table_snapshot(copy) == table_snapshot(reference)
    assert search_snapshot(copy) == search_snapshot(reference)


def test_the_load_restores_the_connection_settings(tmp_path):
    from akhbar.warehouse.load import LOAD_SETTINGS, _load_settings

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("SET threads = 2")
        before = {name: con.execute("SELECT current_setting(?)", [name]).fetchone()[0] for name in [*LOAD_SETTINGS, "threads"]}
        with pytest.raises(RuntimeError):
            with _load_settings(con):
                assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == LOAD_SETTINGS["disabled_optimizers"]
                con.execute("SET threads = 1")  # as insert_facts.sql does, then fails before resetting it
                raise RuntimeError("the load failed")
        after = {name: con.execute("SELECT current_setting(?)", [name]).fetchone()[0] for name in before}
        assert after == before
