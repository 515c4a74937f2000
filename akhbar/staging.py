"""One transform batch, start to end: read its work items, transform them in chunks, write the
rows to the lake's staging area. Runs in a transform worker process.

A batch is raw documents (pages, JSON records) or stored articles exported from the warehouse
for re-deriving (akhbar.formats.stored, a format that stages itself); both are staged the same
way, for the same load.

No Prefect here: the workers import only what the transform needs (numpy, pyarrow, the
tagger), which keeps each one ~110 MB smaller than a Prefect task-runner process; the
Prefect task that owns the batch waits for it in the flow's process (akhbar.tasks.transform).
"""

from __future__ import annotations

import functools
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, count, islice

from akhbar import formats
from akhbar.faults import delay, failpoint
from akhbar.heap import fix_heap_thresholds, release_freed_memory
from akhbar.readers import read_item, read_limits
from akhbar.records import FieldMapping
from akhbar.schema import QUARANTINED_ARTICLES, REDERIVED_ARTICLES
from akhbar.sources import WorkItem
from akhbar.storage import LakeStorage
from akhbar.transform import StageClock, TransformContext, transform_batch
from akhbar.warehouse.lake import Lake

# Documents transformed (and held in memory) at once inside a batch: a chunk's rows, Arrow tables
# and Parquet buffers sit on top of a worker's caches at its peak, so a smaller chunk lowers the
# peak; the per-chunk costs (a staged file per table, a few tagging calls) stay small at this size
# (docs/PERFORMANCE.md, "Bench of 2026-12-07, night").
CHUNK_DOCUMENTS = 250


@dataclass(frozen=True)
class StagedBatch:
    """What a transformed batch left in staging: file paths per table and a few counts."""

    files: dict[str, list[str]]
    documents: int
    quarantined: int
    seconds: float
    documents_per_path: dict[str, int]
    stage_seconds: dict[str, float]


class BatchAbandoned(Exception):
    """The run that asked for this batch is gone (interrupted): its remaining chunks are not
    staged. Nobody waits for the batch's result; the exception only ends the work early."""


@functools.lru_cache(maxsize=4)
def _known_tags(storage: LakeStorage, run_id: str) -> frozenset[str]:
    # Cached per worker process and run: every batch of a run reads the same published tags.
    return Lake(storage).published_tag_norms()


@dataclass(frozen=True)
class BatchJob:
    """One batch of the transform and what every batch of the run shares: the Prefect task's
    input, handed unchanged to the worker process that runs it."""

    items: list[WorkItem]
    batch_no: int
    run_id: str
    ingested_at: datetime
    lake: LakeStorage
    # A full refresh segments tag lines without the tags of earlier runs (the lake's, see _known_tags).
    full_refresh: bool = False
    field_mapping: dict[str, str] | None = None
    max_document_mb: float | None = None
    max_file_mb: float | None = None
    # Derivations to compute for stored articles (akhbar.derivations); unused for raw documents.
    derive: tuple[str, ...] = ()


def stage_batch(job: BatchJob, abandoned: Callable[[], bool] | None = None) -> StagedBatch:
    """Read, parse, clean and enrich a batch of documents; stage one Parquet file per table and chunk.

    ``abandoned``, asked before each chunk is staged, says whether the run is gone (a worker of a
    cluster that outlives the run: a batch may be a whole archive, minutes of work for nobody);
    the batch then stops with BatchAbandoned, leaving only whole chunks in the run's staging."""
    failpoint("transform.worker_dies")
    started = time.perf_counter()
    fix_heap_thresholds()
    lake = Lake(job.lake)
    run_id = job.run_id
    ctx = TransformContext(
        run_id=run_id,
        ingested_at=job.ingested_at,
        known_tags=frozenset() if job.full_refresh else _known_tags(job.lake, run_id),
        field_mapping=FieldMapping.with_overrides(job.field_mapping or {}),
    )
    per_path: Counter[str] = Counter()
    limits = read_limits(job.max_document_mb, job.max_file_mb)
    clock = StageClock()

    # Items of a format that stages itself (stored articles) yield their tables directly.
    own = [item for item in job.items if formats.stages_itself(item)]

    def documents():
        for item in job.items:
            if item in own:
                continue
            for doc in read_item(item, limits):
                per_path[item.path] += 1
                yield doc

    stream = documents()

    def next_chunk():
        # A large JSON container is many documents: they are transformed and staged in chunks,
        # so a worker holds one chunk's rows at a time. Reading happens inside the chunking, so
        # its time lands in 'parse'. A function, not a generator: nothing of a chunk is kept
        # once its tables are handed over.
        chunk = list(islice(stream, CHUNK_DOCUMENTS))
        return transform_batch(chunk, ctx, clock) if chunk else None

    files: dict[str, list[str]] = defaultdict(list)
    documents_seen = quarantined = 0
    # Both kinds of work stage the same tables.
    source = chain(
        (tables for item in own for tables in formats.stage(item, job.derive, ctx, lake.fs, CHUNK_DOCUMENTS, clock)),
        iter(next_chunk, None),
    )
    for part, tables in zip(count(), source):
        delay("transform.batch")
        failpoint("transform.batch")
        if abandoned is not None and abandoned():
            raise BatchAbandoned(f"batch {job.batch_no} of run {run_id}: the run is gone; stopped after {part} chunk(s)")
        with clock.stage("write_parquet"):
            for name, table in tables.items():
                if table.num_rows:
                    files[name].append(lake.write_staged(run_id, name, f"part-{job.batch_no:05d}-{part:03d}", table))
        if "documents" in tables:
            statuses = tables["documents"].column("status").to_pylist()
            documents_seen += len(statuses)
            quarantined += statuses.count("quarantined")
        else:
            # Stored articles: each re-derived or quarantined article counts as one unit of work.
            failed = len(set(tables[QUARANTINED_ARTICLES.name].column("article_id").to_pylist()))
            documents_seen += tables[REDERIVED_ARTICLES.name].num_rows + failed
            quarantined += failed
        del tables
        # Article texts and the chunk's rows were on the C heap: hand them back before the next.
        release_freed_memory()
    seconds = time.perf_counter() - started
    return StagedBatch(dict(files), documents_seen, quarantined, seconds, dict(per_path), dict(clock.seconds))
