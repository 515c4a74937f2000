"""One opening of the warehouse per run (writer_session), and the load of a run that staged nothing."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa

from akhbar.schema import SOURCE_FILES, TABLES
from akhbar.warehouse import db
from akhbar.warehouse.db import connect_writer, writer_session
from akhbar.warehouse.load import RunInfo, load_run


def _opens(monkeypatch) -> list:
    opened = []
    real = db._open_writer

    def counting(warehouse):
        opened.append(warehouse)
        return real(warehouse)

    monkeypatch.setattr(db, "_open_writer", counting)
    return opened


def test_a_session_opens_the_warehouse_once_for_every_step(tmp_path, monkeypatch):
    path = tmp_path / "w" / "akhbar.duckdb"
    opened = _opens(monkeypatch)
    with writer_session(path):
        with connect_writer(path) as con:
            con.execute("CREATE TABLE t (x INTEGER)")
            con.execute("INSERT INTO t VALUES (1)")
        # The step's connection is closed; the database stays open for the next step.
        with connect_writer(tmp_path / "w" / ".." / "w" / "akhbar.duckdb") as con:
            assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
            assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
    assert len(opened) == 1
    # After the session: an ordinary open, and the committed row is in the file.
    with connect_writer(path) as con:
        assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert len(opened) == 2


def test_a_released_session_opens_again_on_the_next_step(tmp_path, monkeypatch):
    path = tmp_path / "akhbar.duckdb"
    opened = _opens(monkeypatch)
    with writer_session(path) as release:
        connect_writer(path).close()
        release()
        # Released: the file is closed (another opening in this process, read-only, works).
        import duckdb

        duckdb.connect(str(path), read_only=True).close()
        connect_writer(path).close()
    assert len(opened) == 2


def test_another_warehouse_is_not_served_by_the_session(tmp_path, monkeypatch):
    opened = _opens(monkeypatch)
    with writer_session(tmp_path / "a.duckdb"):
        connect_writer(tmp_path / "a.duckdb").close()
        connect_writer(tmp_path / "b.duckdb").close()
    assert [p.name for p in opened] == ["a.duckdb", "b.duckdb"]


def _snapshot(con) -> dict:
    return {spec.name: con.execute(f'SELECT * FROM "{spec.name}" ORDER BY ALL').fetchall() for spec in TABLES if spec.name != "runs"}


def test_a_run_that_staged_nothing_records_its_files_and_row_and_changes_nothing_else(tmp_path):
    """Nothing staged (no new document): the fact and derivation scripts are skipped, yet a new
    file without documents is still recorded in source_files, and the run's row is written."""
    with connect_writer(tmp_path / "akhbar.duckdb") as con:
        before = _snapshot(con)
        files = pa.Table.from_pylist(
            [{"path": "/in/empty.zip", "byte_size": 22, "mtime_ns": 1, "content_hash": "h", "documents": 0, "run_id": "r1"}],
            schema=SOURCE_FILES.schema,
        )
        run = RunInfo("r1", None, datetime.now(timezone.utc), 0, "{}")
        row = load_run(con, {}, run, finished_at=datetime.now(timezone.utc), source_files=files)
        assert row["documents_new"] == 0 and row["documents_seen"] == 0
        after = _snapshot(con)
        assert after.pop("source_files") == [("/in/empty.zip", 22, 1, "h", 0, "r1")]
        before.pop("source_files")
        assert after == before
        assert con.execute("SELECT run_id FROM runs").fetchall() == [("r1",)]
        # The load's TEMP table is gone with the transaction's end, as after any load.
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'run_articles'").fetchone() == (0,)
