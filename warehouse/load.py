"""Loading one run's staged Parquet into the warehouse in a single transaction.

Either every table takes the run's rows and the derived tables (extracted keywords, entity
statistics, the search index) are refreshed, or nothing changes: any failure rolls the whole run
back. Values never enter SQL text: file lists and run metadata are bound parameters.

The same load takes a re-derivation of stored articles (``akhbar run --reprocess``): their
staged rows of the chosen derivations replace the old ones (akhbar.derivations). The steps:

1. ``sql/insert_facts.sql``: new documents, articles and their facts; TEMP ``run_articles``.
2. each derivation's ``clear`` (re-deriving only) and ``apply`` steps (akhbar.warehouse.derive);
   re-deriving, ``sql/quarantine_articles.sql`` records the stored articles a derivation raised on.
3. when anything changed, each derivation's ``refresh`` steps (scores, counts, the index,
   copies and stories).
4. the run's row, the data checks (akhbar.warehouse.checks), COMMIT.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from akhbar.derivations import DERIVATIONS, Derivation, chosen
from akhbar.errors import WarehouseError
from akhbar.faults import failpoint
from akhbar.schema import RUNS, SOURCE_FILES, STAGED, TABLES
from akhbar.warehouse import derive
from akhbar.warehouse.checks import run_checks
from akhbar.warehouse.ddl import column_list, quote
from akhbar.warehouse.scripts import run_script

# Derived tables are recomputed from the whole warehouse, so their content never depends on the
# order in which documents arrived.
COUNTED_TABLES = [t.name for t in TABLES if t.name != RUNS.name]


@dataclass(frozen=True)
class RunInfo:
    """Metadata of the run being loaded."""

    run_id: str
    flow_run_id: str | None
    started_at: datetime
    # Documents in files the manifest recognised as processed before: skipped without reading.
    documents_skipped_unread: int
    # JSON: akhbar's version and the field mapping (runs.input_settings; see akhbar.config).
    input_settings: str | None = None


def load_run(
    con: duckdb.DuckDBPyConnection,
    staged: dict[str, list[str]],
    run: RunInfo,
    finished_at: datetime,
    full_refresh: bool = False,
    source_files: pa.Table | None = None,
    rederive: Sequence[str] = (),
) -> dict:
    """Load staged Parquet files (table name -> file paths) as one transaction; return the run row.

    ``source_files`` (shaped like the SOURCE_FILES table) records the files this run read, so the
    next run skips them unread; it is written in the same transaction as their documents.
    ``rederive`` names the derivations a reprocess staged for stored articles: only those are
    replaced (for the articles staged in ``rederived_articles``) and refreshed.
    """
    derivations = chosen(rederive) if rederive else tuple(DERIVATIONS.values())
    before = _counts(con)
    with _load_settings(con):
        return _load(con, staged, run, finished_at, full_refresh, source_files, before, derivations, bool(rederive))


def _load(
    con: duckdb.DuckDBPyConnection,
    staged: dict[str, list[str]],
    run: RunInfo,
    finished_at: datetime,
    full_refresh: bool,
    source_files: pa.Table | None,
    before: dict[str, int],
    derivations: Sequence[Derivation],
    rederiving: bool,
) -> dict:
    """The load's transaction (see load_run)."""
    con.execute("BEGIN TRANSACTION")
    try:
        if full_refresh:
            for spec in reversed(TABLES):
                con.execute(f"DELETE FROM {quote(spec.name)}")
            before = {name: 0 for name in before}
        _stage_views(con, staged)
        # A run that staged no file (nothing new in its sources) has nothing to insert or derive:
        # every step below reads only the staged rows, so on empty input they would change nothing.
        nothing_staged = not any(staged.values()) and not full_refresh and not rederiving
        if nothing_staged:
            con.execute("CREATE OR REPLACE TEMP TABLE run_articles (article_id VARCHAR, doc_id VARCHAR, repeated BOOLEAN)")
        else:
            run_script(con, "insert_facts.sql")
            if rederiving:
                derive.clear(con, derivations)
            derive.apply(con, derivations)
        if rederiving:
            # Articles a derivation raised on keep their rows; the reason is recorded.
            con.execute("CREATE OR REPLACE TEMP TABLE run_derivations AS SELECT unnest(?::VARCHAR[]) AS derivation",
                        [[d.name for d in derivations]])  # fmt: skip
            run_script(con, "quarantine_articles.sql")
            con.execute("DROP TABLE run_derivations")
        if source_files is not None and source_files.num_rows:
            con.register("run_source_files", source_files)
            con.execute(f"INSERT OR REPLACE INTO source_files SELECT {column_list(SOURCE_FILES)} FROM run_source_files")
            con.unregister("run_source_files")
        staged_docs = 0 if nothing_staged else con.execute("SELECT count(DISTINCT doc_id) FROM stg_documents").fetchone()[0]
        changed = staged_docs > 0
        data_changed = changed or full_refresh or rederiving
        if data_changed:
            derive.refresh(con, derivations)
        after = _counts(con)
        rows = {name: after[name] - before[name] for name in COUNTED_TABLES}
        status = dict(
            con.execute(
                "SELECT status, count(*) FROM documents WHERE run_id = ? GROUP BY status", [run.run_id]
            ).fetchall()
        )
        new = sum(status.values())
        seen = run.documents_skipped_unread + staged_docs
        row = {
            "run_id": run.run_id,
            "flow_run_id": run.flow_run_id,
            "started_at": run.started_at,
            "finished_at": finished_at,
            "documents_seen": seen,
            "documents_new": new,
            "documents_skipped": seen - new,
            "documents_loaded": status.get("loaded", 0),
            "documents_quarantined": status.get("quarantined", 0),
            "rows_written": json.dumps(rows, sort_keys=True),
            "input_settings": run.input_settings,
        }
        con.execute(
            f"INSERT INTO runs ({column_list(RUNS)}) VALUES ({', '.join('?' for _ in RUNS.columns)})",
            [row[c] for c in RUNS.columns],
        )
        run_checks(con, run.run_id, data_changed)
        con.execute("DROP TABLE run_articles")
        failpoint("load.in_transaction")
        con.execute("COMMIT")
        # Closing the connection would checkpoint the WAL into the database file: a crash here
        # leaves the committed run in the WAL alone, which the next open must replay.
        failpoint("load.committed_wal")
    except BaseException as exc:
        # DuckDB may already have aborted the transaction (a failed COMMIT on a full disk): the
        # original error is the one to report, not "no transaction is active".
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error):
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise WarehouseError(f"the load failed and was rolled back, the warehouse is unchanged: {reason}") from exc
        raise
    finally:
        with contextlib.suppress(duckdb.Error):
            _drop_stage_views(con)
    return row


# Settings for the duration of a load (restored after it), see _load_settings.
LOAD_SETTINGS = {
    "disabled_optimizers": "join_order,build_side_probe_side",
    "allocator_background_threads": True,
}


@contextlib.contextmanager
def _load_settings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the load with ``LOAD_SETTINGS``, then restore the connection's own values.

    The load runs under the writer's memory limit (db.WRITER_MEMORY_LIMIT), with the run's rows
    uncommitted. DuckDB estimates ~0 rows for uncommitted rows, so its join ordering is blind
    there: it built hash tables on the 2-million-row side (all of article_terms) and ran out of
    memory. With join reordering off, each join builds on its right-hand side, and the load's SQL
    puts the small side there. The allocator's background threads hand freed memory back to the
    system as the load goes, instead of keeping it until the process next allocates.
    """
    # threads too: insert_facts.sql sets it for two statements.
    previous = {
        name: con.execute("SELECT current_setting(?)", [name]).fetchone()[0] for name in [*LOAD_SETTINGS, "threads"]
    }
    try:
        for name, value in LOAD_SETTINGS.items():
            con.execute(f"SET {name} = ?", [value])
        yield
    finally:
        for name, value in previous.items():
            with contextlib.suppress(duckdb.Error):
                con.execute(f"SET {name} = ?", [value])


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {spec.name: con.execute(f"SELECT count(*) FROM {quote(spec.name)}").fetchone()[0] for spec in TABLES}


def _stage_views(con: duckdb.DuckDBPyConnection, staged: dict[str, list[str]]) -> None:
    """Expose each staged table to SQL as ``stg_<name>``, scanned lazily so the run's rows stream
    through the load instead of being held in memory (an empty table when the run staged nothing
    for it).

    Files are read by DuckDB's own Parquet reader, whose buffers count against the connection's
    memory limit (through Arrow, the same scans left ~300 MB in Arrow's allocator on
    SaudiNewsNet); files on object storage too, through httpfs and the lake's secret
    (akhbar.warehouse.extensions.use_lake_storage, set up by the caller).
    """
    for spec in STAGED:
        files = staged.get(spec.name) or []
        view = f"stg_{spec.name}"
        if files:
            con.read_parquet(files).project(column_list(spec)).create_view(view, replace=True)
        else:
            con.register(view, spec.schema.empty_table())


def _drop_stage_views(con: duckdb.DuckDBPyConnection) -> None:
    for spec in STAGED:
        # A view or a registered Arrow object, whichever _stage_views made.
        con.execute(f"DROP VIEW IF EXISTS {quote('stg_' + spec.name)}")
        con.unregister(f"stg_{spec.name}")
