"""The scheduled path for real: ``prefect.yaml`` -> ``prefect deploy`` -> a process worker -> the warehouse.

Everything runs in subprocesses against a Prefect server started for this module on 127.0.0.1,
with its own ``PREFECT_HOME`` (so its own SQLite database and profiles): nothing is shared with
the in-process ``prefect_test_harness`` the other integration tests use, nor with a developer's
own Prefect profile. The server runs without its scheduler, so the hourly cron never creates
runs here (a run due at the top of the hour would otherwise be picked up by the worker and load
the repository's default warehouse); the test triggers the one run it needs itself.

Every subprocess gets its own session (process group) so teardown can kill it together with
anything it spawned (the worker's flow-run process), and every wait is time-bounded.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
import yaml

from akhbar.config import PREFECT_ENVIRONMENT
from tests.conftest import REPO, SEEDS
from tests.integration.conftest import query

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")
AKHBAR = str(BIN / "akhbar")
FLOW_NAME = "akhbar-pipeline"
DEPLOYMENT = "akhbar-hourly"
SERVE_DEPLOYMENT = "akhbar-serve"  # what `akhbar serve` registers (akhbar/cli.py)
POOL = "akhbar-process"

# A loaded 2-core box needs ~30 s for a fresh server (database migrations) and ~20 s for a worker
# to start a flow-run process and run the seeds; the bounds are generous so load never flakes.
SERVER_START_TIMEOUT_S = 120
CLI_TIMEOUT_S = 60
WORKER_TIMEOUT_S = 150
SERVE_READY_TIMEOUT_S = 60
# A guard against a serve that never stops, not a speed check.
SERVE_STOP_TIMEOUT_S = 30


@pytest.fixture(scope="module", autouse=True)
def prefect_harness():
    """Shadow the folder's autouse session harness for this module.

    These tests only talk to their own server, through subprocesses; booting the in-process
    ephemeral server as well would cost another ~20 s and compete for the same two cores. Other
    modules still get the session harness unchanged (a module fixture only overrides the name
    for the tests of its own module).
    """
    yield


@dataclass
class PrefectServer:
    """A running ``prefect server start`` and the environment its clients need."""

    api_url: str
    env: dict[str, str]
    home: Path
    procs: list[subprocess.Popen] = field(default_factory=list)

    def client(self):
        """A client bound to this server only (whatever the in-process settings say)."""
        from prefect.client.orchestration import SyncPrefectClient

        return SyncPrefectClient(self.api_url)


def _free_port() -> int:
    """A port free on loopback now (the server binds it a moment later: a tiny, accepted race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _isolated_env(home: Path, api_url: str) -> dict[str, str]:
    """The caller's environment without any PREFECT_* setting, pointed at this server only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api_url,
        **PREFECT_ENVIRONMENT,
        PYTHONUNBUFFERED="1",
        # `{{ $PWD }}` in prefect.yaml's pull step is read from the *environment* of
        # `prefect deploy`, not from its working directory: subprocess's cwd= leaves PWD as
        # the caller's, so set it to the checkout the deployment must run from.
        PWD=str(REPO),
    )
    env.pop("AKHBAR_WAREHOUSE", None)  # the flow's default warehouse must not depend on the caller
    return env


def _popen(cmd: list[str], env: dict[str, str], log: Path, cwd: Path = REPO) -> subprocess.Popen:
    """Start ``cmd`` in its own session, output to ``log`` (a pipe nobody reads could block it),
    with SIGINT at its default, as in a terminal's foreground command: a suite started in the
    background by a script (``nohup … &``) inherits SIGINT ignored, and so would the command."""
    with log.open("ab") as out:
        return subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=_default_sigint,
        )  # fmt: skip


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _kill_group(proc: subprocess.Popen, grace_s: float = 10) -> None:
    """SIGTERM ``proc``'s process group, then SIGKILL whatever is left of it after ``grace_s``.

    The group, not the pid: the worker runs each flow run in a child process that would outlive
    a killed worker.
    """
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass  # nothing left in the group
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=5)


def _run(server: PrefectServer, cmd: list[str], log: Path, timeout_s: float, cwd: Path = REPO) -> tuple[int, str]:
    """Run ``cmd`` to completion within ``timeout_s``; returns its exit code and output."""
    proc = _popen(cmd, server.env, log, cwd)
    server.procs.append(proc)
    try:
        code = proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(cmd)} did not finish within {timeout_s} s:\n{log.read_text(errors='replace')[-4000:]}")
    finally:
        _kill_group(proc, grace_s=5)
    return code, log.read_text(errors="replace")


def _run_ok(server: PrefectServer, cmd: list[str], log: Path, timeout_s: float = CLI_TIMEOUT_S, cwd: Path = REPO) -> str:
    code, output = _run(server, cmd, log, timeout_s, cwd)
    assert code == 0, f"{' '.join(cmd)} exited {code}:\n{output[-4000:]}"
    return output


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory) -> Iterator[PrefectServer]:
    """A fresh Prefect server on 127.0.0.1 with its own PREFECT_HOME, killed at module end."""
    root = tmp_path_factory.mktemp("prefect-server")
    home = root / "home"
    home.mkdir()
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    server = PrefectServer(api_url=api_url, env=_isolated_env(home, api_url), home=home)
    log = root / "server.log"
    # No UI (saves building its static files into PREFECT_HOME), no scheduler (see module
    # docstring), no late-runs marking: the API and the orchestration rules are what we test.
    cmd = [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui", "--no-scheduler", "--no-late-runs"]
    proc = _popen(cmd, server.env, log)
    server.procs.append(proc)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"prefect server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server not healthy after {SERVER_START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.5)
        yield server
    finally:
        # Finished commands had their group killed by _run already; only stop what still runs.
        for started in reversed(server.procs):
            if started.poll() is None:
                _kill_group(started)


def _prefect_yaml_deployment() -> dict:
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    return next(d for d in spec["deployments"] if d["name"] == DEPLOYMENT)


def test_the_readme_recipe_deploys_and_a_worker_runs_it(prefect_server: PrefectServer, tmp_path: Path):
    """README's "Scheduled runs", command by command (`prefect server start` is the fixture; its
    PREFECT_API_URL is in every command's environment): work pool, deploy, a run now with other
    sources and another warehouse, a worker. The run lands where the parameters say."""
    logs = tmp_path / "logs"
    logs.mkdir()
    _run_ok(prefect_server, [PREFECT, "work-pool", "create", POOL, "--type", "process"], logs / "work-pool.log")
    _run_ok(prefect_server, [PREFECT, "--no-prompt", "deploy", "--name", DEPLOYMENT], logs / "deploy.log")

    declared = _prefect_yaml_deployment()
    with prefect_server.client() as client:
        deployment = client.read_deployment_by_name(f"{FLOW_NAME}/{DEPLOYMENT}")
        assert deployment.work_pool_name == POOL
        assert deployment.entrypoint == declared["entrypoint"]
        # The schedule prefect.yaml declares, and that it is the hourly one.
        assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in deployment.schedules] == [
            (d["cron"], d["timezone"], d["active"]) for d in declared["schedules"]
        ]
        assert deployment.schedules[0].schedule.cron == "0 * * * *"
        assert deployment.parameters == declared["parameters"]
        # `concurrency_limit: 1` becomes a deployment-scoped global concurrency limit.
        assert deployment.global_concurrency_limit is not None
        assert deployment.global_concurrency_limit.limit == 1
        # `{{ $PWD }}` was resolved at deploy time to the checkout, not left for the worker.
        assert deployment.pull_steps == [{"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}]

    # "A run now, on other sources": the README's command.
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    params = json.dumps({"sources": [str(SEEDS)], "warehouse": str(warehouse)})
    output = _run_ok(
        prefect_server, [PREFECT, "deployment", "run", f"{FLOW_NAME}/{DEPLOYMENT}", "--params", params], logs / "deployment-run.log"
    )
    run_id = re.search(r"UUID: ([0-9a-f-]{36})", output).group(1)

    # The worker starts elsewhere than the checkout: the pull step is what makes the relative
    # entrypoint (flows/pipeline.py) resolvable. --run-once: poll once, wait for the run, exit.
    worker_log = logs / "worker.log"
    worker_output = _run_ok(
        prefect_server, [PREFECT, "worker", "start", "--pool", POOL, "--run-once"], worker_log, timeout_s=WORKER_TIMEOUT_S, cwd=tmp_path
    )

    with prefect_server.client() as client:
        finished = client.read_flow_run(run_id)
    assert finished.state is not None and finished.state.is_completed(), f"flow run ended {finished.state}:\n{worker_output[-4000:]}"
    # The run took the deployment's other parameters (wait_s, batch_size...) with our overrides.
    assert finished.parameters["warehouse"] == str(warehouse)
    assert finished.parameters["wait_s"] == declared["parameters"]["wait_s"]

    seeds = len([p for p in SEEDS.iterdir() if p.is_file()])
    assert query(warehouse, "SELECT count(*) FROM documents") == [(seeds,)]
    assert query(warehouse, "SELECT documents_loaded, flow_run_id FROM runs") == [(seeds, run_id)]


def test_the_readme_recipe_is_the_one_tested():
    """The commands this module runs are the ones README's "Scheduled runs" shows."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Scheduled runs") :]
    for command in (
        ".venv/bin/prefect server start",
        "export PREFECT_API_URL=http://127.0.0.1:4200/api",
        f".venv/bin/prefect work-pool create {POOL} --type process",
        f".venv/bin/prefect --no-prompt deploy --name {DEPLOYMENT}",
        f".venv/bin/prefect deployment run {FLOW_NAME}/{DEPLOYMENT} --params",
        f".venv/bin/prefect worker start --pool {POOL}",
    ):
        assert command in section, command


def test_serve_without_a_server_refuses_at_once(tmp_path: Path):
    """With no PREFECT_API_URL, Prefect would serve against a temporary server that never
    schedules a run: `akhbar serve` says so and exits 2 instead."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AKHBAR_"))}
    env.update(PREFECT_ENVIRONMENT, PREFECT_HOME=str(tmp_path / "home"))
    done = subprocess.run([AKHBAR, "serve", "--source", str(SEEDS)], env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT_S)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("akhbar serve: serving a schedule needs a running Prefect server")


def _read_deployment(server: PrefectServer, name: str):
    """The deployment ``flow/name`` on ``server``, or None when there is none."""
    from prefect.exceptions import ObjectNotFound

    with server.client() as client:
        try:
            return client.read_deployment_by_name(f"{FLOW_NAME}/{name}")
        except ObjectNotFound:
            return None


def _served(server: PrefectServer, cron: str, since: datetime):
    """``akhbar serve``'s deployment once its runner has polled for runs since ``since``, else None.

    Polling happens inside ``Runner.start``, after it installed its SIGTERM handler: signalling
    earlier would only test Python's default handlers.
    """
    deployment = _read_deployment(server, SERVE_DEPLOYMENT)
    if deployment is None or deployment.last_polled is None or deployment.last_polled < since:
        return None
    return deployment if [s.schedule.cron for s in deployment.schedules] == [cron] else None


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_akhbar_serve_stops_cleanly_on_signal(prefect_server: PrefectServer, tmp_path: Path, sig: signal.Signals):
    """``akhbar serve`` serves its own deployment and exits 0 within seconds of SIGINT/SIGTERM."""
    cron = "7 3 * * *"  # not prefect.yaml's: proves --cron reached the served schedule
    log = tmp_path / "serve.log"
    since = datetime.now(timezone.utc)
    cmd = [AKHBAR, "serve", "--cron", cron, "--warehouse", str(tmp_path / "wh" / "akhbar.duckdb"), "--source", str(SEEDS)]
    proc = _popen(cmd, prefect_server.env, log)
    prefect_server.procs.append(proc)
    try:
        deadline = time.monotonic() + SERVE_READY_TIMEOUT_S
        while (served := _served(prefect_server, cron, since)) is None:
            assert proc.poll() is None, f"akhbar serve exited {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}"
            assert time.monotonic() < deadline, f"akhbar serve not serving after {SERVE_READY_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-4000:]}"
            time.sleep(0.5)
        # Runner pauses its deployments on shutdown; serving again (the second parametrized case
        # on this server) must resume the schedule, not poll a paused deployment forever.
        assert not served.paused

        # Signal the process itself, as a terminal (SIGINT) or a service manager (SIGTERM) would.
        proc.send_signal(sig)
        try:
            code = proc.wait(timeout=SERVE_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"akhbar serve still running {SERVE_STOP_TIMEOUT_S} s after {sig.name}:\n{log.read_text(errors='replace')[-4000:]}")
        output = log.read_text(errors="replace")
        assert code == 0, f"akhbar serve exited {code} after {sig.name}:\n{output[-4000:]}"
        assert "Traceback" not in output, output[-4000:]

        # Serving must leave prefect.yaml's worker deployment (when deployed) alone: the Runner
        # upserts its deployment by name and pauses it on shutdown.
        deployed = _read_deployment(prefect_server, DEPLOYMENT)
        if deployed is not None:
            assert (deployed.work_pool_name, deployed.paused) == (POOL, False)
            assert [s.schedule.cron for s in deployed.schedules] == ["0 * * * *"]
    finally:
        _kill_group(proc, grace_s=2)
