"""Helpers for the reliability tests: real `akhbar run` subprocesses, lake inspection, corpora.

The session's Prefect harness is reused from the integration tests (importing the fixture here
makes it autouse for this folder too). Subprocess runs are pointed at that harness's API server
instead of starting their own temporary server: each start costs ~5-20 s on a 2-core box, which
the CI budget cannot afford (tests/integration/test_temporary_server.py covers that path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from akhbar.config import PREFECT_ENVIRONMENT
from akhbar.schema import TABLES
from akhbar.warehouse.ddl import duckdb_type
from akhbar.warehouse.lake import NULL_PARTITION
from tests.conftest import REPO, SEEDS
from tests.integration.conftest import prefect_harness, query, run_flow, table_snapshot  # noqa: F401

AKHBAR = str(Path(sys.executable).with_name("akhbar"))
SEED_FILES = sorted(SEEDS.iterdir())
LAKE_TABLES = [spec for spec in TABLES if not spec.internal]


def cli_env(**extra: str) -> dict[str, str]:
    """Environment of an `akhbar` subprocess: this session's Prefect API, no telemetry."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("AKHBAR_")}
    env.update(
        PREFECT_API_URL=PREFECT_API_URL.value(),
        **PREFECT_ENVIRONMENT,
        # Prefect's console handler wraps lines at the terminal width; keep messages greppable.
        COLUMNS="250",
    )
    env.update(extra)
    return env


def akhbar_cli(*args: str, timeout: float = 180, **env: str) -> subprocess.CompletedProcess:
    """Run the real `akhbar` console script; returns the finished process (stdout/stderr text)."""
    # Its own session (process group): a failpoint takes the run and its transform workers down
    # together, and can never reach the test process.
    return subprocess.run(
        [AKHBAR, *args], env=cli_env(**env), cwd=REPO, capture_output=True, text=True, timeout=timeout,
        start_new_session=True,
    )


def split_seeds(root: Path) -> tuple[Path, Path]:
    """The seeds copied into two folders: a/ the first half, b/ the second half."""
    a, b = root / "a", root / "b"
    for folder, files in ((a, SEED_FILES[: len(SEED_FILES) // 2]), (b, SEED_FILES[len(SEED_FILES) // 2 :])):
        folder.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copy(f, folder / f.name)
    return a, b


def lake_of(warehouse: Path) -> Path:
    return warehouse.parent / "lake"


def lake_table_files(lake: Path) -> dict[str, bytes]:
    """Every file under the lake's table folders (not _staging/_quarantine) -> its bytes."""
    files = {}
    for path in sorted(lake.rglob("*")):
        rel = path.relative_to(lake)
        if path.is_file() and not rel.parts[0].startswith("_"):
            files[str(rel)] = path.read_bytes()
    return files


def assert_lake_files_complete(lake: Path) -> None:
    """No temporary or half-written file is visible in any table folder: each is whole Parquet."""
    for rel in lake_table_files(lake):
        name = Path(rel).name
        assert ".tmp" not in name and name.endswith(".parquet"), f"stray file in the lake: {rel}"
        pq.read_metadata(lake / rel)  # raises on a truncated or foreign file


def assert_lake_mirrors_warehouse(warehouse: Path) -> None:
    """Each lake table holds exactly the warehouse table's rows: nothing missing, no duplicate."""
    lake = lake_of(warehouse)
    staging = lake / "_staging"
    assert not staging.exists() or not any(staging.iterdir()), "staging left behind"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for spec in LAKE_TABLES:
            cols = ", ".join(f'"{c}"' for c in spec.columns)
            in_db = sorted(con.execute(f'SELECT {cols} FROM "{spec.name}"').fetchall(), key=repr)
            files = list((lake / spec.name).rglob("*.parquet"))
            in_lake = []
            if files:
                # DuckDB reads hive partition values as text and does not know pyarrow's NULL
                # sentinel: map it back before comparing (see the findings in the report).
                lake_cols = ", ".join(
                    f"nullif(\"{c}\", '{NULL_PARTITION}')::{duckdb_type(spec.schema.field(c).type)}"
                    if c in spec.partition_by
                    else f'"{c}"'
                    for c in spec.columns
                )
                in_lake = con.execute(
                    f"SELECT {lake_cols} FROM read_parquet(?, hive_partitioning = true, union_by_name = true)",
                    [[str(f) for f in files]],
                ).fetchall()
            assert sorted(in_lake, key=repr) == in_db, f"lake table {spec.name} differs from the warehouse"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """The seeds split in two source folders, shared by a module so source_uri values match."""
    return split_seeds(tmp_path_factory.mktemp("corpus"))
