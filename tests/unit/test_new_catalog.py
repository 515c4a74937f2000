"""A new lake's catalog is created and synced by a child process at the run's start, so the run's
own process does not hold DuckDB's DuckLake and SQLite extensions through the transform
(akhbar.warehouse.catalog.sync_new_catalog)."""

from __future__ import annotations

import pytest

from akhbar.errors import WarehouseError
from akhbar.warehouse import catalog as catalog_module
from akhbar.warehouse.lake import Lake
from tests.lake_tables import catalog_tables


def _lake(tmp_path, monkeypatch):
    """A new local lake whose in-process catalog syncs are recorded instead of run."""
    path = tmp_path / "lake" / "_catalog" / "ducklake.sqlite"
    synced = []
    monkeypatch.setattr(catalog_module, "sync_catalog", lambda lake, catalog, tables, manifest, only=None: synced.append(manifest))
    return Lake(tmp_path / "lake", str(path)), path, synced


def test_a_new_catalog_is_synced_by_a_child_and_lists_every_table_empty(tmp_path, monkeypatch):
    lake, path, synced = _lake(tmp_path, monkeypatch)
    lake.sync_catalog()
    assert synced == []  # not in this process
    tables = catalog_tables(str(lake.root), str(path))
    assert tables and all(rows == [] for rows in tables.values())


def test_an_existing_catalog_is_synced_in_the_run_s_process(tmp_path, monkeypatch):
    lake, path, synced = _lake(tmp_path, monkeypatch)
    lake.sync_catalog()
    assert path.exists()
    lake.sync_catalog()  # a lake without a manifest is never known to be in sync
    assert synced == [None]


def test_a_catalog_that_cannot_be_created_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "_catalog").write_text("a file where the catalog's folder should be")
    lake, _, synced = _lake(tmp_path, monkeypatch)
    with pytest.raises(WarehouseError, match="cannot create the DuckLake catalog") as raised:
        lake.sync_catalog()
    assert "\n" not in str(raised.value) and synced == []
