"""The main flow: extract raw documents, transform them in batches, load them into DuckDB."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, unmapped
from prefect.runtime import flow_run

from akhbar.settings import DEFAULT_BATCH_SIZE, DEFAULT_SOURCE, DEFAULT_WAREHOUSE, MAX_BATCH_SIZE, default_lake
from akhbar.tasks.extract import discover_documents
from akhbar.tasks.load import load_warehouse, prepare_run, publish_lake
from akhbar.tasks.report import publish_summary
from akhbar.tasks.transform import transform_documents
from akhbar.warehouse.db import writer_lock
from akhbar.warehouse.load import RunInfo


def new_run_id(now: datetime) -> str:
    """A sortable, unique run id: UTC time then a random suffix."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


@flow(name="akhbar-pipeline", validate_parameters=True)
def akhbar_pipeline(
    sources: list[str] = [DEFAULT_SOURCE],  # noqa: B006 - Prefect parameters must be JSON defaults
    warehouse: str = DEFAULT_WAREHOUSE,
    lake: str | None = None,
    full_refresh: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    wait_s: float = 0.0,
) -> dict:
    """Run akhbar on ``sources`` into ``warehouse``; returns the run's summary row.

    Only one run writes a warehouse at a time: a second one waits ``wait_s`` seconds for the
    writer lock, then stops with a clear message without touching anything.
    """
    if not sources:
        raise ValueError("give at least one source (a folder, a glob or a file)")
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}, not {batch_size}")
    logger = get_run_logger()
    lake_root = lake or default_lake(warehouse)
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    with writer_lock(Path(warehouse), wait_s=wait_s):
        known_tags = prepare_run(warehouse, lake_root, run_id)
        found = discover_documents(sources, warehouse, full_refresh)
        batches = [found.new[i : i + batch_size] for i in range(0, len(found.new), batch_size)]
        staged = transform_documents.map(
            batches,
            range(len(batches)),
            run_id=unmapped(run_id),
            ingested_at=unmapped(started),
            lake_root=unmapped(lake_root),
            known_tags_path=unmapped(known_tags),
        ).result()
        run = RunInfo(run_id, flow_run_id=flow_run.get_id(), started_at=started, documents_seen=found.seen, documents_skipped=found.skipped)
        summary = load_warehouse(warehouse, lake_root, staged, run, full_refresh)
        publish_lake(warehouse, lake_root, run_id, full_refresh)
    publish_summary(summary)
    logger.info("run %s finished: %d new document(s)", run_id, summary["documents_new"])
    return summary


if __name__ == "__main__":
    akhbar_pipeline()
