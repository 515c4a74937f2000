"""The warehouse's writer lock: one run writes a warehouse at a time.

Apart from DuckDB so the CLI can look at the lock before anything heavy is imported.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from akhbar.errors import WarehouseBusyError, WarehouseError


def lock_path(warehouse: Path) -> Path:
    """The lock file that serialises writers of one warehouse."""
    return warehouse.with_name(warehouse.name + ".lock")


@contextlib.contextmanager
def writer_lock(warehouse: Path, wait_s: float = 0.0, poll_s: float = 0.5) -> Iterator[None]:
    """Hold the warehouse's writer lock for a whole run; wait up to ``wait_s`` seconds for it.

    An OS file lock is used (not a lock row in DuckDB) because it is released by the kernel when
    a run dies, even by SIGKILL, so a crashed run never blocks the next one.
    """
    path = lock_path(warehouse)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WarehouseError(f"cannot create the warehouse lock {path}: {exc.strerror}") from None
    deadline = time.monotonic() + wait_s
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise WarehouseBusyError(
                        f"another akhbar run{holder} is writing to {warehouse}; "
                        f"waited {wait_s:.0f}s. Try again when it finishes (or pass --wait SECONDS)."
                    ) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        text = os.pread(fd, 64, 0).decode(errors="replace").strip()
        if text:
            return f" ({text})"
    return ""


def lock_holder(warehouse: Path) -> str | None:
    """Who holds the writer lock right now (``"pid N"``, or ``""`` when unknown), or None when it
    is free. Looks without waiting and without creating anything."""
    path = lock_path(warehouse)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd).strip(" ()")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
