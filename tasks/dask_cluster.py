"""The transform's batches on a Dask cluster, through prefect-dask's DaskTaskRunner.

Each batch is still one Prefect task (akhbar.tasks.transform.transform_documents); under this
runner the task runs inside a Dask worker process and stages its batch there, straight into the
lake's staging area, returning only the small StagedBatch. The batch's input is a BatchJob
(paths, ids, settings), so nothing large goes through the scheduler or back to the flow.

A worker process is long-lived and runs many batches: the NER model, the word lists and the
run's known tags are cached at module level (akhbar.ner, akhbar.text.wordlists,
akhbar.staging), so each worker process loads them once, not once per batch.

``local`` starts a ``distributed.LocalCluster`` of worker processes for the run, one thread each
(the transform is CPU-bound Python), with akhbar's WORKER_ENVIRONMENT set before they start.
A remote cluster's workers get their environment from whoever starts them (see the README,
"Running on a Dask cluster").

The scheduler unpickles the tasks it is sent, so it needs akhbar's packages as the workers do; a
scheduler without them fails the run before any batch with one line saying so.

A worker lost mid-batch (killed, out of memory): the scheduler runs the batch again on another
worker (staged file names are per batch, so the retry replaces what the lost attempt wrote);
when a batch has lost too many workers, Dask gives up on it (KilledWorker) and the run stops
before the load, with nothing changed.

A run interrupted (Ctrl-C) leaves an external cluster running: its process disconnects, and the
scheduler releases the run's tasks. Dask cannot stop a task that is running, so the batch asks
between chunks whether its task was released (``released_task_check``) and stops there, instead
of staging a whole archive for a run that is gone and keeping the worker from the next run.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator

from akhbar.config import DASK_LOCAL

# The scheduler's and workers' own logs stay at warnings: a run's console is akhbar's summary.
_QUIET_LOGGERS = ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.worker", "distributed.core")


@contextlib.contextmanager
def dask_task_runner(address: str, workers: int, worker_environment: Callable[[], contextlib.AbstractContextManager]) -> Iterator:
    """A started DaskTaskRunner on the scheduler at ``address``, or on a LocalCluster of
    ``workers`` processes when ``address`` is ``local``; the local cluster stops on exit."""
    from prefect_dask import DaskTaskRunner

    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if address != DASK_LOCAL:
        with DaskTaskRunner(address=address) as runner:
            yield runner
        return
    from distributed import LocalCluster

    from akhbar.interrupt import group_signals_held

    # Spawned worker processes inherit the environment they start with, so it is set around the
    # start only (the flow's own process keeps its environment). The cluster's loop thread,
    # which starts the worker processes, is started here too: it and they keep the group's
    # signals held back, until each worker's dask_setup has its own handler in place.
    with worker_environment(), group_signals_held():
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # No dashboard: its fixed port would clash with another run or cluster on the machine.
            dashboard_address=None,
            scheduler_port=0,
            # Each worker process runs this module's dask_setup as it starts (Dask's preload).
            preload=[__name__],
        )
    try:
        with DaskTaskRunner(cluster=cluster) as runner:
            yield runner
    finally:
        cluster.close()


# How distributed reports a scheduler that cannot unpickle the tasks a client sends it: a module
# they name (prefect, akhbar) is not installed where the scheduler runs.
_GRAPH_UNREADABLE = "Error during deserialization of the task graph"


def scheduler_environment_error(exc: BaseException) -> str | None:
    """When ``exc`` is the scheduler failing to read the run's tasks, why (the scheduler's own
    error, e.g. ``ModuleNotFoundError: No module named 'prefect'``); otherwise None."""
    if not (isinstance(exc, RuntimeError) and str(exc).startswith(_GRAPH_UNREADABLE)):
        return None
    cause = exc.__cause__
    return f"{type(cause).__name__}: {cause}" if cause is not None else "its Python packages differ from this machine's"


def dask_setup(worker) -> None:
    """Dask's preload hook, in each worker process of a ``local`` cluster as it starts (in its
    main thread): the run's process group is the terminal's, so a Ctrl-C reaches these workers
    too; they go quiet and the run kills them (akhbar.interrupt). The delay point holds the
    cluster's start for the test of a Ctrl-C that lands while the cluster is starting."""
    from akhbar.faults import delay
    from akhbar.interrupt import silence_on_group_signals

    silence_on_group_signals()
    delay("dask.worker_start")


def lost_worker_error(exc: BaseException) -> bool:
    """Whether a batch's failure is Dask giving up after the batch's workers died."""
    from distributed.scheduler import KilledWorker

    return isinstance(exc, KilledWorker)


# A worker's states of a task the scheduler no longer wants (its client went away).
_RELEASED_STATES = frozenset({"cancelled", "released", "forgotten"})


def released_task_check() -> Callable[[], bool] | None:
    """In a task running on a Dask worker: a function telling whether the scheduler has released
    this task (the run that submitted it is gone). None elsewhere (the process pool, the flow's
    own process)."""
    if "distributed" not in sys.modules:
        return None  # not a Dask worker: it would have imported distributed
    from distributed import get_worker
    from distributed.worker import thread_state

    try:
        worker = get_worker()
    except ValueError:
        return None
    key = getattr(thread_state, "key", None)
    if key is None:
        return None

    def released() -> bool:
        task = worker.state.tasks.get(key)
        return task is None or task.state in _RELEASED_STATES

    return released
