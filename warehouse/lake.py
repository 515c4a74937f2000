"""The Parquet lake: staging files of a run, and the published per-table files.

All file access goes through a ``pyarrow.fs`` filesystem, so the lake can live on object storage
by giving a URI (``s3://bucket/lake``) instead of a local folder. Every file is written under a
temporary name and renamed into place, so a reader never sees a half-written file.

Layout::

    lake/_staging/<run_id>/<table>/part-<batch>.parquet    transform output, removed after publish
    lake/<append table>/run-<run_id>-<n>.parquet            rows a run added (articles: hive
                                                            partitions published_date=YYYY-MM-DD)
    lake/<snapshot table>/snapshot-<run_id>.parquet         the whole derived table after a run
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
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from akhbar.errors import WarehouseError
from akhbar.faults import failpoint
from akhbar.schema import TABLES, TableSpec
from akhbar.warehouse.ddl import quote

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
    """A lake rooted at a local folder or a filesystem URI."""

    def __init__(self, root: str | Path):
        root = str(root)
        if "://" not in root:
            root = str(Path(root).resolve())
        try:
            self.fs, self.base = pafs.FileSystem.from_uri(root)
        except (pa.ArrowInvalid, OSError) as exc:
            raise WarehouseError(f"cannot use the lake at {root}: {exc}") from None
        self.root = root
        self.is_local = isinstance(self.fs, pafs.LocalFileSystem)

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
        """
        full_refresh = full_refresh or self.is_full_refresh(run_id)
        written = {}
        memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        con.execute("SET memory_limit = ?", [PUBLISH_MEMORY_LIMIT])
        try:
            if full_refresh:
                for spec in _lake_tables():
                    self._delete_dir(self.path(spec.name))
            for spec in _lake_tables():
                if spec.lake_mode == "snapshot" and not (full_refresh or snapshots_changed) and self._has_snapshot(spec):
                    continue
                if spec.lake_mode == "snapshot":
                    query, params = f"SELECT * FROM {quote(spec.name)}", None
                else:
                    query, params = _RUN_ROWS[spec.name], {"run_id": run_id}
                reader = con.execute(query, params).fetch_record_batch(
                    PUBLISH_BATCH_ROWS.get(spec.name, DEFAULT_PUBLISH_BATCH_ROWS)
                )
                try:
                    written[spec.name] = self._publish_table(spec, run_id, reader)
                finally:
                    # An open reader left in a failed frame keeps DuckDB busy on the next connect.
                    reader.close()
            self._rewrite_stale_runs(con, run_id)
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

    def _rewrite_stale_runs(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        """Write again the earlier runs' files that the warehouse's ``lake_rewrites`` lists (a
        document quarantined there was read again by a later run), then clear those rows.

        Each file is rewritten from the warehouse, where the document now belongs to the later
        run, so the lake holds one row per document. Idempotent: a crash part-way leaves the rows
        that were not done, and the next publish does them."""
        pending = con.execute("SELECT table_name, run_id FROM lake_rewrites ORDER BY table_name, run_id").fetchall()
        specs = {spec.name: spec for spec in _lake_tables()}
        for table, stale_run in pending:
            spec = specs.get(table)
            if spec is not None and table in _RUN_ROWS:
                reader = con.execute(_RUN_ROWS[table], {"run_id": stale_run}).fetch_record_batch(
                    PUBLISH_BATCH_ROWS.get(table, DEFAULT_PUBLISH_BATCH_ROWS)
                )
                try:
                    self._publish_table(spec, stale_run, reader, work_run=run_id, replace=True)
                finally:
                    reader.close()
            con.execute("DELETE FROM lake_rewrites WHERE table_name = ? AND run_id = ?", [table, stale_run])

    def _publish_table(
        self, spec: TableSpec, run_id: str, reader: pa.RecordBatchReader, work_run: str | None = None, replace: bool = False
    ) -> int:
        """Write ``reader``'s rows as the table's files of ``run_id`` (staged under ``work_run``'s
        staging, the run publishing). ``replace``: files of ``run_id`` that this write did not
        produce are deleted (an earlier run's files written again may be fewer, or none)."""
        temp = self.path(STAGING, work_run or run_id, "publish", spec.name)
        self._delete_dir(temp)
        self.fs.create_dir(temp, recursive=True)
        prefix = "snapshot" if spec.lake_mode == "snapshot" else "run"
        partitioning = None
        if spec.partition_by:
            fields = [reader.schema.field(name) for name in spec.partition_by]
            partitioning = ds.HivePartitioning(pa.schema(fields), null_fallback=NULL_PARTITION)
        ds.write_dataset(
            reader,
            temp,
            filesystem=self.fs,
            format="parquet",
            partitioning=partitioning,
            basename_template=f"{prefix}-{run_id}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
            file_options=ds.ParquetFileFormat().make_write_options(compression=COMPRESSION),
            max_rows_per_file=1 << 20,
            max_rows_per_group=1 << 17,
        )
        files = self.fs.get_file_info(pafs.FileSelector(temp, recursive=True))
        target_root = self.path(spec.name)
        moved: set[str] = set()
        for info in files:
            if info.type != pafs.FileType.File:
                continue
            relative = posixpath.relpath(info.path, temp)
            target = posixpath.join(target_root, relative)
            self.fs.create_dir(posixpath.dirname(target), recursive=True)
            self.fs.move(info.path, target)
            moved.add(target)
        failpoint("lake.published_table")
        if replace:
            selector = pafs.FileSelector(target_root, allow_not_found=True, recursive=True)
            for info in self.fs.get_file_info(selector):
                name = posixpath.basename(info.path)
                if info.type == pafs.FileType.File and name.startswith(f"{prefix}-{run_id}-") and info.path not in moved:
                    self.fs.delete_file(info.path)
        if spec.lake_mode == "snapshot":
            self._drop_old_snapshots(spec, run_id)
        return len(moved)

    def _has_snapshot(self, spec: TableSpec) -> bool:
        selector = pafs.FileSelector(self.path(spec.name), allow_not_found=True)
        return any(
            info.type == pafs.FileType.File and posixpath.basename(info.path).startswith("snapshot-")
            for info in self.fs.get_file_info(selector)
        )

    def _drop_old_snapshots(self, spec: TableSpec, run_id: str) -> None:
        keep = f"snapshot-{run_id}-"
        selector = pafs.FileSelector(self.path(spec.name), allow_not_found=True)
        for info in self.fs.get_file_info(selector):
            name = posixpath.basename(info.path)
            if info.type == pafs.FileType.File and name.startswith("snapshot-") and not name.startswith(keep):
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

        Call it after interrupted publishes were completed, so every committed run is in place.
        """
        committed = {row[0] for row in con.execute("SELECT run_id FROM runs").fetchall()}
        moved = []
        for spec in _lake_tables():
            selector = pafs.FileSelector(self.path(spec.name), allow_not_found=True, recursive=True)
            for info in self.fs.get_file_info(selector):
                if info.type != pafs.FileType.File:
                    continue
                reason = self._misplaced(spec, posixpath.relpath(info.path, self.path(spec.name)), committed)
                if reason is None:
                    reason = self._unreadable(spec, info.path)
                if reason is not None:
                    moved.append(self._quarantine(info.path, run_id, reason))
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
