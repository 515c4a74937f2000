"""`akhbar run` with no Prefect API configured: the temporary server akhbar starts for the run.

These run the real console script with ``PREFECT_API_URL`` unset and their own ``PREFECT_HOME``,
as `make run` does on a fresh machine, so each pays for one server start-up (~5-10 s).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akhbar.config import PREFECT_ENVIRONMENT
from akhbar.prefect_server import prefect_api
from tests.conftest import REPO, SEEDS

AKHBAR = str(Path(sys.executable).with_name("akhbar"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AKHBAR_"))}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        **PREFECT_ENVIRONMENT,
    )
    return env


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _is_server(pid: int) -> bool:
    try:
        return b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_a_configured_api_is_used_as_it_is():
    # The session's test harness configures an API: nothing is started.
    api = prefect_api()
    assert api.server is None
    api.wait_until_ready()


def test_run_without_an_api_starts_and_stops_its_own_server(tmp_path: Path):
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    proc = subprocess.run(
        [AKHBAR, "run", "--source", str(SEEDS), "--warehouse", str(warehouse), "--json", "--workers", "1"],
        env=_env(tmp_path), cwd=REPO, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["documents_loaded"] == len(list(SEEDS.iterdir()))
    # Prefect's last logs reached the server before it stopped.
    assert "Error logging to API" not in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the parent-death signal is Linux's")
def test_a_killed_run_takes_its_server_down(tmp_path: Path):
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    proc = subprocess.Popen(
        [AKHBAR, "run", "--source", str(SEEDS), "--warehouse", str(warehouse)],
        env=_env(tmp_path), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        servers: list[int] = []
        while not servers and time.monotonic() < deadline and proc.poll() is None:
            servers = [p for p in _children(proc.pid) if _is_server(p)]
            time.sleep(0.05)
        assert servers, "the run never started a server"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while _alive(servers[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(servers[0]), "the server outlived its killed run"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_server_that_cannot_start_is_relaunched_then_reported(monkeypatch):
    import akhbar.prefect_server as ps
    from akhbar.errors import AkhbarError

    launched, pointed = [], []

    class ExitsAtOnce:
        def __init__(self, command, **kwargs):
            launched.append(command)

        def poll(self):
            return 1

    monkeypatch.setattr(ps.subprocess, "Popen", ExitsAtOnce)
    monkeypatch.setattr(ps, "_point_prefect_at", pointed.append)
    server = ps.TemporaryPrefectServer()
    server.start({})
    with pytest.raises(AkhbarError, match="exited with code 1 before it was ready"):
        server.wait_until_ready(timeout_s=30)
    assert len(launched) == ps.LAUNCH_ATTEMPTS
    assert len(pointed) == ps.LAUNCH_ATTEMPTS and pointed[-1] == server.api_url
