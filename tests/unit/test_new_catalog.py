"""A new lake's catalog is created at the run's start and filled by its first publish, not attached
before the transform (akhbar.warehouse.catalog.create_new_catalog)."""

from __future__ import annotations

import pytest

from akhbar.errors import WarehouseError
from akhbar.warehouse import catalog as catalog_module
from akhbar.warehouse.lake import Lake


def _lake(tmp_path, monkeypatch):
    path = tmp_path / "lake" / "_catalog" / "ducklake.sqlite"
    synced = []
    monkeypatch.setattr(catalog_module, "sync_catalog", lambda lake, catalog, tables, manifest, only=None: synced.append(manifest))
    return Lake(tmp_path / "lake", str(path)), path, synced


def test_a_new_lake_creates_its_catalog_file_without_attaching_it(tmp_path, monkeypatch):
    lake, path, synced = _lake(tmp_path, monkeypatch)
    lake.sync_catalog()
    assert path.exists() and synced == []


def test_an_existing_catalog_of_a_lake_without_manifest_is_brought_to_the_empty_state(tmp_path, monkeypatch):
    """A catalog already there (a run that died before its first publish, or a lake whose
    manifests were removed) may list files: it is compared in full, as before."""
    lake, path, synced = _lake(tmp_path, monkeypatch)
    lake.sync_catalog()
    lake.sync_catalog()
    assert synced == [None]


def test_a_catalog_that_cannot_be_created_is_one_line_before_the_transform(tmp_path, monkeypatch):
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "_catalog").write_text("a file where the catalog's folder should be")
    lake, _, synced = _lake(tmp_path, monkeypatch)
    with pytest.raises(WarehouseError, match="cannot create the DuckLake catalog"):
        lake.sync_catalog()
    assert synced == []
