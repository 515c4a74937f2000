"""A lake on S3 (moto's server on 127.0.0.1) and its DuckLake catalog under real crashes, and the
catalog on a real PostgreSQL server.

A reader sees runs through the catalog: a run killed before its load committed, or after its files
were written but before the catalog took them, changes nothing a reader sees; the next run
completes (or discards) it and the catalog again equals the warehouse.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pyarrow.fs as pafs
import pytest

from akhbar.warehouse.lake import STAGING, Lake
from akhbar.warehouse.manifest import read_manifest
from tests.conftest import SEEDS
from tests.lake_tables import catalog_tables, warehouse_tables
from tests.reliability.conftest import akhbar_cli, run_flow, split_seeds


def _table_folder_files(lake: Lake) -> set[str]:
    base = lake.path("")
    return {
        info.path[len(base) :].lstrip("/")
        for info in lake.fs.get_file_info(pafs.FileSelector(base, recursive=True))
        if info.type == pafs.FileType.File and not info.path[len(base) :].lstrip("/").startswith("_")
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "point, committed",
    [
        ("load.in_transaction", False),  # the load dies before its commit
        ("lake.before_catalog", True),  # committed and published; the catalog not yet told
    ],
)
def test_a_run_killed_on_s3_is_invisible_to_readers_until_completed(point, committed, s3_lake, tmp_path):
    a, b = split_seeds(tmp_path / "src")
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    run_flow([a], warehouse, lake=s3_lake, workers=1)
    lake = Lake(s3_lake)
    seen_before = catalog_tables(s3_lake)
    files_before = _table_folder_files(lake)
    manifest_before = read_manifest(lake)

    proc = akhbar_cli(
        "run", "--source", str(a), "--source", str(b), "--warehouse", str(warehouse), "--lake", s3_lake,
        "--workers", "1", AKHBAR_FAILPOINT=point,
    )  # fmt: skip
    assert proc.returncode == -9, f"the run was not killed at {point}:\n{proc.stderr[-3000:]}"

    # A reader on another connection still sees exactly the first run.
    assert catalog_tables(s3_lake) == seen_before
    if committed:
        assert read_manifest(lake) != manifest_before  # the files are committed in the lake...
    else:
        assert read_manifest(lake) == manifest_before
        assert _table_folder_files(lake) == files_before  # nothing of the killed run outside staging
    assert lake.staged_runs(), "the killed run left no staging to recover from"

    run_flow([a, b], warehouse, lake=s3_lake, workers=1)
    assert catalog_tables(s3_lake) == warehouse_tables(warehouse)
    assert {f for files in read_manifest(lake).values() for f in files} == _table_folder_files(lake)
    assert lake.staged_runs() == []
    assert not lake.fs.get_file_info(pafs.FileSelector(lake.path(STAGING), recursive=True, allow_not_found=True))


def test_a_reader_attached_before_a_run_keeps_its_snapshot(tmp_path):
    """A reader connected to a local lake's catalog before a second run sees the first run's state
    until it reconnects, then the second's whole: never a mix."""
    from akhbar.warehouse.lake_reader import connect_lake_reader

    a, b = split_seeds(tmp_path / "src")
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    lake = warehouse.parent / "lake"
    run_flow([a], warehouse, workers=1)
    first = warehouse_tables(warehouse)
    with connect_lake_reader(str(lake), None) as reader:
        reader.execute("BEGIN TRANSACTION")
        count = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
        run_flow([a, b], warehouse, workers=1)
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == count == len(first["documents"])
        reader.execute("COMMIT")
    assert catalog_tables(str(lake)) == warehouse_tables(warehouse)


def test_a_catalog_changed_behind_the_runs_back_is_compared_in_full(tmp_path):
    """A run changes only the catalog tables its publish changed, trusting the record its last
    sync left; a catalog someone else wrote to (a table dropped) no longer matches that record,
    so the next run compares every table and restores it. (A reader's visit may touch the files
    too: the next run then compares in full, which is slower, never wrong.)"""
    import duckdb

    from akhbar.warehouse.catalog import _record_path, catalog_in_sync, open_catalog
    from akhbar.warehouse.manifest import newest_manifest

    a, b = split_seeds(tmp_path / "src")
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    lake = Lake(warehouse.parent / "lake", str(warehouse.parent / "lake" / "_catalog" / "ducklake.sqlite"))
    run_flow([a], warehouse, workers=1)
    assert catalog_in_sync(lake.catalog, newest_manifest(lake))
    with duckdb.connect() as con:
        open_catalog(con, lake.storage, lake.catalog, read_only=False)
        con.execute("DROP TABLE lake.entities")
    assert not catalog_in_sync(lake.catalog, newest_manifest(lake))
    run_flow([a], warehouse, workers=1)  # nothing new: the no-op run's recovery restores it
    assert catalog_tables(str(lake.root)) == warehouse_tables(warehouse)
    _record_path(lake.catalog).unlink()  # no record: a full comparison, and a new record
    run_flow([a, b], warehouse, workers=1)
    assert catalog_in_sync(lake.catalog, newest_manifest(lake))
    assert catalog_tables(str(lake.root)) == warehouse_tables(warehouse)


# --- the catalog on PostgreSQL -----------------------------------------------------------------


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def postgres_dsn():
    """A throwaway PostgreSQL cluster on 127.0.0.1 (Debian's binaries; as `nobody` when the tests
    run as root, which PostgreSQL refuses). Skips with the reason where it is not installed."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("needs PostgreSQL's server binaries (Debian: apt-get install postgresql; .ci/run installs it)")
    as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="akhbar-pg-"))
    data = folder / "data"
    if as_user:
        shutil.chown(folder, "nobody")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "akhbar"], check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgres:host=127.0.0.1 port={port} user=akhbar dbname=postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_postgres_catalog_holds_the_same_snapshot(postgres_dsn, tmp_path):
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    run_flow([SEEDS], warehouse, catalog=postgres_dsn, workers=1)
    assert catalog_tables(str(warehouse.parent / "lake"), postgres_dsn) == warehouse_tables(warehouse)
    # The default SQLite catalog was not written: the run used the one it was given.
    assert not (warehouse.parent / "lake" / "_catalog").exists()
