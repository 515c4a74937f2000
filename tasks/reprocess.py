"""Re-deriving parts of the warehouse from the articles it already holds."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from prefect import get_run_logger, task

from akhbar.transform import TransformContext, entity_mention_rows
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.load import RunInfo
from akhbar.warehouse.reprocess import replace_entities

REPROCESSABLE = ("entities",)


@task(name="reprocess-entities")
def reprocess_entities(warehouse: str, run: RunInfo) -> dict:
    """Find every stored article's entities again (current model and rules) and replace them."""
    ctx = TransformContext(run_id=run.run_id, ingested_at=datetime.now(timezone.utc))
    with connect_writer(Path(warehouse)) as con:
        row = replace_entities(con, lambda chunk: entity_mention_rows(chunk, ctx), run)
    get_run_logger().info("re-derived entities: %s", row["rows_written"])
    return row
