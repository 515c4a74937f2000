"""Re-deriving parts of the warehouse from the articles it already holds: the export task.

The rest of a reprocess is the ordinary transform (the workers read the exported files) and the
ordinary load (told which derivations to replace); see flows/pipeline.py.
"""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task

from akhbar.sources import WorkItem
from akhbar.warehouse.db import connect_writer
from akhbar.storage import LakeStorage
from akhbar.warehouse.lake import Lake
from akhbar.warehouse.reprocess import export_stored_articles


@task(name="export-stored-articles")
def export_stored(warehouse: str, lake: LakeStorage, run_id: str, articles_per_file: int) -> list[WorkItem]:
    """Export the stored articles to the run's staging area; one work item per file."""
    with connect_writer(Path(warehouse)) as con:
        items = export_stored_articles(con, Lake(lake), run_id, articles_per_file)
    get_run_logger().info("exported the stored articles for re-deriving: %d file(s)", len(items))
    return items
