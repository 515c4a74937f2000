"""Opening the DuckDB warehouse: the writer (one at a time) and read-only analyst connections."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from akhbar.errors import WarehouseBusyError, WarehouseError
from akhbar.schema import TABLES
from akhbar.warehouse.migrations import META_DDL, MIGRATIONS, current_version, migrate  # noqa: F401 - META_DDL re-exported
from akhbar.warehouse.views import create_views, view_names


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


# The load's memory ceiling: DuckDB spills to disk beyond it (to <warehouse>.tmp/), so a large
# load stays bounded. The process's RSS runs ~100-150 MB above it (allocator, vectors outside
# DuckDB's buffer pool), and the whole run must stay under 1 GB with Prefect's server (~190 MB)
# and the flow's imports (~270 MB): 256MB keeps the load's share under ~450 MB. SaudiNewsNet
# (31k articles in one transaction) loads at 220MB; below ~200MB it runs out of memory.
WRITER_MEMORY_LIMIT = os.environ.get("AKHBAR_DUCKDB_MEMORY_LIMIT", "256MB")


def connect_writer(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-write, creating it and migrating its schema forward as needed."""
    try:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(warehouse), config={"memory_limit": WRITER_MEMORY_LIMIT})
        # The progress bar would write to the terminal of whoever runs the flow, and to CI logs.
        con.execute("SET enable_progress_bar = false")
        # Row order inside a table means nothing here; not keeping it lets big sorts and window
        # functions (keyword scoring) stream within the memory limit.
        con.execute("SET preserve_insertion_order = false")
    except duckdb.IOException as exc:
        raise _explain_io(warehouse, exc) from None
    except OSError as exc:
        raise WarehouseError(f"cannot create the warehouse directory {warehouse.parent}: {exc.strerror}") from None
    ensure_schema(con)
    return con


def connect_reader(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for analysts: read-only, full-text search loaded, then no file or
    network access and the configuration locked.

    External access is turned off after connecting rather than at connect time because DuckDB
    refuses to LOAD any extension file (fts, from its wheel) once it is off.
    """
    from akhbar.warehouse.fts import load_fts

    if not warehouse.exists():
        raise WarehouseError(f"no warehouse at {warehouse}: run `akhbar run` first")
    try:
        con = duckdb.connect(
            str(warehouse),
            read_only=True,
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
        )
    except duckdb.IOException as exc:
        raise _explain_io(warehouse, exc) from None
    try:
        load_fts(con)
        con.execute("SET enable_external_access = false")
        con.execute("SET enable_progress_bar = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _explain_io(warehouse: Path, exc: Exception) -> WarehouseError:
    text = str(exc)
    if "lock" in text.lower():
        return WarehouseBusyError(f"the warehouse {warehouse} is in use by another process (a run is loading); try again shortly")
    return WarehouseError(f"cannot open the warehouse {warehouse}: {text}")


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest schema version applied to this warehouse (0 for an empty one)."""
    return current_version(con)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Apply pending migrations (warehouse/migrations.py) and check the result against the
    contract, or refuse a warehouse from a newer akhbar; then (re)create the curated views."""
    applied = migrate(con, MIGRATIONS, contract=TABLES)
    # Views follow the tables: refresh them after a migration, or when a crash (or an older
    # build) left a warehouse without them. CREATE OR REPLACE makes this safe to repeat.
    if applied or _views_missing(con):
        con.execute("BEGIN TRANSACTION")
        try:
            create_views(con)
            con.execute("COMMIT")
        except Exception:
            with contextlib.suppress(duckdb.TransactionException):
                con.execute("ROLLBACK")
            raise


def _views_missing(con: duckdb.DuckDBPyConnection) -> bool:
    names = view_names()
    if not names:
        return False
    found = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE NOT internal AND list_contains(?, view_name)", [names]
    ).fetchone()[0]
    return found < len(set(names))
