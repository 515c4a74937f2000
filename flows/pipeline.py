"""The main flow: extract raw documents, transform them in batches, load them into DuckDB."""

from __future__ import annotations

import dataclasses
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from akhbar.batching import plan_batches
from akhbar.config import DEFAULT_BATCH_SIZE, DEFAULT_MAX_DOCUMENT_MB, DEFAULT_MAX_FILE_MB, RunConfig
from akhbar.sources import Discovery
from akhbar.tasks.extract import discover_documents
from akhbar.tasks.load import load_warehouse, prepare_run, publish_lake
from akhbar.derivations import chosen
from akhbar.tasks.reprocess import export_stored
from akhbar.tasks.report import publish_summary, write_run_report
from akhbar.tasks.transform import transform_all
from akhbar.timing import stage_breakdown
from akhbar.warehouse.db import writer_lock, writer_session
from akhbar.warehouse.load import RunInfo


def new_run_id(now: datetime) -> str:
    """A sortable, unique run id: UTC time then a random suffix."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


@flow(name="akhbar-pipeline", validate_parameters=True)
def akhbar_pipeline(
    sources: list[str] | None = None,
    warehouse: str | None = None,
    lake: str | None = None,
    catalog: str | None = None,
    full_refresh: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    wait_s: float = 0.0,
    field_mapping: dict[str, str] | None = None,
    workers: int = 0,
    report: bool = True,
    max_document_mb: float = DEFAULT_MAX_DOCUMENT_MB,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    reprocess: list[str] | None = None,
    retry_quarantined: bool = False,
    dask_address: str | None = None,
) -> dict:
    """Run akhbar on ``sources`` into ``warehouse``; returns the run's summary (RunSummary.as_dict).

    ``sources`` and ``warehouse`` default to the sample pages and the warehouse of akhbar's home
    (see akhbar.config). ``max_document_mb`` and ``max_file_mb`` bound one page and one JSON file or archive member
    (expanded): anything larger is quarantined with the reason, so one file cannot exhaust memory.
    ``reprocess=["entities", "keywords"]`` (names of akhbar.derivations, comma lists allowed)
    re-derives those parts for the articles already in the warehouse (after a model change, or to
    fill a new column) instead of reading sources: the stored articles go through the same
    transform workers and the same load as new documents; nothing is extracted or duplicated.
    ``report`` refreshes ``report.html`` beside the warehouse (linked from the run's artifact).
    ``workers`` is how many processes transform batches in parallel (0: one per CPU).
    ``lake`` is a folder or ``s3://bucket/prefix`` (credentials from the AWS environment variables,
    akhbar.storage); ``catalog`` the DuckLake catalog each publish keeps up to date (a SQLite file or
    ``postgres:DSN``; default ``AKHBAR_CATALOG``, else beside or inside the lake).
    ``field_mapping`` names the JSON fields holding article parts when the defaults do not fit,
    e.g. ``{"body": "text", "published": "pub_time"}``.
    Documents quarantined earlier are read again when akhbar's version or the field mapping
    changed since, or always with ``retry_quarantined``.
    ``dask_address`` runs the transform batches on a Dask cluster (a scheduler's ``tcp://HOST:PORT``,
    or ``"local"`` for a cluster of ``workers`` processes started for the run) instead of the
    process pool; ``AKHBAR_DASK_ADDRESS`` is its default.

    Only one run writes a warehouse at a time: a second one waits ``wait_s`` seconds for the
    writer lock, then stops with a clear message without touching anything.
    """
    config = RunConfig.build(
        sources, warehouse, lake, catalog, full_refresh=full_refresh, batch_size=batch_size, wait_s=wait_s,
        field_mapping=field_mapping, workers=workers, report=report, max_document_mb=max_document_mb,
        max_file_mb=max_file_mb, reprocess=tuple(reprocess or ()), retry_quarantined=retry_quarantined,
        dask_address=dask_address,
    )  # fmt: skip
    logger = get_run_logger()
    warehouse, lake, full_refresh, batch_size = config.warehouse, config.lake_storage, config.full_refresh, config.batch_size
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    rederive = tuple(d.name for d in chosen(list(config.reprocess) or None))
    if rederive and full_refresh:
        raise ValueError("--reprocess and --full-refresh do not go together: a full refresh re-derives everything")
    walls: dict[str, float] = {}
    retried = 0
    # One opening of the warehouse serves every step of the run (writer_session).
    with writer_lock(Path(warehouse), wait_s=config.wait_s), writer_session(Path(warehouse)) as close_warehouse:
        clock = time.perf_counter()
        prepare_run(warehouse, lake, config.catalog, run_id, full_refresh)
        if rederive:
            # Stored articles instead of sources: one file (and one batch) per batch_size articles.
            found = Discovery([], [], 0, 0)
            batches = [[item] for item in export_stored(warehouse, lake, run_id, batch_size)]
        else:
            found, retried = discover_documents(
                list(config.sources), warehouse, full_refresh, config.input_settings, config.retry_quarantined
            )
            batches = plan_batches(found.items, batch_size)
        if batches:
            # The transform's workers need the memory; the load opens the warehouse again.
            close_warehouse()
        walls["extract"], clock = time.perf_counter() - clock, time.perf_counter()
        staged = transform_all(
            batches,
            config.worker_count,
            dask_address=config.dask_address,
            run_id=run_id,
            ingested_at=started,
            lake=lake,
            full_refresh=full_refresh,
            field_mapping=config.field_mapping,
            max_document_mb=config.max_document_mb,
            max_file_mb=config.max_file_mb,
            derive=rederive,
        )
        walls["transform"], clock = time.perf_counter() - clock, time.perf_counter()
        run = RunInfo(run_id, flow_run.get_id(), started, found.skipped_documents, config.input_settings)
        summary = load_warehouse(warehouse, lake, staged, found.files, run, full_refresh, rederive)
        walls["load"], clock = time.perf_counter() - clock, time.perf_counter()
        # Keywords and entities are re-derived only when the run staged documents (see load_run).
        publish_lake(warehouse, lake, config.catalog, run_id, full_refresh, snapshots_changed=any(b.documents for b in staged))
        # Closing checkpoints the run's commit into the warehouse file: part of the run's work.
        close_warehouse()
        walls["publish"] = time.perf_counter() - clock
    report_path = write_run_report(warehouse) if config.report else None
    summary = dataclasses.replace(
        summary, documents_retried=retried, stages_s=stage_breakdown(walls, [b.stage_seconds for b in staged])
    )
    publish_summary(summary, report_path)
    logger.info("run %s finished: %d new document(s)", run_id, summary.documents_new)
    return summary.as_dict()


if __name__ == "__main__":
    akhbar_pipeline()
