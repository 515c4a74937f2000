"""The main flow: extract raw documents, transform them in batches, load them into DuckDB."""

from __future__ import annotations

import os
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from akhbar.batching import plan_batches
from akhbar.sources import Discovery
from akhbar.settings import DEFAULT_BATCH_SIZE, DEFAULT_SOURCE, DEFAULT_WAREHOUSE, MAX_BATCH_SIZE, default_lake
from akhbar.tasks.extract import discover_documents
from akhbar.tasks.load import load_warehouse, prepare_run, publish_lake
from akhbar.derivations import chosen
from akhbar.tasks.reprocess import export_stored
from akhbar.tasks.report import publish_summary, write_run_report
from akhbar.tasks.transform import transform_all
from akhbar.timing import stage_breakdown
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
    field_mapping: dict[str, str] | None = None,
    workers: int = 0,
    report: bool = True,
    max_document_mb: float = 20,
    max_file_mb: float = 256,
    reprocess: list[str] | None = None,
) -> dict:
    """Run akhbar on ``sources`` into ``warehouse``; returns the run's summary row.

    ``max_document_mb`` and ``max_file_mb`` bound one page and one JSON file or archive member
    (expanded): anything larger is quarantined with the reason, so one file cannot exhaust memory.
    ``reprocess=["entities", "keywords"]`` (names of akhbar.derivations, comma lists allowed)
    re-derives those parts for the articles already in the warehouse (after a model change, or to
    fill a new column) instead of reading sources: the stored articles go through the same
    transform workers and the same load as new documents; nothing is extracted or duplicated.
    ``report`` refreshes ``report.html`` beside the warehouse (linked from the run's artifact).
    ``workers`` is how many processes transform batches in parallel (0: one per CPU).
    ``field_mapping`` names the JSON fields holding article parts when the defaults do not fit,
    e.g. ``{"body": "text", "published": "pub_time"}``.

    Only one run writes a warehouse at a time: a second one waits ``wait_s`` seconds for the
    writer lock, then stops with a clear message without touching anything.
    """
    if not sources:
        raise ValueError("give at least one source (a folder, a glob or a file)")
    if workers < 0:
        raise ValueError(f"workers must be 0 (one per CPU) or more, not {workers}")
    workers = workers or os.cpu_count() or 1
    if max_document_mb <= 0 or max_file_mb <= 0:
        raise ValueError("size limits must be positive")
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}, not {batch_size}")
    logger = get_run_logger()
    lake_root = lake or default_lake(warehouse)
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    rederive = tuple(d.name for d in chosen(reprocess))
    if rederive and full_refresh:
        raise ValueError("--reprocess and --full-refresh do not go together: a full refresh re-derives everything")
    walls: dict[str, float] = {}
    with writer_lock(Path(warehouse), wait_s=wait_s):
        clock = time.perf_counter()
        known_tags = prepare_run(warehouse, lake_root, run_id, full_refresh)
        if rederive:
            # Stored articles instead of sources: one file (and one batch) per batch_size articles.
            found = Discovery([], [], 0, 0)
            batches = [[item] for item in export_stored(warehouse, lake_root, run_id, batch_size)]
        else:
            found = discover_documents(sources, warehouse, full_refresh)
            batches = plan_batches(found.items, batch_size)
        walls["extract"], clock = time.perf_counter() - clock, time.perf_counter()
        staged = transform_all(
            batches,
            workers,
            run_id=run_id,
            ingested_at=started,
            lake_root=lake_root,
            known_tags_path=known_tags,
            field_mapping=field_mapping,
            max_document_mb=max_document_mb,
            max_file_mb=max_file_mb,
            derive=rederive,
        )
        walls["transform"], clock = time.perf_counter() - clock, time.perf_counter()
        run = RunInfo(run_id, flow_run.get_id(), started, documents_skipped_unread=found.skipped_documents)
        summary = load_warehouse(warehouse, lake_root, staged, found.files, run, full_refresh, rederive)
        walls["load"], clock = time.perf_counter() - clock, time.perf_counter()
        # Keywords and entities are re-derived only when the run staged documents (see load_run).
        publish_lake(warehouse, lake_root, run_id, full_refresh, snapshots_changed=any(b.documents for b in staged))
        walls["publish"] = time.perf_counter() - clock
    report_path = write_run_report(warehouse) if report else None
    publish_summary(summary, report_path)
    logger.info("run %s finished: %d new document(s)", run_id, summary["documents_new"])
    return {**summary, "stages_s": stage_breakdown(walls, [b.stage_seconds for b in staged])}


if __name__ == "__main__":
    akhbar_pipeline()
