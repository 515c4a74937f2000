"""The Prefect API a one-off ``akhbar run`` reports to.

With no API configured (no ``PREFECT_API_URL`` in the environment or the active Prefect profile),
Prefect starts a temporary local server for the run. It does so from inside the client, after
importing its whole server package into the calling process: about 80 MB that stay in the flow's
process for the whole run, and 2.5 s of imports before the server process can even begin its own
start-up. akhbar starts the same server the way Prefect does (uvicorn on Prefect's app factory, UI
off, in ephemeral mode) without that import, as the first thing ``akhbar run`` does, so the
server's start-up overlaps the flow's own imports.

A configured API (a running ``prefect server start`` or Prefect Cloud) is always used as it is.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from akhbar.errors import AkhbarError
from akhbar.subprocesses import parent_death_signal

# The ASGI app factory Prefect's own temporary server runs.
SERVER_APP_FACTORY = "prefect.server.api.server:create_app"
# What Prefect sets for its temporary server: no UI, ephemeral mode (no background services).
# Also no block registration at start-up: a run uses no blocks, and registering them first imports
# every installed Prefect collection (prefect-dask brings dask.distributed and numpy into the
# server for the whole run: docs/PERFORMANCE.md). A user's own setting still wins.
SERVER_ENVIRONMENT = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
HEALTH_POLL_S = 0.1
STOP_GRACE_S = 5.0
# Starts tried before giving up (a start fails if another process takes its port first).
LAUNCH_ATTEMPTS = 3


class TemporaryPrefectServer:
    """A Prefect API server in a child process, for the length of one run."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self._environment: dict[str, str] = {}

    @property
    def api_url(self) -> str:
        """The API address clients use (``http://127.0.0.1:PORT/api``)."""
        return f"http://127.0.0.1:{self.port}/api"

    def start(self, settings_environment: dict[str, str]) -> None:
        """Launch the server process, point Prefect at it and return at once (see
        :meth:`wait_until_ready`)."""
        self._environment = {**os.environ, **SERVER_ENVIRONMENT, **settings_environment}
        self._launch()

    def _launch(self) -> None:
        import prefect  # only to locate the package: `import prefect` itself is lazy and light

        self.port = _free_port()
        command = [
            sys.executable, "-m", "uvicorn",
            "--app-dir", str(Path(prefect.__file__).parent.parent),
            "--factory", SERVER_APP_FACTORY,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--log-level", "error", "--lifespan", "on",
        ]  # fmt: skip
        # Its own session: a terminal's Ctrl-C or a scheduler's SIGTERM to the run's process group
        # must not stop the server before the run has reported its end (akhbar.interrupt); it
        # stops at the run's exit, or with it when the run dies (parent-death signal).
        self.process = subprocess.Popen(
            command, env=self._environment, preexec_fn=parent_death_signal(), start_new_session=True
        )
        _point_prefect_at(self.api_url)

    def wait_until_ready(self, timeout_s: float) -> None:
        """Block until the server answers its health check; a clear error if it never does."""
        assert self.process is not None, "start() first"
        deadline = time.monotonic() + timeout_s
        relaunches = LAUNCH_ATTEMPTS - 1
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                if relaunches:
                    # Most likely another process took the free port before the server bound it.
                    relaunches -= 1
                    self._launch()
                    continue
                raise AkhbarError(f"the temporary Prefect server exited with code {code} before it was ready (its errors are above)")
            if _healthy(f"{self.api_url}/health"):
                return
            time.sleep(HEALTH_POLL_S)
        raise AkhbarError(
            f"the temporary Prefect server was not ready after {timeout_s:.0f} s; raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS or set PREFECT_API_URL to a running server"
        )

    def stop(self, grace_s: float = STOP_GRACE_S, drain: bool = True) -> None:
        """Terminate the server (killed if it does not stop within ``grace_s``). Prefect's
        clients stop retrying first (after sending what they hold, with ``drain``): nothing sent
        after this can reach the server."""
        if self.process is None:
            return
        _stop_retrying(drain)
        self.process.terminate()
        try:
            self.process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


class PrefectApi:
    """Where the run reports: the configured API, or a temporary server started for it."""

    def __init__(self, server: TemporaryPrefectServer | None, timeout_s: float):
        self.server, self.timeout_s = server, timeout_s

    def wait_until_ready(self) -> None:
        """Return once the API can take the run (at once for a configured API)."""
        if self.server is not None:
            self.server.wait_until_ready(self.timeout_s)

    def stop(self, grace_s: float = STOP_GRACE_S, drain: bool = True) -> None:
        """Stop the temporary server, if one was started (a configured API is left alone)."""
        if self.server is not None:
            self.server.stop(grace_s, drain)


def prefect_api() -> PrefectApi:
    """Use the configured Prefect API, or start a temporary server and point Prefect at it.

    Returns at once: call ``wait_until_ready()`` just before the flow runs, so the imports in
    between overlap the server's start-up. The server stops when the process exits, after
    Prefect has sent its last logs and events (Prefect drains those in threading's exit hooks,
    which run before ``atexit``'s), as Prefect's own temporary server does.
    """
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        # Prefect's own behaviour applies: the configured API, or its error when there is none.
        return PrefectApi(None, 0.0)
    server = TemporaryPrefectServer()
    server.start(settings.to_environment_variables(exclude_unset=True))
    atexit.register(server.stop)
    return PrefectApi(server, settings.server.ephemeral.startup_timeout_seconds)


def _point_prefect_at(api_url: str) -> None:
    from prefect.context import refresh_global_settings_context

    os.environ["PREFECT_API_URL"] = api_url
    # The server is on this machine: Prefect's HTTP client must not send its requests to a proxy
    # set in the environment for the internet.
    for name in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in os.environ.get(name, "").split(",") if h.strip()]
        if "127.0.0.1" not in hosts:
            os.environ[name] = ",".join([*hosts, "127.0.0.1"])
    # Prefect read its settings when it was imported; every thread must see the new API address.
    refresh_global_settings_context()


# How long the run's last logs and events may take to reach the server before it stops.
DRAIN_TIMEOUT_S = 2.0


def _stop_retrying(drain: bool = True) -> None:
    """Before the server stops: what Prefect's log and event workers still hold goes out (briefly),
    then its HTTP client makes one try per request. The client retries a failed request with
    growing pauses (a minute in all), and the workers send through it: without this, every log
    of a crashing run was retried against a server already gone."""
    from prefect.context import refresh_global_settings_context

    for module, name in (("prefect.logging.handlers", "APILogWorker"), ("prefect.events.worker", "EventsWorker")):
        if not drain:
            break
        worker = getattr(sys.modules.get(module), name, None)  # only if the run loaded it
        if worker is not None:
            with contextlib.suppress(Exception):
                worker.drain_all(timeout=DRAIN_TIMEOUT_S)
    os.environ["PREFECT_CLIENT_MAX_RETRIES"] = "0"
    with contextlib.suppress(Exception):
        refresh_global_settings_context()


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The server is on this machine: an HTTP(S)_PROXY in the environment must not be asked for it.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _healthy(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


