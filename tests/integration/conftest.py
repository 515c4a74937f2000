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
    """Run the pipeline flow in-process and return its summary row."""
    from akhbar.flows.pipeline import akhbar_pipeline

    return akhbar_pipeline(sources=[str(s) for s in sources], warehouse=str(warehouse), **kwargs)


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def table_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every contract table (except run bookkeeping), sorted: for equality checks."""
    from akhbar.schema import RUNS, TABLES

    snapshot = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for spec in TABLES:
            if spec is RUNS:
                continue
            cols = [c for c in spec.columns if c not in ("run_id", "ingested_at")]
            rows = con.execute(f'SELECT {", ".join(cols)} FROM "{spec.name}"').fetchall()
            snapshot[spec.name] = sorted(rows, key=repr)
    return snapshot
