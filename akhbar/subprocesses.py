"""What akhbar's own child processes (the temporary Prefect server, entity resolution, a new
lake's catalog) share."""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys

_PR_SET_PDEATHSIG = 1


def parent_death_signal():
    """A ``preexec_fn`` asking Linux to send the child SIGTERM when its parent dies, so that a
    killed run (even SIGKILL) leaves no child behind; None where that is not available. The libc
    function is looked up here, in the parent, so the child only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def run_module(module: str, *args: str) -> str | None:
    """Run ``python -m module args`` as a child and wait for it: None when it succeeded, else
    why it failed (the last line of its standard error, or its exit code).

    The child has its own session, so a terminal's Ctrl-C reaches the run (which decides what to
    do with its step) and not the child, and it dies with the run (parent-death signal)."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True, text=True, preexec_fn=parent_death_signal(), start_new_session=True,
    )  # fmt: skip
    if done.returncode == 0:
        return None
    return (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
