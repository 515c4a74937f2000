"""A corrupt, foreign or orphaned file in a lake table folder is found, explained and set aside."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.lake import QUARANTINE, Lake
from tests.conftest import SEEDS
from tests.reliability.conftest import assert_lake_mirrors_warehouse, lake_of, lake_table_files, query, run_flow


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("lake") / "akhbar.duckdb"
    run_flow([SEEDS], warehouse, workers=1)
    return warehouse


@pytest.fixture
def warehouse(seeded, tmp_path):
    copy = tmp_path / "wh" / "akhbar.duckdb"
    shutil.copytree(seeded.parent, copy.parent)
    return copy


def _plant(lake, run_id):
    """Bad files of every kind, by path relative to the lake -> expected words of the reason."""
    good = next((lake / "documents").glob("run-*.parquet"))
    (lake / "documents" / "notes.txt").write_text("hand-written notes")
    truncated = lake / "documents" / f"run-{run_id}-7.parquet"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    shutil.copy(good, lake / "articles" / f"run-{run_id}-0.parquet")
    (lake / "articles" / "published_date=yesterday").mkdir()
    shutil.copy(next((lake / "articles").glob("*/run-*.parquet")), lake / "articles" / "published_date=yesterday" / f"run-{run_id}-0.parquet")
    pq.write_table(pa.table({"x": [1]}), lake / "entities" / f"snapshot-{run_id}-3.parquet")
    shutil.copy(good, lake / "documents" / "run-20990101T000000Z-deadbeef-0.parquet")
    return {
        "documents/notes.txt": "not a file akhbar publishes",
        f"documents/run-{run_id}-7.parquet": "unreadable Parquet",
        f"articles/run-{run_id}-0.parquet": "wrong folder depth",
        f"articles/published_date=yesterday/run-{run_id}-0.parquet": "is not a published_date=<value> partition",
        f"entities/snapshot-{run_id}-3.parquet": "columns ['x'] are not in table entities",
        "documents/run-20990101T000000Z-deadbeef-0.parquet": "not committed in this warehouse",
    }


def test_verify_moves_each_bad_file_with_its_reason(warehouse):
    lake = lake_of(warehouse)
    run_id = query(warehouse, "SELECT run_id FROM runs")[0][0]
    good_files = lake_table_files(lake)
    expected = _plant(lake, run_id)
    logged = []
    with connect_writer(warehouse) as con:
        moved = dict(Lake(lake).verify(con, "20300101T000000Z-00000000", log=lambda fmt, *a: logged.append(fmt % a)))
    assert set(moved) == set(expected)
    for path, words in expected.items():
        assert words in moved[path], (path, moved[path])
        assert (lake / QUARANTINE / "20300101T000000Z-00000000" / path).is_file()
    assert lake_table_files(lake) == good_files  # every good file stayed, every bad one left
    reasons = [json.loads(line) for line in (lake / QUARANTINE / "20300101T000000Z-00000000" / "reasons.jsonl").read_text().splitlines()]
    assert {r["path"]: r["reason"] for r in reasons} == moved
    assert len(logged) == len(expected) and all("quarantine" in line for line in logged)


def test_verify_leaves_a_healthy_lake_alone(warehouse):
    lake = lake_of(warehouse)
    before = lake_table_files(lake)
    with connect_writer(warehouse) as con:
        assert Lake(lake).verify(con, "20300101T000000Z-00000000") == []
    assert lake_table_files(lake) == before
    assert not (lake / QUARANTINE).exists()


def test_the_next_run_quarantines_bad_files_and_the_lake_matches_again(warehouse):
    lake = lake_of(warehouse)
    run_id = query(warehouse, "SELECT run_id FROM runs")[0][0]
    expected = _plant(lake, run_id)
    summary = run_flow([SEEDS], warehouse, workers=1)
    quarantined = lake / QUARANTINE / summary["run_id"]
    assert {p for p in expected if (quarantined / p).is_file()} == set(expected)
    assert_lake_mirrors_warehouse(warehouse)
