"""Schema versions: old warehouses migrate forward with their data; newer ones are refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from akhbar.errors import WarehouseError
from akhbar.schema import DOCUMENTS, SCHEMA_VERSION, SOURCE_FILES, TABLES
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.migrations import LATEST_VERSION, MIGRATIONS, Migration, check_order, current_version, migrate

NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _v1_warehouse(path: Path) -> None:
    """A warehouse as akhbar 0.1 (schema v1) left it: no source_files table, a document loaded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        assert migrate(con, MIGRATIONS[:1]) == [1]
        con.execute(
            "INSERT INTO documents VALUES ('d1', '/in/a.txt', 'loaded', NULL, ['w'], 'utf-8', 10, 1, 'r1', ?)", [NOW]
        )
        con.execute(
            "INSERT INTO articles (article_id, doc_id, title, body, word_count, language) "
            "VALUES ('a1', 'd1', 'عنوان', 'نص', 2, 'ar')"
        )
        con.execute("INSERT INTO runs VALUES ('r1', NULL, ?, ?, 1, 1, 0, 1, 0, '{}')", [NOW, NOW])


def _rows(con, table, columns: list[str] | None = None):
    """Every row; ``columns`` (default all) lets a migrated table be compared on the columns it
    had before (a migration may add one, NULL for old rows)."""
    select = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    return con.execute(f"SELECT {select} FROM {table} ORDER BY ALL").fetchall()


def _columns(con, table) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def test_schema_version_is_the_last_migration():
    assert SCHEMA_VERSION == LATEST_VERSION


def test_new_warehouse_is_built_by_the_migrations_and_matches_the_contract(tmp_path):
    with connect_writer(tmp_path / "new.duckdb") as con:
        assert current_version(con) == LATEST_VERSION
        assert migrate(con, contract=TABLES) == []  # idempotent, and verify_schema passes


def test_v1_warehouse_migrates_forward_keeping_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    _v1_warehouse(path)
    with duckdb.connect(str(path)) as con:
        columns = {t: _columns(con, t) for t in ("documents", "articles", "runs")}
        before = {t: _rows(con, t) for t in columns}
    with connect_writer(path) as con:
        assert current_version(con) == LATEST_VERSION
        assert {t: _rows(con, t, columns[t]) for t in before} == before
        # Schema 4's runs.input_settings: unknown for a run made before it.
        assert con.execute("SELECT input_settings FROM runs").fetchall() == [(None,)]
        assert _rows(con, SOURCE_FILES.name) == []
        versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert versions == list(range(1, LATEST_VERSION + 1))


def test_a_future_step_adding_a_column_migrates_with_data_kept(tmp_path):
    """The framework end to end on a step that alters a populated table (a frozen future step)."""
    path = tmp_path / "old.duckdb"
    _v1_warehouse(path)
    future = LATEST_VERSION + 1
    v3 = Migration(future, "documents.source_kind", ("ALTER TABLE documents ADD COLUMN source_kind VARCHAR DEFAULT 'page'",))
    documents_v3 = replace(DOCUMENTS, schema=DOCUMENTS.schema.append(pa.field("source_kind", pa.string())))
    contract = [documents_v3 if t is DOCUMENTS else t for t in TABLES]
    with duckdb.connect(str(path)) as con:
        assert migrate(con, MIGRATIONS + (v3,), contract=contract) == list(range(2, future + 1))
        assert con.execute("SELECT doc_id, warnings, source_kind FROM documents").fetchall() == [("d1", ["w"], "page")]
        assert current_version(con) == future
    # This akhbar (at LATEST_VERSION) must now refuse the newer warehouse rather than write to it.
    with pytest.raises(WarehouseError, match=f"schema version {future}, newer than this akhbar \\({LATEST_VERSION}\\)"):
        connect_writer(path)


def test_a_failing_step_changes_nothing(tmp_path):
    path = tmp_path / "old.duckdb"
    _v1_warehouse(path)
    broken = Migration(LATEST_VERSION + 1, "broken step", ("ALTER TABLE no_such_table ADD COLUMN x INTEGER",))
    with duckdb.connect(str(path)) as con:
        with pytest.raises(WarehouseError, match=f"migration {broken.version} \\(broken step\\) failed, nothing was changed"):
            migrate(con, MIGRATIONS + (broken,))
        # The earlier steps ran in the same transaction as the broken one: they were rolled back too.
        assert current_version(con) == 1
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'source_files'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_newer_warehouse_is_refused_untouched(tmp_path):
    path = tmp_path / "future.duckdb"
    with connect_writer(path) as con:
        con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [LATEST_VERSION + 7])
    with pytest.raises(WarehouseError, match="newer than this akhbar.*upgrade akhbar"):
        connect_writer(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert current_version(con) == LATEST_VERSION + 7


def test_unversioned_warehouse_with_a_missing_column_is_refused_clearly(tmp_path):
    """A pre-versioning warehouse (tables, no schema_migrations) whose documents lack `warnings`."""
    path = tmp_path / "legacy.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, source_uri VARCHAR NOT NULL, status VARCHAR NOT NULL, "
            "error VARCHAR, encoding VARCHAR, byte_size BIGINT NOT NULL, article_count INTEGER, run_id VARCHAR NOT NULL, "
            "ingested_at TIMESTAMPTZ NOT NULL)"
        )
        con.execute("INSERT INTO documents VALUES ('d1', '/in/a.txt', 'loaded', NULL, 'utf-8', 10, 1, 'r1', ?)", [NOW])
    with pytest.raises(WarehouseError, match="table documents: missing warnings VARCHAR\\[\\]"):
        connect_writer(path)
    with duckdb.connect(str(path), read_only=True) as con:
        # Nothing was half-applied: still unversioned, no table added next to the legacy one.
        assert current_version(con) == 0
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_contract_change_without_a_migration_is_caught(tmp_path):
    with connect_writer(tmp_path / "w.duckdb") as con:
        documents_v3 = replace(DOCUMENTS, schema=DOCUMENTS.schema.append(pa.field("source_kind", pa.string())))
        with pytest.raises(WarehouseError, match="(?s)migrations.py.*table documents: missing source_kind VARCHAR"):
            migrate(con, contract=[documents_v3])


def test_migration_versions_must_be_contiguous():
    with pytest.raises(RuntimeError, match="1..n in order"):
        check_order([Migration(1, "a"), Migration(3, "c")])
