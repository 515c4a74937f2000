"""One transform worker process dies alone (the OOM killer's way): the run stops with a one-line
message before loading anything, and the next run completes the work."""

from __future__ import annotations

import pytest

from tests.reliability.conftest import akhbar_cli, run_flow, table_snapshot


@pytest.mark.slow
def test_a_dying_worker_stops_the_run_cleanly(corpus, tmp_path):
    a, b = corpus
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    run_flow([a], warehouse, workers=1)
    before = table_snapshot(warehouse)
    proc = akhbar_cli(
        "run", "--source", str(a), "--source", str(b), "--warehouse", str(warehouse), "--workers", "2",
        "--batch-size", "1", AKHBAR_FAILPOINT="transform.worker_dies",
    )
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "a transform worker process died" in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert table_snapshot(warehouse) == before
    after = run_flow([a, b], warehouse, workers=1)
    assert after["documents_new"] == len(list(b.iterdir())) and after["documents_quarantined"] == 0
    # The same tables as a run that was never interrupted.
    clean = tmp_path / "clean" / "akhbar.duckdb"
    run_flow([a], clean, workers=1)
    run_flow([a, b], clean, workers=1)
    assert table_snapshot(warehouse) == table_snapshot(clean)
