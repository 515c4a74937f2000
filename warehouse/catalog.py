"""The DuckLake catalog: the lake's committed state as tables any DuckDB can query from anywhere.

After each publish the catalog is made to list exactly the files of the lake's manifest
(akhbar.warehouse.manifest), in ONE DuckLake transaction: a reader attached to the catalog sees
the state before the run or after it, never half of it. The Parquet files stay where the publish
wrote them: they are registered (``ducklake_add_data_files``), not copied. A snapshot table whose
file changed is dropped, created again and given its new file in the same transaction.

The catalog is a SQLite file (default) or a PostgreSQL database for teams (akhbar.storage names
it). With the lake on an object store and a SQLite catalog, the run keeps its working catalog
beside the warehouse and copies it into the lake (``_catalog/ducklake.sqlite``) after each sync,
so a reader anywhere opens that copy: one object, replaced whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Collection, Iterator
from pathlib import Path

import duckdb
import pyarrow.fs as pafs

from akhbar.errors import WarehouseError
from akhbar.schema import TABLES, TableSpec
from akhbar.storage import CATALOG_FILE, CATALOG_FOLDER, LakeStorage, is_postgres_catalog
from akhbar.subprocesses import run_module
from akhbar.warehouse.ddl import duckdb_type, quote
from akhbar.warehouse.extensions import load_extension, sql_string, use_lake_storage
from akhbar.warehouse.lake import NULL_PARTITION, Lake

ALIAS = "lake"


def _attach_target(catalog: str) -> str:
    if is_postgres_catalog(catalog):
        conninfo = catalog.removeprefix("postgres:") if catalog.startswith("postgres:") and "://" not in catalog else catalog
        return f"ducklake:postgres:{conninfo}"
    return f"ducklake:sqlite:{catalog}"


def open_catalog(
    con: duckdb.DuckDBPyConnection, storage: LakeStorage, catalog: str, read_only: bool
) -> None:
    """Attach the catalog to ``con`` as ``lake`` (creating it, with the lake as its data path,
    when a writer opens it for the first time)."""
    load_extension(con, "ducklake")
    load_extension(con, "postgres_scanner" if is_postgres_catalog(catalog) else "sqlite_scanner")
    use_lake_storage(con, storage)
    if not is_postgres_catalog(catalog) and not read_only:
        _create_sqlite_catalog(Path(catalog))
    attach = f"ATTACH {sql_string(_attach_target(catalog))} AS {ALIAS}"
    try:
        if read_only:
            con.execute(f"{attach} (READ_ONLY)")
            return
        try:
            con.execute(f"{attach} (DATA_PATH {sql_string(storage.join(''))})")
        except duckdb.Error as exc:
            if "does not match existing data path" not in str(exc):
                raise
            # A local lake moved or copied elsewhere: its catalog still names the old folder.
            # akhbar never lets DuckLake write files (it registers the publish's), so the old data
            # path is harmless; the sync re-registers every file at its new place.
            con.execute(attach)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open the DuckLake catalog {_shown(catalog)}: {str(exc).splitlines()[0]}") from None


def is_new_catalog(catalog: str) -> bool:
    """A SQLite catalog whose file does not exist yet (a PostgreSQL one is never known to be new)."""
    return not is_postgres_catalog(catalog) and not Path(catalog).exists()


def sync_new_catalog(lake: Lake) -> None:
    """Create and sync a new SQLite catalog in a child process; a WarehouseError if it fails.

    A new lake's run syncs its catalog at start-up (readers then find every table, empty, even if
    the run stops before its publish). Done in the run's own process, that loads DuckDB's DuckLake
    and SQLite extensions into it for the whole transform, when the workers need the memory
    (docs/PERFORMANCE.md, "Bench of 2026-12-07, night"); a child's memory goes when it exits."""
    failure = run_module(__name__, lake.root, str(lake.catalog))
    if failure is not None:
        raise WarehouseError(f"cannot create the DuckLake catalog {_shown(str(lake.catalog))}: {failure}")


def _create_sqlite_catalog(path: Path) -> None:
    """Create an empty SQLite catalog in WAL mode (kept by the file), so a reader's open snapshot
    does not lock the run out of committing, and the run's commit does not block readers."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = WAL")


def _shown(catalog: str) -> str:
    """The catalog as printed in messages: a PostgreSQL DSN without its password."""
    if not is_postgres_catalog(catalog):
        return catalog
    return " ".join(part for part in catalog.split() if not part.startswith("password="))


@contextlib.contextmanager
def _catalog_connection(lake: Lake, catalog: str) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        con.execute("SET enable_progress_bar = false")
        open_catalog(con, lake.storage, catalog, read_only=False)
        yield con
    finally:
        con.close()


def sync_catalog(
    lake: Lake, catalog: str, tables: dict[str, list[str]], manifest: str | None, only: Collection[str] | None = None
) -> None:
    """Make the catalog list exactly ``tables`` (table -> files relative to the lake root), in one
    DuckLake transaction; idempotent (a sync repeated after a crash changes nothing).

    ``manifest`` names the lake manifest whose state ``tables`` is (recorded for catalog_in_sync).
    ``only``: the tables whose files changed since a state the catalog is known to list (see
    catalog_in_sync); the others are not looked at."""
    with _catalog_connection(lake, catalog) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for spec in TABLES:
                if not spec.internal and (only is None or spec.name in only):
                    _sync_table(con, lake, spec, tables.get(spec.name, []))
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
    if not is_postgres_catalog(catalog):
        _record_sync(catalog, manifest)
    if not lake.is_local and not is_postgres_catalog(catalog):
        publish_catalog_copy(lake, catalog)


# --- knowing that the catalog is in sync ----------------------------------------------------------
# Every run starts by bringing the catalog to the lake's committed state (a run that died between
# its manifest and its catalog sync left it behind), and every publish changes a few tables of
# twenty. Attaching the catalog and comparing every table is most of a no-op run's work, so each
# sync of a SQLite catalog leaves a record beside it: the manifest it brought the catalog to and
# the catalog files' sizes and modification times then. While both still hold, the catalog lists
# that manifest's files and nothing else wrote to it. Anything else (no record, a newer manifest,
# a touched file, a PostgreSQL catalog) means a full comparison, as before. The files are only
# looked at, never opened: a second SQLite library in a process whose DuckDB has the catalog
# attached would release DuckDB's locks on it when it closed the file.


def catalog_in_sync(catalog: str, manifest: str | None) -> bool:
    """Whether the catalog is known to list exactly the files of the lake manifest ``manifest``."""
    if manifest is None or is_postgres_catalog(catalog):
        return False
    try:
        record = json.loads(_record_path(catalog).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    stamp = _catalog_stamp(catalog)
    return stamp is not None and record.get("manifest") == manifest and record.get("stamp") == stamp


def _record_path(catalog: str) -> Path:
    return Path(f"{catalog}.synced.json")


def _catalog_stamp(catalog: str) -> list | None:
    """Size and modification time of the SQLite catalog and of its write-ahead log (None: absent)."""
    stamps = []
    for path in (catalog, f"{catalog}-wal"):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            stamps.append(None)
            continue
        stamps.append([info.st_size, info.st_mtime_ns])
    return stamps if stamps[0] is not None else None


def _record_sync(catalog: str, manifest: str | None) -> None:
    record = _record_path(catalog)
    if manifest is None:
        record.unlink(missing_ok=True)
        return
    temp = record.with_name(f"{record.name}.tmp-{uuid.uuid4().hex}")
    try:
        temp.write_text(json.dumps({"manifest": manifest, "stamp": _catalog_stamp(catalog)}), encoding="utf-8")
        os.replace(temp, record)
    except OSError:
        # Without a record the next run compares every table: slower, never wrong.
        temp.unlink(missing_ok=True)
        record.unlink(missing_ok=True)


def _sync_table(con: duckdb.DuckDBPyConnection, lake: Lake, spec: TableSpec, files: list[str]) -> None:
    table = f"{ALIAS}.{quote(spec.name)}"
    columns = ", ".join(f"{quote(f.name)} {duckdb_type(f.type)}" for f in spec.schema)
    wanted = [lake.storage.join(path) for path in files]
    if _table_exists(con, spec.name):
        listed = {row[0] for row in con.execute("SELECT data_file FROM ducklake_list_files(?, ?)", [ALIAS, spec.name]).fetchall()}
        if listed - set(wanted):
            # A snapshot replaced, or a full refresh: the table starts again from the wanted
            # files. Dropped, not emptied: a DELETE would read the old files, which may be gone.
            con.execute(f"DROP TABLE {table}")
            listed = set()
    else:
        listed = set()
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
    present = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ?", [ALIAS, spec.name]
        ).fetchall()
    }
    # A schema change adds columns at the end of a table (akhbar.schema's rule): so does the catalog.
    for field in spec.schema:
        if field.name not in present:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {quote(field.name)} {duckdb_type(field.type)}")
    for path in wanted:
        if path in listed:
            continue
        # Hive partitions give a file its partition column; pyarrow's NULL partition cannot be
        # cast to the column's type, so those files are added with the column missing (NULL).
        folder = posixpath.basename(posixpath.dirname(path))
        null_partition = bool(spec.partition_by) and folder.endswith(f"={NULL_PARTITION}")
        con.execute(
            "CALL ducklake_add_data_files(?, ?, ?, hive_partitioning => ?, allow_missing => ?)",
            [ALIAS, spec.name, path, bool(spec.partition_by) and not null_partition, null_partition],
        )


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?", [ALIAS, name])
    return found.fetchone()[0] > 0


def catalog_copy_path(lake: Lake) -> str:
    """Where in the lake readers find the SQLite catalog."""
    return lake.path(CATALOG_FOLDER, CATALOG_FILE)


def publish_catalog_copy(lake: Lake, catalog: str) -> None:
    """Copy the run's SQLite catalog into the lake as one object (replaced whole)."""
    lake.fs.create_dir(lake.path(CATALOG_FOLDER), recursive=True)
    # Everything committed into the file itself first: the copy is the file alone, without its WAL.
    with contextlib.closing(sqlite3.connect(catalog)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(catalog, "rb") as source, lake.fs.open_output_stream(catalog_copy_path(lake)) as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)


@contextlib.contextmanager
def reader_catalog(lake: Lake, catalog: str | None) -> Iterator[str]:
    """The catalog a reader attaches: the one given, else the lake's own copy (downloaded to a
    temporary file when the lake is on an object store)."""
    if catalog:
        yield catalog if is_postgres_catalog(catalog) else str(Path(catalog).expanduser().resolve())
        return
    source = catalog_copy_path(lake)
    if lake.fs.get_file_info(source).type != pafs.FileType.File:
        raise WarehouseError(
            f"no DuckLake catalog in the lake {lake.root} ({CATALOG_FOLDER}/{CATALOG_FILE}): "
            "run `akhbar run --lake` on it first, or give --catalog"
        )
    if lake.is_local:
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="akhbar-catalog-") as folder:
        target = os.path.join(folder, f"{uuid.uuid4().hex}.sqlite")
        with lake.fs.open_input_stream(source) as handle, open(target, "wb") as out:
            while chunk := handle.read(1 << 20):
                out.write(chunk)
        yield target


def main(argv: list[str] | None = None) -> int:
    """The child of sync_new_catalog: sync the catalog of the lake at ROOT, CATALOG."""
    root, catalog = argv if argv is not None else sys.argv[1:]
    Lake(root, catalog).sync_catalog_here()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
