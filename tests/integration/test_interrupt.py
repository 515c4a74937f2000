"""Ctrl-C and SIGTERM to a real `akhbar run` during its transform: one line, code 130/143, the
temporary Prefect server and the workers gone, and the next run completes the work.

The time to exit is printed, not asserted (a loaded machine must not fail the suite); time it
with ``python -m akhbar.interrupt_bench [--signal TERM]``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from akhbar.interrupt_bench import interrupt_run, run_environment
from tests.integration.conftest import query

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

AKHBAR = str(Path(sys.executable).with_name("akhbar"))


@pytest.fixture(scope="module", autouse=True)
def prefect_harness():
    """These tests run `akhbar run` subprocesses only: no in-process Prefect harness needed."""
    yield


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_stops_with_one_line(tmp_path: Path, sig: signal.Signals, code: int):
    result = interrupt_run(tmp_path, sig)
    print(f"\n{sig.name}: run exited {result.seconds_to_exit} s after the signal")
    assert result.exit_code == code
    assert result.stderr_after_signal == [
        f"akhbar: interrupted by {sig.name}: run stopped; the next run picks up from the last completed load"
    ]
    assert result.server_gone, "the temporary Prefect server outlived the run"
    assert result.workers_gone, "a transform worker outlived the run"
    assert result.leftovers == [], "processes of the run outlived it"


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_the_workers_start_is_one_line_too(tmp_path: Path, sig: signal.Signals, code: int):
    # As soon as the pool's worker processes exist, while their Python is still starting: they
    # hold the signal back until they ignore it (before akhbar.interrupt.group_signals_held,
    # each printed a "Fatal Python error" or KeyboardInterrupt traceback under the run's line).
    result = interrupt_run(tmp_path, sig, pages=20, batch_size=5, at_start=True)
    print(f"\n{sig.name} while the workers start: run exited {result.seconds_to_exit} s after the signal")
    assert result.exit_code == code
    assert result.workers_seen >= 1
    assert result.stderr_after_signal == [
        f"akhbar: interrupted by {sig.name}: run stopped; the next run picks up from the last completed load"
    ]
    assert result.workers_gone, "a transform worker outlived the run"
    assert result.leftovers == [], "processes of the run outlived it"


def test_the_next_run_completes_the_work(tmp_path: Path):
    # A third of the default pages, each batch chunk held for half a second so that the signal
    # still lands mid-transform: the rerun then loads 400 pages, not 1,200 (CI time).
    interrupted = interrupt_run(tmp_path, signal.SIGINT, pages=400, environment={"AKHBAR_DELAY": "transform.batch:0.5"})
    assert interrupted.exit_code == 130
    pages = tmp_path / "pages"
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    done = subprocess.run(
        [AKHBAR, "run", "--source", str(pages), "--warehouse", str(warehouse), "--json"],
        env=run_environment(tmp_path / "prefect-home-2"), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    count = len(list(pages.iterdir()))
    assert query(warehouse, "SELECT count(*), count(*) FILTER (status = 'loaded') FROM documents") == [(count, count)]
    assert not (tmp_path / "wh" / "lake" / "_staging").exists() or not any((tmp_path / "wh" / "lake" / "_staging").iterdir())
