"""Opening the DuckDB warehouse: the writer (one at a time) and read-only analyst connections."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

import duckdb

from akhbar.config import ReadLimits, default_lake, writer_memory_limit
from akhbar.errors import AkhbarError, WarehouseBusyError, WarehouseError
from akhbar.schema import TABLES
from akhbar.warehouse.migrations import META_DDL, MIGRATIONS, current_version, migrate  # noqa: F401 - META_DDL re-exported
from akhbar.warehouse.lock import lock_path, writer_lock  # noqa: F401 - re-exported
from akhbar.warehouse.views import create_views, view_names


# The load's memory ceiling: DuckDB spills to disk beyond it (to <warehouse>.tmp/), so a large
# load stays bounded while the whole run keeps under its memory target; how the figure was
# chosen is in docs/PERFORMANCE.md.
WRITER_MEMORY_LIMIT = writer_memory_limit()


def connect_writer(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-write, creating it and migrating its schema forward as needed.

    Inside a ``writer_session`` of the same file: a new connection to the database the session
    holds open (closing it leaves the database open)."""
    held = _HELD_WRITER.get()
    if held is not None and held.path == _session_key(warehouse):
        return held.connect()
    return _open_writer(warehouse)


def _open_writer(warehouse: Path) -> duckdb.DuckDBPyConnection:
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


class _HeldWriter:
    """The warehouse a run keeps open (writer_session): opened on first use, closed on release."""

    def __init__(self, warehouse: Path):
        self.warehouse, self.path = warehouse, _session_key(warehouse)
        self.con: duckdb.DuckDBPyConnection | None = None

    def connect(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            self.con = _open_writer(self.warehouse)
        # A cursor is a connection of its own (its transaction, its TEMP tables) to the same
        # database; the session's settings are the database's, except this per-connection one.
        cursor = self.con.cursor()
        cursor.execute("SET enable_progress_bar = false")
        return cursor

    def release(self) -> None:
        if self.con is not None:
            con, self.con = self.con, None
            con.close()


_HELD_WRITER: ContextVar[_HeldWriter | None] = ContextVar("akhbar_held_writer", default=None)


def _session_key(warehouse: Path) -> str:
    return os.path.abspath(os.path.expanduser(warehouse))


@contextlib.contextmanager
def writer_session(warehouse: Path) -> Iterator[Callable[[], None]]:
    """Keep the warehouse open for the steps of one run: every ``connect_writer`` of this file in
    the context is a new connection to the database already open, so a run opens the file,
    replays its WAL and checks its schema once instead of at every step. Yields a function that
    closes the database now (before the transform, whose workers need the memory its buffers
    would keep); the next ``connect_writer`` opens it again. Closed on exit (a checkpoint)."""
    held = _HeldWriter(warehouse)
    token = _HELD_WRITER.set(held)
    try:
        yield held.release
    finally:
        _HELD_WRITER.reset(token)
        held.release()


# The limits of the analyst connections opened in this context (the CLI sets them from its
# options); None: no memory, thread or time bounds beyond DuckDB's own (the flow's report).
READ_LIMITS: ContextVar[ReadLimits | None] = ContextVar("akhbar_read_limits", default=None)


class QueryLimitExceeded(AkhbarError):
    """A read-only query ran past its time limit and was stopped."""


def connect_reader(warehouse: Path, limits: ReadLimits | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for analysts: read-only, full-text search loaded, the lake's tables as
    ``lake_<table>`` views, the memory and thread bounds of ``limits`` (default: READ_LIMITS),
    then no other file or network access and the configuration locked, so a query cannot raise
    its own bounds. ``limits.timeout_s`` is enforced by ``statement_deadline``.

    External access is turned off after connecting rather than at connect time because DuckDB
    refuses to LOAD any extension file (fts, from its wheel) once it is off.
    """
    from akhbar.warehouse.fts import load_fts

    limits = limits or READ_LIMITS.get()
    if not warehouse.exists():
        raise WarehouseError(f"no warehouse at {warehouse}: run `akhbar run` first (or give --warehouse FILE)")
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
        apply_read_limits(con, limits)
        _lake_views(con, Path(default_lake(str(warehouse))))
        lock_reader(con)
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"cannot open the warehouse {warehouse} for reading: {first_line(exc)}") from None
    except BaseException:
        con.close()
        raise
    return con


def apply_read_limits(con: duckdb.DuckDBPyConnection, limits: ReadLimits | None) -> None:
    """The memory and thread caps of an analyst connection (None: DuckDB's own)."""
    if limits is not None:
        con.execute("SET memory_limit = ?", [limits.memory_limit])
        con.execute("SET threads = ?", [limits.threads])


def lock_reader(con: duckdb.DuckDBPyConnection, allowed_directories: list[str] | None = None) -> None:
    """Close an analyst connection to the file system (except ``allowed_directories``) and lock
    its configuration, so that a query cannot raise its own limits or read other files."""
    if allowed_directories is not None:
        con.execute("SET allowed_directories = ?", [allowed_directories])
    con.execute("SET enable_external_access = false")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET lock_configuration = true")


def _lake_views(con: duckdb.DuckDBPyConnection, lake: Path) -> None:
    """``lake_<table>``: the Parquet lake's copy of each table with files, read-only: the files of
    the lake's committed state (its newest manifest, akhbar.warehouse.manifest), so a publish
    that died half-way shows nothing of its run. Reading is allowed in the lake's folder only
    (DuckDB's allowed_directories), so the lake can be queried beside the warehouse while every
    other file stays out of reach."""
    from akhbar.warehouse.lake import Lake
    from akhbar.warehouse.manifest import read_manifest

    if not lake.is_dir():
        return
    if read_manifest(Lake(lake)) is None:
        # A lake published before manifests existed: every Parquet file of each table folder.
        committed = {
            folder.name: sorted(str(p.relative_to(lake)) for p in folder.rglob("*.parquet"))
            for folder in lake.iterdir()
            if folder.is_dir() and not folder.name.startswith("_")
        }
    else:
        committed = Lake(lake).committed_files()
    committed = {name: files for name, files in committed.items() if files}
    if not committed:
        return
    con.execute("SET allowed_directories = ?", [[str(lake) + "/"]])
    for name, files in sorted(committed.items()):
        hive = any("=" in part for part in files[0].split("/")[1:-1])
        options = ", hive_partitioning = true, hive_types_autocast = true" if hive else ", hive_partitioning = false"
        paths = ", ".join("'" + str(lake / f).replace("'", "''") + "'" for f in files)
        # Views cannot take bound parameters: the paths come from the lake's manifest, quoted.
        con.execute(f'CREATE OR REPLACE TEMP VIEW "lake_{name}" AS SELECT * FROM read_parquet([{paths}]{options})')


@contextlib.contextmanager
def statement_deadline(con: duckdb.DuckDBPyConnection, limits: ReadLimits | None = None) -> Iterator[None]:
    """Interrupt whatever ``con`` runs once ``limits.timeout_s`` (default: READ_LIMITS) has passed:
    a runaway query ends with a one-line QueryLimitExceeded instead of holding the machine."""
    limits = limits or READ_LIMITS.get()
    if limits is None:
        yield
        return
    fired = threading.Event()

    def interrupt() -> None:
        fired.set()
        with contextlib.suppress(duckdb.Error):
            con.interrupt()

    timer = threading.Timer(limits.timeout_s, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.Error as exc:
        if fired.is_set():
            raise QueryLimitExceeded(
                f"the query was stopped after {limits.timeout_s:g} s (its time limit); "
                "narrow it, or allow more with --timeout SECONDS"
            ) from None
        raise
    finally:
        timer.cancel()


def first_line(exc: Exception) -> str:
    """DuckDB's message on one line: its first line and its hints ("Did you mean ..."), without
    the echo of the query and its caret."""
    lines = [line.strip() for line in str(exc).strip().splitlines()]
    if not lines or not lines[0]:
        return type(exc).__name__
    kept = [lines[0]] + [line for line in lines[1:] if line.startswith(("Did you mean", "Candidate", "HINT"))]
    return " ".join(kept)


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
