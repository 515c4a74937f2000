"""Crash recovery at the start of a run: finish or discard what interrupted runs left behind."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from akhbar.warehouse.lake import Lake
from akhbar.warehouse.state import committed_runs


def recover_interrupted_runs(con: duckdb.DuckDBPyConnection, lake: Lake, run_id: str, log: Callable[..., None]) -> None:
    """Publish the lake files of runs that committed but died before publishing (publishing is
    idempotent), discard the staging of runs that never committed, and set aside foreign or
    half-written lake files (Lake.verify); then bring the DuckLake catalog to the lake's committed
    state (a run that died between its manifest and its catalog sync left it one run behind)."""
    leftovers = [r for r in lake.staged_runs() if r != run_id]
    committed = committed_runs(con, leftovers)
    for old in leftovers:
        if old in committed:
            lake.publish(con, old)
            log("completed the lake publish of interrupted run %s", old)
        else:
            log("discarded staging of run %s, which never committed", old)
        lake.drop_staging(old)
    lake.verify(con, run_id, log=log)
    lake.sync_catalog()
