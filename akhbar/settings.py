"""Kept for code written against it: the defaults now live in akhbar.config (stated once there)."""

from __future__ import annotations

from akhbar.config import DEFAULT_BATCH_SIZE, DEFAULT_LAKE_NAME, MAX_BATCH_SIZE, default_lake, prefect_defaults
from akhbar.config import default_source as _default_source
from akhbar.config import default_warehouse as _default_warehouse

DEFAULT_SOURCE = _default_source()
DEFAULT_WAREHOUSE = _default_warehouse()

__all__ = [
    "DEFAULT_BATCH_SIZE", "DEFAULT_LAKE_NAME", "DEFAULT_SOURCE", "DEFAULT_WAREHOUSE", "MAX_BATCH_SIZE",
    "default_lake", "prefect_defaults",
]  # fmt: skip
