"""The Parquet lake: staging files of a run, and the published per-table files.

All file access goes through a ``pyarrow.fs`` filesystem (akhbar.storage.LakeStorage), so the lake
can live on object storage (``s3://bucket/lake``) instead of a local folder. A run's published
files become part of the lake when its manifest is written (akhbar.warehouse.manifest: the commit,
one object), and the DuckLake catalog (akhbar.warehouse.catalog) then lists the same files; on a
local disk each file is also written under a temporary name and renamed into place.

Layout::

    lake/_staging/<run_id>/<table>/part-<batch>.parquet    transform output, removed after publish
    lake/<append table>/run-<run_id>-<n>.parquet            rows a run added (articles: hive
                                                            partitions published_date=YYYY-MM-DD)
    lake/<snapshot table>/snapshot-<run_id>-<n>.parquet     the whole derived table after a run
    lake/_manifests/<run_id>.json                           the committed state: table -> files
    lake/_catalog/ducklake.sqlite                           the DuckLake catalog (or its copy)
    lake/_catalog/ducklake.sqlite.synced.json               what its last sync left it listing
    lake/_quarantine/<run_id>/<table>/...                   files ``verify`` moved out of a table
                                                            folder, with reasons.jsonl
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from akhbar.errors import WarehouseError
from akhbar.faults import failpoint
from akhbar.schema import ARTICLE_KEYWORDS, KEYWORDS, TABLES, TableSpec
from akhbar.storage import LakeStorage
from akhbar.warehouse.ddl import quote
from akhbar.warehouse.manifest import commit_manifest, newest_manifest, read_manifest

if TYPE_CHECKING:
    # Only connections handed in by the caller: transform workers import this module for
    # staging and need not load DuckDB.
    import duckdb

STAGING = "_staging"
COMPRESSION = "zstd"
# The hive directory of rows with no partition value: DuckDB reads `published_date=NULL` back
# as NULL (pyarrow's default `__HIVE_DEFAULT_PARTITION__` comes back as that string).
NULL_PARTITION = "NULL"
# Rows per Arrow batch read from DuckDB when publishing. Each batch becomes one row group per
# partition file it touches. Articles carry whole bodies: 50,000 of them were a whole run's
# articles in memory at once; 2,048 keeps the flow lower while publishing, and row groups of a few
# hundred articles, about a megabyte, per day's file (docs/PERFORMANCE.md).
PUBLISH_BATCH_ROWS = {"articles": 2048}
DEFAULT_PUBLISH_BATCH_ROWS = 50_000
# DuckDB's memory while publishing: the rows stream out, so its buffer pool need not cache the
# tables it scans (at the writer's limit it kept article blocks for the whole publish).
PUBLISH_MEMORY_LIMIT = "64MB"
# Marks a run's staging as a full refresh, so a publish completed after a crash replaces the lake.
FULL_REFRESH_MARKER = "FULL_REFRESH"
QUARANTINE = "_quarantine"
# What the publish writes: run-<run_id>-<n>.parquet (append tables), snapshot-<run_id>-<n>.parquet.
_PUBLISHED_NAME = re.compile(r"^(?P<kind>run|snapshot)-(?P<run>\d{8}T\d{6}Z-[0-9a-f]{8})-\d+\.parquet$")

# Rows a run added, selected through the documents that run ingested.
_RUN_ROWS = {
    "documents": "SELECT * FROM documents WHERE run_id = $run_id",
    "articles": "SELECT a.* FROM articles a JOIN documents d USING (doc_id) WHERE d.run_id = $run_id",
    "article_documents": "SELECT x.* FROM article_documents x JOIN documents d USING (doc_id) WHERE d.run_id = $run_id",
    "article_sources": (
        "SELECT s.* FROM article_sources s JOIN articles a USING (article_id) "
        "JOIN documents d ON d.doc_id = a.doc_id WHERE d.run_id = $run_id"
    ),
    "runs": "SELECT * FROM runs WHERE run_id = $run_id",
}


class Lake:
    """A lake rooted at a local folder or an object-store URI (akhbar.storage.LakeStorage)."""

    def __init__(self, root: str | Path | LakeStorage, catalog: str | None = None):
        """``catalog``: the DuckLake catalog each publish brings up to date (None: none)."""
        self.storage = root if isinstance(root, LakeStorage) else LakeStorage.at(root)
        self.catalog = catalog
        self.fs, self.base = self.storage.filesystem()
        self.root = self.storage.uri
        self.is_local = self.storage.is_local

    def path(self, *parts: str) -> str:
        """A path inside the lake, in the filesystem's own terms."""
        return posixpath.join(self.base, *parts)

    def uri(self, path: str) -> str:
        """A path DuckDB can read: local paths as they are, others with their scheme."""
        return path if self.is_local else f"{self.fs.type_name}://{path}"

    def ensure_writable(self) -> None:
        """Create the lake root and fail early, with a clear message, if it cannot be written."""
        probe = self.path(STAGING, f".probe-{uuid.uuid4().hex}")
        try:
            self.fs.create_dir(self.path(STAGING), recursive=True)
            with self.fs.open_output_stream(probe) as out:
                out.write(b"ok")
            self.fs.delete_file(probe)
        except OSError as exc:
            # A probe half-written on a full disk must not stay behind in staging.
            with contextlib.suppress(OSError):
                self.fs.delete_file(probe)
            raise WarehouseError(f"the lake {self.root} is not writable: {exc}") from None

    # --- staging -----------------------------------------------------------------------------

    def staging_dir(self, run_id: str) -> str:
        return self.path(STAGING, run_id)

    def write_staged(self, run_id: str, table: str, name: str, data: pa.Table) -> str:
        """Write one staged Parquet file atomically; return its path."""
        directory = self.path(STAGING, run_id, table)
        self.fs.create_dir(directory, recursive=True)
        final = posixpath.join(directory, f"{name}.parquet")
        self._write_atomic(data, final)
        return final

    def staged_runs(self) -> list[str]:
        """Run ids with a staging folder (a finished run removes its own)."""
        selector = pafs.FileSelector(self.path(STAGING), allow_not_found=True)
        return sorted(
            posixpath.basename(info.path) for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.Directory
        )

    def drop_staging(self, run_id: str) -> None:
        """Delete a run's staging folder (after publishing, or when the run never committed)."""
        directory = self.staging_dir(run_id)
        if self.fs.get_file_info(directory).type == pafs.FileType.Directory:
            self.fs.delete_dir(directory)

    # --- publishing --------------------------------------------------------------------------

    def publish(
        self, con: duckdb.DuckDBPyConnection, run_id: str, full_refresh: bool = False, snapshots_changed: bool = True
    ) -> dict[str, int]:
        """Write the committed run's rows to the lake; return files written per table.

        Idempotent: publishing the same run again rewrites the same file names, so a run that died
        between its commit and its publish is completed by the next run. ``snapshots_changed``
        False (a run that loaded no document) keeps the snapshot tables already in the lake: they
        are whole tables, so rewriting them unchanged would cost a no-op run time in proportion to
        the corpus. A snapshot table missing from the lake is written all the same.

        The order makes it atomic without a rename: files under run-scoped names, then the
        manifest (the commit), then the DuckLake catalog in one transaction, and only then the
        removal of what the new state no longer lists (replaced snapshots, a full refresh's
        predecessors), so no reader of either state loses a file it uses.
        """
        full_refresh = full_refresh or self.is_full_refresh(run_id)
        written = {}
        previous = {} if full_refresh else self.committed_files()
        # The catalog lists the previous state: only the tables this publish changes need a look.
        catalog_current = not full_refresh and self._catalog_in_sync()
        listed: dict[str, list[str]] = {}
        memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        con.execute("SET memory_limit = ?", [PUBLISH_MEMORY_LIMIT])
        try:
            for spec in _lake_tables():
                kept = previous.get(spec.name, [])
                if spec.lake_mode == "snapshot" and not (full_refresh or snapshots_changed) and self._all_exist(kept):
                    listed[spec.name] = kept
                    continue
                if spec.lake_mode == "snapshot":
                    query, params = f"SELECT * FROM {quote(spec.name)}", None
                else:
                    query, params = _RUN_ROWS[spec.name], {"run_id": run_id}
                reader = con.execute(query, params).fetch_record_batch(
                    PUBLISH_BATCH_ROWS.get(spec.name, DEFAULT_PUBLISH_BATCH_ROWS)
                )
                try:
                    files = self._publish_table(spec, run_id, reader)
                finally:
                    # An open reader left in a failed frame keeps DuckDB busy on the next connect.
                    reader.close()
                written[spec.name] = len(files)
                # Append tables: every earlier run's files and this run's (a publish completed
                # after a crash rewrites the same names); snapshot tables: this run's alone.
                listed[spec.name] = list(dict.fromkeys(kept + files)) if spec.lake_mode == "append" else files
            replaced = self._rewrite_stale_runs(con, run_id, listed)
            commit_manifest(self, run_id, listed)
            failpoint("lake.before_catalog")
            changed = [name for name, files in listed.items() if files != previous.get(name)] if catalog_current else None
            self._sync_catalog(listed, run_id, only=changed)
            # Only now, with the new state committed, can files no reader needs any more go.
            self._sweep(listed, every_table=full_refresh)
            for path in replaced:
                with contextlib.suppress(FileNotFoundError):
                    self.fs.delete_file(self.path(path))
            con.execute("DELETE FROM lake_rewrites")
        except OSError as exc:
            raise WarehouseError(
                f"cannot write to the lake {self.root}: {exc}. The warehouse load is committed; "
                "the next run completes the lake."
            ) from None
        finally:
            import duckdb  # loaded by whoever passed the connection; not at module level (workers)

            with contextlib.suppress(duckdb.Error):
                con.execute("SET memory_limit = ?", [memory_limit])
        return written

    def sync_catalog(self) -> None:
        """Bring the DuckLake catalog (if any) to the committed state, unless it is known to be
        there already (akhbar.warehouse.catalog.catalog_in_sync). A SQLite catalog that does not
        exist yet (a new lake's) is created by a child process (catalog.sync_new_catalog)."""
        if self.catalog is None or self._catalog_in_sync():
            return
        from akhbar.warehouse.catalog import is_new_catalog, sync_new_catalog  # DuckDB: never imported by workers

        if is_new_catalog(self.catalog):
            sync_new_catalog(self)
        else:
            self.sync_catalog_here()

    def sync_catalog_here(self) -> None:
        """sync_catalog's work, in this process."""
        self._sync_catalog(self.committed_files(), newest_manifest(self))

    def _catalog_in_sync(self) -> bool:
        if self.catalog is None:
            return False
        from akhbar.warehouse.catalog import catalog_in_sync  # DuckDB: never imported by workers

        return catalog_in_sync(self.catalog, newest_manifest(self))

    def _sync_catalog(self, tables: dict[str, list[str]], manifest: str | None, only: list[str] | None = None) -> None:
        if self.catalog is None:
            return
        from akhbar.warehouse.catalog import sync_catalog  # DuckDB: never imported by workers

        sync_catalog(self, self.catalog, tables, manifest, only=only)

    # --- reading what is published ------------------------------------------------------------

    def published_tag_norms(self) -> frozenset[str]:
        """Match keys of every publisher tag in the published lake (keywords with an
        article_keywords row of origin 'tag'): evidence for segmenting new tag lines, read by the
        transform workers, which never open the warehouse. The files are those of the lake's
        committed state (its manifest): once a run's recovery has completed any interrupted
        publish, the warehouse's tables as its last run committed them; empty before any publish."""
        tagged = self._read_snapshot(ARTICLE_KEYWORDS, ["keyword_id"], ds.field("origin") == "tag")
        keywords = self._read_snapshot(KEYWORDS, ["keyword_id", "keyword_norm"])
        if tagged is None or keywords is None:
            return frozenset()
        known = keywords.filter(pc.is_in(keywords["keyword_id"], value_set=pc.unique(tagged["keyword_id"])))
        return frozenset(known["keyword_norm"].to_pylist())

    def _read_snapshot(self, spec: TableSpec, columns: list[str], where=None) -> pa.Table | None:
        files = [self.path(relative) for relative in self.committed_files().get(spec.name) or []]
        if not files:
            return None
        return ds.dataset(files, filesystem=self.fs, format="parquet", schema=spec.schema).to_table(columns=columns, filter=where)


    def mark_full_refresh(self, run_id: str) -> None:
        """Record in the run's staging that it is a full refresh (read by a crash recovery)."""
        directory = self.staging_dir(run_id)
        self.fs.create_dir(directory, recursive=True)
        with self.fs.open_output_stream(posixpath.join(directory, FULL_REFRESH_MARKER)) as out:
            out.write(b"1")

    def is_full_refresh(self, run_id: str) -> bool:
        """Whether the run's staging was marked as a full refresh."""
        marker = posixpath.join(self.staging_dir(run_id), FULL_REFRESH_MARKER)
        return self.fs.get_file_info(marker).type == pafs.FileType.File

    def _rewrite_stale_runs(self, con: duckdb.DuckDBPyConnection, run_id: str, listed: dict[str, list[str]]) -> list[str]:
        """Write again the earlier runs' files that the warehouse's ``lake_rewrites`` lists (a
        document quarantined there was read again by a later run); return the files they replace.

        Each file is rewritten from the warehouse, where the document now belongs to the later
        run, so the lake holds one row per document. The new files take new numbers after the
        stale run's (a DuckLake catalog keeps each file's size: a file is never rewritten under
        its name), and ``listed`` (the state about to be committed) swaps old for new; the rows
        of ``lake_rewrites`` are cleared once that state is committed (Lake.publish), so a crash
        part-way is done again by the next publish."""
        pending = con.execute("SELECT table_name, run_id FROM lake_rewrites ORDER BY table_name, run_id").fetchall()
        specs = {spec.name: spec for spec in _lake_tables()}
        replaced: list[str] = []
        for table, stale_run in pending:
            spec = specs.get(table)
            if spec is None or table not in _RUN_ROWS:
                continue
            current = listed.get(table, [])
            old = [f for f in current if (m := _PUBLISHED_NAME.match(posixpath.basename(f))) and m.group("run") == stale_run]
            numbers = [int(posixpath.basename(f).rsplit("-", 1)[1].split(".")[0]) for f in old]
            reader = con.execute(_RUN_ROWS[table], {"run_id": stale_run}).fetch_record_batch(
                PUBLISH_BATCH_ROWS.get(table, DEFAULT_PUBLISH_BATCH_ROWS)
            )
            try:
                new = self._publish_table(spec, stale_run, reader, work_run=run_id, first_number=max(numbers, default=-1) + 1)
            finally:
                reader.close()
            listed[table] = [f for f in current if f not in old] + new
            replaced.extend(old)
        return replaced

    def _publish_table(
        self, spec: TableSpec, run_id: str, reader: pa.RecordBatchReader, work_run: str | None = None, first_number: int = 0
    ) -> list[str]:
        """Write ``reader``'s rows as the table's files of ``run_id``; return their paths relative
        to the lake root. ``work_run``: the run publishing (whose staging holds the temporary
        files); ``first_number``: the files are numbered from there (a stale run written again).

        On a local disk the files are written under staging and renamed into place, so a reader
        globbing the folder never sees half a file. An object store has no rename (a move is a
        copy), and one object appears whole or not at all: the files are written in place under
        their run-scoped names, which no reader uses before the run's manifest lists them."""
        target_root = self.path(spec.name)
        via_staging = self.is_local or first_number > 0
        out = self.path(STAGING, work_run or run_id, "publish", spec.name) if via_staging else target_root
        if via_staging:
            self._delete_dir(out)
        self.fs.create_dir(out, recursive=True)
        prefix = "snapshot" if spec.lake_mode == "snapshot" else "run"
        partitioning = None
        if spec.partition_by:
            fields = [reader.schema.field(name) for name in spec.partition_by]
            partitioning = ds.HivePartitioning(pa.schema(fields), null_fallback=NULL_PARTITION)
        written: list[str] = []
        ds.write_dataset(
            reader,
            out,
            filesystem=self.fs,
            format="parquet",
            partitioning=partitioning,
            basename_template=f"{prefix}-{run_id}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
            file_options=ds.ParquetFileFormat().make_write_options(compression=COMPRESSION),
            max_rows_per_file=1 << 20,
            max_rows_per_group=1 << 17,
            file_visitor=lambda written_file: written.append(written_file.path),
        )
        files = []
        for path in written:
            relative = posixpath.relpath(path, out)
            if via_staging:
                folder, name = posixpath.split(relative)
                number = int(name.rsplit("-", 1)[1].split(".")[0]) + first_number
                relative = posixpath.join(folder, f"{prefix}-{run_id}-{number}.parquet")
                target = posixpath.join(target_root, relative)
                self.fs.create_dir(posixpath.dirname(target), recursive=True)
                self.fs.move(path, target)
            files.append(posixpath.join(spec.name, relative))
        failpoint("lake.published_table")
        return sorted(files)

    def committed_files(self) -> dict[str, list[str]]:
        """Table -> the files of the lake's committed state (relative to the root): the newest
        manifest's lists, or for a lake published before manifests existed, the files in the table
        folders whose names the publish writes (verify has set aside the others)."""
        manifest = read_manifest(self)
        if manifest is not None:
            return manifest
        found: dict[str, list[str]] = {}
        for spec in _lake_tables():
            selector = pafs.FileSelector(self.path(spec.name), allow_not_found=True, recursive=True)
            found[spec.name] = sorted(
                posixpath.relpath(info.path, self.base)
                for info in self.fs.get_file_info(selector)
                if info.type == pafs.FileType.File and _PUBLISHED_NAME.match(posixpath.basename(info.path))
            )
        return found

    def _all_exist(self, files: list[str]) -> bool:
        """Whether every one of these lake files (relative paths) is there: a few, no footer read."""
        infos = self.fs.get_file_info([self.path(f) for f in files]) if files else []
        return bool(infos) and all(info.type == pafs.FileType.File for info in infos)

    def _sweep(self, listed: dict[str, list[str]], every_table: bool) -> None:
        """Delete the files the committed state no longer lists: old snapshots, and after a full
        refresh the earlier runs' files."""
        for spec in _lake_tables():
            if not (every_table or spec.lake_mode == "snapshot"):
                continue
            keep = set(listed.get(spec.name, []))
            selector = pafs.FileSelector(self.path(spec.name), allow_not_found=True, recursive=True)
            for info in self.fs.get_file_info(selector):
                relative = posixpath.relpath(info.path, self.base)
                if info.type == pafs.FileType.File and _PUBLISHED_NAME.match(posixpath.basename(info.path)) and relative not in keep:
                    self.fs.delete_file(info.path)

    def _delete_dir(self, path: str) -> None:
        if self.fs.get_file_info(path).type == pafs.FileType.Directory:
            self.fs.delete_dir(path)

    # --- verification ------------------------------------------------------------------------

    def verify(self, con: duckdb.DuckDBPyConnection, run_id: str, log: Callable[..., None] | None = None) -> list[tuple[str, str]]:
        """Move every file that does not belong in a table folder to ``_quarantine/<run_id>/``.

        Readers glob a table folder (``lake/articles/**/*.parquet``), so one foreign, truncated or
        orphaned file there breaks or silently skews every query. A file is moved (never deleted:
        an operator may want it back) when its name or folder is not one the publish writes, when
        its Parquet footer cannot be read, when it has columns the table does not, or when the
        run that wrote it never committed in this warehouse (a lake newer than a restored
        warehouse, or a full refresh whose old files were not cleared). The reasons are logged
        through ``log`` and kept in ``_quarantine/<run_id>/reasons.jsonl``; returns (path, reason).

        Bounded: a file the lake's manifest lists was checked when its run published it, so only
        the folders are listed and only files outside the manifest are opened (none, normally).
        A whole, readable file of a committed run that the manifest does not list is a leftover
        of a publish that died before removing it (an old snapshot): it is deleted.

        Call it after interrupted publishes were completed, so every committed run is in place.
        """
        committed = {row[0] for row in con.execute("SELECT run_id FROM runs").fetchall()}
        manifest = read_manifest(self)
        listed = {path for files in (manifest or {}).values() for path in files}
        moved = []
        for spec in _lake_tables():
            selector = pafs.FileSelector(self.path(spec.name), allow_not_found=True, recursive=True)
            for info in self.fs.get_file_info(selector):
                if info.type != pafs.FileType.File or posixpath.relpath(info.path, self.base) in listed:
                    continue
                reason = self._misplaced(spec, posixpath.relpath(info.path, self.path(spec.name)), committed)
                if reason is None:
                    reason = self._unreadable(spec, info.path)
                if reason is not None:
                    moved.append(self._quarantine(info.path, run_id, reason))
                elif manifest is not None:
                    self.fs.delete_file(info.path)
                    if log is not None:
                        log("removed %s: left by an interrupted publish, not in the lake's manifest", info.path)
        for path, reason in moved:
            if log is not None:
                log("moved %s to the lake quarantine: %s", path, reason)
        return moved

    def _misplaced(self, spec: TableSpec, relative: str, committed: set[str]) -> str | None:
        """Why a file at this path inside the table folder is not one the publish wrote, or None."""
        *folders, name = relative.split("/")
        match = _PUBLISHED_NAME.match(name)
        if not match:
            return f"not a file akhbar publishes (name {name!r})"
        if match.group("kind") != ("snapshot" if spec.lake_mode == "snapshot" else "run"):
            return f"a {match.group('kind')} file in the {spec.lake_mode} table {spec.name}"
        if len(folders) != len(spec.partition_by):
            return f"wrong folder depth for table {spec.name} (partitioned by {list(spec.partition_by) or 'nothing'})"
        for column, folder in zip(spec.partition_by, folders):
            key, _, value = folder.partition("=")
            if key != column or not _valid_partition_value(spec.schema.field(column).type, value):
                return f"folder {folder!r} is not a {column}=<value> partition"
        if match.group("run") not in committed:
            return f"written by run {match.group('run')}, which is not committed in this warehouse"
        return None

    def _unreadable(self, spec: TableSpec, path: str) -> str | None:
        """Why the file cannot be read as a part of the table, or None."""
        try:
            with self.fs.open_input_file(path) as handle:
                columns = pq.ParquetFile(handle).schema_arrow.names
        except (OSError, pa.ArrowException) as exc:
            return f"unreadable Parquet: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        extra = sorted(set(columns) - set(spec.columns))
        if extra:
            return f"columns {extra} are not in table {spec.name}"
        return None

    def _quarantine(self, path: str, run_id: str, reason: str) -> tuple[str, str]:
        relative = posixpath.relpath(path, self.base)
        target = self.path(QUARANTINE, run_id, relative)
        self.fs.create_dir(posixpath.dirname(target), recursive=True)
        self.fs.move(path, target)
        # Appended per file (not once at the end) so a crash mid-way still explains what moved.
        log_path = self.path(QUARANTINE, run_id, "reasons.jsonl")
        previous = b""
        if self.fs.get_file_info(log_path).type == pafs.FileType.File:
            with self.fs.open_input_stream(log_path) as handle:
                previous = handle.read()
        with self.fs.open_output_stream(log_path) as out:
            out.write(previous + (json.dumps({"path": relative, "reason": reason}, ensure_ascii=False) + "\n").encode())
        return relative, reason

    def _write_atomic(self, data: pa.Table, final: str) -> None:
        temp = f"{final}.tmp-{uuid.uuid4().hex}"
        try:
            pq.write_table(data, temp, filesystem=self.fs, compression=COMPRESSION)
            failpoint("lake.staged_tmp")
            self.fs.move(temp, final)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                if self.fs.get_file_info(temp).type == pafs.FileType.File:
                    self.fs.delete_file(temp)
            if isinstance(exc, OSError):
                raise WarehouseError(f"cannot write to the lake {self.root}: {exc}") from None
            raise


def _valid_partition_value(type_: pa.DataType, value: str) -> bool:
    if value == NULL_PARTITION:
        return True
    if pa.types.is_date(type_):
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return bool(value)


def _lake_tables() -> list[TableSpec]:
    return [spec for spec in TABLES if not spec.internal]
