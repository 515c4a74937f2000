"""Failpoints: named spots where a test can make a real run die, deterministically.

A crash test sets ``AKHBAR_FAILPOINT=<name>`` (or ``<name>@<n>``: on the n-th time the spot is
reached, e.g. the third staged file) in the environment of an ``akhbar run`` subprocess; when the
run reaches ``failpoint("<name>")`` it kills itself with SIGKILL, the one signal nothing
can catch or clean up after (no ``finally``, no ``atexit``, no DuckDB rollback), so what the test
sees afterwards is exactly what a power cut or the OOM killer would leave.

"Kill the run" means the whole run, also when the failpoint is reached in a transform worker
process: the first process that imports this module with a failpoint armed records its pid in the
environment its workers inherit, and the failpoint kills that process's group when it leads one
(the crash tests start `akhbar` with ``start_new_session=True``), else that process, then itself.

Delay points are the gentle sibling: ``AKHBAR_DELAY=<name>:<seconds>`` makes every pass through
``delay("<name>")`` sleep that long, so that a signal or a kill sent by a test lands while the run
is in that stage however fast the machine is (an interrupted transform must still have batches
in flight and batches to come when the signal arrives).

Without the variables (every production run) a failpoint or a delay point is one dictionary
lookup: it never changes behaviour, so the calls can stay in the code permanently.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

ENV_VAR = "AKHBAR_FAILPOINT"
DELAY_VAR = "AKHBAR_DELAY"
RUN_PID_VAR = "AKHBAR_FAILPOINT_RUN_PID"

if os.environ.get(ENV_VAR):
    os.environ.setdefault(RUN_PID_VAR, str(os.getpid()))

# Every failpoint the code defines, with where it sits; the crash tests iterate over these, and
# ``failpoint`` refuses an unknown name so a typo in a hook cannot silently disable a test.
FAILPOINTS: dict[str, str] = {
    "transform.batch": "a transform task has parsed its batch and has not staged anything yet",
    "lake.staged_tmp": "a staged Parquet file is written under its temporary name, not yet renamed",
    "load.in_transaction": "the load transaction has inserted the run's rows but not committed",
    "load.committed_wal": "the load committed with its connection still open: its rows are in the WAL only, not checkpointed",
    "load.committed": "the load committed; the lake has not been published",
    "lake.published_table": "the lake publish moved one table's files into place, the others not",
    "lake.before_manifest": "the lake publish wrote every table's files, not yet the manifest that commits them",
    "lake.before_catalog": "the lake's manifest is committed; the DuckLake catalog does not list the run yet",
    "transform.worker_dies": "a transform worker process dies alone (as the OOM killer would do it)",
}
# Failpoints that kill only the process reaching them, not the whole run.
ALONE = frozenset({"transform.worker_dies"})
# Every delay point, with where it sits (``delay`` refuses an unknown name, as ``failpoint`` does).
DELAYS: dict[str, str] = {
    "transform.batch": "a transform batch has parsed a chunk and has not staged it yet (once per chunk)",
    "dask.worker_start": "a `--dask local` worker process is starting (its preload), before it joins the cluster",
}


_hits: dict[str, int] = {}
# Tasks may run in threads: the hit count must not lose increments. Counts are per process
# (a transform worker counts its own hits).
_hits_lock = threading.Lock()


def failpoint(name: str) -> None:
    """Die by SIGKILL here when ``AKHBAR_FAILPOINT`` names this failpoint; otherwise do nothing."""
    armed = os.environ.get(ENV_VAR)
    if not armed:
        return
    if name not in FAILPOINTS:
        raise ValueError(f"unknown failpoint {name!r}: declare it in akhbar.faults.FAILPOINTS")
    target, _, nth = armed.partition("@")
    if target != name:
        return
    with _hits_lock:
        _hits[name] = _hits.get(name, 0) + 1
        hit = _hits[name]
    if hit == int(nth or 1):
        if name in ALONE:
            os.kill(os.getpid(), signal.SIGKILL)
        _kill_run()


def _kill_run() -> None:
    run = int(os.environ.get(RUN_PID_VAR) or os.getpid())
    with contextlib.suppress(OSError):
        if os.getpgid(run) == run:
            os.killpg(run, signal.SIGKILL)  # the run and every worker at once, like a power cut
    with contextlib.suppress(OSError):
        os.kill(run, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def delay(name: str) -> None:
    """Sleep here when ``AKHBAR_DELAY`` is ``<name>:<seconds>``; otherwise do nothing."""
    armed = os.environ.get(DELAY_VAR)
    if not armed:
        return
    if name not in DELAYS:
        raise ValueError(f"unknown delay point {name!r}: declare it in akhbar.faults.DELAYS")
    target, _, seconds = armed.partition(":")
    if target == name:
        time.sleep(float(seconds))
