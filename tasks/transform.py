"""Transform: one task per batch of documents, writing the batch's rows to the staging area."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import datetime

import pyarrow.parquet as pq
from prefect import get_run_logger, task

from akhbar.sources import DocRef, read_document
from akhbar.transform import RawDocument, TransformContext, transform_batch
from akhbar.warehouse.lake import Lake


@dataclass(frozen=True)
class StagedBatch:
    """What a transformed batch left in staging: file paths per table and a few counts."""

    files: dict[str, str]
    documents: int
    quarantined: int
    seconds: float


@functools.lru_cache(maxsize=4)
def _known_tags(lake_root: str, path: str | None) -> frozenset[str]:
    if not path:
        return frozenset()
    lake = Lake(lake_root)
    return frozenset(pq.read_table(path, filesystem=lake.fs).column("keyword_norm").to_pylist())


@task(name="transform-batch")
def transform_documents(
    refs: list[DocRef], batch_no: int, run_id: str, ingested_at: datetime, lake_root: str, known_tags_path: str | None
) -> StagedBatch:
    """Parse, clean and enrich a batch of documents; stage one Parquet file per table."""
    started = time.perf_counter()
    lake = Lake(lake_root)
    ctx = TransformContext(run_id=run_id, ingested_at=ingested_at, known_tags=_known_tags(lake_root, known_tags_path))
    documents = [RawDocument(doc_id=r.doc_id, source_uri=r.source_uri, data=read_document(r)) for r in refs]
    tables = transform_batch(documents, ctx)
    files = {
        name: lake.write_staged(run_id, name, f"part-{batch_no:05d}", table)
        for name, table in tables.items()
        if table.num_rows
    }
    quarantined = tables["documents"].column("status").to_pylist().count("quarantined")
    seconds = time.perf_counter() - started
    get_run_logger().info("batch %d: %d document(s), %d quarantined, %.2fs", batch_no, len(refs), quarantined, seconds)
    return StagedBatch(files=files, documents=len(refs), quarantined=quarantined, seconds=seconds)
