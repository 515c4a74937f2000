"""Transform: one task per batch of work items, writing the batch's rows to the staging area."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import time
from collections import Counter, defaultdict
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from itertools import count, islice

import pyarrow.parquet as pq
from prefect import get_run_logger, task
from prefect.futures import as_completed
from prefect.settings import get_current_settings
from prefect.task_runners import ProcessPoolTaskRunner

from akhbar.batching import batch_weight
from akhbar.errors import AkhbarError
from akhbar.faults import failpoint
from akhbar.progress import Progress
from akhbar.readers import read_item, read_limits
from akhbar.records import FieldMapping
from akhbar.sources import WorkItem
from akhbar.transform import StageClock, TransformContext, transform_batch
from akhbar.warehouse.lake import Lake


# Documents transformed (and held in memory) at once inside a batch.
CHUNK_DOCUMENTS = 500


@dataclass(frozen=True)
class StagedBatch:
    """What a transformed batch left in staging: file paths per table and a few counts."""

    files: dict[str, list[str]]
    documents: int
    quarantined: int
    seconds: float
    documents_per_path: dict[str, int]
    stage_seconds: dict[str, float]


@functools.lru_cache(maxsize=4)
def _known_tags(lake_root: str, path: str | None) -> frozenset[str]:
    # Cached per worker process: every batch of a run reads the same small file.
    if not path:
        return frozenset()
    lake = Lake(lake_root)
    return frozenset(pq.read_table(path, filesystem=lake.fs).column("keyword_norm").to_pylist())


@task(name="transform-batch")
def transform_documents(
    items: list[WorkItem],
    batch_no: int,
    run_id: str,
    ingested_at: datetime,
    lake_root: str,
    known_tags_path: str | None,
    field_mapping: dict[str, str] | None = None,
    max_document_mb: float | None = None,
    max_file_mb: float | None = None,
) -> StagedBatch:
    """Read, parse, clean and enrich a batch of documents; stage one Parquet file per table."""
    failpoint("transform.worker_dies")
    started = time.perf_counter()
    lake = Lake(lake_root)
    ctx = TransformContext(
        run_id=run_id,
        ingested_at=ingested_at,
        known_tags=_known_tags(lake_root, known_tags_path),
        field_mapping=FieldMapping.with_overrides(field_mapping or {}),
    )
    per_path: Counter[str] = Counter()
    limits = read_limits(max_document_mb, max_file_mb)

    def documents():
        for item in items:
            for doc in read_item(item, limits):
                per_path[item.path] += 1
                yield doc

    # A large JSON container is many documents: they are transformed and staged in chunks, so
    # a worker holds one chunk's rows at a time. Reading happens inside the chunking, so its
    # time lands in 'parse'.
    clock = StageClock()
    files: dict[str, list[str]] = defaultdict(list)
    documents_seen = quarantined = 0
    stream = documents()
    for part in count():
        chunk = list(islice(stream, CHUNK_DOCUMENTS))
        if not chunk:
            break
        tables = transform_batch(chunk, ctx, clock)
        failpoint("transform.batch")
        with clock.stage("write_parquet"):
            for name, table in tables.items():
                if table.num_rows:
                    files[name].append(lake.write_staged(run_id, name, f"part-{batch_no:05d}-{part:03d}", table))
        statuses = tables["documents"].column("status").to_pylist()
        documents_seen += len(statuses)
        quarantined += statuses.count("quarantined")
        del chunk, tables
        _release_freed_memory()
    seconds = time.perf_counter() - started
    get_run_logger().info(
        "batch %d: %d item(s), %d document(s), %d quarantined, %.2fs", batch_no, len(items), documents_seen, quarantined, seconds
    )
    return StagedBatch(dict(files), documents_seen, quarantined, seconds, dict(per_path), dict(clock.seconds))


def _release_freed_memory() -> None:
    """Hand memory freed by a chunk back to the OS.

    Article texts are larger than Python's small-object allocator handles, so they live on the C
    heap, which glibc keeps after they are freed: trimming after each chunk held a worker ~40 MB
    lower on SaudiNewsNet. A no-op where glibc is absent.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


@contextlib.contextmanager
def _share_api_with_workers():
    """Point worker processes at the API server this flow already uses.

    In Prefect's ephemeral mode the flow's process starts a temporary server, and each worker
    process would otherwise start one of its own (10-30 s each on this box). The server object
    is found through Prefect's internal singleton; if that ever changes, workers fall back to
    starting their own server, slower but correct.
    """
    if os.environ.get("PREFECT_API_URL") or get_current_settings().api.url:
        yield
        return
    try:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer._instances.get(None)
        url = server.api_url if server is not None and server.running else None
    except Exception:  # noqa: BLE001 - an internal API: degrade, never fail the run
        url = None
    if not url:
        yield
        return
    os.environ["PREFECT_API_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def _one_blas_thread_per_worker():
    """Give each worker process one BLAS thread (unless the user chose otherwise).

    The workers already use every core; OpenBLAS's own threads on top of them spin against each
    other, which measured 4x slower tagging on this 2-core machine (14k vs 58k words/s a worker).
    """
    added = [name for name in BLAS_THREAD_VARIABLES if name not in os.environ]
    os.environ.update({name: "1" for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


class TransformWorkerDied(AkhbarError):
    """A transform worker process ended without a result (killed, out of memory)."""


def _result_of_worker(future) -> StagedBatch:
    try:
        return future.result()
    except AkhbarError:
        raise
    except Exception as exc:
        cause = exc
        while cause is not None and not isinstance(cause, BrokenProcessPool):
            cause = cause.__cause__ or cause.__context__
        if cause is None and "BrokenProcessPool" not in repr(exc) and "terminated abruptly" not in str(exc):
            raise
        raise TransformWorkerDied(
            "a transform worker process died (killed, or out of memory: try --workers 1 or a smaller "
            "--batch-size); the run stopped before loading, nothing was changed"
        ) from None


def transform_all(batches: list[list[WorkItem]], workers: int, **shared) -> list[StagedBatch]:
    """Run the transform over all batches: in worker processes when there is more than one batch
    and more than one worker (the transform is CPU-bound Python), else in the flow's process."""
    progress = Progress(sum(batch_weight(b) for b in batches))
    results: list[StagedBatch | None] = [None] * len(batches)
    try:
        if workers > 1 and len(batches) > 1:
            with _share_api_with_workers(), _one_blas_thread_per_worker(), ProcessPoolTaskRunner(
                max_workers=min(workers, len(batches))
            ) as runner:
                # Largest batches first: the last batches to finish are then small, so no worker
                # sits idle while another works through a big archive at the end.
                order = sorted(range(len(batches)), key=lambda i: -batch_weight(batches[i]))
                futures = {
                    runner.submit(transform_documents, {"items": batches[i], "batch_no": i, **shared}): i for i in order
                }
                for future in as_completed(list(futures)):
                    i = futures[future]
                    results[i] = _result_of_worker(future)
                    progress.advance(batch_weight(batches[i]), results[i].documents)
        else:
            for i, batch in enumerate(batches):
                results[i] = transform_documents(batch, i, **shared)
                progress.advance(batch_weight(batch), results[i].documents)
    finally:
        progress.close()
    return results
