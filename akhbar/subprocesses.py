"""What akhbar's own child processes (the temporary Prefect server, entity resolution) share."""

from __future__ import annotations

import ctypes
import signal
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
