"""Stopping an ``akhbar run`` on Ctrl-C or SIGTERM: within seconds, with one line, code 130/143.

What a terminal (SIGINT) or a scheduler (SIGTERM) sends goes to the whole process group. Left to
the defaults, the temporary Prefect server died first, then every log and state update of the
crashing flow was retried against it for minutes, printing tracebacks. Here:

* the temporary server runs in its own session (akhbar.prefect_server), so the group's signal
  does not reach it; it is stopped last, at exit, after Prefect's last logs went out;
* transform workers ignore the group's signals (no traceback or "worker died" from each) and the
  run's process kills them at once, and any that start after, until it exits; the workers of a
  ``--dask local`` cluster, which run Prefect and log to the same terminal, stop writing to it on
  the signal instead (their own handler, in their main thread, before the run's kill reaches
  them);
* workers start with the group's signals held back (blocked), so a signal that comes while a
  worker's Python is still starting waits until that handling is in place: delivered then, it
  stopped the worker mid-start with a "Fatal Python error" traceback on the user's terminal;
* one line is printed, then the process's own output is silenced (Prefect's crash report and
  any log that cannot be delivered are not for the user);
* the flow unwinds as Prefect handles an interruption (the run is marked crashed); if that
  takes longer than ``GRACE_S``, the process stops the server and exits anyway. Whatever point
  the run reached, the next run recovers as after a kill (the load is one transaction, staging
  is finished or discarded by the next run's recovery).

The signal is seen through ``signal.set_wakeup_fd``: the C-level handler writes the signal's
number to a pipe whatever Python handler is installed at the time (Prefect installs its own
SIGTERM handler while a flow runs), and a watcher thread acts on it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

# How long the flow may take to unwind after the signal before the process exits regardless:
# stopping the server and exiting take the rest of the 10 s a user is promised.
GRACE_S = 6.0
# How often, after the signal, the run looks for worker processes to kill (a scan of /proc).
WORKER_KILL_INTERVAL_S = 0.1
HANDLED = (signal.SIGINT, signal.SIGTERM)


def exit_code(signum: int) -> int:
    """The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM)."""
    return 128 + signum


class RunInterrupts:
    """Watches for SIGINT/SIGTERM while a run is in progress (see the module docstring)."""

    def __init__(self, on_stop: Callable[[], None], grace_s: float = GRACE_S):
        self.on_stop = on_stop
        self.grace_s = grace_s
        self.signum: int | None = None
        self._read_fd, self._write_fd = os.pipe()
        os.set_blocking(self._write_fd, False)

    @property
    def interrupted(self) -> bool:
        return self.signum is not None

    def install(self) -> None:
        """Install the handlers and the watcher (from the main thread, before the run starts)."""
        for sig in HANDLED:
            signal.signal(sig, _raise_interrupt)
        signal.set_wakeup_fd(self._write_fd, warn_on_full_buffer=False)
        threading.Thread(target=self._watch, name="akhbar-interrupts", daemon=True).start()

    def _watch(self) -> None:
        while True:
            data = os.read(self._read_fd, 64)
            numbers = [n for n in data if n in (int(s) for s in HANDLED)]
            if numbers:
                break
        self.signum = numbers[0]
        name = signal.Signals(self.signum).name
        _print_last_line(f"akhbar: interrupted by {name}: run stopped; the next run picks up from the last completed load")
        # Workers are killed again and again until the process ends: a worker whose start was
        # under way at the signal (forked, not yet showing as a worker) or that the pool starts
        # while the flow unwinds would otherwise outlive the run, and the pool's shutdown would
        # wait for its batch. The process normally ends within this (a daemon thread dies with
        # it); if the flow's unwinding or the exit's draining takes too long, leave as a killed
        # run would.
        deadline = time.monotonic() + self.grace_s
        while True:
            kill_transform_workers()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            time.sleep(min(WORKER_KILL_INTERVAL_S, remaining))
        try:
            self.on_stop()
        finally:
            os._exit(exit_code(self.signum))


@contextlib.contextmanager
def group_signals_held() -> Iterator[None]:
    """Block SIGINT and SIGTERM in the calling thread while it starts worker processes.

    A process inherits the signal mask of the thread that starts it, through fork and exec, and
    so do the threads that thread starts (a Dask cluster starts its workers from its own loop's
    threads). A worker then begins with the group's signals pending instead of delivered, and
    receives them once its start-up has said what to do with them (``ignore_group_signals``,
    ``silence_on_group_signals``, which unblock them). The run's own process still sees the
    signal at once: the kernel delivers it to a thread that does not block it (the watcher's).

    multiprocessing's resource tracker is started first if it is not running: the thread that
    starts it ends up with these two signals unblocked (multiprocessing.resource_tracker blocks
    them around the tracker's start, then unblocks them), which would undo the hold for the
    workers started after it.
    """
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_group_signals() -> None:
    """A transform worker's start: the group's SIGINT and SIGTERM are for the run's own process,
    which kills its workers itself once it has said why (a worker dying first would be reported
    as a failure, with its traceback). A signal held back while the worker started (see
    ``group_signals_held``) is discarded as it is unblocked."""
    for sig in HANDLED:
        signal.signal(sig, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)


def silence_on_group_signals() -> None:
    """A Dask worker process of the run's own cluster: on the group's SIGINT or SIGTERM, its
    output goes to /dev/null from then on. It logs its tasks (Prefect) to the terminal the run
    shares, and the run's one line must be the last; the run kills the worker right after (as it
    kills pool workers). From the worker's main thread (a Python signal handler runs there). A
    signal held back while the worker started (``group_signals_held``) is handled as it is
    unblocked."""
    for sig in HANDLED:
        signal.signal(sig, _silence_output)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)


def _silence_output(signum: int, frame) -> None:
    try:
        _output_to_devnull()
    except OSError:
        pass


def _output_to_devnull() -> None:
    """Send this process's stdout and stderr (the file descriptors) to /dev/null from now on."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _raise_interrupt(signum: int, frame) -> None:
    """Outside a flow (and for SIGTERM too): unwind the main thread like Ctrl-C does."""
    raise KeyboardInterrupt


def _print_last_line(line: str) -> None:
    """Print ``line`` to stderr, then send this process's further output to /dev/null."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    try:
        os.write(2, (line + "\n").encode())
        _output_to_devnull()
    except OSError:
        pass


def kill_transform_workers() -> None:
    """SIGKILL this process's spawned multiprocessing workers (the transform's): a batch half
    done is redone by the next run, and waiting for it would take up to a batch's time. Found
    through /proc rather than multiprocessing's own list, which the main thread may be changing."""
    for pid in _children(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"spawn_main" not in f.read():
                    continue
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found
