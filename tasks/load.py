"""Load: prepare the warehouse, load a run's staged files in one transaction, publish the lake."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
from prefect import get_run_logger, task

from akhbar.faults import failpoint
from akhbar.schema import SOURCE_FILES
from akhbar.sources import SourceFile
from akhbar.storage import LakeStorage
from akhbar.summary import RunSummary
from akhbar.tasks.transform import StagedBatch
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.extensions import use_lake_storage
from akhbar.warehouse.lake import Lake
from akhbar.warehouse.load import RunInfo, load_run
from akhbar.warehouse.recovery import recover_interrupted_runs
from akhbar.warehouse.state import documents_by_format, quarantine_reasons, quarantined_article_count


@task(name="prepare-run", retries=2, retry_delay_seconds=2)
def prepare_run(
    warehouse: str, storage: LakeStorage, catalog: str | None, run_id: str, full_refresh: bool = False
) -> None:
    """Create or migrate the warehouse and finish or discard what earlier runs left in staging,
    so the lake's committed snapshots are the warehouse's tables (the workers read the known
    publisher tags there: Lake.published_tag_norms)."""
    logger = get_run_logger()
    lake = Lake(storage, catalog)
    lake.ensure_writable()
    with connect_writer(Path(warehouse)) as con:
        recover_interrupted_runs(con, lake, run_id, log=logger.warning)
    if full_refresh:
        lake.mark_full_refresh(run_id)


@task(name="load-warehouse")
def load_warehouse(
    warehouse: str,
    storage: LakeStorage,
    batches: list[StagedBatch],
    source_files: list[SourceFile],
    run: RunInfo,
    full_refresh: bool,
    rederive: tuple[str, ...] = (),
) -> RunSummary:
    """Load every staged batch into DuckDB as one transaction; returns the run's summary.

    ``rederive``: the derivations a reprocess staged for stored articles (see load_run)."""
    lake = Lake(storage)
    files: dict[str, list[str]] = defaultdict(list)
    per_path: Counter[str] = Counter()
    for batch in batches:
        per_path.update(batch.documents_per_path)
        for table, paths in batch.files.items():
            files[table].extend(lake.uri(path) for path in paths)
    manifest = pa.Table.from_pylist(
        [
            {"path": f.path, "byte_size": f.byte_size, "mtime_ns": f.mtime_ns, "content_hash": f.content_hash,
             "documents": per_path.get(f.path, 0), "run_id": run.run_id}
            for f in source_files
        ],
        schema=SOURCE_FILES.schema,
    )
    with connect_writer(Path(warehouse)) as con:
        # Staged files on object storage are read by DuckDB's httpfs with the lake's secret.
        use_lake_storage(con, storage)
        row = load_run(
            con, dict(files), run, finished_at=datetime.now(timezone.utc), full_refresh=full_refresh,
            source_files=manifest, rederive=rederive,
        )
        reasons = quarantine_reasons(con, run.run_id) if row["documents_quarantined"] else []
        row["documents_by_format"] = documents_by_format(con, run.run_id)
        articles_quarantined = quarantined_article_count(con, run.run_id) if rederive else 0
    failpoint("load.committed")
    get_run_logger().info("loaded run %s: %s", run.run_id, row["rows_written"])
    return RunSummary.from_row(row, quarantine_reasons=reasons, articles_quarantined=articles_quarantined)


@task(name="publish-lake", retries=2, retry_delay_seconds=2)
def publish_lake(
    warehouse: str, storage: LakeStorage, catalog: str | None, run_id: str, full_refresh: bool,
    snapshots_changed: bool = True,
) -> dict[str, int]:
    """Write the committed run's rows to the Parquet lake and clear its staging area (snapshot
    tables only if the run changed them, see Lake.publish)."""
    lake = Lake(storage, catalog)
    with connect_writer(Path(warehouse)) as con:
        written = lake.publish(con, run_id, full_refresh=full_refresh, snapshots_changed=snapshots_changed)
    lake.drop_staging(run_id)
    return written
