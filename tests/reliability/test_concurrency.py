"""Two runs at once: the second stops with a clear message, or with --wait waits its turn."""

from __future__ import annotations

import threading
import time

import pytest

from akhbar.errors import WarehouseBusyError
from akhbar.warehouse.db import writer_lock
from tests.reliability.conftest import akhbar_cli, query, run_flow, table_snapshot


def test_second_run_stops_with_a_clear_message(corpus, tmp_path):
    a, _ = corpus
    warehouse = tmp_path / "akhbar.duckdb"
    with writer_lock(warehouse):  # the test process plays the run in progress
        proc = akhbar_cli("run", "--source", str(a), "--warehouse", str(warehouse), "--workers", "1")
    # A usage error, found before Prefect starts (issue 14): exit 2, one line.
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert proc.stderr.startswith("akhbar run: another akhbar run (pid"), proc.stderr[-3000:]
    assert "--wait" in proc.stderr
    assert not warehouse.exists()  # it stopped before touching anything
    assert "Traceback" not in proc.stderr  # a user error is one line, not a stack


def test_busy_warehouse_raises_before_any_change(corpus, tmp_path):
    a, _ = corpus
    warehouse = tmp_path / "akhbar.duckdb"
    run_flow([a], warehouse, workers=1)
    before = table_snapshot(warehouse)
    with writer_lock(warehouse), pytest.raises(WarehouseBusyError, match=r"another akhbar run \(pid \d+\) is writing"):
        run_flow([a], warehouse, workers=1, wait_s=0.5)
    assert table_snapshot(warehouse) == before
    assert query(warehouse, "SELECT count(*) FROM runs")[0][0] == 1


def test_wait_lets_the_second_run_finish_after_the_first(corpus, tmp_path):
    a, b = corpus
    warehouse = tmp_path / "akhbar.duckdb"
    held, release = threading.Event(), threading.Event()

    def first_run():
        with writer_lock(warehouse):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=first_run)
    holder.start()
    held.wait(10)
    threading.Timer(2.0, release.set).start()
    started = time.monotonic()
    summary = run_flow([a, b], warehouse, workers=1, wait_s=60)
    holder.join()
    assert time.monotonic() - started >= 2.0  # it really waited for the lock
    assert summary["documents_loaded"] == len(list(a.iterdir())) + len(list(b.iterdir()))
