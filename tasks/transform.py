"""Transform: one Prefect task per batch of work items; each batch runs in a worker process.

The tasks run in threads of the flow's process and hand their batch to a pool of plain worker
processes (akhbar.staging.stage_batch), which import neither Prefect nor DuckDB: a Prefect
process-pool task runner would start Prefect in every worker, ~110 MB each of a run's memory.
On a Dask cluster (``--dask``, akhbar.tasks.dask_cluster) the same task runs in a Dask worker
process and stages its batch there, in place.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextvars import ContextVar

from prefect import get_run_logger, task
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from akhbar.batching import batch_weight
from akhbar.blas import blas_environment
from akhbar.errors import AkhbarError
from akhbar.interrupt import group_signals_held, ignore_group_signals
from akhbar.progress import Progress
from akhbar.sources import WorkItem
from akhbar.staging import BatchJob, StagedBatch, stage_batch

__all__ = ["DaskEnvironmentMismatch", "StagedBatch", "TransformWorkerDied", "transform_all", "transform_documents"]

# The worker processes of the transform in progress; unset, a batch runs in the calling process.
# A context variable, not a global: Prefect copies the context into the threads running tasks.
_WORKERS: ContextVar[Executor | None] = ContextVar("akhbar_transform_workers", default=None)


def _worker_pool() -> Executor | None:
    # A function of its own: a Dask task runner ships this task's function by value (cloudpickle),
    # with the module globals the function names, and a ContextVar cannot be pickled.
    return _WORKERS.get()


class TransformWorkerDied(AkhbarError):
    """A transform worker process ended without a result (killed, out of memory)."""


class DaskEnvironmentMismatch(AkhbarError):
    """The Dask scheduler cannot read the run's tasks: akhbar's packages are missing where it runs."""


@task(name="transform-batch")
def transform_documents(job: BatchJob) -> StagedBatch:
    """Read, parse, clean and enrich a batch of documents; stage one Parquet file per table."""
    workers = _worker_pool()
    if workers is None:
        from akhbar.tasks.dask_cluster import released_task_check

        staged = stage_batch(job, abandoned=released_task_check())
    else:
        try:
            # A submit may start a worker process: it starts with the group's signals held back.
            with group_signals_held():
                future = workers.submit(stage_batch, job)
            staged = future.result()
        except BrokenProcessPool:
            raise TransformWorkerDied(
                "a transform worker process died (killed, or out of memory: try --workers 1 or a smaller "
                "--batch-size); the run stopped before loading, nothing was changed"
            ) from None
    get_run_logger().info(
        "batch %d: %d item(s), %d document(s), %d quarantined, %.2fs",
        job.batch_no, len(job.items), staged.documents, staged.quarantined, staged.seconds,
    )
    return staged


# Environment of the worker processes, where the user has not set these variables:
# - one BLAS thread each: the workers already use every core, and OpenBLAS's own threads on top
#   of them spin against each other (tagging was several times slower);
# - pyarrow on the C heap's allocator instead of its default mimalloc pool, which keeps a chunk's
#   tables and Parquet buffers for reuse: a worker stays lower, for the same CPU (the heap is
#   trimmed after each chunk and its large blocks are mapped on their own, see akhbar.heap).
#   Both measured: docs/PERFORMANCE.md. pyarrow reads this one
#   when it is imported, which is why it is set for the process rather than in the worker;
# - OpenBLAS's AVX-512 kernels on AMD CPUs that have them, which OpenBLAS may not know (akhbar.blas).
WORKER_ENVIRONMENT = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    **blas_environment(),
}


@contextlib.contextmanager
def _worker_environment():
    """Set WORKER_ENVIRONMENT (where unset) while worker processes are started."""
    added = [name for name in WORKER_ENVIRONMENT if name not in os.environ]
    os.environ.update({name: WORKER_ENVIRONMENT[name] for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


@contextlib.contextmanager
def _worker_processes(count: int) -> Iterator[Executor]:
    """A pool of ``count`` fresh worker processes, shut down (their memory freed) on exit.

    Spawned, not forked: the flow's process runs Prefect's threads and event loop, which a fork
    would copy mid-flight. Workers ignore SIGINT and SIGTERM: a terminal or a scheduler signals
    the whole process group, and the run's own process stops them (akhbar.interrupt).
    """
    with _worker_environment():
        pool = ProcessPoolExecutor(
            max_workers=count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=ignore_group_signals,
        )
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def transform_all(
    batches: list[list[WorkItem]], workers: int, dask_address: str | None = None, **shared
) -> list[StagedBatch]:
    """Run the transform over all batches: on a Dask cluster when ``dask_address`` is given
    (akhbar.tasks.dask_cluster); else in worker processes when there is more than one batch and
    more than one worker (the transform is CPU-bound Python), else in the flow's process."""
    progress = Progress(sum(batch_weight(b) for b in batches))
    results: list[StagedBatch | None] = [None] * len(batches)
    try:
        if dask_address and batches:
            from akhbar.tasks.dask_cluster import dask_task_runner, lost_worker_error, scheduler_environment_error

            with dask_task_runner(dask_address, workers, _worker_environment) as runner:
                try:
                    _run_batches(runner, batches, results, progress, shared)
                except Exception as exc:
                    if lost_worker_error(exc):
                        raise TransformWorkerDied(
                            "the Dask workers running a transform batch died one after another (killed, or out of "
                            "memory: see the workers' logs; try a smaller --batch-size); the run stopped before "
                            "loading, nothing was changed"
                        ) from None
                    unreadable = scheduler_environment_error(exc)
                    if unreadable:
                        raise DaskEnvironmentMismatch(
                            f"the Dask scheduler at {dask_address} cannot read the run's tasks ({unreadable}): install "
                            "akhbar, the version this run uses, where the scheduler runs as on every worker; the run "
                            "stopped before loading, nothing was changed"
                        ) from None
                    raise
        elif workers > 1 and len(batches) > 1:
            count = min(workers, len(batches))
            with _worker_processes(count) as pool, ThreadPoolTaskRunner(max_workers=count) as runner:
                token = _WORKERS.set(pool)
                try:
                    _run_batches(runner, batches, results, progress, shared)
                finally:
                    _WORKERS.reset(token)
        else:
            for i, batch in enumerate(batches):
                results[i] = transform_documents(BatchJob(batch, i, **shared))
                progress.advance(batch_weight(batch), results[i].documents)
    finally:
        progress.close()
    return results


def _run_batches(runner, batches: list[list[WorkItem]], results: list, progress: Progress, shared: dict) -> None:
    """Submit one task per batch to ``runner`` and collect the StagedBatch of each."""
    # Largest batches first: the last batches to finish are then small, so no
    # worker sits idle while another works through a big archive at the end.
    order = sorted(range(len(batches)), key=lambda i: -batch_weight(batches[i]))
    futures = {runner.submit(transform_documents, {"job": BatchJob(batches[i], i, **shared)}): i for i in order}
    for future in as_completed(list(futures)):
        i = futures[future]
        results[i] = future.result()
        progress.advance(batch_weight(batches[i]), results[i].documents)
