"""A one-line progress display for long runs: documents per second and time remaining.

Shown only on an interactive terminal; in CI and in logs it stays quiet (the flow logs each batch).
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Progress over a known number of units of work (batches weighted by their size)."""

    def __init__(self, total_weight: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.total = max(total_weight, 1)
        self.stream = stream or sys.stderr
        self.enabled = _interactive(self.stream) if enabled is None else enabled
        self.done = 0
        self.documents = 0
        self.started = time.monotonic()

    def advance(self, weight: int, documents: int) -> None:
        """Record a finished unit of work and redraw the line."""
        self.done += weight
        self.documents += documents
        if self.enabled:
            self.stream.write("\r" + self.line() + "\033[K")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """The progress line: share done, documents, documents per second, time remaining."""
        elapsed = max((now if now is not None else time.monotonic()) - self.started, 1e-9)
        share = self.done / self.total
        rate = self.documents / elapsed
        remaining = elapsed * (1 - share) / share if share > 0 else float("inf")
        eta = "?" if remaining == float("inf") else f"{remaining:.0f}s"
        return f"transform {share:6.1%}  {self.documents:,} documents  {rate:,.0f} docs/s  ~{eta} left"

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _interactive(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")
