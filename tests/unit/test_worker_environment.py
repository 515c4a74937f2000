"""Transform workers start with one BLAS thread and pyarrow on the C heap, unless the user chose."""

from __future__ import annotations

import os

from akhbar.tasks.transform import WORKER_ENVIRONMENT, _worker_environment


def test_worker_environment_is_set_while_workers_start_and_restored_after(monkeypatch):
    for name in WORKER_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the user's choice is kept
    with _worker_environment():
        assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert os.environ["OMP_NUM_THREADS"] == "3"
    assert "ARROW_DEFAULT_MEMORY_POOL" not in os.environ and "OPENBLAS_NUM_THREADS" not in os.environ
    assert os.environ["OMP_NUM_THREADS"] == "3"
