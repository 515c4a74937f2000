"""Extract: find the run's files, skip those processed before, and cut the rest into batches."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task

from akhbar.sources import Discovery, discover
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.state import file_manifest, processed_hashes


@task(name="discover-documents", retries=2, retry_delay_seconds=2)
def discover_documents(sources: list[str], warehouse: str, full_refresh: bool) -> Discovery:
    """List the sources' files; unchanged or already processed files are skipped unread."""
    if full_refresh:
        manifest, known = {}, {}
    else:
        with connect_writer(Path(warehouse)) as con:
            manifest, known = file_manifest(con), processed_hashes(con)
    found = discover(sources, manifest, known)
    get_run_logger().info(
        "%d new file(s) giving %d work item(s); %d file(s) (%d documents) unchanged since an earlier run",
        len(found.files),
        len(found.items),
        found.skipped_files,
        found.skipped_documents,
    )
    return found

