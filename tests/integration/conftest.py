"""One Prefect test harness for the whole session (it costs ~15 s to start), and flow helpers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="session", autouse=True)
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "akhbar.duckdb"


def run_flow(sources, warehouse: Path, **kwargs) -> dict:
    """Run the pipeline flow in-process and return its summary row.

    Without the flow's HTML report unless a test asks for it (``report=True``): the report has
    tests of its own (test_analyst_layer, the browser test), the runs started as ``akhbar run``
    subprocesses write it, and writing it after each of the suite's in-process runs cost minutes
    of CI time (the full-corpus run alone ~20-30 s)."""
    from akhbar.flows.pipeline import akhbar_pipeline

    kwargs.setdefault("report", False)

    return akhbar_pipeline(sources=[str(s) for s in sources], warehouse=str(warehouse), **kwargs)


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


# The search index lives outside the contract (schema ``search``) but must agree with it.
SEARCH_TABLES = {
    "search.postings": "SELECT term, article_id, title_tf, body_tf FROM search.postings",
    "search.indexed_articles": "SELECT article_id, length, source_hash, analyzer_version FROM search.indexed_articles",
}


def table_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every contract table (except run bookkeeping) and of the search index,
    sorted: for equality checks. A warehouse without a search index yet has it empty."""
    from akhbar.schema import RUNS, TABLES

    snapshot = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for spec in TABLES:
            if spec is RUNS:
                continue
            cols = [c for c in spec.columns if c not in ("run_id", "ingested_at")]
            rows = con.execute(f'SELECT {", ".join(cols)} FROM "{spec.name}"').fetchall()
            snapshot[spec.name] = sorted(rows, key=repr)
        indexed = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'search' AND table_name = 'postings'"
        ).fetchone()[0]
        for name, sql in SEARCH_TABLES.items():
            snapshot[name] = sorted(con.execute(sql).fetchall(), key=repr) if indexed else []
    return snapshot
