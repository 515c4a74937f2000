"""Defaults a user can override on the command line or as flow parameters."""

from __future__ import annotations

import os

DEFAULT_SOURCE = "seeds"
DEFAULT_WAREHOUSE = os.environ.get("AKHBAR_WAREHOUSE", "warehouse/akhbar.duckdb")
# The lake sits next to the warehouse file unless told otherwise.
DEFAULT_LAKE_NAME = "lake"
DEFAULT_BATCH_SIZE = 250
# Large enough to amortise Prefect's per-task cost, small enough to keep a batch's rows in memory.
MAX_BATCH_SIZE = 5000


def default_lake(warehouse: str) -> str:
    """The lake folder that goes with a warehouse file."""
    return os.path.join(os.path.dirname(os.path.abspath(warehouse)), DEFAULT_LAKE_NAME)


def prefect_defaults() -> None:
    """Environment Prefect needs here: no telemetry (no internet), patient ephemeral start-up."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
