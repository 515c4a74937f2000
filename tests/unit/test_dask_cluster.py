"""How a run on a Dask cluster names what went wrong (akhbar.tasks.dask_cluster)."""

from __future__ import annotations

import textwrap

from distributed.scheduler import KilledWorker

from akhbar.tasks.dask_cluster import lost_worker_error, scheduler_environment_error

# distributed's own words (scheduler.update_graph) when the scheduler cannot unpickle a client's tasks.
UNREADABLE = textwrap.dedent(
    """\
    Error during deserialization of the task graph. This frequently
    occurs if the Scheduler and Client have different environments.
    For more information, see
    https://docs.dask.org/en/stable/deployment-considerations.html#consistent-software-environments
    """
)


def _raised(exc: BaseException, cause: BaseException | None) -> BaseException:
    try:
        raise exc from cause
    except BaseException as raised:  # noqa: BLE001 - the exception itself is the value under test
        return raised


def test_a_scheduler_without_akhbars_packages_is_named_with_its_own_error():
    exc = _raised(RuntimeError(UNREADABLE), ModuleNotFoundError("No module named 'prefect'"))
    assert scheduler_environment_error(exc) == "ModuleNotFoundError: No module named 'prefect'"
    assert scheduler_environment_error(RuntimeError(UNREADABLE)) == "its Python packages differ from this machine's"


def test_other_failures_are_not_taken_for_a_scheduler_environment():
    assert scheduler_environment_error(RuntimeError("cannot schedule new futures after shutdown")) is None
    assert scheduler_environment_error(ValueError(UNREADABLE)) is None
    assert scheduler_environment_error(KilledWorker("transform_documents-1", None, 0)) is None
    assert lost_worker_error(KilledWorker("transform_documents-1", None, 0))
    assert not lost_worker_error(RuntimeError(UNREADABLE))
