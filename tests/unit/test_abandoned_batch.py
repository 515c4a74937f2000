"""A batch whose run is gone stops before staging (akhbar.staging.stage_batch's ``abandoned``).

A worker of a Dask cluster outlives an interrupted run; the batch it holds asks between chunks
whether the run still wants it (akhbar.tasks.dask_cluster.released_task_check) and stops there.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from akhbar import formats
from akhbar.staging import BatchAbandoned, BatchJob, stage_batch
from akhbar.storage import LakeStorage
from tests.conftest import SEEDS

RUN = "20261207T120000Z-abandon0"


def _job(lake) -> BatchJob:
    items = [item for path in sorted(SEEDS.iterdir()) for item in formats.work_items(str(path), path.stat().st_size)]
    return BatchJob(items, 0, RUN, datetime(2026, 12, 7, tzinfo=timezone.utc), LakeStorage.at(lake))


def _staged(lake: Path) -> list[Path]:
    return sorted(lake.rglob("*.parquet"))


def test_a_batch_whose_run_is_gone_stages_nothing(tmp_path):
    lake = tmp_path / "lake"
    with pytest.raises(BatchAbandoned, match=f"batch 0 of run {RUN}: the run is gone; stopped after 0 chunk"):
        stage_batch(_job(lake), abandoned=lambda: True)
    assert _staged(lake) == []


def test_a_batch_whose_run_still_waits_is_staged_whole(tmp_path):
    lake = tmp_path / "lake"
    asked: list[bool] = []
    staged = stage_batch(_job(lake), abandoned=lambda: asked.append(True) or False)
    assert staged.documents == len(list(SEEDS.iterdir())) and asked
    assert _staged(lake) == sorted(Path(f) for paths in staged.files.values() for f in paths)
