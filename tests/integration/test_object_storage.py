"""The lake on a real S3 API (moto's server on 127.0.0.1): a run gives the same tables as with a
local lake, and the DuckLake catalog the run keeps shows exactly the warehouse's tables."""

from __future__ import annotations

import pyarrow.fs as pafs

from akhbar.warehouse.lake import Lake
from akhbar.warehouse.manifest import read_manifest
from tests.conftest import SEEDS
from tests.integration.conftest import run_flow, table_snapshot
from tests.lake_tables import catalog_tables, warehouse_tables


def _published_files(lake: Lake) -> set[str]:
    """Every Parquet file under the lake's table folders (not _staging, _manifests, _catalog)."""
    selector = pafs.FileSelector(lake.path(""), recursive=True)
    files = set()
    for info in lake.fs.get_file_info(selector):
        relative = info.path[len(lake.path("")) :].lstrip("/")
        if info.type == pafs.FileType.File and not relative.startswith("_"):
            files.add(relative)
    return files


def _compare_local_and_s3(sources, s3_lake, tmp_path, **options):
    local = tmp_path / "local" / "akhbar.duckdb"
    remote = tmp_path / "remote" / "akhbar.duckdb"
    run_flow(sources, local, **options)
    summary = run_flow(sources, remote, lake=s3_lake, **options)
    assert summary["documents_loaded"] > 0
    assert table_snapshot(remote) == table_snapshot(local)
    # Through the catalog, from the lake alone: the warehouse's tables row by row, on S3 and local.
    assert catalog_tables(s3_lake) == warehouse_tables(remote)
    assert catalog_tables(str(local.parent / "lake")) == warehouse_tables(local)
    # The manifest lists every published file and nothing else is in the table folders.
    lake = Lake(s3_lake)
    assert {f for files in read_manifest(lake).values() for f in files} == _published_files(lake)


def test_seeds_with_the_lake_on_s3_match_a_local_lake(s3_lake, tmp_path):
    # Two batches on two worker processes: the workers write their staging to S3 themselves.
    _compare_local_and_s3([SEEDS], s3_lake, tmp_path, workers=2, batch_size=3)


# A SaudiNewsNet sample on S3 runs end to end on a Dask cluster (tests/integration/test_dask.py).
