"""SIGKILL a real `akhbar run` at each failpoint: nothing committed is lost, nothing half-done shows.

The scenario: a warehouse already holds the first half of the seeds (folder a/); a run over a/ and
b/ (the second half, in batches of 2) is killed at one failpoint. Afterwards

* before the commit: the warehouse is exactly as it was, and so are the lake's table folders;
* after the commit: the warehouse holds the run, and the lake's table folders hold only whole,
  published Parquet files (the rest of the publish waits in staging);
* either way the next, ordinary run finishes the work: tables identical to an uninterrupted run,
  the lake mirroring the warehouse row for row (no duplicate, nothing missing), staging empty.
"""

from __future__ import annotations

import shutil

import pytest

from akhbar.faults import FAILPOINTS
from tests.reliability.conftest import (
    akhbar_cli,
    assert_lake_files_complete,
    assert_lake_mirrors_warehouse,
    lake_of,
    lake_table_files,
    query,
    run_flow,
    table_snapshot,
)

BATCH = 2
# failpoint (with hit number) -> (whether the run's load has committed when it dies, transform
# workers). transform.batch dies inside a worker process (2 workers, 2 batches), which must
# take the whole run down; elsewhere worker processes would only cost start-up time.
KILL_POINTS = {
    "transform.batch": (False, 2),
    "lake.staged_tmp@2": (False, 1),  # the second staged file
    "load.in_transaction": (False, 1),
    "load.committed_wal": (True, 1),
    "load.committed": (True, 1),
    "lake.published_table@3": (True, 1),  # three tables published, the others not
    "lake.before_manifest": (True, 1),  # every table's files written, not the manifest (the commit)
    "lake.before_catalog": (True, 1),  # the manifest committed, the DuckLake catalog not synced
}


# Killed before any batch staged a file: the run leaves nothing in staging (the workers read the
# known publisher tags from the lake, prepare-run stages nothing), and the rerun redoes it all.
NOTHING_STAGED = {"transform.batch"}


def test_every_failpoint_is_exercised():
    # transform.worker_dies (one worker alone) has its own test in test_worker_death.py.
    assert {k.partition("@")[0] for k in KILL_POINTS} | {"transform.worker_dies"} == set(FAILPOINTS)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """A warehouse holding a/ (the starting point) and the snapshot of an uninterrupted a/ then a/+b/."""
    a, b = corpus
    base = tmp_path_factory.mktemp("base") / "akhbar.duckdb"
    run_flow([a], base, workers=1)
    clean = tmp_path_factory.mktemp("clean") / "akhbar.duckdb"
    shutil.copytree(base.parent, clean.parent, dirs_exist_ok=True)
    run_flow([a, b], clean, batch_size=BATCH, workers=1)
    return base, table_snapshot(clean)


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_then_rerun_loses_nothing(point, corpus, reference, tmp_path):
    a, b = corpus
    base, expected = reference
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    shutil.copytree(base.parent, warehouse.parent)
    before = table_snapshot(warehouse)
    lake_before = lake_table_files(lake_of(warehouse))

    committed, workers = KILL_POINTS[point]
    proc = akhbar_cli(
        "run", "--source", str(a), "--source", str(b), "--warehouse", str(warehouse),
        "--batch-size", str(BATCH), "--workers", str(workers),
        AKHBAR_FAILPOINT=point,
    )
    assert proc.returncode == -9, f"the run was not killed at {point}:\n{proc.stderr[-3000:]}"

    after_kill = table_snapshot(warehouse)
    lake = lake_of(warehouse)
    assert_lake_files_complete(lake)
    if committed:
        assert after_kill == expected
        # Publishing only adds whole files: every earlier run file is still there, and a snapshot
        # table is never left without a snapshot (the old one goes only after the new one lands).
        now = set(lake_table_files(lake))
        assert {f for f in lake_before if "/snapshot-" not in f} <= now
        for table in {f.split("/")[0] for f in lake_before}:
            assert any(f.startswith(table + "/") for f in now), table
    else:
        assert after_kill == before
        assert lake_table_files(lake) == lake_before
        assert query(warehouse, "SELECT count(*) FROM runs")[0][0] == 1
    if point not in NOTHING_STAGED:
        assert any((lake / "_staging").iterdir()), "the killed run left no staging to recover from"

    summary = run_flow([a, b], warehouse, batch_size=BATCH, workers=1)
    assert summary["documents_new"] == (0 if committed else len(list(b.iterdir())))
    assert table_snapshot(warehouse) == expected
    assert_lake_files_complete(lake)
    assert_lake_mirrors_warehouse(warehouse)


@pytest.mark.slow
def test_a_commit_still_in_the_wal_survives_a_kill(corpus, reference, tmp_path):
    """Killed right after COMMIT, before the connection closes (which would checkpoint): the run's
    rows exist only in the write-ahead log. Reopening replays it: the data is there, read-only
    and read-write, and the checkpoint on the writer's close folds it into the database file."""
    from akhbar.warehouse.db import connect_writer

    a, b = corpus
    base, expected = reference
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    shutil.copytree(base.parent, warehouse.parent)
    wal = warehouse.with_name(warehouse.name + ".wal")
    assert not wal.exists()
    proc = akhbar_cli(
        "run", "--source", str(a), "--source", str(b), "--warehouse", str(warehouse),
        "--batch-size", str(BATCH), "--workers", "1", AKHBAR_FAILPOINT="load.committed_wal",
    )
    assert proc.returncode == -9, proc.stderr[-3000:]
    assert wal.exists() and wal.stat().st_size > 0, "the commit was checkpointed: this test no longer tests the WAL"
    assert table_snapshot(warehouse) == expected
    connect_writer(warehouse).close()
    assert not wal.exists() or wal.stat().st_size == 0
    assert table_snapshot(warehouse) == expected


@pytest.mark.slow
def test_a_reprocess_killed_in_its_load_changes_nothing_and_reruns(corpus, reference, tmp_path):
    """A reprocess is the ordinary load: killed inside its transaction, the warehouse keeps its
    old (here deliberately stale) mentions; the next reprocess completes."""
    base, _ = reference
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    shutil.copytree(base.parent, warehouse.parent)
    expected = table_snapshot(warehouse)
    import duckdb

    with duckdb.connect(str(warehouse)) as con:
        con.execute("DELETE FROM entity_mentions WHERE field = 'title'")
    stale = table_snapshot(warehouse)
    assert stale != expected
    proc = akhbar_cli("run", "--reprocess", "entities", "--warehouse", str(warehouse), "--workers", "1",
                      AKHBAR_FAILPOINT="load.in_transaction")
    assert proc.returncode == -9, proc.stderr[-3000:]
    assert table_snapshot(warehouse) == stale
    proc = akhbar_cli("run", "--reprocess", "entities", "--warehouse", str(warehouse), "--workers", "1", "--json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert table_snapshot(warehouse) == expected
    assert_lake_mirrors_warehouse(warehouse)


@pytest.mark.slow
def test_full_refresh_killed_after_commit_leaves_no_duplicate_in_the_lake(corpus, reference, tmp_path):
    """A full refresh that dies before its publish: the lake must not keep the old runs' files next
    to the refreshed ones (the recovery publish does not know the run was a full refresh; the lake
    check in prepare_run sets the orphaned files aside)."""
    a, _ = corpus
    base, _ = reference
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    shutil.copytree(base.parent, warehouse.parent)
    before = table_snapshot(warehouse)
    proc = akhbar_cli("run", "--source", str(a), "--warehouse", str(warehouse), "--full-refresh", "--workers", "1",
                      AKHBAR_FAILPOINT="load.committed")
    assert proc.returncode == -9, proc.stderr[-3000:]
    assert table_snapshot(warehouse) == before
    run_flow([a], warehouse, workers=1)
    assert table_snapshot(warehouse) == before
    assert_lake_mirrors_warehouse(warehouse)
